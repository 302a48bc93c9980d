"""Lesson 18: CORS. Which other origins may call this API from a browser."""

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI(title="Lesson 18: CORS")

# region: focus
# Nothing is allowed until it is listed: CORSMiddleware() alone allows no origin.
app.add_middleware(
    CORSMiddleware,
    allow_origins=["http://localhost:5173"],  # the front-end's dev server
    allow_methods=["GET", "POST"],
    allow_headers=["Content-Type"],
)
# endregion


@app.get("/menu")
def menu():
    return {"dishes": ["soup", "salad"]}


@app.post("/orders")
def order():
    return {"status": "cooking"}
