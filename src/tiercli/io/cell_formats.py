"""The currency an xlsx states only by its cells' number format.

A European or US ERP writes a plain ``Amount`` / ``Betrag`` / ``金额`` column, no currency column,
and shows the currency by the cells' number format: ``[$€-407]#,##0.00``, ``#,##0.00 [$EUR]``,
``"$"#,##0.00``, ``¥#,##0.00;¥-#,##0.00``. Excel shows "€1.234,50"; calamine gives 1234.5 and no
style. :func:`format_currency` reads a format code as an ISO currency; :func:`column_currencies`
finds, for each column of a sheet's data rows, the currency its cells' formats name.

Cheap by construction: ``xl/styles.xml`` is read first, and a workbook none of whose cell styles
names a currency (the usual case) reads nothing more. Otherwise the sheet's XML is streamed
(``iterparse``) for the style of the cells of the first :data:`SAMPLE_ROWS` data rows, and only a
column whose sampled cells disagree (EUR rows and USD rows) is read to its end, for a currency
per row. A format is a hint: a part that cannot be read gives no currency, never an error.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Final
from xml.etree import ElementTree

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from tiercli.currencies import code_of
from tiercli.io.containers import ZIP_ERRORS, column_letter, sheet_names

SAMPLE_ROWS: Final = 50  # data rows whose cells' formats decide a column's currency
_MAX_STYLES: Final = 1 << 24  # bytes of xl/styles.xml read at most (real ones: a few KB–MB)


@dataclass(frozen=True)
class FormatCurrency:
    """The currency a column's number formats name: one ISO code for the whole column, or a
    ``string`` Series by the sheet frame's index (``<NA>`` where a cell's format names none)
    when its first rows disagree; *formats*: the format codes that named it (for the warning).
    """

    currency: str | pd.Series
    formats: tuple[str, ...]


# --------------------------------------------------------------------------------------------
# A format code → a currency
# --------------------------------------------------------------------------------------------

# Symbols several currencies write: which one, by the locale (LCID) a format names. Without a
# locale a plain "$" is USD and "¥" is CNY (as in a cell: see currencies.TABLE); "kr" is none.
_BY_LOCALE: Final[dict[str, dict[int, str]]] = {
    "$": {
        0x0409: "USD", 0x540A: "USD", 0x500A: "USD", 0x300A: "USD", 0x440A: "USD",
        0x1009: "CAD", 0x0C0C: "CAD", 0x0C09: "AUD", 0x1409: "NZD", 0x4809: "SGD",
        0x1004: "SGD", 0x3C09: "HKD", 0x0C04: "HKD", 0x080A: "MXN", 0x2C0A: "ARS",
        0x340A: "CLP", 0x240A: "COP", 0x0404: "TWD", 0x0416: "BRL",
    },
    "¥": {0x0804: "CNY", 0x1004: "CNY", 0x0411: "JPY"},
    "kr": {0x0406: "DKK", 0x041D: "SEK", 0x0414: "NOK", 0x0814: "NOK", 0x040F: "ISK"},
}  # fmt: skip
_SPLIT: Final = re.compile(r"[\s()（）/]+")
# A bare (unquoted) run that may be a currency: letters before a "$" (HK$, US$), or a run of
# characters outside ASCII (€, £, ￥, CN¥, 元); ASCII letters alone are date and format tokens.
_BARE: Final = re.compile(r"[A-Za-z]{0,3}\$|[A-Za-z]{0,3}[^\x00-\x7f\s]+")


def format_currency(code: str) -> str | None:
    """The ISO currency a number format code names, or None (none, or several).

    ``[$€-407]`` / ``[$EUR]`` / ``[$RMB]`` (a ``[$symbol-locale]`` tag), a quoted or escaped
    symbol or word (``"$"``, ``\\€``, ``"US$"``, ``"HK$"``, ``"元"``, ``" EUR"``) or a bare sign
    (``$``, ``€``, ``£``, ``¥``) name one; ``$`` is USD only as a plain ``$`` (``HK$``, ``A$``,
    ``C$``, ``NZ$``, ``R$``, ``MX$`` are their own), and a locale decides a sign several
    currencies write (``[$¥-411]`` JPY, ``[$¥-804]`` CNY, ``[$$-C09]`` AUD; a plain ``¥`` is
    CNY, as a yen sign in a cell). A locale tag alone (``[$-804]``), a percent, a date or a
    plain number names none.
    """
    found: set[str] = set()
    for text, locale in _candidates(code):
        named = _named(text, locale)
        if named is not None:
            found.add(named)
    return found.pop() if len(found) == 1 else None


def _candidates(code: str) -> Iterator[tuple[str, int | None]]:
    """The texts of a format code that may name a currency, each with the locale it is under
    (its own tag's, else the code's ``[$-xxx]``)."""
    tags: list[tuple[str, int | None]] = []
    literals: list[str] = []
    bare: list[str] = []
    run: list[str] = []  # the literal text being read (quoted and escaped characters)
    i = 0
    while i < len(code):
        char = code[i]
        if char == '"':
            end = code.find('"', i + 1)
            end = len(code) if end < 0 else end
            run.append(code[i + 1 : end])
            i = end + 1
            continue
        if char == "\\" and i + 1 < len(code):
            run.append(code[i + 1])
            i += 2
            continue
        if run:
            literals.append("".join(run))
            run = []
        if char == "[":
            end = code.find("]", i + 1)
            end = len(code) if end < 0 else end
            body = code[i + 1 : end]
            if body.startswith("$"):
                symbol, _, lcid = body[1:].partition("-")
                tags.append((symbol, _locale(lcid)))
            i = end + 1
            continue
        if char in "_*" and i + 1 < len(code):  # a space as wide as / a fill of the next char
            i += 2
            bare.append(" ")
            continue
        bare.append(char)
        i += 1
    if run:
        literals.append("".join(run))
    hint = next((locale for symbol, locale in tags if not symbol and locale), None)
    for symbol, locale in tags:
        if symbol:
            yield symbol, locale or hint
    for text in literals:
        yield text, hint
    for match in _BARE.finditer("".join(bare)):
        yield match.group(0), hint


def _locale(text: str) -> int | None:
    """An LCID (``407``, ``C09``, ``x-euro2`` is none); the low 16 bits only."""
    try:
        return int(text, 16) & 0xFFFF if text else None
    except ValueError:
        return None


def _named(text: str, locale: int | None) -> str | None:
    """The currency a text names (whole, else one of its words): a sign several currencies
    write (:data:`_BY_LOCALE`) by the *locale* when there is one — a "$" under a locale not
    listed names none, a "¥" is CNY — else as a cell's text would (:func:`code_of`)."""
    for word in (text, *_SPLIT.split(text)):
        word = word.strip()
        if not word:
            continue
        shared = _BY_LOCALE.get("¥" if word == "￥" else word.casefold())
        if shared is not None and locale is not None and (locale in shared or word == "$"):
            return shared.get(locale)
        named = code_of(word)
        if named is not None:
            return named
    return None


# --------------------------------------------------------------------------------------------
# A workbook's cells → the currency of each column
# --------------------------------------------------------------------------------------------


def column_currencies(
    path: str, targets: dict[str, tuple[np.ndarray, dict[str, int]]]
) -> dict[str, dict[str, FormatCurrency]]:
    """Sheet name → header → the currency its data cells' formats name, for the sheets of an
    xlsx/xlsm package *targets* names: sheet → (the row number of each data row, ascending as
    in the frame; header → its column, 0-based). Headers whose cells name none are left out.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            styles = _style_currencies(archive)
            if not any(c is not None for c, _f in styles):
                return {}
            parts = {name: part for part, name in sheet_names(archive, archive.namelist()).items()}
            out = {}
            for name, (rows, columns) in targets.items():
                part = parts.get(name)
                if part is None or not len(rows) or not columns:
                    continue
                found = _sheet_currencies(archive, part, styles, rows, columns)
                if found:
                    out[name] = found
            return out
    except (*ZIP_ERRORS, KeyError, ElementTree.ParseError):  # (ArrowInvalid: a ValueError)
        return {}


def _style_currencies(archive: zipfile.ZipFile) -> list[tuple[str | None, str]]:
    """Per cell style (``cellXfs``, by the ``s`` of a cell): the currency its number format
    names and the format code. Only the codes the workbook writes out are read: the built-in
    formats (5–8, 41–44 among them) show the currency of the reader's locale, so name none."""
    try:
        data = archive.read("xl/styles.xml")
    except KeyError:
        return []
    if len(data) > _MAX_STYLES or b"<!DOCTYPE" in data[:4096]:  # (no entity declarations)
        return []
    root = ElementTree.fromstring(data)
    codes: dict[str, str] = {}
    styles: list[tuple[str | None, str]] = []
    for child in root:
        tag = _local(child.tag)
        if tag == "numFmts":
            codes = {
                f.get("numFmtId", ""): f.get("formatCode", "")
                for f in child
                if _local(f.tag) == "numFmt"
            }
        elif tag == "cellXfs":
            named = {k: format_currency(v) for k, v in codes.items()}
            for xf in child:
                if _local(xf.tag) == "xf":
                    number = xf.get("numFmtId", "0")
                    styles.append((named.get(number), codes.get(number, "")))
    return styles


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _sheet_currencies(
    archive: zipfile.ZipFile,
    part: str,
    styles: list[tuple[str | None, str]],
    rows: np.ndarray,
    columns: dict[str, int],
) -> dict[str, FormatCurrency]:
    """The currency of each column whose sampled data cells' formats name one: the first
    :data:`SAMPLE_ROWS` data rows, or every row of the columns where those disagree."""
    wanted = {column: header for header, column in columns.items()}
    last = int(rows[min(len(rows), SAMPLE_ROWS) - 1])
    sampled = set(rows[:SAMPLE_ROWS].tolist())
    seen: dict[int, set[int]] = {}  # column → the styles of its valued sampled cells
    with archive.open(part) as stream:
        for row, column, style in _cells(stream, set(wanted), last):
            if row in sampled:
                seen.setdefault(column, set()).add(style)
    out: dict[str, FormatCurrency] = {}
    mixed: list[int] = []
    for column, found in seen.items():
        named = {_style(styles, s)[0] for s in found}
        if named == {None}:
            continue
        if len(named) > 1:
            mixed.append(column)
            continue
        formats = sorted({_style(styles, s)[1] for s in found})
        out[wanted[column]] = FormatCurrency(str(named.pop()), tuple(formats[:3]))
    if mixed:
        out.update(_per_row(archive, part, styles, rows, {c: wanted[c] for c in mixed}))
    return out


def _style(styles: list[tuple[str | None, str]], s: int) -> tuple[str | None, str]:
    return styles[s] if 0 <= s < len(styles) else (None, "")


def _per_row(
    archive: zipfile.ZipFile,
    part: str,
    styles: list[tuple[str | None, str]],
    rows: np.ndarray,
    wanted: dict[int, str],
) -> dict[str, FormatCurrency]:
    """Each data row's currency in the columns *wanted* (column → header), read to the end
    (:func:`_scanned`; a sheet whose cells carry no reference: :func:`_cells`)."""
    with archive.open(part) as stream:
        at, columns, ids = _scanned(stream, wanted)
    if not len(at):
        with archive.open(part) as stream:
            cells = np.array(list(_cells(stream, set(wanted), None)), dtype=np.int64)
        at, columns, ids = cells.reshape(-1, 3).T
    ids = np.where((ids >= 0) & (ids < len(styles)), ids, len(styles))
    named = np.array([c for c, _f in styles] + [None], dtype=object)[ids]  # (last: no style)
    shown = np.array([f for _c, f in styles] + [""], dtype=object)[ids]
    position = np.searchsorted(rows, at)
    inside = position < len(rows)
    inside[inside] = rows[position[inside]] == at[inside]  # (a data row's cell)
    out = {}
    for column, header in wanted.items():
        mine = inside & (columns == column)
        currency = np.full(len(rows), None, dtype=object)
        currency[position[mine]] = named[mine]
        series = pd.Series(currency, dtype="string")
        if series.notna().any():
            used = pd.unique(shown[mine][pd.notna(named[mine])])
            out[header] = FormatCurrency(series, tuple(sorted(map(str, used)))[:3])
    return out


def _scanned(stream: IO[bytes], wanted: dict[int, str]) -> tuple[np.ndarray, ...]:
    """(row number, column, style) of each cell holding a value in the columns *wanted*, found
    in a worksheet's XML by its start tags: one regular expression over the bytes picks the
    tags of those columns (by their ``r`` reference), Arrow reads their row and ``s``."""
    letters = b"|".join(column_letter(c).encode() for c in wanted)
    tag = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?c\s[^>]*?\br="(?:' + letters + rb')[0-9]+"[^>]*>')
    found: list[bytes] = []
    carry = b""
    while chunk := stream.read(1 << 20):
        block = carry + chunk
        cut = block.rfind(b"<")  # (a tag cut at the chunk's end: read with the next)
        block, carry = (block[:cut], block[cut:]) if cut >= 0 else (b"", block)
        found.extend(tag.findall(block))
    found.extend(tag.findall(carry))
    tags = pa.array(found, type=pa.binary())
    tags = tags.filter(pc.invert(pc.ends_with(tags, b"/>")))  # (an empty cell: no value)
    ref = pc.extract_regex(tags, pattern=r'\sr="(?P<column>[A-Z]+)(?P<row>[0-9]+)"')
    style = pc.struct_field(pc.extract_regex(tags, pattern=r'\ss="(?P<s>[0-9]+)"'), "s")
    columns = pc.index_in(pc.struct_field(ref, "column"), value_set=pa.array(letters.split(b"|")))
    numbers = np.array(list(wanted), dtype=np.int64)[columns.to_numpy(zero_copy_only=False)]
    return (
        pc.struct_field(ref, "row").cast(pa.string()).cast(pa.int64()).to_numpy(),
        numbers,
        style.cast(pa.string()).cast(pa.int64()).fill_null(0).to_numpy(),
    )


def _cells(
    stream: IO[bytes], columns: set[int], last: int | None
) -> Iterator[tuple[int, int, int]]:
    """(row number, column (0-based), style) of each cell that holds a value in *columns*, up
    to row *last* (None: to the end), streamed from a worksheet's XML."""
    row = 0
    column = -1
    rows = None  # sheetData: the rows read are let go from it
    for event, element in ElementTree.iterparse(stream, events=("start", "end")):
        tag = _local(element.tag)
        if event == "start":
            if tag == "sheetData":
                rows = element
            elif tag == "row":
                row = int(element.get("r") or row + 1)
                if last is not None and row > last:
                    return
                column = -1
            continue
        if tag == "c":
            ref = element.get("r")
            column = _column(ref) if ref else column + 1
            if column in columns and len(element):  # (a value, a formula or inline text)
                yield row, column, int(element.get("s") or 0)
        elif tag == "row" and rows is not None:
            rows.clear()
        elif tag == "sheetData":
            return


def _column(ref: str) -> int:
    """0-based column of an A1 reference."""
    number = 0
    for char in ref:
        if "A" <= char <= "Z":
            number = number * 26 + ord(char) - 64
        else:
            break
    return number - 1
