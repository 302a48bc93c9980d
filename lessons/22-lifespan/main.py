"""Lesson 22: work at start-up and at shutdown, around every request, with lifespan=."""

import asyncio
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request


async def open_pantry() -> dict[str, float]:
    """Stands in for slow start-up work: a database pool, a model..."""
    await asyncio.sleep(0.2)
    return {"soup": 4.5, "salad": 6.0, "pie": 3.25}


# region: focus
@asynccontextmanager
async def lifespan(app: FastAPI):
    # Runs once, before Uvicorn accepts the first request.
    print("startup: opening the pantry", flush=True)
    pantry = await open_pantry()
    print(f"startup: pantry ready with {len(pantry)} dishes", flush=True)
    yield {"pantry": pantry}  # each request sees it on request.state
    # Runs once, after the last request, when Uvicorn is told to
    # stop (Ctrl-C, SIGTERM).
    print("shutdown: closing the pantry", flush=True)


app = FastAPI(title="Lesson 22: lifespan", lifespan=lifespan)


@app.get("/menu")
def menu(request: Request):
    pantry = request.state.pantry
    return {"dishes": sorted(pantry), "count": len(pantry)}


@app.get("/health")
def health():
    return {"status": "ok"}
# endregion
