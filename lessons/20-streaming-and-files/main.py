"""Lesson 20: streams from generators, server-sent events, and files."""

import asyncio
from collections.abc import AsyncIterable
from pathlib import Path

from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse, StreamingResponse
from fastapi.sse import EventSourceResponse, ServerSentEvent
from pydantic import BaseModel

app = FastAPI(title="Lesson 20: streaming and files")

FILES = Path(__file__).parent / "files"
ORDERS = [
    {"dish": "soup", "qty": 2, "table": 4},
    {"dish": "salad", "qty": 1, "table": 7},
    {"dish": "bread", "qty": 3, "table": 4},
]
TICKS = 5
last_stream = {"sent": 0, "ended": "no stream yet"}


@app.get("/")
def index():
    return {"try": ["/ticker", "/ticker/last", "/orders", "/events", "/download/menu.csv"]}


# region: focus
class Order(BaseModel):  # what leaves the kitchen: no table number
    dish: str
    qty: int


async def ticks():
    global last_stream
    stream = last_stream = {"sent": 0, "ended": "streaming"}
    try:
        for n in range(1, TICKS + 1):
            if n > 1:
                await asyncio.sleep(0.1)  # where a client that left is noticed
            yield f"tick {n}\n"
            stream["sent"] = n
    except asyncio.CancelledError:  # the client went away: Starlette cancelled us
        stream["ended"] = "client left: CancelledError"
        raise
    stream["ended"] = "finished"


@app.get("/ticker")
async def ticker():
    return StreamingResponse(ticks(), media_type="text/plain")


@app.get("/ticker/last")
def ticker_last():
    return last_stream


@app.get("/orders")
async def orders() -> AsyncIterable[Order]:
    # A generator route with no response_class: one JSON line per item (JSONL),
    # each checked and filtered by Order, like a response_model.
    for order in ORDERS:
        yield order
        await asyncio.sleep(0.02)


@app.get("/events", response_class=EventSourceResponse)
async def events():
    for n, order in enumerate(ORDERS, start=1):
        yield ServerSentEvent(data=Order(**order), event="order", id=str(n))
        await asyncio.sleep(0.02)
    yield ServerSentEvent(data="kitchen closed", event="close")  # data is JSON: quotes and all


@app.get("/menu.csv")
def menu():
    return FileResponse(FILES / "menu.csv")  # shown inline


@app.get("/download/{name}")
def download(name: str):
    path = FILES / name
    # FileResponse looks for the file only when it sends it, after we return:
    # a missing one would be a 500, so look first.
    if not path.is_file():
        raise HTTPException(status_code=404, detail="No such file")
    return FileResponse(path, filename=name)  # Content-Disposition: attachment
# endregion
