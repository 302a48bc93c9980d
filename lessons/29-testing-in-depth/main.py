"""Lesson 29: an app built to be tested. The lifespan opens the repo; one dependency hands it out."""

import asyncio
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


async def open_repo() -> ItemRepo:
    """Stands in for slow start-up work: connecting to a database."""
    await asyncio.sleep(0.1)
    return ItemRepo([{"id": 1, "name": "soup", "price": 4.5}, {"id": 2, "name": "salad", "price": 6.0}])


# region: focus
@asynccontextmanager
async def lifespan(app: FastAPI):
    # Uvicorn runs this before the first request; TestClient only inside `with`.
    yield {"repo": await open_repo()}  # every request sees it on request.state


app = FastAPI(title="Lesson 29: testing in depth", lifespan=lifespan)


def get_repo(request: Request) -> ItemRepo:
    # The one place routes get the repo from, so the one place a test swaps:
    # app.dependency_overrides[get_repo] = lambda: fake_repo
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
    # Needs no repo: it answers even when the lifespan never ran.
    return {"status": "ok"}
# endregion
