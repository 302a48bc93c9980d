"""Exercise 32: harden a small app with a body limit and security headers."""

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

app = FastAPI(title="Exercise 32: production hardening")

MAX_BODY = 1000  # bytes


@app.middleware("http")
async def limit_body(request: Request, call_next):
    # Checked before the route reads the body. A proxy in front should refuse
    # chunked bodies without a Content-Length, or cap them too.
    if int(request.headers.get("content-length") or 0) > MAX_BODY:
        return JSONResponse({"detail": "Request body too large"}, status_code=413)
    return await call_next(request)


# Added last, so it runs first: its headers reach the 413 too.
@app.middleware("http")
async def security_headers(request: Request, call_next):
    response = await call_next(request)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    return response


class Note(BaseModel):
    text: str


@app.get("/")
def index():
    return {"try": 'POST /notes {"text": "soup at six"}'}


@app.post("/notes")
def add_note(note: Note):
    return {"length": len(note.text)}
