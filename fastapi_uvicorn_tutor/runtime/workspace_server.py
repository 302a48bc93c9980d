"""The server a long-running tutor keeps for a workspace, recorded so others can reuse it.

`tutor watch` writes its Uvicorn's pids, port and log file to `.tutor-server.json`
in the learner's workspace; `tutor check` reads it and, when both the tutor that wrote
it and its server still run, sends its checks there instead of starting a server of
its own. Nothing here prints.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from fastapi_uvicorn_tutor.runtime import processes
from fastapi_uvicorn_tutor.state.files import atomic_write

RECORD = ".tutor-server.json"


@dataclass(frozen=True)
class ServerRecord:
    owner: int  # pid of the tutor that started it (and will stop it)
    pid: int  # Uvicorn's reloader process
    port: int
    log: str
    twin_port: int | None = None
    twin_stack: str | None = None  # the stack id of the twin on twin_port


def write_record(folder: Path, record: ServerRecord) -> None:
    try:
        atomic_write(folder / RECORD, json.dumps(asdict(record)).encode())
    except OSError:
        pass  # reuse is an optimisation: `tutor check` starts its own server without it


def read_record(folder: Path) -> ServerRecord | None:
    """The live server recorded for this workspace; None (and the file removed) if it is gone."""
    path = folder / RECORD
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        record = ServerRecord(**data)
    except (OSError, ValueError, TypeError):
        return None
    if processes.pid_alive(record.owner) and processes.pid_alive(record.pid) and Path(record.log).is_file():
        return record
    path.unlink(missing_ok=True)
    return None


def clear_record(folder: Path, owner: int) -> None:
    """Remove the record if it is ours (a second watcher may have replaced it)."""
    path = folder / RECORD
    try:
        if json.loads(path.read_text(encoding="utf-8")).get("owner") == owner:
            path.unlink()
    except (OSError, ValueError, AttributeError):
        pass
