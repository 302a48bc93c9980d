"""runtime/servers.py: a server's proof that its port is its own.

A real Uvicorn holds a port that an impostor must not count as its own.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from fastapi_uvicorn_tutor.runtime import servers

from ..conftest import LESSONS, start_fastapi


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
