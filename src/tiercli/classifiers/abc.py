"""ABC (Pareto) classes on each customer's share of total value.

Input columns: ``orders``, ``revenue`` or ``profit``. Output: ``abc_class`` indexed by
customer_id.

Customers are ranked by value, highest first. A customer's class is decided by the cumulative
share of value held by customers ranked *strictly above* it: below ``a`` (80%) → A, below ``b``
(95%) → B, else C. So the customer who straddles a cut-off — whose own value carries the
cumulative share past it — joins the higher class, and customers with equal value always get
the same class whatever the row order. Customers with zero or negative net value get the
``non_positive`` class (C by default, or D); customers with no orders get none.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tiercli.catalogue import Both, Col, Labels, Val, define, msg
from tiercli.classifiers.base import Classified, Classifier, Context, Explanation, Summary
from tiercli.classifiers.summaries import group_table, pareto_curve
from tiercli.config.models import ABCConfig
from tiercli.schema import Column

COLUMNS = (
    Column(
        "abc_class",
        "label",
        "ABC 分类",
        "ABC class",
        "abc",
        "Pareto class: A holds the first 80% of value, B the next 15%, C the rest",
        values={
            "A": ("A 类", "A"),
            "B": ("B 类", "B"),
            "C": ("C 类", "C"),
            "D": ("D 类（非正值）", "D (not positive)"),
        },
    ),
)
MESSAGES = {
    "abc.no_profit": (
        "ABC：订单中没有利润数据，改用销售额",
        "abc: value is profit but the orders carry no profit column; ABC uses revenue instead",
    ),
    "abc.none_positive": (
        "ABC：没有客户的{source}为正，所有成交客户都归为{klass}",
        "abc: no customer has a positive {source}; every buyer is class {klass}",
    ),
    "abc.rule_none": ("没有订单：不分类", "no orders: no class"),
    "abc.rule_not_positive": (
        "{source} {value:,.2f} 不为正 → {klass}",
        "{source} {value:,.2f} is not positive → {klass}",
    ),
    "abc.rule": (
        "排在它前面的客户占{source}的 {before:.1%}（低于 {a:.0%} 为 A，低于 {b:.0%} 为 B）→ {klass}",
        "customers ranked above it hold {before:.1%} of {source} "
        "(A below {a:.0%}, B below {b:.0%}) → {klass}",
    ),
}
define(MESSAGES)


def classify(ctx: Context, cfg: ABCConfig) -> Classified:
    customers = ctx.customers
    warnings = []
    source = cfg.value
    if source == "profit" and customers["profit"].notna().sum() == 0:
        warnings.append(msg("abc.no_profit"))
        source = "revenue"
    buyers = customers["orders"].notna()
    value = customers[source].where(buyers)
    positive = value.where(value > 0)
    total = float(positive.sum())
    # Sum of the values strictly greater than each value: ties share the same "before" share.
    order = positive.dropna().sort_values(ascending=False)
    per_value = order.groupby(order, sort=False).sum().sort_index(ascending=False)
    before_value = per_value.cumsum().shift(1, fill_value=0.0)
    before = positive.map(before_value) / total if total > 0 else positive * 0
    klass = pd.Series(pd.NA, index=customers.index, dtype="string")
    klass[before.notna()] = "C"
    klass[before < cfg.b] = "B"
    klass[before < cfg.a] = "A"
    klass[buyers & positive.isna()] = cfg.non_positive
    if total <= 0 and buyers.any():
        warnings.append(
            msg("abc.none_positive", source=Col(source), klass=Val("abc_class", cfg.non_positive))
        )
    details = {"value": source, "a": cfg.a, "b": cfg.b, "non_positive_class": cfg.non_positive}
    return Classified(pd.DataFrame({"abc_class": klass}, index=customers.index), details, warnings)


def summarise(
    customers: pd.DataFrame, cfg: ABCConfig, details: dict[str, Any], labels: Labels
) -> list[Summary]:
    classes = ["A", "B", "C"] + (["D"] if cfg.non_positive == "D" else [])
    return [
        Summary(
            "abc_class",
            group_table(customers, "abc_class", classes),
            Both("ABC 分类（帕累托）", "ABC classes (Pareto)"),
            group="compact",
            chart="pareto",
            curve=pareto_curve(customers),
        )
    ]


def explain(
    customers: pd.DataFrame, cid: str, cfg: ABCConfig, details: dict[str, Any]
) -> Explanation:
    source = details.get("value", "revenue")
    value = customers.loc[cid, source]
    buyers = customers.loc[customers["orders"].notna(), source].clip(lower=0)
    total = float(buyers.sum())
    before = float(buyers[buyers > value].sum()) / total if total > 0 else None
    klass = customers.loc[cid, "abc_class"]
    shown = Val("abc_class", str(klass))
    if before is None or pd.isna(value):
        rule = msg("abc.rule_none")
    elif value <= 0:
        rule = msg("abc.rule_not_positive", source=Col(source), value=float(value), klass=shown)
    else:
        rule = msg("abc.rule", source=Col(source), before=before, a=cfg.a, b=cfg.b, klass=shown)
    return Explanation(
        values={"abc_class": klass},
        inputs={source: value},
        rules=[rule],
        data={"share_before": before},
    )


CLASSIFIER = Classifier(
    name="abc",
    title=Both("ABC 分类", "ABC classes"),
    section="abc",
    settings=lambda cfg: cfg.abc,
    requires=("orders", "revenue", "profit"),
    provides=COLUMNS,
    classify=classify,
    summarise=summarise,
    explain=explain,
    messages=MESSAGES,
)
