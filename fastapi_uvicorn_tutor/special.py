"""Demos that need more than one request and its answer.

Lessons opt in with a table in lesson.toml; `session.run_lesson` calls
`after_demos` once the regular demos are done (both servers still live) and
`after_stop` once both servers have stopped (their logs still readable).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from fastapi_uvicorn_tutor.catalog import Lesson
    from fastapi_uvicorn_tutor.session import LiveServers


def after_demos(lesson: Lesson, live: LiveServers, console: Console) -> bool:
    """Run the lesson's special demos while both servers are up; False if one misbehaved."""
    return True


def after_stop(lesson: Lesson, live: LiveServers, console: Console) -> None:
    """Show what the lesson wants to see after shutdown (e.g. lifespan log lines)."""
