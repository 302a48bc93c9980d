"""A lesson's `app_label` and `docs` (asgi-by-hand, a bare ASGI app) reach every renderer that
names the Python side or offers /docs, its `[twin_label]` (asgi-by-hand's twin is bare Node http) every
renderer that names its twin, and its `[show_files]` (bigger-applications) sit under the entry files."""

from __future__ import annotations

from fastapi_uvicorn_tutor.course import catalog, predictions, stacks
from fastapi_uvicorn_tutor.course.messages import Response
from fastapi_uvicorn_tutor.ui import practice, prediction, render

from ..conftest import LESSONS
from .test_render import TITLE_RE, draw

BARE = catalog.find_lesson(LESSONS, "asgi-by-hand")
BIGGER = catalog.find_lesson(LESSONS, "bigger-applications")
URLS = [(stacks.DEFAULT, "http://127.0.0.1:3000")]
NODE_HTTP = {stacks.DEFAULT.id: "Node http"}  # asgi-by-hand's [twin_label]


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


def test_the_twin_code_panel_and_answer_columns_carry_the_twin_label() -> None:
    assert BARE.twin_labels == NODE_HTTP
    titles = TITLE_RE.findall(draw(render.code_pair(BARE, 160), 160)[0])
    assert titles[1] == f"Node http · node_equivalents/express/{BARE.slug}/server.js"  # the folder keeps the stack's name
    answer = Response(200, "OK", [("content-type", "application/json")], b"{}", 0.001)
    text = "\n".join(draw(render.demo_exchange(BARE.demos[0], answer, {stacks.DEFAULT.id: answer}, None, 160,
                                               app_label=BARE.app_label, twin_labels=BARE.twin_labels), 160))
    assert "Node http (Node)" in text and f"{stacks.DEFAULT.label} (Node)" not in text
    usual = "\n".join(draw(render.exchange("GET /", answer, {stacks.DEFAULT.id: None}, None, 160), 160))
    assert stacks.DEFAULT.answer_title in usual  # without the table: the stack's own label


def test_two_twins_are_told_apart_by_their_labels_in_differs_and_whys() -> None:
    from fastapi_uvicorn_tutor.course.verdicts import Verdict

    answer = Response(200, "OK", [("content-type", "application/json")], b"{}", 0.001)
    other = stacks.ALL[1]
    twins = {stacks.DEFAULT.id: answer, other.id: answer}
    verdict = Verdict(True, (), {stacks.DEFAULT.id: frozenset({"status"}), other.id: frozenset({"status"})})
    text = "\n".join(draw(render.exchange("GET /", answer, twins, verdict, 200, twin_labels=NODE_HTTP,
                                          whys={stacks.DEFAULT.id: "one", other.id: "two"}), 200))
    assert "Differs in (Node http)" in text and "Why (Node http): one" in text
    assert f"Why ({other.label}): two" in text and f"{other.label} (Node)" in text  # a stack without a label keeps its own


def test_the_commands_urls_prompt_help_and_recap_name_the_twin_by_its_label() -> None:
    commands = "\n".join(draw(render.commands("uvicorn main:app", URLS, app_label="ASGI app", twin_labels=NODE_HTTP), 120))
    assert "ASGI app   $ uvicorn main:app" in commands and "Node http  $ " in commands
    helped = "\n".join(draw(render.prompt_help("http://127.0.0.1:8000", URLS, ["GET /"], app_label="ASGI app", docs=False,
                                               twin_labels=NODE_HTTP), 160))
    assert "Node http  http://127.0.0.1:3000" in helped and stacks.DEFAULT.label not in helped
    served = "\n".join(draw(render.live_urls("http://127.0.0.1:8000", URLS, twin_labels=NODE_HTTP), 160))
    assert "Node http  http://127.0.0.1:3000" in served
    recap = "\n".join(draw(render.recap([(stacks.DEFAULT, BARE.meta["recap"][stacks.DEFAULT.id])], "x",
                                        twin_labels=BARE.twin_labels), 160))
    assert "In Node http you  pass a (req, res)" in recap
    assert f"In {stacks.DEFAULT.label} you" in "\n".join(draw(render.recap([(stacks.DEFAULT, "y")], "x"), 160))


def test_the_notes_about_a_missing_twin_name_the_lesson_s_twin() -> None:
    other = stacks.ALL[1]
    note = str(render.no_twin_note(other, BARE.no_twin[other.id], [stacks.DEFAULT], BARE.twin_labels))
    assert note.startswith(f"No {other.label} twin in this lesson") and note.endswith("It runs against Node http instead.")
    down = str(render.node_note(stacks.DEFAULT, "node is too old.", "Node http"))
    assert down.startswith("Node http twin not running: node is too old.") and "The Node http code is shown above" in down
    assert str(practice.twin_missing(stacks.DEFAULT, "no node", "Node http")).startswith("The Node http twin is not running")


def test_the_story_and_its_node_label_follow_the_twin_label() -> None:
    from fastapi_uvicorn_tutor.flows import lesson as session

    values = session.template_vars(BARE, None, (stacks.DEFAULT,))
    assert (values["node_label"], values["node_title"]) == ("Node http", "Node http")
    assert "**Node http (Node)**" in session.narrative_text(BARE, None, chosen=(stacks.DEFAULT,))
    plain = session.template_vars(catalog.find_lesson(LESSONS, "path-parameters"), None, (stacks.DEFAULT,))
    assert (plain["node_label"], plain["node_title"]) == (stacks.DEFAULT.label, stacks.DEFAULT.title)
    chosen, _ = BARE.compared(stacks.ALL[1:])  # no twin for the other stack: it keeps the labelled one
    assert session.template_vars(BARE, None, chosen)["node_label"] == "Node http"


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
