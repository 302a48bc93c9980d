"""Practice mode: the learner writes the exercise, Uvicorn reloads it, the checks judge it.

Commands: `tutor check`, `watch`, `hint`, `solution`, `reset-exercise`, `where`,
`edit` (added to the CLI by `register`). The learner's app always runs the way the
course teaches, `uvicorn main:app --reload` in their workspace folder, started
with runtime/servers.py (so the watchdog stops it if the tutor dies), and every check is
a real HTTP request through runtime/client.py.
"""

from __future__ import annotations

import codecs
import os
import queue
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi_uvicorn_tutor.course import catalog, stacks
from fastapi_uvicorn_tutor.course import exercises as checks
from fastapi_uvicorn_tutor.runtime import client, servers, twins
from fastapi_uvicorn_tutor.state import progress, workspace

if TYPE_CHECKING:
    from rich.console import Console

    from fastapi_uvicorn_tutor.course.exercises import Exercise, Report


def reload_grace() -> float:
    """Seconds to wait for Uvicorn to notice a save before restarting it ourselves."""
    try:
        return max(0.5, float(os.environ.get("TUTOR_RELOAD_GRACE", "3")))
    except ValueError:
        return 3.0


# ----- the learner's server ---------------------------------------------------------------


class LearnerServer:
    """The learner's app under `uvicorn main:app --reload`: one we started, or `tutor watch`'s."""

    def __init__(self, folder: Path, port: int, shown: str, log_path: Path, server: servers.Server | None,
                 pid: int | None = None) -> None:
        self.folder = folder
        self.port = port
        self.shown = shown
        self.log_path = log_path
        self.server = server  # None when reused: someone else stops it
        self.pid = pid if pid is not None else (server.proc.pid if server else None)
        self.twin: tuple[str, int] | None = None  # a reused server's twin (stack id, port), when its owner runs one
        self.tracker = workspace.ReloadTracker()
        self._offset = 0
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

    @property
    def reused(self) -> bool:
        return self.server is None

    @property
    def url(self) -> str:
        return f"http://{servers.HOST}:{self.port}"

    @classmethod
    def start(cls, folder: Path, port: int | None = None, *, strict: bool = False, polling: bool = False) -> LearnerServer:
        if port and strict and not servers.port_is_free(port):
            raise servers.PortBusy(f"Port {port} is already in use on {servers.HOST}; pick another with --port, or stop what holds it.")
        chosen = port if strict and port else servers.pick_port(port)
        spec = servers.uvicorn_spec(folder, chosen, reload=True)
        if polling:  # file events do not arrive here: let Uvicorn's watcher poll
            spec = replace(spec, env={**spec.env, "WATCHFILES_FORCE_POLLING": "1"})
        server = servers.launch(spec)
        return cls(folder, spec.port, spec.shown, server.log_path, server)

    @classmethod
    def reuse(cls, folder: Path, timeout: float) -> LearnerServer | None:
        """The server `tutor watch` runs for this folder, once it has loaded the saved code.

        Trust needs proof: its worker process must have started after the last save
        (Linux /proc tells us when), or its load error must be newer than the save.
        Without that proof within `timeout`, None: the caller starts its own server.
        """
        record = workspace.read_record(folder)
        if record is None:
            return None
        live = cls(folder, record.port, f"uvicorn main:app --port {record.port} --reload", Path(record.log), None, record.pid)
        if record.twin_port and record.twin_stack:
            live.twin = (record.twin_stack, record.twin_port)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            live.poll()
            if not live.running:
                return None
            fresh = live.fresh()
            if fresh is None:
                return None
            if fresh:
                return live
            time.sleep(0.05)
        return None

    def fresh(self) -> bool | None:
        """Has the current state come from the saved code? None: cannot tell on this system."""
        sources = workspace.python_sources(self.folder)
        newest = max(sources.values(), default=0)
        if self.tracker.state == "ready" and self.tracker.worker_pid:
            started = workspace.process_started_at(self.tracker.worker_pid)
            return None if started is None else newest / 1e9 < started
        if self.tracker.state == "broken":
            try:
                return newest < self.log_path.stat().st_mtime_ns
            except OSError:
                return None
        return False

    @property
    def running(self) -> bool:
        if self.server is not None:
            return self.server.running
        return self.pid is not None and workspace._alive(self.pid)

    def poll(self) -> list[tuple[str, str]]:
        """Read what the server printed since last time; feed the tracker; lines to show."""
        try:
            with open(self.log_path, "rb") as handle:
                handle.seek(self._offset)
                data = handle.read()
        except OSError:
            return []
        self._offset += len(data)
        return self.tracker.feed(self._decoder.decode(data))

    def output_since(self, offset: int) -> str:
        try:
            with open(self.log_path, "rb") as handle:
                handle.seek(offset)
                return handle.read().decode("utf-8", errors="replace")
        except OSError:
            return ""

    def log_size(self) -> int:
        try:
            return self.log_path.stat().st_size
        except OSError:
            return 0

    def wait_loaded(self, timeout: float) -> str:
        """Poll until the app is ready or broken: "ready", "broken", "exited" or "timeout"."""
        deadline = time.monotonic() + timeout
        delay = 0.01
        while True:
            self.poll()
            if self.tracker.state in ("ready", "broken"):
                if self.tracker.state == "ready" and self.server is not None:
                    try:
                        servers.wait_ready([self.server], timeout=timeout)  # the port answers HTTP too
                    except servers.ServerFailed:
                        return "exited" if not self.running else "timeout"
                return self.tracker.state
            if not self.running:
                self.poll()
                return "exited"
            if time.monotonic() > deadline:
                return "timeout"
            time.sleep(delay)
            delay = min(delay * 1.5, 0.1)

    def tail(self, lines: int = 12) -> str:
        return "\n".join(self.output_since(0).rstrip().splitlines()[-lines:])

    def stop(self) -> None:
        if self.server is not None:
            servers.stop_and_clean([self.server])


def _twin_ready(stack: stacks.Stack, twin: servers.Server | None) -> tuple[str, int] | None:
    """(stack id, port) once the twin answers; None when it is not running or never answered."""
    if twin is None:
        return None
    try:
        servers.wait_ready([twin])
    except servers.ServerFailed:
        return None
    return stack.id, twin.spec.port


def _start_twin(lesson: catalog.Lesson, stack: stacks.Stack) -> tuple[servers.Server | None, str | None]:
    """The lesson's twin for the reference answers, on any free port; practice never runs npm."""
    return twins.start_twin(lesson, stack, lambda: servers.pick_port(None), install=False)


# ----- progress -------------------------------------------------------------------------------


def record_pass(lesson: catalog.Lesson, console: Console) -> bool:
    """Mark the lesson done (its exercise passed); the next lesson becomes current."""
    try:
        lessons = catalog.load_catalog()
    except catalog.CatalogError:
        return False
    slugs = [item.slug for item in lessons]
    index = slugs.index(lesson.slug) if lesson.slug in slugs else -1
    following = slugs[index + 1] if 0 <= index < len(slugs) - 1 else None

    def change(p: progress.Progress) -> None:
        p.mark_done(lesson.slug)
        if p.current in (None, lesson.slug):
            p.current = following

    try:
        progress.update(slugs, change)
    except progress.StateDirError as exc:
        console.print(f"[yellow]Warning:[/] {exc}")
        return False
    return True


def _done(lesson: catalog.Lesson) -> bool:
    return lesson.slug in progress.load().done


# ----- hooks for the lesson flow (flows/lesson.py, cli/app.py) ------------------------------------------


def announce(lesson: catalog.Lesson, console: Console) -> None:
    """At the end of a lesson with an exercise: prepare the workspace and say what to do."""
    from fastapi_uvicorn_tutor.ui import practice as show

    try:
        exercise = checks.load_exercise(lesson)
        if exercise is None:
            return
        prepared = workspace.prepare(exercise)
        workspace.mark_lesson_seen(prepared.folder)
    except (checks.ExerciseError, workspace.WorkspaceError) as exc:
        console.print(f"[yellow]The exercise is not available:[/] {exc}")
        return
    console.print(show.exercise_intro(lesson, exercise, prepared.main_py, prepared.created, _done(lesson)))


def exercise_pending(lessons: list[catalog.Lesson], lesson: catalog.Lesson, console: Console) -> bool:
    """After the walkthrough: True (and say so) when the lesson waits for its exercise."""
    from fastapi_uvicorn_tutor.ui import practice as show

    if not checks.has_exercise(lesson):
        return False
    slugs = [item.slug for item in lessons]
    state = progress.load(slugs)
    if lesson.slug in state.done:
        return False
    if lesson.slug not in state.skipped:
        try:
            progress.update(slugs, lambda p: setattr(p, "current", lesson.slug))
        except progress.StateDirError as exc:
            console.print(f"[yellow]Warning:[/] {exc}")
    console.print(show.walkthrough_over(lesson))
    return True


def remind(lesson: catalog.Lesson, console: Console) -> bool:
    """`tutor next` on a lesson whose walkthrough was seen but whose exercise is unsolved."""
    from fastapi_uvicorn_tutor.ui import practice as show

    try:
        exercise = checks.load_exercise(lesson)
    except checks.ExerciseError:
        return False
    folder = workspace.folder_for(lesson.slug)
    main_py = folder / workspace.MAIN
    if exercise is None or not main_py.is_file() or not workspace.lesson_seen(folder) or _done(lesson):
        return False
    console.print(show.pending_reminder(lesson, exercise, main_py))
    return True


# ----- check ------------------------------------------------------------------------------------


def check_once(lesson: catalog.Lesson, exercise: Exercise, console: Console, *, twin: bool = True,
               stack: stacks.Stack = stacks.DEFAULT) -> int:
    """`tutor check`: 0 when every check passes, 1 otherwise."""
    from fastapi_uvicorn_tutor.ui import practice as show

    prepared = workspace.prepare(exercise)
    if prepared.created:
        console.print(f"[dim]No main.py yet: copied the starter to {prepared.main_py}.[/]")
    live = LearnerServer.reuse(prepared.folder, servers.start_timeout()) or LearnerServer.start(prepared.folder)
    reference = live.twin if twin and exercise.uses_twin and live.twin and live.twin[0] == stack.id else None
    wanted = twin and exercise.uses_twin and reference is None
    started_twin, twin_problem = _start_twin(lesson, stack) if wanted else (None, None)
    try:
        console.print(show.check_header(lesson, prepared.main_py, live.shown, live.reused))
        if twin_problem:
            console.print(show.twin_missing(stack, twin_problem))
        state = live.wait_loaded(servers.start_timeout()) if not live.reused else live.tracker.state
        if state == "exited" and live.server is not None and live.server.lost_port:
            # Another program bound the port between our check and Uvicorn's bind: not the
            # learner's problem, so try once more on another port.
            live.stop()
            live = LearnerServer.start(prepared.folder)
            state = live.wait_loaded(servers.start_timeout())
        if state == "broken":
            console.print(show.load_failure(workspace.error_excerpt(live.tracker.error, prepared.folder), prepared.main_py))
            console.print(show.not_loaded(len(exercise.checks)))
            return 1
        if state != "ready":
            from fastapi_uvicorn_tutor.ui import render

            reason = "exited before answering" if state == "exited" else f"did not answer within {servers.start_timeout():g} s"
            console.print(render.server_failure("FastAPI", reason, live.tail()))
            return 1
        reference = reference or _twin_ready(stack, started_twin)
        report = _run_and_show(lesson, exercise, live, reference, console)
        return 0 if report.passed else 1
    finally:
        live.stop()
        if started_twin is not None:
            servers.stop_and_clean([started_twin])


def _run_and_show(lesson: catalog.Lesson, exercise: Exercise, live: LearnerServer, twin: tuple[str, int] | None,
                  console: Console) -> Report:
    from fastapi_uvicorn_tutor.ui import practice as show

    offset = live.log_size()
    report = client.run_checks(exercise, live.port, twin)
    console.print(show.check_report(report, console.width))
    if any(r.response.status >= 500 for r in report.results):
        excerpt = _server_errors(live.output_since(offset), live.folder)
        if excerpt:
            console.print(show.server_output(excerpt))
    recorded = report.passed and record_pass(lesson, console)
    hints_left = len(exercise.hints) - workspace.hints_shown(live.folder)
    console.print(show.verdict(report, lesson, hints_left, recorded))
    return report


def _server_errors(output: str, folder: Path) -> str:
    """The useful end of the tracebacks a handler raised during the checks."""
    lines = output.splitlines()
    if not any("Traceback" in line for line in lines):
        return ""
    start = max(i for i, line in enumerate(lines) if "Traceback" in line)
    block = []
    for line in lines[start:]:
        block.append(line)
        if line and not line[0].isspace() and not line.startswith("Traceback") and len(block) > 1:
            break
    return workspace.error_excerpt(block, folder)


# ----- watch --------------------------------------------------------------------------------------


def _checks_own_line(line: str, exercise: Exercise) -> bool:
    """An access-log line for one of the checks' own requests (the results already say it)."""
    return any(f'"{check.request.method} {check.request.path} HTTP/' in line for check in exercise.checks)


class FileWatcher:
    """Which files changed: watchfiles wakes us at once; comparing mtimes catches the rest.

    Where file events never arrive (some network and container mounts), the
    mtime comparison on every wake-up is the fallback, so a save is never missed.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.snapshot = workspace.all_sources(folder)
        self._events: queue.Queue[bool] = queue.Queue()
        self._stop = threading.Event()
        self.events_work = False
        try:
            import watchfiles  # noqa: F401  (comes with uvicorn[standard])
        except ImportError:
            return
        self._thread = threading.Thread(target=self._run, name="tutor-watch", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import watchfiles

        try:
            for _changes in watchfiles.watch(self.folder, stop_event=self._stop, debounce=200, step=30,
                                             rust_timeout=500, yield_on_timeout=False):
                self.events_work = True
                self._events.put(True)
        except Exception:  # noqa: BLE001 - no file events: the mtime comparison carries on
            return

    def changes(self, timeout: float) -> list[str]:
        try:
            self._events.get(timeout=timeout)
            while not self._events.empty():
                self._events.get_nowait()
        except queue.Empty:
            pass
        current = workspace.all_sources(self.folder)
        changed = sorted(name for name in set(current) | set(self.snapshot) if current.get(name) != self.snapshot.get(name))
        self.snapshot = current
        return changed

    def close(self) -> None:
        self._stop.set()


def watch(lesson: catalog.Lesson, exercise: Exercise, console: Console, *, port: int | None = None,
          twin: bool = True, stack: stacks.Stack = stacks.DEFAULT) -> int:
    """`tutor watch`: serve the workspace with --reload and re-check after every reload, until Ctrl-C."""
    from fastapi_uvicorn_tutor.ui import practice as show

    prepared = workspace.prepare(exercise)
    folder = prepared.folder
    if prepared.created:
        console.print(f"[dim]No main.py yet: copied the starter to {prepared.main_py}.[/]")
    live = LearnerServer.start(folder, port or servers.FASTAPI_PORT, strict=port is not None)
    twin_server, twin_problem = _start_twin(lesson, stack) if twin and exercise.uses_twin else (None, None)
    if twin_problem:
        console.print(show.twin_missing(stack, twin_problem))
    reference = _twin_ready(stack, twin_server)
    owner = os.getpid()

    def publish() -> None:
        workspace.write_record(folder, workspace.ServerRecord(owner, live.pid or 0, live.port, str(live.log_path),
                                                              reference[1] if reference else None,
                                                              reference[0] if reference else None))

    publish()
    watcher = FileWatcher(folder)
    console.print(show.watch_banner(prepared.main_py, live.shown, live.url))
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

                console.print(render.server_failure("FastAPI", f"exited with code {live.server.proc.returncode}" if live.server else "exited", live.tail()))
                return 1
            tracker = live.tracker
            if tracker.generation != seen_generation:
                seen_generation = tracker.generation
                waiting_since = None
                if tracker.state == "ready":
                    _run_and_show(lesson, exercise, live, reference, console)
                else:
                    console.print(show.load_failure(workspace.error_excerpt(tracker.error, folder), prepared.main_py))
            changed = watcher.changes(0.1)
            if changed:
                console.print(show.saved(changed))
                if any(name.endswith(".py") for name in changed):
                    if waiting_since is None:
                        waiting_since, reloads_then = time.monotonic(), tracker.reloads
                elif tracker.state == "ready":
                    _run_and_show(lesson, exercise, live, reference, console)  # a template: no reload needed
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
        workspace.clear_record(folder, owner)
        live.stop()
        if twin_server is not None:
            servers.stop_and_clean([twin_server])
