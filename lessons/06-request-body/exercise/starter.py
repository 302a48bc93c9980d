"""Exercise 06: take an order as a JSON body, validated by a Pydantic model."""

from typing import Literal

from fastapi import FastAPI
from pydantic import BaseModel, Field

app = FastAPI(title="Exercise 06: request body")

PRICES = {"soup": 4.5, "salad": 6.0, "bread": 2.0}


# TODO 1: a model Order with
#   - dish: one of "soup", "salad", "bread" (Literal[...])
#   - quantity: an int from 1 to 10 (Field(...))
#   - notes: a str, optional (None when absent)


# TODO 2: POST /orders takes an Order and answers
#   {"dish": ..., "quantity": ..., "notes": ..., "total": price * quantity}
