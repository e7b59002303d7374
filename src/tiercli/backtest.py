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
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import spearmanr

from tiercli.catalogue import Labels, Message, define, msg, plain
from tiercli.config.models import Config
from tiercli.errors import InputError
from tiercli.io.loader import load_inputs
from tiercli.io.normalize import AllAfterAsOf, Tables, normalize
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
        # errors
        "backtest.bad_horizon": (
            "--horizon：必须是正的天数，现为 {horizon}",
            "--horizon: must be a positive number of days, got {horizon}",
        ),
        "backtest.bad_cutoffs": (
            "--cutoffs：至少为 1，现为 {cutoffs}",
            "--cutoffs: must be 1 or more, got {cutoffs}",
        ),
        "backtest.rolling_nothing_before": (
            "--cutoffs {cutoffs}：截止日 {day}（--cutoff {cutoff} 之前 {k} × {horizon} 天）当天及"
            "之前没有订单；请减少 --cutoffs",
            "--cutoffs {cutoffs}: the cut-off {day} ({k} × {horizon} days before --cutoff "
            "{cutoff}) has no order on or before it; ask for fewer --cutoffs",
        ),
        "backtest.nothing_before": (
            "--cutoff {cutoff}：当天及之前没有订单；请选一个更晚的日期",
            "--cutoff {cutoff}: no order on or before it; pick a later date",
        ),
        "backtest.nothing_after": (
            "--cutoff {cutoff}：之后没有订单（数据截至 {last}）；请选一个更早的截止日，使观察期内"
            "有可衡量的数据",
            "--cutoff {cutoff}: no order after it (the data end on {last}); pick an earlier "
            "cut-off so the horizon has something to measure",
        ),
        "backtest.no_tiers": (
            "{config}：此配置未启用评分，没有可检验的等级",
            "{config}: scoring is disabled in this config, so there are no tiers to test",
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
    cutoff: str | None = None
    config: str | None = None
    rankings: list[Ranking] = field(default_factory=list)
    calibration: pd.DataFrame | None = None
    labels: Labels = field(default_factory=Labels)  # the run's (its config's tier names)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "config": self.config or self.name,
            "customers": self.customers,
            "spearman": plain(self.spearman, 4),
            "top_tier": self.top_tier,
            "top_tier_lift": plain(self.top_lift, 4),
            "top_tier_capture": plain(self.top_capture, 4),
            "tiers": [
                {
                    "tier": str(t),
                    **{k: int(v) if k == "customers" else plain(v, 4) for k, v in row.items()},
                }
                for t, row in self.tiers.iterrows()
            ],
            "warnings": [w.as_dict() for w in self.warnings],
        }
        if self.cutoff is not None:
            out["cutoff"] = self.cutoff
        if self.rankings:
            out["rankings"] = [r.as_dict() for r in self.rankings]
        if self.calibration is not None:
            out["calibration"] = [
                {
                    k: int(v) if k in ("decile", "customers") else plain(float(v), 4)
                    for k, v in row.items()
                }
                for row in self.calibration.to_dict("records")
            ]
        return out


CURVE_SHARES: tuple[float, ...] = tuple(round(0.05 * k, 2) for k in range(1, 21))
"""Customer shares at which the capture curve is reported (5%, 10%, … 100%)."""
TOP_SHARE = 0.2


@dataclass(frozen=True)
class Ranking:
    """One ranking of the tiered customers against their future revenue: ``column`` is the
    customer-table column ranked (best first: highest, or lowest for ``recency_days``),
    ``spearman`` its rank correlation with future revenue, ``top_capture`` the share of the
    future revenue held by its top 20% of customers, ``curve`` that share at each of
    :data:`CURVE_SHARES`."""

    column: str
    spearman: float | None
    top_capture: float | None
    curve: tuple[float, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "ranking": self.column,
            "spearman": plain(self.spearman, 4),
            "top_20_capture": plain(self.top_capture, 4),
            "curve": [round(v, 4) for v in self.curve],
        }


def capture_curve(score: pd.Series, revenue: pd.Series, shares: tuple[float, ...]) -> list[float]:
    """Share of the (positive) future revenue held by the best-scored ``share`` of customers,
    for each share. Missing scores rank last; ties are broken by customer id (stable), so the
    curve of a constant score is the id order's."""
    frame = pd.DataFrame({"score": score, "revenue": revenue.clip(lower=0.0)})
    frame = frame.sort_index(kind="stable")
    order = np.argsort(-frame["score"].fillna(-np.inf).to_numpy(dtype="float64"), kind="stable")
    cumulative = np.cumsum(frame["revenue"].to_numpy(dtype="float64")[order])
    total = float(cumulative[-1]) if cumulative.size else 0.0
    n = len(frame)
    out = []
    for share in shares:
        k = round(share * n)
        out.append(float(cumulative[k - 1]) / total if k > 0 and total > 0 else 0.0)
    return out


def ranking_columns(customers: pd.DataFrame, cfg: Config) -> list[str]:
    """The rankings a backtest compares: composite, each dimension, predicted value, plain
    revenue and recency (those the run has)."""
    wanted = [
        "composite_score",
        *(f"{d}_score" for d in cfg.scoring.dimensions),
        "predicted_revenue",
        "p_alive",
        "revenue",
        "recency_days",
    ]
    return [c for c in wanted if c in customers.columns and customers[c].notna().any()]


def rank_against(
    customers: pd.DataFrame, future: pd.DataFrame, columns: list[str]
) -> list[Ranking]:
    """:class:`Ranking` of each column over the customers that have a tier."""
    tiered = customers.loc[customers["tier"].notna()] if "tier" in customers else customers
    revenue = future["future_revenue"].reindex(tiered.index).fillna(0.0)
    out = []
    for column in columns:
        score = pd.to_numeric(tiered[column], errors="coerce").astype("float64")
        if column == "recency_days":
            score = -score  # lower is better
        curve = capture_curve(score, revenue, CURVE_SHARES)
        both = pd.DataFrame({"s": score, "r": revenue}).dropna()
        rho = None
        if len(both) >= 3 and both["s"].nunique() > 1 and both["r"].nunique() > 1:
            rho = float(spearmanr(both["s"], both["r"]).statistic)
        top = capture_curve(score, revenue, (TOP_SHARE,))[0]
        out.append(Ranking(column, rho, top, tuple(curve)))
    return out


def future_days(lines: pd.DataFrame, cutoff: dt.date, horizon_days: int) -> pd.Series:
    """Per customer, distinct purchase days (non-return lines) in (cutoff, cutoff + horizon]:
    what ``expected_orders`` predicts."""
    start = pd.Timestamp(cutoff) + pd.Timedelta(days=1)
    end = start + pd.Timedelta(days=horizon_days)
    window = lines.loc[(lines["order_date"] >= start) & (lines["order_date"] < end)]
    sales = window.loc[~window["is_return"].astype(bool)]
    return (
        sales.assign(day=sales["order_date"].dt.normalize()).groupby("customer_id")["day"].nunique()
    )


def calibration(
    customers: pd.DataFrame, future: pd.DataFrame, days: pd.Series
) -> pd.DataFrame | None:
    """Predicted vs actual per decile of predicted revenue (1 = highest): customers, mean
    expected_orders vs mean purchase days, mean predicted_revenue vs mean future revenue.
    None when the run has no predicted revenue."""
    if "predicted_revenue" not in customers or customers["predicted_revenue"].isna().all():
        return None
    have = customers.loc[customers["predicted_revenue"].notna()]
    predicted = have["predicted_revenue"].astype("float64")
    rank = predicted.rank(method="first", ascending=False)
    decile = np.ceil(rank / len(have) * 10).clip(1, 10).astype("int64")
    frame = pd.DataFrame(
        {
            "decile": decile,
            "predicted_orders": have.get("expected_orders", pd.Series(np.nan, index=have.index)),
            "actual_orders": days.reindex(have.index).fillna(0).astype("float64"),
            "predicted_revenue": predicted,
            "actual_revenue": future["future_revenue"].reindex(have.index).fillna(0.0),
        }
    )
    grouped = frame.groupby("decile")
    table = grouped.mean()
    table.insert(0, "customers", grouped.size())
    return table.reset_index()


def rolling_summary(evaluations: list[Evaluation]) -> list[dict[str, Any]]:
    """Per config and ranking over the cut-offs: mean and standard deviation (ddof 1; None for
    one cut-off) of Spearman and top-20% capture."""
    rows: dict[tuple[str, str], list[Ranking]] = {}
    for ev in evaluations:
        for r in ev.rankings:
            rows.setdefault((ev.config or ev.name, r.column), []).append(r)
    out = []
    for (config, column), found in rows.items():
        entry: dict[str, Any] = {"config": config, "ranking": column, "cutoffs": len(found)}
        for key in ("spearman", "top_capture"):
            values = np.array([getattr(r, key) for r in found if getattr(r, key) is not None])
            name = "top_20_capture" if key == "top_capture" else key
            entry[f"{name}_mean"] = plain(float(values.mean()), 4) if values.size else None
            entry[f"{name}_sd"] = plain(float(values.std(ddof=1)), 4) if values.size > 1 else None
        out.append(entry)
    return out


def predicting(cfg: Config, horizon_days: int) -> Config:
    """*cfg* with the value model predicting *horizon_days* (in a backtest or a tuning run the
    predicted value is the horizon that is measured, not the config's own)."""
    return cfg.model_copy(update={"clv": cfg.clv.model_copy(update={"horizon_days": horizon_days})})


def as_then(later: Tables, then: Tables) -> pd.DataFrame:
    """*later*'s order lines (read to a horizon's end) under the customer ids of *then* (read
    to the cut-off): identity resolution over more months may have chosen another id for a
    customer (the later ``C-001`` beside ``C001``), and the future joined on the cut-off's ids
    would have lost it. Each later id goes by the cut-off id of the source ids they share."""
    if later.identity is None or then.identity is None:
        return later.lines
    pairs = later.identity.sources[["source_id", "customer_id"]].merge(
        then.identity.sources[["source_id", "customer_id"]], on="source_id", suffixes=("", "_then")
    )
    moved = pairs.loc[pairs["customer_id"] != pairs["customer_id_then"]]
    if moved.empty:
        return later.lines
    mapping = moved.drop_duplicates("customer_id").set_index("customer_id")["customer_id_then"]
    ids = later.lines["customer_id"]
    return later.lines.assign(customer_id=ids.map(mapping).fillna(ids).astype(ids.dtype))


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


def ends_before(tables: Tables, end: dt.date) -> bool:
    """Whether the order data end before *end*, the last day of a horizon: *tables* are read
    up to that day, so orders after it are only counted (``after_as_of``), and with none the
    last order read is where the data end. (A horizon that ends on a day without orders is
    covered all the same when the data go on.)"""
    recon = tables.reconciliation
    later = int(recon.loc[recon["table"] == "orders", "after_as_of"].sum())
    last = tables.lines["order_date"].max()
    return later == 0 and (pd.isna(last) or last < pd.Timestamp(end))


def backtest(
    files: list[Path],
    configs: list[tuple[str, Config]],
    cutoff: dt.date,
    horizon_days: int,
    *,
    orders: list[Path] | None = None,
    customers: list[Path] | None = None,
    inquiries: list[Path] | None = None,
    activities: list[Path] | None = None,
    cutoffs: int = 1,
) -> list[Evaluation]:
    """Read the inputs once; for each (name, config), tier as of *cutoff* and evaluate the next
    *horizon_days*. The first config reads the inputs (its input and currency settings apply
    to all).

    *cutoffs* > 1: rolling origin — also as of ``cutoff − k · horizon_days`` for k = 1 …
    cutoffs − 1, oldest first (see :func:`rolling_summary`). In a backtest the value model
    predicts the backtest horizon (``clv.horizon_days`` is set to *horizon_days*)."""
    if horizon_days <= 0:
        raise InputError(msg("backtest.bad_horizon", horizon=str(horizon_days)))
    if cutoffs < 1:
        raise InputError(msg("backtest.bad_cutoffs", cutoffs=str(cutoffs)))
    first = configs[0][1]
    inputs = load_inputs(
        files,
        first,
        orders=orders,
        customers=customers,
        inquiries=inquiries,
        activities=activities,
    )
    days = [cutoff - dt.timedelta(days=k * horizon_days) for k in range(cutoffs - 1, -1, -1)]
    results: list[Evaluation] = []
    for k, day in zip(range(cutoffs - 1, -1, -1), days, strict=True):
        try:
            results.extend(_backtest_one(inputs, configs, day, horizon_days, several=cutoffs > 1))
        except _NothingBefore:
            if not k:
                raise
            raise InputError(  # a cut-off the user did not type: say where it came from
                msg(
                    "backtest.rolling_nothing_before",
                    cutoffs=str(cutoffs),
                    day=str(day),
                    k=str(k),
                    horizon=str(horizon_days),
                    cutoff=str(cutoff),
                )
            ) from None
    return results


class _NothingBefore(InputError):
    """A cut-off with no order on or before it."""


def _backtest_one(
    inputs: Any,
    configs: list[tuple[str, Config]],
    cutoff: dt.date,
    horizon_days: int,
    *,
    several: bool,
) -> list[Evaluation]:
    first = configs[0][1]
    end = cutoff + dt.timedelta(days=horizon_days)
    early = _NothingBefore(msg("backtest.nothing_before", cutoff=str(cutoff)))
    try:
        everything = normalize(inputs.sheets, first, end)
    except AllAfterAsOf:  # (its horizon ends before the first order too)
        raise early from None
    known = everything.lines["order_date"]
    if known.empty or known.min() > pd.Timestamp(cutoff):
        raise early
    if known.max() <= pd.Timestamp(cutoff):
        raise InputError(
            msg("backtest.nothing_after", cutoff=str(cutoff), last=str(known.max().date()))
        )
    results = []
    for name, cfg in configs:
        cfg = predicting(cfg, horizon_days)
        tables = normalize(inputs.sheets, cfg, cutoff)
        result = run(tables, cfg, inputs)
        lines = as_then(everything, tables)  # the future under the cut-off's customer ids
        future = outcomes(lines, cutoff, horizon_days)
        days = future_days(lines, cutoff, horizon_days)
        if "tier" not in result.customers:
            raise InputError(msg("backtest.no_tiers", config=name))
        order = [level.name for level in cfg.scoring.tiers.levels]
        evaluation = evaluate(
            f"{name} · {cutoff.isoformat()}" if several else name,
            result.customers["tier"],
            result.customers["composite_score"],
            future,
            order,
        )
        evaluation = replace(
            evaluation,
            cutoff=cutoff.isoformat(),
            config=name,
            rankings=rank_against(result.customers, future, ranking_columns(result.customers, cfg)),
            calibration=calibration(result.customers, future, days),
            labels=result.labels,
        )
        if ends_before(everything, end):
            evaluation.warnings.append(
                msg("backtest.short_data", config=name, last=known.max().date(), end=end)
            )
        # what the run as of the cut-off said (a model skipped for too little history: the
        # ranking it would give is missing below, and this says why)
        evaluation.warnings.extend(result.warnings)
        results.append(evaluation)
    return results
