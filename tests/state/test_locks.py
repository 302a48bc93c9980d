"""state/locks.py between real processes: held, waited for, timed out, dropped when the holder dies."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from fastapi_uvicorn_tutor.state import locks

HOLDER = """\
import sys
from pathlib import Path
from fastapi_uvicorn_tutor.state import locks
held = locks.try_lock(Path(sys.argv[1]))
print("held" if held else "busy", flush=True)
sys.stdin.readline()
"""


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the lock at tmp_path/x.lock until its stdin gets a line."""
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path / "x.lock")], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline() == "held\n"
    yield proc
    proc.kill()
    proc.wait()


def test_a_held_lock_is_busy_for_others_and_times_out(tmp_path: Path, holder: subprocess.Popen[str]) -> None:
    path = tmp_path / "x.lock"
    assert locks.try_lock(path) is None
    started = time.monotonic()
    with pytest.raises(locks.LockTimeout, match="stayed locked"), locks.locked(path, timeout=0.5):
        pass
    assert time.monotonic() - started >= 0.5


def test_a_waiter_gets_the_lock_once_the_holder_lets_go(tmp_path: Path, holder: subprocess.Popen[str]) -> None:
    assert holder.stdin is not None
    holder.stdin.write("\n")  # the holder exits normally
    holder.stdin.flush()
    with locks.locked(tmp_path / "x.lock", timeout=30):
        again = subprocess.run([sys.executable, "-c", HOLDER, str(tmp_path / "x.lock")], input="\n",
                               capture_output=True, text=True, timeout=60)
        assert again.stdout == "busy\n", "while this process holds it, another cannot"
    claim = locks.try_lock(tmp_path / "x.lock")
    assert claim is not None
    claim.release()


def test_a_killed_holder_leaves_no_lock_behind(tmp_path: Path, holder: subprocess.Popen[str]) -> None:
    holder.kill()
    holder.wait()
    claim = locks.try_lock(tmp_path / "x.lock")
    assert claim is not None
    claim.release()


def test_an_unusable_lock_file_is_an_oserror_for_waiters(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(OSError), locks.locked(blocker / "x.lock", timeout=1):
        pass
