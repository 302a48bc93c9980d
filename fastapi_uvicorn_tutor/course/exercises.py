"""A lesson's exercise, and its HTTP checks run against the learner's live server.

An exercise lives in `lessons/NN-slug/exercise/`:

    exercise.toml   the task, progressive hints and the checks (below)
    starter.py      becomes the learner's main.py: runs, but with TODOs to fill in
    solution.py     one answer that passes every check
    (anything else, like templates/, is copied into the workspace beside main.py)

exercise.toml:

    title = "Typed ids for tables and orders"
    task = '''Markdown: what to build, in a few sentences.'''
    hints = ["a nudge", "a bigger nudge", "nearly the answer"]
    file = "test_main.py"           # optional: the file the learner writes (default main.py);
                                    # the starter and the solution are that file's

    [[check]]
    name = "a table id that is not a number is refused"
    method = "GET"                  # default GET; `json`, `body` and `headers` to send,
    path = "/tables/abc/orders/1"   # as in a lesson's [[demo]]
    bad_input = true                # at least one check per exercise sends bad input
    twin = "/items/abc"             # optional: the same kind of request to the lesson's
                                    # Node twin, shown as the reference (true = same path)
    note = "Shown when this check fails: what the check is about."
    [check.expect]                  # what the learner's app must answer (as [demo.fastapi]):
    status = 422                    # status, json, body_contains, headers, headers_absent
    body_contains = "int_parsing"

That is a check of kind "http", the default. Where one request cannot show what a
lesson teaches, `kind` names another: "websocket", "lifespan", "tests" or "workers"
(course/check_kinds.py has their keys).

Checks run in order against one server, which may already have served earlier
runs (`tutor watch` keeps it up), so a check must not depend on state left by
another run. Nothing here prints or starts processes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from fastapi_uvicorn_tutor.course import check_kinds, stacks, toml
from fastapi_uvicorn_tutor.course.catalog import EXERCISE_FOLDER, EXERCISE_META, CatalogError, Lesson, Side, _side, request_fields
from fastapi_uvicorn_tutor.course.messages import Request, Response
from fastapi_uvicorn_tutor.errors import TutorError

FOLDER = EXERCISE_FOLDER
META = EXERCISE_META
MAIN = "main.py"
STARTER = "starter.py"
SOLUTION = "solution.py"
CHECK_KEYS = {"kind", "name", "method", "path", "json", "body", "headers", "bad_input", "twin", "note", "expect"}
MIN_CHECKS = 3
WHO = "Your app"


class ExerciseError(TutorError):
    """An exercise folder does not match the format above; the message says how."""


@dataclass(frozen=True)
class Check:
    """One request to the learner's app and what it must answer, or a check of another kind (`probe`)."""

    name: str
    request: Request | None  # None for the kinds other than "http"
    expect: Side
    bad_input: bool = False
    twin: Request | None = None  # the reference request for the lesson's Node twin
    note: str = ""
    probe: check_kinds.Probe | None = None  # what a check of another kind does and expects

    @property
    def kind(self) -> str:
        return check_kinds.HTTP if self.probe is None else self.probe.kind

    @property
    def label(self) -> str:
        if self.probe is not None:
            return self.probe.label
        assert self.request is not None
        return self.request.label


@dataclass(frozen=True)
class Exercise:
    slug: str  # the lesson's
    folder: Path
    title: str
    task: str
    hints: tuple[str, ...]
    checks: tuple[Check, ...]
    file: str = MAIN  # the file the learner writes in the workspace

    @property
    def starter(self) -> Path:
        return self.folder / STARTER

    @property
    def solution(self) -> Path:
        return self.folder / SOLUTION

    @property
    def uses_twin(self) -> bool:
        return any(check.twin is not None for check in self.checks)

    def extra_files(self) -> list[Path]:
        """Files besides the learner's own the workspace needs (templates, an app to test...), relative.

        Never the apps in broken/: those are for a test file to catch, not for the learner to read.
        """
        skip = {META, STARTER, SOLUTION}
        found = []
        for path in sorted(self.folder.rglob("*")):
            rel = path.relative_to(self.folder)
            if path.is_file() and rel.as_posix() not in skip and "__pycache__" not in rel.parts \
                    and rel.parts[0] != check_kinds.BROKEN \
                    and not any(part.startswith(".") for part in rel.parts):
                found.append(rel)
        return found


@dataclass(frozen=True)
class CheckResult:
    check: Check
    response: Response  # an empty Response for the kinds other than "http"
    problems: tuple[str, ...]
    reference: Response | None = None  # the Node twin's answer, when the check names one
    reference_stack: str = stacks.DEFAULT.id  # the stack of the twin that gave `reference`
    observed: tuple[str, ...] = ()  # what a check of another kind saw, line by line

    @property
    def passed(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class CheckReport:
    """Every check's result, in order."""

    results: tuple[CheckResult, ...] = field(default_factory=tuple)

    @property
    def passed(self) -> bool:
        return bool(self.results) and all(r.passed for r in self.results)

    @property
    def failing(self) -> list[CheckResult]:
        return [r for r in self.results if not r.passed]


def _request(raw: dict, where: str) -> Request:  # type: ignore[type-arg]
    try:
        method, path, headers = request_fields(raw, where)
    except CatalogError as exc:
        raise ExerciseError(str(exc)) from None
    return Request(method, path, raw.get("json"), "json" in raw, raw.get("body"), headers)


def _check(raw: object, where: str, folder: Path) -> Check:
    if not isinstance(raw, dict):
        raise ExerciseError(f"{where} must be a table.")
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ExerciseError(f"{where} needs a `name` saying what it checks.")
    kind = raw.get("kind", check_kinds.HTTP)
    if kind not in check_kinds.KINDS:
        raise ExerciseError(f"{where} has kind {kind!r}; the kinds are {', '.join(check_kinds.KINDS)}.")
    if kind != check_kinds.HTTP:
        try:
            probe = check_kinds.parse(raw, where, folder)
        except check_kinds.CheckFormatError as exc:
            raise ExerciseError(str(exc)) from None
        return Check(name.strip(), None, Side(), bool(raw.get("bad_input", False)), None, str(raw.get("note", "")), probe)
    unknown = set(raw) - CHECK_KEYS
    if unknown:
        raise ExerciseError(f"{where} has unknown keys: {', '.join(sorted(unknown))}.")
    request = _request(raw, where)
    try:
        expect = _side(raw.get("expect"), f"{where}.expect")
    except CatalogError as exc:
        raise ExerciseError(str(exc)) from None
    if expect == Side():
        raise ExerciseError(f"{where} expects nothing: give [check.expect] at least a `status`.")
    twin = raw.get("twin")
    reference = None
    if twin is True:
        reference = request
    elif isinstance(twin, str):
        if not twin.startswith("/"):
            raise ExerciseError(f"{where}.twin must be true or a path starting with '/'.")
        reference = Request(request.method, twin, request.json, request.has_json, request.body, dict(request.headers))
    elif twin not in (None, False):
        raise ExerciseError(f"{where}.twin must be true or a path starting with '/'.")
    return Check(name.strip(), request, expect, bool(raw.get("bad_input", False)), reference, str(raw.get("note", "")))


def exercise_folder(lesson: Lesson) -> Path:
    return lesson.folder / FOLDER


def has_exercise(lesson: Lesson) -> bool:
    return lesson.has_exercise


def load_exercise(lesson: Lesson) -> Exercise | None:
    """The lesson's exercise, None when it has none; ExerciseError when it is broken."""
    folder = exercise_folder(lesson)
    meta_path = folder / META
    if not meta_path.is_file():
        return None
    where = f"lessons/{lesson.slug}/{FOLDER}"
    for required in (STARTER, SOLUTION):
        if not (folder / required).is_file():
            raise ExerciseError(f"{where} has no {required}.")
    try:
        meta = toml.loads(meta_path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ExerciseError(f"{where}/{META} is not UTF-8 text; save it as UTF-8.") from None
    except ValueError as exc:  # tomli's TOMLDecodeError (after UnicodeDecodeError, also a ValueError)
        raise ExerciseError(f"{where}/{META} is not valid TOML: {exc}.") from None
    task = meta.get("task")
    if not isinstance(task, str) or not task.strip():
        raise ExerciseError(f"{where}/{META} needs a `task`.")
    hints = meta.get("hints", [])
    if not isinstance(hints, list) or not hints or not all(isinstance(h, str) and h.strip() for h in hints):
        raise ExerciseError(f"{where}/{META} needs `hints`, a list of one or more strings.")
    raw_checks = meta.get("check", [])
    if not isinstance(raw_checks, list):
        raise ExerciseError(f"{where}/{META}: `check` must be an array of tables ([[check]]).")
    checks = tuple(_check(raw, f"{where} check {i + 1}", folder) for i, raw in enumerate(raw_checks))
    if len(checks) < MIN_CHECKS:
        raise ExerciseError(f"{where}/{META} has {len(checks)} checks; an exercise needs at least {MIN_CHECKS}.")
    if not any(check.bad_input for check in checks):
        raise ExerciseError(f"{where}/{META} has no check with bad_input = true; test at least one bad input.")
    names = [check.name for check in checks]
    if len(set(names)) != len(names):
        raise ExerciseError(f"{where}/{META}: two checks share a name; names identify failing checks.")
    file = meta.get("file", MAIN)
    if not isinstance(file, str) or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*\.py", file):
        raise ExerciseError(f"{where}/{META}: `file` must name a Python file in the workspace, like test_main.py.")
    if any(check.kind == "tests" for check in checks) and not file.startswith("test_"):
        raise ExerciseError(f"{where}/{META} has tests checks, so `file` must be the learner's test file "
                            f"(test_something.py), not {file}.")
    if (folder / file).exists():
        raise ExerciseError(f"{where} holds a {file} of its own; the learner's {file} comes from {STARTER}.")
    title = meta.get("title", "")
    return Exercise(lesson.slug, folder, str(title).strip() or lesson.title, task.strip(),
                    tuple(h.strip() for h in hints), checks, file)


def validate(lessons: list[Lesson]) -> list[str]:
    """Every broken exercise, as sentences (empty when all are sound)."""
    problems = []
    for lesson in lessons:
        try:
            load_exercise(lesson)
        except ExerciseError as exc:
            problems.append(str(exc))
    return problems
