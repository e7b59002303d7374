"""Integer codes for the values of a column: group-bys and joins by one integer per row.

Hashing a million text cells per group-by (or a pair of columns at once) is what made the
pipeline super-linear at ten million order lines; the steps that group the lines by customer,
order, day or product line combine these codes into one integer key instead.
"""

from __future__ import annotations

import weakref
from typing import Any, Literal

import numpy as np
import pandas as pd


def value_codes(values: pd.Series, in_runs: bool = False) -> tuple[np.ndarray, pd.Index]:
    """Integer codes of *values* (missing: -1) and the distinct values they stand for; Arrow
    text is dictionary-encoded by Arrow, a categorical gives its codes and categories.

    Arrow text is encoded once per Arrow array: the order lines' ids and product lines are
    asked for by normalize, the customer table and the classifiers, and a frame's columns
    share their Arrow array with the frames taken from it. The codes given back are read-only.

    *in_runs*: the values are likely to come in runs of one value each, in order — an order
    export's order ids, each order's lines together, the orders numbered up ("SO-9", "SO-10")
    or by text ("536365", "536366"), or down (the newest first). Then (:func:`_run_codes`)
    each run is a distinct value, numbered as it comes, and no text is hashed: ten million
    order ids 1.6–1.9 s by Arrow's encoding (four million distinct), 0.2–0.5 s by their runs.
    The codes and distinct values are Arrow's encoding's either way.
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        return np.asarray(values.cat.codes, dtype=np.intp), pd.Index(values.cat.categories)
    array = values.array
    if isinstance(array, pd.arrays.ArrowStringArray):
        held = array.__arrow_array__()  # the Arrow array itself (shared, not copied)
        found = _ENCODED.get((id(held), str(values.dtype)))
        if found is not None and found[0]() is held:
            return found[1], found[2]
        by_runs = _run_codes(held, values.dtype) if in_runs else None
        codes, distinct = by_runs or _arrow_codes(held, values.dtype)
        _remember(held, values.dtype, codes, distinct)
        return codes, distinct
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return codes.astype(np.intp), pd.Index(uniques)


def remember_codes(values: pd.Series, codes: np.ndarray, distinct: pd.Index) -> None:
    """Record *codes* and *distinct* as :func:`value_codes` of *values* (Arrow-held text),
    known without encoding its cells: a Parquet column read as the file's own dictionary.
    *codes* (int32, -1 for a missing cell) must number *distinct* (in *values*' dtype) in the
    order the texts first appear, each used — as Arrow's encoding numbers them."""
    array = values.array
    if isinstance(array, pd.arrays.ArrowStringArray):
        _remember(array.__arrow_array__(), values.dtype, codes, distinct)


def spread_codes(result: pd.Series, codes: np.ndarray, spread: pd.Series) -> None:
    """Record :func:`value_codes` of *spread* = ``result[codes]`` (one row per cell, *result*
    one text per distinct cell) from *result*'s own encoding, without encoding *spread*'s cells.

    *codes* must number the distinct cells in the order they first appear (as Arrow's encoding
    and ``factorize`` do): then a text first appears in *spread* where the first of the cells
    that became it does, and ``result``'s codes taken by *codes* are what Arrow's encoding of
    *spread* gives — the same numbers, the same distinct texts (pinned by a test). A status or
    product-line column of ten million rows is encoded once, not again by each step that
    groups by it (0.12–0.2 s each).
    """
    array = spread.array
    if not isinstance(array, pd.arrays.ArrowStringArray):
        return
    own, distinct = value_codes(result)
    _remember(array.__arrow_array__(), spread.dtype, np.asarray(own)[codes], distinct)


_ENCODED: dict[tuple[int, str], tuple[weakref.ref[Any], np.ndarray, pd.Index]] = {}
"""(id of an Arrow array, pandas dtype) → (a weak reference to the array, its codes, its
distinct values)."""


def _remember(held: Any, dtype: Any, codes: np.ndarray, distinct: pd.Index) -> None:
    """Keep *codes* (made read-only) and *distinct* as the encoding of the Arrow array *held*
    read in *dtype*, for as long as the array lives."""
    codes.flags.writeable = False
    key = (id(held), str(dtype))  # the distinct values come in the column's dtype
    _ENCODED[key] = (weakref.ref(held, lambda _ref: _ENCODED.pop(key, None)), codes, distinct)


def _arrow_codes(held: Any, dtype: Any) -> tuple[np.ndarray, pd.Index]:
    import pyarrow as pa
    import pyarrow.compute as pc

    encoded = pc.dictionary_encode(held)
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks()
    codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False)
    distinct = pd.Index(pd.array(encoded.dictionary, dtype=dtype))
    return codes.astype(np.int32, copy=False), distinct  # Arrow's own width: half the memory


_RUNS_PROBE = 1 << 16
"""Rows looked at first by :func:`_run_codes`: a column not in ordered runs is told from its
first rows, before the whole column is compared."""


def _run_codes(held: Any, dtype: Any) -> tuple[np.ndarray, pd.Index] | None:
    """Arrow's encoding of the text array *held* (no missing value) from its runs of equal
    values, without hashing, when the runs' first values are in a strict order, up or down —
    by byte length then by bytes ("SO-9" < "SO-10"), or by bytes alone ("A-10" < "A-2"): each
    run is then a value of its own, first appearing where the run starts, so the run numbers
    are the codes Arrow's encoding (numbered by first appearance) gives. None otherwise (a
    value that comes back in a later run, runs out of order, a missing value)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    n = len(held)
    if n == 0 or held.null_count:
        return None
    for rows in (min(n, _RUNS_PROBE), n) if n > _RUNS_PROBE else (n,):
        part = held.slice(0, rows)
        starts = np.ones(rows, dtype=bool)
        if rows > 1:
            differs = pc.not_equal(part.slice(1), part.slice(0, rows - 1))
            starts[1:] = differs.to_numpy(zero_copy_only=False)
        firsts = part.filter(pa.array(starts))
        if isinstance(firsts, pa.ChunkedArray):
            firsts = firsts.combine_chunks()
        if not _strictly_ordered(firsts):
            return None
    codes = np.cumsum(starts, dtype=np.int32)
    codes -= 1
    return codes, pd.Index(pd.array(firsts, dtype=dtype))


def _strictly_ordered(texts: Any) -> bool:
    """Whether each of the Arrow texts comes strictly after the one before it, or each strictly
    before it (an export of the newest orders first), by bytes or by byte length then bytes:
    any strict order proves them distinct. Texts side by side are never equal (each is a run's
    first), so "not less" is "greater"."""
    import pyarrow.compute as pc

    m = len(texts)
    if m < 2:
        return True
    before, after = texts.slice(0, m - 1), texts.slice(1)
    less = pc.less(before, after).to_numpy(zero_copy_only=False)
    if less.all() or not less.any():
        return True
    lengths = pc.binary_length(texts).to_numpy(zero_copy_only=False)
    shorter, same = lengths[:-1] < lengths[1:], lengths[:-1] == lengths[1:]
    longer = ~shorter & ~same
    return bool(np.all(shorter | (same & less)) or np.all(longer | (same & ~less)))


def sorted_with_order(values: np.ndarray, stable: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """(*values* sorted, the order that sorts them: ``np.argsort(values, kind="stable")``) of
    an array of integers. When they are ≥ 0 and leave room in 63 bits for a row number, each
    is shifted up and its row number put in the freed low bits, and that one array is sorted
    by value — numpy's vectorised sort of 64-bit integers, where an argsort moves the
    numbers through an index (ten million keys: 0.08 s against 1.2 s stable, 0.5 s not);
    equal values keep their rows' order. Otherwise (negative or very large values), the
    argsort: stable, or numpy's quicker one when *stable* is False (equal values in any
    order)."""
    n = len(values)
    bits = _row_bits(n)
    if _packs(values, bits):
        packed = np.array(values, dtype=np.int64)  # a copy, whatever *values* was
        packed <<= bits
        packed |= np.arange(n, dtype=np.int64)
        packed.sort()
        ordered = packed >> bits
        packed &= (1 << bits) - 1
        return ordered.astype(values.dtype, copy=False), packed.astype(np.intp, copy=False)
    order = np.argsort(values, kind="stable" if stable else None)
    return values[order], order


def _row_bits(n: int) -> int:
    return max(int(n - 1).bit_length(), 1)


def _packs(values: np.ndarray, bits: int) -> bool:
    """True when *values* are ≥ 0 and leave *bits* free below them in 63 bits."""
    return bool(len(values) and values.min() >= 0 and int(values.max()).bit_length() + bits <= 63)


def runs(ordered: np.ndarray) -> np.ndarray:
    """The positions where a new value starts in a sorted array (0 first, when not empty)."""
    starts = np.empty(len(ordered), dtype=bool)
    starts[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=starts[1:])
    return np.flatnonzero(starts)


def grouped(key: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A group-by by one sort of integer keys (:func:`sorted_with_order`): (the distinct keys,
    sorted; the order that sorts the rows by key, each key's rows in file order; where each
    key's rows start in that order). ``np.add.reduceat(values[order], start)`` sums a column
    per key, each key's rows in file order — ten million keys in a fraction of the time of a
    group-by that hashes them.

    Keys that come in runs (an order's lines share their customer and day) are sorted a run
    at a time: each run's first key stands for the run, and the rows of the runs, taken in
    their sorted order, are the same order as the rows sorted one by one (10M lines in 4M
    runs: ~0.7 → ~0.4 s)."""
    starts = runs(key)
    if 2 * len(starts) > len(key):  # no more than a few rows a run: the rows themselves
        ordered, order = sorted_with_order(key)
        start = runs(ordered)
        return ordered[start], order, start
    lengths = np.diff(np.append(starts, len(key)))
    ordered, by_run = sorted_with_order(key[starts])
    lengths = lengths[by_run]
    placed = np.cumsum(lengths) - lengths  # where each run's rows go in the sorted rows
    # row i of the sorted rows: the run placed there, moved from its place in the file
    order = np.repeat(starts[by_run] - placed, lengths)
    order += np.arange(len(key), dtype=order.dtype)
    first = runs(ordered)  # the first run of each key, in the sorted runs
    return ordered[first], order.astype(np.intp, copy=False), placed[first]


def repeats(values: np.ndarray) -> np.ndarray:
    """True where a value occurs more than once (``duplicated(keep=False)``) in an array of
    integers: by one sort (:func:`sorted_with_order`), a fraction of the time of pandas' hash
    table on a million 64-bit keys. Values that do not pack (hashes over all 64 bits) are
    sorted as they are, and the rows holding one of the values seen twice looked up by hash
    (ten million keys: 0.3 s, where an argsort is 0.6 s)."""
    if not _packs(values, _row_bits(len(values))):
        ordered = np.sort(values)
        same = ordered[1:] == ordered[:-1]
        twice = ordered[1:][same]  # sorted: each value seen again, once per repeat
        del ordered, same
        twice = twice[runs(twice)]  # its distinct values (np.unique would sort or hash again)
        if not len(twice):
            return np.zeros(len(values), dtype=bool)
        return np.asarray(pd.Series(values, copy=False).isin(twice), dtype=bool)
    ordered, order = sorted_with_order(values, stable=False)
    same = ordered[1:] == ordered[:-1]
    repeated = np.zeros(len(values), dtype=bool)
    repeated[1:] = same
    repeated[:-1] |= same
    out = np.empty(len(values), dtype=bool)
    out[order] = repeated
    return out


def combined(high: np.ndarray, width: int, low: np.ndarray, offset: int = 0) -> np.ndarray:
    """One 64-bit key per row for a pair of codes, ``high × width + low + offset`` (with
    ``low + offset`` in 0 … width-1 the keys are distinct per pair and sort as (high, low)).
    Made in place on one new array: each whole-column temporary of the plain expression is
    80 MB at ten million rows."""
    key = np.array(high, dtype=np.int64)  # a copy, whatever *high* was
    key *= width
    key += low
    if offset:
        key += offset
    return key


def grouper(group: np.ndarray, groups: int) -> pd.Categorical:
    """Group numbers (0 … groups-1; -1: none) as a Categorical to group by: pandas groups by
    its codes as they are, where an integer array is hashed first (10M lines, 450k customers: a
    sum 0.38–0.53 → 0.20–0.25 s).

    With ``sort=True, observed=False`` (the customer table: every customer is a group to
    answer for) the result is indexed by every group number less -1: a group of no rows has a
    sum and a size of 0 (mask them where that differs from "none") and a missing min, max,
    mean or median. ``observed=True`` leaves out the numbers no row has (the summaries: a
    categorical label's unused categories), at the cost of recoding the codes by the distinct
    ones first (10M lines: ~0.2 s more a grouping)."""
    return pd.Categorical.from_codes(group, categories=pd.RangeIndex(groups))


def first_rows(group: np.ndarray, groups: int, in_order: bool | None = None) -> np.ndarray:
    """The position of each group's first row (*group*: group numbers 0 … groups-1).

    Numbered in order of first appearance (as a factorize or Arrow's dictionary encoding
    numbers them), the first rows are where the largest number so far grows: one pass in
    order, where placing each row's position by its group writes all over a large array
    (ten million lines, four million orders: 0.3 s → 0.03 s). *in_order*: whether they are
    (:func:`in_order_of_appearance`), when the caller knows; else it is checked (ten million
    rows: ~0.1 s)."""
    if in_order is None:
        in_order = in_order_of_appearance(group, groups)
    if in_order:
        top = np.maximum.accumulate(group)
        grows = np.empty(len(group), dtype=bool)
        grows[:1] = True
        np.greater(top[1:], top[:-1], out=grows[1:])
        return np.flatnonzero(grows)
    first = np.empty(groups, dtype=np.intp)
    first[group[::-1]] = np.arange(len(group) - 1, -1, -1, dtype=np.intp)  # the last write wins
    return first


def in_order_of_appearance(group: np.ndarray, groups: int) -> bool:
    """True when *group* numbers its rows 0 … groups-1 in order of first appearance: each
    row's number is at most one more than the largest before it, and every number is used."""
    if len(group) == 0:
        return groups == 0
    top = np.maximum.accumulate(group)
    return bool(group[0] == 0 and top[-1] == groups - 1 and (group[1:] <= top[:-1] + 1).all())


def held(index: pd.Index, storage: Literal["python", "pyarrow"]) -> pd.Index:
    """*index* (text) with its values held as Python strings (*storage* ``"python"``) or by
    Arrow (``"pyarrow"``). A pandas index builds its look-up table from an object array, which
    an Arrow-held index makes anew each time a Series indexed by it is sliced once that table
    exists — as every ``where`` does (450k customer ids: ~25 ms a ``where``, ~2 s of a 10M run):
    the customer table is computed and classified on Python strings, and summarised and written
    from Arrow's, which Arrow's text kernels read as they are."""
    return pd.Index(index.array.astype(pd.StringDtype(storage)), name=index.name)


def positions(values: pd.Index | pd.Series, among: pd.Index) -> np.ndarray:
    """``among.get_indexer(values)`` for an *among* of distinct values: where each value is in
    *among* (-1: not there), as an intp array.

    Text on both sides (held in Arrow, or as Python strings: the customer table's ids) is
    looked up by Arrow's ``index_in``, without the hash table pandas builds for *among* (450k
    customer ids: 0.32 s a look-up, Arrow's 0.15 s).
    """
    left, right = getattr(values, "array", None), getattr(among, "array", None)
    if isinstance(getattr(left, "dtype", None), pd.StringDtype) and isinstance(
        getattr(right, "dtype", None), pd.StringDtype
    ):
        import pyarrow as pa
        import pyarrow.compute as pc

        found = pc.index_in(pa.array(left), value_set=pa.array(right)).fill_null(-1)
        return np.asarray(found.to_numpy(zero_copy_only=False), dtype=np.intp)
    return np.asarray(among.get_indexer(values), dtype=np.intp)


def taken(frame: pd.DataFrame, rows: np.ndarray, index: pd.Index) -> pd.DataFrame:
    """``frame.reindex(index)`` from the positions of *index*'s labels in *frame* (*rows*: -1
    where absent: a missing row, as ``reindex`` fills it)."""
    return pd.DataFrame(
        {name: frame[name].array.take(rows, allow_fill=True) for name in frame.columns},
        index=index,
    )


def take_sorted(values: Any, rows: np.ndarray) -> Any:
    """``values.take(rows)`` for distinct *rows* in increasing order (a ``flatnonzero``'s), of a
    Series or an Arrow array. An Arrow array of several chunks (a Parquet file's row groups, a
    CSV's blocks) is filtered by a mask of the rows instead: Arrow's take on a chunked array
    first joins its chunks — a copy of the whole column (ten million lines: 130–170 MB for a
    few rows, at the run's height) — where its filter copies the rows kept only."""
    import pyarrow as pa

    series = isinstance(values, pd.Series)
    held = values.array if series else values
    if isinstance(held, pd.arrays.ArrowStringArray):
        held = held.__arrow_array__()
    if isinstance(held, pa.ChunkedArray) and held.num_chunks > 1:
        mask = np.zeros(len(values), dtype=bool)
        mask[rows] = True
        return values[mask] if series else values.filter(pa.array(mask))
    return values.take(rows) if series else values.take(pa.array(rows))


def repeated_text(value: str, index: pd.Index) -> pd.Series:
    """*value* on every row of *index*, as a ``str`` column (what ``pd.Series(value, index,
    dtype="str")`` gives), built from two Arrow buffers: a file name repeated over a million
    rows in 0.02 s instead of 0.13 s."""
    import pyarrow as pa

    data = value.encode("utf-8")
    n = len(index)
    offsets = np.arange(n + 1, dtype=np.int64) * len(data)
    array = pa.LargeStringArray.from_buffers(
        n, pa.py_buffer(offsets.tobytes()), pa.py_buffer(data * n)
    )
    return pd.Series(pd.array(array, dtype="str"), index=index)


def texts_by_code(texts: Any, codes: np.ndarray, index: pd.Index, name: Any = None) -> pd.Series:
    """``texts[code]`` on each row of *index* (a negative code, or a missing text: missing) as
    a ``string`` column, taken by Arrow: a few labels or a column of texts spread to many rows
    without a Python string per row. *texts*: a list of str/None or a text array."""
    import pyarrow as pa

    table = pa.array(texts, type=pa.large_string())
    taken = table.take(pa.array(codes, mask=np.asarray(codes) < 0))
    return pd.Series(pd.arrays.ArrowStringArray(taken), index=index, name=name, copy=False)


def missing_text(index: pd.Index, name: Any = None) -> pd.Series:
    """A ``string`` column missing on every row of *index* (what ``pd.Series(pd.NA, index,
    dtype="string")`` gives), made from :func:`null_text`: no memory of its own, where pandas
    fills an array of ten million ``NA`` first (0.2–0.4 s)."""
    array = pd.arrays.ArrowStringArray(null_text(len(index)))
    return pd.Series(array, index=index, name=name, copy=False)


def null_text(n: int) -> Any:
    """An Arrow text array of *n* missing values (``pa.nulls(n, pa.large_string())``) on
    zeroed memory that no one writes: its offsets and its validity bits are one buffer of
    zeros from ``calloc``, whose pages the system maps to its zero page when read. Arrow's own
    null array fills (n+1)·8 bytes: at ten million rows 78 MiB of resident memory and up to
    0.2 s each, and a large parse makes half a dozen (the per-cell currencies of its numbers)."""
    import pyarrow as pa

    zeros = pa.py_buffer(np.zeros(n + 1, dtype=np.int64))  # (the bits need n/8 bytes of it)
    return pa.Array.from_buffers(
        pa.large_string(), n, [zeros, zeros, pa.py_buffer(b"")], null_count=n
    )
