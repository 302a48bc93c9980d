"""Writing the tutor's own files so a crash or a full disk never leaves half of one.

    atomic_write(path, data)   # readers see the old bytes or the new, never a mix
    move_aside(path)           # a file we cannot use, kept beside itself (never deleted)
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one step: a temp file beside it, synced, then renamed over it.

    Raises OSError as the system gave it; the temp file is gone either way.
    """
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def move_aside(path: Path) -> Path | None:
    """Rename a file the tutor cannot use to `<name>.broken-<time>` beside it; None if that failed."""
    backup = path.with_name(f"{path.name}.broken-{time.strftime('%Y%m%d-%H%M%S')}")
    try:
        path.replace(backup)
    except OSError:
        return None
    return backup
