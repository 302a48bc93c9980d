"""What a `tutor bench` found: each run's figures, the ratios worth quoting, the JSON shape.

`--json` prints one JSON object (schema `tutor-bench/2`), checked by `report_problems`:

    {
      "schema": "tutor-bench/2",
      "lesson": "01-chef-and-waiter",
      "stacks": ["<stack>", ...],
      "date": "2026-05-01T12:00:00+00:00",
      "generator": {"name": "autocannon" | "python-threads", "version": str | null,
                    "connections": int, "duration_s": float, "warmup_s": float,
                    "note": str},
      "machine": {"cpus": int, "platform": str, "python": str, "node": str | null,
                  "uvicorn": str | null, "fastapi": str | null, "<stack>": str | null},
      "runs": [{"id": "fastapi", "stack": "fastapi" | "<stack>", "label": str,
                "command": str, "url": str, "path": str, "workers": int,
                "requests_per_s": float, "requests": int,
                "latency_ms": {"p50": float, "p99": float, "mean": float, "max": float},
                "errors": int, "non_2xx": int, "peak_rss_mb": float | null,
                "vs_<stack>": float | null, "failed": str | null}],
      "ratios": [{"name": str, "numerator": run id, "denominator": run id,
                  "requests_per_s": float}],
      "notes": [str]
    }

`<stack>` is each Node stack's id (course/stacks.py). `stacks` lists the Node stacks the
bench was asked to compare (`--vs`), benched or not; `machine` has the version of
its framework package, and every run a `vs_<stack>` ratio. `errors` counts connection
errors and timeouts; `non_2xx` counts answers outside 200-299; `vs_<stack>` is the
run's requests/s over that stack's run with the same path and worker count (1.0 for
that run itself).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from fastapi_uvicorn_tutor.course import stacks
from fastapi_uvicorn_tutor.course.bench.plan import RunSpec

SCHEMA = "tutor-bench/2"  # 2: `stacks`, and a machine version and `vs_<stack>` for every stack


@dataclass
class RunResult:
    """One run's figures (`failed` says why a run measured nothing)."""

    spec: RunSpec
    command: str = ""
    url: str = ""
    requests_per_s: float = 0.0
    requests: int = 0
    latency_ms: dict[str, float] = field(default_factory=lambda: {"p50": 0.0, "p99": 0.0, "mean": 0.0, "max": 0.0})
    errors: int = 0
    non_2xx: int = 0
    peak_rss_mb: float | None = None
    vs: dict[str, float] = field(default_factory=dict)  # stack id -> requests/s over that stack's matching run
    failed: str | None = None
    pgid: int | None = None  # the server's process group while it ran (not in the JSON)
    sample: dict[str, str] | None = None  # a FastAPI run's answer, for the bare ASGI run (not in the JSON)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.spec.id, "stack": self.spec.stack, "label": self.spec.label,
            "command": self.command, "url": self.url, "path": self.spec.path, "workers": self.spec.workers,
            "requests_per_s": round(self.requests_per_s, 1), "requests": self.requests,
            "latency_ms": {k: round(float(v), 3) for k, v in self.latency_ms.items()},
            "errors": self.errors, "non_2xx": self.non_2xx,
            "peak_rss_mb": None if self.peak_rss_mb is None else round(self.peak_rss_mb, 1),
            **{f"vs_{sid}": round(self.vs[sid], 3) if sid in self.vs else None for sid in stacks.IDS},
            "failed": self.failed,
        }


@dataclass
class BenchReport:
    """Every run of one bench, with the generator, the machine, the ratios and the notes."""

    lesson: str
    generator: dict[str, Any]
    machine: dict[str, Any]
    runs: list[RunResult]
    ratios: list[dict[str, Any]]
    notes: list[str]
    compared: list[str] = field(default_factory=lambda: [stacks.DEFAULT.id])  # the stack ids asked for
    date: str = field(default_factory=lambda: _now())

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA, "lesson": self.lesson, "stacks": self.compared, "date": self.date, "generator": self.generator,
            "machine": self.machine, "runs": [run.to_json() for run in self.runs],
            "ratios": self.ratios, "notes": self.notes,
        }


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def compare(results: list[RunResult]) -> list[dict[str, Any]]:
    """Fill each run's `vs` (one ratio per benched stack) and list the ratios worth quoting."""
    ok = [r for r in results if r.failed is None and r.requests_per_s > 0]
    ratios: list[dict[str, Any]] = []

    def reference(run: RunResult, sid: str) -> RunResult | None:
        twins = [r for r in ok if r.spec.stack == sid]
        for test in (lambda e: e.spec.workers == run.spec.workers and e.spec.path == run.spec.path,
                     lambda e: e.spec.workers == run.spec.workers,
                     lambda e: e.spec.workers == 1):
            found = [e for e in twins if test(e)]
            if found:
                return found[0]
        return None

    for run in ok:
        for sid in stacks.IDS:
            ref = reference(run, sid)
            if ref is None:
                continue
            run.vs[sid] = run.requests_per_s / ref.requests_per_s
            if run.spec.stack == stacks.FASTAPI and run.spec.server == "uvicorn" and not run.spec.raw:
                ratios.append({"name": f"{run.spec.label} / {ref.spec.label}", "numerator": run.spec.id,
                               "denominator": ref.spec.id, "requests_per_s": round(run.vs[sid], 3)})
    for side in stacks.SIDES:
        single = next((r for r in ok if r.spec.stack == side and r.spec.workers == 1 and not r.spec.uvicorn_args), None)
        for many in (r for r in ok if r.spec.stack == side and r.spec.workers > 1):
            if single is not None:
                ratios.append({"name": f"{many.spec.label} / 1 worker", "numerator": many.spec.id,
                               "denominator": single.spec.id,
                               "requests_per_s": round(many.requests_per_s / single.requests_per_s, 3)})
    by_id = {r.spec.id: r for r in ok}
    fast, slow = by_id.get("fastapi-uvloop-httptools"), by_id.get("fastapi-asyncio-h11")
    if fast and slow:
        ratios.append({"name": "uvloop + httptools / asyncio + h11", "numerator": fast.spec.id,
                       "denominator": slow.spec.id, "requests_per_s": round(fast.requests_per_s / slow.requests_per_s, 3)})
    uvicorn = by_id.get("fastapi")
    for run in ok:
        if uvicorn and run.spec.stack == stacks.FASTAPI and (run.spec.server != "uvicorn" or run.spec.raw):
            what = "bare ASGI app / FastAPI (on Uvicorn)" if run.spec.raw else f"{run.spec.label} / FastAPI on Uvicorn"
            ratios.append({"name": what, "numerator": run.spec.id, "denominator": uvicorn.spec.id,
                           "requests_per_s": round(run.requests_per_s / uvicorn.requests_per_s, 3)})
    asyncs = [r for r in ok if r.spec.id.startswith("fastapi-async")]
    defs = [r for r in ok if r.spec.id.startswith("fastapi-def")]
    if asyncs and defs:
        ratios.append({"name": "async def / def", "numerator": asyncs[0].spec.id, "denominator": defs[0].spec.id,
                       "requests_per_s": round(asyncs[0].requests_per_s / defs[0].requests_per_s, 3)})
    return ratios


# --- the documented JSON shape, checked -------------------------------------------------

_NUM = (int, float)
_OPT_STR = (str, type(None))
SHAPE: dict[str, Any] = {
    "schema": str, "lesson": str, "stacks": [str], "date": str,
    "generator": {"name": str, "version": _OPT_STR, "connections": int, "duration_s": _NUM, "warmup_s": _NUM, "note": str},
    "machine": {"cpus": int, "platform": str, "python": str, "node": _OPT_STR, "uvicorn": _OPT_STR,
                "fastapi": _OPT_STR, **{sid: _OPT_STR for sid in stacks.IDS}},
    "runs": [{
        "id": str, "stack": str, "label": str, "command": str, "url": str, "path": str, "workers": int,
        "requests_per_s": _NUM, "requests": int,
        "latency_ms": {"p50": _NUM, "p99": _NUM, "mean": _NUM, "max": _NUM},
        "errors": int, "non_2xx": int, "peak_rss_mb": (int, float, type(None)),
        **{f"vs_{sid}": (int, float, type(None)) for sid in stacks.IDS}, "failed": _OPT_STR,
    }],
    "ratios": [{"name": str, "numerator": str, "denominator": str, "requests_per_s": _NUM}],
    "notes": [str],
}


def _shape_problems(value: Any, shape: Any, where: str, problems: list[str]) -> None:
    if isinstance(shape, dict):
        if not isinstance(value, dict):
            problems.append(f"{where} is not an object")
            return
        for key in shape.keys() - value.keys():
            problems.append(f"{where}.{key} is missing")
        for key in value.keys() - shape.keys():
            problems.append(f"{where}.{key} is not in the documented shape")
        for key in shape.keys() & value.keys():
            _shape_problems(value[key], shape[key], f"{where}.{key}", problems)
    elif isinstance(shape, list):
        if not isinstance(value, list):
            problems.append(f"{where} is not a list")
            return
        for i, item in enumerate(value):
            _shape_problems(item, shape[0], f"{where}[{i}]", problems)
    elif isinstance(value, bool) or not isinstance(value, shape):
        problems.append(f"{where} has the wrong type ({type(value).__name__})")


def report_problems(doc: Any) -> list[str]:
    """Every way `doc` departs from the documented `--json` shape (empty when it fits)."""
    problems: list[str] = []
    _shape_problems(doc, SHAPE, "$", problems)
    if isinstance(doc, dict):
        if doc.get("schema") != SCHEMA:
            problems.append(f"$.schema is not {SCHEMA!r}")
        ids = {run.get("id") for run in doc.get("runs", []) if isinstance(run, dict)}
        for run in doc.get("runs", []):
            if isinstance(run, dict) and run.get("stack") not in stacks.SIDES:
                problems.append(f"run {run.get('id')!r} has stack {run.get('stack')!r}")
        for ratio in doc.get("ratios", []):
            if isinstance(ratio, dict) and not {ratio.get("numerator"), ratio.get("denominator")} <= ids:
                problems.append(f"ratio {ratio.get('name')!r} names a run that is not in runs")
    return problems
