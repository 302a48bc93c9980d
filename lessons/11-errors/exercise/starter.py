"""Exercise 11: errors as answers. HTTPException, and your own exception with a handler."""

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse

app = FastAPI(title="Exercise 11: errors")

TABLES = {1: "free", 2: "taken", 3: "free"}


class TableTaken(Exception):
    def __init__(self, number: int) -> None:
        self.number = number


# TODO 1: an exception handler for TableTaken that answers
#   409 {"error": "table 2 is taken"}


# TODO 2: GET /tables/{number} (an int)
#   - no such table: 404 with detail "No table 7" (HTTPException)
#   - a taken table: raise TableTaken(number)
#   - otherwise: {"table": number, "status": "free"}
