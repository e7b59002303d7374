"""Backtest (分层准确性检验): do the tiers predict what customers do next?

Tier the customers as of a cut-off date using only earlier orders, then look at the next
*horizon* days: how much of the future revenue each tier captured, how many of each tier bought
again, the lift of the top tier over picking customers at random, and the rank correlation
between the composite score and future revenue. Several configs can be scored on the same
split, so an analyst can tell which weights predict better.

:func:`evaluate` is pure (labels, scores and outcomes in, tables out); :func:`backtest` reads
the inputs once and runs the segmentation as of the cut-off for each config.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from scipy.stats import spearmanr

from tiercli.catalogue import Message, define, msg
from tiercli.config.models import Config
from tiercli.errors import InputError
from tiercli.io.loader import load_inputs
from tiercli.io.normalize import normalize
from tiercli.pipeline import run

TIER_COLUMNS = [
    "customers",
    "customer_share",
    "future_revenue",
    "future_revenue_share",
    "retention",
    "lift",
]


define(
    {
        "backtest.no_rank": (
            "{config}：客户太少或没有差异，无法计算秩相关",
            "{config}: too few customers or no variation to rank-correlate",
        ),
        "backtest.no_revenue": (
            "{config}：观察期内没有销售额，占比与提升倍数均为 0",
            "{config}: no revenue in the horizon: shares and lift are 0",
        ),
        "backtest.short_data": (
            "{config}：数据截至 {last}，早于观察期结束日 {end}",
            "{config}: the data end on {last}, before the horizon ends on {end}",
        ),
    }
)


@dataclass(frozen=True)
class Evaluation:
    """One config's backtest: per-tier table and the headline numbers."""

    name: str
    tiers: pd.DataFrame
    spearman: float | None
    top_tier: str | None
    top_lift: float | None
    top_capture: float | None
    customers: int
    warnings: list[Message] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "config": self.name,
            "customers": self.customers,
            "spearman": _round(self.spearman),
            "top_tier": self.top_tier,
            "top_tier_lift": _round(self.top_lift),
            "top_tier_capture": _round(self.top_capture),
            "tiers": [
                {"tier": str(t), **{k: _round(v) for k, v in row.items()}}
                for t, row in self.tiers.iterrows()
            ],
            "warnings": [w.as_dict() for w in self.warnings],
        }


def _round(value: Any) -> Any:
    if value is None or pd.isna(value):
        return None
    value = value.item() if hasattr(value, "item") else value
    return round(value, 4) if isinstance(value, float) else value


def outcomes(lines: pd.DataFrame, cutoff: dt.date, horizon_days: int) -> pd.DataFrame:
    """Per customer, what happened in (cutoff, cutoff + horizon]: future_revenue (net of
    returns) and future_orders (distinct non-return orders)."""
    start = pd.Timestamp(cutoff) + pd.Timedelta(days=1)
    end = start + pd.Timedelta(days=horizon_days)
    window = lines.loc[(lines["order_date"] >= start) & (lines["order_date"] < end)]
    revenue = window.groupby("customer_id")["amount"].sum()
    sales = window.loc[~window["is_return"].astype(bool)]
    orders = sales.groupby("customer_id")["order_id"].nunique()
    return pd.DataFrame({"future_revenue": revenue, "future_orders": orders}).fillna(0)


def evaluate(
    name: str, tiers: pd.Series, score: pd.Series, future: pd.DataFrame, order: list[str]
) -> Evaluation:
    """Score one tiering against the outcomes.

    *tiers* and *score* are indexed by customer_id (customers tiered as of the cut-off);
    *future* comes from :func:`outcomes`; *order* lists tiers best first. Customers without a
    tier are left out. ``lift`` = a tier's share of future revenue / its share of customers.
    """
    tiered = tiers.dropna()
    revenue = future["future_revenue"].reindex(tiered.index).fillna(0.0)
    bought = future["future_orders"].reindex(tiered.index).fillna(0) > 0
    total = float(revenue.clip(lower=0).sum())
    grouped = pd.DataFrame({"tier": tiered, "revenue": revenue, "bought": bought}).groupby(
        "tier", observed=True
    )
    table = (
        pd.DataFrame(
            {
                "customers": grouped.size(),
                "future_revenue": grouped["revenue"].sum(),
                "retention": grouped["bought"].mean(),
            }
        )
        .reindex(order)
        .dropna(how="all")
    )
    table["customers"] = table["customers"].fillna(0).astype("int64")
    n = int(table["customers"].sum())
    table["customer_share"] = table["customers"] / n if n else 0.0
    table["future_revenue_share"] = table["future_revenue"].clip(lower=0) / total if total else 0.0
    table["lift"] = (table["future_revenue_share"] / table["customer_share"]).where(
        table["customer_share"] > 0
    )
    table.index.name = "tier"
    warnings: list[Message] = []
    scored = pd.DataFrame({"score": score.reindex(tiered.index), "revenue": revenue}).dropna()
    rho = None
    if len(scored) >= 3 and scored["score"].nunique() > 1 and scored["revenue"].nunique() > 1:
        rho = float(spearmanr(scored["score"], scored["revenue"]).statistic)
    else:
        warnings.append(msg("backtest.no_rank", config=name))
    if total <= 0:
        warnings.append(msg("backtest.no_revenue", config=name))
    top = table.index[0] if len(table) else None
    return Evaluation(
        name=name,
        tiers=table[TIER_COLUMNS],
        spearman=rho,
        top_tier=str(top) if top is not None else None,
        top_lift=float(table["lift"].iloc[0]) if len(table) and total else None,
        top_capture=float(table["future_revenue_share"].iloc[0]) if len(table) else None,
        customers=n,
        warnings=warnings,
    )


def backtest(
    files: list[Path],
    configs: list[tuple[str, Config]],
    cutoff: dt.date,
    horizon_days: int,
    *,
    orders: list[Path] | None = None,
    customers: list[Path] | None = None,
    inquiries: list[Path] | None = None,
) -> list[Evaluation]:
    """Read the inputs once; for each (name, config), tier as of *cutoff* and evaluate the next
    *horizon_days*. The first config reads the inputs (its input and currency settings apply
    to all)."""
    if horizon_days <= 0:
        raise InputError(f"--horizon: must be a positive number of days, got {horizon_days}")
    first = configs[0][1]
    inputs = load_inputs(files, first, orders=orders, customers=customers, inquiries=inquiries)
    end = cutoff + dt.timedelta(days=horizon_days)
    everything = normalize(inputs.sheets, first, end)
    known = everything.lines["order_date"]
    if known.empty or known.min() > pd.Timestamp(cutoff):
        raise InputError(f"--cutoff {cutoff}: no order on or before it; pick a later date")
    if known.max() <= pd.Timestamp(cutoff):
        raise InputError(
            f"--cutoff {cutoff}: no order after it (the data end on {known.max().date()}); "
            "pick an earlier cut-off so the horizon has something to measure"
        )
    future = outcomes(everything.lines, cutoff, horizon_days)
    results = []
    for name, cfg in configs:
        tables = normalize(inputs.sheets, cfg, cutoff)
        result = run(tables, cfg, inputs)
        if "tier" not in result.customers:
            raise InputError(
                f"{name}: scoring is disabled in this config, so there are no tiers to test"
            )
        order = [level.name for level in cfg.scoring.tiers.levels]
        evaluation = evaluate(
            name, result.customers["tier"], result.customers["composite_score"], future, order
        )
        if known.max() < pd.Timestamp(end):
            evaluation.warnings.append(
                msg("backtest.short_data", config=name, last=known.max().date(), end=end)
            )
        results.append(evaluation)
    return results
