"""The interactive prompt's parsing and the comparison of two answers."""

from __future__ import annotations

import pytest

from fastapi_uvicorn_tutor.course.messages import BadRequestLine, Request, parse_prompt_line, parse_request_line
from fastapi_uvicorn_tutor.runtime import ports
from fastapi_uvicorn_tutor.runtime.client import send


@pytest.mark.parametrize(("line", "answer"), [
    ("GET /x -H ': v'", "header name"),
    ("GET /x -H 'Bad\tName: v'", "header name"),
    ("GET /x -H 'X-Town: 東京'", "Latin-1"),
])
def test_a_header_http_client_cannot_send_is_refused_with_a_sentence(line: str, answer: str) -> None:
    with pytest.raises(BadRequestLine, match=answer):
        parse_request_line(line)


def test_a_header_value_may_hold_a_colon_and_latin_1() -> None:
    request = parse_request_line("GET /x -H 'Referer: http://a.example:8080/p' -H 'X-Name: José'")
    assert request.headers == {"Referer": "http://a.example:8080/p", "X-Name": "José"}


def test_send_never_raises_for_a_header_it_cannot_encode() -> None:
    port = ports.pick_port(None)  # nothing listens: the header fails before any connection
    for headers in ({"": "v"}, {"X": "東京"}):
        answer = send(port, Request("GET", "/", headers=headers))
        assert answer.error, headers


@pytest.mark.parametrize("line", ["GET /search?q=rock n roll", "GET /search?q=tea for two", "GET /search?q=4 seasons"])
def test_a_space_in_the_query_gets_the_path_hint_even_when_the_next_word_looks_like_json(line: str) -> None:
    with pytest.raises(BadRequestLine, match="Paths cannot contain spaces"):
        parse_request_line(line)


def test_a_broken_json_body_still_names_the_json_error() -> None:
    with pytest.raises(BadRequestLine, match="not valid JSON"):
        parse_request_line('POST /items {"name": ')
    with pytest.raises(BadRequestLine, match="not valid JSON"):
        parse_request_line("POST /items tru")


@pytest.mark.parametrize(("content_type", "body"), [
    ("application/json", b'{"detail": [{"input": "' + b"x" * 200_000 + b'"}]}'),
    ("text/plain", b"y" * 200_000),
    ("text/html", b"<pre>" + b"z" * 200_000 + b"</pre>"),
])
def test_a_huge_one_line_body_is_cut_not_printed_in_full(content_type: str, body: bytes) -> None:
    # A 1 MB body sent at the prompt comes back in a 422; it must not flood the terminal.
    import io

    from rich.console import Console

    from fastapi_uvicorn_tutor.course.messages import Response
    from fastapi_uvicorn_tutor.ui import render

    answer = Response(422, "Unprocessable Content", (("content-type", content_type),), body)
    console = Console(file=io.StringIO(), width=100)
    console.print(render.exchange("POST /items", answer, {"express": answer}, None, 100))
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert len(out.splitlines()) < 80, len(out.splitlines())
    assert "more characters" in out


@pytest.mark.parametrize("name", ["content-type", "CONTENT-TYPE", "Content-Type"])
def test_a_content_type_given_at_the_prompt_is_the_only_one_sent(name: str) -> None:
    request = parse_request_line(f"POST /items -H '{name}: text/plain' {{\"a\": 1}}")
    body, headers = request.encoded()
    assert body == b'{"a": 1}'
    assert [(k, v) for k, v in headers.items() if k.lower() == "content-type"] == [(name, "text/plain")]


def test_a_binary_body_is_summarised_not_sent_to_the_terminal() -> None:
    # An image or a gzip body at the prompt: its NULs and ESC sequences would reach the
    # learner's terminal raw (\x0e alone switches some terminals to line drawing).
    import io

    from rich.console import Console

    from fastapi_uvicorn_tutor.course.messages import Response
    from fastapi_uvicorn_tutor.ui import render

    body = b"\x89PNG\r\n\x1a\n\x00\x00\x0e\x1b[31mRED\x1b[0m\x07" + bytes(range(256)) * 4
    answer = Response(200, "OK", (("content-type", "image/png"),), body)
    console = Console(file=io.StringIO(), width=100, force_terminal=True, color_system=None)
    console.print(render.exchange("GET /logo.png", answer, {"express": answer}, None, 100))
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert not set(out) & {"\x00", "\x07", "\x0e", "\x1a", "\x1b"}, repr(out[-300:])
    assert f"{len(body):,} bytes" in out and "binary" in out


def test_text_with_tabs_and_crlf_is_still_shown() -> None:
    import io

    from rich.console import Console

    from fastapi_uvicorn_tutor.course.messages import Response
    from fastapi_uvicorn_tutor.ui import render

    answer = Response(200, "OK", (("content-type", "text/plain"),), b"a\tb\r\nsecond line, caf\xc3\xa9\r\n")
    console = Console(file=io.StringIO(), width=100)
    console.print(render.exchange("GET /t", answer, {"express": answer}, None, 100))
    out = console.file.getvalue()  # type: ignore[attr-defined]
    assert "second line, café" in out and "binary" not in out


# ----- where the options go (curl habits) ---------------------------------------------------------


@pytest.mark.parametrize("line", [
    "POST /items {\"name\": \"tea\"} -H 'Content-Type: text/plain'",
    "POST /items -H 'Content-Type: text/plain' {\"name\": \"tea\"}",
    "POST -H 'Content-Type: text/plain' /items {\"name\": \"tea\"}",
    "-H \"Content-Type: text/plain\" POST /items {\"name\": \"tea\"}",
])
def test_a_header_goes_anywhere_on_the_line(line: str) -> None:
    typed = parse_prompt_line(line)
    assert typed.request == Request("POST", "/items", {"name": "tea"}, True, headers={"Content-Type": "text/plain"})
    assert typed.verbose is False


@pytest.mark.parametrize("line", ["-v GET /", "GET -v /", "/ -v", "POST / {\"a\": [1, 2]} -v", "GET / --verbose"])
def test_v_anywhere_asks_for_every_header_and_is_not_sent(line: str) -> None:
    typed = parse_prompt_line(line)
    assert typed.verbose is True
    assert typed.request.path == "/" and typed.request.headers == {}


def test_a_body_holding_option_like_text_stays_one_body() -> None:
    request = parse_request_line('POST /notes {"text": "curl -v -H \'X: y\'"} -H "X-Token: t"')
    assert request.json == {"text": "curl -v -H 'X: y'"} and request.headers == {"X-Token": "t"}


@pytest.mark.parametrize(("line", "answer"), [
    ('POST /items {"a": 1} extra', "after the body is neither JSON nor an option"),
    ('POST /items {"a": 1} -H', "Write a header as -H 'Name: value'"),
    ("POST /items -H 'no colon' {}", "Write a header as -H 'Name: value'"),
    ("-v", "The path must start with '/'"),
])
def test_what_follows_the_body_must_be_an_option(line: str, answer: str) -> None:
    with pytest.raises(BadRequestLine, match=answer):
        parse_prompt_line(line)
