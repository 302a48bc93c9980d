"""The `tutor bench` command's surface: its options and help, registered on the CLI.

cli/app.py imports this on every start, so it holds nothing but the Typer declaration;
the bench itself (flows/bench.py and the modules it names) is imported only when
`tutor bench` runs.
"""

from __future__ import annotations

import os
from enum import Enum
from typing import TYPE_CHECKING, Optional

import typer

from fastapi_uvicorn_tutor.cli import common
from fastapi_uvicorn_tutor.course import stacks

if TYPE_CHECKING:
    from rich.console import Console


class Variant(str, Enum):
    """What `--variant` can compare (course/bench/plan.py explains each)."""

    stacks = "stacks"
    loop = "loop"
    workers = "workers"
    sync = "sync"
    waiters = "waiters"
    all = "all"


_LABELS = " and ".join(stack.label for stack in stacks.ALL)
_VERSIONS = ", ".join(f'"{sid}"' for sid in stacks.IDS)
_RATIOS = ", ".join(f'"vs_{sid}"' for sid in stacks.IDS)

BENCH_HELP = f"""Measure the lesson's FastAPI app on Uvicorn against its {stacks.DEFAULT.label} twin on Node.

Each server runs alone, one after the other, under the same autocannon load
(from the twins' npm dependencies); the table shows requests/s, latency p50/p99,
errors, the peak resident memory of the server's process group and the
FastAPI/{_LABELS} ratio. Without Node, FastAPI is benched alone with a weaker
Python generator (said so in the output). The numbers are this machine's, today:
read the ratios, not the absolute figures.

--json prints one object instead of the table:

\b
  {{"schema": "tutor-bench/2", "lesson", "stacks", "date",
   "generator": {{"name", "version", "connections", "duration_s", "warmup_s", "note"}},
   "machine": {{"cpus", "platform", "python", "node", "uvicorn", "fastapi", {_VERSIONS}}},
   "runs": [{{"id", "stack", "label", "command", "url", "path", "workers",
             "requests_per_s", "requests", "latency_ms": {{"p50", "p99", "mean", "max"}},
             "errors", "non_2xx", "peak_rss_mb", {_RATIOS}, "failed"}}],
   "ratios": [{{"name", "numerator", "denominator", "requests_per_s"}}],
   "notes": [str]}}

(full shape with types: the docstring of fastapi_uvicorn_tutor/course/bench/report.py)
"""


def register(app: typer.Typer, console: Console, err: Console) -> None:
    """Add `tutor bench` to the CLI (heavy imports stay inside the command)."""

    @app.command("bench", help=BENCH_HELP)
    def bench(
        lesson: str = typer.Argument("1", help="Lesson number or slug (default: 01)."),
        duration: float = typer.Option(5.0, "--duration", "-d", min=0.5, help="Seconds of load per run."),
        connections: int = typer.Option(10, "--connections", "-c", min=1, help="Concurrent keep-alive connections."),
        workers: int = typer.Option(max(2, os.cpu_count() or 2), "--workers", "-w", min=2,
                                    help="N for the workers variant (Uvicorn --workers N, Node cluster of N)."),
        variant: list[Variant] = typer.Option([Variant.stacks], "--variant", help="What to compare; repeat to combine."),
        path: Optional[str] = typer.Option(None, "--path", help="Path to load (default: from the lesson)."),
        async_path: Optional[str] = typer.Option(None, "--async-path", help="An `async def` endpoint, for --variant sync."),
        def_path: Optional[str] = typer.Option(None, "--def-path", help="A `def` endpoint, for --variant sync."),
        warmup: float = typer.Option(1.0, "--warmup", min=0, help="Seconds of unmeasured load before each run."),
        generator: str = typer.Option("auto", "--generator", help="auto, autocannon or python (the weaker fallback)."),
        as_json: bool = typer.Option(False, "--json", help="Print the results as JSON (shape above)."),
        vs: Optional[str] = common.vs_option(),
    ) -> None:
        from fastapi_uvicorn_tutor.course.catalog import find_lesson
        from fastapi_uvicorn_tutor.flows import bench

        found = find_lesson(common.lessons(), lesson)
        code = bench.run_command(console, err, lesson=found, duration=duration, connections=connections, workers=workers,
                                  variants=[v.value for v in variant], path=path, async_path=async_path, def_path=def_path,
                                  warmup=warmup, generator=generator, as_json=as_json,
                                  chosen=found.compared(common.chosen_stacks(vs))[0])
        if code:
            raise typer.Exit(code)
