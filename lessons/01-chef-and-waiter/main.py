"""Lesson 01: the chef. A FastAPI app is an object; it does not listen on anything."""

from fastapi import FastAPI

# region: focus
app = FastAPI(title="Lesson 01: chef and waiter")


@app.get("/")
def hello():
    return {"message": "Hello from the chef", "kitchen": "open"}


@app.get("/menu")
def menu():
    return {"dishes": ["soup", "salad"], "count": 2}
# endregion
# No app.run(), no listen(): `uvicorn main:app` imports this module and serves `app`.
