"""Lesson 31: behind a proxy. Uvicorn applies X-Forwarded-For/-Proto before the app sees the request."""

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse

app = FastAPI(title="Lesson 31: fastapi-cli and proxies")


@app.get("/")
def index():
    return {"try": "GET /whoami with X-Forwarded-For: 203.0.113.7 and X-Forwarded-Proto: https"}


# region: focus
# Nothing here mentions a proxy: Uvicorn (the waiter) decides whom to trust.
# From 127.0.0.1 it has already replaced the client address and the scheme.
@app.get("/whoami")
def whoami(request: Request):
    return {"ip": request.client.host, "scheme": request.url.scheme}


@app.get("/go")
def go(request: Request):
    # An absolute URL to /whoami: scheme and host come from the request.
    return RedirectResponse(request.url_for("whoami"))
# endregion
