"""Run one lesson: its servers, the narrative and code, the demos, the prompt.

This is the only place that combines the other modules; it decides nothing about
how things look (ui/) or how processes behave (runtime/).
"""

from __future__ import annotations

import json
import shlex
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from fastapi_uvicorn_tutor import demos
from fastapi_uvicorn_tutor.course import stacks
from fastapi_uvicorn_tutor.course.messages import BadRequestLine, Request, Response, parse_prompt_line
from fastapi_uvicorn_tutor.course.verdicts import Verdict, compare_all, judge
from fastapi_uvicorn_tutor.errors import TutorError
from fastapi_uvicorn_tutor.runtime import ports, servers, twins
from fastapi_uvicorn_tutor.runtime.client import send_all
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


def start_servers(lesson: Lesson, console: Console, *, fastapi_port: int | None = None,
                  twin_ports: Mapping[str, int] | None = None, chosen: Sequence[stacks.Stack] | None = None,
                  reload: bool = False, strict_ports: bool = False) -> LiveServers:
    """Launch Uvicorn first (the slower one), then each chosen stack's twin this machine can run.

    `twin_ports` holds the ports the learner asked for, by stack id. Plain `tutor next`
    may have launched this Uvicorn and the default stack's twin already (see flows/prelaunch.py).
    """
    from fastapi_uvicorn_tutor.flows import prelaunch
    from fastapi_uvicorn_tutor.ui.console import npm_spinner

    wanted = dict(twin_ports or {})
    early = None if (reload or strict_ports or fastapi_port) else prelaunch.take(lesson.folder)
    if early is not None:
        fa = early
    else:
        fa_port = _port(fastapi_port, servers.FASTAPI_PORT, strict_ports, {port: sid for sid, port in wanted.items()}, None)
        fa = servers.launch(servers.uvicorn_spec(lesson.folder, fa_port, reload=reload))
    fa.spec = replace(fa.spec, name=lesson.app_label)  # "ASGI app" where the lesson has no FastAPI: in every line about it
    compared, no_twin = lesson.compared(chosen or (stacks.DEFAULT,))
    live = LiveServers(fa, strict_ports=strict_ports, no_twin=no_twin, labels=dict(lesson.twin_labels))
    try:  # a busy --<stack>-port, Ctrl-C during npm ci: every server started so far goes too
        for stack in compared:
            taken = {server.spec.port: server.spec.name for server in live.all}
            taken |= {port: lesson.twin_label(sid) for sid, port in wanted.items() if sid != stack.id}

            def choose(stack: stacks.Stack = stack, taken: dict[int, str] = taken) -> int:
                return _port(wanted.get(stack.id), stack.default_port, strict_ports, taken, stack,
                             lesson.twin_label(stack.id))

            early_twin = prelaunch.take_twin(lesson.folder, stack.id)
            if early_twin is not None and (early is None or wanted.get(stack.id)):  # not the twin asked for
                servers.stop_and_clean([early_twin])
                early_twin = None
            server, problem = twins.start_twin(lesson, stack, choose, watch=reload, feedback=npm_spinner(console),
                                               early=early_twin)
            if server is not None:
                server.spec = replace(server.spec, name=lesson.twin_label(stack.id))  # "Node http" where the twin is bare Node
                live.twins[stack.id] = server
            else:
                live.missing[stack.id] = problem or "it could not start."
    except BaseException:
        servers.stop_and_clean(live.all)
        raise
    return live


def _port(wanted: int | None, default: int, strict: bool, avoid: Mapping[int, str], stack: stacks.Stack | None,
          label: str = "") -> int:
    """The port for one server: `wanted` exactly when strict (PortBusy if taken), else the best free one.

    `avoid` maps ports already given to other servers to whose they are; `stack` is the
    twin the port is for (None: the FastAPI server), `label` what the lesson calls that twin.
    """
    if wanted and strict:
        if wanted in avoid:  # that server has not bound it yet, so the check below cannot see it
            if stack is None:
                other = stacks.get(avoid[wanted])
                raise servers.PortBusy(f"Port {wanted} is the FastAPI port; give {other.label} another one with {other.port_option}.")
            raise servers.PortBusy(f"Port {wanted} is the {avoid[wanted]} port; give {label or stack.label} another one "
                                   f"with {stack.port_option}.")
        if not ports.port_is_free(wanted):
            raise servers.PortBusy(f"Port {wanted} is already in use on {servers.HOST}; pick another with "
                                   f"{stack.port_option if stack else '--port'}, or stop what holds it.")
        return wanted
    return ports.pick_port(wanted or default, set(avoid))


def _relaunch_elsewhere(live: LiveServers, server: servers.Server) -> None:
    spec = server.spec.with_port(ports.pick_port(None, {s.spec.port for s in live.all}))
    server.stop()
    server.cleanup()
    live.replace(server, servers.launch(spec))


def wait_or_explain(live: LiveServers, console: Console) -> None:
    """Block until every server answers; on failure show which side and its last output, stop all, raise.

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


def template_vars(lesson: Lesson, live: LiveServers | None,
                  chosen: Sequence[stacks.Stack] = ()) -> dict[str, object]:
    """The variables lesson.md may use: this run's URLs, ports and commands (defaults when nothing runs).

    FastAPI's are `fastapi_url`, `fastapi_port`, `uvicorn_cmd`; each stack has `<id>_url`,
    `<id>_port`, `<id>_cmd` and `<id>_dir`. The first chosen stack (the one the learner compares
    with) is also `node_label` (what its twin is called: the lesson's `[twin_label]`, else the stack's label),
    `node_title` (the same, else the label and major version), `node_id`, `node_url`,
    `node_cmd` and `node_dir`, so a story reads right for any stack:
    `{% if node_id == "<stack id>" %}...{% else %}...{% endif %}` where the stacks differ.
    """
    fa = live.fastapi.spec if live else None
    values: dict[str, object] = {
        "lesson": lesson,
        "fastapi_url": fa.url if fa else f"http://{servers.HOST}:{servers.FASTAPI_PORT}",
        "fastapi_port": fa.port if fa else servers.FASTAPI_PORT,
        "uvicorn_cmd": fa.shown if fa else "uvicorn main:app",
    }
    for stack in stacks.ALL:
        twin = live.twins.get(stack.id) if live else None
        values[f"{stack.id}_url"] = twin.url if twin else f"http://{servers.HOST}:{stack.default_port}"
        values[f"{stack.id}_port"] = twin.spec.port if twin else stack.default_port
        # Nothing runs (`tutor show`): the command as typed by hand; a twin that did not start: the bare command.
        bare = shlex.join(["node", *lesson.node_args_for(stack.id), "server.js"])
        values[f"{stack.id}_cmd"] = twin.spec.shown if twin else (bare if live else f"PORT={stack.default_port} {bare}")
        values[f"{stack.id}_dir"] = f"{stack.shown_root()}/{lesson.slug}"
    first = (live.chosen[0] if live and live.chosen else None) or (chosen[0] if chosen else stacks.DEFAULT)
    for key in ("cmd", "dir", "url", "port"):
        values[f"node_{key}"] = values[f"{first.id}_{key}"]
    values.update(node_id=first.id, node_label=lesson.twin_label(first.id), node_title=lesson.twin_title(first.id))
    return values


def narrative_text(lesson: Lesson, live: LiveServers | None, *, strict: bool = True,
                   chosen: Sequence[stacks.Stack] = ()) -> str:
    """lesson.md rendered with this run's ports, URLs and commands (`live` None: the defaults
    for the `chosen` stacks)."""
    import jinja2

    undefined = jinja2.StrictUndefined if strict else jinja2.Undefined
    env = jinja2.Environment(undefined=undefined, keep_trailing_newline=True, autoescape=False)
    template = env.from_string(lesson.narrative_path.read_text(encoding="utf-8"))
    return template.render(**template_vars(lesson, live, chosen))


def run_demos(lesson: Lesson, live: LiveServers, console: Console, *, predict: bool = False) -> bool:
    """Each demo request to every server, the answers side by side; with `predict`, the learner
    predicts FastAPI's answer first where a stack on screen differs (flows/predict.py)."""
    from fastapi_uvicorn_tutor.flows.predict import Predictor
    from fastapi_uvicorn_tutor.ui import render

    all_ok = True
    predictor = Predictor(lesson, console, list(live.twin_ports()), on=predict)
    for demo in lesson.demos:
        request = Request.from_demo(demo)
        asking = predictor.will_ask(demo)
        if asking:  # the request as sent and its note, then the question, then the answers
            console.print(render.exchange_heading(demo.label, request, demo.note_for([stack.id for stack in live.chosen])))
            predictor.ask(demo, with_note=False)
        fa, answers = send_all(live.fastapi.spec.port, live.twin_ports(), request)
        verdict = judge(demo, fa, answers)
        all_ok &= verdict.ok
        console.print(render.demo_exchange(demo, fa, _columns(live, answers), verdict, console.width,
                                           sent=request, lesson_headers=lesson.show_headers, app_label=lesson.app_label,
                                           twin_labels=lesson.twin_labels, predicted=predictor.verdict(fa),
                                           heading=not asking))
    return all_ok


def _columns(live: LiveServers, answers: Mapping[str, Response]) -> dict[str, Response | None]:
    """Every chosen stack's answer, None for a twin that is not running (its column says so)."""
    return {stack.id: answers.get(stack.id) for stack in live.chosen}


def _urls(live: LiveServers) -> list[tuple[stacks.Stack, str]]:
    return [(stacks.get(sid), server.url) for sid, server in live.twins.items()]


def show_commands(live: LiveServers, console: Console) -> None:
    """The line that starts each running server, ready to paste into a shell from any folder."""
    from fastapi_uvicorn_tutor.runtime.shell import pasteable
    from fastapi_uvicorn_tutor.ui import render

    twins = [(stacks.get(sid), pasteable(server.spec)) for sid, server in live.twins.items()]
    console.print(render.commands(pasteable(live.fastapi.spec), twins, app_label=live.fastapi.spec.name,
                                  twin_labels=live.labels), crop=False)


def show_missing(live: LiveServers, console: Console) -> None:
    """A line for each chosen stack this lesson has no twin for, and each twin that is not running."""
    from fastapi_uvicorn_tutor.ui import render

    for sid, why in live.no_twin.items():
        console.print(render.no_twin_note(stacks.get(sid), why, live.chosen, live.labels))
    for sid, problem in live.missing.items():
        console.print(render.node_note(stacks.get(sid), problem, render.twin_name(stacks.get(sid), live.labels),
                                       app_label=live.fastapi.spec.name))  # start_servers names it by app_label


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


def prompt_loop(live: LiveServers, console: Console, examples: list[str], *, exercise: bool = False,
                headers: tuple[str, ...] = (), docs: bool = True) -> bool:
    """The learner's own requests until an empty line or `q` (True) or Ctrl-D (True).

    Each answer shows the usual headers and `headers` (the lesson's own); `-v` on the line shows all.
    `docs`: the Python side serves /docs (offered in the help)."""
    from fastapi_uvicorn_tutor.ui import render

    try:
        import readline  # noqa: F401  (arrow keys and history at the prompt)
    except ImportError:
        pass
    label = live.fastapi.spec.name  # the lesson's app_label (start_servers names the Uvicorn server so)
    console.print(render.prompt_help(live.fastapi.url, _urls(live), examples, exercise=exercise, app_label=label, docs=docs,
                                     twin_labels=live.labels))
    while True:
        try:
            line = input(_prompt(console))
        except EOFError:
            return True
        if line.strip().lower() in ("", "q", "quit", "exit"):
            return True
        try:
            typed = parse_prompt_line(line)
        except BadRequestLine as exc:
            console.print(render.problem(str(exc)))
            continue
        for server in live.all:
            if not server.running:
                console.print(render.server_failure(server.spec.name, f"stopped (exit {server.proc.returncode})", server.tail()))
        request = typed.request
        fa, answers = send_all(live.fastapi.spec.port, live.twin_ports(), request)
        verdict = Verdict(True, (), compare_all(fa, answers))
        console.print(render.exchange(request.label, fa, _columns(live, answers), verdict, console.width,
                                      extra_headers=headers, sent=request, every_header=typed.verbose, app_label=label,
                                      twin_labels=live.labels))


def _import_what_comes_next() -> None:
    """Load the modules the rest of the lesson needs now, while the servers are still starting:
    once both answer, every millisecond spent importing is a millisecond the learner waits."""
    from fastapi_uvicorn_tutor.flows import practice, predict  # noqa: F401

    try:
        import readline  # noqa: F401  (the prompt's line editing)
    except ImportError:
        pass


def run_lesson(lesson: Lesson, console: Console, *, total: int, interactive: bool | None = None,
               chosen: Sequence[stacks.Stack] | None = None, predict: bool = False) -> Outcome:
    """`tutor next` for one lesson. Raises LessonFailed if a server cannot start.

    `predict`: ask the learner to predict FastAPI's answer before each demo that differs
    (only when `interactive`; see flows/predict.wanted)."""
    from fastapi_uvicorn_tutor.ui import render

    if interactive is None:
        interactive = sys.stdin.isatty()
    live = start_servers(lesson, console, chosen=chosen)
    try:
        console.print(render.lesson_header(lesson, total, *live.chosen[:1]))
        show_commands(live, console)
        console.print(render.narrative(narrative_text(lesson, live)))
        console.print(render.code_pair(lesson, console.width, chosen=live.chosen))
        show_missing(live, console)
        _import_what_comes_next()  # while the servers boot, not after
        wait_or_explain(live, console)
        demo_ok = run_demos(lesson, live, console, predict=predict and interactive)
        demo_ok &= demos.after_demos(lesson, live, console)
        recap = lesson.section("recap")
        if recap:
            console.print(render.recap([(stack, str(recap.get(stack.id, ""))) for stack in live.chosen],
                                       str(recap.get(stacks.FASTAPI, "")), twin_labels=lesson.twin_labels))
        from fastapi_uvicorn_tutor.course import exercises as checks
        from fastapi_uvicorn_tutor.flows import practice

        practice.announce(lesson, console)  # a lesson with an exercise: the workspace, and what to do
        finished = prompt_loop(live, console, prompt_examples(lesson), exercise=checks.has_exercise(lesson),
                               headers=lesson.show_headers, docs=lesson.docs) if interactive else True
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
    """Print every server's log lines as they come, until Ctrl-C or a server exits for good."""
    import time

    from rich.text import Text

    offsets = {id(server): 0 for server in live.all}
    while True:
        for server in live.all:
            running = server.running  # before reading: what it printed before exiting is all read
            text = server.output()
            new = text[offsets[id(server)]:]
            if running:  # a line still being written waits for its end (so a probe line is seen whole)
                new = new[:new.rfind("\n") + 1]
            offsets[id(server)] += len(new)
            for line in new.splitlines():  # the server's text, never read as Rich markup
                if servers.is_probe_line(line):  # the tutor's own request, not the learner's
                    continue
                console.print(Text.assemble((f"{server.spec.name:>7} |", "dim"), " ", line), highlight=False)
            if not running:
                console.print(f"[red]The {server.spec.name} server exited with code {server.proc.returncode}.[/]")
                return
        time.sleep(poll)
