"""The [lifespan] table of a lesson.toml, read and checked: what the lifespan demo runs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi_uvicorn_tutor.course.plans import PlanError

SIDES = ("fastapi", "express")


@dataclass(frozen=True)
class Expected:
    startup: tuple[str, ...]
    shutdown: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    fastapi: Expected
    express: Expected
    why: str = ""


def plan_from_table(table: dict[str, Any]) -> Plan:
    """Read and check the lesson's [lifespan] table."""
    sides = {}
    for side in SIDES:
        raw = table.get(side)
        if not isinstance(raw, dict):
            raise PlanError(f"[lifespan.{side}] is missing.")
        phases = {}
        for phase in ("startup", "shutdown"):
            lines = raw.get(phase)
            if not isinstance(lines, list) or not lines or not all(isinstance(x, str) and x for x in lines):
                raise PlanError(f"[lifespan.{side}] {phase} must be a list of non-empty strings.")
            phases[phase] = tuple(lines)
        sides[side] = Expected(**phases)
    return Plan(sides["fastapi"], sides["express"], str(table.get("why", "")))
