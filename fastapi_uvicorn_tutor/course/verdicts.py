"""Compare answers with what a lesson declares, and with each other.

A Verdict says whether FastAPI's answer and each twin's match a demo's declaration
in lesson.toml, and which visible aspects of each twin's answer differ from FastAPI's.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from fastapi_uvicorn_tutor.course import stacks
from fastapi_uvicorn_tutor.course.catalog import Demo, Side
from fastapi_uvicorn_tutor.course.messages import Response


@dataclass(frozen=True)
class Verdict:
    """How FastAPI's answer and each twin's match the lesson's claim, and where each twin differs."""

    ok: bool
    problems: tuple[str, ...]
    differs: Mapping[str, frozenset[str]] = field(default_factory=dict)  # stack id -> aspects that differ from FastAPI

    @property
    def any_differs(self) -> frozenset[str]:
        """Every aspect in which some twin differs from FastAPI."""
        return frozenset().union(*self.differs.values())


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


def differences(fa: Response, twin: Response, headers: tuple[str, ...] = ()) -> frozenset[str]:
    """Which visible aspects of FastAPI's answer and a twin's differ.

    Content types are compared by media type: the `; charset=utf-8` a Node stack adds
    to JSON is lesson 01's point, not news on every request. Headers each stack always
    sets on its own (server, x-powered-by, etag, lengths) count only when named.
    """
    found = set()
    if fa.status != twin.status:
        found.add("status")
    if _media_type(fa) != _media_type(twin):
        found.add("content-type")
    if fa.parsed() != twin.parsed():
        found.add("body")
    for name in ("location", "allow", "set-cookie", "access-control-allow-origin") + headers:
        if fa.header(name) != twin.header(name):
            found.add(name)
    return frozenset(found)


def compare_all(fa: Response, twins: Mapping[str, Response], headers: tuple[str, ...] = ()) -> dict[str, frozenset[str]]:
    """For each twin that answered (and FastAPI too): where it differs from FastAPI."""
    if fa.error:
        return {}
    return {sid: differences(fa, twin, headers) for sid, twin in twins.items() if not twin.error}


def judge(demo: Demo, fa: Response, twins: Mapping[str, Response]) -> Verdict:
    """Check FastAPI's answer and each twin's against the demo's declaration in lesson.toml."""
    problems = side_problems(demo.fastapi, fa, "FastAPI")
    if demo.status is not None and not fa.error and fa.status != demo.status:
        problems.append(f"FastAPI answered {fa.status}, the lesson expects {demo.status}")
    declared = _declared_headers(demo)
    diffs: dict[str, frozenset[str]] = {}
    for sid, twin in twins.items():
        who = stacks.get(sid).label
        problems += side_problems(demo.twin(sid), twin, who)
        status = demo.status_for(sid)
        if demo.twin(sid).status is None and status is not None and not twin.error and twin.status != status:
            problems.append(f"{who} answered {twin.status}, the lesson expects {status}")
        diff = differences(fa, twin, demo.show_headers + declared) if not (fa.error or twin.error) else frozenset({"status"})
        diffs[sid] = diff
        against = f" ({who})" if len(twins) > 1 else ""
        expect = demo.expect_for(sid)
        if expect == "same" and (diff & {"status", "body"}):
            problems.append(f"the lesson says both answer the same{against}, but they differ in "
                            f"{', '.join(sorted(diff & {'status', 'body'}))}")
        if expect == "differs" and not diff:
            problems.append(f"the lesson says the answers differ{against}, but they look the same")
    return Verdict(not problems, tuple(problems), diffs)


def _declared_headers(demo: Demo) -> tuple[str, ...]:
    """Headers the lesson makes a point of, on any side."""
    names: list[str] = []
    for side in (demo.fastapi, *demo.twins.values()):
        names += [*side.headers, *side.headers_present, *side.headers_absent]
    return tuple(dict.fromkeys(names))
