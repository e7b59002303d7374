"""Shared fixtures: paths to the bundled sample data, the shared real exports, tiny inputs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from tiercli.config import load_config
from tiercli.pipeline import SegmentationResult, segment

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


@pytest.fixture(scope="session")
def sample_result() -> SegmentationResult:
    """The bundled sample run with the default config, made once per test session."""
    return segment([SAMPLE / "trade_export.xlsx"], load_config(None))
