"""Shared fixtures: paths to the bundled sample data, the shared real exports, tiny inputs."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from tiercli import pipeline
from tiercli.classifiers import registry
from tiercli.config import load_config
from tiercli.io import loader
from tiercli.io.readers import RawSheet
from tiercli.pipeline import SegmentationResult

# Property tests draw the same examples on every run (no flaky CI); `--hypothesis-seed` or
# HYPOTHESIS_PROFILE=explore searches afresh.
settings.register_profile("ci", derandomize=True, deadline=None)
settings.register_profile("explore", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
SAMPLE = ROOT / "sample_data"
SHARED = ROOT.parent / "shared" / "data"


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def sample_dir() -> Path:
    return SAMPLE


@pytest.fixture
def online_retail() -> Path:
    path = SHARED / "online_retail_sample.csv"
    if not path.exists():
        pytest.skip("../shared/data is not beside the repository")
    return path


_SAMPLE_RUNS: dict[tuple[Any, ...], SegmentationResult] = {}


@pytest.fixture(scope="session", autouse=True)
def sample_run_once() -> Iterator[None]:
    """Each distinct run of the bundled sample workbook is made once per test session.

    Dozens of CLI tests (explain, cross-sell, pseudonymised output…) segment the same sample
    with the same config and differ only in what they show. A plain run of the sample file
    (no --previous/--history/--pseudonymise, no other inputs) is kept by file, as-of date,
    effective config and registered steps; anything else runs as usual (a kept run's stage
    timer stays empty: `--profile` is tested on other files). The result is frozen, so a test
    cannot change what the next one gets.
    """
    real = pipeline.segment
    workbook = (SAMPLE / "trade_export.xlsx").resolve()

    def once(files: list[Path], cfg: Any, **kwargs: Any) -> SegmentationResult:
        plain = {k: v for k, v in kwargs.items() if v is not None}
        if (
            len(files) != 1
            or Path(files[0]).resolve() != workbook
            or set(plain) - {"as_of", "profile"}
        ):
            return real(files, cfg, **kwargs)
        stat = workbook.stat()
        key = (
            stat.st_mtime_ns, stat.st_size, plain.get("as_of"), cfg.model_dump_json(),
            tuple(record.name for record in registry.REGISTRY),
        )  # fmt: skip
        if key not in _SAMPLE_RUNS:
            _SAMPLE_RUNS[key] = real(files, cfg, **kwargs)
        return _SAMPLE_RUNS[key]

    # Every other run of a bundled sample file (backtests, history, tune…) reads it once: the
    # sheets as read are kept by path, size and mtime, and each caller gets its own copy.
    real_read = loader.read_any
    kept: dict[tuple[Any, ...], list[RawSheet]] = {}

    def read_once(path: Path, header_row: int | None = None) -> list[RawSheet]:
        path = Path(path)
        if path.resolve().parent != SAMPLE.resolve():
            return real_read(path, header_row)
        stat = path.stat()
        key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size, header_row)
        if key not in kept:
            kept[key] = real_read(path, header_row)
        return [replace(s, frame=s.frame.copy(), rows=s.rows.copy()) for s in kept[key]]

    pipeline.segment = once  # type: ignore[assignment]
    loader.read_any = read_once  # type: ignore[assignment]
    try:
        yield
    finally:
        pipeline.segment = real
        loader.read_any = real_read


@pytest.fixture(scope="session")
def sample_result() -> SegmentationResult:
    """The bundled sample run with the default config, made once per test session."""
    return pipeline.segment([SAMPLE / "trade_export.xlsx"], load_config(None))
