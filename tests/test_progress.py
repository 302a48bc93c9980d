"""The progress file: saving, loading and the order lessons come in."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from fastapi_uvicorn_tutor.state import files, progress


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
