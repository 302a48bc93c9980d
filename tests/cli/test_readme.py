"""README's lists of commands and lessons, checked against the real CLI and the catalog.

A command added without a README row, a row for a command that is gone, or an exercise
added to a lesson without the README saying so fails here with the list to write.
"""

from __future__ import annotations

import re
from typing import Any

import typer.main

from fastapi_uvicorn_tutor.cli.app import app

from ..conftest import LESSONS, REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def _commands() -> dict[str, Any]:
    """The CLI's commands by name, as Typer builds them (each with its `params`)."""
    return dict(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def _readme_command_rows() -> set[str]:
    """Every `tutor NAME` in the first cell of README's command tables."""
    names = set()
    for line in README.splitlines():
        if line.startswith("| `tutor "):
            first_cell = line.split("|")[1]
            names |= set(re.findall(r"`tutor ([a-z][a-z-]*)", first_cell))
    return names


def ranges(numbers: list[int]) -> str:
    """[3, 4, 5, 6, 8, 18, 21] -> "03-06, 08, 18 and 21", the way README writes lessons."""
    runs: list[list[int]] = []
    for number in sorted(numbers):
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    parts = [f"{run[0]:02d}-{run[-1]:02d}" if len(run) > 1 else f"{run[0]:02d}" for run in runs]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def test_ranges_reads_like_the_readme() -> None:
    assert ranges([3, 4, 5, 6, 8, 9, 18, 21]) == "03-06, 08-09, 18 and 21"
    assert ranges([1]) == "01"


def test_the_command_tables_list_every_command_and_only_real_ones() -> None:
    real = set(_commands())
    listed = _readme_command_rows()
    assert real - listed == set(), f"commands with no row in README's tables: {sorted(real - listed)}"
    assert listed - real == set(), f"README lists commands the CLI does not have: {sorted(listed - real)}"


def test_the_vs_sentence_names_exactly_the_commands_that_take_vs() -> None:
    line = next(line for line in README.splitlines() if line.startswith("`--vs STACK` works on"))
    named = set(re.findall(r"`([a-z-]+)`", line.split("works on", 1)[1]))
    taking = {name for name, command in _commands().items()
              if any("--vs" in param.opts for param in command.params)}
    assert named == taking, f"README: `--vs STACK` works on {sorted(taking)}"


def test_the_exercise_sentence_names_exactly_the_lessons_with_an_exercise() -> None:
    with_exercise = [lesson.number for lesson in LESSONS if lesson.has_exercise]
    if len(with_exercise) == len(LESSONS) and "Every lesson carries an exercise" in README:
        return
    match = re.search(r"Lessons? ([0-9, and-]+?) carr(?:y|ies) an exercise", README)
    assert match, "README no longer says which lessons carry an exercise"
    assert match.group(1) == ranges(with_exercise), f"README should say: Lessons {ranges(with_exercise)} carry an exercise"


def test_the_sample_session_counts_the_lessons_there_are() -> None:
    counts = set(re.findall(r"Lesson \d\d/(\d\d)", README))
    assert counts == {f"{len(LESSONS):02d}"}, counts
