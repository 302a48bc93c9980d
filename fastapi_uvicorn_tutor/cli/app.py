"""The `tutor` command: thin Typer commands over the engine modules.

Kept light on purpose: it imports neither FastAPI nor Uvicorn (the servers run in
their own processes), so `tutor list` starts as fast as Typer and Rich allow.
"""

from __future__ import annotations

import functools
import inspect
import os
import signal
import sys
from collections.abc import Callable
from typing import Any, Optional, get_type_hints

import typer

from fastapi_uvicorn_tutor.cli import common
from fastapi_uvicorn_tutor.course import catalog, stacks
from fastapi_uvicorn_tutor.errors import TutorError
from fastapi_uvicorn_tutor.state import progress
from fastapi_uvicorn_tutor.ui import console as ui_console

app = typer.Typer(
    name="tutor",
    help=f"Learn FastAPI + Uvicorn by running each lesson beside its {stacks.DEFAULT.label} twin. Start with: tutor next",
    no_args_is_help=True,
    add_completion=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
console = ui_console.console
err = ui_console.err
fail, _lessons, _progress, _save = common.fail, common.lessons, common.load_progress, common.save
_warn = ui_console.warn


def _remember_current(slugs: list[str], slug: str) -> None:
    """`tutor next` resumes an interrupted lesson; a read-only state folder only warns."""
    try:
        progress.update(slugs, lambda p: setattr(p, "current", slug))
    except progress.StateDirError as exc:
        _warn(str(exc))


def _run(lessons: list[catalog.Lesson], lesson: catalog.Lesson, vs: str | None, no_predict: bool = False) -> None:
    """Run a lesson live against the chosen stacks and record it when the learner finishes it."""
    from fastapi_uvicorn_tutor.runtime import interrupts

    chosen = common.chosen_stacks(vs)
    predict = common.predicting(no_predict)
    with interrupts.ctrl_c_stops():  # Ctrl-C at any moment: one "Stopped" line, exit 130
        try:
            _run_lesson(lessons, lesson, chosen, predict)
        except KeyboardInterrupt:  # after the lesson ended (Ctrl-C during a lesson is handled inside)
            _say_stopped("Stopped. Both servers are down.")
            raise typer.Exit(130) from None


def _say_stopped(sentence: str) -> None:
    """After Ctrl-C: wait until the servers are down, then say so in one line."""
    from fastapi_uvicorn_tutor.runtime import servers

    servers.finish_stopping()
    console.begin_capture()  # drop what Rich had not written yet when the Ctrl-C cut a print short
    console.end_capture()
    console.print(f"\n[dim]{sentence}[/]")


def _run_lesson(lessons: list[catalog.Lesson], lesson: catalog.Lesson, chosen: tuple[stacks.Stack, ...],
                predict: bool) -> None:
    from fastapi_uvicorn_tutor.flows import lesson as session
    from fastapi_uvicorn_tutor.runtime import servers

    slugs = [item.slug for item in lessons]
    try:
        outcome = session.run_lesson(lesson, console, total=len(lessons), chosen=chosen, predict=predict)
    except session.LessonFailed:
        fail("The lesson stopped because a server could not start; your progress is unchanged.",
             "The output above shows why. `tutor doctor` checks your setup.")
    except servers.PortBusy as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        _say_stopped("Stopped. Both servers are down; this lesson is not marked done.")
        _remember_current(slugs, lesson.slug)
        raise typer.Exit(130) from None
    if not outcome.finished:
        _remember_current(slugs, lesson.slug)
        return
    index = slugs.index(lesson.slug)
    following = slugs[index + 1] if index + 1 < len(slugs) else None

    def record(p: progress.Progress) -> None:
        p.mark_done(lesson.slug)
        p.current = following

    from fastapi_uvicorn_tutor.flows import practice

    pending = practice.exercise_pending(lessons, lesson, console)  # such a lesson is done when its check passes
    saved = None if pending else _save(lessons, record)
    if not outcome.demo_ok:
        console.print("[bold red]Some demo answers did not match what the lesson says (marked above with !).[/] "
                      "Please report it: the lesson or a framework changed.")
    if saved is not None:
        console.print(_done_and_next(lesson, lessons, saved))
    servers.finish_stopping()  # the servers were told to stop when the lesson ended; wait for them now


def _done_and_next(lesson: catalog.Lesson, lessons: list[catalog.Lesson], state: progress.Progress) -> str:
    """"Lesson NN done", and what `tutor next` will run now (the saved progress decides, not the order)."""
    from rich.markup import escape  # a title is course text, never markup

    done = f"[green]✓[/] Lesson {lesson.number:02d} done."
    upcoming = state.next_pending([item.slug for item in lessons])
    if upcoming is not None:
        following = catalog.find_lesson(lessons, upcoming)
        return f"{done} Next: [bold]tutor next[/] (lesson {following.number:02d}, {escape(following.title)})."
    if state.skipped:
        return (f"{done} Every lesson is done or skipped; [bold]tutor goto N[/] brings back a skipped one "
                "([bold]tutor list[/] shows which).")
    return f"{done} Every lesson is done. Well done!"


@app.command("next")
def next_(
    skip: bool = typer.Option(False, "--skip", help="Skip the lesson you are on (recorded as skipped, its exercise unsolved) and run the next one."),
    vs: Optional[str] = common.vs_option(),
    no_predict: bool = common.no_predict_option(),
) -> None:
    """Run the next unfinished lesson: both servers live, the demo, then your own requests."""
    lessons = _lessons()
    state = _progress(lessons)
    slugs = [lesson.slug for lesson in lessons]
    slug = state.next_pending(slugs)
    if skip and slug is not None:
        skipped = slug
        _save(lessons, lambda p: p.mark_done(skipped, skipped=True))
        console.print(f"Skipped lesson {skipped} (recorded as skipped; [bold]tutor goto {skipped[:2]}[/] brings it back).")
        slug = progress.load(slugs).next_pending(slugs)
    if slug is None:
        console.print("[green]Every lesson is done.[/] Revisit one with [bold]tutor goto N[/], or start over with [bold]tutor reset --all[/].")
        return
    lesson = catalog.find_lesson(lessons, slug)
    from fastapi_uvicorn_tutor.flows import practice

    if not skip and practice.remind(lesson, console):  # its walkthrough was seen; the exercise waits
        return
    _run(lessons, lesson, vs, no_predict)


@app.command("list")
def list_(full: bool = typer.Option(False, "--full", help="Wrap each title and summary whole (several lines a lesson).")) -> None:
    """Show every lesson, which are done, and which comes next (one line each)."""
    from fastapi_uvicorn_tutor.state import scores
    from fastapi_uvicorn_tutor.ui import render

    lessons = _lessons()
    state = _progress(lessons)
    kept = scores.load()
    for warning in kept.warnings:
        _warn(warning)
    predicted = {lesson.slug: tally for lesson in lessons if (tally := kept.tally(lesson.slug))[1]}
    console.print(render.progress_table(lessons, state, state.next_pending([lesson.slug for lesson in lessons]),
                                        common.chosen_stacks(None)[0], predicted, full=full))


@app.command()
def show(lesson: str = typer.Argument(..., help="Lesson number or slug, like 4 or path-parameters."),
         vs: Optional[str] = common.vs_option()) -> None:
    """Show a lesson's story and code without starting servers or recording anything."""
    from fastapi_uvicorn_tutor.flows import lesson as session
    from fastapi_uvicorn_tutor.ui import render

    lessons = _lessons()
    found = catalog.find_lesson(lessons, lesson)
    compared, notes = found.compared(common.chosen_stacks(vs))
    text = session.narrative_text(found, None, strict=False, chosen=compared)
    console.print(render.lesson_header(found, len(lessons), *compared[:1]))
    for sid, why in notes.items():
        console.print(render.no_twin_note(stacks.get(sid), why, compared, found.twin_labels))
    console.print(render.narrative(text))
    console.print(render.code_pair(found, console.width, whole=True, chosen=compared))
    again = f" --vs {vs}" if vs else ""
    console.print(f"[dim]Run it live with[/] tutor goto {found.number}{again}")


@app.command()
def goto(lesson: str = typer.Argument(..., help="Lesson number or slug."), vs: Optional[str] = common.vs_option(),
         no_predict: bool = common.no_predict_option()) -> None:
    """Jump to a lesson and run it now (done or not)."""
    lessons = _lessons()
    _run(lessons, catalog.find_lesson(lessons, lesson), vs, no_predict)


@app.command()
def prev(vs: Optional[str] = common.vs_option(), no_predict: bool = common.no_predict_option()) -> None:
    """Run the lesson before the current one."""
    lessons = _lessons()
    state = _progress(lessons)
    slugs = [lesson.slug for lesson in lessons]
    current = state.next_pending(slugs)
    # Every lesson done: the learner stands past the last one, so the one before is the last.
    index = slugs.index(current) - 1 if current is not None else len(slugs) - 1
    if index < 0:
        console.print(f"Lesson {lessons[0].number:02d} is the first lesson; there is none before it. "
                      f"Run it again with [bold]tutor goto {lessons[0].number}[/].")
        return
    _run(lessons, lessons[index], vs, no_predict)


@app.command()
def reset(
    lesson: Optional[str] = typer.Argument(None, help="Lesson number or slug to mark not done."),
    all_: bool = typer.Option(False, "--all", help="Forget all progress."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
) -> None:
    """Mark one lesson (or with --all, every lesson) as not done."""
    lessons = _lessons()
    if lesson is None and not all_:
        fail("Say which lesson to reset, or --all.", "Example: tutor reset 4   or   tutor reset --all", code=2)
    if lesson is not None and all_:
        fail("Reset one lesson or --all, not both.", "Example: tutor reset 4   or   tutor reset --all", code=2)
    target = catalog.find_lesson(lessons, lesson) if lesson else None
    what = f"lesson {target.number:02d} ({target.title})" if target else "all your progress"
    if not yes:
        if not sys.stdin.isatty():
            fail(f"Not resetting {what} without confirmation.", "Add --yes to confirm when not at a terminal.", code=2)
        if not ui_console.confirm(f"Reset {what}?"):
            console.print("Nothing changed.")
            return

    def change(p: progress.Progress) -> None:
        if target:
            p.forget(target.slug)
            p.current = target.slug
        else:
            p.done.clear()
            p.skipped.clear()
            p.current = None

    _save(lessons, change)
    from rich.markup import escape  # a title is course text, never markup

    console.print(f"Reset {escape(what)}.")


def _with_twin_port_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Give `command` one `--<stack>-port` option per Node stack; it gets them as `**twin_ports`."""
    hints = get_type_hints(command)
    params = [param.replace(annotation=hints.get(param.name, param.annotation))
              for param in inspect.signature(command).parameters.values() if param.kind is not param.VAR_KEYWORD]
    for stack in stacks.ALL:
        option = typer.Option(None, stack.port_option, min=1, max=65535, help=f"Port for {stack.label} (fails if busy).")
        params.append(inspect.Parameter(f"{stack.id}_port", inspect.Parameter.KEYWORD_ONLY, default=option,
                                        annotation=Optional[int]))
    command.__signature__ = inspect.Signature(params, return_annotation=None)  # type: ignore[attr-defined]
    return command


@app.command()
@_with_twin_port_options
def serve(
    lesson: str = typer.Argument(..., help="Lesson number or slug."),
    reload: bool = typer.Option(False, "--reload", help="Restart on code changes (uvicorn --reload, node --watch)."),
    port: Optional[int] = typer.Option(None, "--port", min=1, max=65535, help="Port for FastAPI (fails if busy)."),
    vs: Optional[str] = common.vs_option(),
    **twin_ports: Optional[int],
) -> None:
    """Start a lesson's servers and keep them running until Ctrl-C."""
    from fastapi_uvicorn_tutor.flows import lesson as session
    from fastapi_uvicorn_tutor.runtime import servers
    from fastapi_uvicorn_tutor.ui import render

    lessons = _lessons()
    found = catalog.find_lesson(lessons, lesson)
    wanted = {stack.id: chosen for stack in stacks.ALL if (chosen := twin_ports.get(f"{stack.id}_port"))}
    try:
        live = session.start_servers(found, console, fastapi_port=port, twin_ports=wanted, chosen=common.chosen_stacks(vs),
                                     reload=reload, strict_ports=True)
    except servers.PortBusy as exc:
        fail(str(exc), code=1)
    try:
        session.show_commands(live, console)
        session.show_missing(live, console)
        session.wait_or_explain(live, console)
        console.print(render.live_urls(live.fastapi.url, [(stacks.get(sid), s.url) for sid, s in live.twins.items()],
                                       app_label=found.app_label, docs=found.docs, twin_labels=live.labels))
        console.print("[dim]Serving until Ctrl-C.[/]")
        session.follow_until_stopped(live, console)
        raise typer.Exit(1)  # it returns only when a server exited on its own (said above)
    except session.LessonFailed:
        fail("A server could not start.", "The output above shows why.")
    except KeyboardInterrupt:
        # _say_stopped drops what Rich had not finished writing: a log line the Ctrl-C cut
        # short would otherwise be printed a second time.
        _say_stopped("Stopped both servers." if len(live.all) <= 2 else "Stopped every server.")
    finally:
        servers.stop_and_clean(live.all)


_NODE_LABELS = " or ".join(stack.label for stack in stacks.ALL)


@app.command(help=f"Find the FastAPI counterpart of a {_NODE_LABELS} API, with an example and the lesson; "
                  "with no term, list them all by lesson.")
def lookup(term: Optional[str] = typer.Argument(None, help=f"A {_NODE_LABELS} API or habit, like app.use, req.params, "
                                                 "res.render. Leave it out for the whole map.")) -> None:
    from fastapi_uvicorn_tutor.course import lookup as finder
    from fastapi_uvicorn_tutor.ui import render

    if term is None:
        ui_console.page(render.lookup_map(finder.by_lesson(_lessons())))
        return
    found, suggestions = finder.find(term, _lessons())
    console.print(render.lookup_result(term, found, suggestions))
    if not found:
        raise typer.Exit(1)


@app.command(help=f"Check Python, Uvicorn, Node, npm, the {_NODE_LABELS} install and a free port.")
def doctor() -> None:
    from fastapi_uvicorn_tutor.flows.doctor import doctor_rows
    from fastapi_uvicorn_tutor.ui import render

    rows = doctor_rows()
    console.print(render.doctor_table(rows))
    if any(row.level == "fail" for row in rows):
        raise typer.Exit(1)


# `tutor bench` and practice mode (`tutor check`, `watch`, `hint`...): only their options
# load here; bench.py and practice.py load when one of their commands runs.
from fastapi_uvicorn_tutor.cli import bench as bench_command  # noqa: E402
from fastapi_uvicorn_tutor.cli import config as config_command  # noqa: E402
from fastapi_uvicorn_tutor.cli import practice as practice_command  # noqa: E402

bench_command.register(app, console, err)
practice_command.register(app)
config_command.register(app)


def _explained(callback: Callable[..., Any]) -> Callable[..., Any]:
    """Run a command; a TutorError becomes its sentence on stderr and its exit code."""

    @functools.wraps(callback)
    def run(*args: Any, **kwargs: Any) -> Any:
        try:
            return callback(*args, **kwargs)
        except TutorError as exc:
            ui_console.show_error(exc)
            raise typer.Exit(exc.code) from None

    return run


for _command in app.registered_commands:
    if _command.callback is not None:
        _command.callback = _explained(_command.callback)


def _on_signal(signum: int, _frame: object) -> None:
    # Turn SIGTERM/SIGHUP into a normal unwind so every server is stopped on the way out.
    raise SystemExit(128 + signum)


def main() -> None:
    """Console-script entry point."""
    for name in ("SIGTERM", "SIGHUP"):  # Windows has no SIGHUP: only the signals this platform has
        sig = getattr(signal, name, None)
        if sig is not None:
            signal.signal(sig, _on_signal)
    if os.environ.get("NO_COLOR") == "":
        os.environ.pop("NO_COLOR")
    for stream in (sys.stdout, sys.stderr):
        # A terminal without UTF-8 gets '?' for a box character, never a UnicodeEncodeError.
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    app()
