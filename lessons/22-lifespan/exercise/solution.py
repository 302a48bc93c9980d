"""Exercise 22: open the pantry once at start-up, close it once at shutdown."""

import asyncio
from contextlib import asynccontextmanager

from fastapi import FastAPI, HTTPException, Request


async def open_pantry() -> dict[str, float]:
    """Stands in for slow start-up work (a database pool, say): dish -> price."""
    await asyncio.sleep(0.1)
    return {"soup": 4.5, "salad": 6.0, "pie": 3.25}


@asynccontextmanager
async def lifespan(app: FastAPI):
    pantry = await open_pantry()
    print("pantry: open", flush=True)
    yield {"pantry": pantry}
    print("pantry: closed", flush=True)


app = FastAPI(title="Exercise 22: lifespan", lifespan=lifespan)


@app.get("/prices/{dish}")
def price(dish: str, request: Request):
    pantry = request.state.pantry
    if dish not in pantry:
        raise HTTPException(status_code=404, detail=f"{dish} is not in the pantry")
    return {"dish": dish, "price": pantry[dish]}


@app.api_route("/health", methods=["GET", "HEAD"])
def health():
    return {"status": "ok"}
