"""Exercise 15: serve a small web site from a folder, beside an API route."""

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

app = FastAPI(title="Exercise 15: static files")

# TODO 1: mount the public/ folder next to this file at /site, named "site",
#   so /site/app.css is the stylesheet and /site/ serves public/index.html


# TODO 2: GET /api/assets answers {"css": the URL of app.css under the mount},
#   built from the mount's name (app.url_path_for), not typed by hand
