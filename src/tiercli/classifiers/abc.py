"""ABC (Pareto) classes on each customer's share of total value.

Input columns: ``revenue`` or ``profit``. Output: ``abc_class`` indexed by customer_id.

Customers are ranked by value, highest first. A customer's class is decided by the cumulative
share of value held by customers ranked *strictly above* it: below ``a`` (80%) → A, below ``b``
(95%) → B, else C. So the customer who straddles a cut-off — whose own value carries the
cumulative share past it — joins the higher class, and customers with equal value always get
the same class whatever the row order. Customers with zero or negative net value get the
``non_positive`` class (C by default, or D); customers with no orders get none.
"""

from __future__ import annotations

import pandas as pd

from tiercli.classifiers.base import Classified
from tiercli.config.models import ABCConfig


def classify(customers: pd.DataFrame, cfg: ABCConfig) -> Classified:
    warnings: list[str] = []
    source = cfg.value
    if source == "profit" and customers["profit"].notna().sum() == 0:
        warnings.append(
            "abc: value is profit but the orders carry no profit column; ABC uses revenue instead"
        )
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
            f"abc: no customer has a positive {source}; every buyer is class {cfg.non_positive}"
        )
    details = {
        "abc": {"value": source, "a": cfg.a, "b": cfg.b, "non_positive_class": cfg.non_positive}
    }
    return Classified(pd.DataFrame({"abc_class": klass}, index=customers.index), details, warnings)
