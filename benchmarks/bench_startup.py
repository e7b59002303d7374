"""Time `tiercli --help` (start-up: typer, rich and the catalogue, no pandas).

    .venv/bin/python benchmarks/bench_startup.py        # median of 15 runs

A benchmark, not a test: the figure goes in docs/benchmarks.md with the machine it was measured on.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

TIERCLI = Path(sys.executable).with_name("tiercli")


def main(runs: int = 15) -> None:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([str(TIERCLI), "--help"], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    print(f"tiercli --help: median {statistics.median(times):.3f} s, max {max(times):.3f} s")


if __name__ == "__main__":
    main()
