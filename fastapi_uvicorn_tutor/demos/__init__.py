"""Demos that need more than one request and its answer.

A lesson opts in with a table in its lesson.toml named after a module here:
`[concurrency]`, `[websocket]`, `[lifespan]`, `[testing]`, `[serving]`. Each module
has `run(lesson, table, live, console) -> bool` (called after the regular demos,
both servers still up; False when what it saw contradicts the lesson) and may have
`after_stop(lesson, table, live, console)` (called once both servers stopped, their
logs still readable). Modules own their pure `render_*` functions too.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from fastapi_uvicorn_tutor.catalog import Lesson
    from fastapi_uvicorn_tutor.session import LiveServers

from fastapi_uvicorn_tutor.catalog import SPECIAL_KINDS as KINDS


def _present(lesson: Lesson) -> list[tuple[str, dict]]:  # type: ignore[type-arg]
    return [(kind, lesson.section(kind)) for kind in KINDS if kind in lesson.meta]


def after_demos(lesson: Lesson, live: LiveServers, console: Console) -> bool:
    ok = True
    for kind, table in _present(lesson):
        module = importlib.import_module(f"fastapi_uvicorn_tutor.demos.{kind}")
        ok &= bool(module.run(lesson, table, live, console))
    return ok


def wants_after_stop(lesson: Lesson) -> bool:
    """Whether a special demo of this lesson reads the servers' logs after they stop."""
    return any(hasattr(importlib.import_module(f"fastapi_uvicorn_tutor.demos.{kind}"), "after_stop")
               for kind, _ in _present(lesson))


def after_stop(lesson: Lesson, live: LiveServers, console: Console) -> None:
    for kind, table in _present(lesson):
        module = importlib.import_module(f"fastapi_uvicorn_tutor.demos.{kind}")
        hook = getattr(module, "after_stop", None)
        if hook is not None:
            hook(lesson, table, live, console)
