"""Time `tiercli segment` stage by stage on generated order exports, against its floors.

    make bench                                                # 10k, 100k and 1M order lines
    .venv/bin/python benchmarks/bench_segment.py 50000        # one size
    .venv/bin/python benchmarks/bench_segment.py 10000000     # 10M (heavy: ~1 GB of CSV)
    .venv/bin/python benchmarks/bench_segment.py --real       # the Online Retail export
    .venv/bin/python benchmarks/bench_segment.py --append 1000000   # also append to the doc
    .venv/bin/python benchmarks/bench_segment.py --xlsx-input 100000 # read+normalize of an xlsx
    .venv/bin/python benchmarks/bench_segment.py --parquet 10000000  # Parquet in → Parquet out
    .venv/bin/python benchmarks/bench_segment.py --help      # this text

Every measurement runs in a fresh subprocess, so each has its own peak memory (the child's
``ru_maxrss``) and none warms another's caches (the input file is read once before each, so
each finds it in the page cache). Per size:

- ``csv``: ``tiercli.pipeline.segment`` with a :class:`tiercli.profile.Profile` (read,
  normalize, customer table, classifiers incl. the BG/NBD + Gamma-Gamma fit, summaries) and the
  CSV write (``-o out.csv``); the import of tiercli is timed on its own.
- ``xlsx``: the same run, writing the full workbook.
- ``floor``: pandas ``read_csv`` + one group-by (last order date, distinct orders, revenue) +
  ``to_csv`` of that table: what any tool must at least do.
- ``floor_xlsx``: the floor's read + group-by, then a bare constant-memory xlsxwriter write of
  tiercli's own customer table (the same rows and columns as the workbook's Customers sheet).
- ``lifetimes``: ``lifetimes.utils.summary_data_from_transaction_data`` on the same orders
  (read with pandas; only the summary is timed), when lifetimes is installed
  (``pip install -e '.[bench]'``); compared with tiercli's customer table + RFM.

Generated CSVs go under benchmarks/.data/ (not committed). ``--append`` adds the table to
docs/benchmarks.md with the date, the machine and the versions.
"""

from __future__ import annotations

import compileall
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tiercli.launch import ARROW_POOL, ARROW_PURGE_DELAY

TIERCLI_KINDS = {"csv", "xlsx", "parquet", "read"}  # the children that run tiercli

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / ".data"
DOC = ROOT / "docs" / "benchmarks.md"
REAL = ROOT.parent / "shared" / "data" / "online_retail_full.csv"
REAL_CONFIG = ROOT / "configs" / "examples" / "online_retail.yaml"

# Columns of each input for the floors: customer, date, order, amount (or quantity × price).
GENERATED = {"customer": "客户编号", "date": "下单日期", "order": "订单号", "amount": "金额"}
RETAIL = {
    "customer": "CustomerID",
    "date": "InvoiceDate",
    "order": "InvoiceNo",
    "quantity": "Quantity",
    "price": "UnitPrice",
}


def generate(lines: int, seed: int = 7, suffix: str = ".csv") -> Path:
    """An order-line export: ~lines/20 customers, 1-4 lines per order (one buyer, date and
    currency per order), 4 currencies, 3 years (CSV, or Parquet with text columns as a CRM
    export would have them)."""
    path = DATA / f"orders_{lines}{suffix}"
    if path.exists():
        return path
    DATA.mkdir(exist_ok=True)
    rng = np.random.default_rng(seed)
    customers = max(lines // 20, 10)
    weight = rng.pareto(1.2, customers) + 1
    # 1-4 lines per order; an order has one buyer, one date and one currency.
    order = np.repeat(np.arange(lines), rng.integers(1, 5, lines))[:lines]
    orders = int(order[-1]) + 1
    cust = rng.choice(customers, size=orders, p=weight / weight.sum())[order]
    offset = rng.integers(0, 3 * 365, orders)[order]
    day = pd.Timestamp("2023-11-01") + pd.to_timedelta(offset, "D")
    frame = pd.DataFrame(
        {
            "订单号": "SO-" + pd.Series(order).astype(str),
            "客户编号": "C" + pd.Series(cust).astype(str).str.zfill(6),
            "下单日期": day.strftime("%Y-%m-%d"),
            "产品线": rng.choice(["水泵", "阀门", "电机", "管件", "备件", "过滤器"], lines),
            "数量": rng.integers(1, 500, lines),
            "单价": rng.lognormal(3, 1, lines).round(2),
            "币种": rng.choice(["USD", "EUR", "CNY", "GBP"], orders, p=[0.6, 0.2, 0.15, 0.05])[
                order
            ],
            "订单状态": rng.choice(["已完成", "已取消", "退货"], lines, p=[0.97, 0.02, 0.01]),
        }
    )
    frame["金额"] = (frame["数量"] * frame["单价"]).round(2)
    if suffix == ".parquet":
        frame.astype(str).to_parquet(path, index=False)
    else:
        frame.to_csv(path, index=False, encoding="utf-8")
    return path


def as_xlsx(csv: Path) -> Path:
    """The generated export as a workbook (Chinese headers, 4 currencies, line-level)."""
    path = csv.with_suffix(".xlsx")
    if not path.exists():
        pd.read_csv(csv, dtype=str).to_excel(path, index=False, sheet_name="订单")
    return path


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ----------------------------------------------------------------------------- children


def child_tiercli(path: Path, config: str, suffix: str) -> dict[str, Any]:
    from tiercli.launch import as_the_command

    as_the_command()  # as the `tiercli` command runs (Arrow's part is set in `measure`)
    start = time.perf_counter()
    from tiercli.config import load_config
    from tiercli.pipeline import segment
    from tiercli.profile import Profile
    from tiercli.report import write

    imported = time.perf_counter() - start
    cfg = load_config(Path(config) if config else None)
    profile = Profile()
    result = segment([path], cfg, profile=profile)
    out = DATA / "out" / f"{path.stem}{suffix}"
    out.parent.mkdir(exist_ok=True)
    with profile.stage("write"):
        write(result, out, "en")
    stages = profile.as_dict()
    return {
        "import": imported,
        "read": stages["read"],
        "normalize": stages["normalize"],
        "features": stages["features"],
        "classify": stages["classify"] + stages.get("summaries", 0.0),
        "rfm": stages.get("classify:RFM segments", 0.0),
        "clv": stages.get("classify:Predicted value", 0.0),
        "write": stages["write"],
        "run": profile.total().seconds,
        "customers": len(result.customers),
        "rows": int(result.reconciliation["rows_read"].sum()),
    }


def child_read(path: Path) -> dict[str, Any]:
    """Read and normalize only (the workbook-input target)."""
    from tiercli.launch import as_the_command

    as_the_command()
    from tiercli.config import load_config
    from tiercli.io.loader import load_inputs
    from tiercli.io.normalize import normalize
    from tiercli.profile import Profile

    cfg = load_config(None)
    profile = Profile()
    with profile.stage("read"):
        inputs = load_inputs([path], cfg)
    with profile.stage("normalize"):
        tables = normalize(inputs.sheets, cfg, consume=True)
    stages = profile.as_dict()
    return {
        "read": stages["read"],
        "normalize": stages["normalize"],
        "run": stages["read"] + stages["normalize"],
        "rows": len(tables.lines),
    }


def _read(path: Path) -> pd.DataFrame:
    if path.suffix == ".parquet":
        frame = pd.read_parquet(path)
        for col in ("金额", "数量", "单价"):
            frame[col] = pd.to_numeric(frame[col])
        return frame
    return pd.read_csv(path)


def _floor_table(path: Path, cols: dict[str, str]) -> pd.DataFrame:
    frame = _read(path)
    frame[cols["date"]] = pd.to_datetime(frame[cols["date"]], format="ISO8601")
    amount = (
        frame[cols["amount"]]
        if "amount" in cols
        else frame[cols["quantity"]] * frame[cols["price"]]
    )
    frame = frame.assign(_amount=amount)
    return frame.groupby(cols["customer"]).agg(
        last_order_date=(cols["date"], "max"),
        orders=(cols["order"], "nunique"),
        revenue=("_amount", "sum"),
    )


def child_floor(path: Path, cols: dict[str, str]) -> dict[str, Any]:
    start = time.perf_counter()
    table = _floor_table(path, cols)
    if path.suffix == ".parquet":
        table.to_parquet(DATA / "out" / f"{path.stem}_floor.parquet")
    else:
        table.to_csv(DATA / "out" / f"{path.stem}_floor.csv")
    return {"run": time.perf_counter() - start}


def child_floor_xlsx(path: Path, cols: dict[str, str]) -> dict[str, Any]:
    import xlsxwriter

    customers = pd.read_csv(DATA / "out" / f"{path.stem}.csv", encoding="utf-8-sig")
    start = time.perf_counter()
    _floor_table(path, cols)
    book = xlsxwriter.Workbook(
        str(DATA / "out" / f"{path.stem}_floor.xlsx"), {"constant_memory": True}
    )
    sheet = book.add_worksheet("Customers")
    sheet.write_row(0, 0, list(customers.columns))
    columns = [customers[c].tolist() for c in customers.columns]
    for row in range(len(customers)):
        for col, values in enumerate(columns):
            value = values[row]
            if value == value and value is not None:  # NaN is an empty cell
                sheet.write(row + 1, col, value)
    book.close()
    return {"run": time.perf_counter() - start, "cells": customers.size}


def child_lifetimes(path: Path, cols: dict[str, str]) -> dict[str, Any]:
    from lifetimes.utils import summary_data_from_transaction_data

    frame = _read(path)
    frame[cols["date"]] = pd.to_datetime(frame[cols["date"]], format="ISO8601")
    amount = (
        frame[cols["amount"]]
        if "amount" in cols
        else frame[cols["quantity"]] * frame[cols["price"]]
    )
    frame = frame.assign(_amount=amount)[[cols["customer"], cols["date"], "_amount"]]
    start = time.perf_counter()
    summary_data_from_transaction_data(
        frame, cols["customer"], cols["date"], monetary_value_col="_amount"
    )
    return {"run": time.perf_counter() - start}


def child(kind: str, path: Path, config: str) -> None:
    cols = RETAIL if path == REAL else GENERATED
    (DATA / "out").mkdir(parents=True, exist_ok=True)
    if kind in TIERCLI_KINDS - {"read"}:
        out = child_tiercli(path, config, f".{kind}")
    elif kind == "read":
        out = child_read(path)
    elif kind == "floor":
        out = child_floor(path, cols)
    elif kind == "floor_xlsx":
        out = child_floor_xlsx(path, cols)
    else:
        out = child_lifetimes(path, cols)
    out["peak_mib"] = _peak_mib()
    out["arrow_pool"] = sys.modules["pyarrow"].default_memory_pool().backend_name
    print(json.dumps(out))


# ----------------------------------------------------------------------------- parent


def measure(kind: str, path: Path, config: str = "") -> dict[str, Any] | None:
    """Run one child; its JSON line, with the child's wall time including interpreter start.

    The input is read once beforehand, so that every child finds it in the page cache: this
    machine drops its cache every few minutes (10M Parquet read cold: 3.6 s against 1.5 s),
    and the child that came first would otherwise pay the disk for the ones after it."""
    _warm(path)
    start = time.perf_counter()
    # as `tiercli` itself runs (tiercli/__init__ and tiercli.launch set these before numpy
    # and pyarrow load; the bench script has loaded them already); the floors and lifetimes
    # keep Arrow's own allocator
    env = {
        **os.environ,
        "OPENBLAS_NUM_THREADS": os.environ.get("OPENBLAS_NUM_THREADS", "1"),
        "MIMALLOC_PURGE_DELAY": os.environ.get("MIMALLOC_PURGE_DELAY", ARROW_PURGE_DELAY),
    }
    if kind in TIERCLI_KINDS:
        env.setdefault("ARROW_DEFAULT_MEMORY_POOL", ARROW_POOL)
    proc = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(path), config],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        tail = proc.stderr.strip().splitlines()[-1:] or ["?"]
        print(f"  {kind}: failed ({tail[0]})", file=sys.stderr)
        return None
    record: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    record["wall"] = wall
    return record


def _warm(path: Path) -> None:
    with path.open("rb") as handle:
        while handle.read(1 << 24):
            pass


def has_lifetimes() -> bool:
    try:
        import lifetimes  # noqa: F401
    except ImportError:
        return False
    return True


def bench(path: Path, config: str = "") -> dict[str, Any]:
    row: dict[str, Any] = {"input": path.name}
    kinds = ("csv", "xlsx", "floor", "floor_xlsx", "lifetimes")
    if path.suffix == ".parquet":  # Parquet in → Parquet out (the 10M target)
        kinds = ("parquet", "floor", "lifetimes")
    for kind in kinds:
        if kind == "lifetimes" and not has_lifetimes():
            continue
        record = measure(kind, path, config)
        if record is not None:
            row[kind] = record
    return row


def fmt(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def table(rows: list[dict[str, Any]]) -> str:
    head = (
        "| input | lines | customers | import | read | normalize | features | classifiers"
        " (CLV fit) | write csv | **→ csv** | floor csv | peak MiB | write xlsx | **→ xlsx**"
        " | floor xlsx | xlsx/floor | peak MiB | features+RFM | lifetimes summary |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:"
        "|---:|---:|\n"
    )
    lines = []
    for row in rows:
        csv, xlsx = row.get("csv", row.get("parquet", {})), row.get("xlsx", {})
        floor, floor_x = row.get("floor", {}), row.get("floor_xlsx", {})
        life = row.get("lifetimes", {})
        ratio = xlsx["run"] / floor_x["run"] if xlsx and floor_x else None
        feat_rfm = csv["features"] + csv["rfm"] if csv else None
        lines.append(
            f"| {row['input']} | {csv.get('rows', 0):,} | {csv.get('customers', 0):,}"
            f" | {fmt(csv.get('import'))} | {fmt(csv.get('read'))} | {fmt(csv.get('normalize'))}"
            f" | {fmt(csv.get('features'))} | {fmt(csv.get('classify'))} ({fmt(csv.get('clv'))})"
            f" | {fmt(csv.get('write'))} | **{fmt(csv.get('run'))}** | {fmt(floor.get('run'))}"
            f" | {fmt(csv.get('peak_mib'), 0)} | {fmt(xlsx.get('write'))}"
            f" | **{fmt(xlsx.get('run'))}** | {fmt(floor_x.get('run'))} | {fmt(ratio)}"
            f" | {fmt(xlsx.get('peak_mib'), 0)} | {fmt(feat_rfm)} | {fmt(life.get('run'))} |"
        )
    return head + "\n".join(lines) + "\n"


def versions() -> str:
    import pyarrow

    import tiercli

    return (
        f"python {platform.python_version()} · pandas {pd.__version__} · pyarrow "
        f"{pyarrow.__version__} · numpy {np.__version__} · tiercli {tiercli.__version__} · "
        f"{platform.machine()}, {os.cpu_count()} cores"
    )


FLAGS = {"--append", "--real", "--xlsx-input", "--parquet"}


def main(argv: list[str]) -> None:
    if argv[:1] == ["--child"]:
        child(argv[1], Path(argv[2]), argv[3] if len(argv) > 3 else "")
        return
    if {"-h", "--help"} & set(argv):
        print(__doc__)
        return
    unknown = [a for a in argv if not a.isdigit() and a not in FLAGS]
    if unknown:
        print(
            f"bench_segment.py: unknown argument {unknown[0]!r}; use a size or one of "
            f"{', '.join(sorted(FLAGS))} (--help shows what each does)",
            file=sys.stderr,
        )
        sys.exit(2)
    # tiercli's modules as an installed copy has them: compiled. pip compiles a wheel's modules
    # on install; an editable install under PYTHONDONTWRITEBYTECODE=1 (this sandbox) would
    # compile all of tiercli again in every run (~0.1 s).
    compileall.compile_dir(ROOT / "src", quiet=1)
    append = "--append" in argv
    real = "--real" in argv
    sizes = [int(a) for a in argv if a.isdigit()]
    if not sizes and not real:
        sizes = [10_000, 100_000, 1_000_000]
    print(versions())
    if "--xlsx-input" in argv:  # read + normalize of the export saved as a workbook
        text = "| workbook input | lines | read | normalize | read + normalize | peak MiB |\n"
        text += "|---|---:|---:|---:|---:|---:|\n"
        for size in sizes:
            record = measure("read", as_xlsx(generate(size))) or {}
            text += (
                f"| orders_{size}.xlsx | {record.get('rows', 0):,} | {fmt(record.get('read'))}"
                f" | {fmt(record.get('normalize'))} | **{fmt(record.get('run'))}**"
                f" | {fmt(record.get('peak_mib'), 0)} |\n"
            )
    else:
        suffix = ".parquet" if "--parquet" in argv else ".csv"
        rows = [bench(generate(size, suffix=suffix)) for size in sizes]
        if real:
            rows.append(bench(REAL, str(REAL_CONFIG)))
        text = table(rows)
    print(text)
    if append:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        command = "benchmarks/bench_segment.py " + " ".join(argv)
        with DOC.open("a", encoding="utf-8") as doc:
            doc.write(f"\n### {stamp} · `{command.strip()}`\n\n{versions()}\n\n{text}")


if __name__ == "__main__":
    main(sys.argv[1:])
