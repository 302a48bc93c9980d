"""runtime/node.py: two tutors on a cold cache run `npm ci` once, with the real npm.

A wrapper named `npm` first on PATH logs every call, then runs the real npm.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from fastapi_uvicorn_tutor.course import stacks
from fastapi_uvicorn_tutor.course.catalog import twins_root

INSTALL = """\
from fastapi_uvicorn_tutor.course import stacks
from fastapi_uvicorn_tutor.runtime import node
status = node.detect(stacks.DEFAULT)
assert status.modules is None, "the cache was meant to be cold"
print(node.install(status), flush=True)
"""


def test_two_installs_at_once_run_npm_ci_once(tmp_path: Path, node_modules: Path) -> None:
    real_npm = shutil.which("npm")
    assert real_npm is not None
    content = tmp_path / "content"  # the default stack's manifests without a node_modules beside them
    twins = stacks.DEFAULT.root(content)
    twins.mkdir(parents=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(twins_root(stacks.DEFAULT) / name, twins / name)
    calls = tmp_path / "npm-calls"
    wrapper = tmp_path / "bin" / "npm"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\necho "start $*" >> "{calls}"\n"{real_npm}" "$@"\nstatus=$?\n'
                       f'echo "end $*" >> "{calls}"\nexit $status\n')
    wrapper.chmod(0o755)
    env = {**os.environ, "TUTOR_CACHE": str(tmp_path / "cache"), "TUTOR_CONTENT": str(content), "PATH": f"{wrapper.parent}{os.pathsep}{os.environ['PATH']}"}
    procs = [subprocess.Popen([sys.executable, "-c", INSTALL], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [proc.communicate(timeout=600) for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], outs
    first, second = (Path(out.strip()) for out, _ in outs)
    assert first == second and first.parent.parent == tmp_path / "cache"
    assert (first / stacks.DEFAULT.installed_marker).is_file()
    ci_calls = [line for line in calls.read_text().splitlines() if line.split()[1:2] == ["ci"]]
    assert [line.split()[0] for line in ci_calls] == ["start", "end"], f"npm ci ran more than once: {ci_calls}"
