"""Predict, then see, driven for real: `tutor goto 4` on a pseudo-terminal, keys pressed as a learner would.

Lesson 04 sends GET /items/3 (both answer the same: no question), then /items/abc,
/items/3abc and /items/0, where FastAPI's 422 differs from the twin's answer.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import subprocess
import sys
import termios
from pathlib import Path

from ..conftest import LESSONS
from ..helpers import PtyTutor, invoke_tutor, kill_leftovers, run_tutor, strip_ansi, tutor_env, wait_no_children

LESSON = next(lesson for lesson in LESSONS if lesson.slug == "04-path-parameters")
FIRST_ASKED = "Predict GET /items/abc"


def _key_for(output: str, status: int) -> str:
    """The key the last question on screen gives to `status`."""
    question = output[output.rindex("Predict "):]
    found = re.search(rf"(\d) {status} ", question)
    assert found, question
    return found.group(1)


def _no_orphans(home: Path) -> None:
    left = wait_no_children(home)
    kill_leftovers(left)
    assert left == []


def test_a_prediction_is_asked_scored_skipped_and_kept_for_tutor_list(tutor_home: Path, node_modules: Path) -> None:
    tutor = PtyTutor(tutor_home, "goto", str(LESSON.number))
    try:
        out = tutor.read_until(FIRST_ASKED)
        assert "What status does FastAPI answer?" in out and "Enter: skip" in out
        assert "Predict GET /items/3 " not in out, "the two stacks answer GET /items/3 alike: nothing to predict"
        assert "422 Unprocessable" not in out.split(FIRST_ASKED)[0], "no answer shows before the prediction"
        tutor.send(_key_for(out, 422))
        out = tutor.read_until(r"(?s)You predicted 422 Unprocessable \w+: right\..*Why: ")
        answer = out[out.rindex("GET /items/abc ─"):]
        assert answer.index("You predicted") < answer.index("Why:"), "the verdict comes before the Why"
        out = tutor.read_until(r"Predict GET /items/3abc")
        tutor.send("\r")  # Enter skips
        out = tutor.read_until(r"Predict GET /items/0")
        assert "skipped" in out.split("Predict GET /items/3abc")[1]
        assert "You predicted" not in out.split("Predict GET /items/3abc")[1]
        tutor.send(_key_for(out, 400))
        tutor.read_until(r"You predicted 400 Bad Request: not this time; FastAPI's answer shows 422")
        tutor.read_until("request>")  # the terminal is back to normal: the prompt reads a line
        tutor.send("q\r")
        assert tutor.wait() == 0
    finally:
        tutor.close()
    _no_orphans(tutor_home)
    kept = json.loads((tutor_home / "scores.json").read_text())["lessons"]
    assert kept == {LESSON.slug: {"GET /items/abc": True, "GET /items/0": False}}
    listed = invoke_tutor(tutor_home, "list")
    assert listed.returncode == 0, listed.stderr
    row = next(line for line in listed.stdout.splitlines() if line.strip().startswith(f"{LESSON.number:02d}"))
    assert "1/2" in row and "Predicted" in listed.stdout
    assert "Predicted: 1 of 2 right" in listed.stdout


def test_no_question_with_no_predict_or_the_setting_off(tutor_home: Path, node_modules: Path) -> None:
    for args in (("--no-predict",), ()):
        if not args:
            assert invoke_tutor(tutor_home, "config", "predict", "off").returncode == 0
        tutor = PtyTutor(tutor_home, "goto", str(LESSON.number), *args)
        try:
            out = tutor.read_until("request>")
            assert "Predict" not in out and "You predicted" not in out
            assert "Why: FastAPI refuses the request" in out  # the demos ran all the same
            tutor.send("q\r")
            assert tutor.wait() == 0
        finally:
            tutor.close()
    assert not (tutor_home / "scores.json").exists()
    assert invoke_tutor(tutor_home, "config", "predict").stdout.strip() == "off"
    refused = invoke_tutor(tutor_home, "config", "predict", "maybe")
    assert refused.returncode == 2 and "Choose one of: on, off" in refused.stderr
    assert "--no-predict" in invoke_tutor(tutor_home, "goto", "--help").stdout
    _no_orphans(tutor_home)


def test_no_question_without_a_terminal(tutor_home: Path, node_modules: Path) -> None:
    result = run_tutor(tutor_home, "goto", str(LESSON.number))  # stdin is a pipe
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Predict" not in result.stdout and "Why: FastAPI refuses the request" in result.stdout
    _no_orphans(tutor_home)


def test_no_question_when_the_learner_pipes_the_output(tutor_home: Path, node_modules: Path) -> None:
    master, slave = pty.openpty()
    os.write(master, b"q\r")  # typed ahead: a question would drop it and wait for a key for ever
    proc = subprocess.Popen(
        [sys.executable, "-m", "fastapi_uvicorn_tutor", "goto", str(LESSON.number)],
        stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=tutor_env(tutor_home),
        start_new_session=True, preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0),
    )
    os.close(slave)
    try:
        out, err = proc.communicate(timeout=90)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    text = strip_ansi(out.decode())
    assert proc.returncode == 0, text[-2000:] + err.decode()
    assert "Predict" not in text and "request>" in text  # the prompt was there; the questions were not
    _no_orphans(tutor_home)


def test_ctrl_c_at_the_question_stops_everything_as_anywhere_else(tutor_home: Path, node_modules: Path) -> None:
    tutor = PtyTutor(tutor_home, "goto", str(LESSON.number))
    try:
        tutor.read_until(FIRST_ASKED)
        tutor.send("\x03")
        assert tutor.wait() == 130
        out = strip_ansi(tutor.output)
    finally:
        tutor.close()
    after = out.split(FIRST_ASKED)[1]
    assert after.count("Stopped") == 1 and "this lesson is not marked done" in after
    assert "Traceback" not in out and "request>" not in after
    _no_orphans(tutor_home)
    assert LESSON.slug not in json.loads((tutor_home / "progress.json").read_text())["done"]
    assert not (tutor_home / "scores.json").exists()
