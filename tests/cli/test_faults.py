"""Nothing breaks the lesson: every fault a learner can hit, injected for real.

Fault table (what the learner sees -> the test that proves it):

| fault | what the learner sees | test |
| --- | --- | --- |
| tutor ends by SIGINT / SIGTERM / SIGHUP / SIGKILL | servers (and Uvicorn's reloader + worker) gone within 2 s, ports free | test_no_orphans_when_serve_is_stopped, test_no_orphans_when_the_terminal_closes_or_tutor_is_killed |
| default ports 8000 / 3000 busy | the lesson runs on other free ports, shown in the commands and URLs | test_busy_default_ports_move_to_free_ones |
| `serve --port N`, N busy | "Port N is already in use ..." exit 1 | test_serve_on_a_busy_port_is_a_clear_error |
| app raises on import / syntax error / twin throws / never answers | which side failed, the last lines of its output, the other side stopped, exit 1, progress untouched | test_start_up_failure_names_the_side_and_shows_its_output |
| no Node / Node < 18 / npm install fails | the FastAPI side runs; one note says what is missing and how to fix it (and names the npm log) | test_node_problems_leave_the_python_side_running |
| state folder unusable | one sentence naming the folder and TUTOR_HOME, no traceback | test_unusable_state_folder_is_a_sentence_not_a_traceback |
| progress file corrupt / truncated / newer / names a gone lesson | a warning, the old file kept as a backup, sensible progress | test_bad_progress_file_is_kept_aside_with_a_warning |
| stdin not a TTY, stdout piped, NO_COLOR, TERM=dumb, 40/80/200 columns, no UTF-8 | readable output, no escape codes where colour is off, wrapped not cut | test_terminal_* |
| bad requests at the prompt | one line saying what is wrong, the prompt again, servers still up | test_bad_input_at_the_prompt_keeps_the_servers_up, test_parse_rejects_* |
| servers reachable from the network? | both bind 127.0.0.1 only | test_servers_bind_loopback_only |
| files written where? | only the state folder, the cache folder and temp files; lesson folders untouched | test_nothing_written_outside_state_and_cache |
| a main.py in the current directory | never served: the lesson's own app is | test_main_py_in_cwd_is_not_served |
| two tutors at once | both run (different ports); progress stays valid JSON | test_two_tutors_at_once |
"""

from __future__ import annotations

import json
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from fastapi_uvicorn_tutor.course import stacks
from fastapi_uvicorn_tutor.course.messages import BadRequestLine, parse_request_line
from fastapi_uvicorn_tutor.runtime import ports, servers

from ..helpers import (
    URL_RE,
    PtyTutor,
    copy_lesson,
    invoke_tutor,
    kill_leftovers,
    leftovers,
    run_tutor,
    tutor_env,
    wait_no_children,
)

SLUG = "01-chef-and-waiter"


def make_course(root: Path, modules: Path | None) -> Path:
    """A one-lesson copy of the course that a test may break on purpose (every stack's twin;
    `modules`, when given, linked in as the default stack's node_modules)."""
    copy_lesson(SLUG, root, packages=True)
    if modules is not None:
        (stacks.DEFAULT.root(root) / "node_modules").symlink_to(modules, target_is_directory=True)
    return root


def twin_file(course: Path, name: str = "server.js") -> Path:
    """A file of the default stack's twin in a course made by make_course."""
    return stacks.DEFAULT.root(course) / SLUG / name


@pytest.fixture
def course(tmp_path: Path, node_modules: Path) -> Path:
    return make_course(tmp_path / "course", node_modules)


@pytest.fixture
def home(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "home"
    yield path
    kill_leftovers(wait_no_children(path, within=0))


def spawn_tutor(home: Path, *args: str, **extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "fastapi_uvicorn_tutor", *args], stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=tutor_env(home, **extra),
    )


def read_until(proc: subprocess.Popen[bytes], pattern: str, timeout: float = 60) -> str:
    """Read the tutor's output until `pattern` shows up (the tutor keeps running)."""
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    seen = b""
    deadline = time.monotonic() + timeout
    while not re.search(pattern, seen.decode("utf-8", "replace")):
        if time.monotonic() > deadline:
            raise AssertionError(f"no {pattern!r} in:\n{seen.decode()}")
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            chunk = os.read(fd, 65536)
            if not chunk:
                raise AssertionError(f"tutor exited {proc.wait()} before {pattern!r}:\n{seen.decode()}")
            seen += chunk
    return seen.decode("utf-8", "replace")


LOST_PORT = re.compile(r"already in use|EADDRINUSE", re.IGNORECASE)


def free_ports() -> tuple[int, int]:
    """Two distinct ports free right now (an --express-port equal to --port is another error)."""
    fastapi = ports.pick_port(None)
    return fastapi, ports.pick_port(None, {fastapi})


def spawn_serve(home: Path, *options: str, until: str = "Serving until Ctrl-C", **extra: str) -> tuple[subprocess.Popen[bytes], str]:
    """`tutor serve 1 OPTIONS --port A --express-port B` on ports picked here, read until `until`.

    Another process (a test on the other xdist worker, a load generator's client socket) can
    bind A or B between our pick and the tutor's bind: the tutor then says the port is in
    use and exits 1, so try two more pairs of ports, as conftest.start_server does.
    """
    for attempt in range(3):
        fastapi, express = free_ports()
        proc = spawn_tutor(home, "serve", "1", *options, "--port", str(fastapi), "--express-port", str(express), **extra)
        try:
            return proc, read_until(proc, until)
        except AssertionError as exc:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            assert proc.stdout is not None
            proc.stdout.close()
            if attempt < 2 and "tutor exited" in str(exc) and LOST_PORT.search(str(exc)):
                continue
            raise
    raise AssertionError("unreachable")


def run_serve(home: Path, *options: str, timeout: float = 90, **extra: str) -> subprocess.CompletedProcess[str]:
    """`tutor serve 1 OPTIONS --port A --express-port B` run to its end; new ports if one was lost."""
    for attempt in range(3):
        fastapi, express = free_ports()
        result = run_tutor(home, "serve", "1", *options, "--port", str(fastapi), "--express-port", str(express),
                           timeout=timeout, **extra)
        if attempt < 2 and result.returncode == 1 and LOST_PORT.search(result.stdout + result.stderr):
            continue
        return result
    raise AssertionError("unreachable")


def assert_no_orphans(home: Path, ports: set[int]) -> None:
    left = wait_no_children(home, within=2.0)
    kill_leftovers(left)
    assert left == [], f"processes outlived the tutor by 2 s: {left}"
    for port in ports:  # free, or taken since by a process of another test (xdist runs two at once)
        holders = listeners(port)
        assert not holders or all(str(home) not in environ_of(pid) for pid in holders), f"port {port} still ours"


def listeners(port: int) -> list[int]:
    """Pids listening on this loopback port (psutil: the same view on every system)."""
    import psutil

    return [c.pid for c in psutil.net_connections(kind="inet")
            if c.status == psutil.CONN_LISTEN and c.laddr and c.laddr.port == port and c.pid is not None]


def environ_of(pid: int) -> str:
    import psutil

    try:
        return " ".join(f"{k}={v}" for k, v in psutil.Process(pid).environ().items())
    except psutil.Error:
        return ""


def ports_in(text: str) -> set[int]:
    return {int(p) for p in URL_RE.findall(text)}


# ----- 1. no orphans --------------------------------------------------------------


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGKILL], ids=lambda s: s.name)
@pytest.mark.parametrize("reload", [False, True], ids=["plain", "reload"])
def test_no_orphans_when_serve_is_stopped(home: Path, node_modules: Path, sig: signal.Signals, reload: bool) -> None:
    proc, out = spawn_serve(home, *(["--reload"] if reload else []))
    try:
        ports = ports_in(out)
        assert len(ports) == 2
        if reload:  # the reloader's worker is a grandchild: it must go too
            assert len(wait_for_pids(home, at_least=4)) >= 4
        proc.send_signal(sig)
        proc.wait(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert_no_orphans(home, ports)


def wait_for_pids(home: Path, at_least: int, timeout: float = 20) -> list[int]:
    from ..helpers import pids_with_env

    deadline = time.monotonic() + timeout
    pids = pids_with_env("TUTOR_HOME", str(home))
    while len(pids) < at_least and time.monotonic() < deadline:
        time.sleep(0.1)
        pids = pids_with_env("TUTOR_HOME", str(home))
    return pids


@pytest.mark.parametrize("how", ["terminal-closes", "sigkill"])
def test_no_orphans_when_the_terminal_closes_or_tutor_is_killed(home: Path, node_modules: Path, how: str) -> None:
    tutor = PtyTutor(home, "next", "--no-predict")
    try:
        out = tutor.read_until("request>")
        ports = ports_in(out)
        if how == "sigkill":
            tutor.proc.kill()
        else:
            os.close(tutor.master)  # the terminal window closes: the kernel sends SIGHUP
            tutor.master = os.open(os.devnull, os.O_RDONLY)
        tutor.proc.wait(timeout=15)
    finally:
        tutor.close()
    assert_no_orphans(home, ports)



def test_a_killed_tutor_leaves_no_server_logs_behind(home: Path, tmp_path: Path, node_modules: Path) -> None:
    temp = tmp_path / "temp"
    temp.mkdir()
    proc, out = spawn_serve(home, TMPDIR=str(temp))
    try:
        ports = ports_in(out)
        assert len(list(temp.glob("tutor-*.log"))) == 2
        proc.kill()
        proc.wait(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert_no_orphans(home, ports)
    deadline = time.monotonic() + 2.0
    while list(temp.glob("tutor-*.log")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(temp.glob("tutor-*.log")) == [], "the watchdog stopped the servers but left their logs"



def test_serve_shows_server_output_verbatim_even_when_it_looks_like_markup(home: Path, course: Path) -> None:
    # Rich would read `[/x]` in a log line as a closing tag (MarkupError: serve died with a
    # traceback) and swallow `[red]`; server output is text, never markup.
    twin = twin_file(course)
    twin.write_text('console.log("route [/x] and [red]kept[/red]");\n' + twin.read_text())
    proc, out = spawn_serve(home, until=r"(?s)Serving until Ctrl-C.*Express \|.*listening", TUTOR_CONTENT=str(course))
    try:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=15) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    assert "route [/x] and [red]kept[/red]" in out, out
    assert "Traceback" not in out
    assert_no_orphans(home, ports_in(out))



def test_serve_exits_non_zero_when_a_server_dies(home: Path, course: Path) -> None:
    twin = twin_file(course)
    twin.write_text(twin.read_text() + '\nsetTimeout(() => process.exit(3), 1500);\n')
    result = run_serve(home, TUTOR_CONTENT=str(course), timeout=60)
    assert "The Express server exited with code 3" in result.stdout, result.stdout + result.stderr
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert_no_orphans(home, ports_in(result.stdout))


# ----- 2. ports -------------------------------------------------------------------------


def hold(port: int, within: float = 60.0) -> socket.socket:
    """Listen on `port` ourselves; while another test's server has it, wait for it to let go.

    Holding it ourselves is the point: a port another test holds may be freed while the
    tutor picks its ports, and then the tutor rightly takes it.
    """
    deadline = time.monotonic() + within
    while True:
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a closed connection's TIME_WAIT is no holder
        try:
            sock.bind(("127.0.0.1", port))
            sock.listen()
            return sock
        except OSError:
            sock.close()
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_busy_default_ports_move_to_free_ones(home: Path, node_modules: Path) -> None:
    held = [hold(servers.FASTAPI_PORT), hold(stacks.DEFAULT.default_port)]
    try:
        result = run_tutor(home, "next")
    finally:
        for sock in held:
            sock.close()
    assert result.returncode == 0, result.stdout + result.stderr
    ports = ports_in(result.stdout)
    assert ports and not ports & {servers.FASTAPI_PORT, stacks.DEFAULT.default_port}
    assert "uvicorn main:app --port" in result.stdout
    assert_no_orphans(home, ports)


@pytest.mark.parametrize("flag", ["--port", "--express-port"])
def test_serve_on_a_busy_port_is_a_clear_error(home: Path, node_modules: Path, marked: str, flag: str) -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    port = sock.getsockname()[1]
    try:
        result = run_tutor(home, "serve", "1", flag, str(port))
    finally:
        sock.close()
    assert result.returncode == 1
    assert f"Port {port} is already in use" in result.stderr
    assert "Traceback" not in result.stderr
    # With --express-port, Uvicorn is already running when the busy port is found; it
    # must be gone as soon as the tutor has exited.
    assert leftovers(marked) == []



def test_serve_with_one_port_for_both_is_a_clear_error(home: Path, node_modules: Path, marked: str) -> None:
    for attempt in range(3):  # a port picked here can be taken before the tutor binds it: pick again
        port = ports.pick_port(None)
        result = run_tutor(home, "serve", "1", "--port", str(port), "--express-port", str(port))
        if attempt == 2 or not LOST_PORT.search(result.stdout + result.stderr):
            break
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"Port {port} is the FastAPI port" in result.stderr, result.stdout + result.stderr
    assert "failed to start" not in result.stdout and "Traceback" not in result.stderr
    assert leftovers(marked) == []


# ----- 3. start-up failures -----------------------------------------------------------------

FAULTS = {
    "import-error": ("main.py", 'raise RuntimeError("the chef broke a plate")\n', "FastAPI", "the chef broke a plate"),
    "syntax-error": ("main.py", "def broken(:\n", "FastAPI", "SyntaxError"),
    "twin-throws": ("server.js", 'throw new Error("twin exploded");\n', "Express", "twin exploded"),
    "never-answers": ("main.py", "import time\ntime.sleep(600)\n", "FastAPI", "did not answer"),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_start_up_failure_names_the_side_and_shows_its_output(home: Path, course: Path, fault: str) -> None:
    filename, code, side, evidence = FAULTS[fault]
    target = course / "lessons" / SLUG / filename if filename == "main.py" else twin_file(course, filename)
    target.write_text(code + target.read_text())
    started = time.monotonic()
    result = run_tutor(home, "next", TUTOR_CONTENT=str(course), TUTOR_START_TIMEOUT="3")
    elapsed = time.monotonic() - started
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert f"{side} failed to start" in out and evidence in out
    assert "your progress is unchanged" in out and "Traceback (most recent call last)" not in result.stderr
    assert elapsed < 15, f"took {elapsed:.1f} s to report the failure"
    assert not (home / "progress.json").exists() or not json.loads((home / "progress.json").read_text())["done"]
    assert_no_orphans(home, set())


# ----- 4. environment -------------------------------------------------------------------------


def fake_bin(tmp_path: Path, **scripts: str) -> Path:
    """A PATH folder holding only the given shell scripts (and links named 'link:target')."""
    folder = tmp_path / "bin"
    folder.mkdir(exist_ok=True)
    for name, body in scripts.items():
        path = folder / name
        if body.startswith("link:"):
            path.symlink_to(body[5:])
        else:
            path.write_text("#!/bin/sh\n" + body + "\n")
            path.chmod(0o755)
    return folder


@pytest.mark.parametrize("problem", ["no-node", "old-node", "npm-fails"])
def test_node_problems_leave_the_python_side_running(home: Path, tmp_path: Path, node_modules: Path, problem: str) -> None:
    course = make_course(tmp_path / "course", None)  # no node_modules: the tutor must install
    node = shutil.which("node")
    assert node
    scripts = {
        "no-node": {},
        "old-node": {"node": "echo v16.20.2", "npm": "exit 0"},
        "npm-fails": {"node": f"link:{node}", "npm": 'echo "npm error request to https://registry.npmjs.org failed, reason: getaddrinfo ENOTFOUND" >&2; exit 1'},
    }[problem]
    path = fake_bin(tmp_path, **scripts)
    result = run_tutor(home, "next", TUTOR_CONTENT=str(course), TUTOR_CACHE=str(tmp_path / "cache"), PATH=str(path))
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert "Express twin not running" in out
    expected = {"no-node": "Node.js is not on your PATH", "old-node": "v16.20.2 is too old",
                "npm-fails": "npm ci` failed"}[problem]
    assert expected in out.replace("\n", " ")
    if problem == "npm-fails":
        log = tmp_path / "cache" / f"npm-install-{stacks.DEFAULT.id}.log"
        assert str(log) in out.replace("\n", "") and "ENOTFOUND" in log.read_text()
    assert "FastAPI (Uvicorn)" in out and "405 Method Not Allowed" in out
    assert json.loads((home / "progress.json").read_text())["current"] == SLUG and "Your turn" in out  # ran to its end
    assert_no_orphans(home, set())


def test_unusable_state_folder_is_a_sentence_not_a_traceback(tmp_path: Path, node_modules: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    home = blocker / "tutor"
    for args in (["list"], ["reset", "--all", "--yes"], ["next"]):
        result = run_tutor(home, *args)
        out = result.stdout + result.stderr
        assert "Traceback" not in out, out
        if args[0] != "list":
            assert result.returncode == 1 and "TUTOR_HOME" in out and str(blocker) in out.replace("\n", "")
    kill_leftovers(wait_no_children(home))


@pytest.mark.parametrize("content,warning", [
    ("{not json", "was not valid JSON"),
    ('{"version": 1, "done": {"01-chef', "was not valid JSON"),
    ('{"version": 99, "done": {}}', "newer tutor"),
    ('[1, 2, 3]', "was not valid JSON"),
    ('{"version": 1, "done": "everything"}', "unexpected shape"),
], ids=["corrupt", "truncated", "newer", "not-an-object", "wrong-shape"])
def test_bad_progress_file_is_kept_aside_with_a_warning(home: Path, content: str, warning: str) -> None:
    home.mkdir(parents=True)
    (home / "progress.json").write_text(content)
    result = invoke_tutor(home, "list")
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert warning in result.stderr
    backups = list(home.glob("progress.json.broken-*"))
    assert len(backups) == 1 and backups[0].read_text() == content



def test_bad_progress_file_warns_on_tutor_next_too(home: Path, node_modules: Path) -> None:
    # `tutor next` peeks at the progress before the CLI loads (to start Uvicorn early);
    # that peek must not set the file aside silently, or the learner is never told.
    home.mkdir(parents=True)
    (home / "progress.json").write_text("{not json")
    result = run_tutor(home, "next")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "was not valid JSON" in result.stderr
    backups = list(home.glob("progress.json.broken-*"))
    assert len(backups) == 1 and backups[0].read_text() == "{not json"
    assert_no_orphans(home, ports_in(result.stdout))


def test_a_progress_key_that_looks_like_markup_is_shown_as_written(home: Path) -> None:
    home.mkdir(parents=True)
    (home / "progress.json").write_text('{"version": 1, "done": {"[/oops]": "x", "[red]gone": "y"}}')
    result = invoke_tutor(home, "list")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert "[/oops], [red]gone" in result.stderr.replace("\n", " ")

def test_progress_naming_a_gone_lesson_keeps_the_rest(home: Path) -> None:
    home.mkdir(parents=True)
    (home / "progress.json").write_text(json.dumps({"version": 1, "done": {"99-gone": "t", SLUG: "t"}, "current": "99-gone"}))
    result = invoke_tutor(home, "list")
    assert result.returncode == 0
    assert "99-gone" in result.stderr
    assert re.search(r"\b1 done of \d+ lessons", result.stdout), result.stdout[-300:]


# ----- 5. terminal -------------------------------------------------------------------------------

SGR_COLOR = re.compile(r"\x1b\[[0-9;]*(3[0-9]|4[0-9]|9[0-7])[0-9;]*m")


def test_terminal_piped_output_has_no_escape_codes(home: Path) -> None:
    result = run_tutor(home, "show", "1")
    assert result.returncode == 0 and "\x1b" not in result.stdout


@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"TERM": "dumb"}], ids=["NO_COLOR", "TERM=dumb"])
def test_terminal_without_colour_on_a_real_tty(home: Path, env: dict[str, str]) -> None:
    tutor = PtyTutor(home, "show", "1", **env)
    try:
        tutor.read_until("Run it live with")
        assert tutor.wait() == 0
    finally:
        tutor.close()
    assert not SGR_COLOR.search(tutor.output), "colour codes despite " + str(env)


@pytest.mark.parametrize("width", [40, 80, 200])
def test_terminal_widths_wrap_instead_of_cutting(home: Path, width: int) -> None:
    result = run_tutor(home, "show", "1", COLUMNS=str(width))
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= width
    side_by_side = any("main.py" in line and "server.js" in line for line in lines)
    assert side_by_side == (width >= 110)
    flowing = " ".join(line.strip(" │╭╮╰╯─┃━┏┓┗┛") for line in lines)
    for phrase in ("A FastAPI app is served by Uvicorn", "def menu():", "module.exports = app"):
        assert phrase in re.sub(r"\s+", " ", flowing), f"{phrase!r} cut at width {width}"


def test_terminal_without_utf8(home: Path) -> None:
    result = run_tutor(home, "show", "1", LC_ALL="C", LANG="C", PYTHONIOENCODING="ascii")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "app = FastAPI(" in result.stdout


# ----- 6. bad input -------------------------------------------------------------------------------


def test_bad_input_at_the_prompt_keeps_the_servers_up(home: Path, node_modules: Path) -> None:
    tutor = PtyTutor(home, "next", "--no-predict")
    try:
        tutor.read_until("request>")
        for line, answer in [
            ("FOO /x", "is not an HTTP method"),
            ("GET", "The path must start with '/'"),
            ('POST /menu {"name": ', "The body is not valid JSON"),
            ("GET /a b", "Paths cannot contain spaces"),
        ]:
            tutor.send(line + "\r")
            tutor.read_until(re.escape(answer))
        tutor.send("GET /café\r")
        tutor.read_until(r"Cannot GET /caf%C3%A9")
        tutor.send("GET /menu\r")
        out = tutor.read_until(r"(?s)GET /menu ─.*Express \(Node\).*\"count\": 2")
        assert out.count("request>") >= 6
        tutor.send("q\r")
        assert tutor.wait() == 0
    finally:
        tutor.close()
    assert_no_orphans(home, set())


def test_parse_rejects_a_10_mb_body_in_one_line() -> None:
    with pytest.raises(BadRequestLine, match="at most 1,000,000"):
        parse_request_line('POST /items {"name": "' + "x" * 10_000_000 + '"}')


# ----- 7. security --------------------------------------------------------------------------------


def listening_addresses(port: int) -> set[str]:
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for row in Path(table).read_text().splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            address, hexport = local.rsplit(":", 1)
            if state == "0A" and int(hexport, 16) == port:
                found.add(address)
    return found


def test_servers_bind_loopback_only(home: Path, node_modules: Path) -> None:
    proc, out = spawn_serve(home)
    try:
        ports = ports_in(out)
        assert len(ports) == 2
        for port in ports:
            assert listening_addresses(port) == {"0100007F"}, f"port {port} not bound to 127.0.0.1 only"
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=15)
    assert_no_orphans(home, ports)


def snapshot(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def test_nothing_written_outside_state_and_cache(tmp_path: Path, node_modules: Path) -> None:
    course = make_course(tmp_path / "course", None)  # the first run installs the Express deps
    before = snapshot(course)
    fake_home = tmp_path / "home"
    fake_home.mkdir()
    env = {"HOME": str(fake_home), "XDG_STATE_HOME": "", "XDG_CACHE_HOME": "", "XDG_CONFIG_HOME": "",
           "TUTOR_CONTENT": str(course), "npm_config_cache": "", "npm_config_userconfig": ""}
    base = {k: v for k, v in os.environ.items() if k not in env and k not in ("TUTOR_HOME", "TUTOR_CACHE")}
    result = subprocess.run([sys.executable, "-m", "fastapi_uvicorn_tutor", "next"], input="", capture_output=True,
                            text=True, timeout=300, env={**base, **{k: v for k, v in env.items() if v}})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Express (Node)" in result.stdout and "Express twin not running" not in result.stdout
    assert snapshot(course) == before, "the tutor wrote into the lesson folders"
    allowed = (".local/state/fastapi-uvicorn-tutor", ".cache/fastapi-uvicorn-tutor")
    written = {p for p in snapshot(fake_home) if not any(p == a or p.startswith(a + "/") or a.startswith(p + "/") for a in allowed)}
    assert written == set(), f"written outside the state and cache folders: {sorted(written)[:10]}"
    kill_leftovers(wait_no_children(fake_home / ".local/state/fastapi-uvicorn-tutor"))


def test_main_py_in_cwd_is_not_served(home: Path, tmp_path: Path, node_modules: Path) -> None:
    decoy = tmp_path / "my-project"
    decoy.mkdir()
    (decoy / "main.py").write_text('raise SystemExit("the decoy main.py was imported")\n')
    result = run_tutor(home, "next", cwd=decoy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "decoy" not in result.stdout + result.stderr
    assert "lesson says" not in result.stdout
    assert_no_orphans(home, ports_in(result.stdout))


# ----- 8. concurrency -----------------------------------------------------------------------------


def test_two_tutors_at_once(home: Path, node_modules: Path) -> None:
    first, second = spawn_tutor(home, "next"), spawn_tutor(home, "next")
    outs = [p.communicate(timeout=120)[0].decode() for p in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, outs
    assert ports_in(outs[0]).isdisjoint(ports_in(outs[1]))
    state = json.loads((home / "progress.json").read_text())
    assert state["current"] == SLUG and all("Your turn" in out for out in outs)
    assert_no_orphans(home, ports_in(outs[0]) | ports_in(outs[1]))
