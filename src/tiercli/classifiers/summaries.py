"""Count-and-share tables of a label column (segments, classes, tiers) for the reports."""

from __future__ import annotations

import pandas as pd

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
    labelled = customers.loc[customers[column].notna()]
    grouped = labelled.groupby(column, sort=False, observed=True)
    table = pd.DataFrame(
        {"customers": grouped.size(), "revenue": grouped["revenue"].sum(min_count=1).fillna(0.0)}
    )
    labels = list(order or []) + sorted(str(x) for x in table.index if x not in (order or []))
    table = table.reindex(labels).fillna({"customers": 0, "revenue": 0.0})
    table["customers"] = table["customers"].astype("int64")
    n, total = table["customers"].sum(), table["revenue"].sum()
    table["customer_share"] = table["customers"] / n if n else 0.0
    table["revenue_share"] = table["revenue"] / total if total else 0.0
    table.index.name = column
    if score is not None:
        table["avg_score"] = grouped[score].mean().reindex(table.index)
        return table[[*GROUP_COLUMNS, "avg_score"]]
    return table[GROUP_COLUMNS]


def pareto_curve(customers: pd.DataFrame, points: int = 21) -> pd.DataFrame:
    """Cumulative revenue share held by the top x% of buyers, at *points* evenly spaced x.

    Input columns: ``orders``, ``revenue``. Buyers are ranked by revenue (highest first);
    negative revenue counts as 0.
    """
    revenue = customers.loc[customers["orders"].fillna(0) > 0, "revenue"].clip(lower=0)
    ranked = revenue.sort_values(ascending=False).to_numpy()
    total = ranked.sum()
    shares = [i / (points - 1) for i in range(points)]
    if len(ranked) == 0 or total <= 0:
        held = [0.0] * points
    else:
        cumulative = ranked.cumsum() / total
        held = [
            0.0 if x == 0 else float(cumulative[max(round(x * len(ranked)) - 1, 0)]) for x in shares
        ]
    return pd.DataFrame({"customer_share": shares, "revenue_share": held})
