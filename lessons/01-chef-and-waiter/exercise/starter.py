"""Exercise 01: the chef's first dishes. `uvicorn main:app --reload` serves the `app` below."""

from fastapi import FastAPI

app = FastAPI(title="Exercise 01: the chef's first dishes")

DISHES = ["soup", "salad", "pie"]


@app.get("/")
def hello():
    return {"message": "Hello from the chef", "kitchen": "open"}


# TODO 1: GET /menu answers {"dishes": [...every dish in DISHES...], "count": 3}
#   - count the list with len(), so a new dish counts without another edit


# TODO 2: GET /hours answers {"open": "08:00", "close": "22:00"}
