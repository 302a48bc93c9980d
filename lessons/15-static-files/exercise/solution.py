"""Exercise 15: serve a small web site from a folder, beside an API route."""

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

app = FastAPI(title="Exercise 15: static files")

PUBLIC_DIR = Path(__file__).parent / "public"
app.mount("/site", StaticFiles(directory=PUBLIC_DIR, html=True), name="site")


@app.get("/api/assets")
def assets():
    return {"css": app.url_path_for("site", path="app.css")}
