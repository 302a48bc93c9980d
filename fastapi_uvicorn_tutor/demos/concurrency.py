"""The `[concurrency]` demo: many requests at once to each slow endpoint, timed on every server.

A lesson declares what should happen, and the live servers must agree:

    [concurrency]
    requests = 10            # sent at once to each endpoint, on each server
    seconds = 0.1            # what one request takes alone (sent as ?seconds=)
    [[concurrency.endpoint]]
    path = "/sync-sleep"
    fastapi = "parallel"     # or "serial": all requests together take about `seconds`,
    <stack> = "serial"       # or about `requests x seconds`; one per twin, keyed by its stack id
    fastapi_how = "def + time.sleep"
    <stack>_how = "sync handler, blocking sleep"   # optional, for any side
    why = "One line on why the rows look the way they do."

`run()` fires the requests (to every server at the same moment), shows the wall
times side by side and returns False when a measurement contradicts the claim.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from fastapi_uvicorn_tutor.course import stacks
from fastapi_uvicorn_tutor.course.messages import Request, Response
from fastapi_uvicorn_tutor.course.plans.concurrency import (
    PARALLEL_BOUND,
    SERIAL_BOUND,
    Plan,
    Row,
    Timing,
    plan_from_table,
)
from fastapi_uvicorn_tutor.demos import missing_notes, read_plan, render_verdict, side_title
from fastapi_uvicorn_tutor.runtime.client import send
from fastapi_uvicorn_tutor.ui.render import SIDE_BY_SIDE_WIDTH, code_spans, style_of

if TYPE_CHECKING:
    from rich.console import Console

    from fastapi_uvicorn_tutor.course.catalog import Lesson
    from fastapi_uvicorn_tutor.runtime.live import LiveServers

def fire(port: int, path: str, requests: int, timeout: float = 15.0) -> Timing:
    """`requests` GETs at once, each on its own connection; the time until the last answer."""
    return fire_all({"": port}, path, requests, timeout)[""]


def fire_all(ports: Mapping[str, int], path: str, requests: int, timeout: float = 15.0) -> dict[str, Timing]:
    """The same burst to every server at the same moment (so the demo takes no longer than one burst).

    `ports` maps a side to its port; the timings come back under the same keys.
    """
    request = Request("GET", path)
    finished: dict[str, list[tuple[Response, float]]] = {side: [] for side in ports}

    def one(side: str) -> tuple[str, Response, float]:
        response = send(ports[side], request, timeout=timeout)
        return side, response, time.perf_counter()

    with ThreadPoolExecutor(max_workers=requests * len(ports), thread_name_prefix="burst") as pool:
        started = time.perf_counter()
        futures = [pool.submit(one, side) for side in ports for _ in range(requests)]
        for future in futures:
            side, response, at = future.result()
            finished[side].append((response, at))

    def timing(side: str) -> Timing:
        answers = finished[side]
        return Timing(
            total=max(at for _, at in answers) - started,
            statuses=tuple(r.status for r, _ in answers),
            errors=tuple(sorted({r.error for r, _ in answers if r.error})),
        )

    return {side: timing(side) for side in ports}


def measure(plan: Plan, ports: Mapping[str, int]) -> list[Row]:
    """One burst per endpoint (every server at once), endpoint after endpoint."""
    timeout = max(5.0, 3 * plan.serial_total)
    return [Row(endpoint, fire_all(ports, plan.url(endpoint), plan.requests, timeout)) for endpoint in plan.endpoints]


def shape_of(total: float, plan: Plan) -> str:
    """"parallel", "serial", or "unclear" (between the bounds) for a measured total."""
    if total < PARALLEL_BOUND * plan.serial_total:
        return "parallel"
    if total >= SERIAL_BOUND * plan.serial_total:
        return "serial"
    return "unclear"


def problems(plan: Plan, rows: list[Row]) -> list[str]:
    """Sentences for every measurement that contradicts the lesson (empty when all agree)."""
    found = []
    for row in rows:
        for side, timing in row.timings.items():
            who, claim = stacks.label_of(side), row.endpoint.shapes[side]
            if not timing.ok:
                what = "; ".join(timing.errors) or f"statuses {sorted(set(timing.statuses))}"
                found.append(f"{who} {row.endpoint.path}: not every request got a 200 ({what})")
                continue
            measured = shape_of(timing.total, plan)
            if measured != claim:
                found.append(f"{who} {row.endpoint.path}: the lesson says {claim}, but {plan.requests} requests "
                             f"took {timing.total:.2f} s (one alone: {plan.seconds:g} s, one after another: "
                             f"{plan.serial_total:g} s)")
    return found


# ----- rendering ------------------------------------------------------------------


def render_intro(plan: Plan, servers: int, notes: Sequence[RenderableType] = ()) -> RenderableType:
    """What is about to happen, before the (short) wait; `notes` say which twins are not running."""
    where = ("on the FastAPI server" if servers < 2 else "on both servers at the same moment" if servers == 2
             else f"on all {servers} servers at the same moment")
    lines: list[RenderableType] = [Text.assemble(
        ("Concurrency, measured: ", "bold"),
        f"{plan.requests} requests at once to each endpoint below, {where}. ",
        f"One request alone takes {plan.seconds:g} s; served one after another, {plan.requests} take "
        f"{plan.serial_total:g} s.",
    )]
    return Group(*lines, *notes)


def _cell(timing: Timing | None, claim: str, how: str, plan: Plan, style: str) -> RenderableType:
    if timing is None:
        return Text("not running", style="dim")
    parts: list[Text] = []
    if how:
        parts.append(Text(how, style="dim"))
    if not timing.ok:
        parts.append(Text("; ".join(timing.errors) or f"statuses {sorted(set(timing.statuses))}", style="bold red"))
        return Group(*parts)
    measured = shape_of(timing.total, plan)
    agrees = measured == claim
    parts.append(Text.assemble((f"{timing.total:.2f} s ", "bold"),
                               (measured, style if agrees else "bold red")))
    units = max(1, round(timing.total / plan.seconds))
    bar = "█" * min(units, plan.requests + 2) + ("…" if units > plan.requests + 2 else "")
    parts.append(Text(bar, style=style))
    if not agrees:
        parts.append(Text(f"! the lesson says {claim}", style="bold red"))
    return Group(*parts)


def render_table(plan: Plan, rows: list[Row], width: int) -> RenderableType:
    """The measured wall times side by side, one row per endpoint, with one line of why each.

    Wide terminals get the explanation in a fourth column; narrow ones get it
    under the table, numbered like the rows.
    """
    wide = width >= SIDE_BY_SIDE_WIDTH
    sides = list(dict.fromkeys(side for row in rows for side in row.timings))
    caption = (f"█ = {plan.seconds:g} s, one request alone · parallel: all {plan.requests} done in about one █ · "
               f"serial: about {plan.requests} █")
    table = Table(box=box.SIMPLE_HEAD, expand=True, padding=(0, 1), caption=caption, caption_justify="left")
    table.add_column("endpoint", no_wrap=True, style="bold")
    for side in sides:
        table.add_column(Text(side_title(side), style=style_of(side)), ratio=3)
    if wide:
        table.add_column("why", ratio=4, overflow="fold")
    notes: list[Text] = []
    for i, row in enumerate(rows, 1):
        label = row.endpoint.path if wide else f"{i}. {row.endpoint.path}"
        cells: list[RenderableType] = [label]
        for side in sides:
            cells.append(_cell(row.timings.get(side), row.endpoint.shapes.get(side, ""), row.endpoint.how.get(side, ""),
                               plan, style_of(side)))
        if wide:
            cells.append(code_spans(row.endpoint.why))
        table.add_row(*cells, end_section=True)
        if not wide and row.endpoint.why:
            notes.append(Text.assemble((f"{i}. ", "bold"), code_spans(row.endpoint.why)))
    return Group(table, *notes)


def render_problems(found: list[str]) -> RenderableType:
    return render_verdict(found, "Every measurement matches what the lesson claims.",
                          "Timings are noisy on a busy machine; run the lesson again to see if it holds.")


# ----- the hook -------------------------------------------------------------------


def run(lesson: Lesson, table: dict[str, Any], live: LiveServers, console: Console) -> bool:
    """Measure every declared endpoint on every live server and show the result."""
    plan = read_plan(plan_from_table, lesson, table, console)
    if plan is None:
        return False
    ports = {stacks.FASTAPI: live.fastapi.spec.port, **live.twin_ports()}
    console.print(render_intro(plan, len(ports), missing_notes(live, "Measuring the FastAPI side only."
                                                               if len(ports) == 1 else "Measuring the others.")))
    with console.status("Sending the bursts…"):
        rows = measure(plan, ports)
    found = problems(plan, rows)
    console.print(render_table(plan, rows, console.width))
    console.print(render_problems(found))
    return not found
