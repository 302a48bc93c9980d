"""Exercise 26: a router of your own, with its own prefix, tag and dependency."""

from typing import Annotated

from app.routers import items  # the items router, already in app/routers/items.py
from fastapi import APIRouter, Depends, FastAPI, Header, HTTPException

STAFF_KEY = "kitchen-key"
ORDERS = {1: ["soup", "bread"], 2: ["salad"]}


def require_staff(x_staff_key: Annotated[str | None, Header()] = None) -> None:
    if x_staff_key != STAFF_KEY:
        raise HTTPException(status_code=403, detail="Staff only")


orders = APIRouter(prefix="/orders", tags=["orders"], dependencies=[Depends(require_staff)])


@orders.get("/")
def list_orders():
    return {"orders": sorted(ORDERS)}


@orders.get("/{order_id}")
def read_order(order_id: int):
    if order_id not in ORDERS:
        raise HTTPException(status_code=404, detail="Order not found")
    return {"id": order_id, "dishes": ORDERS[order_id]}


app = FastAPI(title="Exercise 26: bigger applications")
app.include_router(items.router)
app.include_router(orders)
