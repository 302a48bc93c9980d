"""Exercise 12: dependencies. Pagination and a role check, written once, used by routes."""

from typing import Annotated

from fastapi import Depends, FastAPI, Header, HTTPException, Query

app = FastAPI(title="Exercise 12: dependencies")

DISHES = ["soup", "salad", "steak", "bread", "pie", "tart", "stew"]
ORDERS = ["soup", "soup", "bread"]


def pagination(
    page: Annotated[int, Query(ge=1)] = 1,
    size: Annotated[int, Query(ge=1, le=5)] = 3,
) -> dict:
    start = (page - 1) * size
    return {"page": page, "start": start, "end": start + size}


@app.get("/dishes")
def dishes(pages: Annotated[dict, Depends(pagination)]):
    return {"page": pages["page"], "dishes": DISHES[pages["start"]:pages["end"]]}


def chef_only(x_role: Annotated[str, Header()]) -> None:
    if x_role != "chef":
        raise HTTPException(status_code=403, detail="chefs only")


@app.get("/kitchen", dependencies=[Depends(chef_only)])
def kitchen():
    return {"orders": ORDERS}
