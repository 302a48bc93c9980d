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


class BookingCreate(BaseModel):  # what a guest sends to book a table
    model_config = ConfigDict(extra="forbid")
    name: str
    guests: int = Field(ge=1, le=12)
    contact: Contact
    note: str | None = None


class BookingUpdate(BaseModel):  # PATCH: either field may be left out
    model_config = ConfigDict(extra="forbid")
    guests: int | None = Field(None, ge=1, le=12)
    note: str | None = None  # null clears the note

    @field_validator("guests")
    @classmethod
    def guests_not_null(cls, value):
        if value is None:
            raise ValueError("leave guests out instead of sending null")
        return value


class BookingPublic(BaseModel):  # what the front desk shows: no contact details
    name: str
    guests: int
    note: str | None


@app.post("/bookings", status_code=201, response_model=BookingPublic)
def create_booking(booking: BookingCreate):
    booking_id = max(BOOKINGS) + 1
    BOOKINGS[booking_id] = booking.model_dump()
    return BOOKINGS[booking_id]


@app.patch("/bookings/{booking_id}", response_model=BookingPublic)
def update_booking(booking_id: int, changes: BookingUpdate):
    if booking_id not in BOOKINGS:
        raise HTTPException(404, detail="Booking not found")
    BOOKINGS[booking_id].update(changes.model_dump(exclude_unset=True))
    return BOOKINGS[booking_id]
