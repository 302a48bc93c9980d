"""Load generators: the same GET from many connections at once, for a while, measured.

    load = ThreadedLoad("http://127.0.0.1:8000/menu", connections=8, duration=1.0)
    result = load.result()          # waits; LoadResult(requests, latency_ms, errors, ...)

Both generators start on construction and run in the background: `done()` polls,
`result()` waits for the figures, `cancel()` stops early. ThreadedLoad (Python
threads on http.client) serves the serving demo and `tutor bench` without Node;
AutocannonLoad (autocannon under Node, in its own process group, guarded by the
watchdog) serves `tutor bench`. Nothing here prints.
"""

from __future__ import annotations

import http.client
import json
import statistics
import subprocess
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from fastapi_uvicorn_tutor.errors import TutorError
from fastapi_uvicorn_tutor.runtime import processes, servers

Tally = Callable[[int, bytes], Hashable]  # (status, body) -> what to count this answer under (None: nothing)


class LoadFailed(TutorError):
    """The load generator itself failed; the sentence says how."""


@dataclass
class LoadResult:
    """What one load run measured (warm-up excluded)."""

    requests: int  # answers received, whatever their status
    duration_s: float
    latency_ms: dict[str, float]  # p50, p99, mean, max
    errors: int  # connection errors and timeouts
    non_2xx: int  # answers outside 200-299
    first_error: str | None = None  # the first error or non-2xx answer, in a few words
    tally: Counter[Hashable] = field(default_factory=Counter)  # answers counted by the `tally` function


def _percentiles(latencies: list[float]) -> dict[str, float]:
    lat = sorted(latencies)

    def pct(p: float) -> float:
        return lat[min(len(lat) - 1, int(p / 100 * len(lat)))] if lat else 0.0

    return {"p50": pct(50), "p99": pct(99), "mean": statistics.fmean(lat) if lat else 0.0, "max": lat[-1] if lat else 0.0}


class ThreadedLoad:
    """One thread per connection, each sending GET after GET and timing every answer.

    Each thread first sends one unmeasured request (its connection opens, the server's
    first call warms up); once every thread has, `warmup` more seconds go unmeasured,
    then `duration` seconds are measured. With `keep_alive` off every request opens a
    new connection, so a server with several worker processes spreads them out.
    `tally(status, body)` names what to count each measured answer under (the serving
    demo counts answers by the pid in the body). Python threads share one interpreter
    lock, so this saturates far sooner than autocannon: it measures a floor, not the
    server's ceiling.
    """

    def __init__(self, url: str, connections: int, duration: float, warmup: float = 0.0, *,
                 keep_alive: bool = True, timeout: float = 10.0, tally: Tally | None = None) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or servers.HOST, parts.port or 80
        self.path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        self.threads = max(connections, 1)
        self.duration, self.warmup = duration, warmup
        self.keep_alive, self.timeout, self._tally = keep_alive, timeout, tally
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._measure_from = self._measure_until = float("inf")  # set once every thread has warmed up
        self._warmed = threading.Barrier(self.threads, action=self._open_window)
        self._latencies: list[float] = []
        self._errors = self._non_2xx = 0
        self._first_error: str | None = None
        self._counts: Counter[Hashable] = Counter()
        self._last_answer = 0.0
        self._workers = [threading.Thread(target=self._loop, name="tutor-load", daemon=True) for _ in range(self.threads)]
        for worker in self._workers:
            worker.start()

    def _open_window(self) -> None:
        self._measure_from = time.monotonic() + self.warmup
        self._measure_until = self._measure_from + self.duration

    def _get(self, conn: http.client.HTTPConnection | None) -> tuple[http.client.HTTPConnection, int, bytes]:
        conn = conn or http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        conn.request("GET", self.path)
        response = conn.getresponse()
        return conn, response.status, response.read()

    def _loop(self) -> None:
        conn: http.client.HTTPConnection | None = None
        mine: list[float] = []
        counts: Counter[Hashable] = Counter()
        errors = non_2xx = 0
        first_error: str | None = None
        last = 0.0
        try:
            try:
                conn, _, _ = self._get(None)  # the unmeasured first request
            except (OSError, http.client.HTTPException):
                conn = None
            if not self.keep_alive and conn is not None:
                conn.close()
                conn = None
            self._warmed.wait()
        except threading.BrokenBarrierError:  # cancelled while warming up
            return
        while not self._stop.is_set():
            began = time.monotonic()
            if began >= self._measure_until:
                break
            measured = began >= self._measure_from
            try:
                conn, status, body = self._get(conn)
            except (OSError, http.client.HTTPException) as exc:
                if measured:
                    errors += 1
                    first_error = first_error or (f"{exc.__class__.__name__}: {exc}" if str(exc) else exc.__class__.__name__)
                if conn is not None:
                    conn.close()
                conn = None
                continue
            finally:
                if not self.keep_alive and conn is not None:
                    conn.close()
                    conn = None
            if not measured:
                continue
            last = time.monotonic()
            mine.append((last - began) * 1000)
            if not 200 <= status < 300:
                non_2xx += 1
                first_error = first_error or f"status {status}: {body[:80].decode('utf-8', 'replace')}"
            if self._tally is not None:
                key = self._tally(status, body)
                if key is not None:
                    counts[key] += 1
        if conn is not None:
            conn.close()
        with self._lock:
            self._latencies += mine
            self._errors += errors
            self._non_2xx += non_2xx
            self._first_error = self._first_error or first_error
            self._counts.update(counts)
            self._last_answer = max(self._last_answer, last)

    def done(self) -> bool:
        return not any(worker.is_alive() for worker in self._workers)

    def cancel(self) -> None:
        self._stop.set()
        self._warmed.abort()
        for worker in self._workers:
            worker.join(timeout=15)

    def result(self) -> LoadResult:
        for worker in self._workers:
            worker.join()
        # The window closes for new requests at its end; the last answers may land a little later.
        measured = self._last_answer - self._measure_from if self._latencies else 0.0
        return LoadResult(
            requests=len(self._latencies), duration_s=max(self.duration, measured),
            latency_ms=_percentiles(self._latencies), errors=self._errors, non_2xx=self._non_2xx,
            first_error=self._first_error, tally=self._counts,
        )


class AutocannonLoad:
    """`node autocannon.js --json` against one URL, in its own process group."""

    def __init__(self, node_bin: str, modules: Path, url: str, connections: int, duration: float, warmup: float) -> None:
        argv = [node_bin, str(modules / "autocannon" / "autocannon.js"), "--json", "--no-progress",
                "-c", str(connections), "-d", str(_secs(duration))]
        if warmup > 0:
            argv += ["--warmup", "[", "-c", str(connections), "-d", str(_secs(warmup)), "]"]
        self.argv = argv + [url]
        self._out = tempfile.TemporaryFile()
        self._err = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(self.argv, stdin=subprocess.DEVNULL, stdout=self._out, stderr=self._err,
                                     close_fds=True, **processes.new_group())
        servers.WATCHDOG.guard(self.proc.pid)

    def done(self) -> bool:
        return self.proc.poll() is not None

    def cancel(self) -> None:
        if self.proc.poll() is None:
            processes.kill_group(self.proc.pid)
        self.proc.wait()
        servers.WATCHDOG.release(self.proc.pid)

    def result(self) -> LoadResult:
        self.proc.wait()
        servers.WATCHDOG.release(self.proc.pid)
        self._out.seek(0)
        self._err.seek(0)
        out = self._out.read().decode("utf-8", "replace")
        err = self._err.read().decode("utf-8", "replace").strip()
        self._out.close()
        self._err.close()
        # With --warmup autocannon prints the warm-up's JSON first; the measured run is last.
        lines = [line for line in out.splitlines() if line.strip().startswith("{")]
        if self.proc.returncode != 0 or not lines:
            raise LoadFailed(f"autocannon failed (exit {self.proc.returncode}): {err.splitlines()[-1] if err else 'no output'}")
        data = json.loads(lines[-1])
        lat = data.get("latency", {})
        duration = float(data.get("duration") or 0) or 1.0
        return LoadResult(
            requests=int(data["requests"]["total"]),
            duration_s=duration,
            latency_ms={"p50": float(lat.get("p50", 0)), "p99": float(lat.get("p99", 0)),
                        "mean": float(lat.get("mean", 0)), "max": float(lat.get("max", 0))},
            errors=int(data.get("errors", 0)) + int(data.get("timeouts", 0)),
            non_2xx=int(data.get("non2xx", 0)),
        )


def _secs(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
