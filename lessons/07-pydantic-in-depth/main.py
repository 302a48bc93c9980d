"""Lesson 07: Pydantic in depth. Nested models, extra fields, strict and lax, validators, PATCH."""

from typing import Annotated

from fastapi import FastAPI, HTTPException, Path, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, field_validator

app = FastAPI(title="Lesson 07: Pydantic in depth")

DISHES = {
    1: {"name": "Tomato soup", "price": 4.5, "cost": 1.2, "note": None,
        "supplier": {"name": "Green Farm", "country": "FR"}},
    2: {"name": "Bread", "price": 2.0, "cost": 0.4, "note": "baked at six",
        "supplier": {"name": "Mill & Co", "country": "BE"}},
}


@app.get("/")
def index():
    return {"try": ["/dishes/1", "/dishes/1.0", "/dishes/0x1", 'PATCH /dishes/2 {"note": null}']}


def find(dish_id: int) -> dict:
    if dish_id not in DISHES:
        raise HTTPException(404, detail="Dish not found")
    return DISHES[dish_id]


# region: focus
class Supplier(BaseModel):  # default config: unknown keys are dropped
    name: str
    country: str


class DishCreate(BaseModel):  # what a client sends to add a dish
    model_config = ConfigDict(extra="forbid", strict=True)
    name: str = Field(min_length=1)
    price: float = Field(gt=0)
    cost: float = Field(gt=0)  # what the kitchen pays: never shown
    supplier: Supplier  # a nested model: a JSON object inside
    note: str | None = None


class DishUpdate(BaseModel):  # PATCH: every field may be left out
    model_config = ConfigDict(extra="forbid", strict=True)
    name: str | None = Field(None, min_length=1)
    price: float | None = Field(None, gt=0)
    cost: float | None = Field(None, gt=0)
    supplier: Supplier | None = None
    note: str | None = None  # null clears the note

    @field_validator("name", "price", "cost", "supplier")
    @classmethod
    def not_null(cls, value):
        # Runs only for fields the client sent: defaults are not validated.
        if value is None:
            raise ValueError("leave the field out instead of sending null")
        return value


class DishPublic(BaseModel):  # what a guest sees: no cost
    name: str
    price: float
    supplier: Supplier
    note: str | None


@app.exception_handler(RequestValidationError)
async def bad_request(request: Request, exc: RequestValidationError):
    # Plain fields only: an error's "ctx" can hold the validator's ValueError.
    issues = [{"path": list(e["loc"]), "code": e["type"], "message": e["msg"]}
              for e in exc.errors()]
    return JSONResponse({"error": "Invalid request", "issues": issues}, status_code=400)


@app.post("/dishes", status_code=201, response_model=DishPublic)
def create_dish(dish: DishCreate, response: Response):
    dish_id = max(DISHES) + 1
    DISHES[dish_id] = dish.model_dump()
    response.headers["Location"] = f"/dishes/{dish_id}"
    return DISHES[dish_id]  # response_model leaves cost out


@app.get("/dishes/{dish_id}", response_model=DishPublic)
def read_dish(dish_id: int):  # lax: "1.0" and " 1" are 1 too
    return find(dish_id)


@app.patch("/dishes/{dish_id}", response_model=DishPublic)
def update_dish(dish_id: int, changes: DishUpdate):
    dish = find(dish_id)
    dish.update(changes.model_dump(exclude_unset=True))  # only what was sent
    return dish


@app.get("/strict/dishes/{dish_id}", response_model=DishPublic)
def read_dish_strictly(dish_id: Annotated[int, Path(strict=True)]):
    # A URL holds only text: a strict int refuses even "1".
    return find(dish_id)
# endregion
