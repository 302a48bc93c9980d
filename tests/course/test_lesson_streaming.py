"""The streaming lesson's claims that its demos cannot show, checked live.

The tutor's demo runner (and so the parity test) reads each answer to its end: it
sees a stream only once it is over, and never leaves one in the middle. Here a
plain socket reads the lesson's `/ticker` as it arrives, and walks away from it,
on FastAPI and on every twin; the `FileResponse` and server-sent-event facts the
lesson states are checked in-process.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.sse import EventSourceResponse, ServerSentEvent
from fastapi.staticfiles import StaticFiles
from fastapi.testclient import TestClient

from fastapi_uvicorn_tutor.course import catalog, stacks
from fastapi_uvicorn_tutor.course.messages import Request
from fastapi_uvicorn_tutor.runtime import servers
from fastapi_uvicorn_tutor.runtime.client import send

from ..conftest import LESSONS, start_fastapi, start_server, start_twin

LESSON = catalog.find_lesson(LESSONS, "streaming-and-files")
FILES = LESSON.folder / "files"
# What each side's generator or handler sees when the client goes away (the lesson's /ticker/last).
LEFT = {
    stacks.FASTAPI: "client left: CancelledError",
    "express": "client left: close event",
    "fastify": "client left: stream destroyed",
}


@pytest.fixture(scope="module")
def ports(node_binary: str, stack_modules: dict[str, Path]) -> Iterator[dict[str, int]]:
    """The lesson's FastAPI app and every twin it has, live: side id -> port."""
    started = [start_fastapi(LESSON)]
    try:
        for stack in stacks.ALL:
            if LESSON.has_twin(stack.id):
                started.append(start_twin(LESSON, node_binary, stack_modules[stack.id], stack))
    except BaseException:
        servers.stop_and_clean(started)
        raise
    sides = [stacks.FASTAPI, *(stack.id for stack in stacks.ALL if LESSON.has_twin(stack.id))]
    yield {side: server.spec.port for side, server in zip(sides, started, strict=True)}
    servers.stop_and_clean(started)


def last_stream(port: int) -> dict[str, object]:
    answer = send(port, Request("GET", "/ticker/last"))
    assert answer.status == 200, answer.error or answer.text
    found: dict[str, object] = json.loads(answer.body)
    return found


def open_ticker(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    sock.sendall(b"GET /ticker HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    return sock


def read_until(sock: socket.socket, marker: bytes) -> bytes:
    """Bytes from the socket up to and including `marker` (chunk framing and all)."""
    data = b""
    while marker not in data:
        piece = sock.recv(4096)
        assert piece, f"the stream ended before {marker!r}: {data!r}"
        data += piece
    return data


def test_the_first_tick_arrives_while_the_stream_is_still_open(ports: dict[str, int]) -> None:
    for side, port in ports.items():
        with open_ticker(port) as sock:
            head = read_until(sock, b"tick 1\n")
            assert head.startswith(b"HTTP/1.1 200"), side
            assert b"tick 5" not in head, side
            # The client holds the first tick; the server has not produced the last one.
            assert last_stream(port) == {"sent": 1, "ended": "streaming"}, side
            read_until(sock, b"tick 5\n\r\n0\r\n\r\n")  # the last tick and the end of the body
        assert last_stream(port)["ended"] == "finished", side


def test_a_client_that_leaves_stops_the_stream(ports: dict[str, int]) -> None:
    for side, port in ports.items():
        with open_ticker(port) as sock:
            read_until(sock, b"tick 2\n")
        deadline = time.monotonic() + 2
        while (last := last_stream(port))["ended"] == "streaming" and time.monotonic() < deadline:
            time.sleep(0.05)  # Fastify's generator stops at its next yield, after the sleep
        assert last["ended"] == LEFT[side], side
        assert last["sent"] in (2, 3), f"{side} went on after the client left: {last}"
        time.sleep(0.6)  # longer than the rest of the stream would have taken
        assert last_stream(port) == last, f"{side} went on after the client left"


HELD_BACK = """
import asyncio
from fastapi import FastAPI
from fastapi.responses import StreamingResponse

app = FastAPI()
go = asyncio.Event()

async def piece():
    await go.wait()
    yield "the first piece"

@app.get("/held")
async def held():
    return StreamingResponse(piece(), media_type="text/plain")

@app.get("/go")
def release():
    go.set()
"""


def test_status_and_headers_leave_before_the_first_piece(tmp_path: Path) -> None:
    """What `res.flushHeaders()` does by hand, a StreamingResponse does by itself (the lesson's lookup)."""
    (tmp_path / "main.py").write_text(HELD_BACK)
    server = start_server(lambda port: servers.uvicorn_spec(tmp_path, port))
    try:
        with socket.create_connection(("127.0.0.1", server.spec.port), timeout=5) as sock:
            sock.sendall(b"GET /held HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            head = read_until(sock, b"\r\n\r\n")  # while the generator still waits for /go
            assert head.startswith(b"HTTP/1.1 200") and b"the first piece" not in head
            assert send(server.spec.port, Request("GET", "/go")).status == 200
            read_until(sock, b"the first piece")
    finally:
        servers.stop_and_clean([server])


def test_file_response_facts_the_lesson_states() -> None:
    app = FastAPI()

    @app.get("/missing")
    def missing() -> FileResponse:
        return FileResponse(FILES / "lunch.csv")

    @app.get("/menu")
    def menu() -> FileResponse:
        return FileResponse(FILES / "menu.csv")

    app.mount("/static", StaticFiles(directory=FILES))
    with TestClient(app, raise_server_exceptions=False) as client:
        # It looks for the file only when it sends it: a missing one is a 500.
        assert client.get("/missing").status_code == 500
        # Range requests, yes; conditional ones, no. StaticFiles answers those with 304.
        assert client.get("/menu", headers={"Range": "bytes=0-3"}).status_code == 206
        etag = client.get("/menu").headers["etag"]
        assert client.get("/menu", headers={"If-None-Match": etag}).status_code == 200
        future = {"If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT"}
        assert client.get("/menu", headers=future).status_code == 200
        assert client.get("/static/menu.csv", headers=future).status_code == 304


def test_server_sent_event_data_is_json_unless_raw() -> None:
    app = FastAPI()

    @app.get("/events", response_class=EventSourceResponse)
    async def events():  # type: ignore[no-untyped-def]
        yield ServerSentEvent(data="kitchen closed")
        yield ServerSentEvent(raw_data="kitchen closed")

    with TestClient(app) as client:
        assert client.get("/events").text == 'data: "kitchen closed"\n\ndata: kitchen closed\n\n'
