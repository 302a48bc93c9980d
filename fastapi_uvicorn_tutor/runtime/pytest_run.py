"""pytest as a child process: the command that runs one test file, and the counts it printed.

Nothing is written into the folder it runs in (which may sit inside site-packages):
`-p no:cacheprovider`, PYTHONDONTWRITEBYTECODE=1, and any pytest config file around
it ignored (`-c` the null device). Plugins installed beside pytest are not loaded, except
anyio's (for `@pytest.mark.anyio` tests, and FastAPI always brings anyio): a plugin the
learner happens to have cannot change a verdict, and pytest starts in half the time where
heavy ones (hypothesis, schemathesis) are installed. The lesson's testing demo
(demos/testing.py) and the exercises' tests checks (runtime/checks.py) both run pytest this way.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from fastapi_uvicorn_tutor.runtime import servers

_PYTEST_COUNT = re.compile(r"(\d+) (passed|failed|errors?)\b")


def pytest_spec(folder: Path, file: str) -> servers.ServerSpec:
    """`pytest FILE` in `folder`, writing nothing there and ignoring any config around it."""
    argv = [sys.executable, "-m", "pytest", "-q", "-rfEp", "-p", "no:cacheprovider", "-p", "anyio", "-c", os.devnull,
            "--rootdir", str(folder), "--confcutdir", str(folder), file]
    env = {"PYTHONDONTWRITEBYTECODE": "1", "PYTHONUNBUFFERED": "1", "NO_COLOR": "1", "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    return servers.ServerSpec("pytest", argv, folder, 0, f"pytest {file}", env)


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
