"""Lesson 14: templates. Jinja2 renders HTML, with autoescaping on."""

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.templating import Jinja2Templates

app = FastAPI(title="Lesson 14: templates")

# region: focus
# Found next to this file, wherever uvicorn was started from.
TEMPLATES_DIR = Path(__file__).parent / "templates"
templates = Jinja2Templates(directory=TEMPLATES_DIR)


@app.get("/hello")
def hello(request: Request, name: str = "world"):
    context = {"name": name, "dishes": ["soup", "salad"]}
    # Renders templates/hello.html; {{ name }} is escaped there.
    return templates.TemplateResponse(request, "hello.html", context)
# endregion
