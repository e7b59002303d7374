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

import numpy as np
import pandas as pd

from tiercli.classifiers.base import Classified
from tiercli.config.models import LifecycleConfig

STAGES = ["prospect", "new", "active", "sleeping", "lost"]
STAGE_ZH = {
    "prospect": "潜在客户",
    "new": "新客户",
    "active": "活跃客户",
    "sleeping": "沉睡客户",
    "lost": "流失客户",
}


def classify(customers: pd.DataFrame, cfg: LifecycleConfig) -> Classified:
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
    details = {"lifecycle": {"counts": {s: int(counts.get(s, 0)) for s in STAGES}}}
    return Classified(columns, details, labels={"lifecycle": STAGE_ZH})
