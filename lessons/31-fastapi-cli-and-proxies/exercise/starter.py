"""Exercise 31: report the visitor's real address and scheme behind a proxy."""

from fastapi import FastAPI, Request

app = FastAPI(title="Exercise 31: behind a proxy")


@app.get("/visitor")
def visitor(request: Request):
    # TODO 1: this is how many hand-written Express apps do it, and it is wrong twice:
    # the first X-Forwarded-For address is whatever the client typed, and the scheme
    # is never looked at. Uvicorn has already done the work: read it from `request`.
    forwarded = request.headers.get("x-forwarded-for", "")
    ip = forwarded.split(",")[0].strip() or "unknown"
    return {"ip": ip, "scheme": "http", "secure": False}


# TODO 2: GET /account, for HTTPS visitors only.
#   - came over http: a redirect (307) to the same URL with https
#   - came over https: {"account": "yours", "ip": <the visitor's address>}
