"""Learned predicted value (issue 12): a gradient-boosted regression of next-horizon revenue.

``clv.model: learned``. The model is trained on the user's own history, never on anyone
else's: for rolling-origin cut-offs ``c_k = as_of − k · H`` (k = 1 … ``clv.learn_windows``,
``H`` = ``clv.horizon_days``), the customer table is rebuilt from the order lines dated up to
``c_k`` with :func:`tiercli.features.build_customer_table` (plus the revenue and order counts of
the last ``H`` days and the ``H`` before), and the target is each customer's net revenue in
``(c_k, c_k + H]``, so every target lies on or before the as-of date. A cut-off is used only
when at least ``H`` days of history precede it. The rows of all windows train one
scikit-learn ``HistGradientBoostingRegressor`` (Poisson loss: revenue is heavy-tailed and ≥ 0;
negative targets count as 0), seeded with ``clv.seed``; it is then applied to the customer
table as of the as-of date. With two windows or more, a validation figure is reported too:
trained on the older windows only, the Spearman correlation of its predictions with the
newest window's actual revenue.

No leakage: every feature of a training row is computed from lines up to its cut-off and
every prediction from lines up to the as-of date (later lines are dropped here, whatever the
caller passes). Deterministic: same lines, same seed → same predictions.

Public API: :func:`learn_value` → :class:`LearnedValue`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from tiercli.catalogue import Message, msg
from tiercli.features import build_customer_table
from tiercli.io.normalize import (
    CUSTOMER_DTYPES,
    INQUIRY_DTYPES,
    LINE_DTYPES,
    RECON_COLUMNS,
    REJECT_DTYPES,
    Tables,
)

FEATURES: tuple[str, ...] = (
    "orders",
    "order_days",
    "revenue",
    "profit",
    "avg_order_value",
    "max_order_value",
    "median_order_value",
    "median_order_quantity",
    "recency_days",
    "tenure_days",
    "revenue_12m",
    "revenue_prev_12m",
    "median_gap_days",
    "product_lines",
    "top_product_line_share",
    "revenue_last_h",
    "revenue_prev_h",
    "orders_last_h",
)
"""Model inputs: customer-table columns as of the cut-off, and three horizon-length windows."""

MIN_TRAINING_CUSTOMERS = 50


@dataclass(frozen=True)
class LearnedValue:
    """``predicted`` (revenue in the next horizon, indexed by customer_id, the customers with
    an order up to the as-of date) or None when skipped; ``details`` for the Config sheet;
    ``warnings`` (catalogue messages)."""

    predicted: pd.Series | None
    details: dict[str, Any] = field(default_factory=dict)
    warnings: list[Message] = field(default_factory=list)


def _empty(dtypes: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in dtypes.items()})


def _canonical(lines: pd.DataFrame) -> pd.DataFrame:
    """*lines* with every canonical line column (a minimal frame of customer_id, order_date and
    amount: each line its own order, negative amounts returns)."""
    out = lines.copy()
    if "order_id" not in out:
        out["order_id"] = pd.Series(np.arange(len(out)).astype(str), index=out.index)
    if "is_return" not in out:
        out["is_return"] = pd.to_numeric(out["amount"]).to_numpy() < 0
    for column, dtype in LINE_DTYPES.items():
        if column not in out:
            out[column] = pd.Series(index=out.index, dtype=dtype)
    out["order_date"] = pd.to_datetime(out["order_date"])
    return out


def _tables(lines: pd.DataFrame, as_of: dt.date) -> Tables:
    kept = lines.loc[lines["order_date"].dt.normalize() <= pd.Timestamp(as_of)]
    return Tables(
        lines=kept,
        customers=_empty(CUSTOMER_DTYPES),
        inquiries=_empty(INQUIRY_DTYPES),
        rejects=_empty(REJECT_DTYPES),
        reconciliation=pd.DataFrame(columns=RECON_COLUMNS),
        as_of=as_of,
        has_profit=bool(kept["profit"].notna().any()),
        has_product_line=bool(kept["product_line"].notna().any()),
    )


def _window_sums(lines: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Per customer: net revenue and distinct non-return orders dated in (start, end]."""
    day = lines["order_date"].dt.normalize()
    window = lines.loc[(day > start) & (day <= end)]
    revenue = window.groupby("customer_id", observed=True)["amount"].sum()
    sales = window.loc[~window["is_return"].astype(bool)]
    orders = sales.groupby("customer_id", observed=True)["order_id"].nunique()
    return pd.DataFrame({"revenue": revenue, "orders": orders}).fillna(0.0)


def features_as_of(lines: pd.DataFrame, cutoff: dt.date, horizon_days: int) -> pd.DataFrame:
    """The model inputs (:data:`FEATURES`) of every customer with an order up to *cutoff*,
    from the lines dated up to *cutoff* only."""
    return _features(_canonical(lines), cutoff, horizon_days)


def _features(lines: pd.DataFrame, cutoff: dt.date, horizon_days: int) -> pd.DataFrame:
    tables = _tables(lines, cutoff)
    table = build_customer_table(tables, cutoff)
    table = table.loc[table["orders"].fillna(0) > 0]
    cut = pd.Timestamp(cutoff)
    h = pd.Timedelta(days=horizon_days)
    last = _window_sums(tables.lines, cut - h, cut).reindex(table.index).fillna(0.0)
    prev = _window_sums(tables.lines, cut - 2 * h, cut - h).reindex(table.index).fillna(0.0)
    out = pd.DataFrame(index=table.index)
    for name in FEATURES[:-3]:
        out[name] = pd.to_numeric(table[name], errors="coerce").astype("float64")
    out["revenue_last_h"] = last["revenue"].astype("float64")
    out["revenue_prev_h"] = prev["revenue"].astype("float64")
    out["orders_last_h"] = last["orders"].astype("float64")
    return out


def _model(seed: int) -> Any:
    from sklearn.ensemble import HistGradientBoostingRegressor

    return HistGradientBoostingRegressor(
        loss="poisson",
        learning_rate=0.05,
        max_iter=200,
        max_leaf_nodes=15,
        min_samples_leaf=20,
        l2_regularization=1.0,
        early_stopping=False,
        random_state=seed,
    )


def _training_rows(
    lines: pd.DataFrame, cutoffs: list[dt.date], horizon_days: int
) -> list[tuple[pd.DataFrame, pd.Series]]:
    rows = []
    for cut in cutoffs:
        x = _features(lines, cut, horizon_days)
        start = pd.Timestamp(cut)
        future = _window_sums(lines, start, start + pd.Timedelta(days=horizon_days))
        y = future["revenue"].reindex(x.index).fillna(0.0).clip(lower=0.0)
        rows.append((x, y))
    return rows


def _fit(rows: list[tuple[pd.DataFrame, pd.Series]], seed: int) -> tuple[Any, list[str]]:
    """The fitted model and the feature columns it uses (those with a value in training:
    e.g. no profit column in the data → no profit feature)."""
    frame = pd.concat([r[0] for r in rows])
    columns = [c for c in frame.columns if frame[c].notna().any()]
    y = pd.concat([r[1] for r in rows]).to_numpy(dtype="float64")
    model = _model(seed)
    model.fit(frame[columns].to_numpy(dtype="float64"), y)
    return model, columns


def learn_value(
    lines: pd.DataFrame,
    as_of: dt.date,
    horizon_days: int,
    windows: int = 4,
    seed: int = 0,
) -> LearnedValue:
    """Train on the rolling-origin windows before *as_of* and predict the next *horizon_days*
    of revenue for every customer with an order up to *as_of* (see the module docstring).

    Skipped (``predicted`` None, a ``clv.learned_skipped`` warning) when no cut-off has
    *horizon_days* of history before it, or the windows hold fewer than
    :data:`MIN_TRAINING_CUSTOMERS` customer rows or no future revenue at all.
    """
    from scipy.stats import spearmanr

    canonical = _canonical(lines)
    canonical = canonical.loc[canonical["order_date"].dt.normalize() <= pd.Timestamp(as_of)]
    dates = canonical["order_date"].dropna()
    if dates.empty:
        return LearnedValue(None, {}, [])
    first = dates.min().date()
    cutoffs = [
        as_of - dt.timedelta(days=k * horizon_days)
        for k in range(1, windows + 1)
        if (as_of - dt.timedelta(days=k * horizon_days) - first).days >= horizon_days
    ]
    need = 2 * horizon_days
    rows = _training_rows(canonical, cutoffs, horizon_days) if cutoffs else []
    n_rows = sum(len(r[1]) for r in rows)
    if not rows or n_rows < MIN_TRAINING_CUSTOMERS or sum(float(r[1].sum()) for r in rows) <= 0:
        warning = msg(
            "clv.learned_skipped",
            first=first.isoformat(),
            as_of=as_of.isoformat(),
            days=(as_of - first).days,
            need=need,
            rows=n_rows,
            min_rows=MIN_TRAINING_CUSTOMERS,
        )
        return LearnedValue(None, {"skipped": True}, [warning])
    model, columns = _fit(rows, seed)
    now = _features(canonical, as_of, horizon_days)
    predicted = pd.Series(
        model.predict(now[columns].to_numpy(dtype="float64")), index=now.index, dtype="float64"
    )
    details: dict[str, Any] = {
        "cutoffs": [c.isoformat() for c in cutoffs],
        "training_rows": n_rows,
        "features": columns,
        "seed": seed,
        "validation_spearman": None,
    }
    if len(rows) >= 2:
        older, used = _fit(rows[1:], seed)
        x_new, y_new = rows[0]
        guess = older.predict(x_new[used].to_numpy(dtype="float64"))
        if np.unique(guess).size > 1 and y_new.nunique() > 1:
            rho = float(spearmanr(guess, y_new.to_numpy()).statistic)
            details["validation_spearman"] = round(rho, 4)
    return LearnedValue(predicted, details, [])
