"""The [websocket] table of a lesson.toml, read and checked: what the websocket demo runs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from fastapi_uvicorn_tutor.course import stacks
from fastapi_uvicorn_tutor.course.plans import PlanError, stack_whys


@dataclass(frozen=True)
class Message:
    send: str
    reply: Any  # a str (exact text) or a JSON value (the reply parsed)
    reply_is_json: bool


@dataclass(frozen=True)
class Probe:
    """A handshake expected to fail: where, and the status each side must answer."""

    path: str
    statuses: dict[str, int]  # side ("fastapi" or a stack id) -> the status it must answer
    whys: dict[str, str] = field(default_factory=dict)  # stack id -> why the statuses differ (see plans.stack_whys)


@dataclass(frozen=True)
class Plan:
    path: str
    messages: tuple[Message, ...]
    unknown: Probe | None = None
    without_library: int | None = None  # the status plain uvicorn answers to the handshake
    without_library_why: str = ""
    libraries: dict[str, str] = field(default_factory=dict)  # stack id -> the twin's WebSocket library


def plan_from_table(table: dict[str, Any], twins: Sequence[str] = (stacks.DEFAULT.id,)) -> Plan:
    """Read and check the lesson's [websocket] table."""
    path = table.get("path")
    if not isinstance(path, str) or not path.startswith("/"):
        raise PlanError("[websocket] path must be a string starting with '/'.")
    raw = table.get("message", [])
    if not isinstance(raw, list) or not raw:
        raise PlanError("[websocket] needs at least one [[websocket.message]].")
    messages = []
    for i, item in enumerate(raw, 1):
        if not isinstance(item, dict) or not isinstance(item.get("send"), str) or "reply" not in item:
            raise PlanError(f"[[websocket.message]] {i} needs a string `send` and a `reply`.")
        reply = item["reply"]
        messages.append(Message(item["send"], reply, not isinstance(reply, str)))
    unknown = None
    if "unknown_path" in table:
        probe = table["unknown_path"]
        required = (stacks.FASTAPI, *twins)
        if (not isinstance(probe, dict) or not str(probe.get("path", "")).startswith("/")
                or not all(isinstance(probe.get(k), int) for k in required)):
            raise PlanError(f"[websocket.unknown_path] needs a `path` and integer {', '.join(f'`{k}`' for k in required)} statuses.")
        statuses = {side: probe[side] for side in stacks.SIDES if isinstance(probe.get(side), int)}
        unknown = Probe(probe["path"], statuses, stack_whys(probe, twins, "[websocket.unknown_path]"))
    without, without_why = None, ""
    if "without_library" in table:
        plain = table["without_library"]
        if not isinstance(plain, dict) or not isinstance(plain.get("status"), int):
            raise PlanError("[websocket.without_library] needs an integer `status`.")
        without, without_why = plain["status"], str(plain.get("why", ""))
    libraries = table.get("library", {})
    if not isinstance(libraries, dict) or not all(k in stacks.IDS and isinstance(v, str) for k, v in libraries.items()):
        raise PlanError(f"[websocket.library] maps a stack ({', '.join(stacks.IDS)}) to the name of its twin's WebSocket library.")
    return Plan(path, tuple(messages), unknown, without, without_why, dict(libraries))
