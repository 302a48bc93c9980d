"""Pure functions that turn lessons and exchanges into Rich renderables.

Nothing here prints, starts processes or reads the clock; the CLI hands the
results to its one Console. Width decides layout: side by side from
SIDE_BY_SIDE_WIDTH columns, stacked below it.
"""

from __future__ import annotations

import html
import json
import re
from typing import TYPE_CHECKING, Any

from rich import box
from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.constrain import Constrain
from rich.measure import Measurement
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from fastapi_uvicorn_tutor.course import stacks

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence

    from rich.console import Console, ConsoleOptions
    from rich.syntax import Syntax

    from fastapi_uvicorn_tutor.course.catalog import Demo, Lesson
    from fastapi_uvicorn_tutor.course.messages import Request, Response
    from fastapi_uvicorn_tutor.course.verdicts import Verdict
    from fastapi_uvicorn_tutor.state.progress import Progress

# Headers worth showing on every response: they are where the two stacks differ.
SHOWN_HEADERS = (
    "content-type", "content-length", "transfer-encoding", "location", "allow",
    "server", "x-powered-by", "etag", "set-cookie", "access-control-allow-origin",
)
SIDE_BY_SIDE_WIDTH = 110  # two columns side by side from here; each further column needs half as much again
PROSE_WIDTH = 100  # the story, notes and whys wrap here on wider terminals: long lines are hard to read
LOOKUP_TERM_WIDTH = 26  # the Node term's column in `tutor lookup`'s map; a longer term folds
SENT_BODY_CHARS = 160  # a request body longer than this is shown cut, with its size
FASTAPI_STYLE = "green"
_REGION = {
    "python": (re.compile(r"^\s*# region: ?focus\s*$"), re.compile(r"^\s*# endregion\s*$")),
    "javascript": (re.compile(r"^\s*// region: ?focus\s*$"), re.compile(r"^\s*// endregion\s*$")),
}
BODY_LINES = 18
BODY_CHARS = 2_000  # and characters: a 1 MB body on one line would otherwise fill thousands of rows
_PRE_RE = re.compile(r"<pre>(.*?)</pre>", re.S)  # longest body shown before it is cut (with a note)


def twin_name(stack: stacks.Stack, twin_labels: Mapping[str, str] | None = None) -> str:
    """What a stack's twin is called: its lesson's `[twin_label]` (`twin_labels`, stack id -> label), else the stack's label."""
    return (twin_labels or {}).get(stack.id) or stack.label


def _syntax(code: str, language: str, **options: Any) -> Syntax:
    from rich.syntax import Syntax  # pygments: loaded only when code is shown

    return Syntax(code, language, **options)


def focus(source: str, language: str) -> tuple[str, int]:
    """The part of a file a lesson is about: its `region: focus` block, or the whole file.

    Returns the snippet and the line number it starts at, so line numbers match the file.
    Only Python and JavaScript files have regions; any other is shown whole.
    """
    if language not in _REGION:
        return source.rstrip("\n"), 1
    start_re, end_re = _REGION[language]
    lines = source.splitlines()
    start = next((i for i, line in enumerate(lines) if start_re.match(line)), None)
    if start is None:
        return source.rstrip("\n"), 1
    end = next((i for i in range(start + 1, len(lines)) if end_re.match(lines[i])), len(lines))
    return "\n".join(lines[start + 1 : end]).rstrip("\n"), start + 2


def strip_markers(source: str) -> str:
    """The file without its region marker lines (for whole-file views)."""
    keep = [ln for ln in source.splitlines() if not any(r.match(ln) for pair in _REGION.values() for r in pair)]
    return "\n".join(keep)


def style_of(side: str) -> str:
    """The colour of a side: FastAPI's, or a Node stack's from the registry."""
    return FASTAPI_STYLE if side == stacks.FASTAPI else stacks.get(side).colour


def fits_side_by_side(count: int, width: int) -> bool:
    """Whether `count` columns fit next to each other in `width` terminal columns."""
    return count < 2 or width >= SIDE_BY_SIDE_WIDTH * count // 2


def side_by_side(parts: Sequence[RenderableType], width: int) -> RenderableType:
    """Renderables side by side when there is room for all of them, else one above the other."""
    if len(parts) > 1 and fits_side_by_side(len(parts), width):
        grid = Table.grid(expand=True, padding=(0, 1))
        for _ in parts:
            grid.add_column(ratio=1)
        grid.add_row(*parts)
        return grid
    return Group(*parts)


def twin_path(stack: stacks.Stack, slug: str, name: str = "server.js") -> str:
    """A file of a lesson's twin, as a path relative to the course."""
    return f"{stack.shown_root()}/{slug}/{name}"


def lesson_header(lesson: Lesson, total: int, stack: stacks.Stack = stacks.DEFAULT) -> RenderableType:
    """The lesson's number, title and summary (as read against `stack`, the one compared with first)."""
    title = Text.assemble((f"Lesson {lesson.number:02d}/{total:02d}  ", "bold"), (lesson.title_for(stack.id), "bold cyan"))
    return Panel(Group(title, Text(lesson.summary_for(stack.id), style="italic")), box=box.HEAVY, padding=(0, 1))


def narrative(text: str) -> RenderableType:
    from rich.markdown import Markdown  # markdown-it and pygments: loaded only when a lesson is shown

    return prose(Markdown(text, code_theme="ansi_dark", inline_code_theme="ansi_dark"))


def prose(renderable: RenderableType) -> RenderableType:
    """Text meant to be read, at most PROSE_WIDTH columns wide (narrower terminals: their width)."""
    return Constrain(renderable, PROSE_WIDTH)


def fit_path(path: str, room: int) -> str:
    """`path` in at most `room` columns, shortened from the left a whole folder at a time
    (`…/04-path-parameters/server.js`); the file name stays whole even when it alone is longer."""
    if cell_len(path) <= room:
        return path
    parts = path.split("/")
    for start in range(1, len(parts)):
        shorter = "…/" + "/".join(parts[start:])
        if cell_len(shorter) <= room:
            return shorter
    return parts[-1]


def fit_title(title: str, room: int) -> str:
    """A panel title `label · path` in `room` columns: the path shortened from the left, then
    the label left out, never a name cut in the middle."""
    if cell_len(title) <= room:
        return title
    label, dot, path = title.rpartition(" · ")
    if not dot or "/" not in path:
        return title  # no path to shorten: Rich's own cut is all that is left
    labelled = fit_path(path, room - cell_len(label) - 3)
    alone = fit_path(path, room)
    keeps_folder = "/" in labelled.removeprefix("…/")  # the lesson's folder is worth more than the label
    if cell_len(labelled) + cell_len(label) + 3 <= room and (keeps_folder or alone == labelled):
        return f"{label} · {labelled}"
    return alone


class FittedPanel:
    """A Panel whose `label · path` title is fitted (`fit_title`) to the width the panel gets."""

    def __init__(self, body: RenderableType, title: str, style: str) -> None:
        self.body, self.title, self.style = body, title, style

    def _panel(self, width: int | None) -> Panel:
        # A panel shows its title in its width less 2 corners, 2 rules and 2 spaces.
        title = self.title if width is None else fit_title(self.title, width - 6)
        return Panel(self.body, title=Text(title), title_align="left", border_style=self.style, padding=(0, 1))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[RenderableType]:
        yield self._panel(options.max_width)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self._panel(None))


def code_panel(source: str, language: str, title: str, style: str, whole: bool) -> FittedPanel:
    """A file's focus region (or all of it) in a panel titled `label · path`."""
    if whole:
        code, first = strip_markers(source), 1
    else:
        code, first = focus(source, language)
    syntax = _syntax(code, language, line_numbers=True, start_line=first, word_wrap=True,
                    theme="ansi_dark", background_color="default")
    return FittedPanel(syntax, title, style)


def code_spans(text: str) -> Text:
    """Plain text with `backticked` spans shown as code (the way lesson.md renders them)."""
    out = Text()
    for i, part in enumerate(text.split("`")):
        out.append(part, style="bold cyan" if i % 2 else "")
    return out


_LANGUAGES = {".py": "python", ".js": "javascript", ".cjs": "javascript", ".mjs": "javascript"}


def language_of(name: str) -> str:
    """The Pygments lexer for a file name: Python and JavaScript, else its extension (json, html, toml...)."""
    suffix = "." + name.rpartition(".")[2].lower() if "." in name else ""
    return _LANGUAGES.get(suffix, suffix.lstrip(".") or "text")


def code_pair(lesson: Lesson, width: int, *, whole: bool = False,
              chosen: Sequence[stacks.Stack] = (stacks.DEFAULT,)) -> RenderableType:
    """The FastAPI app beside each chosen stack's twin (the focus regions, or whole files), then the
    files each side's `[show_files]` lists: the n-th of every side in one row, in the same columns."""
    panels = [code_panel(lesson.python_source, "python", f"{lesson.app_label} · lessons/{lesson.slug}/main.py", FASTAPI_STYLE, whole)]
    for stack in chosen:
        if lesson.has_twin(stack.id):
            panels.append(code_panel(lesson.twin_source(stack.id), "javascript",
                                     f"{lesson.twin_title(stack.id)} · {twin_path(stack, lesson.slug)}", stack.colour, whole))
    shown = [side_files(lesson, lesson.app_label, FASTAPI_STYLE, stacks.FASTAPI, whole)]
    shown += [side_files(lesson, lesson.twin_title(stack.id), stack.colour, stack.id, whole) for stack in chosen if lesson.has_twin(stack.id)]
    rows = [side_by_side(panels, width)]
    for index in range(max(len(files) for files in shown)):
        row = [files[index] if index < len(files) else None for files in shown]
        if fits_side_by_side(len(row), width):  # an empty cell keeps every file under its own side's column
            rows.append(side_by_side([panel or Text("") for panel in row], width))
        else:
            rows.extend(panel for panel in row if panel is not None)
    return rows[0] if len(rows) == 1 else Group(*rows)


def side_files(lesson: Lesson, label: str, style: str, side: str, whole: bool) -> list[FittedPanel]:
    """A panel for each file a side's `[show_files]` lists, titled `label · path`."""
    folder = f"lessons/{lesson.slug}" if side == stacks.FASTAPI else f"{stacks.get(side).shown_root()}/{lesson.slug}"
    return [code_panel(source, language_of(name), f"{label} · {folder}/{name}", style, whole)
            for name, source in lesson.shown_sources(side)]


def _servers_title(count: int) -> str:
    return "both servers" if count <= 2 else f"all {count} servers"


def commands(fastapi_line: str, twins: Sequence[tuple[stacks.Stack, str]], *, app_label: str = "FastAPI",
             twin_labels: Mapping[str, str] | None = None) -> RenderableType:
    """The line that starts each server (runtime/shell.pasteable), under a title: (stack, line) per twin;
    `app_label` names the Python side (the lesson's `app_label`), `twin_labels` the twins (its `[twin_label]`).

    Print it with `crop=False`: a line is never wrapped or cut, so it pastes whole (the
    terminal folds what is wider than the screen, and copies it back as one line).
    """
    title = f"Starting {_servers_title(len(twins) + 1)}, the way you would"
    rows = [(app_label, FASTAPI_STYLE, fastapi_line)] + [(twin_name(stack, twin_labels), stack.colour, line)
                                                         for stack, line in twins]
    width = max(len(label) for label, _, _ in rows)
    lines: list[RenderableType] = [Rule(Text(title, style="bold"), align="left", style="dim")]
    for label, style, line in rows:
        lines.append(Text.assemble((label.ljust(width), style), ("  $ ", "dim"), line, no_wrap=True, overflow="ignore"))
    lines.append(Text("Each line runs as pasted into a shell, from any folder, once the tutor has stopped its servers.",
                      style="dim"))
    return Group(*lines)


def live_urls(fastapi_url: str, twins: Sequence[tuple[stacks.Stack, str]], *, app_label: str = "FastAPI",
              docs: bool = True, twin_labels: Mapping[str, str] | None = None) -> RenderableType:
    """Where each live server answers: the Python side (`app_label`; its /docs when it has them), then each
    twin (named by `twin_labels`, the lesson's `[twin_label]`, else by its stack)."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    table.add_row(Text(app_label, style=FASTAPI_STYLE), Text(f"{fastapi_url}   docs: {fastapi_url}/docs" if docs else fastapi_url))
    for stack, url in twins:
        table.add_row(Text(twin_name(stack, twin_labels), style=stack.colour), Text(url))
    return table


def twin_missing(stack: stacks.Stack, problem: str, consequence: str, label: str = "") -> Text:
    """One line: this stack's twin (`label`: the lesson's name for it) is not running, why, and what the learner gets instead."""
    return Text.assemble((f"{label or stack.label} twin not running: ", "bold yellow"), problem, f" {consequence}")


def no_twin_note(stack: stacks.Stack, why: str, compared: Sequence[stacks.Stack],
                 twin_labels: Mapping[str, str] | None = None) -> Text:
    """One line: this lesson has no twin for a stack the learner chose, why, and what it runs against instead
    (the twins it runs against named by `twin_labels`, the lesson's `[twin_label]`)."""
    others = [twin_name(other, twin_labels) for other in compared if other is not stack]
    instead = f" It runs against {' and '.join(others)} instead." if others else " The FastAPI side runs alone."
    return Text.assemble((f"No {stack.label} twin in this lesson: ", "bold yellow"), why.rstrip(".") + ".", instead)


def node_note(stack: stacks.Stack, problem: str, label: str = "", app_label: str = "FastAPI") -> RenderableType:
    """A chosen twin that is not running (`label`: the lesson's name for it, `app_label` the Python
    side's): why, and that its code is shown."""
    label = label or stack.label
    return twin_missing(stack, problem, f"The {label} code is shown above; the {app_label} side runs live.", label)


def compact_json(value: Any, width: int = 56, indent: int = 0) -> str:
    """JSON pretty-printed, but any object or list that fits in `width` stays on one line.

    A 422 `detail` list reads in six lines instead of twenty.
    """
    flat = json.dumps(value, ensure_ascii=False)
    if len(flat) + indent <= width or not isinstance(value, (dict, list)) or not value:
        return flat
    pad = " " * (indent + 2)
    if isinstance(value, dict):
        items = [f"{pad}{json.dumps(k, ensure_ascii=False)}: {compact_json(v, width, indent + 2).lstrip()}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"
    items = [pad + compact_json(v, width, indent + 2).lstrip() for v in value]
    return "[\n" + ",\n".join(items) + "\n" + " " * indent + "]"


def _cut(text: str) -> str:
    if len(text) <= BODY_CHARS:
        return text
    return text[:BODY_CHARS] + f"\n… ({len(text) - BODY_CHARS:,} more characters)"


_CONTROL_RE = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # what no text body holds (tabs, CR, LF aside)


def _body(response: Response) -> RenderableType:
    if not response.body:
        return Text("(empty body)", style="dim")
    if _CONTROL_RE.search(response.body):  # an image, gzip...: its ESC and NUL bytes must not reach the terminal
        kind = response.header("content-type") or "no content-type"
        return Text(f"({len(response.body):,} bytes of binary data, {kind}; not shown)", style="dim")
    if response.is_json:
        try:
            lines = compact_json(json.loads(response.body)).splitlines()
            cut = len(lines) > BODY_LINES
            shown = _cut("\n".join(lines[:BODY_LINES])) + ("\n…" if cut else "")
            return _syntax(shown, "json", theme="ansi_dark", background_color="default", word_wrap=True)
        except ValueError:
            pass
    text = response.text
    pre = _PRE_RE.search(text) if "html" in (response.header("content-type") or "") else None
    if pre:  # a Node stack's HTML error page: the message is all that is in <pre>
        shown = html.unescape(re.sub(r"<br\s*/?>", "\n", pre.group(1)))
        lines = shown.splitlines()
        more = f"\n… ({len(lines) - BODY_LINES} more lines)" if len(lines) > BODY_LINES else ""
        return Group(Text(f"(HTML page, {len(response.body)} bytes; its <pre> text:)", style="dim"),
                     Text(_cut("\n".join(lines[:BODY_LINES])) + more))
    lines = text.splitlines()
    if len(lines) > BODY_LINES:
        text = "\n".join(lines[:BODY_LINES]) + f"\n… ({len(lines) - BODY_LINES} more lines)"
    return Text(_cut(text))


def _header_rows(response: Response, differs: frozenset[str], extra_headers: tuple[str, ...], every: bool) -> Table:
    """The headers that matter (SHOWN_HEADERS, then `extra_headers`), or with `every` all of them as sent."""
    mark = "bold magenta"
    head = Table.grid(padding=(0, 1))
    head.add_column(style="dim", no_wrap=True)
    head.add_column(overflow="fold")
    if every:
        rows = [(name.lower(), value) for name, value in response.headers]
    else:
        names = SHOWN_HEADERS + tuple(h for h in extra_headers if h not in SHOWN_HEADERS)
        rows = [(name, value) for name in names if (value := response.header(name)) is not None]
    for name, value in rows:
        if name == "set-cookie" or len(value) > 120:
            value = value[:117] + "…" if len(value) > 120 else value
        head.add_row(name, Text(value, style=mark if name in differs else ""))
    return head


def response_panel(who: str, style: str, response: Response | None, differs: frozenset[str],
                   extra_headers: tuple[str, ...] = (), *, every_header: bool = False) -> RenderableType:
    """One server's answer: status line, the headers that matter (`every_header`: all), the body."""
    if response is None:
        return Panel(Text("not running", style="dim"), title=who, title_align="left", border_style="dim")
    if response.error:
        return Panel(Text(response.error, style="red"), title=who, title_align="left", border_style="red")
    mark = "bold magenta"
    status = Text(f"{response.status} {response.reason}", style=mark if "status" in differs else "bold")
    head = _header_rows(response, differs, extra_headers, every_header)
    body: RenderableType = _body(response)
    if "body" in differs:
        body = Group(Text("body ≠", style="magenta"), body)
    return Panel(Group(status, head, body), title=f"{who} · {response.elapsed * 1000:.0f} ms",
                 title_align="left", border_style=style)


def _sent_body(request: Request) -> str | None:
    """The body as the learner should read it: JSON on one line, text as it is; cut when long."""
    if request.has_json:
        text = json.dumps(request.json, ensure_ascii=False)
    elif request.body is not None:
        text = request.body
    else:
        return None
    size = len(text.encode())
    lines = text.splitlines() or [""]
    shown = "\n".join(lines[:4])
    if len(shown) > SENT_BODY_CHARS or len(lines) > 4:
        shown = shown[:SENT_BODY_CHARS].rstrip() + f" … ({size:,} bytes in all)"
    return shown


def sent_request(request: Request) -> RenderableType | None:
    """What went out besides the method and path: the headers the demo or the learner set (and the
    Content-Type a JSON body gets), then the body. None for a request that is only its first line."""
    _, headers = request.encoded()
    body = _sent_body(request)
    if not headers and body is None:
        return None
    table = Table.grid(padding=(0, 2))
    table.add_column(style="dim", no_wrap=True)
    table.add_column(overflow="fold")
    label = "sent"
    for name, value in headers.items():
        table.add_row(label, Text.assemble((f"{name}: ", "cyan"), value))
        label = ""
    if body is not None:
        table.add_row(label, Text(body))
    return table


def exchange(label: str, fa: Response, twins: Mapping[str, Response | None], verdict: Verdict | None, width: int,
             *, note: str = "", whys: Mapping[str, str] | None = None, extra_headers: tuple[str, ...] = (),
             sent: Request | None = None, every_header: bool = False,
             predicted: RenderableType | None = None, heading: bool = True, app_label: str = "FastAPI",
             twin_labels: Mapping[str, str] | None = None) -> RenderableType:
    """A request (`sent`: its headers and body under its first line) and every answer side by side
    (FastAPI, then each twin; None: not running), with what differs marked and explained;
    `predicted` (ui/prediction.verdict) goes right under the answers.

    Each answer shows the headers that matter and `extra_headers`; `every_header` shows all of them.
    Without `heading`, the label, request and note are left out (exchange_heading showed them already).
    `app_label` names the Python side's column ("<app_label> (Uvicorn)"), `twin_labels` (stack id -> the
    lesson's `[twin_label]`) the twins' ("<label> (Node)"); a stack not in it goes by its own label."""
    differs = verdict.differs if verdict else {}
    parts: list[RenderableType] = [exchange_heading(label, sent, note)] if heading else []
    panels = [response_panel(f"{app_label} (Uvicorn)", FASTAPI_STYLE, fa, verdict.any_differs if verdict else frozenset(),
                             extra_headers, every_header=every_header)]
    for sid, answer in twins.items():
        stack = stacks.get(sid)
        panels.append(response_panel(f"{twin_name(stack, twin_labels)} ({stack.server})", stack.colour, answer, differs.get(sid, frozenset()),
                                     extra_headers, every_header=every_header))
    parts.append(side_by_side(panels, width))
    if predicted is not None:
        parts.append(predicted)
    told: list[RenderableType] = []
    for sid, answer in twins.items():
        if answer is not None and differs.get(sid):
            who = f" ({twin_name(stacks.get(sid), twin_labels)})" if len(twins) > 1 else ""
            told.append(Text.assemble((f"Differs in{who}: ", "bold magenta"), ", ".join(sorted(differs[sid]))))
    explained = [(sid, text) for sid, text in (whys or {}).items() if text]
    for sid, text in explained:
        if len({text for _, text in explained}) == 1:  # one reason (one twin, or the same for each): said once
            told.append(Text.assemble(("Why: ", "bold"), code_spans(text)))
            break
        told.append(Text.assemble((f"Why ({twin_name(stacks.get(sid), twin_labels)}): ", "bold"), code_spans(text)))
    if verdict and not verdict.ok:
        for problem in verdict.problems:
            told.append(Text(f"! {problem}", style="bold red"))
    if told:
        parts.append(prose(Group(*told)))
    return Group(*parts)


def exchange_heading(label: str, sent: Request | None = None, note: str = "") -> RenderableType:
    """What comes before the answers: the request's first line as a rule, the request as sent, the note."""
    parts: list[RenderableType] = [Rule(Text(label, style="bold"), align="left", style="cyan")]
    shown = sent_request(sent) if sent is not None else None
    if shown is not None:
        parts.append(shown)
    if note:
        parts.append(prose(Text.assemble(("", "italic"), code_spans(note))))
    return Group(*parts)


def demo_exchange(demo: Demo, fa: Response, twins: Mapping[str, Response | None], verdict: Verdict | None,
                  width: int, *, sent: Request | None = None, lesson_headers: tuple[str, ...] = (),
                  predicted: RenderableType | None = None, heading: bool = True,
                  app_label: str = "FastAPI", twin_labels: Mapping[str, str] | None = None) -> RenderableType:
    """One demo's exchange: its request as sent, the answers, the learner's prediction, and the lesson's note and whys.

    `lesson_headers` are the headers the whole lesson is about (shown with the demo's own); `app_label`
    and `twin_labels` name the sides as the lesson does (see `exchange`)."""
    whys = {sid: demo.why_for(sid) for sid, answer in twins.items() if answer is not None}
    extra = tuple(dict.fromkeys(demo.show_headers + lesson_headers))
    shown = exchange(demo.label, fa, twins, verdict, width, note=demo.note_for(list(twins)), whys=whys,
                     extra_headers=extra, sent=sent, predicted=predicted, heading=heading, app_label=app_label,
                     twin_labels=twin_labels)
    asides = [aside for sid in demo.twins if sid not in twins and (aside := other_stack_aside(demo, sid, list(twins)))]
    return Group(shown, *asides) if asides else shown


def other_stack_aside(demo: Demo, sid: str, compared: Sequence[str]) -> Text | None:
    """One dim line on what a stack the learner did not choose answers, where that teaches something:
    it differs from FastAPI with another status than the stacks on screen."""
    side = demo.twin(sid)
    status = demo.status_for(sid)
    if demo.expect_for(sid) != "differs" or status is None or status in {demo.status_for(other) for other in compared}:
        return None
    if side.body_contains:
        detail = side.body_contains
    elif isinstance(side.json, dict) and isinstance(side.json.get("message"), str):
        detail = side.json["message"]
    else:
        flat = json.dumps(side.json, ensure_ascii=False) if side.has_json else ""
        detail = flat if len(flat) <= 60 else flat[:59] + "…"
    stack = stacks.get(sid)
    return Text.assemble((f"{stack.label}: ", f"dim {stack.colour}"), (f"{status} {detail}".rstrip(), "dim"),
                         (f"   (--vs {sid} shows it live)", "dim italic"))


def progress_table(lessons: list[Lesson], progress: Progress, current: str | None,
                   stack: stacks.Stack = stacks.DEFAULT,
                   predicted: Mapping[str, tuple[int, int]] | None = None, *, full: bool = False) -> RenderableType:
    """Every lesson with its mark (done, skipped, next), title and summary as read against `stack`;
    with `predicted` (slug -> (right, predicted)), a column of the learner's prediction scores.

    One line per lesson, so the course fits a screen (a title or summary longer than its
    column ends in …); `full` wraps titles and summaries whole instead."""
    rows = []
    for lesson in lessons:
        if lesson.slug in progress.done:
            mark = Text("done", style="green")
        elif lesson.slug in progress.skipped:
            mark = Text("skipped", style="yellow")
        elif lesson.slug == current:
            mark = Text("next ▸", style="bold cyan")
        else:
            mark = Text("")
        title = Text(lesson.title_for(stack.id))  # course text, never markup
        if lesson.has_exercise and full:
            title.append("  ✎ exercise", style="magenta")
        score = prediction_score(*predicted.get(lesson.slug, (0, 0))) if predicted else None
        rows.append((Text(f"{lesson.number:02d}"), mark, score, title, Text(lesson.summary_for(stack.id))))
    done = sum(1 for lesson in lessons if lesson.slug in progress.done)
    skipped = sum(1 for lesson in lessons if lesson.slug in progress.skipped)
    listing: RenderableType = _LessonRows(rows, bool(predicted)) if not full else _lesson_table(rows, bool(predicted))
    parts: list[RenderableType] = [listing, progress_bar(done, len(lessons), skipped=skipped)]
    if predicted:
        right, total = (sum(values) for values in zip(*predicted.values(), strict=True))
        parts.append(Text(f"Predicted: {right} of {total} right (your latest prediction for each demo that differs)",
                          style="dim"))
    return Group(*parts)


_Row = tuple[Text, Text, "Text | None", Text, Text]


def _lesson_table(rows: Sequence[_Row], scored: bool, widths: tuple[int, int] | None = None) -> Table:
    """The lesson list as a table: wrapped whole, or (with `widths` for title and summary) cut to one line."""
    table = Table(box=box.SIMPLE_HEAD, expand=False)
    one_line = widths is not None
    table.add_column("#", justify="right", no_wrap=True, width=2 if one_line else None)
    table.add_column("", no_wrap=True, width=7 if one_line else None)
    if scored:
        table.add_column("Predicted", justify="right", no_wrap=True, width=9 if one_line else None)
    if widths is None:  # wrapped whole
        table.add_column("Lesson", overflow="fold")
        table.add_column("What it shows", overflow="fold", ratio=1)
    else:
        table.add_column("Lesson", no_wrap=True, width=widths[0])
        if widths[1]:
            table.add_column("What it shows", no_wrap=True, width=widths[1])
    for number, mark, score, title, summary in rows:
        shown = [title, summary]
        if widths is not None:
            shown = [text.copy() for text, width in zip(shown, widths, strict=True) if width]
            for text, width in zip(shown, widths, strict=False):
                text.truncate(width, overflow="ellipsis")
        table.add_row(number, mark, *([score or Text("")] if scored else []), *shown)
    return table


class _LessonRows:
    """One line per lesson, cut to the terminal's width when it is drawn (Rich alone would squeeze the
    narrow columns to nothing before it shortened a summary that may not wrap)."""

    TITLE_MAX = 44  # columns; a longer title ends in …

    def __init__(self, rows: Sequence[_Row], scored: bool) -> None:
        self.rows, self.scored = rows, scored

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[RenderableType]:
        scored = self.scored
        room = options.max_width - self._frame(scored)
        if scored and room < 20:  # a narrow terminal: the scores go before the titles do
            scored, room = False, options.max_width - self._frame(False)
        title = min(self.TITLE_MAX, max((row[3].cell_len for row in self.rows), default=6))
        if room < 20:  # too narrow for both: the title alone, in the summary's place too
            yield _lesson_table(self.rows, scored, (max(4, room + 3), 0))
            return
        title = min(title, room // 2 if room < 2 * title else title)
        yield _lesson_table(self.rows, scored, (title, room - title))

    @staticmethod
    def _frame(scored: bool) -> int:
        """Columns taken by "#", the mark ("skipped"), "Predicted" and SIMPLE_HEAD's spacing
        (a space either side of each column and one between)."""
        return 2 + 7 + (9 if scored else 0) + 3 * (4 + scored) + 1


def renumbered(added_behind: Sequence[Lesson]) -> Text:
    """After an upgrade renumbered the course: progress moved with it, and the new lessons behind the learner."""
    text = Text("The course has new lessons and new numbers; your progress moved with each lesson.", style="cyan")
    if added_behind:
        names = ", ".join(f"{lesson.number:02d} {lesson.title}" for lesson in added_behind)
        first = added_behind[0].number
        text.append(f"\nNew before where you are: {names}. `tutor next` goes on from where you were; "
                    f"`tutor goto {first}` takes you back to {'it' if len(added_behind) == 1 else 'the first'}.")
    return text


def prediction_score(right: int, predicted: int) -> Text:
    """`right/predicted` for one lesson, green when all right; empty when nothing was predicted."""
    if not predicted:
        return Text("")
    return Text(f"{right}/{predicted}", style="green" if right == predicted else "yellow" if right else "red")


def progress_bar(done: int, total: int, width: int = 30, *, skipped: int = 0) -> Text:
    """A bar drawn with characters, so it shows without colour (NO_COLOR, pipes) too: █ done,
    ▒ skipped, ░ still to do; then the totals ("3 done, 1 skipped of 23 lessons")."""
    filled = round(width * done / total) if total else 0
    passed = min(width - filled, round(width * skipped / total)) if total else 0
    totals = f" {done} done" + (f", {skipped} skipped" if skipped else "") + f" of {total} lessons"
    return Text.assemble(("█" * filled, "green"), ("▒" * passed, "yellow"), ("░" * (width - filled - passed), "dim"), totals)


def problem(sentence: str, hint: str = "") -> RenderableType:
    return Text.assemble(("Error: ", "bold red"), sentence, (f"\n{hint}" if hint else "", "dim"))


def server_failure(name: str, reason: str, tail: str) -> RenderableType:
    body: list[Any] = [Text(f"The {name} server {reason}.", style="bold red")]
    if tail.strip():
        body.append(Text("Last lines of its output:", style="dim"))
        body.append(Text(tail))
    return Panel(Group(*body), title=f"{name} failed to start", title_align="left", border_style="red")


def prompt_help(fastapi_url: str, twins: Sequence[tuple[stacks.Stack, str]], examples: list[str], *,
                exercise: bool = False, app_label: str = "FastAPI", docs: bool = True,
                twin_labels: Mapping[str, str] | None = None) -> RenderableType:
    """What to do at the prompt, with requests taken from the lesson itself (`docs`: offer /docs;
    `app_label` and `twin_labels` name the servers as the lesson does)."""
    browser = f"   ·   open {fastapi_url}/docs in a browser" if docs else ""
    lines = [
        Text(f"{_servers_title(len(twins) + 1).capitalize()} are still running. Poke them:", style="bold"),
        live_urls(fastapi_url, twins, app_label=app_label, docs=docs, twin_labels=twin_labels),
        Text.assemble(("  request> ", "cyan"), "    ".join(examples)),
        Text("  a JSON body after the path: POST /path {\"key\": \"value\"}  ·  a header: -H 'Name: value'  ·  "
             "all headers: -v", style="dim"),
        Text(f"  or from another terminal: curl -i {fastapi_url}/{browser}", style="dim"),
        Text("  Enter or q: finish the walkthrough (the lesson is done when your exercise passes)" if exercise
             else "  Enter or q: finish and record the lesson   ·   Ctrl-C: stop without recording", style="dim"),
    ]
    return Panel(Group(*lines), border_style="cyan", padding=(0, 1))


def recap(twins: Sequence[tuple[stacks.Stack, str]], fastapi: str, *,
          twin_labels: Mapping[str, str] | None = None) -> RenderableType:
    """"In <stack> you..." for each stack (named by `twin_labels`, the lesson's `[twin_label]`, else by
    its label), then "In FastAPI you..."."""
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True, style="bold")
    table.add_column(overflow="fold")
    for stack, text in twins:
        if text:
            table.add_row(Text(f"In {twin_name(stack, twin_labels)} you", style=stack.colour), code_spans(text))
    if fastapi:
        table.add_row(Text("In FastAPI you", style=FASTAPI_STYLE), code_spans(fastapi))
    return prose(Panel(table, title="Recap", title_align="left", border_style="blue"))


def doctor_table(rows: list[Any]) -> RenderableType:
    """`tutor doctor`'s rows (flows/doctor.DoctorRow): name, ok/warn/fail, detail."""
    marks = {"ok": Text("ok", style="green"), "warn": Text("warn", style="yellow"), "fail": Text("FAIL", style="bold red")}
    table = Table(box=box.SIMPLE_HEAD)
    table.add_column("check", no_wrap=True)
    table.add_column("")
    table.add_column("detail", overflow="fold")
    for row in rows:
        table.add_row(row.name, marks[row.level], row.detail)
    return table


def lookup_result(term: str, found: list[Any], suggestions: list[str]) -> RenderableType:
    """`tutor lookup TERM` output: each match's FastAPI counterpart, example and lesson; a match
    that is not the term itself (a part of it, a near spelling) is said to be the closest one."""
    if not found:
        hint = ", ".join(suggestions)
        labels = " or ".join(stack.label for stack in stacks.ALL)
        return Text.assemble((f"No {labels} term matches ", ""), (repr(term), "bold"), ". Try: ", (hint, "cyan"))
    parts: list[RenderableType] = []
    if not found[0].exact:
        which = "closest match" if len(found) == 1 else "closest matches"
        parts.append(Text.assemble((f"No entry is {term.strip()!r} itself; the {which} for it:", "yellow")))
    for index, item in enumerate(found):
        if index and not item.exact and found[index - 1].exact:
            parts.append(Text(f"Other entries like {term.strip()!r}:", style="dim"))
        entry, lesson = item.entry, item.lesson
        example = _syntax(entry.example, "python", theme="ansi_dark", background_color="default", word_wrap=True)
        body = Group(Text(entry.fastapi), example,
                     Text.assemble(("Taught in lesson ", "dim"), (f"{lesson.number:02d} {lesson.title}", "bold"),
                                   (f"   tutor goto {lesson.number}", "cyan")))
        title = Text.assemble((entry.term, f"bold {style_of(entry.stack)}"), "  →  ", ("FastAPI", f"bold {FASTAPI_STYLE}"))
        parts.append(Panel(body, title=title, title_align="left", border_style="blue"))
    return Group(*parts)


def first_sentence(text: str) -> str:
    """The first sentence of `text` (with … when more follows), for one-line summaries."""
    head, dot, rest = text.strip().partition(". ")
    return f"{head}. …" if dot and rest.strip() else text.strip()


def lookup_map(groups: Sequence[tuple[Lesson, Sequence[Any]]]) -> RenderableType:
    """`tutor lookup` with no term: every Node habit the tutor knows and its FastAPI counterpart in
    one sentence, grouped by the lesson that teaches it (`groups`: lesson, its LookupEntry list)."""
    count = sum(len(entries) for _, entries in groups)
    labels = " and ".join(stack.label for stack in stacks.ALL)
    parts: list[RenderableType] = [
        Text.assemble((f"{count} {labels} habits and their FastAPI counterparts, by lesson. ", "bold"),
                      ("tutor lookup TERM", "bold cyan"), " shows one with an example."),
    ]
    for lesson, entries in groups:
        parts.append(Text(""))
        parts.append(Text.assemble((f"{lesson.number:02d} {lesson.title}", "bold"), (f"   tutor goto {lesson.number}", "cyan")))
        table = Table.grid(padding=(0, 2))
        table.add_column(width=LOOKUP_TERM_WIDTH, overflow="fold")  # the same widths in every lesson: one map
        table.add_column(style="dim", width=max(len(stack.label) for stack in stacks.ALL))
        table.add_column(overflow="fold", ratio=1)
        for entry in entries:
            stack = stacks.get(entry.stack)
            table.add_row(Text(entry.term, style=stack.colour), stack.label, code_spans(first_sentence(entry.fastapi)))
        parts.append(Padding(table, (0, 0, 0, 2)))
    return prose(Group(*parts))


def settings_table(rows: Sequence[tuple[str, str | None, str, Sequence[str], str]], where: str) -> RenderableType:
    """`tutor config`: each setting (name, saved value or None, default, choices, what it does) and the file."""
    table = Table(box=box.SIMPLE_HEAD, expand=False, caption=f"Saved in {where}", caption_justify="left")
    table.add_column("setting", no_wrap=True, style="bold")
    table.add_column("value", no_wrap=True)
    table.add_column("choices", overflow="fold")
    table.add_column("what it does", overflow="fold", ratio=1)
    for name, value, default, choices, what in rows:
        shown = Text(value) if value else Text(f"{default} (default)", style="dim")
        table.add_row(name, shown, ", ".join(choices), Text(what))
    table.add_row("", "", "", Text("Change one with: tutor config NAME VALUE", style="dim"))
    return table
