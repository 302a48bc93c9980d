"""`tutor watch`: serve the learner's exercise with `uvicorn --reload` and re-check it after every reload.

Uvicorn's own reloader restarts the app on a save; its output says when the new
code is loaded (or broken), and the checks run then. A save Uvicorn misses (no file
events on this mount) is caught by FileWatcher's mtime comparison: after the reload
grace Uvicorn is restarted with polling. Until Ctrl-C; nothing is left running.
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING

from fastapi_uvicorn_tutor.course import stacks
from fastapi_uvicorn_tutor.flows.practice import run_and_show, start_twin, twin_ready
from fastapi_uvicorn_tutor.runtime import servers, workspace_server
from fastapi_uvicorn_tutor.runtime.learner import FileWatcher, LearnerServer, reload_grace
from fastapi_uvicorn_tutor.state import workspace

if TYPE_CHECKING:
    from rich.console import Console

    from fastapi_uvicorn_tutor.course.catalog import Lesson
    from fastapi_uvicorn_tutor.course.exercises import Exercise


def _checks_own_line(line: str, exercise: Exercise) -> bool:
    """An access-log line for one of the checks' own requests (the results already say it)."""
    for check in exercise.checks:
        if check.request is not None and f'"{check.request.method} {check.request.path} HTTP/' in line:
            return True
        if check.kind == "websocket" and (f'"WebSocket {getattr(check.probe, "path", "")}"' in line
                                          or line.rstrip().endswith(("connection open", "connection closed"))):
            return True
    return False


def watch(lesson: Lesson, exercise: Exercise, console: Console, *, port: int | None = None,
          twin: bool = True, stack: stacks.Stack = stacks.DEFAULT) -> int:
    """`tutor watch`: serve the workspace with --reload and re-check after every reload, until Ctrl-C."""
    from fastapi_uvicorn_tutor.ui import practice as show

    prepared = workspace.prepare(exercise)
    folder = prepared.folder
    if prepared.created:
        console.print(show.starter_copied(prepared.file))
    live = LearnerServer.start(folder, port or servers.FASTAPI_PORT, strict=port is not None)
    twin_server, twin_problem = start_twin(lesson, stack) if twin and exercise.uses_twin else (None, None)
    if twin_problem:
        console.print(show.twin_missing(stack, twin_problem))
    reference = twin_ready(stack, twin_server)
    owner = os.getpid()

    def publish() -> None:
        workspace_server.write_record(folder, workspace_server.ServerRecord(
            owner, live.pid or 0, live.port, str(live.log_path),
            reference[1] if reference else None, reference[0] if reference else None))

    publish()
    watcher = FileWatcher(folder)
    console.print(show.watch_banner(prepared.file, live.shown, live.url))
    seen_generation = 0
    waiting_since: float | None = None  # a .py file changed; Uvicorn has not reloaded yet
    reloads_then = 0
    polling = False
    try:
        while True:
            for kind, line in live.poll():
                if kind == "log" and not _checks_own_line(line, exercise):
                    console.print(show.log_line(line))
            if not live.running:
                from fastapi_uvicorn_tutor.ui import render

                console.print(render.server_failure("FastAPI", f"exited with code {live.server.proc.returncode}" if live.server else "exited", live.log.tail()))
                return 1
            tracker = live.tracker
            if tracker.generation != seen_generation:
                seen_generation = tracker.generation
                waiting_since = None
                if tracker.state == "ready":
                    run_and_show(lesson, exercise, live, reference, console)
                else:
                    console.print(show.load_failure(workspace.error_excerpt(tracker.error, folder), prepared.main_py))
            changed = watcher.changes(0.1)
            if changed:
                console.print(show.saved(changed))
                if any(name.endswith(".py") for name in changed):
                    if waiting_since is None:
                        waiting_since, reloads_then = time.monotonic(), tracker.reloads
                elif tracker.state == "ready":
                    run_and_show(lesson, exercise, live, reference, console)  # a template: no reload needed
            if waiting_since is not None and tracker.reloads != reloads_then:
                waiting_since = None  # the reloader noticed; its outcome comes as a new generation
            if waiting_since is not None and time.monotonic() - waiting_since > reload_grace() and not polling:
                console.print("[yellow]Uvicorn did not notice the save (no file events here); "
                              "restarting it with WATCHFILES_FORCE_POLLING=1.[/]")
                live.stop()
                polling = True
                live = LearnerServer.start(folder, live.port, polling=True)
                publish()
                seen_generation = 0
                waiting_since = None
    except KeyboardInterrupt:
        console.print("\n[dim]Stopped watching; the server is down.[/]")
        return 0
    finally:
        watcher.close()
        workspace_server.clear_record(folder, owner)
        live.stop()
        if twin_server is not None:
            servers.stop_and_clean([twin_server])
