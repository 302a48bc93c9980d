"""The `[websocket]` demo: one WebSocket to each server, the same messages, the echoes side by side.

A lesson declares the conversation and what each server must answer:

    [websocket]
    path = "/ws"
    library = { <stack> = "ws" }           # optional: each twin's WebSocket library, named in its column
    [[websocket.message]]
    send = "hello"
    reply = { echo = "hello", count = 1 }  # a table: the reply parsed as JSON; a string: the exact text
    [websocket.unknown_path]               # optional: a handshake where no WebSocket route is
    path = "/nope"
    fastapi = 403
    <stack> = 400                          # one status per twin, keyed by its stack id
    why = "..."                            # the default stack's reason; `<stack>_why` each other's
    [websocket.without_library]            # optional: also run `uvicorn main:app --ws none`,
    status = 404                           # which is what a plain `pip install uvicorn` does
    why = "..."

The client is runtime/websocket.py (`websockets.sync.client`, the library `uvicorn[standard]` installs).
`run()` returns False when a handshake or an echo is not what the lesson says.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Group, RenderableType
from rich.markdown import Markdown
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from fastapi_uvicorn_tutor.course import stacks
from fastapi_uvicorn_tutor.course.plans.websocket import Message, Plan, plan_from_table
from fastapi_uvicorn_tutor.demos import missing_notes, read_plan, render_verdict, side_title, why_markdown, whys_for
from fastapi_uvicorn_tutor.runtime import ports, servers
from fastapi_uvicorn_tutor.runtime.websocket import Conversation, Handshake, handshake, talk
from fastapi_uvicorn_tutor.ui.render import style_of

if TYPE_CHECKING:
    from rich.console import Console

    from fastapi_uvicorn_tutor.course.catalog import Lesson
    from fastapi_uvicorn_tutor.runtime.live import LiveServers

# Uvicorn's own warnings when it gets an upgrade it cannot speak.
LIBRARY_WARNINGS = ("Unsupported upgrade request", "No supported WebSocket library")


@dataclass(frozen=True)
class PlainUvicorn:
    """What `uvicorn main:app --ws none` did with the handshake, and what it logged."""

    command: str
    handshake: Handshake
    warnings: tuple[str, ...]


# ----- talking to the servers ---------------------------------------------------


def try_without_library(lesson: Lesson, path: str, avoid: set[int]) -> PlainUvicorn:
    """Start `uvicorn main:app --ws none` next to the others, try the handshake, stop it.

    `--ws none` is what Uvicorn falls back to when neither `websockets` nor `wsproto`
    is installed (a plain `pip install uvicorn`), so this shows that install live.
    """
    spec = servers.uvicorn_spec(lesson.folder, ports.pick_port(None, avoid), extra=["--ws", "none"])
    server = servers.launch(spec)
    try:
        servers.wait_ready([server])
        answer = handshake(spec.port, path)
    except servers.ServerFailed as exc:
        answer = Handshake(error=str(exc))
    finally:
        server.stop()
    log = server.output()
    server.cleanup()
    warnings = [line.strip() for line in log.splitlines() if any(w in line for w in LIBRARY_WARNINGS)]
    return PlainUvicorn(spec.shown, answer, tuple(dict.fromkeys(warnings)))


# ----- judging ------------------------------------------------------------------


def reply_matches(message: Message, reply: str | None) -> bool:
    if reply is None:
        return False
    if not message.reply_is_json:
        return reply == message.reply
    try:
        return bool(json.loads(reply) == message.reply)
    except ValueError:
        return False


def _shown(value: Any, is_json: bool) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) if is_json else value


def conversation_problems(plan: Plan, who: str, talked: Conversation) -> list[str]:
    shake = talked.handshake
    if shake.status != 101:
        return [f"{who} did not open the WebSocket on {plan.path}: {shake.label}"]
    found = []
    for i, message in enumerate(plan.messages):
        reply = talked.replies[i] if i < len(talked.replies) else None
        if reply is None:
            found.append(f"{who} sent no reply to {message.send!r}" + (f" ({talked.error})" if talked.error else ""))
        elif not reply_matches(message, reply):
            found.append(f"{who} replied {reply!r} to {message.send!r}; the lesson expects "
                         f"{_shown(message.reply, message.reply_is_json)!r}")
    return found


def problems(plan: Plan, talks: Mapping[str, Conversation], unknown: Mapping[str, Handshake] | None,
             plain: PlainUvicorn | None) -> list[str]:
    """Sentences for everything that contradicts the lesson (empty when all agree); keyed by side."""
    found = []
    for side, talked in talks.items():
        found += conversation_problems(plan, stacks.label_of(side), talked)
    if plan.unknown is not None and unknown is not None:
        for side, got in unknown.items():
            want = plan.unknown.statuses.get(side)
            if want is not None and got.status != want:
                found.append(f"{stacks.label_of(side)} answered the handshake on {plan.unknown.path} with {got.label}; "
                             f"the lesson expects {want}")
    if plan.without_library is not None and plain is not None and plain.handshake.status != plan.without_library:
        found.append(f"`{plain.command}` answered the handshake with {plain.handshake.label}; "
                     f"the lesson expects {plan.without_library}")
    return found


# ----- rendering ------------------------------------------------------------------


def _markdown(text: str) -> RenderableType:
    """A line of prose with `code` marked the way lesson.md shows it."""
    return Markdown(text, inline_code_theme="ansi_dark")


def render_intro(plan: Plan, ports: Mapping[str, int], notes: Sequence[RenderableType] = ()) -> RenderableType:
    """What is about to happen; `ports` by side, `notes` for the twins that are not running."""
    urls = [f"`ws://{servers.HOST}:{port}{plan.path}`" for port in ports.values()]
    if len(urls) > 1:
        where = f"one socket to each server ({', '.join(urls[:-1])} and {urls[-1]})"
    else:
        where = f"one socket to the FastAPI server ({urls[0]})"
    lines: list[RenderableType] = [_markdown(
        f"**WebSocket, live:** {where}, {len(plan.messages)} text messages, one reply awaited per message. "
        "The client is the Python `websockets` library.")]
    return Group(*lines, *notes)


def _reply_cell(message: Message, reply: str | None, style: str) -> Text:
    if reply is None:
        return Text("(no reply)", style="bold red")
    if reply_matches(message, reply):
        return Text(reply, style=style)
    return Text.assemble((reply, "bold red"), ("  ✗ expected ", "bold red"),
                         _shown(message.reply, message.reply_is_json))


def _extension(shake: Handshake | None) -> Text:
    """The negotiated extensions, names only (the parameters are noise here)."""
    if shake is None:
        return Text("")
    value = shake.header("sec-websocket-extensions")
    names = [part.split(";")[0].strip() for part in value.split(",")] if value else []
    return Text(", ".join(names) or "none", style="dim")


def _status_cell(shake: Handshake | None, want: int | None = None) -> Text:
    if shake is None:
        return Text("not running", style="dim")
    bad = (want is not None and shake.status != want) or bool(shake.error)
    return Text(shake.label, style="bold red" if bad else "bold")


def _title(plan: Plan, side: str) -> str:
    library = plan.libraries.get(side)
    return side_title(side, f"Node, {library}" if library else "")


def render_conversation(plan: Plan, talks: Mapping[str, Conversation],
                        unknown: Mapping[str, Handshake] | None = None, chosen: Sequence[str] = ()) -> RenderableType:
    """Each message sent and what came back from each server, one row per message, a column per side.

    `chosen`: the stacks the learner picked, whose explanation of the unknown path is shown
    when no twin talked."""
    sides = list(talks)
    table = Table(box=box.SIMPLE_HEAD, expand=True, padding=(0, 1))
    table.add_column("", style="bold", ratio=1, overflow="fold")
    for side in sides:
        table.add_column(Text(_title(plan, side), style=style_of(side)), ratio=2, overflow="fold")

    table.add_row(f"handshake {plan.path}", *[_status_cell(talks[side].handshake, 101) for side in sides])
    table.add_row("compression", *[_extension(talks[side].handshake) for side in sides], end_section=True)
    for i, message in enumerate(plan.messages):
        replies = [talks[side].replies[i] if i < len(talks[side].replies) else None for side in sides]
        table.add_row(Text.assemble(("sent ", "dim"), message.send),
                      *[_reply_cell(message, reply, style_of(side)) for side, reply in zip(sides, replies, strict=True)])
    for side in sides:
        if talks[side].error:
            cells: list[RenderableType] = [""] * len(sides)
            cells[0] = Text(f"{stacks.label_of(side)}: {talks[side].error}", style="bold red")
            table.add_row("", *cells)
    parts: list[RenderableType] = [table]
    if plan.unknown is not None and unknown is not None:
        probe = Table(box=box.SIMPLE_HEAD, expand=True, padding=(0, 1), show_header=False)
        probe.add_column(style="bold", ratio=1, overflow="fold")
        for _ in sides:
            probe.add_column(ratio=2, overflow="fold")
        probe.add_row(f"handshake {plan.unknown.path}",
                      *[_status_cell(unknown.get(side), plan.unknown.statuses.get(side)) for side in sides])
        parts.append(probe)
        parts.extend(why_markdown(whys_for(plan.unknown.whys, sides, chosen)))
    title = "WebSocket echo, both servers" if len(sides) == 2 else (
        "WebSocket echo, the FastAPI server" if len(sides) < 2 else f"WebSocket echo, all {len(sides)} servers")
    return Panel(Group(*parts), title=title, title_align="left", border_style="cyan")


def render_without_library(plan: Plan, plain: PlainUvicorn) -> RenderableType:
    """What a Uvicorn without a websocket library answered, and the warnings it logged."""
    shake = plain.handshake
    bad = plan.without_library is not None and shake.status != plan.without_library
    lines: list[RenderableType] = [
        Text.assemble(("$ ", "dim"), (plain.command, "bold")),
        _markdown("What a plain `pip install uvicorn` gives you: no `websockets`, no `wsproto`."),
        Text.assemble(f"The same handshake on {plan.path} got: ", (shake.label, "bold red" if bad else "bold magenta")),
    ]
    if shake.body:
        lines.append(Text(shake.body.decode("utf-8", errors="replace")[:200], style="dim"))
    if plain.warnings:
        lines.append(Text("Its log:", style="dim"))
        lines.extend(Text(line, style="yellow") for line in plain.warnings)
    if plan.without_library_why:
        lines.append(_markdown(f"**Why:** {plan.without_library_why}"))
    return Panel(Group(*lines), title="The same app, Uvicorn without a websocket library", title_align="left",
                 border_style="magenta")


def render_problems(found: list[str]) -> RenderableType:
    return render_verdict(found, "Every handshake and every echo matches what the lesson claims.")


# ----- the hook -------------------------------------------------------------------


def run(lesson: Lesson, table: dict[str, Any], live: LiveServers, console: Console) -> bool:
    """Talk to every live server over WebSockets and show every side of the conversation."""
    plan = read_plan(plan_from_table, lesson, table, console)
    if plan is None:
        return False
    ports = {stacks.FASTAPI: live.fastapi.spec.port, **live.twin_ports()}
    console.print(render_intro(plan, ports, missing_notes(live, "Talking to the FastAPI side only."
                                                          if len(ports) == 1 else "Talking to the others.")))
    texts = [m.send for m in plan.messages]
    with console.status("Talking over WebSockets…"):
        talks = {side: talk(port, plan.path, texts) for side, port in ports.items()}
        unknown = None
        if plan.unknown is not None:
            unknown = {side: handshake(port, plan.unknown.path) for side, port in ports.items()}
    console.print(render_conversation(plan, talks, unknown, [stack.id for stack in live.chosen]))
    plain = None
    if plan.without_library is not None:
        with console.status("Starting `uvicorn main:app --ws none` to show a Uvicorn without websockets…"):
            plain = try_without_library(lesson, plan.path, {s.spec.port for s in live.all})
        console.print(render_without_library(plan, plain))
    found = problems(plan, talks, unknown, plain)
    console.print(render_problems(found))
    return not found
