"""Exercise 07: table bookings. A nested model, refused extras, PATCH, a validator."""

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, ConfigDict, Field, field_validator

app = FastAPI(title="Exercise 07: Pydantic in depth")

BOOKINGS = {
    1: {"name": "Lovelace", "guests": 2, "note": "window seat",
        "contact": {"email": "ada@example.com", "phone": "555-0101"}},
    2: {"name": "Hopper", "guests": 4, "note": "birthday",
        "contact": {"email": "grace@example.com", "phone": "555-0102"}},
}


class Contact(BaseModel):
    email: str
    phone: str


# TODO 1: BookingCreate refuses unknown fields (422 extra_forbidden), takes
#   guests from 1 to 12 only, and a `contact`: a Contact object, required.
class BookingCreate(BaseModel):  # what a guest sends to book a table
    name: str
    guests: int
    note: str | None = None


# TODO 2: BookingUpdate, for PATCH: `guests` (1 to 12) and `note` (null clears
#   it), either one may be left out; unknown fields refused; a field validator
#   refuses "guests": null (a booking always has a number of guests).
class BookingUpdate(BaseModel):  # PATCH: either field may be left out
    pass


class BookingPublic(BaseModel):  # what the front desk shows: no contact details
    name: str
    guests: int
    note: str | None


# TODO 3: answer with BookingPublic: the contact details stay private.
@app.post("/bookings", status_code=201)
def create_booking(booking: BookingCreate):
    booking_id = max(BOOKINGS) + 1
    BOOKINGS[booking_id] = booking.model_dump()
    return BOOKINGS[booking_id]


@app.patch("/bookings/{booking_id}", response_model=BookingPublic)
def update_booking(booking_id: int, changes: BookingUpdate):
    if booking_id not in BOOKINGS:
        raise HTTPException(404, detail="Booking not found")
    # TODO 4: change only the fields the client sent.
    BOOKINGS[booking_id].update(changes.model_dump())
    return BOOKINGS[booking_id]
