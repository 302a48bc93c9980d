"""The proxy lesson's claims that its demos cannot show, checked live.

The tutor starts every server one way (`uvicorn main:app`, `node server.js`), so the
demos show the defaults. Here the same folders run the way the lesson says to change
them: the twins with their proxy trusted, Uvicorn with `--root-path`, and the app
under `fastapi dev` and `fastapi run`.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import psutil
import pytest

from fastapi_uvicorn_tutor.course import catalog, stacks
from fastapi_uvicorn_tutor.course.messages import Request
from fastapi_uvicorn_tutor.runtime import servers
from fastapi_uvicorn_tutor.runtime.client import send

from ..conftest import LESSONS, start_fastapi, start_server

LESSON = catalog.find_lesson(LESSONS, "fastapi-cli-and-proxies")
FORWARDED = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}
# What the lesson tells each stack to set (TRUST_PROXY feeds the twin's one setting).
TRUSTED = {"express": "loopback", "fastify": "127.0.0.1"}


@pytest.mark.parametrize("stack", [s for s in stacks.ALL if LESSON.has_twin(s.id)], ids=lambda s: s.id)
def test_a_twin_that_trusts_its_proxy_answers_like_uvicorn(stack: stacks.Stack, node_binary: str,
                                                            stack_modules: dict[str, Path]) -> None:
    def spec(port: int) -> servers.ServerSpec:
        plain = servers.node_spec(stack, LESSON.twin_folder(stack.id), port, node_binary, stack_modules[stack.id])
        return replace(plain, env={**plain.env, "TRUST_PROXY": TRUSTED[stack.id]})

    server = start_server(spec)
    try:
        who = send(server.spec.port, Request("GET", "/whoami", headers=FORWARDED))
        assert json.loads(who.body) == {"ip": "203.0.113.7", "scheme": "https"}
        go = send(server.spec.port, Request("GET", "/go", headers={"Host": "shop.example", **FORWARDED}))
        assert (go.status, go.header("location")) == (307, "https://shop.example/whoami")
    finally:
        servers.stop_and_clean([server])


def test_root_path_moves_links_and_docs_not_routes() -> None:
    server = start_fastapi(LESSON, extra=["--root-path", "/api"])
    try:
        port = server.spec.port
        assert json.loads(send(port, Request("GET", "/openapi.json")).body)["servers"] == [{"url": "/api"}]
        assert "url: '/api/openapi.json'" in send(port, Request("GET", "/docs")).text
        go = send(port, Request("GET", "/go", headers={"Host": "shop.example"}))
        assert go.header("location") == "http://shop.example/api/whoami"
        # The proxy strips the prefix: the routes stay where they were.
        assert send(port, Request("GET", "/whoami")).status == 200
        assert send(port, Request("GET", "/api/whoami")).status == 404
    finally:
        servers.stop_and_clean([server])


@pytest.mark.parametrize(("command", "host", "reloads"), [("dev", "127.0.0.1", True), ("run", "0.0.0.0", False)])
def test_fastapi_cli_finds_main_and_serves_it(command: str, host: str, reloads: bool) -> None:
    def spec(port: int) -> servers.ServerSpec:
        argv = [*servers.python_tool("fastapi"), command, "--port", str(port)]
        return servers.ServerSpec("FastAPI", argv, LESSON.folder, port, f"fastapi {command}", {"PYTHONUNBUFFERED": "1"})

    server = start_server(spec)
    try:
        port = server.spec.port
        who = send(port, Request("GET", "/whoami", headers=FORWARDED))
        assert json.loads(who.body) == {"ip": "203.0.113.7", "scheme": "https"}  # proxy headers as under uvicorn
        bound = {c.laddr.ip for c in psutil.net_connections("tcp")
                 if c.laddr and c.status == psutil.CONN_LISTEN and c.laddr.port == port}
        assert bound == {host}
        assert "Using import string: main:app" in server.output()
        assert bool(psutil.Process(server.proc.pid).children()) is reloads  # the reloader runs a server process
    finally:
        servers.stop_and_clean([server])


@pytest.mark.parametrize("option", [["--forwarded-allow-ips", "10.0.0.5"], ["--no-proxy-headers"]], ids=" ".join)
def test_uvicorn_ignores_forwarded_headers_when_told(option: list[str]) -> None:
    server = start_fastapi(LESSON, extra=option)
    try:
        who = send(server.spec.port, Request("GET", "/whoami", headers=FORWARDED))
        assert json.loads(who.body) == {"ip": "127.0.0.1", "scheme": "http"}
    finally:
        servers.stop_and_clean([server])


def test_x_forwarded_host_moves_fastifys_host_but_not_uvicorns(node_binary: str,
                                                                 stack_modules: dict[str, Path]) -> None:
    fastify = stacks.get("fastify")

    def spec(port: int) -> servers.ServerSpec:
        plain = servers.node_spec(fastify, LESSON.twin_folder("fastify"), port, node_binary, stack_modules["fastify"])
        return replace(plain, env={**plain.env, "TRUST_PROXY": TRUSTED["fastify"]})

    started = [start_fastapi(LESSON), start_server(spec)]
    try:
        sent = Request("GET", "/go", headers={"Host": "inside.local", "X-Forwarded-Host": "shop.example", **FORWARDED})
        fa, fy = (send(server.spec.port, sent) for server in started)
        assert fa.header("location") == "https://inside.local/whoami"
        assert fy.header("location") == "https://shop.example/whoami"
    finally:
        servers.stop_and_clean(started)
