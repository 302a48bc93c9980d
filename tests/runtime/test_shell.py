"""The commands the tutor prints work when pasted into a real shell from another folder.

The end-to-end tests run the tutor on a copy of the course whose twins have no
node_modules of their own (the packages sit in the tutor's cache, as after a wheel
install) and with the tutor's own environment off PATH (as with pipx); then they paste
each printed line into `bash -c` from an unrelated folder and check that it serves, or
passes its tests.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from fastapi_uvicorn_tutor.course import catalog, stacks
from fastapi_uvicorn_tutor.flows import lesson as session
from fastapi_uvicorn_tutor.runtime import node, servers
from fastapi_uvicorn_tutor.runtime.live import LiveServers
from fastapi_uvicorn_tutor.runtime.shell import pasteable, quoted

from ..conftest import LESSONS, start_fastapi, start_twin
from ..helpers import copy_lesson, kill_leftovers, leftovers, run_tutor

VENV_BIN = str(Path(sys.executable).parent)
LABELS = "|".join(["FastAPI", *(stack.label for stack in stacks.ALL)])
SERVER_LINE = re.compile(rf"^\s*({LABELS})\s+\$ (cd .*)$", re.MULTILINE)
TEST_LINE = re.compile(r"^\$ (cd .*)$", re.MULTILINE)


def _lesson(number: int) -> catalog.Lesson:
    return next(lesson for lesson in LESSONS if lesson.number == number)


def _path_without_the_tutor() -> str:
    """PATH without this environment's bin folder: `uvicorn` and `pytest` are not found by name."""
    return os.pathsep.join(part for part in os.environ["PATH"].split(os.pathsep) if part and Path(part) != Path(VENV_BIN))


# ----- the line itself ------------------------------------------------------------------


def test_a_program_on_path_keeps_its_name_and_the_folder_is_cd_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", VENV_BIN + os.pathsep + os.environ["PATH"])
    lesson = _lesson(3)
    line = pasteable(servers.uvicorn_spec(lesson.folder, 8123))
    assert line == f"cd {quoted(lesson.folder)} && uvicorn main:app --port 8123"


def test_a_program_off_path_is_called_by_its_full_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", _path_without_the_tutor())
    lesson = _lesson(3)
    line = pasteable(servers.uvicorn_spec(lesson.folder, servers.FASTAPI_PORT))
    assert line == f"cd {quoted(lesson.folder)} && {quoted(servers.python_tool('uvicorn')[0])} main:app"


def test_node_path_is_added_only_when_node_would_not_find_the_packages(tmp_path: Path) -> None:
    lesson = _lesson(3)
    folder = lesson.twin_folder(stacks.DEFAULT.id)
    local = stacks.DEFAULT.root(catalog.content_root()) / "node_modules"  # a checkout's own: Node walks up to it
    spec = servers.node_spec(stacks.DEFAULT, folder, 3100, "node", local)
    assert pasteable(spec) == f"cd {quoted(folder)} && PORT=3100 node server.js"
    cached = tmp_path / "cache" / "node_modules"
    spec = servers.node_spec(stacks.DEFAULT, folder, 3100, "node", cached)
    assert pasteable(spec) == f"cd {quoted(folder)} && NODE_PATH={quoted(cached)} PORT=3100 node server.js"


def test_paths_are_quoted_for_the_shell_and_home_is_shortened(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert quoted(tmp_path / "course" / "lessons") == "~/course/lessons"
    assert quoted(tmp_path / "my course") == shlex.quote(str(tmp_path / "my course"))  # `~` does not expand in quotes
    assert quoted("/srv/it's here") == shlex.quote("/srv/it's here")
    assert shlex.split(f"cd {quoted('/srv/it s')}") == ["cd", "/srv/it s"]


# ----- pasted for real ------------------------------------------------------------------


@pytest.fixture
def cached_course(tmp_path: Path, stack_modules: dict[str, Path]) -> dict[str, str]:
    """Lessons 04 and 28 in a folder with a space in its name, each stack's packages only in the
    tutor's cache; returns the environment to run the tutor with."""
    course = tmp_path / "my course"
    for slug in ("04-path-parameters", "28-testing"):
        copy_lesson(slug, course, packages=True)
    cache = tmp_path / "cache"
    for stack in stacks.ALL:
        target = cache / f"node-{stack.id}-{node.lock_hash(stack)}"
        target.mkdir(parents=True)
        (target / "node_modules").symlink_to(stack_modules[stack.id], target_is_directory=True)
        (target / ".complete").write_text(node.lock_hash(stack) + "\n")
        assert not (stack.root(course) / "node_modules").exists()
    return {"TUTOR_CONTENT": str(course), "TUTOR_CACHE": str(cache), "PATH": _path_without_the_tutor()}


def _paste(line: str, elsewhere: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(["bash", "-c", line], cwd=elsewhere, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)


def _answer(port: int, path: str, proc: subprocess.Popen[str], within: float = 30) -> object:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"the pasted command exited ({proc.returncode}):\n{proc.communicate()[0]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as reply:
                return json.loads(reply.read())
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing answered on port {port} within {within:g} s")


def _port(line: str) -> int:
    found = re.search(r"(?:PORT=|--port )(\d+)", line)
    return int(found.group(1)) if found else servers.FASTAPI_PORT


def _stop(proc: subprocess.Popen[str]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def test_the_server_lines_serve_when_pasted_from_another_folder(tmp_path: Path, cached_course: dict[str, str],
                                                                 marked: str) -> None:
    result = run_tutor(tmp_path / "home", "goto", "4", "--vs", "both", **cached_course)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = dict(SERVER_LINE.findall(result.stdout))
    assert set(lines) == {"FastAPI", *(stack.label for stack in stacks.ALL)}, result.stdout[:2000]
    assert f"{Path(sys.executable).parent}/uvicorn" in lines["FastAPI"].replace("'", "")  # off PATH: its full path
    for stack in stacks.ALL:
        assert "NODE_PATH=" in lines[stack.label], "the packages are in the cache: Node needs to be told"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PATH": cached_course["PATH"]}
    started = [(label, line, _paste(line, elsewhere, env)) for label, line in lines.items()]
    try:
        for label, line, proc in started:
            answer = _answer(_port(line), "/items/1", proc)
            assert isinstance(answer, dict) and answer.get("item_id") == 1, (label, answer)
    finally:
        for _, _, proc in started:
            _stop(proc)
    left = leftovers(marked, within=5)
    kill_leftovers(left)
    assert left == []


def test_the_test_file_lines_pass_when_pasted_from_another_folder(tmp_path: Path, cached_course: dict[str, str],
                                                                   marked: str) -> None:
    result = run_tutor(tmp_path / "home", "goto", "28", timeout=240, **cached_course)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = TEST_LINE.findall(result.stdout)
    assert len(lines) == 2 and "test_main.py" in lines[0] and "node --test server.test.js" in lines[1], result.stdout[-3000:]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PATH": cached_course["PATH"], "NO_COLOR": "1"}
    for line in lines:
        run = subprocess.run(["bash", "-c", line], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=180)
        assert run.returncode == 0, f"{line}\n{run.stdout}\n{run.stderr}"
        assert re.search(r"5 passed|pass 5", run.stdout), run.stdout
    left = leftovers(marked, within=5)
    kill_leftovers(left)
    assert left == []


@pytest.mark.parametrize("number", [lesson.number for lesson in LESSONS if "curl " in lesson.narrative_path.read_text()])
def test_the_curl_lines_of_the_lessons_work_when_pasted(number: int, tmp_path: Path, node_binary: str,
                                                          node_modules: Path) -> None:
    lesson = _lesson(number)
    fa = start_fastapi(lesson)
    twin = start_twin(lesson, node_binary, node_modules)
    try:
        text = session.narrative_text(lesson, LiveServers(fa, {stacks.DEFAULT.id: twin}))
        inline = re.findall(r"`([^`]+)`", text)
        blocks = [line.strip() for line in text.splitlines() if line.startswith("    curl ")]  # indented code blocks
        lines = [code for code in inline + blocks if code.startswith("curl ") and "http://" in code]
        assert lines, "the lesson mentions curl but shows no curl line"
        for line in lines:
            run = subprocess.run(["bash", "-c", line], cwd=tmp_path, capture_output=True, text=True, timeout=60)
            # --max-time cuts a stream on purpose (the learner walks away): curl's exit 28 is the point there.
            ok = run.returncode == 0 or (run.returncode == 28 and "--max-time" in line)
            assert ok and run.stdout.strip(), f"{line}\n{run.stdout}\n{run.stderr}"
            if "--max-time" not in line:
                assert run.stdout.strip().startswith("{"), f"{line}\n{run.stdout}"
    finally:
        servers.stop_and_clean([fa, twin])
