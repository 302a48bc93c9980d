"""Lesson 15: static files. Mount a folder of files under /static."""

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

app = FastAPI(title="Lesson 15: static files")

# region: focus
# Found next to this file, wherever uvicorn was started from.
STATIC_DIR = Path(__file__).parent / "static"
app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")


@app.get("/")
def home():
    return {"stylesheet": app.url_path_for("static", path="style.css")}
# endregion
