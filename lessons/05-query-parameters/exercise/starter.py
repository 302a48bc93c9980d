"""Exercise 05: filter the menu with query parameters."""

from typing import Annotated

from fastapi import FastAPI, Query

app = FastAPI(title="Exercise 05: query parameters")

MENU = [
    {"name": "soup", "price": 4.5, "tags": ["vegan", "hot"]},
    {"name": "salad", "price": 6.0, "tags": ["vegan", "cold"]},
    {"name": "steak", "price": 18.0, "tags": ["hot"]},
    {"name": "bread", "price": 2.0, "tags": ["vegan"]},
]


# TODO: GET /menu answers {"dishes": [names, in MENU order]}, filtered by
#   - max_price: a float, optional: only dishes costing that much or less
#   - diet: repeatable (?diet=vegan&diet=hot): only dishes with every tag listed
#   - limit: an int from 1 to 50, 10 when absent: at most that many names
