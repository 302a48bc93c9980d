"""runtime/load.py: the one threaded load generator (the serving demo and `tutor bench` without Node).

Driven against a real HTTP server on a free loopback port; autocannon is covered by
test_bench.py's real runs.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from fastapi_uvicorn_tutor.runtime.load import ThreadedLoad


class Counting(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.lock = threading.Lock()
        self.connections = 0
        self.requests = 0


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive unless the client closes
    server: Counting

    def setup(self) -> None:
        super().setup()
        with self.server.lock:
            self.server.connections += 1

    def do_GET(self) -> None:  # noqa: N802 - the http.server hook name
        with self.server.lock:
            self.server.requests += 1
            n = self.server.requests
        status = 503 if self.path.startswith("/flaky") and n % 2 else 200
        body = f'{{"n": {n}, "even": {str(n % 2 == 0).lower()}}}'.encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[Counting]:
    httpd = Counting()
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()


def url(httpd: Counting, path: str = "/") -> str:
    return f"http://127.0.0.1:{httpd.server_address[1]}{path}"


def test_keep_alive_reuses_one_connection_per_thread_and_counts_every_answer(server: Counting) -> None:
    result = ThreadedLoad(url(server), connections=3, duration=0.5).result()
    assert server.connections == 3
    assert result.requests > 10 and result.errors == 0 and result.non_2xx == 0 and result.first_error is None
    assert server.requests == result.requests + 3  # each thread's first request warms up, unmeasured
    assert result.duration_s >= 0.5
    assert 0 < result.latency_ms["p50"] <= result.latency_ms["p99"] <= result.latency_ms["max"]


def test_without_keep_alive_every_request_opens_a_connection(server: Counting) -> None:
    result = ThreadedLoad(url(server), connections=2, duration=0.3, keep_alive=False).result()
    assert result.requests > 5 and server.connections == server.requests == result.requests + 2


def test_tally_counts_answers_by_what_the_body_says_and_non_2xx_are_named(server: Counting) -> None:
    def even(status: int, body: bytes) -> bool | None:
        return b'"even": true' in body if status == 200 else None

    result = ThreadedLoad(url(server, "/flaky"), connections=2, duration=0.3, tally=even).result()
    assert result.non_2xx > 0 and result.first_error is not None and result.first_error.startswith("status 503")
    assert set(result.tally) == {True}  # every odd request was a 503: not counted
    assert sum(result.tally.values()) == result.requests - result.non_2xx


def test_warm_up_seconds_are_not_measured(server: Counting) -> None:
    result = ThreadedLoad(url(server), connections=1, duration=0.2, warmup=0.3).result()
    assert server.requests > result.requests + 1  # the warm-up's requests reached the server, uncounted


def test_a_refused_connection_is_an_error_not_an_exception() -> None:
    with Counting() as httpd:
        gone = url(httpd)  # bound and closed again: nothing listens there now
    result = ThreadedLoad(gone, connections=2, duration=0.2).result()
    assert result.requests == 0 and result.errors > 0 and "ConnectionRefusedError" in (result.first_error or "")


def test_cancel_stops_a_long_run_at_once(server: Counting) -> None:
    load = ThreadedLoad(url(server), connections=2, duration=60)
    time.sleep(0.2)
    began = time.monotonic()
    load.cancel()
    assert load.done() and time.monotonic() - began < 5
