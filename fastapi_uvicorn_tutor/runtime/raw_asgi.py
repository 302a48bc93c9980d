"""A bare ASGI app for `tutor bench --variant waiters`: the FastAPI app's answer, without FastAPI.

Uvicorn serves it (`uvicorn fastapi_uvicorn_tutor.runtime.raw_asgi:app`) with the body
and content type the lesson's FastAPI app gave for the benched path, taken from the
environment (`TUTOR_RAW_BODY`, base64; `TUTOR_RAW_TYPE`). Every request gets those
bytes: no routing, no validation, no serialisation. What FastAPI costs on top of the
server is the difference between this run and the FastAPI run.
"""

from __future__ import annotations

import base64
import os
from typing import Any

BODY = base64.b64decode(os.environ.get("TUTOR_RAW_BODY", ""))
HEADERS = [(b"content-type", os.environ.get("TUTOR_RAW_TYPE", "application/json").encode("latin-1")),
           (b"content-length", str(len(BODY)).encode("ascii"))]


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":  # nothing to set up; say so and wait for the end
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY})
