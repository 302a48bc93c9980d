"""runtime/node.py: two tutors on a cold cache run `npm ci` once, with the real npm.

A wrapper named `npm` first on PATH logs every call, then runs the real npm.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from fastapi_uvicorn_tutor.course.catalog import twins_dir

INSTALL = """\
import sys
from pathlib import Path
from fastapi_uvicorn_tutor.runtime import node
twins = Path(sys.argv[1])
status = node.detect(twins)
assert status.modules is None, "the cache was meant to be cold"
print(node.install(status, twins), flush=True)
"""


def test_two_installs_at_once_run_npm_ci_once(tmp_path: Path, node_modules: Path) -> None:
    real_npm = shutil.which("npm")
    assert real_npm is not None
    twins = tmp_path / "twins"  # the twins' manifests without a node_modules beside them
    twins.mkdir()
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(twins_dir() / name, twins / name)
    calls = tmp_path / "npm-calls"
    wrapper = tmp_path / "bin" / "npm"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\necho "start $*" >> "{calls}"\n"{real_npm}" "$@"\nstatus=$?\n'
                       f'echo "end $*" >> "{calls}"\nexit $status\n')
    wrapper.chmod(0o755)
    env = {**os.environ, "TUTOR_CACHE": str(tmp_path / "cache"), "PATH": f"{wrapper.parent}{os.pathsep}{os.environ['PATH']}"}
    procs = [subprocess.Popen([sys.executable, "-c", INSTALL, str(twins)], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [proc.communicate(timeout=600) for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], outs
    first, second = (Path(out.strip()) for out, _ in outs)
    assert first == second and first.parent.parent == tmp_path / "cache"
    assert (first / "express" / "package.json").is_file()
    ci_calls = [line for line in calls.read_text().splitlines() if line.split()[1:2] == ["ci"]]
    assert [line.split()[0] for line in ci_calls] == ["start", "end"], f"npm ci ran more than once: {ci_calls}"
