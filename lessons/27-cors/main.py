"""Lesson 27: CORS. Which other origins may call this API from a browser."""

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI(title="Lesson 27: CORS")

# region: focus
# Nothing is allowed until it is listed: CORSMiddleware() alone allows no origin.
app.add_middleware(
    CORSMiddleware,
    allow_origins=["http://localhost:5173"],  # the front-end's dev server
    allow_methods=["GET", "POST"],
    allow_headers=["Content-Type"],
)

# What not to do, in an app mounted apart so the list above stays: every origin,
# and cookies too. Starlette then echoes back whatever Origin calls.
careless = FastAPI(title="Lesson 27: a careless CORS set-up")
careless.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)


@careless.get("/account")
def account():
    return {"customer": "ada", "balance": 120}


app.mount("/careless", careless)
# endregion


@app.get("/menu")
def menu():
    return {"dishes": ["soup", "salad"]}


@app.post("/orders")
def order():
    return {"status": "cooking"}
