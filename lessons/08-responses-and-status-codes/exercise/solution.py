"""Exercise 08: status codes, a response model, a redirect and plain text."""

from fastapi import FastAPI
from fastapi.responses import PlainTextResponse, RedirectResponse
from pydantic import BaseModel

app = FastAPI(title="Exercise 08: responses")


class ReservationIn(BaseModel):
    name: str
    guests: int
    phone: str


class ReservationOut(BaseModel):
    name: str
    guests: int


@app.post("/reservations", status_code=201, response_model=ReservationOut)
def reserve(reservation: ReservationIn):
    return reservation


@app.get("/book")
def book():
    return RedirectResponse("/reservations", status_code=301)


@app.get("/health", response_class=PlainTextResponse)
def health():
    return "ok"
