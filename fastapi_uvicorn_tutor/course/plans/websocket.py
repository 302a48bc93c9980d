"""The [websocket] table of a lesson.toml, read and checked: what the websocket demo runs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi_uvicorn_tutor.course.plans import PlanError


@dataclass(frozen=True)
class Message:
    send: str
    reply: Any  # a str (exact text) or a JSON value (the reply parsed)
    reply_is_json: bool


@dataclass(frozen=True)
class Probe:
    """A handshake expected to fail: where, and the status each side must answer."""

    path: str
    fastapi: int
    express: int
    why: str = ""


@dataclass(frozen=True)
class Plan:
    path: str
    messages: tuple[Message, ...]
    unknown: Probe | None = None
    without_library: int | None = None  # the status plain uvicorn answers to the handshake
    without_library_why: str = ""




def plan_from_table(table: dict[str, Any]) -> Plan:
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
        if (not isinstance(probe, dict) or not str(probe.get("path", "")).startswith("/")
                or not all(isinstance(probe.get(k), int) for k in ("fastapi", "express"))):
            raise PlanError("[websocket.unknown_path] needs a `path` and integer `fastapi` and `express` statuses.")
        unknown = Probe(probe["path"], probe["fastapi"], probe["express"], str(probe.get("why", "")))
    without, without_why = None, ""
    if "without_library" in table:
        plain = table["without_library"]
        if not isinstance(plain, dict) or not isinstance(plain.get("status"), int):
            raise PlanError("[websocket.without_library] needs an integer `status`.")
        without, without_why = plain["status"], str(plain.get("why", ""))
    return Plan(path, tuple(messages), unknown, without, without_why)
