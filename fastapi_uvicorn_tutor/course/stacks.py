"""The Node stacks a lesson's FastAPI app is compared with: the one place that names them.

Every other module asks this registry for what it needs (a label, a port, a colour,
a folder) and keys its data by `Stack.id`, so adding a stack is adding an entry here
plus its twins under `node_equivalents/<folder>/` with their own package.json and lock.

    >>> get("express").default_port
    3000
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from fastapi_uvicorn_tutor.errors import UsageError

TWINS_FOLDER = "node_equivalents"  # under the content root; one folder per stack inside
FASTAPI = "fastapi"  # the Python side's key wherever sides are keyed (lesson.toml tables, bench runs)


@dataclass(frozen=True)
class Stack:
    """One Node stack: where its twins live, how to install and run them, how to show it."""

    id: str  # the key in lesson.toml tables, CLI options (`--<id>-port`) and bench JSON (`vs_<id>`)
    label: str  # what the learner reads: column titles, "<label> twin", "<label> deps"
    title: str  # the label with its major version, above the twin's code
    folder: str  # node_equivalents/<folder>/ holds its package.json, lock and NN-slug/server.js twins
    default_port: int  # tried first; any free port when it is taken
    min_node_major: int  # older Node cannot run these twins
    installed_marker: str  # a file under node_modules whose presence proves the install
    package: str  # the npm package whose installed version `tutor bench` reports
    colour: str  # Rich style of its columns, labels and bars
    ready: str = "http"  # how to tell a twin is up: "http" = its port answers an HTTP request
    worker_ready: str = "listening"  # a line each twin process prints once it listens (clusters)
    access_log: bool = False  # whether it logs every request by default (`tutor bench` turns Uvicorn's off to match)
    server: str = "Node"  # what serves the app: the waiter, in "<label> (<server>)"
    env: Mapping[str, str] = field(default_factory=dict)  # set for every twin process

    @property
    def answer_title(self) -> str:
        """The title of this stack's answers: "<label> (<server>)"."""
        return f"{self.label} ({self.server})"

    @property
    def port_option(self) -> str:
        """The CLI option that fixes this stack's port."""
        return f"--{self.id}-port"

    def root(self, content: Path) -> Path:
        """node_equivalents/<folder>/ under a content root: package.json, the lock, the twins."""
        return content / TWINS_FOLDER / self.folder

    def shown_root(self) -> str:
        """Where the twins live, as a relative path the learner can type."""
        return f"{TWINS_FOLDER}/{self.folder}"


# Registry order is display order: the first entry is the default stack.
ALL: tuple[Stack, ...] = (
    Stack(
        id="express",
        label="Express",
        title="Express 5",
        folder="express",
        default_port=3000,
        min_node_major=18,  # Express 5's own floor
        installed_marker="express/package.json",
        package="express",
        colour="yellow",
        # Its default mode, made explicit so a NODE_ENV in the learner's shell cannot
        # change what the lessons show (error pages carry the stack in development).
        env={"NODE_ENV": "development"},
    ),
    Stack(
        id="fastify",
        label="Fastify",
        title="Fastify 5",
        folder="fastify",
        default_port=3001,
        min_node_major=20,  # Fastify 5's own floor (its router, find-my-way, declares it)
        installed_marker="fastify/package.json",
        package="fastify",
        colour="bright_blue",
        # Fastify ignores NODE_ENV; set anyway so both stacks' processes see the same environment.
        env={"NODE_ENV": "development"},
    ),
)
DEFAULT: Stack = ALL[0]
IDS: tuple[str, ...] = tuple(stack.id for stack in ALL)
SIDES: tuple[str, ...] = (FASTAPI, *IDS)  # every side a lesson.toml table may be keyed by

for _stack in ALL:  # ids become option names, identifiers and JSON keys
    assert _stack.id.isidentifier() and _stack.id.islower() and _stack.id != FASTAPI, _stack.id


class UnknownStack(UsageError):
    """The learner named a stack the tutor does not know."""


def get(stack_id: str) -> Stack:
    """The stack with this id; UnknownStack (listing the valid ids) otherwise."""
    for stack in ALL:
        if stack.id == stack_id:
            return stack
    raise UnknownStack(f"There is no Node stack {stack_id!r}.", f"Known stacks: {', '.join(IDS)}")


BOTH = "both"  # `--vs both`: every stack, side by side
CHOICES: tuple[str, ...] = (*IDS, BOTH)  # what `--vs` and `tutor config vs` accept


def choose(value: str) -> tuple[Stack, ...]:
    """The stacks a `--vs` value names: one stack id, or "both" (every stack, in registry order)."""
    text = value.strip().lower()
    if text in (BOTH, "all"):
        return ALL
    for stack in ALL:
        if stack.id == text:
            return (stack,)
    raise UnknownStack(f"There is no Node stack {value!r} to compare with.", f"Choose one of: {', '.join(CHOICES)}.")


def label_of(side: str) -> str:
    """What a side is called: "FastAPI", or the stack's label."""
    return "FastAPI" if side == FASTAPI else get(side).label


def default() -> Stack:
    """The stack a lesson runs against unless the learner picks another."""
    return DEFAULT
