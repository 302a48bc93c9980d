"""The `[serving]` demo: the lesson's app with one worker process and with several, under load.

    [serving]
    path = "/work?ms=3"        # answers JSON with the "pid" of the process that served it
    workers = [1, 2]           # one run per count, on each stack
    seconds = 1.0              # how long each load run lasts
    clients = 8                # concurrent client connections during a run
    <stack>_ready = "listening"  # optional: a line each of that twin's workers prints once it listens
    why = "What the numbers mean."  # beside the default stack's twin
    <stack>_why = "..."        # beside each other stack's (one per twin)

It starts its own servers on free ports (`uvicorn main:app --workers N` and, for each
running twin, `WORKERS=N node server.js` forking a `cluster`), waits until every worker
is up, sends requests for `seconds` from `clients` threads, counts the answers by
pid, and stops every server again, process groups and all. `run()` returns False
when a run with several workers was answered by one process only.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from fastapi_uvicorn_tutor.course import stacks
from fastapi_uvicorn_tutor.course.plans.serving import MAX_WORKERS, Plan, plan_from_table
from fastapi_uvicorn_tutor.demos import missing_notes, read_plan, render_verdict, whys_for
from fastapi_uvicorn_tutor.runtime import ports, servers
from fastapi_uvicorn_tutor.runtime.load import ThreadedLoad
from fastapi_uvicorn_tutor.ui.render import code_spans, style_of

if TYPE_CHECKING:
    from rich.console import Console

    from fastapi_uvicorn_tutor.course.catalog import Lesson
    from fastapi_uvicorn_tutor.runtime.live import LiveServers

# Uvicorn prints this once per worker process when the app is ready to serve.
UVICORN_READY = "Application startup complete."


@dataclass
class Target:
    """One server this demo started: which side ("fastapi" or a stack id), how many workers."""

    stack: str
    workers: int
    server: servers.Server
    problem: str | None = None

    @property
    def command(self) -> str:
        return self.server.spec.shown


@dataclass(frozen=True)
class Load:
    """What one load run saw."""

    answered: int
    errors: int
    elapsed: float
    pids: tuple[tuple[int, int], ...]  # (pid, answers), most answers first
    first_error: str | None = None

    @property
    def rate(self) -> float:
        return self.answered / self.elapsed if self.elapsed > 0 else 0.0


@dataclass(frozen=True)
class Result:
    stack: str
    workers: int
    command: str
    load: Load | None
    problem: str | None = None


# ----- starting and stopping the fleet --------------------------------------------


def fastapi_spec(lesson: Lesson, port: int, workers: int) -> servers.ServerSpec:
    return servers.uvicorn_spec(lesson.folder, port, extra=["--workers", str(workers)])


def twin_spec(lesson: Lesson, stack: stacks.Stack, port: int, workers: int, node: str,
              modules: Path | None) -> servers.ServerSpec:
    """`node server.js` with WORKERS set: the twin forks that many cluster workers."""
    spec = servers.node_spec(stack, lesson.twin_folder(stack.id), port, node, modules, node_args=lesson.node_args_for(stack.id))
    return replace(spec, env={**spec.env, "WORKERS": str(workers)}, shown=f"WORKERS={workers} {spec.shown}")


def nodes_from(live: LiveServers) -> dict[str, tuple[str, Path | None]]:
    """For each running twin, by stack id: the node binary and NODE_PATH it runs with."""
    found = {}
    for sid, server in live.twins.items():
        modules = server.spec.env.get("NODE_PATH")
        found[sid] = (server.spec.argv[0], Path(modules) if modules else None)
    return found


def start_fleet(lesson: Lesson, plan: Plan, nodes: Mapping[str, tuple[str, Path | None]],
                avoid: set[int] = frozenset()) -> list[Target]:  # type: ignore[assignment]
    """Launch one server per side and worker count, each on its own free port (does not wait).

    `nodes` holds, per stack id, the node binary and NODE_PATH of each twin to run.
    """
    taken = set(avoid)
    targets: list[Target] = []

    def port() -> int:
        chosen = ports.pick_port(None, taken)
        taken.add(chosen)
        return chosen

    try:
        for workers in plan.workers:
            targets.append(Target(stacks.FASTAPI, workers, servers.launch(fastapi_spec(lesson, port(), workers))))
        for sid, (node, modules) in nodes.items():
            for workers in plan.workers:
                spec = twin_spec(lesson, stacks.get(sid), port(), workers, node, modules)
                targets.append(Target(sid, workers, servers.launch(spec)))
    except OSError:
        stop_fleet(targets)
        raise
    return targets


def _ready_line(target: Target, plan: Plan) -> str:
    return UVICORN_READY if target.stack == stacks.FASTAPI else plan.ready[target.stack]


def wait_fleet(targets: list[Target], plan: Plan, timeout: float | None = None) -> None:
    """Wait until every server answers and every one of its workers said it is ready.

    A server that fails gets `problem` set; the others carry on.
    """
    limit = servers.start_timeout() if timeout is None else timeout
    for target in targets:
        try:
            servers.wait_ready([target.server], timeout=limit)
        except servers.ServerFailed as failure:
            target.problem = failure.reason
    deadline = time.monotonic() + limit
    for target in targets:
        if target.problem is not None:
            continue
        seen = servers.wait_workers(target.server, _ready_line(target, plan), target.workers,
                                    timeout=max(0.0, deadline - time.monotonic()))
        if seen >= target.workers:
            continue
        if not target.server.running:
            target.problem = f"exited with code {target.server.proc.returncode}"
        else:
            target.problem = f"only {seen} of {target.workers} workers started within {limit:g} s"


def stop_fleet(targets: list[Target]) -> None:
    """Stop every server (whole process groups: the workers go too) and delete the logs."""
    servers.stop_and_clean([t.server for t in targets])


# ----- load -----------------------------------------------------------------------


def _pid(status: int, body: bytes) -> int | None:
    """The pid a 200 answer names (the process that served it), None for any other answer."""
    if status != 200:
        return None
    try:
        return int(json.loads(body)["pid"])
    except (ValueError, KeyError, TypeError):
        return None


def load(port: int, path: str, seconds: float, clients: int) -> Load:
    """`clients` threads send requests one after another for `seconds`; count answers by pid.

    Each request opens its own connection, so the server's workers share them out.
    """
    outcome = ThreadedLoad(f"http://{servers.HOST}:{port}{path}", clients, seconds, keep_alive=False, timeout=5,
                           tally=_pid).result()
    answered = sum(outcome.tally.values())
    first_error = outcome.first_error or (None if answered == outcome.requests else 'an answer without a "pid"')
    return Load(answered, outcome.errors + outcome.requests - answered, outcome.duration_s,
                tuple((cast(int, pid), count) for pid, count in outcome.tally.most_common()), first_error)


def measure(targets: list[Target], plan: Plan) -> list[Result]:
    """One load run per server, one after another, so the runs do not compete for the CPU."""
    results = []
    for target in targets:
        if target.problem is not None:
            results.append(Result(target.stack, target.workers, target.command, None, target.problem))
            continue
        results.append(Result(target.stack, target.workers, target.command,
                              load(target.server.spec.port, plan.path, plan.seconds, plan.clients)))
    return results


def problems(results: list[Result]) -> list[str]:
    """Sentences for what contradicts the lesson: a server that failed, a multi-worker run from one process."""
    found = []
    for result in results:
        name = f"{stacks.label_of(result.stack)} with {result.workers} worker{'s' if result.workers > 1 else ''}"
        if result.load is None:
            found.append(f"{name} did not run: {result.problem}")
        elif result.load.answered == 0:
            found.append(f"{name} answered no request ({result.load.first_error})")
        elif result.workers > 1 and len(result.load.pids) < 2:
            found.append(f"{name} answered from one process only (pid {result.load.pids[0][0]})")
    return found


# ----- rendering ------------------------------------------------------------------


def render_intro(plan: Plan, commands: list[str], notes: Sequence[RenderableType] = (),
                 each_stack: bool = True) -> RenderableType:
    """What is about to run; `notes` for the twins that are not running."""
    counts = " and ".join(str(n) for n in plan.workers)
    lines: list[RenderableType] = [Text.assemble(
        ("Serving, measured: ", "bold"),
        f"the same app with {counts} worker processes{' on each stack' if each_stack else ''}. "
        f"For {plan.seconds:g} s each, "
        f"{plan.clients} clients send GET {plan.path} as fast as answers come back. The tutor starts:",
    )]
    lines += [Text(f"  $ {command}", style="dim") for command in commands]
    return Group(*lines, *notes)


def _cell(result: Result | None, style: str, best_rate: float) -> RenderableType:
    if result is None:
        return Text("not run", style="dim")
    parts: list[RenderableType] = [Text(result.command, style="dim", overflow="fold")]
    if result.load is None:
        parts.append(Text(f"did not run: {result.problem}", style="bold red"))
        return Group(*parts)
    load = result.load
    bar = "█" * max(1, round(12 * load.rate / best_rate)) if best_rate > 0 else ""
    parts.append(Text.assemble((f"{load.rate:,.0f} req/s ", "bold"), (bar, style)))
    count = len(load.pids)
    few = result.workers > 1 and count < 2
    parts.append(Text(f"answered by {count} process{'es' if count != 1 else ''}", style="bold red" if few else ""))
    for pid, answers in load.pids[:MAX_WORKERS]:
        parts.append(Text(f"  pid {pid}: {answers:,} ({answers / max(load.answered, 1):.0%})"))
    if load.errors:
        parts.append(Text(f"{load.errors} failed: {load.first_error}", style="red"))
    return Group(*parts)


def speedups(results: list[Result]) -> dict[str, float]:
    """For each side: the most workers' rate over one worker's rate (when both ran)."""
    found = {}
    for stack in dict.fromkeys(r.stack for r in results):
        rates = {r.workers: r.load.rate for r in results if r.stack == stack and r.load and r.load.rate > 0}
        if 1 in rates and len(rates) > 1:
            found[stack] = rates[max(rates)] / rates[1]
    return found


def render_results(plan: Plan, results: list[Result], cpus: int | None, chosen: Sequence[str] = ()) -> RenderableType:
    """Which processes answered, and how many requests per second, side by side per worker count;
    then what the numbers mean (the explanation of `chosen`'s stacks when no twin ran)."""
    sides = [stacks.FASTAPI, *dict.fromkeys(r.stack for r in results if r.stack != stacks.FASTAPI)]
    best = max((r.load.rate for r in results if r.load), default=0.0)
    table = Table(box=box.SIMPLE_HEAD, expand=True, padding=(0, 1))
    table.add_column("workers", no_wrap=True, style="bold", justify="right")
    for side in sides:
        how = "uvicorn --workers" if side == stacks.FASTAPI else "node cluster"
        table.add_column(Text(f"{stacks.label_of(side)} · {how}", style=style_of(side)), ratio=4)
    for workers in plan.workers:
        def find(stack: str, n: int = workers) -> Result | None:
            return next((r for r in results if r.stack == stack and r.workers == n), None)
        cells = [str(workers), *[_cell(find(side), style_of(side), best) for side in sides]]
        table.add_row(*cells, end_section=True)
    parts: list[RenderableType] = [table]
    gains = speedups(results)
    if gains:
        most = max(plan.workers)
        said = ", ".join(f"{stacks.label_of(side)} ×{gain:.2f}" for side, gain in gains.items())
        where = f"{cpus} CPU cores" if cpus else "an unknown number of CPU cores"
        parts.append(Text.assemble((f"{most} workers vs 1: ", "bold"), said,
                                   (f"  (this machine: {where}, shared with the load generator)", "dim")))
    for sid, why in whys_for(plan.whys, sides, chosen):
        parts.append(Text.assemble((f"{stacks.label_of(sid)}: ", "bold"), code_spans(why)) if sid else code_spans(why))
    return Group(*parts)


def render_problems(found: list[str]) -> RenderableType:
    return render_verdict(found, "Every run with several workers was answered by several processes.")


# ----- the hooks ------------------------------------------------------------------


def run(lesson: Lesson, table: dict[str, Any], live: LiveServers, console: Console) -> bool:
    """Start the extra servers, load each in turn, stop them all, show the result."""
    plan = read_plan(plan_from_table, lesson, table, console)
    if plan is None:
        return False
    nodes = nodes_from(live)
    avoid = {s.spec.port for s in live.all}
    targets: list[Target] = []
    try:
        with console.status("Starting the servers for the serving demo…"):
            targets = start_fleet(lesson, plan, nodes, avoid)
        notes = missing_notes(live, "Measuring the FastAPI side only." if not nodes else "Measuring the others.")
        console.print(render_intro(plan, [t.command for t in targets], notes, each_stack=bool(nodes)))
        with console.status("Waiting for every worker, then loading each server in turn…"):
            wait_fleet(targets, plan)
            results = measure(targets, plan)
    finally:
        stop_fleet(targets)
    found = problems(results)
    console.print(render_results(plan, results, os.cpu_count(), [stack.id for stack in live.chosen]))
    console.print(render_problems(found))
    return not found
