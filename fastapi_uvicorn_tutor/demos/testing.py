"""The `[testing]` demo: run the lesson's pytest file and the twin's `node --test` file, side by side.

    [testing]
    python = "test_main.py"      # in the lesson folder: pytest, TestClient, no server
    node = "server.test.js"      # in the twin folder: node --test, supertest
    why = "One line on what the two runs show."

Both run as child processes (through servers.launch, so the watchdog covers them)
at the same time. Nothing is written into the lesson folders, which may sit inside
site-packages: pytest runs with `-p no:cacheprovider` and PYTHONDONTWRITEBYTECODE=1,
and its own config file is ignored (`-c` the null device). `run()` returns False
when either file has a failing test, or runs none.
"""

from __future__ import annotations

import os
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.markdown import Markdown
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from fastapi_uvicorn_tutor.course.plans.testing import Plan, plan_from_table
from fastapi_uvicorn_tutor.demos import read_plan, render_verdict
from fastapi_uvicorn_tutor.runtime import node, servers
from fastapi_uvicorn_tutor.runtime.logs import last_lines
from fastapi_uvicorn_tutor.ui.render import (
    EXPRESS_STYLE,
    FASTAPI_STYLE,
    SIDE_BY_SIDE_WIDTH,
    code_panel,
)

if TYPE_CHECKING:
    from rich.console import Console

    from fastapi_uvicorn_tutor.course.catalog import Lesson
    from fastapi_uvicorn_tutor.runtime.live import LiveServers

TIMEOUT = 120.0  # seconds either test run may take (a cold two-core laptop imports slowly)
TAIL = 10  # lines of each run's output shown
_PYTEST_COUNT = re.compile(r"(\d+) (passed|failed|errors?)\b")
_NODE_COUNT = re.compile(r"^[#ℹ] (pass|fail) (\d+)\s*$", re.MULTILINE)
_RULER = re.compile(r"^[=_-]{3,} ?(.*?) ?[=_-]{3,}$")
_PROGRESS = re.compile(r"^([.FEsxX]+)\s+(\[\s*\d+%\])$")
# Summary lines of node's reporters that say nothing when their count is zero.
_NODE_QUIET = re.compile(r"^[#ℹ] (?:(?:suites|cancelled|skipped|todo) 0|duration_ms .*)$")


@dataclass(frozen=True)
class TestRun:
    """One test file run to completion: what was run, where, and how it went."""

    __test__ = False  # not a pytest test class, despite the name

    who: str  # "FastAPI" or "Express"
    command: str  # as the learner would type it
    where: str  # the folder it runs in, as the learner knows it
    returncode: int | None
    passed: int
    failed: int
    output: str
    elapsed: float
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.returncode == 0 and self.failed == 0 and self.passed > 0


# ----- commands -------------------------------------------------------------------


def pytest_spec(folder: Path, file: str) -> servers.ServerSpec:
    """`pytest FILE` in the lesson folder, writing nothing there and ignoring any config around it."""
    argv = [sys.executable, "-m", "pytest", "-q", "-rfEp", "-p", "no:cacheprovider", "-c", os.devnull,
            "--rootdir", str(folder), "--confcutdir", str(folder), file]
    env = {"PYTHONDONTWRITEBYTECODE": "1", "PYTHONUNBUFFERED": "1", "NO_COLOR": "1"}
    return servers.ServerSpec("pytest", argv, folder, 0, f"pytest {file}", env)


def node_test_spec(twin_folder: Path, file: str, node_bin: str, modules: Path | None) -> servers.ServerSpec:
    """`node --test FILE` in the twin folder, finding express and supertest like the twin does."""
    argv = [node_bin, "--test", "--test-reporter=spec", file]
    env = {"NO_COLOR": "1"}
    if modules is not None:
        env["NODE_PATH"] = str(modules)
    return servers.ServerSpec("node-test", argv, twin_folder, 0, f"node --test {file}", env)


def pytest_counts(output: str) -> tuple[int, int]:
    """(passed, failed) from pytest's last summary line; errors count as failed."""
    passed = failed = 0
    lines = [line for line in output.splitlines() if _PYTEST_COUNT.search(line)]
    for number, word in _PYTEST_COUNT.findall(lines[-1] if lines else ""):
        if word == "passed":
            passed += int(number)
        else:
            failed += int(number)
    return passed, failed


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


def run_both(specs: list[tuple[str, str, servers.ServerSpec]], timeout: float = TIMEOUT) -> list[TestRun]:
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
        runs.append(TestRun(who, spec.shown, where, code, passed, failed, output, took[i], error))
    return runs


# ----- rendering ------------------------------------------------------------------


def _side_by_side(left: RenderableType, right: RenderableType | None, width: int) -> list[RenderableType]:
    if right is None:
        return [left]
    if width < SIDE_BY_SIDE_WIDTH:
        return [left, right]
    grid = Table.grid(expand=True, padding=(0, 1))
    grid.add_column(ratio=1)
    grid.add_column(ratio=1)
    grid.add_row(left, right)
    return [grid]


def render_test_files(slug: str, plan: Plan, python_source: str, node_source: str | None,
                      width: int) -> RenderableType:
    """The two test files (their `region: focus`), the way the app and its twin are shown."""
    py = code_panel(python_source, "python", f"pytest · lessons/{slug}/{plan.python}", FASTAPI_STYLE, False)
    js = None
    if node_source is not None:
        js = code_panel(node_source, "javascript", f"node --test · node_equivalents/{slug}/{plan.node}",
                         EXPRESS_STYLE, False)
    return Group(Text("The two test files", style="bold"), *_side_by_side(py, js, width))


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
        Text.assemble(("$ ", "dim"), (run.command, "bold"), (f"   (in {run.where})", "dim")),
        _summary(run),
    ]
    lines = last_lines(readable(run.output), TAIL)
    if lines:
        body.append(Text("\n".join(lines), style="dim", overflow="fold"))
    return Panel(Group(*body), title=f"{run.who} · {run.elapsed:.1f} s", title_align="left", border_style=style)


def render_runs(fastapi: TestRun, express: TestRun | None, width: int, why: str = "") -> RenderableType:
    """Both test runs side by side (stacked on narrow terminals), then the lesson's why."""
    title = "Both test files, run the way you would run them" if express is not None else "The test file, run the way you would run it"
    parts: list[RenderableType] = [Text(title, style="bold")]
    right = render_run(express, EXPRESS_STYLE) if express is not None else None
    parts.extend(_side_by_side(render_run(fastapi, FASTAPI_STYLE), right, width))
    if why:
        parts.append(Markdown(f"**Why:** {why}", inline_code_theme="ansi_dark"))
    return Group(*parts)


def problems(fastapi: TestRun, express: TestRun | None) -> list[str]:
    found = []
    for run in (fastapi, express):
        if run is not None and not run.ok:
            found.append(f"{run.who}: `{run.command}` did not pass ({_summary(run).plain})")
    return found


def render_problems(found: list[str], both: bool = True) -> RenderableType:
    return render_verdict(found, "Both test files pass." if both else "The test file passes.")


# ----- the hook -------------------------------------------------------------------


def run(lesson: Lesson, table: dict[str, Any], live: LiveServers, console: Console) -> bool:
    """Run the lesson's test file and the twin's, at once, and show both results."""
    plan = read_plan(plan_from_table, lesson, table, console)
    if plan is None:
        return False
    specs = [("FastAPI", f"lessons/{lesson.slug}", pytest_spec(lesson.folder, plan.python))]
    status = node.detect() if live.express is not None else None
    if status is not None and status.node:
        specs.append(("Express", f"node_equivalents/{lesson.slug}",
                      node_test_spec(lesson.twin_folder, plan.node, status.node, status.modules)))
    else:
        console.print(Text.assemble(("Express twin not running: ", "bold yellow"),
                                    live.node_problem or "Node is not available.",
                                    " Running the FastAPI test file only."))
    node_source = (lesson.twin_folder / plan.node).read_text(encoding="utf-8")
    console.print(render_test_files(lesson.slug, plan, (lesson.folder / plan.python).read_text(encoding="utf-8"),
                                    node_source, console.width))
    with console.status("Running both test files…"):
        runs = run_both(specs)
    fastapi, express = runs[0], (runs[1] if len(runs) > 1 else None)
    console.print(render_runs(fastapi, express, console.width, plan.why))
    found = problems(fastapi, express)
    console.print(render_problems(found, express is not None))
    return not found
