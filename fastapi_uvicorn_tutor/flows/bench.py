"""`tutor bench`: the same load against a lesson's FastAPI app and its Node twins.

Each server runs alone, one after the other, on this machine. The load generator is
autocannon from a stack's npm dependencies, the same binary and settings for every
side. Without Node the Python side is benched alone with a small threaded
`http.client` loop: a different and much weaker generator, labelled as such, whose
numbers must not be compared with autocannon's.

The parts, each where it belongs: which runs to make (course/bench/plan.py), the
report and its `--json` shape (course/bench/report.py), measuring one run
(runtime/bench.py) with a load generator (runtime/load.py), the table and the live
bar (ui/bench.py). The command's options and help live in cli/bench.py, which the
CLI imports on every start; this module loads only when `tutor bench` runs.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi_uvicorn_tutor.course import stacks
from fastapi_uvicorn_tutor.course.bench.plan import VARIANTS, WAITERS, BenchError, RunSpec, Settings, default_path, plan_runs
from fastapi_uvicorn_tutor.course.bench.report import BenchReport, RunResult, compare
from fastapi_uvicorn_tutor.errors import Interrupted, TutorError
from fastapi_uvicorn_tutor.runtime.bench import generator_info, measure
from fastapi_uvicorn_tutor.runtime.machine import machine_info, uvicorn_defaults

if TYPE_CHECKING:
    from rich.console import Console

    from fastapi_uvicorn_tutor.course.catalog import Lesson
    from fastapi_uvicorn_tutor.runtime.node import NodeStatus


@dataclass
class Tools:
    """What this machine offers the bench: the generator, and each benchable stack's node_modules."""

    generator: str  # "autocannon" or "python-threads"
    stack_modules: dict[str, Path]  # stack id -> its installed node_modules, for each stack to bench
    generator_modules: Path | None  # where autocannon is
    notes: list[str]


def _pick_generator(wanted: str, statuses: Sequence[NodeStatus], err: Console, quiet: bool) -> Tools:
    """The generator for this machine, installing each stack's dependencies once (with the spinner unless quiet)."""
    from fastapi_uvicorn_tutor.runtime import node
    from fastapi_uvicorn_tutor.ui.console import npm_spinner

    labels = " and ".join(status.stack.label for status in statuses)
    notes: list[str] = []
    if wanted not in ("auto", "autocannon", "python"):
        raise TutorError(f"Unknown generator {wanted!r}.", "Use auto, autocannon or python.", code=2)
    if wanted == "python":
        return Tools("python-threads", {}, None, [f"The Python fallback generator was asked for; {labels} is not benched."])
    installed: dict[str, Path] = {}
    for status in statuses:
        modules = status.modules
        if status.usable and modules is None:
            try:
                modules = node.install(status, feedback=None if quiet else npm_spinner(err))
            except node.NodeSetupError as exc:
                notes.append(str(exc))
        if status.usable and modules is not None:
            installed[status.stack.id] = modules
        elif not status.usable:
            notes.append(status.problem or f"The {status.stack.label} dependencies are not installed.")
    with_autocannon = [m for m in installed.values() if (m / "autocannon" / "autocannon.js").is_file()]
    if with_autocannon:
        return Tools("autocannon", installed, with_autocannon[0], notes)
    for modules in installed.values():
        notes.append(f"autocannon is missing from {modules}; reinstall the twins' dependencies (`tutor doctor`).")
    if wanted == "autocannon":
        raise TutorError("autocannon cannot run here.", " ".join(notes))
    notes.append("Without Node, FastAPI is benched alone with the Python fallback generator.")
    return Tools("python-threads", {}, None, notes)


def run_command(console: Console, err: Console, *, lesson: Lesson, duration: float, connections: int, workers: int,
                variants: list[str], path: str | None, async_path: str | None, def_path: str | None,
                warmup: float, generator: str, as_json: bool, chosen: Sequence[stacks.Stack] | None = None) -> int:
    """Plan, run and report a bench of `lesson`; 0 when every run measured something, 1 when one failed."""
    from fastapi_uvicorn_tutor.runtime import node
    from fastapi_uvicorn_tutor.ui import bench as render_bench

    found = lesson
    statuses = [node.detect(stack) for stack in chosen or (stacks.DEFAULT,) if found.has_twin(stack.id)]
    tools = _pick_generator(generator, statuses, err, as_json)
    gen, notes = tools.generator, tools.notes
    twins = [status.stack for status in statuses if status.stack.id in tools.stack_modules]
    settings = Settings(duration=duration, connections=connections, warmup=warmup, generator=gen)
    table = found.section("bench")
    main_path = path or default_path(found)
    async_path, def_path = async_path or table.get("async_path"), def_path or table.get("def_path")
    if "all" in variants and not (async_path and def_path):
        variants = [variant for variant in VARIANTS if variant not in ("all", "sync")]
        notes.append("The sync variant was left out: this lesson names no `async def` and `def` paths "
                     "([bench] async_path / def_path in lesson.toml, or --async-path and --def-path).")
    waiters = installed_waiters()
    try:
        plan = plan_runs(variants, main_path, workers, async_path=async_path, def_path=def_path, twins=twins,
                         waiters=waiters)
    except BenchError as exc:
        raise TutorError(str(exc), code=2) from None
    if any(run.raw for run in plan):
        absent = [name for name in WAITERS if name not in waiters]
        if absent:
            notes.append(f"{' and '.join(n.capitalize() for n in absent)} {'is' if len(absent) == 1 else 'are'} not installed, "
                         "so the waiters variant compares Uvicorn with the bare ASGI app only: "
                         "pip install 'fastapi-uvicorn-tutor[waiters]' adds them.")
        notes.append("The bare ASGI app answers every request with the bytes the FastAPI app gave for the path: "
                     "what is left is the server's own cost, and the gap to FastAPI is the framework's.")
    quiet = " and ".join(stack.label for stack in twins if not stack.access_log)
    if quiet:
        notes.append(f"Uvicorn runs with --no-access-log: {quiet} {'writes' if ' and ' not in quiet else 'write'} "
                     "no access log by default either.")
    else:
        notes.append("Uvicorn runs with --no-access-log: the tutor benches servers, not their logging.")
    if any(run.stack == "fastapi" and "--loop" not in run.uvicorn_args for run in plan):
        notes.append(f"Uvicorn's defaults (--loop auto --http auto) pick {uvicorn_defaults()} on this install.")
    if any(run.workers > 1 for run in plan) and (os.cpu_count() or 1) <= workers:
        notes.append(f"This machine has {os.cpu_count()} CPUs and the load generator needs one too: "
                     f"{workers} workers compete with it, so expect little or no gain.")
    node_bin = next((status.node for status in statuses if status.node), None) if gen == "autocannon" else None
    try:
        results = _run_all(found, plan, settings, node_bin, tools, console if not as_json else err)
    except KeyboardInterrupt:
        raise Interrupted("Stopped. The bench servers and the load generator are down; nothing was measured.") from None
    node_version = next((status.node_version for status in statuses if status.usable), None)
    report = BenchReport(found.slug, generator_info(settings, tools.generator_modules),
                         machine_info(node_version, tools.stack_modules), results, compare(results), notes,
                         [status.stack.id for status in statuses])
    if as_json:
        sys.stdout.write(json.dumps(report.to_json(), indent=2) + "\n")
    else:
        console.print(render_bench.report(report.to_json()))
    return 1 if any(run.failed for run in results) else 0


def _run_all(lesson: Lesson, plan: list[RunSpec], settings: Settings, node_bin: str | None, tools: Tools,
             out: Console) -> list[RunResult]:
    """Every run in turn under a live progress bar (on stderr when stdout carries JSON)."""
    from fastapi_uvicorn_tutor.ui.bench import RunProgress

    results: list[RunResult] = []
    with RunProgress(out, plan, settings.warmup + settings.duration) as bars:
        for run in plan:
            sample = next((r.sample for r in results if r.sample and r.spec.path == run.path), None)
            if run.raw and sample is None:
                result = RunResult(run, failed="the FastAPI app gave no 200 answer on this path to copy")
            else:
                result = measure(lesson, run, settings, node_bin, tools.stack_modules.get(run.stack), bars.update,
                                 generator_modules=tools.generator_modules, raw_env=sample if run.raw else None)
            results.append(result)
            bars.finish(run)
    return results


def installed_waiters() -> list[str]:
    """The ASGI servers besides Uvicorn that this environment can run."""
    import importlib.util

    return [name for name in WAITERS if importlib.util.find_spec(name) is not None]
