"""`tutor doctor`: what this machine has for running every side of a lesson (a row per Node stack)."""

from __future__ import annotations

import platform
import sys
from dataclasses import dataclass

from fastapi_uvicorn_tutor.course import catalog, stacks
from fastapi_uvicorn_tutor.runtime import node, ports, servers
from fastapi_uvicorn_tutor.runtime.machine import dist_version
from fastapi_uvicorn_tutor.state import progress


@dataclass(frozen=True)
class DoctorRow:
    """One line of `tutor doctor`: what was looked at, ok/warn/fail, and what was found."""

    name: str
    level: str  # "ok", "warn" or "fail"
    detail: str


def doctor_rows() -> list[DoctorRow]:
    """Every row `tutor doctor` shows, in order."""
    rows = [DoctorRow("Python", "ok" if sys.version_info >= (3, 10) else "fail", f"{platform.python_version()} at {sys.executable}")]
    for dist in ("fastapi", "uvicorn", "starlette", "pydantic"):
        version = dist_version(dist)
        rows.append(DoctorRow(dist, "ok" if version else "fail", version or f"not installed; run: pip install {dist}"))
    for extra in ("uvloop", "httptools", "watchfiles", "websockets"):
        version = dist_version(extra)
        rows.append(DoctorRow(f"  {extra}", "ok" if version else "warn",
                             version or "missing: install uvicorn[standard] for the full Uvicorn"))
    try:
        lessons = catalog.load_catalog()
        rows.append(DoctorRow("lessons", "ok", f"{len(lessons)} lessons in {catalog.lessons_dir()}"))
    except catalog.CatalogError as exc:
        rows.append(DoctorRow("lessons", "fail", str(exc)))
    statuses = [node.detect(stack) for stack in stacks.ALL]
    first = statuses[0]  # node and npm are the same for every stack; only the minimum version differs
    if first.node:
        rows.append(DoctorRow("Node.js", "ok" if first.usable else "fail", f"{first.node_version} at {first.node}"))
    else:
        rows.append(DoctorRow("Node.js", "warn", first.problem or "not found"))
    rows.append(DoctorRow("npm", "ok" if first.npm else "warn", first.npm or "not found (ships with Node.js)"))
    for status in statuses:
        stack, name = status.stack, f"{status.stack.label} deps"
        if status.modules:
            rows.append(DoctorRow(name, "ok", str(status.modules)))
        elif status.usable:
            command = "tutor next" if stack is stacks.DEFAULT else f"tutor next --vs {stack.id}"
            rows.append(DoctorRow(name, "warn", f"not installed yet; `{command}` installs them once into {node.install_dir(stack)}"))
        else:
            rows.append(DoctorRow(name, "warn", status.problem or "needs Node.js"))
    defaults = [("FastAPI port", servers.FASTAPI_PORT)] + [(f"{stack.label} port", stack.default_port) for stack in stacks.ALL]
    for name, port in defaults:
        free = ports.port_is_free(port)
        rows.append(DoctorRow(name, "ok" if free else "warn", f"{port} is free" if free else f"{port} is busy; lessons will use another free port"))
    folder = progress.state_dir()
    rows.append(DoctorRow("state folder", "ok", str(folder)))
    return rows
