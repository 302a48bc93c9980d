"""The `request>` prompt of a live lesson, typed into on a real pty against real servers:
curl's habits (-H anywhere, -v), the request shown as sent, the lesson's own headers."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi_uvicorn_tutor.course import catalog

from ..conftest import LESSONS
from ..helpers import PtyTutor, kill_leftovers, wait_no_children

DATE_ROW = re.compile(r"│ date +\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT")


def answer_to(tutor: PtyTutor, line: str, until: str) -> str:
    """Type `line` at the prompt; the output from its echo to the next prompt after `until`."""
    tutor.send(line + "\r")
    echo = f"request> {line}\n"
    out = tutor.read_until(re.escape(echo) + r"[\s\S]*" + until + r"[\s\S]*request>")
    return out[out.rindex(echo):]


def finish(tutor: PtyTutor, home: Path) -> None:
    tutor.send("q\r")
    assert tutor.wait() == 0
    left = wait_no_children(home)
    kill_leftovers(left)
    assert left == [], "a server outlived the tutor"


def test_a_header_after_the_body_is_sent_and_shown(tutor_home: Path, node_modules: Path) -> None:
    lesson = catalog.find_lesson(LESSONS, "request-body")
    tutor = PtyTutor(tutor_home, "goto", str(lesson.number), "--no-predict")
    try:
        tutor.read_until(r"request> $")
        out = answer_to(tutor, "POST /items {\"name\": \"tea\", \"price\": 2} -H 'Content-Type: text/plain'",
                        r"Differs in")
        # The header reached both servers: neither read the body as JSON.
        assert "model_attributes_type" in out and "req.body is undefined" in out, out
        assert "400 Bad Request" in out and "422 Unprocessable" in out
        # And the request shows as it went out: the learner's Content-Type, the body.
        sent = out[out.index("POST /items ─"):out.index("╭─ FastAPI")]
        assert "sent  Content-Type: text/plain" in sent and '{"name": "tea", "price": 2}' in sent, sent
        assert "application/json" not in sent, "the body's default Content-Type gave way to the learner's"
        finish(tutor, tutor_home)
    finally:
        tutor.close()


def test_v_shows_every_header_of_both_servers(tutor_home: Path, node_modules: Path) -> None:
    tutor = PtyTutor(tutor_home, "goto", str(LESSONS[0].number), "--no-predict", columns=120)
    try:
        tutor.read_until(r"request> $")
        plain = answer_to(tutor, "GET /", r"FastAPI \(Uvicorn\)")
        assert not DATE_ROW.search(plain), "lesson 01 is not about Date: shown only with -v"
        verbose = answer_to(tutor, "GET / -v", r"FastAPI \(Uvicorn\)")
        assert len(DATE_ROW.findall(verbose)) == 2, verbose  # side by side at 120 columns: one row per server
        assert "keep-alive" in verbose and "keep-alive" not in plain  # Node's, shown only with -v
        finish(tutor, tutor_home)
    finally:
        tutor.close()


def test_the_headers_a_lesson_is_about_show_on_typed_requests(tutor_home: Path, node_modules: Path) -> None:
    lesson = next(lesson for lesson in LESSONS if "x-process-time" in lesson.show_headers)
    tutor = PtyTutor(tutor_home, "goto", str(lesson.number), "--no-predict", columns=120)
    try:
        tutor.read_until(r"request> $")
        out = answer_to(tutor, "GET /hello", r"FastAPI \(Uvicorn\)")
        assert len(re.findall(r"│ x-process-time +[\d.]+ms", out)) == 2, out
        finish(tutor, tutor_home)
    finally:
        tutor.close()
