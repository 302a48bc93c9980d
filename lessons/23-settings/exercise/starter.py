"""Exercise 23: the kitchen's settings come from kitchen.env, typed and checked."""

from pathlib import Path

from fastapi import FastAPI, HTTPException, Query
from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

HERE = Path(__file__).resolve().parent


class Settings(BaseSettings):
    # TODO 1: read the variables named KITCHEN_<FIELD> from the environment and
    #   from kitchen.env, the file beside this one (HERE)
    name: str = "Kitchen"
    open_now: bool = False
    max_items: int = 5
    # TODO 2: two more settings: `dishes`, a list of strings (empty by default),
    #   and `api_key`, a secret string that is required (no default)


settings = Settings()  # read once, when uvicorn imports this module
app = FastAPI(title=settings.name)


@app.get("/settings")
def read_settings():
    return settings.model_dump()


# TODO 3: GET /order?dish=soup&count=3 answers {"kitchen": settings.name, "dish": ..., "count": ...}
#   - count is an int from 1 to settings.max_items (anything else: 422)
#   - a dish not in settings.dishes: 404 with detail "cake is not on the menu"
