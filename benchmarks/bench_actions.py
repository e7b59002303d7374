"""Time the behaviour-cluster and cross-sell classifiers on a generated customer table.

    .venv/bin/python benchmarks/bench_actions.py            # 200k buyers, 4M order lines
    .venv/bin/python benchmarks/bench_actions.py 50000      # any number of buyers

Random behaviour (no structure to find) and 20 order lines per buyer over 30 product lines; the
default clustering and cross_sell config. Figures go in docs/benchmarks.md.
"""

from __future__ import annotations

import datetime as dt
import sys
import time

import numpy as np
import pandas as pd

from tiercli.classifiers import clusters, cross_sell
from tiercli.classifiers.base import Context
from tiercli.config.models import ClusteringConfig, CrossSellConfig


def main(n: int) -> None:
    rng = np.random.default_rng(0)
    ids = pd.Index([f"C{i:07d}" for i in range(n)], name="customer_id")
    orders = rng.integers(1, 60, n)
    customers = pd.DataFrame(
        {
            "orders": orders,
            "revenue": rng.lognormal(8, 1, n),
            "recency_days": rng.integers(0, 1400, n),
            "avg_order_value": rng.lognormal(7, 1, n),
            "median_gap_days": np.where(orders > 1, rng.uniform(10, 300, n), np.nan),
            "tenure_days": rng.integers(100, 1460, n),
            "product_lines": rng.integers(1, 8, n),
            "inquiries_12m": rng.poisson(1, n),
            "revenue_12m": rng.lognormal(8, 1, n),
        },
        index=ids,
    )
    as_of = dt.date(2026, 1, 1)
    start = time.perf_counter()
    out = clusters.classify(Context(customers, pd.DataFrame(), as_of), ClusteringConfig())
    print(f"clusters    {n:>9,} buyers  {time.perf_counter() - start:6.2f} s  k={out.details['k']}")
    m = 20 * n
    names = np.array([f"L{i:02d}" for i in range(30)])
    lines = pd.DataFrame(
        {
            "customer_id": ids[rng.integers(0, n, m)],
            "product_line": names[rng.integers(0, 30, m)],
            "is_return": False,
        }
    )
    start = time.perf_counter()
    cross_sell.classify(Context(customers, lines, as_of), CrossSellConfig())
    print(f"cross_sell  {m:>9,} lines   {time.perf_counter() - start:6.2f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200_000)
