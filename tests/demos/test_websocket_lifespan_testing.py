"""The WebSocket, lifespan and testing demos, against real servers and real test runs.

Lessons 21, 22 and 28 declare `[websocket]`, `[lifespan]` and `[testing]`; these
tests run each demo the way `tutor next` does (both servers live, real Node) and
check that what the learner is shown is true, and that nothing keeps running.
"""

from __future__ import annotations

import io
import os
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console

from fastapi_uvicorn_tutor.course import catalog, stacks
from fastapi_uvicorn_tutor.course.plans import PlanError
from fastapi_uvicorn_tutor.course.plans.lifespan import Expected
from fastapi_uvicorn_tutor.demos import lifespan, testing, websocket
from fastapi_uvicorn_tutor.runtime import servers
from fastapi_uvicorn_tutor.runtime.live import LiveServers
from fastapi_uvicorn_tutor.runtime.shell import quoted

from ..conftest import LESSONS, start_fastapi, start_server, start_twin
from ..helpers import leftovers


def lesson(name: str) -> catalog.Lesson:
    return catalog.find_lesson(LESSONS, name)  # by name: the numbers move when lessons are added


FASTIFY = stacks.get("fastify")  # the second stack: its twins for lessons 21, 22 and 28 are checked here too


def console(width: int = 100) -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, width=width, force_terminal=False, color_system=None), out


def text(renderable: object, width: int = 100) -> str:
    con, out = console(width)
    con.print(renderable)
    return out.getvalue()


def flat(shown: str) -> str:
    """Console output with the line wrapping undone (words joined by single spaces)."""
    return " ".join(shown.split())


def snapshot(folder: Path) -> list[str]:
    """Every path under a folder, hidden ones too: proof that a demo wrote nothing there."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.fixture(scope="module")
def live_ws(node_binary: str, node_modules: Path) -> Iterator[LiveServers]:
    """Lesson 21's two servers, started once for the tests that only talk to them (kept on one xdist worker)."""
    fa = start_fastapi(lesson("websockets"))
    try:
        ex = start_twin(lesson("websockets"), node_binary, node_modules)
    except BaseException:
        servers.stop_and_clean([fa])
        raise
    yield LiveServers(fa, {stacks.DEFAULT.id: ex})
    servers.stop_and_clean([fa, ex])


ON_LIVE_WS = pytest.mark.xdist_group("live_ws")


@pytest.fixture(scope="module")
def live_ws_all(node_binary: str, stack_modules: dict[str, Path]) -> Iterator[LiveServers]:
    """Lesson 21's FastAPI server and a twin per stack, as `--vs both` runs them (kept on one xdist worker)."""
    one = lesson("websockets")
    fa = start_fastapi(one)
    twins: dict[str, servers.Server] = {}
    try:
        for stack in stacks.ALL:
            twins[stack.id] = start_twin(one, node_binary, stack_modules[stack.id], stack)
    except BaseException:
        servers.stop_and_clean([fa, *twins.values()])
        raise
    yield LiveServers(fa, twins)
    servers.stop_and_clean([fa, *twins.values()])


ON_LIVE_WS_ALL = pytest.mark.xdist_group("live_ws-all")


# ----- the lessons' tables ----------------------------------------------------------


def test_every_lesson_table_is_a_usable_plan() -> None:
    for one in LESSONS:
        if "websocket" in one.meta:
            websocket.plan_from_table(one.section("websocket"), tuple(one.twin_folders))
        if "lifespan" in one.meta:
            lifespan.plan_from_table(one.section("lifespan"), tuple(one.twin_folders))
        if "testing" in one.meta:
            plan = testing.plan_from_table(one.section("testing"), tuple(one.twin_folders))
            assert (one.folder / plan.python).is_file(), one.slug
            for folder in one.twin_folders.values():
                assert (folder / plan.node).is_file(), one.slug


@pytest.mark.parametrize("module, kind", [(websocket, "websocket"), (lifespan, "lifespan"), (testing, "testing")])
def test_each_stack_has_its_own_why(module, kind: str) -> None:  # type: ignore[no-untyped-def]
    """The table's `why` explains the default stack's twin; each other twin needs its `<id>_why`."""
    one = lesson({"websocket": "websockets", "lifespan": "lifespan", "testing": "testing"}[kind])
    table = one.section(kind)
    plan = module.plan_from_table(table, tuple(one.twin_folders))
    whys = plan.unknown.whys if kind == "websocket" else plan.whys
    assert whys.keys() == one.twin_folders.keys() == {stacks.DEFAULT.id, FASTIFY.id}
    assert whys[stacks.DEFAULT.id] != whys[FASTIFY.id]
    inner = table["unknown_path"] if kind == "websocket" else table
    stripped = {k: v for k, v in inner.items() if k != f"{FASTIFY.id}_why"}
    broken = {**table, "unknown_path": stripped} if kind == "websocket" else stripped
    with pytest.raises(PlanError, match=rf"^\[{kind}.*add `{FASTIFY.id}_why`"):
        module.plan_from_table(broken, tuple(one.twin_folders))
    module.plan_from_table(broken, (stacks.DEFAULT.id,))  # a lesson without that twin needs none


def test_whys_are_said_once_when_they_agree() -> None:
    from fastapi_uvicorn_tutor.demos import whys_for

    two = {stacks.DEFAULT.id: "a", FASTIFY.id: "b"}
    assert whys_for(two, ["fastapi", FASTIFY.id]) == [(None, "b")]
    assert whys_for(two, [stacks.DEFAULT.id, FASTIFY.id]) == [(stacks.DEFAULT.id, "a"), (FASTIFY.id, "b")]
    assert whys_for({stacks.DEFAULT.id: "a", FASTIFY.id: "a"}, [stacks.DEFAULT.id, FASTIFY.id]) == [(None, "a")]
    assert whys_for(two, ["fastapi"], fallback=[FASTIFY.id]) == [(None, "b")]  # no twin ran: the chosen stack's
    assert whys_for(two, ["fastapi"]) == []


def test_a_table_explaining_one_twin_must_explain_each() -> None:
    from fastapi_uvicorn_tutor.course.plans import stack_whys

    both = (stacks.DEFAULT.id, FASTIFY.id)
    assert stack_whys({"why": "x", "fastify_why": "y"}, both, "[serving]") == {stacks.DEFAULT.id: "x", FASTIFY.id: "y"}
    assert stack_whys({}, both, "[serving]") == {}
    assert stack_whys({"why": "x"}, (stacks.DEFAULT.id,), "[serving]") == {stacks.DEFAULT.id: "x"}
    with pytest.raises(PlanError, match=r"^\[serving\] explains the Express twin .* add `fastify_why`"):
        stack_whys({"why": "x"}, both, "[serving]")
    with pytest.raises(PlanError, match="fastify_why must be a sentence"):
        stack_whys({"why": "x", "fastify_why": " "}, both, "[serving]")


@pytest.mark.parametrize("module, table", [
    (websocket, {}),
    (websocket, {"path": "/ws", "message": [{"send": "x"}]}),
    (websocket, {"path": "/ws", "message": [{"send": "x", "reply": "x"}], "unknown_path": {"path": "/n"}}),
    (lifespan, {"fastapi": {"startup": ["a"]}}),
    (lifespan, {"fastapi": {"startup": ["a"], "shutdown": []}, "express": {"startup": ["a"], "shutdown": ["b"]}}),
    (testing, {"python": "test_main.py"}),
    (testing, {"python": "../test_main.py", "node": "server.test.js"}),
])
def test_a_broken_table_is_refused_with_a_sentence(module, table) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PlanError, match=r"^\["):
        module.plan_from_table(table)


# ----- WebSockets -------------------------------------------------------------------


@ON_LIVE_WS
def test_websocket_echo_on_both_servers(live_ws: LiveServers) -> None:
    plan = websocket.plan_from_table(lesson("websockets").section("websocket"), tuple(lesson("websockets").twin_folders))
    texts = [m.send for m in plan.messages]
    fa = websocket.talk(live_ws.fastapi.spec.port, plan.path, texts)
    ex = websocket.talk(live_ws.twins[stacks.DEFAULT.id].spec.port, plan.path, texts)
    assert fa.handshake.status == ex.handshake.status == 101
    assert websocket.conversation_problems(plan, "FastAPI", fa) == []
    assert websocket.conversation_problems(plan, "Express", ex) == []
    assert fa.replies == ex.replies  # the same compact JSON text from both
    # websockets behind Uvicorn accepts the client's compression offer; ws leaves it off.
    assert "permessage-deflate" in (fa.handshake.header("sec-websocket-extensions") or "")
    assert ex.handshake.header("sec-websocket-extensions") is None


@ON_LIVE_WS
def test_websocket_handshake_on_an_unknown_path(live_ws: LiveServers) -> None:
    assert websocket.handshake(live_ws.fastapi.spec.port, "/nope").status == 403
    assert websocket.handshake(live_ws.twins[stacks.DEFAULT.id].spec.port, "/nope").status == 400


@ON_LIVE_WS
def test_a_wrong_echo_is_reported(live_ws: LiveServers) -> None:
    plan = websocket.Plan("/ws", (websocket.Message("hi", {"echo": "hello", "count": 1}, True),))
    talked = websocket.talk(live_ws.fastapi.spec.port, "/ws", ["hi"])
    found = websocket.conversation_problems(plan, "FastAPI", talked)
    assert len(found) == 1 and "'hi'" in found[0]
    shown = flat(text(websocket.render_conversation(plan, {"fastapi": talked}, None)))
    assert "✗ expected" in shown


def test_uvicorn_without_a_websocket_library_answers_404(marked: str) -> None:
    plain = websocket.try_without_library(lesson("websockets"), "/ws", set())
    assert plain.handshake.status == 404
    assert plain.command.endswith("--ws none")
    assert any("No supported WebSocket library" in w for w in plain.warnings)
    assert leftovers(marked) == []


@ON_LIVE_WS
def test_websocket_demo_run_passes_and_shows_both(live_ws: LiveServers, marked: str) -> None:
    con, out = console(140)
    assert websocket.run(lesson("websockets"), lesson("websockets").section("websocket"), live_ws, con) is True
    shown = flat(out.getvalue())
    assert shown.count('{"echo":"hello","count":1}') == 2
    assert "403 Forbidden" in shown and "400 Bad Request" in shown
    assert "404 Not Found" in shown and "--ws none" in shown
    assert "Every handshake and every echo matches" in shown
    assert leftovers(marked) == []  # the --ws none server is gone again


@ON_LIVE_WS
def test_websocket_demo_without_node_talks_to_fastapi_only(live_ws: LiveServers) -> None:
    con, out = console(80)
    table = {**lesson("websockets").section("websocket")}
    table.pop("without_library")
    alone = LiveServers(live_ws.fastapi, missing={stacks.DEFAULT.id: "Node.js is not on your PATH."})
    assert websocket.run(lesson("websockets"), table, alone, con) is True
    shown = flat(out.getvalue())
    assert "Talking to the FastAPI side only" in shown
    assert "Express (Node, ws)" not in shown


@ON_LIVE_WS_ALL
def test_websocket_echo_and_unknown_path_on_the_fastify_twin(live_ws_all: LiveServers) -> None:
    plan = websocket.plan_from_table(lesson("websockets").section("websocket"), tuple(lesson("websockets").twin_folders))
    texts = [m.send for m in plan.messages]
    fa = websocket.talk(live_ws_all.fastapi.spec.port, plan.path, texts)
    fy = websocket.talk(live_ws_all.twins[FASTIFY.id].spec.port, plan.path, texts)
    assert fy.handshake.status == 101
    assert websocket.conversation_problems(plan, "Fastify", fy) == []
    assert fy.replies == fa.replies
    assert fy.handshake.header("sec-websocket-extensions") is None  # ws under the plugin: no compression either
    # Every upgrade goes through Fastify's router: an unknown path is its ordinary JSON 404.
    nope = websocket.handshake(live_ws_all.twins[FASTIFY.id].spec.port, "/nope")
    assert nope.status == 404 and b"Route GET:/nope not found" in nope.body


@ON_LIVE_WS_ALL
def test_websocket_demo_with_both_twins_explains_each(live_ws_all: LiveServers, marked: str) -> None:
    one = lesson("websockets")
    table = {**one.section("websocket")}
    table.pop("without_library")  # shown by the tests above; not again here
    con, out = console(140)
    assert websocket.run(one, table, live_ws_all, con) is True
    shown = flat(out.getvalue())
    assert shown.count('{"echo":"hello","count":1}') == 3
    assert "Express (Node, ws)" in shown and "Fastify (Node, @fastify/websocket)" in shown
    assert "403 Forbidden" in shown and "400 Bad Request" in shown and "404 Not Found" in shown
    assert "Why (Express):" in shown and "Why (Fastify):" in shown
    assert "WebSocket echo, all 3 servers" in shown
    assert leftovers(marked) == []


@ON_LIVE_WS_ALL
def test_websocket_demo_against_fastify_alone_gives_its_reason_only(live_ws_all: LiveServers) -> None:
    one = lesson("websockets")
    table = {**one.section("websocket")}
    table.pop("without_library")
    con, out = console(120)
    alone = LiveServers(live_ws_all.fastapi, {FASTIFY.id: live_ws_all.twins[FASTIFY.id]})
    assert websocket.run(one, table, alone, con) is True
    shown = flat(out.getvalue())
    assert "Why: Starlette finds no WebSocket route" in shown and "Fastify's router" in shown
    assert "Express" not in shown and "created with" not in shown


# ----- lifespan -------------------------------------------------------------------


def test_lifespan_lines_at_startup_and_shutdown_on_both(node_binary: str, node_modules: Path) -> None:
    one = lesson("lifespan")
    table = one.section("lifespan")
    fa = start_fastapi(one)
    ex = start_twin(one, node_binary, node_modules)
    live = LiveServers(fa, {stacks.DEFAULT.id: ex})
    try:
        con, out = console(140)
        assert lifespan.run(one, table, live, con) is True
        assert "Both servers printed the start-up lines" in out.getvalue()
        assert "shutdown: closing the pantry" not in out.getvalue()
        servers.stop_all(live.all)  # what the engine does: SIGTERM to both groups
        assert not fa.running and not ex.running
        lifespan.after_stop(one, table, live, con)
    finally:
        servers.stop_and_clean([fa, ex])
    shown = flat(out.getvalue())
    assert "Both servers printed the shutdown lines the lesson expects" in shown
    assert shown.count("shutdown: closing the pantry") == 2
    # Uvicorn re-raises the signal after its clean shutdown; the twin exits 0 by hand.
    assert fa.proc.returncode == -signal.SIGTERM
    assert ex.proc.returncode == 0
    assert "ended by SIGTERM (a shell shows exit status 143)" in shown
    assert "exit code 0" in shown


def test_lifespan_against_fastify_closes_through_app_close(node_binary: str, stack_modules: dict[str, Path]) -> None:
    one = lesson("lifespan")
    table = one.section("lifespan")
    fa = start_fastapi(one)
    fy = start_twin(one, node_binary, stack_modules[FASTIFY.id], FASTIFY)
    live = LiveServers(fa, {FASTIFY.id: fy})
    try:
        con, out = console(140)
        assert lifespan.run(one, table, live, con) is True
        assert "Both servers printed the start-up lines" in out.getvalue()
        servers.stop_all(live.all)
        lifespan.after_stop(one, table, live, con)
    finally:
        servers.stop_and_clean([fa, fy])
    shown = flat(out.getvalue())
    assert "Both servers printed the shutdown lines the lesson expects" in shown
    assert shown.count("shutdown: closing the pantry") == 2
    assert fy.proc.returncode == 0  # its own SIGTERM handler: app.close(), then process.exit(0)
    assert "Why: Uvicorn catches SIGTERM" in shown and "Fastify installs no signal handlers" in shown
    assert "server.close()" not in shown


def test_fastify_without_its_signal_handler_skips_on_close(tmp_path: Path, node_binary: str,
                                                           stack_modules: dict[str, Path]) -> None:
    """What lesson 22 says of Fastify: no handler of its own, so SIGTERM ends Node (143) before onClose runs."""
    one = lesson("lifespan")
    source = (one.twin_folder(FASTIFY.id) / "server.js").read_text(encoding="utf-8")
    start = source.index("  for (const signal of")
    end = source.index("\n  }\n", start) + len("\n  }\n")
    (tmp_path / "server.js").write_text(source[:start] + source[end:], encoding="utf-8")
    bare = start_server(lambda port: servers.node_spec(FASTIFY, tmp_path, port, node_binary, stack_modules[FASTIFY.id]))
    try:
        assert "startup: pantry ready with 3 dishes" in bare.output()
        servers.stop_all([bare])
    finally:
        servers.stop_and_clean([bare])
    assert bare.proc.returncode == -signal.SIGTERM
    assert lifespan.describe_exit(bare.proc.returncode).endswith("(a shell shows exit status 143)")
    assert "shutdown" not in bare.output()


def test_lifespan_demo_without_node_shows_fastapi_only() -> None:
    one = lesson("lifespan")
    fa = start_fastapi(one)
    live = LiveServers(fa, missing={stacks.DEFAULT.id: "Node.js is not on your PATH."})
    try:
        con, out = console(80)
        assert lifespan.run(one, one.section("lifespan"), live, con) is True
        servers.stop_all(live.all)
        lifespan.after_stop(one, one.section("lifespan"), live, con)
    finally:
        servers.stop_and_clean([fa])
    shown = flat(out.getvalue())
    assert "Showing the FastAPI side only" in shown
    assert "The FastAPI server printed the shutdown lines the lesson expects" in shown
    assert "Express (Node)" not in shown


def test_lifespan_missing_lines_are_reported() -> None:
    plan = lifespan.Plan({"fastapi": Expected(("one", "two"), ("bye",)), stacks.DEFAULT.id: Expected(("x",), ("y",))})
    lines = ["two", "one"]  # out of order: "two" must come after "one"
    assert lifespan.missing(plan.sides["fastapi"].startup, lines) == ["two"]
    found = lifespan.problems(plan, "startup", {"fastapi": lines})
    assert found == ["FastAPI printed no line with 'two' at startup"]
    shown = flat(text(lifespan.render_phase("Start-up", {"fastapi": lines}, plan, "startup", 80)))
    assert "✗ missing: two" in shown


def test_lifespan_log_reading() -> None:
    log = ('INFO:     Started server process [1]\nstartup: a\nINFO:     127.0.0.1:5 - "GET / HTTP/1.1" 404 Not Found\n'
           "INFO:     Shutting down\n")
    assert lifespan.startup_lines(log) == ["INFO:     Started server process [1]", "startup: a"]
    assert lifespan.log_lines(log)[-1] == "INFO:     Shutting down"
    assert lifespan.describe_exit(-9).startswith("process killed with SIGKILL")
    assert lifespan.describe_exit(None) == "still running"


def test_after_stop_says_nothing_when_run_never_ran() -> None:
    one = lesson("lifespan")
    fa = start_fastapi(one)
    servers.stop_and_clean([fa])
    con, out = console()
    lifespan.after_stop(one, one.section("lifespan"), LiveServers(fa), con)
    assert out.getvalue() == ""


# ----- testing -------------------------------------------------------------------


def test_testing_demo_runs_both_files_and_both_pass(node_binary: str, node_modules: Path, marked: str) -> None:
    one = lesson("testing")
    twin_folder = one.twin_folder(stacks.DEFAULT.id)
    before = (snapshot(one.folder), snapshot(twin_folder))
    fa = start_fastapi(one)
    ex = start_twin(one, node_binary, node_modules)
    try:
        con, out = console(140)
        assert testing.run(one, one.section("testing"), LiveServers(fa, {stacks.DEFAULT.id: ex}), con) is True
    finally:
        servers.stop_and_clean([fa, ex])
    shown = flat(out.getvalue())
    ran = shown.split("To run them yourself")[0]
    assert "pytest test_main.py" in ran and "node --test server.test.js" in ran
    # and each as a line to paste from anywhere: into its folder first
    yourself = shown.split("To run them yourself")[1]
    assert f"$ cd {quoted(one.folder)} && " in yourself and "pytest test_main.py" in yourself
    assert f"$ cd {quoted(twin_folder)} && " in yourself
    assert "node --test server.test.js" in yourself
    assert shown.count("5 passed, 0 failed") == 2
    assert "Both test files pass." in shown
    assert (snapshot(one.folder), snapshot(twin_folder)) == before  # nothing written there
    assert leftovers(marked) == []


def test_testing_demo_runs_the_fastify_inject_file(node_binary: str, stack_modules: dict[str, Path],
                                                  marked: str) -> None:
    one = lesson("testing")
    twin_folder = one.twin_folder(FASTIFY.id)
    before = (snapshot(one.folder), snapshot(twin_folder))
    fa = start_fastapi(one)
    fy = start_twin(one, node_binary, stack_modules[FASTIFY.id], FASTIFY)
    try:
        con, out = console(140)
        assert testing.run(one, one.section("testing"), LiveServers(fa, {FASTIFY.id: fy}), con) is True
    finally:
        servers.stop_and_clean([fa, fy])
    shown = flat(out.getvalue())
    assert "node --test server.test.js" in shown and "node_equivalents/fastify/28-testing" in shown
    assert f"$ cd {quoted(twin_folder)} && " in shown.split("To run them yourself")[1]
    assert "app.inject" in shown and "supertest" not in shown
    assert shown.count("5 passed, 0 failed") == 2
    assert "Why: TestClient and app.inject() work alike" in shown
    assert (snapshot(one.folder), snapshot(twin_folder)) == before
    assert leftovers(marked) == []


def test_testing_in_depth_runs_every_test_file_and_each_passes(node_binary: str, stack_modules: dict[str, Path],
                                                               marked: str) -> None:
    """The testing-in-depth lesson's files prove its claims (overrides, anyio, the lifespan trap) on every stack."""
    one = next(item for item in LESSONS if item.slug.endswith("-testing-in-depth"))
    folders = [one.folder, *(one.twin_folder(stack.id) for stack in stacks.ALL)]
    before = [snapshot(folder) for folder in folders]
    fa = start_fastapi(one)
    twins = {stack.id: start_twin(one, node_binary, stack_modules[stack.id], stack) for stack in stacks.ALL}
    try:
        con, out = console(160)
        assert testing.run(one, one.section("testing"), LiveServers(fa, twins), con) is True
    finally:
        servers.stop_and_clean([fa, *twins.values()])
    shown = flat(out.getvalue())
    assert "6 passed, 0 failed" in shown  # pytest: two async tests under anyio among them
    assert "test_asgi_transport_skips_the_lifespan_too[asyncio]" in shown
    assert "5 passed, 0 failed" in shown and "4 passed, 0 failed" in shown  # supertest, inject
    assert "Every test file passes." in shown
    assert [snapshot(folder) for folder in folders] == before
    assert leftovers(marked) == []


def test_testing_demo_without_node_runs_pytest_only() -> None:
    one = lesson("testing")
    fa = start_fastapi(one)
    try:
        con, out = console(80)
        assert testing.run(one, one.section("testing"), LiveServers(fa, missing={stacks.DEFAULT.id: "Node.js is not on your PATH."}), con)
    finally:
        servers.stop_and_clean([fa])
    shown = flat(out.getvalue())
    assert "Running the FastAPI test file only" in shown
    assert "pytest test_main.py" in shown and "node --test server.test.js" not in shown
    assert "server.test.js" in shown  # the twin's test file is still shown, like the twin's code
    assert "The test file passes." in shown


def test_a_failing_test_file_makes_the_demo_fail(tmp_path: Path, node_binary: str, node_modules: Path) -> None:
    one = lesson("testing")
    py, js = tmp_path / "lesson", tmp_path / "twin"
    shutil.copytree(one.folder, py)
    shutil.copytree(one.twin_folder(stacks.DEFAULT.id), js)
    test_py = py / "test_main.py"
    test_py.write_text(test_py.read_text().replace("== 404", "== 410"))
    test_js = js / "server.test.js"
    test_js.write_text(test_js.read_text().replace("response.status, 404", "response.status, 410"))
    fa, ex = testing.run_all([
        ("FastAPI", "lesson", testing.pytest_spec(py, "test_main.py")),
        ("Express", "twin", testing.node_test_spec(js, "server.test.js", node_binary, node_modules)),
    ])
    assert (fa.passed, fa.failed, fa.ok) == (4, 1, False)
    assert (ex.passed, ex.failed, ex.ok) == (4, 1, False)
    assert len(testing.problems({"fastapi": fa, stacks.DEFAULT.id: ex})) == 2
    shown = flat(text(testing.render_runs({"fastapi": fa, stacks.DEFAULT.id: ex}, 80)))
    assert "FAILED test_main.py::test_missing_item_is_404" in shown
    assert "4 passed, 1 failed" in shown


def test_a_test_file_that_runs_no_test_is_not_a_pass(tmp_path: Path) -> None:
    (tmp_path / "test_empty.py").write_text("x = 1\n")
    (run,) = testing.run_all([("FastAPI", "tmp", testing.pytest_spec(tmp_path, "test_empty.py"))])
    assert run.passed == 0 and not run.ok
    assert "no tests ran" in text(testing.render_run(run, "green"))


def test_count_parsers() -> None:
    assert testing.pytest_counts("..\n1 failed, 3 passed, 1 error in 0.1s\n") == (3, 2)
    assert testing.node_counts("ℹ tests 5\nℹ pass 4\nℹ fail 1\n") == (4, 1)
    assert testing.node_counts("# tests 2\n# pass 2\n# fail 0\n") == (2, 0)
    assert testing.readable("ℹ pass 5\nℹ todo 0\n\nℹ duration_ms 3.2\n") == "ℹ pass 5"


def test_the_lesson_test_file_also_passes_by_hand() -> None:
    """What lesson.md tells the learner to type: plain `pytest test_main.py` from the folder."""
    import subprocess
    import sys

    one = lesson("testing")
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_main.py"],
                            cwd=one.folder, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
