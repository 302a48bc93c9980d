"""Exercise 04: orders per table, and dishes by name, with typed path parameters."""

from typing import Annotated

from fastapi import FastAPI, Path

app = FastAPI(title="Exercise 04: path parameters")

DISHES = {1: "soup", 2: "salad", 3: "bread"}


@app.get("/items/{item_id}")
def read_item(item_id: Annotated[int, Path(gt=0)]):
    return {"item_id": item_id, "dish": DISHES.get(item_id)}


@app.get("/tables/{table_id}/orders/{order_id}")
def read_order(table_id: Annotated[int, Path(ge=1, le=20)], order_id: int):
    return {"table": table_id, "order": order_id}


@app.get("/dishes/{name}")
def read_dish(name: Annotated[str, Path(pattern=r"^[a-z]+$")]):
    return {"dish": name, "on_menu": name in DISHES.values()}
