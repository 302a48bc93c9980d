"""runtime/servers.py: port claims between tutors, and a server's proof that its port is its own.

Real processes and real ports: two processes pick the same preferred port at the same
moment; a real Uvicorn holds a port that an impostor must not count as its own.

runtime/servers.py: waiting for every worker of a server (bench's workers runs, the serving demo).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from fastapi_uvicorn_tutor.runtime import ports, servers

from ..conftest import LESSONS, start_fastapi

PICKER = """\
import sys, time
from pathlib import Path
from fastapi_uvicorn_tutor.runtime import ports
preferred, go = int(sys.argv[1]), Path(sys.argv[2])
print("ready", flush=True)
while not go.exists():
    time.sleep(0.001)
print(ports.pick_port(preferred), flush=True)
sys.stdin.read()  # hold the claim until told to exit
"""

# Two "workers" say they are ready, a moment apart; then the process idles until stopped.
TWO_WORKERS = "import time; print('Ready one', flush=True); time.sleep(0.3); print('READY two', flush=True); time.sleep(60)"


def free_port() -> int:
    port = ports.pick_port(None)
    ports.release_port(port)
    return port


def pickers(tmp_path: Path, preferred: int, count: int) -> list[subprocess.Popen[str]]:
    """`count` processes that all call pick_port(preferred) the moment a file appears."""
    go = tmp_path / f"go-{preferred}"
    procs = [subprocess.Popen([sys.executable, "-c", PICKER, str(preferred), str(go)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True) for _ in range(count)]
    for proc in procs:  # every picker has imported the tutor and waits for the start signal
        assert proc.stdout is not None and proc.stdout.readline() == "ready\n"
    go.touch()
    return procs


def test_tutors_started_together_never_pick_the_same_default_port(tmp_path: Path) -> None:
    for _ in range(3):
        preferred = free_port()
        procs = pickers(tmp_path, preferred, 3)
        try:
            chosen = [int(proc.stdout.readline()) for proc in procs]  # type: ignore[union-attr]
            assert len(set(chosen)) == 3, f"two tutors picked the same port: {chosen}"
            assert chosen.count(preferred) == 1, f"exactly one tutor gets the default port: {chosen}"
            holder = procs[chosen.index(preferred)]
            # The claim lasts as long as its holder: while it runs, this process cannot claim the port either.
            assert ports.pick_port(preferred) != preferred
            holder.kill()  # even a SIGKILLed tutor leaves no claim behind
            holder.wait()
            assert ports.pick_port(preferred) == preferred
            ports.release_port(preferred)
        finally:
            for proc in procs:
                proc.kill()
                proc.wait()


def test_a_claim_is_held_until_released_in_this_process_too() -> None:
    port = free_port()
    assert ports.pick_port(port) == port
    try:
        assert ports.pick_port(port) != port, "the port is this tutor's already"
    finally:
        ports.release_port(port)
    assert ports.pick_port(port) == port
    ports.release_port(port)


def test_a_server_never_takes_anothers_listener_for_its_own() -> None:
    real = start_fastapi(LESSONS[0])
    impostor = servers.launch(servers.ServerSpec("FastAPI", [sys.executable, "-c", "import time; time.sleep(60)"],
                                                 Path.cwd(), real.spec.port, "sleep"))
    try:
        assert servers.owns_port(real)
        assert not servers.owns_port(impostor), "the port answers, but not from the impostor's processes"
        with pytest.raises(servers.ServerFailed, match="did not answer"):
            servers.wait_ready([impostor], timeout=1.5)
    finally:
        servers.stop_and_clean([real, impostor])


def _launch(code: str) -> servers.Server:
    return servers.launch(servers.ServerSpec("probe", [sys.executable, "-c", code], Path.cwd(), 0, "probe"))


def test_wait_workers_returns_once_every_worker_said_ready() -> None:
    server = _launch(TWO_WORKERS)
    try:
        assert servers.wait_workers(server, "ready", 2, timeout=30) == 2  # any case
        assert server.running
    finally:
        servers.stop_and_clean([server])


def test_wait_workers_gives_up_at_the_timeout_with_the_count_so_far() -> None:
    server = _launch(TWO_WORKERS)
    try:
        began = time.monotonic()
        assert servers.wait_workers(server, "ready", 3, timeout=1.0) == 2
        assert time.monotonic() - began >= 1.0
    finally:
        servers.stop_and_clean([server])


def test_wait_workers_stops_waiting_when_the_server_exits() -> None:
    server = _launch("print('ready once')")
    try:
        began = time.monotonic()
        assert servers.wait_workers(server, "ready", 2, timeout=30) == 1
        assert time.monotonic() - began < 20 and not server.running
    finally:
        servers.stop_and_clean([server])


def test_a_port_in_time_wait_is_free_and_a_listening_one_is_not() -> None:
    """After a server stops, its port's last connections linger in TIME_WAIT for a minute; Uvicorn
    and Node bind it again at once (SO_REUSEADDR), so the tutor must not call it busy and move away."""
    import socket

    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((servers.HOST, 0))
    listener.listen()
    port = listener.getsockname()[1]
    assert not ports.port_is_free(port)  # a server is listening there
    client = socket.create_connection((servers.HOST, port))
    accepted, _ = listener.accept()
    accepted.close()  # the server side closes first: its end goes to TIME_WAIT
    client.recv(1)
    client.close()
    listener.close()
    assert ports.port_is_free(port)
