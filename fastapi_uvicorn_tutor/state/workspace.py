"""The learner's workspace: one folder per exercise, and what its Uvicorn prints.

`<state dir>/workspace/NN-slug/main.py` (or the exercise's own `file`, like a test
file beside a given main.py) starts as a copy of the exercise's starter and from then
on belongs to the learner: nothing here overwrites it, except a reset they confirmed,
which first copies it to `backups/`. `TUTOR_HOME` moves the state dir, so it moves
the workspaces too.

Uvicorn's own output says what its reloader is doing; ReloadTracker reads it. The
record of a server kept running for a workspace lives in runtime/workspace_server.py.
Nothing here prints.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi_uvicorn_tutor.course import slugs
from fastapi_uvicorn_tutor.errors import TutorError
from fastapi_uvicorn_tutor.state import progress
from fastapi_uvicorn_tutor.state.files import atomic_write

if TYPE_CHECKING:
    from fastapi_uvicorn_tutor.course.exercises import Exercise

MAIN = "main.py"
BACKUPS = "backups"
STATE = ".tutor-practice.json"


class WorkspaceError(TutorError):
    """The workspace cannot be created or written; the message says where and why."""


def root() -> Path:
    return progress.state_dir() / "workspace"


def folder_for(slug: str) -> Path:
    """The exercise's workspace; one made under an older numbering of the course is renamed to it first."""
    folder = root() / slug
    if not folder.exists():
        older = [p for p in _siblings() if p.name != slug and slugs.name_of(p.name) == slugs.name_of(slug)]
        if len(older) == 1:
            try:
                older[0].rename(folder)
            except OSError:  # another tutor renamed it first, or the folder cannot move
                return folder if folder.exists() else older[0]  # the learner's work, never hidden
    return folder


def _siblings() -> list[Path]:
    try:
        return [p for p in root().iterdir() if p.is_dir()]
    except OSError:
        return []


def slug_of(path: Path) -> str | None:
    """The exercise whose workspace holds `path` (a folder or file inside it), if any."""
    try:
        rel = path.resolve().relative_to(root().resolve())
    except (ValueError, OSError):
        return None
    return rel.parts[0] if rel.parts else None


@dataclass(frozen=True)
class Prepared:
    folder: Path
    created: bool  # the learner's file was copied from the starter just now
    added: tuple[str, ...] = ()  # other files copied in (templates...)
    name: str = MAIN  # the file the learner writes (main.py, or a test file)

    @property
    def main_py(self) -> Path:
        """The app Uvicorn serves."""
        return self.folder / MAIN

    @property
    def file(self) -> Path:
        """The file the learner writes: main.py for most exercises, their test file for some."""
        return self.folder / self.name


def _oserror(action: str, path: Path, exc: OSError) -> WorkspaceError:
    return WorkspaceError(
        f"Could not {action} {path} ({exc.strerror or exc}). Set TUTOR_HOME to a writable folder for your workspace."
    )


def prepare(exercise: Exercise) -> Prepared:
    """Create the workspace if needed; copy the starter (and other files) only where missing."""
    folder = folder_for(exercise.slug)
    main = folder / exercise.file
    try:
        folder.mkdir(parents=True, exist_ok=True)
        created = not main.exists() and _copy_new(exercise.starter, main)
        added = []
        for rel in exercise.extra_files():
            target = folder / rel
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                if _copy_new(exercise.folder / rel, target):
                    added.append(rel.as_posix())
    except OSError as exc:
        raise _oserror("prepare your workspace in", folder, exc) from None
    return Prepared(folder, created, tuple(added), exercise.file)


def _copy_new(source: Path, target: Path) -> bool:
    """Copy to a file that must not exist yet (a learner's file is never replaced here); False when
    it appeared meanwhile (another tutor, started at the same moment, copied it first)."""
    data = source.read_bytes()
    try:
        with open(target, "xb") as handle:
            handle.write(data)
    except FileExistsError:
        return False
    return True


def backup(folder: Path, name: str = MAIN) -> Path:
    """Copy main.py (or the learner's `name`) to backups/main-YYYYmmdd-HHMMSS.py (never over an older backup).

    A test file's copy is named old-test_x-...py: pytest, run in the workspace, must not collect it.
    """
    source = folder / name
    target_dir = folder / BACKUPS
    stamp = time.strftime("%Y%m%d-%H%M%S")
    stem = Path(name).stem if not name.startswith("test") else f"old-{Path(name).stem}"
    try:
        target_dir.mkdir(exist_ok=True)
        for n in range(1000):
            target = target_dir / (f"{stem}-{stamp}.py" if n == 0 else f"{stem}-{stamp}-{n}.py")
            try:
                with open(target, "xb") as handle:
                    handle.write(source.read_bytes())
                return target
            except FileExistsError:
                continue
    except OSError as exc:
        raise _oserror("back up", source, exc) from None
    raise WorkspaceError(f"Too many backups in {target_dir} this second; try again.")


def reset(exercise: Exercise) -> Path | None:
    """Put the starter back in the learner's file; return the backup of what was there (None if nothing)."""
    folder = folder_for(exercise.slug)
    main = folder / exercise.file
    saved = backup(folder, exercise.file) if main.exists() else None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(main, exercise.starter.read_bytes())
    except OSError as exc:
        raise _oserror("reset", main, exc) from None
    return saved


def python_sources(folder: Path) -> dict[str, int]:
    """mtime (ns) of every .py file Uvicorn's reloader watches here (not backups, not hidden)."""
    found = {}
    for path in folder.rglob("*.py"):
        rel = path.relative_to(folder)
        if rel.parts[0] == BACKUPS or any(part.startswith(".") or part == "__pycache__" for part in rel.parts):
            continue
        try:
            found[rel.as_posix()] = path.stat().st_mtime_ns
        except OSError:
            continue
    return found


def all_sources(folder: Path) -> dict[str, tuple[int, int]]:
    """(mtime ns, size) of every file the learner may edit (templates too), for the watcher."""
    found = {}
    for path in folder.rglob("*"):
        rel = path.relative_to(folder)
        if rel.parts[0] == BACKUPS or any(part.startswith(".") or part == "__pycache__" for part in rel.parts):
            continue
        try:
            if path.is_file():
                info = path.stat()
                found[rel.as_posix()] = (info.st_mtime_ns, info.st_size)
        except OSError:
            continue
    return found


# ----- small per-workspace state (hints shown, lesson seen, the files that passed) --------------


def _state(folder: Path) -> dict[str, object]:
    try:
        value = json.loads((folder / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _save_state(folder: Path, **changes: object) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        atomic_write(folder / STATE, json.dumps({**_state(folder), **changes}).encode())
    except OSError as exc:
        raise _oserror("save your practice state in", folder, exc) from None


def hints_shown(folder: Path) -> int:
    value = _state(folder).get("hints_shown", 0)
    return value if isinstance(value, int) and value >= 0 else 0


def set_hints_shown(folder: Path, count: int) -> None:
    _save_state(folder, hints_shown=count)


def lesson_seen(folder: Path) -> bool:
    """The learner reached the end of this exercise's lesson (where the task is given)."""
    return _state(folder).get("lesson_seen") is True


def mark_lesson_seen(folder: Path) -> None:
    _save_state(folder, lesson_seen=True)


def _snapshot(folder: Path) -> dict[str, list[int]]:
    return {name: list(stamp) for name, stamp in all_sources(folder).items()}


def mark_passed(folder: Path) -> None:
    """Remember that every check passed against the files as they are now (for `tutor hint`).

    Best effort: the pass itself is recorded in the progress file; a workspace that cannot be
    written only costs `tutor hint` its "already passes"."""
    try:
        _save_state(folder, passed_sources=_snapshot(folder))
    except WorkspaceError:
        pass


def passes(folder: Path) -> bool:
    """Every check passed, and no file the learner edits has changed since."""
    return _state(folder).get("passed_sources") == _snapshot(folder)


# ----- what Uvicorn's reloader is doing, read from its output ----------------------------

_STARTED = re.compile(r"Started server process \[(\d+)\]")
_TRACEBACK_START = ("Traceback (most recent call last)", "Process SpawnProcess")
_LOAD_FAILED = ("Error loading ASGI app", "Application startup failed")


@dataclass
class ReloadTracker:
    """Follow `uvicorn --reload` output: is the learner's app loading, ready, or broken?

    `loading` from the start and after every "Reloading..."; `ready` at "Application
    startup complete."; `broken` when an import error or traceback arrives while
    loading (the reloader then waits for the next save). `generation` counts the
    ready/broken outcomes, so a watcher knows a new load finished.
    """

    state: str = "loading"
    generation: int = 0
    reloads: int = 0  # "Reloading..." lines seen: the reloader noticed a save
    worker_pid: int | None = None
    error: list[str] = field(default_factory=list)  # the latest failed load's output
    _buffer: str = ""
    _traceback: list[str] | None = None
    _error_open: bool = False

    def feed(self, text: str) -> list[tuple[str, str]]:
        """Take new output; return (kind, line) pairs for display: kind is "log" or "error".

        Tracebacks of a failed load come back as "error" lines (shown once, in the
        failure panel); everything else as "log".
        """
        self._buffer += text
        *lines, self._buffer = self._buffer.split("\n")
        shown: list[tuple[str, str]] = []
        for line in lines:
            shown += self._line(line.rstrip("\r"))
        return shown

    def _line(self, line: str) -> list[tuple[str, str]]:
        if self._traceback is not None:
            self._traceback.append(line)
            if line and not line[0].isspace() and not line.startswith(_TRACEBACK_START):
                block, self._traceback = self._traceback, None
                if self.state == "loading":
                    self._fail(block)
                    self._error_open = True
                    return [("error", ln) for ln in block]
                return [("log", ln) for ln in block]
            return []
        if self._error_open and (not line or line[0].isspace()):
            self.error.append(line)  # the rest of a multi-line exception message
            return [("error", line)]
        self._error_open = False
        if line.startswith(_TRACEBACK_START) or "Traceback (most recent call last)" in line:
            self._traceback = [line]
            return []
        if "Reloading..." in line:
            self.state, self.worker_pid = "loading", None
            self.reloads += 1
        elif (match := _STARTED.search(line)) is not None:
            self.worker_pid = int(match.group(1))
        elif "Application startup complete." in line and self.state == "loading":
            self.state = "ready"
            self.generation += 1
        elif any(marker in line for marker in _LOAD_FAILED) and self.state == "loading":
            self._fail([line])
            return [("error", line)]
        return [("log", line)]

    def _fail(self, lines: list[str]) -> None:
        self.state = "broken"
        self.error = list(lines)
        self.generation += 1


def error_excerpt(lines: list[str], folder: Path | None = None, limit: int = 14) -> str:
    """The part of a traceback about the learner's code: from the last frame in their folder."""
    text = [ln for ln in lines if ln.strip()]
    markers = {f'File "{folder}', f'File "{folder.resolve()}'} if folder is not None else set()
    start = None
    for i, line in enumerate(text):
        if any(m in line for m in markers) or (not markers and 'File "' in line and "site-packages" not in line):
            start = i
    chosen = text[start:] if start is not None else text
    return "\n".join(chosen[-limit:])
