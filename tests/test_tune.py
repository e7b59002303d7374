"""tiercli tune: search on one cut-off, validate on a later one, refuse what does worse."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from tiercli import tune as tune_module
from tiercli.cli import app
from tiercli.config.loader import parse_config

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "trade_export.xlsx"
MINI = Path(__file__).resolve().parent / "data" / "mini_orders.csv"  # ends in April 2026
runner = CliRunner()
BASE = {
    "scoring": {
        "dimensions": {
            "value": {"weight": 0.5, "metrics": {"revenue": {"weight": 1}}},
            "potential": {"weight": 0.5, "metrics": {"orders": {"weight": 1}}},
        }
    }
}


def fake_splits(monkeypatch: pytest.MonkeyPatch, later_follows: str) -> None:
    """Two cut-offs over one synthetic customer table: on the first, future revenue follows
    orders; on the second it follows *later_follows*."""
    rng = np.random.default_rng(0)
    n = 300
    index = pd.Index([f"c{i:03d}" for i in range(n)], name="customer_id")
    customers = pd.DataFrame(
        {"orders": rng.integers(1, 50, n).astype(float), "revenue": rng.gamma(2.0, 100.0, n)},
        index=index,
    )

    def split(_inputs: object, _cfg: object, cutoff: dt.date, _h: int) -> tune_module.Split:
        if cutoff == dt.date(2024, 1, 1):
            return tune_module.Split(cutoff, customers, customers["orders"] ** 2)
        if later_follows == "orders":
            return tune_module.Split(cutoff, customers, customers["orders"] ** 2)
        # Later, the customers with few orders buy most: what was learnt no longer holds.
        return tune_module.Split(cutoff, customers, (50.0 - customers["orders"]) ** 2)

    monkeypatch.setattr(tune_module, "_split", split)
    monkeypatch.setattr(tune_module, "load_inputs", lambda *a, **k: None)


def test_tune_improves_in_sample_and_is_kept_when_it_holds_out_of_sample(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake_splits(monkeypatch, later_follows="orders")
    base = parse_config(BASE, "base.yaml")
    got = tune_module.tune([], base, dt.date(2024, 1, 1), 365, budget=40, seed=1)
    assert got.validate == dt.date(2024, 12, 31)
    assert got.figures["tuned"]["tune"] > got.figures["base"]["tune"]
    assert got.recommended and got.best["potential"]["weight"] > got.best["value"]["weight"]
    again = tune_module.tune([], base, dt.date(2024, 1, 1), 365, budget=40, seed=1)
    assert again.best == got.best  # seeded
    text = tune_module.tuned_yaml(got, None, ["x.csv"], base.scoring)
    assert text.startswith("# Tuned by `tiercli tune` on x.csv")
    assert "validated on 2024-12-31" in text
    parsed = parse_config(yaml.safe_load(text), "tuned.yaml")
    assert parsed.scoring.dimensions["potential"].weight == got.best["potential"]["weight"]


def test_tune_refuses_weights_that_do_worse_out_of_sample(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake_splits(monkeypatch, later_follows="fewer orders")
    base = parse_config(BASE, "base.yaml")
    got = tune_module.tune([], base, dt.date(2024, 1, 1), 365, budget=40, seed=1)
    assert got.figures["tuned"]["tune"] > got.figures["base"]["tune"]
    assert got.figures["tuned"]["validate"] < got.figures["base"]["validate"]
    assert not got.recommended


@pytest.mark.slow
def test_tune_command_on_the_sample_writes_a_config_with_the_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "tuned.yaml"
    real, made = tune_module.tune, []

    def keep(*args: Any, **kwargs: Any) -> Any:
        made.append(real(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(tune_module, "tune", keep)
    result = runner.invoke(
        app,
        [
            "tune", str(SAMPLE), "--cutoff", "2024-10-31", "--horizon", "365",
            "-o", str(out), "--budget", "6", "--tiers", "--lang", "en",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    # (each statement starts a line; a long one wraps at words onto the next lines)
    lines = [x for x in result.output.splitlines() if not x.startswith(" ")]
    heads = ["tiercli tune", "base weights", "tuned weights", "base tier", "tuned tier"]
    starts = [next(i for i, x in enumerate(lines) if x.startswith(h)) for h in heads]
    assert starts == sorted(starts)
    assert lines[starts[0]].startswith("tiercli tune · objective: top-20% capture · 6 candidates")
    tiers = " ".join(result.output.split())
    assert "base tier cut-offs: S 20% · A 20% · B 25% · C 20% · D 15%; " in tiers
    assert "tuned tier cut-offs: S " in tiers
    if out.exists():
        assert "wrote" in result.output
        assert out.read_text(encoding="utf-8").startswith("# Tuned by `tiercli tune`")
    else:
        assert lines[5].startswith("nothing written") and lines[6].startswith("tier cut-offs kept")
    bad = runner.invoke(
        app, ["tune", str(MINI), "--cutoff", "2025-10-31", "-o", str(out), "--lang", "en"]
    )
    assert bad.exit_code == 2 and "before its horizon ends" in bad.output
    # The same search told in Chinese (not searched again: the search is the same).
    monkeypatch.setattr(tune_module, "tune", lambda *args, **kwargs: made[0])
    zh = runner.invoke(
        app,
        ["tune", str(SAMPLE), "--cutoff", "2024-10-31", "--horizon", "365",
         "-o", str(tmp_path / "z.yaml"), "--budget", "6", "--lang", "zh"],
    )  # fmt: skip
    assert zh.exit_code == 0 and zh.output.startswith("权重调优")
    assert "原分层线：S 20% · A 20%" in zh.output and "区分度" in zh.output


# ------------------------------------------------------------------ tier cut-offs (--tiers)


def _tiered(n_top: int, n: int = 100) -> tune_module.Split:
    """*n* customers whose composite is their rank; the best *n_top* buy 100 next period, the
    others nothing: the ideal top tier holds exactly the *n_top*."""
    index = pd.Index([f"c{i:03d}" for i in range(n)], name="customer_id")
    customers = pd.DataFrame(
        {"revenue": np.arange(n, 0, -1, dtype=float), "orders": 1.0}, index=index
    )
    future = pd.Series(np.where(np.arange(n) < n_top, 100.0, 0.0), index=index)
    return tune_module.Split(dt.date(2024, 1, 1), customers, future)


TIERED = {
    "scoring": {
        "dimensions": {"value": {"weight": 1, "metrics": {"revenue": {"weight": 1}}}},
        "matrix": {"enabled": False},
        "tiers": {
            "method": "quantile",
            "levels": [
                {"name": "S", "share": 0.2},
                {"name": "A", "share": 0.3},
                {"name": "B", "share": 0.5},
            ],
        },
    }
}


def test_separation_by_hand() -> None:
    cfg = parse_config(TIERED, "t.yaml").scoring
    # S = the 20 buyers, A and B nothing: the tiers explain all of the variance.
    assert tune_module.separation(_tiered(20), cfg) == pytest.approx(1.0)
    # 30 buyers: S 20 buyers, A 10 of 30, B none. y = log(101) for buyers.
    y = np.log1p(np.r_[np.full(30, 100.0), np.zeros(70)])
    means = np.r_[np.full(20, y[0]), np.full(30, y[0] / 3), np.zeros(50)]
    expected = ((means - y.mean()) ** 2).sum() / ((y - y.mean()) ** 2).sum()
    assert tune_module.separation(_tiered(30), cfg) == pytest.approx(expected)
    # A tier that does better than the tier above it separates nothing.
    upside_down = tune_module.Split(
        dt.date(2024, 1, 1), _tiered(0).customers, 100.0 - _tiered(50).future
    )
    assert tune_module.separation(upside_down, cfg) == 0.0


def test_tier_search_finds_the_planted_cut_and_keeps_valid_shares() -> None:
    cfg = parse_config(TIERED, "t.yaml").scoring
    rng = np.random.default_rng(3)
    got = tune_module.tune_tiers(_tiered(35), _tiered(35), cfg, 80, rng)
    assert got.method == "quantile" and got.names == ("S", "A", "B")
    assert got.figures["tuned"]["tune"] > got.figures["base"]["tune"]
    assert got.recommended and got.best[0] > 0.2  # the top tier grew towards the 35 buyers
    assert sum(got.best) == pytest.approx(1.0) and min(got.best) >= 0.05
    # Out of sample the buyers are the top 20 again: the wider top tier does worse, so no.
    worse = tune_module.tune_tiers(_tiered(35), _tiered(20), cfg, 80, np.random.default_rng(3))
    assert worse.best == got.best and not worse.recommended


def test_absolute_cut_offs_stay_descending_and_reach_the_yaml(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = yaml.safe_load(yaml.safe_dump(TIERED))
    data["scoring"]["tiers"] = {
        "method": "absolute",
        "levels": [
            {"name": "S", "min_score": 80},
            {"name": "A", "min_score": 50},
            {"name": "B"},
        ],
    }
    base = parse_config(data, "base.yaml")

    def split(_inputs: object, _cfg: object, cutoff: dt.date, _h: int) -> tune_module.Split:
        return _tiered(35)

    monkeypatch.setattr(tune_module, "_split", split)
    monkeypatch.setattr(tune_module, "load_inputs", lambda *a, **k: None)
    got = tune_module.tune([], base, dt.date(2024, 1, 1), 365, budget=60, seed=2, tiers=True)
    assert got.tiers is not None and got.tiers.method == "absolute"
    assert got.tiers.recommended and got.writes and not got.recommended
    assert list(got.tiers.best) == sorted(got.tiers.best, reverse=True)
    text = tune_module.tuned_yaml(got, yaml.safe_dump(data), ["x.csv"], base.scoring)
    assert "# tier cut-offs (absolute): separation" in text
    assert "# weights: the base weights" in text
    parsed = parse_config(yaml.safe_load(text), "tuned.yaml").scoring
    assert tuple(lv.min_score for lv in parsed.tiers.levels[:-1]) == got.tiers.best
    assert parsed.dimensions["value"].weight == 1.0


def test_the_verdict_says_what_was_written() -> None:
    w = {"value": {"weight": 1.0, "metrics": {"revenue": 1.0}}}
    figures = {"base": {"tune": 0.7, "validate": 0.7}, "tuned": {"tune": 0.7, "validate": 0.7}}
    tiers = tune_module.TierTune(
        "quantile", ("S", "B"), (0.5, 0.5), (0.3, 0.7),
        {"base": {"tune": 0.2, "validate": 0.2}, "tuned": {"tune": 0.3, "validate": 0.25}},
        True,
    )  # fmt: skip
    result = tune_module.TuneResult(
        "capture", dt.date(2024, 1, 1), dt.date(2025, 1, 1), 365, 10, w, w, figures, False,
        other=figures, tiers=tiers,
    )  # fmt: skip
    lines = [m.render("en") for m in tune_module.verdict(result, "t.yaml")]
    assert lines[3] == "base tier cut-offs: S 50% · B 50%; separation 0.2000 on 2024-01-01, " \
        "0.2000 on 2025-01-01"  # fmt: skip
    assert lines[-2:] == [
        "weights kept: no weights beat the base weights on 2024-01-01",
        "the tuned tier cut-offs do at least as well out of sample (2025-01-01): wrote t.yaml",
    ]
    plain = tune_module.TuneResult(
        "capture", dt.date(2024, 1, 1), dt.date(2025, 1, 1), 365, 10, w, w, figures, False,
        other=figures,
    )  # fmt: skip
    zh = [m.render("zh") for m in tune_module.verdict(plain, "t.yaml")]
    assert zh[-1] == "未写入：在 2024-01-01 没有找到比原权重更好的权重"
