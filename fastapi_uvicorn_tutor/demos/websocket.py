"""The `[websocket]` demo: one WebSocket to each server, the same messages, both echoes side by side.

A lesson declares the conversation and what each server must answer:

    [websocket]
    path = "/ws"
    [[websocket.message]]
    send = "hello"
    reply = { echo = "hello", count = 1 }  # a table: the reply parsed as JSON; a string: the exact text
    [websocket.unknown_path]               # optional: a handshake where no WebSocket route is
    path = "/nope"
    fastapi = 403
    express = 400
    why = "..."
    [websocket.without_library]            # optional: also run `uvicorn main:app --ws none`,
    status = 404                           # which is what a plain `pip install uvicorn` does
    why = "..."

The client is `websockets.sync.client` (the library `uvicorn[standard]` installs).
`run()` returns False when a handshake or an echo is not what the lesson says.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Group, RenderableType
from rich.markdown import Markdown
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from fastapi_uvicorn_tutor.course.plans.websocket import Message, Plan, plan_from_table
from fastapi_uvicorn_tutor.demos import read_plan, render_verdict
from fastapi_uvicorn_tutor.runtime import servers
from fastapi_uvicorn_tutor.ui.render import EXPRESS_STYLE, FASTAPI_STYLE

if TYPE_CHECKING:
    from rich.console import Console

    from fastapi_uvicorn_tutor.course.catalog import Lesson
    from fastapi_uvicorn_tutor.runtime.live import LiveServers

TIMEOUT = 5.0
# Uvicorn's own warnings when it gets an upgrade it cannot speak.
LIBRARY_WARNINGS = ("Unsupported upgrade request", "No supported WebSocket library")


@dataclass(frozen=True)
class Handshake:
    """What a server answered to the opening handshake (101 when the socket opened)."""

    status: int = 0
    reason: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    error: str | None = None

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)

    @property
    def label(self) -> str:
        if self.error:
            return self.error
        return f"{self.status} {self.reason}".strip()


@dataclass(frozen=True)
class Conversation:
    """One socket to one server: the handshake, then one reply (or None) per message sent."""

    handshake: Handshake
    replies: tuple[str | None, ...] = ()
    error: str | None = None


@dataclass(frozen=True)
class PlainUvicorn:
    """What `uvicorn main:app --ws none` did with the handshake, and what it logged."""

    command: str
    handshake: Handshake
    warnings: tuple[str, ...]


# ----- talking to the servers ---------------------------------------------------


def _connect(uri: str, timeout: float):  # type: ignore[no-untyped-def]
    from websockets.sync.client import connect

    try:
        # No proxy: these servers are on loopback, whatever HTTP_PROXY says.
        return connect(uri, open_timeout=timeout, close_timeout=timeout, proxy=None)
    except TypeError:  # websockets < 15 knows no proxies, so there is nothing to turn off
        return connect(uri, open_timeout=timeout, close_timeout=timeout)


def _error(exc: BaseException) -> str:
    return f"{exc.__class__.__name__}: {exc}" if str(exc) else exc.__class__.__name__


def _handshake_of(response: Any) -> Handshake:
    return Handshake(response.status_code, response.reason_phrase, tuple(response.headers.raw_items()),
                     bytes(response.body or b""))


def talk(port: int, path: str, messages: list[str], timeout: float = TIMEOUT) -> Conversation:
    """Open a WebSocket, send each message and wait for one reply to each; errors come back, never raised."""
    from websockets.exceptions import InvalidStatus

    uri = f"ws://{servers.HOST}:{port}{path}"
    replies: list[str | None] = []
    try:
        with _connect(uri, timeout) as socket:
            handshake = _handshake_of(socket.response)
            try:
                for text in messages:
                    socket.send(text)
                    got = socket.recv(timeout=timeout)
                    replies.append(got if isinstance(got, str) else got.decode("utf-8", errors="replace"))
            except Exception as exc:  # noqa: BLE001 - a timeout or a closed socket is what we report
                return Conversation(handshake, tuple(replies), _error(exc))
        return Conversation(handshake, tuple(replies))
    except InvalidStatus as exc:
        return Conversation(_handshake_of(exc.response))
    except Exception as exc:  # noqa: BLE001 - refused, reset, bad handshake: all shown to the learner
        return Conversation(Handshake(error=_error(exc)))


def handshake(port: int, path: str, timeout: float = TIMEOUT) -> Handshake:
    """Only the opening handshake (closing the socket at once if it opens)."""
    return talk(port, path, [], timeout).handshake


def try_without_library(lesson: Lesson, path: str, avoid: set[int]) -> PlainUvicorn:
    """Start `uvicorn main:app --ws none` next to the others, try the handshake, stop it.

    `--ws none` is what Uvicorn falls back to when neither `websockets` nor `wsproto`
    is installed (a plain `pip install uvicorn`), so this shows that install live.
    """
    spec = servers.uvicorn_spec(lesson.folder, servers.pick_port(None, avoid), extra=["--ws", "none"])
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


def problems(plan: Plan, fa: Conversation, ex: Conversation | None, unknown: tuple[Handshake, Handshake | None] | None,
             plain: PlainUvicorn | None) -> list[str]:
    """Sentences for everything that contradicts the lesson (empty when all agree)."""
    found = conversation_problems(plan, "FastAPI", fa)
    if ex is not None:
        found += conversation_problems(plan, "Express", ex)
    if plan.unknown is not None and unknown is not None:
        sides = [("FastAPI", unknown[0], plan.unknown.fastapi), ("Express", unknown[1], plan.unknown.express)]
        for who, got, want in sides:
            if got is not None and got.status != want:
                found.append(f"{who} answered the handshake on {plan.unknown.path} with {got.label}; "
                             f"the lesson expects {want}")
    if plan.without_library is not None and plain is not None and plain.handshake.status != plan.without_library:
        found.append(f"`{plain.command}` answered the handshake with {plain.handshake.label}; "
                     f"the lesson expects {plan.without_library}")
    return found


# ----- rendering ------------------------------------------------------------------


def _markdown(text: str) -> RenderableType:
    """A line of prose with `code` marked the way lesson.md shows it."""
    return Markdown(text, inline_code_theme="ansi_dark")


def render_intro(plan: Plan, fastapi_port: int, express_port: int | None,
                 express_problem: str | None = None) -> RenderableType:
    where = f"`ws://{servers.HOST}:{fastapi_port}{plan.path}`"
    if express_port:
        where = f"one socket to each server ({where} and `ws://{servers.HOST}:{express_port}{plan.path}`)"
    else:
        where = f"one socket to the FastAPI server ({where})"
    lines: list[RenderableType] = [_markdown(
        f"**WebSocket, live:** {where}, {len(plan.messages)} text messages, one reply awaited per message. "
        "The client is the Python `websockets` library.")]
    if express_problem is not None:
        lines.append(Text.assemble(("Express twin not running: ", "bold yellow"), express_problem,
                                   " Talking to the FastAPI side only."))
    return Group(*lines)


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


def render_conversation(plan: Plan, fa: Conversation, ex: Conversation | None,
                        unknown: tuple[Handshake, Handshake | None] | None = None) -> RenderableType:
    """Each message sent and what came back from each server, one row per message."""
    with_express = ex is not None
    table = Table(box=box.SIMPLE_HEAD, expand=True, padding=(0, 1))
    table.add_column("", style="bold", ratio=1, overflow="fold")
    table.add_column(Text("FastAPI (Uvicorn)", style=FASTAPI_STYLE), ratio=2, overflow="fold")
    if with_express:
        table.add_column(Text("Express (Node, ws)", style=EXPRESS_STYLE), ratio=2, overflow="fold")

    def row(label: RenderableType, left: RenderableType, right: RenderableType, end: bool = False) -> None:
        table.add_row(label, left, *([right] if with_express else []), end_section=end)

    row(f"handshake {plan.path}", _status_cell(fa.handshake, 101), _status_cell(ex.handshake if ex else None, 101))
    row("compression", _extension(fa.handshake), _extension(ex.handshake if ex else None), end=True)
    for i, message in enumerate(plan.messages):
        fa_reply = fa.replies[i] if i < len(fa.replies) else None
        ex_reply = (ex.replies[i] if i < len(ex.replies) else None) if ex else None
        row(Text.assemble(("sent ", "dim"), message.send),
            _reply_cell(message, fa_reply, FASTAPI_STYLE), _reply_cell(message, ex_reply, EXPRESS_STYLE))
    for who, talked in (("FastAPI", fa), ("Express", ex)):
        if talked is not None and talked.error:
            row("", Text(f"{who}: {talked.error}", style="bold red"), "")
    parts: list[RenderableType] = [table]
    if plan.unknown is not None and unknown is not None:
        probe = Table(box=box.SIMPLE_HEAD, expand=True, padding=(0, 1), show_header=False)
        probe.add_column(style="bold", ratio=1, overflow="fold")
        probe.add_column(ratio=2, overflow="fold")
        if with_express:
            probe.add_column(ratio=2, overflow="fold")
        cells: list[RenderableType] = [f"handshake {plan.unknown.path}",
                                       _status_cell(unknown[0], plan.unknown.fastapi)]
        if with_express:
            cells.append(_status_cell(unknown[1], plan.unknown.express))
        probe.add_row(*cells)
        parts.append(probe)
        if plan.unknown.why:
            parts.append(_markdown(f"**Why:** {plan.unknown.why}"))
    return Panel(Group(*parts), title="WebSocket echo, both servers", title_align="left", border_style="cyan")


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
    """Talk to both live servers over WebSockets and show both sides of the conversation."""
    plan = read_plan(plan_from_table, lesson, table, console)
    if plan is None:
        return False
    fa_port = live.fastapi.spec.port
    ex_port = live.express.spec.port if live.express is not None else None
    missing = None if live.express is not None else (live.node_problem or "Node is not available.")
    console.print(render_intro(plan, fa_port, ex_port, missing))
    texts = [m.send for m in plan.messages]
    with console.status("Talking over WebSockets…"):
        fa = talk(fa_port, plan.path, texts)
        ex = talk(ex_port, plan.path, texts) if ex_port else None
        unknown = None
        if plan.unknown is not None:
            unknown = (handshake(fa_port, plan.unknown.path), handshake(ex_port, plan.unknown.path) if ex_port else None)
    console.print(render_conversation(plan, fa, ex, unknown))
    plain = None
    if plan.without_library is not None:
        with console.status("Starting `uvicorn main:app --ws none` to show a Uvicorn without websockets…"):
            plain = try_without_library(lesson, plan.path, {s.spec.port for s in live.all})
        console.print(render_without_library(plan, plain))
    found = problems(plan, fa, ex, unknown, plain)
    console.print(render_problems(found))
    return not found
