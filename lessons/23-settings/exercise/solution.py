"""Exercise 23: the kitchen's settings come from kitchen.env, typed and checked."""

from pathlib import Path

from fastapi import FastAPI, HTTPException, Query
from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

HERE = Path(__file__).resolve().parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KITCHEN_", env_file=HERE / "kitchen.env")

    name: str = "Kitchen"
    open_now: bool = False
    max_items: int = 5
    dishes: list[str] = []
    api_key: SecretStr


settings = Settings()  # read once, when uvicorn imports this module
app = FastAPI(title=settings.name)


@app.get("/settings")
def read_settings():
    return settings.model_dump()


@app.get("/order")
def order(dish: str, count: int = Query(ge=1, le=settings.max_items)):
    if dish not in settings.dishes:
        raise HTTPException(status_code=404, detail=f"{dish} is not on the menu")
    return {"kitchen": settings.name, "dish": dish, "count": count}
