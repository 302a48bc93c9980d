"""Check the whole course: every lesson folder, its twin, its demo and [fuzz] tables and its exercise.

`validate()` returns every problem as a sentence (empty when the course is sound);
the tests call it, so a broken lesson fails CI with a sentence, not a traceback.
"""

from __future__ import annotations

from pathlib import Path

from fastapi_uvicorn_tutor.course import exercises, fuzz, plans
from fastapi_uvicorn_tutor.course.catalog import CatalogError, content_root, load_catalog, load_lesson


def validate(root: Path | None = None) -> list[str]:
    """All problems found, as sentences (empty when every lesson is sound)."""
    base = root or content_root()
    problems: list[str] = []
    lessons_root = base / "lessons"
    if not lessons_root.is_dir():
        return [f"No lessons folder at {lessons_root}."]
    for folder in sorted(p for p in lessons_root.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        try:
            load_lesson(folder, base)
        except CatalogError as exc:
            problems.append(str(exc))
    try:
        lessons = load_catalog(base)
    except CatalogError as exc:
        if str(exc) not in problems:
            problems.append(str(exc))
        return problems
    for lesson in lessons:
        problems += plans.plan_problems(lesson)
        try:
            fuzz.fuzz_plan(lesson)
        except CatalogError as exc:
            problems.append(str(exc))
    problems += exercises.validate(lessons)
    return problems
