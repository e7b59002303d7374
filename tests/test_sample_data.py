"""The bundled sample data: what it promises, its planted dirty rows, and its two copies."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tiercli.config import load_config
from tiercli.pipeline import SegmentationResult, segment
from tiercli.schema import METRICS as METRIC_SPECS

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"
# the metrics both copies share (the product-line names differ: zh in one, en in the other)
METRICS = [*(c.name for c in METRIC_SPECS[:17]), "employees"]
REASON = {  # planted kind → the reason tiercli must give
    "blank_customer_id": "blank customer id",
    "bad_date": "unparseable date",
    "bad_amount": ("amount is not a number", "blank amount"),
    "unknown_currency": "unknown currency",
}


@pytest.fixture(scope="module")
def from_xlsx() -> SegmentationResult:
    return segment([SAMPLE / "trade_export.xlsx"], load_config(None))


@pytest.fixture(scope="module")
def from_csv() -> SegmentationResult:
    files = [SAMPLE / f"{name}.csv" for name in ("orders", "customers", "inquiries")]
    return segment(files, load_config(None))


@pytest.fixture(scope="module")
def planted() -> pd.DataFrame:
    return pd.read_csv(SAMPLE / "planted.csv", dtype={"customer_id": str})


@pytest.fixture(scope="module")
def dirty() -> pd.DataFrame:
    return pd.read_csv(SAMPLE / "planted_dirty.csv", dtype=str)


def test_sample_is_a_believable_exporter(
    from_xlsx: SegmentationResult, planted: pd.DataFrame
) -> None:
    c = from_xlsx.customers
    buyers = c["orders"].fillna(0) > 0
    assert buyers.sum() >= 800
    assert c["orders"].sum() >= 20_000
    assert (c["orders"].isna() & (c["inquiries"] > 0)).sum() >= 100  # prospects with inquiries
    assert c["country"].nunique() >= 40
    assert planted["continent"].nunique() == 6
    assert planted["currency"].nunique() >= 4
    orders = pd.read_csv(SAMPLE / "orders.csv", dtype=str)
    assert orders["product_line"].nunique() >= 6
    assert pd.to_datetime(orders["order_date"], errors="coerce").dt.year.nunique() >= 4
    inquiries = pd.read_csv(SAMPLE / "inquiries.csv", dtype=str)
    assert inquiries["source"].nunique() >= 5
    share = c["revenue"].sort_values(ascending=False)
    top20 = share.head(int(len(share.dropna()) * 0.2)).sum() / share.sum()
    assert 0.6 < top20 < 0.95  # heavy-tailed


@pytest.mark.parametrize("copy", ["xlsx", "csv"])
def test_every_planted_dirty_row_is_rejected_with_its_reason(
    copy: str, from_xlsx: SegmentationResult, from_csv: SegmentationResult, dirty: pd.DataFrame
) -> None:
    result = from_xlsx if copy == "xlsx" else from_csv
    file = "trade_export.xlsx" if copy == "xlsx" else "orders.csv"
    errors = dirty[(dirty["is_error"] == "True") & (dirty["file"] == file)]
    assert len(errors) == 8  # 3 blank ids, 3 bad dates, 2 unknown currencies
    rejects = result.rejects.assign(name=result.rejects["source_file"].map(lambda p: Path(p).name))
    rejects = rejects[rejects["name"] == file].set_index("row")
    for row in errors.itertuples():
        assert int(row.row) in rejects.index, f"planted {row.kind} on row {row.row} not rejected"
        reason = rejects.loc[int(row.row), "reason"]
        assert reason.startswith(REASON[row.kind]), (row.row, row.kind, reason)


@pytest.mark.parametrize("copy", ["xlsx", "csv"])
def test_rows_reconcile_and_duplicates_are_counted(
    copy: str, from_xlsx: SegmentationResult, from_csv: SegmentationResult, dirty: pd.DataFrame
) -> None:
    result = from_xlsx if copy == "xlsx" else from_csv
    recon = result.reconciliation
    parts = recon[["used", "rejected", "duplicates", "after_as_of"]].sum(axis=1)
    assert (recon["rows_read"] == parts).all()
    orders = recon[recon["table"] == "orders"].iloc[0]
    assert orders["duplicates"] == (dirty["kind"] == "duplicate").sum() / 2
    assert orders["rows_read"] == len(pd.read_csv(SAMPLE / "orders.csv", dtype=str))
    assert len(result.rejects) == orders["rejected"]


def test_text_dates_amounts_and_padded_ids_are_used_not_rejected(
    from_csv: SegmentationResult, dirty: pd.DataFrame
) -> None:
    fine = dirty[(dirty["is_error"] == "False") & (dirty["kind"] != "duplicate")]
    fine = fine[fine["file"] == "orders.csv"]
    assert set(fine["kind"]) == {"text_amount", "placeholder_amount", "text_date", "id_whitespace"}
    rejected_rows = set(from_csv.rejects["row"])
    assert not rejected_rows & set(fine["row"].astype(int))


def test_placeholder_amounts_become_quantity_times_unit_price(
    from_csv: SegmentationResult, dirty: pd.DataFrame
) -> None:
    from tiercli.config import load_config
    from tiercli.io.loader import load_inputs
    from tiercli.io.normalize import normalize

    planted = dirty[(dirty["kind"] == "placeholder_amount") & (dirty["file"] == "orders.csv")]
    assert len(planted) == 3
    cfg = load_config(None)
    tables = normalize(load_inputs([SAMPLE / "orders.csv"], cfg).sheets, cfg)
    lines = tables.lines.set_index("source_row")
    for row in planted.itertuples():
        assert lines.loc[int(row.row), "amount_original"] == pytest.approx(
            float(row.original_value)
        )
    said = [w for w in from_csv.warnings if "quantity × unit price" in str(w)]
    assert len(said) == 1 and said[0].params["n"] == 3


def test_xlsx_and_csv_copies_give_the_same_customer_table(
    from_xlsx: SegmentationResult, from_csv: SegmentationResult
) -> None:
    pd.testing.assert_frame_equal(from_xlsx.customers[METRICS], from_csv.customers[METRICS])
    assert from_xlsx.as_of == from_csv.as_of
    assert from_xlsx.summary()["rows"] == from_csv.summary()["rows"]


def test_customer_ids_keep_leading_zeros(from_xlsx: SegmentationResult) -> None:
    assert from_xlsx.customers.index.str.fullmatch(r"C\d{5}").all()


@pytest.mark.slow
def test_generator_reproduces_the_committed_files(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_sample_data.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for name in ("orders.csv", "customers.csv", "inquiries.csv", "trade_export.xlsx"):
        assert (tmp_path / name).read_bytes() == (SAMPLE / name).read_bytes(), name


def test_metrics_match_an_independent_loop_over_the_csv(from_csv: SegmentationResult) -> None:
    """Orders, order days, first/last date, recency and (USD customers') revenue, by hand."""
    import csv
    import datetime as dt
    import re
    from collections import defaultdict

    bad = set(from_csv.rejects.loc[from_csv.rejects["category"] == "invalid", "row"])
    seen: set[tuple[str, ...]] = set()
    orders: dict[str, set[str]] = defaultdict(set)
    days: dict[str, set[dt.date]] = defaultdict(set)
    revenue: dict[str, float] = defaultdict(float)
    currency: dict[str, set[str]] = defaultdict(set)
    with (SAMPLE / "orders.csv").open(encoding="utf-8") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            key = tuple(row.values())
            if key in seen or number in bad or row["status"] == "Cancelled":
                continue
            seen.add(key)
            customer = row["customer_id"].strip()
            day = dt.datetime.strptime(row["order_date"].replace("/", "-"), "%Y-%m-%d").date()
            text = re.sub(r"[A-Z]{3}|,", "", row["amount"]).strip()
            if re.fullmatch(r"-?[\d.]+", text):
                amount = float(text)
            else:  # "TBD", "待定", "n/a": quantity × unit price
                amount = float(row["quantity"]) * float(row["unit_price"])
            revenue[customer] += amount
            currency[customer].add(row["currency"])
            if amount >= 0:
                orders[customer].add(row["order_id"])
                days[customer].add(day)
    table = from_csv.customers
    as_of = from_csv.as_of
    for customer, ids in orders.items():
        row = table.loc[customer]
        assert row["orders"] == len(ids), customer
        assert row["order_days"] == len(days[customer]), customer
        assert row["last_order_date"].date() == max(days[customer]), customer
        assert row["first_order_date"].date() == min(days[customer]), customer
        assert row["recency_days"] == (as_of - max(days[customer])).days, customer
        if currency[customer] == {"USD"}:
            assert row["revenue"] == pytest.approx(revenue[customer]), customer
    assert len(orders) == (table["orders"] > 0).sum()


def test_predicted_value_fits_the_sample_and_separates_lapsed_customers(
    from_xlsx: SegmentationResult, planted: pd.DataFrame
) -> None:
    assert not [
        w for w in from_xlsx.warnings if "predicted value" in str(w) or "purchase model" in str(w)
    ]
    c = from_xlsx.customers
    trajectory = planted.set_index("customer_id")["trajectory"].reindex(c.index)
    p_alive = c.groupby(trajectory)["p_alive"].mean()
    assert p_alive["lapsed"] < 0.5 < 0.9 < p_alive["steady"]
    buyers = c["orders"].fillna(0) > 0
    assert c.loc[buyers, "predicted_revenue"].notna().all()
    assert from_xlsx.details["clv"]["repeat_customers"] > 800
