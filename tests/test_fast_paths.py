"""The fast paths for clean data give exactly what the general parsers give.

Each fast path (Arrow CSV reading, Arrow casts for plain numbers, clean ids kept as they are,
digit cells never blank, Arrow dictionary encoding of distinct cells) only takes cells it can
read alike; these tests run the same cells through the general path (an object column with one
non-text cell never takes a fast path) and compare.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import itertools
import random
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tiercli import features
from tiercli.io import coerce
from tiercli.io.readers import _arrow_grid
from tiercli.pipeline import SegmentationResult
from tiercli.report import tables
from tiercli.report.tables import _write_csv, float_text, neutralize_formulas

PIECES = [*"0123456789.,-+ eE$€¥()%kKmM'abcNnAa/#_\u3000１２", "", "nan", "NA", "n/a", "null"]
PIECES += ["1E+15", "1.2488E4", "12488.0", "-0", "007", "--", "SO-12", "C00123", "2026-03-05"]


@pytest.fixture(scope="module")
def cells() -> list[str | None]:
    rng = random.Random(1)
    made = ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 5))) for _ in range(3000)]
    made += [None] * 20 + [f"{x:.2f}" for x in np.random.default_rng(1).lognormal(3, 2, 1000)]
    return made


def _both(cells: list[str | None]) -> tuple[pd.Series, pd.Series]:
    return pd.Series(cells, dtype=str), pd.Series([*cells, 1.5], dtype=object)


def test_numbers_fast_and_slow_agree(cells: list[str | None]) -> None:
    fast, slow = _both(cells)
    a, b = coerce.parse_numbers(fast), coerce._slow_parse_numbers(slow)
    n = len(cells)
    np.testing.assert_array_equal(a.values.to_numpy(), b.values.to_numpy()[:n])
    assert np.array_equal(np.signbit(a.values.to_numpy()), np.signbit(b.values.to_numpy()[:n]))
    assert a.currency.fillna("~").tolist() == b.currency.fillna("~").tolist()[:n]


def test_a_column_of_plain_numbers_only_is_read_as_the_general_parser_reads_it() -> None:
    """Every cell a plain decimal: the whole column in one cast, the same numbers (signs of
    zero included) and no currency."""
    rng = np.random.default_rng(3)
    cells = [f"{x:.2f}" for x in rng.lognormal(3, 2, 500)] + ["-0", "007", "-0.0", "12", "-5.25"]
    column = pd.Series(cells, dtype=str, index=pd.RangeIndex(len(cells)) + 10, name="amount")
    a, b = coerce.parse_numbers(column), coerce._slow_parse_numbers(column.astype(object))
    np.testing.assert_array_equal(a.values.to_numpy(), b.values.to_numpy())
    assert np.array_equal(np.signbit(a.values.to_numpy()), np.signbit(b.values.to_numpy()))
    assert a.values.index.equals(column.index) and a.values.name == "amount"
    assert a.currency.isna().all() and a.currency.index.equals(column.index)


def test_arrow_reads_digits_dashes_and_dots_as_the_general_parser_does() -> None:
    """A column whose bytes are all digits, "-", "." or "/" is cast by Arrow at once: every
    such text Arrow reads ("1.", ".9", "-0", "009") is the general parser's number to the bit,
    and a column with one text Arrow refuses ("-", "1/2", "1.2.3", "") is read cell by cell."""
    import itertools

    texts = ["".join(t) for n in range(1, 6) for t in itertools.product("019.-/", repeat=n)]
    read = {}
    for text in texts:
        with contextlib.suppress(pa.ArrowInvalid):
            read[text] = pc.cast(pa.array([text]), pa.float64())[0].as_py()
    assert {"1.", ".9", "-0", "009"} <= set(read) and not {"1/2", "-", "1.2.3", "1-"} & set(read)
    cells = list(read)
    general = coerce._slow_parse_numbers(pd.Series(cells, dtype=object)).values.to_numpy()
    assert np.array_equal(np.array(list(read.values())).view(np.int64), general.view(np.int64))
    whole = pd.Series([*cells, None], dtype=str)
    assert coerce._byte_range(pa.array(whole.array), *coerce._DECIMAL_BYTES)
    fast = coerce.parse_numbers(whole).values.to_numpy()
    assert np.array_equal(fast[:-1].view(np.int64), general.view(np.int64)) and np.isnan(fast[-1])
    for refused in ("-", "1/2", "1.2.3", ""):
        column = pd.Series([*cells[:50], refused], dtype=str)
        a = coerce.parse_numbers(column).values.to_numpy()
        b = coerce._slow_parse_numbers(column.astype(object)).values.to_numpy()
        np.testing.assert_array_equal(a, b)
    assert not coerce._byte_range(pa.array(["1", "1 "]), *coerce._DECIMAL_BYTES)
    assert not coerce._byte_range(pa.array(["1", "1e5"]), *coerce._DECIMAL_BYTES)
    assert not coerce._byte_range(pa.array(["", None]), *coerce._DECIMAL_BYTES)


def test_spreadsheet_number_cells_read_as_the_general_parser_reads_them(
    cells: list[str | None],
) -> None:
    """Excel cells come as an object column of floats, ints and text: the float cells are taken
    as they are, and a column mixing them with text reads each cell as the general parser does."""
    rng = np.random.default_rng(2)
    numbers = [*rng.lognormal(3, 2, 500).tolist(), 0.1 + 0.2, -0.0, 7, 1e16, 1e-7, float("inf")]
    only_numbers = pd.Series([*numbers, None, float("nan")], dtype=object)
    mixed = pd.Series([*numbers, *cells, True, dt.datetime(2026, 3, 5, 14, 30)], dtype=object)
    for column in (only_numbers, mixed):
        a, b = coerce.parse_numbers(column), coerce._slow_parse_numbers(column)
        np.testing.assert_array_equal(a.values.to_numpy(), b.values.to_numpy())
        assert np.array_equal(np.signbit(a.values.to_numpy()), np.signbit(b.values.to_numpy()))
        assert a.currency.fillna("~").tolist() == b.currency.fillna("~").tolist()
    assert coerce.parse_numbers(only_numbers).values.iloc[:3].tolist() == numbers[:3]


def test_ids_written_as_floats_fast_and_slow_agree() -> None:
    """Ids from a numeric column ("17850.0") lose their zero decimals on the fast path exactly
    as on the slow one; other decimals, zero-padded and full-width ids are left to it."""
    ids = ["17850.0", "0.0", "00.0", "10.00", "12.50", "-1.0", "1.0E4", "１２.0", "C1.0", ""]
    fast, slow = _both(ids * 60)
    got = coerce.clean_id(fast).fillna("~").tolist()
    assert got == coerce.clean_id(slow).fillna("~")[: len(fast)].tolist()
    assert got[:4] == ["17850", "0", "00.0", "10"]


def test_ids_and_blanks_fast_and_slow_agree(cells: list[str | None]) -> None:
    # the fast paths take a cell with a digit for never blank
    assert not any(ch.isdigit() for token in coerce.BLANK_TOKENS for ch in token)
    fast, slow = _both(cells)
    n = len(cells)
    assert (
        coerce.clean_id(fast).fillna("~").tolist() == coerce.clean_id(slow).fillna("~")[:n].tolist()
    )
    assert coerce.is_blank(fast).tolist() == coerce.is_blank(slow)[:n].tolist()
    assert coerce.clean_text(fast).fillna("~").tolist() == (
        coerce.clean_text(slow).fillna("~")[:n].tolist()
    )


def test_ids_of_letters_and_digits_fast_and_slow_agree(cells: list[str | None]) -> None:
    """A column of mostly letters-and-digits ids ("C00123", "536365") is judged by Arrow's
    alphanumeric test, blank tokens of letters ("None", "NULL", "nan") looked up; the other
    cells (the fixture's: signs, dots, spaces, Excel's "1E+15", full-width digits) by the
    patterns: the same ids as the general path, in Arrow chunks too."""
    rng = random.Random(8)
    alnum = [*"0123456789", "C", "abc", "None", "NULL", "nan", "NaT", "Unknown", "na", "x"]
    made = ["".join(rng.choice(alnum) for _ in range(rng.randint(1, 3))) for _ in range(3000)]
    made += cells[:1500]
    rng.shuffle(made)
    array = pa.array(made, type=pa.large_string())
    chunked = pa.chunked_array([array.slice(0, 1000), array.slice(1000)])
    assert 2 * pc.sum(pc.ascii_is_alnum(array)).as_py() >= len(made)
    slow = coerce.clean_id(pd.Series([*made, 1.5], dtype=object)).fillna("~")[: len(made)]
    for held in (array, chunked):
        fast = pd.Series(pd.arrays.ArrowStringArray(held))
        assert coerce.clean_id(fast).fillna("~").tolist() == slow.tolist()


def test_repeated_ids_cleaned_once_each_as_row_by_row(cells: list[str | None]) -> None:
    """Ids that repeat (an order export's customer ids) are cleaned per distinct id and spread
    back: the same text on every row, the caller's index and name, a ``string`` column."""
    rng = np.random.default_rng(5)
    repeated = [cells[i] for i in rng.integers(0, 400, 6000)]
    fast = pd.Series(repeated, dtype=str, index=pd.RangeIndex(6000) * 2 + 7, name="客户")
    slow = pd.Series([*repeated, 1.5], dtype=object)
    got = coerce.clean_id(fast)
    assert got.fillna("~").tolist() == coerce.clean_id(slow).fillna("~")[:6000].tolist()
    assert got.index.equals(fast.index) and got.name == "客户" and got.dtype == "string"
    head_unique = pd.Series([f"SO-{i}" for i in range(5000)] + repeated, dtype=str)
    assert coerce.clean_id(head_unique).tolist()[5000:] == got.tolist()  # judged on the head


def test_dates_through_arrow_distinct_cells() -> None:
    days = ["2026-03-05", "5/3/2026", "", None, "2026年3月5日", "bad"] * 200
    fast, slow = _both(days)
    a, order_a = coerce.parse_dates_report(fast)
    b, order_b = coerce.parse_dates_report(slow)
    assert a.tolist() == b[: len(days)].tolist() and order_a == order_b


@pytest.mark.parametrize(
    "text",
    [
        'a,b,c\n1,"x, y",3\n4,"say ""hi""",6\n',
        'a,b\n"line\nbreak",2\n3,\n',
        "客户,金额\nC1,1\nC2,\n",
        'a,b\n"",""\n x , y \n',
    ],
)
def test_arrow_reads_regular_csv_as_pandas_does(text: str) -> None:
    grid = _arrow_grid(text, ",")
    assert grid is not None
    options = {"sep": ",", "header": None, "dtype": str, "keep_default_na": False}
    expected = pd.read_csv(io.StringIO(text), skip_blank_lines=False, **options)
    pd.testing.assert_frame_equal(grid, expected)


@pytest.mark.parametrize("text", ["a,b\n1,2\n\n3,4\n", "a,b\n1,2,3\n", 'a,b\n"open,2\n', 'a"b,c\n'])
def test_irregular_csv_is_left_to_pandas(text: str) -> None:
    assert _arrow_grid(text, ",") is None


def _pandas_bytes(frame: pd.DataFrame, path: Path) -> bytes:
    neutralize_formulas(frame).to_csv(path, index=False, encoding="utf-8-sig")
    return path.read_bytes()


def test_csv_writer_writes_what_pandas_writes(
    sample_result: SegmentationResult, tmp_path: Path
) -> None:
    for frame in (sample_result.customers.reset_index(), sample_result.rejects):
        _write_csv(frame, tmp_path / "fast.csv")
        assert (tmp_path / "fast.csv").read_bytes() == _pandas_bytes(frame, tmp_path / "slow.csv")


def test_csv_writer_edge_cells(tmp_path: Path) -> None:
    numbers = [np.nan, np.inf, -np.inf, 0.0, -0.0, 1e300, 5e-324, 1e16, 12.5, 3.0, 1e-5, 2.068e13]
    frame = pd.DataFrame(
        {
            "x": numbers,
            "text": [
                "a,b",
                'say "hi"',
                "two\nlines",
                "=1+1",
                None,
                "",
                "-3",
                "中文",
                "x",
                "@a",
                "ok",
                "\r",
            ],
            "n": pd.array([1, None, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], dtype="Int64"),
            "flag": [True, False] * 6,
            "day": pd.to_datetime(["2026-03-05"] * 11 + [None]),
        }
    )
    _write_csv(frame, tmp_path / "fast.csv")
    assert (tmp_path / "fast.csv").read_bytes() == _pandas_bytes(frame, tmp_path / "slow.csv")
    # wider than one join takes: the columns joined in groups, a missing cell at a group's end
    wide = pd.concat([frame.add_suffix(f"_{i}") for i in range(5)], axis=1)
    assert wide.shape[1] > 2 * tables._JOINED_AT_ONCE
    _write_csv(wide, tmp_path / "fast.csv")
    assert (tmp_path / "fast.csv").read_bytes() == _pandas_bytes(wide, tmp_path / "slow.csv")
    floats = pd.Series(numbers)
    assert floats.to_frame().to_csv(index=False) == float_text(floats).to_frame().to_csv(
        index=False
    )


@pytest.mark.parametrize("cut", [slice(2, None), slice(None, 2), slice(1, 3)])
def test_csv_writer_on_arrow_text_cut_from_a_longer_column(tmp_path: Path, cut: slice) -> None:
    """The writer's look at a column's bytes (a quote needed? a formula?) takes only the
    cells of the column — not those of the longer Arrow array it was sliced from."""
    whole = pd.DataFrame(
        {
            "a": pd.Series(["=1+1", "x,y", "plain", "text", None], dtype="string[pyarrow]"),
            "b": pd.Series(['say "hi"', "-2", "ok", "", "fine"], dtype="string[pyarrow]"),
        }
    )
    frame = whole.iloc[cut]
    _write_csv(frame, tmp_path / "fast.csv")
    assert (tmp_path / "fast.csv").read_bytes() == _pandas_bytes(frame, tmp_path / "slow.csv")


def test_ecb_rates_of_the_wanted_currencies_are_the_full_converters() -> None:
    from tiercli.io.currency import _converter

    full, part = _converter(None), _converter(frozenset({"USD", "CNY", "GBP", "EUR"}))
    assert part.currencies == full.currencies and part.bounds == full.bounds
    assert sorted(part._rates) == ["CNY", "GBP", "USD"]
    for code in ("USD", "CNY", "GBP"):
        assert part._rates[code] == full._rates[code]
    # read by Arrow, every currency's interpolated rates are the package's, bit for bit
    every = _converter(frozenset(full.currencies))
    assert every.bounds == full.bounds and sorted(every._rates) == sorted(full._rates)
    for code, rates in full._rates.items():
        got = every._rates[code]
        assert list(got) == list(rates)
        assert np.array_equal(np.array(list(got.values()), dtype=float).view(np.int64),
                              np.array(list(rates.values()), dtype=float).view(np.int64))  # fmt: skip


def test_ids_as_categories_by_arrow_are_astypes() -> None:
    from tiercli.features import _as_categories

    rng = np.random.default_rng(4)
    cells = [None if x == 0 else f"C{x:03d}" for x in rng.integers(0, 60, 5000)]
    values = pd.Series(cells, dtype="string[pyarrow]", index=rng.permutation(5000))
    # every id is a category (as in the customer table), and some categories have no line
    dtype = pd.CategoricalDtype(pd.Index([f"C{x:03d}" for x in range(1, 80)], dtype="string"))
    pd.testing.assert_series_equal(_as_categories(values, dtype), values.astype(dtype))
    plain = values.astype(object)  # not held by Arrow: the general path
    pd.testing.assert_series_equal(_as_categories(plain, dtype), plain.astype(dtype))


def test_repeated_rows_is_duplicated(cells: list[str | None]) -> None:
    """Row codes combined into one integer find exactly the rows ``duplicated`` finds: Arrow
    text, object columns mixing numbers, text and missing cells, numbers, many wide columns
    (the combined code is renumbered before it overflows), rows dropped once unique."""
    rng = np.random.default_rng(3)
    n = 4000
    few = [*cells[:6], None]
    frame = pd.DataFrame(
        {
            "text": pd.Series([few[i] for i in rng.integers(0, len(few), n)], dtype=str),
            "mixed": pd.Series(
                [[1, 1.0, "1", None, float("nan"), "x"][i] for i in rng.integers(0, 6, n)],
                dtype=object,
            ),
            "number": rng.integers(0, 3, n).astype(float),
        }
    )
    wide = pd.DataFrame(
        {f"w{i}": pd.Series(rng.choice(cells[:3000], n), dtype=str) for i in range(6)}
    )
    wide.iloc[n // 2 :] = wide.iloc[: n - n // 2].to_numpy()  # the second half repeats the first
    for table in (frame, wide, frame.iloc[::-1], frame.iloc[:1], frame.iloc[:0]):
        got = coerce.repeated_rows(table)
        assert got.tolist() == table.duplicated(keep="first").tolist()
        assert got.index.equals(table.index)
        # with a value that equal rows share (here: the first column's text length)
        length = table.iloc[:, 0].astype("string").str.len().to_numpy(dtype=float, na_value=-1)
        last = table.iloc[:, -1].astype(object).to_numpy()
        assert coerce.repeated_rows(table, [length, last]).tolist() == got.tolist()
        # each repeat names the earliest row it equals
        repeated, first = coerce.first_copies(table, [length, last])
        assert repeated.tolist() == got.tolist()
        group = table.groupby(list(table.columns), dropna=False, sort=False).ngroup()
        earliest = pd.Series(np.arange(len(table))).groupby(group.to_numpy()).transform("min")
        assert first.tolist() == earliest.to_numpy()[got.to_numpy()].tolist()
    assert coerce.repeated_rows(wide).sum() == n - n // 2
    assert (coerce.first_copies(wide)[1] == np.arange(n - n // 2)).all()


def test_repeated_rows_among_equal_numbers_and_dates() -> None:
    """Rows whose shared numbers are equal but differently stored — a missing number with
    another NaN payload, -0.0 and 0.0, missing dates — are still compared, so found."""
    other_nan = np.array([0x7FF8000000000001], dtype=np.uint64).view(np.float64)[0]
    frame = pd.DataFrame({"a": ["x", "x", "y", "y", "z", "z", "w"]}, dtype="string")
    amounts = np.array([np.nan, other_nan, -0.0, 0.0, 1.5, 1.5, 1.5])
    dates = np.array(["NaT", "NaT", "2024-01-01", "2024-01-01", "NaT", "NaT", "NaT"], "M8[ns]")
    got = coerce.repeated_rows(frame, [amounts, dates])
    assert got.tolist() == [False, True, False, True, False, True, False]
    assert got.tolist() == frame.duplicated(keep="first").tolist()


@pytest.mark.parametrize("order", ["auto", "DMY", "MDY", "YMD"])
def test_plain_numeric_dates_fast_and_slow_agree(order: str) -> None:
    """ERP date-times (Online Retail's "12/1/2010 8:26") read by Arrow give the general
    parser's dates and order: separators / . - (mixed too), 2- and 4-digit years, optional
    seconds, a "T", impossible days, blanks; a column with one cell of another shape (or a
    non-text cell) takes the general parser."""
    rng = random.Random(4)
    cells: list[str | None] = []
    for _ in range(3000):
        a, b = rng.randint(0, 32), rng.randint(0, 32)
        year = rng.choice([f"{rng.randint(1990, 2030)}", f"{rng.randint(0, 99):02d}"])
        sep = rng.choice("/.-")
        time = rng.choice(["", f" {rng.randint(0, 25)}:{rng.randint(0, 59):02d}",
                           f"T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 61):02d}"])  # fmt: skip
        cells.append(f"{a}{sep}{b}{sep}{year}{time}")
    cells += ["", "  ", None, " 1/2/2026 ", "12/1/2010 8:26"]
    for column in (cells, [c for c in cells if c is None or "/" in c]):
        _fast_dates_agree(column, order)
    other = pd.Series([*cells[:50], "2026-03-05"], dtype=str)
    assert coerce._plain_dates(other, order) is None


@pytest.mark.parametrize("order", ["auto", "DMY"])
def test_plain_iso_dates_fast_and_slow_agree(order: str) -> None:
    """ISO-like date-times ("2010-12-01 08:26:00", Online Retail's) read by Arrow give the
    general parser's dates: - / . separators, one-digit parts, seconds with a fraction, "T",
    impossible dates and times, blanks."""
    rng = random.Random(5)
    cells: list[str | None] = []
    for _ in range(3000):
        sep = rng.choice("-/.")
        day = f"{rng.randint(1890, 2300)}{sep}{rng.randint(0, 13)}{sep}{rng.randint(0, 32):02d}"
        time = rng.choice(["", f" {rng.randint(0, 24):02d}:{rng.randint(0, 60):02d}",
                           f"T{rng.randint(0, 23)}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
                           f".{rng.randint(0, 10**rng.randint(1, 9))}"])  # fmt: skip
        cells.append(day + time)
    cells += ["", None, "2010-12-01 08:26:00"]
    _fast_dates_agree(cells, order)


def _fast_dates_agree(cells: list[str | None], order: str) -> None:
    """*cells* take the Arrow date path and read as the general parser reads them (an object
    column with one non-text cell takes the general one)."""
    fast = pd.Series(cells, dtype=str)
    assert coerce._plain_dates(fast, order) is not None
    a, ka = coerce.parse_dates_report(fast, order)
    b, kb = coerce.parse_dates_report(pd.Series([*cells, 1.5], dtype=object), order)
    pd.testing.assert_series_equal(a, b.iloc[: len(cells)], check_names=False)
    assert ka == kb


def test_an_ecb_archive_of_another_shape_is_left_to_the_package() -> None:
    """The Arrow reader takes the packaged one-file archive; anything else raises, and the
    converter then lets the package's own loader read the file."""
    import zipfile

    from tiercli.io.currency import _read_rates

    na = frozenset({"", "N/A"})
    one = io.BytesIO()
    with zipfile.ZipFile(one, "w") as archive:
        archive.writestr("rates.csv", "Date,USD,JPY,\n2026-01-05,1.2,N/A,\n2026-01-02,1.1,150,\n")
    rates, first, last = _read_rates(one.getvalue(), frozenset({"USD"}), na)
    assert rates == {"USD": {dt.date(2026, 1, 5): 1.2, dt.date(2026, 1, 2): 1.1}}
    assert first == {"USD": dt.date(2026, 1, 2), "JPY": dt.date(2026, 1, 2)}
    assert last == {"USD": dt.date(2026, 1, 5), "JPY": dt.date(2026, 1, 2)}
    two = io.BytesIO()
    with zipfile.ZipFile(two, "w") as archive:
        archive.writestr("a.csv", "Date,USD,\n2026-01-02,1.1,\n")
        archive.writestr("b.csv", "Date,USD,\n2026-01-05,1.2,\n")
    with pytest.raises(ValueError, match="2 files"):
        _read_rates(two.getvalue(), frozenset({"USD"}), na)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 4), st.integers(-1, 6)), min_size=1, max_size=40),
    st.booleans(),
)
def test_order_groups_by_order_code_are_the_pairs_factorized(
    lines: list[tuple[int, int]], one_customer_each: bool
) -> None:
    """Lines as (customer code, order code; -1 missing): an order export (each order id one
    customer's, none missing) takes the order codes; the groups and their numbering (first
    appearance) are those of the (customer, order) pairs factorized."""
    customer = np.array([c for c, _ in lines], dtype=np.int32)
    order = np.array([o for _, o in lines], dtype=np.int32)
    if one_customer_each:
        order = np.abs(order)
        customer = (order * 7 % 5).astype(np.int32)  # each order id's one customer
    group, groups = features._order_groups(customer, order, 7)
    key = customer.astype(np.int64) * 8 + (order + 1)
    expected, keys = pd.factorize(key)
    assert groups == len(keys)
    np.testing.assert_array_equal(group, expected)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 40), min_size=1, max_size=60), st.integers(41, 5_000_000))
def test_distinct_currency_day_pairs_by_table_are_np_unique(keys: list[int], space: int) -> None:
    """Both ways (a table of a small key space, a sort of a large one) give np.unique's."""
    from tiercli.io.currency import _distinct_pairs

    key = np.array(keys, dtype=np.int64)
    pairs, where = _distinct_pairs(key, space)
    expected, inverse = np.unique(key, return_inverse=True)
    np.testing.assert_array_equal(pairs, expected)
    np.testing.assert_array_equal(where, inverse.ravel())


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["EUR", "USD", "CNY", None]),
            st.one_of(
                st.none(),
                st.datetimes(dt.datetime(2019, 1, 1), dt.datetime(2024, 12, 31)),
            ),
        ),
        min_size=1,
        max_size=40,
    ),
    st.integers(1, 9),
)
def test_currency_day_keys_in_blocks_are_the_whole_columns(
    rows: list[tuple[str | None, dt.datetime | None]], block: int
) -> None:
    """Keyed a few rows at a time (times of day included, missing dates and currencies, 32-bit
    keys), each row's (currency, day) is ``code × span + day − first day``, and the rows that
    need no rate get the key one past the pairs: what the whole-column expression gives."""
    from tiercli.io import currency

    codes = np.array([["EUR", "USD", "CNY", None].index(c) for c, _ in rows], dtype=np.intp)
    codes[codes == 3] = -1
    day = np.array([d or "NaT" for _, d in rows], dtype="datetime64[ns]")
    need = (codes >= 0) & ~np.isnat(day)
    whole = day.astype("datetime64[D]").view(np.int64)
    first = int(whole[need].min()) if need.any() else 0
    span = int(whole[need].max()) - first + 1 if need.any() else 1
    space = 3 * span
    expected = np.where(need, codes.astype(np.int64) * span + whole - first, space)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(currency, "_KEY_BLOCK", block)
        got = currency._pair_keys(codes, day, need, first, span, space)
    assert got.dtype == np.int32
    np.testing.assert_array_equal(got, expected)
    if need.any():
        assert currency._whole_day(day.view(np.int64)[need].min()) == first


def test_shared_hashes_in_blocks_are_the_whole_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hashed a few rows at a time, the rows whose (amount, date, text) recur and their hashes
    are those of the columns hashed whole — a block's edge changes nothing, text is coded over
    the whole column — and they are the rows ``duplicated(keep=False)`` finds (any NaN payload
    and -0.0 equal their like)."""
    rng = np.random.default_rng(11)
    n = 500
    other_nan = np.array([0x7FF8000000000001], dtype=np.uint64).view(np.float64)[0]
    amounts = rng.choice(np.array([1.5, -0.0, 0.0, np.nan, other_nan, 2.25]), n)
    days = rng.choice(np.array(["2024-01-01", "2024-01-02", "NaT"], dtype="datetime64[ns]"), n)
    text = rng.choice(np.array(["a", "b", None, "c"] + [f"u{i}" for i in range(40)], object), n)
    columns = [amounts, days, text]
    whole = coerce._shared(columns)
    monkeypatch.setattr(coerce, "_HASH_BLOCK", 7)
    blocks = coerce._shared(columns)
    np.testing.assert_array_equal(blocks[0], whole[0])
    np.testing.assert_array_equal(blocks[1], whole[1])
    plain = pd.DataFrame({"a": np.where(np.isnan(amounts), np.nan, amounts + 0.0), "d": days})
    plain["t"] = text
    np.testing.assert_array_equal(blocks[0], plain.duplicated(keep=False).to_numpy())
    assert len(blocks[1]) == int(blocks[0].sum())
    none = coerce._shared([np.arange(n, dtype=float)])  # nothing recurs
    assert not none[0].any() and len(none[1]) == 0


def test_take_sorted_is_take_on_chunked_text() -> None:
    """Rows taken by a mask from Arrow text of several chunks (a Parquet file's row groups,
    which Arrow's take would first join into one copy) are the rows ``take`` gives, with their
    index and name; a column of one chunk, an object column and an Arrow array likewise."""
    from tiercli.codes import take_sorted

    rng = np.random.default_rng(5)
    cells = [None if x == 0 else f"S{x}" for x in rng.integers(0, 50, 1000)]
    parts = [pa.array(cells[i : i + 97], pa.large_string()) for i in range(0, 1000, 97)]
    chunked = pa.chunked_array(parts)
    series = pd.Series(pd.arrays.ArrowStringArray(chunked), index=rng.permutation(1000), name="id")
    one = pd.Series(cells, dtype="string[pyarrow]", name="id")
    for rows in (
        np.array([], dtype=np.intp),
        np.array([0]),
        np.array([999]),
        np.sort(rng.choice(1000, 300, replace=False)),
        np.arange(1000),
    ):
        for values in (series, one, series.astype(object)):
            pd.testing.assert_series_equal(take_sorted(values, rows), values.take(rows))
        got = take_sorted(chunked, rows)
        assert got.to_pylist() == chunked.take(pa.array(rows, type=pa.int64())).to_pylist()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.none(),
            st.just(""),
            st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)).map(str),
            st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)).map(
                lambda d: f"{d.day}/{d.month}/{d.year} 10:30"
            ),
            st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)).map(
                lambda d: f"{d.year}/{d.month:02d}/{d.day:02d}"
            ),
        ),
        min_size=1,
        max_size=30,
    ),
    st.data(),
)
def test_dates_of_chunked_text_are_those_of_one_array(
    cells: list[str | None], data: st.DataObject
) -> None:
    """A date column Arrow holds in several chunks (a Parquet file's row groups, a CSV's
    blocks) is read by the plain-date fast path chunk by chunk, not joined into one copy: the
    same dates and the same day order as the column in one array."""
    cuts = sorted(data.draw(st.lists(st.integers(0, len(cells)), max_size=3)))
    bounds = [0, *cuts, len(cells)]
    chunked = pa.chunked_array(
        [pa.array(cells[a:b], pa.large_string()) for a, b in itertools.pairwise(bounds)],
        type=pa.large_string(),
    )
    several = pd.Series(pd.arrays.ArrowStringArray(chunked))
    one = pd.Series(cells, dtype="string[pyarrow]")
    got, order = coerce.parse_dates_report(several, "auto")
    expected, expected_order = coerce.parse_dates_report(one, "auto")
    assert order == expected_order
    assert got.tolist() == expected.tolist()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.none(),
            st.sampled_from(["Done", "Cancelled", "已完成", "Pumps", "Valves & Fittings"]),
            st.sampled_from([" Done", "Ｐｕｍｐｓ", "n/a", "", "a  b", "x\u200b"]),
        ),
        min_size=1,
        max_size=60,
    ),
    st.integers(1, 4),
)
def test_clean_text_of_clean_arrow_text_is_the_column_itself(
    cells: list[str | None], chunks: int
) -> None:
    """A text column whose every distinct cell is already clean comes back on its own Arrow
    buffers, not spread again; either way it is the text the general way gives, and its
    encoding (known without encoding its cells) is Arrow's."""
    from tiercli.codes import _arrow_codes, value_codes

    rows = (cells * (600 // len(cells) + 1))[:600]  # past the distinct-cells threshold
    size = -(-len(rows) // chunks)
    parts = [pa.array(rows[i : i + size], pa.large_string()) for i in range(0, len(rows), size)]
    held = pa.chunked_array(parts, type=pa.large_string())
    values = pd.Series(pd.arrays.ArrowStringArray(held), name="状态").astype("str")
    got = coerce.clean_text(values)
    expected = coerce.clean_text(values.astype(object))
    pd.testing.assert_series_equal(got, expected)
    codes, distinct = value_codes(got)
    fresh = _arrow_codes(got.array.__arrow_array__(), got.dtype)
    np.testing.assert_array_equal(codes, fresh[0])
    assert distinct.tolist() == fresh[1].tolist()
    alone = [coerce.clean_text(pd.Series([c], dtype=object)).iloc[0] for c in cells]
    if all(c is None or (a is not pd.NA and a == c) for a, c in zip(alone, cells, strict=True)):
        # the reader's own buffers (the offsets of the first chunk)
        assert got.array.__arrow_array__().chunks[0].buffers()[1].address == (
            values.array.__arrow_array__().chunks[0].buffers()[1].address
        )


@pytest.mark.parametrize(
    ("cells", "own"),
    [
        (["USD", "EUR", None, "CNY"], True),  # ISO codes already: the column itself
        (["USD", "美元", None, "usd"], False),  # aliases: mapped and spread
        (["USD", "", "EUR"], False),  # a blank cell becomes missing
    ],
)
def test_currency_codes_of_iso_arrow_text_are_the_column_itself(
    cells: list[str | None], own: bool
) -> None:
    """A currency column of ISO codes only comes back on its own Arrow buffers; any other is
    mapped; either way the codes are the general way's, and so is their encoding."""
    from tiercli.codes import _arrow_codes, value_codes

    rows = (cells * 200)[:700]
    held = pa.chunked_array(
        [pa.array(part, pa.large_string()) for part in (rows[:350], rows[350:])]
    )
    values = pd.Series(pd.arrays.ArrowStringArray(held)).astype("str")
    got = coerce.normalize_currency(values)
    pd.testing.assert_series_equal(got, coerce.normalize_currency(values.astype(object)))
    codes, distinct = value_codes(got)
    fresh = _arrow_codes(got.array.__arrow_array__(), got.dtype)
    np.testing.assert_array_equal(codes, fresh[0])
    assert distinct.tolist() == fresh[1].tolist()
    same = got.array.__arrow_array__().chunks[0].buffers()[1].address == (
        held.chunks[0].buffers()[1].address
    )
    assert same == own


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.none(),
            st.text(alphabet="SO-0129.eE+ xé中/_#\t", max_size=8),
            st.sampled_from(["1E+15", "1.2488E4", "12e-3", "12E4", "E1", "e+1", "", "SO-1"]),
        ),
        max_size=40,
    ),
    st.integers(0, 3),
    st.integers(1, 5),
    st.booleans(),
)
def test_ids_read_off_their_bytes_are_the_patterns_verdict(
    cells: list[str | None], cut: int, block: int, large: bool
) -> None:
    """Which ids are clean as they are, read off their bytes (in blocks of a few cells, from
    chunks and slices of chunks, 32- and 64-bit offsets), is what the patterns say: printable
    ASCII other than "." with a digit, and not in Excel's scientific notation."""
    kind = pa.large_string() if large else pa.string()
    whole = pa.array(["pad", *cells, "pad"], kind).slice(1, len(cells))  # an offset into it
    cut = min(cut, len(cells))
    array = pa.chunked_array([whole.slice(0, cut), whole.slice(cut)], type=kind)
    plain = r"^[\x21-\x2d\x2f-\x7e]*[0-9][\x21-\x2d\x2f-\x7e]*$"
    expected = coerce._matches(array, plain) & ~coerce._matches(array, coerce._SCIENTIFIC_ID)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(coerce, "_ID_BYTES_BLOCK", block)
        got = coerce._clean_by_pattern(array)
    np.testing.assert_array_equal(got, expected)
