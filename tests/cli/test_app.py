"""The `tutor` command run as a learner runs it: real subprocesses, real servers."""

from __future__ import annotations

import json
import signal
from pathlib import Path

from fastapi_uvicorn_tutor.course import catalog
from fastapi_uvicorn_tutor.runtime import ports, servers

from ..conftest import LESSONS
from ..helpers import URL_RE, PtyTutor, invoke_tutor, kill_leftovers, run_tutor, wait_no_children

FIRST = LESSONS[0]


def test_list_shows_every_lesson_and_progress(tutor_home: Path) -> None:
    result = run_tutor(tutor_home, "list")
    assert result.returncode == 0, result.stderr
    for lesson in LESSONS:
        assert lesson.title[:30] in result.stdout.replace("\n", " ") or f"{lesson.number:02d}" in result.stdout
    assert f"0 done of {len(LESSONS)} lessons" in result.stdout
    assert "\x1b[" not in result.stdout, "piped output must carry no ANSI codes"


def test_show_renders_story_and_both_files_without_recording(tutor_home: Path) -> None:
    result = invoke_tutor(tutor_home, "show", "1")
    assert result.returncode == 0, result.stderr
    assert "main.py" in result.stdout and "server.js" in result.stdout
    assert "app = FastAPI(" in result.stdout and "express()" in result.stdout
    assert not (tutor_home / "progress.json").exists()


def test_unknown_lesson_exits_2_and_lists_the_valid_ones(tutor_home: Path) -> None:
    for args in (("show", "99"), ("goto", "no-such-lesson"), ("serve", "0")):
        result = invoke_tutor(tutor_home, *args)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert "There is no lesson" in result.stderr
        assert FIRST.slug[3:] in result.stderr
        assert "Traceback" not in result.stderr


def test_next_without_tty_runs_demo_hands_over_the_exercise_and_leaves_nothing(tutor_home: Path, node_modules: Path) -> None:
    result = run_tutor(tutor_home, "next")
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert FIRST.title in out
    for demo in FIRST.demos:
        assert demo.label in out
    assert "FastAPI (Uvicorn)" in out and "Express (Node)" in out
    assert "!" not in "".join(line for line in out.splitlines() if line.startswith("! ")), out
    # Every lesson ends with an exercise: the lesson waits for it, current, not done.
    assert "Your turn" in out and "counts as done when" in " ".join(out.split())
    state = json.loads((tutor_home / "progress.json").read_text())
    assert FIRST.slug not in state["done"] and state["current"] == FIRST.slug
    assert (tutor_home / "workspace" / FIRST.slug / "main.py").is_file()
    left = wait_no_children(tutor_home)
    kill_leftovers(left)
    assert left == [], "servers outlived the tutor"
    for port in {int(p) for p in URL_RE.findall(out)}:
        assert ports.port_is_free(port), f"port {port} still bound"


def test_next_moves_on_and_reset_goes_back(tutor_home: Path, node_modules: Path) -> None:
    assert run_tutor(tutor_home, "next").returncode == 0
    assert f"0 done of {len(LESSONS)} lessons" in invoke_tutor(tutor_home, "list").stdout, "the exercise is still to do"
    solution = (FIRST.folder / "exercise" / "solution.py").read_text()
    (tutor_home / "workspace" / FIRST.slug / "main.py").write_text(solution)
    assert run_tutor(tutor_home, "check", "--no-twin").returncode == 0
    listed = invoke_tutor(tutor_home, "list").stdout
    assert f"1 done of {len(LESSONS)} lessons" in listed
    refused = invoke_tutor(tutor_home, "reset", "1")
    assert refused.returncode == 2 and "--yes" in refused.stderr
    assert invoke_tutor(tutor_home, "reset", "1", "--yes").returncode == 0
    assert f"0 done of {len(LESSONS)} lessons" in invoke_tutor(tutor_home, "list").stdout
    assert invoke_tutor(tutor_home, "reset", "--all", "--yes").returncode == 0


def test_doctor_reports_python_node_and_ports(tutor_home: Path, node_modules: Path) -> None:
    result = invoke_tutor(tutor_home, "doctor")
    assert result.returncode == 0, result.stdout + result.stderr
    for word in ("Python", "fastapi", "uvicorn", "Node.js", "npm", "Express deps", "FastAPI port"):
        assert word in result.stdout


def test_help_lists_the_commands(tutor_home: Path) -> None:
    result = invoke_tutor(tutor_home, "--help")
    assert result.returncode == 0
    for command in ("next", "list", "show", "goto", "prev", "reset", "serve", "doctor"):
        assert command in result.stdout


def test_interactive_prompt_answers_from_both_and_q_ends_the_walkthrough(tutor_home: Path, node_modules: Path) -> None:
    tutor = PtyTutor(tutor_home, "next", "--no-predict")
    try:
        tutor.read_until(r"request>")
        tutor.send("GET /does-not-exist\r")
        out = tutor.read_until(r"Cannot GET /does-not-exist")
        assert '"detail": "Not Found"' in out
        tutor.send("FOO /x\r")
        tutor.read_until(r"is not an HTTP method")
        tutor.send("q\r")
        assert tutor.wait() == 0
    finally:
        tutor.close()
    state = json.loads((tutor_home / "progress.json").read_text())
    assert state["current"] == FIRST.slug and FIRST.slug not in state["done"], "q ends the walkthrough; the exercise waits"
    left = wait_no_children(tutor_home)
    kill_leftovers(left)
    assert left == []


def test_ctrl_c_at_the_prompt_stops_without_recording(tutor_home: Path, node_modules: Path) -> None:
    tutor = PtyTutor(tutor_home, "next", "--no-predict")
    try:
        tutor.read_until(r"request>")
        tutor.send("\x03")
        assert tutor.wait() == 130
        assert "not marked done" in tutor.read_until("not marked done")
    finally:
        tutor.close()
    state = json.loads((tutor_home / "progress.json").read_text())
    assert FIRST.slug not in state["done"]
    left = wait_no_children(tutor_home)
    kill_leftovers(left)
    assert left == []


def test_prev_on_the_first_lesson_says_so_and_starts_nothing(tutor_home: Path) -> None:
    result = invoke_tutor(tutor_home, "prev")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "first lesson" in result.stdout and "tutor goto 1" in result.stdout
    assert FIRST.demos[0].label not in result.stdout, "no lesson should have run"
    assert wait_no_children(tutor_home, within=0) == []


def test_prev_after_the_last_lesson_runs_the_last_one(tutor_home: Path, node_modules: Path) -> None:
    # After lesson N, `prev` runs N; after the last lesson it must run the last, not the one before.
    done = {lesson.slug: "2026-01-01T00:00:00+0000" for lesson in LESSONS}
    tutor_home.mkdir(parents=True)
    (tutor_home / "progress.json").write_text(json.dumps({"version": 1, "current": None, "done": done, "skipped": {}}))
    result = run_tutor(tutor_home, "prev")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Lesson {LESSONS[-1].number:02d}/{len(LESSONS)}" in result.stdout, result.stdout[:400]
    left = wait_no_children(tutor_home)
    kill_leftovers(left)
    assert left == []


def test_reset_with_a_lesson_and_all_is_refused_not_half_done(tutor_home: Path) -> None:
    tutor_home.mkdir(parents=True)
    done = {lesson.slug: "2026-01-01T00:00:00+0000" for lesson in LESSONS[:3]}
    (tutor_home / "progress.json").write_text(json.dumps({"version": 1, "current": None, "done": done, "skipped": {}}))
    result = invoke_tutor(tutor_home, "reset", "2", "--all", "--yes")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "not both" in result.stderr and "Traceback" not in result.stderr
    assert json.loads((tutor_home / "progress.json").read_text())["done"] == done


def test_serve_with_a_port_out_of_range_is_a_usage_error(tutor_home: Path) -> None:
    for args in (("--port", "70000"), ("--port", "-5"), ("--express-port", "65536")):
        result = invoke_tutor(tutor_home, "serve", "1", *args)
        assert result.returncode == 2, (args, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr and "65535" in result.stderr


def test_a_digit_that_is_not_a_number_is_an_unknown_lesson(tutor_home: Path) -> None:
    result = invoke_tutor(tutor_home, "show", "²")  # str.isdigit() says yes, int() says no
    assert result.returncode == 2, result.stderr
    assert "There is no lesson" in result.stderr and "Traceback" not in result.stderr


def test_lesson_titles_and_summaries_print_as_written_not_as_markup(tutor_home: Path, tmp_path: Path) -> None:
    """A title or summary is course text: `[/x]` in it is shown, never read as Rich markup (MarkupError)."""
    from ..cli.test_faults import SLUG, make_course

    course = make_course(tmp_path / "course", None)
    toml = course / "lessons" / SLUG / "lesson.toml"
    text = toml.read_text(encoding="utf-8")
    text = text.replace('title = "', 'title = "Odd [/x] ', 1).replace('summary = "', 'summary = "Also [/y] ', 1)
    toml.write_text(text, encoding="utf-8")
    listed = invoke_tutor(tutor_home, "list", TUTOR_CONTENT=str(course))
    assert listed.returncode == 0 and "Traceback" not in listed.stderr, listed.stderr
    assert "Odd [/x]" in listed.stdout and "Also [/y]" in listed.stdout
    reset = invoke_tutor(tutor_home, "reset", "1", "--yes", TUTOR_CONTENT=str(course))
    assert reset.returncode == 0 and "Traceback" not in reset.stderr, reset.stderr
    assert "Odd [/x]" in reset.stdout


# ----- signposts: what the tutor says comes next, and what is done ------------------------------------


def _progress_file(home: Path, done: list[str], skipped: list[str] = (), current: str | None = None) -> None:  # type: ignore[assignment]
    home.mkdir(parents=True, exist_ok=True)
    stamp = "2026-01-01T00:00:00+0000"
    (home / "progress.json").write_text(json.dumps({"version": 1, "current": current,
                                                     "done": {slug: stamp for slug in done},
                                                     "skipped": {slug: stamp for slug in skipped}}))


def test_after_goto_the_next_hint_names_what_next_runs(tutor_home: Path, node_modules: Path) -> None:
    _progress_file(tutor_home, [lesson.slug for lesson in LESSONS[:3]])
    again = run_tutor(tutor_home, "goto", "1")
    assert again.returncode == 0, again.stdout + again.stderr
    fourth = LESSONS[3]
    assert f"Next: tutor next (lesson {fourth.number:02d}, {fourth.title})" in " ".join(again.stdout.split()), again.stdout[-600:]
    ran = run_tutor(tutor_home, "next")  # and that is what it runs
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert f"Lesson {fourth.number:02d}/{len(LESSONS)}" in ran.stdout, ran.stdout[:400]
    left = wait_no_children(tutor_home)
    kill_leftovers(left)
    assert left == []


def test_list_counts_skipped_lessons_apart_from_done_ones(tutor_home: Path) -> None:
    _progress_file(tutor_home, [lesson.slug for lesson in LESSONS[:3]], [LESSONS[3].slug], LESSONS[4].slug)
    result = invoke_tutor(tutor_home, "list")
    assert result.returncode == 0, result.stderr
    assert f"3 done, 1 skipped of {len(LESSONS)} lessons" in result.stdout, result.stdout[-300:]
    bar = next(line for line in result.stdout.splitlines() if "lessons" in line and "░" in line)
    assert bar.count("▒") == round(30 / len(LESSONS)) and bar.count("█") == round(30 * 3 / len(LESSONS)), bar
    rows = {line.split()[0]: line for line in result.stdout.splitlines() if line.strip()[:2].isdigit()}
    assert "done" in rows["01"] and "skipped" in rows["04"] and "next" in rows["05"]
    assert "skipped" not in rows["03"]
    _progress_file(tutor_home, [LESSONS[0].slug])
    assert f"1 done of {len(LESSONS)} lessons" in invoke_tutor(tutor_home, "list").stdout


def test_serve_logs_what_the_learner_sent_never_the_readiness_probe(tutor_home: Path, node_modules: Path) -> None:
    from fastapi_uvicorn_tutor.course.messages import Request
    from fastapi_uvicorn_tutor.runtime.client import send

    from .test_faults import assert_no_orphans, ports_in, read_until, spawn_tutor

    # Lesson 10's app and twin both print a line per request, besides Uvicorn's access log.
    lesson = catalog.find_lesson(LESSONS, "middleware")
    proc = spawn_tutor(tutor_home, "serve", str(lesson.number))
    try:
        out = read_until(proc, "Serving until Ctrl-C")
        ports = ports_in(out)
        for port in ports:
            assert send(port, Request("GET", "/hello")).status == 200
        out += read_until(proc, r'(?s)(?=.*FastAPI \| INFO: .*"GET /hello HTTP/1.1" 200)(?=.*Express \| GET /hello -> 200)')
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=15) == 0
        assert proc.stdout is not None
        out += proc.stdout.read().decode()
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "Application startup complete" in out  # the log is shown...
    assert servers.PROBE_PATH not in out and '"GET / HTTP/1.1"' not in out, out  # ...all of it the learner's
    assert out.count("GET /hello") == 3, out  # Uvicorn's access line, the app's line, the twin's line
    assert_no_orphans(tutor_home, ports)
