"""Exercise 25: the kitchen's dishes in a database; what a dish costs stays in the kitchen."""

import os
import tempfile
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, create_engine, select


class DishBase(SQLModel):
    name: str = Field(unique=True)
    price: float


class Dish(DishBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    cost: float  # what the kitchen pays: never sent to a client


class DishCreate(DishBase):
    cost: float


class DishPublic(DishBase):
    id: int


@asynccontextmanager
async def lifespan(app: FastAPI):
    # A fresh database for every run, with two dishes in it, in a folder removed at shutdown.
    with tempfile.TemporaryDirectory(prefix="exercise25-") as folder:
        engine = create_engine("sqlite:///" + os.path.join(folder, "kitchen.db"))
        SQLModel.metadata.create_all(engine)
        with Session(engine) as session:
            session.add(Dish(name="soup", price=4.5, cost=1.2))
            session.add(Dish(name="salad", price=6.0, cost=2.5))
            session.commit()
        yield {"engine": engine}
        engine.dispose()


app = FastAPI(title="Exercise 25: a database", lifespan=lifespan)


def get_session(request: Request):
    with Session(request.state.engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


@app.get("/dishes", response_model=list[DishPublic])
def list_dishes(session: SessionDep):
    return session.exec(select(Dish)).all()


@app.get("/dishes/{dish_id}", response_model=DishPublic)
def read_dish(dish_id: int, session: SessionDep):
    dish = session.get(Dish, dish_id)  # None when there is no such row
    if dish is None:
        raise HTTPException(404, "Dish not found")
    return dish


@app.post("/dishes", response_model=DishPublic, status_code=201)
def create_dish(dish: DishCreate, session: SessionDep):
    db_dish = Dish.model_validate(dish)
    session.add(db_dish)
    try:
        session.commit()
    except IntegrityError:
        raise HTTPException(409, "Dish already exists") from None
    session.refresh(db_dish)
    return db_dish
