"""Lesson 32: production hardening, added by hand where Express reaches for a package."""

import time

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.middleware.trustedhost import TrustedHostMiddleware
from pydantic import BaseModel

app = FastAPI(title="Lesson 32: production hardening")

DISHES = [
    {"id": n, "name": name, "price": price, "notes": "Made fresh every morning in our own kitchen, from the market."}
    for n, (name, price) in enumerate(
        [("soup", 4.5), ("salad", 6.0), ("steak", 18.0), ("bread", 2.5), ("tart", 5.5), ("fish", 15.0)], start=1
    )
]


# region: focus
# The middleware added last runs first: the Host check, then the headers, then gzip.
app.add_middleware(GZipMiddleware, minimum_size=500)  # 500 bytes is also its default


@app.middleware("http")
async def security_headers(request: Request, call_next):
    response = await call_next(request)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


# "testserver" is the Host TestClient sends (lesson 28).
app.add_middleware(TrustedHostMiddleware, allowed_hosts=["127.0.0.1", "localhost", "testserver"])

LIMIT, WINDOW = 2, 60.0  # 2 requests per client per minute
hits: dict[str, tuple[float, int]] = {}  # client -> (window start, requests in it)


def rate_limit(request: Request) -> None:
    client = request.client.host if request.client else "unknown"
    now = time.monotonic()
    start, count = hits.get(client, (now, 0))
    if now - start >= WINDOW:
        start, count = now, 0
    if count >= LIMIT:
        retry = int(WINDOW - (now - start)) + 1
        raise HTTPException(429, "Too many requests", headers={"Retry-After": str(retry)})
    hits[client] = (start, count + 1)


class Note(BaseModel):
    text: str


@app.post("/notes")
def add_note(note: Note):
    # No body limit in FastAPI or Uvicorn: a 200 KB note arrives whole.
    return {"length": len(note.text)}


@app.get("/quota", dependencies=[Depends(rate_limit)])
def quota():
    return {"ok": True}
# endregion


@app.get("/")
def index():
    return {"try": ["GET /menu", "POST /notes", "GET /quota"]}


@app.get("/menu")
def menu():
    return DISHES
