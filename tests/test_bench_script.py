"""The benchmark script's arguments (nothing here runs a benchmark)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_segment.py"


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=120
    )


def test_help_prints_the_usage_and_measures_nothing() -> None:
    done = _run("--help")
    assert done.returncode == 0
    assert done.stdout.startswith("Time `tiercli segment` stage by stage")
    assert "--parquet 10000000" in done.stdout and "| input |" not in done.stdout


def test_a_mistyped_flag_is_refused_with_the_valid_ones() -> None:
    done = _run("--paquet", "10000000")
    assert done.returncode == 2
    assert "unknown argument '--paquet'" in done.stderr
    assert "--parquet" in done.stderr and not done.stdout
