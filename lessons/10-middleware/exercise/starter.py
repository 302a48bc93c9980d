"""Exercise 10: one middleware that tags every response and guards /admin."""

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

app = FastAPI(title="Exercise 10: middleware")


# TODO: an @app.middleware("http") function that
#   1. answers 403 {"detail": "staff only"} for any path starting with /admin
#      unless the request has the header X-Staff: yes (without calling the app)
#   2. otherwise calls the app, then copies the request's X-Request-Id header
#      onto the response as X-Request-Id ("none" when the request had none),
#      on every response, 404s included


@app.get("/hello")
def hello():
    return {"message": "hello"}


@app.get("/admin/stats")
def stats():
    return {"orders": 42}
