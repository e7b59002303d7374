"""Time `tiercli segment` end to end on generated order exports of growing size.

    .venv/bin/python benchmarks/bench_segment.py            # 100k and 1M order lines
    .venv/bin/python benchmarks/bench_segment.py 50000      # one size

Writes the generated CSVs under benchmarks/.data/ (not committed) and prints one line per size
and stage (read+normalize, customer table, write xlsx, write csv). Figures go in
docs/benchmarks.md with the machine they were measured on.
"""

from __future__ import annotations

import platform
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from tiercli.config import load_config
from tiercli.io.loader import load_inputs
from tiercli.io.normalize import normalize
from tiercli.pipeline import run
from tiercli.report.tables import write_table
from tiercli.report.workbook import write_workbook

HERE = Path(__file__).resolve().parent
DATA = HERE / ".data"


def generate(lines: int, seed: int = 7) -> Path:
    """An order-line export: ~lines/20 customers, 1-4 lines per order, 4 currencies, 3 years."""
    path = DATA / f"orders_{lines}.csv"
    if path.exists():
        return path
    DATA.mkdir(exist_ok=True)
    rng = np.random.default_rng(seed)
    customers = max(lines // 20, 10)
    weight = rng.pareto(1.2, customers) + 1
    cust = rng.choice(customers, size=lines, p=weight / weight.sum())
    order = np.arange(lines) // rng.integers(1, 5)
    day = pd.Timestamp("2023-11-01") + pd.to_timedelta(rng.integers(0, 3 * 365, lines), "D")
    frame = pd.DataFrame(
        {
            "订单号": "SO-" + pd.Series(order).astype(str),
            "客户编号": "C" + pd.Series(cust).astype(str).str.zfill(6),
            "下单日期": day.strftime("%Y-%m-%d"),
            "产品线": rng.choice(["水泵", "阀门", "电机", "管件", "备件", "过滤器"], lines),
            "数量": rng.integers(1, 500, lines),
            "单价": rng.lognormal(3, 1, lines).round(2),
            "币种": rng.choice(["USD", "EUR", "CNY", "GBP"], lines, p=[0.6, 0.2, 0.15, 0.05]),
            "订单状态": rng.choice(["已完成", "已取消", "退货"], lines, p=[0.97, 0.02, 0.01]),
        }
    )
    frame["金额"] = (frame["数量"] * frame["单价"]).round(2)
    frame.to_csv(path, index=False, encoding="utf-8")
    return path


def bench(lines: int) -> None:
    path = generate(lines)
    cfg = load_config(None)
    out = DATA / "out"
    t0 = time.perf_counter()
    inputs = load_inputs([path], cfg)
    tables = normalize(inputs.sheets, cfg)
    t1 = time.perf_counter()
    result = run(tables, cfg, inputs)
    t2 = time.perf_counter()
    write_workbook(result, out / f"tiers_{lines}.xlsx")
    t3 = time.perf_counter()
    write_table(result, out / f"tiers_{lines}.csv")
    t4 = time.perf_counter()
    print(
        f"{lines:>9,} lines {len(result.customers):>7,} customers | read+normalize "
        f"{t1 - t0:6.2f}s | customer table+classifiers {t2 - t1:6.2f}s | xlsx {t3 - t2:6.2f}s"
        f" | csv {t4 - t3:6.2f}s | total {t4 - t0:6.2f}s"
    )


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [100_000, 1_000_000]
    print(
        f"python {platform.python_version()} · pandas {pd.__version__} · {platform.machine()}"
        f" · {platform.processor() or 'cpu'}"
    )
    for size in sizes:
        bench(size)


if __name__ == "__main__":
    main()
