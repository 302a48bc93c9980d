"""course/exercises.py: an exercise folder is read, or refused with one sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from fastapi_uvicorn_tutor.course import catalog, exercises

from ..helpers import copy_lesson, run_tutor

SLUG = "03-path-parameters"


def copy_course(root: Path) -> Path:
    """A one-lesson course (a lesson with an exercise) that a test may break on purpose."""
    return copy_lesson(SLUG, root)


def test_a_non_utf8_exercise_toml_is_an_exercise_error(tmp_path: Path) -> None:
    course = copy_course(tmp_path / "course")
    meta = course / "lessons" / SLUG / "exercise" / "exercise.toml"
    meta.write_bytes(meta.read_bytes().replace(b"title", "titl\u00e9".encode("latin-1"), 1))
    lesson = catalog.load_lesson(course / "lessons" / SLUG, course)
    with pytest.raises(exercises.ExerciseError, match=r"exercise\.toml is not UTF-8 text; save it as UTF-8\."):
        exercises.load_exercise(lesson)
    assert exercises.validate([lesson]) == [f"lessons/{SLUG}/exercise/exercise.toml is not UTF-8 text; save it as UTF-8."]


def test_tutor_check_on_a_non_utf8_exercise_toml_is_a_sentence(tmp_path: Path) -> None:
    course = copy_course(tmp_path / "course")
    meta = course / "lessons" / SLUG / "exercise" / "exercise.toml"
    meta.write_bytes(b"\xff\xfe" + meta.read_bytes())
    result = run_tutor(tmp_path / "home", "check", "3", "--no-twin", TUTOR_CONTENT=str(course))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "UnicodeDecodeError" not in result.stderr, result.stderr
    assert "exercise.toml is not UTF-8 text" in " ".join(result.stderr.split()), result.stderr
