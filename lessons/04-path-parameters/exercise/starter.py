"""Exercise 04: orders per table, and dishes by name, with typed path parameters."""

from typing import Annotated

from fastapi import FastAPI, Path

app = FastAPI(title="Exercise 04: path parameters")

DISHES = {1: "soup", 2: "salad", 3: "bread"}


@app.get("/items/{item_id}")
def read_item(item_id: Annotated[int, Path(gt=0)]):
    return {"item_id": item_id, "dish": DISHES.get(item_id)}


# TODO 1: GET /tables/{table_id}/orders/{order_id}
#   - table_id is an int from 1 to 20, both included
#   - order_id is any int
#   - answer {"table": table_id, "order": order_id}


# TODO 2: GET /dishes/{name}
#   - name is lower-case letters only (a regular expression in Path())
#   - answer {"dish": name, "on_menu": True or False} (is it in DISHES?)
