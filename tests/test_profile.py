"""`--profile` / TIERCLI_PROFILE=1: each stage's time and peak memory on stderr, in the reader's
language. No figure is asserted (a benchmark is not a test), only that every stage is reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tiercli.cli import app
from tiercli.profile import STAGES, Profile

DATA = Path(__file__).parent / "data"
ORDERS = ["--orders", str(DATA / "mini_orders.csv"), "--as-of", "2026-06-30"]


def test_profile_names_every_stage_in_english(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["segment", *ORDERS, "-o", str(tmp_path / "t.csv"), "-q", "--profile", "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    for stage in ("read", "normalize", "customer table", "classify · RFM", "write", "total"):
        assert f"{stage}" in result.output
    assert "peak memory" in result.output and " s, " in result.output


def test_profile_from_the_environment_in_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIERCLI_PROFILE", "1")
    result = CliRunner().invoke(
        app, ["segment", *ORDERS, "-o", str(tmp_path / "t.csv"), "-q", "--lang", "zh"]
    )
    assert result.exit_code == 0, result.output
    assert "读取文件：" in result.output and "峰值内存" in result.output
    assert "peak" not in result.output and "read" not in result.output


def test_no_profile_no_lines(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["segment", *ORDERS, "-o", str(tmp_path / "t.csv"), "-q"])
    assert result.exit_code == 0, result.output
    assert result.output == ""


def test_profile_sums_classifier_stages() -> None:
    profile = Profile()
    with profile.stage("read"):
        pass
    with pytest.raises(KeyError), profile.stage("nonsense"):
        pass
    assert set(profile.as_dict()) == {"read", "peak_bytes"}
    assert set(STAGES) >= {"read", "normalize", "features", "classify", "write"}


def test_each_stage_end_calls_the_hook_before_its_peak_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tiercli import profile as module

    seen: list[int] = []
    monkeypatch.setattr(module, "AFTER_STAGE", lambda: seen.append(len(run.stages)))
    run = Profile()
    with run.stage("read"):
        pass
    with pytest.raises(ValueError), run.stage("normalize"):
        raise ValueError("a failing stage ends too")
    assert seen == [0, 1] and [s.code for s in run.stages] == ["read", "normalize"]
