"""`tutor bench`: the same load against a lesson's FastAPI app and its Express twin.

Each server runs alone, one after the other, on this machine. The load generator is
autocannon from the twins' npm dependencies, the same binary and settings for both
sides. Without Node the Python side is benched alone with a small threaded
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
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi_uvicorn_tutor.course.bench.plan import BenchError, RunSpec, Settings, default_path, plan_runs
from fastapi_uvicorn_tutor.course.bench.report import BenchReport, RunResult, compare
from fastapi_uvicorn_tutor.errors import Interrupted, TutorError
from fastapi_uvicorn_tutor.runtime.bench import generator_info, measure
from fastapi_uvicorn_tutor.runtime.machine import machine_info, uvicorn_defaults

if TYPE_CHECKING:
    from rich.console import Console

    from fastapi_uvicorn_tutor.course.catalog import Lesson
    from fastapi_uvicorn_tutor.runtime.node import NodeStatus


def _pick_generator(wanted: str, status: NodeStatus, err: Console, quiet: bool) -> tuple[str, Path | None, list[str]]:
    """('autocannon' | 'python-threads', node_modules, notes) for this machine."""
    from fastapi_uvicorn_tutor.runtime import node

    notes: list[str] = []
    if wanted not in ("auto", "autocannon", "python"):
        raise TutorError(f"Unknown generator {wanted!r}.", "Use auto, autocannon or python.", code=2)
    if wanted == "python":
        return "python-threads", None, ["The Python fallback generator was asked for; Express is not benched."]
    modules = status.modules
    if status.usable and modules is None:
        try:
            if quiet:
                modules = node.install(status)
            else:
                with err.status("Installing the Express twins' dependencies once (npm ci)…"):
                    modules = node.install(status)
        except node.NodeSetupError as exc:
            notes.append(str(exc))
    if status.usable and modules is not None and (modules / "autocannon" / "autocannon.js").is_file():
        return "autocannon", modules, notes
    if status.usable and modules is not None:
        notes.append(f"autocannon is missing from {modules}; reinstall the twins' dependencies (`tutor doctor`).")
    else:
        notes.append(status.problem or "The Express dependencies are not installed.")
    if wanted == "autocannon":
        raise TutorError("autocannon cannot run here.", " ".join(notes))
    notes.append("Without Node, FastAPI is benched alone with the Python fallback generator.")
    return "python-threads", None, notes


def run_command(console: Console, err: Console, *, lesson: Lesson, duration: float, connections: int, workers: int,
                variants: list[str], path: str | None, async_path: str | None, def_path: str | None,
                warmup: float, generator: str, as_json: bool) -> int:
    """Plan, run and report a bench of `lesson`; 0 when every run measured something, 1 when one failed."""
    from fastapi_uvicorn_tutor.runtime import node
    from fastapi_uvicorn_tutor.ui import bench as render_bench

    found = lesson
    status = node.detect()
    gen, modules, notes = _pick_generator(generator, status, err, as_json)
    settings = Settings(duration=duration, connections=connections, warmup=warmup, generator=gen)
    table = found.section("bench")
    main_path = path or default_path(found)
    async_path, def_path = async_path or table.get("async_path"), def_path or table.get("def_path")
    if "all" in variants and not (async_path and def_path):
        variants = ["stacks", "loop", "workers"]
        notes.append("The sync variant was left out: this lesson names no `async def` and `def` paths "
                     "([bench] async_path / def_path in lesson.toml, or --async-path and --def-path).")
    try:
        plan = plan_runs(variants, main_path, workers, async_path=async_path, def_path=def_path,
                         with_express=gen == "autocannon")
    except BenchError as exc:
        raise TutorError(str(exc), code=2) from None
    notes.append("Uvicorn runs with --no-access-log: Express writes no access log by default either.")
    if any(run.stack == "fastapi" and "--loop" not in run.uvicorn_args for run in plan):
        notes.append(f"Uvicorn's defaults (--loop auto --http auto) pick {uvicorn_defaults()} on this install.")
    if any(run.workers > 1 for run in plan) and (os.cpu_count() or 1) <= workers:
        notes.append(f"This machine has {os.cpu_count()} CPUs and the load generator needs one too: "
                     f"{workers} workers compete with it, so expect little or no gain.")
    node_bin = status.node if gen == "autocannon" else None
    try:
        results = _run_all(found, plan, settings, node_bin, modules, console if not as_json else err)
    except KeyboardInterrupt:
        raise Interrupted("Stopped. The bench servers and the load generator are down; nothing was measured.") from None
    report = BenchReport(found.slug, generator_info(settings, modules), machine_info(status if status.usable else None, modules),
                         results, compare(results), notes)
    if as_json:
        sys.stdout.write(json.dumps(report.to_json(), indent=2) + "\n")
    else:
        console.print(render_bench.report(report.to_json()))
    return 1 if any(run.failed for run in results) else 0


def _run_all(lesson: Lesson, plan: list[RunSpec], settings: Settings, node_bin: str | None, modules: Path | None,
             out: Console) -> list[RunResult]:
    """Every run in turn under a live progress bar (on stderr when stdout carries JSON)."""
    from fastapi_uvicorn_tutor.ui.bench import RunProgress

    results: list[RunResult] = []
    with RunProgress(out, plan, settings.warmup + settings.duration) as bars:
        for run in plan:
            results.append(measure(lesson, run, settings, node_bin, modules, bars.update))
            bars.finish(run)
    return results
