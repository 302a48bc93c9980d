"""Find, load and validate the lessons.

A lesson is a folder `lessons/NN-slug/` holding `lesson.md` (a Jinja2 template),
`main.py` (the FastAPI app) and `lesson.toml` (metadata and demo requests); its
twin for each Node stack is `node_equivalents/<stack folder>/NN-slug/server.js`
(course/stacks.py), unless `[no_twin]` in lesson.toml says in one line why there is
none. The folder name is the only registry: nothing else lists the lessons.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from fastapi_uvicorn_tutor.course import slugs, stacks, toml
from fastapi_uvicorn_tutor.errors import TutorError, UsageError

SLUG_RE = re.compile(r"^(\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*$")
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
SIDE_KEYS = {"status", "json", "body_contains", "headers", "headers_present", "headers_absent"}
# A twin's table may also say how this stack's answer compares with FastAPI's and why,
# where it differs from the demo's `expect`/`why` (written for the default stack).
TWIN_KEYS = SIDE_KEYS | {"expect", "why", "note"}
DEMO_KEYS = {
    "method", "path", "json", "body", "headers", "note", "expect", "why",
    "status", "show_headers", "repeat", *stacks.SIDES,
}
MAX_REPEAT = 10_000_000  # characters a `repeat` may make of one JSON field
NO_TWIN = "no_twin"  # lesson.toml table: stack id = one line on why the lesson has no twin for it
SUMMARY_VS = "summary_vs"  # lesson.toml table: stack id = the summary when the learner compares with that stack
TITLE_VS = "title_vs"  # lesson.toml table: stack id = the title when the learner compares with that stack
SHOW_FILES = "show_files"  # lesson.toml table: side = files of its app shown after main.py / server.js
NODE_ARGS = "node_args"  # lesson.toml table: stack id = options given to node before server.js
APP_LABEL = "FastAPI"  # what the Python side is called, unless lesson.toml's `app_label` says otherwise
TWIN_LABEL = "twin_label"  # lesson.toml table: stack id = what that twin is called here (its registry label otherwise)
MAX_LABEL = 20  # characters in an `app_label` or a `[twin_label]` line: they head columns and prefix log lines
_NODE_VERSION_RE = re.compile(r"^(\d+)\.(\d+)$")


# A lesson's optional exercise (read by course/exercises.py): lessons/NN-slug/exercise/exercise.toml.
EXERCISE_FOLDER = "exercise"
EXERCISE_META = "exercise.toml"
# Tables in lesson.toml that switch on a special demo (course/plans/, run by demos/).
SPECIAL_KINDS = ("concurrency", "websocket", "lifespan", "testing", "serving")
# Every top-level key a lesson.toml may have (lessons/README.md documents each); any other is refused,
# so a typo (`show_file`) is a sentence rather than a setting silently ignored.
TOP_LEVEL_KEYS = frozenset({
    "title", "summary", SUMMARY_VS, TITLE_VS, "recap", "lookup", "demo", "try", "show_headers", "fuzz", "bench",
    "app_label", TWIN_LABEL, "docs", NO_TWIN, SHOW_FILES, NODE_ARGS, "node_min", *SPECIAL_KINDS,
})


class CatalogError(TutorError):
    """Lessons on disk do not match the lesson contract."""


class LessonNotFound(UsageError):
    """No lesson matches what the learner typed."""

    def __init__(self, wanted: str, lessons: list[Lesson]) -> None:
        listed = ", ".join(f"{lesson.number:02d} {lesson.slug[3:]}" for lesson in lessons)
        super().__init__(f"There is no lesson {wanted!r}.", f"Valid lessons: {listed}")


def content_root() -> Path:
    """The folder holding `lessons/` and `node_equivalents/`.

    Inside an installed wheel they live in the package's `_content/`; in a
    source checkout they sit at the repository's top level. `TUTOR_CONTENT` points
    elsewhere (lesson authors trying a draft course, and the fault tests).
    """
    override = os.environ.get("TUTOR_CONTENT")
    if override:
        return Path(override).expanduser().resolve()
    here = Path(__file__).resolve().parent.parent
    packaged = here / "_content"
    if (packaged / "lessons").is_dir():
        return packaged
    return here.parent


def lessons_dir() -> Path:
    return content_root() / "lessons"


def twins_root(stack: stacks.Stack, root: Path | None = None) -> Path:
    """The folder of one stack's twins (and their package.json and lock)."""
    return stack.root(root or content_root())


@dataclass(frozen=True)
class Side:
    """What one server is expected to answer to a demo request."""

    status: int | None = None
    json: Any = None
    has_json: bool = False
    body_contains: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    headers_present: tuple[str, ...] = ()  # sent, with any value (a timing, a date)
    headers_absent: tuple[str, ...] = ()
    expect: str | None = None  # a twin's own "same"/"differs" (None: the demo's)
    why: str = ""  # why this twin's answer differs, when `expect` is its own
    note: str = ""  # the demo's note as read against this stack ("": the demo's own)


@dataclass(frozen=True)
class Demo:
    """One request the lesson sends to both servers, with what each should answer."""

    method: str
    path: str
    expect: str  # "same" or "differs"
    json: Any = None
    has_json: bool = False
    body: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    note: str = ""
    why: str = ""
    status: int | None = None
    show_headers: tuple[str, ...] = ()
    fastapi: Side = field(default_factory=Side)
    twins: dict[str, Side] = field(default_factory=dict)  # stack id -> what its twin must answer

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"

    def twin(self, stack_id: str) -> Side:
        """What the twin of this stack must answer (nothing declared: an empty Side)."""
        return self.twins.get(stack_id, Side())

    def expect_for(self, stack_id: str) -> str:
        """"same" or "differs": how this stack's answer compares with FastAPI's."""
        return self.twin(stack_id).expect or self.expect

    def why_for(self, stack_id: str) -> str:
        """Why this stack's answer differs from FastAPI's ("" when it does not)."""
        side = self.twin(stack_id)
        if self.expect_for(stack_id) != "differs":
            return ""
        return side.why if side.expect else self.why

    def note_for(self, stack_ids: Sequence[str]) -> str:
        """The note above the answers: the first compared stack's own (`[demo.<id>] note`), else the demo's."""
        return (self.twin(stack_ids[0]).note if stack_ids else "") or self.note

    def status_for(self, stack_id: str) -> int | None:
        """The status this stack's twin must answer: its own, else the one both share."""
        side = self.twin(stack_id)
        return side.status if side.status is not None else self.status


@dataclass(frozen=True)
class LookupEntry:
    """A Node habit and its FastAPI counterpart, for `tutor lookup`."""

    stack: str  # the id of the stack the term belongs to (its key in lesson.toml)
    term: str
    fastapi: str
    example: str
    lesson: str  # slug


@dataclass(frozen=True)
class Lesson:
    number: int
    slug: str
    folder: Path
    twin_folders: dict[str, Path]  # stack id -> the folder of this lesson's twin, for every stack it has
    title: str
    summary: str
    demos: tuple[Demo, ...]
    lookups: tuple[LookupEntry, ...]
    meta: dict[str, Any]
    no_twin: dict[str, str] = field(default_factory=dict)  # stack id -> why there is no twin for it
    summaries: dict[str, str] = field(default_factory=dict)  # stack id -> the summary as read against that stack
    titles: dict[str, str] = field(default_factory=dict)  # stack id -> the title as read against that stack

    def title_for(self, stack_id: str) -> str:
        """The title for a learner comparing with this stack (`[title_vs]`, else `title`)."""
        return self.titles.get(stack_id, self.title)

    def summary_for(self, stack_id: str) -> str:
        """The one-line summary for a learner comparing with this stack (`[summary_vs]`, else `summary`)."""
        return self.summaries.get(stack_id, self.summary)
    show_headers: tuple[str, ...] = ()  # response headers the lesson is about: shown on every answer, typed ones too
    app_label: str = APP_LABEL  # what the Python side is called ("ASGI app" where there is no FastAPI)
    docs: bool = True  # whether the Python side serves /docs (the tutor offers it at the prompt)
    twin_labels: dict[str, str] = field(default_factory=dict)  # stack id -> what its twin is called here ([twin_label])
    shown_files: dict[str, tuple[str, ...]] = field(default_factory=dict)  # side -> files shown after its main one
    node_args: dict[str, tuple[str, ...]] = field(default_factory=dict)  # stack id -> node's options before server.js
    node_min: tuple[int, int] | None = None  # the oldest Node (major, minor) its [node_args] work on

    def twin_label(self, stack_id: str) -> str:
        """What this lesson's twin for the stack is called (`[twin_label]`, else the stack's label):
        "Node http" where the twin is bare Node rather than the stack's framework."""
        return self.twin_labels.get(stack_id) or stacks.get(stack_id).label

    def twin_title(self, stack_id: str) -> str:
        """The twin's name above its code: its `[twin_label]`, else the stack's title (label and major version)."""
        return self.twin_labels.get(stack_id) or stacks.get(stack_id).title

    def node_args_for(self, stack_id: str) -> tuple[str, ...]:
        """The options `node` gets before server.js for this stack's twin (`[node_args]`)."""
        return self.node_args.get(stack_id, ())

    def side_folder(self, side: str) -> Path:
        """The folder of one side's app: the lesson's for FastAPI, the twin's for a stack."""
        return self.folder if side == stacks.FASTAPI else self.twin_folder(side)

    def shown_sources(self, side: str) -> list[tuple[str, str]]:
        """Each `[show_files]` file of a side as (its path inside the app's folder, its text)."""
        folder = self.side_folder(side)
        return [(name, (folder / name).read_text(encoding="utf-8")) for name in self.shown_files.get(side, ())]

    @property
    def main_py(self) -> Path:
        return self.folder / "main.py"

    def has_twin(self, stack_id: str) -> bool:
        return stack_id in self.twin_folders

    def twin_folder(self, stack_id: str) -> Path:
        """The folder of this lesson's twin for the stack (KeyError: the lesson has none)."""
        return self.twin_folders[stack_id]

    def compared(self, chosen: Sequence[stacks.Stack]) -> tuple[list[stacks.Stack], dict[str, str]]:
        """The stacks this lesson runs against for a learner who chose `chosen`, and the notes to show.

        A chosen stack without a twin here gives way to the first stack that has one (the
        lesson "keeps" that stack); the notes map the missing stack's id to its `[no_twin]` line.
        """
        kept: list[stacks.Stack] = []
        notes: dict[str, str] = {}
        for stack in chosen:
            if self.has_twin(stack.id):
                kept.append(stack)
                continue
            notes[stack.id] = self.no_twin.get(stack.id, "none was written")
            standin = next((other for other in stacks.ALL if self.has_twin(other.id)), None)
            if standin is not None and standin not in chosen and standin not in kept:
                kept.append(standin)
        return kept, notes

    def server_js(self, stack_id: str) -> Path:
        return self.twin_folder(stack_id) / "server.js"

    def twin_source(self, stack_id: str) -> str:
        return self.server_js(stack_id).read_text(encoding="utf-8")

    @property
    def narrative_path(self) -> Path:
        return self.folder / "lesson.md"

    @property
    def label(self) -> str:
        return f"{self.number:02d} {self.title}"

    @property
    def has_exercise(self) -> bool:
        return (self.folder / EXERCISE_FOLDER / EXERCISE_META).is_file()

    @cached_property
    def python_source(self) -> str:
        return self.main_py.read_text(encoding="utf-8")

    def section(self, name: str) -> dict[str, Any]:
        """A table of `lesson.toml` that an engine feature reads (empty if absent)."""
        value = self.meta.get(name, {})
        return value if isinstance(value, dict) else {}


def _side(raw: Any, where: str, *, twin: bool = False) -> Side:
    if raw is None:
        return Side()
    if not isinstance(raw, dict):
        raise CatalogError(f"{where} must be a table.")
    unknown = set(raw) - (TWIN_KEYS if twin else SIDE_KEYS)
    if unknown:
        raise CatalogError(f"{where} has unknown keys: {', '.join(sorted(unknown))}.")
    status = raw.get("status")
    if status is not None and not isinstance(status, int):
        raise CatalogError(f"{where}.status must be an integer.")
    headers = {str(k).lower(): str(v) for k, v in raw.get("headers", {}).items()}
    present = tuple(str(h).lower() for h in raw.get("headers_present", ()))
    absent = tuple(str(h).lower() for h in raw.get("headers_absent", ()))
    return Side(
        status=status,
        json=raw.get("json"),
        has_json="json" in raw,
        body_contains=raw.get("body_contains"),
        headers=headers,
        headers_present=present,
        headers_absent=absent,
        expect=_twin_expect(raw, where) if twin else None,
        why=str(raw.get("why", "")).strip(),
        note=str(raw.get("note", "")).strip(),
    )


def _twin_expect(raw: dict[str, Any], where: str) -> str | None:
    expect = raw.get("expect")
    if expect is None:
        if "why" in raw:
            raise CatalogError(f"{where} has a `why` but no `expect`; say whether this twin's answer is \"same\" or \"differs\".")
        return None
    if expect not in ("same", "differs"):
        raise CatalogError(f"{where}.expect must be \"same\" or \"differs\".")
    if expect == "differs" and not str(raw.get("why", "")).strip():
        raise CatalogError(f"{where} expects a difference but gives no `why` to teach it.")
    if expect == "differs" and not set(raw) & SIDE_KEYS:
        raise CatalogError(f"{where} expects a difference but declares none of this twin's answer "
                           f"({', '.join(sorted(SIDE_KEYS))}).")
    if expect == "same" and "why" in raw:
        raise CatalogError(f"{where} expects the same answer as FastAPI; a `why` belongs to a difference.")
    return str(expect)


def request_fields(raw: dict[str, Any], where: str) -> tuple[str, str, dict[str, str]]:
    """Method, path and headers of a request written in TOML (a demo, or an exercise check).

    Raises CatalogError with a sentence naming `where` when a field is wrong.
    """
    method = str(raw.get("method", "GET")).upper()
    if method not in METHODS:
        raise CatalogError(f"{where}.method {method!r} is not one of {', '.join(METHODS)}.")
    path = raw.get("path")
    if not isinstance(path, str) or not path.startswith("/"):
        raise CatalogError(f"{where}.path must be a string starting with '/'.")
    if "json" in raw and "body" in raw:
        raise CatalogError(f"{where} has both `json` and `body`; pick one.")
    sent = raw.get("headers", {})
    if not isinstance(sent, dict):
        raise CatalogError(f"{where}.headers must be a table of header names and values.")
    return method, path, {str(k): str(v) for k, v in sent.items()}


def _repeated(raw: dict[str, Any], where: str) -> Any:
    """The demo's JSON body, with each field named in `repeat` (field = N) made N copies of its string:
    a big body (a size limit's demo) without a huge lesson.toml."""
    body, repeat = raw.get("json"), raw.get("repeat")
    if repeat is None:
        return body
    if not isinstance(repeat, dict) or not isinstance(body, dict):
        raise CatalogError(f"{where}.repeat needs a JSON object body and a table of field = times.")
    body = dict(body)
    for field_name, times in repeat.items():
        if not isinstance(body.get(field_name), str) or not isinstance(times, int) or not 1 <= times * len(body[field_name]) <= MAX_REPEAT:
            raise CatalogError(f"{where}.repeat {field_name!r}: the body's {field_name!r} must be a string and the "
                               f"times a whole number (at most {MAX_REPEAT:,} characters in all).")
        body[field_name] = body[field_name] * times
    return body


def _demo(raw: Any, where: str) -> Demo:
    if not isinstance(raw, dict):
        raise CatalogError(f"{where} must be a table.")
    unknown = set(raw) - DEMO_KEYS
    if unknown:
        raise CatalogError(f"{where} has unknown keys: {', '.join(sorted(unknown))}.")
    method, path, headers = request_fields(raw, where)
    expect = raw.get("expect", "same")
    if expect not in ("same", "differs"):
        raise CatalogError(f"{where}.expect must be \"same\" or \"differs\".")
    why = str(raw.get("why", ""))
    if expect == "differs" and not why:
        raise CatalogError(f"{where} expects a difference but gives no `why` to teach it.")
    fastapi = _side(raw.get(stacks.FASTAPI), f"{where}.{stacks.FASTAPI}")
    twins = {sid: _side(raw[sid], f"{where}.{sid}", twin=True) for sid in stacks.IDS if sid in raw}
    if expect == "differs" and fastapi == Side() and all(side == Side() for side in twins.values()):
        raise CatalogError(f"{where} expects a difference but declares no side's answer.")
    return Demo(
        method=method,
        path=path,
        expect=expect,
        json=_repeated(raw, where),
        has_json="json" in raw,
        body=raw.get("body"),
        headers=headers,
        note=str(raw.get("note", "")),
        why=why,
        status=raw.get("status"),
        show_headers=_show_headers(raw.get("show_headers", []), where),
        fastapi=fastapi,
        twins=twins,
    )


def _per_stack(meta: dict[str, Any], table: str, slug: str, what: str) -> dict[str, str]:
    """A lesson.toml table of stack id = one line (a title or summary as read against that stack)."""
    raw = meta.get(table, {})
    if not isinstance(raw, dict) or not all(k in stacks.IDS and isinstance(v, str) and v.strip() for k, v in raw.items()):
        raise CatalogError(f"lessons/{slug}/lesson.toml: [{table}] maps a stack id ({', '.join(stacks.IDS)}) "
                           f"to the {what} as read against that stack.")
    return {k: v.strip() for k, v in raw.items()}


def _short_label(value: Any) -> bool:
    """A label fit to head a column and prefix a log line: one line of 1 to MAX_LABEL characters."""
    return isinstance(value, str) and 0 < len(value.strip()) <= MAX_LABEL and "\n" not in value


def _app_label(meta: dict[str, Any], slug: str) -> tuple[str, bool]:
    """`app_label` (what the Python side is called) and `docs` (whether it serves /docs)."""
    label, docs = meta.get("app_label", APP_LABEL), meta.get("docs", True)
    if not _short_label(label):
        raise CatalogError(f"lessons/{slug}/lesson.toml: `app_label` names the Python side in a few words "
                           f"(at most {MAX_LABEL} characters), like \"ASGI app\".")
    if not isinstance(docs, bool):
        raise CatalogError(f"lessons/{slug}/lesson.toml: `docs` is true or false: whether the app serves /docs.")
    return label.strip(), docs


def _twin_labels(meta: dict[str, Any], slug: str, twins: dict[str, Path]) -> dict[str, str]:
    """The `[twin_label]` table: stack id = what this lesson's twin for it is called, in a few words."""
    raw = meta.get(TWIN_LABEL, {})
    where = f"lessons/{slug}/lesson.toml: [{TWIN_LABEL}]"
    if not isinstance(raw, dict):
        raise CatalogError(f"{where} must be a table of stack id = \"what its twin is called\", like "
                           f"{stacks.DEFAULT.id} = \"Node http\".")
    for sid, label in raw.items():
        if sid not in twins:
            raise CatalogError(f"{where} names {sid!r}, which is not a stack this lesson has a twin for "
                               f"({', '.join(twins) or 'none'}).")
        if not _short_label(label):
            raise CatalogError(f"{where} {sid} names that twin in a few words (at most {MAX_LABEL} characters), "
                               "like \"Node http\".")
    return {sid: label.strip() for sid, label in raw.items()}


def _shown_files(meta: dict[str, Any], slug: str, folders: dict[str, Path]) -> dict[str, tuple[str, ...]]:
    """The `[show_files]` table: side = files of that side's app, relative to its folder, that must exist."""
    raw = meta.get(SHOW_FILES, {})
    where = f"lessons/{slug}/lesson.toml: [{SHOW_FILES}]"
    if not isinstance(raw, dict):
        raise CatalogError(f"{where} must be a table of side = [\"path\", ...] (sides: {', '.join(stacks.SIDES)}).")
    found: dict[str, tuple[str, ...]] = {}
    for side, names in raw.items():
        if side not in stacks.SIDES:
            raise CatalogError(f"{where} names {side!r}, which is not a side ({', '.join(stacks.SIDES)}).")
        if side not in folders:
            raise CatalogError(f"{where} lists files for the {stacks.label_of(side)} twin, but the lesson has none.")
        if not isinstance(names, list) or not names or not all(isinstance(name, str) and name for name in names):
            raise CatalogError(f"{where} {side} must be a list of file paths, like [\"app/main.py\"].")
        base = folders[side].resolve()
        for name in names:
            path = (folders[side] / name).resolve()
            shown = f"{side_root(side, slug)}/{name}"
            if "\\" in name or name.startswith("/") or base not in path.parents:
                raise CatalogError(f"{where} {side}: {name!r} must be a path inside {side_root(side, slug)}/, "
                                   "written with / and without ..")
            if not path.is_file():
                raise CatalogError(f"{where} {side} lists {shown}, which does not exist.")
        if len(set(names)) != len(names):
            raise CatalogError(f"{where} {side} lists a file twice.")
        found[side] = tuple(names)
    return found


def side_root(side: str, slug: str) -> str:
    """A side's app folder as a path relative to the course: lessons/NN-slug or node_equivalents/<stack>/NN-slug."""
    return f"lessons/{slug}" if side == stacks.FASTAPI else f"{stacks.get(side).shown_root()}/{slug}"


def _node_args(meta: dict[str, Any], slug: str, twins: dict[str, Path]) -> tuple[dict[str, tuple[str, ...]], tuple[int, int] | None]:
    """The `[node_args]` table (stack id = [options before server.js]) and `node_min` ("20.6")."""
    raw, minimum = meta.get(NODE_ARGS, {}), meta.get("node_min")
    where = f"lessons/{slug}/lesson.toml"
    if not isinstance(raw, dict):
        raise CatalogError(f"{where}: [{NODE_ARGS}] must be a table of stack id = [\"--option\", ...].")
    for sid, args in raw.items():
        if sid not in stacks.IDS or sid not in twins:
            raise CatalogError(f"{where}: [{NODE_ARGS}] names {sid!r}, which is not a stack this lesson has a twin "
                               f"for ({', '.join(twins) or 'none'}).")
        if not isinstance(args, list) or not all(isinstance(arg, str) and arg.startswith("-") for arg in args):
            raise CatalogError(f"{where}: [{NODE_ARGS}] {sid} must be a list of node options, each starting with -, "
                               "like [\"--env-file=settings.env\"].")
    version = None
    if minimum is not None and not raw:
        raise CatalogError(f"{where}: `node_min` is the Node version the [{NODE_ARGS}] options need; there are none.")
    if minimum is not None:
        match = _NODE_VERSION_RE.match(minimum) if isinstance(minimum, str) else None
        if match is None:
            raise CatalogError(f"{where}: `node_min` is a Node version as major.minor, like \"20.6\".")
        version = (int(match.group(1)), int(match.group(2)))
    return {sid: tuple(args) for sid, args in raw.items()}, version


_HEADER_NAME_RE = re.compile(r"^[!#$%&'*+\-.^_`|~0-9a-z]+$")


def _show_headers(raw: Any, where: str) -> tuple[str, ...]:
    """A `show_headers` list: response header names, lower-cased."""
    if not isinstance(raw, list) or not all(isinstance(name, str) for name in raw):
        raise CatalogError(f"{where}: `show_headers` must be a list of header names, like [\"date\", \"x-process-time\"].")
    names = tuple(name.strip().lower() for name in raw)
    for name in names:
        if not _HEADER_NAME_RE.match(name):
            raise CatalogError(f"{where}: {name!r} in `show_headers` is not a header name.")
    return names


def _known_keys(meta: dict[str, Any], slug: str) -> None:
    unknown = sorted(set(meta) - TOP_LEVEL_KEYS)
    if not unknown:
        return
    import difflib

    guesses = [f"`{key}` (did you mean `{close[0]}`?)" if (close := difflib.get_close_matches(key, TOP_LEVEL_KEYS, 1))
               else f"`{key}`" for key in unknown]
    raise CatalogError(f"lessons/{slug}/lesson.toml has {'a key' if len(unknown) == 1 else 'keys'} the tutor does not "
                       f"know: {', '.join(guesses)}. lessons/README.md lists the keys; one meant for a [[demo]] "
                       "goes after its [[demo]] line.")


def _no_twin(meta: dict[str, Any], slug: str) -> dict[str, str]:
    """The `[no_twin]` table: for a stack without a twin, one line saying why."""
    raw = meta.get(NO_TWIN, {})
    if not isinstance(raw, dict):
        raise CatalogError(f"lessons/{slug}/lesson.toml: [{NO_TWIN}] must be a table of stack id = \"why\".")
    for key, why in raw.items():
        if key not in stacks.IDS:
            raise CatalogError(f"lessons/{slug}/lesson.toml: [{NO_TWIN}] names {key!r}, which is not a Node stack "
                               f"({', '.join(stacks.IDS)}).")
        if not isinstance(why, str) or not why.strip() or "\n" in why.strip():
            raise CatalogError(f"lessons/{slug}/lesson.toml: [{NO_TWIN}] {key} must say why in one line.")
    return {key: why.strip() for key, why in raw.items()}


def _twin_folders(slug: str, root: Path, no_twin: dict[str, str]) -> dict[str, Path]:
    """Each stack's twin folder for this lesson; a missing twin needs its line in [no_twin]."""
    found = {}
    for stack in stacks.ALL:
        folder = twins_root(stack, root) / slug
        has = (folder / "server.js").is_file()
        if has and stack.id in no_twin:
            raise CatalogError(f"lessons/{slug}/lesson.toml: [{NO_TWIN}] says there is no {stack.label} twin, "
                               f"but {stack.shown_root()}/{slug}/server.js exists.")
        if has:
            found[stack.id] = folder
        elif stack.id not in no_twin:
            raise CatalogError(f"lessons/{slug} has no {stack.label} twin at {stack.shown_root()}/{slug}/server.js; "
                               f"add it, or say why in one line in lesson.toml: [{NO_TWIN}] {stack.id} = \"...\".")
    return found


def load_lesson(folder: Path, root: Path | None = None) -> Lesson:
    """Read one lesson folder (its twins under `root`'s node_equivalents/); raise CatalogError if broken."""
    slug = folder.name
    match = SLUG_RE.match(slug)
    if not match:
        raise CatalogError(f"{folder}: lesson folders are named NN-slug (like 04-path-parameters).")
    for required in ("lesson.md", "main.py", "lesson.toml"):
        if not (folder / required).is_file():
            raise CatalogError(f"lessons/{slug} has no {required}.")
    try:
        meta = toml.loads((folder / "lesson.toml").read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise CatalogError(f"lessons/{slug}/lesson.toml is not UTF-8 text; save it as UTF-8.") from None
    except ValueError as exc:  # tomli's TOMLDecodeError (after UnicodeDecodeError, also a ValueError)
        raise CatalogError(f"lessons/{slug}/lesson.toml is not valid TOML: {exc}.") from None
    _known_keys(meta, slug)
    no_twin = _no_twin(meta, slug)
    twin_folders = _twin_folders(slug, root or content_root(), no_twin)
    title = meta.get("title")
    summary = meta.get("summary")
    if not isinstance(title, str) or not title.strip():
        raise CatalogError(f"lessons/{slug}/lesson.toml needs a `title`.")
    if not isinstance(summary, str) or not summary.strip():
        raise CatalogError(f"lessons/{slug}/lesson.toml needs a `summary`.")
    app_label, docs = _app_label(meta, slug)
    twin_labels = _twin_labels(meta, slug, twin_folders)
    node_args, node_min = _node_args(meta, slug, twin_folders)
    summaries, titles = _per_stack(meta, SUMMARY_VS, slug, "summary"), _per_stack(meta, TITLE_VS, slug, "title")
    raw_demos = meta.get("demo", [])
    if not isinstance(raw_demos, list):
        raise CatalogError(f"lessons/{slug}/lesson.toml: `demo` must be an array of tables ([[demo]]).")
    demos = tuple(_demo(d, f"lessons/{slug} demo {i + 1}") for i, d in enumerate(raw_demos))
    for i, demo in enumerate(demos):
        for sid in demo.twins.keys() - twin_folders.keys():
            raise CatalogError(f"lessons/{slug} demo {i + 1} declares what the {stacks.get(sid).label} twin answers, "
                               "but the lesson has no such twin.")
        for sid in twin_folders.keys() - {stacks.DEFAULT.id}:  # the demo-level expect/why are the default stack's
            if demo.twin(sid).expect is None:
                raise CatalogError(f"lessons/{slug} demo {i + 1} ({demo.label}) does not say what the "
                                   f"{stacks.get(sid).label} twin answers: give [demo.{sid}] an `expect` "
                                   "(\"same\" or \"differs\" with a `why`).")
    recap = meta.get("recap", {})
    if not isinstance(recap, dict) or not all(k in stacks.SIDES and isinstance(v, str) for k, v in recap.items()):
        raise CatalogError(f"lessons/{slug}/lesson.toml: [recap] maps each side ({', '.join(stacks.SIDES)}) to one "
                           "string; another key there is most likely a line meant for before the table.")
    for kind in SPECIAL_KINDS:
        if kind in meta and not isinstance(meta[kind], dict):
            raise CatalogError(f"lessons/{slug}/lesson.toml: [{kind}] must be a table.")
    if not demos:
        raise CatalogError(f"lessons/{slug}/lesson.toml declares no [[demo]] request.")
    if not any(d.expect_for(sid) == "differs" for d in demos for sid in (twin_folders or (stacks.DEFAULT.id,))):
        raise CatalogError(
            f"lessons/{slug}/lesson.toml has no demo with expect = \"differs\": "
            "every lesson teaches at least one difference by design."
        )
    lookups = []
    for i, raw in enumerate(meta.get("lookup", [])):
        named = [sid for sid in stacks.IDS if isinstance(raw, dict) and sid in raw]
        if (len(named) != 1 or not all(isinstance(raw.get(k), str) for k in (*named, "fastapi", "example"))):
            raise CatalogError(f"lessons/{slug} lookup {i + 1} needs one Node term (keyed by a stack: "
                               f"{' or '.join(stacks.IDS)}) and string `fastapi` and `example`.")
        sid = named[0]
        lookups.append(LookupEntry(sid, raw[sid], raw["fastapi"], raw["example"], raw.get("lesson", slug)))
    return Lesson(
        number=int(match.group(1)),
        slug=slug,
        folder=folder,
        twin_folders=twin_folders,
        title=title.strip(),
        summary=summary.strip(),
        summaries=summaries,
        titles=titles,
        demos=demos,
        lookups=tuple(lookups),
        meta=meta,
        no_twin=no_twin,
        show_headers=_show_headers(meta.get("show_headers", []), f"lessons/{slug}/lesson.toml"),
        app_label=app_label,
        docs=docs,
        twin_labels=twin_labels,
        shown_files=_shown_files(meta, slug, {stacks.FASTAPI: folder, **twin_folders}),
        node_args=node_args,
        node_min=node_min,
    )


def load_catalog(root: Path | None = None) -> list[Lesson]:
    """Every lesson in order; raise CatalogError on the first broken one."""
    base = root or content_root()
    lessons_root = base / "lessons"
    if not lessons_root.is_dir():
        raise CatalogError(f"No lessons folder at {lessons_root}; is the package installed completely?")
    folders = sorted(p for p in lessons_root.iterdir() if p.is_dir() and SLUG_RE.match(p.name))
    lessons = [load_lesson(folder, base) for folder in folders]
    seen: dict[int, str] = {}
    for lesson in lessons:
        if lesson.number in seen:
            raise CatalogError(f"Two lessons share number {lesson.number:02d}: {seen[lesson.number]} and {lesson.slug}.")
        seen[lesson.number] = lesson.slug
    for lesson in lessons:
        for entry in lesson.lookups:
            if entry.lesson not in {item.slug for item in lessons}:
                raise CatalogError(f"lessons/{lesson.slug} maps {entry.term!r} to lesson {entry.lesson!r}, which does not exist.")
    for stack in stacks.ALL:
        folder = twins_root(stack, base)
        if not folder.is_dir():
            continue
        for twin in folder.iterdir():
            if twin.is_dir() and SLUG_RE.match(twin.name) and not (lessons_root / twin.name).is_dir():
                raise CatalogError(f"{stack.shown_root()}/{twin.name} has no lesson at lessons/{twin.name}.")
    return lessons


def find_lesson(lessons: list[Lesson], wanted: str) -> Lesson:
    """Match `4`, `04`, `04-path-parameters` or `path-parameters` (and a slug from an older
    numbering, `03-path-parameters`, by its name)."""
    text = wanted.strip().lower()
    for lesson in lessons:
        if text.isdecimal() and int(text) == lesson.number:
            return lesson
        if text in (lesson.slug, lesson.slug[3:]) or slugs.name_of(text) == slugs.name_of(lesson.slug):
            return lesson
    raise LessonNotFound(wanted, lessons)
