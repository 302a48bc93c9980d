"""Exercise 29: the app your tests check. Leave it as it is and write test_main.py."""

from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request
from pydantic import BaseModel, Field


class NewItem(BaseModel):
    name: str
    price: float = Field(gt=0)


class ItemRepo:
    """An in-memory store, standing in for a database."""

    def __init__(self, items: list[dict] | None = None) -> None:
        self.items = {item["id"]: item for item in items or []}

    def all(self) -> list[dict]:
        return list(self.items.values())

    def get(self, item_id: int) -> dict | None:
        return self.items.get(item_id)

    def add(self, name: str, price: float) -> dict:
        item = {"id": max(self.items, default=0) + 1, "name": name, "price": price}
        self.items[item["id"]] = item
        return item


@asynccontextmanager
async def lifespan(app: FastAPI):
    yield {"repo": ItemRepo([{"id": 1, "name": "bread", "price": 2.5}, {"id": 2, "name": "cheese", "price": 7.0}])}


app = FastAPI(title="Exercise 29: the app under test", lifespan=lifespan)


def get_repo(request: Request) -> ItemRepo:
    return request.state.repo


Repo = Annotated[ItemRepo, Depends(get_repo)]


@app.get("/items")
def list_items(repo: Repo):
    return repo.all()


@app.get("/items/{item_id}")
def read_item(item_id: int, repo: Repo):
    item = repo.get(item_id)
    if item is None:
        raise HTTPException(status_code=404, detail="Item not found")
    return item


@app.post("/items", status_code=201)
def create_item(new: NewItem, repo: Repo):
    return repo.add(new.name, new.price)


@app.get("/health")
def health():
    return {"status": "ok"}
