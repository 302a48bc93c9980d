"""Processes the same way on every system: groups and signals, liveness, memory,
listening sockets and start times. The rest of the engine calls these and touches
neither os.killpg nor /proc itself.

psutil does the work. Linux's /proc is read for one thing only, a
process's start time, because psutil's is early there (it counts from a boot time
rounded down to the second: 0.6 s early on the machine this was written on) and
`tutor check` compares that time with file mtimes. `TUTOR_FORCE_PORTABLE=1` turns
the /proc reader off, so Linux takes the path macOS and Windows take; the tests use it.

A server is started as the leader of a process group of its own. POSIX: a new
session (Ctrl-C in the terminal reaches the tutor, not its servers), stopped with
SIGTERM then SIGKILL to the whole group, so a reloader's worker goes too.
Windows (not tested): CREATE_NEW_PROCESS_GROUP; CTRL_BREAK_EVENT asks the group to
stop, and psutil kills the process tree that is left. Signals a system lacks are
never named on it.

psutil is imported inside the functions that need it: the CLI and the watchdog start
without it.
"""

from __future__ import annotations

import os
import signal
import sys
import time

TYPE_CHECKING = False  # typing, subprocess and pathlib are left out: the watchdog imports this module
if TYPE_CHECKING:
    from typing import Any

    import psutil

PORTABLE_ENV = "TUTOR_FORCE_PORTABLE"


def portable_forced() -> bool:
    """`TUTOR_FORCE_PORTABLE=1`: take the path of systems without /proc, even on Linux."""
    return os.environ.get(PORTABLE_ENV) == "1"


# ----- process groups and signals ---------------------------------------------------------


def new_group() -> dict[str, Any]:
    """Popen keyword arguments that start the child as the leader of its own process group."""
    if sys.platform == "win32":
        import subprocess

        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    return {"start_new_session": True}


def terminate_group(leader: int) -> None:
    """Ask every process of `leader`'s group to stop (SIGTERM; CTRL_BREAK_EVENT on Windows)."""
    if sys.platform == "win32":
        try:
            os.kill(leader, signal.CTRL_BREAK_EVENT)
        except OSError:  # no console shared with the group: nothing can be asked, only ended
            kill_tree(leader)
    else:
        try:
            os.killpg(leader, signal.SIGTERM)
        except (ProcessLookupError, PermissionError):
            pass


def kill_group(leader: int) -> None:
    """End every process of `leader`'s group now (SIGKILL; the process tree on Windows)."""
    if sys.platform == "win32":
        kill_tree(leader)
    else:
        try:
            os.killpg(leader, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def group_alive(leader: int) -> bool:
    """Is any process of `leader`'s group still there (on Windows: of its process tree)?"""
    if sys.platform == "win32":
        return bool(tree(leader))
    try:
        os.killpg(leader, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stop_signals() -> list[signal.Signals]:
    """The signals that ask a process to stop (or say its terminal closed) on this system."""
    names = ("SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK")  # SIGHUP: POSIX only; SIGBREAK: Windows only
    return [sig for name in names if (sig := getattr(signal, name, None)) is not None]


# ----- processes, through psutil ------------------------------------------------------------


def tree(pid: int) -> list[psutil.Process]:
    """The process `pid` and all its descendants still running (zombies left out); [] if it is gone."""
    import psutil

    try:
        root = psutil.Process(pid)
        found = [root, *root.children(recursive=True)]
    except psutil.Error:
        return []
    alive = []
    for proc in found:
        try:
            if proc.status() != psutil.STATUS_ZOMBIE:
                alive.append(proc)
        except psutil.Error:
            continue
    return alive


def kill_tree(pid: int) -> None:
    """Kill the process `pid` and every descendant (how Windows stops a server's group)."""
    import psutil

    for proc in tree(pid):
        try:
            proc.kill()
        except psutil.Error:
            continue


def pid_alive(pid: int) -> bool:
    """Is the process `pid` running (a zombie counts as gone)?"""
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.AccessDenied:
        return True  # someone else's process, but it is there
    except psutil.Error:
        return False


def tree_rss_bytes(pid: int) -> int | None:
    """Resident memory summed over the process `pid` and its descendants (None if none is found)."""
    import psutil

    total, found = 0, False
    for proc in tree(pid):
        try:
            total += proc.memory_info().rss
            found = True
        except psutil.Error:
            continue
    return total if found else None


def listens_on(pid: int, port: int) -> bool | None:
    """Does the process `pid`, or one of its descendants, hold the TCP socket listening on `port`?

    None when the system would not say (another user's process, say).
    """
    import psutil

    def holds(proc: psutil.Process) -> bool | None:
        try:
            sockets = proc.net_connections(kind="tcp")
        except psutil.AccessDenied:
            return None
        except psutil.Error:
            return False
        return any(s.status == psutil.CONN_LISTEN and s.laddr and s.laddr.port == port for s in sockets)

    try:
        root = psutil.Process(pid)
    except psutil.Error:
        return False
    # The server's first process holds the socket (Uvicorn's reloader binds it for its
    # worker); asking it alone first spares a walk over every process on the system.
    answers = [holds(root)]
    if answers[0]:
        return True
    for proc in tree(pid):
        if proc.pid == pid:
            continue
        answers.append(holds(proc))
        if answers[-1]:
            return True
    return None if None in answers else False


def preload() -> None:
    """Import psutil now (tens of milliseconds), while servers boot, not when they answer."""
    import psutil  # noqa: F401


def process_started_at(pid: int) -> float | None:
    """When the process `pid` started, in wall-clock seconds (None if it is gone).

    Linux: read from /proc, exact to the clock tick (10 ms). Elsewhere, or with
    `TUTOR_FORCE_PORTABLE=1`: psutil's create_time, a weaker promise. On macOS and
    Windows it is the kernel's own record, but a clock step (NTP) since can shift it;
    on Linux it is up to a second early. Early only makes `tutor check` start its own
    server where it could have reused `tutor watch`'s; it never makes it trust a stale one.
    """
    if sys.platform == "linux" and not portable_forced():
        exact = _proc_started_at(pid)
        if exact is not None:
            return exact
    import psutil

    try:
        return psutil.Process(pid).create_time()
    except psutil.Error:
        return None


def _proc_started_at(pid: int) -> float | None:
    if sys.platform == "linux":
        try:
            with open(f"/proc/{pid}/stat", encoding="utf-8", errors="replace") as stat_file:
                stat = stat_file.read()
            with open("/proc/uptime", encoding="ascii") as uptime_file:
                uptime = float(uptime_file.read().split()[0])
            ticks = int(stat.rsplit(")", 1)[1].split()[19])
            return time.time() - (uptime - ticks / os.sysconf("SC_CLK_TCK"))
        except (OSError, ValueError, IndexError):
            return None
    return None
