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


@app.get("/whoami")
async def whoami():
    global served
    served += 1
    return {"pid": os.getpid(), "served": served}


@app.get("/work")
def work(ms: Annotated[float, Query(ge=0, le=1000)] = 5):
    end = time.thread_time() + ms / 1000
    while time.thread_time() < end:
        pass
    return {"worked_ms": ms}
