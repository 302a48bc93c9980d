"""ui/prediction.py and the list's column: what the learner reads around a prediction, rendered to text."""

from __future__ import annotations

import io

from rich.console import Console, RenderableType

from fastapi_uvicorn_tutor.course.catalog import load_catalog
from fastapi_uvicorn_tutor.course.predictions import Choice, Prediction
from fastapi_uvicorn_tutor.state.progress import Progress
from fastapi_uvicorn_tutor.ui import prediction, render

PREDICTION = Prediction("What status does FastAPI answer?", (
    Choice("200 OK", "status", 200), Choice("400 Bad Request", "status", 400),
    Choice("422 Unprocessable Content", "status", 422)), "GET /items/abc")


def text(renderable: RenderableType, width: int = 100) -> str:
    out = io.StringIO()
    Console(file=out, width=width, color_system=None).print(renderable)
    return out.getvalue()


def test_the_question_names_the_request_and_keys_each_choice_on_one_line_when_it_fits() -> None:
    shown = text(prediction.question(PREDICTION, "GET /items/abc", "Not a number at all.", 100))
    lines = shown.splitlines()
    assert lines[0] == "Predict GET /items/abc  Not a number at all."
    assert lines[1].strip() == "What status does FastAPI answer?"
    assert lines[2].strip() == "1 200 OK   2 400 Bad Request   3 422 Unprocessable Content   Enter: skip"
    narrow = text(prediction.question(PREDICTION, "GET /items/abc", width=40), 40).splitlines()
    assert [line.strip() for line in narrow[2:]] == ["1 200 OK", "2 400 Bad Request", "3 422 Unprocessable Content",
                                                     "Enter: skip"]


def test_the_verdict_says_right_or_what_fastapi_answered() -> None:
    ok, bad, unprocessable = PREDICTION.choices
    assert text(prediction.verdict(unprocessable, unprocessable)).strip() == \
        "You predicted 422 Unprocessable Content: right."
    assert text(prediction.verdict(bad, unprocessable)).strip() == \
        "You predicted 400 Bad Request: not this time; FastAPI's answer shows 422 Unprocessable Content."
    assert "none of the choices" in text(prediction.verdict(ok, None))
    assert text(prediction.picked(None)).strip() == "skipped"
    assert text(prediction.picked(ok)).strip() == "you predict 200 OK"


def test_the_list_shows_a_score_column_only_once_something_was_predicted() -> None:
    lessons = load_catalog()[:3]
    plain = text(render.progress_table(lessons, Progress(), None), 120)
    assert "Predicted" not in plain
    scored = text(render.progress_table(lessons, Progress(), None, predicted={lessons[1].slug: (2, 3)}), 120)
    row = next(line for line in scored.splitlines() if line.strip().startswith("02"))
    assert "2/3" in row and "Predicted: 2 of 3 right" in scored
