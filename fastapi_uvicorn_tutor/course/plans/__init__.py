"""The tables in lesson.toml that switch on a demo beyond one request, read and checked.

A lesson opts in with a table named after a kind: `[concurrency]`, `[websocket]`,
`[lifespan]`, `[testing]`, `[serving]`. Each module here turns its table into a
`Plan` with `plan_from_table(table, twins)` (`twins`: the ids of the stacks the lesson
has twins for; per-side keys are `fastapi` and those ids), or raises PlanError with a
sentence saying what is wrong. The demos (fastapi_uvicorn_tutor/demos/) run the plans; the catalog's
validator checks them, so a broken table fails CI with a sentence.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from fastapi_uvicorn_tutor.course.catalog import SPECIAL_KINDS as KINDS
from fastapi_uvicorn_tutor.errors import TutorError

if TYPE_CHECKING:
    from fastapi_uvicorn_tutor.course.catalog import Lesson



class PlanError(TutorError):
    """A lesson's special-demo table is not usable; the message says why."""


def present(lesson: Lesson) -> list[tuple[str, dict[str, Any]]]:
    """The special-demo tables this lesson has, in the order the demos run."""
    return [(kind, lesson.section(kind)) for kind in KINDS if kind in lesson.meta]


def plan_problems(lesson: Lesson) -> list[str]:
    """Sentences for every special-demo table of the lesson that cannot be read."""
    found = []
    for kind, table in present(lesson):
        module = importlib.import_module(f"fastapi_uvicorn_tutor.course.plans.{kind}")
        try:
            module.plan_from_table(table, tuple(lesson.twin_folders))
        except PlanError as exc:
            found.append(f"lessons/{lesson.slug}: {exc}")
    return found
