"""The hand-checked fixture: every value of the customer table computed by hand.

tests/data/mini_*.csv, as of 2026-06-30, fixed rates EUR 1.1 and GBP 1.25 (base USD). The
arithmetic for each expected value is in the comments.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tiercli import features
from tiercli.config.loader import parse_config
from tiercli.pipeline import SegmentationResult, segment
from tiercli.schema import CUSTOMER_TABLE
from tiercli.schema import METRICS as SCHEMA_METRICS

DATA = Path(__file__).parent / "data"
AS_OF = dt.date(2026, 6, 30)
CONFIG = parse_config({"currency": {"source": "fixed", "rates": {"EUR": 1.1, "GBP": 1.25}}}, "t")
NA = np.nan


@pytest.fixture(scope="module")
def mini() -> SegmentationResult:
    return segment(
        [],
        CONFIG,
        orders=[DATA / "mini_orders.csv"],
        customers=[DATA / "mini_customers.csv"],
        inquiries=[DATA / "mini_inquiries.csv"],
        as_of=AS_OF,
    )


# customer: (first, last, recency, orders, order_days, revenue, profit, avg, max, r12, prev12,
#            growth, median_gap, tenure, product_lines, inquiries, conversion)
EXPECTED = {
    # A1 1000 (Jan 10), A2 500+100 (Mar 10, two lines), A3 200 (Jun 8), R1 return -100.
    # revenue 1000+600+200-100; profit 200+120+40-20; avg (1000+600+200)/3; gaps 59, 90.
    # Q1 (Jan 2) → A1 within 90 days, Q2 (May 1) → A3: 2 of 2 converted.
    "C001": (
        "2026-01-10",
        "2026-06-08",
        22,
        3,
        3,
        1700.0,
        340.0,
        600.0,
        1000.0,
        1700.0,
        0.0,
        NA,
        74.5,
        171,
        2,
        2,
        1.0,
    ),
    # B1 1,000.00 EUR ×1.1 = 1100 (2025-06-01, 394 days ago: previous 12m); its duplicate row is
    # dropped; B2 cancelled; B3 "€ 800" → EUR from the cell, 880 (2024-11-15, 592 days ago).
    # profit 300×1.1 + 160×1.1 = 506; growth 0/1980 − 1 = −1; gap 198 days.
    "C002": (
        "2024-11-15",
        "2025-06-01",
        394,
        2,
        2,
        1980.0,
        506.0,
        990.0,
        1100.0,
        0.0,
        1980.0,
        -1.0,
        198.0,
        592,
        1,
        0,
        NA,
    ),
    # C2 bad date and C4 currency XYZ rejected; C5 (Jul 1) after the as-of; C6 kept; C3's amount
    # is "TBD" but it has 1 × 50: used as 50 (2026-05-05, 56 days ago), with a warning.
    # revenue 300 + 50, profit 60 + 5, gap 34 days (Apr 1 → May 5).
    "C003": (
        "2026-04-01",
        "2026-05-05",
        56,
        2,
        2,
        350.0,
        65.0,
        175.0,
        300.0,
        350.0,
        0.0,
        NA,
        34.0,
        90,
        1,
        0,
        NA,
    ),
    # 300 GBP × 1.25; 729 days before the as-of: inside the previous 12 months (365..729).
    "00042": (
        "2024-07-01",
        "2024-07-01",
        729,
        1,
        1,
        375.0,
        112.5,
        375.0,
        375.0,
        0.0,
        375.0,
        -1.0,
        NA,
        729,
        1,
        0,
        NA,
    ),
    # prospects: order metrics empty; C006's second inquiry is after the as-of.
    "C005": (None, None, NA, NA, NA, NA, NA, NA, NA, NA, NA, NA, NA, NA, NA, 1, 0.0),
    "C006": (None, None, NA, NA, NA, NA, NA, NA, NA, NA, NA, NA, NA, NA, NA, 1, 0.0),
}
CUSTOMER_TABLE_COLUMNS = list(CUSTOMER_TABLE)
METRICS = [c.name for c in SCHEMA_METRICS[:17]]  # first_order_date … inquiry_conversion


def test_columns_are_the_contract(mini: SegmentationResult) -> None:
    assert mini.customers.index.name == "customer_id"
    n = len(CUSTOMER_TABLE_COLUMNS) - 1
    assert list(mini.customers.columns[:n]) == CUSTOMER_TABLE_COLUMNS[1:]
    added = set(mini.customers.columns[n:])
    assert {
        "p_alive",
        "expected_orders",
        "predicted_revenue",
        "r_score",
        "f_score",
        "m_score",
        "rfm_code",
        "rfm_segment",
        "abc_class",
        "lifecycle",
        "expected_gap_days",
        "days_overdue",
        "value_score",
        "potential_score",
        "behavior_score",
        "relationship_score",
        "composite_score",
        "tier",
        "quadrant",
        "pyramid_level",
        "action",
        "service_level",
        "contact_frequency",
        "channel",
    } <= added


def test_one_row_per_customer_in_id_order(mini: SegmentationResult) -> None:
    assert list(mini.customers.index) == ["00042", "C001", "C002", "C003", "C005", "C006"]


def test_the_ids_are_computed_on_python_strings_and_written_from_arrows(
    mini: SegmentationResult,
) -> None:
    """An Arrow-held index converts its values to Python objects each time a Series indexed by
    it is sliced once its look-up table exists (each ``where`` does): ~2 s of a 10M run. The
    writers read Arrow's text as it is (1M: ~0.1 s less to write the CSV)."""
    from tiercli.io.loader import load_inputs
    from tiercli.io.normalize import normalize

    inputs = load_inputs([], CONFIG, orders=[DATA / "mini_orders.csv"])
    tables = normalize(inputs.sheets, CONFIG, AS_OF)
    index = features.build_customer_table(tables, tables.as_of).index
    assert index.dtype == "string" and index.dtype.storage == "python"
    assert index.name == "customer_id"
    index = mini.customers.index
    assert index.dtype == "string" and index.dtype.storage == "pyarrow"
    assert index.name == "customer_id"


@pytest.mark.parametrize("customer", list(EXPECTED), ids=list(EXPECTED))
def test_metrics_by_hand(mini: SegmentationResult, customer: str) -> None:
    row = mini.customers.loc[customer, METRICS]
    for column, expected in zip(METRICS, EXPECTED[customer], strict=True):
        got = row[column]
        if expected is None or (isinstance(expected, float) and np.isnan(expected)):
            assert pd.isna(got), f"{customer}.{column}: expected empty, got {got!r}"
        elif column.endswith("_date"):
            assert got == pd.Timestamp(expected), f"{customer}.{column}"
        else:
            assert got == pytest.approx(expected), f"{customer}.{column}: {got!r} != {expected}"


def test_product_line_and_typical_order(mini: SegmentationResult) -> None:
    c = mini.customers
    # C001: Pumps 1000 + 100 + 200 = 1300 of 1800 gross; Valves 500.
    assert c.loc["C001", "top_product_line"] == "Pumps"
    assert c.loc["C001", "top_product_line_share"] == pytest.approx(1300 / 1800)
    assert c.loc["C001", "median_order_value"] == 600.0  # orders 1000, 600, 200
    assert c.loc["C001", "median_order_quantity"] == 6.0  # 10, 5+1, 2
    assert pd.isna(c.loc["C005", "top_product_line"])


@settings(max_examples=150, deadline=None)
@example([("C1", "Valves", 100.0, False), ("C1", "Pumps", 100.0, False)])  # a tie: by name
@example(
    [("C2", "Belts", 50.0, False), ("C2", "Belts", 50.0, False), ("C2", "Pumps", 100.0, False)]
)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["C1", "C2"]),
            st.one_of(st.none(), st.sampled_from(["Valves", "Pumps", "Belts"])),
            st.sampled_from([0.0, 50.0, 100.0, -30.0, 100.0]),
            st.booleans(),
        ),
        max_size=25,
    )
)
def test_top_product_line_is_the_largest_then_the_first_by_name(
    rows: list[tuple[str, str | None, float, bool]],
) -> None:
    """Per customer, the product line of the largest gross value of its non-return lines
    (ties: the alphabetically first), its share of the customer's gross, and how many lines:
    as a plain group-by by (customer, line) gives them."""
    lines = pd.DataFrame(rows, columns=["customer_id", "product_line", "amount", "is_return"])
    lines = lines.astype({"customer_id": "str", "product_line": "str"})
    ids = pd.Index(["C1", "C2", "C3", "C4"], dtype="str")
    count, top, share = features._product_lines(lines, ids.get_indexer(lines["customer_id"]), ids)
    kept = lines[~lines["is_return"] & lines["product_line"].notna()]
    value = kept.groupby(["customer_id", "product_line"])["amount"].sum().clip(lower=0)
    for customer in ids:
        mine = value[value.index.get_level_values(0) == customer].droplevel(0)
        assert count[customer] == len(mine)
        if mine.empty:
            assert pd.isna(top[customer]) and np.isnan(share[customer])
            continue
        best = min(mine.index, key=lambda name: (-mine[name], name))
        assert top[customer] == best
        expected = mine[best] / mine.sum() if mine.sum() > 0 else np.nan
        assert share[customer] == pytest.approx(expected, nan_ok=True)


def test_thin_data_skips_predicted_value_with_a_warning(mini: SegmentationResult) -> None:
    assert mini.customers["predicted_revenue"].isna().all()
    assert any(
        str(w).startswith("predicted value skipped: only 3 customers") for w in mini.warnings
    )


def test_attributes(mini: SegmentationResult) -> None:
    c = mini.customers
    assert c.loc["C002", "employees"] == 1500  # "1,500" in the customer file
    assert c.loc["C006", "country"] == "Chile"  # from the inquiry file
    assert c.loc["C006", "source"] == "Google Ads"
    assert c.loc["C003", "name"] == '=HYPERLINK("http://x")'  # kept as data; writers neutralise


def test_reconciliation(mini: SegmentationResult) -> None:
    recon = mini.reconciliation.set_index("table")
    assert recon.loc[
        "orders", ["rows_read", "used", "rejected", "duplicates", "after_as_of"]
    ].tolist() == [16, 10, 4, 1, 1]
    assert recon.loc["inquiries", ["rows_read", "used", "after_as_of"]].tolist() == [5, 4, 1]
    assert recon.loc["customers", ["rows_read", "used"]].tolist() == [5, 5]


def test_rejects_name_row_column_value_and_reason(mini: SegmentationResult) -> None:
    got = mini.rejects[["row", "column", "value", "reason", "category"]].values.tolist()
    assert got == [
        [8, "Status", "Cancelled", "cancelled order", "excluded"],
        [
            9,
            "",
            "7",
            "exact duplicate of an earlier row (its row number is the value)",
            "duplicate",
        ],
        [11, "Customer ID", "", "blank customer id", "invalid"],
        [12, "Order Date", "not a date", "unparseable date", "invalid"],
        [
            14,
            "Currency",
            "XYZ",
            "unknown currency: no exchange rate (add one under currency.rates in the config)",
            "invalid",
        ],
    ]
    assert set(mini.rejects["source_file"]) == {str(DATA / "mini_orders.csv")}


def test_default_as_of_is_latest_usable_order_date() -> None:
    result = segment([DATA / "mini_orders.csv"], CONFIG)
    # C5 (2026-07-01) is the latest usable row; C4 on 06-30 is rejected (currency).
    assert result.as_of == dt.date(2026, 7, 1)
    assert result.reconciliation["after_as_of"].sum() == 0


@settings(max_examples=50, deadline=None)
@given(
    pairs=st.lists(
        st.tuples(st.integers(0, 40), st.sampled_from([0.0, 0.1, 0.2, 0.3, -7.5, 1e6, 19.99])),
        max_size=60,
    )
)
def test_pair_sums_in_cells_equal_the_sorted_sums(pairs: list[tuple[int, float]]) -> None:
    """A few product lines: each (customer, line) key's amounts added in a cell, no sort; the
    same keys and sums (to a few units in the last place) as the sorted group-by."""
    key = np.array([k for k, _ in pairs], dtype=np.int64)
    amount = np.array([a for _, a in pairs], dtype=np.float64)
    dense = features._pair_sums(key, amount, 41)  # 41 cells: the cells
    sorted_ = features._pair_sums(key, amount, 1 << 20)  # more cells than rows: the sort
    expected = pd.Series(amount).groupby(key).sum() if len(key) else pd.Series(dtype=float)
    for found in (dense, sorted_):
        assert found[0].tolist() == expected.index.tolist()
        np.testing.assert_allclose(found[1], expected.to_numpy(), rtol=1e-12, atol=1e-9)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.none(),
            st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2140, 1, 1)),
        ),
        max_size=30,
    ),
    st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2140, 1, 1)),
)
@example([dt.datetime(2026, 3, 5, 23, 59), dt.datetime(2026, 3, 6), None], dt.date(2026, 3, 5))
def test_days_before_are_pandas_days(stamps: list[dt.datetime | None], as_of: dt.date) -> None:
    """Whole days from each date to the as-of, floored (a later date, or a time of day the
    day before: negative), missing where the date is: what pandas' timedelta ``.dt.days``
    gives, dates before 1970 and after the as-of included."""
    dates = pd.Series(pd.to_datetime(pd.Series(stamps, dtype=object)), dtype="datetime64[ns]")
    as_of_ts = pd.Timestamp(as_of)
    expected = (as_of_ts - dates).dt.days.to_numpy(dtype="float64", na_value=np.nan)
    got = features._days_before(as_of_ts, dates)
    np.testing.assert_array_equal(np.asarray(got, dtype="float64"), expected)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.one_of(st.none(), st.text(alphabet="aBzé中0 9-", min_size=0, max_size=4)),
        min_size=1,
        max_size=40,
    )
)
def test_ids_of_the_lines_alone_are_sorted_as_the_union_is(cells: list[str | None]) -> None:
    """With the order lines' ids alone, the customer table's ids come from one sort of the
    lines' distinct ids (their positions read off it): the ids, their order (by code point:
    "B" < "a" < "é" < "中") and every line's category are those of the general way."""
    from tiercli.features import _as_categories, _table_ids

    lines = pd.DataFrame({"customer_id": pd.Series(cells, dtype="string[pyarrow]")})
    none = pd.DataFrame({"customer_id": pd.Series([], dtype="string")})
    ids, at = _table_ids(none, lines, none)
    present = [c for c in cells if c is not None]
    expected = pd.Index(sorted(set(present)), dtype="string", name="customer_id")
    assert at is not None
    assert ids.tolist() == expected.tolist() and ids.name == "customer_id"
    dtype = pd.CategoricalDtype(ids)
    got = _as_categories(lines["customer_id"], dtype, at)
    pd.testing.assert_series_equal(got, lines["customer_id"].astype(dtype))


def test_an_order_with_a_line_of_unknown_quantity_has_no_quantity() -> None:
    """Order lines summed to orders: an order whose every quantity is known has their sum; one
    with a line of unknown quantity has none (not the known lines' sum); with every quantity
    known no order is missing one."""
    lines = pd.DataFrame(
        {
            "customer_id": pd.Series(["C1", "C1", "C1", "C2", "C2"], dtype="string[pyarrow]"),
            "order_id": pd.Series(["A", "A", "B", "C", "C"], dtype="string[pyarrow]"),
            "order_date": pd.to_datetime(["2024-01-02"] * 5),
            "amount": [10.0, 20.0, 5.0, 1.0, 2.0],
            "quantity": [1.0, np.nan, 3.0, 4.0, 5.0],
            "is_return": [False] * 5,
        }
    )
    orders = features.order_table(lines)
    assert orders["quantity"].tolist()[1:] == [3.0, 9.0] and np.isnan(orders["quantity"].iloc[0])
    assert orders["amount"].tolist() == [30.0, 5.0, 3.0]
    known = features.order_table(lines.assign(quantity=[1.0, 2.0, 3.0, 4.0, 5.0]))
    assert known["quantity"].tolist() == [3.0, 3.0, 9.0]
    assert list(known.columns) == ["customer_id", "order_date", "amount", "quantity"]


def test_a_salesperson_written_in_two_cases_is_one() -> None:
    """'FIONA WANG' on 3 customers and 'Fiona Wang' on 20 were two salespeople; --owner (which
    ignores case) picked one and the other's customers were in no salesperson's run."""
    from tiercli.features import _one_spelling

    names = pd.Series(["Fiona Wang"] * 3 + ["FIONA WANG"] * 2 + [None, "Li", "li"], dtype="string")
    assert _one_spelling(names).tolist() == ["Fiona Wang"] * 5 + [pd.NA, "Li", "Li"]
