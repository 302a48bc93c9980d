"""Exercise 22: open the pantry once at start-up, close it once at shutdown."""

import asyncio
from contextlib import asynccontextmanager

from fastapi import FastAPI, HTTPException, Request


async def open_pantry() -> dict[str, float]:
    """Stands in for slow start-up work (a database pool, say): dish -> price."""
    await asyncio.sleep(0.1)
    return {"soup": 4.5, "salad": 6.0, "pie": 3.25}


# TODO 1: write a lifespan and pass it as FastAPI(lifespan=...):
#   - before `yield`: open the pantry, then print("pantry: open", flush=True)
#   - yield {"pantry": pantry}, so every request finds it on request.state
#   - after `yield`: print("pantry: closed", flush=True)
app = FastAPI(title="Exercise 22: lifespan")


@app.get("/prices/{dish}")
def price(dish: str, request: Request):
    # TODO 2: answer {"dish": dish, "price": ...} from request.state.pantry;
    #   a dish not in the pantry is a 404 with detail "pizza is not in the pantry"
    return {"dish": dish, "price": None}


# TODO 3: answer HEAD /health too (a load balancer's probe); today it is a 405
@app.get("/health")
def health():
    return {"status": "ok"}
