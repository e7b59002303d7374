"""Invariants over generated order exports (hypothesis).

- each customer appears exactly once in the customer table;
- row order never changes the customer table;
- exact duplicate rows (with an order id) never change it, and are counted;
- per file, rows read = used + rejected + duplicates + after as-of, whatever junk is in it;
- any messy CSV ends in a result or a TiercliError (exit 2), never a traceback;
- letting the raw cells go as they are parsed (the command's run) changes no result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tiercli.config import load_config
from tiercli.features import build_customer_table
from tiercli.io.normalize import normalize
from tiercli.io.readers import RawSheet

CFG = load_config(None)
HEADERS = ["Order No", "Customer ID", "Order Date", "Amount", "Currency", "Status", "Product Line"]

dates = st.dates(dt.date(2023, 1, 1), dt.date(2026, 6, 30)).map(lambda d: d.isoformat())
good_row = st.tuples(
    st.sampled_from(["C1", "C2", "C3", "007", "C5"]),
    dates,
    st.decimals(-500, 50_000, places=2, allow_nan=False).map(str),
    st.sampled_from(["USD", "EUR", "CNY", ""]),
    st.sampled_from(["Completed", "Shipped", "Cancelled", "退货", ""]),
    st.sampled_from(["Pumps", "Valves", ""]),
)
junk = st.sampled_from(["", "N/A", "TBD", "2025-02-30", "XYZ", "待定", "  ", "-", "1,234.50"])
any_row = st.one_of(
    good_row,
    st.tuples(junk, junk, junk, junk, junk, junk),
    st.tuples(
        st.sampled_from(["C1", ""]),
        st.one_of(dates, junk),
        st.one_of(junk, st.just("10")),
        junk,
        junk,
        junk,
    ),
)


def _sheet(rows: list[tuple[str, ...]], ids: list[str]) -> RawSheet:
    frame = pd.DataFrame(
        [[oid, *r] for oid, r in zip(ids, rows, strict=True)], columns=HEADERS, dtype=object
    )
    return RawSheet("orders.csv", None, frame, pd.Series(range(2, len(frame) + 2)), 1)


def _table(sheet: RawSheet, as_of: dt.date | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    tables = normalize({"orders": [sheet]}, CFG, as_of)
    return build_customer_table(tables, tables.as_of), tables.reconciliation


SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_customers_with_only_returns_have_no_orders() -> None:
    """Found by the property below: when every kept line is a return there are no orders at
    all, and the order metrics are empty or 0 (not an error)."""
    rows = [
        ("C1", "2023-01-01", "0.00", "USD", "退货", "Pumps"),
        ("C2", "2024-05-01", "80", "USD", "退货", ""),
    ]
    table, _ = _table(_sheet(rows, ["SO-1", "SO-2"]), dt.date(2026, 6, 30))
    assert table.index.tolist() == ["C1", "C2"]
    assert table["orders"].tolist() == [0, 0]
    assert table["order_days"].tolist() == [0, 0]
    assert table["last_order_date"].isna().all() and table["median_gap_days"].isna().all()
    assert table["revenue"].tolist() == [0.0, -80.0]
    assert table["product_lines"].tolist() == [0, 0]
    assert table["top_product_line"].isna().all()


@pytest.mark.slow
@SETTINGS
@given(rows=st.lists(good_row, min_size=1, max_size=25), data=st.data())
def test_row_order_and_duplicates_never_change_the_customer_table(
    rows: list[tuple[str, ...]], data: st.DataObject
) -> None:
    ids = [f"SO-{i}" for i in range(len(rows))]
    base = _sheet(rows, ids)
    if not (base.frame["Status"] != "Cancelled").any():
        return
    expected, _ = _table(base, dt.date(2026, 6, 30))
    order = data.draw(st.permutations(range(len(rows))))
    again = data.draw(st.lists(st.sampled_from(range(len(rows))), max_size=5))
    picks = list(order) + again
    shuffled = _sheet([rows[i] for i in picks], [ids[i] for i in picks])
    got, recon = _table(shuffled, dt.date(2026, 6, 30))
    pd.testing.assert_frame_equal(got, expected)
    assert recon["duplicates"].sum() == len(again)
    assert got.index.is_unique


@pytest.mark.slow
@SETTINGS
@given(
    rows=st.lists(any_row, min_size=1, max_size=30),
    as_of=st.dates(dt.date(2023, 1, 1), dt.date(2026, 12, 31)),
)
def test_rows_read_reconcile_whatever_the_junk(rows: list[tuple[str, ...]], as_of: dt.date) -> None:
    sheet = _sheet(rows, [f"SO-{i % 7}" for i in range(len(rows))])  # repeated ids: line level
    try:
        table, recon = _table(sheet, as_of)
    except Exception as exc:  # only "nothing usable" may stop a run, and as a TiercliError
        from tiercli.errors import TiercliError

        assert isinstance(exc, TiercliError), exc
        return
    r = recon.iloc[0]
    assert r["rows_read"] == len(rows)
    assert r["rows_read"] == r["used"] + r["rejected"] + r["duplicates"] + r["after_as_of"]
    assert table.index.is_unique


ids = st.sampled_from(["C1", "C2", "C3", "007", "C5", "P9"])


@pytest.mark.slow
@SETTINGS
@given(
    order_ids=st.lists(ids, min_size=1, max_size=12),
    customer_ids=st.lists(ids, max_size=8),
    inquiry_ids=st.lists(ids, max_size=8),
)
def test_each_customer_exactly_once_across_the_three_tables(
    order_ids: list[str], customer_ids: list[str], inquiry_ids: list[str]
) -> None:
    orders = _sheet(
        [(c, "2026-01-05", "100", "USD", "Completed", "Pumps") for c in order_ids],
        [f"SO-{i}" for i in range(len(order_ids))],
    )
    customers = RawSheet(
        "customers.csv",
        None,
        pd.DataFrame(
            {"客户编号": customer_ids, "客户名称": [f"N{c}" for c in customer_ids]}, dtype=object
        ),
        pd.Series(range(2, len(customer_ids) + 2)),
        1,
    )
    inquiries = RawSheet(
        "inquiries.csv",
        None,
        pd.DataFrame(
            {"客户编号": inquiry_ids, "询盘日期": ["2025-12-01"] * len(inquiry_ids)}, dtype=object
        ),
        pd.Series(range(2, len(inquiry_ids) + 2)),
        1,
    )
    tables = normalize(
        {"orders": [orders], "customers": [customers], "inquiries": [inquiries]}, CFG
    )
    table = build_customer_table(tables, tables.as_of)
    assert table.index.is_unique
    assert set(table.index) == set(order_ids) | set(customer_ids) | set(inquiry_ids)
    prospects = set(customer_ids) | set(inquiry_ids)
    assert set(table.index[table["orders"].isna()]) == prospects - set(order_ids)


FUZZ_HEADERS = [
    "订单号",
    "客户编号",
    "客户名称",
    "下单日期",
    "金额",
    "币种",
    "数量",
    "单价",
    "毛利",
    "产品线",
    "订单状态",
    "国家",
    "Customer",
    "Date",
    "Amount",
    "Status",
    "Source",
    "员工人数",
]
FUZZ_CELLS = [
    "",
    "N/A",
    "TBD",
    "2025-02-30",
    "XYZ",
    "待定",
    "-",
    "1,234.50",
    "(45)",
    "USD 120",
    "¥800",
    "45123",
    "2026/3/5",
    "05.03.2026",
    "C001",
    "00042",
    "=SUM(A1)",
    "退货",
    "已取消",
    "美国",
    "大型",
    "0",
    "-100",
    "1e3",
    "12%",
    "  ",
]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    headers=st.lists(st.sampled_from(FUZZ_HEADERS), min_size=1, max_size=8, unique=True),
    cells=st.lists(st.lists(st.sampled_from(FUZZ_CELLS), min_size=8, max_size=8), max_size=12),
    encoding=st.sampled_from(["utf-8", "gb18030", "utf-8-sig"]),
)
def test_any_messy_csv_ends_in_a_result_or_a_clear_error(
    tmp_path_factory: pytest.TempPathFactory,
    headers: list[str],
    cells: list[list[str]],
    encoding: str,
) -> None:
    """Never a traceback: a run either succeeds (and writes) or raises a TiercliError."""
    from tiercli.errors import TiercliError
    from tiercli.pipeline import segment
    from tiercli.report.workbook import write_workbook

    folder = tmp_path_factory.mktemp("fuzz")
    lines = [",".join(headers)] + [",".join(f'"{v}"' for v in row[: len(headers)]) for row in cells]
    path = folder / "export.csv"
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    try:
        result = segment([path], CFG)
    except TiercliError:
        return
    write_workbook(result, folder / "out.xlsx", "zh")
    recon = result.reconciliation
    assert (
        recon["rows_read"] == recon[["used", "rejected", "duplicates", "after_as_of"]].sum(axis=1)
    ).all()


def _tables_equal(got: object, expected: object) -> None:
    for name in ("lines", "customers", "rejects", "reconciliation"):
        pd.testing.assert_frame_equal(getattr(got, name), getattr(expected, name))
    assert [str(w) for w in got.warnings] == [str(w) for w in expected.warnings]  # type: ignore[attr-defined]


@pytest.mark.slow
@SETTINGS
@given(rows=st.lists(any_row, min_size=1, max_size=30), headers=st.permutations(HEADERS))
def test_consuming_the_sheets_changes_nothing_but_the_sheets(
    rows: list[tuple[str, ...]], headers: list[str]
) -> None:
    """``normalize(consume=True)`` (the command's run) lets each raw column go after the check
    that reads it last: every line, reject (its column and cell as found), count and warning is
    the one the sheets give when they are kept, whatever the junk and the column order."""
    from tiercli.errors import TiercliError

    def sheet() -> RawSheet:
        made = _sheet(rows, [f"SO-{i % 7}" for i in range(len(rows))])
        return replace(made, frame=made.frame[headers])

    try:
        expected = normalize({"orders": [sheet()]}, CFG, None)
    except TiercliError as kept_error:
        with pytest.raises(TiercliError) as consumed_error:
            normalize({"orders": [sheet()]}, CFG, None, consume=True)
        assert str(consumed_error.value) == str(kept_error)
        return
    given_sheet = sheet()
    got = normalize({"orders": [given_sheet]}, CFG, None, consume=True)
    _tables_equal(got, expected)
    assert given_sheet.frame.columns.empty and len(given_sheet.frame) == len(rows)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["A", "B", "C", "乙", "", None]),
            st.one_of(st.none(), st.floats(-1e6, 1e6, allow_nan=False)),
            st.floats(0, 100, allow_nan=False),
        ),
        max_size=60,
    ),
    st.sampled_from([None, ["C", "A", "Z"], ["B"]]),
    st.sampled_from(["string", "str", "category"]),
)
@settings(max_examples=150, deadline=None)
def test_group_table_is_a_group_by_of_the_labelled_customers(
    rows: list[tuple[str | None, float | None, float]], order: list[str] | None, dtype: str
) -> None:
    """Counts, revenue (missing ones skipped; none: 0), shares and mean score per label, in the
    given order then the others sorted, labels with no customer kept as zero rows — what a
    plain group-by of the customers that have a label gives."""
    from tiercli.classifiers.summaries import GROUP_COLUMNS, group_table

    customers = pd.DataFrame(
        {
            "label": pd.Series([r[0] for r in rows], dtype="string").astype(dtype),
            "revenue": pd.Series([r[1] for r in rows], dtype="float64"),
            "score": pd.Series([r[2] for r in rows], dtype="float64"),
        }
    )
    got = group_table(customers, "label", order, score="score")
    labelled = customers.loc[customers["label"].notna()]
    grouped = labelled.groupby(labelled["label"].astype(str), sort=False)
    labels = list(order or []) + sorted(str(x) for x in grouped.groups if x not in (order or []))
    expected = pd.DataFrame(
        {
            "customers": grouped.size(),
            "revenue": grouped["revenue"].sum(min_count=1).fillna(0.0),
            "avg_score": grouped["score"].mean(),
        }
    ).reindex(labels)
    expected = expected.fillna({"customers": 0, "revenue": 0.0})
    assert got.index.astype(str).tolist() == labels
    assert got["customers"].tolist() == expected["customers"].astype("int64").tolist()
    np.testing.assert_array_equal(got["revenue"].to_numpy(), expected["revenue"].to_numpy())
    np.testing.assert_array_equal(got["avg_score"].to_numpy(), expected["avg_score"].to_numpy())
    n = int(expected["customers"].sum())
    if n:
        assert got["customer_share"].sum() == pytest.approx(1.0)
    assert list(got.columns) == [*GROUP_COLUMNS, "avg_score"]
