"""Choosing the Node stack: `--vs`, `tutor config vs`, and a lesson without a twin for the choice."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from fastapi_uvicorn_tutor.course import stacks
from fastapi_uvicorn_tutor.runtime import ports

from ..conftest import LESSONS
from ..helpers import URL_RE, invoke_tutor, kill_leftovers, run_tutor, strip_ansi, wait_no_children

FIRST = LESSONS[0]
OTHER = stacks.ALL[1]  # the second stack in the registry (the first is the default)
WITHOUT = next(lesson for lesson in LESSONS if not lesson.has_twin(OTHER.id))  # a lesson that keeps the default stack


def test_next_vs_the_other_stack_without_a_tty_runs_and_leaves_nothing(
        tutor_home: Path, stack_modules: dict[str, Path]) -> None:
    result = run_tutor(tutor_home, "next", "--vs", OTHER.id)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert OTHER.answer_title in out and stacks.DEFAULT.answer_title not in out, out
    assert _code_title(OTHER) in out
    for demo in FIRST.demos:
        if demo.expect_for(OTHER.id) == "differs":
            assert demo.why_for(OTHER.id)[:40].replace("`", "") in " ".join(out.split()), demo.label
    assert not [line for line in out.splitlines() if line.startswith("! ")], out
    assert json.loads((tutor_home / "progress.json").read_text())["current"] == FIRST.slug  # its exercise waits
    left = wait_no_children(tutor_home)
    kill_leftovers(left)
    assert left == [], "servers outlived the tutor"
    for port in {int(p) for p in URL_RE.findall(out)}:
        assert ports.port_is_free(port), f"port {port} still bound"


def test_config_vs_is_remembered_checked_and_overridden(tutor_home: Path) -> None:
    assert invoke_tutor(tutor_home, "config", "vs").stdout.strip() == stacks.DEFAULT.id
    saved = invoke_tutor(tutor_home, "config", "vs", OTHER.id)
    assert saved.returncode == 0 and f"vs = {OTHER.id}" in saved.stdout, saved.stderr
    assert json.loads((tutor_home / "settings.json").read_text()) == {"vs": OTHER.id}
    assert invoke_tutor(tutor_home, "config", "vs").stdout.strip() == OTHER.id
    listed = invoke_tutor(tutor_home, "config")
    assert listed.returncode == 0 and "vs" in listed.stdout and OTHER.id in listed.stdout
    shown = invoke_tutor(tutor_home, "show", FIRST.slug)
    assert _code_title(OTHER) in shown.stdout and _code_title(stacks.DEFAULT) not in shown.stdout, shown.stdout
    again = invoke_tutor(tutor_home, "show", FIRST.slug, "--vs", stacks.DEFAULT.id)
    assert _code_title(stacks.DEFAULT) in again.stdout and _code_title(OTHER) not in again.stdout
    bad = invoke_tutor(tutor_home, "config", "vs", "koa")
    assert bad.returncode == 2 and "vs cannot be 'koa'" in bad.stderr and "Traceback" not in bad.stderr
    unset = invoke_tutor(tutor_home, "config", "vs", "--unset")
    assert unset.returncode == 0 and "(the default)" in unset.stdout
    assert json.loads((tutor_home / "settings.json").read_text()) == {}


def _code_title(stack: stacks.Stack) -> str:
    """The start of the title above a stack's twin code."""
    return f"{stack.title} · {stack.shown_root()}"


def test_an_unknown_vs_is_a_usage_error_naming_the_choices(tutor_home: Path) -> None:
    result = invoke_tutor(tutor_home, "show", "1", "--vs", "koa")
    assert result.returncode == 2, result.stdout
    assert "There is no Node stack 'koa'" in result.stderr and stacks.BOTH in result.stderr


def test_a_broken_settings_file_is_a_warning_and_the_default(tutor_home: Path) -> None:
    tutor_home.mkdir(parents=True)
    (tutor_home / "settings.json").write_text("{not json")
    result = invoke_tutor(tutor_home, "show", FIRST.slug)
    assert result.returncode == 0, result.stderr
    assert "settings file" in " ".join((result.stdout + result.stderr).split())
    assert _code_title(stacks.DEFAULT) in result.stdout
    (tutor_home / "settings.json").write_text('{"vs": "koa"}')
    result = invoke_tutor(tutor_home, "show", FIRST.slug)
    assert result.returncode == 0 and "names no stack" in " ".join((result.stdout + result.stderr).split())


def test_a_lesson_without_a_twin_for_the_choice_says_why_and_keeps_another(tutor_home: Path) -> None:
    result = invoke_tutor(tutor_home, "show", WITHOUT.slug, "--vs", OTHER.id)
    assert result.returncode == 0, result.stderr
    text = " ".join(strip_ansi(result.stdout).split())
    assert f"No {OTHER.label} twin in this lesson: {WITHOUT.no_twin[OTHER.id].rstrip('.')}" in text, text
    kept = WITHOUT.twin_label(stacks.DEFAULT.id)  # the kept twin, named as the lesson names it ([twin_label])
    assert f"It runs against {kept} instead." in text
    assert f"{WITHOUT.twin_title(stacks.DEFAULT.id)} · {stacks.DEFAULT.shown_root()}" in text


@pytest.mark.parametrize("columns", [80, 200])
def test_vs_both_fits_the_terminal(tutor_home: Path, stack_modules: dict[str, Path], columns: int) -> None:
    lesson = next(lesson for lesson in LESSONS if all(lesson.has_twin(stack.id) for stack in stacks.ALL))
    result = run_tutor(tutor_home, "goto", lesson.slug, "--vs", stacks.BOTH, COLUMNS=str(columns))
    assert result.returncode == 0, result.stdout + result.stderr
    lines = strip_ansi(result.stdout).splitlines()
    # The lines that start a server are printed whole, never wrapped, so they paste whole
    # (runtime/shell.py); the terminal folds them. Everything else fits.
    pasted = [line for line in lines if re.match(r"^\S+ +\$ cd ", line)]
    assert len(pasted) == 1 + len(stacks.ALL)
    assert max(len(line) for line in lines if line not in pasted) <= columns
    for stack in stacks.ALL:
        assert stack.answer_title in result.stdout
    assert not [line for line in lines if line.startswith("! ")]
    kill_leftovers(wait_no_children(tutor_home))


def test_a_stack_is_installed_only_when_the_learner_first_asks_for_it(tmp_path: Path, node_modules: Path) -> None:
    """`npm ci` for a stack runs the first time a lesson is run against it, never before."""
    from .test_faults import make_course

    course = make_course(tmp_path / "course", None)  # no node_modules beside any stack: the tutor installs
    cache = tmp_path / "cache"
    env = {"TUTOR_CONTENT": str(course), "TUTOR_CACHE": str(cache)}

    def installed() -> set[str]:
        return {stack.id for stack in stacks.ALL
                if any((folder / ".complete").is_file() for folder in cache.glob(f"node-{stack.id}-*"))}

    first = run_tutor(tmp_path / "home", "next", timeout=300, **env)
    assert first.returncode == 0, first.stdout + first.stderr
    assert installed() == {stacks.DEFAULT.id}
    other = run_tutor(tmp_path / "home", "goto", "1", "--vs", OTHER.id, timeout=300, **env)
    assert other.returncode == 0, other.stdout + other.stderr
    assert OTHER.answer_title in other.stdout and "twin not running" not in other.stdout
    assert installed() == {stacks.DEFAULT.id, OTHER.id}
    kill_leftovers(wait_no_children(tmp_path / "home"))


def test_a_demo_names_what_the_other_stack_answers_where_it_teaches_something() -> None:
    """With one stack on screen, a demo where another stack refuses differently says so in one dim line."""
    from fastapi_uvicorn_tutor.ui.render import other_stack_aside

    lesson = next(lesson for lesson in LESSONS if lesson.slug == "04-path-parameters")
    trap = next(demo for demo in lesson.demos if demo.path == "/items/3abc")
    line = other_stack_aside(trap, OTHER.id, [stacks.DEFAULT.id])
    assert line is not None and line.plain.startswith(f"{OTHER.label}: {trap.status_for(OTHER.id)} ")
    assert f"--vs {OTHER.id}" in line.plain
    good = next(demo for demo in lesson.demos if demo.path == "/items/3")
    assert other_stack_aside(good, OTHER.id, [stacks.DEFAULT.id]) is None  # the same answer: nothing to add
    refused = next(demo for demo in lesson.demos if demo.path == "/items/abc")
    assert other_stack_aside(refused, OTHER.id, [stacks.DEFAULT.id]) is None  # the same status as the one shown
