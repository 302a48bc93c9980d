"""The [concurrency] table of a lesson.toml, read and checked: what the concurrency demo runs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from fastapi_uvicorn_tutor.course import stacks
from fastapi_uvicorn_tutor.course.plans import PlanError

SHAPES = ("parallel", "serial")
# Generous bounds, for a busy two-core laptop: "parallel" must finish within half of the
# one-after-another time, "serial" must take at least three quarters of it.
PARALLEL_BOUND = 0.5
SERIAL_BOUND = 0.75
MAX_REQUESTS = 50
MAX_SECONDS = 1.0


@dataclass(frozen=True)
class Endpoint:
    path: str
    shapes: dict[str, str]  # side ("fastapi" or a stack id) -> "parallel" or "serial"
    how: dict[str, str] = field(default_factory=dict)  # side -> how its handler waits, in a few words
    why: str = ""


@dataclass(frozen=True)
class Plan:
    requests: int
    seconds: float
    endpoints: tuple[Endpoint, ...]

    @property
    def serial_total(self) -> float:
        """What all requests take when they are served one after another."""
        return self.requests * self.seconds

    def url(self, endpoint: Endpoint) -> str:
        sep = "&" if "?" in endpoint.path else "?"
        return f"{endpoint.path}{sep}seconds={self.seconds:g}"


@dataclass(frozen=True)
class Timing:
    """N requests sent at once to one server: when the last answer arrived, and what came back."""

    total: float
    statuses: tuple[int, ...]
    errors: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors and all(s == 200 for s in self.statuses)


@dataclass(frozen=True)
class Row:
    endpoint: Endpoint
    timings: dict[str, Timing]  # side -> its burst, for every side that ran (FastAPI first)


def plan_from_table(table: dict[str, Any], twins: Sequence[str] = (stacks.DEFAULT.id,)) -> Plan:
    """Read and check the lesson's [concurrency] table; `twins`: the stacks the lesson has twins for."""
    requests = table.get("requests", 10)
    seconds = table.get("seconds", 0.1)
    if not isinstance(requests, int) or not 2 <= requests <= MAX_REQUESTS:
        raise PlanError(f"[concurrency] requests must be an integer from 2 to {MAX_REQUESTS}.")
    if not isinstance(seconds, (int, float)) or not 0 < seconds <= MAX_SECONDS:
        raise PlanError(f"[concurrency] seconds must be a number above 0 and at most {MAX_SECONDS:g}.")
    raw = table.get("endpoint", [])
    if not isinstance(raw, list) or not raw:
        raise PlanError("[concurrency] needs at least one [[concurrency.endpoint]].")
    endpoints = []
    for i, item in enumerate(raw, 1):
        path = item.get("path") if isinstance(item, dict) else None
        if not isinstance(path, str) or not path.startswith("/"):
            raise PlanError(f"[[concurrency.endpoint]] {i} needs a path starting with '/'.")
        required = (stacks.FASTAPI, *twins)
        shapes = {side: item.get(side) for side in stacks.SIDES if side in required or side in item}
        for side, shape in shapes.items():
            if shape not in SHAPES:
                raise PlanError(f"[[concurrency.endpoint]] {path}: {side} must be \"parallel\" or \"serial\".")
        how = {side: str(item.get(f"{side}_how", "")) for side in shapes}
        endpoints.append(Endpoint(path, shapes, how, str(item.get("why", ""))))
    return Plan(requests, float(seconds), tuple(endpoints))
