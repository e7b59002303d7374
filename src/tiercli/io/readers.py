"""Readers: CSV (encoding and delimiter sniffed), Excel (every sheet, via calamine), Parquet.

A reader returns :class:`RawSheet` objects: the cells as text/objects under the header row that
was found, with the row number each data row has in the file as the user sees it (header row of a
plain file = row 1). Nothing is coerced here; that is normalize's job.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from charset_normalizer import from_bytes

from tiercli.errors import InputError
from tiercli.io.aliases import TABLE_ALIASES, alias_index, header_key

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
HEADER_SCAN_ROWS = 30


@dataclass(frozen=True)
class RawSheet:
    """One table as read: object cells, canonical-free headers, user-visible row numbers."""

    file: str
    sheet: str | None
    frame: pd.DataFrame
    rows: pd.Series  # user-visible row number of each data row (same index as frame)
    header_row: int  # user-visible row number of the header
    encoding: str | None = None
    notes: list[str] = field(default_factory=list)
    malformed: pd.Series | None = None  # True where a row has cells beyond the header

    @property
    def label(self) -> str:
        return f"{self.file} [{self.sheet}]" if self.sheet else self.file


@dataclass(frozen=True)
class FileInfo:
    """What the Config sheet records of each input."""

    path: str
    size_bytes: int
    sha256: str


def file_info(path: Path) -> FileInfo:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return FileInfo(str(path), path.stat().st_size, digest.hexdigest())


def read_any(path: Path, header_row: int | None = None) -> list[RawSheet]:
    """Read every table in *path*: one for a CSV or Parquet file, one per non-empty sheet."""
    if not path.exists():
        raise InputError(f"{path}: file not found")
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give the export file inside it")
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        return read_excel(path, header_row)
    if suffix in PARQUET_SUFFIXES:
        return [read_parquet(path)]
    if suffix in CSV_SUFFIXES or suffix == "":
        return [read_csv(path, header_row)]
    raise InputError(
        f"{path}: unsupported file type '{suffix}'. tiercli reads .csv/.tsv/.txt, "
        ".xlsx/.xlsm/.xls/.xlsb/.ods and .parquet"
    )


def decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    """Decode CSV bytes: UTF-8 (with or without BOM) first, else the sniffed encoding.

    GBK/GB2312 guesses are widened to GB18030, which is a superset and decodes both.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    encoding = _guess_encoding(data[: 1 << 20])
    if encoding.replace("_", "").lower() in {"gbk", "gb2312", "cp936", "hz", "big5", "gb18030"}:
        # Chinese exports are GBK; big5 guesses on short simplified text are usually wrong.
        encoding = "gb18030" if encoding.lower() != "big5" or _gb_ok(data) else "big5"
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):
        raise InputError(
            f"{name}: cannot tell the text encoding (best guess {encoding} fails). "
            "Save the file as UTF-8 (Excel: Save As → CSV UTF-8) and try again."
        ) from None


# Among guesses that read the bytes equally well, the encodings trade exports are usually in.
_PREFERRED = (
    "gb18030",
    "gbk",
    "gb2312",
    "cp1252",
    "latin_1",
    "iso8859_15",
    "big5",
    "shift_jis",
    "cp932",
    "euc_kr",
    "cp1251",
)


def _guess_encoding(data: bytes) -> str:
    """charset-normalizer's guess; ties (same chaos and coherence) go to the common export
    encodings, so a Spanish cp1252 file is not read as Central European cp1250."""
    results = list(from_bytes(data))
    if not results:
        return "gb18030"
    best = results[0]
    tied = [
        m for m in results if m.chaos <= best.chaos + 1e-9 and m.coherence >= best.coherence - 1e-9
    ]
    for name in _PREFERRED:
        for match in tied:
            if match.encoding == name:
                return name
    return str(best.encoding)


def _gb_ok(data: bytes) -> bool:
    try:
        data.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return True


def sniff_delimiter(text: str) -> str:
    """The delimiter among , ; TAB | that splits the first lines most consistently."""
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in ",;\t|"}
        return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def read_csv(path: Path, header_row: int | None = None) -> RawSheet:
    data = path.read_bytes()
    if not data.strip():
        raise InputError(f"{path}: the file is empty")
    text, encoding = decode_bytes(data, str(path))
    sep = sniff_delimiter(text)
    options = {
        "sep": sep,
        "header": None,
        "dtype": str,
        "keep_default_na": False,
        "skip_blank_lines": False,
    }
    try:
        grid = pd.read_csv(io.StringIO(text), **options)
    except pd.errors.ParserError:
        # Some rows have more cells than the first: read them all at the widest row's width;
        # the surplus cells mark those rows as malformed (rejected, never dropped).
        width = max(len(row) for row in csv.reader(io.StringIO(text), delimiter=sep))
        grid = pd.read_csv(
            io.StringIO(text),
            names=list(range(width)),
            **options,
        )
    except ValueError as exc:
        raise InputError(f"{path}: cannot parse as CSV (delimiter {sep!r}): {exc}") from None
    sheet = _from_grid(grid, str(path), None, header_row)
    return RawSheet(
        sheet.file,
        None,
        sheet.frame,
        sheet.rows,
        sheet.header_row,
        encoding,
        sheet.notes,
        sheet.malformed,
    )


def read_excel(path: Path, header_row: int | None = None) -> list[RawSheet]:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several exception types for broken files
        raise InputError(f"{path}: cannot open as a workbook: {exc}") from None
    sheets: list[RawSheet] = []
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        if not rows or not any(any(_filled(v) for v in row) for row in rows):
            continue
        width = max(len(row) for row in rows)
        grid = pd.DataFrame([list(row) + [""] * (width - len(row)) for row in rows], dtype=object)
        sheets.append(_from_grid(grid, str(path), name, header_row))
    if not sheets:
        raise InputError(f"{path}: every sheet is empty")
    return sheets


def read_parquet(path: Path) -> RawSheet:
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises many types for a corrupt file
        raise InputError(f"{path}: cannot read as Parquet: {exc}") from None
    frame = frame.reset_index(drop=True)
    frame.columns = [str(c) for c in frame.columns]
    rows = pd.Series(frame.index + 2, index=frame.index)
    return RawSheet(str(path), None, frame, rows, 1)


def _filled(value: object) -> bool:
    return value is not None and str(value).strip() != ""


def _from_grid(
    grid: pd.DataFrame, file: str, sheet: str | None, header_row: int | None
) -> RawSheet:
    """Find the header row in a raw grid and return the data under it."""
    grid = grid.reset_index(drop=True)
    if header_row is not None:
        if header_row > len(grid):
            raise InputError(
                f"{file}{f' [{sheet}]' if sheet else ''}: header_row {header_row} is past the "
                f"last row ({len(grid)})"
            )
        at = header_row - 1
    else:
        at = find_header_row(grid)
    headers = [str(v).strip() if _filled(v) else "" for v in grid.iloc[at].tolist()]
    headers = _unique_headers(headers)
    last_named = max((j for j, h in enumerate(headers) if h), default=-1)
    data = grid.iloc[at + 1 :].copy()
    surplus = data.iloc[:, last_named + 1 :]
    data.columns = list(range(len(headers)))
    # Drop rows that are entirely blank: they are layout, not data.
    keep = _filled_mask(data)
    malformed = _filled_mask(surplus).reindex(data.index, fill_value=False)[keep]
    data = data.loc[keep, [j for j, h in enumerate(headers) if h]]
    data.columns = [h for h in headers if h]
    rows = pd.Series(data.index + 1, index=data.index)
    data = data.reset_index(drop=True)
    rows = rows.reset_index(drop=True)
    notes = [f"header found on row {at + 1}"] if at else []
    return RawSheet(
        file,
        sheet,
        data,
        rows,
        at + 1,
        None,
        notes,
        malformed.reset_index(drop=True) if malformed.any() else None,
    )


def _filled_mask(data: pd.DataFrame) -> pd.Series:
    if data.empty:
        return pd.Series(False, index=data.index)
    text = data.astype("string").fillna("")
    return (text.apply(lambda col: col.str.strip() != "")).any(axis=1)


def _unique_headers(headers: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for h in headers:
        if h and h in seen:
            seen[h] += 1
            out.append(f"{h}.{seen[h]}")
        else:
            seen[h] = 0
            out.append(h)
    return out


_ALL_KEYS = {
    key
    for table in TABLE_ALIASES
    for key in alias_index(table)  # every known header
}


def header_score(values: list[object]) -> int:
    """How many cells of a row are known headers."""
    return sum(1 for v in values if _filled(v) and header_key(v) in _ALL_KEYS)


def find_header_row(grid: pd.DataFrame) -> int:
    """Index of the row that looks most like a header among the first rows.

    ERP exports put a title, the report date and blank rows above the header. The row with
    the most cells that are known column names wins; with no known names at all, the first
    row with at least two filled cells.
    """
    best, best_score = None, 0
    for i in range(min(HEADER_SCAN_ROWS, len(grid))):
        score = header_score(grid.iloc[i].tolist())
        if score > best_score:
            best, best_score = i, score
    if best is not None and best_score >= 2:
        return best
    for i in range(min(HEADER_SCAN_ROWS, len(grid))):
        if sum(_filled(v) for v in grid.iloc[i].tolist()) >= 2:
            return i
    return 0
