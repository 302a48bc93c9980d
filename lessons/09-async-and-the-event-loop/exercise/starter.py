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


# TODO 1: this handler holds the whole loop while it waits. Make it wait
#   without blocking, and refuse a `seconds` below 0 or above 2 (a 422).
@app.get("/wait")
async def wait(seconds: float = 0.1):
    served: list = []
    other = asyncio.create_task(other_guest(served))  # someone else is waiting
    time.sleep(seconds)
    meanwhile = bool(served)  # did the other guest get the loop while we waited?
    await other
    return {"waited": seconds, "others_served_meanwhile": meanwhile}


# TODO 2: fetch_rate blocks, and this handler awaits nothing: let FastAPI run it
#   in a worker thread. Only "eur" and "gbp" are currencies (anything else: 422).
@app.get("/rates/{currency}")
async def rate(currency: str):
    return fetch_rate(currency)


# TODO 3: GET /quote/{currency} must stay `async def`: it awaits kitchen_open().
#   It also needs fetch_rate(currency), which blocks: run it in a worker thread
#   from here, and answer fetch_rate's dict plus "open" (kitchen_open's answer)
#   and "on_event_loop" (on_event_loop() in the handler). Currencies as in TODO 2.
