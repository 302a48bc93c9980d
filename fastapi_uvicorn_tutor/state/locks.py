"""File locks between tutors running at once (flock on POSIX, msvcrt on Windows).

A lock belongs to an open file, so the system drops it when its holder exits, even on
`kill -9`: a crashed tutor never leaves a lock behind. The lock file itself stays, empty.

    with locks.locked(folder / ".progress.lock", timeout=60):
        ...  # one tutor at a time: filelock waits, polls and times out for us
    claim = locks.try_lock(path)  # None: another process holds it; else claim.release() later

`try_lock` calls the system lock itself, the same call filelock makes underneath (so the
two exclude each other): it claims ports on `tutor next`'s path to the first answer,
where importing filelock (about as many instructions as importing Typer) would delay
Uvicorn's launch. filelock is imported when `locked` is first used.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi_uvicorn_tutor.errors import TutorError

if TYPE_CHECKING:
    from filelock import BaseFileLock


class LockTimeout(TutorError):
    """Another process held the lock for longer than the caller would wait."""


class Held:
    """A lock this process holds until `release()` (or exit): the open file it is taken on.
    Holds nothing where the file system offers no locks: the caller's own checks are then
    all that is left."""

    def __init__(self, fd: int | None) -> None:
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the file drops its lock
            self._fd = None


def _lock(path: Path) -> BaseFileLock:
    from filelock import FileLock

    # Not thread-local: a lock taken on one thread may be released on another (at exit).
    return FileLock(path, thread_local=False)


def try_lock(path: Path) -> Held | None:
    """Take the lock at `path` now, or None when another process (or this one) holds it."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:  # an unwritable folder: no lock to take
        return Held(None)
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        os.close(fd)
        if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK, errno.EDEADLK):
            return None  # held elsewhere
        return Held(None)  # ENOLCK and kin: this file system offers no locks
    return Held(fd)


@contextmanager
def locked(path: Path, timeout: float) -> Iterator[None]:
    """Hold the lock at `path` for the with-block, waiting up to `timeout` seconds for it.

    Raises LockTimeout when the wait runs out, OSError when the lock file cannot be
    created. Where the file system offers no locks the block runs unlocked.
    """
    from filelock import Timeout

    lock = _lock(path)
    try:
        lock.acquire(timeout=timeout)
    except Timeout:
        raise LockTimeout(f"{path} stayed locked by another process for {timeout:g} s.") from None
    except NotImplementedError:
        yield
        return
    try:
        yield
    finally:
        lock.release()
