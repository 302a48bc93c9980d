"""The [serving] table of a lesson.toml, read and checked: what the serving demo runs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from fastapi_uvicorn_tutor.course import stacks
from fastapi_uvicorn_tutor.course.plans import PlanError, stack_whys

MAX_WORKERS = 8


@dataclass(frozen=True)
class Plan:
    path: str
    workers: tuple[int, ...]
    seconds: float
    clients: int
    ready: dict[str, str]  # stack id -> a line each of its twin's worker processes prints once it listens
    whys: dict[str, str] = field(default_factory=dict)  # stack id -> what the numbers mean beside its twin's


def plan_from_table(table: dict[str, Any], twins: Sequence[str] = (stacks.DEFAULT.id,)) -> Plan:
    """Read and check the lesson's [serving] table (`why` for the default stack, `<id>_why` for each other one)."""
    path = table.get("path")
    if not isinstance(path, str) or not path.startswith("/"):
        raise PlanError("[serving] needs a path starting with '/' that answers JSON with a \"pid\".")
    workers = table.get("workers", [1, 2])
    if (not isinstance(workers, list) or not workers
            or not all(isinstance(n, int) and 1 <= n <= MAX_WORKERS for n in workers)):
        raise PlanError(f"[serving] workers must be a list of counts from 1 to {MAX_WORKERS}.")
    seconds = table.get("seconds", 1.0)
    if not isinstance(seconds, (int, float)) or not 0.1 <= seconds <= 10:
        raise PlanError("[serving] seconds must be a number from 0.1 to 10.")
    clients = table.get("clients", 8)
    if not isinstance(clients, int) or not 1 <= clients <= 64:
        raise PlanError("[serving] clients must be an integer from 1 to 64.")
    ready = {stack.id: str(table.get(f"{stack.id}_ready", stack.worker_ready)) for stack in stacks.ALL}
    return Plan(path, tuple(dict.fromkeys(workers)), float(seconds), clients, ready,
                stack_whys(table, twins, "[serving]"))
