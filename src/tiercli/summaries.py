"""Count-and-share tables of a label column (segments, classes, tiers) for the reports."""

from __future__ import annotations

import pandas as pd

GROUP_COLUMNS = ["customers", "customer_share", "revenue", "revenue_share"]


def group_table(
    customers: pd.DataFrame, column: str, order: list[str] | None = None
) -> pd.DataFrame:
    """Per label of *column*: customers, their share, revenue and its share of the labelled total.

    Rows follow *order* (labels with no customer keep a zero row), then any other label;
    customers without a label (e.g. prospects for RFM) are left out of the shares.
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
    return table[GROUP_COLUMNS]
