"""How fast the tutor itself starts, against the floors it cannot beat.

    python benchmarks/startup.py [--repeats 7] [--as-is]

Median over repeats, in one run:

(a) `tutor list` and `tutor --help`, launch to exit, against `python -c "import typer, rich"`
    (the libraries every Typer + Rich CLI pays for). Target: <= 1.5x.
(b) `tutor next` with stdin not a TTY and a fresh TUTOR_HOME (so lesson 01), launch
    until its output is complete (the last line arrives and the process exits),
    against bare `uvicorn main:app` in lessons/01-chef-and-waiter from launch to its
    first 200. Target: <= 1.5x.
(d) `tutor next` in a terminal (a pty, 100 columns, fresh TUTOR_HOME so lesson 01), from
    launch until the `request>` prompt is waiting with both servers live, against the
    same bare `uvicorn main:app` launch-to-first-200. Target: <= 1.3x.
(c) Peak RSS of the tutor process alone (VmHWM, sampled from /proc; its servers are
    separate processes), and whether it imports fastapi, uvicorn, starlette or pydantic
    (`python -X importtime`). Target: < 60 MB, no fastapi, no uvicorn.

Then the biggest imports of `tutor list` and of `tutor next`, to show where the time goes.

`--instructions` adds (e): instructions executed (valgrind's callgrind) by `tutor list`, the
floor, and a second floor that any Rich CLI pays (`import typer` plus printing one Rich table):
a count that does not move with the machine's load, for comparing changes on a busy machine.

By default the children run with bytecode caching on (PYTHONDONTWRITEBYTECODE unset,
PYTHONPYCACHEPREFIX in a temp folder, one unmeasured warm-up run each), as after a
`pip install`, which compiles every module; `--as-is` keeps this shell's environment.
Prints figures and ratios; never fails on a missed target (benchmarks never gate CI).
Linux only for (c) (it reads /proc); the timings work anywhere.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LESSON = REPO / "lessons" / "01-chef-and-waiter"
PY = sys.executable
WATCHED = ("fastapi", "uvicorn", "starlette", "pydantic", "pydantic_core", "httpx", "jinja2", "pygments", "markdown_it")


def tutor_argv() -> list[str]:
    script = Path(PY).with_name("tutor")
    return [str(script)] if script.is_file() else [PY, "-m", "fastapi_uvicorn_tutor"]


def child_env(as_is: bool, cache: Path, home: Path) -> dict[str, str]:
    env = {**os.environ, "TUTOR_HOME": str(home), "COLUMNS": "100"}
    env.pop("NO_COLOR", None)
    if not as_is:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(cache)
    return env


def wall(argv: list[str], env: dict[str, str], cwd: Path | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds user+system) from launch to exit of one command.

    CPU time moves much less than wall time when other work shares the machine."""
    began = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    proc.returncode = 0  # reaped by wait4 above
    return time.perf_counter() - began, usage.ru_utime + usage.ru_stime


def vm_hwm_kib(pid: int) -> int | None:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    match = re.search(r"^VmHWM:\s+(\d+) kB", text, re.MULTILINE)
    return int(match.group(1)) if match else None


def tutor_next(env: dict[str, str]) -> tuple[float, float, int | None, int]:
    """(seconds to the last output line, seconds to exit, peak RSS KiB of the tutor process, exit code)."""
    home = Path(tempfile.mkdtemp(prefix="tutor-bench-home-"))
    env = {**env, "TUTOR_HOME": str(home)}
    began = time.perf_counter()
    proc = subprocess.Popen([*tutor_argv(), "next"], env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, bufsize=0)
    assert proc.stdout is not None
    last_line = began
    peak: int | None = None
    os.set_blocking(proc.stdout.fileno(), False)
    while True:
        try:
            chunk = proc.stdout.read(65536)
        except BlockingIOError:
            chunk = None
        if chunk:
            last_line = time.perf_counter()
        hwm = vm_hwm_kib(proc.pid)
        if hwm:
            peak = max(peak or 0, hwm)
        if chunk == b"":  # EOF: every writer is gone
            break
        if chunk is None:
            if proc.poll() is not None:
                continue
            time.sleep(0.002)
    code = proc.wait()
    ended = time.perf_counter()
    shutil.rmtree(home, ignore_errors=True)
    return last_line - began, ended - began, peak, code


def tutor_next_terminal(env: dict[str, str]) -> tuple[float, int | None]:
    """(seconds from launch until `request>` is printed in a pty, exit code after a `q`)."""
    import pty
    import select

    home = Path(tempfile.mkdtemp(prefix="tutor-bench-home-"))
    # No prediction questions: the figure is the time to the prompt, not to a learner's key press.
    (home / "settings.json").write_text('{"predict": "off"}\n')
    env = {**env, "TUTOR_HOME": str(home), "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "40"}
    master, slave = pty.openpty()
    began = time.perf_counter()
    proc = subprocess.Popen([*tutor_argv(), "next"], env=env, stdin=slave, stdout=slave, stderr=slave,
                            start_new_session=True, close_fds=True)
    os.close(slave)
    seen = b""
    waited: float | None = None
    try:
        while time.perf_counter() - began < 60:
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen = (seen + chunk)[-4096:]
            if b"request>" in seen:
                waited = time.perf_counter() - began
                break
        if waited is None:
            raise RuntimeError("tutor next never showed the request> prompt:\n" + seen.decode(errors="replace"))
        os.write(master, b"q\n")
        deadline = time.perf_counter() + 15
        while proc.poll() is None and time.perf_counter() < deadline:
            if select.select([master], [], [], 0.1)[0]:
                try:
                    os.read(master, 65536)
                except OSError:
                    pass
        return waited, proc.poll()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
        shutil.rmtree(home, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def uvicorn_first_200(env: dict[str, str]) -> float:
    """Bare `uvicorn main:app` in lesson 01, from launch to the first 200 answer."""
    import http.client

    port = free_port()
    script = Path(PY).with_name("uvicorn")
    argv = [str(script)] if script.is_file() else [PY, "-m", "uvicorn"]
    began = time.perf_counter()
    proc = subprocess.Popen([*argv, "main:app", "--port", str(port)], cwd=LESSON, env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
                conn.request("GET", "/")
                if conn.getresponse().status == 200:
                    return time.perf_counter() - began
            except OSError:
                pass
            if proc.poll() is not None:
                raise RuntimeError("uvicorn exited before answering")
            if time.perf_counter() - began > 30:
                raise RuntimeError("uvicorn did not answer within 30 s")
            time.sleep(0.002)
    finally:
        os.killpg(proc.pid, 9)
        proc.wait()


def importtime_lines(args: list[str], env: dict[str, str]) -> list[str]:
    """stderr lines of `python -X importtime -m fastapi_uvicorn_tutor ARGS` in a fresh TUTOR_HOME."""
    home = tempfile.mkdtemp(prefix="tutor-bench-home-")
    try:
        result = subprocess.run([PY, "-X", "importtime", "-m", "fastapi_uvicorn_tutor", *args],
                                env={**env, "TUTOR_HOME": home}, stdin=subprocess.DEVNULL, capture_output=True,
                                text=True, check=False)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return result.stderr.splitlines()


def imported(args: list[str], env: dict[str, str]) -> set[str]:
    names = set()
    for line in importtime_lines(args, env):
        match = re.match(r"import time:\s+\d+ \|\s+\d+ \| *(\S+)", line)
        if match:
            names.add(match.group(1).split(".")[0])
    return names


def top_imports(args: list[str], env: dict[str, str], count: int = 8) -> list[tuple[str, float]]:
    """The biggest imports (cumulative ms) at depth <= 1 of the import tree."""
    rows: dict[str, float] = {}
    for line in importtime_lines(args, env):
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \| ( *)(\S+)", line)
        if match and len(match.group(2)) <= 2:
            name = match.group(3)
            rows[name] = max(rows.get(name, 0.0), int(match.group(1)) / 1000)
    return sorted(rows.items(), key=lambda kv: -kv[1])[:count]


RICH_TABLE_FLOOR = ("import typer, rich; from rich.console import Console; from rich.table import Table; "
                    "t = Table(); t.add_column('lesson'); t.add_row('01'); Console().print(t)")


def instructions(argv: list[str], env: dict[str, str]) -> int | None:
    """Instructions executed by one run under callgrind (None without valgrind)."""
    if shutil.which("valgrind") is None:
        return None
    out = Path(tempfile.mkdtemp(prefix="tutor-bench-cg-"))
    try:
        result = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}/cg.out", *argv],
                                env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True, check=False)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    match = re.search(r"Collected : (\d+)", result.stderr)
    return int(match.group(1)) if match else None


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def verdict(ratio: float, target: float) -> str:
    return "ok" if ratio <= target else "OVER"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--as-is", action="store_true", help="keep this shell's bytecode settings")
    parser.add_argument("--instructions", action="store_true", help="also count instructions with callgrind (slow)")
    opts = parser.parse_args()
    cache = Path(tempfile.mkdtemp(prefix="tutor-bench-pyc-"))
    home = Path(tempfile.mkdtemp(prefix="tutor-bench-home-"))
    env = child_env(opts.as_is, cache, home)
    tutor = tutor_argv()
    floor_argv = floor = [PY, "-c", "import typer, rich"]
    cases = {"python -c 'import typer, rich'": floor, "tutor list": [*tutor, "list"], "tutor --help": [*tutor, "--help"]}
    try:
        for argv in cases.values():  # warm-up: fills the bytecode cache
            wall(argv, env)
        uvicorn_first_200(env)
        tutor_next(env)
        tutor_next_terminal(env)
        times: dict[str, list[float]] = {name: [] for name in cases}
        cpu: dict[str, list[float]] = {name: [] for name in cases}
        next_last, next_exit, next_rss, uv, prompt = [], [], [], [], []
        codes = set()
        for _ in range(opts.repeats):  # interleaved, so drifting machine load hits every case alike
            for name, argv in cases.items():
                spent, used = wall(argv, env)
                times[name].append(spent)
                cpu[name].append(used)
            uv.append(uvicorn_first_200(env))
            last, ended, peak, code = tutor_next(env)
            next_last.append(last)
            next_exit.append(ended)
            codes.add(code)
            waited, code = tutor_next_terminal(env)
            prompt.append(waited)
            codes.add(code or 0)
            if peak:
                next_rss.append(peak / 1024)
        list_rss = []
        for _ in range(3):
            proc = subprocess.Popen([*tutor, "list"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            peak = 0
            while proc.poll() is None:
                peak = max(peak, vm_hwm_kib(proc.pid) or 0)
                time.sleep(0.001)
            if peak:
                list_rss.append(peak / 1024)

        mode = "as-is environment" if opts.as_is else "bytecode cached (as after pip install)"
        load = " / ".join(f"{value:.1f}" for value in os.getloadavg()[:2]) if hasattr(os, "getloadavg") else "?"
        print(f"tutor start-up · median of {opts.repeats} · {mode} · {os.cpu_count()} CPUs · Python {sys.version.split()[0]}"
              f" · load average (1/5 min) at the end: {load}")
        print()
        floor = "python -c 'import typer, rich'"
        base, base_cpu = median(times[floor]), median(cpu[floor])
        print("(a) launch to exit                      wall                         CPU (user+sys)")
        for name in cases:
            value, used = median(times[name]), median(cpu[name])
            ratio, cpu_ratio = value / base, used / base_cpu
            extra = "" if name == floor else f" {ratio:5.2f}x [<= 1.5x: {verdict(ratio, 1.5):4}]"
            extra_cpu = "" if name == floor else f" {cpu_ratio:5.2f}x [{verdict(cpu_ratio, 1.5)}]"
            print(f"    {name:32} {value * 1000:6.0f} ms{extra:24} {used * 1000:6.0f} ms{extra_cpu}")
        print()
        print("(b) tutor next (stdin not a TTY, lesson 01, both servers) vs bare uvicorn")
        uv_m, last_m, exit_m = median(uv), median(next_last), median(next_exit)
        print(f"    {'uvicorn main:app, launch to first 200':34} {uv_m * 1000:7.0f} ms")
        print(f"    {'tutor next, launch to last line':34} {last_m * 1000:7.0f} ms   {last_m / uv_m:.2f}x  [target <= 1.5x: {verdict(last_m / uv_m, 1.5)}]")
        print(f"    {'tutor next, launch to exit':34} {exit_m * 1000:7.0f} ms   {exit_m / uv_m:.2f}x  (servers stopped, progress saved)")
        prompt_m = median(prompt)
        print()
        print("(d) tutor next in a terminal (a pty), launch until request> waits, both servers live")
        print(f"    {'tutor next, launch to request>':34} {prompt_m * 1000:7.0f} ms   {prompt_m / uv_m:.2f}x  [target <= 1.3x: {verdict(prompt_m / uv_m, 1.3)}]")
        if codes != {0}:
            print(f"    warning: tutor next exited with {sorted(codes)}")
        print()
        print("(c) the tutor process itself")
        if next_rss:
            peak_next = max(next_rss)
            print(f"    peak RSS, tutor next             {peak_next:7.1f} MB   [target < 60 MB: {'ok' if peak_next < 60 else 'OVER'}]")
        if list_rss:
            print(f"    peak RSS, tutor list             {max(list_rss):7.1f} MB")
        for args in (["list"], ["next"]):
            found = imported(args, env)
            heavy = [name for name in WATCHED if name in found]
            bad = [name for name in ("fastapi", "uvicorn") if name in found]
            print(f"    tutor {args[0]:5} imports: {', '.join(heavy) or 'none of ' + ', '.join(WATCHED)}"
                  f"   [no fastapi/uvicorn: {'FAIL' if bad else 'ok'}]")
        print()
        for args in (["list"], ["next"]):
            print(f"Biggest imports of tutor {args[0]} (cumulative ms, python -X importtime, one run):")
            for name, ms in top_imports(args, env):
                print(f"    {ms:7.1f}  {name}")
            print()
        if opts.instructions:
            print("(e) instructions executed (callgrind; independent of the machine's load)")
            counts = {
                "python -c 'import typer, rich'": instructions(floor_argv, env),
                "typer + one Rich table printed": instructions([PY, "-c", RICH_TABLE_FLOOR], env),
                "tutor list": instructions([*tutor, "list"], env),
            }
            base_ir = counts["python -c 'import typer, rich'"]
            for name, count in counts.items():
                if count is None or not base_ir:
                    print(f"    {name:34} (valgrind not available)")
                    continue
                print(f"    {name:34} {count / 1e6:8.1f} M   {count / base_ir:.2f}x")
            print()
        print("Timings on a shared machine are noisy: compare ratios, and rerun before trusting a small change.")
    finally:
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
