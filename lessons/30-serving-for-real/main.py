"""Lesson 30: the same app, served by one process or by several.

    uvicorn main:app --workers 2      # production: a supervisor and 2 worker processes
    uvicorn main:app --reload         # development: a reloader and 1 worker
"""

import os
import time

from fastapi import FastAPI, Query

app = FastAPI(title="Lesson 30: serving for real")


@app.get("/")
def root():
    return {"message": "served for real", "try": ["/health", "/work?ms=5"]}


@app.get("/health")
def health():
    return {"status": "ok"}


# region: focus
@app.get("/work")
def work(ms: float = Query(5, ge=0, le=1000)):
    # Spend `ms` milliseconds of CPU, then say which process did it.
    end = time.thread_time() + ms / 1000
    while time.thread_time() < end:
        pass
    return {"pid": os.getpid(), "worked_ms": ms}
# endregion
# Nothing here knows how many workers serve it: that is the waiter's job (`--workers`).
