"""Vectorised coercion of dirty cell values: blanks, dates, amounts, currencies, text and ids.

Trade exports arrive as CSV or Excel, in Chinese or English, typed by hand or written by a
dozen ERPs. Every function here takes one column (a :class:`pandas.Series` of any dtype:
object mixing ``str``/``int``/``float``/``None``/``datetime``/``date``/``Timestamp``, string,
numeric or datetime64) and returns a Series of the same length **with the same index** (and
name). Nothing here raises on a bad cell: a value that cannot be read becomes missing
(``NaN``/``NaT``/``<NA>``) and the caller decides what to report.

The work is done with pandas' vectorised string methods, regular expressions,
``pd.to_numeric``/``pd.to_datetime`` and numpy; no Python function is applied row by row. The
one exception is the last-resort date fallback, which hands the few values that no pattern
recognised to ``pd.to_datetime(format="mixed")``.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pandas.api.types import (
    infer_dtype,
    is_bool_dtype,
    is_datetime64_any_dtype,
    is_numeric_dtype,
    is_object_dtype,
)

from tiercli import currencies
from tiercli.codes import (
    combined,
    missing_text,
    repeats,
    runs,
    spread_codes,
    take_sorted,
    texts_by_code,
    value_codes,
)
from tiercli.text import BLANK_TOKENS
from tiercli.threads import arrow_map

__all__ = [
    "BLANK_TOKENS",
    "NumberParse",
    "clean_id",
    "clean_text",
    "first_copies",
    "is_blank",
    "normalize_currency",
    "parse_dates",
    "parse_dates_report",
    "parse_numbers",
    "repeated_rows",
]

# Internal working dtype: python storage so that every ``.str`` method uses Python's ``re``
# (named groups, back-references, look-behind) and missing values are ``pd.NA``.
_STR: Final = pd.StringDtype("python")

_ZERO_WIDTH: Final = "[\u200b\u200c\u200d\u2060\ufeff]"

# --------------------------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------------------------


# The decimal digits of other scripts NFKC leaves as they are (Arabic-Indic, Persian, Devanagari,
# Bengali, Thai, Lao, Myanmar, Khmer), and the Arabic decimal and thousands marks.
_DIGIT_ZEROS: Final = (0x660, 0x6F0, 0x966, 0x9E6, 0xE50, 0xED0, 0x1040, 0x17E0)
_DIGITS: Final = {zero + i: str(i) for zero in _DIGIT_ZEROS for i in range(10)} | {
    0x66B: ".",
    0x66C: ",",
}
# NFKC splits Thai and Lao SARA AM (จำกัด) into NIKHAHIT + SARA AA, which looks the same but
# is no longer the text the user typed (a name searched or copied): put back together.
_SARA_AM: Final = {"\u0e4d\u0e32": "\u0e33", "\u0ecd\u0eb2": "\u0eb3"}
_DIGITS_OR_AM: Final = (
    "["
    + "".join(f"\\u{zero:04x}-\\u{zero + 9:04x}" for zero in _DIGIT_ZEROS)
    + "\\u066b\\u066c\\u0e4d\\u0ecd]"
)


def _text(values: pd.Series) -> pd.Series:
    """``values`` as python-storage strings: NFKC, no zero-width chars, spaces collapsed, stripped;
    other scripts' digits as ASCII digits (``٣٠٠``, ``๑,๒๕๐`` are ``300``, ``1,250``).

    Keeps ``values.index``; missing values are ``<NA>``. Non-string scalars are stringified by
    pandas (``12488.0`` -> ``"12488.0"``, a ``datetime`` -> ``"2026-03-05 14:30:00"``).
    """
    text = (
        values.astype(_STR)
        .str.normalize("NFKC")
        .str.replace(_ZERO_WIDTH, "", regex=True)
        .str.replace(r"\s+", " ", regex=True)
        .str.strip()
    )
    other = _bools(text.str.contains(_DIGITS_OR_AM, regex=True))
    if other.any():  # (a cell of another script: its digits, Thai's SARA AM)
        mended = text[other].str.translate(_DIGITS)
        for split, whole in _SARA_AM.items():
            mended = mended.str.replace(split, whole, regex=False)
        text = text.where(~other, mended)
    return text


def _bools(mask: pd.Series) -> np.ndarray:
    """A (possibly nullable) boolean Series as a numpy bool array, ``<NA>`` -> False."""
    return mask.to_numpy(dtype=bool, na_value=False)


def _floats(values: pd.Series) -> np.ndarray:
    """Numeric-looking strings as a float64 numpy array, NaN where missing or not a number.

    Arrow text of digits only (the groups of a date read by a pattern) is cast by Arrow, which
    reads digits as ``to_numeric`` does, without a Python string per cell."""
    if isinstance(values.array, pd.arrays.ArrowStringArray):
        cells = pa.array(values.array)
        if pc.all(pc.match_substring_regex(cells, "^[0-9]{1,15}$"), skip_nulls=True).as_py():
            number = pc.cast(cells, pa.float64()).to_numpy(zero_copy_only=False)
            return np.asarray(number, dtype="float64")
    return pd.to_numeric(values, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)


def _blank_text(text: pd.Series) -> np.ndarray:
    """Blank mask for a Series already passed through :func:`_text`."""
    return text.isna().to_numpy() | _bools(text.str.casefold().isin(BLANK_TOKENS))


def _finish(result: pd.Series, values: pd.Series) -> pd.Series:
    """Put the caller's index and name back on ``result`` (computed on a RangeIndex)."""
    result.index = values.index
    result.name = values.name
    return result


# --------------------------------------------------------------------------------------------
# Distinct values: exports repeat the same dates, currencies, statuses and ids thousands of
# times, so each column function parses every distinct cell once and spreads the result back.
# --------------------------------------------------------------------------------------------

_DISTINCT_MIN_ROWS: Final = 512


def _arrow(values: pd.Series, chunks: bool = False) -> pa.Array | pa.ChunkedArray | None:
    """A column of text cells as one Arrow string array (nulls where missing), else None.

    pandas 3 keeps the CSV reader's text in Arrow already; an object column is converted when
    every cell is a ``str`` (or missing). Other columns (numbers, dates, mixed cells) are None.
    With *chunks*, Arrow text is given as the reader's chunks, not copied into one array (for
    the callers that only match, filter and take).
    """
    dtype = values.dtype
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
        array = pa.array(values.array)
    elif is_object_dtype(dtype) and infer_dtype(values, skipna=True) in {"string", "empty"}:
        array = pa.array(values.to_numpy(), type=pa.large_string(), from_pandas=True)
    else:
        return None
    if isinstance(array, pa.ChunkedArray) and not chunks:
        array = array.combine_chunks()
    return array


def _chunks(array: pa.Array | pa.ChunkedArray) -> list[pa.Array]:
    """An Arrow array's chunks (one array: itself)."""
    return array.chunks if isinstance(array, pa.ChunkedArray) else [array]


def _text_chunks(array: pa.Array | pa.ChunkedArray) -> list[pa.Array] | None:
    """The chunks of Arrow text held as ``string`` or ``large_string``; None for other types."""
    chunks = _chunks(array)
    if all(pa.types.is_string(c.type) or pa.types.is_large_string(c.type) for c in chunks):
        return chunks
    return None


def _cell_bounds(chunk: pa.Array) -> np.ndarray:
    """Where each cell of a non-empty Arrow text *chunk* starts in its data buffer, and where
    the last ends (one more than cells; 64-bit whatever the offsets' width)."""
    width = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
    offsets = np.frombuffer(chunk.buffers()[1], dtype=width)
    return offsets[chunk.offset : chunk.offset + len(chunk) + 1].astype(np.int64)


_SPLIT_ROWS: Final = 500_000  # a pattern is matched in parts from this many cells on


def _matches(array: pa.Array | pa.ChunkedArray, pattern: str) -> np.ndarray:
    """Where the Arrow (RE2) *pattern* matches a cell, as a numpy bool array (missing: False).

    A long column is matched in as many parts as Arrow has CPUs, at once (Arrow's kernel runs
    on one thread and lets go of the GIL): the patterns that sort out clean ids, numbers and
    dates were ~3 s of a 10M-line run on one core."""
    parts = min(pa.cpu_count(), len(array) // _SPLIT_ROWS)
    if parts < 2:
        return _match(array, pattern)
    step = -(-len(array) // parts)
    pieces = [array.slice(start, step) for start in range(0, len(array), step)]
    return np.concatenate(arrow_map(lambda piece: _match(piece, pattern), pieces))


def _match(array: pa.Array | pa.ChunkedArray, pattern: str) -> np.ndarray:
    found = pc.match_substring_regex(array, pattern).fill_null(False)
    return found.to_numpy(zero_copy_only=False)


def _distinct(values: pd.Series) -> tuple[pd.Series, np.ndarray] | None:
    """(the distinct cells plus one missing cell last, codes into them), or None when not worth it.

    Only for object/string columns of at least ``_DISTINCT_MIN_ROWS`` rows with repeats. Text
    held in Arrow is dictionary-encoded by Arrow (no Python object per cell).
    """
    if len(values) < _DISTINCT_MIN_ROWS or is_numeric_dtype(values.dtype):
        return None
    if is_datetime64_any_dtype(values.dtype) or is_bool_dtype(values.dtype):
        return None
    dtype = values.dtype
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
        codes, dictionary = value_codes(values)  # Arrow's encoding of the reader's chunks
        if len(dictionary) > 0.7 * len(values):
            return None
        missing = len(dictionary)
        cells = pd.Series([*dictionary.tolist(), None], dtype=object)
        return cells, np.where(codes < 0, missing, codes).astype(np.intp)
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)
    if len(uniques) > 0.7 * len(values):
        return None
    cells = pd.Series([*uniques.tolist(), None], dtype=object)
    return cells, np.where(codes < 0, len(uniques), codes)


def repeated_rows(frame: pd.DataFrame, among: Sequence[np.ndarray] = ()) -> pd.Series[bool]:
    """``frame.duplicated(keep="first")``: True for a row whose every cell equals an earlier
    row's (missing equals missing). See :func:`first_copies`."""
    return pd.Series(first_copies(frame, among)[0], index=frame.index, dtype=bool)


def first_copies(
    frame: pd.DataFrame, among: Sequence[np.ndarray] = ()
) -> tuple[np.ndarray, np.ndarray]:
    """(per row: whether its every cell equals an earlier row's, missing equal to missing —
    ``duplicated(keep="first")`` —, and for those rows in order the position of the first row
    they repeat). The positions are kept for the repeats alone: a bool a row, as before, and
    not a number a row while every raw cell of a large export is still held.

    Column by column, most varied first (judged on the first rows), each column's cells become
    integer codes (:func:`tiercli.codes.value_codes`: as ``duplicated``'s own factorize, Arrow
    text by Arrow), combined into one integer per row; a row whose combination
    so far is unique cannot repeat another and is dropped before the next column is read. Line
    level exports leave few rows after two columns: linear in the rows, where ``duplicated``
    sorts to compress its combined codes (10M rows: 25× the time of 1M).

    *among*: arrays of one value per row that equal rows share (numbers and dates parsed from
    the row, say): a row whose combination of them is unique cannot repeat another, so only
    the others are compared cell by cell, and only with the rows that share it — the
    combination's number starts their key (Online Retail: the lines of one timestamp, price
    and quantity are told apart by their product code at once, not after three columns).
    """
    n = len(frame)
    if n < 2 or frame.shape[1] == 0:  # (no columns: every row after the first repeats it)
        repeated = frame.duplicated(keep="first").to_numpy(dtype=bool)
        return repeated, np.zeros(int(repeated.sum()), dtype=np.int64)
    head = frame.iloc[:10_000]
    columns = sorted(frame.columns, key=lambda c: -head[c].nunique(dropna=False))
    # The rows that may still repeat an earlier one, and their keys so far. (With *among*,
    # only the shared rows' numbers are made: a whole column of row numbers and of zeros is
    # 160 MB of fresh memory at ten million rows, ~0.15 s to fault in on the machines we
    # measure on.)
    if len(among):
        shared, hashes = _shared(among)
        rows = np.flatnonzero(shared)
        # Each shared hash numbered 0, 1, …: equal rows share a number, and every column
        # is still combined in below, so equal keys remain equal rows (a hash that two
        # unequal combinations share only puts them in one group).
        key, seen = pd.factorize(hashes)
        key = key.astype(np.int64, copy=False)
        size = max(len(seen), 1)
    else:
        rows = np.arange(n)
        key = np.zeros(n, dtype=np.int64)
        size = 1
    for name in columns:
        if len(rows) == 0:
            break
        if 4 * len(rows) >= n:  # the whole column's codes (shared: value_codes keeps them)
            codes, uniques = value_codes(frame[name])
            codes = codes if len(rows) == n else codes[rows]
        else:  # a few rows left: only theirs encoded
            codes, uniques = value_codes(take_sorted(frame[name], rows))
        distinct = len(uniques)
        if size * (distinct + 1) >= 2**62:  # renumber the combinations seen so far (≤ rows)
            key, seen = pd.factorize(key)
            size = len(seen)
        key = combined(key, distinct + 1, codes, 1)
        size *= distinct + 1
        shared = repeats(key)
        if not shared.all():
            rows, key = rows[shared], key[shared]
            if len(rows) == 0:
                break
    repeated = np.zeros(n, dtype=bool)
    if not len(rows):
        return repeated, np.zeros(0, dtype=np.int64)
    # (rows ascend: a key's first position among them is its earliest row)
    codes, _ = pd.factorize(key)
    _, at = np.unique(codes, return_index=True)
    copy_of = rows[at[codes]]
    again = copy_of != rows
    repeated[rows[again]] = True
    return repeated, copy_of[again].astype(np.int64, copy=False)


def _shared(columns: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """(where a row's combination of *columns* may occur on another row too, those rows'
    hashes of it).

    The columns' values are hashed into one 64-bit integer per row (numbers and dates by their
    bits, missing as one value; anything else by its factorized code): equal combinations get
    equal hashes, so every row that does repeat is found; the rare unequal ones that collide are
    only compared cell by cell for nothing.

    Lean on memory: this runs while a large export's raw cells are all still held, where the
    run's memory is at its height. The hashes are sorted in place to find the ones seen twice,
    then made again in row order to find their rows, rather than sorting a copy; and they are
    made a block of rows at a time, not through whole-column temporaries (ten million rows:
    ~170 → ~90 MB above what the caller holds, the time alike).
    """
    columns = [_hashable(np.asarray(column)) for column in columns]
    key = _hashes(columns)
    key.sort()
    same = key[1:] == key[:-1]
    twice = key[1:][same]  # sorted: each hash seen again, once per repeat
    del key, same
    twice = twice[runs(twice)]  # its distinct values
    if not len(twice):
        return np.zeros(len(columns[0]), dtype=bool), np.zeros(0, dtype=np.uint64)
    key = _hashes(columns)
    shared = np.asarray(pd.Series(key, copy=False).isin(twice), dtype=bool)
    return shared, key[shared]


_HASH_BLOCK = 1 << 20
"""Rows hashed at a time by :func:`_hashes` (its temporaries: 8 MB a column)."""


def _hashable(values: np.ndarray) -> np.ndarray:
    """*values* as they are when :func:`_bits` reads them by their bits, else their codes (made
    once for the whole column: a block's own codes would not match another block's)."""
    if values.dtype.kind in "fiuMmb":
        return values
    codes, _ = pd.factorize(values, use_na_sentinel=True)
    return codes.astype(np.int64)


def _hashes(columns: Sequence[np.ndarray]) -> np.ndarray:
    """One 64-bit hash per row of the *columns* (see :func:`_shared`), made a block at a time."""
    key = np.empty(len(columns[0]), dtype=np.uint64)
    for start in range(0, len(key), _HASH_BLOCK):
        rows = slice(start, start + _HASH_BLOCK)
        block = key[rows]  # a view: filled in place
        block[:] = _bits(columns[0][rows])
        for column in columns[1:]:
            block *= np.uint64(0x9E3779B97F4A7C15)  # wraps around
            block += _bits(column[rows])
    return key


def _bits(values: np.ndarray) -> np.ndarray:
    """One unsigned 64-bit integer per value, equal for equal values (missing ones equal), in
    a new array."""
    if values.dtype.kind == "f":
        number = values.astype(np.float64)  # a copy of its own, changed in place
        number += 0.0  # -0.0 is 0.0
        number[np.isnan(number)] = np.nan  # one NaN (its payload) for every missing value
        return number.view(np.uint64)
    if values.dtype.kind in "iuMmb":
        return values.view(f"u{values.dtype.itemsize}").astype(np.uint64)
    codes, _ = pd.factorize(values, use_na_sentinel=True)
    return codes.astype(np.int64).view(np.uint64)


def _spread(result: pd.Series, codes: np.ndarray, values: pd.Series) -> pd.Series:
    """Result per distinct cell → result per row, with the caller's index and name."""
    # The array taken by its codes: ``iloc`` would build an index of every row's position
    # first (ten million texts: 0.5 → 0.08 s; dates 0.38 → 0.01 s).
    out = pd.Series(result.array.take(codes), copy=False)
    spread_codes(result, codes, out)  # its encoding known: the steps grouping by it need not
    return _finish(out, values)


def _spread_text(
    result: pd.Series, cells: pd.Series, codes: np.ndarray, values: pd.Series
) -> pd.Series:
    """:func:`_spread` of a text *result* per distinct cell of *values* (*cells*, the last one
    the missing cell; *codes* into them) — or, when it left every cell as it was (a clean
    status or product line, ISO currency codes), *values* itself as a ``string`` column on its
    own Arrow buffers: ten million rows not copied again (~100–170 MB and 0.1–0.2 s a column,
    more the first time its memory is touched). Its encoding is known either way."""
    array = values.array
    if isinstance(array, pd.arrays.ArrowStringArray):
        before = cells.iloc[:-1].to_numpy(dtype=object)
        after = result.iloc[:-1].to_numpy(dtype=object, na_value=None)
        if (before == after).all():
            out = pd.Series(pd.arrays.ArrowStringArray(array.__arrow_array__()), copy=False)
            spread_codes(result, codes, out)
            return _finish(out, values)
    return _spread(result, codes, values)


def is_blank(values: pd.Series) -> pd.Series[bool]:
    """Return a bool Series: True where a cell means "empty".

    Empty means ``None``/``NaN``/``NaT``/``pd.NA``, or a string that after NFKC normalisation
    (full-width and non-breaking spaces become plain spaces), removal of zero-width characters
    and stripping is one of :data:`BLANK_TOKENS` (case-insensitive). Numbers (including 0) and
    dates are never blank unless missing. Same index and name as ``values``.
    """
    array = _arrow(values, chunks=True)
    if array is not None:
        # Fast path: a cell with a digit is never blank (no blank token has one, and neither
        # NFKC nor stripping removes a digit); only the other cells go the slow way.
        filled = _matches(array, "[0-9]")
        if filled.any():
            mask = np.zeros(len(values), dtype=bool)
            if not filled.all():
                mask[~filled] = _slow_is_blank(values[~filled]).to_numpy()
            return pd.Series(mask, index=values.index, name=values.name, dtype=bool)
    return _slow_is_blank(values)


def _slow_is_blank(values: pd.Series) -> pd.Series[bool]:
    distinct = _distinct(values)
    if distinct is not None:
        return _spread(_slow_is_blank(distinct[0]), distinct[1], values)
    missing = values.isna().to_numpy(dtype=bool)
    if is_numeric_dtype(values.dtype) or is_datetime64_any_dtype(values.dtype):
        mask = missing
    else:
        mask = missing | _blank_text(_text(values.reset_index(drop=True)))
    return pd.Series(mask, index=values.index, name=values.name, dtype=bool)


# --------------------------------------------------------------------------------------------
# Currencies: one alias table shared by normalize_currency and parse_numbers
# --------------------------------------------------------------------------------------------

# The alias table and the ISO codes are tiercli.currencies' (the config reads them too).
_CURRENCY_ALIASES: Final = currencies.ALIASES
_ISO_CODES: Final = currencies.ISO_CODES


def _alternation(tokens: set[str]) -> str:
    """Regex alternation of ``tokens``, longest first so that "美元" wins over "元"."""
    return "|".join(re.escape(tok) for tok in sorted(tokens, key=lambda tok: (-len(tok), tok)))


_WORD_ALIASES: Final = {a for a in _CURRENCY_ALIASES if a.isascii() and a.isalpha()} | {
    code.lower() for code in _ISO_CODES
}
_SYMBOL_ALIASES: Final = {a for a in _CURRENCY_ALIASES if not (a.isascii() and a.isalpha())}
# First currency mentioned anywhere in a casefolded text; words must stand alone.
_CURRENCY_SEARCH_RE: Final = (
    rf"(?<![a-z])(?P<word>{_alternation(_WORD_ALIASES)})(?![a-z])"
    rf"|(?P<symbol>{_alternation(_SYMBOL_ALIASES)})"
)


def _currency_key(text: pd.Series) -> pd.Series:
    """Lookup key for the alias table: casefolded, whitespace and dots removed."""
    return text.str.casefold().str.replace(r"[\s.]+", "", regex=True)


def _lookup_currency(key: pd.Series) -> pd.Series:
    """ISO code for each key that is a known alias or a circulating ISO code, else ``<NA>``."""
    by_alias = key.map(_CURRENCY_ALIASES).astype(_STR)
    upper = key.str.upper()
    by_code = upper.where(_bools(upper.isin(_ISO_CODES)))
    return by_alias.where(by_alias.notna(), by_code)


def normalize_currency(values: pd.Series) -> pd.Series:
    """Map currency cells to ISO 4217 codes; returns a pandas ``"string"`` Series.

    Matching is case-, width- and space-insensitive and uses one alias table (also used by
    :func:`parse_numbers`): ``$``/``US$``/``usd``/``US Dollar``/``美元``/``美金`` -> ``USD``,
    ``€``/``Euro``/``欧元`` -> ``EUR``, ``¥``/``￥``/``RMB``/``元``/``人民币``/``CN¥`` -> ``CNY``
    (a plain yen sign is CNY: the users are Chinese exporters), ``JP¥``/``円``/``日元`` ->
    ``JPY``, ``HK$`` -> ``HKD``, ``₹``/``Rs`` -> ``INR``, ``Fr`` -> ``CHF``, ``Dh`` -> ``AED``
    and so on. A lone ``R`` is not mapped (rand or real?).

    Resolution order: (1) the whole cell is a known alias; (2) the whole cell is any three
    letters, returned uppercased as-is (validity is checked elsewhere); (3) the first known
    alias or ISO code mentioned inside the cell (``"USD (美元)"`` -> ``USD``). Anything else,
    blanks included, is ``<NA>``. Same index and name as ``values``.
    """
    distinct = _distinct(values)
    if distinct is not None:
        cells, codes = distinct
        return _spread_text(normalize_currency(cells), cells, codes, values)
    text = _text(values.reset_index(drop=True))
    text = text.where(~_blank_text(text))
    key = _currency_key(text)
    code = key.map(_CURRENCY_ALIASES).astype(_STR)
    three = key.str.upper().where(_bools(key.str.fullmatch(r"[a-z]{3}")))
    code = code.where(code.notna(), three)
    todo = code.isna().to_numpy() & text.notna().to_numpy()
    if todo.any():
        found = text[todo].str.casefold().str.extract(_CURRENCY_SEARCH_RE)
        alias = found["word"].where(found["word"].notna(), found["symbol"]).astype(_STR)
        code[todo] = _lookup_currency(alias)
    return _finish(code.astype("string"), values)


# --------------------------------------------------------------------------------------------
# Text and identifiers
# --------------------------------------------------------------------------------------------


def clean_text(values: pd.Series) -> pd.Series:
    """Tidy free text; returns a pandas ``"string"`` Series.

    NFKC-normalises (full-width letters, digits and spaces become ASCII), removes zero-width
    characters, strips, collapses every internal whitespace run to one space, and turns blank
    tokens (see :func:`is_blank`) into ``<NA>``. Non-string cells are stringified as pandas does
    (``12.0`` -> ``"12.0"``; use :func:`clean_id` for identifiers). Same index and name.
    """
    distinct = _distinct(values)
    if distinct is not None:
        cells, codes = distinct
        return _spread_text(clean_text(cells), cells, codes, values)
    text = _text(values.reset_index(drop=True))
    return _finish(text.where(~_blank_text(text)).astype("string"), values)


_FLOAT_ID_RE: Final = r"^(0|[1-9][0-9]*)\.0+$"
# Excel's scientific notation: a decimal mantissa or a signed exponent ("1.2488E4", "1E+15");
# a bare "12E4" is left alone because it may be a real code.
_SCI_ID_RE: Final = r"[0-9]+(?:\.[0-9]+[eE][+-]?|[eE][+-])[0-9]+"


def clean_id(values: pd.Series) -> pd.Series:
    """Tidy identifiers (customer, order numbers); returns a pandas ``"string"`` Series.

    Like :func:`clean_text`, then undoes what numeric Excel/CSV columns do to ids: a float that
    holds a whole number goes back to integer text (``12488.0`` or ``"12488.0"`` -> ``"12488"``,
    ``"1.2488E4"``/``"1.2488E+04"`` -> ``"12488"``). Leading zeros and letters are never touched
    (``"00123"`` and ``"C00123"`` stay as they are); a non-integral float such as ``"12.5"`` is
    kept as text. Same index and name as ``values``.
    """
    array = _arrow(values, chunks=True)  # kept as the reader's chunks: the ids share them
    if array is not None and _cleaned_per_distinct(array):
        # Each distinct id cleaned once (Online Retail's 541,909 lines hold 4,372 ids, each
        # written "17850.0"), spread back by Arrow.
        codes, distinct = value_codes(values)
        if len(distinct) <= 0.7 * len(values):
            cleaned = clean_id(pd.Series(distinct.array, copy=False))
            return texts_by_code(cleaned.array, codes, values.index, values.name)
    if array is not None:
        # Fast path: printable ASCII without spaces or dots, not a blank token and not Excel's
        # scientific notation, is already clean (NFKC leaves ASCII alone); only the rest goes
        # the slow way. Most ids have a digit, and no blank token has one: for them one pattern
        # (and the scientific one) decides; the others are checked in full.
        clean = _clean_as_they_are(array)
        rest = np.flatnonzero(~clean)
        if len(rest):
            other = take_sorted(array, rest)
            plain = _matches(other, r"^[!-~]+$") & ~_matches(other, r"[.]|^[0-9]+[eE][+-][0-9]+$")
            plain &= ~_matches(other, _WRAPPED_ID)
            blank = pc.is_in(pc.utf8_lower(other), pa.array(sorted(BLANK_TOKENS))).fill_null(True)
            clean[rest] = plain & ~blank.to_numpy(zero_copy_only=False)
        if clean.any():
            out = pd.Series(array, dtype="string").set_axis(values.index).rename(values.name)
            if not clean.all():
                out[~clean] = _slow_clean_id(values[~clean]).to_numpy()
            return out
    return _slow_clean_id(values)


def _clean_as_they_are(array: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Where an id is left as it is by :func:`clean_id` (the rest: maybe; missing: False).

    Ids of letters and digits only (Arrow's ``ascii_is_alnum``, a tenth of a pattern's time:
    "C00123", "536365") are, unless all letters and a blank token ("None", "NULL"). Other ids
    with a digit and only printable ASCII other than "." that are not in Excel's scientific
    notation are too, by the patterns; a column of mostly such ids goes to the patterns
    whole."""
    alnum = pc.ascii_is_alnum(array).fill_null(False).to_numpy(zero_copy_only=False)
    if 2 * int(alnum.sum()) < len(alnum):
        return _clean_by_pattern(array)
    clean = alnum.copy()
    alpha = pc.ascii_is_alpha(array).fill_null(False).to_numpy(zero_copy_only=False)
    words = np.flatnonzero(alpha)
    if len(words):
        lower = pc.ascii_lower(take_sorted(array, words))
        blank = pc.is_in(lower, pa.array(sorted(BLANK_TOKENS), type=lower.type))
        clean[words] = ~blank.to_numpy(zero_copy_only=False)
    rest = np.flatnonzero(~alnum)
    if len(rest):
        clean[rest] = _clean_by_pattern(take_sorted(array, rest))
    return clean


def _clean_by_pattern(array: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Where an id is printable ASCII other than "." with a digit, and not in Excel's
    scientific notation: read off its bytes (:func:`_id_bytes`), else by the patterns."""
    by_bytes = _id_bytes(array)
    if by_bytes is not None:
        clean, maybe_scientific = by_bytes
        rows = np.flatnonzero(maybe_scientific)
        if len(rows):
            maybe = take_sorted(array, rows)
            clean[rows] &= ~(_matches(maybe, _SCIENTIFIC_ID) | _matches(maybe, _WRAPPED_ID))
        return clean
    clean = _matches(array, r"^[\x21-\x2d\x2f-\x7e]*[0-9][\x21-\x2d\x2f-\x7e]*$")  # no "."
    clean &= ~(_matches(array, _SCIENTIFIC_ID) | _matches(array, _WRAPPED_ID))
    return clean


_SCIENTIFIC_ID: Final = r"^[0-9]+[eE][+-][0-9]+$"
# An id an export wrote so that Excel keeps it as text (its leading zeros): a formula of the
# text, ="00123", or an apostrophe before it, '00123 (the apostrophe is Excel's own mark for
# text; in a CSV it is read as a character of the cell).
_WRAPPED_ID: Final = r"^(?:=\"(?P<formula>.*)\"|'(?P<quoted>.*))$"

# Per byte: bit 0, a byte a clean id cannot hold (anything but printable ASCII, and "."); bit
# 1, a digit; bit 2, an "e" or "E" (the cell may be in scientific notation), an "=" or an "'"
# (it may be an id Excel was told to keep as text).
_ID_BYTE_BITS: Final = np.ones(256, dtype=np.uint8)
_ID_BYTE_BITS[0x21:0x7F] = 0
_ID_BYTE_BITS[ord(".")] = 1
_ID_BYTE_BITS[ord("0") : ord("9") + 1] |= 2
_ID_BYTE_BITS[[ord("e"), ord("E")]] |= 4
_ID_BYTE_BITS[[ord("="), ord("'")]] |= 4  # (and maybe kept as text by Excel: _WRAPPED_ID)
_ID_BYTES_BLOCK: Final = 1 << 18  # cells read at a time (their bits: a few MB)


def _id_bytes(array: pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray] | None:
    """(which cells are printable ASCII other than "." with a digit — :func:`_clean_by_pattern`'s
    first pattern — and which of those hold an "e", "E", "=" or "'"), from the cells' bytes as
    they lie in Arrow's buffers: each byte's bits looked up, or-ed over each cell (``reduceat``). Two passes
    over the bytes where the patterns take a regular expression over each cell (ten million
    order ids: ~0.4 s on two threads). None for text not held as ``string`` or
    ``large_string``."""
    chunks = _text_chunks(array)
    if chunks is None:
        return None
    clean, maybe = [], []
    for chunk in chunks:
        for start in range(0, len(chunk), _ID_BYTES_BLOCK):
            block = chunk.slice(start, _ID_BYTES_BLOCK)
            bounds = _cell_bounds(block)
            first, bounds = int(bounds[0]), bounds - bounds[0]
            filled = bounds[1:] > bounds[:-1]
            bits = np.zeros(len(block), dtype=np.uint8)
            if filled.any():
                raw = np.frombuffer(block.buffers()[2], dtype=np.uint8)
                raw = raw[first : first + int(bounds[-1])]
                bits[filled] = np.bitwise_or.reduceat(_ID_BYTE_BITS[raw], bounds[:-1][filled])
            valid = block.is_valid().to_numpy(zero_copy_only=False)
            plain = valid & (bits & 1 == 0) & (bits & 2 != 0)
            clean.append(plain)
            maybe.append(plain & (bits & 4 != 0))
    if not clean:
        return np.zeros(0, dtype=bool), np.zeros(0, dtype=bool)
    return np.concatenate(clean), np.concatenate(maybe)


def _cleaned_per_distinct(array: pa.Array | pa.ChunkedArray, head: int = 10_000) -> bool:
    """Whether ids are better cleaned once per distinct id than row by row, judged on the first
    *head* cells: a quarter or more of them not clean as they are, each id twice on average or
    more. Encoding ten million ids costs as much as checking them all (~0.3 s), so ids that are
    clean as they are (most exports) are checked row by row."""
    if len(array) < _DISTINCT_MIN_ROWS:
        return False
    first = array.slice(0, head)
    if 4 * int((~_clean_as_they_are(first)).sum()) < len(first):
        return False
    return 2 * pc.count_distinct(first, mode="all").as_py() <= len(first)


def _slow_clean_id(values: pd.Series) -> pd.Series:
    distinct = _distinct(values)
    if distinct is not None:
        return _spread(_slow_clean_id(distinct[0]), distinct[1], values)
    text = _text(values.reset_index(drop=True))
    wrapped = _bools(text.str.fullmatch(_WRAPPED_ID))
    if wrapped.any():  # ="00123", '00123: the id Excel was told to keep as text
        inner = text[wrapped].str.replace(_WRAPPED_ID, r"\g<formula>\g<quoted>", regex=True)
        text = text.where(~wrapped, inner.str.strip())
    text = text.where(~_blank_text(text))
    text = text.str.replace(_FLOAT_ID_RE, r"\1", regex=True)
    sci = _bools(text.str.fullmatch(_SCI_ID_RE))
    if sci.any():
        number = _floats(text[sci])
        whole = np.isfinite(number) & (np.floor(number) == number) & (np.abs(number) < 1e18)
        rows = np.flatnonzero(sci)[whole]
        text[rows] = pd.Series(number[whole]).astype("int64").astype(_STR).to_numpy()
    return _finish(text.astype("string"), values)


# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class NumberParse:
    """Result of :func:`parse_numbers`.

    ``values``: float64, NaN where the cell was blank or not a number. ``currency``: pandas
    ``"string"``, the ISO code of a currency written in the cell (``"USD 120"`` -> ``"USD"``),
    ``<NA>`` where there was none or the value could not be parsed. Both carry the input's
    index. ``percent``: where a number was read from a cell written as a percentage (``12.5%``
    is 0.125, ``2‰`` 0.002), positionally; None when no cell is (numbers, plain decimals).
    """

    values: pd.Series
    currency: pd.Series
    percent: np.ndarray | None = None


_NUMBER_RE: Final = (
    r"^(?P<pre>[^0-9]*?)"
    # a leading "." is a decimal point only if not glued to a word ("Rs.120" is 120)
    r"(?P<num>(?:(?<![a-z])\.)?[0-9](?:[0-9,.' ]*[0-9])?)"
    # a mark and one or two dashes: no cents (German 250,- and 1.000,--, Swiss 250.-), not a
    # trailing minus (100-, 1.000,00-)
    r"(?P<cents>[.,]--?(?![-0-9]))?"
    r"(?P<exp>e[+-]?[0-9]+)?"
    # k/m/mn/bn only directly after the number; CJK multipliers may follow a space
    r"(?P<mult>(?:k|mn|m|bn)(?![a-z])|\s*(?:百万|千万|万|亿|千))?"
    r"\s*(?P<pct>[%‰])?"
    r"(?P<post>.*)$"
)
_MULTIPLIERS: Final[dict[str, float]] = {
    "k": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "bn": 1e9,
    "千": 1e3,
    "万": 1e4,
    "百万": 1e6,
    "千万": 1e7,
    "亿": 1e8,
}
# Digit-group layouts of the number part -> how to make it a plain decimal. Tried in order.
_PLAIN_RE: Final = r"[0-9]+(?:\.[0-9]+)?|\.[0-9]+"  # 1234.5, 1.234 (one dot is a decimal)
_COMMA_GROUPS_RE: Final = r"[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]+)?"  # 1,234 / 1,234.50
_INDIAN_GROUPS_RE: Final = r"[1-9][0-9]?(?:,[0-9]{2})+,[0-9]{3}(?:\.[0-9]+)?"  # 12,34,567.00
_DOT_GROUPS_RE: Final = r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+(?:,[0-9]+)?"  # 1.234.567 / 1.234,50
_DECIMAL_COMMA_RE: Final = r"[0-9]+,[0-9]+"  # 12,5 / 0,123 / 1234,567
_SPACE_GROUPS_RE: Final = r"[1-9][0-9]{0,2}(?:[ '][0-9]{3})+(?:[.,][0-9]+)?"  # 1 234,50 1'234.5


# Object columns as spreadsheet readers give them: number cells only, or numbers mixed with text.
_NUMBER_CELLS: Final = frozenset({"floating", "integer", "mixed-integer-float", "decimal"})
_MIXED_CELLS: Final = frozenset({"mixed", "mixed-integer"})
_ARROW_STR: Final = pd.StringDtype("pyarrow")


def parse_numbers(values: pd.Series) -> NumberParse:
    """Parse amounts/quantities written in any common convention; see :class:`NumberParse`.

    Numeric dtypes pass through as float64. Text (after NFKC, so full-width digits and
    ``￥`` work) is read as: optional sign or opening parenthesis, optional currency, the number,
    optional exponent (``1.2E+03``), optional multiplier (``k``/``m``/``mn``/``bn`` directly
    after the number, or ``千``/``万``/``百万``/``千万``/``亿``), optional ``%`` (/100) or ``‰``,
    optional currency, optional trailing minus or closing parenthesis. Negative: leading or
    trailing minus, or accounting parentheses ``(45.00)``. A mark and one or two dashes after
    the digits are no cents, not a minus: ``1.000,-`` is 1000, ``250.-`` 250 (``100-`` and
    ``1.000,00-`` are negative).

    Separators: ``1,234.50`` and ``1.234,50`` (the last separator is the decimal point when both
    appear); thousands groups separated by spaces (normal, non-breaking, narrow) or
    apostrophes; several equal separators in groups of three (``1.234.567``, ``1,234,567``) are
    thousands; a single comma followed by exactly three digits is thousands (``1,234`` ->
    1234, but ``0,123`` -> 0.123), otherwise a decimal comma (``12,5``); a single dot is always
    a decimal point (``1.234`` -> 1.234). Anything else (``"TBD"``, ``"12abc34"``, an unknown
    word next to the number, two different currencies) is NaN.
    """
    if is_object_dtype(values.dtype):
        kind = infer_dtype(values, skipna=True)
        if kind in _NUMBER_CELLS:  # Excel number cells: already numbers, nothing to parse
            floats = pd.to_numeric(values).to_numpy(dtype="float64", na_value=np.nan)
            return NumberParse(
                pd.Series(
                    np.where(np.isfinite(floats), floats, np.nan), values.index, name=values.name
                ),
                missing_text(values.index, values.name),
            )
        if kind in _MIXED_CELLS:  # numbers and text: numbers as their shortest round-trip text
            values = values.astype(_ARROW_STR)
    array = _arrow(values, chunks=True)
    if array is not None:
        # Fast path: plain decimals ("1234.5", "-12") are read by one Arrow cast (correctly
        # rounded, as Python's float()); only the other cells go the slow way. A column
        # written with digits, "-" and "." only is cast at once, without the pattern (ten
        # million amounts: ~0.17 s of each core), when Arrow reads every cell: over those
        # bytes Arrow reads exactly what the general parser reads alike (pinned).
        if _byte_range(array, *_DECIMAL_BYTES):
            try:
                numbers = pc.cast(array, pa.float64()).to_numpy(zero_copy_only=False)
            except pa.ArrowInvalid:  # "-", "1-2", "1.2.3", "" …: cell by cell below
                pass
            else:
                return NumberParse(
                    pd.Series(numbers, index=values.index, name=values.name),
                    missing_text(values.index, values.name),
                )
        if _decimal_comma(array):  # 1.234,50 and 350,00 in it: 1.200 is 1200, 1,500 is 1.5
            array = _swap_marks(array, keep=_point_thousands(array))  # (but £1,000 is 1000)
            values = pd.Series(
                pd.arrays.ArrowStringArray(array), index=values.index, name=values.name
            )
        plain = _matches(array, r"^-?[0-9]+(?:\.[0-9]+)?$")
        if plain.all():  # every cell (an export of plain numbers): one cast, no selection
            numbers = pc.cast(array, pa.float64()).to_numpy(zero_copy_only=False)
            return NumberParse(
                pd.Series(numbers, index=values.index, name=values.name),
                missing_text(values.index, values.name),
            )
        if plain.any():
            numbers = np.full(len(values), np.nan)
            picked = pc.cast(array.filter(pa.array(plain)), pa.float64())
            numbers[plain] = picked.to_numpy(zero_copy_only=False)
            currency = missing_text(values.index, values.name)
            rest = _slow_parse_numbers(values[~plain])
            numbers[~plain] = rest.values.to_numpy()
            currency[~plain] = rest.currency.to_numpy()
            percent = None
            if rest.percent is not None:
                percent = np.zeros(len(values), dtype=bool)
                percent[~plain] = rest.percent
            return NumberParse(
                pd.Series(numbers, index=values.index, name=values.name), currency, percent
            )
    return _slow_parse_numbers(values)


_DECIMAL_BYTES: Final = (ord("-"), ord("9"))  # "-", ".", "/" and the digits

# What a column's cells show of its decimal mark, where a cell is not ambiguous: a comma after
# a dot (1.234,50), a comma before one, two or four-plus digits (350,00 · 12,5), dots between
# groups of three (1.234.567) — or the same with the marks the other way round.
_DASHES: Final = r"-\x{2012}-\x{2014}\x{2212}"  # (RE2) "-", figure, en and em dash, minus
_COMMA_DECIMAL: Final = (
    r"[0-9]\.[0-9]{3},[0-9]|(?:^|[^0-9.,])[0-9]+,(?:[0-9]{1,2}|[0-9]{4,})(?:$|[^0-9.,])"
    r"|[0-9]\.[0-9]{3}\.[0-9]{3}(?:$|[^0-9])"
    rf"|[0-9],[{_DASHES}]{{1,2}}(?:$|[^{_DASHES}0-9])"  # 1.000,- (no cents)
)
_POINT_DECIMAL: Final = (
    r"[0-9],[0-9]{3}\.[0-9]|(?:^|[^0-9.,])[0-9]+\.(?:[0-9]{1,2}|[0-9]{4,})(?:$|[^0-9.,])"
    r"|[0-9],[0-9]{3},[0-9]{3}(?:$|[^0-9])"
    rf"|[0-9]\.[{_DASHES}]{{1,2}}(?:$|[^{_DASHES}0-9])"  # 250.- (no cents)
)
_LOOK_AT: Final = 100_000  # cells at each end of a column looked at for its decimal mark


def _decimal_comma(array: pa.Array | pa.ChunkedArray) -> bool:
    """Whether a column writes its decimals with a comma, as its unambiguous cells show (and
    none shows a decimal point): then its ambiguous ones are read that way too — ``1.200``
    beside ``16.963,93`` is 1,200, not 1.2. Judged on the first and last cells (a column keeps
    its convention); a column of no comma never is."""
    if not pc.any(pc.match_substring(array, ",")).as_py():
        return False
    ends = [array.slice(0, _LOOK_AT)]
    if len(array) > 2 * _LOOK_AT:
        ends.append(array.slice(len(array) - _LOOK_AT))
    seen = pa.chunked_array(
        [c for end in ends for c in (end.chunks if isinstance(end, pa.ChunkedArray) else [end])],
        type=array.type,
    )
    return bool(_matches(seen, _COMMA_DECIMAL).any()) and not _matches(seen, _POINT_DECIMAL).any()


def _swap_marks(
    array: pa.Array | pa.ChunkedArray, keep: np.ndarray | None = None
) -> pa.ChunkedArray:
    """The cells with their commas and dots swapped (``16.963,93`` → ``16,963.93``), but where
    *keep*."""
    held = pc.replace_substring(array, ".", "\x00")
    held = pc.replace_substring(held, ",", ".")
    swapped = pc.replace_substring(held, "\x00", ",")
    if keep is not None:
        whole = array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array
        done = swapped.combine_chunks() if isinstance(swapped, pa.ChunkedArray) else swapped
        swapped = pc.if_else(pa.array(keep), whole, done)
    return swapped if isinstance(swapped, pa.ChunkedArray) else pa.chunked_array([swapped])


# Currencies whose exports write a decimal point (1,234.50): in a column of decimal commas, a
# cell that names one and groups its digits by one comma keeps that comma a thousands
# separator (£1,000 and $2,500 beside €1.234,50 are 1000 and 2500, not 1 and 2.5).
_POINT_CURRENCIES: Final = frozenset(
    {"USD", "GBP", "CNY", "JPY", "HKD", "INR", "AUD", "CAD", "NZD", "SGD", "TWD", "KRW", "PHP",
     "MYR", "THB", "MXN", "AED", "ILS", "NGN"}
)  # fmt: skip
_ONE_COMMA_GROUP: Final = r"(?:^|[^0-9.,])[0-9]{1,3},[0-9]{3}(?:$|[^0-9.,])"


def _point_currency_pattern() -> str:
    """An (RE2) pattern finding a mention of one of :data:`_POINT_CURRENCIES` in a raw cell:
    a code or word standing alone (``USD``, ``US$``, ``HK$``, ``Rs``), a sign (``£``, ``¥``,
    ``₹``, ``元``; ``$`` not after a letter: ``R$`` is the real)."""
    names = {a for a, code in _CURRENCY_ALIASES.items() if code in _POINT_CURRENCIES}
    names |= {code.lower() for code in _POINT_CURRENCIES}
    words = [a for a in names if a[0].isascii() and a[0].isalpha()]
    signs = [a for a in names if a not in words and a != "$"] + ["￥", "￡"]
    return (
        rf"(?i)(?:^|[^a-z])(?:{_alternation(set(words))})(?:$|[^a-z])"
        rf"|(?:^|[^a-z])[$＄]|{_alternation(set(signs))}"
    )


_POINT_CURRENCY: Final = _point_currency_pattern()


def _point_thousands(array: pa.Array | pa.ChunkedArray) -> np.ndarray | None:
    """Where a cell groups its digits by one comma (``1,000``) and names a currency written
    with a decimal point (:data:`_POINT_CURRENCIES`): its comma is a thousands separator
    whatever its column's decimal mark. None for no such cell."""
    grouped = np.flatnonzero(_matches(array, _ONE_COMMA_GROUP))
    if not len(grouped):
        return None
    named = _matches(take_sorted(array, grouped), _POINT_CURRENCY)
    if not named.any():
        return None
    keep = np.zeros(len(array), dtype=bool)
    keep[grouped[named]] = True
    return keep


def printable_ascii(values: pd.Series) -> bool:
    """True when every byte of an Arrow-held text column is printable ASCII other than the
    space ("!" … "~": no whitespace anywhere, no control character); False for any other
    column or one of no bytes (one Arrow pass over the bytes)."""
    array = _arrow(values, chunks=True) if isinstance(values.dtype, pd.StringDtype) else None
    return array is not None and _byte_range(array, 0x21, 0x7E)


def _byte_range(array: pa.Array | pa.ChunkedArray, low: int, high: int) -> bool:
    """True when every byte of every cell of Arrow text *array* lies in *low* … *high*.

    One Arrow pass (``min_max``) over the bytes as they lie in the array's buffers, a few ms
    for ten million cells, letting go of the interpreter's lock once (a numpy pass per chunk
    would wait for it after each of its hundreds of steps while a thread runs beside). Text
    not held as ``string`` / ``large_string``, or a column of no bytes: False. A missing cell
    is read with the bytes it holds, if any (none, as Arrow's readers make them)."""
    chunks = _text_chunks(array)
    if chunks is None:
        return False
    pieces = []
    for chunk in chunks:
        if not len(chunk):
            continue
        bounds = _cell_bounds(chunk)
        start, end = int(bounds[0]), int(bounds[-1])
        if end > start:
            data = chunk.buffers()[2]
            pieces.append(
                pa.Array.from_buffers(pa.uint8(), end - start, [None, data], offset=start)
            )
    if not pieces:
        return False
    found = pc.min_max(pa.chunked_array(pieces, type=pa.uint8()))
    return bool(low <= found["min"].as_py() and found["max"].as_py() <= high)


def _slow_parse_numbers(values: pd.Series) -> NumberParse:
    distinct = _distinct(values)
    if distinct is not None:
        parsed = _slow_parse_numbers(distinct[0])
        return NumberParse(
            _spread(parsed.values, distinct[1], values),
            _spread(parsed.currency, distinct[1], values),
            None if parsed.percent is None else parsed.percent[distinct[1]],
        )
    if is_numeric_dtype(values.dtype) or is_bool_dtype(values.dtype):
        floats = values.to_numpy(dtype="float64", na_value=np.nan)
        floats = np.where(np.isfinite(floats), floats, np.nan)  # ±inf is not an amount
        return NumberParse(
            values=pd.Series(floats, index=values.index, name=values.name),
            currency=missing_text(values.index, values.name),
        )

    text = _text(values.reset_index(drop=True))
    text = (
        text.str.casefold()
        .str.replace("[\u2212\u2012\u2013\u2014]", "-", regex=True)
        .str.replace("[\u2019\u02bc]", "'", regex=True)
    )
    parts = text.str.extract(_NUMBER_RE)
    num = parts["num"]
    matched = _bools(num.notna())
    cents = _bools(parts["cents"].notna())
    if cents.any():  # 250,- → 250,00 and 1.000,- → 1.000,00: the mark is the decimal one
        num[cents] = num[cents] + parts["cents"][cents].str.slice(0, 1) + "00"

    def fullmatch(pattern: str) -> np.ndarray:
        return _bools(num.str.fullmatch(pattern))

    plain = fullmatch(_PLAIN_RE)
    conditions = [
        plain,
        fullmatch(_COMMA_GROUPS_RE) | fullmatch(_INDIAN_GROUPS_RE),
        fullmatch(_DOT_GROUPS_RE),
        fullmatch(_DECIMAL_COMMA_RE),
        fullmatch(_SPACE_GROUPS_RE),
    ]
    choices = [
        num,
        num.str.replace(",", "", regex=False),
        num.str.replace(".", "", regex=False).str.replace(",", ".", regex=False),
        num.str.replace(",", ".", regex=False),
        num.str.replace(r"[ ']", "", regex=True).str.replace(",", ".", regex=False),
    ]
    choice_arrays: list[np.ndarray] = [c.to_numpy(dtype=object, na_value=None) for c in choices]
    decimal = np.select(conditions, choice_arrays, default=np.array(None, dtype=object))
    exponent = parts["exp"]
    has_exp = _bools(exponent.notna())
    literal = pd.Series(decimal, dtype=_STR) + exponent.fillna("")
    number = _floats(literal)

    factor = parts["mult"].str.strip().map(_MULTIPLIERS)
    factor_arr = pd.to_numeric(factor, errors="coerce").to_numpy(dtype="float64", na_value=1.0)
    pct = parts["pct"]
    divisor = np.where(_bools(pct == "%"), 100.0, np.where(_bools(pct == "‰"), 1000.0, 1.0))

    pre = parts["pre"].fillna("")
    post = parts["post"].fillna("")
    signs = pre.str.count(r"[-+]") + post.str.count(r"[-+]")
    opened = pre.str.count(r"\(")
    closed = post.str.count(r"\)")
    negative = _bools(pre.str.contains("-", regex=False) | post.str.contains("-", regex=False))
    negative |= _bools(opened == 1)
    shape_ok = (
        _bools(signs <= 1)
        & _bools(opened == closed)
        & _bools(opened <= 1)
        & ~_bools(pre.str.contains(")", regex=False))
        & ~_bools(post.str.contains("(", regex=False))
        & ~_bools(post.str.contains(r"[0-9]", regex=True))
    )

    def currency_of(side: pd.Series) -> tuple[pd.Series, np.ndarray]:
        key = _currency_key(side.str.replace(r"[-+():\s]", "", regex=True))
        code = _lookup_currency(key)
        ok = _bools(key == "") | code.notna().to_numpy()
        return code, ok

    pre_code, pre_ok = currency_of(pre)
    post_code, post_ok = currency_of(post)
    both = pre_code.notna().to_numpy() & post_code.notna().to_numpy()
    agree = ~both | _bools(pre_code == post_code)
    currency = pre_code.where(pre_code.notna(), post_code)

    valid = matched & np.isfinite(number) & (~has_exp | plain) & shape_ok & pre_ok & post_ok & agree
    with np.errstate(over="ignore", invalid="ignore"):
        result = np.where(negative, -number, number) * factor_arr / divisor
    result = np.where(valid & np.isfinite(result), result, np.nan)
    currency = currency.where(valid & ~np.isnan(result))
    percent = _bools(pct.notna()) & ~np.isnan(result)
    return NumberParse(
        values=_finish(pd.Series(result, dtype="float64"), values),
        currency=_finish(currency.astype("string"), values),
        percent=percent if percent.any() else None,
    )


# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------

_ORDERS: Final = frozenset({"auto", "YMD", "DMY", "MDY"})
_MONTHS: Final[dict[str, int]] = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
# Optional time after a date: "14:30", "14:30:05.123", "2:30 pm", "t14:30:00z", "+08:00".
# The offset is accepted and dropped: wall-clock time is kept (see parse_dates).
_TIME: Final = (
    r"(?:(?:\s+|t)(?P<H>[0-9]{1,2}):(?P<Mi>[0-9]{2})"
    r"(?::(?P<S>[0-9]{2})(?:[.,](?P<f>[0-9]{1,9}))?)?"
    r"\s*(?P<ap>[ap]\.?m\.?|上午|下午|早上|中午|晚上|凌晨|午前|午後)?"
    r"\s*(?:z|utc|gmt|[+-][0-9]{2}(?::?[0-9]{2})?)?)?"
)
_WEEKDAY: Final = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s*)?"
_ORDINAL: Final = r"(?:st|nd|rd|th)?"
# (family, pattern). The first named group of each pattern is always present on a match.
_DATE_FAMILIES: Final[tuple[tuple[str, str], ...]] = (
    # 2026-03-05, 2026/3/5, 2026.3.5, with optional time / ISO "T" / Z / offset
    (
        "ymd",
        rf"^(?P<y>[0-9]{{4}})(?P<sep>[-/.])(?P<m>[0-9]{{1,2}})(?P=sep)(?P<d>[0-9]{{1,2}})"
        rf"{_TIME}$",
    ),
    # 20260305 (also 20260305.0 from a float column)
    # 20260305143000, 202603051430, 20260305 143000: with the time
    (
        "compact",
        r"^(?P<y>(?:1[89]|2[0-9])[0-9]{2})(?P<m>[0-9]{2})(?P<d>[0-9]{2})"
        r"(?: ?(?P<H>[01][0-9]|2[0-3])(?P<Mi>[0-5][0-9])(?P<S>[0-5][0-9])?)?(?:\.0+)?$",
    ),
    # Excel serial day number, 45123 or 45123.5
    ("serial", r"^(?P<serial>[0-9]{5}(?:\.[0-9]+)?)$"),
    # 3/5/2026, 05.03.2026, 5-3-26: day/month order decided per column
    (
        "numeric",
        rf"^(?P<a>[0-9]{{1,2}})(?P<sep>[-/.])(?P<b>[0-9]{{1,2}})(?P=sep)"
        rf"(?P<c>[0-9]{{4}}|[0-9]{{2}}){_TIME}$",
    ),
    # 2026年3月5日, 2026年03月05日 10:30, 2026年3月5日 下午3点30分
    (
        "cn",
        r"^(?P<y>[0-9]{4}|[0-9]{2})\s*年\s*(?P<m>[0-9]{1,2})\s*月\s*(?P<d>[0-9]{1,2})\s*[日号號]?"
        r"(?:\s*(?P<ap>上午|早上|中午|下午|晚上)?\s*(?P<H>[0-9]{1,2})\s*[:时時点點]\s*"
        r"(?P<Mi>[0-9]{1,2})\s*分?(?:\s*:?\s*(?P<S>[0-9]{1,2})\s*秒?)?)?$",
    ),
    # 5-Mar-2026, 05 Mar 2026, 5th March, 2026, Thu, 05 Mar 2026 14:30:00 +0000
    (
        "dmon",
        rf"^{_WEEKDAY}(?P<d>[0-9]{{1,2}}){_ORDINAL}[-\s/.]*(?P<mon>[a-z]{{3,9}})\.?"
        rf"[-\s/.,]+(?P<y>[0-9]{{4}}|[0-9]{{2}}){_TIME}$",
    ),
    # Mar 5, 2026, March 5 2026, Thursday, March 5th, 2026
    (
        "mond",
        rf"^{_WEEKDAY}(?P<mon>[a-z]{{3,9}})\.?[-\s/.]*(?P<d>[0-9]{{1,2}}){_ORDINAL}"
        rf"[-\s/.,]+(?P<y>[0-9]{{4}}|[0-9]{{2}}){_TIME}$",
    ),
    # 2026-Mar-05
    (
        "ymon",
        rf"^(?P<y>[0-9]{{4}})[-\s/.]*(?P<mon>[a-z]{{3,9}})\.?[-\s/.]*(?P<d>[0-9]{{1,2}})"
        rf"{_TIME}$",
    ),
    # Thu Mar 05 14:30:00 CST 2026 (Java's Date.toString(), in many Chinese systems' exports)
    (
        "java",
        rf"^{_WEEKDAY}(?P<mon>[a-z]{{3,9}})\.?\s+(?P<d>[0-9]{{1,2}})\s+(?P<H>[0-9]{{1,2}}):"
        r"(?P<Mi>[0-9]{2})(?::(?P<S>[0-9]{2}))?\s+(?:[a-z]{2,5}(?:[+-][0-9]{1,2}(?::?[0-9]{2})?)?"
        r"|[+-][0-9]{2}:?[0-9]{2})\s+(?P<y>[0-9]{4})$",
    ),
)
_FAMILY_ORDER: Final[dict[str, str]] = {
    "ymd": "YMD",
    "compact": "YMD",
    "cn": "YMD",
    "ymon": "YMD",
    "dmon": "DMY",
    "mond": "MDY",
    "java": "MDY",
    "serial": "serial",
}
_PM: Final = frozenset({"pm", "p.m", "pm.", "p.m.", "下午", "晚上", "午後"})
_AM: Final = frozenset({"am", "a.m", "am.", "a.m.", "上午", "早上", "凌晨", "午前"})
# A morning / afternoon written before the time of a numeric date (Chinese or Japanese Windows'
# short date and long time: 2026/3/5 下午 02:30:00; 2026/3/5 PM 02:30:00): put after it.
_MARKER_FIRST_RE: Final = (
    r"^(?P<date>[0-9]{1,4}[-/.][0-9]{1,2}[-/.][0-9]{1,4})\s*"
    r"(?P<ap>上午|下午|早上|中午|晚上|凌晨|午前|午後|[ap]\.?m\.?)\s*"
    r"(?P<time>[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]+)?)?)$"
)
# Thai Buddhist-era years (2569 = 2026): the years of 1900–2200 in that era.
_BUDDHIST_ERA: Final = (1900 + 543, 2200 + 543)
_MONTH_WORD_RE: Final = r"(?<![a-z])(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
# Zone names/offsets after a clock time, for the fallback ("14:30:00 +0800 CST" -> "14:30:00").
_TZ_SUFFIX_RE: Final = (
    r"(?P<clock>[0-9]:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]+)?)?\s*(?:[ap]\.?m\.?)?)"
    r"(?:\s*(?:(?:z|utc|gmt|cst|est|edt|pst|pdt|cet|cest|bst|jst|hkt|sgt|ist)(?![a-z])"
    r"|[+-][0-9]{1,2}(?::?[0-9]{2})?|\([a-z ]+\)))+$"
)
_EXCEL_EPOCH: Final = pd.Timestamp("1899-12-30")
# A weekday written beside the date (a cell format with the day's name: 2026年3月5日星期四,
# 2026-03-05（周四）, 2026/03/05 木曜日, 05/03/2026 (Thursday)): taken out before the date is
# read (a weekday before an English date is read by the patterns, _WEEKDAY).
_WEEKDAY_BESIDE_RE: Final = (
    r"\s*[(（]?\s*(?:(?:星期|周|週|礼拜|禮拜)[一二三四五六日天七]|[月火水木金土日]曜日?"
    r"|(?<=[(（])[月火水木金土日](?=[)）]))\s*[)）]?"
    r"|[,，]?\s*\(\s*(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\s*\)"
    r"|[,，]?\s+(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?$"
)
_WEEKDAY_HINT_RE: Final = r"[星周週礼禮曜(（]|(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\)?$"
_SERIAL_MIN: Final = 20000.0
_SERIAL_MAX: Final = 80000.0
# Years representable in datetime64[ns]
_YEAR_MIN: Final = 1678
_YEAR_MAX: Final = 2261


def _naive_ns(values: pd.Series) -> pd.Series:
    """datetime64 Series -> tz-naive datetime64[ns], wall time kept, NaT outside ns range."""
    if getattr(values.dtype, "tz", None) is not None:
        values = values.dt.tz_localize(None)
    lo, hi = np.datetime64(pd.Timestamp.min.ceil("us")), np.datetime64(pd.Timestamp.max.floor("us"))
    raw = values.to_numpy(dtype="datetime64[us]")
    inside = (raw >= lo) & (raw <= hi)
    return pd.Series(np.where(inside, raw, np.datetime64("NaT")).astype("datetime64[ns]"))


def _full_year(year: np.ndarray, digits: np.ndarray | int) -> np.ndarray:
    """Two-digit years to four: 00-68 -> 2000-2068, 69-99 -> 1969-1999 (as ``strptime``)."""
    century = np.where(year < 69, 2000, 1900)
    return np.where(np.asarray(digits) == 2, year + century, year)


class _Parts:
    """Date/time components gathered over all pattern families, positional float arrays."""

    def __init__(self, n: int) -> None:
        self.year = np.full(n, np.nan)
        self.month = np.full(n, np.nan)
        self.day = np.full(n, np.nan)
        self.hour = np.zeros(n)
        self.minute = np.zeros(n)
        self.second = np.zeros(n)
        self.nanos = np.zeros(n)
        self.time_ok = np.ones(n, dtype=bool)

    def set_time(self, rows: np.ndarray, found: pd.DataFrame) -> None:
        """Store hour/minute/second/fraction/am-pm groups of ``found`` (aligned with rows)."""
        if "H" not in found:
            return
        hour = np.nan_to_num(_floats(found["H"]))
        minute = np.nan_to_num(_floats(found["Mi"]))
        second = np.nan_to_num(_floats(found["S"])) if "S" in found else np.zeros(len(rows))
        if "f" in found:
            frac = found["f"].fillna("0").str.ljust(9, "0").str.slice(0, 9)
            nanos = np.nan_to_num(_floats(frac))
        else:
            nanos = np.zeros(len(rows))
        pm = am = np.zeros(len(rows), dtype=bool)  # no am/pm marker read
        if "ap" in found:
            marker = found["ap"].str.strip()
            pm = _bools(marker.isin(_PM)) | (_bools(marker == "中午") & (hour < 11))
            am = _bools(marker.isin(_AM))
        hour = np.where(pm & (hour < 12), hour + 12, np.where(am & (hour == 12), 0, hour))
        self.hour[rows] = hour
        self.minute[rows] = minute
        self.second[rows] = second
        self.nanos[rows] = nanos
        self.time_ok[rows] = (hour <= 23) & (minute <= 59) & (second <= 59)

    def assemble(self) -> np.ndarray:
        """datetime64[ns] array; NaT where a component is missing, out of range or impossible.
        A year of the Thai Buddhist era (2443–2743: 1900–2200) is its year of ours."""
        year = self.year
        low, high = _BUDDHIST_ERA
        year = np.where((year >= low) & (year <= high), year - 543, year)
        ok = (
            ~np.isnan(year)
            & (year >= _YEAR_MIN)
            & (year <= _YEAR_MAX)
            & ~np.isnan(self.month)
            & ~np.isnan(self.day)
            & self.time_ok
        )
        frame = pd.DataFrame(
            {
                "year": np.where(ok, year, np.nan),
                "month": np.where(ok, self.month, np.nan),
                "day": np.where(ok, self.day, np.nan),
            }
        )
        dates = pd.to_datetime(frame, errors="coerce").to_numpy(dtype="datetime64[ns]")
        clock = (self.hour * 3600 + self.minute * 60 + self.second) * 1e9 + self.nanos
        offset = np.where(ok, clock, 0).astype("int64").astype("timedelta64[ns]")
        return dates + offset


def _resolve_numeric(
    a: np.ndarray, b: np.ndarray, c_digits: np.ndarray, sep: np.ndarray, order: str
) -> tuple[np.ndarray, np.ndarray, str]:
    """Decide the reading of ``a<sep>b<sep>c`` values (see :func:`parse_dates`).

    Returns ``(day_first, year_first, resolution)``: per-value masks (``year_first``: read as
    ``yy/mm/dd``, only with ``order="YMD"``) and the column's resolution, ``"DMY"``, ``"MDY"``,
    ``"mixed"`` (both ways) or ``"YMD"`` (all values year-first).
    """
    year_first = np.zeros(len(a), dtype=bool)
    if order == "YMD":
        year_first = c_digits == 2  # "26/03/05" read as yy/mm/dd
    evidence_day = (a > 12) & (a <= 31) & (b <= 12) & ~year_first
    evidence_month = (b > 12) & (b <= 31) & (a <= 12) & ~year_first
    by_separator = sep != "/"  # no evidence: "/" is US month-first, "." and "-" day-first
    if order == "DMY":
        day_first = np.ones(len(a), dtype=bool)
    elif order == "MDY":
        day_first = np.zeros(len(a), dtype=bool)
    elif evidence_day.any() and not evidence_month.any():
        day_first = np.ones(len(a), dtype=bool)
    elif evidence_month.any() and not evidence_day.any():
        day_first = np.zeros(len(a), dtype=bool)
    elif evidence_day.any():  # contradicting evidence: each value by its own, then separator
        day_first = evidence_day | (~evidence_month & by_separator)
    else:
        day_first = by_separator
    rest = ~year_first
    if not rest.any():
        resolution = "YMD"
    elif day_first[rest].all():
        resolution = "DMY"
    elif not day_first[rest].any():
        resolution = "MDY"
    else:
        resolution = "mixed"
    return day_first, year_first, resolution


# The common shapes "2026-03-05 14:30:00" and "3/5/2026 14:30" in plain ASCII, one pattern per
# separator (Arrow's RE2 has no back-reference for "the same separator twice").
_PLAIN_TIME: Final = (
    r"(?:(?:\s+|[tT])(?P<H>[0-9]{1,2}):(?P<Mi>[0-9]{2})"
    r"(?::(?P<S>[0-9]{2})(?:[.,](?P<f>[0-9]{1,9}))?)?)?\s*$"
)
_PLAIN_DATES: Final = {
    "ymd": {
        sep: rf"^\s*(?P<y>[0-9]{{4}}){re.escape(sep)}(?P<m>[0-9]{{1,2}}){re.escape(sep)}"
        rf"(?P<d>[0-9]{{1,2}}){_PLAIN_TIME}"
        for sep in "-/."
    },
    "numeric": {
        sep: rf"^\s*(?P<a>[0-9]{{1,2}}){re.escape(sep)}(?P<b>[0-9]{{1,2}}){re.escape(sep)}"
        rf"(?P<c>[0-9]{{4}}|[0-9]{{2}}){_PLAIN_TIME}"
        for sep in "/.-"
    },
}


def _plain_dates(values: pd.Series, order: str) -> tuple[pd.Series, str] | None:
    """Fast path of :func:`parse_dates_report` for a column whose cells are all empty or all
    plain ASCII ``yyyy-mm-dd[ hh:mm[:ss[.fff]]]`` or all ``a/b/yyyy[ hh:mm…]`` (separators
    ``- / .``), read by Arrow: the same dates and order as the general parser, which gets the
    column whenever one cell is anything else."""
    array = _arrow(values, chunks=True)  # (matched and filtered: not joined into one copy)
    if array is None or len(array) == 0 or array.null_count == len(array):
        return None
    if not pc.all(pc.string_is_ascii(array), skip_nulls=True).as_py():
        return None
    blank = pc.fill_null(pc.equal(pc.utf8_trim_whitespace(array), ""), True)
    filled = ~blank.to_numpy(zero_copy_only=False)
    for shape, patterns in _PLAIN_DATES.items():
        taken = np.zeros(len(array), dtype=bool)
        hits: list[np.ndarray] = []
        marks: list[str] = []
        parts: list[pa.StructArray] = []
        for mark, pattern in patterns.items():
            hit = filled & ~taken & _matches(array, pattern)
            if not hit.any():
                continue
            taken |= hit
            hits.append(np.flatnonzero(hit))
            marks.append(mark)
            parts.append(pc.extract_regex(array.filter(pa.array(hit)), pattern))
        if not hits or int(taken.sum()) != int(filled.sum()):
            continue
        # The rows each separator's pattern read, in row order; each group's cells kept in
        # Arrow (digits: read by Arrow's cast in _floats), an empty group missing.
        where = np.concatenate(hits)
        by_row = np.argsort(where, kind="stable")
        rows = where[by_row]
        sep = np.repeat(np.array(marks, dtype=object), [len(h) for h in hits])[by_row]
        groups: dict[str, pd.Series] = {}
        for i in range(parts[0].type.num_fields):
            pieces = [c for part in parts for c in _chunks(pc.struct_field(part, [i]))]
            field = pa.concat_arrays(pieces).take(pa.array(by_row))
            field = pc.if_else(pc.equal(field, ""), pa.scalar(None, field.type), field)
            groups[parts[0].type.field(i).name] = pd.Series(pd.arrays.ArrowStringArray(field))
        return _assemble_plain(values, shape, pd.DataFrame(groups), rows, sep, order)
    return None


def _assemble_plain(
    values: pd.Series,
    shape: str,
    found: pd.DataFrame,
    rows: np.ndarray,
    sep: np.ndarray,
    order: str,
) -> tuple[pd.Series, str]:
    """The dates of :func:`_plain_dates`, built as the general parser builds its families."""
    parts = _Parts(len(rows))
    resolution = "YMD"
    if shape == "numeric":
        a, b, c = _floats(found["a"]), _floats(found["b"]), _floats(found["c"])
        digits = found["c"].str.len().to_numpy(dtype="float64", na_value=np.nan)
        day_first, year_first, resolution = _resolve_numeric(a, b, digits, sep, order)
        parts.year[:] = np.where(year_first, _full_year(a, 2), _full_year(c, digits))
        parts.month[:] = np.where(year_first | day_first, b, a)
        parts.day[:] = np.where(year_first, c, np.where(day_first, a, b))
    else:
        parts.year[:] = _full_year(_floats(found["y"]), found["y"].str.len().to_numpy())
        parts.month[:] = _floats(found["m"])
        parts.day[:] = _floats(found["d"])
    parts.set_time(np.arange(len(rows)), found)
    result = np.full(len(values), np.datetime64("NaT"), dtype="datetime64[ns]")
    result[rows] = parts.assemble()
    detected = resolution if (~np.isnat(result)).any() else ("YMD" if order == "auto" else order)
    return _finish(pd.Series(result, dtype="datetime64[ns]"), values), detected


HEADCOUNT: Final = r"(\d+(?:\.\d+)?)\s*(?:(?:-|–|—|~|～|to|至|到)\s*(\d+(?:\.\d+)?))?"
"""A number of people as labels write it: ``300``, ``51-200``, ``1000+``, ``约300人``."""


def headcounts(text: pd.Series) -> pd.Series:
    """The number of people each text says (a range reads as its middle: ``50-200人`` is 125,
    ``10人以下`` 10, ``1,000人以上`` 1000), NaN where it says none; float64, like *text*."""
    text = text.astype("string").str.replace(r"(?<=\d)[,\s](?=\d{3}(?!\d))", "", regex=True)
    parts = text.str.extract(HEADCOUNT)
    low, high = (pd.to_numeric(parts[i], errors="coerce") for i in (0, 1))
    return ((low + high) / 2).fillna(low).astype("float64")


def shortened_numbers(values: pd.Series) -> tuple[int, int]:
    """(how many text cells are a number Excel shortened to six digits — ``1.23457E+11``: a
    long id whose last digits are lost —, the position of the first, -1 for none)."""
    array = _arrow(values, chunks=True)
    if array is None or not pc.any(pc.match_substring(array, "E+")).as_py():
        return 0, -1
    return first_match(values, r"^\s*[0-9](?:\.[0-9]{1,5})?E\+(?:0?[6-9]|[1-9][0-9])\s*$")


TWO_DIGIT_YEARS: Final = r"^\s*[0-9]{2}[-/.][0-9]{1,2}[-/.][0-9]{2}(?:\s|$)"
"""A date whose first and last fields have two digits (``25-03-05``): year-month-day or
day-month-year alike."""


def first_match(values: pd.Series, pattern: str) -> tuple[int, int]:
    """(how many text cells of *values* the Arrow *pattern* matches, the position of the
    first, -1 for none)."""
    array = _arrow(values, chunks=True)
    if array is None:
        return 0, -1
    hits = _matches(array, pattern)
    found = np.flatnonzero(hits)
    return len(found), int(found[0]) if len(found) else -1


def parse_dates_report(values: pd.Series, order: str = "auto") -> tuple[pd.Series, str]:
    """Parse a date column like :func:`parse_dates` and also say how it was read.

    The second element is the detected order, for reporting: ``"datetime"`` when the column
    already held datetimes (datetime64 dtype, or objects that are all ``datetime``/``date``/
    ``Timestamp``); otherwise, when the column holds ambiguous numeric dates (``a/b/yyyy``),
    the order used for them (``"DMY"``, ``"MDY"`` or ``"mixed"`` when values were read both
    ways); else the single kind of the parsed values (``"YMD"``, ``"DMY"`` for ``5 Mar 2026``,
    ``"MDY"`` for ``Mar 5, 2026``, ``"serial"`` for Excel serials; beside others, year-first
    dates and serials give way: ISO dates and serials are ``"YMD"``, and with ``5 Mar 2026``
    ``"DMY"``); ``"mixed"`` when day-first and month-first kinds both occur (or a date only
    the last-resort parser read); and when nothing parsed, ``order`` itself (``"YMD"`` for
    ``"auto"``).
    """
    distinct = _distinct(values)
    if distinct is not None:
        dates, detected = parse_dates_report(distinct[0], order)
        return _spread(dates, distinct[1], values), detected
    if order not in _ORDERS:
        raise ValueError(f"order must be one of {sorted(_ORDERS)}, not {order!r}")
    if is_datetime64_any_dtype(values.dtype):
        return _finish(_naive_ns(values.reset_index(drop=True)), values), "datetime"
    plain = _plain_dates(values, order)
    if plain is not None:
        return plain
    native = infer_dtype(values, skipna=True) in {"datetime", "datetime64", "date"}

    text = _text(values.reset_index(drop=True)).str.casefold()
    weekday = _bools(text.str.contains(_WEEKDAY_HINT_RE, regex=True))
    if weekday.any():  # (the distinct texts: a column's few hundred dates at most)
        named = text[weekday].str.replace(_WEEKDAY_BESIDE_RE, " ", regex=True)
        text = text.where(~weekday, named.str.replace(r"\s+", " ", regex=True).str.strip())
    marker = _bools(text.str.match(_MARKER_FIRST_RE))
    if marker.any():
        moved = text[marker].str.replace(_MARKER_FIRST_RE, r"\g<date> \g<time> \g<ap>", regex=True)
        text = text.where(~marker, moved)
    n = len(text)
    remaining = ~_blank_text(text)
    parts = _Parts(n)
    family = np.full(n, "", dtype=object)
    serial = np.full(n, np.nan)
    resolution = ""

    for name, pattern in _DATE_FAMILIES:
        if not remaining.any():
            break
        candidates = np.flatnonzero(remaining)
        found = text.iloc[candidates].str.extract(pattern)
        hit = found.iloc[:, 0].notna().to_numpy()
        if not hit.any():
            continue
        rows = candidates[hit]
        found = found[hit].reset_index(drop=True)
        remaining[rows] = False
        family[rows] = name
        if name == "serial":
            serial[rows] = _floats(found["serial"])
            continue
        if name == "numeric":
            a, b, c = _floats(found["a"]), _floats(found["b"]), _floats(found["c"])
            digits = found["c"].str.len().to_numpy(dtype="float64", na_value=np.nan)
            sep = found["sep"].to_numpy(dtype=object, na_value="")
            day_first, year_first, resolution = _resolve_numeric(a, b, digits, sep, order)
            parts.year[rows] = np.where(year_first, _full_year(a, 2), _full_year(c, digits))
            parts.month[rows] = np.where(year_first | day_first, b, a)
            parts.day[rows] = np.where(year_first, c, np.where(day_first, a, b))
        else:
            parts.year[rows] = _full_year(_floats(found["y"]), found["y"].str.len().to_numpy())
            if "mon" in found:
                months = found["mon"].map(_MONTHS)
                parts.month[rows] = pd.to_numeric(months, errors="coerce").to_numpy(
                    dtype="float64", na_value=np.nan
                )
            else:
                parts.month[rows] = _floats(found["m"])
            parts.day[rows] = _floats(found["d"])
        parts.set_time(rows, found)

    result = parts.assemble()

    is_serial = family == "serial"
    if is_serial.any():
        days = serial[is_serial]
        in_range = (days >= _SERIAL_MIN) & (days <= _SERIAL_MAX)
        millis = np.round(np.where(in_range, days, 0) * 86_400_000).astype("int64")
        stamps = np.datetime64(_EXCEL_EPOCH, "ns") + millis.astype("timedelta64[ms]")
        result[is_serial] = np.where(in_range, stamps, np.datetime64("NaT"))

    # Last resort, only on the few leftovers that look like a full date.
    if remaining.any():
        groups = text.str.count(r"[0-9]+").to_numpy(dtype="float64", na_value=0)
        month_word = _bools(text.str.contains(_MONTH_WORD_RE, regex=True))
        has_year = _bools(text.str.contains(r"(?<![0-9])[0-9]{4}(?![0-9])", regex=True))
        leftovers = remaining & has_year & ((groups >= 3) | (month_word & (groups >= 2)))
        if leftovers.any():
            rows = np.flatnonzero(leftovers)
            loose = text.iloc[rows].str.replace(_TZ_SUFFIX_RE, r"\g<clock>", regex=True)
            fallback_day_first = order == "DMY" or (order == "auto" and resolution == "DMY")
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    guessed = pd.to_datetime(
                        loose.astype(object),
                        format="mixed",
                        dayfirst=fallback_day_first,
                        errors="coerce",
                        utc=True,  # only so that a stray zone cannot fail the whole batch
                    )
                guessed = guessed.dt.tz_localize(None)
                result[rows] = _naive_ns(guessed).to_numpy()
                family[rows] = "other"
            except (ValueError, TypeError, OverflowError):
                pass

    parsed = ~np.isnat(result)
    if native:
        detected = "datetime"
    elif (family[parsed] == "numeric").any() and resolution:
        detected = resolution
    else:
        kinds = {_FAMILY_ORDER.get(str(f), "mixed") for f in family[parsed]}
        if not kinds:
            detected = "YMD" if order == "auto" else order
        elif "mixed" in kinds or {"DMY", "MDY"} <= kinds:
            detected = "mixed"
        else:  # ISO dates and serials are no order: the day-first or month-first kind says it
            detected = next(k for k in ("DMY", "MDY", "YMD", "serial") if k in kinds)
    return _finish(pd.Series(result, dtype="datetime64[ns]"), values), detected


def parse_dates(values: pd.Series, order: str = "auto") -> pd.Series:
    """Parse a date column into a tz-naive ``datetime64[ns]`` Series (NaT if blank/unparseable).

    ``order`` is ``"auto"`` (default), ``"YMD"``, ``"DMY"`` or ``"MDY"``; it only matters for
    numeric dates whose year is last (``3/5/2026``, ``05.03.2026``, ``5-3-26``). With
    ``"auto"`` the whole column decides: a first part > 12 somewhere means day-first, a second
    part > 12 means month-first (both: each value by its own evidence); with no evidence
    ``/`` is month-first (US) and ``.``/``-`` day-first. ``"YMD"`` reads such values with a
    two-digit last part as ``yy/mm/dd``.

    Understood: datetime/date/Timestamp objects and datetime64 columns (tz dropped, wall time
    kept); Excel serials 20000-80000 as numbers or text (origin 1899-12-30, fraction = time,
    rounded to the millisecond); ISO ``2026-03-05[ T]14:30[:00[.fff]][Z|+08:00]`` (offset
    dropped, wall time kept); ``2026/3/5``, ``2026.3.5``, ``20260305``; ``5-Mar-2026``,
    ``05 Mar 2026``, ``Mar 5, 2026``, ``March 5th 2026``, ``2026-Mar-05``; ``2026年3月5日``
    with optional ``10:30``/``下午3点30分``; optional ``am/pm``; a weekday beside any of them
    (``星期四``, ``（周四）``, ``木曜日``, ``(Thursday)``) is left out; a morning / afternoon
    before the time (``2026/3/5 下午 02:30:00``, ``午後2:30``); ``20260305143000``; Java's
    ``Thu Mar 05 14:30:00 CST 2026``; a Thai Buddhist-era year (2569 is 2026); two-digit years (< 69 ->
    20yy, else 19yy). Impossible dates (``2025-02-30``), month-only values (``2026年3月``) and
    years outside 1678-2261 are NaT. Leftovers that look like a full date go to
    ``pd.to_datetime(format="mixed")``. Same index and name as ``values``.
    """
    return parse_dates_report(values, order)[0]
