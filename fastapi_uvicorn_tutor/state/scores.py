"""The learner's predictions: right or not, per lesson and demo, in a small JSON file.

It sits beside the progress file (`scores.json` in the state folder, `$TUTOR_HOME` when
set). Each lesson keeps the learner's latest prediction for each demo it asked about
(course/predictions.py names them), so running a lesson again replaces, never adds:

    {"version": 1, "lessons": {"04-path-parameters": {"GET /items/abc": true, "GET /items/0": false}}}

Writes are atomic and under a file lock. A file that cannot be read is a warning: when
a prediction is next recorded it is moved aside (never deleted) and a new one begun.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from fastapi_uvicorn_tutor.course import slugs
from fastapi_uvicorn_tutor.state import locks
from fastapi_uvicorn_tutor.state.files import atomic_write, move_aside
from fastapi_uvicorn_tutor.state.paths import state_dir
from fastapi_uvicorn_tutor.state.progress import StateDirError

FORMAT_VERSION = 1
FILE_NAME = "scores.json"
LOCK_WAIT = 10.0  # seconds; a record holds the lock for milliseconds


@dataclass
class Scores:
    """Per lesson slug: each predicted demo's key and whether the prediction was right."""

    lessons: dict[str, dict[str, bool]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    broken: bool = False  # the file exists but could not be used

    def tally(self, slug: str) -> tuple[int, int]:
        """(right, predicted) for one lesson."""
        marks = self.lessons.get(slug)
        if marks is None:  # kept under an older numbering of the course
            marks = next((m for old, m in self.lessons.items() if slugs.name_of(old) == slugs.name_of(slug)), {})
        return sum(marks.values()), len(marks)

    def to_json(self) -> dict[str, object]:
        return {"version": FORMAT_VERSION, "lessons": self.lessons}


def path(directory: Path | None = None) -> Path:
    return (directory or state_dir()) / FILE_NAME


def load(directory: Path | None = None) -> Scores:
    """Read the scores; a missing file is no scores, a broken one a warning and no scores."""
    where = path(directory)
    try:
        data = json.loads(where.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Scores()
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return _broken(where, f"could not be read ({exc.__class__.__name__})")
    if not isinstance(data, dict) or not isinstance(data.get("lessons", {}), dict):
        return _broken(where, "had an unexpected shape")
    version = data.get("version")
    if isinstance(version, int) and version > FORMAT_VERSION:
        return _broken(where, f"was written by a newer tutor (format {version})")
    lessons = {
        str(slug): {str(key): right for key, right in marks.items() if isinstance(right, bool)}
        for slug, marks in data.get("lessons", {}).items() if isinstance(marks, dict)
    }
    return Scores(lessons)


def _broken(where: Path, reason: str) -> Scores:
    return Scores(warnings=[f"Your prediction scores file {where} {reason}; it is left out."], broken=True)


def _move_aside(where: Path) -> str:
    backup = move_aside(where)
    if backup is None:
        return f"Your prediction scores file {where} could not be read, nor moved aside; it is written afresh."
    return f"Your prediction scores file could not be read; it was kept as {backup} and scores start afresh."


def record(slug: str, key: str, right: bool, directory: Path | None = None) -> list[str]:
    """Keep one prediction (replacing an earlier one for the same demo); return warnings to show.

    Raises StateDirError with a sentence when the state folder cannot be written.
    """
    where = path(directory)
    warnings: list[str] = []
    try:
        where.parent.mkdir(parents=True, exist_ok=True)
        with locks.locked(where.with_name(".scores.lock"), LOCK_WAIT):
            scores = load(directory)
            if scores.broken:
                warnings.append(_move_aside(where))
            for old in [o for o in scores.lessons if o != slug and slugs.name_of(o) == slugs.name_of(slug)]:
                # marks kept under an older numbering, under today's where the learner predicted again since
                scores.lessons[slug] = {**scores.lessons.pop(old), **scores.lessons.get(slug, {})}
            scores.lessons.setdefault(slug, {})[key] = right
            text = json.dumps(scores.to_json(), indent=2, sort_keys=True) + "\n"
            atomic_write(where, text.encode("utf-8"))
    except locks.LockTimeout:
        raise StateDirError(f"Another tutor kept the scores file {where} locked for {LOCK_WAIT:g} s; "
                            "this prediction was not kept.") from None
    except OSError as exc:
        raise StateDirError(f"Could not save your prediction to {where} ({exc.strerror or exc}). "
                            "Set TUTOR_HOME to a writable folder to keep your scores.") from None
    return warnings
