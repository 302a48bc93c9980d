"""runtime/servers.py: waiting for every worker of a server (bench's workers runs, the serving demo)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from fastapi_uvicorn_tutor.runtime import servers

# Two "workers" say they are ready, a moment apart; then the process idles until stopped.
TWO_WORKERS = "import time; print('Ready one', flush=True); time.sleep(0.3); print('READY two', flush=True); time.sleep(60)"


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
