"""ui/render.commands: the lines that start each server, never wrapped or cut, whatever the width."""

from __future__ import annotations

import io

from rich.console import Console

from fastapi_uvicorn_tutor.course import stacks
from fastapi_uvicorn_tutor.ui import render

FASTAPI = "cd /a/rather/long/path/to/the/course/lessons/04-path-parameters && uvicorn main:app"
TWIN = "cd /a/rather/long/path/node_equivalents/express/04-path-parameters && NODE_PATH=/c/node_modules PORT=3000 node server.js"


def printed(renderable: object, width: int) -> list[str]:
    out = io.StringIO()
    Console(file=out, width=width, color_system=None).print(renderable, crop=False)
    return out.getvalue().splitlines()


def test_each_command_is_one_whole_line_at_any_width() -> None:
    for width in (40, 80, 200):
        lines = printed(render.commands(FASTAPI, [(stacks.DEFAULT, TWIN)]), width)
        assert f"FastAPI  $ {FASTAPI}" in lines and f"{stacks.DEFAULT.label.ljust(7)}  $ {TWIN}" in lines
        assert lines[0].startswith("Starting both servers" if width >= 80 else "Starting both")  # the title may be cut


def test_fastapi_alone_when_no_twin_runs() -> None:
    lines = printed(render.commands(FASTAPI, []), 80)
    assert f"FastAPI  $ {FASTAPI}" in lines and lines[0].startswith("Starting both servers")
