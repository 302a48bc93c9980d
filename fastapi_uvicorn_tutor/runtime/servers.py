"""Start the two servers of a lesson, wait until they answer, and stop them.

Each server runs as a child process in its own process group, on a free loopback
port, with its output going to a temporary log file (never a pipe that could fill
up). A watchdog process kills every group if the tutor dies without stopping them,
so no server outlives the tutor, not even after SIGKILL. Nothing here prints.
"""

from __future__ import annotations

import atexit
import functools
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING

from fastapi_uvicorn_tutor.errors import TutorError
from fastapi_uvicorn_tutor.runtime import env, processes
from fastapi_uvicorn_tutor.runtime.logs import LogFile, last_lines
from fastapi_uvicorn_tutor.runtime.ports import HOST, release_port

if TYPE_CHECKING:
    from collections.abc import Sequence

    from fastapi_uvicorn_tutor.course.stacks import Stack

FASTAPI_PORT = 8000
# What `wait_ready` asks each server for. No lesson serves it (a 404 is as good an answer
# as any), and every log the learner sees leaves out the lines it causes: Uvicorn's access
# line and an app's own request log both name the path.
PROBE_PATH = "/tutor-readiness-probe"
_PROBE_REQUEST = f"GET {PROBE_PATH}"


def start_timeout() -> float:
    """Seconds a server may take to answer before it counts as failed (`TUTOR_START_TIMEOUT`)."""
    return env.seconds("TUTOR_START_TIMEOUT", 15.0)


class PortBusy(TutorError):
    """A port the learner asked for is taken."""


class ServerFailed(TutorError):
    """A server exited or never answered; carries the tail of its output."""

    def __init__(self, server: Server, reason: str) -> None:
        self.server = server
        self.reason = reason
        super().__init__(f"The {server.spec.name} server {reason}.")


@dataclass(frozen=True)
class ServerSpec:
    """How to start one server: the argv we run and the command we show the learner."""

    name: str  # "FastAPI" or the Node stack's label
    argv: list[str]
    cwd: Path
    port: int
    shown: str  # the command as the learner would type it
    env: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def with_port(self, port: int) -> ServerSpec:
        """The same server on another port (argv, PORT and the shown command follow)."""
        argv = list(self.argv)
        if "--port" in argv:
            argv[argv.index("--port") + 1] = str(port)
        env = {**self.env, **({"PORT": str(port)} if "PORT" in self.env else {})}
        shown = re.sub(r" --port \d+", "", self.shown).replace("main:app", f"main:app --port {port}", 1)
        shown = re.sub(r"PORT=\d+", f"PORT={port}", shown) if "PORT" in self.env else shown
        return replace(self, argv=argv, env=env, port=port, shown=shown)


def python_tool(name: str) -> list[str]:
    """How to run a console script of this tutor's own environment (`uvicorn`, `hypercorn`...)."""
    script = Path(sys.executable).with_name(name)
    return [str(script)] if script.is_file() else [sys.executable, "-m", name]


def uvicorn_spec(app_dir: Path, port: int, *, reload: bool = False, extra: list[str] | None = None,
                 app: str = "main:app") -> ServerSpec:
    """`uvicorn main:app` in the lesson's folder, from this tutor's own environment."""
    launcher = python_tool("uvicorn")
    args = [app, "--host", HOST, "--port", str(port)]
    if reload:
        args.append("--reload")
    args += extra or []
    shown = f"uvicorn {app}" + ("" if port == FASTAPI_PORT else f" --port {port}") + (" --reload" if reload else "")
    shown += "".join(f" {a}" for a in (extra or []))
    return ServerSpec("FastAPI", launcher + args, app_dir, port, shown, {"PYTHONDONTWRITEBYTECODE": "1", "PYTHONUNBUFFERED": "1"})


def node_spec(stack: Stack, twin_dir: Path, port: int, node: str, modules: Path | None, *,
              watch: bool = False, node_args: Sequence[str] = ()) -> ServerSpec:
    """`node server.js` in the twin's folder with PORT set, and the stack's own environment;
    `node_args` are the lesson's options for node, before server.js (`--env-file=settings.env`)."""
    if stack.ready != "http":  # wait_ready knows one way to tell a server is up
        raise ValueError(f"{stack.label} twins are ready by {stack.ready!r}; only 'http' is known.")
    options = (["--watch"] if watch else []) + list(node_args)
    argv = [node, *options, "server.js"]
    env = {"PORT": str(port), "HOST": HOST, **stack.env}
    if modules is not None:
        env["NODE_PATH"] = str(modules)
    shown = shlex.join(["node", *options, "server.js"])
    shown = f"PORT={port} {shown}"
    return ServerSpec(stack.label, argv, twin_dir, port, shown, env)


class Watchdog:
    """One helper process that reaps our server groups if we die first."""

    def __init__(self) -> None:
        self._proc: subprocess.Popen[str] | None = None

    def _ensure(self) -> subprocess.Popen[str]:
        if self._proc is None or self._proc.poll() is not None:
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "fastapi_uvicorn_tutor.runtime.watchdog"],
                cwd="/",
                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                text=True, close_fds=True, **processes.new_group(),
            )
        return self._proc

    def _say(self, line: str) -> None:
        proc = self._ensure()
        assert proc.stdin is not None
        try:
            proc.stdin.write(line + "\n")
            proc.stdin.flush()
        except (BrokenPipeError, OSError):
            self._proc = None

    def guard(self, pgid: int, log: Path | None = None) -> None:
        """Reap this group if we die first (and remove its log file, when given)."""
        self._say(f"{pgid} {log}" if log is not None else str(pgid))

    def release(self, pgid: int) -> None:
        if self._proc is not None:
            self._say(f"-{pgid}")

    def close(self) -> None:
        if self._proc is not None and self._proc.stdin is not None:
            try:
                self._proc.stdin.close()
            except OSError:
                pass
            self._proc = None


WATCHDOG = Watchdog()


@dataclass
class Server:
    """A running child server and its log."""

    spec: ServerSpec
    proc: subprocess.Popen[bytes]
    log_path: Path
    started: float

    @property
    def url(self) -> str:
        return self.spec.url

    @property
    def running(self) -> bool:
        return self.proc.poll() is None

    @property
    def log(self) -> LogFile:
        return LogFile(self.log_path)

    def output(self) -> str:
        """Everything the server printed so far."""
        return self.log.text()

    def tail(self, lines: int = 12) -> str:
        """The last lines it printed (what a failure panel shows), the readiness probe's left out."""
        return "\n".join(last_lines(without_probes(self.output()), lines))

    @property
    def lost_port(self) -> bool:
        """It exited because another program bound its port first (Uvicorn or Node wording)."""
        tail = self.tail(40).lower()
        return not self.running and ("address already in use" in tail or "eaddrinuse" in tail)

    def stop(self, grace: float = 3.0) -> None:
        """Ask the whole group to stop (so a reloader's worker goes too), then kill what is left."""
        pgid = self.proc.pid
        if self.proc.poll() is None:
            processes.terminate_group(pgid)
            try:
                self.proc.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                pass
        processes.kill_group(pgid)  # stragglers: a reload worker, a cluster child
        try:
            self.proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            pass
        WATCHDOG.release(pgid)
        release_port(self.spec.port)

    def cleanup(self) -> None:
        try:
            self.log_path.unlink()
        except OSError:
            pass


def launch(spec: ServerSpec) -> Server:
    """Start one server (does not wait for it)."""
    # The name is a lesson's label ("ASGI app", "Node http"): only letters and digits reach the file name.
    fd, log_name = tempfile.mkstemp(prefix=f"tutor-{re.sub(r'[^a-z0-9]+', '-', spec.name.lower())}-", suffix=".log")
    log: IO[bytes] = os.fdopen(fd, "wb")
    env = {**os.environ, **spec.env}
    try:
        proc = subprocess.Popen(
            spec.argv, cwd=spec.cwd, env=env, stdin=subprocess.DEVNULL, stdout=log,
            stderr=subprocess.STDOUT, close_fds=True, **processes.new_group(),
        )
    except OSError:
        log.close()
        os.unlink(log_name)
        raise
    finally:
        if not log.closed:
            log.close()
    WATCHDOG.guard(proc.pid, Path(log_name))
    return Server(spec, proc, Path(log_name), time.monotonic())


def is_probe_line(line: str) -> bool:
    """A log line about the tutor's readiness probe, not about anything the learner sent."""
    return _PROBE_REQUEST in line


def without_probes(text: str) -> str:
    """A server's output without the lines its readiness probe caused (see `is_probe_line`)."""
    if _PROBE_REQUEST not in text:
        return text
    return "".join(line for line in text.splitlines(keepends=True) if not is_probe_line(line))


def _answers_http(port: int, timeout: float = 1.0) -> bool:
    """True once something on the port answers an HTTP request (the probe) with a status line."""
    try:
        with socket.create_connection((HOST, port), timeout=timeout) as sock:
            sock.sendall(f"{_PROBE_REQUEST} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n".encode())
            return sock.recv(5) == b"HTTP/"
    except OSError:
        return False


def owns_port(server: Server) -> bool:
    """True when the socket listening on the server's port belongs to its process tree.

    Two tutors started at once can both find port 8000 free; the one whose Uvicorn
    binds second must not mistake the other's server for its own. Where the system
    will not say who listens, the port is trusted.
    """
    held = processes.listens_on(server.proc.pid, server.spec.port)
    return True if held is None else held


def wait_ready(servers: list[Server], timeout: float | None = None) -> None:
    """Poll every server until it answers HTTP; raise ServerFailed for the first that cannot."""
    limit = start_timeout() if timeout is None else timeout
    processes.preload()  # owns_port needs psutil; the servers are still booting
    pending = list(servers)
    # A refused connection costs microseconds, so poll often: every poll skipped is time the
    # learner waits after the server is already up (a 0.1 s cap cost ~50 ms on average).
    delay = 0.005
    while pending:
        for server in list(pending):
            if not server.running:
                raise ServerFailed(server, f"exited with code {server.proc.returncode} before answering")
            if _answers_http(server.spec.port) and owns_port(server):
                pending.remove(server)
            elif time.monotonic() - server.started > limit:
                raise ServerFailed(server, f"did not answer on port {server.spec.port} within {limit:g} s")
        if pending:
            time.sleep(delay)
            delay = min(delay * 1.5, 0.02)


def wait_workers(server: Server, marker: str, count: int, timeout: float) -> int:
    """Wait until `marker` (in any case) is in the server's output `count` times, or it exits, or
    `timeout` passes; return how many times it is there.

    A server with several worker processes answers as soon as the first is up; each worker
    prints a ready line (Uvicorn's "Application startup complete.", a twin's listen callback).
    """
    deadline = time.monotonic() + timeout
    while True:
        seen = server.output().lower().count(marker.lower())
        if seen >= count or not server.running or time.monotonic() >= deadline:
            return seen
        time.sleep(0.05)


def stop_all(servers: list[Server]) -> None:
    """Stop every server (all groups asked at once, then each waited for); logs stay readable."""
    for server in servers:
        processes.terminate_group(server.proc.pid)
    for server in servers:
        server.stop()


def stop_and_clean(servers: list[Server]) -> None:
    stop_all(servers)
    for server in servers:
        server.cleanup()


_STOPPING: list[Server] = []


def stop_later(servers: list[Server]) -> None:
    """Ask the servers to stop now and let `finish_stopping` wait, so the learner's last lines
    are not held up by Uvicorn's graceful shutdown (about 0.1-0.2 s)."""
    _finish_stopping_at_exit()
    _STOPPING.extend(servers)  # first, so a Ctrl-C in the loop below still leaves them to finish_stopping
    for server in servers:
        processes.terminate_group(server.proc.pid)


@functools.cache
def _finish_stopping_at_exit() -> None:
    """Register `finish_stopping` with atexit once, when first needed (never on import)."""
    atexit.register(finish_stopping)


def finish_stopping() -> None:
    """Wait for every server `stop_later` signalled; runs at exit too.

    They leave the list once stopped, not before: a Ctrl-C that cuts this short leaves
    them to the next call (stopping a stopped server again is harmless).
    """
    pending = list(_STOPPING)
    stop_and_clean(pending)
    del _STOPPING[: len(pending)]


def node_binary() -> str | None:
    return shutil.which("node")
