"""Exercise 19: send the welcome mail after the response, with BackgroundTasks."""

from fastapi import BackgroundTasks, FastAPI, HTTPException

app = FastAPI(title="Exercise 19: background tasks")
OUTBOX: dict[str, list[str]] = {}  # per guest: the mails sent so far


async def send_welcome(name: str) -> None:
    """Stands in for talking to a mail server."""
    OUTBOX[name].append(f"welcome mail to {name}")


# TODO 1: POST /signup/{name} answers 202 with
#   {"name": name, "outbox_at_response": the guest's outbox as it is when answering}
#   - every signup starts the guest's outbox afresh: OUTBOX[name] = []
#   - send_welcome(name) runs as a background task, after the response


# TODO 2: GET /outbox/{name} answers {"name": name, "outbox": OUTBOX[name]},
#   or 404 with detail "No signup for bob" for a guest who never signed up
