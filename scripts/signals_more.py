"""More single signals for the real log's 2011-09-09 cut-off (issue 12's 70% capture target).

A plain pandas reading of ``../shared/data/online_retail_full.csv`` (the non-product stock codes
of ``configs/examples/online_retail.yaml`` left out, credit notes netted), independent of
tiercli's pipeline: for each cut-off, the buyers with positive net revenue before it, ranked by
each signal, and the share of the next 90 days' revenue held by the top 20%. Run from the
repository root:

    .venv/bin/python scripts/signals_more.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "online_retail_full.csv"
NOT_GOODS = ["POST", "DOT", "C2", "M", "AMAZONFEE", "BANK CHARGES", "CRUK", "D", "S", "B", "PADS"]
HORIZON = pd.Timedelta(days=90)


def load() -> pd.DataFrame:
    df = pd.read_csv(DATA, dtype={"InvoiceNo": str, "StockCode": str}, parse_dates=["InvoiceDate"])
    df = df[df["CustomerID"].notna() & ~df["StockCode"].isin(NOT_GOODS)]
    return df.assign(amount=df["Quantity"] * df["UnitPrice"], day=df["InvoiceDate"].dt.normalize())


def capture(signal: pd.Series, future: np.ndarray) -> float:
    x = signal.fillna(0.0).to_numpy(dtype=float)
    top = np.argsort(-x, kind="stable")[: round(0.2 * x.size)]
    return float(future[top].sum() / future.sum())


def signals(df: pd.DataFrame, cut: pd.Timestamp) -> tuple[dict[str, pd.Series], np.ndarray]:
    past, later = df[df["day"] <= cut], df[(df["day"] > cut) & (df["day"] <= cut + HORIZON)]
    c = pd.DataFrame({"rev": past.groupby("CustomerID")["amount"].sum()})
    c = c[c["rev"] > 0]
    age = (cut - past["day"]).dt.days

    def window(days: int, offset: int = 0) -> pd.Series:
        inside = past[(age >= offset) & (age < offset + days)]
        return inside.groupby("CustomerID")["amount"].sum().reindex(c.index).fillna(0.0)

    first = past.groupby("CustomerID")["day"].min().reindex(c.index)
    last = past.groupby("CustomerID")["day"].max().reindex(c.index)
    tenure = (cut - first).dt.days + 1
    recency = (cut - last).dt.days
    months = past.assign(m=past["day"].dt.to_period("M")).groupby("CustomerID")["m"].nunique()
    months = months.reindex(c.index).fillna(0)
    rate = c["rev"] / np.maximum(tenure, 90) * 90
    pct = lambda s: s.rank(pct=True)  # noqa: E731
    out = {
        "revenue to date": c["rev"],
        "revenue, last 30 days": window(30),
        "revenue, last 90 days": window(90),
        "revenue, last 180 days": window(180),
        "run rate (revenue per 90 days of tenure)": rate,
        "run rate x exp(-recency/90)": rate * np.exp(-recency / 90),
        "run rate x exp(-recency/180)": rate * np.exp(-recency / 180),
        "revenue x months active / 12": c["rev"] * months / 12,
        "percentile mean: revenue, last 180 days": pct(c["rev"]) + pct(window(180)),
        "log revenue + log last 180 days": np.log1p(c["rev"].clip(lower=0))
        + np.log1p(window(180).clip(lower=0)),
        "same 90 days a year earlier": window(90, 275),
        "revenue + last 180 days + same 90 days a year earlier": c["rev"]
        + window(180)
        + window(90, 275),
    }
    future = later.groupby("CustomerID")["amount"].sum().reindex(c.index).fillna(0.0).to_numpy()
    return out, future


def main() -> None:
    df = load()
    cuts = [pd.Timestamp(d) for d in ("2011-06-11", "2011-08-01", "2011-09-09")]
    rows: dict[str, list[str]] = {}
    for cut in cuts:
        found, future = signals(df, cut)
        for name, signal in found.items():
            rows.setdefault(name, []).append(f"{capture(signal, future):.1%}")
    print("top-20% capture of the next 90 days:", " / ".join(str(c.date()) for c in cuts))
    for name, values in rows.items():
        print(f"{name:58s} {' / '.join(values)}")


if __name__ == "__main__":
    main()
