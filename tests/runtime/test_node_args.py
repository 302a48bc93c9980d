"""A lesson's `[node_args]` reach node wherever the tutor starts a twin, and the line it shows.

Lesson 23's Express twin starts as `node --env-file=settings.env server.js`: the parity
tests prove the twin reads its settings that way; here, the command the learner reads and
pastes, and the one sentence a Node older than the lesson's `node_min` gets instead.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from pathlib import Path

import pytest

from fastapi_uvicorn_tutor.course import catalog, stacks
from fastapi_uvicorn_tutor.runtime import node, servers, twins
from fastapi_uvicorn_tutor.runtime.shell import pasteable, quoted

from ..conftest import LESSONS
from ..helpers import kill_leftovers, leftovers, run_tutor
from .test_shell import SERVER_LINE, _answer, _paste, _port, _stop

SETTINGS = next(lesson for lesson in LESSONS if lesson.slug == "23-settings")
EXPRESS, FASTIFY = stacks.get("express"), stacks.get("fastify")


def test_lesson_23_gives_the_express_twin_env_file_and_fastify_nothing() -> None:
    assert SETTINGS.node_args_for(EXPRESS.id) == ("--env-file=settings.env",)
    assert SETTINGS.node_args_for(FASTIFY.id) == ()  # @fastify/env reads the file itself
    assert SETTINGS.node_min == (20, 6)


def test_node_args_come_before_server_js_in_argv_and_in_the_pasted_line() -> None:
    folder = SETTINGS.twin_folder(EXPRESS.id)
    local = EXPRESS.root(catalog.content_root()) / "node_modules"
    spec = servers.node_spec(EXPRESS, folder, 3100, "/usr/bin/node", local, node_args=["--env-file=settings.env"])
    assert spec.argv == ["/usr/bin/node", "--env-file=settings.env", "server.js"]
    assert spec.shown == "PORT=3100 node --env-file=settings.env server.js"
    assert spec.with_port(3200).shown == "PORT=3200 node --env-file=settings.env server.js"
    watched = servers.node_spec(EXPRESS, folder, 3100, "node", local, watch=True, node_args=["--env-file=a b.env"])
    assert watched.argv[1:] == ["--watch", "--env-file=a b.env", "server.js"]
    assert pasteable(watched) == f"cd {quoted(folder)} && PORT=3100 node --watch '--env-file=a b.env' server.js"


def _status(version: str) -> node.NodeStatus:
    return node.NodeStatus(EXPRESS, "/usr/bin/node", version, "/usr/bin/npm", Path("/nowhere"), None)


@pytest.mark.parametrize(("version", "too_old"), [("v18.19.0", True), ("v20.5.1", True), ("v20.6.0", False),
                                                  ("v22.1.0", False), ("", True)])
def test_a_node_older_than_node_min_gets_one_sentence(version: str, too_old: bool) -> None:
    said = node.too_old_for(SETTINGS, EXPRESS, _status(version))
    if not too_old:
        assert said is None
        return
    assert said is not None
    assert "`node --env-file=settings.env server.js`, which needs Node 20.6 or newer" in said
    assert "\n" not in said
    assert node.too_old_for(SETTINGS, FASTIFY, replace(_status(version), stack=FASTIFY)) is None  # no options, no floor


def test_start_twin_on_a_too_old_node_returns_the_sentence_and_starts_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(node, "detect", lambda stack: _status("v18.20.4"))
    ports: list[int] = []
    server, problem = twins.start_twin(SETTINGS, EXPRESS, lambda: ports.append(1) or 3100)  # type: ignore[func-returns-value]
    assert server is None and ports == []
    assert problem is not None and "needs Node 20.6 or newer; yours is v18.20.4" in problem


def test_goto_23_shows_the_env_file_line_and_it_serves_the_settings_when_pasted(
        tmp_path: Path, node_binary: str, node_modules: Path, marked: str) -> None:
    result = run_tutor(tmp_path / "home", "goto", "23", "--vs", "both", "--no-predict")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = dict(SERVER_LINE.findall(result.stdout))
    assert re.search(r"PORT=\d+ node --env-file=settings\.env server\.js$", lines[EXPRESS.label]), lines
    assert re.search(r"PORT=\d+ node server\.js$", lines[FASTIFY.label]), lines
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = _paste(lines[EXPRESS.label], elsewhere, dict(os.environ))
    try:
        # --env-file put the file into process.env: the twin's /environ shows its strings.
        assert _answer(_port(lines[EXPRESS.label]), "/environ", proc) == {"SHOP_DEBUG": "false", "SHOP_MAX_ITEMS": "50"}
    finally:
        _stop(proc)
    left = leftovers(marked, within=5)
    kill_leftovers(left)
    assert left == []
