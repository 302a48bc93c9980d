"""Every lesson: its FastAPI app in-process, its twin on real Node, and both live.

The parity test is the one that keeps lessons honest: each demo request goes to
both live servers and the answers must match what lesson.toml claims, so a
framework upgrade that changes behaviour fails here, not in front of a learner.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import cast

import pytest
from fastapi.testclient import TestClient
from starlette.types import ASGIApp
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from fastapi_uvicorn_tutor.course import catalog, stacks, validation
from fastapi_uvicorn_tutor.course.messages import Request, Response
from fastapi_uvicorn_tutor.course.verdicts import judge, side_problems
from fastapi_uvicorn_tutor.runtime import servers
from fastapi_uvicorn_tutor.runtime.client import send

from ..conftest import LESSONS, import_lesson_app, lesson_ids, start_server

SERVER_ONLY_HEADERS = ("server", "date", "transfer-encoding", "connection")


def test_catalog_is_valid() -> None:
    assert validation.validate() == []
    assert len(LESSONS) >= 4


@pytest.mark.parametrize("lesson", LESSONS, ids=lesson_ids())
def test_fastapi_app_answers_its_demos_in_process(lesson: catalog.Lesson) -> None:
    module = import_lesson_app(lesson)
    # Served as `uvicorn main:app` serves it: from 127.0.0.1, which Uvicorn trusts for X-Forwarded-For/-Proto
    # by default. Unhandled errors become the 500 a real server sends, as lessons show them.
    served = cast(ASGIApp, ProxyHeadersMiddleware(module.app))  # Uvicorn's ASGI types are stricter than Starlette's
    with TestClient(served, follow_redirects=False, raise_server_exceptions=False, client=("127.0.0.1", 50000)) as client:
        for demo in lesson.demos:
            request = Request.from_demo(demo)
            body, headers = request.encoded()
            got = client.request(demo.method, demo.path, content=body, headers=headers)
            response = Response(got.status_code, got.reason_phrase, tuple(got.headers.items()), got.content)
            expected_status = demo.fastapi.status or demo.status
            if expected_status is not None:
                assert got.status_code == expected_status, f"{demo.label}: {got.text[:300]}"
            # Headers only the real server adds (server, date, chunked framing) are checked live, below.
            problems = [p for p in side_problems(demo.fastapi, response, "FastAPI")
                        if not any(f"header {name} " in p for name in SERVER_ONLY_HEADERS)]
            assert problems == [], demo.label


def test_parity_every_demo_matches_its_declaration(live_set) -> None:  # type: ignore[no-untyped-def]
    """Each demo goes once, in order, to every live server, as `tutor next` sends them: a lesson's demos may
    build on each other (a row created, then created again), so no other test sends them to these servers."""
    lesson, fastapi, twins = live_set
    assert twins.keys() == lesson.twin_folders.keys()
    for demo in lesson.demos:
        request = Request.from_demo(demo)
        answers = {sid: send(twin.spec.port, request) for sid, twin in twins.items()}
        for sid, response in answers.items():
            assert response.error is None, f"{sid} {demo.label}: {response.error}"
        verdict = judge(demo, send(fastapi.spec.port, request), answers)
        assert verdict.ok, f"{lesson.slug} {demo.label}: {verdict.problems}"
        assert verdict.differs.keys() == twins.keys()


def test_the_database_lesson_leaves_no_file_behind(tmp_path: Path, node_binary: str,
                                                   stack_modules: dict[str, Path]) -> None:
    """The database lesson keeps each run's database in a new temporary folder: a file there while its servers run,
    nothing left once they stop, and nothing ever written into the lesson's own folders."""
    from dataclasses import replace

    lesson = catalog.find_lesson(LESSONS, "a-database")
    temp = tmp_path / "temp"
    temp.mkdir()
    env = {"TMPDIR": str(temp), "TEMP": str(temp), "TMP": str(temp)}  # what tempfile and os.tmpdir() read

    def files(folder: Path) -> dict[Path, int]:  # bytecode aside: the in-process test may import main.py
        return {path: path.stat().st_mtime_ns for path in folder.rglob("*")
                if path.is_file() and "__pycache__" not in path.parts}

    def with_env(spec: servers.ServerSpec) -> servers.ServerSpec:
        return replace(spec, env={**spec.env, **env})

    folders = [lesson.folder, *lesson.twin_folders.values()]
    before = [files(folder) for folder in folders]
    started = [start_server(lambda port: with_env(servers.uvicorn_spec(lesson.folder, port)))]
    try:
        for stack in stacks.ALL:
            if lesson.has_twin(stack.id):
                started.append(start_server(lambda port, stack=stack: with_env(servers.node_spec(
                    stack, lesson.twin_folder(stack.id), port, node_binary, stack_modules[stack.id],
                    node_args=lesson.node_args_for(stack.id)))))
        for demo in lesson.demos:
            for server in started:
                assert send(server.spec.port, Request.from_demo(demo)).error is None
        assert sorted(path.name for path in temp.glob("*/*")) == ["shop.db"] * len(started)
    finally:
        servers.stop_and_clean(started)
    assert list(temp.iterdir()) == []
    assert [files(folder) for folder in folders] == before


TWINS = [(lesson, stack) for lesson in LESSONS for stack in stacks.ALL if lesson.has_twin(stack.id)]


@pytest.mark.parametrize(("lesson", "stack"), TWINS, ids=[f"{stack.id}-{lesson.slug}" for lesson, stack in TWINS])
def test_twin_fails_loudly_on_a_busy_port(lesson: catalog.Lesson, stack: stacks.Stack, node_binary: str,
                                          stack_modules: dict[str, Path]) -> None:
    """The contract: a twin whose port is taken exits non-zero and says EADDRINUSE."""
    import socket
    import subprocess

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        spec = servers.node_spec(stack, lesson.twin_folder(stack.id), port, node_binary, stack_modules[stack.id],
                                 node_args=lesson.node_args_for(stack.id))
        env = {**os.environ, **spec.env}
        result = subprocess.run(spec.argv, cwd=spec.cwd, env=env, capture_output=True, text=True, timeout=30)
    assert result.returncode != 0, f"{lesson.slug}: the twin exited 0 on a busy port; check the listen callback's err"
    assert "EADDRINUSE" in result.stdout + result.stderr


def test_validator_reads_special_demo_tables(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A broken [concurrency] (or other special) table fails the catalog check, with a sentence."""
    from ..cli.test_faults import SLUG, make_course

    course = make_course(tmp_path / "course", None)
    toml = course / "lessons" / SLUG / "lesson.toml"
    toml.write_text(toml.read_text() + "\n[concurrency]\nrequests = 1\n")
    problems = validation.validate(course)
    assert any("[concurrency] requests must be an integer" in p for p in problems), problems


@pytest.mark.parametrize(("table", "sentence"), [
    ('[fuzz]\nskip = [{ method = "GET", path = "/boom" }]', "leaves GET /boom out but gives no `why`"),
    ('[fuzz]\nskip = [{ method = "FETCH", path = "/boom", why = "x" }]', "method must be one of"),
    ('[fuzz]\nskip = [{ method = "GET", path = "boom", why = "x" }]', "path must be a string starting with '/'"),
    ('[fuzz]\nskip = [{ path = "/a", why = "x" }]', "method must be one of"),
    ('[fuzz]\nskip = [{ method = "GET", path = "/a", why = "x" }, { method = "get", path = "/a", why = "y" }]', "skips GET /a more than once"),
    ("[fuzz]\nrequest_timeout = 0", "request_timeout must be a number of seconds above 0"),
    ("[fuzz]\nmax_examples = 50", "max_examples must be a whole number from 1 to 10"),
    ('[fuzz]\nskip_lesson = "no OpenAPI"\nmax_examples = 2', "skips the whole lesson, so its other keys"),
    ('[fuzz]\nskip_lesson = ""', "skip_lesson must be a sentence"),
    ("[fuzz]\nskip_operations = []", "unknown keys: skip_operations"),
    ('fuzz = "off"', "[fuzz] must be a table"),
])
def test_validator_reads_the_fuzz_table(tmp_path, table: str, sentence: str) -> None:  # type: ignore[no-untyped-def]
    """A broken [fuzz] table fails the catalog check with a sentence naming the lesson."""
    from ..cli.test_faults import SLUG, make_course

    course = make_course(tmp_path / "course", None)
    toml = course / "lessons" / SLUG / "lesson.toml"
    text = toml.read_text()
    toml.write_text(f"{table}\n{text}" if not table.startswith("[") else f"{text}\n{table}\n")
    problems = validation.validate(course)
    assert any(sentence in p and SLUG in p for p in problems), problems


def test_fuzz_plan_reads_the_declarations() -> None:
    """No table: fuzz everything with the defaults; lesson 11 leaves its crash demo out, with a reason."""
    from fastapi_uvicorn_tutor.course import fuzz

    by_name = {lesson.slug[3:]: lesson for lesson in LESSONS}  # by name: numbers move when lessons are added
    assert fuzz.fuzz_plan(by_name["chef-and-waiter"]) == fuzz.FuzzPlan()
    errors = fuzz.fuzz_plan(by_name["errors"])
    assert [(op.method, op.path) for op in errors.skip] == [("GET", "/boom")]
    assert "500 on purpose" in errors.skip[0].why
    slow = fuzz.fuzz_plan(by_name["async-and-the-event-loop"])
    assert slow.request_timeout > 5  # /sync-sleep and friends may take `le=5` seconds by design
    assert fuzz.fuzz_plan(by_name["asgi-by-hand"]).skip_lesson


def test_a_lesson_toml_that_is_not_utf8_is_a_catalog_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A lesson.toml saved as Latin-1 (an editor's choice) fails with a sentence, not a traceback."""
    from ..cli.test_faults import SLUG, make_course

    course = make_course(tmp_path / "course", None)
    toml = course / "lessons" / SLUG / "lesson.toml"
    toml.write_bytes(toml.read_bytes() + '\n# café\n'.encode("latin-1"))
    with pytest.raises(catalog.CatalogError, match="UTF-8"):
        catalog.load_catalog(course)


@pytest.mark.parametrize("lesson", LESSONS, ids=lesson_ids())
def test_title_and_summary_read_right_against_each_stack(lesson: catalog.Lesson) -> None:
    """A learner comparing with one stack never reads another stack's name in a lesson's title or summary."""
    for stack in stacks.ALL:
        if not lesson.has_twin(stack.id):
            continue
        others = [other.label for other in stacks.ALL if other is not stack]
        for text in (lesson.title_for(stack.id), lesson.summary_for(stack.id)):
            assert not [label for label in others if label in text], f"{stack.id}: {text}"


def test_a_key_under_recap_that_is_no_side_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A line written after the [recap] header belongs to the table: one that is not a side is caught."""
    from ..cli.test_faults import SLUG, make_course

    course = make_course(tmp_path / "course", None)
    toml = course / "lessons" / SLUG / "lesson.toml"
    toml.write_text(toml.read_text().replace("[recap]\n", '[recap]\ntry = ["GET /"]\n', 1))
    problems = validation.validate(course)
    assert any("[recap] maps each side" in p for p in problems), problems


def test_repeat_builds_a_big_json_body_from_a_short_declaration(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`repeat = { field = N }` makes a demo's JSON string field N copies long; a bad one is a sentence."""
    demo = catalog._demo({"method": "POST", "path": "/n", "json": {"text": "ab", "n": 1}, "repeat": {"text": 3}}, "d")
    assert demo.json == {"text": "ababab", "n": 1}
    with pytest.raises(catalog.CatalogError, match="repeat 'n'"):
        catalog._demo({"method": "POST", "path": "/n", "json": {"n": 1}, "repeat": {"n": 3}}, "d")
