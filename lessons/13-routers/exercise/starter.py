"""Exercise 13: routers. The drinks get their own APIRouter under /drinks."""

from fastapi import APIRouter, FastAPI, HTTPException

DRINKS = {"coffee": 2.5, "tea": 2.0}

# TODO 1: a router with the prefix /drinks and the tag "drinks"

# TODO 2: GET /drinks/ on the router: {"drinks": the names, sorted}

# TODO 3: GET /drinks/{name} on the router: {"name": name, "price": ...},
#   or 404 with detail "No drink called beer" for a name not in DRINKS

app = FastAPI(title="Exercise 13: routers")

# TODO 4: include the router in the app
