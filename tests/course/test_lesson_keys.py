"""lesson.toml's keys for what the tutor shows and how it starts the twins: app_label, docs,
[twin_label], [show_files], [node_args] and node_min. Each is read as documented in lessons/README.md,
and a wrong one is refused with a sentence naming the lesson."""

from __future__ import annotations

from pathlib import Path

import pytest

from fastapi_uvicorn_tutor.course import catalog, stacks

from ..helpers import copy_lesson

BIGGER_APPS = "26-bigger-applications"
LESSON_23 = "23-settings"


def _course(tmp_path: Path, slug: str, top: str = "", tables: str = "") -> Path:
    """A course holding one real lesson, with `top` put before its lesson.toml's first line and
    `tables` after its last (a key outside any table must come first)."""
    course = copy_lesson(slug, tmp_path / "course")
    toml = course / "lessons" / slug / "lesson.toml"
    text = toml.read_text(encoding="utf-8")
    if top:  # the key replaces the lesson's own
        key = top.split("=")[0].strip()
        text = "\n".join(line for line in text.splitlines() if line.split("=")[0].strip() != key)
    text = _without(text, "[show_files]") if "[show_files]" in tables else text
    text = _without(text, "[node_args]") if "[node_args]" in tables else text
    toml.write_text(top + "\n" + text + "\n" + tables, encoding="utf-8")
    return course


def _without(text: str, table: str) -> str:
    """lesson.toml without one table (its header and the lines up to the next one)."""
    kept, skipping = [], False
    for line in text.splitlines():
        if line.startswith("["):
            skipping = line.split("#")[0].strip() == table
        if not skipping:
            kept.append(line)
    return "\n".join(kept) + "\n"


def _load(course: Path, slug: str) -> catalog.Lesson:
    return catalog.load_lesson(course / "lessons" / slug, course)


def test_the_defaults_are_fastapi_with_docs_and_nothing_more() -> None:
    lesson = catalog.find_lesson(catalog.load_catalog(), "path-parameters")
    assert (lesson.app_label, lesson.docs, lesson.shown_files, lesson.node_args, lesson.node_min) == \
        ("FastAPI", True, {}, {}, None)
    assert lesson.twin_labels == {}
    assert [(lesson.twin_label(s.id), lesson.twin_title(s.id)) for s in stacks.ALL] == [(s.label, s.title) for s in stacks.ALL]


def test_asgi_by_hand_is_an_asgi_app_without_docs_and_bigger_applications_shows_its_package() -> None:
    lessons = catalog.load_catalog()
    bare = catalog.find_lesson(lessons, "asgi-by-hand")
    assert (bare.app_label, bare.docs) == ("ASGI app", False)
    assert bare.twin_labels == {"express": "Node http"}
    assert (bare.twin_label("express"), bare.twin_title("express")) == ("Node http", "Node http")
    other = stacks.get("fastify")  # no twin for it here: it keeps its own name
    assert (bare.twin_label(other.id), bare.twin_title(other.id)) == (other.label, other.title)
    assert "twin_label" in catalog.TOP_LEVEL_KEYS
    bigger = catalog.find_lesson(lessons, "bigger-applications")
    assert bigger.shown_files[stacks.FASTAPI][-1] == "app/main.py"
    assert "middleware/requireToken.js" in bigger.shown_files["express"]
    name, source = bigger.shown_sources(stacks.FASTAPI)[0]
    assert name == "app/routers/items.py" and "APIRouter" in source


@pytest.mark.parametrize(("top", "complaint"), [
    ('app_label = ""', "`app_label` names the Python side"),
    ('app_label = "A label much longer than twenty"', "at most 20 characters"),
    ('docs = "no"', "`docs` is true or false"),
    ('node_min = "20"', "need; there are none"),
    ('show_file = ["app/main.py"]', r"a key the tutor does not know: `show_file` \(did you mean `show_files`\?\)"),
    ('colour = "red"', "a key the tutor does not know: `colour`. lessons/README.md lists the keys"),
])
def test_a_wrong_label_docs_or_node_min_is_refused(tmp_path: Path, top: str, complaint: str) -> None:
    course = _course(tmp_path, BIGGER_APPS, top=top)
    with pytest.raises(catalog.CatalogError, match=f"lessons/{BIGGER_APPS}/lesson.toml.*{complaint}"):
        _load(course, BIGGER_APPS)


@pytest.mark.parametrize(("tables", "complaint"), [
    ('[show_files]\nfastapi = ["app/nowhere.py"]\n', f"lists lessons/{BIGGER_APPS}/app/nowhere.py, which does not exist"),
    ('[show_files]\nexpress = ["routes/items.js", "routes/gone.js"]\n',
     f"lists node_equivalents/express/{BIGGER_APPS}/routes/gone.js, which does not exist"),
    ('[show_files]\nfastapi = ["../04-path-parameters/main.py"]\n', "must be a path inside"),
    ('[show_files]\nfastapi = ["/etc/hostname"]\n', "must be a path inside"),
    ('[show_files]\nfastapi = "app/main.py"\n', "must be a list of file paths"),
    ('[show_files]\nfastapi = ["app/main.py", "app/main.py"]\n', "lists a file twice"),
    ('[show_files]\ncobol = ["app/main.py"]\n', "'cobol', which is not a side"),
])
def test_a_wrong_show_files_table_is_refused(tmp_path: Path, tables: str, complaint: str) -> None:
    course = _course(tmp_path, BIGGER_APPS, tables=tables)
    with pytest.raises(catalog.CatalogError, match=complaint):
        _load(course, BIGGER_APPS)


def test_show_files_for_a_stack_without_a_twin_is_refused(tmp_path: Path) -> None:
    course = copy_lesson("02-asgi-by-hand", tmp_path / "course")  # it has no Fastify twin
    toml = course / "lessons" / "02-asgi-by-hand" / "lesson.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + '\n[show_files]\nfastify = ["server.js"]\n', encoding="utf-8")
    with pytest.raises(catalog.CatalogError, match="lists files for the Fastify twin, but the lesson has none"):
        _load(course, "02-asgi-by-hand")


@pytest.mark.parametrize(("top", "tables", "complaint"), [
    ("", '[node_args]\nexpress = "--env-file=settings.env"\n', "must be a list of node options"),
    ("", '[node_args]\nexpress = ["settings.env"]\n', "each starting with -"),
    ("", '[node_args]\ncobol = ["--x"]\n', "'cobol', which is not a stack this lesson has a twin for"),
    ('node_min = "twenty"', "", "`node_min` is a Node version as major.minor"),
])
def test_a_wrong_node_args_table_is_refused(tmp_path: Path, top: str, tables: str, complaint: str) -> None:
    course = _course(tmp_path, LESSON_23, top=top, tables=tables)
    with pytest.raises(catalog.CatalogError, match=complaint):
        _load(course, LESSON_23)


def _asgi_by_hand() -> str:
    """The slug of the lesson whose twin is bare Node (it has no Fastify twin)."""
    return catalog.find_lesson(catalog.load_catalog(), "asgi-by-hand").slug


@pytest.mark.parametrize(("top", "tables", "complaint"), [
    ('twin_label = "Node http"', "", r"\[twin_label\] must be a table of stack id = \"what its twin is called\""),
    ("", '[twin_label]\nexpress = ""\n', r"\[twin_label\] express names that twin in a few words"),
    ("", '[twin_label]\nexpress = "   "\n', "names that twin in a few words"),
    ("", '[twin_label]\nexpress = "A label much longer than twenty"\n', "at most 20 characters"),
    ("", '[twin_label]\nexpress = 3\n', "names that twin in a few words"),
    ("", '[twin_label]\nexpress = "Node\\nhttp"\n', "names that twin in a few words"),
    ("", '[twin_label]\nfastify = "Node http"\n', r"'fastify', which is not a stack this lesson has a twin for \(express\)"),
    ("", '[twin_label]\ncobol = "Node http"\n', "'cobol', which is not a stack this lesson has a twin for"),
    ("", '[twin_lable]\nexpress = "Node http"\n', r"`twin_lable` \(did you mean `twin_label`\?\)"),
])
def test_a_wrong_twin_label_is_refused(tmp_path: Path, top: str, tables: str, complaint: str) -> None:
    slug = _asgi_by_hand()
    course = _course(tmp_path, slug, top=top, tables=tables)
    toml = course / "lessons" / slug / "lesson.toml"
    text = toml.read_text(encoding="utf-8")  # without the lesson's own table: the one under test replaces it
    toml.write_text(_without(text, "[twin_label]") + (tables if "[twin_label]" in tables else ""), encoding="utf-8")
    with pytest.raises(catalog.CatalogError, match=f"lessons/{slug}/lesson.toml.*{complaint}"):
        _load(course, slug)


def test_a_twin_label_is_trimmed_and_any_lesson_may_set_one(tmp_path: Path) -> None:
    course = _course(tmp_path, BIGGER_APPS, tables='[twin_label]\nfastify = "  Fastify, split up  "\n')
    lesson = _load(course, BIGGER_APPS)
    assert lesson.twin_labels == {"fastify": "Fastify, split up"}
    assert (lesson.twin_label("fastify"), lesson.twin_label("express")) == ("Fastify, split up", "Express")
