"""state/progress.py under concurrency: tutors updating progress at once never lose a mark.

The progress file: saving, loading and the order lessons come in.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fastapi_uvicorn_tutor.state import files, progress

MARKER = """\
import sys
from pathlib import Path
from fastapi_uvicorn_tutor.state import progress
folder, who = Path(sys.argv[1]), sys.argv[2]
known = [f"{w}-{n:02d}" for w in "abc" for n in range(25)]
for slug in (s for s in known if s.startswith(who)):
    progress.update(known, lambda p, slug=slug: p.mark_done(slug), folder)
"""


def test_concurrent_updates_keep_every_mark(tmp_path: Path) -> None:
    # Each update reads, changes and rewrites the whole file; without the lock one
    # tutor's write would drop marks the other made in between.
    procs = [subprocess.Popen([sys.executable, "-c", MARKER, str(tmp_path), who]) for who in ("a", "b", "c")]
    assert [proc.wait(timeout=120) for proc in procs] == [0, 0, 0]
    done = json.loads((tmp_path / "progress.json").read_text())["done"]
    assert sorted(done) == sorted(f"{who}-{n:02d}" for who in "abc" for n in range(25))


def test_a_failed_save_leaves_no_temp_file_and_keeps_the_old_progress(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = progress.Progress()
    first.mark_done("01-a")
    progress.save(first, tmp_path)
    before = (tmp_path / progress.FILE_NAME).read_text()

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(files.os, "fsync", disk_full)  # the one atomic write, used by progress.save
    second = progress.Progress()
    second.mark_done("02-b")
    with pytest.raises(progress.StateDirError, match="No space left"):
        progress.save(second, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [progress.FILE_NAME]
    assert (tmp_path / progress.FILE_NAME).read_text() == before


# What `tutor` wrote before lessons were renumbered (format 1, as save() writes it): lessons
# 01-02 finished, 03-04 skipped, and lesson 05 (request body) the one the learner is on.
WRITTEN_BEFORE_RENUMBERING = """\
{
  "current": "05-request-body",
  "done": {
    "01-chef-and-waiter": "2026-11-20T10:00:00+0000",
    "02-asgi-by-hand": "2026-11-20T10:20:00+0000"
  },
  "skipped": {
    "03-path-parameters": "2026-11-20T10:21:00+0000",
    "04-query-parameters": "2026-11-20T10:21:30+0000"
  },
  "version": 1
}
"""


def test_progress_from_before_a_renumbering_follows_each_lesson_and_next_does_not_go_back(tmp_path: Path) -> None:
    from fastapi_uvicorn_tutor.course import catalog, slugs

    (tmp_path / "progress.json").write_text(WRITTEN_BEFORE_RENUMBERING, encoding="utf-8")
    known = [lesson.slug for lesson in catalog.load_catalog()]
    today = {slugs.name_of(slug): slug for slug in known}
    state = progress.update(known, lambda p: None, tmp_path)  # as the first tutor after an upgrade does
    assert state.done.keys() == {today["chef-and-waiter"], today["asgi-by-hand"]}
    assert state.skipped.keys() == {today["path-parameters"], today["query-parameters"]}
    assert state.done[today["asgi-by-hand"]] == "2026-11-20T10:20:00+0000"
    assert state.next_pending(known) == today["request-body"]
    again = progress.load(known, tmp_path)  # saved under today's slugs: nothing more to carry over
    assert (again.done, again.skipped, again.current) == (state.done, state.skipped, state.current)
    assert again.warnings == [] and not again.renumbered


def test_a_lesson_added_behind_the_learner_is_named_once_and_not_forced_on_them(tmp_path: Path) -> None:
    (tmp_path / "progress.json").write_text(WRITTEN_BEFORE_RENUMBERING, encoding="utf-8")
    known = ["01-chef-and-waiter", "02-asgi-by-hand", "03-python-for-javascript-developers",
             "04-path-parameters", "05-query-parameters", "06-request-body", "07-pydantic-in-depth"]
    state = progress.load(known, tmp_path)
    assert state.current == "06-request-body"
    assert state.next_pending(known) == "06-request-body"
    assert state.warnings == [] and state.renumbered
    assert state.added_behind == ["03-python-for-javascript-developers"]  # not 07: `tutor next` reaches it in order


def test_scores_and_a_workspace_from_an_older_numbering_follow_their_lesson(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fastapi_uvicorn_tutor.state import scores, workspace

    monkeypatch.setenv("TUTOR_HOME", str(tmp_path))
    old = workspace.root() / "03-path-parameters"
    old.mkdir(parents=True)
    (old / "main.py").write_text("# the learner's work\n", encoding="utf-8")
    folder = workspace.folder_for("04-path-parameters")
    assert folder.name == "04-path-parameters" and not old.exists()
    assert (folder / "main.py").read_text(encoding="utf-8") == "# the learner's work\n"

    scores.record("03-path-parameters", "GET /items/abc", True, tmp_path)
    assert scores.load(tmp_path).tally("04-path-parameters") == (1, 1)
    scores.record("04-path-parameters", "GET /items/0", False, tmp_path)
    assert scores.load(tmp_path).lessons == {"04-path-parameters": {"GET /items/abc": True, "GET /items/0": False}}
    # An older file still holding the old slug beside today's: today's (the learner's latest) wins.
    (tmp_path / "scores.json").write_text(json.dumps({"version": 1, "lessons": {
        "03-path-parameters": {"GET /items/abc": True}, "04-path-parameters": {"GET /items/abc": False}}}), encoding="utf-8")
    scores.record("04-path-parameters", "GET /items/0", True, tmp_path)
    assert scores.load(tmp_path).lessons == {"04-path-parameters": {"GET /items/abc": False, "GET /items/0": True}}


def test_the_learner_is_told_once_with_titles_and_the_way_back(tmp_path: Path) -> None:
    """`tutor list` after the upgrade: one note naming the new lesson behind, then never again."""
    from ..helpers import invoke_tutor

    (tmp_path / "progress.json").write_text(WRITTEN_BEFORE_RENUMBERING, encoding="utf-8")
    first = invoke_tutor(tmp_path, "list")
    assert first.returncode == 0, first.stdout + first.stderr
    told = " ".join(first.stderr.split())
    assert "your progress moved with each lesson" in told
    assert "03 Python for JavaScript developers" in told and "tutor goto 3" in told
    assert "Warning" not in told
    again = invoke_tutor(tmp_path, "list")
    assert "progress moved" not in again.stderr
    saved = json.loads((tmp_path / "progress.json").read_text(encoding="utf-8"))
    assert saved["current"].endswith("-request-body") and saved["current"] != "05-request-body"
