"""Demos that need more than one request and its answer.

A lesson opts in with a table in its lesson.toml named after a module here:
`[concurrency]`, `[websocket]`, `[lifespan]`, `[testing]`, `[serving]`. Each module
has `run(lesson, table, live, console) -> bool` (called after the regular demos,
every server still up; False when what it saw contradicts the lesson) and may have
`after_stop(lesson, table, live, console)` (called once every server stopped, their
logs still readable). Each works on FastAPI and every running twin (`live.twins`). Modules own their pure `render_*` functions too.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from fastapi_uvicorn_tutor.course.catalog import Lesson
    from fastapi_uvicorn_tutor.runtime.live import LiveServers

from fastapi_uvicorn_tutor.course.plans import PlanError, present

P = TypeVar("P")


def render_verdict(found: list[str], all_good: str, note: str = "") -> RenderableType:
    """The last line of a special demo: its one-line success, or each problem in red."""
    from rich.console import Group
    from rich.text import Text

    if not found:
        return Text(all_good, style="green")
    lines = [Text(f"! {p}", style="bold red") for p in found]
    return Group(*lines, *([Text(note, style="dim")] if note else []))


def read_plan(parse: Callable[[dict[str, Any], tuple[str, ...]], P], lesson: Lesson, table: dict[str, Any], console: Console) -> P | None:
    """The demo's plan from its lesson.toml table, or None after printing why it is unusable."""
    try:
        return parse(table, tuple(lesson.twin_folders))
    except PlanError as exc:
        from rich.text import Text

        console.print(Text(f"! {lesson.slug}: {exc}", style="bold red"))
        return None


def missing_notes(live: LiveServers, consequence: str) -> list[RenderableType]:
    """One line per chosen twin that is not running: why, and what the demo does instead."""
    from fastapi_uvicorn_tutor.course import stacks
    from fastapi_uvicorn_tutor.ui.render import twin_missing

    return [twin_missing(stacks.get(sid), problem, consequence, live.labels.get(sid, ""))
            for sid, problem in live.missing.items()]


def side_title(side: str, server: str = "") -> str:
    """A column title: "FastAPI (Uvicorn)" or "<stack> (Node)"; `server` replaces what is in brackets."""
    from fastapi_uvicorn_tutor.course import stacks

    if side == stacks.FASTAPI:
        return f"FastAPI ({server or 'Uvicorn'})"
    stack = stacks.get(side)
    return f"{stack.label} ({server})" if server else stack.answer_title


def whys_for(whys: Mapping[str, str], sides: Iterable[str], fallback: Iterable[str] = ()) -> list[tuple[str | None, str]]:
    """A plan's explanations (by stack id) for the stacks shown, as (stack id or None, text).

    One (None, text) when every stack shown has the same one (or only one is shown),
    else one per stack, to be titled with its label. With no stack shown (no twin
    running), the `fallback` stacks' (the ones the learner chose) are used instead.
    """
    shown = [(sid, whys[sid]) for sid in sides if sid in whys]
    if not shown:
        shown = [(sid, whys[sid]) for sid in fallback if sid in whys]
    if len({text for _, text in shown}) <= 1:
        return [(None, text) for _, text in shown[:1]]
    return [(sid, text) for sid, text in shown]


def why_markdown(whys: list[tuple[str | None, str]]) -> list[RenderableType]:
    """`whys_for`'s answer as "**Why:** ..." lines (one per stack: "**Why (<label>):** ..."), `code` marked."""
    from rich.markdown import Markdown

    from fastapi_uvicorn_tutor.course import stacks

    return [Markdown(f"**Why{f' ({stacks.label_of(sid)})' if sid else ''}:** {text}", inline_code_theme="ansi_dark")
            for sid, text in whys]


def after_demos(lesson: Lesson, live: LiveServers, console: Console) -> bool:
    ok = True
    for kind, table in present(lesson):
        module = importlib.import_module(f"fastapi_uvicorn_tutor.demos.{kind}")
        ok &= bool(module.run(lesson, table, live, console))
    return ok


def wants_after_stop(lesson: Lesson) -> bool:
    """Whether a special demo of this lesson reads the servers' logs after they stop."""
    return any(hasattr(importlib.import_module(f"fastapi_uvicorn_tutor.demos.{kind}"), "after_stop")
               for kind, _ in present(lesson))


def after_stop(lesson: Lesson, live: LiveServers, console: Console) -> None:
    for kind, table in present(lesson):
        module = importlib.import_module(f"fastapi_uvicorn_tutor.demos.{kind}")
        hook = getattr(module, "after_stop", None)
        if hook is not None:
            hook(lesson, table, live, console)
