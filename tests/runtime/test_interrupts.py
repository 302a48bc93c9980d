"""Ctrl-C at the moment the `request>` prompt appears, pressed for real in a pty, many times.

Each attempt runs `tutor goto 1` and presses Ctrl-C at a stepped instant in one of two
windows: while the lesson's last modules load and the prompt help panel renders (after
the Recap panel), or in the first milliseconds after the help panel is written, before
readline blocks. Both were races: the tutor could die by SIGINT (status -2) after saying
"Stopped", or keep waiting at `request>` with both servers up. Attempts run a few at a
time so the whole test stays within seconds. The last tests pin the mechanism in-process.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import textwrap
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from fastapi_uvicorn_tutor.runtime import interrupts

from ..conftest import LESSONS
from ..helpers import PtyTutor, kill_leftovers, strip_ansi, wait_no_children

FIRST = LESSONS[0]
AT_ONCE = 5  # tutors running at the same time: two rounds
# (text that shows the moment, first and last delay in seconds after it, attempts)
WINDOWS = [
    (b"Recap", 0.0, 0.050, 7),  # the last lazy imports, then the help panel renders
    (b"your exercise passes)", 0.0, 0.0015, 3),  # the help panel's last line is out; readline is about to block
]
STOPPED = "Stopped. Both servers are down; this lesson is not marked done."


@dataclass
class Attempt:
    home: Path
    trigger: bytes
    delay: float
    status: int | None = None
    after: str = ""  # the output from the Ctrl-C on

    def problem(self) -> str | None:
        what = f"Ctrl-C {self.delay * 1000:.1f} ms after {self.trigger.decode()!r}"
        if self.status is None:
            return f"{what}: the tutor was still running 8 s later; output since: {self.after[-300:]!r}"
        if self.status != 130:
            return f"{what}: exit status {self.status}, not 130; output since: {self.after[-300:]!r}"
        if self.after.count("Stopped") != 1 or STOPPED not in self.after:
            return f"{what}: not one 'Stopped' line; output since: {self.after[-300:]!r}"
        if "request>" in self.after.split(STOPPED, 1)[1]:
            return f"{what}: a prompt after 'Stopped'; output since: {self.after[-300:]!r}"
        return None


def _read(tutor: PtyTutor, timeout: float) -> bytes | None:
    """What the tutor wrote within `timeout` (maybe nothing); None once it closed the terminal."""
    ready, _, _ = select.select([tutor.master], [], [], timeout)
    if not ready:
        return b""
    try:
        return os.read(tutor.master, 65536) or None
    except OSError:  # EIO: every copy of the terminal is closed, the tutor is exiting
        return None


def _press_ctrl_c(attempt: Attempt) -> Attempt:
    tutor = PtyTutor(attempt.home, "goto", str(FIRST.number), "--no-predict")
    try:
        seen = b""
        deadline = time.monotonic() + 60
        while attempt.trigger not in seen[-4096:]:  # raw bytes, no regex: the window is a millisecond wide
            chunk = _read(tutor, 0.5)
            if chunk is None or time.monotonic() > deadline:
                raise AssertionError(f"no {attempt.trigger!r} before Ctrl-C:\n{strip_ansi(seen.decode(errors='replace'))[-2000:]}")
            seen += chunk
        until = time.perf_counter() + attempt.delay
        if attempt.delay > 0.002:
            time.sleep(attempt.delay - 0.001)
        while time.perf_counter() < until:  # sleep() alone is too coarse for a 0.1 ms step
            pass
        tutor.send("\x03")
        after = b""
        deadline = time.monotonic() + 8
        while (chunk := _read(tutor, max(0.0, deadline - time.monotonic()))) and time.monotonic() < deadline:
            after += chunk
        try:
            attempt.status = tutor.proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            attempt.status = None
        attempt.after = strip_ansi(after.decode(errors="replace"))
        return attempt
    finally:
        tutor.close()


def test_ctrl_c_as_the_prompt_appears_always_stops_everything(tmp_path: Path, node_modules: Path) -> None:
    assert FIRST.section("recap"), "this test presses Ctrl-C after lesson 01's Recap panel"
    attempts = [
        Attempt(tmp_path / f"home-{trigger.decode()[:5]}-{step}", trigger, first + (last - first) * step / (count - 1))
        for trigger, first, last, count in WINDOWS
        for step in range(count)
    ]
    attempts.sort(key=lambda a: a.delay)  # interleave the two windows across the concurrent tutors
    try:
        with ThreadPoolExecutor(max_workers=AT_ONCE) as pool:
            done = list(pool.map(_press_ctrl_c, attempts))
    finally:
        left = [pid for attempt in attempts for pid in wait_no_children(attempt.home, within=3.0)]
        kill_leftovers(left)
    problems = [p for p in (attempt.problem() for attempt in done) if p]
    assert not problems, f"{len(problems)} of {len(done)} Ctrl-Cs went wrong:\n" + "\n".join(problems)
    assert left == [], "servers (or the watchdog) outlived a Ctrl-C"
    for attempt in done:
        state = json.loads((attempt.home / "progress.json").read_text())
        assert FIRST.slug not in state["done"]


@pytest.mark.skipif(not hasattr(signal, "pthread_kill"), reason="no pthread_kill on this platform")
def test_a_sigint_caught_while_the_main_thread_already_waits_still_interrupts_the_wait() -> None:
    # The readline race in miniature: the SIGINT is caught but no system call of the main
    # thread is interrupted, so Python runs no handler until the wait ends on its own.
    # At the prompt it lands just before readline's select(); here, in another thread.
    previous = signal.getsignal(signal.SIGINT)
    read, write = os.pipe()

    def send_to_myself() -> None:
        time.sleep(0.2)
        signal.pthread_kill(threading.get_ident(), signal.SIGINT)

    sender = threading.Thread(target=send_to_myself)
    started = time.monotonic()
    try:
        with pytest.raises(KeyboardInterrupt), interrupts.ctrl_c_stops():
            sender.start()
            select.select([read], [], [], 10)
        assert time.monotonic() - started < 3, "the Ctrl-C waited for the blocking call to return"
        assert signal.getsignal(signal.SIGINT) == signal.SIG_IGN, "a second Ctrl-C could interrupt the stopping"
        os.kill(os.getpid(), signal.SIGINT)  # ignored: nothing is raised
        time.sleep(0.1)
    finally:
        signal.signal(signal.SIGINT, previous)
        sender.join()
        os.close(read)
        os.close(write)


def test_without_a_ctrl_c_the_previous_handler_comes_back() -> None:
    previous = signal.getsignal(signal.SIGINT)
    with interrupts.ctrl_c_stops():
        assert signal.getsignal(signal.SIGINT) != previous
    assert signal.getsignal(signal.SIGINT) == previous
    assert signal.set_wakeup_fd(-1) == -1, "the wakeup fd was left pointing at a closed pipe"


def test_a_ctrl_c_caught_inside_a_string_exec_still_exits_130_under_python_m(tmp_path: Path) -> None:
    # Dataclasses build their methods with exec(str), so a lazy import can be where Ctrl-C lands.
    # CPython then marks a plain KeyboardInterrupt as unhandled, caught or not, and `python -m`
    # ends by killing itself with SIGINT (status -2) after the tutor's own exit(130).
    (tmp_path / "ctrl_c_in_exec.py").write_text(textwrap.dedent("""
        import os, signal, sys
        from fastapi_uvicorn_tutor.runtime import interrupts
        try:
            with interrupts.ctrl_c_stops():
                exec("os.kill(os.getpid(), signal.SIGINT)\\nfor _ in range(10**7): pass", {"os": os, "signal": signal})
        except KeyboardInterrupt:
            sys.exit(130)
        sys.exit(1)
    """))
    result = subprocess.run([sys.executable, "-m", "ctrl_c_in_exec"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 130, result.stderr
