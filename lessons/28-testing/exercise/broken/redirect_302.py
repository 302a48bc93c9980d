"""Exercise 28, broken on purpose: the old menu redirects with 302 Found, not 307."""

from fastapi import FastAPI, HTTPException
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, Field

app = FastAPI(title="Exercise 28: the app under test")

ITEMS = {1: {"id": 1, "name": "soup", "price": 4.5}, 2: {"id": 2, "name": "salad", "price": 6.0}}


class NewItem(BaseModel):
    name: str
    price: float = Field(gt=0)


@app.get("/items/{item_id}")
def read_item(item_id: int):
    if item_id not in ITEMS:
        raise HTTPException(status_code=404, detail="Item not found")
    return ITEMS[item_id]


@app.post("/items", status_code=201)
def create_item(item: NewItem):
    new_id = max(ITEMS) + 1
    ITEMS[new_id] = {"id": new_id, **item.model_dump()}
    return ITEMS[new_id]


@app.get("/old-menu")
def old_menu():
    return RedirectResponse("/items/1", status_code=302)
