"""Requests and responses as data: what a demo or the learner sends, what a server answered.

`parse_prompt_line` turns what the learner types at the `request>` prompt
(`GET /items/abc`, `POST /items {"name": "x"} -H 'X-Token: t'`, `-v /`) into a Request
and how to show its answers. Nothing here sends anything (runtime/client.py does).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from fastapi_uvicorn_tutor.course.catalog import METHODS, Demo
from fastapi_uvicorn_tutor.errors import TutorError

MAX_BODY = 1_000_000  # bytes the interactive prompt will send


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    json: Any = None
    has_json: bool = False
    body: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_demo(cls, demo: Demo) -> Request:
        return cls(demo.method, demo.path, demo.json, demo.has_json, demo.body, dict(demo.headers))

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"

    def encoded(self) -> tuple[bytes | None, dict[str, str]]:
        headers = dict(self.headers)
        if self.has_json:
            if not any(name.lower() == "content-type" for name in headers):  # `-H 'content-type: ...'` wins, alone
                headers["Content-Type"] = "application/json"
            return json.dumps(self.json).encode(), headers
        if self.body is not None:
            return self.body.encode(), headers
        return None, headers


@dataclass(frozen=True)
class Response:
    """What one server answered (or the error that stopped it answering)."""

    status: int = 0
    reason: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    elapsed: float = 0.0
    error: str | None = None

    def header(self, name: str) -> str | None:
        name = name.lower()
        for key, value in self.headers:
            if key.lower() == name:
                return value
        return None

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def is_json(self) -> bool:
        return "json" in (self.header("content-type") or "")

    def parsed(self) -> Any:
        """The JSON value of the body, or its text when it is not JSON."""
        if self.is_json:
            try:
                return json.loads(self.body)
            except ValueError:
                return self.text
        return self.text



# ----- the learner's own requests -----------------------------------------------


_HEADER_VALUE_RE = re.compile(r"""'(?P<h1>[^']*)'|"(?P<h2>[^"]*)"|(?P<h3>\S+)""")
_TOKEN_RE = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")  # what HTTP allows in a header name
HEADER_OPTIONS = ("-H", "--header")
VERBOSE_OPTIONS = ("-v", "--verbose")
_JSON_START = '{["-0123456789tfn'


class BadRequestLine(TutorError):
    """What the learner typed is not a request we can send; the message says why."""


@dataclass(frozen=True)
class PromptLine:
    """One line typed at the `request>` prompt: the request, and how to show its answers."""

    request: Request
    verbose: bool = False  # `-v`: every response header of every server


def _word_at(text: str, start: int) -> tuple[str, int]:
    """The run of non-space characters at `start`, and where it ends."""
    end = start
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end], end


def _header(raw: str) -> tuple[str, str]:
    """`Name: value` as a header HTTP can carry, else BadRequestLine with the reason."""
    if ":" not in raw:
        raise BadRequestLine("Write a header as -H 'Name: value'.")
    name, _, value = raw.partition(":")
    name, value = name.strip(), value.strip()
    if not _TOKEN_RE.fullmatch(name):
        raise BadRequestLine(f"{name!r} is not a header name: letters, digits and - only, like -H 'X-Token: abc'.")
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        raise BadRequestLine(f"The {name} header holds characters HTTP headers cannot carry "
                             "(only Latin-1); percent-encode them, like %E6%9D%B1.") from None
    return name, value


def _header_option(text: str, start: int) -> tuple[str, str, int]:
    """The header after a `-H` whose value starts at `start` (quoted or one word): name, value, end."""
    match = _HEADER_VALUE_RE.match(text, start)
    if not match:
        raise BadRequestLine("Write a header as -H 'Name: value'.")
    name, value = _header(next(g for g in match.groups() if g is not None))
    return name, value, match.end()


def _spaced(word: str) -> BadRequestLine:
    return BadRequestLine(
        f"{word!r} after the path is not JSON. Paths cannot contain spaces (write %20, like "
        f"GET /a%20b); a body goes after the path as JSON, like {{\"name\": \"x\"}}."
    )


def _json_body(text: str, start: int) -> tuple[Any, int]:
    """The JSON value that starts at `start`, and where it ends (what follows may be options)."""
    rest = text[start:]
    if rest[0] not in _JSON_START:
        raise _spaced(rest.split()[0])
    if len(rest.encode()) > MAX_BODY:
        raise BadRequestLine(f"That body is {len(rest.encode()):,} bytes; the prompt sends at most {MAX_BODY:,}.")
    try:
        value, end = json.JSONDecoder().raw_decode(rest)
    except json.JSONDecodeError as exc:
        if rest[0] not in '{["' and len(rest.split()) > 1:  # `?q=rock n roll`: words, not a JSON scalar
            raise _spaced(rest.split()[0]) from None
        raise BadRequestLine(f"The body is not valid JSON ({exc.msg} at column {exc.colno}); write it like {{\"name\": \"x\"}}.") from None
    return value, start + end


def parse_prompt_line(line: str) -> PromptLine:
    """Turn `GET /items/abc`, `POST /items {"name": "x"} -H 'X-Token: t'` or `-v GET /` into a PromptLine.

    A bare path means GET. The body, if any, is JSON unless it does not parse, in
    which case it is refused with the reason (so a typo is not sent as text). As with
    curl, `-H 'Name: value'` (a header) and `-v` (show every response header) may come
    anywhere on the line: before the path, after it, after the body.
    """
    text = line.strip()
    if not text:
        raise BadRequestLine("Type a request like: GET /items/42")
    method: str | None = None
    path: str | None = None
    body: tuple[Any] | None = None  # a 1-tuple, so a JSON null is a body too
    headers: dict[str, str] = {}
    verbose = False
    body_word = ""
    at = 0
    while True:
        while at < len(text) and text[at].isspace():
            at += 1
        if at >= len(text):
            break
        word, end = _word_at(text, at)
        if word in HEADER_OPTIONS:
            value_at = end
            while value_at < len(text) and text[value_at].isspace():
                value_at += 1
            name, value, at = _header_option(text, value_at)
            headers[name] = value
        elif word in VERBOSE_OPTIONS:
            verbose, at = True, end
        elif path is None:
            if method is None and not word.startswith("/"):
                method = word.upper()
                if method not in METHODS:
                    raise BadRequestLine(f"{word!r} is not an HTTP method; use one of {', '.join(METHODS)}.")
            elif not word.startswith("/"):
                raise BadRequestLine("The path must start with '/', like: GET /items/42")
            else:
                path = word
            at = end
        elif body is None:
            body_word = word
            value, at = _json_body(text, at)
            body = (value,)
        elif isinstance(body[0], (dict, list)):
            raise BadRequestLine(f"{word!r} after the body is neither JSON nor an option (-H 'Name: value', -v); "
                                 "a body is one JSON value.")
        else:  # `?q=4 seasons`: the 4 looked like a body, but the words are a path with a space
            raise _spaced(body_word)
    if path is None:
        raise BadRequestLine("The path must start with '/', like: GET /items/42")
    try:
        path.encode("ascii")
    except UnicodeEncodeError:
        from urllib.parse import quote

        path = quote(path, safe="/?=&%#+:@!$'()*,;~")
    request = Request(method or "GET", path, headers=headers) if body is None else \
        Request(method or "GET", path, body[0], True, headers=headers)
    return PromptLine(request, verbose)


def parse_request_line(line: str) -> Request:
    """The request of a prompt line (see `parse_prompt_line`)."""
    return parse_prompt_line(line).request
