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
            "-o", str(out), "--budget", "6", "--lang", "en",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("tiercli tune · objective: top-20% capture · 6 candidates")
    assert lines[1].startswith("base weights: ") and lines[2].startswith("tuned weights: ")
    if out.exists():
        assert "wrote" in lines[3]
        assert out.read_text(encoding="utf-8").startswith("# Tuned by `tiercli tune`")
    else:
        assert lines[3].startswith("nothing written")
    bad = runner.invoke(app, ["tune", str(MINI), "--cutoff", "2025-10-31", "-o", str(out)])
    assert bad.exit_code == 2 and "before its horizon ends" in bad.output
    # The same search told in Chinese (not searched again: the search is the same).
    monkeypatch.setattr(tune_module, "tune", lambda *args, **kwargs: made[0])
    zh = runner.invoke(
        app,
        ["tune", str(SAMPLE), "--cutoff", "2024-10-31", "--horizon", "365",
         "-o", str(tmp_path / "z.yaml"), "--budget", "6", "--lang", "zh"],
    )  # fmt: skip
    assert zh.exit_code == 0 and zh.output.startswith("权重调优")
