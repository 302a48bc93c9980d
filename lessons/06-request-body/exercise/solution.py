"""Exercise 06: take an order as a JSON body, validated by a Pydantic model."""

from typing import Literal

from fastapi import FastAPI
from pydantic import BaseModel, Field

app = FastAPI(title="Exercise 06: request body")

PRICES = {"soup": 4.5, "salad": 6.0, "bread": 2.0}


class Order(BaseModel):
    dish: Literal["soup", "salad", "bread"]
    quantity: int = Field(ge=1, le=10)
    notes: str | None = None


@app.post("/orders")
def create_order(order: Order):
    total = PRICES[order.dish] * order.quantity
    return {**order.model_dump(), "total": total}
