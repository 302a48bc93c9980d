"""Ctrl-C during a lesson: it always lands, once, and the tutor exits 130.

Python's own SIGINT handling leaves three gaps that a lesson falls into, each seen in
a pty test that presses Ctrl-C around the moment the `request>` prompt appears:

- Swallowed: a SIGINT that arrives after the interpreter last checked for signals and
  before readline's select() starts only sets a flag. Readline looks at that flag when
  select() is interrupted, never before it blocks, so the tutor waits at `request>` with
  both servers up until another key and Enter (or another Ctrl-C).
- Exit -2 instead of 130: a KeyboardInterrupt raised inside a string `exec` (dataclasses
  build their methods that way, so every lazy import of a module with a dataclass runs
  dozens) marks it "unhandled" in CPython even when the tutor catches it, and
  `python -m fastapi_uvicorn_tutor` then kills itself with SIGINT after a clean exit.
  CPython only marks the KeyboardInterrupt class itself, so our handler raises a subclass.
- A second Ctrl-C while the servers stop interrupts the stopping: the "Stopped" line
  never comes. After the first one, SIGINT is ignored for the rest of the run.

Nothing here prints.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

POKE_AFTER = 0.05  # s: a SIGINT the main thread has not acted on by then gets re-sent to it
_POKES = 40  # at most ~2 s of re-sending, in case the main thread is busy in C code


class Interrupted(KeyboardInterrupt):
    """Ctrl-C, raised by the handler `ctrl_c_stops` installs (a KeyboardInterrupt to every caller)."""


class _Guard:
    def __init__(self) -> None:
        self.fired = False
        self.done = False

    def handler(self, _signum: int, _frame: FrameType | None) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # one Ctrl-C stops the lesson; more must not break the stopping
        self.fired = True
        raise Interrupted


class _Watcher:
    """Re-sends a SIGINT to the main thread when it arrived but raised nothing.

    Python's C-level handler writes each signal's number to the wakeup fd; this thread
    reads it and, if the Python-level handler has not run shortly after, interrupts the
    main thread's blocking call (readline's select) with pthread_kill so it runs now.
    """

    def __init__(self, guard: _Guard) -> None:
        self._guard = guard
        self._main = threading.main_thread().ident
        self._read, self._write = os.pipe()
        try:
            if sys.platform != "win32":  # never reached there (no watcher on Windows); keeps mypy --platform win32 exact
                os.set_blocking(self._write, False)
            self._previous = signal.set_wakeup_fd(self._write, warn_on_full_buffer=False)
        except (OSError, ValueError):
            os.close(self._read)
            os.close(self._write)
            raise
        threading.Thread(target=self._run, name="tutor-ctrl-c", daemon=True).start()

    def _run(self) -> None:
        if sys.platform != "win32":  # Windows has no per-thread signal masks
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})  # the kernel must pick another thread
        try:
            while True:
                try:
                    numbers = os.read(self._read, 64)
                except OSError:
                    return
                if not numbers:
                    return  # stop() closed the pipe
                if signal.SIGINT in numbers:
                    self._poke()
        finally:
            os.close(self._read)

    def _poke(self) -> None:
        assert self._main is not None
        for _ in range(_POKES):
            time.sleep(POKE_AFTER)
            if self._guard.fired or self._guard.done:
                return
            if sys.platform != "win32":  # Windows has no pthread_kill: the wait is not re-poked there
                signal.pthread_kill(self._main, signal.SIGINT)

    def stop(self) -> None:
        self._guard.done = True
        signal.set_wakeup_fd(self._previous)
        os.close(self._write)


@contextmanager
def ctrl_c_stops() -> Iterator[None]:
    """Inside: the first Ctrl-C raises Interrupted in the main thread at once, even just
    before a prompt blocks; every later one is ignored until the process exits.

    Outside the main thread (where Python cannot set handlers) it changes nothing; without
    pthread_kill (Windows, where readline does not block this way) the handler alone applies.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    guard = _Guard()
    previous = signal.signal(signal.SIGINT, guard.handler)
    watcher = None
    try:
        if sys.platform != "win32":  # the re-poke needs pthread_kill
            try:
                watcher = _Watcher(guard)
            except (OSError, ValueError):  # no file descriptor left: the handler alone still stops the lesson
                watcher = None
        yield
    finally:
        if watcher is not None:
            watcher.stop()
        if not guard.fired and previous is not None:  # None: a handler not set from Python; leave ours
            signal.signal(signal.SIGINT, previous)
