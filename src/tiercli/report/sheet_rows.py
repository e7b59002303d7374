"""A table's rows written into an xlsxwriter worksheet as one block of sheet XML.

xlsxwriter writes a cell at a time, ~3 µs of Python per cell: a 100k-customer Customers sheet
of 80 columns is 8M cells and most of a workbook's time. In its constant-memory mode each
finished row goes to a temporary file as XML (``<row r="2"><c r="A2" s="3"><v>1</v></c>…``);
:func:`write_rows` writes a whole table's rows there at once, each column's cells made by
Arrow compute as ``Worksheet.write_row`` would make them — the same elements and attributes,
the column's format (``set_column``), xlsxwriter's escapes (``_xHHHH_`` for control
characters, ``&amp; &lt; &gt;``, ``xml:space="preserve"`` for text with a leading or trailing
space), blanks for missing values and empty text — and then tells the worksheet where its data
ends. A long text column of a few distinct texts (a file name, a reason, a tier) is written as
indices into the workbook's shared strings instead, which xlsxwriter writes and escapes once
(Online Retail's Data quality sheet: 42 MB of XML to compress otherwise). Numbers are written with the shortest digits that read back as the same float (xlsxwriter
writes 16 significant digits, which can change the last bit); dates as Excel serial numbers.

This uses xlsxwriter's worksheet internals (the row file, the current row, the dimensions, the
column formats). When they are not as expected (another xlsxwriter, a row with its own height
or format, a value this does not handle: an infinite number, a date before March 1900, text over
Excel's 32,767 characters, an object column of mixed values), :func:`write_rows` writes nothing
and returns False, and the caller writes the rows cell by cell as before. Tests pin the two
paths to the same workbook, cell by cell.
"""

from __future__ import annotations

import io
from typing import Any, Final

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pandas.api.types import is_bool_dtype, is_float_dtype, is_integer_dtype
from xlsxwriter.utility import xl_col_to_name

from tiercli.report.arrow_text import arrow_text, byte_set, text_bytes

CHUNK: Final = 16_384
"""Rows per block of XML: a block of a wide sheet is a few tens of MB."""

SHARED_MIN: Final = 1_000
"""Text columns of at least this many rows may go to the shared strings."""
SHARED_SHARE: Final = 8
"""… when they hold at most one distinct text in this many cells."""

_TEXT_MAX: Final = 32_767  # Excel's limit (UTF-16 units); a longer text is xlsxwriter's to cut

# Python's ``\s`` (xlsxwriter's test for a leading or trailing space), spelled out for Arrow's
# regex engine, whose ``\s`` is ASCII only; pinned equal to ``re``'s over every code point.
_SPACE: Final = (
    r"[\x{9}-\x{D}\x{1C}-\x{20}\x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}"
    r"\x{202F}\x{205F}\x{3000}]"
)
_EDGE_SPACE: Final = f"^{_SPACE}|{_SPACE}$"
_CONTROL: Final = [c for c in range(0x20) if c not in (0x09, 0x0A)]  # xlsxwriter's _xHHHH_ set
_ESCAPE_ME: Final = byte_set("".join(map(chr, _CONTROL)) + "_&<>")
_ESCAPE_ME[0xEF] = True  # the first byte of U+FFFE and U+FFFF
_EPOCH: Final = np.datetime64("1899-12-31", "us")
_FIRST_DAY: Final = np.datetime64("1900-03-01", "us")  # before it, Excel's 1900 leap day
_DAY_US: Final = 86_400 * 1_000_000


def _large(text: str) -> pa.Scalar:
    return pa.scalar(text, pa.large_string())


def ready(ws: Any, first_row: int, rows: int, columns: int) -> bool:
    """True when *ws* is a constant-memory xlsxwriter worksheet this module knows, that writes
    text as text (no formulas, links or numbers made from it, no custom write handlers), whose
    rows *first_row*… can be written here: after the rows written so far, no row with its own
    height, format or comment among them, inside the sheet's limits."""
    try:
        last = first_row + rows - 1
        return bool(
            ws.constant_memory
            and isinstance(ws.fh, io.TextIOWrapper)
            and ws.excel_version == 2007
            and not (ws.strings_to_formulas or ws.strings_to_urls or ws.strings_to_numbers)
            and not ws.write_handlers
            and ws.default_row_height == ws.original_row_height
            and first_row > ws.previous_row
            and last < ws.xls_rowmax
            and columns <= ws.xls_colmax
            and not any(first_row <= r <= last for r in ws.row_info)
            and not any(first_row <= r <= last for r in ws.comments)
            and callable(ws._write_single_row)
            and callable(ws._check_dimensions)
            and isinstance(ws.col_info, dict)
            and callable(ws.str_table._get_shared_string_index)
            and isinstance(ws.str_table.count, int)
        )
    except AttributeError:  # an xlsxwriter whose worksheet is built otherwise
        return False


def _style(ws: Any, column: int) -> str:
    """`` s="N"`` for the column's format (set by ``set_column``), as xlsxwriter gives a cell
    written without a format of its own; empty when the column has none."""
    info = ws.col_info.get(column)
    form = getattr(info, "column_format", None)
    return "" if form is None else f' s="{form._get_xf_index()}"'


def _numbers(values: np.ndarray) -> pa.Array | None:
    """Finite floats as their shortest round-trip digits, NaN as null; None for ±inf (which
    xlsxwriter refuses: the caller's path reports it)."""
    if np.isinf(values).any():
        return None
    return pc.cast(pa.array(values, from_pandas=True), pa.large_string())


def _dates(col: pd.Series) -> pa.Array | None:
    """Naive datetimes as Excel serial numbers (xlsxwriter's arithmetic: days since 1899-12-31
    plus the fraction of the day, plus Excel's 1900 leap day); None for a time zone or a date
    before 1 March 1900."""
    if getattr(col.dtype, "tz", None) is not None:
        return None
    stamps = col.to_numpy(dtype="datetime64[us]")
    known = ~np.isnat(stamps)
    if (stamps[known] < _FIRST_DAY).any():
        return None
    micros = (stamps - _EPOCH).astype("int64")
    days, rest = np.divmod(micros, _DAY_US)
    seconds, fraction = np.divmod(rest, 1_000_000)
    serial = days + (seconds.astype("float64") + fraction / 1e6) / 86_400 + 1
    return _numbers(np.where(known, serial, np.nan))


def _text(col: pd.Series, ws: Any) -> tuple[str, str, pa.Array] | None:
    """Text cells: a column that repeats a few values (a file name, a reason, a tier) as
    indices into the workbook's shared strings (:func:`_shared`), any other as ``<t>…</t>``
    with xlsxwriter's escapes; empty text and missing values as null (no cell). None for an
    object column that is not all text, or text over Excel's limit."""
    dtype = col.dtype
    array = arrow_text(col)
    if array is None:
        if not isinstance(dtype, pd.StringDtype) and not (
            dtype.kind == "O" and pd.api.types.infer_dtype(col, skipna=True) in ("string", "empty")
        ):
            return None
        array = pa.array(col.to_numpy(dtype=object, na_value=None), type=pa.large_string())
    if len(array) and (pc.max(pc.binary_length(array)).as_py() or 0) > _TEXT_MAX:
        return None  # xlsxwriter cuts it at 32,767 UTF-16 units: leave that to it
    array = pc.if_else(pc.equal(array, ""), pa.scalar(None, pa.large_string()), array)
    if len(array) >= SHARED_MIN:
        shared = _shared(array, ws)
        if shared is not None:
            return ' t="s"', "v", shared
    raw, bounds = text_bytes(array)
    present = np.bincount(raw[bounds[0] : bounds[-1]], minlength=256) > 0
    if (present & _ESCAPE_ME).any():
        if present[ord("_")]:  # a literal _xHHHH_ keeps its text: its underscore escaped
            array = pc.replace_substring_regex(array, r"(_x[0-9a-fA-F]{4}_)", r"_x005F\1")
        for code in _CONTROL:
            if present[code]:
                array = pc.replace_substring(array, chr(code), f"_x{code:04X}_")
        if present[0xEF]:
            array = pc.replace_substring(array, "\ufffe", "_xFFFE_")
            array = pc.replace_substring(array, "\uffff", "_xFFFF_")
    spaced = pc.match_substring_regex(array, _EDGE_SPACE)
    if present[ord("&")]:
        array = pc.replace_substring(array, "&", "&amp;")
    if present[ord("<")]:
        array = pc.replace_substring(array, "<", "&lt;")
    if present[ord(">")]:
        array = pc.replace_substring(array, ">", "&gt;")
    opening = pc.if_else(spaced, _large('<t xml:space="preserve">'), _large("<t>"))
    cells = pc.binary_join_element_wise(opening, array, _large("</t>"), _large(""))
    return ' t="inlineStr"', "is", cells


def _shared(array: pa.Array, ws: Any) -> pa.Array | None:
    """The indices of a column's texts in the workbook's shared strings (xlsxwriter's table,
    which writes and escapes them once), when the column has at most one distinct text in
    :data:`SHARED_SHARE` cells; None otherwise, or when a text would pass xlsxwriter unescaped
    (``<r>…</r>``, its mark of rich text)."""
    encoded = pc.dictionary_encode(array)
    texts = encoded.dictionary.to_pylist()
    if len(texts) * SHARED_SHARE > len(array):
        return None
    if any(t.startswith("<r>") and t.endswith("</r>") for t in texts):
        return None
    used = np.bincount(encoded.indices.drop_null().to_numpy(), minlength=len(texts))
    table = ws.str_table
    position = np.empty(len(texts), dtype=np.int64)
    for i, text in enumerate(texts):
        position[i] = table._get_shared_string_index(text)
        table.count += int(used[i]) - 1  # every cell is a use of the string
    return pc.cast(pa.array(position).take(encoded.indices), pa.large_string())


def _cells(col: pd.Series, ws: Any) -> tuple[str, str, pa.Array] | None:
    """(the cell's type attribute, what wraps its value, the values) of a column, or None."""
    dtype = col.dtype
    if is_bool_dtype(dtype):
        flags = col.astype("boolean")
        values = pa.array(flags.array).cast(pa.int8()).cast(pa.large_string())
        return ' t="b"', "v", values
    if is_integer_dtype(dtype):
        held = col.array if isinstance(dtype, pd.api.extensions.ExtensionDtype) else col.to_numpy()
        return "", "v", pa.array(held).cast(pa.large_string())
    if is_float_dtype(dtype):
        made = _numbers(col.to_numpy(dtype="float64", na_value=np.nan))
        return None if made is None else ("", "v", made)
    if dtype.kind == "M":
        made = _dates(col)
        return None if made is None else ("", "v", made)
    return _text(col, ws)


def write_rows(ws: Any, frame: pd.DataFrame, first_row: int) -> bool:
    """Write *frame*'s rows (no header) at *first_row* as ``write_row`` would, with each
    column's format; False (nothing written) when this cannot be done here (see the module
    doc) and the caller must write them itself."""
    rows, columns = frame.shape
    if not rows or not columns or not ready(ws, first_row, rows, columns):
        return False
    parts = []
    table = ws.str_table
    before = table.count, table.unique_count
    for j in range(columns):
        made = _cells(frame.iloc[:, j], ws)
        if made is None:  # the texts an earlier column shared are taken back
            for text in [t for t, i in table.string_table.items() if i >= before[1]]:
                del table.string_table[text]
            table.count, table.unique_count = before
            return False
        kind, wrap, values = made
        parts.append(
            (
                _large(f'<c r="{xl_col_to_name(j)}'),
                _large(f'"{_style(ws, j)}{kind}><{wrap}>'),
                values,
                _large(f"</{wrap}></c>"),
            )
        )
    ws._write_single_row(first_row)  # the row before (the header) goes out first
    fh = ws.fh
    fh.flush()
    nothing = _large("")
    for start in range(0, rows, CHUNK):
        stop = min(start + CHUNK, rows)
        number = pa.array(np.arange(first_row + start + 1, first_row + stop + 1)).cast(
            pa.large_string()
        )
        cells = [
            pc.binary_join_element_wise(opening, number, middle, values[start:stop], end, nothing)
            for opening, middle, values, end in parts
        ]
        xml = pc.binary_join_element_wise(
            _large('<row r="'),
            number,
            _large('">'),
            *cells,
            _large("</row>"),
            nothing,
            null_handling="replace",
            null_replacement="",
        )
        filled = pc.is_valid(cells[0])
        for cell in cells[1:]:
            filled = pc.or_(filled, pc.is_valid(cell))
        if not pc.all(filled).as_py():  # a row with no cell is not written (as xlsxwriter)
            xml = pc.filter(xml, filled)
        raw, bounds = text_bytes(xml)
        fh.buffer.write(raw[bounds[0] : bounds[-1]].data)
    fh.buffer.flush()
    ws._check_dimensions(first_row, 0)
    ws._check_dimensions(first_row + rows - 1, columns - 1)
    ws.previous_row = first_row + rows - 1
    return True
