"""The kinds of exercise check beyond one HTTP request: how exercise.toml declares them, and judging.

`kind = "http"` (the default) is one request and its answer (course/exercises.py).
The other kinds watch the learner's app do what one request cannot show:

    [[check]]
    kind = "websocket"              # one socket: send each text message, await one reply to each
    name = "two orders, tickets 1 and 2"
    path = "/ws/kitchen"
    send = ["soup", "pie"]
    [check.expect]
    replies = [{ dish = "soup", ticket = 1 }, "pong"]   # a table: the reply read as JSON; a string: the exact text

    [[check]]
    kind = "lifespan"               # `uvicorn main:app` started, then stopped with SIGTERM
    name = "the pantry opens and closes"
    [check.expect]
    startup = ["pantry: open"]      # printed, in this order, while Uvicorn waits for application startup
    shutdown = ["pantry: closed"]   # printed, in this order, while it waits for application shutdown

    [[check]]
    kind = "tests"                  # the learner's test file, run by pytest against an app
    name = "your tests catch a 200 for a missing item"
    app = "broken/found_everything.py"   # in the exercise folder; the test file imports it as main.py
    [check.expect]
    outcome = "fail"                # "pass": every test passes; "fail": at least one test fails

    [[check]]
    kind = "workers"                # `uvicorn main:app --workers N`, then GET `path` over many connections
    name = "both workers answer"
    path = "/whoami"
    workers = 2
    [check.expect]
    pids = 2                        # the answers' JSON "pid" names at least this many processes

Every kind also takes `name`, `note` and `bad_input` as an HTTP check does. An app a
test file must catch (`outcome = "fail"`) lives in the exercise's `broken/` folder,
which is never copied into the learner's workspace; the app it must pass on is one
the workspace gets. Nothing here prints or starts processes: runtime/checks.py
observes, the functions here turn what it saw into sentences.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from fastapi_uvicorn_tutor.errors import TutorError

HTTP = "http"
KINDS = (HTTP, "websocket", "lifespan", "tests", "workers")
COMMON_KEYS = {"kind", "name", "bad_input", "note", "expect"}
BROKEN = "broken"  # the exercise's folder of apps a test file must catch; never copied to the workspace
MAX_WORKERS = 4

# Uvicorn's own lines around the lifespan (`--log-level info`, its default).
STARTUP_BEGINS = "Waiting for application startup."
STARTUP_ENDS = ("Application startup complete.", "Application startup failed.")
SHUTDOWN_BEGINS = "Waiting for application shutdown."
SHUTDOWN_ENDS = ("Application shutdown complete.", "Application shutdown failed.")
# Uvicorn's access log (`INFO:     127.0.0.1:54321 - "GET / HTTP/1.1" 200 OK`): requests, not lifespan.
ACCESS_LINE = re.compile(r'^[A-Z]+:\s+\S+ - "')


class CheckFormatError(TutorError):
    """A [[check]] of some kind does not match the format above; the message says how."""


@dataclass(frozen=True)
class WebSocketCheck:
    kind: ClassVar[str] = "websocket"
    path: str
    send: tuple[str, ...]
    replies: tuple[Any, ...]  # per message: a str (the exact text) or a JSON value (the reply parsed)

    @property
    def label(self) -> str:
        return f"WebSocket {self.path}"

    def expected(self) -> list[str]:
        return [f"send {text!r} → {shown_reply(reply)}" for text, reply in zip(self.send, self.replies, strict=True)]


@dataclass(frozen=True)
class LifespanCheck:
    kind: ClassVar[str] = "lifespan"
    startup: tuple[str, ...]
    shutdown: tuple[str, ...]

    @property
    def label(self) -> str:
        return "start-up and shutdown"

    def expected(self) -> list[str]:
        return ([f"at start-up: {line}" for line in self.startup]
                + [f"at shutdown: {line}" for line in self.shutdown])


@dataclass(frozen=True)
class TestsCheck:
    __test__ = False  # not a pytest test class, despite the name
    kind: ClassVar[str] = "tests"

    app: str  # relative to the exercise folder
    outcome: str  # "pass" or "fail"

    @property
    def label(self) -> str:
        return f"pytest on {self.app}"

    def expected(self) -> list[str]:
        return ["every test passes" if self.outcome == "pass" else "at least one test fails"]


@dataclass(frozen=True)
class WorkersCheck:
    kind: ClassVar[str] = "workers"
    path: str
    workers: int
    pids: int

    @property
    def label(self) -> str:
        return f"--workers {self.workers}, GET {self.path}"

    def expected(self) -> list[str]:
        return [f"answers from {self.pids} or more different pids"]


Probe = WebSocketCheck | LifespanCheck | TestsCheck | WorkersCheck


# ----- reading exercise.toml ------------------------------------------------------------------


def keys_for(kind: str) -> set[str]:
    """The keys a [[check]] of this kind may have (besides the common ones)."""
    return COMMON_KEYS | {"websocket": {"path", "send"}, "lifespan": set(), "tests": {"app"},
                          "workers": {"path", "workers"}}.get(kind, set())


def _strings(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(x, str) and x for x in value)


def _path(raw: Mapping[str, Any], where: str) -> str:
    path = raw.get("path")
    if not isinstance(path, str) or not path.startswith("/"):
        raise CheckFormatError(f"{where}.path must be a string starting with '/'.")
    return path


def _expect(raw: Mapping[str, Any], where: str, allowed: set[str]) -> dict[str, Any]:
    expect = raw.get("expect")
    if not isinstance(expect, dict) or not expect:
        raise CheckFormatError(f"{where} expects nothing: give [check.expect] {' or '.join(sorted(allowed))}.")
    unknown = set(expect) - allowed
    if unknown:
        raise CheckFormatError(f"{where}.expect has unknown keys: {', '.join(sorted(unknown))} "
                               f"(a {raw['kind']} check expects {', '.join(sorted(allowed))}).")
    return expect


def parse(raw: Mapping[str, Any], where: str, folder: Path) -> Probe:
    """The kind-specific part of a non-HTTP [[check]] (`folder`: the exercise folder); CheckFormatError if wrong."""
    kind = raw["kind"]
    unknown = set(raw) - keys_for(kind)
    if unknown:
        raise CheckFormatError(f"{where} has keys a {kind} check does not take: {', '.join(sorted(unknown))}.")
    if kind == "websocket":
        send = raw.get("send")
        if not isinstance(send, list) or not _strings(send):
            raise CheckFormatError(f"{where} (a websocket check) needs `send`, a list of text messages.")
        replies = _expect(raw, where, {"replies"}).get("replies")
        if not isinstance(replies, list) or len(replies) != len(send):
            raise CheckFormatError(f"{where}.expect.replies must list one reply per message sent ({len(send)}).")
        return WebSocketCheck(_path(raw, where), tuple(send), tuple(replies))
    if kind == "lifespan":
        expect = _expect(raw, where, {"startup", "shutdown"})
        for phase in ("startup", "shutdown"):
            if phase in expect and not _strings(expect[phase]):
                raise CheckFormatError(f"{where}.expect.{phase} must be a list of non-empty strings.")
        return LifespanCheck(tuple(expect.get("startup", ())), tuple(expect.get("shutdown", ())))
    if kind == "tests":
        app = raw.get("app")
        if not isinstance(app, str) or not app.endswith(".py"):
            raise CheckFormatError(f"{where} (a tests check) needs `app`, the .py file of the app under test.")
        if not (folder / app).is_file():
            raise CheckFormatError(f"{where}: its app {app} is not in the exercise folder.")
        outcome = _expect(raw, where, {"outcome"}).get("outcome")
        if outcome not in ("pass", "fail"):
            raise CheckFormatError(f"{where}.expect.outcome must be \"pass\" or \"fail\".")
        broken = Path(app).parts[0] == BROKEN
        if outcome == "fail" and not broken:
            raise CheckFormatError(f"{where}: an app the tests must fail on belongs in {BROKEN}/, "
                                   "so the learner's workspace never gets it.")
        if outcome == "pass" and broken:
            raise CheckFormatError(f"{where}: the app the tests must pass on cannot be in {BROKEN}/; "
                                   "the learner needs it in the workspace to run pytest.")
        return TestsCheck(app, outcome)
    if kind == "workers":
        workers = raw.get("workers")
        if not isinstance(workers, int) or isinstance(workers, bool) or not 2 <= workers <= MAX_WORKERS:
            raise CheckFormatError(f"{where}.workers must be a whole number from 2 to {MAX_WORKERS}.")
        pids = _expect(raw, where, {"pids"}).get("pids")
        if not isinstance(pids, int) or isinstance(pids, bool) or not 2 <= pids <= workers:
            raise CheckFormatError(f"{where}.expect.pids must be a whole number from 2 to `workers` ({workers}).")
        return WorkersCheck(_path(raw, where), workers, pids)
    raise CheckFormatError(f"{where} has kind {kind!r}; the kinds are {', '.join(KINDS)}.")


# ----- judging what runtime/checks.py saw ------------------------------------------------------------


def shown_reply(reply: Any) -> str:
    """A reply as the learner would write it: JSON compactly, text quoted."""
    return repr(reply) if isinstance(reply, str) else json.dumps(reply, ensure_ascii=False, separators=(",", ":"))


def reply_matches(expected: Any, reply: str | None) -> bool:
    """A string must come back exactly; anything else is compared as parsed JSON."""
    if reply is None:
        return False
    if isinstance(expected, str):
        return reply == expected
    try:
        return bool(json.loads(reply) == expected)
    except ValueError:
        return False


def websocket_problems(spec: WebSocketCheck, status: int, replies: Sequence[str | None], error: str | None,
                       who: str) -> list[str]:
    """Sentences for each way the conversation missed the check (`status`: 101 when the socket opened)."""
    if status != 101:
        answer = error or (f"the handshake got {status}" if status else "no handshake")
        return [f"{who} did not open a WebSocket on {spec.path} ({answer}); is there an @app.websocket(\"{spec.path}\")?"]
    found = []
    for i, (text, want) in enumerate(zip(spec.send, spec.replies, strict=True)):
        got = replies[i] if i < len(replies) else None
        if got is None:
            why = f" ({error})" if error else ""
            found.append(f"{who} sent no reply to {text!r}{why}")
            break  # the socket is gone or silent: later messages went unanswered too
        if not reply_matches(want, got):
            found.append(f"{who} replied {got!r} to {text!r}; the check expects {shown_reply(want)}")
    return found


@dataclass(frozen=True)
class LifespanLog:
    """A Uvicorn run's output cut at its own lifespan lines."""

    before: tuple[str, ...]  # imported, before the lifespan began
    startup: tuple[str, ...]  # while Uvicorn waited for application startup
    serving: tuple[str, ...]
    shutdown: tuple[str, ...]  # while it waited for application shutdown
    started: bool  # "Application startup complete." was printed
    stopped: bool  # "Application shutdown complete." was printed


def lifespan_log(text: str) -> LifespanLog:
    """Split a Uvicorn run's output into its phases (access-log lines left out)."""
    phases: list[list[str]] = [[], [], [], []]
    at = 0
    started = stopped = False
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.strip() or ACCESS_LINE.match(line):
            continue
        if STARTUP_BEGINS in line and at == 0:
            at = 1
        elif any(end in line for end in STARTUP_ENDS) and at == 1:
            started = STARTUP_ENDS[0] in line
            at = 2
        elif SHUTDOWN_BEGINS in line and at <= 2:
            at = 3
        elif any(end in line for end in SHUTDOWN_ENDS) and at == 3:
            stopped = SHUTDOWN_ENDS[0] in line
            at = 4
        elif at < 4:
            phases[at].append(line)
    before, startup, serving, shutdown = (tuple(p) for p in phases)
    return LifespanLog(before, startup, serving, shutdown, started, stopped)


def missing_in_order(expected: Sequence[str], lines: Sequence[str]) -> list[str]:
    """The expected fragments not found, each looked for in a line after the previous one's."""
    absent = []
    at = 0
    for fragment in expected:
        hit = next((i for i in range(at, len(lines)) if fragment in lines[i]), None)
        if hit is None:
            absent.append(fragment)
        else:
            at = hit + 1
    return absent


def _seen_in(fragment: str, lines: Sequence[str]) -> bool:
    return any(fragment in line for line in lines)


def lifespan_problems(spec: LifespanCheck, log: LifespanLog, who: str, failure: str | None = None) -> list[str]:
    """Sentences for each start-up or shutdown line missing from its phase, saying where it went instead."""
    if failure:
        return [f"{who} {failure}"]
    found = []
    if not log.started:
        return [f"{who} did not finish starting up (no \"{STARTUP_ENDS[0]}\"): see its output"]
    for fragment in missing_in_order(spec.startup, log.startup):
        if _seen_in(fragment, log.before):
            found.append(f"{who} printed {fragment!r} when main.py was imported, before the start-up began; "
                         "print it in the lifespan, before `yield`")
        elif _seen_in(fragment, log.shutdown):
            found.append(f"{who} printed {fragment!r} at shutdown; it belongs before `yield`")
        elif _seen_in(fragment, log.startup):
            found.append(f"{who} printed {fragment!r} at start-up, but not in the order the check lists")
        else:
            found.append(f"{who} did not print {fragment!r} at start-up")
    if spec.shutdown and not log.stopped and not log.shutdown:
        found.append(f"{who} did not run a shutdown when Uvicorn was stopped with SIGTERM")
        return found
    for fragment in missing_in_order(spec.shutdown, log.shutdown):
        if _seen_in(fragment, log.startup) or _seen_in(fragment, log.before):
            found.append(f"{who} printed {fragment!r} at start-up; it belongs after `yield`, which runs at shutdown")
        elif _seen_in(fragment, log.shutdown):
            found.append(f"{who} printed {fragment!r} at shutdown, but not in the order the check lists")
        else:
            found.append(f"{who} did not print {fragment!r} when Uvicorn stopped it (SIGTERM)")
    return found


_FAILED_TEST = re.compile(r"^(?:FAILED|ERROR) (\S+?)(?: - (.*))?$")


def failing_tests(output: str) -> list[str]:
    """`test_x: AssertionError ...` for each test pytest's short summary (-rfE) names."""
    found = []
    for line in output.splitlines():
        match = _FAILED_TEST.match(line.strip())
        if match:
            name = match.group(1).split("::")[-1]
            found.append(f"{name}: {match.group(2)}" if match.group(2) else name)
    return found


def tests_problems(spec: TestsCheck, file: str, returncode: int | None, passed: int, failed: int, output: str,
                   failure: str | None = None) -> list[str]:
    """Sentences for a test run that did not end the way the check wants.

    pytest's exit codes: 0 every test passed, 1 some failed, 2 interrupted (a collection
    error: an import or syntax error in the file), 5 no tests collected.
    """
    if failure:
        return [f"pytest {failure}"]
    if returncode == 5 or (returncode in (0, 1) and passed + failed == 0):
        return [f"pytest found no tests in {file}: name each test function test_something"]
    if returncode not in (0, 1):
        last = [line.removeprefix("E ").strip() for line in output.splitlines() if line.strip()]
        error = next((line for line in reversed(last) if "Error" in line), last[-1] if last else "no output")
        where = re.findall(rf'File "[^"]*{re.escape(file)}", line (\d+)', output)
        at = f" (line {where[-1]})" if where else ""
        return [f"pytest could not run {file} (exit code {returncode}): {error}{at}"]
    if spec.outcome == "pass" and returncode != 0:
        names = "; ".join(failing_tests(output)[:3]) or f"{failed} failed"
        return [f"your tests fail on {spec.app}, the app that works: {names}"]
    if spec.outcome == "fail" and returncode == 0:
        which = "your one test passes" if passed == 1 else f"all {passed} of your tests pass"
        return [f"{which} on {spec.app}, which is broken on purpose: add a test that catches it"]
    return []


def workers_problems(spec: WorkersCheck, pids: Mapping[int, int], answered: int, first_error: str | None,
                     failure: str | None = None, who: str = "Your app") -> list[str]:
    """Sentences for a multi-worker run whose answers did not come from enough processes."""
    if failure:
        return [f"{who} with --workers {spec.workers} {failure}"]
    if answered == 0:
        return [f"{who} gave no answer to GET {spec.path} with a \"pid\" in its JSON ({first_error or 'none'})"]
    if len(pids) < spec.pids:
        names = ", ".join(str(pid) for pid in pids)
        return [f"{answered} answers named {len(pids)} pid{'s' if len(pids) != 1 else ''} ({names}); "
                f"the check expects {spec.pids}: answer os.getpid(), the id of the process that served the request"]
    return []
