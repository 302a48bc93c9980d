"""The tables in lesson.toml that switch on a demo beyond one request, read and checked.

A lesson opts in with a table named after a kind: `[concurrency]`, `[websocket]`,
`[lifespan]`, `[testing]`, `[serving]`. Each module here turns its table into a
`Plan` with `plan_from_table(table, twins)` (`twins`: the ids of the stacks the lesson
has twins for; per-side keys are `fastapi` and those ids), or raises PlanError with a
sentence saying what is wrong. A table's `why` explains the default stack's twin, as a
demo's own `why` does; `<id>_why` explains another stack's (see `stack_whys`). The demos
(fastapi_uvicorn_tutor/demos/) run the plans; the catalog's validator checks them, so a
broken table fails CI with a sentence.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from fastapi_uvicorn_tutor.course import stacks
from fastapi_uvicorn_tutor.course.catalog import SPECIAL_KINDS as KINDS
from fastapi_uvicorn_tutor.errors import TutorError

if TYPE_CHECKING:
    from fastapi_uvicorn_tutor.course.catalog import Lesson


class PlanError(TutorError):
    """A lesson's special-demo table is not usable; the message says why."""


def stack_whys(table: Mapping[str, Any], twins: Sequence[str], where: str) -> dict[str, str]:
    """Each stack's explanation in a special-demo table, by stack id (empty when it has none).

    `why` is the default stack's, `<id>_why` another stack's, the way `[demo.<id>] why`
    stands beside a demo's own `why`. Once a table explains the default stack's twin,
    each other stack the lesson has a twin for (`twins`) needs its own: a learner who
    compares with that stack would otherwise read the reason for another one.
    `where` names the table in the sentences, e.g. "[lifespan]".
    """
    whys = {}
    default = table.get("why", "")
    if not isinstance(default, str):
        raise PlanError(f"{where} why must be a string.")
    if default.strip():
        whys[stacks.DEFAULT.id] = default.strip()
    for stack in stacks.ALL:
        if stack is stacks.DEFAULT:
            continue
        key = f"{stack.id}_why"
        text = table.get(key)
        if text is None:
            if whys and stack.id in twins:
                raise PlanError(f"{where} explains the {stacks.DEFAULT.label} twin (`why`) but not the "
                                f"{stack.label} twin: add `{key}`.")
            continue
        if not isinstance(text, str) or not text.strip():
            raise PlanError(f"{where} {key} must be a sentence or more.")
        whys[stack.id] = text.strip()
    return whys


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
