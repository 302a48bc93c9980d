"""Requests and responses as data: what a demo or the learner sends, what a server answered.

`parse_request_line` turns what the learner types at the `request>` prompt
(`GET /items/abc`, `POST /items {"name": "x"}`, `-H 'X-Token: t'`) into a Request.
Nothing here sends anything (runtime/http.py does).
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


_HEADER_RE = re.compile(r"""-H\s+(?:'(?P<h1>[^']*)'|"(?P<h2>[^"]*)"|(?P<h3>\S+))\s*""")
_TOKEN_RE = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")  # what HTTP allows in a header name


class BadRequestLine(TutorError):
    """What the learner typed is not a request we can send; the message says why."""


def parse_request_line(line: str) -> Request:
    """Turn `GET /items/abc` or `POST /items {"name": "x"}` into a Request.

    A bare path means GET. The body, if any, is JSON unless it does not parse, in
    which case it is refused with the reason (so a typo is not sent as text).
    A header can be given as `-H 'Name: value'` after the path.
    """
    text = line.strip()
    if not text:
        raise BadRequestLine("Type a request like: GET /items/42")
    first, _, rest = text.partition(" ")
    if first.startswith("/"):
        method, rest = "GET", text
    else:
        method = first.upper()
        if method not in METHODS:
            raise BadRequestLine(f"{first!r} is not an HTTP method; use one of {', '.join(METHODS)}.")
    rest = rest.strip()
    if not rest.startswith("/"):
        raise BadRequestLine("The path must start with '/', like: GET /items/42")
    path, _, tail = rest.partition(" ")
    headers: dict[str, str] = {}
    tail = tail.strip()
    while tail.startswith("-H"):
        match = _HEADER_RE.match(tail)
        header = next((g for g in match.groups() if g is not None), "") if match else ""
        if not match or ":" not in header:
            raise BadRequestLine("Write a header as -H 'Name: value'.")
        name, _, value = header.partition(":")
        name, value = name.strip(), value.strip()
        if not _TOKEN_RE.fullmatch(name):
            raise BadRequestLine(f"{name!r} is not a header name: letters, digits and - only, like -H 'X-Token: abc'.")
        try:
            value.encode("latin-1")
        except UnicodeEncodeError:
            raise BadRequestLine(f"The {name} header holds characters HTTP headers cannot carry "
                                 "(only Latin-1); percent-encode them, like %E6%9D%B1.") from None
        headers[name] = value
        tail = tail[match.end():]
    try:
        path.encode("ascii")
    except UnicodeEncodeError:
        from urllib.parse import quote

        path = quote(path, safe="/?=&%#+:@!$'()*,;~")
    if not tail:
        return Request(method, path, headers=headers)
    spaced = BadRequestLine(
        f"{tail.split()[0]!r} after the path is not JSON. Paths cannot contain spaces (write %20, like "
        f"GET /a%20b); a body goes after the path as JSON, like {{\"name\": \"x\"}}."
    )
    if tail[0] not in '{["-0123456789tfn':
        raise spaced
    if len(tail.encode()) > MAX_BODY:
        raise BadRequestLine(f"That body is {len(tail.encode()):,} bytes; the prompt sends at most {MAX_BODY:,}.")
    try:
        value = json.loads(tail)
    except json.JSONDecodeError as exc:
        if tail[0] not in '{["' and len(tail.split()) > 1:  # `?q=rock n roll`: words, not a JSON scalar
            raise spaced from None
        raise BadRequestLine(f"The body is not valid JSON ({exc.msg} at column {exc.colno}); write it like {{\"name\": \"x\"}}.") from None
    return Request(method, path, value, True, headers=headers)
