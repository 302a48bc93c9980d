"""One `tutor bench` run: start the server a RunSpec describes, load it, sample its memory, stop it.

Uvicorn runs through the real `uvicorn main:app` command (with `--no-access-log`,
since the Node stacks log nothing by default), each twin through `node server.js`. While the
load runs, the resident memory of the server's whole process group (supervisor and
workers, or cluster primary and workers) is sampled and the peak kept. Nothing is
left running: the server's whole group is stopped after its run, and on Ctrl-C.
"""

from __future__ import annotations

import platform
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Optional

from fastapi_uvicorn_tutor.course import stacks
from fastapi_uvicorn_tutor.course.bench.plan import RAW_APP, RunSpec, Settings
from fastapi_uvicorn_tutor.course.bench.report import RunResult
from fastapi_uvicorn_tutor.runtime import ports, processes, servers
from fastapi_uvicorn_tutor.runtime.load import AutocannonLoad, LoadFailed, ThreadedLoad
from fastapi_uvicorn_tutor.runtime.machine import package_version

if TYPE_CHECKING:
    from fastapi_uvicorn_tutor.course.catalog import Lesson

SAMPLE_EVERY = 0.2  # seconds between RSS samples and progress updates
FALLBACK_THREADS = 16  # the Python generator's connections at most: more threads only fight over the GIL

# A `cluster` primary that forks N copies of the twin; each copy runs server.js as
# its main module, so it listens on PORT and the primary shares that port out. The
# copies get the primary's own node options (the lesson's [node_args]), not its `-e CODE`.
CLUSTER_PRIMARY = (
    "const cluster = require('node:cluster');"
    "const n = Math.max(1, Number(process.env.WORKERS) || 1);"
    "cluster.setupPrimary({ exec: require('node:path').resolve('server.js'), execArgv: process.execArgv.slice(0, -2), args: [] });"
    "for (let i = 0; i < n; i++) cluster.fork();"
)

# A line each worker process logs once it serves: Uvicorn's own, and the twins' listen callback.
WORKER_READY = {stacks.FASTAPI: "application startup complete", **{s.id: s.worker_ready.lower() for s in stacks.ALL}}

ProgressHook = Callable[[RunSpec, float, Optional[float]], None]  # run, seconds elapsed, current RSS MB


def _twin_clusters_itself(lesson: Lesson, stack: stacks.Stack) -> bool:
    source = lesson.twin_source(stack.id)
    return "WORKERS" in source and "cluster" in source


def server_spec(lesson: Lesson, run: RunSpec, port: int, node_bin: str | None, modules: Path | None,
                raw_env: dict[str, str] | None = None) -> servers.ServerSpec:
    """The command for one run, built by runtime/servers.py's own spec helpers (`modules`: the twin's;
    `raw_env`: the bare ASGI app's body and type, see raw_asgi.py)."""
    if run.stack == stacks.FASTAPI:
        if run.raw:
            spec = servers.uvicorn_spec(lesson.folder, port, extra=["--no-access-log"], app=RAW_APP)
            return replace(spec, env={**spec.env, **(raw_env or {})})
        if run.server == "hypercorn":  # no access log unless asked for
            return servers.ServerSpec("FastAPI", [*servers.python_tool("hypercorn"), "main:app", "--bind", f"{servers.HOST}:{port}"],
                                      lesson.folder, port, f"hypercorn main:app --bind {servers.HOST}:{port}", {"PYTHONUNBUFFERED": "1"})
        if run.server == "granian":  # no access log unless asked for
            argv = [*servers.python_tool("granian"), "--interface", "asgi", "--host", servers.HOST, "--port", str(port), "main:app"]
            return servers.ServerSpec("FastAPI", argv, lesson.folder, port,
                                      f"granian --interface asgi --port {port} main:app", {"PYTHONUNBUFFERED": "1"})
        return servers.uvicorn_spec(lesson.folder, port, extra=["--no-access-log", *run.uvicorn_args])
    assert node_bin is not None
    stack = stacks.get(run.stack)
    node_args = lesson.node_args_for(stack.id)
    spec = servers.node_spec(stack, lesson.twin_folder(stack.id), port, node_bin, modules, node_args=node_args)
    if _twin_clusters_itself(lesson, stack):
        return replace(spec, env={**spec.env, "WORKERS": str(run.workers)}, shown=f"WORKERS={run.workers} {spec.shown}")
    if run.workers > 1:
        options = "".join(f"{arg} " for arg in node_args)
        return replace(spec, argv=[node_bin, *node_args, "-e", CLUSTER_PRIMARY], env={**spec.env, "WORKERS": str(run.workers)},
                       shown=f"WORKERS={run.workers} PORT={port} node {options}-e '<cluster primary forking {run.workers} × server.js>'")
    return spec


def measure(lesson: Lesson, run: RunSpec, settings: Settings, node_bin: str | None, modules: Path | None,
            on_progress: ProgressHook | None = None, *, generator_modules: Path | None = None,
            raw_env: dict[str, str] | None = None) -> RunResult:
    """Start one server, load it, sample its memory, stop it. Never leaves it running.

    `modules`: the twin's node_modules (a twin run); `generator_modules`: where autocannon is
    (default: `modules`). A FastAPI run keeps its answer to one GET of the path in
    `result.sample` (the environment a bare ASGI run needs: `raw_env`).
    """
    generator_modules = generator_modules or modules
    port = ports.pick_port(None)
    spec = server_spec(lesson, run, port, node_bin, modules, raw_env)
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
        if run.workers > 1:  # so the measured run does not start with half the workers still importing
            servers.wait_workers(server, WORKER_READY[run.stack], run.workers, timeout=15.0)
        if run.stack == stacks.FASTAPI and not run.raw:
            result.sample = raw_app_env(port, run.path)
        if settings.generator == "autocannon":
            assert node_bin is not None and generator_modules is not None
            load = AutocannonLoad(node_bin, generator_modules, result.url, settings.connections, settings.duration, settings.warmup)
        else:
            load = ThreadedLoad(result.url, min(settings.connections, FALLBACK_THREADS), settings.duration, settings.warmup)
        began = time.monotonic()
        peak = 0
        while True:
            rss = processes.tree_rss_bytes(server.proc.pid)
            peak = max(peak, rss or 0)
            if on_progress:
                on_progress(run, time.monotonic() - began, rss / 2**20 if rss else None)
            if load.done():
                break
            time.sleep(SAMPLE_EVERY)
        try:
            outcome = load.result()
        except LoadFailed as exc:
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


def raw_app_env(port: int, path: str) -> dict[str, str] | None:
    """What the bare ASGI app needs to answer like the server on `port` does for GET `path`."""
    import base64

    from fastapi_uvicorn_tutor.course.messages import Request
    from fastapi_uvicorn_tutor.runtime.client import send

    answer = send(port, Request("GET", path))
    if answer.error or answer.status != 200:
        return None
    return {"TUTOR_RAW_BODY": base64.b64encode(answer.body).decode("ascii"),
            "TUTOR_RAW_TYPE": answer.header("content-type") or "application/json"}


def generator_info(settings: Settings, modules: Path | None) -> dict[str, Any]:
    """The `generator` object of a bench report: which generator, its settings, and what to make of it."""
    if settings.generator == "autocannon":
        note = ("autocannon (Node) drives every server with the same settings, one server at a time, on this "
                "machine; it shares the CPUs with the server it measures.")
        gen_version = package_version(modules, "autocannon")
    else:
        note = (f"Fallback without Node: Python threads ({min(settings.connections, FALLBACK_THREADS)}) "
                "looping on keep-alive http.client connections. A much weaker generator than autocannon: the "
                "figures are a floor for this server, not comparable with autocannon's.")
        gen_version = platform.python_version()
    return {"name": settings.generator, "version": gen_version, "connections": settings.connections,
            "duration_s": settings.duration, "warmup_s": settings.warmup, "note": note}


