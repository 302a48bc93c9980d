"""Paths and error text in practice mode are shown as written, never read as Rich markup.

A state folder or course folder whose name holds `[/x]` made Rich raise MarkupError
(a traceback instead of the message) wherever a path or an exception's text went into
a markup string. Every such place is driven here, for real: `tutor check`,
`reset-exercise`, `solution`, the confirmation question on a terminal, and the lesson
flow's hooks.
"""

from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from rich.console import Console

from fastapi_uvicorn_tutor.course import catalog, exercises
from fastapi_uvicorn_tutor.flows import practice
from fastapi_uvicorn_tutor.state import progress

from ..conftest import LESSONS
from ..helpers import PtyTutor, copy_lesson, run_tutor, strip_ansi

ODD = "odd [/x] [red]name"
LESSON = next(lesson for lesson in LESSONS if lesson.has_exercise)
EXERCISE = exercises.load_exercise(LESSON)


def flat(text: str) -> str:
    """Output with the line wrapping undone (a long path wraps at the terminal's width)."""
    return "".join(strip_ansi(text).split())


def shown(path: Path, text: str) -> bool:
    return "".join(str(path).split()) in flat(text)


def test_check_and_reset_show_a_home_with_markup_as_written(tmp_path: Path) -> None:
    home = tmp_path / ODD
    main_py = home / "workspace" / LESSON.slug / "main.py"
    first = run_tutor(home, "check", str(LESSON.number), "--no-twin", timeout=120)
    assert "Traceback" not in first.stderr and "MarkupError" not in first.stderr, first.stderr
    assert first.returncode == 1, first.stdout + first.stderr  # the starter fails its checks
    assert shown(main_py, first.stdout), first.stdout

    reset = run_tutor(home, "reset-exercise", str(LESSON.number), "--yes")
    assert reset.returncode == 0 and "Traceback" not in reset.stderr, reset.stderr
    assert shown(main_py, reset.stdout) and "Yourversionissavedas" in flat(reset.stdout), reset.stdout
    assert shown(main_py.parent / "backups", reset.stdout), reset.stdout


def test_a_progress_warning_naming_the_home_is_shown_as_written(tmp_path: Path) -> None:
    home = tmp_path / ODD
    folder = home / "workspace" / LESSON.slug
    folder.mkdir(parents=True)
    assert EXERCISE is not None
    shutil.copyfile(EXERCISE.solution, folder / "main.py")
    (home / ".progress.lock").mkdir()  # the progress file cannot be locked: a StateDirError naming the home
    result = run_tutor(home, "check", str(LESSON.number), "--no-twin", timeout=120)
    assert "Traceback" not in result.stderr, result.stderr
    assert f"All {len(EXERCISE.checks)} checks pass" in strip_ansi(result.stdout), result.stdout
    assert "Warning:" in result.stdout and shown(home, result.stdout), result.stdout


def test_solution_shows_a_course_folder_with_markup_as_written(tmp_path: Path) -> None:
    course = tmp_path / ODD
    copy_lesson(LESSON.slug, course)
    result = run_tutor(tmp_path / "home", "solution", str(LESSON.number), "--yes", TUTOR_CONTENT=str(course))
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert shown(course / "lessons" / LESSON.slug / "exercise" / "solution.py", result.stdout), result.stdout


def test_the_reset_question_on_a_terminal_shows_the_path_as_written(tmp_path: Path) -> None:
    home = tmp_path / ODD
    assert run_tutor(home, "where", str(LESSON.number)).returncode == 0  # the workspace and its main.py
    tutor = PtyTutor(home, "reset-exercise", str(LESSON.number), columns=400)
    try:
        out = tutor.read_until(r"with the starter \(a backup is kept\)\?", timeout=30)
        assert shown(home / "workspace" / LESSON.slug / "main.py", out), out
        tutor.send("n\r")
        out = tutor.read_until("Nothing changed.", timeout=30)
        assert tutor.wait(30) == 0
    finally:
        tutor.close()
    assert "Traceback" not in out


def _console() -> Console:
    return Console(file=StringIO(), width=400, color_system=None)


def test_the_lesson_hooks_show_error_text_with_markup_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / ODD
    home.mkdir(parents=True)
    monkeypatch.setenv("TUTOR_HOME", str(home))
    (home / "workspace").write_text("a file where the workspace folder goes")
    console = _console()
    practice.announce(LESSON, console)  # the workspace cannot be made: a WorkspaceError naming it
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert "The exercise is not available:" in text and str(home / "workspace") in text, text

    (home / ".progress.lock").mkdir()  # progress cannot be saved: a StateDirError naming the home, for the CLI
    with pytest.raises(progress.StateDirError) as failed:
        practice.exercise_pending(catalog.load_catalog(), LESSON, _console())
    assert str(home) in str(failed.value)
