"""Send one request to a server, or the same request to FastAPI and every twin at once.

Uses the standard library's `http.client`: one plain request per server is all a
lesson needs, and the tutor starts faster without a client library to import.
Failures come back as `Response.error`, never raised.
"""

from __future__ import annotations

import functools
import http.client
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor

from fastapi_uvicorn_tutor.course.messages import Request, Response


def send(port: int, request: Request, timeout: float = 10.0, host: str = "127.0.0.1") -> Response:
    """One HTTP request; failures come back as Response.error, never raised."""
    body, headers = request.encoded()
    started = time.perf_counter()
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request(request.method, request.path, body=body, headers=headers)
        raw = conn.getresponse()
        data = raw.read()
        return Response(raw.status, raw.reason, tuple(raw.getheaders()), data, time.perf_counter() - started)
    except (OSError, http.client.HTTPException, ValueError) as exc:  # ValueError: a header it cannot encode
        return Response(error=f"{exc.__class__.__name__}: {exc}" if str(exc) else exc.__class__.__name__,
                        elapsed=time.perf_counter() - started)
    finally:
        conn.close()


@functools.cache
def _pool() -> ThreadPoolExecutor:
    """The threads that send to FastAPI and every twin at once, made on the first exchange."""
    return ThreadPoolExecutor(max_workers=4, thread_name_prefix="exchange")


def send_all(fastapi_port: int, twin_ports: Mapping[str, int], request: Request) -> tuple[Response, dict[str, Response]]:
    """The same request to FastAPI and to every running twin at once; twins' answers keyed like `twin_ports`."""
    pool = _pool()
    fa = pool.submit(send, fastapi_port, request)
    twins = {sid: pool.submit(send, port, request) for sid, port in twin_ports.items()}
    return fa.result(), {sid: future.result() for sid, future in twins.items()}
