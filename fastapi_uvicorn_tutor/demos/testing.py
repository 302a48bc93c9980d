"""The `[testing]` demo: run the lesson's pytest file and each twin's `node --test` file, side by side.

    [testing]
    python = "test_main.py"      # in the lesson folder: pytest, TestClient, no server
    node = "server.test.js"      # in each twin's folder: node --test
    why = "One line on what the runs show."   # against the default stack's twin
    <stack>_why = "..."          # against each other stack's (one per twin)

Both run as child processes (through servers.launch, so the watchdog covers them)
all at the same time. Nothing is written into the lesson folders, which may sit inside
site-packages: pytest runs with `-p no:cacheprovider` and PYTHONDONTWRITEBYTECODE=1,
and its own config file is ignored (`-c` the null device). `run()` returns False
when either file has a failing test, or runs none.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from fastapi_uvicorn_tutor.course import stacks
from fastapi_uvicorn_tutor.course.plans.testing import Plan, plan_from_table
from fastapi_uvicorn_tutor.demos import missing_notes, read_plan, render_verdict, why_markdown, whys_for
from fastapi_uvicorn_tutor.runtime import node, servers
from fastapi_uvicorn_tutor.runtime.logs import last_lines
from fastapi_uvicorn_tutor.runtime.pytest_run import pytest_counts, pytest_spec
from fastapi_uvicorn_tutor.runtime.shell import pasteable
from fastapi_uvicorn_tutor.ui.render import FASTAPI_STYLE, code_panel, side_by_side, style_of, twin_path

if TYPE_CHECKING:
    from rich.console import Console

    from fastapi_uvicorn_tutor.course.catalog import Lesson
    from fastapi_uvicorn_tutor.runtime.live import LiveServers

TIMEOUT = 120.0  # seconds either test run may take (a cold two-core laptop imports slowly)
TAIL = 10  # lines of each run's output shown
_NODE_COUNT = re.compile(r"^[#ℹ] (pass|fail) (\d+)\s*$", re.MULTILINE)
_RULER = re.compile(r"^[=_-]{3,} ?(.*?) ?[=_-]{3,}$")
_PROGRESS = re.compile(r"^([.FEsxX]+)\s+(\[\s*\d+%\])$")
# Summary lines of node's reporters that say nothing when their count is zero.
_NODE_QUIET = re.compile(r"^[#ℹ] (?:(?:suites|cancelled|skipped|todo) 0|duration_ms .*)$")


@dataclass(frozen=True)
class TestRun:
    """One test file run to completion: what was run, where, and how it went."""

    __test__ = False  # not a pytest test class, despite the name

    who: str  # the side's name: "FastAPI" or a stack's label
    command: str  # as the learner would type it
    where: str  # the folder it runs in, as the learner knows it
    returncode: int | None
    passed: int
    failed: int
    output: str
    elapsed: float
    error: str | None = None
    pasteable: str = ""  # the command as one line that runs from any folder (runtime/shell.py)

    @property
    def ok(self) -> bool:
        return self.error is None and self.returncode == 0 and self.failed == 0 and self.passed > 0


# ----- commands -------------------------------------------------------------------


def node_test_spec(twin_folder: Path, file: str, node_bin: str, modules: Path | None) -> servers.ServerSpec:
    """`node --test FILE` in the twin folder, finding its packages the way the twin does."""
    argv = [node_bin, "--test", "--test-reporter=spec", file]
    env = {"NO_COLOR": "1"}
    if modules is not None:
        env["NODE_PATH"] = str(modules)
    return servers.ServerSpec("node-test", argv, twin_folder, 0, f"node --test {file}", env)


def node_counts(output: str) -> tuple[int, int]:
    """(passed, failed) from node's test summary (spec `ℹ pass 5` or TAP `# pass 5`)."""
    found = {word: int(number) for word, number in _NODE_COUNT.findall(output)}
    return found.get("pass", 0), found.get("fail", 0)


def readable(output: str) -> str:
    """A test run's output without what is not worth reading: blank lines, zero-count summary noise, rulers.

    pytest pads its lines to the width it guesses for a terminal, which inside a panel
    only wraps: `===== title =====` becomes `title`, `.....    [100%]` becomes `..... [100%]`.
    """
    kept = []
    for line in output.splitlines():
        text = line.strip()
        if not text or _NODE_QUIET.match(text):
            continue
        text = _RULER.sub(r"\1", text)
        kept.append(_PROGRESS.sub(r"\1 \2", text))
    return "\n".join(kept)


def run_all(specs: list[tuple[str, str, servers.ServerSpec]], timeout: float = TIMEOUT) -> list[TestRun]:
    """Start every test run at once, wait until each finishes (or the timeout), collect the results."""
    procs: list[servers.Server | None] = []
    errors: list[str | None] = []
    for _, _, spec in specs:
        try:
            procs.append(servers.launch(spec))
            errors.append(None)
        except OSError as exc:
            procs.append(None)
            errors.append(f"could not start {spec.argv[0]} ({exc.strerror or exc})")
    t0 = time.monotonic()
    took = {i: 0.0 for i in range(len(specs))}
    pending = {i for i, proc in enumerate(procs) if proc is not None}
    while pending and time.monotonic() - t0 < timeout:
        for i in sorted(pending):
            if procs[i].proc.poll() is not None:  # type: ignore[union-attr]
                took[i] = time.monotonic() - t0
                pending.discard(i)
        time.sleep(0.02)
    runs = []
    for i, ((who, where, spec), proc) in enumerate(zip(specs, procs, strict=True)):
        output, code, error = "", None, errors[i]
        if proc is not None:
            if i in pending:
                error, took[i] = f"did not finish within {timeout:g} s", timeout
            proc.stop()  # the whole group: a test that left a server behind cannot leave it running
            output, code = proc.output(), proc.proc.returncode
            proc.cleanup()
        passed, failed = (pytest_counts if spec.name == "pytest" else node_counts)(output)
        runs.append(TestRun(who, spec.shown, where, code, passed, failed, output, took[i], error, pasteable(spec)))
    return runs


# ----- rendering ------------------------------------------------------------------


def render_test_files(slug: str, plan: Plan, python_source: str, node_sources: Mapping[str, str],
                      width: int) -> RenderableType:
    """The test files (their `region: focus`), the way the app and its twins are shown; node files by stack id."""
    panels = [code_panel(python_source, "python", f"pytest · lessons/{slug}/{plan.python}", FASTAPI_STYLE, False)]
    for sid, source in node_sources.items():
        stack = stacks.get(sid)
        panels.append(code_panel(source, "javascript", f"node --test · {twin_path(stack, slug, plan.node)}",
                                 stack.colour, False))
    title = "The two test files" if len(panels) == 2 else "The test files"
    return Group(Text(title, style="bold"), side_by_side(panels, width))


def _summary(run: TestRun) -> Text:
    if run.error:
        return Text(run.error, style="bold red")
    counts = f"{run.passed} passed, {run.failed} failed"
    if run.ok:
        return Text(f"{counts} · exit code 0", style="bold green")
    why = "" if run.passed or run.failed else " (no tests ran)"
    return Text(f"{counts}{why} · exit code {run.returncode}", style="bold red")


def render_run(run: TestRun, style: str) -> RenderableType:
    body: list[RenderableType] = [
        Text.assemble((run.command, "bold"), (f"   in {run.where}", "dim")),
        _summary(run),
    ]
    lines = last_lines(readable(run.output), TAIL)
    if lines:
        body.append(Text("\n".join(lines), style="dim", overflow="fold"))
    return Panel(Group(*body), title=f"{run.who} · {run.elapsed:.1f} s", title_align="left", border_style=style)


def render_runs(runs: Mapping[str, TestRun], width: int,
                whys: Sequence[tuple[str | None, str]] = ()) -> RenderableType:
    """Every test run side by side (stacked on narrow terminals), keyed by side, then the lesson's
    whys (from demos.whys_for)."""
    title = ("The test file, run the way you would run it" if len(runs) < 2
             else "Both test files, run the way you would run them" if len(runs) == 2
             else "Every test file, run the way you would run them")
    panels = [render_run(run, style_of(side)) for side, run in runs.items()]
    parts: list[RenderableType] = [Text(title, style="bold"), side_by_side(panels, width)]
    parts.extend(why_markdown(list(whys)))
    return Group(*parts)


def render_yourself(runs: Mapping[str, TestRun]) -> RenderableType:
    """Each run's command as a line to paste into a shell, from any folder (print with `crop=False`:
    a line is never wrapped or cut)."""
    parts: list[RenderableType] = [Text("To run them yourself (each line works pasted into a shell, from any folder):"
                                        if len(runs) > 1 else "To run it yourself (the line works pasted into a shell, "
                                        "from any folder):", style="dim")]
    parts += [Text.assemble(("$ ", "dim"), run.pasteable, no_wrap=True, overflow="ignore") for run in runs.values()]
    return Group(*parts)


def problems(runs: Mapping[str, TestRun]) -> list[str]:
    return [f"{run.who}: `{run.command}` did not pass ({_summary(run).plain})" for run in runs.values() if not run.ok]


def render_problems(found: list[str], files: int = 2) -> RenderableType:
    every = "The test file passes." if files < 2 else "Both test files pass." if files == 2 else "Every test file passes."
    return render_verdict(found, every)


# ----- the hook -------------------------------------------------------------------


def run(lesson: Lesson, table: dict[str, Any], live: LiveServers, console: Console) -> bool:
    """Run the lesson's test file and each running twin's, at once, and show every result."""
    plan = read_plan(plan_from_table, lesson, table, console)
    if plan is None:
        return False
    specs = [(stacks.FASTAPI, "FastAPI", f"lessons/{lesson.slug}", pytest_spec(lesson.folder, plan.python))]
    for sid in live.twins:
        stack = stacks.get(sid)
        status = node.detect(stack)
        if status.node:
            specs.append((sid, stack.label, f"{stack.shown_root()}/{lesson.slug}",
                          node_test_spec(lesson.twin_folder(sid), plan.node, status.node, status.modules)))
    for note in missing_notes(live, "Running the FastAPI test file only." if len(specs) == 1 else "Running the others."):
        console.print(note)
    # Every chosen twin's test file is shown, running or not, like the twin's code.
    node_sources = {stack.id: (lesson.twin_folder(stack.id) / plan.node).read_text(encoding="utf-8")
                    for stack in live.chosen if lesson.has_twin(stack.id)}
    console.print(render_test_files(lesson.slug, plan, (lesson.folder / plan.python).read_text(encoding="utf-8"),
                                    node_sources, console.width))
    with console.status("Running the test files…"):
        results = run_all([(who, where, spec) for _, who, where, spec in specs])
    runs = {side: result for (side, *_), result in zip(specs, results, strict=True)}
    console.print(render_runs(runs, console.width, whys_for(plan.whys, runs, [stack.id for stack in live.chosen])))
    console.print(render_yourself(runs), crop=False)
    found = problems(runs)
    console.print(render_problems(found, len(runs)))
    return not found
