"""Send one request to both servers and compare the answers with the lesson's claim.

Uses the standard library's `http.client`: one plain request per server is all a
lesson needs, and the tutor starts faster without a client library to import.
"""

from __future__ import annotations

import http.client
import json
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from fastapi_uvicorn_tutor.catalog import METHODS, Demo, Side

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


def send(port: int, request: Request, timeout: float = 10.0, host: str = "127.0.0.1") -> Response:
    """One HTTP request; failures come back as Response.error, never raised."""
    body, headers = request.encoded()
    started = time.perf_counter()
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        conn.request(request.method, request.path, body=body, headers=headers)
        raw = conn.getresponse()
        data = raw.read()
        return Response(raw.status, raw.reason, tuple(raw.getheaders()), data, time.perf_counter() - started)
    except (OSError, http.client.HTTPException, ValueError) as exc:  # ValueError: a header it cannot encode
        return Response(error=f"{exc.__class__.__name__}: {exc}" if str(exc) else exc.__class__.__name__,
                        elapsed=time.perf_counter() - started)
    finally:
        conn.close()


_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="exchange")


def send_both(fastapi_port: int, express_port: int | None, request: Request) -> tuple[Response, Response | None]:
    """The same request to both servers at once (Express skipped when it is not running)."""
    fa = _POOL.submit(send, fastapi_port, request)
    ex = _POOL.submit(send, express_port, request) if express_port else None
    return fa.result(), ex.result() if ex else None


# ----- comparing ------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """How a pair of answers matches the lesson's claim, and where the two differ."""

    ok: bool
    problems: tuple[str, ...]
    differs: frozenset[str]  # of "status", "content-type", "body", or a header name


def side_problems(side: Side, response: Response, who: str) -> list[str]:
    """Sentences for each way `response` misses what `side` declares."""
    if response.error:
        return [f"{who} did not answer: {response.error}"]
    found: list[str] = []
    if side.status is not None and response.status != side.status:
        found.append(f"{who} answered {response.status}, the lesson expects {side.status}")
    if side.has_json and response.parsed() != side.json:
        found.append(f"{who} body {json.dumps(response.parsed())[:200]} is not the expected {json.dumps(side.json)[:200]}")
    if side.body_contains is not None and side.body_contains not in response.text:
        found.append(f"{who} body does not contain {side.body_contains!r}")
    for name, value in side.headers.items():
        actual = response.header(name)
        if actual != value:
            found.append(f"{who} header {name} is {actual!r}, the lesson expects {value!r}")
    for name in side.headers_present:
        if response.header(name) is None:
            found.append(f"{who} does not send {name}, the lesson says it does")
    for name in side.headers_absent:
        if response.header(name) is not None:
            found.append(f"{who} sends {name}, the lesson says it does not")
    return found


def _media_type(response: Response) -> str:
    return (response.header("content-type") or "").split(";")[0].strip().lower()


def differences(fa: Response, ex: Response, headers: tuple[str, ...] = ()) -> frozenset[str]:
    """Which visible aspects of the two answers differ.

    Content types are compared by media type: the `; charset=utf-8` Express adds to
    JSON is lesson 01's point, not news on every request. Headers each stack always
    sets on its own (server, x-powered-by, etag, lengths) count only when named.
    """
    found = set()
    if fa.status != ex.status:
        found.add("status")
    if _media_type(fa) != _media_type(ex):
        found.add("content-type")
    if fa.parsed() != ex.parsed():
        found.add("body")
    for name in ("location", "allow", "set-cookie", "access-control-allow-origin") + headers:
        if fa.header(name) != ex.header(name):
            found.add(name)
    return frozenset(found)


def judge(demo: Demo, fa: Response, ex: Response | None) -> Verdict:
    """Check both answers against the demo's declaration in lesson.toml."""
    problems = side_problems(demo.fastapi, fa, "FastAPI")
    if demo.status is not None and not fa.error and fa.status != demo.status:
        problems.append(f"FastAPI answered {fa.status}, the lesson expects {demo.status}")
    if ex is None:
        return Verdict(not problems, tuple(problems), frozenset())
    problems += side_problems(demo.express, ex, "Express")
    if demo.status is not None and not ex.error and ex.status != demo.status:
        problems.append(f"Express answered {ex.status}, the lesson expects {demo.status}")
    declared = _declared_headers(demo)
    diff = differences(fa, ex, demo.show_headers + declared) if not (fa.error or ex.error) else frozenset({"status"})
    if demo.expect == "same" and (diff & {"status", "body"}):
        problems.append(f"the lesson says both answer the same, but they differ in {', '.join(sorted(diff & {'status', 'body'}))}")
    if demo.expect == "differs" and not diff:
        problems.append("the lesson says the answers differ, but they look the same")
    return Verdict(not problems, tuple(problems), diff)


def _declared_headers(demo: Demo) -> tuple[str, ...]:
    """Headers the lesson makes a point of, on either side."""
    names = [*demo.fastapi.headers, *demo.express.headers, *demo.fastapi.headers_present,
             *demo.express.headers_present, *demo.fastapi.headers_absent, *demo.express.headers_absent]
    return tuple(dict.fromkeys(names))


# ----- the learner's own requests -----------------------------------------------


_HEADER_RE = re.compile(r"""-H\s+(?:'(?P<h1>[^']*)'|"(?P<h2>[^"]*)"|(?P<h3>\S+))\s*""")
_TOKEN_RE = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")  # what HTTP allows in a header name


class BadRequestLine(ValueError):
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
