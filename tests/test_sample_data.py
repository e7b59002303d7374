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


def rejects_of(result: SegmentationResult, copy: str, table: str) -> pd.DataFrame:
    """The rejected rows of one table: its sheet of the xlsx, or its csv."""
    rejects = result.rejects
    if copy == "xlsx":
        return rejects[rejects["source_sheet"] == {"orders": "订单", "inquiries": "询盘"}[table]]
    return rejects[rejects["source_file"].map(lambda p: Path(p).name) == f"{table}.csv"]


@pytest.fixture(scope="module")
def from_xlsx() -> SegmentationResult:
    return segment([SAMPLE / "trade_export.xlsx"], load_config(None))


@pytest.fixture(scope="module")
def from_csv() -> SegmentationResult:
    files = [SAMPLE / f"{name}.csv" for name in ("orders", "customers", "inquiries", "activities")]
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
    assert len(result.rejects) == recon["rejected"].sum() + recon["duplicates"].sum()
    assert (result.rejects["category"] == "duplicate").sum() == recon["duplicates"].sum()
    # The planted inquiries with a name and an e-mail but no id are used, not rejected:
    # identity resolution matches each to its buyer.
    inquiries = recon[recon["table"] == "inquiries"].iloc[0]
    truth = pd.read_csv(SAMPLE / "identity_truth.csv", dtype=str)
    file = "trade_export.xlsx" if copy == "xlsx" else "inquiries.csv"
    no_id = truth[(truth["kind"] == "name_and_email_only") & (truth["file"] == file)]
    assert len(no_id) == 12 and inquiries["rejected"] == 0
    assert rejects_of(result, copy, "inquiries").empty
    assert result.identity is not None
    sources = result.identity.sources.set_index("source_id")["customer_id"]
    provisional = no_id["raw_name"].str.normalize("NFKC").str.strip().str.casefold()
    assert (provisional.map(sources).to_numpy() == no_id["buyer_key"].to_numpy()).all()


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
    """Every id is read as written (trimmed): the customer sheet's C00042, and the planted
    variants C-00042, C42, c00042 and 00042 beside 42 — the source ids identity resolution
    starts from, zeros kept — which it merges into the buyer (and says so)."""
    assert from_xlsx.identity is not None
    sources = from_xlsx.identity.sources.set_index("source_id")["customer_id"]
    truth = pd.read_csv(SAMPLE / "identity_truth.csv", dtype=str, keep_default_na=False)
    variant = truth.loc[truth["kind"] == "variant"].assign(raw_id=lambda t: t["raw_id"].str.strip())
    assert len(set(variant["raw_id"]) & set(sources.index)) >= 30
    padded = {v for v in variant["raw_id"] if v.isdigit() and v.startswith("0")}
    assert padded and padded <= set(sources.index)  # 00042 stays 00042
    # each variant id is its buyer's (00196 alone: a name two companies share, no country)
    buyer = variant.drop_duplicates("raw_id").set_index("raw_id")["buyer_key"]
    wrong = buyer[sources.reindex(buyer.index) != buyer]
    assert list(wrong.index) == ["00196"]
    said = [w for w in from_xlsx.warnings if w.code == "identity.ids"]
    assert len(said) == 1 and said[0].params["n"] >= 5
    assert not [w for w in from_xlsx.warnings if w.code == "io.zero_padded"]


@pytest.mark.slow
def test_generator_reproduces_the_committed_files(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_sample_data.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for name in (
        "orders.csv",
        "customers.csv",
        "inquiries.csv",
        "activities.csv",
        "trade_export.xlsx",
        "planted.csv",
        "planted_pairs.csv",
        "identity_truth.csv",
    ):
        assert (tmp_path / name).read_bytes() == (SAMPLE / name).read_bytes(), name


def test_metrics_match_an_independent_loop_over_the_csv(from_csv: SegmentationResult) -> None:
    """Orders, order days, first/last date, recency and (USD customers') revenue, by hand."""
    import csv
    import datetime as dt
    import re
    from collections import defaultdict

    rejects = rejects_of(from_csv, "csv", "orders")
    bad = set(rejects.loc[rejects["category"] == "invalid", "row"])
    seen: set[tuple[str, ...]] = set()
    orders: dict[str, set[str]] = defaultdict(set)
    days: dict[str, set[dt.date]] = defaultdict(set)
    revenue: dict[str, float] = defaultdict(float)
    currency: dict[str, set[str]] = defaultdict(set)
    assert from_csv.identity is not None  # the customer each id was resolved to
    sources = from_csv.identity.sources
    resolved = dict(zip(sources["source_id"], sources["customer_id"], strict=True))
    with (SAMPLE / "orders.csv").open(encoding="utf-8") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            key = tuple(row.values())
            if key in seen or number in bad or row["status"] == "Cancelled":
                continue
            seen.add(key)
            customer = resolved.get(row["customer_id"].strip(), row["customer_id"].strip())
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


def test_owners_land_from_the_customer_sheet_else_the_orders(
    from_xlsx: SegmentationResult, planted: pd.DataFrame
) -> None:
    """业务员 in the customer sheet is the owner; where that cell is blank, the orders' most
    frequent 业务员 (for a few accounts the former owner, who left on 2025-03-31)."""
    owner = from_xlsx.customers["owner"]
    # a planted customer merged into another (one name and country) has that one's owner
    truth = planted.set_index("customer_id")
    truth = truth[truth.index.isin(owner.index)]
    zh = {"David Zhang": "张伟", "Nina Li": "李娜", "Fiona Wang": "王芳", "Jack Chen": "陈杰",
          "Sunny Liu": "刘洋"}  # fmt: skip
    in_sheet = truth[truth["owner_in_sheet"]]
    assert (owner[in_sheet.index] == in_sheet["owner"].map(zh)).all()
    assert 4 <= owner.nunique() <= 6
    books = owner[truth.index].value_counts()
    assert books.iloc[0] > 3 * books.iloc[4]  # uneven books
    blank = truth[truth["in_customers_sheet"] & ~truth["owner_in_sheet"]].index
    assert len(blank) >= 10 and owner[blank].notna().all()
    assert set(owner[blank]) <= {*zh.values(), "赵磊"}


def test_the_follow_up_sheet_is_the_activities_table(from_xlsx: SegmentationResult) -> None:
    """跟进记录 is read as the follow-up records, every row used."""
    recon = from_xlsx.reconciliation.set_index("table")
    assert set(recon.index) == {"orders", "customers", "inquiries", "activities"}
    assert recon.loc["activities", "source_sheet"] == "跟进记录"
    assert (recon.loc["activities", "rows_read"], recon.loc["activities", "used"]) == (11207, 11207)


def test_follow_ups_follow_the_trajectories_and_plant_contact_gaps(planted: pd.DataFrame) -> None:
    activities = pd.read_csv(SAMPLE / "activities.csv", dtype=str)
    xl = pd.read_excel(SAMPLE / "trade_export.xlsx", sheet_name="跟进记录", engine="calamine")
    assert len(xl) == len(activities) > 5000
    assert list(xl.columns) == ["跟进日期", "客户编号", "跟进方式", "方向", "跟进结果", "业务员"]
    assert set(xl["跟进方式"]) == {"邮件", "电话", "会议", "拜访", "寄样", "报价", "展会"}
    assert set(xl["方向"]) == {"主动", "被动"}
    truth = planted.set_index("customer_id")
    per_customer = activities["customer_id"].value_counts().reindex(truth.index, fill_value=0)
    per_group = per_customer.groupby(truth["trajectory"]).mean()
    assert per_group["steady"] > 2 * per_group["one_off"]
    assert per_group["growing"] > 2 * per_group["prospect"]
    # The planted contact gaps: valuable active accounts nobody contacted for over 60 days.
    last = pd.to_datetime(activities.groupby("customer_id")["activity_date"].max())
    quiet = (pd.Timestamp("2026-10-31") - last).dt.days
    gaps = truth[truth["contact_gap"]]
    assert len(gaps) == 14 and set(gaps["trajectory"]) <= {"steady", "growing"}
    assert (quiet[gaps.index] > 60).all()
    assert (quiet[gaps.index] == gaps["days_since_contact"]).all()


def test_identity_truth_names_rows_as_written(dirty: pd.DataFrame) -> None:
    """identity_truth.csv points at real rows: its raw id and name are the cells there."""
    truth = pd.read_csv(SAMPLE / "identity_truth.csv", dtype=str, keep_default_na=False)
    assert set(truth["kind"]) == {
        "record", "second_record", "variant", "name_and_email_only", "look_alike",
    }  # fmt: skip
    for table, name_col in (("customers", "name"), ("orders", "customer_name"),
                            ("inquiries", "name")):  # fmt: skip
        rows = truth[(truth["table"] == table) & (truth["file"] == f"{table}.csv")]
        cells = pd.read_csv(SAMPLE / f"{table}.csv", dtype=str, keep_default_na=False)
        at = cells.iloc[rows["row"].astype(int) - 2]
        assert (at["customer_id"].to_numpy() == rows["raw_id"].to_numpy()).all(), table
        assert (at[name_col].to_numpy() == rows["raw_name"].to_numpy()).all(), table
    buyers = truth.loc[truth["kind"] == "record", "buyer_key"]
    assert 25 <= buyers.nunique() <= 40
    alike = truth[(truth["kind"] == "look_alike") & (truth["file"] == "customers.csv")]
    assert len(alike) == 24 and set(alike["look_alike_of"]) == set(alike["buyer_key"])
    # no planted defect row carries a variant id
    variant_rows = set(truth.loc[truth["table"] == "orders", "row"])
    assert not variant_rows & set(dirty.loc[dirty["kind"] != "duplicate", "row"])
