"""The reactivation list (客户盘活): sleeping and lost customers who used to matter.

Input: the customer table with ``lifecycle`` and, when present, ``predicted_revenue`` and the
playbook columns. A customer is listed when its stage is one of ``reactivation.stages`` and its
past revenue is at least the ``min_value_share`` quantile of all buyers' revenue (0.5: the
upper half). Ranked by ``rank_by`` (revenue, then predicted revenue), highest first; when the
data names salespeople (``owner``), grouped by owner first (customers without one last) and
ranked within each, with the owner as the first column.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from tiercli.catalogue import Both, Labels
from tiercli.classifiers.base import Classified, Classifier, Context, Summary
from tiercli.config.models import ReactivationConfig

COLUMNS = [
    "owner",
    "customer_id",
    "name",
    "country",
    "lifecycle",
    "abc_class",
    "revenue",
    "predicted_revenue",
    "p_alive",
    "last_order_date",
    "expected_gap_days",
    "days_overdue",
    "top_product_line",
    "action",
    "contact_frequency",
    "channel",
]


def reactivation_list(customers: pd.DataFrame, cfg: ReactivationConfig) -> pd.DataFrame:
    """The ranked list (columns :data:`COLUMNS` that exist), one row per listed customer."""
    if "lifecycle" not in customers:
        return pd.DataFrame(columns=COLUMNS)
    buyers = customers["revenue"].where(customers["orders"].fillna(0) > 0)
    floor = buyers.quantile(cfg.min_value_share) if buyers.notna().any() else 0.0
    # only the list's and the ranking's columns are taken, not the whole table (448k customers
    # × 85 columns: the list 0.40 → 0.14 s)
    wanted = dict.fromkeys(c for c in [*COLUMNS, *cfg.rank_by] if c in customers.columns)
    listed = customers.loc[
        customers["lifecycle"].isin(cfg.stages).fillna(False).astype(bool)
        & (customers["revenue"] >= floor).fillna(False).astype(bool),
        list(wanted),
    ]
    keys = [k for k in cfg.rank_by if k in listed and listed[k].notna().any()]
    if keys:
        listed = listed.sort_values(keys, ascending=False, kind="stable", na_position="last")
    if cfg.max_rows:
        listed = listed.head(cfg.max_rows)
    owned = "owner" in listed and listed["owner"].notna().any()
    if owned:  # each salesperson's customers together, still by value within each
        listed = listed.sort_values("owner", kind="stable", na_position="last")
    out = listed.reset_index()
    columns = [c for c in COLUMNS if c in out and (c != "owner" or owned)]
    return out[columns].reset_index(drop=True)


def classify(ctx: Context, cfg: ReactivationConfig) -> Classified:
    """No columns: the list is made from the finished customer table (:func:`summarise`)."""
    return Classified(pd.DataFrame(index=ctx.customers.index))


def summarise(
    customers: pd.DataFrame, cfg: ReactivationConfig, details: dict[str, Any], labels: Labels
) -> list[Summary]:
    return [
        Summary(
            "reactivation",
            reactivation_list(customers, cfg),
            Both("待盘活客户（按历史价值排序）", "Customers to reactivate (by past value)"),
            group="sheet",
            sheet=Both("客户盘活", "Reactivation"),
            preview=("customer_id", "name", "lifecycle", "revenue", "days_overdue"),
            per_owner=True,
            preview_by="revenue",
        )
    ]


CLASSIFIER = Classifier(
    name="reactivation",
    title=Both("客户盘活", "Reactivation"),
    section="reactivation",
    settings=lambda cfg: cfg.reactivation,
    requires=("lifecycle", "revenue", "orders"),
    provides=(),
    classify=classify,
    summarise=summarise,
    reads=lambda cfg: [*cfg.rank_by, "action", "contact_frequency", "channel", "owner"],
)
