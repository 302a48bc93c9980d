"""Lesson 08: status codes, response models, redirects, strings."""

from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from pydantic import BaseModel

app = FastAPI(title="Lesson 08: responses and status codes")


@app.get("/")
def index():
    return {"try": ["POST /items", "/old-home", "/greeting"]}


# region: focus
class ItemIn(BaseModel):
    name: str
    price: float
    secret_recipe: str = ""


class ItemOut(BaseModel):  # what the client may see
    name: str
    price: float


@app.post("/items", status_code=201, response_model=ItemOut)
def create_item(item: ItemIn):
    return item  # response_model drops secret_recipe


@app.get("/old-home")
def old_home():
    return RedirectResponse("/")  # 307 unless you pass status_code


@app.get("/greeting")
def greeting():
    return "Hello"  # sent as JSON: the string "Hello", quotes and all
# endregion
