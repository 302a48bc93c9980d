"""What the learner reads when a lesson sets app_label/docs (02) or [show_files] (28): the
real `tutor goto` and `tutor show`, servers started and stopped for real."""

from __future__ import annotations

from pathlib import Path

from fastapi_uvicorn_tutor.course import catalog

from ..helpers import invoke_tutor, kill_leftovers, leftovers, run_tutor


def test_goto_2_calls_the_python_side_an_asgi_app_everywhere(tmp_path: Path, node_binary: str, node_modules: Path,
                                                             marked: str) -> None:
    result = run_tutor(tmp_path / "home", "goto", "2", "--no-predict", COLUMNS="160")
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "ASGI app  $ cd " in out  # the servers' commands
    assert "ASGI app · lessons/02-asgi-by-hand/main.py" in out
    assert out.count("╭─ ASGI app (Uvicorn) · ") == len(catalog.find_lesson(catalog.load_catalog(), "2").demos)
    assert "FastAPI (Uvicorn)" not in out and "FastAPI · " not in out
    left = leftovers(marked, within=5)
    kill_leftovers(left)
    assert left == []


def test_show_28_shows_the_app_package_and_the_twins_routes(tmp_path: Path) -> None:
    result = invoke_tutor(tmp_path / "home", "show", "26", COLUMNS="200")
    assert result.returncode == 0, result.stdout + result.stderr
    for path in ("lessons/26-bigger-applications/app/routers/users.py", "26-bigger-applications/app/dependencies.py",
                 "26-bigger-applications/routes/users.js", "26-bigger-applications/middleware/requireToken.js"):
        assert path in result.stdout, path
    show_2 = invoke_tutor(tmp_path / "home", "show", "2", COLUMNS="160")
    assert "ASGI app · lessons/02-asgi-by-hand/main.py" in show_2.stdout


def test_goto_28_shows_them_too(tmp_path: Path, node_binary: str, node_modules: Path, marked: str) -> None:
    result = run_tutor(tmp_path / "home", "goto", "26", "--no-predict", COLUMNS="200")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "app/routers/items.py" in result.stdout and "26-bigger-applications/routes/items.js" in result.stdout
    left = leftovers(marked, within=5)
    kill_leftovers(left)
    assert left == []
