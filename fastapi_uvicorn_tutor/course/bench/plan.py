"""Which runs a `tutor bench` makes: one server configuration and one path each.

Variants (`--variant`, repeatable):

- `stacks`  FastAPI on Uvicorn (its defaults) vs each twin on Node (the default).
- `loop`    Uvicorn `--loop uvloop --http httptools` vs `--loop asyncio --http h11`.
- `workers` Uvicorn 1 vs N `--workers` against Node 1 vs N `cluster` workers. A twin
            that reads `WORKERS` from the environment clusters itself; any other
            twin is forked N times by a small `cluster` primary (`node -e`), which
            works because every twin listens only when run as the main module.
- `sync`    an `async def` endpoint vs a `def` endpoint of the same app (paths from
            `[bench] async_path / def_path` in lesson.toml, or `--async-path/--def-path`),
            with each twin on the async path for reference.
- `waiters` the chef stays, the waiter changes: the same FastAPI app served by Uvicorn,
            Hypercorn and Granian (when installed: `pip install 'fastapi-uvicorn-tutor[waiters]'`),
            and a bare ASGI app answering the FastAPI app's bytes on Uvicorn (no framework).
- `all`     every variant above, each run once.

The path benched is `--path`, else `[bench] path` in lesson.toml, else `[serving] path`
(lesson 30's CPU-bound endpoint), else the first GET demo that both stacks answer
alike with 200 (lesson 01: `/menu`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fastapi_uvicorn_tutor.course import stacks
from fastapi_uvicorn_tutor.errors import UsageError

if TYPE_CHECKING:
    from fastapi_uvicorn_tutor.course.catalog import Lesson

VARIANTS = ("stacks", "loop", "workers", "sync", "waiters", "all")
WAITERS = ("hypercorn", "granian")  # the ASGI servers the waiters variant tries beside Uvicorn
RAW_APP = "fastapi_uvicorn_tutor.runtime.raw_asgi:app"  # the waiters variant's app without a framework


class BenchError(UsageError):
    """The bench cannot run as asked; the message is one sentence for the learner."""


@dataclass(frozen=True)
class RunSpec:
    """One server configuration and one path, measured once."""

    id: str
    stack: str  # "fastapi" or a Node stack's id
    label: str
    path: str
    workers: int = 1
    uvicorn_args: tuple[str, ...] = ()
    server: str = "uvicorn"  # the ASGI server of a FastAPI run: "uvicorn", or one of WAITERS
    raw: bool = False  # a bare ASGI app answering the FastAPI app's bytes (RAW_APP), not the lesson's app


@dataclass(frozen=True)
class Settings:
    """The load every run gets: how long, how many connections, which generator."""

    duration: float = 5.0
    connections: int = 10
    warmup: float = 1.0
    generator: str = "autocannon"  # or "python-threads"


def default_path(lesson: Lesson) -> str:
    """`[bench] path`, else the serving demo's path, else the first GET demo both stacks
    answer alike with 200, else `/`."""
    for table in ("bench", "serving"):
        chosen = lesson.section(table).get("path")
        if isinstance(chosen, str) and chosen.startswith("/"):
            return chosen
    for demo in lesson.demos:
        alike = all(demo.expect_for(sid) == "same" for sid in lesson.twin_folders)
        if demo.method == "GET" and alike and demo.status in (None, 200) and not demo.body:
            return demo.path
    return "/"


def plan_runs(variants: list[str], path: str, workers: int, *, async_path: str | None = None,
              def_path: str | None = None, twins: Sequence[stacks.Stack] = (stacks.DEFAULT,),
              waiters: Sequence[str] = WAITERS) -> list[RunSpec]:
    """The runs the chosen variants need, each once, in a readable order."""
    chosen = {str(getattr(v, "value", v)) for v in variants}
    unknown = chosen - set(VARIANTS)
    if unknown:
        raise BenchError(f"Unknown variant {sorted(unknown)[0]!r}; choose from {', '.join(VARIANTS)}.")
    if "all" in chosen:
        chosen = {"stacks", "loop", "workers", "sync", "waiters"}
    if "sync" in chosen and not (async_path and def_path):
        raise BenchError("The sync variant needs an `async def` path and a `def` path: this lesson declares no "
                         "[bench] async_path / def_path; pass --async-path and --def-path.")
    runs: list[RunSpec] = []

    def add(spec: RunSpec) -> None:
        if all(existing.id != spec.id for existing in runs):
            runs.append(spec)

    if "stacks" in chosen:
        add(RunSpec("fastapi", "fastapi", "FastAPI", path))
    if "loop" in chosen:
        add(RunSpec("fastapi-uvloop-httptools", "fastapi", "FastAPI uvloop+httptools", path,
                    uvicorn_args=("--loop", "uvloop", "--http", "httptools")))
        add(RunSpec("fastapi-asyncio-h11", "fastapi", "FastAPI asyncio+h11", path,
                    uvicorn_args=("--loop", "asyncio", "--http", "h11")))
    if "workers" in chosen:
        add(RunSpec("fastapi", "fastapi", "FastAPI", path))
        add(RunSpec(f"fastapi-w{workers}", "fastapi", f"FastAPI {workers} workers", path, workers,
                    ("--workers", str(workers))))
    if "waiters" in chosen:
        add(RunSpec("fastapi", "fastapi", "FastAPI", path))
        for name in waiters:  # `waiters`: the ones installed here
            add(RunSpec(f"fastapi-{name}", "fastapi", f"FastAPI on {name.capitalize()}", path, server=name))
        add(RunSpec("raw-asgi", "fastapi", "bare ASGI app", path, raw=True))
    if "sync" in chosen:
        assert async_path and def_path
        add(RunSpec(_path_id("fastapi-async", async_path, path), "fastapi", "FastAPI async def", async_path))
        add(RunSpec(_path_id("fastapi-def", def_path, path), "fastapi", "FastAPI def", def_path))
    for stack in twins:
        if chosen & {"stacks", "loop", "workers", "waiters"}:
            add(RunSpec(stack.id, stack.id, stack.label, path))
        if "workers" in chosen:
            add(RunSpec(f"{stack.id}-w{workers}", stack.id, f"{stack.label} cluster of {workers}", path, workers))
        if "sync" in chosen:
            assert async_path
            add(RunSpec(_path_id(stack.id, async_path, path), stack.id, stack.label, async_path))
    return runs


def _path_id(base: str, run_path: str, main_path: str) -> str:
    return base if run_path == main_path else f"{base}@{run_path}"
