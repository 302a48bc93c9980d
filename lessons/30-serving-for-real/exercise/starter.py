"""Exercise 30: an app ready for `uvicorn main:app --workers 2`."""

import os
import time
from typing import Annotated

from fastapi import FastAPI, Query

app = FastAPI(title="Exercise 30: serving for real")


@app.get("/health")
def health():
    return {"status": "ok"}


served = 0  # requests this process has answered at /whoami

# TODO 1: GET /whoami answers {"pid": ..., "served": ...}:
#   - pid: the id of the process that served this request (os.getpid())
#   - served: add one to `served` (a global) and answer it
#   make it `async def`: it then runs on the event loop's one thread,
#   so no two requests interleave in the middle of `served += 1`


@app.get("/work")
def work(ms: float = 5):
    # TODO 2: refuse ms below 0 or above 1000 with a 422 (Query limits): one
    #   request must not keep a worker busy for seconds
    end = time.thread_time() + ms / 1000
    while time.thread_time() < end:
        pass
    return {"worked_ms": ms}
