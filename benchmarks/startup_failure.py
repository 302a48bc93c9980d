"""How long a learner waits between a broken lesson and the sentence that explains it.

Copies lesson 01 into a temp course, breaks it four ways (app raises on import,
syntax error, twin throws, app never answers with TUTOR_START_TIMEOUT=3), and times
`tutor next` from launch to exit (the error is its last output). Baseline in the
same run: a healthy `tutor next` on the same course.

    python benchmarks/startup_failure.py [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from fastapi_uvicorn_tutor.course import stacks

REPO = Path(__file__).resolve().parent.parent
SLUG = "01-chef-and-waiter"
FAULTS = {
    "healthy (baseline)": None,
    "import error": ("main.py", 'raise RuntimeError("boom")\n'),
    "syntax error": ("main.py", "def broken(:\n"),
    "twin throws": ("server.js", 'throw new Error("boom");\n'),
    "never answers (timeout 3 s)": ("main.py", "import time\ntime.sleep(600)\n"),
}


def course(root: Path, fault: tuple[str, str] | None) -> Path:
    shutil.copytree(REPO / "lessons" / SLUG, root / "lessons" / SLUG)
    for stack in stacks.ALL:
        shutil.copytree(stack.root(REPO) / SLUG, stack.root(root) / SLUG)
        for name in ("package.json", "package-lock.json"):
            shutil.copy(stack.root(REPO) / name, stack.root(root) / name)
        modules = stack.root(REPO) / "node_modules"
        if modules.is_dir():
            (stack.root(root) / "node_modules").symlink_to(modules)
    if fault:
        name, code = fault
        target = root / "lessons" / SLUG / name if name == "main.py" else stacks.DEFAULT.root(root) / SLUG / name
        target.write_text(code + target.read_text())
    return root


def time_once(content: Path) -> tuple[float, int]:
    home = tempfile.mkdtemp()
    env = {**os.environ, "TUTOR_CONTENT": str(content), "TUTOR_HOME": home, "TUTOR_START_TIMEOUT": "3"}
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "fastapi_uvicorn_tutor", "next"], stdin=subprocess.DEVNULL,
                            capture_output=True, env=env)
    return time.perf_counter() - started, result.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    baseline = None
    print(f"{'case':32} {'median s':>9} {'exit':>5} {'vs healthy':>11}")
    for label, fault in FAULTS.items():
        with tempfile.TemporaryDirectory() as tmp:
            content = course(Path(tmp), fault)
            runs = [time_once(content) for _ in range(args.repeats)]
        median = statistics.median(t for t, _ in runs)
        baseline = baseline or median
        print(f"{label:32} {median:9.2f} {runs[0][1]:5d} {median / baseline:10.2f}x")


if __name__ == "__main__":
    main()
