"""What a file really is, whatever its name says, and the checks made before reading it.

Trade staff export from many systems: a ``.xls`` may be a real Excel 97 workbook, an HTML page,
an "XML Spreadsheet 2003" or tab-separated text; a ``.xlsx`` may be password-protected (then it
is an OLE file, not a zip) or a zip bomb; a ``.csv`` may be a workbook. :func:`sniff` looks at the
first bytes; :func:`check_zip` bounds what a zip may inflate to before any reader opens it;
:func:`html_tables` and :func:`spreadsheet_2003` read the two text formats into cell grids.

Limits (docs/errors.md "Limits"): a workbook may hold at most :data:`MAX_MEMBERS` parts that
inflate to at most :data:`MAX_UNCOMPRESSED` bytes in all, none at a compression ratio above
:data:`MAX_RATIO` (real sheets compress 5–20×; a zip bomb over 1000×).
"""

from __future__ import annotations

import html
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO
from xml.etree import ElementTree

from tiercli.catalogue import Message, define, msg
from tiercli.errors import InputError

MAX_UNCOMPRESSED = 1 << 30  # 1 GiB of sheet XML in all (≈ 10 million cells)
MAX_RATIO = 250
MAX_MEMBERS = 10_000
_RATIO_FLOOR = 1 << 20  # parts smaller than 1 MiB may compress as much as they like

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
PARQUET_MAGIC = b"PAR1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
# What a damaged archive raises while it is listed or unpacked.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    struct.error,
    OSError,
    EOFError,
    ValueError,
    RuntimeError,
    NotImplementedError,
    UnicodeDecodeError,
)

MESSAGES = {
    "containers.damaged_zip": (
        "{file}：工作簿已损坏（不是可读取的压缩包：“{error}”）。请用表格软件（如 WPS）打开后重新保存，"
        "或重新导出",
        "{file}: the workbook is damaged (not a readable zip archive: {error}). Open it in "
        "Excel or WPS and save it again, or export it again",
    ),
    "containers.damaged_part": (
        "{file}：工作簿已损坏（部件 {part} 无法解压）。请用表格软件（如 WPS）打开后重新保存，"
        "或重新导出",
        "{file}: the workbook is damaged (part {part} cannot be unpacked). Open it in Excel "
        "or WPS and save it again, or export it again",
    ),
    "containers.too_big": (
        "{file}：拒绝打开：{what}。如果确实是导出文件，请拆分为较小的文件，或另存为 CSV；"
        "参见 {doc} 的“{section}”一节",
        "{file}: refused to open: the workbook holds {what}. If it is a real export, split it "
        "into smaller files or save it as CSV; see {doc} ({section})",
    ),
    "containers.parts": (
        "工作簿有 {n} 个部件（上限为 {most}）",
        "{n} parts (the limit is {most})",
    ),
    "containers.unpacked": (
        "工作簿解压后有 {size} MB 数据（上限为 {most} MB）",
        "{size} MB of data once unpacked (the limit is {most} MB)",
    ),
    "containers.ratio": (
        "工作簿的部件 {part} 解压后是压缩大小的 {ratio} 倍（真实的工作簿低于 {most} 倍；"
        "这像是压缩炸弹）",
        "part {part} unpacks {ratio} times its size (real workbooks stay under {most}; this "
        "looks like a zip bomb)",
    ),
    "containers.lying_size": (
        "工作簿的部件 {part} 解压后超过它声明的 {size} 字节（压缩炸弹）",
        "part {part}, which unpacks to more than the {size} bytes it declares (a zip bomb)",
    ),
    "containers.entities": ("文件中不允许有实体声明", "entity declarations are not allowed"),
}
define(MESSAGES)


def sniff(head: bytes) -> str:
    """The kind of file the first bytes show: zip, ole, parquet, html, xml2003, xml, pdf, text,
    binary or empty."""
    if not head.strip():
        return "empty"
    if head.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC)):
        return "zip"
    if head.startswith(OLE_MAGIC):
        return "ole"
    if head.startswith(PARQUET_MAGIC):
        return "parquet"
    if head.startswith(b"%PDF"):
        return "pdf"
    # UTF-16 without a BOM has a NUL on every other byte of ASCII text.
    even, odd = head[0::2], head[1::2]
    utf16 = head.count(b"\x00") * 3 >= len(head) and (even.count(0) < 2 or odd.count(0) < 2)
    bom = head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf"))
    if not (bom or utf16) and _controls(head) > max(2, len(head) // 100):
        return "binary"
    text = _peek_text(head).lstrip().lower()
    if "urn:schemas-microsoft-com:office:spreadsheet" in text[:4096]:
        return "xml2003"
    if text.startswith(("<!doctype html", "<html", "<table", "<meta", "<head", "<body")):
        return "html"
    if text.startswith("<?xml") and "<html" in text[:4096]:
        return "html"
    if text.startswith("<?xml"):
        return "xml"
    return "text"


_CONTROL = bytes([*range(0, 9), 11, 12, *range(14, 27), *range(28, 32)])


def _controls(head: bytes) -> int:
    """How many bytes are control characters that text files do not contain."""
    return len(head) - len(head.translate(None, _CONTROL))


def _peek_text(head: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16", "latin-1"):
        try:
            return head.decode(encoding)
        except UnicodeDecodeError:
            continue
    return ""


def is_encrypted_ole(path: Path) -> bool:
    """An OLE file holding an encrypted OOXML package (a password-protected .xlsx)."""
    with path.open("rb") as handle:
        data = handle.read(1 << 20)
    return _ENCRYPTED in data


@dataclass
class ZipReport:
    """What :func:`check_zip` found: the kind of package, formula cells with no value and
    error cells (#DIV/0!, #N/A…, which calamine reads as blank)."""

    kind: str  # "xlsx", "ods", "xlsb" or "zip"
    members: list[str]
    uncached: dict[str, list[str]] = field(default_factory=dict)  # sheet name → cell refs
    errors: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # → (ref, error)


_FORMULA_NO_VALUE = re.compile(
    rb'<c r="(?P<ref>[A-Z]{1,3}[0-9]{1,7})"[^>]*>\s*<f\b[^>]*?(?:/>|>[^<]*</f>)\s*'
    rb"(?:<v\s*/>|<v>\s*</v>)?\s*</c>"
)


# An error cell as Excel saves it: t="e", its formula if any, the error as the value.
_ERROR_CELL = re.compile(
    rb'<c r="(?P<ref>[A-Z]{1,3}[0-9]{1,7})"[^>]*?\st="e"[^>]*>\s*'
    rb"(?:<f\b[^>]*?(?:/>|>[^<]*</f>)\s*)?<v>(?P<error>#[A-Z0-9/!?_]{1,16})</v>\s*</c>"
)


def check_zip(path: Path, label: str) -> ZipReport:
    """Check a zip before a reader opens it: member count, declared sizes, compression ratios,
    then inflate each part (bounded) to confirm the sizes are true. Raises InputError past a
    limit or for a broken archive. Also finds formula cells saved without their value, and
    error cells."""
    try:
        archive = zipfile.ZipFile(path)
    except ZIP_ERRORS as exc:
        raise InputError(msg("containers.damaged_zip", file=label, error=str(exc))) from None
    with archive:
        infos = archive.infolist()
        names = [i.filename for i in infos]
        if len(infos) > MAX_MEMBERS:
            raise _too_big(label, msg("containers.parts", n=len(infos), most=MAX_MEMBERS))
        total = sum(i.file_size for i in infos)
        if total > MAX_UNCOMPRESSED:
            raise _too_big(
                label,
                msg(
                    "containers.unpacked",
                    size=f"{total / (1 << 20):,.0f}",
                    most=MAX_UNCOMPRESSED >> 20,
                ),
            )
        for info in infos:
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > _RATIO_FLOOR and ratio > MAX_RATIO:
                raise _too_big(
                    label,
                    msg(
                        "containers.ratio",
                        part=info.filename,
                        ratio=f"{ratio:,.0f}",
                        most=str(MAX_RATIO),
                    ),
                )
        kind = _package_kind(archive, names)
        sheets = sheet_names(archive, names) if kind == "xlsx" else {}
        report = ZipReport(kind, names)
        with path.open("rb") as raw:
            for info in infos:
                sheet = sheets.get(info.filename)
                found, errors = _inflate(raw, archive, info, label, scan=sheet is not None)
                if found and sheet is not None:
                    report.uncached[sheet] = found
                if errors and sheet is not None:
                    report.errors[sheet] = errors
    return report


def _too_big(label: str, what: Message) -> InputError:
    return InputError(
        msg("containers.too_big", file=label, what=what, doc="docs/errors.md", section="Limits")
    )


def _package_kind(archive: zipfile.ZipFile, names: list[str]) -> str:
    lowered = {n.lower() for n in names}
    if "xl/workbook.xml" in lowered:
        return "xlsx"
    if "xl/workbook.bin" in lowered:
        return "xlsb"
    if "mimetype" in lowered:
        try:
            if b"opendocument.spreadsheet" in archive.read("mimetype")[:200]:
                return "ods"
        except (KeyError, *ZIP_ERRORS):
            pass
    return "zip"


def column_letter(index: int) -> str:
    """The letters of a 0-based column (0 → A, 27 → AB)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def sheet_names(archive: zipfile.ZipFile, names: list[str]) -> dict[str, str]:
    """Worksheet part name → sheet name, from xl/workbook.xml and its relationships."""
    try:
        book = archive.read("xl/workbook.xml")[: 1 << 20].decode("utf-8", "replace")
        rels = archive.read("xl/_rels/workbook.xml.rels")[: 1 << 20].decode("utf-8", "replace")
    except (KeyError, *ZIP_ERRORS):
        return {}
    targets = {}
    for tag in re.findall(r"<Relationship\b[^>]*>", rels):
        rid = re.search(r'\bId="([^"]*)"', tag)
        target = re.search(r'\bTarget="([^"]*)"', tag)
        if rid and target:
            part = target.group(1).lstrip("/")
            targets[rid.group(1)] = part if part.startswith("xl/") else f"xl/{part}"
    out = {}
    for tag in re.findall(r"<(?:\w+:)?sheet\b[^>]*>", book):
        name = re.search(r'\bname="([^"]*)"', tag)
        rid = re.search(r'\b\w*:?id="([^"]*)"', tag)
        if name and rid and rid.group(1) in targets:
            out[targets[rid.group(1)]] = html.unescape(name.group(1))
    return {part: sheet for part, sheet in out.items() if part in names}


def _inflate(
    raw: BinaryIO, archive: zipfile.ZipFile, info: zipfile.ZipInfo, label: str, scan: bool
) -> tuple[list[str], list[tuple[str, str]]]:
    """Inflate one part, never past its declared size; return (the formula cells with no value
    (the first 20), the error cells (ref, error)) when *scan*: only chunks with an "f" (of
    <f>) or a "#" (of an error) are searched, with the cell left open at a chunk's end."""
    found: list[str] = []
    errors: list[tuple[str, str]] = []
    carry = b""
    size = 0
    try:
        for chunk in _chunks(raw, archive, info):
            size += len(chunk)
            if size > info.file_size:
                raise _too_big(
                    label,
                    msg("containers.lying_size", part=info.filename, size=info.file_size),
                )
            if scan:
                if not any(mark in part for mark in (b"f", b"#") for part in (chunk, carry)):
                    # no "<f" and no error value: the open cell kept only
                    cut = chunk.rfind(b"</c>")
                    carry = chunk[cut + 4 :] if cut >= 0 else (carry + chunk)[-(1 << 16) :]
                    continue
                block = carry + chunk
                cut = block.rfind(b"</c>")
                if cut < 0:
                    carry = block[-(1 << 16) :]
                    continue
                head, carry = block[: cut + 4], block[cut + 4 :]
                if b"<f" in head and len(found) < 20:
                    found.extend(m.group("ref").decode() for m in _FORMULA_NO_VALUE.finditer(head))
                if b't="e"' in head:
                    errors.extend(
                        (m.group("ref").decode(), m.group("error").decode())
                        for m in _ERROR_CELL.finditer(head)
                    )
    except InputError:
        raise
    except ZIP_ERRORS:
        raise InputError(msg("containers.damaged_part", file=label, part=info.filename)) from None
    return found, errors


def _chunks(raw: BinaryIO, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The inflated bytes of *info*, read from the raw stream (so a lying size is seen)."""
    if info.compress_type != zipfile.ZIP_DEFLATED:
        with archive.open(info) as member:
            while chunk := member.read(1 << 20):
                yield chunk
        return
    handle = raw
    handle.seek(info.header_offset)
    header = handle.read(30)
    if len(header) < 30 or header[:4] != ZIP_MAGIC:
        raise zipfile.BadZipFile("bad local header")
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    handle.seek(info.header_offset + 30 + name_len + extra_len)
    left = info.compress_size
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    while left > 0:
        data = handle.read(min(left, 1 << 16))
        if not data:
            raise EOFError
        left -= len(data)
        while data:
            out = inflater.decompress(data, 1 << 20)
            if out:
                yield out
            data = inflater.unconsumed_tail
            if data and not out:
                break
    tail = inflater.flush()
    if tail:
        yield tail


# --------------------------------------------------------------------------- HTML tables


class _Tables(HTMLParser):
    """Cells of every <table>. A cell spanning rows (rowspan) is filled down, as merged Excel
    cells are; one spanning columns (colspan) keeps its text in its first column."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self._open: list[tuple[list[list[str]], dict[int, tuple[int, str]]]] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._span = (1, 1)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._end_row()
            self._open.append(([], {}))
        elif not self._open:
            return
        elif tag == "tr":
            self._end_row()
            self._row = []
        elif tag in ("td", "th"):
            self._end_cell()
            if self._row is None:
                self._row = []
            values = dict(attrs)
            self._span = (_int(values.get("colspan")), _int(values.get("rowspan")))
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._end_cell()
        elif tag == "tr":
            self._end_row()
        elif tag == "table" and self._open:
            self._end_row()
            self.tables.append(self._open.pop()[0])

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def _pending(self) -> None:
        """Put the cells that a rowspan above carries into this row."""
        if self._row is None or not self._open:
            return
        spans = self._open[-1][1]
        while len(self._row) in spans:
            left, text = spans.pop(len(self._row))
            if left > 1:
                spans[len(self._row)] = (left - 1, text)
            self._row.append(text)

    def _end_cell(self) -> None:
        if self._cell is None or self._row is None or not self._open:
            self._cell = None
            return
        text = " ".join("".join(self._cell).split())
        cols, rows = self._span
        self._pending()
        if rows > 1:
            self._open[-1][1][len(self._row)] = (rows - 1, text)
        self._row.extend([text] + [""] * (cols - 1))
        self._cell = None

    def _end_row(self) -> None:
        self._end_cell()
        if self._row is not None and self._open:
            self._pending()
            self._open[-1][0].append(self._row)
        self._row = None


def _int(value: str | None) -> int:
    try:
        return max(1, min(int(str(value).strip()), 1000))
    except ValueError:
        return 1


def html_tables(text: str) -> list[list[list[str]]]:
    """The non-empty tables of an HTML page, each a list of rows of cell texts."""
    parser = _Tables()
    parser.feed(text)
    parser.close()
    return [t for t in parser.tables if any(any(c.strip() for c in row) for row in t)]


# --------------------------------------------------------------------------- XML 2003

_SS = "{urn:schemas-microsoft-com:office:spreadsheet}"


def spreadsheet_2003(data: bytes) -> list[tuple[str, list[list[object]]]]:
    """(sheet name, rows of cells) of an Excel "XML Spreadsheet 2003" file."""
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[: 1 << 16]:
        raise ValueError(msg("containers.entities"))
    root = ElementTree.fromstring(data)
    sheets: list[tuple[str, list[list[object]]]] = []
    for ws in root.iter(f"{_SS}Worksheet"):
        name = ws.get(f"{_SS}Name") or f"Sheet{len(sheets) + 1}"
        rows: list[list[object]] = []
        for table in ws.iter(f"{_SS}Table"):
            for row in table.iter(f"{_SS}Row"):
                at = row.get(f"{_SS}Index")
                if at and at.isdigit():
                    rows.extend([] for _ in range(int(at) - 1 - len(rows)))
                cells: list[object] = []
                for cell in row.iter(f"{_SS}Cell"):
                    index = cell.get(f"{_SS}Index")
                    if index and index.isdigit():
                        cells.extend("" for _ in range(int(index) - 1 - len(cells)))
                    value = cell.find(f"{_SS}Data")
                    text = "".join(value.itertext()) if value is not None else ""
                    kind = value.get(f"{_SS}Type") if value is not None else None
                    cells.append(_typed(text, kind))
                    across = cell.get(f"{_SS}MergeAcross")
                    if across and across.isdigit():
                        cells.extend("" for _ in range(min(int(across), 1000)))
                rows.append(cells)
        sheets.append((name, rows))
    return sheets


def said(exc: BaseException) -> Message | str:
    """What *exc* says: the catalogue message it carries (:func:`spreadsheet_2003`'s refusal of
    entity declarations), else its text (the XML parser's)."""
    first = exc.args[0] if exc.args else None
    return first if isinstance(first, Message) else str(exc)


def _typed(text: str, kind: str | None) -> object:
    if kind == "Number":
        try:
            return float(text)
        except ValueError:
            return text
    if kind == "DateTime":
        return text.replace("T", " ").removesuffix(".000")
    return text
