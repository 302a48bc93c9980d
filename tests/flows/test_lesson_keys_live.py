"""What the learner reads when a lesson sets app_label/docs/[twin_label] (02) or [show_files] (28): the
real `tutor goto` and `tutor show`, servers started and stopped for real."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi_uvicorn_tutor.course import catalog, stacks

from ..helpers import invoke_tutor, kill_leftovers, leftovers, run_tutor


def test_goto_2_calls_the_python_side_an_asgi_app_everywhere(tmp_path: Path, node_binary: str, node_modules: Path,
                                                             marked: str) -> None:
    result = run_tutor(tmp_path / "home", "goto", "asgi-by-hand", "--no-predict", COLUMNS="160")
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert re.search(r"^ASGI app +\$ cd ", out, re.M)  # the servers' commands
    assert "ASGI app · lessons/02-asgi-by-hand/main.py" in out
    bare = catalog.find_lesson(catalog.load_catalog(), "asgi-by-hand")
    assert out.count("╭─ ASGI app (Uvicorn) · ") == len(bare.demos)
    assert "FastAPI (Uvicorn)" not in out and "FastAPI · " not in out
    # ... and its twin, bare Node, "Node http" ([twin_label]): only its folder keeps the stack's name
    assert re.search(r"^Node http +\$ cd .*node_equivalents/express/", out, re.M)
    assert f"Node http · node_equivalents/express/{bare.slug}/server.js" in out
    assert out.count("╭─ Node http (Node) · ") == len(bare.demos)
    assert "In Node http you" in out
    express = stacks.get("express")
    assert express.answer_title not in out and f"{express.title} · " not in out and f"In {express.label} you" not in out
    left = leftovers(marked, within=5)
    kill_leftovers(left)
    assert left == []


def test_show_28_shows_the_app_package_and_the_twins_routes(tmp_path: Path) -> None:
    result = invoke_tutor(tmp_path / "home", "show", "bigger-applications", COLUMNS="200")
    assert result.returncode == 0, result.stdout + result.stderr
    for path in ("lessons/26-bigger-applications/app/routers/users.py", "26-bigger-applications/app/dependencies.py",
                 "26-bigger-applications/routes/users.js", "26-bigger-applications/middleware/requireToken.js"):
        assert path in result.stdout, path
    show_2 = invoke_tutor(tmp_path / "home", "show", "asgi-by-hand", COLUMNS="160")
    assert "ASGI app · lessons/02-asgi-by-hand/main.py" in show_2.stdout


def test_goto_28_shows_them_too(tmp_path: Path, node_binary: str, node_modules: Path, marked: str) -> None:
    result = run_tutor(tmp_path / "home", "goto", "bigger-applications", "--no-predict", COLUMNS="200")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "app/routers/items.py" in result.stdout and "26-bigger-applications/routes/items.js" in result.stdout
    left = leftovers(marked, within=5)
    kill_leftovers(left)
    assert left == []
