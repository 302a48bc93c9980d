"""`tutor bench`: real servers under real load, the documented JSON shape, nothing left running.

The figures themselves are never asserted beyond "non-zero": this machine is shared
and timings are noise. Benchmarks that print ratios live in benchmarks/.
"""

from __future__ import annotations

import copy
import json
import re
import signal
import socket
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from rich.console import Console

from fastapi_uvicorn_tutor.cli import bench as bench_command
from fastapi_uvicorn_tutor.course import catalog, stacks
from fastapi_uvicorn_tutor.course.bench import plan, report
from fastapi_uvicorn_tutor.runtime import bench as measuring
from fastapi_uvicorn_tutor.runtime import servers
from fastapi_uvicorn_tutor.ui import bench as render_bench

from ..conftest import LESSONS, LOAD
from ..helpers import invoke_tutor, kill_leftovers, run_tutor, wait_no_children

LESSON_01 = catalog.find_lesson(LESSONS, "1")


def _port_closed(url: str) -> bool:
    port = urlsplit(url).port
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((servers.HOST, port)) != 0


def _group_members(pgid: int) -> list[int]:
    """Live (not zombie) processes in group `pgid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def _group_gone(pgid: int | None, within: float = 2.0) -> bool:
    """True once no live process is left in the group (killed workers take a moment to be reaped)."""
    assert pgid is not None
    deadline = time.monotonic() + within
    while _group_members(pgid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _sample_doc() -> dict:
    """A report as `--json` prints it, built without running anything."""
    fa = report.RunResult(plan.RunSpec("fastapi", "fastapi", "FastAPI", "/menu"), command="uvicorn main:app",
                         url="http://127.0.0.1:1/menu", requests_per_s=4000.0, requests=20000,
                         latency_ms={"p50": 2.0, "p99": 6.0, "mean": 2.1, "max": 40.0}, peak_rss_mb=50.0)
    ex = report.RunResult(plan.RunSpec("express", "express", "Express", "/menu"), command="PORT=2 node server.js",
                         url="http://127.0.0.1:2/menu", requests_per_s=8000.0, requests=40000,
                         latency_ms={"p50": 1.0, "p99": 3.0, "mean": 1.1, "max": 20.0}, peak_rss_mb=90.0)
    results = [fa, ex]
    ratios = report.compare(results)
    generator = {"name": "autocannon", "version": "9.0.0", "connections": 10, "duration_s": 5.0, "warmup_s": 1.0, "note": "n"}
    machine = {"cpus": 2, "platform": "Linux", "python": "3.11", "node": "v20", "uvicorn": "0.54.0",
               "fastapi": "0.165.0", **{sid: "5.0.0" for sid in stacks.IDS}}
    return report.BenchReport("01-chef-and-waiter", generator, machine, results, ratios, ["a note"]).to_json()


# --- pure parts -----------------------------------------------------------------------

def test_sample_report_fits_the_documented_shape() -> None:
    doc = _sample_doc()
    assert report.report_problems(doc) == []
    assert doc["runs"][0]["vs_express"] == 0.5
    assert all(f"vs_{sid}" in run for run in doc["runs"] for sid in stacks.IDS), "a vs_<stack> ratio per stack"
    odd = copy.deepcopy(doc)
    odd["runs"][1]["stack"] = "cobol"
    assert "run 'express' has stack 'cobol'" in report.report_problems(odd)
    assert doc["ratios"] == [{"name": "FastAPI / Express", "numerator": "fastapi", "denominator": "express",
                              "requests_per_s": 0.5}]
    json.dumps(doc)  # serialisable as printed


def test_report_problems_names_each_departure() -> None:
    doc = copy.deepcopy(_sample_doc())
    del doc["runs"][0]["latency_ms"]["p99"]
    doc["runs"][1]["requests_per_s"] = "fast"
    doc["extra"] = 1
    doc["ratios"][0]["denominator"] = "nobody"
    problems = report.report_problems(doc)
    assert "$.runs[0].latency_ms.p99 is missing" in problems
    assert "$.runs[1].requests_per_s has the wrong type (str)" in problems
    assert "$.extra is not in the documented shape" in problems
    assert any("names a run that is not in runs" in p for p in problems)


def test_the_cli_does_not_load_the_bench_machinery_until_bench_runs() -> None:
    heavy = ("fastapi_uvicorn_tutor.flows.bench", "fastapi_uvicorn_tutor.runtime.bench", "fastapi_uvicorn_tutor.runtime.load",
             "fastapi_uvicorn_tutor.course.bench.report", "fastapi", "uvicorn")
    code = ("import sys, fastapi_uvicorn_tutor.cli.app; "
            f"print(sorted(m for m in {heavy!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_documented_shape_is_in_the_docstring_and_the_help() -> None:
    doc = report.__doc__ or ""
    for key in report.SHAPE["runs"][0]:
        # The module documents one ratio per stack as "vs_<stack>"; the help lists each stack's by name.
        written = "vs_<stack>" if key in {f"vs_{sid}" for sid in stacks.IDS} else key
        assert f'"{written}"' in doc, key
        assert f'"{key}"' in bench_command.BENCH_HELP, key
    for key in report.SHAPE:
        assert f'"{key}"' in doc and f'"{key}"' in bench_command.BENCH_HELP, key


def test_plans_each_variant_once() -> None:
    V = bench_command.Variant
    assert [r.id for r in plan.plan_runs([V.stacks], "/menu", 2)] == ["fastapi", "express"]
    assert [r.id for r in plan.plan_runs([V.loop], "/m", 2)] == ["fastapi-uvloop-httptools", "fastapi-asyncio-h11", "express"]
    assert [r.id for r in plan.plan_runs([V.workers], "/m", 3)] == ["fastapi", "fastapi-w3", "express", "express-w3"]
    both = plan.plan_runs([V.stacks, V.workers, V.stacks], "/m", 2)
    assert len({r.id for r in both}) == len(both) == 4
    sync = plan.plan_runs([V.sync], "/m", 2, async_path="/a", def_path="/d")
    assert [(r.id, r.path) for r in sync] == [("fastapi-async@/a", "/a"), ("fastapi-def@/d", "/d"), ("express@/a", "/a")]
    same = plan.plan_runs([V.sync, V.stacks], "/a", 2, async_path="/a", def_path="/d")
    assert [r.id for r in same] == ["fastapi", "fastapi-async", "fastapi-def@/d", "express"]
    assert [r.id for r in plan.plan_runs([V.all], "/m", 2, async_path="/a", def_path="/d", twins=())] == [
        "fastapi", "fastapi-uvloop-httptools", "fastapi-asyncio-h11", "fastapi-w2", "fastapi-hypercorn", "fastapi-granian",
        "raw-asgi", "fastapi-async@/a", "fastapi-def@/d"]
    with pytest.raises(plan.BenchError, match="async_path"):
        plan.plan_runs([V.sync], "/m", 2)
    assert [r.id for r in plan.plan_runs(["stacks"], "/m", 2)] == ["fastapi", "express"]  # plain strings too
    assert {v.value for v in V} == set(plan.VARIANTS)
    waiters = plan.plan_runs([V.waiters], "/m", 2)
    assert [r.id for r in waiters] == ["fastapi", "fastapi-hypercorn", "fastapi-granian", "raw-asgi", "express"]
    assert [r.id for r in plan.plan_runs([V.waiters], "/m", 2, waiters=(), twins=())] == ["fastapi", "raw-asgi"]


def test_uvicorn_options_reach_the_real_command() -> None:
    spec = plan.RunSpec("fastapi-asyncio-h11", "fastapi", "x", "/", uvicorn_args=("--loop", "asyncio", "--http", "h11"))
    server = measuring.server_spec(LESSON_01, spec, 9999, None, None)
    assert "main:app" in server.argv and server.argv[-4:] == ["--loop", "asyncio", "--http", "h11"]
    assert "--no-access-log" in server.argv and server.cwd == LESSON_01.folder
    cluster = measuring.server_spec(LESSON_01, plan.RunSpec("express-w2", "express", "x", "/", 2), 9998, "node", None)
    assert cluster.argv[:2] == ["node", "-e"] and cluster.env["WORKERS"] == "2" and cluster.env["PORT"] == "9998"


def test_default_path_is_a_get_demo_both_stacks_answer_alike() -> None:
    assert plan.default_path(LESSON_01) == "/menu"


def test_render_shows_every_run_and_the_caveat() -> None:
    out = StringIO()
    Console(file=out, width=100, color_system=None).print(render_bench.report(_sample_doc()))
    text = out.getvalue()
    assert re.search(r"FastAPI\s+4,000\s+2\.0\s+6\.0\s+0\s+50 MB\s+0\.50×", text), text
    assert re.search(r"Express\s+8,000\s+1\.0\s+3\.0\s+0\s+90 MB\s+1\.00×", text), text
    assert "this machine's numbers, today" in text
    assert "uvicorn main:app" in text and "node server.js" in text


# --- real servers, real load ----------------------------------------------------------

def _rows(text: str) -> dict[str, float]:
    """requests/s per row label from the rendered table."""
    found = {}
    for label in ("FastAPI", "Express"):
        match = re.search(rf"^\s*{label}\s+([\d,]+)\s", text, re.MULTILINE)
        if match:
            found[label] = float(match.group(1).replace(",", ""))
    return found


@LOAD
def test_bench_table_has_both_sides_and_leaves_nothing_running(tmp_path: Path, node_modules: Path) -> None:
    result = run_tutor(tmp_path, "bench", "--duration", "0.5", "--warmup", "0.5", timeout=120, COLUMNS="120")
    assert result.returncode == 0, result.stdout + result.stderr
    rows = _rows(result.stdout)
    assert rows.get("FastAPI", 0) > 0 and rows.get("Express", 0) > 0, result.stdout
    assert "÷ Express" in result.stdout and "autocannon" in result.stdout
    left = wait_no_children(tmp_path)
    kill_leftovers(left)
    assert left == [], "bench left processes running"


@LOAD
def test_bench_json_validates_and_ports_are_free_afterwards(tmp_path: Path, stack_modules: dict[str, Path]) -> None:
    result = run_tutor(tmp_path, "bench", "01", "--vs", stacks.BOTH, "--duration", "0.5", "--warmup", "0", "--json", timeout=120)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)  # stdout is the JSON alone; the progress bar went to stderr
    assert report.report_problems(doc) == []
    assert doc["lesson"] == "01-chef-and-waiter" and doc["generator"]["name"] == "autocannon"
    assert doc["stacks"] == list(stacks.IDS)
    assert [run["stack"] for run in doc["runs"]] == ["fastapi", *stacks.IDS]
    for run in doc["runs"]:
        assert run["failed"] is None and run["requests_per_s"] > 0 and run["errors"] == 0 and run["non_2xx"] == 0
        assert run["peak_rss_mb"] and run["peak_rss_mb"] > 5
        assert _port_closed(run["url"]), f"{run['url']} still answers"
    assert doc["ratios"][0]["numerator"] == "fastapi" and doc["ratios"][0]["denominator"] == "express"
    left = wait_no_children(tmp_path)
    kill_leftovers(left)
    assert left == []


@LOAD
def test_waiters_variant_serves_one_app_on_each_asgi_server(tmp_path: Path, node_modules: Path) -> None:
    """The chef stays, the waiter changes: Uvicorn, Hypercorn, Granian and a bare ASGI app, each measured."""
    result = run_tutor(tmp_path, "bench", "01", "--variant", "waiters", "--duration", "0.5", "--warmup", "0", "--json",
                       timeout=180)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert report.report_problems(doc) == []
    runs = {run["id"]: run for run in doc["runs"]}
    assert list(runs) == ["fastapi", "fastapi-hypercorn", "fastapi-granian", "raw-asgi", stacks.DEFAULT.id]
    for run in runs.values():
        assert run["failed"] is None and run["requests_per_s"] > 0 and run["non_2xx"] == 0, run
    assert runs["fastapi-hypercorn"]["command"].startswith("hypercorn main:app")
    assert runs["raw-asgi"]["command"].startswith("uvicorn fastapi_uvicorn_tutor.runtime.raw_asgi:app")
    names = [ratio["name"] for ratio in doc["ratios"]]
    assert "bare ASGI app / FastAPI (on Uvicorn)" in names and "FastAPI on Granian / FastAPI on Uvicorn" in names
    left = wait_no_children(tmp_path)
    kill_leftovers(left)
    assert left == []


def test_the_bare_asgi_app_answers_the_fastapi_bytes(tmp_path: Path) -> None:
    """What the waiters variant's bare app serves is what the FastAPI app answered, byte for byte."""
    from fastapi_uvicorn_tutor.course.messages import Request
    from fastapi_uvicorn_tutor.runtime import servers
    from fastapi_uvicorn_tutor.runtime.client import send

    from ..conftest import start_server

    fa = start_server(lambda port: servers.uvicorn_spec(LESSON_01.folder, port))
    try:
        env = measuring.raw_app_env(fa.spec.port, "/menu")
        assert env is not None
        spec = plan.RunSpec("raw-asgi", "fastapi", "bare ASGI app", "/menu", raw=True)
        raw = start_server(lambda port: measuring.server_spec(LESSON_01, spec, port, None, None, env))
        try:
            want, got = send(fa.spec.port, Request("GET", "/menu")), send(raw.spec.port, Request("GET", "/anything"))
            assert got.status == 200 and got.body == want.body
            assert got.header("content-type") == want.header("content-type")
        finally:
            servers.stop_and_clean([raw])
    finally:
        servers.stop_and_clean([fa])


@LOAD
def test_ctrl_c_stops_the_server_and_the_load_generator(tmp_path: Path, node_modules: Path) -> None:
    from ..helpers import pids_with_env, tutor_env

    proc = subprocess.Popen([sys.executable, "-m", "fastapi_uvicorn_tutor", "bench", "--duration", "20"],
                            env=tutor_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 30
    while len(pids_with_env("TUTOR_HOME", str(tmp_path))) < 4 and time.monotonic() < deadline:
        time.sleep(0.1)  # the tutor, its watchdog, a server and autocannon
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "Stopped" in err.decode() and "Traceback" not in err.decode()
    left = wait_no_children(tmp_path)
    kill_leftovers(left)
    assert left == []


@LOAD
def test_python_fallback_benches_fastapi_alone_and_says_so(tmp_path: Path) -> None:
    result = run_tutor(tmp_path, "bench", "1", "--duration", "0.5", "--warmup", "0", "--generator", "python", "--json",
                       timeout=120)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert report.report_problems(doc) == []
    assert doc["generator"]["name"] == "python-threads" and "weaker" in doc["generator"]["note"]
    assert [run["id"] for run in doc["runs"]] == ["fastapi"] and doc["runs"][0]["requests_per_s"] > 0
    assert doc["runs"][0]["vs_express"] is None and doc["ratios"] == []
    assert wait_no_children(tmp_path) == []


@LOAD
def test_without_node_fastapi_is_benched_alone_and_the_output_says_why(tmp_path: Path) -> None:
    result = run_tutor(tmp_path, "bench", "--duration", "0.5", "--warmup", "0", timeout=120, PATH=str(tmp_path / "no-bin"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Node.js is not on your PATH" in result.stdout and "Express was not benched" in result.stdout
    assert _rows(result.stdout).get("FastAPI", 0) > 0 and "Express" not in _rows(result.stdout)
    assert "weaker generator" in result.stdout
    assert wait_no_children(tmp_path) == []


@LOAD
def test_node_cluster_of_two_serves_and_is_stopped_whole(node_modules: Path, node_binary: str) -> None:
    run = plan.RunSpec("express-w2", "express", "Express cluster of 2", "/menu", workers=2)
    settings = plan.Settings(duration=0.5, connections=4, warmup=0, generator="autocannon")
    result = measuring.measure(LESSON_01, run, settings, node_binary, node_modules)
    assert result.failed is None and result.requests_per_s > 0
    assert result.peak_rss_mb and result.peak_rss_mb > 60  # a primary and two workers
    assert _group_gone(result.pgid) and _port_closed(result.url)


@LOAD
def test_uvicorn_workers_are_stopped_whole(node_modules: Path, node_binary: str) -> None:
    run = plan.RunSpec("fastapi-w2", "fastapi", "FastAPI 2 workers", "/menu", workers=2, uvicorn_args=("--workers", "2"))
    settings = plan.Settings(duration=0.5, connections=4, warmup=0, generator="autocannon")
    result = measuring.measure(LESSON_01, run, settings, node_binary, node_modules)
    assert result.failed is None and result.requests_per_s > 0
    assert _group_gone(result.pgid) and _port_closed(result.url)


def test_sync_variant_without_paths_is_a_sentence(tmp_path: Path) -> None:
    result = invoke_tutor(tmp_path, "bench", "1", "--variant", "sync", "--generator", "python")
    assert result.returncode == 2
    assert "--async-path" in result.stderr and "Traceback" not in result.stderr


def test_unknown_lesson_lists_the_valid_ones(tmp_path: Path) -> None:
    result = invoke_tutor(tmp_path, "bench", "99")
    assert result.returncode == 2 and "Valid lessons" in result.stderr
