"""Start the two servers of a lesson, wait until they answer, and stop them.

Each server runs as a child process in its own process group, on a free loopback
port, with its output going to a temporary log file (never a pipe that could fill
up). A watchdog process kills every group if the tutor dies without stopping them,
so no server outlives the tutor, not even after SIGKILL. Nothing here prints.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING

from fastapi_uvicorn_tutor.errors import TutorError

if TYPE_CHECKING:
    from fastapi_uvicorn_tutor.course.stacks import Stack

HOST = "127.0.0.1"
FASTAPI_PORT = 8000


def start_timeout() -> float:
    """Seconds a server may take to answer before it counts as failed (`TUTOR_START_TIMEOUT`)."""
    try:
        return max(0.5, float(os.environ.get("TUTOR_START_TIMEOUT", "15")))
    except ValueError:
        return 15.0


class PortBusy(TutorError):
    """A port the learner asked for is taken."""


class ServerFailed(TutorError):
    """A server exited or never answered; carries the tail of its output."""

    def __init__(self, server: Server, reason: str) -> None:
        self.server = server
        self.reason = reason
        super().__init__(f"The {server.spec.name} server {reason}.")


def port_is_free(port: int, host: str = HOST) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


_CLAIMS: dict[int, int] = {}  # port -> fd of its held lock file


def _claim(port: int) -> bool:
    """Hold a per-port lock so two tutors started together never both pick this port.

    The lock lives as long as this process holds the fd (the kernel drops it on exit,
    even on SIGKILL); the lock file itself is an empty file in the temp folder.
    """
    if port in _CLAIMS:
        return False
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: rely on the bind check alone
        return True
    path = Path(tempfile.gettempdir()) / f"fastapi-uvicorn-tutor-port-{port}.lock"
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return False
    _CLAIMS[port] = fd
    return True


def release_port(port: int) -> None:
    fd = _CLAIMS.pop(port, None)
    if fd is not None:
        os.close(fd)


def pick_port(preferred: int | None, avoid: set[int] = frozenset()) -> int:  # type: ignore[assignment]
    """`preferred` when free (and no other tutor is about to use it), else any free loopback port."""
    if preferred and preferred not in avoid and port_is_free(preferred) and _claim(preferred):
        if port_is_free(preferred):
            return preferred
        release_port(preferred)
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind((HOST, 0))
            port = sock.getsockname()[1]
        if port not in avoid:
            return port


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


def uvicorn_spec(app_dir: Path, port: int, *, reload: bool = False, extra: list[str] | None = None) -> ServerSpec:
    """`uvicorn main:app` in the lesson's folder, from this tutor's own environment."""
    script = Path(sys.executable).with_name("uvicorn")
    launcher = [str(script)] if script.is_file() else [sys.executable, "-m", "uvicorn"]
    args = ["main:app", "--host", HOST, "--port", str(port)]
    if reload:
        args.append("--reload")
    args += extra or []
    shown = "uvicorn main:app" + ("" if port == FASTAPI_PORT else f" --port {port}") + (" --reload" if reload else "")
    shown += "".join(f" {a}" for a in (extra or []))
    return ServerSpec("FastAPI", launcher + args, app_dir, port, shown, {"PYTHONDONTWRITEBYTECODE": "1", "PYTHONUNBUFFERED": "1"})


def node_spec(stack: Stack, twin_dir: Path, port: int, node: str, modules: Path | None, *,
              watch: bool = False) -> ServerSpec:
    """`node server.js` in the twin's folder with PORT set, and the stack's own environment."""
    if stack.ready != "http":  # wait_ready knows one way to tell a server is up
        raise ValueError(f"{stack.label} twins are ready by {stack.ready!r}; only 'http' is known.")
    argv = [node] + (["--watch"] if watch else []) + ["server.js"]
    env = {"PORT": str(port), "HOST": HOST, **stack.env}
    if modules is not None:
        env["NODE_PATH"] = str(modules)
    shown = f"PORT={port} node {'--watch ' if watch else ''}server.js"
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
                text=True, start_new_session=True, close_fds=True,
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
    ready_after: float | None = None

    @property
    def url(self) -> str:
        return self.spec.url

    @property
    def running(self) -> bool:
        return self.proc.poll() is None

    def output(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def tail(self, lines: int = 12) -> str:
        return "\n".join(self.output().rstrip().splitlines()[-lines:])

    @property
    def lost_port(self) -> bool:
        """It exited because another program bound its port first (Uvicorn or Node wording)."""
        tail = self.tail(40).lower()
        return not self.running and ("address already in use" in tail or "eaddrinuse" in tail)

    def stop(self, grace: float = 3.0) -> None:
        """SIGTERM the whole group (so a reloader's worker goes too), then SIGKILL."""
        pgid = self.proc.pid
        if self.proc.poll() is None:
            try:
                os.killpg(pgid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(pgid, signal.SIGKILL)  # stragglers: a reload worker, a cluster child
        except (ProcessLookupError, PermissionError):
            pass
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
    fd, log_name = tempfile.mkstemp(prefix=f"tutor-{spec.name.lower()}-", suffix=".log")
    log: IO[bytes] = os.fdopen(fd, "wb")
    env = {**os.environ, **spec.env}
    try:
        proc = subprocess.Popen(
            spec.argv, cwd=spec.cwd, env=env, stdin=subprocess.DEVNULL, stdout=log,
            stderr=subprocess.STDOUT, start_new_session=True, close_fds=True,
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


def _answers_http(port: int, timeout: float = 1.0) -> bool:
    """True once something on the port answers an HTTP request with a status line."""
    try:
        with socket.create_connection((HOST, port), timeout=timeout) as sock:
            sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            return sock.recv(5) == b"HTTP/"
    except OSError:
        return False


def _listening_inodes(port: int) -> set[str]:
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(fields[9])
    return inodes


def owns_port(server: Server) -> bool:
    """True when the socket listening on the server's port belongs to its process group.

    Two tutors started at once can both find port 8000 free; the one whose Uvicorn
    binds second must not mistake the other's server for its own. Linux tells us
    through /proc; elsewhere we trust the port.
    """
    if not Path("/proc/net/tcp").exists():
        return True
    wanted = {f"socket:[{inode}]" for inode in _listening_inodes(server.spec.port)}
    if not wanted:
        return False
    pgid = server.proc.pid
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if int((entry / "stat").read_text().rsplit(") ", 1)[1].split()[2]) != pgid:
                continue
            if any(os.readlink(fd) in wanted for fd in (entry / "fd").iterdir()):
                return True
        except (OSError, IndexError, ValueError):
            continue
    return False


def wait_ready(servers: list[Server], timeout: float | None = None) -> None:
    """Poll every server until it answers HTTP; raise ServerFailed for the first that cannot."""
    limit = start_timeout() if timeout is None else timeout
    pending = list(servers)
    delay = 0.01
    while pending:
        for server in list(pending):
            if not server.running:
                raise ServerFailed(server, f"exited with code {server.proc.returncode} before answering")
            if _answers_http(server.spec.port) and owns_port(server):
                server.ready_after = time.monotonic() - server.started
                pending.remove(server)
            elif time.monotonic() - server.started > limit:
                raise ServerFailed(server, f"did not answer on port {server.spec.port} within {limit:g} s")
        if pending:
            time.sleep(delay)
            delay = min(delay * 1.5, 0.1)


def stop_all(servers: list[Server]) -> None:
    """Stop every server (SIGTERM to all groups at once, then wait); logs stay readable."""
    for server in servers:
        try:
            os.killpg(server.proc.pid, signal.SIGTERM)
        except (ProcessLookupError, PermissionError):
            pass
    for server in servers:
        server.stop()


def stop_and_clean(servers: list[Server]) -> None:
    stop_all(servers)
    for server in servers:
        server.cleanup()


_STOPPING: list[Server] = []


def stop_later(servers: list[Server]) -> None:
    """Send SIGTERM now and let `finish_stopping` wait, so the learner's last lines
    are not held up by Uvicorn's graceful shutdown (about 0.1-0.2 s)."""
    for server in servers:
        try:
            os.killpg(server.proc.pid, signal.SIGTERM)
        except (ProcessLookupError, PermissionError):
            pass
    _STOPPING.extend(servers)


def finish_stopping() -> None:
    """Wait for every server `stop_later` signalled; runs at exit too."""
    pending = list(_STOPPING)
    _STOPPING.clear()
    stop_and_clean(pending)


atexit.register(finish_stopping)


def node_binary() -> str | None:
    return shutil.which("node")
