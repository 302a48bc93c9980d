"""The parsed-course cache: served when nothing changed, rebuilt when anything the catalog reads did."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fastapi_uvicorn_tutor.course import catalog
from fastapi_uvicorn_tutor.state import course_cache

from ..conftest import REPO

SLUGS = ("01-chef-and-waiter", "04-path-parameters")


@pytest.fixture
def course(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A two-lesson copy of the course, and a cache folder of its own."""
    root = tmp_path / "course"
    for slug in SLUGS:
        shutil.copytree(REPO / "lessons" / slug, root / "lessons" / slug)
    shutil.copytree(REPO / "node_equivalents", root / "node_equivalents",
                    ignore=lambda folder, names: [n for n in names if n == "node_modules" or
                                                  (n[:2].isdigit() and n not in SLUGS)])
    monkeypatch.setenv("TUTOR_CACHE", str(tmp_path / "cache"))
    return root


def test_a_second_load_is_served_from_the_cache(course: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = course_cache.load_catalog(course)
    assert [lesson.slug for lesson in first] == list(SLUGS)
    assert len(list((course.parent / "cache" / course_cache.FOLDER).glob("catalog-*.pickle"))) == 1

    def parse(*_: object) -> list[catalog.Lesson]:
        raise AssertionError("the course was parsed again although nothing changed")

    monkeypatch.setattr(catalog, "load_catalog", parse)
    again = course_cache.load_catalog(course)
    assert again == first


def test_an_edited_lesson_toml_is_read_again(course: Path) -> None:
    course_cache.load_catalog(course)
    toml = course / "lessons" / SLUGS[0] / "lesson.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('title = "', 'title = "Edited: ', 1), encoding="utf-8")
    assert course_cache.load_catalog(course)[0].title.startswith("Edited: ")
    assert len(list((course.parent / "cache" / course_cache.FOLDER).glob("catalog-*.pickle"))) == 1  # the old one is gone


def test_a_removed_twin_or_a_new_lesson_folder_is_noticed(course: Path) -> None:
    course_cache.load_catalog(course)
    twin = next((course / "node_equivalents").rglob(f"{SLUGS[1]}/server.js"))
    twin.unlink()
    with pytest.raises(catalog.CatalogError, match="twin"):
        course_cache.load_catalog(course)
    twin.write_text("module.exports = {};\n")
    shutil.copytree(REPO / "lessons" / "05-query-parameters", course / "lessons" / "05-query-parameters")
    with pytest.raises(catalog.CatalogError, match="05-query-parameters"):
        course_cache.load_catalog(course)


def test_a_broken_course_is_never_cached_and_a_corrupt_cache_is_ignored(course: Path) -> None:
    toml = course / "lessons" / SLUGS[0] / "lesson.toml"
    good = toml.read_bytes()
    toml.write_bytes(b"title = ")
    with pytest.raises(catalog.CatalogError, match="not valid TOML"):
        course_cache.load_catalog(course)
    assert not list((course.parent / "cache").rglob("catalog-*.pickle"))
    toml.write_bytes(good)
    course_cache.load_catalog(course)
    (cached,) = (course.parent / "cache" / course_cache.FOLDER).glob("catalog-*.pickle")
    cached.write_bytes(b"not a pickle")
    assert [lesson.slug for lesson in course_cache.load_catalog(course)] == list(SLUGS)


def test_an_unwritable_cache_folder_only_costs_the_parse(course: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("TUTOR_CACHE", str(blocker / "cache"))
    assert [lesson.slug for lesson in course_cache.load_catalog(course)] == list(SLUGS)


def test_two_copies_of_the_course_keep_a_cache_file_each(course: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A clone beside a pip install (or two virtualenvs) must not evict each other's cache on every command."""
    other = course.parent / "other"
    shutil.copytree(course, other)
    course_cache.load_catalog(course)
    course_cache.load_catalog(other)

    def parse(*_: object) -> list[catalog.Lesson]:
        raise AssertionError("a copy's cache was evicted by the other copy")

    monkeypatch.setattr(catalog, "load_catalog", parse)
    assert [lesson.slug for lesson in course_cache.load_catalog(course)] == list(SLUGS)
    assert [lesson.slug for lesson in course_cache.load_catalog(other)] == list(SLUGS)
    assert len(list((course.parent / "cache" / course_cache.FOLDER).glob("catalog-*.pickle"))) == 2


def test_cache_files_of_copies_not_used_lately_are_dropped(course: Path) -> None:
    folder = course.parent / "cache" / course_cache.FOLDER
    folder.mkdir(parents=True)
    for n in range(course_cache.KEEP_OTHERS + 3):
        (folder / f"catalog-0000000{n}-00000000ffffffff.pickle").write_bytes(b"")
    course_cache.load_catalog(course)
    assert len(list(folder.glob("catalog-*.pickle"))) == course_cache.KEEP_OTHERS + 1
