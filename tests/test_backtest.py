"""Backtest: tiers as of a cut-off against what customers did next."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from tiercli.backtest import evaluate, outcomes
from tiercli.cli import app

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "trade_export.xlsx"
runner = CliRunner()


def test_evaluate_by_hand() -> None:
    index = pd.Index(["a", "b", "c", "d", "e"], name="customer_id")
    tiers = pd.Series(["S", "A", "A", "B", None], index=index, dtype="string")
    score = pd.Series([90.0, 70.0, 60.0, 20.0, None], index=index)
    future = pd.DataFrame(
        {"future_revenue": [600.0, 300.0, 0.0, 100.0], "future_orders": [3, 1, 0, 1]},
        index=["a", "b", "c", "d"],
    )
    ev = evaluate("t", tiers, score, future, ["S", "A", "B"])
    t = ev.tiers
    assert t["customers"].tolist() == [1, 2, 1]
    assert t["future_revenue_share"].tolist() == pytest.approx([0.6, 0.3, 0.1])
    assert t["retention"].tolist() == pytest.approx([1.0, 0.5, 1.0])
    assert t["lift"].tolist() == pytest.approx([0.6 / 0.25, 0.3 / 0.5, 0.1 / 0.25])
    assert ev.top_tier == "S" and ev.top_lift == pytest.approx(2.4)
    assert ev.spearman == pytest.approx(0.8)  # ranks 4,3,2,1 vs 4,3,1,2


def test_outcomes_window_and_returns() -> None:
    lines = pd.DataFrame(
        {
            "customer_id": ["a", "a", "a", "b"],
            "order_id": ["1", "2", "R1", "3"],
            "order_date": pd.to_datetime(["2025-12-31", "2026-01-01", "2026-02-01", "2027-01-01"]),
            "amount": [100.0, 50.0, -20.0, 70.0],
            "is_return": [False, False, True, False],
        }
    )
    got = outcomes(lines, dt.date(2025, 12, 31), 365)
    assert got.loc["a"].tolist() == [30.0, 1]  # 50 − 20; the order on the cut-off is before
    assert "b" not in got.index  # 2027-01-01 is past the horizon


@pytest.mark.slow
def test_sample_tiers_predict_the_next_year(tmp_path: Path) -> None:
    value_only = tmp_path / "value_only.yaml"
    value_only.write_text(
        "scoring:\n  dimensions:\n    value: {weight: 1}\n  matrix: {enabled: false}\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app,
        [
            "backtest",
            str(SAMPLE),
            "--cutoff",
            "2025-10-31",
            "--horizon",
            "365",
            "-c",
            str(value_only),
            "-c",
            str(value_only),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["configs"]) == 2
    first = data["configs"][0]
    assert first["spearman"] > 0.5 and first["top_tier_lift"] > 2
    assert [t["tier"] for t in first["tiers"]] == ["S", "A", "B", "C", "D"]
    shares = [t["future_revenue_share"] for t in first["tiers"]]
    assert shares == sorted(shares, reverse=True)


@pytest.mark.slow
def test_backtest_prints_a_comparison() -> None:
    result = runner.invoke(app, ["backtest", str(SAMPLE), "--cutoff", "2025-10-31", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "what each tier did next" in result.output and "Configs compared" in result.output


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "--cutoff is required"),
        (["--cutoff", "31.10.2025"], "--cutoff: '31.10.2025' is not a date"),
        (["--cutoff", "2026-12-31"], "no order after it"),
        (["--cutoff", "2020-01-01"], "no order on or before it"),
        (["--cutoff", "2025-10-31", "--horizon", "0"], "--horizon: must be a positive"),
    ],
    ids=["missing", "format", "too-late", "too-early", "horizon"],
)
def test_backtest_errors(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["backtest", str(SAMPLE), *args])
    assert result.exit_code == 2, result.output
    assert message in result.stderr
