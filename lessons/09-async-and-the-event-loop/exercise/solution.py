"""Exercise 09: keep the event loop free for everybody else."""

import asyncio
import time
from typing import Literal

import anyio.to_thread
from fastapi import FastAPI, Query

app = FastAPI(title="Exercise 09: async def, def and the event loop")

RATES = {"eur": 0.9, "gbp": 0.8}


def on_event_loop() -> bool:
    """True on the event loop's thread, False in a worker thread."""
    try:
        asyncio.get_running_loop()
        return True
    except RuntimeError:
        return False


def fetch_rate(currency: str) -> dict:
    """Stands in for a blocking library call (a sync HTTP or database client)."""
    time.sleep(0.05)
    return {"currency": currency, "rate": RATES[currency], "fetched_on_event_loop": on_event_loop()}


async def other_guest(served: list) -> None:
    """Another request's work: it only needs the event loop for a moment."""
    served.append("served")


async def kitchen_open() -> bool:
    """Stands in for an async client call: it must be awaited."""
    await asyncio.sleep(0.01)
    return True


Currency = Literal["eur", "gbp"]


@app.get("/wait")
async def wait(seconds: float = Query(0.1, ge=0, le=2)):
    served: list = []
    other = asyncio.create_task(other_guest(served))  # someone else is waiting
    await asyncio.sleep(seconds)
    meanwhile = bool(served)  # did the other guest get the loop while we waited?
    await other
    return {"waited": seconds, "others_served_meanwhile": meanwhile}


@app.get("/rates/{currency}")
def rate(currency: Currency):
    return fetch_rate(currency)


@app.get("/quote/{currency}")
async def quote(currency: Currency):
    fetched = await anyio.to_thread.run_sync(fetch_rate, currency)
    return {**fetched, "open": await kitchen_open(), "on_event_loop": on_event_loop()}
