"""runtime/workspace_server.py: the record `tutor watch` leaves for `tutor check`, and the reuse
it allows, on the portable path (TUTOR_FORCE_PORTABLE=1: start times from psutil, as on
macOS and Windows). tests/test_practice.py drives the same reuse on Linux's exact path.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from fastapi_uvicorn_tutor.course import exercises
from fastapi_uvicorn_tutor.runtime import ports, processes
from fastapi_uvicorn_tutor.runtime.workspace_server import RECORD, ServerRecord, clear_record, read_record, write_record

from ..conftest import LESSONS
from ..helpers import PtyTutor, kill_leftovers, run_tutor, wait_no_children

LESSON, EXERCISE = next((lesson, exercises.load_exercise(lesson)) for lesson in LESSONS if lesson.number >= 3
                        and (lesson.folder / "exercise").is_dir())


def test_a_record_lives_as_long_as_its_tutor_and_server(tmp_path: Path) -> None:
    log = tmp_path / "uvicorn.log"
    log.write_text("")
    server = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        record = ServerRecord(os.getpid(), server.pid, 8123, str(log), 3123)
        write_record(tmp_path, record)
        assert read_record(tmp_path) == record
        clear_record(tmp_path, owner=os.getpid() + 1)  # not ours to clear: a second watcher's
        assert read_record(tmp_path) == record
        server.kill()
        server.wait()
        assert read_record(tmp_path) is None, "its server is gone"
        assert not (tmp_path / RECORD).exists(), "a dead record is removed"
    finally:
        server.kill()
        server.wait()
    write_record(tmp_path, ServerRecord(2**22 + 12345, os.getpid(), 8123, str(log)))
    assert read_record(tmp_path) is None, "the tutor that wrote it is gone"
    write_record(tmp_path, ServerRecord(os.getpid(), os.getpid(), 8123, str(log)))
    clear_record(tmp_path, owner=os.getpid())
    assert not (tmp_path / RECORD).exists()
    (tmp_path / RECORD).write_text("{not json")
    assert read_record(tmp_path) is None


def test_check_reuses_the_watched_server_on_the_portable_path(tmp_path: Path) -> None:
    home = tmp_path / "home"
    portable = {processes.PORTABLE_ENV: "1"}
    folder = Path(run_tutor(home, "where", LESSON.slug).stdout.strip())
    assert (folder / "main.py").is_file()
    # The learner's last save was a while ago: psutil's start times may be early (up to a
    # second on Linux), which only ever refuses reuse right after a save, never allows a stale one.
    past = time.time() - 5
    for path in folder.rglob("*"):
        os.utime(path, (past, past))
    watch = PtyTutor(home, "watch", str(LESSON.number), "--no-twin", **portable)
    try:
        watch.read_until(r"checks pass", timeout=90)
        record = read_record(folder)
        assert record is not None
        check = run_tutor(home, "check", str(LESSON.number), "--no-twin", **portable)
        out = " ".join(check.stdout.split())
        assert check.returncode == 1 and "checks pass" in out, check.stdout + check.stderr  # the starter fails
        assert "keeps running" in out and f"--port {record.port}" in out, "check started a server of its own"
        watch.send("\x03")
        assert watch.wait(30) == 0
    finally:
        watch.close()
    left = wait_no_children(home, within=5)  # the README's promise: gone within 2 s (5 on a loaded machine)
    kill_leftovers(left)
    assert left == [], "a server outlived the tutor"
    assert ports.port_is_free(record.port)
