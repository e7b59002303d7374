"""Count-and-share tables of a label column (segments, classes, tiers) for the reports."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from tiercli.codes import grouper, value_codes
from tiercli.schema import Column

GROUP_COLUMNS = ["customers", "customer_share", "revenue", "revenue_share"]


def group_table(
    customers: pd.DataFrame,
    column: str,
    order: list[str] | None = None,
    score: str | None = None,
) -> pd.DataFrame:
    """Per label of *column*: customers, their share, revenue and its share of the labelled total
    (and the mean of *score*, as ``avg_score``, when given).

    Input columns: *column*, ``revenue`` (and *score*). Rows follow *order* (labels with no
    customer keep a zero row), then any other label; customers without a label (e.g. prospects
    for RFM) are left out of the shares.
    """
    # Grouped by the labels' integer codes (Arrow's encoding of a text column), not by hashing
    # each customer's label again for each of the run's summaries.
    codes, distinct = value_codes(customers[column])
    by_label = grouper(codes, len(distinct))
    grouped = customers["revenue"].groupby(by_label, observed=True)
    revenue = grouped.sum(min_count=1)
    present = np.asarray(revenue.index, dtype=np.intp)  # the codes of the labels used
    table = pd.DataFrame(
        {"customers": grouped.size().to_numpy(), "revenue": revenue.fillna(0.0).to_numpy()},
        index=pd.Index(distinct.take(present)),
    )
    labels = list(order or []) + sorted(str(x) for x in table.index if x not in (order or []))
    table = table.reindex(labels).fillna({"customers": 0, "revenue": 0.0})
    table["customers"] = table["customers"].astype("int64")
    n, total = table["customers"].sum(), table["revenue"].sum()
    table["customer_share"] = table["customers"] / n if n else 0.0
    table["revenue_share"] = table["revenue"] / total if total else 0.0
    table.index.name = column
    if score is not None:
        mean = customers[score].groupby(by_label, observed=True).mean()
        mean.index = distinct.take(np.asarray(mean.index, dtype=np.intp))
        table["avg_score"] = mean.reindex(table.index)
        return table[[*GROUP_COLUMNS, "avg_score"]]
    return table[GROUP_COLUMNS]


def pareto_curve(customers: pd.DataFrame, points: int = 21) -> pd.DataFrame:
    """Cumulative revenue share held by the top x% of buyers, at *points* evenly spaced x.

    Input columns: ``orders``, ``revenue``. Buyers are ranked by revenue (highest first);
    negative revenue counts as 0. Between two buyers the curve is a straight line (the top 5%
    of 5 buyers hold a quarter of the first buyer's share), not a step rounded to a buyer.
    """
    revenue = customers.loc[customers["orders"].fillna(0) > 0, "revenue"].clip(lower=0)
    ranked = revenue.sort_values(ascending=False).to_numpy(dtype="float64")
    total = ranked.sum()
    shares = np.linspace(0.0, 1.0, points)
    if len(ranked) == 0 or total <= 0:
        held = np.zeros(points)
    else:
        cumulative = np.concatenate([[0.0], ranked.cumsum() / total])
        held = np.interp(shares * len(ranked), np.arange(len(ranked) + 1), cumulative)
    return pd.DataFrame({"customer_share": shares, "revenue_share": held})


NO_OWNER = "(none)"
"""The owner code of customers without a salesperson (labelled （无） / (none))."""

OWNER_COLUMN = Column(
    "owner", "label", "业务员", "Salesperson", "report",
    "Who owns the account (names as in the data)", open=True,
)  # fmt: skip
"""``owner`` in a report table grouped by salesperson: a label column, so that the rows of
customers without one (:data:`NO_OWNER`) and the total row are shown in the reader's language."""


def owner_table(
    customers: pd.DataFrame,
    tiers: Sequence[tuple[str, tuple[str, str]]],
    lists: Sequence[tuple[str, pd.Index, tuple[str, str]]],
) -> tuple[pd.DataFrame, dict[str, Column]]:
    """Per salesperson: customers, revenue, the count in each of *tiers* and on each customer
    list; and the specs of those per-run count columns.

    Input columns: ``owner``, ``revenue`` (and ``tier``). *tiers*: (tier name, (zh, en) label)
    of the tiers to count (the top two); *lists*: (list name, the ids on it, (zh, en) title).
    Rows: owners by revenue, highest first; customers without an owner last, as
    :data:`NO_OWNER`. Columns ``tier_<name>`` and ``<list name>``.
    """
    owner = customers["owner"].astype("string").fillna(NO_OWNER)
    grouped = customers.groupby(owner, sort=False)
    table = pd.DataFrame(
        {
            "customers": grouped.size(),
            "revenue": grouped["revenue"].sum(min_count=1).fillna(0.0),
        }
    )
    specs: dict[str, Column] = {}
    for name, (zh, en) in tiers:
        column = f"tier_{name}"
        hit = customers["tier"].eq(name).fillna(False).astype(bool) if "tier" in customers else None
        table[column] = hit.groupby(owner).sum() if hit is not None else 0
        specs[column] = Column(column, "integer", f"{zh}客户数", f"Tier {en}", "report",
                               f"Customers in tier {name}")  # fmt: skip
    for name, ids, (zh, en) in lists:
        on = pd.Series(customers.index.isin(ids), index=customers.index)
        table[name] = on.groupby(owner).sum()
        specs[name] = Column(name, "integer", zh, en, "report", f"Customers on the {en} list")
    table = table.fillna(0)
    for column in table.columns.drop("revenue"):
        table[column] = table[column].astype("int64")
    named = table.drop(index=NO_OWNER, errors="ignore").sort_values(
        "revenue", ascending=False, kind="stable"
    )
    table = pd.concat([named, table.loc[table.index == NO_OWNER]])
    table.index.name = "owner"
    specs["owner"] = OWNER_COLUMN
    return table, specs
