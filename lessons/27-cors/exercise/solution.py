"""Exercise 27: CORS. Let two front ends call this API from the browser, and no one else."""

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI(title="Exercise 27: CORS")

app.add_middleware(
    CORSMiddleware,
    allow_origins=["http://localhost:3000", "https://menu.example"],
    allow_methods=["GET", "POST"],
    allow_headers=["Content-Type", "X-Api-Key"],
    max_age=600,
)


@app.get("/menu")
def menu():
    return {"dishes": ["soup", "salad"]}


@app.post("/orders")
def order():
    return {"status": "cooking"}
