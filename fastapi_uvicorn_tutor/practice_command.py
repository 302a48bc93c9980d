"""The practice commands' options and help: `tutor check`, `watch`, `hint`, `solution`,
`reset-exercise`, `where`, `edit`.

Only Typer is imported here, so registering the commands costs `tutor list` nothing;
each command imports practice.py (checks, workspaces, servers) when it runs.
"""

from __future__ import annotations

import os
from typing import Optional

import typer

LESSON_ARG = typer.Argument(None, help="Lesson number or slug (default: the exercise you are on).")


def check(
    lesson: Optional[str] = LESSON_ARG,
    no_twin: bool = typer.Option(False, "--no-twin", help="Do not start the Express twin for reference answers."),
) -> None:
    """Run your exercise's checks against your app under uvicorn --reload (exit 0 when all pass)."""
    from fastapi_uvicorn_tutor import cli, practice

    found, exercise = practice.pick(lesson)
    code = practice.guard(lambda: practice.check_once(found, exercise, cli.console, twin=not no_twin))
    raise typer.Exit(code)


def watch_command(
    lesson: Optional[str] = LESSON_ARG,
    port: Optional[int] = typer.Option(None, "--port", min=1, max=65535, help="Port for your app (fails if busy; default 8000 or a free one)."),
    no_twin: bool = typer.Option(False, "--no-twin", help="Do not start the Express twin for reference answers."),
) -> None:
    """Serve your exercise with uvicorn --reload and re-check it on every save, until Ctrl-C."""
    from fastapi_uvicorn_tutor import cli, practice

    found, exercise = practice.pick(lesson)
    code = practice.guard(lambda: practice.watch(found, exercise, cli.console, port=port, twin=not no_twin))
    raise typer.Exit(code)


def hint(lesson: Optional[str] = LESSON_ARG) -> None:
    """Show the next hint for your exercise (one more each time)."""
    from fastapi_uvicorn_tutor import cli, practice, workspace
    from fastapi_uvicorn_tutor import render_practice as show

    found, exercise = practice.pick(lesson)
    folder = workspace.folder_for(found.slug)
    shown = workspace.hints_shown(folder)
    index = min(shown, len(exercise.hints) - 1)
    cli.console.print(show.hint(exercise, index))
    if shown < len(exercise.hints):
        practice.guard(lambda: workspace.set_hints_shown(folder, shown + 1))


def solution(
    lesson: Optional[str] = LESSON_ARG,
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask first."),
) -> None:
    """Show how your main.py differs from a solution (asks first)."""
    from fastapi_uvicorn_tutor import cli, practice, workspace
    from fastapi_uvicorn_tutor import render_practice as show

    found, exercise = practice.pick(lesson)
    if not practice.confirm(f"Show a solution to lesson {found.number:02d}'s exercise? Trying one more hint first often teaches more", yes):
        cli.console.print("Not shown. [bold cyan]tutor hint[/] gives a nudge instead.")
        return
    import difflib

    answer = exercise.solution.read_text(encoding="utf-8")
    main_py = practice.guard(lambda: workspace.prepare(exercise)).main_py
    try:
        mine = main_py.read_text(encoding="utf-8")
    except OSError:
        mine = ""
    diff = "".join(difflib.unified_diff(mine.splitlines(keepends=True), answer.splitlines(keepends=True),
                                        fromfile="your main.py", tofile="solution.py")) if mine else ""
    cli.console.print(show.solution_diff(diff, answer, mine == answer))
    cli.console.print(f"[dim]The whole solution: {exercise.solution}[/]")


def reset_exercise(
    lesson: Optional[str] = LESSON_ARG,
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask first."),
) -> None:
    """Start the exercise over from the starter; your main.py is kept in backups/ first."""
    from fastapi_uvicorn_tutor import cli, practice, workspace

    found, exercise = practice.pick(lesson)
    main_py = workspace.folder_for(found.slug) / workspace.MAIN
    if main_py.exists() and not practice.confirm(f"Replace {main_py} with the starter (a backup is kept)?", yes):
        cli.console.print("Nothing changed.")
        return
    saved = practice.guard(lambda: workspace.reset(exercise))
    cli.console.print(f"{main_py} is the starter again." + (f" Your version is saved as {saved}." if saved else ""))


def where(lesson: Optional[str] = LESSON_ARG) -> None:
    """Print your exercise's workspace folder (try: cd "$(tutor where)")."""
    from fastapi_uvicorn_tutor import cli, practice, workspace

    found, exercise = practice.pick(lesson)
    prepared = practice.guard(lambda: workspace.prepare(exercise))
    if prepared.created:
        cli.err.print(f"[dim]Created it with the starter main.py for lesson {found.number:02d}.[/]")
    print(prepared.folder)


def edit(lesson: Optional[str] = LESSON_ARG) -> None:
    """Open your exercise's main.py in $VISUAL or $EDITOR."""
    import shlex
    import shutil
    import subprocess

    from fastapi_uvicorn_tutor import cli, practice, workspace

    found, exercise = practice.pick(lesson)
    prepared = practice.guard(lambda: workspace.prepare(exercise))
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        editor = next((name for name in ("nano", "vim", "vi") if shutil.which(name)), None)
    if not editor:
        cli.fail("No editor found: set $EDITOR (like: export EDITOR=nano).", f"Or open {prepared.main_py} in any editor.")
    try:
        code = subprocess.call([*shlex.split(editor), str(prepared.main_py)])
    except OSError as exc:
        cli.fail(f"Could not start your editor {editor!r} ({exc.strerror or exc}).", f"Open {prepared.main_py} in any editor.")
    if code != 0:
        cli.err.print(f"[yellow]Your editor exited with code {code}.[/]")
    cli.console.print(f"[dim]Check it with[/] tutor check {found.number}[dim], or keep[/] tutor watch {found.number} [dim]open.[/]")


def register(app: typer.Typer) -> None:
    """Add the practice commands to the `tutor` CLI."""
    app.command("check")(check)
    app.command("watch")(watch_command)
    app.command("hint")(hint)
    app.command("solution")(solution)
    app.command("reset-exercise")(reset_exercise)
    app.command("where")(where)
    app.command("edit")(edit)
