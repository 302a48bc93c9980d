"""The learner's progress: a small JSON file, written atomically under a file lock.

It lives in the platform's user state directory, or in `$TUTOR_HOME` when that is
set. A file that cannot be read is moved aside (never deleted) and the learner is
told, so a bad write can never cost them more than a warning.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from fastapi_uvicorn_tutor.course import slugs
from fastapi_uvicorn_tutor.errors import TutorError
from fastapi_uvicorn_tutor.state import locks
from fastapi_uvicorn_tutor.state.files import atomic_write, move_aside
from fastapi_uvicorn_tutor.state.paths import state_dir

FORMAT_VERSION = 1
FILE_NAME = "progress.json"
LOCK_WAIT = 30.0  # seconds; an update holds the lock for milliseconds


class StateDirError(TutorError):
    """The state directory cannot be created or written."""


@dataclass
class Progress:
    """Which lessons are done (slug -> ISO time), and the one the learner is on."""

    done: dict[str, str] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    current: str | None = None
    warnings: list[str] = field(default_factory=list)
    renumbered: bool = False  # marks made under an older numbering were moved to today's slugs
    added_behind: list[str] = field(default_factory=list)  # with it: pending lessons before the current one
    path: Path | None = None

    def is_done(self, slug: str) -> bool:
        return slug in self.done or slug in self.skipped

    def next_pending(self, slugs: list[str]) -> str | None:
        """The lesson `tutor next` runs: the current one if pending, else the first pending."""
        if self.current in slugs and not self.is_done(self.current):
            return self.current
        start = slugs.index(self.current) if self.current in slugs else 0
        for slug in slugs[start:] + slugs[:start]:
            if not self.is_done(slug):
                return slug
        return None

    def mark_done(self, slug: str, *, skipped: bool = False) -> None:
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S%z")
        (self.skipped if skipped else self.done)[slug] = stamp
        (self.done if skipped else self.skipped).pop(slug, None)

    def forget(self, slug: str) -> None:
        self.done.pop(slug, None)
        self.skipped.pop(slug, None)

    def to_json(self) -> dict[str, object]:
        return {
            "version": FORMAT_VERSION,
            "current": self.current,
            "done": self.done,
            "skipped": self.skipped,
        }


def _move_aside(path: Path, reason: str) -> str:
    backup = move_aside(path)
    if backup is None:
        return f"Your progress file {path} {reason} and could not be moved aside; starting from the first lesson."
    return f"Your progress file {reason}; it was kept as {backup} and progress starts afresh."


def load(known_slugs: list[str] | None = None, directory: Path | None = None, *, peek: bool = False) -> Progress:
    """Read progress; never raises for a bad file (warnings say what happened).

    With `peek` a bad file is left where it is: the load that warns the learner moves it.
    """
    path = (directory or state_dir()) / FILE_NAME
    progress = Progress(path=path)

    def aside(reason: str) -> str:
        return f"Your progress file {reason}." if peek else _move_aside(path, reason)

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return progress
    except (OSError, UnicodeDecodeError) as exc:
        progress.warnings.append(f"Could not read {path} ({exc.__class__.__name__}); starting without saved progress.")
        return progress
    try:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("not an object")
    except ValueError:
        progress.warnings.append(aside("was not valid JSON"))
        return progress
    version = data.get("version")
    if isinstance(version, int) and version > FORMAT_VERSION:
        progress.warnings.append(aside(f"was written by a newer tutor (format {version})"))
        return progress
    done, skipped = data.get("done", {}), data.get("skipped", {})
    if not isinstance(done, dict) or not isinstance(skipped, dict):
        progress.warnings.append(aside("had an unexpected shape"))
        return progress
    progress.done = {str(k): str(v) for k, v in done.items()}
    progress.skipped = {str(k): str(v) for k, v in skipped.items()}
    current = data.get("current")
    progress.current = current if isinstance(current, str) else None
    if known_slugs is not None:
        _follow_renumbering(progress, known_slugs)
        gone = sorted((set(progress.done) | set(progress.skipped)) - set(known_slugs))
        for slug in gone:
            progress.forget(slug)
        if gone:
            progress.warnings.append(
                f"Your progress named lessons this version does not have ({', '.join(gone)}); they were left out."
            )
        if progress.current not in known_slugs:
            progress.current = None
    return progress


def _follow_renumbering(progress: Progress, known_slugs: list[str]) -> None:
    """Move marks made under an older numbering to today's slugs, and find the lessons new behind the learner.

    A lesson added before the one the learner is on would otherwise wait silently until
    `tutor next` wraps around; the CLI names it (`added_behind`) with the way to take it.
    """
    stored = [*progress.done, *progress.skipped, *([progress.current] if progress.current else [])]
    moves = slugs.carried_over(stored, known_slugs)
    if not moves:
        return
    for marks in (progress.done, progress.skipped):
        for old in [key for key in marks if key in moves]:
            stamp = marks.pop(old)
            marks.setdefault(moves[old], stamp)
    if progress.current in moves:
        progress.current = moves[progress.current]
    position = known_slugs.index(progress.current) if progress.current in known_slugs else len(known_slugs)
    progress.renumbered = True
    progress.added_behind = [slug for slug in known_slugs[:position] if not progress.is_done(slug)]


def save(progress: Progress, directory: Path | None = None) -> Path:
    """Write progress atomically (state/files.py); raise StateDirError with a sentence."""
    path = progress.path or (directory or state_dir()) / FILE_NAME
    text = json.dumps(progress.to_json(), indent=2, sort_keys=True) + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, text.encode("utf-8"))
    except OSError as exc:
        raise StateDirError(
            f"Could not save progress to {path} ({exc.strerror or exc}). "
            "Set TUTOR_HOME to a writable folder to keep your progress."
        ) from None
    progress.path = path
    return path


def update(known_slugs: list[str], change: Callable[[Progress], None], directory: Path | None = None) -> Progress:
    """Load, change and save under a lock, so two tutors at once never lose a mark."""
    folder = directory or state_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with locks.locked(folder / ".progress.lock", LOCK_WAIT):
            progress = load(known_slugs, folder)
            change(progress)
            save(progress, folder)
    except locks.LockTimeout:
        raise StateDirError(
            f"Another tutor kept the progress file in {folder} locked for {LOCK_WAIT:g} s; try again."
        ) from None
    except OSError as exc:
        raise StateDirError(
            f"Could not use the state folder {folder} ({exc.strerror or exc}). "
            "Set TUTOR_HOME to a writable folder to keep your progress."
        ) from None
    return progress
