"""`tutor doctor`: what this machine has for running both sides of a lesson."""

from __future__ import annotations

import platform
import sys
from dataclasses import dataclass

from fastapi_uvicorn_tutor.course import catalog
from fastapi_uvicorn_tutor.runtime import node, servers
from fastapi_uvicorn_tutor.runtime.machine import dist_version
from fastapi_uvicorn_tutor.state import progress


@dataclass(frozen=True)
class Check:
    name: str
    level: str  # "ok", "warn" or "fail"
    detail: str


def run_checks() -> list[Check]:
    results = [Check("Python", "ok" if sys.version_info >= (3, 10) else "fail", f"{platform.python_version()} at {sys.executable}")]
    for dist in ("fastapi", "uvicorn", "starlette", "pydantic"):
        version = dist_version(dist)
        results.append(Check(dist, "ok" if version else "fail", version or f"not installed; run: pip install {dist}"))
    for extra in ("uvloop", "httptools", "watchfiles", "websockets"):
        version = dist_version(extra)
        results.append(Check(f"  {extra}", "ok" if version else "warn",
                             version or "missing: install uvicorn[standard] for the full Uvicorn"))
    try:
        lessons = catalog.load_catalog()
        results.append(Check("lessons", "ok", f"{len(lessons)} lessons in {catalog.lessons_dir()}"))
    except catalog.CatalogError as exc:
        results.append(Check("lessons", "fail", str(exc)))
    status = node.detect()
    if status.node:
        results.append(Check("Node.js", "ok" if status.usable else "fail", f"{status.node_version} at {status.node}"))
    else:
        results.append(Check("Node.js", "warn", status.problem or "not found"))
    results.append(Check("npm", "ok" if status.npm else "warn", status.npm or "not found (ships with Node.js)"))
    if status.modules:
        results.append(Check("Express deps", "ok", str(status.modules)))
    elif status.usable:
        results.append(Check("Express deps", "warn", f"not installed yet; `tutor next` installs them once into {node.install_dir()}"))
    else:
        results.append(Check("Express deps", "warn", status.problem or "needs Node.js"))
    for name, port in (("FastAPI port", servers.FASTAPI_PORT), ("Express port", servers.EXPRESS_PORT)):
        free = servers.port_is_free(port)
        results.append(Check(name, "ok" if free else "warn", f"{port} is free" if free else f"{port} is busy; lessons will use another free port"))
    folder = progress.state_dir()
    results.append(Check("state folder", "ok", str(folder)))
    return results
