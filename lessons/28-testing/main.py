"""Lesson 28: the app under test. test_main.py drives it with TestClient, no server at all."""

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import RedirectResponse

app = FastAPI(title="Lesson 28: testing")

ITEMS = {1: {"id": 1, "name": "soup"}, 2: {"id": 2, "name": "salad"}}


# region: focus
@app.get("/items/{item_id}")
def read_item(item_id: int):
    if item_id not in ITEMS:
        raise HTTPException(status_code=404, detail="Item not found")
    return ITEMS[item_id]


@app.get("/old-menu")
def old_menu():
    return RedirectResponse("/items/1")  # 307 Temporary Redirect


@app.get("/whoami")
def whoami(request: Request):
    # Under TestClient there is no socket: the Host header says "testserver".
    return {"host": request.headers["host"]}
# endregion
