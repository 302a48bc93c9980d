"""Exercise 13: routers. The drinks get their own APIRouter under /drinks."""

from fastapi import APIRouter, FastAPI, HTTPException

DRINKS = {"coffee": 2.5, "tea": 2.0}

router = APIRouter(prefix="/drinks", tags=["drinks"])


@router.get("/")
def list_drinks():
    return {"drinks": sorted(DRINKS)}


@router.get("/{name}")
def read_drink(name: str):
    if name not in DRINKS:
        raise HTTPException(status_code=404, detail=f"No drink called {name}")
    return {"name": name, "price": DRINKS[name]}


app = FastAPI(title="Exercise 13: routers")
app.include_router(router)
