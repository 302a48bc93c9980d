"""Lesson 04: path parameters arrive converted and validated."""

from typing import Annotated

from fastapi import FastAPI, Path

app = FastAPI(title="Lesson 04: path parameters")

DISHES = {1: "soup", 2: "salad", 3: "bread"}


@app.get("/")
def index():
    return {"try": ["/items/3", "/items/abc", "/items/3abc",
                    "/items/0"]}


# region: focus
@app.get("/items/{item_id}")
def read_item(item_id: Annotated[int, Path(gt=0)]):
    # item_id is already an int here, and greater than 0.
    return {"item_id": item_id, "dish": DISHES.get(item_id)}
# endregion
