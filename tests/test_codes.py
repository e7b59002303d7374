"""Integer codes and Arrow look-ups agree with what pandas gives for the same values."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tiercli import codes as codes_module
from tiercli.codes import (
    combined,
    first_rows,
    grouped,
    in_order_of_appearance,
    missing_text,
    positions,
    repeated_text,
    repeats,
    runs,
    sorted_with_order,
    taken,
    texts_by_code,
    value_codes,
)

TEXT = ["C2", None, "C1", "C2", "c1", "", "C1"]


@pytest.mark.parametrize(
    "values",
    [
        pd.Series(TEXT, dtype="string[pyarrow]"),
        pd.Series(TEXT, dtype=object),
        pd.Series(TEXT, dtype="category"),
        pd.Series([3.0, np.nan, 1.0, 3.0]),
    ],
)
def test_codes_stand_for_the_values(values: pd.Series) -> None:
    codes, distinct = value_codes(values)
    assert len(codes) == len(values)
    back = [None if c < 0 else distinct[c] for c in codes]
    expected = [None if pd.isna(v) else v for v in values]
    assert back == expected
    assert distinct.is_unique


@pytest.mark.parametrize("dtype", [np.int64, np.uint64])
def test_repeats_is_duplicated_keep_false(dtype: type) -> None:
    rng = np.random.default_rng(5)
    for values in (rng.integers(0, 50, 400), np.arange(30), np.zeros(3, int), np.array([], int)):
        values = values.astype(dtype)
        expected = pd.Series(values).duplicated(keep=False).tolist()
        assert repeats(values).tolist() == expected


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(0, 2**64 - 1), max_size=80), st.data())
def test_repeats_of_hashes_that_do_not_pack(hashes: list[int], data: st.DataObject) -> None:
    """64-bit hashes leave no room for a row number: sorted as they are, each value seen twice
    kept once (by the runs of the sorted repeats), its rows looked up."""
    again = data.draw(st.lists(st.sampled_from(hashes), max_size=40)) if hashes else []
    values = np.array(hashes + again + [2**63 + 5, 2**63 + 5], dtype=np.uint64)
    expected = pd.Series(values).duplicated(keep=False).tolist()
    assert repeats(values).tolist() == expected


def test_first_rows_of_each_group() -> None:
    group = np.array([2, 0, 2, 1, 0, 1])
    assert first_rows(group, 3).tolist() == [1, 3, 0]


@given(
    st.lists(st.sampled_from(["C1", "C2", "c1", "", "C10", "x", "é"]), unique=True),
    st.lists(st.sampled_from(["C1", "C2", "c1", "", "C10", "z", "é"]), max_size=12),
)
def test_positions_and_taken_are_get_indexer_and_reindex(
    among: list[str], wanted: list[str]
) -> None:
    """Arrow's look-up of text labels (either storage, the customer table's Python-held ids
    too) is ``get_indexer``; the rows taken by it are ``reindex``: values, missing rows and
    dtypes (a float, an int with no row missing, text)."""
    for left in ("pyarrow", "python"):
        for right in ("pyarrow", "python"):
            index = pd.Index(pd.array(among, dtype=f"string[{right}]"), name="customer_id")
            labels = pd.Index(pd.array(wanted, dtype=f"string[{left}]"), name="customer_id")
            assert positions(labels, index).tolist() == index.get_indexer(labels).tolist()
            frame = pd.DataFrame(
                {
                    "f": np.arange(len(among), dtype=float) / 3,
                    "i": np.arange(len(among)),
                    "s": pd.array(among, dtype="str"),
                },
                index=index,
            )
            pd.testing.assert_frame_equal(
                taken(frame, positions(labels, index), labels), frame.reindex(labels)
            )
    numbers = pd.Index([3.0, 1.0, 2.0])
    assert positions(pd.Index([1.0, 5.0]), numbers).tolist() == [1, -1]


@pytest.mark.parametrize("value", ["orders.csv", "", "订单/导出 2026.xlsx"])
def test_repeated_text_is_a_str_column_of_the_value(value: str) -> None:
    index = pd.RangeIndex(5, 12)
    got = repeated_text(value, index)
    pd.testing.assert_series_equal(got, pd.Series(value, index=index, dtype="str"))
    assert repeated_text(value, pd.RangeIndex(0)).empty


def test_arrow_text_is_encoded_once_per_arrow_array() -> None:
    """Frames taken from a frame share its Arrow arrays, and their codes: the same read-only
    array, forgotten with the Arrow array."""
    import gc

    from tiercli import codes as module

    frame = pd.DataFrame({"id": pd.Series(TEXT, dtype="string[pyarrow]"), "n": range(7)})
    codes, distinct = value_codes(frame["id"])
    again, _ = value_codes(frame[["id"]].assign(n=1)["id"])
    assert again is codes and not codes.flags.writeable
    other, _ = value_codes(pd.Series(TEXT, dtype="string[pyarrow]"))  # equal, not the same
    assert other is not codes and other.tolist() == codes.tolist()
    # the same Arrow array seen as another text dtype: its distinct values in that dtype
    as_str = pd.Series(pd.array(frame["id"].array.__arrow_array__(), dtype="str"))
    assert value_codes(as_str)[1].dtype == as_str.dtype
    before = len(module._ENCODED)
    del frame, codes, again, distinct, other
    gc.collect()
    assert len(module._ENCODED) < before


@pytest.mark.parametrize("high_dtype", [np.int8, np.int32, np.intp])
def test_combined_is_the_pair_key_and_leaves_its_inputs(high_dtype: type) -> None:
    high = np.array([2, 0, 1, 2, 0], dtype=high_dtype)
    low = np.array([3, 1, 0, 3, 2], dtype=np.int32)
    kept = high.copy(), low.copy()
    key = combined(high, 5, low, 1)
    assert key.dtype == np.int64
    assert key.tolist() == [2 * 5 + 3 + 1, 1 + 1, 5 + 0 + 1, 14, 3]
    assert np.array_equal(high, kept[0]) and np.array_equal(low, kept[1])
    order = np.argsort(key, kind="stable")  # sorts as (high, low)
    assert [(high[i], low[i]) for i in order] == sorted(
        zip(high.tolist(), low.tolist(), strict=True)
    )


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 40), max_size=60),
    st.sampled_from([0, -5, 2**40, 2**62]),
    st.sampled_from([np.int64, np.int32, np.uint64]),
)
def test_sorted_with_order_is_a_stable_argsort(values: list[int], shift: int, dtype: type) -> None:
    """Packed into one sort when the values leave room for a row number, an argsort when not
    (negative values, values near 2**63): the same order either way, ties in row order."""
    if dtype is np.int32:
        shift = min(max(shift, -5), 2**20)
    array = np.array([v + shift for v in values], dtype=np.int64)
    array = np.abs(array).astype(np.uint64) if dtype is np.uint64 else array.astype(dtype)
    ordered, order = sorted_with_order(array)
    expected = np.argsort(array, kind="stable")
    np.testing.assert_array_equal(order, expected)
    np.testing.assert_array_equal(ordered, array[expected])
    assert ordered.dtype == array.dtype
    quick, any_order = sorted_with_order(array, stable=False)  # ties in any order
    np.testing.assert_array_equal(quick, ordered)
    np.testing.assert_array_equal(array[any_order], ordered)
    starts = runs(ordered)
    assert starts.tolist() == [
        i for i in range(len(ordered)) if i == 0 or ordered[i] != ordered[i - 1]
    ]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(0, 6), max_size=40), st.booleans())
def test_first_rows_by_order_of_appearance_or_not(values: list[int], factorized: bool) -> None:
    """Group numbers in order of first appearance (a factorize) take the one-pass way, any
    other numbering the placing way: the first row of each group either way."""
    if factorized:
        group, uniques = pd.factorize(np.array(values, dtype=np.int64))
        groups = len(uniques)
    else:
        group, groups = np.array(values, dtype=np.intp), 7
        if set(values) != set(range(7)):
            return  # every number used: first_rows' contract
    assert in_order_of_appearance(group, groups) == (
        factorized or list(dict.fromkeys(values)) == list(range(7))
    )
    expected = (
        [values.index(v) for v in dict.fromkeys(values)]
        if factorized
        else [values.index(g) for g in range(groups)]
    )
    assert first_rows(group, groups).tolist() == expected


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.integers(0, 12), max_size=50),
    st.sampled_from([0, -(2**40), 2**62, 2**63 + 5]),
)
def test_repeats_packed_or_not(values: list[int], offset: int) -> None:
    """Keys that pack with a row number (small, ≥ 0) and keys that do not (negative, over all
    64 bits: the hashes of the repeated-rows check) mark the same rows as duplicated."""
    if offset >= 2**63:
        array = (np.array(values, dtype=np.uint64) + np.uint64(offset)).astype(np.uint64)
    else:
        array = np.array(values, dtype=np.int64) + offset
    expected = pd.Series(array).duplicated(keep=False).tolist()
    assert repeats(array).tolist() == expected


@pytest.mark.parametrize("rows", [0, 1, 5])
def test_missing_text_is_a_string_column_of_na(rows: int) -> None:
    index = pd.RangeIndex(rows) + 3
    made = missing_text(index, "currency")
    expected = pd.Series(pd.NA, index=index, name="currency", dtype="string")
    pd.testing.assert_series_equal(made, expected)
    made.iloc[:1] = "USD"  # a column of its own, writable
    assert made.iloc[:1].tolist() == ["USD"][:rows]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 9), st.integers(-50, 50)), max_size=40))
def test_grouped_is_a_group_by_in_file_order(rows: list[tuple[int, int]]) -> None:
    """The distinct keys sorted, each key's rows in file order: sums per key as a group-by's."""
    key = np.array([k for k, _ in rows], dtype=np.int64)
    value = np.array([v for _, v in rows], dtype=np.float64)
    keys, order, start = grouped(key)
    expected = pd.Series(value).groupby(key, sort=True).sum()
    assert keys.tolist() == expected.index.tolist()
    assert all((np.diff(part) > 0).all() for part in np.split(order, start[1:]))
    sums = np.add.reduceat(value[order], start) if len(keys) else np.zeros(0)
    np.testing.assert_array_equal(sums, expected.to_numpy())


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(1, 6)), max_size=30))
def test_grouped_by_runs_is_grouped_row_by_row(runs_of: list[tuple[int, int]]) -> None:
    """Keys in runs (grouped a run at a time) give what sorting the rows one by one gives:
    the same keys, the same order of the rows, the same starts."""
    key = np.repeat(
        np.array([k for k, _ in runs_of], dtype=np.int64),
        np.array([n for _, n in runs_of], dtype=np.intp),
    )
    keys, order, start = grouped(key)
    expected_order = np.argsort(key, kind="stable")
    expected_keys, expected_start = np.unique(key, return_index=True)
    assert keys.tolist() == expected_keys.tolist()
    assert order.tolist() == expected_order.tolist()
    assert start.tolist() == np.searchsorted(key[expected_order], expected_keys).tolist()
    assert order.dtype == np.intp and len(expected_start) == len(keys)


def test_texts_by_code_takes_each_rows_text() -> None:
    index = pd.RangeIndex(5) + 2
    made = texts_by_code(["S", None, "B"], np.array([2, -1, 0, 1, 0]), index, "tier")
    expected = pd.Series(["B", None, "S", None, "S"], index=index, name="tier", dtype="string")
    pd.testing.assert_series_equal(made, expected)
    from_array = texts_by_code(pd.array(["x", "y"], dtype="string"), np.array([1, -1]), index[:2])
    assert from_array.tolist() == ["y", pd.NA]


@given(
    st.lists(
        st.sampled_from(["Done", "done ", "done", "已完成", "", "n/a", None, "x"]), max_size=60
    )
)
@settings(max_examples=60, deadline=None)
def test_a_spread_columns_known_encoding_is_arrows(cells: list[str | None]) -> None:
    """A column cleaned per distinct cell and spread back (``coerce.clean_text``) has its
    encoding recorded from the distinct cells': the codes and distinct texts Arrow's own
    encoding of the spread column gives, in Arrow chunks too."""
    import pyarrow as pa

    from tiercli.io import coerce

    cells = (cells or [None]) * (600 // max(len(cells), 1) + 1)  # rows for the per-distinct path
    for array in (
        pa.array(cells, type=pa.large_string()),
        pa.chunked_array(
            [
                pa.array(cells[:7], type=pa.large_string()),
                pa.array(cells[7:], type=pa.large_string()),
            ]
        ),
    ):
        values = pd.Series(pd.arrays.ArrowStringArray(array))
        spread = coerce.clean_text(values)
        held = spread.array.__arrow_array__()
        assert (id(held), str(spread.dtype)) in codes_module._ENCODED  # recorded, not encoded
        codes, distinct = value_codes(spread)
        taken = pa.array(spread.array)
        copied = pa.concat_arrays(taken.chunks) if isinstance(taken, pa.ChunkedArray) else taken
        fresh = pd.Series(pd.arrays.ArrowStringArray(pa.concat_arrays([copied, copied[:0]])))
        expected_codes, expected = value_codes(fresh)  # a new array: encoded by Arrow
        assert codes.tolist() == expected_codes.tolist()
        assert distinct.tolist() == expected.tolist() and distinct.dtype == expected.dtype


def _arrow_text(cells: list[str | None], chunks: int) -> pd.Series:
    import pyarrow as pa

    step = max(len(cells) // chunks, 1)
    parts = [cells[i : i + step] for i in range(0, len(cells), step)] or [[]]
    array = pa.chunked_array([pa.array(p, type=pa.large_string()) for p in parts])
    return pd.Series(pd.arrays.ArrowStringArray(array))


@given(
    st.lists(st.tuples(st.integers(0, 12), st.integers(1, 4)), max_size=40),
    st.sampled_from(["SO-{}", "{:03d}", "C{}", "{}x"]),
    st.booleans(),
    st.integers(1, 3),
)
@settings(max_examples=150, deadline=None)
def test_ids_in_runs_are_numbered_as_arrows_encoding(
    runs_of: list[tuple[int, int]], pattern: str, missing: bool, chunks: int
) -> None:
    """``value_codes(…, in_runs=True)`` — an order export's lines, each order's lines together —
    gives what Arrow's encoding gives: the same codes, the same distinct texts in the same
    dtype, whether the runs come in order ("SO-9" before "SO-10", or by text), out of order,
    or an id comes back in a later run; with a missing id, in Arrow chunks."""
    cells: list[str | None] = [pattern.format(n) for n, times in runs_of for _ in range(times)]
    if missing and cells:
        cells[len(cells) // 2] = None
    import pyarrow as pa

    fresh = pd.Series(pd.arrays.ArrowStringArray(pa.array(cells, type=pa.large_string())))
    expected_codes, expected = codes_module._arrow_codes(fresh.array.__arrow_array__(), fresh.dtype)
    probe = codes_module._RUNS_PROBE
    for rows_first in (3, probe):  # the first rows looked at, then all, or all at once
        codes_module._RUNS_PROBE = rows_first
        try:
            values = _arrow_text(cells, chunks)
            codes, distinct = value_codes(values, in_runs=True)
        finally:
            codes_module._RUNS_PROBE = probe
        assert codes.tolist() == expected_codes.tolist()
        assert distinct.tolist() == expected.tolist() and distinct.dtype == expected.dtype
        assert not codes.flags.writeable
        assert value_codes(values)[0] is codes  # remembered for the array


@pytest.mark.parametrize(
    "cells",
    [
        ["SO-8", "SO-8", "SO-9", "SO-10", "SO-10", "SO-11"],  # by length, then text
        ["536365", "536365", "536366", "536367", "536367"],  # by text
        ["A-10", "A-10", "A-2", "B-1"],  # by text, not by length then text
        ["SO-11", "SO-10", "SO-10", "SO-9"],  # newest first: by length then text, down
        ["536367", "536366", "536366", "536365"],  # by text, down
        ["X"],
    ],
)
def test_ids_in_ordered_runs_are_not_hashed(
    cells: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Runs whose first ids are in a strict order (by length then text, or by text; up, or
    down as in an export of the newest orders first) are each a distinct id: numbered by run,
    no hash of the texts."""

    def refuse(*_args: object) -> None:
        raise AssertionError("encoded by hashing")

    monkeypatch.setattr(codes_module, "_arrow_codes", refuse)
    codes, distinct = value_codes(_arrow_text(cells, 2), in_runs=True)
    expected = pd.factorize(pd.Series(cells))[0]
    assert codes.tolist() == expected.tolist()
    assert distinct.tolist() == list(dict.fromkeys(cells))


@pytest.mark.parametrize("n", [0, 1, 7, 8, 9, 64, 1000])
def test_null_text_is_arrows_null_array(n: int) -> None:
    """The missing text made on shared zeroed memory is Arrow's null array: valid, every value
    missing, and what Arrow's kernels and pandas make of it is what they make of ``pa.nulls``."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from tiercli.codes import missing_text, null_text

    got, expected = null_text(n), pa.nulls(n, pa.large_string())
    got.validate(full=True)
    assert got.type == pa.large_string() and got.null_count == n and got.equals(expected)
    assert pc.utf8_lower(got).equals(pc.utf8_lower(expected))
    assert pc.fill_null(got, "x").to_pylist() == ["x"] * n
    index = pd.RangeIndex(n)
    series = missing_text(index, "currency")
    pd.testing.assert_series_equal(
        series, pd.Series(pd.NA, index=index, dtype="string[pyarrow]", name="currency")
    )
    if n:
        series.iloc[0] = "EUR"  # written to: a new array, the shared zeros untouched
        assert series.iloc[0] == "EUR" and series.iloc[1:].isna().all()
        assert null_text(n).null_count == n
