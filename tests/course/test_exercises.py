"""course/exercises.py: an exercise folder is read, or refused with one sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from fastapi_uvicorn_tutor.course import catalog, check_kinds, exercises

from ..helpers import copy_lesson, run_tutor

SLUG = "04-path-parameters"


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
    result = run_tutor(tmp_path / "home", "check", "4", "--no-twin", TUTOR_CONTENT=str(course))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "UnicodeDecodeError" not in result.stderr, result.stderr
    assert "exercise.toml is not UTF-8 text" in " ".join(result.stderr.split()), result.stderr


# ----- the check kinds beyond one HTTP request (course/check_kinds.py) ------------------------------------

KIND_LESSON = "21-websockets"


def _with_check(root: Path, check: str, extra: str = "") -> exercises.Exercise | None:
    """A copy of lesson 21 whose exercise.toml gets one more [[check]] (and top-level keys `extra`)."""
    course = copy_lesson(KIND_LESSON, root / "course")
    meta = course / "lessons" / KIND_LESSON / "exercise" / "exercise.toml"
    meta.write_text(extra + meta.read_text() + "\n[[check]]\n" + check)
    return exercises.load_exercise(catalog.load_lesson(course / "lessons" / KIND_LESSON, course))


@pytest.mark.parametrize("check,sentence", [
    ('kind = "socket"\nname = "x"\n', "has kind 'socket'; the kinds are http, websocket, lifespan, tests, workers."),
    ('kind = "websocket"\nname = "x"\npath = "/ws"\n[check.expect]\nreplies = []\n',
     "(a websocket check) needs `send`, a list of text messages."),
    ('kind = "websocket"\nname = "x"\npath = "/ws"\nsend = ["a", "b"]\n[check.expect]\nreplies = ["a"]\n',
     "expect.replies must list one reply per message sent (2)."),
    ('kind = "websocket"\nname = "x"\npath = "/ws"\nsend = ["a"]\nmethod = "GET"\n[check.expect]\nreplies = ["a"]\n',
     "has keys a websocket check does not take: method."),
    ('kind = "lifespan"\nname = "x"\n', "expects nothing: give [check.expect] shutdown or startup."),
    ('kind = "lifespan"\nname = "x"\n[check.expect]\nstartup = "open"\n',
     "expect.startup must be a list of non-empty strings."),
    ('kind = "lifespan"\nname = "x"\n[check.expect]\nstatus = 200\n',
     "expect has unknown keys: status (a lifespan check expects shutdown, startup)."),
    ('kind = "tests"\nname = "x"\napp = "nowhere.py"\n[check.expect]\noutcome = "pass"\n',
     "its app nowhere.py is not in the exercise folder."),
    ('kind = "tests"\nname = "x"\napp = "starter.py"\n[check.expect]\noutcome = "fail"\n',
     "an app the tests must fail on belongs in broken/"),
    ('kind = "tests"\nname = "x"\napp = "starter.py"\n[check.expect]\noutcome = "maybe"\n',
     'expect.outcome must be "pass" or "fail".'),
    ('kind = "workers"\nname = "x"\npath = "/whoami"\nworkers = 9\n[check.expect]\npids = 2\n',
     "workers must be a whole number from 2 to 4."),
    ('kind = "workers"\nname = "x"\npath = "/whoami"\nworkers = 2\n[check.expect]\npids = 3\n',
     "expect.pids must be a whole number from 2 to `workers` (2)."),
])
def test_a_broken_check_of_another_kind_is_one_sentence(tmp_path: Path, check: str, sentence: str) -> None:
    with pytest.raises(exercises.ExerciseError) as caught:
        _with_check(tmp_path, check)
    assert sentence in str(caught.value)
    assert str(caught.value).startswith(f"lessons/{KIND_LESSON}/exercise check 4")


def test_a_tests_check_needs_a_test_file_to_run(tmp_path: Path) -> None:
    check = 'kind = "tests"\nname = "x"\napp = "starter.py"\n[check.expect]\noutcome = "pass"\n'
    with pytest.raises(exercises.ExerciseError, match=r"has tests checks, so `file` must be the learner's test file"):
        _with_check(tmp_path, check)
    found = _with_check(tmp_path / "again", check, 'file = "test_orders.py"\n')
    assert found is not None and found.file == "test_orders.py" and found.checks[-1].kind == "tests"


def test_broken_apps_never_reach_the_workspace() -> None:
    lesson = next(item for item in catalog.load_catalog() if item.slug == "28-testing")
    exercise = exercises.load_exercise(lesson)
    assert exercise is not None and exercise.file == "test_main.py"
    assert [path.as_posix() for path in exercise.extra_files()] == ["main.py"]
    assert {check.probe.app for check in exercise.checks if isinstance(check.probe, check_kinds.TestsCheck)} == {
        "main.py", *(f"broken/{p.name}" for p in (exercise.folder / "broken").glob("*.py"))}


# Uvicorn 0.55's own output around a lifespan, with an app that prints in three places.
LIFESPAN_RUN = """\
INFO:     Started server process [7]
at import
INFO:     Waiting for application startup.
pantry: open
INFO:     Application startup complete.
INFO:     Uvicorn running on http://127.0.0.1:8000 (Press CTRL+C to quit)
INFO:     127.0.0.1:5 - "GET / HTTP/1.1" 200 OK
INFO:     Shutting down
INFO:     Waiting for application shutdown.
pantry: closed
INFO:     Application shutdown complete.
INFO:     Finished server process [7]
"""


def test_lifespan_lines_are_judged_by_the_phase_they_were_printed_in() -> None:
    log = check_kinds.lifespan_log(LIFESPAN_RUN)
    assert log.before == ("INFO:     Started server process [7]", "at import")
    assert log.startup == ("pantry: open",) and log.shutdown == ("pantry: closed",)
    assert log.started and log.stopped
    assert check_kinds.lifespan_problems(check_kinds.LifespanCheck(("pantry: open",), ("pantry: closed",)), log, "It") == []
    wrong = check_kinds.LifespanCheck(("at import", "pantry: closed"), ("pantry: open", "never"))
    assert check_kinds.lifespan_problems(wrong, log, "It") == [
        "It printed 'at import' when main.py was imported, before the start-up began; print it in the lifespan, before `yield`",
        "It printed 'pantry: closed' at shutdown; it belongs before `yield`",
        "It printed 'pantry: open' at start-up; it belongs after `yield`, which runs at shutdown",
        "It did not print 'never' when Uvicorn stopped it (SIGTERM)",
    ]


def test_test_runs_and_websocket_replies_are_judged_in_sentences() -> None:
    passing, failing = check_kinds.TestsCheck("main.py", "pass"), check_kinds.TestsCheck("broken/x.py", "fail")
    out = "F.\nFAILED test_main.py::test_missing - assert 200 == 404\n1 failed, 1 passed in 0.1s\n"
    assert check_kinds.tests_problems(passing, "test_main.py", 1, 1, 1, out) == [
        "your tests fail on main.py, the app that works: test_missing: assert 200 == 404"]
    assert check_kinds.tests_problems(failing, "test_main.py", 1, 1, 1, out) == []
    assert check_kinds.tests_problems(failing, "test_main.py", 0, 1, 0, "1 passed") == [
        "your one test passes on broken/x.py, which is broken on purpose: add a test that catches it"]
    assert "found no tests" in check_kinds.tests_problems(passing, "test_main.py", 5, 0, 0, "no tests ran")[0]
    collected = 'E     File "/tmp/x/test_main.py", line 3\nE   SyntaxError: invalid syntax\n1 error in 0.1s'
    assert check_kinds.tests_problems(failing, "test_main.py", 2, 0, 0, collected) == [
        "pytest could not run test_main.py (exit code 2): SyntaxError: invalid syntax (line 3)"]

    talk = check_kinds.WebSocketCheck("/ws", ("soup", "pie"), ({"ticket": 1}, "pie!"))
    assert check_kinds.websocket_problems(talk, 101, ('{"ticket": 1}', "pie!"), None, "It") == []
    assert check_kinds.websocket_problems(talk, 101, ('{"ticket":2}',), "TimeoutError", "It") == [
        "It replied '{\"ticket\":2}' to 'soup'; the check expects {\"ticket\":1}",
        "It sent no reply to 'pie' (TimeoutError)"]
    assert "did not open a WebSocket on /ws (the handshake got 403)" in check_kinds.websocket_problems(talk, 403, (), None, "It")[0]

    two = check_kinds.WorkersCheck("/whoami", 2, 2)
    assert check_kinds.workers_problems(two, {11: 40, 12: 38}, 78, None) == []
    assert "named 1 pid (11); the check expects 2" in check_kinds.workers_problems(two, {11: 78}, 78, None)[0]
