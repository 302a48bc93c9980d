"""A child server's log file, read whole, from an offset, or as it grows; and its last lines.

Servers write to a file (never a pipe that could fill up); the tutor reads it back
here. Undecodable bytes become U+FFFD: a log is shown, never parsed strictly.
"""

from __future__ import annotations

import codecs
from pathlib import Path


def last_lines(text: str, count: int) -> list[str]:
    """The last `count` lines of `text`, trailing blank lines left out."""
    return text.rstrip().splitlines()[-count:] if count > 0 else []


class LogFile:
    """One log file; a missing or unreadable file reads as empty."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._offset = 0
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

    def text(self) -> str:
        """Everything written so far."""
        return self.since(0)

    def since(self, offset: int) -> str:
        """What was written after the first `offset` bytes."""
        try:
            with open(self.path, "rb") as handle:
                handle.seek(offset)
                return handle.read().decode("utf-8", errors="replace")
        except OSError:
            return ""

    def size(self) -> int:
        """Bytes written so far (an offset for `since`)."""
        try:
            return self.path.stat().st_size
        except OSError:
            return 0

    def new_text(self) -> str:
        """What was written since the last call (a character split across calls comes whole)."""
        try:
            with open(self.path, "rb") as handle:
                handle.seek(self._offset)
                data = handle.read()
        except OSError:
            return ""
        self._offset += len(data)
        return self._decoder.decode(data)

    def tail(self, lines: int = 12) -> str:
        """The last `lines` lines, as one string."""
        return "\n".join(last_lines(self.text(), lines))
