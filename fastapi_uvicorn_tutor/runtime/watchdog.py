"""Kill the tutor's servers if the tutor dies without stopping them.

Started once per tutor process, in its own session, reading process-group ids from
stdin, one per line (`PGID`, or `PGID LOGFILE` for a server with a temporary log;
`-PGID` when the tutor stopped that group itself). When stdin reaches end of file
(the tutor exited, crashed or was SIGKILLed: the kernel closes the pipe either way)
it asks every group it was told about to stop, waits briefly, then kills what is
left and removes their logs. Uvicorn's reload supervisor and its worker share one
group, so both go. How a group is asked and killed on each system: runtime/processes.py.

Kept free of imports beyond the standard library and processes.py (which loads psutil
only on Windows, to kill process trees) so it starts in milliseconds.
"""

from __future__ import annotations

import os
import signal
import sys
import time

from fastapi_uvicorn_tutor.runtime import processes


def reap(groups: set[int], grace: float = 1.0) -> None:
    """Ask each group to stop, then kill whatever still runs after `grace` seconds."""
    for pgid in groups:
        processes.terminate_group(pgid)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(processes.group_alive(g) for g in groups):
        time.sleep(0.05)
    for pgid in groups:
        processes.kill_group(pgid)


def main() -> None:
    for sig in processes.stop_signals():
        signal.signal(sig, signal.SIG_IGN)
    groups: dict[int, str] = {}  # pgid -> its log file ("" when none)
    for line in sys.stdin:
        word, _, log = line.rstrip("\n").partition(" ")
        if word.startswith("-") and word[1:].isdigit():
            groups.pop(int(word[1:]), None)  # stopped cleanly by the tutor (it removes its own logs)
        elif word.isdigit():
            groups[int(word)] = log
    reap(set(groups))
    for log in groups.values():
        if log:
            try:
                os.unlink(log)
            except OSError:
                pass


if __name__ == "__main__":
    main()
