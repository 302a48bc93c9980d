"""Shared fixtures: real servers on free loopback ports, and an isolated tutor home.

Node-dependent tests skip only where Node is absent, with the reason printed; with
TUTOR_REQUIRE_NODE=1 (set by .ci/run) a missing Node fails instead of skipping.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from fastapi_uvicorn_tutor.course import catalog, stacks
from fastapi_uvicorn_tutor.runtime import node, ports, servers

LESSONS = catalog.load_catalog()
REPO = Path(__file__).resolve().parent.parent


def lesson_ids() -> list[str]:
    return [lesson.slug for lesson in LESSONS]


# Tests that load the machine (bench runs, the serving demo's load) or time what a server
# does (the concurrency demo, the thread pool): on one xdist worker, one after another, so
# a timing is never taken while another of them saturates the CPUs.
LOAD = pytest.mark.xdist_group("load")


WORKERS = 2  # the suite waits on servers more than it computes: two workers fill a two-core machine


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    """`-n 2 --dist loadgroup` unless the command line says otherwise (`-n 0` runs serially).

    Not in pyproject's addopts: those also reach a learner's `pytest test_main.py` in
    lessons/28-testing of a clone, where pytest-xdist is not installed. `loadgroup` keeps
    the tests marked `xdist_group` on one worker, one after another; an explicit `-n N` or
    `--dist load` gets it too (it is `load` for every unmarked test).
    """
    workerinput = getattr(config, "workerinput", None)
    if workerinput is not None:
        # A worker parses the bare command line again, so it cannot see the default chosen
        # below; the controller passes it on (pytest_configure_node) and groups need it here.
        if "tutor_dist" in workerinput:
            config.option.loadgroup = workerinput["tutor_dist"] == "loadgroup"
        return
    if not config.pluginmanager.hasplugin("xdist") or config.getoption("usepdb", False):
        return
    if config.option.numprocesses is None:
        config.option.numprocesses = WORKERS
        config.option.tx = ["popen"] * WORKERS
    if config.option.numprocesses and config.option.dist in ("no", "load"):
        config.option.dist = "loadgroup"


# pytest-xdist 3.8 groups by appending "@group" to each test's node id on the worker, and
# pytest 9.2 no longer lets a plugin change a node id (pytest-dev/pytest-xdist#1386): the
# marks are then silently ignored. So the workers also write each marked test's group to a
# file and the controller's scheduler reads it (the "@" suffix still wins where it sticks).
_GROUPS: dict[str, Path] = {}  # on the controller: "dir" -> where the workers write


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:  # type: ignore[no-untyped-def]
    """xdist, on the controller: tell each worker the distribution mode and where groups go."""
    import tempfile

    node.workerinput["tutor_dist"] = node.config.option.dist
    if "dir" not in _GROUPS:
        _GROUPS["dir"] = Path(tempfile.mkdtemp(prefix="tutor-xdist-groups-"))
    node.workerinput["tutor_groups"] = str(_GROUPS["dir"])


def pytest_configure(config: pytest.Config) -> None:
    # xdist registers the mark too; this keeps `-p no:xdist` runs free of unknown-mark warnings.
    config.addinivalue_line("markers", "xdist_group(name): run on one xdist worker with the other tests of that group")
    if not hasattr(config, "workerinput"):  # once, on the controller (or the only process)
        _compile_engine()


def _compile_engine() -> None:
    """Byte-compile the engine once, as Python's first import would without PYTHONDONTWRITEBYTECODE.

    The tests start ~110 `tutor` processes (and a watchdog for each). Where
    PYTHONDONTWRITEBYTECODE=1 is set (this team's machines), an editable checkout never
    gets a __pycache__, so every one of them compiled the engine's modules from source
    again: ~0.05-0.1 s of CPU each. Site-packages were compiled by pip; the lesson folders
    are left alone (the servers run with PYTHONDONTWRITEBYTECODE=1 and tests check that
    nothing is written there). __pycache__ is git-ignored.
    """
    import compileall

    import fastapi_uvicorn_tutor

    compileall.compile_dir(Path(fastapi_uvicorn_tutor.__file__).parent, quiet=1)


def pytest_unconfigure(config: pytest.Config) -> None:
    import shutil

    if "dir" in _GROUPS and not hasattr(config, "workerinput"):
        shutil.rmtree(_GROUPS.pop("dir"), ignore_errors=True)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On a worker with --dist loadgroup: write {node id: group} for the marked tests."""
    workerinput = getattr(config, "workerinput", None)
    if not workerinput or "tutor_groups" not in workerinput or not config.getvalue("loadgroup"):
        return
    import json

    groups = {}
    for item in items:
        names = {str(m.args[0] if m.args else m.kwargs.get("name", "default")) for m in item.iter_markers("xdist_group")}
        if names:
            groups[item.nodeid] = "_".join(sorted(names))
    path = Path(workerinput["tutor_groups"]) / f"{workerinput['workerid']}.json"
    path.with_suffix(".tmp").write_text(json.dumps(groups))
    path.with_suffix(".tmp").replace(path)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):  # type: ignore[no-untyped-def]
    """xdist's loadgroup scheduler, reading the groups the workers wrote (see above)."""
    if config.getvalue("dist") != "loadgroup" or "dir" not in _GROUPS:
        return None
    import json

    from xdist.scheduler import LoadGroupScheduling

    folder = _GROUPS["dir"]

    class MarkedGroups(LoadGroupScheduling):
        written: dict[str, str] | None = None

        def _split_scope(self, nodeid: str) -> str:
            if "@" in nodeid or not folder.is_dir():  # xdist's own suffix took (pytest < 9.2)
                return super()._split_scope(nodeid)
            if self.written is None:  # first called once every worker has sent its collection
                self.written = {}
                for part in folder.glob("*.json"):
                    self.written.update(json.loads(part.read_text()))
            return self.written.get(nodeid, nodeid)

    return MarkedGroups(config, log)


@pytest.fixture(scope="session")
def stack_modules() -> dict[str, Path]:
    """Every stack's node_modules by stack id, installed once if needed; skip (or fail in CI) without Node."""
    found = {}
    for stack in stacks.ALL:
        status = node.detect(stack)
        if not status.usable:
            if os.environ.get("TUTOR_REQUIRE_NODE") == "1":
                pytest.fail(f"Node is required here: {status.problem}")
            pytest.skip(f"Node not available: {status.problem}")
        found[stack.id] = node.install(status)
    return found


@pytest.fixture(scope="session")
def node_modules(stack_modules: dict[str, Path]) -> Path:
    """The default stack's node_modules (see stack_modules)."""
    return stack_modules[stacks.DEFAULT.id]


@pytest.fixture(scope="session")
def node_binary(node_modules: Path) -> str:
    found = servers.node_binary()
    assert found is not None
    return found


def start_server(make_spec) -> servers.Server:  # type: ignore[no-untyped-def]
    """Launch `make_spec(port)` on a port picked here and wait until it answers.

    Between our pick and the child's bind another process (a test on the other xdist
    worker, a load generator's client socket) can take the port: then retry on a new one.
    """
    for attempt in range(3):
        server = servers.launch(make_spec(ports.pick_port(None)))
        try:
            servers.wait_ready([server], timeout=30)
            return server
        except servers.ServerFailed as exc:
            server.stop()
            if attempt < 2 and server.lost_port:
                continue
            pytest.fail(f"{exc} Output:\n{server.tail(30)}")
    raise AssertionError("unreachable")


def start_fastapi(lesson: catalog.Lesson, **kwargs: object) -> servers.Server:
    return start_server(lambda port: servers.uvicorn_spec(lesson.folder, port, **kwargs))  # type: ignore[arg-type]


def start_twin(lesson: catalog.Lesson, node_bin: str, modules: Path, stack: stacks.Stack = stacks.DEFAULT) -> servers.Server:
    """The lesson's twin for `stack` (the default stack unless told), live."""
    return start_server(lambda port: servers.node_spec(stack, lesson.twin_folder(stack.id), port, node_bin, modules,
                                                       node_args=lesson.node_args_for(stack.id)))


@pytest.fixture(scope="module", ids=lesson_ids(),
                params=[pytest.param(lesson, marks=pytest.mark.xdist_group(f"pair-{lesson.slug}")) for lesson in LESSONS])
def live_set(request: pytest.FixtureRequest, node_binary: str,
             stack_modules: dict[str, Path]) -> Iterator[tuple[catalog.Lesson, servers.Server, dict[str, servers.Server]]]:
    """Every server of one lesson (FastAPI, and its twin for each stack it has), live for the tests of that lesson
    (kept on one xdist worker, started once)."""
    lesson: catalog.Lesson = request.param
    fa = start_fastapi(lesson)
    twins: dict[str, servers.Server] = {}
    try:
        for stack in stacks.ALL:
            if lesson.has_twin(stack.id):
                twins[stack.id] = start_twin(lesson, node_binary, stack_modules[stack.id], stack)
    except BaseException:
        servers.stop_and_clean([fa, *twins.values()])
        raise
    yield lesson, fa, twins
    servers.stop_and_clean([fa, *twins.values()])


def import_lesson_app(lesson: catalog.Lesson):  # type: ignore[no-untyped-def]
    """Import a lesson's main.py under a unique module name (they are all called main).

    Modules it imports from its own folder (a package like `app/`) are dropped from
    sys.modules afterwards, so two lessons with a package of the same name never share one.
    """
    name = f"lesson_{lesson.slug.replace('-', '_')}"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, lesson.main_py)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    before = set(sys.modules)
    sys.path.insert(0, str(lesson.folder))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(lesson.folder))
        for added in set(sys.modules) - before:
            file = getattr(sys.modules[added], "__file__", None)
            if file and Path(file).resolve().is_relative_to(lesson.folder.resolve()):
                del sys.modules[added]
    return module


@pytest.fixture
def marked(monkeypatch: pytest.MonkeyPatch) -> str:
    """An environment mark every process started from now on inherits (see helpers.leftovers)."""
    import uuid

    from .helpers import MARK

    value = uuid.uuid4().hex
    monkeypatch.setenv(MARK, value)
    return value


@pytest.fixture
def tutor_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "tutor-home"
    monkeypatch.setenv("TUTOR_HOME", str(home))
    return home
