"""Exercise 27: CORS. Let two front ends call this API from the browser, and no one else."""

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

app = FastAPI(title="Exercise 27: CORS")

# TODO: add CORSMiddleware so that
#   - the origins http://localhost:3000 and https://menu.example are allowed (no others)
#   - they may use GET and POST (no other methods)
#   - they may send the headers Content-Type and X-Api-Key
#   - browsers may cache a preflight answer for 600 seconds


@app.get("/menu")
def menu():
    return {"dishes": ["soup", "salad"]}


@app.post("/orders")
def order():
    return {"status": "cooking"}
