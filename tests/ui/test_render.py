"""The pure renderers, drawn on a Console of a given width: titles that fit, prose that
stays readable on a wide terminal, the request as it was sent."""

from __future__ import annotations

import io
import re

import pytest
from rich.cells import cell_len
from rich.console import Console, RenderableType

from fastapi_uvicorn_tutor.course import stacks
from fastapi_uvicorn_tutor.course.messages import Request, Response
from fastapi_uvicorn_tutor.flows.lesson import narrative_text
from fastapi_uvicorn_tutor.ui import render

from ..conftest import LESSONS


def draw(renderable: RenderableType, width: int) -> list[str]:
    console = Console(file=io.StringIO(), width=width, color_system=None)
    console.print(renderable)
    return console.file.getvalue().splitlines()  # type: ignore[attr-defined]


TITLE_RE = re.compile(r"╭─ (.+?) ─")


@pytest.mark.parametrize(("path", "room", "shown"), [
    ("node_equivalents/express/04-path-parameters/server.js", 60, "node_equivalents/express/04-path-parameters/server.js"),
    ("node_equivalents/express/04-path-parameters/server.js", 40, "…/express/04-path-parameters/server.js"),
    ("node_equivalents/express/04-path-parameters/server.js", 30, "…/04-path-parameters/server.js"),
    ("node_equivalents/express/04-path-parameters/server.js", 20, "…/server.js"),
    ("node_equivalents/express/04-path-parameters/server.js", 5, "server.js"),
])
def test_a_path_is_shortened_from_the_left_a_whole_folder_at_a_time(path: str, room: int, shown: str) -> None:
    assert render.fit_path(path, room) == shown


def test_a_title_drops_folders_first_then_its_label_never_half_a_name() -> None:
    title = "Express 5 · node_equivalents/express/04-path-parameters/server.js"
    assert render.fit_title(title, 100) == title
    assert render.fit_title(title, 45) == "Express 5 · …/04-path-parameters/server.js"
    assert render.fit_title(title, 30) == "…/04-path-parameters/server.js"
    assert render.fit_title(title, 18) == "…/server.js"
    assert render.fit_title("FastAPI · lessons/04-path-parameters/main.py", 25) == "FastAPI · …/main.py"
    assert render.fit_title("Recap", 3) == "Recap"  # nothing to shorten: left to Rich


@pytest.mark.parametrize("width", [120, 80, 165, 200])
@pytest.mark.parametrize("chosen", [(stacks.DEFAULT,), stacks.ALL], ids=["default", "all"])
def test_code_panel_titles_are_whole_names_at_any_width(width: int, chosen: tuple[stacks.Stack, ...]) -> None:
    for lesson in LESSONS:
        compared, _ = lesson.compared(chosen)
        paths = [f"lessons/{lesson.slug}/main.py"] + [render.twin_path(stack, lesson.slug) for stack in compared]
        shown_files = [[f"lessons/{lesson.slug}/{name}" for name in lesson.shown_files.get(stacks.FASTAPI, ())]]
        shown_files += [[render.twin_path(stack, lesson.slug, name) for name in lesson.shown_files.get(stack.id, ())]
                        for stack in compared]
        for index in range(max(len(files) for files in shown_files)):  # [show_files]: the n-th of each side, a row
            paths += [files[index] for files in shown_files if index < len(files)]
        lines = draw(render.code_pair(lesson, width, chosen=compared), width)
        titles = [title for line in lines for title in TITLE_RE.findall(line)]
        assert len(titles) == len(paths), (lesson.slug, width, titles)
        for title, path in zip(titles, paths, strict=True):
            shown = title.rpartition(" · ")[2]
            assert shown == path or (shown.startswith("…/") and path.endswith(shown[1:])), (lesson.slug, width, title)
        if width >= 120 and len(compared) == 1:  # two panels side by side: the label and the lesson folder fit
            for title in titles[:2]:  # (main.py and server.js; a deeper [show_files] path gives up folders first)
                assert " · " in title and f"{lesson.slug}/" in title, (width, title)


def test_the_story_wraps_at_100_columns_on_a_wide_terminal_and_at_the_edge_on_a_narrow_one() -> None:
    for lesson in LESSONS:
        text = narrative_text(lesson, None, strict=False, chosen=(stacks.DEFAULT,))
        wide = [line.rstrip() for line in draw(render.narrative(text), 200)]
        assert max(len(line) for line in wide) <= render.PROSE_WIDTH, lesson.slug
        narrow = draw(render.narrative(text), 60)
        assert max(len(line.rstrip()) for line in narrow) <= 60


def test_notes_and_whys_wrap_at_100_columns_the_answers_use_the_width() -> None:
    demo = next(demo for lesson in LESSONS for demo in lesson.demos if len(demo.why) > 300)
    answer = Response(200, "OK", (("content-type", "application/json"),), b'{"a": 1}')
    lines = draw(render.demo_exchange(demo, answer, {stacks.DEFAULT.id: answer}, None, 200), 200)
    why = [line for line in lines if line.startswith("Why: ")]
    assert why and all(len(line.rstrip()) <= render.PROSE_WIDTH for line in lines if "│" not in line and "─" not in line)
    assert max(len(line) for line in lines) > 150, "the answer panels still use the whole width"


def test_the_request_is_shown_as_sent_with_a_long_body_cut() -> None:
    typed = Request("POST", "/items", {"name": "soup", "notes": "x" * 500}, True, headers={"X-Token": "t"})
    answer = Response(200, "OK", (("content-type", "application/json"),), b"{}")
    text = "\n".join(draw(render.exchange("POST /items", answer, {"express": answer}, None, 120, sent=typed), 120))
    assert "sent  X-Token: t" in text
    assert "Content-Type: application/json" in text  # the one a JSON body gets, though nobody typed it
    assert '{"name": "soup", "notes":' in text and '"xxx' in text and "(529 bytes in all)" in text
    assert text.count("x") < render.SENT_BODY_CHARS, "the body is cut"
    bare = draw(render.exchange("GET /", answer, {"express": answer}, None, 120, sent=Request("GET", "/")), 120)
    assert not any(line.startswith("sent") for line in bare), "a request that is only its first line shows only that"


def test_every_header_shows_with_v_and_only_the_usual_ones_without() -> None:
    answer = Response(200, "OK", (("date", "Mon, 01 Jan 2029 00:00:00 GMT"), ("content-type", "text/plain"),
                                  ("x-request-id", "abc")), b"hi")
    usual = "\n".join(draw(render.exchange("GET /", answer, {"express": answer}, None, 120), 120))
    every = "\n".join(draw(render.exchange("GET /", answer, {"express": answer}, None, 120, every_header=True), 120))
    assert "date" not in usual and "x-request-id" not in usual
    assert every.count("Mon, 01 Jan 2029") == 2 and every.count("x-request-id") == 2
    lesson = "\n".join(draw(render.exchange("GET /", answer, {"express": answer}, None, 120, extra_headers=("date",)), 120))
    assert lesson.count("Mon, 01 Jan 2029") == 2 and "x-request-id" not in lesson


@pytest.mark.parametrize("width", [30, 40, 80, 120, 200])
def test_the_lesson_list_is_one_line_a_lesson_at_any_width(width: int) -> None:
    from fastapi_uvicorn_tutor.state.progress import Progress

    state = Progress(done={LESSONS[0].slug: "t"}, skipped={LESSONS[1].slug: "t"})
    lines = draw(render.progress_table(LESSONS, state, LESSONS[2].slug, predicted={LESSONS[0].slug: (1, 2)}), width)
    rows = [line for line in lines if re.match(r"^\s+\d{2}\s", line)]
    assert [row.split()[0] for row in rows] == [f"{lesson.number:02d}" for lesson in LESSONS]  # every number shown
    assert all(cell_len(line) <= width for line in lines)
    assert rows[0].split()[1] == "done" and "skipped" in rows[1] and "next ▸" in rows[2]
    assert ("1/2" in rows[0]) == (width >= 80)  # a narrow terminal drops the scores before the titles
    if width >= 120:
        assert LESSONS[0].title in rows[0]


def test_the_full_lesson_list_wraps_every_summary_whole() -> None:
    from fastapi_uvicorn_tutor.state.progress import Progress

    lines = draw(render.progress_table(LESSONS, Progress(), None, full=True), 100)
    assert not any("…" in line for line in lines)  # nothing cut: titles and summaries wrap instead
    assert len(lines) > 2 * len(LESSONS)
    words = " ".join(lines).split()
    assert all(lesson.summary.split()[-1] in words for lesson in LESSONS)
