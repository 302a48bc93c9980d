"""Send one request to a server, or the same request to two at once.

Uses the standard library's `http.client`: one plain request per server is all a
lesson needs, and the tutor starts faster without a client library to import.
Failures come back as `Response.error`, never raised.
"""

from __future__ import annotations

import functools
import http.client
import time
from concurrent.futures import ThreadPoolExecutor

from fastapi_uvicorn_tutor.course.exercises import WHO, Check, CheckReport, CheckResult, Exercise
from fastapi_uvicorn_tutor.course.messages import Request, Response
from fastapi_uvicorn_tutor.course.verdicts import side_problems


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
    """The two threads that send to both servers at once, made on the first exchange."""
    return ThreadPoolExecutor(max_workers=2, thread_name_prefix="exchange")


def send_both(fastapi_port: int, express_port: int | None, request: Request) -> tuple[Response, Response | None]:
    """The same request to both servers at once (Express skipped when it is not running)."""
    pool = _pool()
    fa = pool.submit(send, fastapi_port, request)
    ex = pool.submit(send, express_port, request) if express_port else None
    return fa.result(), ex.result() if ex else None


# ----- an exercise's checks ---------------------------------------------------------


def run_check(check: Check, port: int, twin_port: int | None = None) -> CheckResult:
    response = send(port, check.request)
    problems = tuple(side_problems(check.expect, response, WHO))
    reference = send(twin_port, check.twin) if twin_port and check.twin is not None else None
    return CheckResult(check, response, problems, reference)


def run_checks(exercise: Exercise, port: int, twin_port: int | None = None) -> CheckReport:
    """Every check of the exercise against the server on `port`, in order."""
    return CheckReport(tuple(run_check(check, port, twin_port) for check in exercise.checks))
