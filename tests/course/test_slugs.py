"""course/slugs.py: a lesson keeps its identity when the course is renumbered."""

from __future__ import annotations

from fastapi_uvicorn_tutor.course import slugs


def test_the_name_is_the_slug_without_its_number() -> None:
    assert slugs.name_of("03-path-parameters") == "path-parameters"
    assert slugs.name_of("path-parameters") == "path-parameters"
    assert slugs.name_of("x-1") == "x-1"


def test_old_slugs_follow_their_lesson_by_name_and_unknown_names_are_left_to_the_caller() -> None:
    known = ["01-chef-and-waiter", "02-python-for-javascript-developers", "03-path-parameters"]
    stored = ["01-chef-and-waiter", "02-path-parameters", "09-gone-lesson"]
    assert slugs.carried_over(stored, known) == {"02-path-parameters": "03-path-parameters"}


def test_a_lesson_is_found_by_a_slug_from_an_older_numbering() -> None:
    from fastapi_uvicorn_tutor.course import catalog

    lessons = catalog.load_catalog()
    path_parameters = catalog.find_lesson(lessons, "path-parameters")
    stale = f"{path_parameters.number - 1:02d}-path-parameters"  # what a learner typed before a lesson came in ahead
    assert catalog.find_lesson(lessons, stale) is path_parameters
