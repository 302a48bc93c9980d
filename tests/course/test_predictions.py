"""course/predictions.py: the questions built from lesson.toml, and scoring against real answers.

The live test starts each lesson's Uvicorn for real and checks that FastAPI's answer to
every demo it asks about matches exactly one choice: the one built from FastAPI's own
declaration. A question whose answer no choice (or two choices) would match cannot score.
"""

from __future__ import annotations

import pytest

from fastapi_uvicorn_tutor.course import catalog, stacks
from fastapi_uvicorn_tutor.course.catalog import Demo, Side
from fastapi_uvicorn_tutor.course.messages import Request, Response
from fastapi_uvicorn_tutor.course.predictions import MAX_CHOICES, SENT, Choice, demo_keys, for_demo
from fastapi_uvicorn_tutor.runtime import servers
from fastapi_uvicorn_tutor.runtime.client import send

from ..conftest import LESSONS, start_fastapi

EXPRESS = stacks.DEFAULT.id


def _views(lesson: catalog.Lesson) -> list[list[str]]:
    """Every set of stacks a learner can have on screen in this lesson."""
    alone = [[stack.id] for stack in stacks.ALL if lesson.has_twin(stack.id)]
    return alone + ([list(lesson.twin_folders)] if len(lesson.twin_folders) > 1 else [])


def _asked(lesson: catalog.Lesson) -> list[tuple[Demo, list[str], str]]:
    keys = demo_keys(lesson.demos)
    return [(demo, shown, key) for demo, key in zip(lesson.demos, keys, strict=True) for shown in _views(lesson)
            if any(demo.expect_for(sid) == "differs" for sid in shown)]


def test_a_demo_that_differs_by_status_asks_for_fastapis_status_among_every_declared_one() -> None:
    demo = Demo("GET", "/items/abc", "differs", why="w", fastapi=Side(status=422),
                twins={EXPRESS: Side(status=400)})
    prediction = for_demo(demo, [EXPRESS], "GET /items/abc")
    assert prediction is not None and prediction.question == "What status does FastAPI answer?"
    statuses = [choice.value for choice in prediction.choices]
    assert statuses == sorted(statuses) and {400, 422} <= set(statuses) and len(statuses) == 3  # one more to choose from
    assert prediction.right(Response(422, "Unprocessable Content")) is prediction.choices[statuses.index(422)]
    assert prediction.right(Response(error="ConnectionRefusedError")) is None


def test_a_demo_that_does_not_differ_for_the_stacks_on_screen_asks_nothing() -> None:
    demo = Demo("GET", "/", "same", status=200)
    assert for_demo(demo, [EXPRESS], "GET /") is None
    assert for_demo(Demo("GET", "/", "differs", why="w", fastapi=Side(status=200)), [], "GET /") is None


def test_the_same_status_asks_for_the_key_difference_without_giving_fastapis_away() -> None:
    demo = Demo("GET", "/", "differs", why="w", status=200,
                fastapi=Side(headers={"server": "uvicorn"}), twins={EXPRESS: Side(headers_absent=("server",))})
    prediction = for_demo(demo, [EXPRESS], "GET /")
    assert prediction is not None
    assert [choice.text for choice in prediction.choices] == ["no server header", "server: uvicorn"]  # sorted by text
    uvicorn = Response(200, "OK", (("server", "uvicorn"),))
    assert prediction.right(uvicorn) is prediction.choices[1]
    assert prediction.right(Response(200, "OK")) is prediction.choices[0]
    sent = Choice("x-process-time: (some value)", "header", SENT, "x-process-time")
    assert sent.matches(Response(200, "OK", (("X-Process-Time", "0.1"),))) and not sent.matches(uvicorn)


def test_a_body_choice_that_would_match_both_answers_is_not_asked() -> None:
    demo = Demo("GET", "/", "differs", why="w", status=200,
                fastapi=Side(body_contains="Not Found"), twins={EXPRESS: Side(body_contains="Not Found here")})
    assert for_demo(demo, [EXPRESS], "GET /") is None


def test_demo_keys_number_a_repeated_request() -> None:
    demos = [Demo("POST", "/items", "same"), Demo("GET", "/", "same"), Demo("POST", "/items", "same")]
    assert demo_keys(demos) == ["POST /items", "GET /", "POST /items #2"]


def test_most_demos_that_differ_get_a_question_with_distinct_short_choices() -> None:
    asked = [(lesson, *item) for lesson in LESSONS for item in _asked(lesson)]
    built = [(lesson, demo, for_demo(demo, shown, key)) for lesson, demo, shown, key in asked]
    questions = [prediction for _, _, prediction in built if prediction is not None]
    assert len(questions) >= 0.9 * len(asked), [f"{lesson.slug} {demo.label}" for lesson, demo, p in built if p is None]
    for prediction in questions:
        texts = [choice.text for choice in prediction.choices]
        assert 2 <= len(texts) <= MAX_CHOICES and len(set(texts)) == len(texts), texts
        assert all(len(text) <= 80 for text in texts), texts


@pytest.mark.parametrize("lesson", [lesson for lesson in LESSONS if _asked(lesson)], ids=lambda lesson: lesson.slug)
def test_fastapis_real_answer_matches_exactly_the_choice_built_from_its_declaration(lesson: catalog.Lesson) -> None:
    fa = start_fastapi(lesson)
    try:
        # Every demo, once, in the lesson's order: a lesson's demos may build on each other (a row created, then a duplicate).
        answers: dict[int, Response] = {id(demo): send(fa.spec.port, Request.from_demo(demo)) for demo in lesson.demos}
        for demo, shown, key in _asked(lesson):
            prediction = for_demo(demo, shown, key)
            if prediction is None:
                continue
            response = answers[id(demo)]
            matching = [choice for choice in prediction.choices if choice.matches(response)]
            assert len(matching) == 1, (key, shown, [c.text for c in prediction.choices], response.status, response.text[:200])
            right = matching[0]
            declared = demo.fastapi
            expected = {
                "status": declared.status if declared.status is not None else demo.status,
                "json": declared.json,
                "contains": declared.body_contains,
                "header": declared.headers.get(right.header, SENT if right.header in declared.headers_present else None),
            }[right.aspect]
            assert right.value == expected, (key, right)
    finally:
        servers.stop_and_clean([fa])
