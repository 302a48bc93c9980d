"""Run an exercise's checks against the learner's app, each kind observed its own way.

    report = run_checks(exercise, workspace_folder, port)   # port: the learner's live server

"http" sends one request to the live server (and the same kind of request to the
lesson's twin, for reference); "websocket" talks to it over one socket. The other
kinds start processes of their own beside it, on free ports, and stop them again:
"lifespan" starts `uvicorn main:app` in the workspace and stops it with SIGTERM, the
way Ctrl-C or `docker stop` would; "tests" runs pytest on the learner's test file
next to a copy of the app under test, in a temporary folder; "workers" serves the
workspace with `uvicorn main:app --workers N` and asks from many connections at once.
Those three run at the same time; the others run one after another, in order.
course/check_kinds.py judges what was seen. Nothing here prints.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import cast

from fastapi_uvicorn_tutor.course import check_kinds
from fastapi_uvicorn_tutor.course.exercises import WHO, Check, CheckReport, CheckResult, Exercise
from fastapi_uvicorn_tutor.course.messages import Response
from fastapi_uvicorn_tutor.course.verdicts import side_problems
from fastapi_uvicorn_tutor.runtime import ports, servers
from fastapi_uvicorn_tutor.runtime.client import send
from fastapi_uvicorn_tutor.runtime.load import ThreadedLoad
from fastapi_uvicorn_tutor.runtime.logs import last_lines
from fastapi_uvicorn_tutor.runtime.pytest_run import pytest_counts, pytest_spec
from fastapi_uvicorn_tutor.runtime.websocket import talk

TESTS_TIMEOUT = 120.0  # seconds one pytest run may take (a cold two-core laptop imports slowly)
STOP_GRACE = 5.0  # seconds Uvicorn gets to run the lifespan's shutdown after SIGTERM
LOAD_SECONDS = 1.0  # how long the workers check asks
LOAD_CLIENTS = 4  # connections at once during it
UVICORN_READY = "Application startup complete."  # printed once per worker process
SHOWN_LINES = 16  # lines of a run's output shown for a check


_RUNNING: list[servers.Server] = []  # what the checks started and have not stopped yet
_RUNNING_LOCK = threading.Lock()


def _launch(spec: servers.ServerSpec) -> servers.Server:
    server = servers.launch(spec)
    with _RUNNING_LOCK:
        _RUNNING.append(server)
    return server


def _done_with(server: servers.Server) -> str:
    """Stop the server (its whole process group), forget it, and return everything it printed."""
    server.stop()
    with _RUNNING_LOCK:
        if server in _RUNNING:
            _RUNNING.remove(server)
    output = server.output()
    server.cleanup()
    return output


def run_checks(exercise: Exercise, folder: Path, port: int, twin: tuple[str, int] | None = None) -> CheckReport:
    """Every check of the exercise, results in order (`twin`: the reference twin's stack id and port).

    A Ctrl-C while checks run stops the processes they started before it goes on up.
    """
    results: dict[int, CheckResult] = {}
    own_processes = [(i, c) for i, c in enumerate(exercise.checks) if c.kind in ("lifespan", "tests", "workers")]
    pool = ThreadPoolExecutor(max_workers=3, thread_name_prefix="tutor-check")
    try:
        started: dict[int, Future[CheckResult]] = {
            i: pool.submit(_run_alone, check, exercise, folder, {port}) for i, check in own_processes}
        for i, check in enumerate(exercise.checks):
            if i not in started:
                results[i] = run_check(check, port, twin)
        for i, future in started.items():
            results[i] = future.result()
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        with _RUNNING_LOCK:
            running = list(_RUNNING)
        servers.stop_all(running)  # their threads see them gone and finish
        raise
    finally:
        pool.shutdown(wait=True)
    return CheckReport(tuple(results[i] for i in range(len(exercise.checks))))


def run_check(check: Check, port: int, twin: tuple[str, int] | None = None) -> CheckResult:
    """An http or websocket check against the live server on `port`."""
    probe = check.probe
    if isinstance(probe, check_kinds.WebSocketCheck):
        return _websocket(check, probe, port)
    assert check.request is not None
    response = send(port, check.request)
    problems = tuple(side_problems(check.expect, response, WHO))
    if twin is None or check.twin is None:
        return CheckResult(check, response, problems)
    return CheckResult(check, response, problems, send(twin[1], check.twin), twin[0])


def _websocket(check: Check, probe: check_kinds.WebSocketCheck, port: int) -> CheckResult:
    talked = talk(port, probe.path, list(probe.send))
    shake = talked.handshake
    problems = check_kinds.websocket_problems(probe, shake.status, talked.replies, talked.error or shake.error, WHO)
    seen = [f"handshake: {shake.label}"]
    seen += [f"sent {text!r} → {reply!r}" if reply is not None else f"sent {text!r} → no reply"
             for text, reply in zip(probe.send, talked.replies, strict=False)]
    if talked.error:
        seen.append(talked.error)
    return CheckResult(check, Response(), tuple(problems), observed=tuple(seen))


def _run_alone(check: Check, exercise: Exercise, folder: Path, avoid: set[int]) -> CheckResult:
    """A check that starts processes of its own; any failure to start them is the check's result."""
    probe = check.probe
    try:
        if isinstance(probe, check_kinds.LifespanCheck):
            return _lifespan(check, probe, folder, avoid)
        if isinstance(probe, check_kinds.TestsCheck):
            return _tests(check, probe, exercise, folder)
        if isinstance(probe, check_kinds.WorkersCheck):
            return _workers(check, probe, folder, avoid)
    except OSError as exc:
        return CheckResult(check, Response(), (f"could not start the check's process ({exc.strerror or exc})",))
    raise ValueError(f"{check.kind} checks do not start processes of their own")


def _shown_log(text: str) -> tuple[str, ...]:
    lines = [line.rstrip() for line in text.splitlines() if line.strip() and not check_kinds.ACCESS_LINE.match(line)]
    return tuple(last_lines("\n".join(lines), SHOWN_LINES))


def _lifespan(check: Check, probe: check_kinds.LifespanCheck, folder: Path, avoid: set[int]) -> CheckResult:
    spec = servers.uvicorn_spec(folder, ports.pick_port(None, avoid))
    server = _launch(spec)
    failure = None
    try:
        deadline = time.monotonic() + servers.start_timeout()
        while server.running and not any(end in server.output() for end in check_kinds.STARTUP_ENDS):
            if time.monotonic() > deadline:
                failure = f"did not finish starting within {servers.start_timeout():g} s"
                break
            time.sleep(0.05)
        if server.running and failure is None:
            server.stop(grace=STOP_GRACE)  # SIGTERM first: the lifespan's shutdown runs
    finally:
        output = _done_with(server)
    log = check_kinds.lifespan_log(output)
    if failure is None and not log.started:
        last = [line for line in output.splitlines() if line.strip()]
        failure = f"did not start: {last[-1].strip() if last else 'no output'}"
    problems = check_kinds.lifespan_problems(probe, log, WHO, failure)
    seen = (f"$ {spec.shown}, then SIGTERM", *_shown_log(output))
    return CheckResult(check, Response(), tuple(problems), observed=seen)


def _tests(check: Check, probe: check_kinds.TestsCheck, exercise: Exercise, folder: Path) -> CheckResult:
    learner = folder / exercise.file
    if not learner.is_file():
        return CheckResult(check, Response(), (f"there is no {exercise.file} in {folder}",))
    with tempfile.TemporaryDirectory(prefix="tutor-tests-") as scratch:
        where = Path(scratch)
        shutil.copyfile(exercise.folder / probe.app, where / "main.py")
        shutil.copyfile(learner, where / exercise.file)
        server = _launch(pytest_spec(where, exercise.file))
        try:
            deadline = time.monotonic() + TESTS_TIMEOUT
            while server.running and time.monotonic() < deadline:
                time.sleep(0.05)
            failure = None if not server.running else f"did not finish within {TESTS_TIMEOUT:g} s"
        finally:  # the whole group goes: a test that started a server cannot leave it running
            output = _done_with(server).replace(str(where), ".")
        code = server.proc.returncode
    passed, failed = pytest_counts(output)
    problems = check_kinds.tests_problems(probe, exercise.file, code, passed, failed, output, failure)
    summary = [line.strip() for line in output.splitlines()
               if line.startswith(("FAILED", "ERROR", "E ")) or pytest_counts(line) != (0, 0)]
    seen = (f"$ pytest {exercise.file}   (against {probe.app} as main.py)", *last_lines("\n".join(summary), SHOWN_LINES))
    return CheckResult(check, Response(), tuple(problems), observed=seen)


def _pid(status: int, body: bytes) -> int | None:
    """The "pid" a 200 JSON answer names (None for any other answer)."""
    if status != 200:
        return None
    try:
        value = json.loads(body).get("pid")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _workers(check: Check, probe: check_kinds.WorkersCheck, folder: Path, avoid: set[int]) -> CheckResult:
    spec = servers.uvicorn_spec(folder, ports.pick_port(None, avoid), extra=["--workers", str(probe.workers)])
    server = _launch(spec)
    failure = None
    tally: dict[int, int] = {}
    answered, first_error = 0, None
    try:
        try:
            servers.wait_ready([server])
            seen = servers.wait_workers(server, UVICORN_READY, probe.workers, servers.start_timeout())
            if seen < probe.workers:
                failure = f"started {seen} of {probe.workers} workers"
        except servers.ServerFailed as exc:
            failure = exc.reason
        if failure is None:
            outcome = ThreadedLoad(f"{spec.url}{probe.path}", LOAD_CLIENTS, LOAD_SECONDS, keep_alive=False, timeout=5,
                                   tally=_pid).result()
            tally = {cast(int, pid): count for pid, count in outcome.tally.most_common()}
            answered, first_error = sum(tally.values()), outcome.first_error
    finally:
        output = _done_with(server)  # the whole group: the supervisor and every worker
    problems = check_kinds.workers_problems(probe, tally, answered, first_error, failure)
    shown = [f"$ {spec.shown}", *(f"pid {pid}: {count} answers" for pid, count in tally.items())]
    if failure is not None:
        shown += _shown_log(output)
    return CheckResult(check, Response(), tuple(problems), observed=tuple(shown))
