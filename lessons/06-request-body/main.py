"""Lesson 06: a Pydantic model parses and validates the body."""

from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI(title="Lesson 06: request body")


@app.get("/")
def index():
    return {"try": 'POST /items {"name": "soup", "price": 4.5}'}


# region: focus
class Item(BaseModel):
    name: str
    price: float
    tags: list[str] = []


@app.post("/items")
def create_item(item: Item):
    # item is an Item, parsed and checked: item.price is a float.
    return item  # a model goes back out as JSON, like a dict
# endregion
