"""Exercise 03: a typed, constrained path parameter, an optional query parameter, a raise."""

from typing import Annotated

from fastapi import FastAPI, HTTPException, Path

app = FastAPI(title="Exercise 03: Python for JavaScript developers")

TABLES = {1: "window", 2: "garden", 3: "bar"}


# TODO 1: table_id is an int from 1 to 20: Annotated[int, Path(...)].
# TODO 2: guest is optional: None (JSON null) when ?guest= is left out.
# TODO 3: a table that is not in TABLES is a 404 {"detail": "No such table"}.
@app.get("/tables/{table_id}")
def read_table(table_id, guest):
    place = TABLES[table_id]
    return {"table_id": table_id, "place": place, "guest": guest}
