"""Exercise 20: a live feed of the kitchen's orders, and menus to download."""

import asyncio
from pathlib import Path

from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse
from fastapi.sse import EventSourceResponse, ServerSentEvent

app = FastAPI(title="Exercise 20: streaming and files")

MENUS = Path(__file__).parent / "menus"  # lunch.txt and dinner.txt
ORDERS = [
    {"dish": "soup", "qty": 2},
    {"dish": "stew", "qty": 1},
    {"dish": "tart", "qty": 4},
]


# TODO 1: GET /feed streams server-sent events:
#   - one event named "order" per order, its id "1", "2", "3", its data the order;
#   - then one event named "done" whose data is the number of orders (3).
#   A short pause between events (await asyncio.sleep(0.01)) makes it a real stream.


# TODO 2: GET /menus/{name} sends the file MENUS / name as a download
#   (Content-Disposition: attachment; filename="lunch.txt"),
#   and answers 404 {"detail": "No such menu"} for a name that is not there.
