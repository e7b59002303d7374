"""Top-20% capture of single signals and blends (issue 12b, docs/validity.md "What was tried").

Runs the default pipeline as of each cut-off (real log: 2011-06-11, 2011-08-01, 2011-09-09,
horizon 90 days; sample: 2024-10-31, 2025-10-31, horizon 365), then ranks the scored
customers by each signal below and prints the share of the next horizon's revenue held by the
top 20%. Run from the repository root:

    .venv/bin/python scripts/signals_12b.py
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import rankdata

from tiercli.backtest import predicting
from tiercli.config import load_config
from tiercli.io.loader import load_inputs
from tiercli.io.normalize import normalize
from tiercli.tune import _split, score

ROOT = Path(__file__).resolve().parents[1]
DATA = [
    ("real log", [ROOT.parent / "shared/data/online_retail_full.csv"],
     ROOT / "configs/examples/online_retail.yaml",
     [dt.date(2011, 6, 11), dt.date(2011, 8, 1), dt.date(2011, 9, 9)], 90),
    ("sample", [ROOT / "sample_data/trade_export.xlsx"], None,
     [dt.date(2024, 10, 31), dt.date(2025, 10, 31)], 365),
]  # fmt: skip
Frame = pd.DataFrame
Signal = Callable[[Frame, pd.DataFrame, pd.Timestamp], np.ndarray]


def capture(x: np.ndarray, future: np.ndarray) -> float:
    top = np.argsort(-x, kind="stable")[: round(0.2 * x.size)]
    return float(future[top].sum() / future.sum())


def pct(x: np.ndarray) -> np.ndarray:
    return (rankdata(x) - 1.0) / (x.size - 1.0)


def log_minmax(x: np.ndarray) -> np.ndarray:
    y = np.sign(x) * np.log1p(np.abs(x))
    return (y - y.min()) / (y.max() - y.min())


def robust_z(x: np.ndarray) -> np.ndarray:
    median = np.median(x)
    deviation = np.abs(x - median)
    scale = 1.4826 * np.median(deviation) or 1.2533 * deviation.mean()
    return 1.0 / (1.0 + np.exp(-(x - median) / scale))


def col(c: Frame, name: str) -> np.ndarray:
    return c[name].astype("float64").fillna(0.0).to_numpy()


def decayed(
    lines: pd.DataFrame, c: Frame, cut: pd.Timestamp, half_life: float | None
) -> np.ndarray:
    """Revenue before *cut* weighted 0.5 ** (age / half_life); None: the last 90 days only."""
    kept = lines[lines["order_date"] <= cut]
    age = (cut - kept["order_date"]).dt.days.to_numpy()
    weight = (age <= 90) if half_life is None else 0.5 ** (age / half_life)
    value = pd.Series(kept["amount"].to_numpy() * weight, index=kept["customer_id"].to_numpy())
    return value.groupby(level=0).sum().reindex(c.index.astype(str)).fillna(0.0).to_numpy()


SIGNALS: dict[str, Signal] = {
    "predicted revenue": lambda c, lines, cut: col(c, "predicted_revenue"),
    "revenue to date": lambda c, lines, cut: col(c, "revenue"),
    "revenue_12m": lambda c, lines, cut: col(c, "revenue_12m"),
    "pct avg revenue_12m + predicted": lambda c, lines, cut: (
        pct(col(c, "revenue_12m")) + pct(col(c, "predicted_revenue"))
    ),
    "log min-max 0.3 revenue + 0.7 predicted": lambda c, lines, cut: (
        0.3 * log_minmax(col(c, "revenue")) + 0.7 * log_minmax(col(c, "predicted_revenue"))
    ),
    "robust z 0.5 revenue + 0.5 predicted": lambda c, lines, cut: (
        robust_z(col(c, "revenue")) + robust_z(col(c, "predicted_revenue"))
    ),
    "decayed revenue, half-life 90 d": lambda c, lines, cut: decayed(lines, c, cut, 90.0),
    "decayed revenue, half-life 365 d": lambda c, lines, cut: decayed(lines, c, cut, 365.0),
    "revenue of the last 90 days": lambda c, lines, cut: decayed(lines, c, cut, None),
}


def main() -> None:
    rows: dict[str, list[str]] = {
        name: [] for name in [*SIGNALS, "composite (defaults)", "composite, predicted in value"]
    }
    for _name, files, config, cuts, horizon in DATA:
        base = load_config(config)
        cfg = predicting(base, horizon)
        inputs = load_inputs(files, cfg)
        lines = normalize(inputs.sheets, cfg, max(cuts) + dt.timedelta(days=horizon)).lines
        for cut in cuts:
            split = _split(inputs, cfg, cut, horizon)
            c = split.customers[split.customers["orders"].fillna(0) > 0]
            future = split.future.reindex(c.index).fillna(0.0).to_numpy()
            for name, signal in SIGNALS.items():
                rows[name].append(f"{capture(signal(c, lines, pd.Timestamp(cut)), future):.1%}")
            rows["composite (defaults)"].append(f"{score(split, cfg.scoring, 'capture')[0]:.1%}")
            dims = cfg.scoring.model_dump()["dimensions"]
            dims["value"]["metrics"] = {  # revenue_12m 0.5, predicted revenue 0.3, profit, AOV
                "revenue_12m": {"weight": 0.5},
                "predicted_revenue": {"weight": 0.3},
                "profit": {"weight": 0.1},
                "avg_order_value": {"weight": 0.1},
            }
            in_value = cfg.scoring.model_validate(
                {**cfg.scoring.model_dump(exclude={"dimensions"}), "dimensions": dims}
            )
            rows["composite, predicted in value"].append(
                f"{score(split, in_value, 'capture')[0]:.1%}"
            )
    print("real log 2011-06-11 / 2011-08-01 / 2011-09-09 | sample 2024-10-31 / 2025-10-31")
    for name, values in rows.items():
        print(f"{name:44s} {' / '.join(values[:3])} | {' / '.join(values[3:])}")


if __name__ == "__main__":
    main()
