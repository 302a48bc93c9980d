"""Exercise 25: the kitchen's dishes in a database; what a dish costs stays in the kitchen."""

import os
import tempfile
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, create_engine, select


class DishBase(SQLModel):
    name: str  # TODO 1: no two dishes may share a name (the database must refuse the second)
    price: float


class Dish(DishBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    cost: float  # what the kitchen pays: never sent to a client


# TODO 2: two models built on DishBase:
#   DishCreate, what a client sends: name, price and cost
#   DishPublic, what a client gets back: id, name and price (never cost)


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


@app.get("/dishes")  # TODO 3: answer through DishPublic, so the cost stays in the kitchen
def list_dishes(session: SessionDep):
    return session.exec(select(Dish)).all()


@app.get("/dishes/{dish_id}")  # TODO 4: through DishPublic, and 404 {"detail": "Dish not found"} for a missing one
def read_dish(dish_id: int, session: SessionDep):
    dish = session.get(Dish, dish_id)  # None when there is no such row
    return dish


# TODO 5: POST /dishes takes a DishCreate, stores it as a Dish and answers 201
#   through DishPublic; a name already taken is 409 {"detail": "Dish already exists"}
