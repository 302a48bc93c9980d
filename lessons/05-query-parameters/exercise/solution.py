"""Exercise 05: filter the menu with query parameters."""

from typing import Annotated

from fastapi import FastAPI, Query

app = FastAPI(title="Exercise 05: query parameters")

MENU = [
    {"name": "soup", "price": 4.5, "tags": ["vegan", "hot"]},
    {"name": "salad", "price": 6.0, "tags": ["vegan", "cold"]},
    {"name": "steak", "price": 18.0, "tags": ["hot"]},
    {"name": "bread", "price": 2.0, "tags": ["vegan"]},
]


@app.get("/menu")
def menu(
    max_price: float | None = None,
    diet: Annotated[list[str], Query()] = [],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
):
    dishes = [
        dish["name"]
        for dish in MENU
        if (max_price is None or dish["price"] <= max_price)
        and all(tag in dish["tags"] for tag in diet)
    ]
    return {"dishes": dishes[:limit]}
