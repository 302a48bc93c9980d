"""Compare answers with what a lesson declares, and with each other.

A Verdict says whether a pair of answers matches a demo's declaration in
lesson.toml, and which visible aspects of the two answers differ.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from fastapi_uvicorn_tutor.course.catalog import Demo, Side
from fastapi_uvicorn_tutor.course.messages import Response


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

