"""Lesson 03: Python for JavaScript developers. The Python a FastAPI app is written in."""

import asyncio
from typing import Annotated

from fastapi import FastAPI, HTTPException, Path

app = FastAPI(title="Lesson 03: Python for JavaScript developers")

# A dict with int keys: MENU[2] is found, MENU["2"] is a KeyError.
MENU = {
    1: {"name": "soup", "price": 4.5, "vegan": True},
    2: {"name": "pie", "price": 6.0, "vegan": False},
    3: {"name": "salad", "price": 5.0, "vegan": True},
}
BILL = 30.0


@app.get("/")
def index():
    return {"try": ["/items/2", "/items/0", "/hello", "/vegan", "/slow", "/share?people=0"]}


# region: focus
# A decorator: app.get(...) registers read_item, returns it unchanged.
@app.get("/items/{item_id}")
def read_item(item_id: Annotated[int, Path(gt=0)]):
    # The type is int; Path(gt=0) is a rule FastAPI reads and checks.
    try:
        dish = MENU[item_id]  # missing: KeyError (JS: undefined)
    except KeyError:
        raise HTTPException(404, detail="No such item") from None
    return {"item_id": item_id, **dish}  # **dish: like ...dish


@app.get("/hello")
def hello(name: str | None = None):  # no ?name=: None
    return {"name": name, "greeting": f"Hello, {name or 'stranger'}!"}


@app.get("/vegan")
def vegan():
    # filter and map in one list comprehension
    names = [dish["name"] for dish in MENU.values() if dish["vegan"]]
    return {"names": names, "count": len(names)}


@app.get("/slow")
async def slow():
    await asyncio.sleep(0.2)  # a coroutine, awaited
    return {"waited_ms": 200}


@app.get("/share")
def share(people: int):
    # people=0: ZeroDivisionError, and nothing catches it.
    return {"each": round(BILL / people, 2)}
# endregion
