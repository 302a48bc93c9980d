"""The items: public, no dependency on the router."""

from fastapi import APIRouter, HTTPException

ITEMS = {1: "soup", 2: "salad"}

# region: focus
router = APIRouter(prefix="/items", tags=["items"])


@router.get("/")
def list_items():
    return {"items": sorted(ITEMS.values())}


@router.get("/{item_id}")
def read_item(item_id: int):
    if item_id not in ITEMS:
        raise HTTPException(status_code=404, detail="Item not found")
    return {"id": item_id, "name": ITEMS[item_id]}
# endregion
