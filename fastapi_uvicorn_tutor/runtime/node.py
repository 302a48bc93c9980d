"""Node.js for the Express twins: find it, install the twins' dependencies once.

The twins' `package.json` and `package-lock.json` ship with the tutor. On first
need they are copied into a per-user cache folder keyed by the lock file's hash and
installed there with `npm ci` (one tutor at a time, under a file lock beside that
folder); every later run reuses that folder through
`NODE_PATH`. A source checkout with `node_equivalents/node_modules` uses that
instead, which is what a developer running `node server.js` by hand expects.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from fastapi_uvicorn_tutor.course.catalog import twins_dir
from fastapi_uvicorn_tutor.errors import TutorError
from fastapi_uvicorn_tutor.state import locks
from fastapi_uvicorn_tutor.state.paths import cache_dir as cache_root

MIN_NODE_MAJOR = 18
NODE_URL = "https://nodejs.org/en/download"


@dataclass(frozen=True)
class NodeStatus:
    """What this machine offers for running the Express twins."""

    node: str | None  # path to node
    node_version: str | None
    npm: str | None
    modules: Path | None  # a node_modules folder holding express, if installed
    problem: str | None  # one sentence saying what is missing and how to fix it

    @property
    def ready(self) -> bool:
        return self.problem is None and self.modules is not None

    @property
    def usable(self) -> bool:
        """Node is present and new enough (the dependencies may still need installing)."""
        return self.node is not None and self.problem is None


class NodeSetupError(TutorError):
    """Installing the twins' dependencies failed; the message names the log file."""


def lock_hash(twins: Path | None = None) -> str:
    lock = (twins or twins_dir()) / "package-lock.json"
    return hashlib.sha256(lock.read_bytes()).hexdigest()[:16]


def install_dir(twins: Path | None = None) -> Path:
    return cache_root() / f"node-{lock_hash(twins)}"


def installed_modules(twins: Path | None = None) -> Path | None:
    """The node_modules the twins will use, or None if not installed yet."""
    base = twins or twins_dir()
    local = base / "node_modules"
    if (local / "express" / "package.json").is_file():
        return local
    cached = install_dir(base) / "node_modules"
    if (cached / "express" / "package.json").is_file() and (install_dir(base) / ".complete").is_file():
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


def detect(twins: Path | None = None) -> NodeStatus:
    """Look for node and npm on PATH and for the installed dependencies."""
    node = shutil.which("node")
    npm = shutil.which("npm")
    if node is None:
        return NodeStatus(None, None, npm, None, f"Node.js is not on your PATH; install Node {MIN_NODE_MAJOR} or newer ({NODE_URL}) to see the Express twin live.")
    version = _version(node)
    found = major(version)
    if found is None or found < MIN_NODE_MAJOR:
        return NodeStatus(node, version, npm, None, f"Node {version or '(unknown version)'} is too old; the Express 5 twins need Node {MIN_NODE_MAJOR} or newer ({NODE_URL}).")
    modules = installed_modules(twins)
    if modules is None and npm is None:
        return NodeStatus(node, version, None, None, "npm is not on your PATH, so the Express dependencies cannot be installed; install npm (it ships with Node.js).")
    return NodeStatus(node, version, npm, modules, None)


def log_path() -> Path:
    return cache_root() / "npm-install.log"


def install(status: NodeStatus, twins: Path | None = None, timeout: float = 300) -> Path:
    """Run `npm ci` into the cache once; return the node_modules folder.

    One tutor at a time: another one that needs the same install meanwhile waits for
    this one, then reuses what it installed. Raises NodeSetupError with a sentence
    that names the log file on failure.
    """
    base = twins or twins_dir()
    if status.modules is not None:
        return status.modules
    if status.npm is None:
        raise NodeSetupError(status.problem or "npm is not available.")
    target = install_dir(base)
    wait = timeout + 30  # the other tutor's `npm ci` may take its whole timeout
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with locks.locked(target.with_name(f"{target.name}.lock"), wait):
            finished = installed_modules(base)
            if finished is not None:  # another tutor installed it while this one waited
                return finished
            return _npm_ci(status.npm, base, target, timeout)
    except locks.LockTimeout:
        raise NodeSetupError(f"Another tutor has been installing the Express dependencies into {target} for {wait:.0f} s; try again once it is done.") from None
    except OSError as exc:
        raise NodeSetupError(f"Could not install the Express dependencies into {target} ({exc.strerror or exc}).") from None


def _npm_ci(npm: str, base: Path, target: Path, timeout: float) -> Path:
    log = log_path()
    try:
        target.mkdir(parents=True, exist_ok=True)
        # A half-finished earlier install is not trusted: npm ci starts from scratch anyway.
        (target / ".complete").unlink(missing_ok=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copyfile(base / name, target / name)
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
        raise NodeSetupError(f"Could not install the Express dependencies into {target} ({exc.strerror or exc}).") from None
    if result.returncode != 0:
        raise NodeSetupError(f"`npm ci` failed (exit {result.returncode}; offline?); its output is in {log}.")
    (target / ".complete").write_text(lock_hash(base) + "\n", encoding="utf-8")
    return target / "node_modules"
