"""The practice commands' options and help: `tutor check`, `watch`, `hint`, `solution`,
`reset-exercise`, `where`, `edit`.

Only Typer is imported here, so registering the commands costs `tutor list` nothing;
each command imports its flow (flows/check.py, flows/watch.py...) when it runs.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Optional

import typer

from fastapi_uvicorn_tutor.cli import common
from fastapi_uvicorn_tutor.course import catalog
from fastapi_uvicorn_tutor.ui import console as ui_console

if TYPE_CHECKING:
    from fastapi_uvicorn_tutor.course.exercises import Exercise

LESSON_ARG = typer.Argument(None, help="Lesson number or slug (default: the exercise you are on).")


def check(
    lesson: Optional[str] = LESSON_ARG,
    no_twin: bool = typer.Option(False, "--no-twin", help="Do not start the Node twin for reference answers."),
    vs: Optional[str] = common.vs_option(),
) -> None:
    """Run your exercise's checks against your app under uvicorn --reload (exit 0 when all pass)."""
    from fastapi_uvicorn_tutor.flows.check import check_once
    from fastapi_uvicorn_tutor.flows.practice import stack_for

    found, exercise = _pick(lesson)
    stack = stack_for(found, common.chosen_stacks(vs))
    code = check_once(found, exercise, ui_console.console, twin=not no_twin, stack=stack)
    raise typer.Exit(code)


def watch_command(
    lesson: Optional[str] = LESSON_ARG,
    port: Optional[int] = typer.Option(None, "--port", min=1, max=65535, help="Port for your app (fails if busy; default 8000 or a free one)."),
    no_twin: bool = typer.Option(False, "--no-twin", help="Do not start the Node twin for reference answers."),
    vs: Optional[str] = common.vs_option(),
) -> None:
    """Serve your exercise with uvicorn --reload, re-check it on every save, and once it passes carry on
    to the next exercise, lesson after lesson, until Ctrl-C."""
    from fastapi_uvicorn_tutor.flows.watch import watch

    found, exercise = _pick(lesson)
    code = watch(found, exercise, ui_console.console, port=port, twin=not no_twin, chosen=common.chosen_stacks(vs))
    raise typer.Exit(code)


def hint(lesson: Optional[str] = LESSON_ARG) -> None:
    """Show the next hint for your exercise (one more each time; none once it passes)."""
    from fastapi_uvicorn_tutor.state import workspace
    from fastapi_uvicorn_tutor.ui import practice as show

    found, exercise = _pick(lesson)
    folder = workspace.folder_for(found.slug)
    if workspace.passes(folder):  # no hint spent on an exercise that is solved
        ui_console.console.print(show.already_passes(found, folder / workspace.MAIN))
        return
    shown = workspace.hints_shown(folder)
    index = min(shown, len(exercise.hints) - 1)
    ui_console.console.print(show.hint(exercise, index))
    if shown < len(exercise.hints):
        workspace.set_hints_shown(folder, shown + 1)


def solution(
    lesson: Optional[str] = LESSON_ARG,
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask first."),
) -> None:
    """Show how your file differs from a solution (asks first)."""
    from fastapi_uvicorn_tutor.state import workspace
    from fastapi_uvicorn_tutor.ui import practice as show

    found, exercise = _pick(lesson)
    if not ui_console.confirm(f"Show a solution to lesson {found.number:02d}'s exercise? Trying one more hint first often teaches more", yes=yes):
        ui_console.console.print("Not shown. [bold cyan]tutor hint[/] gives a nudge instead.")
        return
    import difflib

    answer = exercise.solution.read_text(encoding="utf-8")
    path = workspace.prepare(exercise).file
    try:
        mine = path.read_text(encoding="utf-8")
    except OSError:
        mine = ""
    diff = "".join(difflib.unified_diff(mine.splitlines(keepends=True), answer.splitlines(keepends=True),
                                        fromfile=f"your {path.name}", tofile="solution.py")) if mine else ""
    ui_console.console.print(show.solution_diff(diff, answer, mine == answer, path.name))
    ui_console.console.print(show.solution_location(exercise.solution))


def reset_exercise(
    lesson: Optional[str] = LESSON_ARG,
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask first."),
) -> None:
    """Start the exercise over from the starter; your file is kept in backups/ first."""
    from fastapi_uvicorn_tutor.state import workspace
    from fastapi_uvicorn_tutor.ui import practice as show

    found, exercise = _pick(lesson)
    path = workspace.folder_for(found.slug) / exercise.file
    if path.exists() and not ui_console.confirm(f"Replace {path} with the starter (a backup is kept)?", yes=yes):
        ui_console.console.print("Nothing changed.")
        return
    saved = workspace.reset(exercise)
    ui_console.console.print(show.reset_done(path, saved))


def where(lesson: Optional[str] = LESSON_ARG) -> None:
    """Print your exercise's workspace folder (try: cd "$(tutor where)")."""
    from fastapi_uvicorn_tutor.state import workspace

    found, exercise = _pick(lesson)
    prepared = workspace.prepare(exercise)
    if prepared.created:
        ui_console.err.print(f"[dim]Created it with the starter {exercise.file} for lesson {found.number:02d}.[/]")
    print(prepared.folder)


def edit(lesson: Optional[str] = LESSON_ARG) -> None:
    """Open your exercise's file (main.py, or the test file you write) in $VISUAL or $EDITOR."""
    import shlex
    import shutil
    import subprocess

    from fastapi_uvicorn_tutor.state import workspace

    found, exercise = _pick(lesson)
    prepared = workspace.prepare(exercise)
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        editor = next((name for name in ("nano", "vim", "vi") if shutil.which(name)), None)
    if not editor:
        common.fail("No editor found: set $EDITOR (like: export EDITOR=nano).", f"Or open {prepared.file} in any editor.")
    try:
        code = subprocess.call([*shlex.split(editor), str(prepared.file)])
    except OSError as exc:
        common.fail(f"Could not start your editor {editor!r} ({exc.strerror or exc}).", f"Open {prepared.file} in any editor.")
    if code != 0:
        ui_console.err.print(f"[yellow]Your editor exited with code {code}.[/]")
    ui_console.console.print(f"[dim]Check it with[/] tutor check {found.number}[dim], or keep[/] tutor watch {found.number} [dim]open.[/]")


def register(app: typer.Typer) -> None:
    """Add the practice commands to the `tutor` CLI."""
    app.command("check")(check)
    app.command("watch")(watch_command)
    app.command("hint")(hint)
    app.command("solution")(solution)
    app.command("reset-exercise")(reset_exercise)
    app.command("where")(where)
    app.command("edit")(edit)


def _pick(wanted: str | None) -> tuple[catalog.Lesson, Exercise]:
    """The exercise a command is about: named, the workspace we stand in, or the current one."""
    from fastapi_uvicorn_tutor.course import exercises
    lessons = common.lessons()
    with_exercise = [lesson for lesson in lessons if exercises.has_exercise(lesson)]
    listed = ", ".join(f"{lesson.number:02d}" for lesson in with_exercise) or "none yet"
    if wanted is not None:
        lesson = catalog.find_lesson(lessons, wanted)
    else:
        current = _default_lesson(lessons, with_exercise)
        if current is None:
            common.fail("Which exercise? None is in progress yet.", f"Name one, like: tutor check {with_exercise[0].number if with_exercise else 3}. Lessons with an exercise: {listed}", code=2)
        lesson = current
    try:
        exercise = exercises.load_exercise(lesson)
    except exercises.ExerciseError as exc:
        common.fail(f"Lesson {lesson.number:02d}'s exercise is broken: {exc}", "Reinstall the tutor, or report it.")
    if exercise is None:
        common.fail(f"Lesson {lesson.number:02d} ({lesson.title}) has no exercise.", f"Lessons with an exercise: {listed}", code=2)
    return lesson, exercise


def _default_lesson(lessons: list[catalog.Lesson], with_exercise: list[catalog.Lesson]) -> catalog.Lesson | None:
    from pathlib import Path

    from fastapi_uvicorn_tutor.course import slugs
    from fastapi_uvicorn_tutor.state import progress, workspace

    by_slug = {lesson.slug: lesson for lesson in with_exercise}
    by_name = {slugs.name_of(lesson.slug): lesson for lesson in with_exercise}
    here = workspace.slug_of(Path.cwd())
    if here is not None and slugs.name_of(here) in by_name:  # a workspace from an older numbering too
        return by_name[slugs.name_of(here)]
    state = progress.load([lesson.slug for lesson in lessons])
    started = [lesson for lesson in with_exercise if (workspace.folder_for(lesson.slug) / workspace.MAIN).is_file()]
    if state.current in by_slug and by_slug[state.current] in started:
        return by_slug[state.current]
    if started:
        return max(started, key=lambda lesson: (workspace.folder_for(lesson.slug) / workspace.MAIN).stat().st_mtime)
    pending = state.next_pending([lesson.slug for lesson in lessons])
    return by_slug.get(pending or "")
