"""The [fuzz] table of a lesson.toml: what the property-based API test leaves out, and why.

`tests/fuzz/test_no_5xx.py` generates requests from each lesson app's OpenAPI document
(Schemathesis), sends every one to the live FastAPI app and to its live twin, and expects
no 5xx from either. A lesson declares here what that test must know:

    [fuzz]
    skip = [{ method = "GET", path = "/boom", why = "The crash demo answers 500 on purpose." }]
    request_timeout = 12   # seconds one request may take (default 5); above the slowest answer the app allows
    max_examples = 3       # generated requests per operation (default 10), for operations slow by design

or leaves the whole lesson out, with its reason:

    [fuzz]
    skip_lesson = "A bare ASGI callable: no OpenAPI document to generate requests from."

`fuzz_plan(lesson)` reads the table; a broken one is a CatalogError with a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi_uvicorn_tutor.course.catalog import METHODS, CatalogError, Lesson

TABLE = "fuzz"
DEFAULT_TIMEOUT = 5.0
MAX_TIMEOUT = 60.0
DEFAULT_EXAMPLES = 10
KEYS = {"skip", "skip_lesson", "request_timeout", "max_examples"}
SKIP_KEYS = {"method", "path", "why"}


@dataclass(frozen=True)
class SkippedOperation:
    """One operation of the app that the fuzz test leaves out, and why."""

    method: str
    path: str  # as the OpenAPI document writes it: /items/{item_id}
    why: str

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"


@dataclass(frozen=True)
class FuzzPlan:
    """What the fuzz test does with one lesson: everything, unless the lesson says otherwise."""

    skip_lesson: str = ""
    skip: tuple[SkippedOperation, ...] = ()
    request_timeout: float = DEFAULT_TIMEOUT
    max_examples: int = DEFAULT_EXAMPLES


def _skipped(raw: Any, where: str) -> SkippedOperation:
    if not isinstance(raw, dict):
        raise CatalogError(f"{where} must be a table like {{ method = \"GET\", path = \"/boom\", why = \"...\" }}.")
    unknown = set(raw) - SKIP_KEYS
    if unknown:
        raise CatalogError(f"{where} has unknown keys: {', '.join(sorted(unknown))}.")
    method = str(raw.get("method", "")).upper()
    if method not in METHODS:
        raise CatalogError(f"{where}.method must be one of {', '.join(METHODS)}.")
    path = raw.get("path")
    if not isinstance(path, str) or not path.startswith("/"):
        raise CatalogError(f"{where}.path must be a string starting with '/'.")
    why = raw.get("why")
    if not isinstance(why, str) or not why.strip():
        raise CatalogError(f"{where} leaves {method} {path} out but gives no `why`.")
    return SkippedOperation(method, path, why.strip())


def fuzz_plan(lesson: Lesson) -> FuzzPlan:
    """Read and check the lesson's [fuzz] table (no table: fuzz everything with the defaults)."""
    where = f"lessons/{lesson.slug}/lesson.toml [{TABLE}]"
    if TABLE not in lesson.meta:
        return FuzzPlan()
    table = lesson.meta[TABLE]
    if not isinstance(table, dict):
        raise CatalogError(f"{where} must be a table.")
    unknown = set(table) - KEYS
    if unknown:
        raise CatalogError(f"{where} has unknown keys: {', '.join(sorted(unknown))}.")
    if "skip_lesson" in table:
        reason = table["skip_lesson"]
        if not isinstance(reason, str) or not reason.strip():
            raise CatalogError(f"{where} skip_lesson must be a sentence saying why the lesson is not fuzzed.")
        if len(table) > 1:
            raise CatalogError(f"{where} skips the whole lesson, so its other keys would never be read; remove them.")
        return FuzzPlan(skip_lesson=reason.strip())
    raw_skip = table.get("skip", [])
    if not isinstance(raw_skip, list):
        raise CatalogError(f"{where} skip must be an array of tables.")
    skip = tuple(_skipped(raw, f"{where} skip {i}") for i, raw in enumerate(raw_skip, 1))
    labels = [op.label for op in skip]
    repeated = sorted({label for label in labels if labels.count(label) > 1})
    if repeated:
        raise CatalogError(f"{where} skips {', '.join(repeated)} more than once.")
    timeout = table.get("request_timeout", DEFAULT_TIMEOUT)
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not 0 < timeout <= MAX_TIMEOUT:
        raise CatalogError(f"{where} request_timeout must be a number of seconds above 0 and at most {MAX_TIMEOUT:g}.")
    examples = table.get("max_examples", DEFAULT_EXAMPLES)
    if isinstance(examples, bool) or not isinstance(examples, int) or not 1 <= examples <= DEFAULT_EXAMPLES:
        raise CatalogError(f"{where} max_examples must be a whole number from 1 to {DEFAULT_EXAMPLES}.")
    return FuzzPlan(skip=skip, request_timeout=float(timeout), max_examples=examples)
