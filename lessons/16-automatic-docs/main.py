"""Lesson 16: the app documents itself. Types, a few words and a response_model are enough."""

from fastapi import FastAPI
from pydantic import BaseModel, Field

# region: focus
app = FastAPI(
    title="Lesson 16: the bakery API",
    version="1.0.0",
    description="Every route below describes itself; nobody wrote this page by hand.",
)


class Bread(BaseModel):
    name: str = Field(examples=["sourdough"])
    price: float = Field(gt=0, description="Euros, more than zero.")


BREADS = [Bread(name="sourdough", price=4.5), Bread(name="rye", price=3.0)]


@app.get("/breads", response_model=list[Bread], tags=["breads"], summary="List the breads")
def list_breads():
    """Everything baked today, in the order it left the oven."""
    return BREADS


@app.post("/breads", response_model=Bread, status_code=201, tags=["breads"], summary="Bake a bread")
def add_bread(bread: Bread):
    """Adds a bread; a price of zero or less is refused with a 422."""
    BREADS.append(bread)
    return bread
# endregion
# /docs, /redoc and /openapi.json were not written here: FastAPI adds them.
# FastAPI(docs_url=None, redoc_url=None, openapi_url=None) switches them off.
