"""The [lifespan] table of a lesson.toml, read and checked: what the lifespan demo runs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from fastapi_uvicorn_tutor.course import stacks
from fastapi_uvicorn_tutor.course.plans import PlanError, stack_whys


@dataclass(frozen=True)
class Expected:
    startup: tuple[str, ...]
    shutdown: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    sides: dict[str, Expected]  # side ("fastapi" or a stack id) -> the lines it must print
    whys: dict[str, str] = field(default_factory=dict)  # stack id -> why its shutdown looks the way it does


def plan_from_table(table: dict[str, Any], twins: Sequence[str] = (stacks.DEFAULT.id,)) -> Plan:
    """Read and check the lesson's [lifespan] table: [lifespan.fastapi] and one per twin's stack,
    `why` for the default stack and `<id>_why` for each other one (plans.stack_whys)."""
    sides = {}
    for side in stacks.SIDES:
        raw = table.get(side)
        if raw is None and side != stacks.FASTAPI and side not in twins:
            continue
        if not isinstance(raw, dict):
            raise PlanError(f"[lifespan.{side}] is missing.")
        phases = {}
        for phase in ("startup", "shutdown"):
            lines = raw.get(phase)
            if not isinstance(lines, list) or not lines or not all(isinstance(x, str) and x for x in lines):
                raise PlanError(f"[lifespan.{side}] {phase} must be a list of non-empty strings.")
            phases[phase] = tuple(lines)
        sides[side] = Expected(**phases)
    return Plan(sides, stack_whys(table, twins, "[lifespan]"))
