"""Exercise 08: status codes, a response model, a redirect and plain text."""

from fastapi import FastAPI
from fastapi.responses import PlainTextResponse, RedirectResponse
from pydantic import BaseModel

app = FastAPI(title="Exercise 08: responses")


class ReservationIn(BaseModel):
    name: str
    guests: int
    phone: str


# TODO 1: a model ReservationOut with only name and guests (no phone)


# TODO 2: POST /reservations takes a ReservationIn and answers 201 Created
#   with only what ReservationOut allows (the phone number stays private)


# TODO 3: GET /book redirects permanently (301) to /reservations


# TODO 4: GET /health answers the plain text: ok   (text/plain, not JSON)
