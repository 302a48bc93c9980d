"""What this machine runs: CPUs, platform, and the versions of the pieces a lesson uses.

Read from package metadata and the twins' node_modules; nothing is started or imported.
"""

from __future__ import annotations

import json
import os
import platform
from collections.abc import Mapping
from importlib.metadata import PackageNotFoundError, version
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from fastapi_uvicorn_tutor.course import stacks


def dist_version(name: str) -> str | None:
    """The installed version of a Python distribution, None when it is not installed."""
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def package_version(modules: Path | None, name: str) -> str | None:
    """The version of an npm package in `modules` (a node_modules folder), None when absent."""
    if modules is None:
        return None
    try:
        return str(json.loads((modules / name / "package.json").read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return None


def uvicorn_defaults() -> str:
    """What `--loop auto --http auto` picks here: uvloop and httptools when installed."""
    loop = "uvloop" if find_spec("uvloop") is not None else "asyncio"
    parser = "httptools" if find_spec("httptools") is not None else "h11"
    return f"{loop} + {parser}"


def machine_info(node_version: str | None, stack_modules: Mapping[str, Path]) -> dict[str, Any]:
    """The `machine` object of a bench report (course/bench/report.py); each stack's version from its node_modules."""
    return {
        "cpus": os.cpu_count() or 1,
        "platform": platform.platform(terse=True),
        "python": platform.python_version(),
        "node": node_version,
        "uvicorn": dist_version("uvicorn"),
        "fastapi": dist_version("fastapi"),
        **{stack.id: package_version(stack_modules.get(stack.id), stack.package) for stack in stacks.ALL},
    }
