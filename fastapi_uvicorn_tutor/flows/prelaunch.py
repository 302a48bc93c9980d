"""Start the next lesson's Uvicorn, and its twin, before the CLI has finished importing.

Uvicorn needs about half a second to import FastAPI and the lesson app; Typer,
Rich and the rendering need a few hundred milliseconds more on our side. For plain
`tutor next` (the main path) the console script calls `maybe_start()` first, with
nothing but the standard library, the catalog's folder listing and the progress
file loaded, so both happen at once. The chosen stacks' twins start right after
(with the lesson's `[node_args]`, read from its lesson.toml),
when Node is on PATH and the stack's dependencies are already installed (asking
Node its version and installing are left to the CLI, off the learner's wait).
`flows/lesson.start_servers` then adopts the servers with `take()` and
`take_twin()`; if the CLI decides on another lesson, or finds Node too old, the
early servers are stopped (and the watchdog covers every other way out).
"""

from __future__ import annotations

import atexit
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi_uvicorn_tutor.course.stacks import Stack
    from fastapi_uvicorn_tutor.runtime.servers import Server

_EARLY: dict[Path, Server] = {}
_EARLY_TWINS: dict[tuple[Path, str], Server] = {}


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
    """For `tutor next` alone (or with --vs, --no-predict), launch the lesson's Uvicorn now; never raise."""
    plain, vs = _plain_next(argv)
    if not plain:
        return
    chosen = _chosen(vs)
    try:
        from fastapi_uvicorn_tutor.runtime import ports, servers

        folder = _next_lesson_folder()
        if folder is None:
            return
        server = servers.launch(servers.uvicorn_spec(folder, ports.pick_port(servers.FASTAPI_PORT)))
    except Exception:  # noqa: BLE001 - an optimisation only: the normal path reports real errors
        return
    _EARLY[folder.resolve()] = server
    atexit.register(_stop_unused)
    try:
        _start_twin_early(folder, server.spec.port, chosen)
    except Exception:  # noqa: BLE001 - as above: start_servers starts the twin itself
        pass


def _plain_next(argv: list[str]) -> tuple[bool, str | None]:
    """Whether `argv` is `tutor next` with no option but `--vs STACK` (or `--vs=STACK`) and `--no-predict`,
    and the `--vs` value it gives (None: none)."""
    rest = [arg for arg in argv if arg != "--no-predict"]
    if rest[:1] != ["next"]:
        return False, None
    options = rest[1:]
    if not options:
        return True, None
    if len(options) == 2 and options[0] == "--vs":
        return True, options[1]
    if len(options) == 1 and options[0].startswith("--vs="):
        return True, options[0].partition("=")[2]
    return False, None


def _chosen(value: str | None) -> tuple[Stack, ...]:
    """The stacks `tutor next` will compare with: `--vs`, else the saved setting, else the default."""
    from fastapi_uvicorn_tutor.course import stacks
    from fastapi_uvicorn_tutor.state import settings

    try:
        return stacks.choose(value or settings.load().get("vs") or stacks.DEFAULT.id)
    except stacks.UnknownStack:
        return ()  # the CLI says so; nothing early


def _start_twin_early(folder: Path, fastapi_port: int, chosen: tuple[Stack, ...]) -> None:
    """Each chosen stack's twin of this lesson, when nothing needs installing first."""
    import shutil

    from fastapi_uvicorn_tutor.course import catalog
    from fastapi_uvicorn_tutor.runtime import node, ports, servers

    binary = shutil.which("node")
    if binary is None:
        return
    lesson = catalog.load_lesson(folder)  # its [node_args]; a broken lesson raises, and the CLI says why
    taken = {fastapi_port}
    for stack in chosen:
        modules = node.installed_modules(stack)
        if modules is None or not lesson.has_twin(stack.id):
            continue
        port = ports.pick_port(stack.default_port, taken)
        taken.add(port)
        spec = servers.node_spec(stack, lesson.twin_folder(stack.id), port, binary, modules,
                                 node_args=lesson.node_args_for(stack.id))
        _EARLY_TWINS[(folder.resolve(), stack.id)] = servers.launch(spec)


def take(app_dir: Path) -> Server | None:
    """The early server for this lesson folder, if there is one (handed over once)."""
    return _EARLY.pop(app_dir.resolve(), None)


def take_twin(app_dir: Path, stack_id: str) -> Server | None:
    """The early twin of this lesson folder for this stack, if there is one (handed over once)."""
    return _EARLY_TWINS.pop((app_dir.resolve(), stack_id), None)


def _stop_unused() -> None:
    from fastapi_uvicorn_tutor.runtime import servers

    servers.stop_and_clean([*_EARLY.values(), *_EARLY_TWINS.values()])
    _EARLY.clear()
    _EARLY_TWINS.clear()
