"""Exercise 03: a typed, constrained path parameter, an optional query parameter, a raise."""

from typing import Annotated

from fastapi import FastAPI, HTTPException, Path

app = FastAPI(title="Exercise 03: Python for JavaScript developers")

TABLES = {1: "window", 2: "garden", 3: "bar"}


@app.get("/tables/{table_id}")
def read_table(table_id: Annotated[int, Path(ge=1, le=20)], guest: str | None = None):
    try:
        place = TABLES[table_id]
    except KeyError:
        raise HTTPException(404, detail="No such table") from None
    return {"table_id": table_id, "place": place, "guest": guest}
