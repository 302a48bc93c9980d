"""`tutor lookup`: Express terms to FastAPI, from the lessons' own metadata."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fastapi_uvicorn_tutor.course import catalog, lookup

from ..conftest import LESSONS
from ..helpers import invoke_tutor


@pytest.mark.parametrize("term,slug_part", [
    ("app.use", "middleware"), ("req.params", "path-parameters"), ("express.static", "static-files"),
    ("res.render", "templates"), ("next(err)", "errors"), ("router", "routers"), ("cors", "cors"),
    ("REQ.QUERY", "query-parameters"), ("app.uze", "middleware"),
])
def test_common_express_terms_find_their_lesson(term: str, slug_part: str) -> None:
    found, _ = lookup.find(term, LESSONS)
    assert found, term
    assert slug_part in found[0].lesson.slug


def test_every_mapped_lesson_exists_and_every_lesson_maps_something() -> None:
    slugs = {lesson.slug for lesson in LESSONS}
    pairs = lookup.entries(LESSONS)
    assert all(entry.lesson in slugs for entry, _ in pairs)
    assert all(lesson.lookups for lesson in LESSONS), [lesson.slug for lesson in LESSONS if not lesson.lookups]


def test_a_lookup_naming_a_missing_lesson_is_refused(tmp_path: Path) -> None:
    from ..cli.test_faults import SLUG, make_course

    course = make_course(tmp_path / "course", None)
    toml = course / "lessons" / SLUG / "lesson.toml"
    toml.write_text(toml.read_text() + '\n[[lookup]]\nexpress = "x"\nfastapi = "y"\nexample = "z"\nlesson = "42-nowhere"\n')
    with pytest.raises(catalog.CatalogError, match="42-nowhere"):
        catalog.load_catalog(course)


def test_unknown_term_suggests_and_exits_1(tmp_path: Path) -> None:
    result = invoke_tutor(tmp_path, "lookup", "res.jsonn")
    assert result.returncode == 0 and "res.json" in result.stdout
    result = invoke_tutor(tmp_path, "lookup", "qqqzzz")
    assert result.returncode == 1
    assert "No Express or Fastify term matches" in result.stdout and "Try:" in result.stdout


def test_lookup_prints_counterpart_example_and_lesson(tmp_path: Path) -> None:
    result = invoke_tutor(tmp_path, "lookup", "req.params")
    assert result.returncode == 0
    assert "FastAPI" in result.stdout and "item_id: int" in result.stdout and "tutor goto 4" in result.stdout


@pytest.mark.parametrize("term", ["", "  ", "''"])
def test_an_empty_term_still_lists_terms_to_try(tmp_path: Path, term: str) -> None:
    found, suggestions = lookup.find(term, LESSONS)
    assert found == [] and suggestions, "an empty term left 'Try:' with nothing after it"
    result = invoke_tutor(tmp_path, "lookup", term)
    assert result.returncode == 1
    assert "Try:" in result.stdout and suggestions[0] in result.stdout


def test_the_object_a_method_is_called_on_does_not_matter() -> None:
    """Docs write `fastify.register`, `server.listen`; the lessons' twins call their app `app`."""
    from fastapi_uvicorn_tutor.course import lookup

    lessons = catalog.load_catalog()
    for term, wanted in (("fastify.register", "app.register"), ("fastify.inject", "app.inject"), ("server.listen", "app.listen")):
        found, _ = lookup.find(term, lessons)
        assert found and found[0].entry.term.startswith(wanted), (term, [f.entry.term for f in found])


def test_no_term_lists_the_whole_map_grouped_by_lesson(tmp_path: Path) -> None:
    result = invoke_tutor(tmp_path, "lookup", COLUMNS="120")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    grouped = lookup.by_lesson(LESSONS)
    assert f"{sum(len(entries) for _, entries in grouped)} Express and Fastify habits" in out
    at = 0
    for lesson, entries in grouped:  # every lesson's heading, in course order, then its terms
        at = out.index(f"{lesson.number:02d} {lesson.title}", at)
        for entry in entries:
            assert entry.term[:16] in out[at:], (lesson.slug, entry.term)  # a long term folds in its column


def test_the_map_goes_through_a_pager_at_a_terminal(tmp_path: Path) -> None:
    from ..helpers import PtyTutor

    tutor = PtyTutor(tmp_path, "lookup", PAGER="sed 's/^/paged: /'")
    try:
        last = LESSONS[-1]
        out = tutor.read_until(rf"paged: {last.number:02d} {re.escape(last.title)}")
        assert tutor.wait() == 0
    finally:
        tutor.close()
    assert "paged: " in out and "paged: 01 Chef and waiter" in out


@pytest.mark.parametrize(("term", "entry"), [
    ("res.sendFile", "res.sendFile"), ("res.download", "res.download"), ("nodemon", "nodemon"),
    ("router.param", "router.param"), ("helmet", "helmet"), ("morgan", "morgan"), ("app.locals", "app.locals"),
    ("res.cookie", "res.cookie"), ("req.ip", "req.ip"), ("process.env", "process.env"),
    ("express.Router({ mergeParams })", "express.Router({ mergeParams: true })"),
])
def test_the_habits_learners_asked_for_have_an_entry(term: str, entry: str) -> None:
    found, _ = lookup.find(term, LESSONS)
    assert found and found[0].entry.term == entry, [f.entry.term for f in found]
    assert found[0].exact == (term == entry)


def test_an_inexact_match_says_it_is_the_closest_one(tmp_path: Path) -> None:
    exact = invoke_tutor(tmp_path, "lookup", "res.sendFile")
    assert "FileResponse" in exact.stdout and "closest" not in exact.stdout
    near = invoke_tutor(tmp_path, "lookup", "sendfile")
    assert near.returncode == 0
    assert "No entry is 'sendfile' itself; the closest match" in near.stdout and "res.sendFile" in near.stdout
