"""runtime/processes.py against real processes: groups, trees, liveness, memory, sockets, start times.

A process's start time is the one thing with a Linux-only path (/proc). The `mode`
fixture runs it both ways, the second with TUTOR_FORCE_PORTABLE=1, the path macOS
and Windows take. Liveness, memory, trees and listening sockets have one path on every
system (psutil), which these tests run as it is; killing a tree is how Windows stops
a server, run here on Linux.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil
import pytest

from fastapi_uvicorn_tutor.runtime import ports, processes, servers

from ..conftest import LESSONS, start_fastapi

TREE = """\
import os, signal, subprocess, sys, time
depth, out, how = int(sys.argv[1]), sys.argv[2], sys.argv[3]
if how == "ignore-term":
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
held = b"x" * (64 << 20) if how == "alloc" and depth == 0 else b""
if how == "listen" and depth == 0:  # only the deepest process listens, on a port of its choosing
    import socket
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    with open(out + ".port", "w") as f:
        f.write(str(sock.getsockname()[1]))
with open(out, "a") as f:  # before the child starts: the file lists the root first, the leaf last
    f.write(f"{os.getpid()}\\n")
if depth:
    subprocess.Popen([sys.executable, __file__, str(depth - 1), out, how])
time.sleep(120)
"""


def eventually(check: Callable[[], bool], within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@pytest.fixture
def spawn_tree(tmp_path: Path) -> Iterator[Callable[..., tuple[subprocess.Popen[bytes], list[int]]]]:
    """Start `python tree.py`: a process with `depth` generations below it, leading its own group."""
    script = tmp_path / "tree.py"
    script.write_text(TREE)
    started: list[subprocess.Popen[bytes]] = []

    def spawn(depth: int = 2, how: str = "plain") -> tuple[subprocess.Popen[bytes], list[int]]:
        out = tmp_path / f"pids-{len(started)}"
        proc = subprocess.Popen([sys.executable, str(script), str(depth), str(out), how], **processes.new_group())
        started.append(proc)

        def written() -> list[int]:
            try:
                return [int(line) for line in out.read_text().split()]
            except (OSError, ValueError):
                return []

        assert eventually(lambda: len(written()) == depth + 1, 30), "the tree did not start"
        return proc, written()

    yield spawn
    for proc in started:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


@pytest.fixture(params=["exact", "portable"])
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "portable":
        monkeypatch.setenv(processes.PORTABLE_ENV, "1")
    else:
        monkeypatch.delenv(processes.PORTABLE_ENV, raising=False)
    return str(request.param)


def test_a_new_group_is_led_by_the_child(spawn_tree) -> None:  # type: ignore[no-untyped-def]
    proc, pids = spawn_tree(depth=1)
    assert os.getpgid(proc.pid) == proc.pid
    assert all(os.getpgid(pid) == proc.pid for pid in pids), "the child's children share its group"
    assert os.getpgid(proc.pid) != os.getpgrp()


def test_tree_lists_every_descendant_and_kill_tree_ends_them_all(spawn_tree) -> None:  # type: ignore[no-untyped-def]
    proc, pids = spawn_tree(depth=2)
    assert sorted(p.pid for p in processes.tree(proc.pid)) == sorted(pids)
    assert [p.pid for p in processes.tree(pids[-1])] == [pids[-1]], "a leaf is a tree of one"
    processes.kill_tree(proc.pid)
    assert proc.wait(timeout=10) == -signal.SIGKILL
    assert eventually(lambda: not any(processes.pid_alive(pid) for pid in pids)), "a descendant survived"
    assert processes.tree(proc.pid) == []


def test_a_group_is_asked_to_stop_then_killed(spawn_tree) -> None:  # type: ignore[no-untyped-def]
    polite, polite_pids = spawn_tree(depth=1)
    assert processes.group_alive(polite.pid)
    processes.terminate_group(polite.pid)
    assert polite.wait(timeout=10) == -signal.SIGTERM
    assert eventually(lambda: not any(processes.pid_alive(pid) for pid in polite_pids))

    stubborn, stubborn_pids = spawn_tree(depth=1, how="ignore-term")
    processes.terminate_group(stubborn.pid)
    time.sleep(0.3)
    assert all(processes.pid_alive(pid) for pid in stubborn_pids), "SIGTERM was ignored, as asked"
    assert processes.group_alive(stubborn.pid)
    processes.kill_group(stubborn.pid)
    assert stubborn.wait(timeout=10) == -signal.SIGKILL
    assert eventually(lambda: not any(processes.pid_alive(pid) for pid in stubborn_pids))
    processes.kill_group(stubborn.pid)  # a group that is gone: nothing to do, no error
    processes.terminate_group(stubborn.pid)


def test_liveness_counts_a_zombie_as_gone() -> None:
    assert processes.pid_alive(os.getpid())
    assert not processes.pid_alive(2**22 + 12345)  # above any pid_max
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        assert processes.pid_alive(child.pid)
        child.kill()
        assert eventually(lambda: psutil.Process(child.pid).status() == psutil.STATUS_ZOMBIE)
        assert not processes.pid_alive(child.pid), "killed but not reaped yet: a zombie"
    finally:
        child.kill()
        child.wait()
    assert not processes.pid_alive(child.pid)


def test_tree_memory_sums_every_process(spawn_tree) -> None:  # type: ignore[no-untyped-def]
    proc, pids = spawn_tree(depth=1, how="alloc")  # the leaf holds 64 MiB
    alone = psutil.Process(proc.pid).memory_info().rss
    total = processes.tree_rss_bytes(proc.pid)
    assert total is not None and total >= alone + 60 * 2**20
    assert processes.tree_rss_bytes(2**22 + 12345) is None


def test_start_time_is_when_the_process_began(mode: str) -> None:
    before = time.time()
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    after = time.time()
    try:
        born = processes.process_started_at(child.pid)
        assert born is not None
        if mode == "portable":
            assert born == psutil.Process(child.pid).create_time(), "the portable path is psutil's"
            assert before - 1.05 <= born <= after, "psutil may be early (by up to a second), never late"
        else:
            assert before - 0.03 <= born <= after + 0.03, "/proc is exact to the clock tick"
    finally:
        child.kill()
        child.wait()
    assert processes.process_started_at(child.pid) is None


def test_listening_sockets_are_found_in_the_servers_tree(spawn_tree) -> None:  # type: ignore[no-untyped-def]
    server = start_fastapi(LESSONS[0], reload=True)  # the reloader holds the socket; its worker serves
    try:
        port = server.spec.port
        assert processes.listens_on(server.proc.pid, port) is True
        assert processes.listens_on(server.proc.pid, ports.pick_port(None, {port})) is False
        other, _ = spawn_tree(depth=0)
        assert processes.listens_on(other.pid, port) is False, "not the server's tree"
        assert processes.listens_on(2**22 + 12345, port) is False
    finally:
        servers.stop_and_clean([server])


def test_a_socket_held_by_a_descendant_counts(spawn_tree, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    proc, pids = spawn_tree(depth=2, how="listen")
    port = int(next(tmp_path.glob("pids-*.port")).read_text())
    assert processes.listens_on(pids[-1], port) is True
    assert processes.listens_on(proc.pid, port) is True, "found two generations down"
    assert processes.listens_on(proc.pid, port + 1 if port < 65535 else port - 1) is False


def test_stop_signals_are_the_ones_this_system_has() -> None:
    names = {sig.name for sig in processes.stop_signals()}
    assert {"SIGINT", "SIGTERM"} <= names
    assert ("SIGHUP" in names) == hasattr(signal, "SIGHUP") and ("SIGBREAK" in names) == hasattr(signal, "SIGBREAK")
