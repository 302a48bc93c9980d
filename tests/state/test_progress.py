"""state/progress.py under concurrency: tutors updating progress at once never lose a mark."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

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
