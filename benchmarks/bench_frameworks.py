"""FastAPI on Uvicorn against Express on Node, on this machine: `tutor bench --json`, repeated.

    python benchmarks/bench_frameworks.py [--repeats 3] [--duration 5] [--full]

Runs `tutor bench --json` REPEATS times for each case below and prints, for every run
and every ratio, the median and the spread (min-max) over the repeats, so a difference
smaller than the spread is visibly noise. Default cases: lesson 01 (two tiny JSON
endpoints), FastAPI vs Express. With --full also: Uvicorn's uvloop+httptools vs
asyncio+h11 (lesson 01), 1 vs 2 workers on a 5 ms CPU endpoint (lesson 30), and
`async def` vs `def` with no work inside (lesson 09).

Prints figures; never fails on them (benchmarks never gate CI).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

PY = sys.executable

CASES = {
    "01 stacks": ["1", "--variant", "stacks"],
}
FULL = {
    "01 loop": ["1", "--variant", "loop"],
    "20 workers": ["20", "--variant", "workers", "--workers", "2"],
    "07 sync": ["7", "--variant", "sync", "--async-path", "/async-sleep?seconds=0", "--def-path", "/sync-sleep?seconds=0"],
}


def bench(args: list[str], duration: float) -> dict:
    env = {**os.environ, "TUTOR_HOME": tempfile.mkdtemp(prefix="tutor-bench-home-")}
    result = subprocess.run([PY, "-m", "fastapi_uvicorn_tutor", "bench", *args, "--duration", f"{duration:g}", "--json"],
                            capture_output=True, text=True, env=env, check=False)
    if result.returncode != 0:
        raise SystemExit(f"tutor bench {' '.join(args)} failed ({result.returncode}):\n{result.stderr[-2000:]}")
    return json.loads(result.stdout)


def spread(values: list[float], digits: int = 0) -> str:
    med = statistics.median(values)
    if len(values) == 1:
        return f"{med:,.{digits}f}"
    return f"{med:,.{digits}f} ({min(values):,.{digits}f}-{max(values):,.{digits}f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--duration", type=float, default=5.0)
    parser.add_argument("--full", action="store_true")
    opts = parser.parse_args()
    cases = {**CASES, **(FULL if opts.full else {})}
    first = None
    for name, args in cases.items():
        docs = [bench(args, opts.duration) for _ in range(opts.repeats)]
        first = first or docs[0]
        print(f"== {name}: tutor bench {' '.join(args)}  (median (min-max) of {opts.repeats} × {opts.duration:g} s)")
        for i, run in enumerate(docs[0]["runs"]):
            rps = [doc["runs"][i]["requests_per_s"] for doc in docs]
            p99 = [doc["runs"][i]["latency_ms"]["p99"] for doc in docs]
            rss = [doc["runs"][i]["peak_rss_mb"] or 0 for doc in docs]
            print(f"   {run['label']:22} {run['path']:24} {spread(rps):>24} req/s   p99 {spread(p99):>14} ms"
                  f"   peak RSS {spread(rss):>14} MB")
        for i, ratio in enumerate(docs[0]["ratios"]):
            values = [doc["ratios"][i]["requests_per_s"] for doc in docs]
            print(f"   {spread(values, 2):>20}×  {ratio['name']}")
        print()
    if first:
        gen, machine = first["generator"], first["machine"]
        print(f"{gen['name']} {gen['version']}, {gen['connections']} connections, warm-up {gen['warmup_s']:g} s; "
              f"{machine['cpus']} CPUs; Python {machine['python']}, fastapi {machine['fastapi']}, uvicorn {machine['uvicorn']}, "
              f"express {machine['express']}, node {machine['node']}.")
        print("This machine's numbers, today. Where the spread is wider than the gap, the gap is noise.")


if __name__ == "__main__":
    main()
