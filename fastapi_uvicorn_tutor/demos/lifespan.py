"""The `[lifespan]` demo: start-up and shutdown, read from what each server printed.

A lesson lists the lines each server must print, in order (each is a substring of
one log line):

    [lifespan]
    why = "One line on why the shutdown columns look the way they do."  # the default stack's
    <stack>_why = "..."                  # each other stack's (one per twin)
    [lifespan.fastapi]
    startup = ["Waiting for application startup.", "startup: opening the pantry"]
    shutdown = ["Shutting down", "shutdown: closing the pantry"]
    [lifespan.<stack>]                   # one per twin, keyed by its stack id
    startup = ["startup: opening the pantry", "listening on"]
    shutdown = ["shutdown: SIGTERM received"]

`run()` (every server up) shows the start-up lines and returns False when one is
missing. `after_stop()` (the engine has sent SIGTERM to every process group and
waited) shows the shutdown lines and how each process ended.
"""

from __future__ import annotations

import signal
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from fastapi_uvicorn_tutor.course import stacks
from fastapi_uvicorn_tutor.course.check_kinds import ACCESS_LINE
from fastapi_uvicorn_tutor.course.check_kinds import missing_in_order as missing
from fastapi_uvicorn_tutor.course.plans.lifespan import Plan, plan_from_table
from fastapi_uvicorn_tutor.demos import missing_notes, read_plan, render_verdict, side_title, why_markdown, whys_for
from fastapi_uvicorn_tutor.ui.render import side_by_side, style_of

if TYPE_CHECKING:
    from rich.console import Console

    from fastapi_uvicorn_tutor.course.catalog import Lesson
    from fastapi_uvicorn_tutor.runtime.live import LiveServers
    from fastapi_uvicorn_tutor.runtime.servers import Server

# How much of each log run() has shown, per log file: after_stop shows only what came later.
_shown_upto: dict[str, int] = {}


# ----- reading the logs ---------------------------------------------------------


def log_lines(text: str) -> list[str]:
    """The non-empty lines of a server's output, without request (access log) lines."""
    return [line.rstrip() for line in text.splitlines() if line.strip() and not ACCESS_LINE.match(line)]


def startup_lines(text: str) -> list[str]:
    """What a server printed before it served its first request."""
    lines = []
    for line in text.splitlines():
        if ACCESS_LINE.match(line):
            break
        if line.strip():
            lines.append(line.rstrip())
    return lines


def describe_exit(returncode: int | None) -> str:
    """How a stopped server ended, in the words a shell would use."""
    if returncode is None:
        return "still running"
    if returncode >= 0:
        return f"process ended with exit code {returncode}"
    try:
        name = signal.Signals(-returncode).name
    except ValueError:
        name = f"signal {-returncode}"
    if name == "SIGKILL":
        return "process killed with SIGKILL: it had not stopped a few seconds after SIGTERM"
    return f"process ended by {name} (a shell shows exit status {128 - returncode})"


# ----- rendering ------------------------------------------------------------------


def _column(lines: list[str], expected: tuple[str, ...], style: str, extra: str = "") -> RenderableType:
    """One server's lines: the ones the lesson is about in colour, the rest dim, misses in red."""
    out: list[RenderableType] = []
    for line in lines:
        wanted = any(fragment in line for fragment in expected)
        out.append(Text(line, style=style if wanted else "dim", overflow="fold"))
    if not lines:
        out.append(Text("(nothing printed)", style="dim"))
    for fragment in missing(expected, lines):
        out.append(Text(f"✗ missing: {fragment}", style="bold red"))
    if extra:
        out.append(Text(extra, style="bold"))
    return Group(*out)


def render_phase(title: str, lines: Mapping[str, list[str]], plan: Plan, phase: str, width: int,
                 *, exits: Mapping[str, str] | None = None, whys: Sequence[tuple[str | None, str]] = ()) -> RenderableType:
    """Every server's log lines for one phase ("startup" or "shutdown"), side by side; keyed by side.
    `whys` (from demos.whys_for) follow them."""
    panels: list[RenderableType] = []
    for side, printed in lines.items():
        style = style_of(side)
        panels.append(Panel(_column(printed, getattr(plan.sides[side], phase), style, (exits or {}).get(side, "")),
                            title=side_title(side), title_align="left", border_style=style))
    parts: list[RenderableType] = [Text(title, style="bold"), side_by_side(panels, width)]
    parts.extend(why_markdown(list(whys)))
    return Group(*parts)


def problems(plan: Plan, phase: str, lines: Mapping[str, list[str]]) -> list[str]:
    return [f"{stacks.label_of(side)} printed no line with {f!r} at {phase}"
            for side, printed in lines.items() for f in missing(getattr(plan.sides[side], phase), printed)]


def render_problems(found: list[str], phase: str, servers: int = 2) -> RenderableType:
    who = "The FastAPI server" if servers < 2 else "Both servers" if servers == 2 else f"All {servers} servers"
    return render_verdict(found, f"{who} printed the {phase} lines the lesson expects.")


# ----- the hooks ------------------------------------------------------------------


def _remember(server: Server) -> str:
    text = server.output()
    _shown_upto[str(server.log_path)] = len(text)
    return text


def _sides(live: LiveServers, plan: Plan) -> dict[str, Server]:
    """The servers whose lines the lesson declares, by side (FastAPI first)."""
    found = {stacks.FASTAPI: live.fastapi}
    found.update({sid: server for sid, server in live.twins.items() if sid in plan.sides})
    return found


def run(lesson: Lesson, table: dict[str, Any], live: LiveServers, console: Console) -> bool:
    """Show what each server printed while starting, before its first request."""
    plan = read_plan(plan_from_table, lesson, table, console)
    if plan is None:
        return False
    lines = {side: startup_lines(_remember(server)) for side, server in _sides(live, plan).items()}
    for note in missing_notes(live, "Showing the FastAPI side only." if len(lines) == 1 else "Showing the others."):
        console.print(note)
    console.print(render_phase("Start-up: what each server printed before its first request", lines,
                               plan, "startup", console.width))
    found = problems(plan, "startup", lines)
    console.print(render_problems(found, "start-up", len(lines)))
    every = "both servers have" if len(lines) == 2 else "the FastAPI server has" if len(lines) < 2 else "every server has"
    console.print(Text(f"The shutdown lines follow once {every} been sent SIGTERM, at the end of the lesson.", style="dim"))
    return not found


def after_stop(lesson: Lesson, table: dict[str, Any], live: LiveServers, console: Console) -> None:
    """Show what each server printed after SIGTERM, and how its process ended."""
    if str(live.fastapi.log_path) not in _shown_upto:
        return  # run() never ran: the servers did not start, and that has been shown already
    plan = read_plan(plan_from_table, lesson, table, console)
    if plan is None:
        return

    def after(server: Server) -> list[str]:
        return log_lines(server.output()[_shown_upto.pop(str(server.log_path), 0):])

    sides = _sides(live, plan)
    lines = {side: after(server) for side, server in sides.items()}
    exits = {side: describe_exit(server.proc.returncode) for side, server in sides.items()}
    console.print(render_phase("Shutdown: what each server printed after SIGTERM", lines, plan,
                               "shutdown", console.width, exits=exits,
                               whys=whys_for(plan.whys, sides, [stack.id for stack in live.chosen])))
    console.print(render_problems(problems(plan, "shutdown", lines), "shutdown", len(lines)))
