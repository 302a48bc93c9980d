"""Predict, then see: the question asked before a demo where FastAPI and a twin differ.

The choices come from what lesson.toml declares for each side. Where the statuses differ,
the question is FastAPI's status (every status any side declares, and one more when there
would be only two). Otherwise it is the first other declared difference: the content-type,
the JSON body, a header (its value, or whether it is sent at all), a piece of the body.
A choice is right when FastAPI's real answer matches it.

    prediction = for_demo(demo, [stack.id], key="GET /items/abc")
    prediction.choices[0].matches(response)
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from fastapi_uvicorn_tutor.course import stacks
from fastapi_uvicorn_tutor.course.catalog import Demo, Side
from fastapi_uvicorn_tutor.course.messages import Response

MAX_CHOICES = 4  # one key each: 1-4
CHOICE_WIDTH = 60  # characters of a JSON body or a header value shown in a choice
EXTRA_STATUSES = (200, 404, 400, 422, 500)  # a third status to choose from, when the sides declare two
SENT = "<sent>"  # a header declared present with any value


@dataclass(frozen=True)
class Choice:
    """One answer the learner may predict: what FastAPI's response would show."""

    text: str  # as the learner reads it
    aspect: str  # "status", "header", "json" or "contains"
    value: Any  # the status, the header's value (SENT: any, None: not sent), the JSON, the text
    header: str = ""  # the header's name, for "header"

    def matches(self, response: Response) -> bool:
        """Whether `response` shows what this choice says."""
        if response.error:
            return False
        if self.aspect == "status":
            return bool(response.status == self.value)
        if self.aspect == "header":
            actual = response.header(self.header)
            return actual is not None if self.value == SENT else actual == self.value
        if self.aspect == "json":
            return bool(response.parsed() == self.value)
        return str(self.value) in response.text


@dataclass(frozen=True)
class Prediction:
    """A question about FastAPI's answer to one demo, its choices, and the demo's key in the scores."""

    question: str
    choices: tuple[Choice, ...]
    key: str

    def right(self, response: Response) -> Choice | None:
        """The choice FastAPI's real answer matches (None: none does, or it did not answer)."""
        return next((choice for choice in self.choices if choice.matches(response)), None)


def demo_keys(demos: Sequence[Demo]) -> list[str]:
    """A key per demo that survives reordering of other demos: its request, numbered when repeated."""
    seen: dict[str, int] = {}
    keys = []
    for demo in demos:
        seen[demo.label] = seen.get(demo.label, 0) + 1
        keys.append(demo.label if seen[demo.label] == 1 else f"{demo.label} #{seen[demo.label]}")
    return keys


def status_text(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def _short(value: str) -> str:
    return value if len(value) <= CHOICE_WIDTH else value[: CHOICE_WIDTH - 1] + "…"


def _flat(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def _status_question(demo: Demo, shown: Sequence[str], who: str) -> tuple[str, list[Choice]] | None:
    mine = demo.fastapi.status if demo.fastapi.status is not None else demo.status
    if mine is None or all(demo.status_for(sid) in (None, mine) for sid in shown):
        return None
    wanted = [mine, *(demo.status_for(sid) for sid in shown), *(demo.status_for(sid) for sid in stacks.IDS)]
    statuses = list(dict.fromkeys(status for status in wanted if status is not None))[:MAX_CHOICES]
    statuses += [extra for extra in EXTRA_STATUSES if extra not in statuses][: max(0, 3 - len(statuses))]
    return f"What status does {who} answer?", [Choice(status_text(s), "status", s) for s in sorted(statuses)]


def _header_value(side: Side, name: str) -> tuple[bool, Any]:
    """What a side declares about a header: (declared?, value | SENT | None)."""
    if name in side.headers:
        return True, side.headers[name]
    if name in side.headers_present:
        return True, SENT
    if name in side.headers_absent:
        return True, None
    return False, None


def _header_choice(name: str, value: Any) -> Choice:
    if value is None:
        return Choice(f"no {name} header", "header", None, name)
    if value == SENT:
        return Choice(f"{name}: (some value)", "header", SENT, name)
    return Choice(_short(f"{name}: {value}"), "header", value, name)


def _header_question(demo: Demo, shown: Sequence[str], name: str, who: str) -> tuple[str, list[Choice]] | None:
    declared, mine = _header_value(demo.fastapi, name)
    if not declared:
        return None
    values = [mine]
    for sid in shown:
        theirs_declared, theirs = _header_value(demo.twin(sid), name)
        if theirs_declared and theirs not in values:
            values.append(theirs)
    if len(values) < 2:
        return None
    if name == "content-type":
        return f"Which content-type does {who} send?", [_header_choice(name, v) for v in values]
    return f"What does {who} send as {name}?", [_header_choice(name, v) for v in values]


def _body_choice(side: Side) -> Choice | None:
    """What a side declares its body to be (all of it as JSON, or a piece of text), as a choice."""
    if side.has_json:
        return Choice(_short(_flat(side.json)), "json", side.json)
    if side.body_contains is not None:
        return Choice(_short(side.body_contains), "contains", side.body_contains)
    return None


def _body_question(demo: Demo, shown: Sequence[str], who: str) -> tuple[str, list[Choice]] | None:
    mine = _body_choice(demo.fastapi)
    if mine is None:
        return None
    choices = [mine]
    for sid in shown:
        theirs = _body_choice(demo.twin(sid))
        if theirs is not None and all(theirs.value != other.value for other in choices):
            choices.append(theirs)
    if len(choices) < 2 or len({choice.text for choice in choices}) < len(choices):  # cut short, two read the same
        return None
    # A piece of text that another choice's body would contain too cannot tell the answers apart.
    bodies = [_flat(choice.value) if choice.aspect == "json" else str(choice.value) for choice in choices]
    for choice in choices:
        if choice.aspect == "contains" and sum(str(choice.value) in body for body in bodies) > 1:
            return None
    question = f"Which body does {who} send?" if mine.aspect == "json" else f"What is in {who}'s body?"
    return question, choices


def for_demo(demo: Demo, shown: Sequence[str], key: str, who: str = "FastAPI") -> Prediction | None:
    """The question to ask before `demo`, or None: no stack on screen (`shown`, stack ids) is
    declared to differ from FastAPI, or the declarations give nothing to choose between.
    `who` names the Python side in the question (the lesson's `app_label`)."""
    differing = [sid for sid in shown if demo.expect_for(sid) == "differs"]
    if not differing:
        return None
    found = _status_question(demo, differing, who) or _header_question(demo, differing, "content-type", who) \
        or _body_question(demo, differing, who)
    if found is None:
        names = list(dict.fromkeys([*demo.fastapi.headers, *demo.fastapi.headers_present, *demo.fastapi.headers_absent]))
        found = next((q for name in names if (q := _header_question(demo, differing, name, who))), None)
    if found is None:
        return None
    question, choices = found
    if choices[0].aspect != "status":
        choices = sorted(choices, key=lambda choice: choice.text)  # FastAPI's is not always first
    return Prediction(question, tuple(choices[:MAX_CHOICES]), key)
