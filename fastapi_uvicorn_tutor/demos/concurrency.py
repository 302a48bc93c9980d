"""The `[concurrency]` demo: many requests at once to each slow endpoint, timed on both servers.

A lesson declares what should happen, and the live servers must agree:

    [concurrency]
    requests = 10            # sent at once to each endpoint, on each server
    seconds = 0.1            # what one request takes alone (sent as ?seconds=)
    [[concurrency.endpoint]]
    path = "/sync-sleep"
    fastapi = "parallel"     # or "serial": all requests together take about `seconds`,
    express = "serial"       # or about `requests x seconds`
    fastapi_how = "def + time.sleep"
    express_how = "sync handler, blocking sleep"
    why = "One line on why the two rows look the way they do."

`run()` fires the requests (FastAPI's and Express's at the same moment), shows the
wall times side by side and returns False when a measurement contradicts the claim.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from fastapi_uvicorn_tutor.course.messages import Request, Response
from fastapi_uvicorn_tutor.course.plans.concurrency import (
    PARALLEL_BOUND,
    SERIAL_BOUND,
    Plan,
    Row,
    Timing,
    plan_from_table,
)
from fastapi_uvicorn_tutor.demos import read_plan, render_verdict
from fastapi_uvicorn_tutor.runtime.client import send
from fastapi_uvicorn_tutor.ui.render import (
    EXPRESS_STYLE,
    FASTAPI_STYLE,
    SIDE_BY_SIDE_WIDTH,
    code_spans,
)

if TYPE_CHECKING:
    from rich.console import Console

    from fastapi_uvicorn_tutor.course.catalog import Lesson
    from fastapi_uvicorn_tutor.runtime.live import LiveServers

def fire(port: int, path: str, requests: int, timeout: float = 15.0) -> Timing:
    """`requests` GETs at once, each on its own connection; the time until the last answer."""
    return fire_both(port, None, path, requests, timeout)[0]  # type: ignore[return-value]


def fire_both(fastapi_port: int, express_port: int | None, path: str, requests: int,
              timeout: float = 15.0) -> tuple[Timing, Timing | None]:
    """The same burst to both servers at the same moment (so the demo takes half as long)."""
    ports = [fastapi_port] + ([express_port] if express_port else [])
    request = Request("GET", path)
    finished: dict[int, list[tuple[Response, float]]] = {port: [] for port in ports}

    def one(port: int) -> tuple[int, Response, float]:
        response = send(port, request, timeout=timeout)
        return port, response, time.perf_counter()

    with ThreadPoolExecutor(max_workers=requests * len(ports), thread_name_prefix="burst") as pool:
        started = time.perf_counter()
        futures = [pool.submit(one, port) for port in ports for _ in range(requests)]
        for future in futures:
            port, response, at = future.result()
            finished[port].append((response, at))

    def timing(port: int) -> Timing:
        answers = finished[port]
        return Timing(
            total=max(at for _, at in answers) - started,
            statuses=tuple(r.status for r, _ in answers),
            errors=tuple(sorted({r.error for r, _ in answers if r.error})),
        )

    return timing(fastapi_port), timing(express_port) if express_port else None


def measure(plan: Plan, fastapi_port: int, express_port: int | None) -> list[Row]:
    """One burst per endpoint (both servers at once), endpoint after endpoint."""
    timeout = max(5.0, 3 * plan.serial_total)
    rows = []
    for endpoint in plan.endpoints:
        fa, ex = fire_both(fastapi_port, express_port, plan.url(endpoint), plan.requests, timeout)
        rows.append(Row(endpoint, fa, ex))
    return rows


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
        sides = [("FastAPI", row.fastapi, row.endpoint.fastapi)]
        if row.express is not None:
            sides.append(("Express", row.express, row.endpoint.express))
        for who, timing, claim in sides:
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


def render_intro(plan: Plan, express_problem: str | None = None) -> RenderableType:
    """What is about to happen, before the (short) wait."""
    where = "on both servers at the same moment" if express_problem is None else "on the FastAPI server"
    lines = [Text.assemble(
        ("Concurrency, measured: ", "bold"),
        f"{plan.requests} requests at once to each endpoint below, {where}. ",
        f"One request alone takes {plan.seconds:g} s; served one after another, {plan.requests} take "
        f"{plan.serial_total:g} s.",
    )]
    if express_problem is not None:
        lines.append(Text.assemble(("Express twin not running: ", "bold yellow"), express_problem,
                                   " Measuring the FastAPI side only."))
    return Group(*lines)


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
    with_express = any(row.express is not None for row in rows)
    caption = (f"█ = {plan.seconds:g} s, one request alone · parallel: all {plan.requests} done in about one █ · "
               f"serial: about {plan.requests} █")
    table = Table(box=box.SIMPLE_HEAD, expand=True, padding=(0, 1), caption=caption, caption_justify="left")
    table.add_column("endpoint", no_wrap=True, style="bold")
    table.add_column(Text("FastAPI (Uvicorn)", style=FASTAPI_STYLE), ratio=3)
    if with_express:
        table.add_column(Text("Express (Node)", style=EXPRESS_STYLE), ratio=3)
    if wide:
        table.add_column("why", ratio=4, overflow="fold")
    notes: list[Text] = []
    for i, row in enumerate(rows, 1):
        label = row.endpoint.path if wide else f"{i}. {row.endpoint.path}"
        cells: list[RenderableType] = [label, _cell(row.fastapi, row.endpoint.fastapi, row.endpoint.fastapi_how, plan, FASTAPI_STYLE)]
        if with_express:
            cells.append(_cell(row.express, row.endpoint.express, row.endpoint.express_how, plan, EXPRESS_STYLE))
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
    """Measure every declared endpoint on both live servers and show the result."""
    plan = read_plan(plan_from_table, lesson, table, console)
    if plan is None:
        return False
    express_port = live.express.spec.port if live.express is not None else None
    missing = None if live.express is not None else (live.node_problem or "Node is not available.")
    console.print(render_intro(plan, missing))
    with console.status("Sending the bursts…"):
        rows = measure(plan, live.fastapi.spec.port, express_port)
    found = problems(plan, rows)
    console.print(render_table(plan, rows, console.width))
    console.print(render_problems(found))
    return not found
