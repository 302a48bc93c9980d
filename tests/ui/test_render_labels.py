"""A lesson's `app_label` and `docs` (lesson 02, a bare ASGI app) reach every renderer that
names the Python side or offers /docs, and its `[show_files]` (lesson 26) sit under the entry files."""

from __future__ import annotations

from fastapi_uvicorn_tutor.course import catalog, predictions, stacks
from fastapi_uvicorn_tutor.course.messages import Response
from fastapi_uvicorn_tutor.ui import prediction, render

from ..conftest import LESSONS
from .test_render import TITLE_RE, draw

BARE = next(lesson for lesson in LESSONS if lesson.slug == "02-asgi-by-hand")
BIGGER = next(lesson for lesson in LESSONS if lesson.slug == "26-bigger-applications")
URLS = [(stacks.DEFAULT, "http://127.0.0.1:3000")]


def test_the_code_panel_and_the_answer_columns_carry_the_label() -> None:
    assert TITLE_RE.findall(draw(render.code_pair(BARE, 160), 160)[0])[0] == "ASGI app · lessons/02-asgi-by-hand/main.py"
    answer = Response(200, "OK", [("content-type", "application/json")], b"{}", 0.001)
    text = "\n".join(draw(render.demo_exchange(BARE.demos[0], answer, {stacks.DEFAULT.id: answer}, None, 160,
                                               app_label=BARE.app_label), 160))
    assert "ASGI app (Uvicorn)" in text and "FastAPI" not in text


def test_the_commands_urls_and_prompt_help_name_it_and_offer_no_docs() -> None:
    commands = "\n".join(draw(render.commands("cd x && uvicorn main:app", URLS, app_label="ASGI app"), 120))
    assert "ASGI app  $ cd x && uvicorn main:app" in commands
    bare = "\n".join(draw(render.prompt_help("http://127.0.0.1:8000", URLS, ["GET /"], app_label="ASGI app", docs=False), 160))
    assert "ASGI app  http://127.0.0.1:8000" in bare
    assert "/docs" not in bare and "FastAPI" not in bare
    usual = "\n".join(draw(render.prompt_help("http://127.0.0.1:8000", URLS, ["GET /"]), 160))
    assert "docs: http://127.0.0.1:8000/docs" in usual and "open http://127.0.0.1:8000/docs in a browser" in usual


def test_the_prediction_asks_about_the_label() -> None:
    demo = BARE.demos[0]
    asked = predictions.for_demo(demo, [stacks.DEFAULT.id], demo.label, BARE.app_label)
    assert asked is not None and "ASGI app" in asked.question and "FastAPI" not in asked.question
    wrong = next(choice for choice in asked.choices if choice is not asked.choices[-1])
    assert "ASGI app's answer shows" in str(prediction.verdict(wrong, asked.choices[-1], "ASGI app"))


def test_show_files_come_under_the_entry_files_each_beside_its_counterpart() -> None:
    lines = draw(render.code_pair(BIGGER, 200, whole=True), 200)
    rows = [TITLE_RE.findall(line) for line in lines if TITLE_RE.search(line)]
    assert [title.rpartition("/")[2] for title in rows[0]] == ["main.py", "server.js"]
    assert [title.rpartition("/")[2] for title in rows[1]] == ["items.py", "items.js"]
    assert [title.rpartition("/")[2] for title in rows[3]] == ["dependencies.py", "requireToken.js"]
    assert rows[4] == ["FastAPI · lessons/26-bigger-applications/app/main.py"]  # the twins have no fourth file
    assert any("app.include_router(items.router)" in line for line in lines)
    narrow = draw(render.code_pair(BIGGER, 80), 80)  # one column: every file, in the same order
    titles = [title for line in narrow for title in TITLE_RE.findall(line)]
    assert len(titles) == 2 + len(BIGGER.shown_files[stacks.FASTAPI]) + len(BIGGER.shown_files["express"])


def test_a_file_without_a_focus_region_or_in_another_language_is_shown_whole() -> None:
    assert render.language_of("routes/items.js") == "javascript"
    assert render.language_of("app/main.py") == "python"
    assert render.language_of("templates/index.html") == "html"
    assert render.focus("a\nb\n", "html") == ("a\nb", 1)
    assert catalog.APP_LABEL == "FastAPI"
