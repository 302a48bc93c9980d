"""state/progress.py under concurrency: tutors updating progress at once never lose a mark.

The progress file: saving, loading and the order lessons come in.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fastapi_uvicorn_tutor.state import files, progress

MARKER = """\
import sys
from pathlib import Path
from fastapi_uvicorn_tutor.state import progress
folder, who = Path(sys.argv[1]), sys.argv[2]
known = [f"{w}-{n:02d}" for w in "abc" for n in range(25)]
for slug in (s for s in known if s.startswith(who)):
    progress.update(known, lambda p, slug=slug: p.mark_done(slug), folder)
"""


def test_concurrent_updates_keep_every_mark(tmp_path: Path) -> None:
    # Each update reads, changes and rewrites the whole file; without the lock one
    # tutor's write would drop marks the other made in between.
    procs = [subprocess.Popen([sys.executable, "-c", MARKER, str(tmp_path), who]) for who in ("a", "b", "c")]
    assert [proc.wait(timeout=120) for proc in procs] == [0, 0, 0]
    done = json.loads((tmp_path / "progress.json").read_text())["done"]
    assert sorted(done) == sorted(f"{who}-{n:02d}" for who in "abc" for n in range(25))


def test_a_failed_save_leaves_no_temp_file_and_keeps_the_old_progress(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = progress.Progress()
    first.mark_done("01-a")
    progress.save(first, tmp_path)
    before = (tmp_path / progress.FILE_NAME).read_text()

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files.os, "fsync", disk_full)  # the one atomic write, used by progress.save
    second = progress.Progress()
    second.mark_done("02-b")
    with pytest.raises(progress.StateDirError, match="No space left"):
        progress.save(second, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [progress.FILE_NAME]
    assert (tmp_path / progress.FILE_NAME).read_text() == before
