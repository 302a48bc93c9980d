"""Exercise 14: templates. Render the menu as HTML with Jinja2."""

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.templating import Jinja2Templates

app = FastAPI(title="Exercise 14: templates")

MENU = [{"name": "soup", "price": 4.5}, {"name": "salad", "price": 6.0}]

TEMPLATES_DIR = Path(__file__).parent / "templates"
templates = Jinja2Templates(directory=TEMPLATES_DIR)


@app.get("/menu")
def menu(request: Request, guest: str = "friend"):
    context = {"guest": guest, "dishes": MENU}
    return templates.TemplateResponse(request, "menu.html", context)
