"""Lesson 19: work that runs after the response has left."""

import asyncio

from fastapi import BackgroundTasks, FastAPI

app = FastAPI(title="Lesson 19: background tasks")
LOGS: dict[str, list[str]] = {}  # per order: what happened, in order (in memory for the demo)


# region: focus
async def send_receipt(order: str) -> None:
    LOGS[order].append("receipt started")
    await asyncio.sleep(0)  # stands in for talking to a mail server
    LOGS[order].append("receipt sent")


@app.post("/orders/{order}", status_code=202)
async def place_order(order: str, background_tasks: BackgroundTasks):
    LOGS[order] = ["order accepted"]
    background_tasks.add_task(send_receipt, order)  # queued, not started
    return {"order": order, "log_at_response": list(LOGS[order])}
# endregion


@app.get("/orders/{order}/log")
def read_log(order: str):
    return {"order": order, "log": LOGS.get(order, [])}
