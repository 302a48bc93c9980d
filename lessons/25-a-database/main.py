"""Lesson 25: a database. SQLModel on SQLite, one session per request."""

import json
import os
import tempfile
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Path, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from pwdlib import PasswordHash
from pydantic import AfterValidator
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, create_engine, select

password_hash = PasswordHash.recommended()  # Argon2id, as in lesson 24


def encodable(text: str) -> str:
    # JSON may hold a lone surrogate ("\ud800"), which no UTF-8 text can: SQLite and the
    # hash would fail on it with a 500. Refuse it while validating: a 422.
    try:
        text.encode()
    except UnicodeEncodeError:
        raise ValueError("must be Unicode text without lone surrogates") from None
    return text


Text = Annotated[str, AfterValidator(encodable)]  # a str that fits in the database


# region: focus
class UserBase(SQLModel):
    email: Text = Field(unique=True)  # the database refuses a second row with it
    name: Text


class User(UserBase, table=True):  # a table: what the database stores
    id: int | None = Field(default=None, primary_key=True)
    hashed_password: str


class UserCreate(UserBase):  # what a client sends
    password: Text


class UserPublic(UserBase):  # what a client gets back: no password, no hash
    id: int


@asynccontextmanager
async def lifespan(app: FastAPI):
    # A fresh database file for every run, in a folder removed at shutdown.
    with tempfile.TemporaryDirectory(prefix="lesson25-") as folder:
        engine = create_engine("sqlite:///" + os.path.join(folder, "shop.db"))
        SQLModel.metadata.create_all(engine)  # CREATE TABLE user (...)
        yield {"engine": engine}
        engine.dispose()  # close the connections before the folder goes


app = FastAPI(title="Lesson 25: a database", lifespan=lifespan)


def get_session(request: Request):
    with Session(request.state.engine) as session:
        yield session  # the handler runs here; the session closes after


SessionDep = Annotated[Session, Depends(get_session)]


@app.post("/users", response_model=UserPublic, status_code=201)
def create_user(user: UserCreate, session: SessionDep):
    hashed = password_hash.hash(user.password)
    db_user = User.model_validate(user, update={"hashed_password": hashed})
    session.add(db_user)
    try:
        session.commit()  # INSERT INTO user ...
    except IntegrityError:  # UNIQUE constraint failed: user.email
        raise HTTPException(409, "Email already registered") from None
    session.refresh(db_user)  # read back the id SQLite gave it
    return db_user  # a User, filtered through UserPublic


@app.get("/users", response_model=list[UserPublic])
def list_users(session: SessionDep):
    return session.exec(select(User)).all()


@app.get("/users/{user_id}", response_model=UserPublic)
def read_user(
    # SQLite's integers are 64-bit: a bigger id would crash the driver, a 500.
    user_id: Annotated[int, Path(ge=1, le=2**63 - 1)],
    session: SessionDep,
):
    user = session.get(User, user_id)
    if user is None:
        raise HTTPException(404, "User not found")
    return user
# endregion


@app.exception_handler(RequestValidationError)
async def validation_failed(request: Request, exc: RequestValidationError):
    # FastAPI's own handler repeats the input in UTF-8, which fails on a lone surrogate: the
    # same 422 with JSON's \u escapes (json.dumps writes every non-ASCII character that way).
    body = json.dumps({"detail": jsonable_encoder(exc.errors())}, separators=(",", ":"))
    return Response(body, status_code=422, media_type="application/json")
