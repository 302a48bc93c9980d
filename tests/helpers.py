"""Helpers for driving the real `tutor` command: subprocesses, a pty, orphan checks."""

from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

URL_RE = re.compile(r"http://127\.0\.0\.1:(\d+)")


def tutor_env(home: Path, TERM: str | None = None, **extra: str) -> dict[str, str]:  # noqa: N803
    env = {**os.environ, "TUTOR_HOME": str(home), "COLUMNS": "100", "PYTHONUNBUFFERED": "1"}
    env.pop("NO_COLOR", None)
    if TERM is not None:
        env["TERM"] = TERM
    env.update(extra)
    return env


def run_tutor(home: Path, *args: str, stdin: str | None = "", timeout: float = 90, cwd: Path | None = None,
              **extra: str) -> subprocess.CompletedProcess[str]:
    """`python -m fastapi_uvicorn_tutor ARGS` with stdin not a TTY."""
    return subprocess.run(
        [sys.executable, "-m", "fastapi_uvicorn_tutor", *args],
        input=stdin, capture_output=True, text=True, timeout=timeout, env=tutor_env(home, **extra), cwd=cwd,
    )


def invoke_tutor(home: Path, *args: str, cwd: Path | None = None, **extra: str) -> subprocess.CompletedProcess[str]:
    """`tutor ARGS` inside this process, through Typer's CliRunner, answered like `run_tutor`.

    For commands that start no server, where the exit code and the words printed are all
    the test looks at; saves a Python start-up (~0.5 s) per call. Anything that depends on
    the real process (signals, a pty, a pipe's encoding, `tutor next`'s early Uvicorn,
    leftover children) stays with `run_tutor`. An unexpected exception is appended to
    stderr as the traceback a real run would print, so "no Traceback" checks keep biting.
    """
    import traceback

    from typer.testing import CliRunner

    from fastapi_uvicorn_tutor.cli import app as cli

    env: dict[str, str | None] = {"TUTOR_HOME": str(home), "COLUMNS": "100", "NO_COLOR": None, **extra}
    consoles = [c for c in (cli.console, cli.err) if hasattr(c, "_console")]
    before = Path.cwd()
    try:
        for lazy in consoles:  # a fresh Console per call reads COLUMNS and NO_COLOR as a new process would
            lazy._console = None  # type: ignore[attr-defined]
        if cwd is not None:
            os.chdir(cwd)
        result = CliRunner().invoke(cli.app, list(args), env=env)
    finally:
        os.chdir(before)
        for lazy in consoles:
            lazy._console = None  # type: ignore[attr-defined]
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        assert result.exc_info is not None
        stderr += "Traceback (most recent call last):\n" + "".join(traceback.format_exception(*result.exc_info))
    return subprocess.CompletedProcess(["tutor", *args], result.exit_code, result.stdout, stderr)


def pids_with_env(name: str, value: str) -> list[int]:
    """Live processes whose environment has NAME=VALUE (our children inherit TUTOR_HOME)."""
    needle = f"{name}={value}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            state = (entry / "stat").read_text().split(") ", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z" and needle in environ.split(b"\0"):
            found.append(int(entry.name))
    return found


def wait_no_children(home: Path, within: float = 2.0) -> list[int]:
    """Processes still carrying this TUTOR_HOME after `within` seconds (empty = no orphans)."""
    deadline = time.monotonic() + within
    left = pids_with_env("TUTOR_HOME", str(home))
    while left and time.monotonic() < deadline:
        time.sleep(0.05)
        left = pids_with_env("TUTOR_HOME", str(home))
    return left


MARK = "TUTOR_TEST_MARK"


def leftovers(mark: str, within: float = 0.0) -> list[int]:
    """Processes carrying the test's MARK after `within` seconds, the tutor's watchdog aside."""
    def alive() -> list[int]:
        found = []
        for pid in pids_with_env(MARK, mark):
            try:
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            if b"fastapi_uvicorn_tutor.runtime.watchdog" not in cmdline:
                found.append(pid)
        return found

    deadline = time.monotonic() + within
    left = alive()
    while left and time.monotonic() < deadline:
        time.sleep(0.05)
        left = alive()
    return left


def kill_leftovers(pids: list[int]) -> None:
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


class PtyTutor:
    """The tutor on a pseudo-terminal, as a learner would run it."""

    def __init__(self, home: Path, *args: str, columns: int = 120, **extra: str) -> None:
        import fcntl
        import pty
        import struct
        import termios

        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
        env = tutor_env(home, **{"TERM": "xterm-256color", **extra})
        env.pop("COLUMNS", None)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "fastapi_uvicorn_tutor", *args],
            stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True, close_fds=True,
            # Make the pty our controlling terminal, so Ctrl-C (\x03) becomes SIGINT as for a learner.
            preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0),
        )
        os.close(slave)
        self.output = ""

    def read_until(self, pattern: str, timeout: float = 60) -> str:
        """Read until `pattern` (a regex) appears in the output since start; return all output."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while not regex.search(strip_ansi(self.output)):
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"timed out waiting for {pattern!r}; output so far:\n{strip_ansi(self.output)[-3000:]}")
            ready, _, _ = select.select([self.master], [], [], min(left, 0.5))
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    if self.proc.poll() is not None:
                        raise AssertionError(f"tutor exited ({self.proc.returncode}) before {pattern!r}:\n{strip_ansi(self.output)[-3000:]}")
                    continue
                self.output += chunk.decode("utf-8", errors="replace")
        return strip_ansi(self.output)

    def send(self, text: str) -> None:
        os.write(self.master, text.encode())

    def wait(self, timeout: float = 30) -> int:
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.2)
            if ready:
                try:
                    self.output += os.read(self.master, 65536).decode("utf-8", errors="replace")
                except OSError:
                    pass
        return self.proc.wait(timeout=1)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        os.close(self.master)


ANSI_RE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\r")


def strip_ansi(text: str) -> str:
    return ANSI_RE.sub("", text)


def copy_lesson(slug: str, root: Path, *, packages: bool = False) -> Path:
    """Copy one lesson and each of its twins (every stack that has one) into a course at `root`;
    with `packages`, each stack's package.json and lock too. Returns `root`."""
    import shutil

    from fastapi_uvicorn_tutor.course import stacks

    repo = Path(__file__).resolve().parent.parent
    shutil.copytree(repo / "lessons" / slug, root / "lessons" / slug)
    for stack in stacks.ALL:
        twin = stack.root(repo) / slug
        if twin.is_dir():
            shutil.copytree(twin, stack.root(root) / slug)
        if packages:
            stack.root(root).mkdir(parents=True, exist_ok=True)
            for name in ("package.json", "package-lock.json"):
                shutil.copy(stack.root(repo) / name, stack.root(root) / name)
    return root
