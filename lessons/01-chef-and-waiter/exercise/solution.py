"""Exercise 01: the chef's first dishes. `uvicorn main:app --reload` serves the `app` below."""

from fastapi import FastAPI

app = FastAPI(title="Exercise 01: the chef's first dishes")

DISHES = ["soup", "salad", "pie"]


@app.get("/")
def hello():
    return {"message": "Hello from the chef", "kitchen": "open"}


@app.get("/menu")
def menu():
    return {"dishes": DISHES, "count": len(DISHES)}


@app.get("/hours")
def hours():
    return {"open": "08:00", "close": "22:00"}
