"""Exercise 32: harden a small app with a body limit and security headers."""

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

app = FastAPI(title="Exercise 32: production hardening")

MAX_BODY = 1000  # bytes

# TODO 1: a middleware that refuses a request whose Content-Length is above MAX_BODY,
#   before any route reads the body: 413 {"detail": "Request body too large"}.
#   A body of exactly MAX_BODY bytes is still fine.


# TODO 2: a middleware that adds two headers to every response, a 404 too:
#   X-Content-Type-Options: nosniff
#   X-Frame-Options: DENY


class Note(BaseModel):
    text: str


@app.get("/")
def index():
    return {"try": 'POST /notes {"text": "soup at six"}'}


@app.post("/notes")
def add_note(note: Note):
    return {"length": len(note.text)}

