"""Lesson 11: errors. Raise HTTPException, or your own exception with a handler."""

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse

app = FastAPI(title="Lesson 11: errors")
STOCK = {"soup": 3, "salad": 0}


# region: focus
class OutOfStock(Exception):
    def __init__(self, name: str) -> None:
        self.name = name


@app.exception_handler(OutOfStock)
async def out_of_stock(request: Request, exc: OutOfStock):
    body = {"error": f"{exc.name} is out of stock"}
    return JSONResponse(status_code=409, content=body)


@app.get("/items/{name}")
async def read_item(name: str):
    if name not in STOCK:
        raise HTTPException(404, detail=f"No item called {name}")
    if STOCK[name] == 0:
        raise OutOfStock(name)  # out_of_stock() answers 409
    return {"name": name, "stock": STOCK[name]}


@app.get("/boom")
async def boom():
    # Nobody handles this one.
    raise RuntimeError("the oven caught fire")
# endregion
