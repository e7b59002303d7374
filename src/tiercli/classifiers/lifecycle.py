"""Lifecycle stage from each customer's own purchase rhythm (客户生命周期).

Input columns: ``orders``, ``order_days``, ``recency_days``, ``tenure_days``,
``median_gap_days``. Output: ``lifecycle`` (prospect / new / active / sleeping / lost),
``expected_gap_days`` and ``days_overdue``, indexed by customer_id.

Rules, in order (all numbers from the ``lifecycle`` config section):

1. no order line at all → ``prospect``; only returns in the data (the purchase predates it) →
   no stage (empty);
2. first order at most ``new_days`` before the as-of → ``new``;
3. recency beyond ``lost_after_days`` → ``lost`` (whatever the rhythm);
4. customers who ordered on two or more days: the expected gap is their median gap, floored at
   ``min_gap_days``; recency ≤ ``sleeping_after`` × gap → ``active``, ≤ ``lost_after`` × gap →
   ``sleeping``, else ``lost``;
5. one order day: recency ≤ ``single_order_sleeping_days`` → ``active``,
   ≤ ``single_order_lost_days`` → ``sleeping``, else ``lost``.

``days_overdue`` = recency − expected gap (the sleeping bound for one-order customers), ≥ 0.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from tiercli.catalogue import Both, Labels, Val, define, msg
from tiercli.classifiers.base import Classified, Classifier, Context, Explanation, Summary
from tiercli.classifiers.summaries import group_table
from tiercli.config.models import LifecycleConfig
from tiercli.schema import Column

STAGES = ["prospect", "new", "active", "sleeping", "lost"]
COLUMNS = (
    Column(
        "lifecycle",
        "label",
        "生命周期",
        "Lifecycle",
        "lifecycle",
        "Stage from the customer's own purchase rhythm",
        values={
            "prospect": ("潜在客户", "Prospect"),
            "new": ("新成交客户", "Newly won"),
            "active": ("活跃客户", "Active"),
            "sleeping": ("沉睡客户", "Sleeping"),
            "lost": ("流失客户", "Lost"),
        },
    ),
    Column(
        "expected_gap_days",
        "decimal",
        "预期下单间隔(天)",
        "Expected gap (days)",
        "lifecycle",
        "The customer's usual gap between orders (median, floored), or the one-order bound",
    ),
    Column(
        "days_overdue",
        "integer",
        "下单逾期天数",
        "Order days overdue",
        "lifecycle",
        "Days since the last order beyond the expected gap",
    ),
)
MESSAGES = {
    "lifecycle.prospect": ("还没有订单 → {stage}", "no order yet → {stage}"),
    "lifecycle.returns_only": (
        "数据中只有退货（购买早于数据范围）：不划分阶段",
        "only returns in the data (the purchases predate it): no stage",
    ),
    "lifecycle.new": (
        "首单在 {tenure} 天前 ≤ 新客户天数 {new_days} → {stage}",
        "first order {tenure} days ago ≤ new_days {new_days} → {stage}",
    ),
    "lifecycle.too_old": (
        "距上次下单 {recency} 天 > 流失天数 {lost_days} → {stage}",
        "{recency} days since the last order > lost_after_days {lost_days} → {stage}",
    ),
    "lifecycle.rhythm": (
        "距上次下单 {recency} 天；通常间隔 {usual:g} 天（中位数 {gap:g}，至少 {floor:g}）："
        "活跃 ≤ {sleeping:g}× = {active_to:g}，沉睡 ≤ {lost:g}× = {sleeping_to:g} → {stage}",
        "{recency} days since the last order; usual gap {usual:g} days (median {gap:g}, at "
        "least {floor:g}): active ≤ {sleeping:g}× = {active_to:g}, sleeping ≤ {lost:g}× = "
        "{sleeping_to:g} → {stage}",
    ),
    "lifecycle.one_day": (
        "只有一个下单日，在 {recency} 天前：活跃 ≤ {active_to}，沉睡 ≤ {sleeping_to} → {stage}",
        "one order day, {recency} days ago: active ≤ {active_to}, sleeping ≤ {sleeping_to} "
        "→ {stage}",
    ),
}
define(MESSAGES)


def classify(ctx: Context, cfg: LifecycleConfig) -> Classified:
    customers = ctx.customers
    orders = customers["orders"].astype("float64")
    returns_only = orders == 0
    orders = orders.fillna(0)
    recency = customers["recency_days"].astype("float64")
    tenure = customers["tenure_days"].astype("float64")
    repeat = customers["order_days"].astype("float64").fillna(0) >= 2
    gap = customers["median_gap_days"].astype("float64").clip(lower=cfg.min_gap_days)
    expected = gap.where(repeat, float(cfg.single_order_sleeping_days))
    sleeping_at = (gap * cfg.sleeping_after).where(repeat, cfg.single_order_sleeping_days)
    lost_at = (gap * cfg.lost_after).where(repeat, cfg.single_order_lost_days)
    prospect = orders <= 0
    too_old = recency > cfg.lost_after_days if cfg.lost_after_days else recency < -np.inf
    stage = np.select(
        [prospect, tenure <= cfg.new_days, too_old, recency <= sleeping_at, recency <= lost_at],
        ["prospect", "new", "lost", "active", "sleeping"],
        default="lost",
    )
    overdue = (recency - expected).clip(lower=0).where(~prospect)
    columns = pd.DataFrame(
        {
            "lifecycle": pd.Series(stage, index=customers.index, dtype="string").mask(returns_only),
            "expected_gap_days": expected.where(~prospect).round(1),
            "days_overdue": overdue.round(0).astype("Int64"),
        },
        index=customers.index,
    )
    counts = columns["lifecycle"].value_counts()
    return Classified(columns, {"counts": {s: int(counts.get(s, 0)) for s in STAGES}})


def summarise(
    customers: pd.DataFrame, cfg: LifecycleConfig, details: dict[str, Any], labels: Labels
) -> list[Summary]:
    table = group_table(customers, "lifecycle", STAGES)
    return [Summary("lifecycle", table, Both("生命周期", "Lifecycle stages"), "compact", "column")]


def explain(
    customers: pd.DataFrame, cid: str, cfg: LifecycleConfig, details: dict[str, Any]
) -> Explanation:
    """The rule of :func:`classify` that gave the stage, with the numbers it compared."""
    row = customers.loc[cid]
    raw = row["lifecycle"]
    stage = Val("lifecycle", str(raw))
    recency, tenure = row["recency_days"], row["tenure_days"]
    order_days = 0 if pd.isna(row["order_days"]) else int(row["order_days"])
    gap = row["median_gap_days"]
    if pd.isna(raw):  # (first: NA compared with a stage is neither true nor false)
        rule = msg("lifecycle.returns_only")
    elif raw == "prospect":
        rule = msg("lifecycle.prospect", stage=stage)
    elif pd.notna(tenure) and tenure <= cfg.new_days:
        rule = msg("lifecycle.new", tenure=int(tenure), new_days=cfg.new_days, stage=stage)
    elif cfg.lost_after_days and recency > cfg.lost_after_days:
        rule = msg(
            "lifecycle.too_old", recency=int(recency), lost_days=cfg.lost_after_days, stage=stage
        )
    elif order_days >= 2:
        usual = max(float(gap), cfg.min_gap_days)
        rule = msg(
            "lifecycle.rhythm",
            recency=int(recency),
            usual=usual,
            gap=float(gap),
            floor=cfg.min_gap_days,
            sleeping=cfg.sleeping_after,
            active_to=usual * cfg.sleeping_after,
            lost=cfg.lost_after,
            sleeping_to=usual * cfg.lost_after,
            stage=stage,
        )
    else:
        rule = msg(
            "lifecycle.one_day",
            recency=int(recency),
            active_to=cfg.single_order_sleeping_days,
            sleeping_to=cfg.single_order_lost_days,
            stage=stage,
        )
    inputs = {c: row[c] for c in ("recency_days", "tenure_days", "order_days", "median_gap_days")}
    values = {c.name: row[c.name] for c in COLUMNS}
    return Explanation(values, inputs, [rule])


CLASSIFIER = Classifier(
    name="lifecycle",
    title=Both("生命周期", "Lifecycle"),
    section="lifecycle",
    settings=lambda cfg: cfg.lifecycle,
    requires=("orders", "order_days", "recency_days", "tenure_days", "median_gap_days"),
    provides=COLUMNS,
    classify=classify,
    summarise=summarise,
    explain=explain,
    messages=MESSAGES,
)
