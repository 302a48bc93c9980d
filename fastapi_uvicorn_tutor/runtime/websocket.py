"""Talk to a server over a WebSocket: the handshake, then one reply awaited per message sent.

The client is `websockets.sync.client` (the library `uvicorn[standard]` installs),
imported only when a socket opens. Failures come back in the result, never raised.
Used by the lesson's WebSocket demo (demos/websocket.py) and the exercises'
websocket checks (runtime/checks.py). Nothing here prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi_uvicorn_tutor.runtime import servers

TIMEOUT = 5.0


@dataclass(frozen=True)
class Handshake:
    """What a server answered to the opening handshake (101 when the socket opened)."""

    status: int = 0
    reason: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    error: str | None = None

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)

    @property
    def label(self) -> str:
        if self.error:
            return self.error
        return f"{self.status} {self.reason}".strip()


@dataclass(frozen=True)
class Conversation:
    """One socket to one server: the handshake, then one reply (or None) per message sent."""

    handshake: Handshake
    replies: tuple[str | None, ...] = ()
    error: str | None = None


def _connect(uri: str, timeout: float):  # type: ignore[no-untyped-def]
    from websockets.sync.client import connect

    try:
        # No proxy: these servers are on loopback, whatever HTTP_PROXY says.
        return connect(uri, open_timeout=timeout, close_timeout=timeout, proxy=None)
    except TypeError:  # websockets < 15 knows no proxies, so there is nothing to turn off
        return connect(uri, open_timeout=timeout, close_timeout=timeout)


def _error(exc: BaseException) -> str:
    return f"{exc.__class__.__name__}: {exc}" if str(exc) else exc.__class__.__name__


def _handshake_of(response: Any) -> Handshake:
    return Handshake(response.status_code, response.reason_phrase, tuple(response.headers.raw_items()),
                     bytes(response.body or b""))


def talk(port: int, path: str, messages: list[str], timeout: float = TIMEOUT) -> Conversation:
    """Open a WebSocket, send each message and wait for one reply to each; errors come back, never raised."""
    from websockets.exceptions import InvalidStatus

    uri = f"ws://{servers.HOST}:{port}{path}"
    replies: list[str | None] = []
    try:
        with _connect(uri, timeout) as socket:
            handshake = _handshake_of(socket.response)
            try:
                for text in messages:
                    socket.send(text)
                    got = socket.recv(timeout=timeout)
                    replies.append(got if isinstance(got, str) else got.decode("utf-8", errors="replace"))
            except Exception as exc:  # noqa: BLE001 - a timeout or a closed socket is what we report
                return Conversation(handshake, tuple(replies), _error(exc))
        return Conversation(handshake, tuple(replies))
    except InvalidStatus as exc:
        return Conversation(_handshake_of(exc.response))
    except Exception as exc:  # noqa: BLE001 - refused, reset, bad handshake: all shown to the learner
        return Conversation(Handshake(error=_error(exc)))


def handshake(port: int, path: str, timeout: float = TIMEOUT) -> Handshake:
    """Only the opening handshake (closing the socket at once if it opens)."""
    return talk(port, path, [], timeout).handshake
