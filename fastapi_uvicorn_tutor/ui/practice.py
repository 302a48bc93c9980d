"""Pure functions that turn exercises and check results into Rich renderables.

The practice-mode counterpart of ui/render.py: nothing here prints, starts processes
or reads files; the practice flows (flows/practice.py, check.py, watch.py) print what they return.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Group, RenderableType
from rich.markdown import Markdown
from rich.panel import Panel
from rich.rule import Rule
from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text

from fastapi_uvicorn_tutor.course import stacks
from fastapi_uvicorn_tutor.ui.render import FASTAPI_STYLE, compact_json, twin_name

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

    from fastapi_uvicorn_tutor.course.catalog import Lesson, Side
    from fastapi_uvicorn_tutor.course.exercises import CheckReport, CheckResult, Exercise
    from fastapi_uvicorn_tutor.course.messages import Response

BODY_LINES = 12
PASS, FAIL = "✓", "✗"


def _commands(rows: list[tuple[str, str]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column(overflow="fold")
    for command, what in rows:
        table.add_row(command, what)
    return table


def starter_copied(path: Path) -> Text:
    return Text(f"No {path.name} yet: copied the starter to {path}.", style="dim")


def exercise_unavailable(problem: str) -> Text:
    return Text.assemble(("The exercise is not available:", "yellow"), " ", problem)


def solution_location(path: Path) -> Text:
    return Text(f"The whole solution: {path}", style="dim")


def reset_done(main_py: Path, saved: Path | None) -> Text:
    return Text(f"{main_py} is the starter again." + (f" Your version is saved as {saved}." if saved else ""))


def exercise_intro(exercise: Exercise, main_py: Path, created: bool, done: bool) -> RenderableType:
    """What to write, where the file is, and the commands that check it (end of a lesson)."""
    where = Text.assemble(("Your file: ", "bold"), (str(main_py), "underline"))
    state = "copied from the starter just now" if created else "your earlier edits are kept"
    parts: list[RenderableType] = [
        Markdown(exercise.task, code_theme="ansi_dark", inline_code_theme="ansi_dark"),
        Text(""),
        Text.assemble(where, (f"  ({state})", "dim")),
        Text(""),
        _commands([
            ("tutor edit", "open it in $EDITOR (or use any editor you like)"),
            ("tutor watch", "re-check on every save (main.py served by uvicorn --reload), "
                            "then carry on to the next exercise once this one passes"),
            ("tutor check", "run the checks once: pass/fail, expected vs actual"),
            ("tutor hint", f"one more hint each time ({len(exercise.hints)} in all)"),
        ]),
        Text(""),
        Text("This lesson is done once `tutor check` passes"
             + (" (it already has)." if done else "; `tutor next --skip` moves on without it."),
             style="green" if done else "italic"),
    ]
    return Panel(Group(*parts), title=Text(f"Your turn · {exercise.title}"), title_align="left",
                 border_style="magenta", padding=(0, 1))


def pending_reminder(lesson: Lesson, exercise: Exercise, main_py: Path) -> RenderableType:
    """`tutor next` while the current lesson's exercise is unsolved: what to do instead."""
    head = Text.assemble(("Lesson ", "bold"), (f"{lesson.number:02d} {lesson.title}", "bold cyan"),
                         (" is waiting for its exercise: ", "bold"), exercise.title)
    parts: list[RenderableType] = [
        head,
        Text.assemble(("Your file: ", "bold"), (str(main_py), "underline")),
        Text(""),
        _commands([
            ("tutor check", "check it now (the lesson is done when every check passes)"),
            ("tutor watch", "re-check on every save"),
            ("tutor hint", "a hint"),
            (f"tutor goto {lesson.number}", "see the lesson again"),
            ("tutor next --skip", "skip this exercise and go on to the next lesson"),
        ]),
    ]
    return Panel(Group(*parts), border_style="magenta", padding=(0, 1))


def walkthrough_over(lesson: Lesson) -> RenderableType:
    return Text.assemble(
        (f"Lesson {lesson.number:02d}'s walkthrough is over. ", "bold"),
        "It counts as done when ", ("tutor check", "bold cyan"), " passes (or ",
        ("tutor next --skip", "bold cyan"), "); until then ", ("tutor next", "bold cyan"),
        " reminds you where your exercise is.",
    )


def check_header(lesson: Lesson, main_py: Path, command: str, reused: bool) -> RenderableType:
    how = "the server `tutor watch` keeps running" if reused else "started for this check, stopped after"
    return Group(
        Rule(Text(f"Checking lesson {lesson.number:02d}'s exercise", style="bold"), align="left", style="magenta"),
        Text.assemble(("file    ", "dim"), str(main_py)),
        Text.assemble(("server  ", "dim"), (f"$ {command}", "bold"), (f"   ({how})", "dim")),
    )


def _expected(side: Side) -> Text:
    text = Text()
    if side.status is not None:
        text.append(f"{side.status}\n", style="bold")
    if side.has_json:
        text.append(compact_json(side.json, 44) + "\n")
    if side.body_contains is not None:
        text.append("body contains ", style="dim")
        text.append(f"{side.body_contains}\n")
    for name, value in side.headers.items():
        text.append(f"{name}: ", style="dim")
        text.append(f"{value}\n")
    for name in side.headers_present:
        text.append(f"{name}: ", style="dim")
        text.append("(any value)\n", style="dim")
    for name in side.headers_absent:
        text.append(f"no {name} header\n", style="dim")
    text.rstrip()
    return text


def _lines(lines: list[str] | tuple[str, ...], style: str = "") -> Text:
    return Text("\n".join(lines) or "(nothing)", style=style)


def _body(response: Response, max_lines: int = BODY_LINES, max_chars: int = 2000) -> str:
    if not response.body:
        return "(empty body)"
    value: Any = response.parsed()
    pretty = compact_json(value, 44) if response.is_json and not isinstance(value, str) else response.text
    lines = pretty.splitlines()
    if len(lines) > max_lines:
        pretty = "\n".join(lines[:max_lines]) + f"\n… ({len(lines) - max_lines} more lines)"
    return pretty if len(pretty) <= max_chars else pretty[:max_chars] + " …"


def _actual(response: Response | None, side: Side, *, short: bool = False) -> Text:
    if response is None:
        return Text("not running", style="dim")
    if response.error:
        return Text(f"no answer: {response.error}", style="red")
    text = Text(f"{response.status} {response.reason}\n", style="bold")
    for name in (*side.headers, *side.headers_present, *side.headers_absent):
        value = response.header(name)
        if value is not None:
            text.append(f"{name}: ", style="dim")
            text.append(f"{value}\n")
        elif name in side.headers_present:
            text.append(f"no {name} header\n", style="dim")
    text.append(_body(response, 6, 300) if short else _body(response))
    return text


def check_line(result: CheckResult) -> RenderableType:
    mark = Text(f"{PASS} ", style="bold green") if result.passed else Text(f"{FAIL} ", style="bold red")
    line = Text.assemble(mark, (result.check.label, "bold"), "  ", result.check.name)
    if result.check.bad_input:
        line.append("  (bad input)", style="dim")
    return line


def _reference_line(result: CheckResult, twin_labels: Mapping[str, str] | None = None) -> RenderableType | None:
    ref, twin = result.reference, result.check.twin
    if ref is None or twin is None:
        return None
    if ref.error:
        answer = f"no answer ({ref.error})"
    else:
        body = " ".join(ref.text.split()) if not ref.is_json else json.dumps(ref.parsed(), ensure_ascii=False)
        answer = f"{ref.status} {body[:100]}{'…' if len(body) > 100 else ''}"
        side = result.check.expect
        for name in (*side.headers, *side.headers_absent):  # the headers this check is about
            value = ref.header(name)
            answer += f"  · {name}: {value}" if value is not None else f"  · no {name}"
    stack = stacks.get(result.reference_stack)
    return Text.assemble((f"    {twin_name(stack, twin_labels)} twin, ", "dim"), (twin.label, stack.colour), (": ", "dim"), answer)


def _probe_detail(result: CheckResult, width: int) -> RenderableType:
    """A failing check of another kind than http: what it expects beside what it saw, then why it fails."""
    assert result.check.probe is not None
    table = Table(box=box.SIMPLE_HEAD, expand=width >= 80, padding=(0, 1), show_edge=False)
    table.add_column("expected", ratio=2, overflow="fold")
    seen = "your tests" if result.check.kind == "tests" else "your app"
    table.add_column(seen, ratio=3, overflow="fold", header_style=FASTAPI_STYLE)
    table.add_row(_lines(result.check.probe.expected()), _lines(result.observed, "dim"))
    parts: list[RenderableType] = [table]
    parts += [Text(f"    ! {problem}", style="red") for problem in result.problems]
    if result.check.note:
        parts.append(Text.assemble(("    Why it matters: ", "bold"), result.check.note))
    return Group(*parts)


def check_detail(result: CheckResult, width: int, twin_labels: Mapping[str, str] | None = None) -> RenderableType:
    """A failing check: expected beside actual (and the twin's answer, as the reference; the twin named by
    `twin_labels`, the lesson's `[twin_label]`, else by its stack)."""
    if result.check.probe is not None:
        return _probe_detail(result, width)
    table = Table(box=box.SIMPLE_HEAD, expand=width >= 80, padding=(0, 1), show_edge=False)
    table.add_column("expected", ratio=1, overflow="fold")
    table.add_column("your app", ratio=1, overflow="fold", header_style=FASTAPI_STYLE)
    cells: list[RenderableType] = [_expected(result.check.expect), _actual(result.response, result.check.expect)]
    if result.reference is not None and result.check.twin is not None:
        stack = stacks.get(result.reference_stack)
        table.add_column(Text(f"{twin_name(stack, twin_labels)} twin, {result.check.twin.label} (reference)"), ratio=1,
                         overflow="fold",
                         header_style=stack.colour)
        cells.append(_actual(result.reference, result.check.expect, short=True))
    table.add_row(*cells)
    parts: list[RenderableType] = [table]
    if result.response.error:
        parts.append(Text(f"    ! {result.problems[0]}", style="red"))
    if result.check.note:
        parts.append(Text.assemble(("    Why it matters: ", "bold"), result.check.note))
    return Group(*parts)


def check_results(report: CheckReport, width: int, twin_labels: Mapping[str, str] | None = None) -> RenderableType:
    """Every check: a line each, and expected beside actual for the failing ones (`twin_labels`: see check_detail)."""
    parts: list[RenderableType] = []
    for result in report.results:
        parts.append(check_line(result))
        if not result.passed:
            parts.append(check_detail(result, width, twin_labels))
        else:
            reference = _reference_line(result, twin_labels)
            if reference is not None:
                parts.append(reference)
    return Group(*parts)


def verdict(report: CheckReport, lesson: Lesson, hints_left: int, recorded: bool, *,
            next_hint: bool = True) -> RenderableType:
    """The last line of a check run; `next_hint` off when the caller says what comes next itself."""
    total = len(report.results)
    if report.passed:
        tail = f" Lesson {lesson.number:02d} is done." if recorded else ""
        return Text.assemble((f"{PASS} All {total} checks pass.", "bold green"), tail,
                             (" Next: tutor next" if recorded and next_hint else "", "bold cyan"))
    failing = report.failing
    names = "; ".join(r.check.name for r in failing) if len(failing) <= 3 else f"{len(failing)} checks, marked {FAIL} above"
    text = Text.assemble((f"{FAIL} {total - len(failing)}/{total} checks pass. ", "bold red"),
                         ("Failing: ", "bold"), names)
    hint = "tutor hint for a nudge" if hints_left else "tutor solution to compare with an answer"
    text.append(f"\nSave and run tutor check again, or keep tutor watch open. Stuck? {hint}.", style="dim")
    return text


def twin_missing(stack: stacks.Stack, problem: str, label: str = "") -> Text:
    """The twin (`label`: what the lesson calls it) giving the reference answers is not running."""
    return Text(f"The {label or stack.label} twin is not running ({problem.rstrip('.')}): the checks run without its reference answers.",
                style="dim")


def not_loaded(total: int) -> RenderableType:
    return Text.assemble((f"{FAIL} Your app does not load, so none of the {total} checks ran. ", "bold red"),
                         ("Fix the error above, save, and run tutor check again (or keep tutor watch open).", "dim"))


def server_output(tail: str) -> RenderableType:
    """What the server printed while the checks ran (an exception in a handler, say)."""
    return Panel(Text(tail), title="Your server's output during the checks", title_align="left", border_style="red")


def load_failure(excerpt: str, main_py: Path, reason: str = "") -> RenderableType:
    """The learner's app does not load: the useful end of the traceback."""
    body: list[RenderableType] = [Text(f"Uvicorn could not load {main_py.name}{': ' + reason if reason else ''}.", style="bold red")]
    if excerpt.strip():
        body.append(Text(excerpt))
    body.append(Text("Fix it and save: the reloader tries again on the next save.", style="dim"))
    return Panel(Group(*body), title=f"{main_py.name} does not load", title_align="left", border_style="red")


def already_passes(lesson: Lesson, main_py: Path) -> RenderableType:
    """`tutor hint` once the exercise passes and nothing changed since: no hint needed."""
    return Text.assemble(
        (f"{PASS} Lesson {lesson.number:02d}'s exercise already passes: ", "bold green"),
        f"every check passed against {main_py.name} as it is now, so there is no hint to give. ",
        ("tutor solution", "bold cyan"), " compares it with a model answer; ", ("tutor next", "bold cyan"), " goes on.",
    )


def hint(exercise: Exercise, index: int) -> RenderableType:
    total = len(exercise.hints)
    more = "Run tutor hint again for the next one." if index + 1 < total else "That was the last hint; tutor solution shows an answer."
    return Panel(Group(Markdown(exercise.hints[index], code_theme="ansi_dark", inline_code_theme="ansi_dark"),
                       Text(more, style="dim")),
                 title=Text(f"Hint {index + 1} of {total} · {exercise.title}"), title_align="left", border_style="cyan")


def solution_diff(diff: str, solution: str, identical: bool, name: str = "main.py") -> RenderableType:
    if identical:
        return Text(f"Your {name} is the solution, line for line.", style="green")
    if not diff.strip():
        return Syntax(solution, "python", theme="ansi_dark", background_color="default", line_numbers=True)
    return Group(
        Text("Lines starting with - are yours; lines starting with + are the solution's.", style="dim"),
        Syntax(diff, "diff", theme="ansi_dark", background_color="default"),
    )


def watch_banner(path: Path, command: str, url: str) -> RenderableType:
    return Panel(Group(
        Text.assemble(("Watching ", "bold"), (str(path), "underline")),
        Text.assemble(("$ ", "dim"), (command, "bold"), ("   serving ", "dim"), url),
        Text("Save the file to re-check; once every check passes, the watch carries on to the next exercise. "
             "Ctrl-C stops it.", style="dim"),
    ), border_style="magenta", padding=(0, 1))


def missed_save(*, polling: bool) -> Text:
    """Uvicorn's reloader did not notice a save; the watch restarts it."""
    if polling:
        return Text("Uvicorn did not notice the save (no file events here); restarting it with "
                    "WATCHFILES_FORCE_POLLING=1.", style="yellow")
    return Text("Uvicorn's reloader was still starting when you saved (it begins watching a moment after it "
                "starts your app), so it missed the save; restarting Uvicorn to load it.", style="yellow")


def next_exercise(lesson: Lesson, exercise: Exercise) -> RenderableType:
    """The watch moves on to the next lesson's exercise (its walkthrough was seen)."""
    return Rule(Text(f"Next exercise: lesson {lesson.number:02d} · {exercise.title}", style="bold"),
                align="left", style="magenta")


def next_lesson_pointer(lesson: Lesson | None, has_exercise: bool) -> RenderableType:
    """After a pass: where the course goes next, while the watch waits."""
    if lesson is None:
        return Text.assemble(("Every lesson is done: that was the last exercise. ", "bold green"),
                             ("Ctrl-C stops the watch.", "dim"))
    then = ("this watch takes up its exercise as soon as the walkthrough is over."
            if has_exercise else "this watch carries on once that lesson is done.")
    return Text.assemble(
        ("Next: ", "bold"), (f"lesson {lesson.number:02d} {lesson.title}", "bold cyan"), ". Run ",
        ("tutor next", "bold cyan"), " in another terminal for its walkthrough and demo; ", then,
        ("  (Ctrl-C stops the watch.)", "dim"))


def watch_stopped() -> Text:
    return Text("\nStopped watching; the server is down.", style="dim")


def log_line(line: str) -> Text:
    return Text.assemble(("uvicorn │ ", "dim green"), (line, "dim"))


def saved(names: list[str]) -> Text:
    return Text.assemble(("● ", "cyan"), ("saved ", "bold"), ", ".join(names))
