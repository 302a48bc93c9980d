"""Node.js for the twins: find it, install each stack's dependencies once.

Each stack's `package.json` and `package-lock.json` ship with the tutor (see
course/stacks.py). On first need they are copied into a per-user cache folder of
that stack, keyed by its lock file's hash, and installed there with `npm ci` (one
tutor at a time, under a file lock beside that folder); every later run reuses that
folder through `NODE_PATH`. A source checkout with `node_equivalents/<stack>/node_modules`
uses that instead, which is what a developer running `node server.js` by hand expects.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi_uvicorn_tutor.course.catalog import Lesson, twins_root
from fastapi_uvicorn_tutor.course.stacks import Stack
from fastapi_uvicorn_tutor.errors import TutorError
from fastapi_uvicorn_tutor.state import locks
from fastapi_uvicorn_tutor.state.paths import cache_dir as cache_root

NODE_URL = "https://nodejs.org/en/download"

# Wraps the `npm ci` run (the flows pass the ui's spinner); called only when npm really runs.
InstallFeedback = Callable[[Stack], AbstractContextManager[Any]]


@dataclass(frozen=True)
class NodeStatus:
    """What this machine offers for running one stack's twins."""

    stack: Stack
    node: str | None  # path to node
    node_version: str | None
    npm: str | None
    modules: Path | None  # a node_modules folder holding the stack's packages, if installed
    problem: str | None  # one sentence saying what is missing and how to fix it

    @property
    def ready(self) -> bool:
        return self.problem is None and self.modules is not None

    @property
    def usable(self) -> bool:
        """Node is present and new enough (the dependencies may still need installing)."""
        return self.node is not None and self.problem is None


class NodeSetupError(TutorError):
    """Installing a stack's dependencies failed; the message names the log file."""


def lock_hash(stack: Stack) -> str:
    lock = twins_root(stack) / "package-lock.json"
    return hashlib.sha256(lock.read_bytes()).hexdigest()[:16]


def install_dir(stack: Stack) -> Path:
    """The stack's cache folder: one per stack and lock file, so a new lock installs afresh."""
    return cache_root() / f"node-{stack.id}-{lock_hash(stack)}"


def installed_modules(stack: Stack) -> Path | None:
    """The node_modules the stack's twins will use, or None if not installed yet."""
    local = twins_root(stack) / "node_modules"
    if (local / stack.installed_marker).is_file():
        return local
    target = install_dir(stack)
    cached = target / "node_modules"
    if (cached / stack.installed_marker).is_file() and (target / ".complete").is_file():
        return cached
    return None


def _version(node: str) -> str | None:
    try:
        out = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() or None


def major(version: str | None) -> int | None:
    match = re.match(r"v?(\d+)", version or "")
    return int(match.group(1)) if match else None


def major_minor(version: str | None) -> tuple[int, int] | None:
    match = re.match(r"v?(\d+)\.(\d+)", version or "")
    return (int(match.group(1)), int(match.group(2))) if match else None


def too_old_for(lesson: Lesson, stack: Stack, status: NodeStatus) -> str | None:
    """One sentence when the twin has `[node_args]` and this Node is older than the lesson's `node_min`
    (the Node those options need), else None."""
    if lesson.node_min is None or status.node is None or not lesson.node_args_for(stack.id):
        return None
    found = major_minor(status.node_version)
    if found is not None and found >= lesson.node_min:
        return None
    needed = ".".join(map(str, lesson.node_min))
    command = " ".join(["node", *lesson.node_args_for(stack.id), "server.js"])
    return (f"this lesson's {stack.label} twin runs `{command}`, which needs Node {needed} or newer; "
            f"yours is {status.node_version or 'of an unknown version'} ({NODE_URL}).")


def detect(stack: Stack) -> NodeStatus:
    """Look for node and npm on PATH and for the stack's installed dependencies."""
    node = shutil.which("node")
    npm = shutil.which("npm")
    need = stack.min_node_major
    if node is None:
        return NodeStatus(stack, None, None, npm, None,
                          f"Node.js is not on your PATH; install Node {need} or newer ({NODE_URL}) to see the {stack.label} twin live.")
    version = _version(node)
    found = major(version)
    if found is None or found < need:
        return NodeStatus(stack, node, version, npm, None,
                          f"Node {version or '(unknown version)'} is too old; the {stack.title} twins need Node {need} or newer ({NODE_URL}).")
    modules = installed_modules(stack)
    if modules is None and npm is None:
        return NodeStatus(stack, node, version, None, None,
                          f"npm is not on your PATH, so the {stack.label} dependencies cannot be installed; install npm (it ships with Node.js).")
    return NodeStatus(stack, node, version, npm, modules, None)


def log_path(stack: Stack) -> Path:
    return cache_root() / f"npm-install-{stack.id}.log"


def install(status: NodeStatus, timeout: float = 300, *, feedback: InstallFeedback | None = None) -> Path:
    """Run `npm ci` for the status's stack into its cache folder once; return the node_modules folder.

    One tutor at a time: another one that needs the same install meanwhile waits for
    this one, then reuses what it installed. `feedback` wraps the npm run (a spinner);
    it is not entered when nothing needs installing. Raises NodeSetupError with a
    sentence that names the log file on failure.
    """
    stack = status.stack
    if status.modules is not None:
        return status.modules
    if status.npm is None:
        raise NodeSetupError(status.problem or "npm is not available.")
    target = install_dir(stack)
    wait = timeout + 30  # the other tutor's `npm ci` may take its whole timeout
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with locks.locked(target.with_name(f"{target.name}.lock"), wait):
            finished = installed_modules(stack)
            if finished is not None:  # another tutor installed it while this one waited
                return finished
            with (feedback or (lambda _stack: nullcontext()))(stack):
                return _npm_ci(status.npm, stack, target, timeout)
    except locks.LockTimeout:
        raise NodeSetupError(f"Another tutor has been installing the {stack.label} dependencies into {target} for {wait:.0f} s; try again once it is done.") from None
    except OSError as exc:
        raise NodeSetupError(f"Could not install the {stack.label} dependencies into {target} ({exc.strerror or exc}).") from None


def _npm_ci(npm: str, stack: Stack, target: Path, timeout: float) -> Path:
    source = twins_root(stack)
    log = log_path(stack)
    try:
        target.mkdir(parents=True, exist_ok=True)
        # A half-finished earlier install is not trusted: npm ci starts from scratch anyway.
        (target / ".complete").unlink(missing_ok=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copyfile(source / name, target / name)
        with open(log, "w", encoding="utf-8") as out:
            result = subprocess.run(
                [npm, "ci", "--omit=dev", "--no-audit", "--no-fund", "--loglevel=error"],
                cwd=target, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, timeout=timeout,
                # npm's download cache goes in our cache folder too, not ~/.npm
                env={**os.environ, "npm_config_cache": str(cache_root() / "npm-cache"), "npm_config_update_notifier": "false"},
            )
    except subprocess.TimeoutExpired:
        raise NodeSetupError(f"`npm ci` did not finish in {timeout:.0f} s (offline?); its output is in {log}.") from None
    except OSError as exc:
        raise NodeSetupError(f"Could not install the {stack.label} dependencies into {target} ({exc.strerror or exc}).") from None
    if result.returncode != 0:
        raise NodeSetupError(f"`npm ci` failed (exit {result.returncode}; offline?); its output is in {log}.")
    (target / ".complete").write_text(lock_hash(stack) + "\n", encoding="utf-8")
    return target / "node_modules"
