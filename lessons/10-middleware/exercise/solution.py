"""Exercise 10: one middleware that tags every response and guards /admin."""

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

app = FastAPI(title="Exercise 10: middleware")


@app.middleware("http")
async def request_id_and_guard(request: Request, call_next):
    if request.url.path.startswith("/admin") and request.headers.get("x-staff") != "yes":
        return JSONResponse({"detail": "staff only"}, status_code=403)
    response = await call_next(request)
    response.headers["X-Request-Id"] = request.headers.get("x-request-id", "none")
    return response


@app.get("/hello")
def hello():
    return {"message": "hello"}


@app.get("/admin/stats")
def stats():
    return {"orders": 42}
