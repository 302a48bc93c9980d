"""The pure renderers, drawn on a Console of a given width: titles that fit, prose that
stays readable on a wide terminal, the request as it was sent."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console, RenderableType

from fastapi_uvicorn_tutor.course import stacks
from fastapi_uvicorn_tutor.flows.lesson import narrative_text
from fastapi_uvicorn_tutor.ui import render

from ..conftest import LESSONS


def draw(renderable: RenderableType, width: int) -> list[str]:
    console = Console(file=io.StringIO(), width=width, color_system=None)
    console.print(renderable)
    return console.file.getvalue().splitlines()  # type: ignore[attr-defined]


TITLE_RE = re.compile(r"╭─ (.+?) ─")


@pytest.mark.parametrize(("path", "room", "shown"), [
    ("node_equivalents/express/03-path-parameters/server.js", 60, "node_equivalents/express/03-path-parameters/server.js"),
    ("node_equivalents/express/03-path-parameters/server.js", 40, "…/express/03-path-parameters/server.js"),
    ("node_equivalents/express/03-path-parameters/server.js", 30, "…/03-path-parameters/server.js"),
    ("node_equivalents/express/03-path-parameters/server.js", 20, "…/server.js"),
    ("node_equivalents/express/03-path-parameters/server.js", 5, "server.js"),
])
def test_a_path_is_shortened_from_the_left_a_whole_folder_at_a_time(path: str, room: int, shown: str) -> None:
    assert render.fit_path(path, room) == shown


def test_a_title_drops_folders_first_then_its_label_never_half_a_name() -> None:
    title = "Express 5 · node_equivalents/express/03-path-parameters/server.js"
    assert render.fit_title(title, 100) == title
    assert render.fit_title(title, 45) == "Express 5 · …/03-path-parameters/server.js"
    assert render.fit_title(title, 30) == "…/03-path-parameters/server.js"
    assert render.fit_title(title, 18) == "…/server.js"
    assert render.fit_title("FastAPI · lessons/03-path-parameters/main.py", 25) == "FastAPI · …/main.py"
    assert render.fit_title("Recap", 3) == "Recap"  # nothing to shorten: left to Rich


@pytest.mark.parametrize("width", [120, 80, 165, 200])
@pytest.mark.parametrize("chosen", [(stacks.DEFAULT,), stacks.ALL], ids=["default", "all"])
def test_code_panel_titles_are_whole_names_at_any_width(width: int, chosen: tuple[stacks.Stack, ...]) -> None:
    for lesson in LESSONS:
        compared, _ = lesson.compared(chosen)
        paths = [f"lessons/{lesson.slug}/main.py"] + [render.twin_path(stack, lesson.slug) for stack in compared]
        lines = draw(render.code_pair(lesson, width, chosen=compared), width)
        titles = [title for line in lines for title in TITLE_RE.findall(line)]
        assert len(titles) == len(paths), (lesson.slug, width, titles)
        for title, path in zip(titles, paths, strict=True):
            shown = title.rpartition(" · ")[2]
            assert shown == path or (shown.startswith("…/") and path.endswith(shown[1:])), (lesson.slug, width, title)
        if width >= 120 and len(compared) == 1:  # two panels side by side: the label and the lesson folder fit
            for title in titles:
                assert " · " in title and f"{lesson.slug}/" in title, (width, title)


def test_the_story_wraps_at_100_columns_on_a_wide_terminal_and_at_the_edge_on_a_narrow_one() -> None:
    for lesson in LESSONS:
        text = narrative_text(lesson, None, strict=False, chosen=(stacks.DEFAULT,))
        wide = [line.rstrip() for line in draw(render.narrative(text), 200)]
        assert max(len(line) for line in wide) <= render.PROSE_WIDTH, lesson.slug
        narrow = draw(render.narrative(text), 60)
        assert max(len(line.rstrip()) for line in narrow) <= 60
