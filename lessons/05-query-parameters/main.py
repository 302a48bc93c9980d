"""Lesson 05: query parameters are plain function parameters."""

from typing import Annotated

from fastapi import FastAPI, Query

app = FastAPI(title="Lesson 05: query parameters")


@app.get("/")
def index():
    return {"try": "/search?q=soup&limit=5&tag=hot&tag=vegan"}


# region: focus
@app.get("/search")
def search(
    q: str | None = None,  # optional: None when absent
    limit: int = 10,  # a default, and converted to int
    # A list needs Query(), or FastAPI looks for it in the body.
    tag: Annotated[list[str], Query()] = [],
):
    return {"q": q, "limit": limit, "tags": tag}
# endregion
