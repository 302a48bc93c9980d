"""The [testing] table of a lesson.toml, read and checked: what the testing demo runs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from fastapi_uvicorn_tutor.course import stacks
from fastapi_uvicorn_tutor.course.plans import PlanError, stack_whys


@dataclass(frozen=True)
class Plan:
    python: str  # in the lesson folder
    node: str  # in each twin's folder
    whys: dict[str, str] = field(default_factory=dict)  # stack id -> what the runs show against its twin


def plan_from_table(table: dict[str, Any], twins: Sequence[str] = (stacks.DEFAULT.id,)) -> Plan:
    """Read and check the lesson's [testing] table: `why` for the default stack, `<id>_why` for each other one."""
    names = {key: table.get(key) for key in ("python", "node")}
    for key, name in names.items():
        if not isinstance(name, str) or not name or "/" in name or "\\" in name:
            raise PlanError(f"[testing] {key} must be a file name in the lesson's {'folder' if key == 'python' else 'twin folder'}.")
    return Plan(names["python"], names["node"], stack_whys(table, twins, "[testing]"))  # type: ignore[arg-type]
