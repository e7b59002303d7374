"""Time reading follow-up records: their type/direction/outcome keywords and the per-customer
follow-up metrics (issue 13), on synthetic rows.

    .venv/bin/python benchmarks/bench_activities.py            # 1,000,000 rows, 100,000 customers
    .venv/bin/python benchmarks/bench_activities.py 200000

A benchmark, not a test: the figure goes in docs/benchmarks.md with the machine it was measured on.
"""

from __future__ import annotations

import datetime as dt
import sys
import time

import numpy as np
import pandas as pd

from tiercli.config.models import ActivitiesConfig
from tiercli.features import activity_metrics
from tiercli.io.normalize import activity_fields


def main(rows: int = 1_000_000) -> None:
    rng = np.random.default_rng(1)

    def texts(choices: list[str]) -> pd.Series:
        return pd.Series(rng.choice(choices, rows), dtype="string")

    kinds = texts(["邮件", "电话", "报价", "寄样", "Video call", "visit", "展会", "WhatsApp"])
    directions = texts(["我方", "客户来电", "outbound", "inbound", ""])
    outcomes = texts(["已回复", "未回复", "no reply", "replied", ""])
    start = time.perf_counter()
    kind, outbound, answered = activity_fields(kinds, directions, outcomes, ActivitiesConfig())
    fields = time.perf_counter() - start
    ids = rng.integers(0, rows // 10, rows).astype(str)
    days = pd.to_timedelta(rng.integers(0, 900, rows), unit="D")
    activities = pd.DataFrame(
        {
            "customer_id": pd.Series(ids, dtype="string"),
            "activity_date": pd.Timestamp("2024-01-01") + days,
            "activity_type": kind,
            "outbound": outbound,
            "answered": answered,
        }
    )
    start = time.perf_counter()
    metrics = activity_metrics(activities, dt.date(2026, 6, 30))
    per_customer = time.perf_counter() - start
    print(
        f"{rows:,} follow-up rows: keywords {fields:.2f} s; metrics for {len(metrics):,} "
        f"customers {per_customer:.2f} s"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
