"""Lesson 09: where each kind of endpoint runs, and what blocks what."""

import asyncio
import time

import anyio.to_thread
from fastapi import FastAPI, Query

app = FastAPI(title="Lesson 09: async def, def and the event loop")

Seconds = Query(1.0, ge=0, le=5, description="How long the handler takes")


def answer(endpoint: str, seconds: float) -> dict:
    """The reply, with where it was made: on the event loop, or in a worker thread."""
    try:
        asyncio.get_running_loop()  # only the event loop's thread has a running loop
        on_event_loop = True
    except RuntimeError:
        on_event_loop = False
    return {"endpoint": endpoint, "slept": seconds, "on_event_loop": on_event_loop}


# region: focus
@app.get("/sync-sleep")
def sync_sleep(seconds: float = Seconds):
    # Plain `def`: a worker thread runs it; the sleep blocks only it.
    time.sleep(seconds)
    return answer("sync-sleep", seconds)


@app.get("/async-sleep")
async def async_sleep(seconds: float = Seconds):
    # `async def` runs on the event loop; `await` lets others in.
    await asyncio.sleep(seconds)
    return answer("async-sleep", seconds)


@app.get("/blocking-in-async")
async def blocking_in_async(seconds: float = Seconds):
    # The mistake: a blocking call in `async def` holds the whole loop.
    time.sleep(seconds)
    return answer("blocking-in-async", seconds)


@app.get("/cpu")
def cpu(seconds: float = Seconds):
    # CPU work in `def`: a thread each, but the GIL runs one at a time.
    end = time.thread_time() + seconds
    while time.thread_time() < end:
        pass
    return answer("cpu", seconds)


@app.get("/capacity")
async def capacity():
    # The pool `def` endpoints run in: AnyIO's default thread limiter.
    limiter = anyio.to_thread.current_default_thread_limiter()
    return {"sync_handlers_at_once": limiter.total_tokens}
# endregion
