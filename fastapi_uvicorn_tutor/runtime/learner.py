"""The learner's own app under `uvicorn main:app --reload`, and the watcher of their workspace.

LearnerServer is either one this tutor started (runtime/servers.py launches it, so
the watchdog stops it if the tutor dies) or the one `tutor watch` keeps running for
the workspace, reused once it has provably loaded the saved code. Its log is read
as it grows and fed to state/workspace.ReloadTracker, which says whether the app is
loading, ready or broken. FileWatcher says which of the learner's files changed.
Nothing here prints.
"""

from __future__ import annotations

import os
import queue
import threading
import time
from dataclasses import replace
from pathlib import Path

from fastapi_uvicorn_tutor.runtime import env, ports, processes, servers, workspace_server
from fastapi_uvicorn_tutor.runtime.logs import LogFile
from fastapi_uvicorn_tutor.state import workspace


def reload_grace() -> float:
    """Seconds to wait for Uvicorn to notice a save before restarting it ourselves (`TUTOR_RELOAD_GRACE`)."""
    return env.seconds("TUTOR_RELOAD_GRACE", 3.0)


def watcher_delay() -> float:
    """Seconds Uvicorn's reloader waits after starting the worker before it watches files.

    It pauses `--reload-delay` (0.25 s, or `UVICORN_RELOAD_DELAY`) before its first look,
    and only that first look creates the file watcher: a save in between is never seen.
    """
    try:
        return max(0.0, float(os.environ.get("UVICORN_RELOAD_DELAY", "0.25")))
    except ValueError:
        return 0.25


class LearnerServer:
    """The learner's app under `uvicorn main:app --reload`: one we started, or `tutor watch`'s."""

    def __init__(self, folder: Path, port: int, shown: str, log_path: Path, server: servers.Server | None,
                 pid: int | None = None) -> None:
        self.folder = folder
        self.port = port
        self.shown = shown
        self.log = LogFile(log_path)
        self.server = server  # None when reused: someone else stops it
        self.pid = pid if pid is not None else (server.proc.pid if server else None)
        self.twin: tuple[str, int] | None = None  # a reused server's twin (stack id, port), when its owner runs one
        self.tracker = workspace.ReloadTracker()

    @property
    def log_path(self) -> Path:
        return self.log.path

    @property
    def reused(self) -> bool:
        return self.server is None

    @property
    def url(self) -> str:
        return f"http://{servers.HOST}:{self.port}"

    @classmethod
    def start(cls, folder: Path, port: int | None = None, *, strict: bool = False, polling: bool = False) -> LearnerServer:
        """Launch Uvicorn with --reload in `folder` (does not wait); `strict`: `port` or PortBusy."""
        if port and strict and not ports.port_is_free(port):
            raise servers.PortBusy(f"Port {port} is already in use on {servers.HOST}; pick another with --port, or stop what holds it.")
        chosen = port if strict and port else ports.pick_port(port)
        spec = servers.uvicorn_spec(folder, chosen, reload=True)
        if polling:  # file events do not arrive here: let Uvicorn's watcher poll
            spec = replace(spec, env={**spec.env, "WATCHFILES_FORCE_POLLING": "1"})
        server = servers.launch(spec)
        return cls(folder, spec.port, spec.shown, server.log_path, server)

    @classmethod
    def reuse(cls, folder: Path, timeout: float) -> LearnerServer | None:
        """The server `tutor watch` runs for this folder, once it has loaded the saved code.

        Trust needs proof: its worker process must have started after the last save
        (runtime/processes.py tells us when), or its load error must be newer than the save.
        Without that proof within `timeout`, None: the caller starts its own server.
        """
        record = workspace_server.read_record(folder)
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
        """Has the current state come from the saved code? None: cannot tell (its worker is gone)."""
        sources = workspace.python_sources(self.folder)
        newest = max(sources.values(), default=0)
        if self.tracker.state == "ready" and self.tracker.worker_pid:
            started = processes.process_started_at(self.tracker.worker_pid)
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
        return self.pid is not None and processes.pid_alive(self.pid)

    def poll(self) -> list[tuple[str, str]]:
        """Read what the server printed since last time; feed the tracker; lines to show
        (the tutor's readiness probe left out)."""
        return [(kind, line) for kind, line in self.tracker.feed(self.log.new_text())
                if not (kind == "log" and servers.is_probe_line(line))]

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

    def stop(self) -> None:
        """Stop it if we started it (a reused server belongs to `tutor watch`)."""
        if self.server is not None:
            servers.stop_and_clean([self.server])


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
        try:
            import watchfiles  # noqa: F401  (comes with uvicorn[standard])
        except ImportError:
            return
        threading.Thread(target=self._run, name="tutor-watch", daemon=True).start()

    def _run(self) -> None:
        import watchfiles

        try:
            for _changes in watchfiles.watch(self.folder, stop_event=self._stop, debounce=200, step=30,
                                             rust_timeout=500, yield_on_timeout=False):
                self._events.put(True)
        except Exception:  # noqa: BLE001 - no file events: the mtime comparison carries on
            return

    def changes(self, timeout: float) -> list[str]:
        """Wait up to `timeout` for a file event, then list what changed since the last call."""
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
