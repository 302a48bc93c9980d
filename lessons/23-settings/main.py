"""Lesson 23: settings from the environment, typed and validated at start-up."""

import os
from pathlib import Path

from fastapi import FastAPI
from pydantic_settings import BaseSettings, SettingsConfigDict

HERE = Path(__file__).resolve().parent


# region: focus
class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SHOP_", env_file=HERE / "settings.env")

    name: str = "Lesson 23 shop"
    debug: bool = False  # "false", "0", "no", "off" all mean False
    max_items: int = 10  # "lots" stops the app at start-up with a ValidationError


settings = Settings()  # read once, when uvicorn imports this module
app = FastAPI(title=settings.name, debug=settings.debug)


@app.get("/settings")
def read_settings():
    return settings.model_dump()
# endregion


@app.get("/environ")
def environ():
    # What the process environment holds: pydantic-settings read the file without exporting it.
    return {key: os.environ.get(key) for key in ("SHOP_DEBUG", "SHOP_MAX_ITEMS")}
