"""Loopback ports for the tutor's servers: free or not, and claimed so two tutors never share one.

A port is picked here and bound by a child server a moment later; between the two, another
tutor started at the same time could pick it too. Each pick is therefore claimed with a lock
file per port (runtime/servers.py releases it when the server on it stops; the system drops it
when this process exits, even on SIGKILL). Nothing here prints.
"""

from __future__ import annotations

import socket
import sys
import tempfile
from pathlib import Path

from fastapi_uvicorn_tutor.state import locks

HOST = "127.0.0.1"


def port_is_free(port: int, host: str = HOST) -> bool:
    """Whether a server could listen on `port` now. As Uvicorn and Node do, SO_REUSEADDR (POSIX): a
    port whose last connections are in TIME_WAIT after its server stopped is free for the next one."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        if sys.platform != "win32":  # there SO_REUSEADDR would let a bind steal a port in use
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


_CLAIMS: dict[int, locks.Held] = {}  # port -> the lock this tutor holds on it


def _claim(port: int) -> bool:
    """Hold a per-port lock so two tutors started together never both pick this port.

    The lock is held until the server on it stops, or this process exits (the system
    drops it then, even on SIGKILL); the lock file is an empty file in the temp folder.
    """
    if port in _CLAIMS:
        return False
    held = locks.try_lock(Path(tempfile.gettempdir()) / f"fastapi-uvicorn-tutor-port-{port}.lock")
    if held is None:
        return False
    _CLAIMS[port] = held
    return True


def release_port(port: int) -> None:
    held = _CLAIMS.pop(port, None)
    if held is not None:
        held.release()


def pick_port(preferred: int | None, avoid: set[int] = frozenset()) -> int:  # type: ignore[assignment]
    """`preferred` when free (and no other tutor is about to use it), else any free loopback port,
    claimed too: the system may hand the same free port to two tutors asking a moment apart."""
    if preferred and preferred not in avoid and port_is_free(preferred) and _claim(preferred):
        if port_is_free(preferred):
            return preferred
        release_port(preferred)
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind((HOST, 0))
            port = sock.getsockname()[1]
        if port not in avoid and _claim(port):
            return port
