"""File locks between tutors running at once (filelock: flock on POSIX, msvcrt on Windows).

A lock belongs to an open file, so the system drops it when its holder exits, even on
`kill -9`: a crashed tutor never leaves a lock behind. The lock file itself stays, empty.

    with locks.locked(folder / ".progress.lock", timeout=60):
        ...  # one tutor at a time
    claim = locks.try_lock(path)  # None: another process holds it; else claim.release() later

filelock is imported when a lock is first taken, not when the CLI starts.
"""

from __future__ import annotations

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
    """A lock this process holds until `release()` (or exit). Holds nothing where the file
    system offers no locks: the caller's own checks are then all that is left."""

    def __init__(self, lock: BaseFileLock | None) -> None:
        self._lock = lock

    def release(self) -> None:
        if self._lock is not None:
            self._lock.release(force=True)
            self._lock = None


def _lock(path: Path) -> BaseFileLock:
    from filelock import FileLock

    # Not thread-local: a lock taken on one thread may be released on another (at exit).
    return FileLock(path, thread_local=False)


def try_lock(path: Path) -> Held | None:
    """Take the lock at `path` now, or None when another process (or this one) holds it."""
    from filelock import Timeout

    lock = _lock(path)
    try:
        lock.acquire(blocking=False)
    except Timeout:
        return None
    except (OSError, NotImplementedError):  # unwritable folder, or no locks on this file system
        return Held(None)
    return Held(lock)


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
