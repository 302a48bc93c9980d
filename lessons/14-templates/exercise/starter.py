"""Exercise 14: templates. Render the menu as HTML with Jinja2."""

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.templating import Jinja2Templates

app = FastAPI(title="Exercise 14: templates")

MENU = [{"name": "soup", "price": 4.5}, {"name": "salad", "price": 6.0}]

# TODO 1: templates, from the templates/ folder next to this file
#   (Path(__file__).parent, so it works wherever uvicorn starts)


# TODO 2: GET /menu renders templates/menu.html (it is written already) with
#   guest: the query parameter guest, "friend" when absent
#   dishes: MENU
