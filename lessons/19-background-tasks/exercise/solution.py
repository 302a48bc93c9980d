"""Exercise 19: send the welcome mail after the response, with BackgroundTasks."""

from fastapi import BackgroundTasks, FastAPI, HTTPException

app = FastAPI(title="Exercise 19: background tasks")
OUTBOX: dict[str, list[str]] = {}  # per guest: the mails sent so far


async def send_welcome(name: str) -> None:
    """Stands in for talking to a mail server."""
    OUTBOX[name].append(f"welcome mail to {name}")


@app.post("/signup/{name}", status_code=202)
async def signup(name: str, background_tasks: BackgroundTasks):
    OUTBOX[name] = []
    background_tasks.add_task(send_welcome, name)
    return {"name": name, "outbox_at_response": list(OUTBOX[name])}


@app.get("/outbox/{name}")
def outbox(name: str):
    if name not in OUTBOX:
        raise HTTPException(status_code=404, detail=f"No signup for {name}")
    return {"name": name, "outbox": OUTBOX[name]}
