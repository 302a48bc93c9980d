"""Start the next lesson's Uvicorn before the CLI has finished importing.

Uvicorn needs about half a second to import FastAPI and the lesson app; Typer,
Rich and the rendering need a few hundred milliseconds more on our side. For plain
`tutor next` (the main path) the console script calls `maybe_start()` first, with
nothing but the standard library, the catalog's folder listing and the progress
file loaded, so both happen at once. `session.start_servers` then adopts the
server with `take()`; if the CLI decides on another lesson, the early server is
stopped (and the watchdog covers every other way out).
"""

from __future__ import annotations

import atexit
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi_uvicorn_tutor.runtime.servers import Server

_EARLY: dict[Path, Server] = {}


def _next_lesson_folder() -> Path | None:
    from fastapi_uvicorn_tutor.course import catalog
    from fastapi_uvicorn_tutor.state import progress

    root = catalog.lessons_dir()
    try:
        folders = sorted(p for p in root.iterdir() if p.is_dir() and catalog.SLUG_RE.match(p.name))
    except OSError:
        return None
    slugs = [p.name for p in folders]
    slug = progress.load(slugs, peek=True).next_pending(slugs)  # the CLI's own load warns about a bad file
    folder = root / slug if slug else None
    return folder if folder and (folder / "main.py").is_file() else None


def maybe_start(argv: list[str]) -> None:
    """For `tutor next` alone, launch the lesson's Uvicorn now; never raise."""
    if argv != ["next"]:
        return
    try:
        from fastapi_uvicorn_tutor.runtime import servers

        folder = _next_lesson_folder()
        if folder is None:
            return
        server = servers.launch(servers.uvicorn_spec(folder, servers.pick_port(servers.FASTAPI_PORT)))
    except Exception:  # noqa: BLE001 - an optimisation only: the normal path reports real errors
        return
    _EARLY[folder.resolve()] = server
    atexit.register(_stop_unused)


def take(app_dir: Path) -> Server | None:
    """The early server for this lesson folder, if there is one (handed over once)."""
    return _EARLY.pop(app_dir.resolve(), None)


def _stop_unused() -> None:
    from fastapi_uvicorn_tutor.runtime import servers

    servers.stop_and_clean(list(_EARLY.values()))
    _EARLY.clear()
