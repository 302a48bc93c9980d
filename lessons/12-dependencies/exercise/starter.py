"""Exercise 12: dependencies. Pagination and a role check, written once, used by routes."""

from typing import Annotated

from fastapi import Depends, FastAPI, Header, HTTPException, Query

app = FastAPI(title="Exercise 12: dependencies")

DISHES = ["soup", "salad", "steak", "bread", "pie", "tart", "stew"]
ORDERS = ["soup", "soup", "bread"]


# TODO 1: a dependency pagination(page, size) returning what /dishes needs
#   (the page number and where the page starts and ends in DISHES)
#   - page: an int, at least 1, 1 when absent
#   - size: an int from 1 to 5, 3 when absent


# TODO 2: GET /dishes uses it: {"page": 2, "dishes": [that page of DISHES]}


# TODO 3: a dependency chef_only(x_role) reading the X-Role header (required:
#   a missing header is FastAPI's 422); any role but "chef" is 403 {"detail": "chefs only"}


# TODO 4: GET /kitchen, guarded by chef_only, answers {"orders": ORDERS}
