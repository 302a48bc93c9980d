"""Lesson 07: where each kind of endpoint runs, and what blocks what."""

import asyncio
import time

import anyio.to_thread
from fastapi import FastAPI, Query

app = FastAPI(title="Lesson 07: async def, def and the event loop")

Seconds = Query(1.0, ge=0, le=5, description="How long the handler takes")


def on_event_loop() -> bool:
    """True in the event loop's own thread; False in a worker thread (no loop runs there)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


# region: focus
@app.get("/sync-sleep")
def sync_sleep(seconds: float = Seconds):
    # A plain `def`: FastAPI runs it in a worker thread, so time.sleep blocks only that thread.
    time.sleep(seconds)
    return {"endpoint": "sync-sleep", "slept": seconds, "on_event_loop": on_event_loop()}


@app.get("/async-sleep")
async def async_sleep(seconds: float = Seconds):
    # `async def` runs on the event loop; `await` hands the loop to other requests meanwhile.
    await asyncio.sleep(seconds)
    return {"endpoint": "async-sleep", "slept": seconds, "on_event_loop": on_event_loop()}


@app.get("/blocking-in-async")
async def blocking_in_async(seconds: float = Seconds):
    # The mistake: a blocking call inside `async def` holds the event loop; nobody else is served.
    time.sleep(seconds)
    return {"endpoint": "blocking-in-async", "slept": seconds, "on_event_loop": on_event_loop()}


@app.get("/cpu")
def cpu(seconds: float = Seconds):
    # CPU work in a `def`: it gets a thread, but the GIL lets one thread run Python at a time.
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        pass
    return {"endpoint": "cpu", "slept": seconds, "on_event_loop": on_event_loop()}


@app.get("/capacity")
async def capacity():
    # The pool `def` endpoints run in: AnyIO's default limiter.
    limiter = anyio.to_thread.current_default_thread_limiter()
    return {"sync_handlers_at_once": limiter.total_tokens}
# endregion
