"""`tutor bench` on screen: the report (from its JSON form) and the live bar while runs are measured.

Taking the JSON form means a saved `tutor bench --json` file renders the same way.
The renderers are pure; RunProgress draws on the console it is given, and starts nothing.
"""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from fastapi_uvicorn_tutor.course import stacks
from fastapi_uvicorn_tutor.ui.render import style_of

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID

    from fastapi_uvicorn_tutor.course.bench.plan import RunSpec


def _num(value: float, digits: int = 0) -> str:
    return f"{value:,.{digits}f}"


def _ms(value: float) -> str:
    return _num(value, 0 if value >= 10 else 1)


def _ratio(value: float | None) -> Text:
    if value is None:
        return Text("—", style="dim")
    return Text(f"{value:.2f}×", style="bold" if abs(value - 1) > 0.05 else "")


def _benched(doc: dict[str, Any]) -> list[stacks.Stack]:
    """The Node stacks with a run in this report, in registry order."""
    return [stack for stack in stacks.ALL if any(run["stack"] == stack.id for run in doc["runs"])]


def runs_table(doc: dict[str, Any]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, title=f"tutor bench · lesson {doc['lesson']}", title_justify="left")
    show_path = len({run["path"] for run in doc["runs"]}) > 1
    table.add_column("run", overflow="fold")
    if show_path:
        table.add_column("path", overflow="fold")
    table.add_column("req/s", justify="right")
    table.add_column("p50 ms", justify="right")
    table.add_column("p99 ms", justify="right")
    table.add_column("errors", justify="right")
    table.add_column("peak RSS", justify="right")
    benched = _benched(doc)
    for stack in benched:
        table.add_column(f"÷ {stack.label}", justify="right")
    for run in doc["runs"]:
        style = style_of(run["stack"])
        if run["failed"]:
            cells = [Text(run["label"], style=style), *([run["path"]] if show_path else []),
                     Text("failed", style="bold red"), "", "", "", "", *[""] * len(benched)]
            table.add_row(*cells)
            continue
        bad = run["errors"] + run["non_2xx"]
        rss = run["peak_rss_mb"]
        table.add_row(
            Text(run["label"], style=style),
            *([run["path"]] if show_path else []),
            _num(run["requests_per_s"]),
            _ms(run["latency_ms"]["p50"]),
            _ms(run["latency_ms"]["p99"]),
            Text(_num(bad), style="bold red" if bad else "dim"),
            f"{rss:.0f} MB" if rss is not None else "?",
            *[_ratio(run.get(f"vs_{stack.id}")) for stack in benched],
        )
    return table


def ratios(doc: dict[str, Any]) -> RenderableType:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(justify="right", style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    for ratio in doc["ratios"]:
        grid.add_row(f"{ratio['requests_per_s']:.2f}×", f"requests/s of {ratio['name']}")
    return grid


def commands(doc: dict[str, Any]) -> RenderableType:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold", style="dim")
    for run in doc["runs"]:
        style = style_of(run["stack"])
        grid.add_row(Text(run["label"], style=style), run["command"])
        if run["failed"]:
            grid.add_row(Text("  failed:", style="bold red"), Text(run["failed"], style="red"))
    return grid


def caption(doc: dict[str, Any]) -> RenderableType:
    gen, machine = doc["generator"], doc["machine"]
    names = ("fastapi", "uvicorn", *stacks.IDS, "node")
    versions = ", ".join(f"{name} {machine[name]}" for name in names if machine.get(name))
    ratios_said = [Text(f"÷ {stack.label}: requests/s over the {stack.label} run on the same path with as many workers.",
                        style="dim") for stack in _benched(doc)]
    lines = [
        *(ratios_said or [Text("")]),
        Text(f"{gen['name']} {gen['version'] or ''}".strip()
             + f" · {gen['connections']} connections · {gen['duration_s']:g} s per run after a {gen['warmup_s']:g} s warm-up"
             + f" · {machine['cpus']} CPUs · {doc['date'][:10]}", style="dim"),
        Text(f"Python {machine['python']} · {versions}", style="dim"),
        Text(gen["note"], style="dim"),
    ]
    lines += [Text(f"Note: {note}", style="yellow" if "Node" in note or "npm" in note else "dim") for note in doc["notes"]]
    lines.append(Text("These are this machine's numbers, today: others running, CPU scaling and the generator itself "
                      "move them. Read the ratios, and run it twice before believing a small difference.", style="italic"))
    return Group(*lines)


def bar_chart(doc: dict[str, Any], width: int = 40) -> Table:
    """Requests/s of every run that measured something, as bars of characters (readable without colour)."""
    runs = [run for run in doc["runs"] if not run["failed"] and run["requests_per_s"] > 0]
    top = max((run["requests_per_s"] for run in runs), default=0.0)
    chart = Table.grid(padding=(0, 1))
    chart.add_column(no_wrap=True)
    chart.add_column(no_wrap=True)
    chart.add_column(justify="right", no_wrap=True)
    for run in runs:
        filled = max(1, round(width * run["requests_per_s"] / top)) if top else 0
        chart.add_row(Text(run["label"], style=style_of(run["stack"])),
                      Text("█" * filled, style=style_of(run["stack"])), _num(run["requests_per_s"]))
    return chart


def report(doc: dict[str, Any]) -> RenderableType:
    """The whole bench result: table, ratios, exact commands, and the caveats."""
    parts: list[RenderableType] = []
    if not _benched(doc):
        labels = " and ".join(stacks.get(sid).label for sid in doc["stacks"]) or "Node"
        parts.append(Text(f"{labels} {'was' if len(doc['stacks']) < 2 else 'were'} not benched ({doc['notes'][0] if doc['notes'] else 'no Node'}). FastAPI alone, "
                          f"measured with {doc['generator']['name']}: see the note below.", style="yellow"))
    parts.append(runs_table(doc))
    if sum(1 for run in doc["runs"] if not run["failed"]) > 1:
        parts += [Text("Requests per second", style="bold"), bar_chart(doc), Text("")]
    if doc["ratios"]:
        parts += [Text("Ratios", style="bold"), ratios(doc), Text("")]
    parts += [Text("Commands", style="bold"), commands(doc), Text(""), caption(doc)]
    return Group(*parts)


class RunProgress:
    """One transient bar per run: load time so far and the server's memory.

        with RunProgress(console, plan, total_seconds) as bars:
            measure(..., on_progress=bars.update); bars.finish(run)
    """

    def __init__(self, console: Console, runs: list[RunSpec], total: float) -> None:
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        self.total = total
        self._progress: Progress = Progress(TextColumn("{task.description:<44}"), BarColumn(), TimeElapsedColumn(),
                                            TextColumn("{task.fields[rss]}"), console=console, transient=True)
        self._tasks: dict[str, TaskID] = {
            run.id: self._progress.add_task(run.label, total=total, rss="", start=False) for run in runs}

    def __enter__(self) -> RunProgress:
        self._progress.__enter__()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self._progress.__exit__(kind, value, traceback)

    def update(self, run: RunSpec, elapsed: float, rss_mb: float | None) -> None:
        """A measure() progress hook: `elapsed` seconds into the run, the server's memory now."""
        task = self._tasks[run.id]
        if not self._progress.tasks[task].started:
            self._progress.start_task(task)
        self._progress.update(task, completed=min(elapsed, self.total), rss=f"RSS {rss_mb:.0f} MB" if rss_mb else "")

    def finish(self, run: RunSpec) -> None:
        self._progress.update(self._tasks[run.id], completed=self.total)
