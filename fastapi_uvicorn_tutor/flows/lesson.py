"""Run one lesson: both servers, the narrative and code, the demos, the prompt.

This is the only place that combines the other modules; it decides nothing about
how things look (ui/) or how processes behave (runtime/).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from fastapi_uvicorn_tutor import demos
from fastapi_uvicorn_tutor.course.messages import BadRequestLine, Request, parse_request_line
from fastapi_uvicorn_tutor.course.verdicts import Verdict, differences, judge
from fastapi_uvicorn_tutor.errors import TutorError
from fastapi_uvicorn_tutor.runtime import node, servers
from fastapi_uvicorn_tutor.runtime.client import send_both
from fastapi_uvicorn_tutor.runtime.live import LiveServers

if TYPE_CHECKING:
    from rich.console import Console

    from fastapi_uvicorn_tutor.course.catalog import Lesson


class LessonFailed(TutorError):
    """A server could not start; the learner has been shown why."""


@dataclass
class Outcome:
    finished: bool  # the learner reached the end (record it)
    demo_ok: bool  # every demo matched lesson.toml


def _express_modules(console: Console, status: node.NodeStatus) -> tuple[object, str | None]:
    """node_modules for the twins, installing them once (with a spinner) if needed."""
    if status.modules is not None:
        return status.modules, None
    try:
        with console.status("Installing the Express twins' dependencies once (npm ci)…"):
            return node.install(status), None
    except node.NodeSetupError as exc:
        return None, f"{exc} Run `tutor doctor` to check your Node setup."


def start_servers(lesson: Lesson, console: Console, *, fastapi_port: int | None = None,
                  express_port: int | None = None, reload: bool = False, strict_ports: bool = False) -> LiveServers:
    """Launch Uvicorn first (the slower one), then Node if this machine can run it.

    Plain `tutor next` may have launched this Uvicorn already (see flows/prelaunch.py).
    """
    from fastapi_uvicorn_tutor.flows import prelaunch

    early = None if (reload or strict_ports or fastapi_port) else prelaunch.take(lesson.folder)
    if early is not None:
        fa, fa_port = early, early.spec.port
    else:
        fa_port = _port(fastapi_port, servers.FASTAPI_PORT, strict_ports, {express_port} if express_port else set())
        fa = servers.launch(servers.uvicorn_spec(lesson.folder, fa_port, reload=reload))
    try:
        express, problem = _start_twin(lesson, console, fa_port, express_port, reload, strict_ports)
    except BaseException:  # a busy --express-port, Ctrl-C during npm ci: Uvicorn goes too
        servers.stop_and_clean([fa])
        raise
    return LiveServers(fa, express, problem, strict_ports)


def _start_twin(lesson: Lesson, console: Console, fa_port: int, express_port: int | None, reload: bool,
                strict_ports: bool) -> tuple[servers.Server | None, str | None]:
    """Node with the lesson's twin, or the sentence saying why not."""
    status = node.detect()
    if not status.usable or status.node is None:
        return None, status.problem
    modules, problem = _express_modules(console, status)
    if problem is not None:
        return None, problem
    ex_port = _port(express_port, servers.EXPRESS_PORT, strict_ports, {fa_port})
    try:
        return servers.launch(servers.node_spec(lesson.twin_folder, ex_port, status.node, modules, watch=reload)), None  # type: ignore[arg-type]
    except OSError as exc:
        return None, f"Could not start node ({exc.strerror or exc})."


def _port(wanted: int | None, default: int, strict: bool, avoid: set[int]) -> int:
    if wanted and strict:
        if wanted in avoid:  # Uvicorn has not bound it yet, so the check below cannot see it
            raise servers.PortBusy(f"Port {wanted} is the FastAPI port; give Express another one with --express-port.")
        if not servers.port_is_free(wanted):
            raise servers.PortBusy(f"Port {wanted} is already in use on {servers.HOST}; pick another with --port, or stop what holds it.")
        return wanted
    return servers.pick_port(wanted or default, avoid)


def _relaunch_elsewhere(live: LiveServers, server: servers.Server) -> None:
    spec = server.spec.with_port(servers.pick_port(None, {s.spec.port for s in live.all}))
    server.stop()
    server.cleanup()
    fresh = servers.launch(spec)
    if server is live.fastapi:
        live.fastapi = fresh
    else:
        live.express = fresh


def wait_or_explain(live: LiveServers, console: Console) -> None:
    """Block until both answer; on failure show which side and its last output, stop all, raise.

    A port grabbed by another program between our check and the server's bind is
    not the learner's problem: unless they asked for that port, try another once.
    """
    from fastapi_uvicorn_tutor.ui import render

    for attempt in range(3):
        try:
            servers.wait_ready(live.all)
            return
        except servers.ServerFailed as failure:
            if attempt < 2 and not live.strict_ports and failure.server.lost_port:
                _relaunch_elsewhere(live, failure.server)
                continue
            for server in live.all:
                server.stop()
            console.print(render.server_failure(failure.server.spec.name, failure.reason, failure.server.tail()))
            raise LessonFailed(str(failure)) from None


def narrative_text(lesson: Lesson, live: LiveServers) -> str:
    """lesson.md rendered with this run's ports, URLs and commands."""
    import jinja2

    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False)
    template = env.from_string(lesson.narrative_path.read_text(encoding="utf-8"))
    ex = live.express
    return template.render(
        lesson=lesson,
        fastapi_url=live.fastapi.url,
        fastapi_port=live.fastapi.spec.port,
        uvicorn_cmd=live.fastapi.spec.shown,
        express_url=ex.url if ex else f"http://127.0.0.1:{servers.EXPRESS_PORT}",
        express_port=ex.spec.port if ex else servers.EXPRESS_PORT,
        node_cmd=ex.spec.shown if ex else "node server.js",
    )


def run_demos(lesson: Lesson, live: LiveServers, console: Console) -> bool:
    from fastapi_uvicorn_tutor.ui import render

    all_ok = True
    ex_port = live.express.spec.port if live.express else None
    for demo in lesson.demos:
        fa, ex = send_both(live.fastapi.spec.port, ex_port, Request.from_demo(demo))
        verdict = judge(demo, fa, ex)
        all_ok &= verdict.ok
        console.print(render.demo_exchange(demo, fa, ex, verdict, console.width))
    return all_ok


def prompt_examples(lesson: Lesson) -> list[str]:
    """Requests worth trying at the prompt: the lesson's `try` list, else its demos."""
    chosen = lesson.meta.get("try")
    if isinstance(chosen, list) and chosen:
        return [str(item) for item in chosen][:4]
    seen: list[str] = []
    for demo in lesson.demos:
        line = demo.label + (" " + json.dumps(demo.json) if demo.has_json else "")
        if line not in seen and len(line) < 60:
            seen.append(line)
    return seen[:3]


def _prompt(console: Console) -> str:
    """`request> `, coloured when the console is; readline is told which bytes take no room
    (\\001...\\002), so editing and history never eat the prompt."""
    if console.color_system is None or console.no_color:
        return "request> "
    return "\001\x1b[1;36m\002request>\001\x1b[0m\002 "


def prompt_loop(live: LiveServers, console: Console, examples: list[str], *, exercise: bool = False) -> bool:
    """The learner's own requests until an empty line or `q` (True) or Ctrl-D (True)."""
    from fastapi_uvicorn_tutor.ui import render

    try:
        import readline  # noqa: F401  (arrow keys and history at the prompt)
    except ImportError:
        pass
    ex_port = live.express.spec.port if live.express else None
    console.print(render.prompt_help(live.fastapi.url, live.express.url if live.express else None, examples, exercise=exercise))
    while True:
        try:
            line = input(_prompt(console))
        except EOFError:
            return True
        if line.strip().lower() in ("", "q", "quit", "exit"):
            return True
        try:
            request = parse_request_line(line)
        except BadRequestLine as exc:
            console.print(render.problem(str(exc)))
            continue
        for server in live.all:
            if not server.running:
                console.print(render.server_failure(server.spec.name, f"stopped (exit {server.proc.returncode})", server.tail()))
        fa, ex = send_both(live.fastapi.spec.port, ex_port, request)
        diff = differences(fa, ex) if ex is not None and not (fa.error or ex.error) else frozenset()
        console.print(render.exchange(request.label, fa, ex, Verdict(True, (), diff), console.width))


def _import_what_comes_next() -> None:
    """Load the modules the rest of the lesson needs now, while the servers are still starting:
    once both answer, every millisecond spent importing is a millisecond the learner waits."""
    from fastapi_uvicorn_tutor.flows import practice  # noqa: F401

    try:
        import readline  # noqa: F401  (the prompt's line editing)
    except ImportError:
        pass


def run_lesson(lesson: Lesson, console: Console, *, total: int, interactive: bool | None = None) -> Outcome:
    """`tutor next` for one lesson. Raises LessonFailed if a server cannot start."""
    from fastapi_uvicorn_tutor.ui import render

    if interactive is None:
        interactive = sys.stdin.isatty()
    live = start_servers(lesson, console)
    try:
        console.print(render.lesson_header(lesson, total))
        console.print(render.commands(live.fastapi.spec.shown, live.express.spec.shown if live.express else None,
                                      f"lessons/{lesson.slug}", f"node_equivalents/{lesson.slug}"))
        console.print(render.narrative(narrative_text(lesson, live)))
        console.print(render.code_pair(lesson, console.width))
        if live.node_problem:
            console.print(render.node_note(live.node_problem))
        _import_what_comes_next()  # while the servers boot, not after
        wait_or_explain(live, console)
        demo_ok = run_demos(lesson, live, console)
        demo_ok &= demos.after_demos(lesson, live, console)
        recap = lesson.section("recap")
        if recap:
            console.print(render.recap(recap.get("express", ""), recap.get("fastapi", "")))
        from fastapi_uvicorn_tutor.course import exercises as checks
        from fastapi_uvicorn_tutor.flows import practice

        practice.announce(lesson, console)  # a lesson with an exercise: the workspace, and what to do
        finished = prompt_loop(live, console, prompt_examples(lesson), exercise=checks.has_exercise(lesson)) if interactive else True
        return Outcome(finished, demo_ok)
    finally:
        if demos.wants_after_stop(lesson):  # it reads the shutdown logs: wait for them
            servers.stop_all(live.all)
            demos.after_stop(lesson, live, console)
            for server in live.all:
                server.cleanup()
        else:
            servers.stop_later(live.all)


def follow_until_stopped(live: LiveServers, console: Console, poll: float = 0.2) -> None:
    """Print both servers' log lines as they come, until Ctrl-C or a server exits for good."""
    import time

    from rich.text import Text

    offsets = {id(server): 0 for server in live.all}
    while True:
        for server in live.all:
            text = server.output()
            new = text[offsets[id(server)]:]
            offsets[id(server)] = len(text)
            for line in new.splitlines():  # the server's text, never read as Rich markup
                console.print(Text.assemble((f"{server.spec.name:>7} |", "dim"), " ", line), highlight=False)
            if not server.running:
                console.print(f"[red]The {server.spec.name} server exited with code {server.proc.returncode}.[/]")
                return
        time.sleep(poll)
