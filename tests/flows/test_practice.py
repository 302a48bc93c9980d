"""Practice mode as a learner meets it: real `tutor` subprocesses, real Uvicorn, real edits.

Every lesson's exercise, of every check kind: its starter fails `tutor check` (exit 1,
the failing checks named) and its solution passes (exit 0). The reload path: a save
during `tutor watch` reaches the next request, a syntax error shows and the server comes
back on the next good save, a save Uvicorn's reloader misses is caught. One watch carries
the learner from exercise to exercise. Workspace safety: nothing overwrites the
learner's edits; a reset keeps a backup.
"""

from __future__ import annotations

import difflib
import json
import re
import shutil
import stat
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
from rich.console import Console

from fastapi_uvicorn_tutor.course import check_kinds, stacks
from fastapi_uvicorn_tutor.course import exercises as checks
from fastapi_uvicorn_tutor.course.messages import Request
from fastapi_uvicorn_tutor.flows import watch as watch_flow
from fastapi_uvicorn_tutor.runtime import ports, workspace_server
from fastapi_uvicorn_tutor.runtime.client import send
from fastapi_uvicorn_tutor.runtime.learner import watcher_delay
from fastapi_uvicorn_tutor.state import workspace

from ..conftest import LESSONS, LOAD
from ..helpers import (
    PtyTutor,
    copy_lesson,
    invoke_tutor,
    kill_leftovers,
    run_tutor,
    strip_ansi,
    tutor_env,
    wait_no_children,
)


def _loadable(lesson):  # type: ignore[no-untyped-def]
    try:
        return checks.load_exercise(lesson)
    except checks.ExerciseError:
        return None  # test_every_exercise_is_sound names the problem


EXERCISES = [(lesson, exercise) for lesson in LESSONS if (exercise := _loadable(lesson)) is not None]
FIRST_LESSON, FIRST = EXERCISES[0]
VERDICT_RE = re.compile(r"(\d+)/(\d+) checks pass")


def assert_nothing_left(home: Path) -> None:
    left = wait_no_children(home, within=5)
    kill_leftovers(left)
    assert left == [], "a server outlived the tutor"


def workspace_of(home: Path, slug: str) -> Path:
    return home / "workspace" / slug


def tutor_popen(home: Path, *args: str, **extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "fastapi_uvicorn_tutor", *args], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=tutor_env(home, COLUMNS="120", **extra))


# ----- the exercises themselves ---------------------------------------------------------------


def test_every_exercise_is_sound() -> None:
    assert checks.validate(LESSONS) == []
    assert [lesson.slug for lesson, _ in EXERCISES] == [lesson.slug for lesson in LESSONS], "every lesson has an exercise"
    kinds = {check.kind for _, exercise in EXERCISES for check in exercise.checks}
    assert kinds == set(check_kinds.KINDS), "every kind of check is used by some exercise"
    for lesson, exercise in EXERCISES:
        assert len(exercise.checks) >= 3, lesson.slug
        assert any(check.bad_input for check in exercise.checks), lesson.slug
        starter = exercise.starter.read_text()
        assert "TODO" in starter, f"{lesson.slug}: the starter should say what to write"
        written = [line for line in difflib.ndiff(starter.splitlines(), exercise.solution.read_text().splitlines())
                   if line.startswith("+ ") and line[2:].strip() and not line[2:].lstrip().startswith("#")]
        assert 5 <= len(written) <= 20, f"{lesson.slug}: {len(written)} lines to write"


def _kind_params() -> list:  # type: ignore[type-arg]
    """One param per exercise; those that load the CPU on purpose (a workers check) in the load group."""
    return [pytest.param(lesson, exercise, id=lesson.slug,
                         marks=[LOAD] if any(c.kind == "workers" for c in exercise.checks) else [])
            for lesson, exercise in EXERCISES]


@pytest.mark.parametrize("lesson,exercise", _kind_params())
def test_starter_fails_and_solution_passes(tmp_path: Path, lesson, exercise, node_modules: Path) -> None:  # type: ignore[no-untyped-def]
    starter_home, solution_home = tmp_path / "starter", tmp_path / "solution"
    answer = workspace_of(solution_home, lesson.slug)
    answer.mkdir(parents=True)
    shutil.copyfile(exercise.solution, answer / exercise.file)
    # Both at once: two real Uvicorns (and twins) on their own ports.
    runs = [tutor_popen(starter_home, "check", str(lesson.number)), tutor_popen(solution_home, "check", str(lesson.number))]
    (out_s, err_s), (out_ok, err_ok) = (proc.communicate(timeout=120) for proc in runs)
    out_s, out_ok = strip_ansi(out_s), strip_ansi(out_ok)

    assert runs[0].returncode == 1, out_s + err_s
    verdict = VERDICT_RE.search(out_s)
    assert verdict, out_s + err_s
    passed, total = map(int, verdict.groups())
    assert total == len(exercise.checks) and passed < total
    failed_lines = [line for line in out_s.splitlines() if line.startswith("✗ ") and not VERDICT_RE.search(line)]
    assert len(failed_lines) == total - passed, out_s
    for line in failed_lines:
        assert any(line.startswith(f"✗ {check.label}  {check.name[:40]}") for check in exercise.checks), line
    for check in exercise.checks:  # a failing check of another kind says why, in a sentence
        if check.probe is not None and f"✗ {check.label}  {check.name}" in out_s:
            assert "    ! " in out_s.split(f"✗ {check.label}  {check.name}", 1)[1], out_s
    assert (workspace_of(starter_home, lesson.slug) / exercise.file).read_bytes() == exercise.starter.read_bytes()

    assert runs[1].returncode == 0, out_ok + err_ok
    assert f"All {len(exercise.checks)} checks pass" in out_ok
    assert "✗" not in out_ok
    if exercise.uses_twin:
        named = lesson.twin_label(stacks.DEFAULT.id)  # as the lesson names its twin ([twin_label])
        assert f"{named} twin, " in out_ok, "the twin's answer is shown as the reference"
    state = json.loads((solution_home / "progress.json").read_text())
    assert lesson.slug in state["done"]
    assert not (starter_home / "progress.json").exists() or lesson.slug not in json.loads((starter_home / "progress.json").read_text())["done"]
    assert_nothing_left(starter_home)
    assert_nothing_left(solution_home)


# ----- the reload path ----------------------------------------------------------------------------


def test_watch_reloads_on_save_shows_syntax_errors_and_recovers(tmp_path: Path) -> None:
    home = tmp_path / "home"
    lesson, exercise = FIRST_LESSON, FIRST
    total = len(exercise.checks)
    tutor = PtyTutor(home, "watch", str(lesson.number), "--no-twin")
    try:
        tutor.read_until(r"checks pass", timeout=90)
        main_py = workspace_of(home, lesson.slug) / "main.py"
        record = json.loads((main_py.parent / workspace_server.RECORD).read_text())
        port = record["port"]
        probe = Request(exercise.checks[0].request.method, exercise.checks[0].request.path)
        assert send(port, probe).status != exercise.checks[0].expect.status

        seen = len(tutor.output)
        main_py.write_text(exercise.solution.read_text())
        tutor.read_until(rf"(?s)saved main\.py.*Reloading.*All {total} checks pass", timeout=60)
        # The very next request the learner sends sees the saved code.
        assert send(port, probe).status == exercise.checks[0].expect.status

        main_py.write_text(exercise.solution.read_text() + "\ndef broken(:\n")
        out = tutor.read_until(r"(?s)does not load.*SyntaxError", timeout=60)
        assert "def broken(:" in out[seen:]
        # `tutor check` meanwhile reuses the watched server and reports the same error, fast.
        started = time.monotonic()
        result = run_tutor(home, "check", str(lesson.number), "--no-twin")
        assert result.returncode == 1 and "SyntaxError" in result.stdout and "does not load" in result.stdout
        assert "tutor watch" in result.stdout and time.monotonic() - started < 15

        mark = len(strip_ansi(tutor.output))
        main_py.write_text(exercise.solution.read_text())
        tutor.read_until(rf"(?s)All {total} checks pass.*All {total} checks pass", timeout=60)
        assert "Started server process" in strip_ansi(tutor.output)[mark:], "the server came back"
        reused = run_tutor(home, "check", str(lesson.number), "--no-twin")
        assert reused.returncode == 0, reused.stdout + reused.stderr
        assert "keeps running" in reused.stdout and f"--port {port}" in reused.stdout

        tutor.send("\x03")
        assert tutor.wait(30) == 0
        assert "Stopped watching" in strip_ansi(tutor.output)
    finally:
        tutor.close()
    assert not (main_py.parent / workspace_server.RECORD).exists()
    assert ports.port_is_free(port)
    assert_nothing_left(home)


def test_check_reports_a_syntax_error_quickly_and_names_the_line(tmp_path: Path) -> None:
    home = tmp_path / "home"
    folder = workspace_of(home, FIRST_LESSON.slug)
    folder.mkdir(parents=True)
    (folder / "main.py").write_text("from fastapi import FastAPI\napp = FastAPI()\n\n@app.get('/')\ndef index(:\n    return {}\n")
    started = time.monotonic()
    result = run_tutor(home, "check", str(FIRST_LESSON.number), "--no-twin")
    assert result.returncode == 1
    assert "SyntaxError" in result.stdout and "line 5" in result.stdout and "does not load" in result.stdout
    assert "none of the" in result.stdout and "Traceback" not in result.stdout
    assert time.monotonic() - started < 15
    assert_nothing_left(home)


def test_a_handler_exception_is_a_500_with_the_traceback_shown(tmp_path: Path) -> None:
    home = tmp_path / "home"
    folder = workspace_of(home, FIRST_LESSON.slug)
    folder.mkdir(parents=True)
    (folder / "main.py").write_text(
        "from fastapi import FastAPI\napp = FastAPI()\n\n"
        "@app.api_route('/{anything:path}', methods=['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])\n"
        "def oops(anything: str):\n    raise KeyError('the chef dropped it')\n"
    )
    result = run_tutor(home, "check", str(FIRST_LESSON.number), "--no-twin")
    assert result.returncode == 1
    assert "500 Internal Server Error" in result.stdout
    assert "KeyError" in result.stdout and "the chef dropped it" in result.stdout
    assert_nothing_left(home)


# ----- workspace safety -------------------------------------------------------------------------------


def test_the_lesson_prepares_the_workspace_and_never_clobbers_edits(tmp_path: Path, node_modules: Path) -> None:
    home = tmp_path / "home"
    lesson = FIRST_LESSON
    first = run_tutor(home, "goto", str(lesson.number), timeout=120)
    assert first.returncode == 0, first.stdout + first.stderr
    main_py = workspace_of(home, lesson.slug) / "main.py"
    out = " ".join(first.stdout.split())
    assert "Your turn" in out and "copied from the starter" in out
    assert "tutor check" in out and "tutor watch" in out and "tutor edit" in out
    assert str(main_py) in re.sub(r"[\s│]", "", first.stdout)
    assert "counts as done when" in out
    state = json.loads((home / "progress.json").read_text())
    assert lesson.slug not in state["done"] and state["current"] == lesson.slug

    main_py.write_text(main_py.read_text() + "\n# my own work\n")
    edited = main_py.read_bytes()
    again = run_tutor(home, "goto", str(lesson.number), timeout=120)
    assert again.returncode == 0
    assert "earlier edits are kept" in " ".join(again.stdout.split())
    assert invoke_tutor(home, "where").stdout.strip() == str(main_py.parent)
    assert main_py.read_bytes() == edited

    # `tutor next` on this lesson reminds instead of replaying it...
    reminder = run_tutor(home, "next")
    assert reminder.returncode == 0 and "waiting for its exercise" in reminder.stdout
    assert "tutor next --skip" in reminder.stdout and "FastAPI (Uvicorn)" not in reminder.stdout
    assert main_py.read_bytes() == edited
    # ...until the learner skips it: recorded as skipped, and the next lesson runs.
    skipped = run_tutor(home, "next", "--skip", timeout=120)
    assert skipped.returncode == 0, skipped.stdout + skipped.stderr
    state = json.loads((home / "progress.json").read_text())
    assert lesson.slug in state["skipped"] and lesson.slug not in state["done"]
    assert "Skipped lesson" in skipped.stdout
    assert main_py.read_bytes() == edited
    assert_nothing_left(home)


def test_reset_asks_and_keeps_a_backup(tmp_path: Path) -> None:
    home = tmp_path / "home"
    lesson, exercise = FIRST_LESSON, FIRST
    where = invoke_tutor(home, "where", str(lesson.number))
    assert where.returncode == 0 and where.stdout.strip(), where.stderr  # never write into the cwd by mistake
    folder = Path(where.stdout.strip())
    main_py = folder / "main.py"
    main_py.write_text("# half-way there\n")
    refused = invoke_tutor(home, "reset-exercise", str(lesson.number))
    assert refused.returncode == 2 and "--yes" in refused.stderr
    assert main_py.read_text() == "# half-way there\n"
    done = invoke_tutor(home, "reset-exercise", str(lesson.number), "--yes")
    assert done.returncode == 0, done.stderr
    assert main_py.read_bytes() == exercise.starter.read_bytes()
    backups = list((folder / workspace.BACKUPS).glob("main-*.py"))
    assert [b.read_text() for b in backups] == ["# half-way there\n"]
    assert backups[0].name in done.stdout.replace("\n", "")
    assert re.fullmatch(r"main-\d{8}-\d{6}\.py", backups[0].name)
    # A second reset in the same second keeps both backups.
    main_py.write_text("# second try\n")
    assert invoke_tutor(home, "reset-exercise", str(lesson.number), "-y").returncode == 0
    assert sorted(b.read_text() for b in (folder / workspace.BACKUPS).glob("main-*.py")) == ["# half-way there\n", "# second try\n"]


def test_workspace_follows_tutor_home_and_where_creates_it(tmp_path: Path) -> None:
    home = tmp_path / "elsewhere"
    result = invoke_tutor(home, "where", FIRST_LESSON.slug)
    assert result.returncode == 0
    folder = Path(result.stdout.strip())
    assert folder == home / "workspace" / FIRST_LESSON.slug
    assert (folder / "main.py").read_bytes() == FIRST.starter.read_bytes()
    # Inside the workspace, the commands know which exercise is meant.
    inside = invoke_tutor(home, "where", cwd=folder)
    assert inside.stdout.strip() == str(folder)


# ----- hints, solution, edit -------------------------------------------------------------------------


def test_hint_gives_one_more_each_time(tmp_path: Path) -> None:
    home = tmp_path / "home"
    total = len(FIRST.hints)
    for n in range(1, total + 2):
        result = invoke_tutor(home, "hint", str(FIRST_LESSON.number))
        assert result.returncode == 0
        assert f"Hint {min(n, total)} of {total}" in result.stdout
    assert "last hint" in result.stdout


def test_hint_after_a_passing_check_says_it_passes_until_the_file_changes(tmp_path: Path) -> None:
    home = tmp_path / "home"
    folder = workspace_of(home, FIRST_LESSON.slug)
    folder.mkdir(parents=True)
    shutil.copyfile(FIRST.solution, folder / "main.py")
    checked = run_tutor(home, "check", str(FIRST_LESSON.number), "--no-twin")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    result = invoke_tutor(home, "hint", str(FIRST_LESSON.number))
    assert result.returncode == 0
    assert "already passes" in result.stdout and "Hint 1" not in result.stdout
    (folder / "main.py").write_text(FIRST.solution.read_text() + "\n# trying something else\n")
    result = invoke_tutor(home, "hint", str(FIRST_LESSON.number))
    assert f"Hint 1 of {len(FIRST.hints)}" in result.stdout and "already passes" not in result.stdout
    assert_nothing_left(home)


def test_solution_asks_first_then_shows_the_diff(tmp_path: Path) -> None:
    home = tmp_path / "home"
    refused = invoke_tutor(home, "solution", str(FIRST_LESSON.number))
    assert refused.returncode == 2 and "--yes" in refused.stderr
    shown = invoke_tutor(home, "solution", str(FIRST_LESSON.number), "--yes")
    assert shown.returncode == 0
    out = shown.stdout
    assert "--- your main.py" in out and "+++ solution.py" in out
    added = next(line for line in difflib.unified_diff(FIRST.starter.read_text().splitlines(),
                                                      FIRST.solution.read_text().splitlines(), lineterm="")
                 if line.startswith("+") and not line.startswith("+++") and line.strip("+ "))
    assert added in out


def test_edit_opens_editor_on_the_workspace_file(tmp_path: Path) -> None:
    home = tmp_path / "home"
    editor = tmp_path / "fake-editor"
    editor.write_text("#!/bin/sh\necho '# edited by the editor' >> \"$1\"\n")
    editor.chmod(editor.stat().st_mode | stat.S_IEXEC)
    result = invoke_tutor(home, "edit", str(FIRST_LESSON.number), EDITOR=str(editor), VISUAL="")
    assert result.returncode == 0, result.stderr
    main_py = workspace_of(home, FIRST_LESSON.slug) / "main.py"
    assert main_py.read_text().endswith("# edited by the editor\n")
    assert "tutor check" in result.stdout


def test_a_lesson_without_exercise_is_a_clear_error(tmp_path: Path) -> None:
    # Every lesson of the course has an exercise; a draft course may have a lesson without one.
    course = tmp_path / "course"
    for lesson in LESSONS[:2]:
        copy_lesson(lesson.slug, course)
    without = LESSONS[1]
    shutil.rmtree(course / "lessons" / without.slug / "exercise")
    result = invoke_tutor(tmp_path / "home", "check", str(without.number), TUTOR_CONTENT=str(course))
    assert result.returncode == 2
    assert "has no exercise" in result.stderr and f"{FIRST_LESSON.number:02d}" in result.stderr
    assert "Traceback" not in result.stderr


# ----- the engine's parts, on real files and a real Uvicorn transcript ---------------------------------------

TRANSCRIPT = """\
INFO:     Will watch for changes in these directories: ['/w']
INFO:     Uvicorn running on http://127.0.0.1:8000 (Press CTRL+C to quit)
INFO:     Started reloader process [10] using WatchFiles
INFO:     Started server process [11]
INFO:     Waiting for application startup.
INFO:     Application startup complete.
ERROR:    Exception in ASGI application
Traceback (most recent call last):
  File "/w/main.py", line 6, in oops
    raise KeyError("x")
KeyError: 'x'
INFO:     127.0.0.1:5 - "GET / HTTP/1.1" 500 Internal Server Error
WARNING:  WatchFiles detected changes in 'main.py'. Reloading...
INFO:     Shutting down
INFO:     Finished server process [11]
Process SpawnProcess-2:
Traceback (most recent call last):
  File "/venv/lib/python3.11/site-packages/uvicorn/importer.py", line 19, in import_from_string
    module = importlib.import_module(module_str)
  File "/w/main.py", line 5
    def index(:
              ^
SyntaxError: invalid syntax
WARNING:  WatchFiles detected changes in 'main.py'. Reloading...
INFO:     Started server process [12]
INFO:     Waiting for application startup.
INFO:     Application startup complete.
"""


def test_reload_tracker_reads_uvicorns_output_in_any_chunks() -> None:
    for size in (1, 7, 64, len(TRANSCRIPT)):
        tracker = workspace.ReloadTracker()
        states = []
        for i in range(0, len(TRANSCRIPT), size):
            tracker.feed(TRANSCRIPT[i:i + size])
            if not states or states[-1] != (tracker.state, tracker.generation):
                states.append((tracker.state, tracker.generation))
        if size == 1:
            assert states == [("loading", 0), ("ready", 1), ("loading", 1), ("broken", 2), ("loading", 2), ("ready", 3)]
        assert states[-1] == ("ready", 3), size
        assert tracker.worker_pid == 12 and tracker.reloads == 2
        excerpt = workspace.error_excerpt(tracker.error, Path("/w"))
        assert excerpt.lstrip().startswith('File "/w/main.py", line 5') and excerpt.endswith("SyntaxError: invalid syntax")


def test_file_watcher_falls_back_to_comparing_mtimes(tmp_path: Path) -> None:
    from fastapi_uvicorn_tutor.runtime.learner import FileWatcher

    (tmp_path / "main.py").write_text("a = 1\n")
    watcher = FileWatcher(tmp_path)
    watcher.close()  # no file events from here on: only the comparison is left
    time.sleep(0.6)
    assert watcher.changes(0.05) == []
    (tmp_path / "main.py").write_text("a = 2\n")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text("<p>hi</p>")
    (tmp_path / workspace.BACKUPS).mkdir()
    (tmp_path / workspace.BACKUPS / "main-1.py").write_text("old")
    assert watcher.changes(0.05) == ["main.py", "templates/page.html"]
    assert watcher.changes(0.05) == []


def test_check_results_render_expected_beside_actual_and_the_twin() -> None:
    from fastapi_uvicorn_tutor.course.messages import Response
    from fastapi_uvicorn_tutor.ui import practice as render_practice

    check = next(c for c in FIRST.checks if c.twin is not None)
    bad = Response(404, "Not Found", (("content-type", "application/json"),), b'{"detail":"Not Found"}')
    ref = Response(400, "Bad Request", (("content-type", "application/json"),), b'{"error":"nope"}')
    report = checks.CheckReport((checks.CheckResult(check, bad, ("wrong",), ref),))
    console = Console(file=StringIO(), width=120, color_system=None)
    console.print(render_practice.check_results(report, 120))
    console.print(render_practice.verdict(report, FIRST_LESSON, 2, False))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert "expected" in text and "your app" in text and "(reference)" in text
    assert "404 Not Found" in text and "400 Bad Request" in text and str(check.expect.status) in text
    assert f"✗ {check.label}" in text and "0/1 checks pass" in text and check.name in text


def test_watch_restarts_uvicorn_with_polling_when_its_reloader_misses_a_save(tmp_path: Path) -> None:
    """The fallback for file events that never arrive, provoked for real: Uvicorn's reloader
    ignores files named `~*`, so a save of `~scratch.py` is one it never sees."""
    home = tmp_path / "home"
    lesson, exercise = FIRST_LESSON, FIRST
    tutor = PtyTutor(home, "watch", str(lesson.number), "--no-twin", TUTOR_RELOAD_GRACE="1")
    try:
        tutor.read_until(r"checks pass", timeout=90)
        folder = workspace_of(home, lesson.slug)
        # Well after start-up: a save missed then means no file events, not Uvicorn's start-up race.
        time.sleep(watch_flow.RACE_WINDOW + watcher_delay() + 0.5)
        (folder / "~scratch.py").write_text("# not imported by anyone\n")
        out = tutor.read_until(r"(?s)did not notice the save.*WATCHFILES_FORCE_POLLING=1.*checks pass", timeout=60)
        assert out.count("checks pass") >= 2, "the checks ran again on the restarted server"
        (folder / "main.py").write_text(exercise.solution.read_text())
        tutor.read_until(rf"All {len(exercise.checks)} checks pass", timeout=60)
        tutor.send("\x03")
        assert tutor.wait(30) == 0
    finally:
        tutor.close()
    assert_nothing_left(home)


def test_next_runs_a_lesson_whose_exercise_was_only_peeked_at(tmp_path: Path, node_modules: Path) -> None:
    home = tmp_path / "home"
    assert invoke_tutor(home, "reset", str(FIRST_LESSON.number), "--yes").returncode == 0  # makes it current
    assert invoke_tutor(home, "where", str(FIRST_LESSON.number)).returncode == 0  # a workspace, lesson unseen
    result = run_tutor(home, "next", timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "FastAPI (Uvicorn)" in result.stdout and "waiting for its exercise" not in result.stdout
    assert "Your turn" in result.stdout and "earlier edits are kept" in " ".join(result.stdout.split())
    assert_nothing_left(home)


def test_watch_catches_a_save_its_reloader_missed_at_start_up(tmp_path: Path) -> None:
    """Uvicorn's reloader starts the worker, pauses `--reload-delay`, and only then creates its
    file watcher: a save in that moment is never seen (Uvicorn 0.54 and 0.55; a fast app like
    lesson 02's bare ASGI function is up well inside 0.25 s). UVICORN_RELOAD_DELAY=4 widens the
    moment to 4 s so the test can save inside it every time."""
    home = tmp_path / "home"
    lesson, exercise = next((lesson, ex) for lesson, ex in EXERCISES if lesson.slug == "02-asgi-by-hand")
    tutor = PtyTutor(home, "watch", str(lesson.number), "--no-twin", UVICORN_RELOAD_DELAY="4", TUTOR_RELOAD_GRACE="1")
    try:
        tutor.read_until(r"checks pass", timeout=90)
        mark = len(strip_ansi(tutor.output))
        (workspace_of(home, lesson.slug) / exercise.file).write_text(exercise.solution.read_text())
        out = tutor.read_until(rf"(?s)missed the save.*All {len(exercise.checks)} checks pass", timeout=60)[mark:]
        assert "Reloading" not in out, "Uvicorn's own reloader noticed after all: the race was not provoked"
        assert "WATCHFILES_FORCE_POLLING" not in out, "a start-up race is not a mount without file events"
        tutor.send("\x03")
        assert tutor.wait(30) == 0
    finally:
        tutor.close()
    assert_nothing_left(home)


def test_one_watch_carries_the_learner_through_two_exercises(tmp_path: Path, node_modules: Path) -> None:
    """rustlings' loop with live checks: pass 01, get pointed at 02's walkthrough, take it with
    `tutor next` in another terminal, and the same watch serves 02's starter; pass 02 too."""
    home = tmp_path / "home"
    (first, one), (second, two) = EXERCISES[0], EXERCISES[1]
    tutor = PtyTutor(home, "watch", str(first.number))
    try:
        tutor.read_until(r"checks pass", timeout=90)
        (workspace_of(home, first.slug) / one.file).write_text(one.solution.read_text())
        out = tutor.read_until(rf"(?s)All {len(one.checks)} checks pass\. Lesson {first.number:02d} is done\."
                               rf".*Next: lesson {second.number:02d}", timeout=60)
        assert f"{stacks.DEFAULT.label} twin, " in out, "the twin's reference answers came along"
        assert not (workspace_of(home, second.slug) / two.file).exists(), "no walkthrough yet: nothing to copy"

        walkthrough = run_tutor(home, "next", timeout=180)  # "another terminal": no TTY, the demo runs through
        assert walkthrough.returncode == 0, walkthrough.stdout + walkthrough.stderr
        assert second.title in walkthrough.stdout and "Your turn" in walkthrough.stdout
        mark = len(strip_ansi(tutor.output))
        tutor.read_until(rf"(?s)Next exercise: lesson {second.number:02d}.*checks pass", timeout=60)
        assert (workspace_of(home, second.slug) / two.file).read_bytes() == two.starter.read_bytes()

        (workspace_of(home, second.slug) / two.file).write_text(two.solution.read_text())
        out = tutor.read_until(rf"(?s)All {len(two.checks)} checks pass\. Lesson {second.number:02d} is done\."
                               rf".*Next: lesson {LESSONS[2].number:02d}", timeout=60)[mark:]
        assert f"Watching{workspace_of(home, second.slug) / two.file}" in re.sub(r"[\s│]", "", out)
        state = json.loads((home / "progress.json").read_text())
        assert first.slug in state["done"] and second.slug in state["done"] and state["current"] == LESSONS[2].slug
        assert not (workspace_of(home, first.slug) / workspace_server.RECORD).exists(), "01's server was stopped"
        tutor.send("\x03")
        assert tutor.wait(30) == 0
        assert "Stopped watching" in strip_ansi(tutor.output)
    finally:
        tutor.close()
    assert_nothing_left(home)


def test_a_lifespan_check_names_where_a_misplaced_line_went(tmp_path: Path) -> None:
    """A real start and SIGTERM of the learner's app: a print at import time, and a shutdown line
    printed before `yield`, are each named in a sentence, not just "missing"."""
    home = tmp_path / "home"
    lesson, exercise = next((lesson, ex) for lesson, ex in EXERCISES if any(c.kind == "lifespan" for c in ex.checks))
    solution = exercise.solution.read_text()
    assert 'print("pantry: open", flush=True)' in solution and 'print("pantry: closed", flush=True)' in solution
    misplaced = solution.replace('    print("pantry: open", flush=True)\n', "").replace(
        '    print("pantry: closed", flush=True)\n', "").replace(
        "    yield {", '    print("pantry: closed", flush=True)\n    yield {').replace(
        "\n\n@asynccontextmanager", '\nprint("pantry: open", flush=True)\n\n\n@asynccontextmanager')
    folder = workspace_of(home, lesson.slug)
    folder.mkdir(parents=True)
    (folder / exercise.file).write_text(misplaced)
    result = run_tutor(home, "check", str(lesson.number), "--no-twin")
    out = " ".join(result.stdout.split())
    assert result.returncode == 1, result.stdout + result.stderr
    assert "printed 'pantry: open' when main.py was imported, before the start-up began" in out, out
    assert "printed 'pantry: closed' at start-up; it belongs after `yield`" in out, out
    assert "then SIGTERM" in out and "Waiting for application shutdown." in out, "what the run printed is shown"
    assert_nothing_left(home)


def test_a_failing_check_of_another_kind_shows_what_it_expected_saw_and_why() -> None:
    from fastapi_uvicorn_tutor.course.messages import Response
    from fastapi_uvicorn_tutor.ui import practice as render_practice

    lesson, exercise = next((lesson, ex) for lesson, ex in EXERCISES if any(c.kind == "websocket" for c in ex.checks))
    check = next(c for c in exercise.checks if c.kind == "websocket")
    result = checks.CheckResult(check, Response(), ("Your app replied 'x' to 'soup'",),
                                observed=("handshake: 101 Switching Protocols", "sent 'soup' → 'x'"))
    console = Console(file=StringIO(), width=120, color_system=None)
    console.print(render_practice.check_results(checks.CheckReport((result,)), 120))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert f"✗ {check.label}  {check.name}" in text
    assert "expected" in text and "your app" in text and "send 'soup' →" in text
    assert "sent 'soup' → 'x'" in text and "! Your app replied 'x' to 'soup'" in text
