"""Lesson 10: middleware wraps the app and sees every response."""

import time

from fastapi import FastAPI, Request

app = FastAPI(title="Lesson 10: middleware")


# region: focus
@app.middleware("http")
async def first(request: Request, call_next):
    request.state.trail = [*getattr(request.state, "trail", []), "first"]
    start = time.perf_counter()
    response = await call_next(request)  # routing, handler, even a 404
    elapsed_ms = (time.perf_counter() - start) * 1000
    # The response is still ours to change on the way out.
    response.headers["X-Process-Time"] = f"{elapsed_ms:.2f}ms"
    path, status = request.url.path, response.status_code
    print(f"{request.method} {path} -> {status} in {elapsed_ms:.2f}ms")
    return response


@app.middleware("http")
async def second(request: Request, call_next):
    request.state.trail = [*getattr(request.state, "trail", []), "second"]
    return await call_next(request)
# endregion


@app.get("/hello")
def hello():
    return {"message": "hello"}


@app.get("/trail")
def trail(request: Request):
    return {"trail": request.state.trail}
