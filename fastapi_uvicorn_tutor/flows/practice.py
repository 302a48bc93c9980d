"""Practice mode's shared steps, and the lesson flow's hooks into it.

The learner writes the exercise, Uvicorn reloads it, the checks judge it. `tutor
check` (flows/check.py) and `tutor watch` (flows/watch.py) both run the checks and
show them here (`run_and_show`), with the lesson's Node twin for reference
answers; the lesson flow calls `announce`, `exercise_pending` and `remind`. The
learner's app always runs the way the course teaches, `uvicorn main:app --reload`
in their workspace folder (runtime/learner.py), and every check is a real HTTP
request, socket or process through runtime/checks.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from fastapi_uvicorn_tutor.course import catalog, exercises, stacks
from fastapi_uvicorn_tutor.runtime import checks, ports, servers, twins
from fastapi_uvicorn_tutor.state import progress, workspace

if TYPE_CHECKING:
    from rich.console import Console

    from fastapi_uvicorn_tutor.course.exercises import CheckReport, Exercise
    from fastapi_uvicorn_tutor.runtime.learner import LearnerServer


def stack_for(lesson: catalog.Lesson, chosen: tuple[stacks.Stack, ...]) -> stacks.Stack:
    """The one stack whose twin gives this lesson's reference answers (the first chosen one it has)."""
    kept, _ = lesson.compared(chosen)
    return kept[0] if kept else chosen[0]


def start_twin(lesson: catalog.Lesson, stack: stacks.Stack) -> tuple[servers.Server | None, str | None]:
    """The lesson's twin for the reference answers, on any free port; practice never runs npm."""
    return twins.start_twin(lesson, stack, lambda: ports.pick_port(None), install=False)


def twin_ready(stack: stacks.Stack, twin: servers.Server | None) -> tuple[str, int] | None:
    """(stack id, port) once the twin answers; None when it is not running or never answered."""
    if twin is None:
        return None
    try:
        servers.wait_ready([twin])
    except servers.ServerFailed:
        return None
    return stack.id, twin.spec.port


# ----- progress -------------------------------------------------------------------------------


def record_pass(lesson: catalog.Lesson, console: Console) -> bool:
    """Mark the lesson done (its exercise passed); the next lesson becomes current."""
    from fastapi_uvicorn_tutor.ui.console import warning

    try:
        lessons = catalog.load_catalog()
    except catalog.CatalogError:
        return False
    slugs = [item.slug for item in lessons]
    index = slugs.index(lesson.slug) if lesson.slug in slugs else -1
    following = slugs[index + 1] if 0 <= index < len(slugs) - 1 else None

    def change(p: progress.Progress) -> None:
        p.mark_done(lesson.slug)
        if p.current in (None, lesson.slug):
            p.current = following

    try:
        progress.update(slugs, change)
    except progress.StateDirError as exc:
        console.print(warning(str(exc)))
        return False
    return True


def _done(lesson: catalog.Lesson) -> bool:
    return lesson.slug in progress.load().done


# ----- hooks for the lesson flow (flows/lesson.py, cli/app.py) ------------------------------------------


def announce(lesson: catalog.Lesson, console: Console) -> None:
    """At the end of a lesson with an exercise: prepare the workspace and say what to do."""
    try:
        exercise = exercises.load_exercise(lesson)
        if exercise is None:
            return
        prepared = workspace.prepare(exercise)
        workspace.mark_lesson_seen(prepared.folder)
    except (exercises.ExerciseError, workspace.WorkspaceError) as exc:
        from fastapi_uvicorn_tutor.ui import practice as show

        console.print(show.exercise_unavailable(str(exc)))
        return
    from fastapi_uvicorn_tutor.ui import practice as show

    console.print(show.exercise_intro(exercise, prepared.file, prepared.created, _done(lesson)))


def exercise_pending(lessons: list[catalog.Lesson], lesson: catalog.Lesson, console: Console) -> bool:
    """After the walkthrough: True (and say so) when the lesson waits for its exercise.

    An unusable state folder raises StateDirError, as recording a lesson without an
    exercise does: the learner gets its sentence and exit code either way.
    """
    from fastapi_uvicorn_tutor.ui import practice as show

    if not exercises.has_exercise(lesson):
        return False
    slugs = [item.slug for item in lessons]
    state = progress.load(slugs)
    if lesson.slug in state.done:
        return False
    if lesson.slug not in state.skipped:
        progress.update(slugs, lambda p: setattr(p, "current", lesson.slug))
    console.print(show.walkthrough_over(lesson))
    return True


def remind(lesson: catalog.Lesson, console: Console) -> bool:
    """`tutor next` on a lesson whose walkthrough was seen but whose exercise is unsolved."""
    from fastapi_uvicorn_tutor.ui import practice as show

    try:
        exercise = exercises.load_exercise(lesson)
    except exercises.ExerciseError:
        return False
    if exercise is None:
        return False
    folder = workspace.folder_for(lesson.slug)
    mine = folder / exercise.file
    if not mine.is_file() or not workspace.lesson_seen(folder) or _done(lesson):
        return False
    console.print(show.pending_reminder(lesson, exercise, mine))
    return True


# ----- running the checks (tutor check, tutor watch) -------------------------------------------------


def run_and_show(lesson: catalog.Lesson, exercise: Exercise, live: LearnerServer, twin: tuple[str, int] | None,
                 console: Console, *, carry_on: bool = False) -> CheckReport:
    """Run every check against the learner's live app, show the results, record a pass.

    `carry_on`: the caller (`tutor watch`) says what comes next itself, so the verdict does not.
    """
    from fastapi_uvicorn_tutor.ui import practice as show

    offset = live.log.size()
    report = checks.run_checks(exercise, live.folder, live.port, twin)
    console.print(show.check_results(report, console.width, lesson.twin_labels))
    if any(r.response.status >= 500 for r in report.results):
        excerpt = server_errors(live.log.since(offset), live.folder)
        if excerpt:
            console.print(show.server_output(excerpt))
    recorded = report.passed and record_pass(lesson, console)
    if report.passed:
        workspace.mark_passed(live.folder)  # `tutor hint` then says it passes
    hints_left = len(exercise.hints) - workspace.hints_shown(live.folder)
    console.print(show.verdict(report, lesson, hints_left, recorded, next_hint=not carry_on))
    return report


def server_errors(output: str, folder: Path) -> str:
    """The useful end of the tracebacks a handler raised during the checks."""
    lines = output.splitlines()
    if not any("Traceback" in line for line in lines):
        return ""
    start = max(i for i, line in enumerate(lines) if "Traceback" in line)
    block = []
    for line in lines[start:]:
        block.append(line)
        if line and not line[0].isspace() and not line.startswith("Traceback") and len(block) > 1:
            break
    return workspace.error_excerpt(block, folder)
