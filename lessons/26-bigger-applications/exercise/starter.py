"""Exercise 26: a router of your own, with its own prefix, tag and dependency."""

from typing import Annotated

from app.routers import items  # the items router, already in app/routers/items.py
from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException

STAFF_KEY = "kitchen-key"
ORDERS = {1: ["soup", "bread"], 2: ["salad"]}

# TODO 1: a dependency require_staff reading the X-Staff-Key header, optional so a
#   missing header is yours to answer: anything but STAFF_KEY is 403 {"detail": "Staff only"}

# TODO 2: a router `orders` with the prefix /orders, the tag "orders", and
#   require_staff as a dependency of the whole router (not of each route)

# TODO 3: on that router, GET /orders/ answers {"orders": [1, 2]} (the ids, sorted) and
#   GET /orders/{order_id} answers {"id": 1, "dishes": [...]}, or 404 {"detail": "Order not found"}

app = FastAPI(title="Exercise 26: bigger applications")
app.include_router(items.router)

# TODO 4: include the orders router
