"""The Node stacks registry: the one place that names a stack, and the course laid out by it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import fastapi_uvicorn_tutor
from fastapi_uvicorn_tutor.course import catalog, stacks
from fastapi_uvicorn_tutor.runtime import node

from ..cli.test_faults import SLUG, make_course
from ..conftest import LESSONS, REPO

ENGINE = Path(fastapi_uvicorn_tutor.__file__).resolve().parent
REGISTRY = ENGINE / "course" / "stacks.py"


def test_only_the_registry_names_a_stack() -> None:
    """No engine module but the registry holds a stack's id or label, in any case, comments included."""
    names = sorted({name.lower() for stack in stacks.ALL for name in (stack.id, stack.label)})
    pattern = re.compile("|".join(re.escape(name) for name in names), re.IGNORECASE)
    found = []
    for path in sorted(ENGINE.rglob("*.py")):
        if path == REGISTRY:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line):
                found.append(f"{path.relative_to(ENGINE)}:{number}: {line.strip()}")
    assert found == [], "a stack named outside course/stacks.py:\n" + "\n".join(found)


def test_lookup_by_id_and_the_default() -> None:
    assert stacks.default() is stacks.ALL[0] is stacks.DEFAULT
    for stack in stacks.ALL:
        assert stacks.get(stack.id) is stack
        assert stack.port_option == f"--{stack.id}-port"
    with pytest.raises(stacks.UnknownStack, match="no Node stack 'cobol'") as caught:
        stacks.get("cobol")
    assert all(stack.id in caught.value.hint for stack in stacks.ALL)


def test_every_stack_has_its_folder_package_and_lock() -> None:
    for stack in stacks.ALL:
        root = stack.root(REPO)
        assert (root / "package.json").is_file() and (root / "package-lock.json").is_file(), stack.id
        twins = sorted(p.name for p in root.iterdir() if catalog.SLUG_RE.match(p.name))
        assert twins == sorted(lesson.slug for lesson in LESSONS if lesson.has_twin(stack.id)), stack.id
    default_twins = [lesson for lesson in LESSONS if lesson.has_twin(stacks.DEFAULT.id)]
    assert len(default_twins) == len(LESSONS), "every lesson has a twin for the default stack"


def test_each_stack_installs_into_its_own_cache_folder_keyed_by_its_lock(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TUTOR_CACHE", str(tmp_path))
    for stack in stacks.ALL:
        folder = node.install_dir(stack)
        assert folder.parent == tmp_path
        assert stack.id in folder.name and node.lock_hash(stack) in folder.name
        assert node.log_path(stack).name == f"npm-install-{stack.id}.log"
    assert len({node.install_dir(stack) for stack in stacks.ALL}) == len(stacks.ALL)


# ----- a lesson without a twin for a stack -------------------------------------------------


def _course_without_default_twin(tmp_path: Path) -> Path:
    import shutil

    course = make_course(tmp_path / "course", None)
    shutil.rmtree(stacks.DEFAULT.root(course) / SLUG)
    return course


def _toml(course: Path) -> Path:
    return course / "lessons" / SLUG / "lesson.toml"


def _drop_side_tables(text: str, stack_id: str) -> str:
    """lesson.toml without the [demo.<id>...] tables (what a lesson without that twin has)."""
    kept, skipping = [], False
    for line in text.splitlines():
        if line.startswith("["):
            skipping = line.startswith(f"[demo.{stack_id}")
        if not skipping:
            kept.append(line)
    return "\n".join(kept) + "\n"


def test_a_missing_twin_is_refused_unless_lesson_toml_says_why(tmp_path: Path) -> None:
    course = _course_without_default_twin(tmp_path)
    stack = stacks.DEFAULT
    with pytest.raises(catalog.CatalogError, match=rf"has no {stack.label} twin at .*\[no_twin\]"):
        catalog.load_catalog(course)

    toml = _toml(course)
    text = _drop_side_tables(toml.read_text(encoding="utf-8"), stack.id)
    toml.write_text(text + f'\n[no_twin]\n{stack.id} = "Nothing to show on that side."\n', encoding="utf-8")
    (lesson,) = catalog.load_catalog(course)
    assert not lesson.has_twin(stack.id) and lesson.no_twin == {stack.id: "Nothing to show on that side."}


def test_a_declaration_for_a_missing_twin_is_refused(tmp_path: Path) -> None:
    course = _course_without_default_twin(tmp_path)
    toml = _toml(course)
    toml.write_text(toml.read_text(encoding="utf-8") + f'\n[no_twin]\n{stacks.DEFAULT.id} = "None."\n', encoding="utf-8")
    with pytest.raises(catalog.CatalogError, match="declares what the .* twin answers, but the lesson has no such twin"):
        catalog.load_catalog(course)


@pytest.mark.parametrize(("table", "complaint"), [
    (f'[no_twin]\n{stacks.DEFAULT.id} = "Not needed."\n', "exists"),
    ('[no_twin]\ncobol = "Not a stack."\n', "not a Node stack"),
    (f'[no_twin]\n{stacks.DEFAULT.id} = ""\n', "one line"),
    (f'[no_twin]\n{stacks.DEFAULT.id} = """two\nlines"""\n', "one line"),
])
def test_a_wrong_no_twin_table_is_refused(tmp_path: Path, table: str, complaint: str) -> None:
    course = make_course(tmp_path / "course", None)
    toml = _toml(course)
    toml.write_text(toml.read_text(encoding="utf-8") + "\n" + table, encoding="utf-8")
    with pytest.raises(catalog.CatalogError, match=complaint):
        catalog.load_catalog(course)


def test_a_twin_without_its_lesson_is_refused(tmp_path: Path) -> None:
    import shutil

    course = make_course(tmp_path / "course", None)
    root = stacks.DEFAULT.root(course)
    shutil.copytree(root / SLUG, root / "99-orphan")
    with pytest.raises(catalog.CatalogError, match=rf"{stacks.DEFAULT.shown_root()}/99-orphan has no lesson"):
        catalog.load_catalog(course)
