"""Exercise 20: a live feed of the kitchen's orders, and menus to download."""

import asyncio
from pathlib import Path

from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse
from fastapi.sse import EventSourceResponse, ServerSentEvent

app = FastAPI(title="Exercise 20: streaming and files")

MENUS = Path(__file__).parent / "menus"
ORDERS = [
    {"dish": "soup", "qty": 2},
    {"dish": "stew", "qty": 1},
    {"dish": "tart", "qty": 4},
]


@app.get("/feed", response_class=EventSourceResponse)
async def feed():
    for n, order in enumerate(ORDERS, start=1):
        yield ServerSentEvent(data=order, event="order", id=str(n))
        await asyncio.sleep(0.01)
    yield ServerSentEvent(data=len(ORDERS), event="done")


@app.get("/menus/{name}")
def menu(name: str):
    path = MENUS / name
    if not path.is_file():
        raise HTTPException(status_code=404, detail="No such menu")
    return FileResponse(path, filename=name)
