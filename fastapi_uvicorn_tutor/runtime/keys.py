"""One key from the learner's terminal, without waiting for Enter.

    key = read_key(ask)   # ask() shows the question; then "2", "\\r" (Enter), "" (end of input)

On POSIX the terminal goes into cbreak mode for the read (no echo, no line editing;
Ctrl-C still sends SIGINT, so runtime/interrupts.py stops the lesson as anywhere else)
and back to what it was afterwards, whatever happens. Keys typed before the question
was asked are dropped first: a stray Enter pressed during the demo must not answer it.
`ask` runs after that and before the read, so a key pressed the moment the question
shows is never dropped with them.
On Windows, msvcrt reads the key. Nothing here prints.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable


def read_key(ask: Callable[[], None] = lambda: None) -> str:
    """Drop what was typed so far, call `ask`, then return the next key pressed on stdin (a
    terminal) as text: "\\x1b" for an escape sequence, "?" for a non-ASCII key, "" at end of input."""
    if sys.platform == "win32":
        import msvcrt

        while msvcrt.kbhit():  # what was typed before the question
            msvcrt.getwch()
        ask()
        key = msvcrt.getwch()
        if key in ("\x00", "\xe0"):  # a function or arrow key: two codes, neither an answer
            msvcrt.getwch()
            return "\x1b"
        if key == "\x03":
            raise KeyboardInterrupt
        return key
    import termios
    import tty

    fd = sys.stdin.fileno()
    before = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)
        termios.tcflush(fd, termios.TCIFLUSH)
        ask()
        data = os.read(fd, 1)
        if data[:1] == b"\x1b" or data[:1] >= b"\x80":  # an escape sequence or a multi-byte character: drop the rest
            termios.tcflush(fd, termios.TCIFLUSH)
            return "\x1b" if data[:1] == b"\x1b" else "?"
        return data.decode("ascii", errors="replace")
    finally:
        termios.tcsetattr(fd, termios.TCSAFLUSH, before)
