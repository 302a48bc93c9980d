"""Exercise 31: report the visitor's real address and scheme behind a proxy."""

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse

app = FastAPI(title="Exercise 31: behind a proxy")


@app.get("/visitor")
def visitor(request: Request):
    # Uvicorn applied X-Forwarded-For/-Proto from the trusted proxy (127.0.0.1) already.
    scheme = request.url.scheme
    return {"ip": request.client.host, "scheme": scheme, "secure": scheme == "https"}


@app.get("/account")
def account(request: Request):
    if request.url.scheme != "https":
        return RedirectResponse(request.url.replace(scheme="https"))
    return {"account": "yours", "ip": request.client.host}
