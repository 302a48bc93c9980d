"""What every command needs: the lessons, progress, and failing clearly.

The lesson the learner named is `course.catalog.find_lesson` (an unknown one is a usage error
listing the valid ones).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn

from fastapi_uvicorn_tutor.course import catalog, stacks
from fastapi_uvicorn_tutor.errors import TutorError
from fastapi_uvicorn_tutor.state import progress, settings
from fastapi_uvicorn_tutor.ui import console as ui_console


def fail(sentence: str, hint: str = "", code: int = 1) -> NoReturn:
    """Stop the command with one clear sentence (and a hint); the CLI shows it and exits `code`."""
    raise TutorError(sentence, hint, code=code)


def lessons() -> list[catalog.Lesson]:
    """Every lesson; broken lessons stop the command with a sentence."""
    from fastapi_uvicorn_tutor.state import course_cache

    try:
        return course_cache.load_catalog()
    except catalog.CatalogError as exc:
        fail(f"The lessons are broken: {exc}", "Reinstall the tutor, or run `tutor doctor`.")


def load_progress(all_lessons: list[catalog.Lesson]) -> progress.Progress:
    """The learner's progress, each warning about its file shown once."""
    state = progress.load([lesson.slug for lesson in all_lessons])
    for warning in state.warnings:
        ui_console.warn(warning)
    if state.renumbered:
        from fastapi_uvicorn_tutor.ui import render

        by_slug = {lesson.slug: lesson for lesson in all_lessons}
        ui_console.err.print(render.renumbered([by_slug[slug] for slug in state.added_behind]))
        try:  # saved under today's slugs, so the note is shown once
            progress.update([lesson.slug for lesson in all_lessons], lambda _: None)
        except progress.StateDirError:
            pass  # an unwritable state folder has its own sentence when progress is next saved
    return state


def save(all_lessons: list[catalog.Lesson], change: Callable[[progress.Progress], None]) -> progress.Progress:
    """Change progress under its lock; an unwritable state folder stops the command with a sentence."""
    return progress.update([lesson.slug for lesson in all_lessons], change)


VS_HELP = ("The Node stack to compare with: "
           f"{', '.join(stacks.CHOICES)} (default: `tutor config vs`, else {stacks.DEFAULT.id}).")


def vs_option() -> Any:
    """The `--vs STACK` option every command that runs a twin takes."""
    import typer

    return typer.Option(None, "--vs", metavar="STACK", help=VS_HELP)


def chosen_stacks(vs: str | None) -> tuple[stacks.Stack, ...]:
    """The stacks to compare with: `--vs`, else the learner's `tutor config vs`, else the default stack."""
    if vs is not None:
        return stacks.choose(vs)
    saved = settings.load()
    for warning in saved.warnings:
        ui_console.warn(warning)
    value = saved.get("vs")
    if value:
        try:
            return stacks.choose(value)
        except stacks.UnknownStack:
            ui_console.warn(f"Your setting vs = {value!r} names no stack this tutor knows; comparing with "
                            f"{stacks.DEFAULT.label}. Change it with: tutor config vs {stacks.DEFAULT.id}")
    return (stacks.DEFAULT,)


def no_predict_option() -> Any:
    """The `--no-predict` option of every command that runs a lesson."""
    import typer

    return typer.Option(False, "--no-predict", help="Do not ask you to predict FastAPI's answers before the demos "
                                                    "(`tutor config predict off` for good).")


def predicting(no_predict: bool) -> bool:
    """Whether this lesson run asks for predictions: not `--no-predict`, not `tutor config predict off`,
    and a terminal on both ends (flows/predict.wanted)."""
    from fastapi_uvicorn_tutor.flows import predict

    return predict.wanted(no_predict, settings.load().get(predict.SETTING))

