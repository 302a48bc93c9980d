"""`tutor bench`: the same load against a lesson's FastAPI app and its Node twins.

Each server runs alone, one after the other, on this machine: Uvicorn through the
real `uvicorn main:app` command (with `--no-access-log`, since the Node stacks log
nothing by default), each twin through `node server.js`. The load generator is
autocannon from a stack's npm dependencies, the same binary and settings for every
side. While it
runs, the resident memory of the server's whole process group (supervisor and
workers, or cluster primary and workers) is sampled from /proc (or `ps`), and the
peak is kept. Without Node the Python side is benched alone with a small threaded
`http.client` loop: a different and much weaker generator, labelled as such, whose
numbers must not be compared with autocannon's.

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
- `all`     every variant above, each run once.

The path benched is `--path`, else `[bench] path` in lesson.toml, else `[serving] path`
(lesson 20's CPU-bound endpoint), else the first GET demo that both stacks answer
alike with 200 (lesson 01: `/menu`).

The command's options and help live in cli/bench.py, which the CLI imports on
every start; this module loads only when `tutor bench` runs.

`--json` prints one JSON object (schema `tutor-bench/1`), checked by `check_report`:

    {
      "schema": "tutor-bench/1",
      "lesson": "01-chef-and-waiter",
      "date": "2026-05-01T12:00:00+00:00",
      "generator": {"name": "autocannon" | "python-threads", "version": str | null,
                    "connections": int, "duration_s": float, "warmup_s": float,
                    "note": str},
      "machine": {"cpus": int, "platform": str, "python": str, "node": str | null,
                  "uvicorn": str | null, "fastapi": str | null, "<stack>": str | null},
      "runs": [{"id": "fastapi", "stack": "fastapi" | "<stack>", "label": str,
                "command": str, "url": str, "path": str, "workers": int,
                "requests_per_s": float, "requests": int,
                "latency_ms": {"p50": float, "p99": float, "mean": float, "max": float},
                "errors": int, "non_2xx": int, "peak_rss_mb": float | null,
                "vs_<stack>": float | null, "failed": str | null}],
      "ratios": [{"name": str, "numerator": run id, "denominator": run id,
                  "requests_per_s": float}],
      "notes": [str]
    }

`<stack>` is each Node stack's id (course/stacks.py): `machine` has the version of
its framework package, and every run a `vs_<stack>` ratio. `errors` counts connection
errors and timeouts; `non_2xx` counts answers outside 200-299; `vs_<stack>` is the
run's requests/s over that stack's run with the same path and worker count (1.0 for
that run itself).

Nothing is left running: every server is stopped (its whole process group) after
its run, and on Ctrl-C.
"""

from __future__ import annotations

import http.client
import json
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from importlib.metadata import PackageNotFoundError, version
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional
from urllib.parse import urlsplit

from fastapi_uvicorn_tutor.course import stacks
from fastapi_uvicorn_tutor.errors import Interrupted, TutorError, UsageError
from fastapi_uvicorn_tutor.runtime import servers

if TYPE_CHECKING:
    from rich.console import Console

    from fastapi_uvicorn_tutor.course.catalog import Lesson
    from fastapi_uvicorn_tutor.runtime.node import NodeStatus

SCHEMA = "tutor-bench/1"
SAMPLE_EVERY = 0.2  # seconds between RSS samples and progress updates

# A `cluster` primary that forks N copies of the twin; each copy runs server.js as
# its main module, so it listens on PORT and the primary shares that port out.
CLUSTER_PRIMARY = (
    "const cluster = require('node:cluster');"
    "const n = Math.max(1, Number(process.env.WORKERS) || 1);"
    "cluster.setupPrimary({ exec: require('node:path').resolve('server.js'), execArgv: [], args: [] });"
    "for (let i = 0; i < n; i++) cluster.fork();"
)


VARIANTS = ("stacks", "loop", "workers", "sync", "all")


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


@dataclass
class RunResult:
    spec: RunSpec
    command: str = ""
    url: str = ""
    requests_per_s: float = 0.0
    requests: int = 0
    latency_ms: dict[str, float] = field(default_factory=lambda: {"p50": 0.0, "p99": 0.0, "mean": 0.0, "max": 0.0})
    errors: int = 0
    non_2xx: int = 0
    peak_rss_mb: float | None = None
    vs: dict[str, float] = field(default_factory=dict)  # stack id -> requests/s over that stack's matching run
    failed: str | None = None
    pgid: int | None = None  # the server's process group while it ran (not in the JSON)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.spec.id, "stack": self.spec.stack, "label": self.spec.label,
            "command": self.command, "url": self.url, "path": self.spec.path, "workers": self.spec.workers,
            "requests_per_s": round(self.requests_per_s, 1), "requests": self.requests,
            "latency_ms": {k: round(float(v), 3) for k, v in self.latency_ms.items()},
            "errors": self.errors, "non_2xx": self.non_2xx,
            "peak_rss_mb": None if self.peak_rss_mb is None else round(self.peak_rss_mb, 1),
            **{f"vs_{sid}": round(self.vs[sid], 3) if sid in self.vs else None for sid in stacks.IDS},
            "failed": self.failed,
        }


@dataclass
class Report:
    lesson: str
    generator: dict[str, Any]
    machine: dict[str, Any]
    runs: list[RunResult]
    ratios: list[dict[str, Any]]
    notes: list[str]
    date: str = field(default_factory=lambda: _now())

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA, "lesson": self.lesson, "date": self.date, "generator": self.generator,
            "machine": self.machine, "runs": [run.to_json() for run in self.runs],
            "ratios": self.ratios, "notes": self.notes,
        }


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# --- the documented JSON shape, checked -------------------------------------------------

_NUM = (int, float)
_OPT_STR = (str, type(None))
SHAPE: dict[str, Any] = {
    "schema": str, "lesson": str, "date": str,
    "generator": {"name": str, "version": _OPT_STR, "connections": int, "duration_s": _NUM, "warmup_s": _NUM, "note": str},
    "machine": {"cpus": int, "platform": str, "python": str, "node": _OPT_STR, "uvicorn": _OPT_STR,
                "fastapi": _OPT_STR, **{sid: _OPT_STR for sid in stacks.IDS}},
    "runs": [{
        "id": str, "stack": str, "label": str, "command": str, "url": str, "path": str, "workers": int,
        "requests_per_s": _NUM, "requests": int,
        "latency_ms": {"p50": _NUM, "p99": _NUM, "mean": _NUM, "max": _NUM},
        "errors": int, "non_2xx": int, "peak_rss_mb": (int, float, type(None)),
        **{f"vs_{sid}": (int, float, type(None)) for sid in stacks.IDS}, "failed": _OPT_STR,
    }],
    "ratios": [{"name": str, "numerator": str, "denominator": str, "requests_per_s": _NUM}],
    "notes": [str],
}


def _check(value: Any, shape: Any, where: str, problems: list[str]) -> None:
    if isinstance(shape, dict):
        if not isinstance(value, dict):
            problems.append(f"{where} is not an object")
            return
        for key in shape.keys() - value.keys():
            problems.append(f"{where}.{key} is missing")
        for key in value.keys() - shape.keys():
            problems.append(f"{where}.{key} is not in the documented shape")
        for key in shape.keys() & value.keys():
            _check(value[key], shape[key], f"{where}.{key}", problems)
    elif isinstance(shape, list):
        if not isinstance(value, list):
            problems.append(f"{where} is not a list")
            return
        for i, item in enumerate(value):
            _check(item, shape[0], f"{where}[{i}]", problems)
    elif isinstance(value, bool) or not isinstance(value, shape):
        problems.append(f"{where} has the wrong type ({type(value).__name__})")


def check_report(doc: Any) -> list[str]:
    """Every way `doc` departs from the documented `--json` shape (empty when it fits)."""
    problems: list[str] = []
    _check(doc, SHAPE, "$", problems)
    if isinstance(doc, dict):
        if doc.get("schema") != SCHEMA:
            problems.append(f"$.schema is not {SCHEMA!r}")
        ids = {run.get("id") for run in doc.get("runs", []) if isinstance(run, dict)}
        for run in doc.get("runs", []):
            if isinstance(run, dict) and run.get("stack") not in stacks.SIDES:
                problems.append(f"run {run.get('id')!r} has stack {run.get('stack')!r}")
        for ratio in doc.get("ratios", []):
            if isinstance(ratio, dict) and not {ratio.get("numerator"), ratio.get("denominator")} <= ids:
                problems.append(f"ratio {ratio.get('name')!r} names a run that is not in runs")
    return problems


# --- planning ---------------------------------------------------------------------------

def default_path(lesson: Lesson) -> str:
    """`[bench] path`, else the serving demo's path, else the first GET demo both stacks
    answer alike with 200, else `/`."""
    for table in ("bench", "serving"):
        chosen = lesson.section(table).get("path")
        if isinstance(chosen, str) and chosen.startswith("/"):
            return chosen
    for demo in lesson.demos:
        if demo.method == "GET" and demo.expect == "same" and demo.status in (None, 200) and not demo.body:
            return demo.path
    return "/"


def uvicorn_defaults() -> str:
    """What `--loop auto --http auto` picks here: uvloop and httptools when installed."""
    loop = "uvloop" if find_spec("uvloop") is not None else "asyncio"
    parser = "httptools" if find_spec("httptools") is not None else "h11"
    return f"{loop} + {parser}"


def plan_runs(variants: list[str], path: str, workers: int, *, async_path: str | None = None,
              def_path: str | None = None, twins: Sequence[stacks.Stack] = (stacks.DEFAULT,)) -> list[RunSpec]:
    """The runs the chosen variants need, each once, in a readable order; `twins`: the stacks to bench too."""
    chosen = {str(getattr(v, "value", v)) for v in variants}
    unknown = chosen - set(VARIANTS)
    if unknown:
        raise BenchError(f"Unknown variant {sorted(unknown)[0]!r}; choose from {', '.join(VARIANTS)}.")
    if "all" in chosen:
        chosen = {"stacks", "loop", "workers", "sync"}
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
    if "sync" in chosen:
        assert async_path and def_path
        add(RunSpec(_path_id("fastapi-async", async_path, path), "fastapi", "FastAPI async def", async_path))
        add(RunSpec(_path_id("fastapi-def", def_path, path), "fastapi", "FastAPI def", def_path))
    for stack in twins:
        if chosen & {"stacks", "loop", "workers"}:
            add(RunSpec(stack.id, stack.id, stack.label, path))
        if "workers" in chosen:
            add(RunSpec(f"{stack.id}-w{workers}", stack.id, f"{stack.label} cluster of {workers}", path, workers))
        if "sync" in chosen:
            assert async_path
            add(RunSpec(_path_id(stack.id, async_path, path), stack.id, stack.label, async_path))
    return runs


def _path_id(base: str, run_path: str, main_path: str) -> str:
    return base if run_path == main_path else f"{base}@{run_path}"


def compare(results: list[RunResult]) -> list[dict[str, Any]]:
    """Fill each run's `vs` (one ratio per benched stack) and list the ratios worth quoting."""
    ok = [r for r in results if r.failed is None and r.requests_per_s > 0]
    ratios: list[dict[str, Any]] = []

    def reference(run: RunResult, sid: str) -> RunResult | None:
        twins = [r for r in ok if r.spec.stack == sid]
        for test in (lambda e: e.spec.workers == run.spec.workers and e.spec.path == run.spec.path,
                     lambda e: e.spec.workers == run.spec.workers,
                     lambda e: e.spec.workers == 1):
            found = [e for e in twins if test(e)]
            if found:
                return found[0]
        return None

    for run in ok:
        for sid in stacks.IDS:
            ref = reference(run, sid)
            if ref is None:
                continue
            run.vs[sid] = run.requests_per_s / ref.requests_per_s
            if run.spec.stack == stacks.FASTAPI:
                ratios.append({"name": f"{run.spec.label} / {ref.spec.label}", "numerator": run.spec.id,
                               "denominator": ref.spec.id, "requests_per_s": round(run.vs[sid], 3)})
    for side in stacks.SIDES:
        single = next((r for r in ok if r.spec.stack == side and r.spec.workers == 1 and not r.spec.uvicorn_args), None)
        for many in (r for r in ok if r.spec.stack == side and r.spec.workers > 1):
            if single is not None:
                ratios.append({"name": f"{many.spec.label} / 1 worker", "numerator": many.spec.id,
                               "denominator": single.spec.id,
                               "requests_per_s": round(many.requests_per_s / single.requests_per_s, 3)})
    by_id = {r.spec.id: r for r in ok}
    fast, slow = by_id.get("fastapi-uvloop-httptools"), by_id.get("fastapi-asyncio-h11")
    if fast and slow:
        ratios.append({"name": "uvloop + httptools / asyncio + h11", "numerator": fast.spec.id,
                       "denominator": slow.spec.id, "requests_per_s": round(fast.requests_per_s / slow.requests_per_s, 3)})
    asyncs = [r for r in ok if r.spec.id.startswith("fastapi-async")]
    defs = [r for r in ok if r.spec.id.startswith("fastapi-def")]
    if asyncs and defs:
        ratios.append({"name": "async def / def", "numerator": asyncs[0].spec.id, "denominator": defs[0].spec.id,
                       "requests_per_s": round(asyncs[0].requests_per_s / defs[0].requests_per_s, 3)})
    return ratios


# --- measuring --------------------------------------------------------------------------

def group_rss_bytes(pgid: int) -> int | None:
    """Resident memory summed over every process in group `pgid` (None if none is found)."""
    proc = Path("/proc")
    if proc.is_dir():
        page = os.sysconf("SC_PAGE_SIZE")
        total, found = 0, False
        for entry in os.scandir(proc):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as fh:
                    stat = fh.read()
                if int(stat[stat.rindex(b")") + 2:].split()[2]) != pgid:
                    continue
                with open(f"/proc/{entry.name}/statm", "rb") as fh:
                    total += int(fh.read().split()[1]) * page
                found = True
            except (OSError, ValueError, IndexError):
                continue
        return total if found else None
    try:  # macOS and other systems without /proc
        out = subprocess.run(["ps", "-A", "-o", "pgid=,rss="], capture_output=True, text=True, timeout=5).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    sizes = [int(rss) * 1024 for gid, rss in (line.split() for line in out.splitlines() if len(line.split()) == 2)
             if gid.isdigit() and rss.isdigit() and int(gid) == pgid]
    return sum(sizes) if sizes else None


@dataclass
class LoadResult:
    requests: int
    duration_s: float
    latency_ms: dict[str, float]
    errors: int
    non_2xx: int


class AutocannonLoad:
    """`node autocannon.js --json` against one URL, in its own process group."""

    def __init__(self, node_bin: str, modules: Path, url: str, connections: int, duration: float, warmup: float) -> None:
        argv = [node_bin, str(modules / "autocannon" / "autocannon.js"), "--json", "--no-progress",
                "-c", str(connections), "-d", str(_secs(duration))]
        if warmup > 0:
            argv += ["--warmup", "[", "-c", str(connections), "-d", str(_secs(warmup)), "]"]
        self.argv = argv + [url]
        self._out = tempfile.TemporaryFile()
        self._err = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(self.argv, stdin=subprocess.DEVNULL, stdout=self._out, stderr=self._err,
                                     start_new_session=True, close_fds=True)
        servers.WATCHDOG.guard(self.proc.pid)

    def done(self) -> bool:
        return self.proc.poll() is not None

    def cancel(self) -> None:
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.proc.wait()
        servers.WATCHDOG.release(self.proc.pid)

    def result(self) -> LoadResult:
        self.proc.wait()
        servers.WATCHDOG.release(self.proc.pid)
        self._out.seek(0)
        self._err.seek(0)
        out = self._out.read().decode("utf-8", "replace")
        err = self._err.read().decode("utf-8", "replace").strip()
        self._out.close()
        self._err.close()
        # With --warmup autocannon prints the warm-up's JSON first; the measured run is last.
        lines = [line for line in out.splitlines() if line.strip().startswith("{")]
        if self.proc.returncode != 0 or not lines:
            raise BenchError(f"autocannon failed (exit {self.proc.returncode}): {err.splitlines()[-1] if err else 'no output'}")
        data = json.loads(lines[-1])
        lat = data.get("latency", {})
        duration = float(data.get("duration") or 0) or 1.0
        return LoadResult(
            requests=int(data["requests"]["total"]),
            duration_s=duration,
            latency_ms={"p50": float(lat.get("p50", 0)), "p99": float(lat.get("p99", 0)),
                        "mean": float(lat.get("mean", 0)), "max": float(lat.get("max", 0))},
            errors=int(data.get("errors", 0)) + int(data.get("timeouts", 0)),
            non_2xx=int(data.get("non2xx", 0)),
        )


def _secs(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


class ThreadedLoad:
    """The fallback generator without Node: threads, each looping on one keep-alive connection.

    Python threads share one interpreter lock, so this saturates far sooner than
    autocannon does: it measures a floor, not the server's ceiling.
    """

    MAX_THREADS = 16

    def __init__(self, url: str, connections: int, duration: float, warmup: float) -> None:
        parts = urlsplit(url)
        self.host, self.port, self.path = parts.hostname or servers.HOST, parts.port or 80, parts.path or "/"
        self.threads = min(max(connections, 1), self.MAX_THREADS)
        self.warmup, self.duration = warmup, duration
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._latencies: list[float] = []
        self._errors = self._non_2xx = 0
        self._measure_from = time.monotonic() + warmup
        self._measure_until = self._measure_from + duration
        self._workers = [threading.Thread(target=self._loop, daemon=True) for _ in range(self.threads)]
        for worker in self._workers:
            worker.start()

    def _loop(self) -> None:
        conn: http.client.HTTPConnection | None = None
        mine: list[float] = []
        errors = non_2xx = 0
        while not self._stop.is_set():
            began = time.monotonic()
            if began >= self._measure_until:
                break
            try:
                if conn is None:
                    conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
                conn.request("GET", self.path)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                if began >= self._measure_from:
                    errors += 1
                if conn is not None:
                    conn.close()
                conn = None
                continue
            if began >= self._measure_from:
                mine.append((time.monotonic() - began) * 1000)
                if not 200 <= status < 300:
                    non_2xx += 1
        if conn is not None:
            conn.close()
        with self._lock:
            self._latencies += mine
            self._errors += errors
            self._non_2xx += non_2xx

    def done(self) -> bool:
        return not any(worker.is_alive() for worker in self._workers)

    def cancel(self) -> None:
        self._stop.set()
        for worker in self._workers:
            worker.join(timeout=15)

    def result(self) -> LoadResult:
        for worker in self._workers:
            worker.join()
        lat = sorted(self._latencies)

        def pct(p: float) -> float:
            return lat[min(len(lat) - 1, int(p / 100 * len(lat)))] if lat else 0.0

        return LoadResult(
            requests=len(lat), duration_s=self.duration,
            latency_ms={"p50": pct(50), "p99": pct(99), "mean": statistics.fmean(lat) if lat else 0.0,
                        "max": lat[-1] if lat else 0.0},
            errors=self._errors, non_2xx=self._non_2xx,
        )


@dataclass(frozen=True)
class Settings:
    duration: float = 5.0
    connections: int = 10
    warmup: float = 1.0
    generator: str = "autocannon"  # or "python-threads"


def _twin_clusters_itself(lesson: Lesson, stack: stacks.Stack) -> bool:
    source = lesson.twin_source(stack.id)
    return "WORKERS" in source and "cluster" in source


def server_spec(lesson: Lesson, run: RunSpec, port: int, node_bin: str | None, modules: Path | None) -> servers.ServerSpec:
    """The command for one run, built by runtime/servers.py's own spec helpers (`modules`: the twin's)."""
    if run.stack == stacks.FASTAPI:
        return servers.uvicorn_spec(lesson.folder, port, extra=["--no-access-log", *run.uvicorn_args])
    assert node_bin is not None
    stack = stacks.get(run.stack)
    spec = servers.node_spec(stack, lesson.twin_folder(stack.id), port, node_bin, modules)
    if _twin_clusters_itself(lesson, stack):
        return replace(spec, env={**spec.env, "WORKERS": str(run.workers)}, shown=f"WORKERS={run.workers} {spec.shown}")
    if run.workers > 1:
        return replace(spec, argv=[node_bin, "-e", CLUSTER_PRIMARY], env={**spec.env, "WORKERS": str(run.workers)},
                       shown=f"WORKERS={run.workers} PORT={port} node -e '<cluster primary forking {run.workers} × server.js>'")
    return spec


# A line each worker process logs once it serves: Uvicorn's own, and the twins' listen callback.
WORKER_READY = {stacks.FASTAPI: "application startup complete", **{s.id: s.worker_ready.lower() for s in stacks.ALL}}


def _wait_for_workers(server: Any, run: RunSpec, timeout: float = 15.0) -> None:
    """With several workers, the port answers as soon as the first is up: wait for all of them,
    so the measured run does not start with half the workers still importing (best effort)."""
    marker = WORKER_READY[run.stack]
    deadline = time.monotonic() + timeout
    while server.running and time.monotonic() < deadline:
        if server.output().lower().count(marker) >= run.workers:
            return
        time.sleep(0.05)


ProgressHook = Callable[[RunSpec, float, Optional[float]], None]  # run, seconds elapsed, current RSS MB


def measure(lesson: Lesson, run: RunSpec, settings: Settings, node_bin: str | None, modules: Path | None,
            on_progress: ProgressHook | None = None, *, generator_modules: Path | None = None) -> RunResult:
    """Start one server, load it, sample its memory, stop it. Never leaves it running.

    `modules`: the twin's node_modules (a twin run); `generator_modules`: where autocannon is
    (default: `modules`).
    """
    generator_modules = generator_modules or modules
    port = servers.pick_port(None)
    spec = server_spec(lesson, run, port, node_bin, modules)
    result = RunResult(run, command=spec.shown, url=f"{spec.url}{run.path}")
    server = servers.launch(spec)
    result.pgid = server.proc.pid
    load: AutocannonLoad | ThreadedLoad | None = None
    try:
        try:
            servers.wait_ready([server], timeout=max(servers.start_timeout(), 30.0 if run.workers > 1 else 0.0))
        except servers.ServerFailed as exc:
            result.failed = f"{exc.reason}: {server.tail(3)}".strip()
            return result
        if run.workers > 1:
            _wait_for_workers(server, run)
        if settings.generator == "autocannon":
            assert node_bin is not None and generator_modules is not None
            load = AutocannonLoad(node_bin, generator_modules, result.url, settings.connections, settings.duration, settings.warmup)
        else:
            load = ThreadedLoad(result.url, settings.connections, settings.duration, settings.warmup)
        began = time.monotonic()
        peak = 0
        while True:
            rss = group_rss_bytes(server.proc.pid)
            peak = max(peak, rss or 0)
            if on_progress:
                on_progress(run, time.monotonic() - began, rss / 2**20 if rss else None)
            if load.done():
                break
            time.sleep(SAMPLE_EVERY)
        try:
            outcome = load.result()
        except BenchError as exc:
            result.failed = str(exc)
            return result
        load = None
        if not server.running:
            result.failed = f"the server exited during the run: {server.tail(3)}"
        result.requests = outcome.requests
        result.requests_per_s = outcome.requests / outcome.duration_s if outcome.duration_s else 0.0
        result.latency_ms = outcome.latency_ms
        result.errors, result.non_2xx = outcome.errors, outcome.non_2xx
        result.peak_rss_mb = peak / 2**20 if peak else None
        return result
    finally:
        if load is not None:
            load.cancel()
        servers.stop_and_clean([server])


def _package_version(modules: Path | None, name: str) -> str | None:
    if modules is None:
        return None
    try:
        return str(json.loads((modules / name / "package.json").read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return None


def _dist_version(name: str) -> str | None:
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def machine_info(node_version: str | None, stack_modules: Mapping[str, Path]) -> dict[str, Any]:
    """The machine and the versions benched; each stack's from its installed node_modules."""
    return {
        "cpus": os.cpu_count() or 1,
        "platform": platform.platform(terse=True),
        "python": platform.python_version(),
        "node": node_version,
        "uvicorn": _dist_version("uvicorn"),
        "fastapi": _dist_version("fastapi"),
        **{stack.id: _package_version(stack_modules.get(stack.id), stack.package) for stack in stacks.ALL},
    }


def generator_info(settings: Settings, modules: Path | None) -> dict[str, Any]:
    if settings.generator == "autocannon":
        note = ("autocannon (Node) drives every server with the same settings, one server at a time, on this "
                "machine; it shares the CPUs with the server it measures.")
        gen_version = _package_version(modules, "autocannon")
    else:
        note = (f"Fallback without Node: Python threads ({min(settings.connections, ThreadedLoad.MAX_THREADS)}) "
                "looping on keep-alive http.client connections. A much weaker generator than autocannon: the "
                "figures are a floor for this server, not comparable with autocannon's.")
        gen_version = platform.python_version()
    return {"name": settings.generator, "version": gen_version, "connections": settings.connections,
            "duration_s": settings.duration, "warmup_s": settings.warmup, "note": note}


# --- the command ------------------------------------------------------------------------

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


def run_command(console: Console, err: Console, *, lesson: str, duration: float, connections: int, workers: int,
                variants: list[str], path: str | None, async_path: str | None, def_path: str | None,
                warmup: float, generator: str, as_json: bool, chosen: Sequence[stacks.Stack] | None = None) -> int:
    """Plan, run and report a bench; 0 when every run measured something, 1 when one failed."""
    from fastapi_uvicorn_tutor.course import catalog
    from fastapi_uvicorn_tutor.runtime import node
    from fastapi_uvicorn_tutor.ui import bench as render_bench

    try:
        lessons = catalog.load_catalog()
    except catalog.CatalogError as exc:
        raise TutorError(f"The lessons are broken: {exc}") from None
    found = catalog.find_lesson(lessons, lesson)
    statuses = [node.detect(stack) for stack in chosen or (stacks.DEFAULT,) if found.has_twin(stack.id)]
    tools = _pick_generator(generator, statuses, err, as_json)
    gen, notes = tools.generator, tools.notes
    twins = [status.stack for status in statuses if status.stack.id in tools.stack_modules]
    settings = Settings(duration=duration, connections=connections, warmup=warmup, generator=gen)
    table = found.section("bench")
    main_path = path or default_path(found)
    async_path, def_path = async_path or table.get("async_path"), def_path or table.get("def_path")
    if "all" in variants and not (async_path and def_path):
        variants = ["stacks", "loop", "workers"]
        notes.append("The sync variant was left out: this lesson names no `async def` and `def` paths "
                     "([bench] async_path / def_path in lesson.toml, or --async-path and --def-path).")
    try:
        plan = plan_runs(variants, main_path, workers, async_path=async_path, def_path=def_path, twins=twins)
    except BenchError as exc:
        raise TutorError(str(exc), code=2) from None
    quiet = " and ".join(stack.label for stack in twins if not stack.access_log)
    if quiet:
        notes.append(f"Uvicorn runs with --no-access-log: {quiet} writes no access log by default either.")
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
    report = Report(found.slug, generator_info(settings, tools.generator_modules),
                    machine_info(node_version, tools.stack_modules), results, compare(results), notes)
    if as_json:
        sys.stdout.write(json.dumps(report.to_json(), indent=2) + "\n")
    else:
        console.print(render_bench.report(report.to_json()))
    return 1 if any(run.failed for run in results) else 0


def _run_all(lesson: Lesson, plan: list[RunSpec], settings: Settings, node_bin: str | None, tools: Tools,
             out: Console) -> list[RunResult]:
    """Every run in turn under a live progress bar (on stderr when stdout carries JSON)."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    total = settings.warmup + settings.duration
    results: list[RunResult] = []
    with Progress(TextColumn("{task.description:<44}"), BarColumn(), TimeElapsedColumn(),
                  TextColumn("{task.fields[rss]}"), console=out, transient=True) as progress:
        tasks = {run.id: progress.add_task(run.label, total=total, rss="", start=False) for run in plan}

        def hook(run: RunSpec, elapsed: float, rss_mb: float | None) -> None:
            task = tasks[run.id]
            if not progress.tasks[task].started:
                progress.start_task(task)
            progress.update(task, completed=min(elapsed, total), rss=f"RSS {rss_mb:.0f} MB" if rss_mb else "")

        for run in plan:
            results.append(measure(lesson, run, settings, node_bin, tools.stack_modules.get(run.stack), hook,
                                   generator_modules=tools.generator_modules))
            progress.update(tasks[run.id], completed=total)
    return results
