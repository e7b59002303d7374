"""Resources and their return (资源分配矩阵, 资源回报分析): what each customer's service level costs
in sales hours and money, how a monthly budget is best spent, and what each tier returns per
unit of cost.

Input columns: ``service_level`` (the playbook's, as its English text: VIP, Key, Standard,
Basic …), ``tier``, ``revenue_12m``; when present ``predicted_revenue``, ``owner`` (the
salesperson) and ``cost_to_serve`` (what serving the customer cost in the last 12 months, from
the data). Output columns, per customer and month: ``service_hours`` and ``service_money`` (what
its level asks: calls, visits, samples, e-mails × their unit hours and costs), ``allocated_hours``
and ``allocated_money`` (what the budget gives it).

Allocation (the recommendation). Levels are served in the order of ``resources.levels`` (the
most valuable first): each level gets all it asks while the monthly hours and money last; the
level where they run out gets the same share for every customer in it; the levels after it get
nothing. Sales hours are costed at ``hour_cost`` to put hours and money on one scale.

Return per tier: ``roi`` = revenue of the last 12 months / 12 months of allocated cost;
``predicted_roi`` the same with predicted revenue. When the data has ``cost_to_serve``, the
current cost per tier is shown beside the recommended one, with the gap.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from tiercli import schema
from tiercli.catalogue import Both, Labels, Message, Val, define, msg
from tiercli.classifiers.base import Classified, Classifier, Context, Explanation, Summary
from tiercli.classifiers.summaries import OWNER_COLUMN
from tiercli.config.models import ResourcesConfig
from tiercli.schema import Column

COLUMNS = (
    Column("service_hours", "decimal", "所需工时(月)", "Service hours / month", "resources",
           "Sales hours a month the customer's service level asks"),
    Column("service_money", "money", "所需费用(月)", "Service cost / month", "resources",
           "Money a month the service level asks (visits' travel, samples)"),
    Column("allocated_hours", "decimal", "分配工时(月)", "Hours given / month", "resources",
           "Sales hours a month the budget gives the customer"),
    Column("allocated_money", "money", "分配费用(月)", "Money given / month", "resources",
           "Money a month the budget gives the customer"),
)  # fmt: skip
REPORT = "resources (report table)"
TABLE_COLUMNS = (
    Column("required_hours", "decimal", "所需工时", "Hours asked", REPORT,
           "Sales hours a month the group's service levels ask"),
    Column("required_money", "money", "所需费用", "Cost asked", REPORT,
           "Money a month the group's service levels ask"),
    Column("coverage", "percent", "满足率", "Covered", REPORT,
           "Share of the asked hours the budget gives"),
    Column("allocated_cost", "money", "月成本", "Cost / month", REPORT,
           "Allocated hours × hour cost + allocated money, a month"),
    Column("cost_per_customer", "money", "单客成本(月)", "Cost per customer / month", REPORT,
           "Allocated cost a month per customer"),
    Column("roi", "decimal", "回报倍数", "Revenue / cost", REPORT,
           "Revenue of the last 12 months / 12 months of allocated cost"),
    Column("predicted_roi", "decimal", "预测回报倍数", "Predicted revenue per cost", REPORT,
           "Predicted revenue / 12 months of allocated cost"),
    Column("current_cost", "money", "当前成本(月)", "Current cost / month", REPORT,
           "Cost to serve from the data, a month (12-month figure / 12)"),
    Column("cost_gap", "money", "成本差额(月)", "Gap to recommended / month", REPORT,
           "Recommended − current cost a month (positive: spend more)"),
)  # fmt: skip
MESSAGES = {
    "resources.unknown_levels": (
        "资源分配：{n} 位客户的服务层级（{levels}）不在 resources -> levels 中，按零成本计；请补充",
        "resources: {n} customer(s) have a service level that resources -> levels does not "
        "cost ({levels}); they count as costing nothing — add them",
    ),
    "resources.short": (
        "资源分配：服务层级共需每月 {hours:,.0f} 工时、{money:,.0f} 费用，预算为 {have_hours:,.0f} "
        "工时、{have_money:,.0f}；按层级优先满足，{level}只能满足 {share:.0%}",
        "resources: the service levels ask {hours:,.0f} hours and {money:,.0f} a month, the "
        "budget is {have_hours:,.0f} hours and {have_money:,.0f}; levels are served in order and "
        "{level} gets {share:.0%} of what it asks",
    ),
    "resources.rule": (
        "服务层级 {level}：每月 {calls:g} 次电话、{emails:g} 封邮件，每年 {visits:g} 次拜访、{samples:g} "
        "次寄样 → 每月 {hours:.1f} 工时、{money:,.2f} 费用；预算满足该层级的 {share:.0%} → 分配 "
        "{alloc_hours:.1f} 工时、{alloc_money:,.2f}",
        "service level {level}: {calls:g} calls and {emails:g} e-mails a month, {visits:g} visits "
        "and {samples:g} samples a year → {hours:.1f} hours and {money:,.2f} a month; the budget "
        "covers {share:.0%} of the level → {alloc_hours:.1f} hours and {alloc_money:,.2f}",
    ),
    "resources.no_level": ("没有服务层级：不分配资源", "no service level: no resources"),
}
define(MESSAGES)
schema.register(TABLE_COLUMNS)
_ALL = Both("全部", "All")
NONE = "(none)"
_NONE = Both("（无）", "(none)")


def _asked(levels: pd.Series, cfg: ResourcesConfig) -> tuple[pd.Series, pd.Series]:
    """Hours and money a month each customer's service level asks (vectorised by level)."""
    hours = {name: cfg.level_hours(name) for name in cfg.levels}
    money = {name: cfg.level_money(name) for name in cfg.levels}
    return (
        levels.map(hours).astype("float64").fillna(0.0),
        levels.map(money).astype("float64").fillna(0.0),
    )


def _coverage(
    levels: pd.Series, need_hours: pd.Series, need_money: pd.Series, cfg: ResourcesConfig
) -> dict[str, float]:
    """Share of what each level asks that the budget covers, levels served in config order."""
    left_hours, left_money = cfg.monthly_hours, cfg.monthly_budget
    share: dict[str, float] = {}
    for name in cfg.levels:
        at = levels == name
        hours, money = float(need_hours[at].sum()), float(need_money[at].sum())
        fits = [1.0]
        if hours > 0:
            fits.append(max(left_hours, 0.0) / hours)
        if money > 0:
            fits.append(max(left_money, 0.0) / money)
        share[name] = min(fits)
        left_hours -= hours * share[name]
        left_money -= money * share[name]
    return share


def _cents_down(values: pd.Series) -> pd.Series:
    """Round down to 0.01 (a hair above, for 0.07 stored as 0.06999…)."""
    return np.floor(values * 100 + 1e-6) / 100


def classify(ctx: Context, cfg: ResourcesConfig) -> Classified:
    customers = ctx.customers
    levels = customers["service_level"].astype("string")
    need_hours, need_money = _asked(levels, cfg)
    share = _coverage(levels, need_hours, need_money, cfg)
    # Stored to the cent. A level the budget covers in part gets its share rounded down: hundreds
    # of small shares rounded to nearest added up to more than the budget.
    asked_hours, asked_money = need_hours.round(2), need_money.round(2)
    factor = levels.map(share).astype("float64").fillna(0.0)
    full = factor >= 1.0
    columns = pd.DataFrame(
        {
            "service_hours": asked_hours,
            "service_money": asked_money,
            "allocated_hours": asked_hours.where(full, _cents_down(need_hours * factor)),
            "allocated_money": asked_money.where(full, _cents_down(need_money * factor)),
        },
        index=customers.index,
    )
    warnings: list[Message] = []
    unknown = levels.notna() & ~levels.isin(list(cfg.levels))
    if unknown.any():
        names = sorted(levels[unknown].unique())[:5]
        warnings.append(msg("resources.unknown_levels", n=int(unknown.sum()), levels=names))
    short = [name for name, s in share.items() if s < 1 and (levels == name).any()]
    if short:
        first = short[0]
        warnings.append(
            msg(
                "resources.short",
                hours=float(asked_hours.sum()),
                money=float(asked_money.sum()),
                have_hours=cfg.monthly_hours,
                have_money=cfg.monthly_budget,
                level=Val("service_level", first),
                share=share[first],
            )
        )
    details = {
        "monthly_hours": cfg.monthly_hours,
        "monthly_budget": cfg.monthly_budget,
        "hour_cost": cfg.hour_cost,
        "coverage": {k: round(v, 4) for k, v in share.items()},
        # the customers' asks as stored (to the cent), so the sheet's totals say the same
        "hours_asked": round(float(asked_hours.sum()), 2),
        "money_asked": round(float(asked_money.sum()), 2),
    }
    return Classified(columns, details, warnings)


def allocation_table(
    customers: pd.DataFrame, by: str, cfg: ResourcesConfig, order: list[str] | None = None
) -> pd.DataFrame:
    """Per value of *by* (tier, owner, service level) and in all: customers, hours and money
    asked and allocated, coverage, cost per customer, return per unit of cost, and — when the
    data has ``cost_to_serve`` — the current cost and the gap."""
    frame = customers.assign(_group=customers[by].astype("string").fillna(NONE))
    frame["_cost"] = frame["allocated_hours"] * cfg.hour_cost + frame["allocated_money"]
    grouped = frame.groupby("_group", sort=False, observed=True)
    table = pd.DataFrame(
        {
            "customers": grouped.size(),
            "required_hours": grouped["service_hours"].sum(),
            "allocated_hours": grouped["allocated_hours"].sum(),
            "required_money": grouped["service_money"].sum(),
            "allocated_money": grouped["allocated_money"].sum(),
            "allocated_cost": grouped["_cost"].sum(),
            "revenue_12m": grouped["revenue_12m"].sum(),
        }
    )
    if "predicted_revenue" in frame:
        table["predicted_revenue"] = grouped["predicted_revenue"].sum(min_count=1)
    if "cost_to_serve" in frame and frame["cost_to_serve"].notna().any():
        table["current_cost"] = grouped["cost_to_serve"].sum(min_count=1) / 12
    known = [g for g in (order or []) if g in table.index]
    table = table.reindex(known + sorted(g for g in table.index if g not in known))
    total = table.sum(numeric_only=True).to_frame(_ALL.en).T
    table = pd.concat([table, total])
    table["coverage"] = (table["allocated_hours"] / table["required_hours"]).where(
        table["required_hours"] > 0
    )
    table["cost_per_customer"] = table["allocated_cost"] / table["customers"].replace(0, np.nan)
    yearly = (table["allocated_cost"] * 12).replace(0, np.nan)
    table["roi"] = table["revenue_12m"] / yearly
    if "predicted_revenue" in table:
        table["predicted_roi"] = table["predicted_revenue"] / yearly
    if "current_cost" in table:
        table["cost_gap"] = table["allocated_cost"] - table["current_cost"]
    table["customers"] = table["customers"].astype("int64")
    table.index.name = by
    order = [
        "customers", "required_hours", "allocated_hours", "coverage", "required_money",
        "allocated_money", "allocated_cost", "cost_per_customer", "revenue_12m",
        "predicted_revenue", "roi", "predicted_roi", "current_cost", "cost_gap",
    ]  # fmt: skip
    return table[[c for c in order if c in table]].round(4)


def summarise(
    customers: pd.DataFrame, cfg: ResourcesConfig, details: dict[str, Any], labels: Labels
) -> list[Summary]:
    extra = {_ALL.en: (_ALL.zh, _ALL.en), NONE: (_NONE.zh, _NONE.en)}
    labels.add({key: extra for key in ("tier", "owner")})
    out = []
    for by, zh, en in (("tier", "按客户等级", "by tier"), ("owner", "按业务员", "by salesperson")):
        if by not in customers or customers[by].notna().sum() == 0:  # no owners in the data
            continue
        order = labels.codes(by)
        if by == "owner":  # salespeople by revenue, highest first (as the owner table)
            revenue = customers.groupby("owner")["revenue"].sum(min_count=1).fillna(0.0)
            order = revenue.sort_values(ascending=False, kind="stable").index.tolist()
        table = allocation_table(customers, by, cfg, order).reset_index()
        out.append(
            Summary(
                f"resources_{by}",
                table,
                Both(f"资源分配与回报（{zh}）", f"Resources and return ({en})"),
                group="sheet",
                sheet=Both("资源分配", "Resources"),
                preview=(by, "customers", "allocated_hours", "coverage", "roi"),
                chart="column",
                chart_columns=("required_hours", "allocated_hours"),
                preview_rows=None,
                columns={"owner": OWNER_COLUMN} if by == "owner" else {},
            )
        )
    return out


def explain(
    customers: pd.DataFrame, cid: str, cfg: ResourcesConfig, details: dict[str, Any]
) -> Explanation:
    row = customers.loc[cid]
    level = row["service_level"]
    values = {c.name: row[c.name] for c in COLUMNS}
    if pd.isna(level):
        return Explanation(values, rules=[msg("resources.no_level")])
    spec = cfg.levels.get(str(level))
    share = details.get("coverage", {}).get(str(level), 0.0)
    rule = msg(
        "resources.rule",
        level=Val("service_level", str(level)),
        calls=spec.calls_per_month if spec else 0.0,
        emails=spec.emails_per_month if spec else 0.0,
        visits=spec.visits_per_year if spec else 0.0,
        samples=spec.samples_per_year if spec else 0.0,
        hours=float(row["service_hours"]),
        money=float(row["service_money"]),
        share=float(share),
        alloc_hours=float(row["allocated_hours"]),
        alloc_money=float(row["allocated_money"]),
    )
    return Explanation(values, {"service_level": level}, [rule])


CLASSIFIER = Classifier(
    name="resources",
    title=Both("资源分配与回报", "Resources and return"),
    section="resources",
    settings=lambda cfg: cfg.resources,
    requires=("service_level", "revenue_12m"),
    provides=(*COLUMNS,),
    classify=classify,
    summarise=summarise,
    explain=explain,
    reads=lambda cfg: ["tier", "predicted_revenue", "owner", "cost_to_serve"],
    messages=MESSAGES,
)
