"""Exercise 11: errors as answers. HTTPException, and your own exception with a handler."""

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse

app = FastAPI(title="Exercise 11: errors")

TABLES = {1: "free", 2: "taken", 3: "free"}


class TableTaken(Exception):
    def __init__(self, number: int) -> None:
        self.number = number


@app.exception_handler(TableTaken)
async def table_taken(request: Request, exc: TableTaken):
    return JSONResponse(status_code=409, content={"error": f"table {exc.number} is taken"})


@app.get("/tables/{number}")
def read_table(number: int):
    if number not in TABLES:
        raise HTTPException(status_code=404, detail=f"No table {number}")
    if TABLES[number] == "taken":
        raise TableTaken(number)
    return {"table": number, "status": "free"}
