"""Lesson 13: routers. Group routes under a prefix, include them."""

from fastapi import APIRouter, FastAPI, HTTPException

ITEMS = {1: "soup", 2: "salad"}

# region: focus
router = APIRouter(prefix="/items", tags=["items"])


@router.get("/")  # the full path is /items/
def list_items():
    return {"items": sorted(ITEMS.values())}


@router.get("/{item_id}")  # /items/{item_id}
def read_item(item_id: int):
    if item_id not in ITEMS:
        raise HTTPException(404, detail="Item not found")
    return {"id": item_id, "name": ITEMS[item_id]}


app = FastAPI(title="Lesson 13: routers")
app.include_router(router)
# endregion
