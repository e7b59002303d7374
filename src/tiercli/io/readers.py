"""Readers: CSV (encoding and delimiter sniffed), Excel (every sheet, via calamine), Parquet.

A reader returns :class:`RawSheet` objects: the cells as text/objects under the header row that
was found, with the row number each data row has in the file as the user sees it (header row of a
plain file = row 1). Nothing is coerced here; that is normalize's job.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import hashlib
import io
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final
from unicodedata import east_asian_width

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from charset_normalizer import from_bytes

from tiercli.catalogue import Both, Message, define, msg
from tiercli.codes import in_order_of_appearance, remember_codes
from tiercli.errors import InputError, os_reason
from tiercli.io import cell_formats, containers
from tiercli.io.aliases import TABLE_ALIASES, alias_index, header_key
from tiercli.threads import arrow_map, both

EXCEL_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
HEADER_SCAN_ROWS = 30
MAX_COLUMNS = 16_384  # Excel's own limit; wider rows are refused (docs/errors.md "Limits")

MESSAGES = {
    "io.text_as_workbook": (
        "{file}：是文本文件而不是工作簿（以{separator}分隔），已按文本读取",
        "{file}: is text, not a workbook (values separated by {separator}); read as text",
    ),
    "io.workbook_named_otherwise": (
        "{file}：内容是工作簿（与扩展名不符），已按工作簿读取",
        "{file}: is a workbook whatever its name says; read as a workbook",
    ),
    "io.html_table": (
        "{file}：是网页（HTML 表格）而不是工作簿，已按表格读取",
        "{file}: is a web page (HTML table), not a workbook; read as a table",
    ),
    "io.xml2003": (
        "{file}：是 XML 电子表格 2003 文件而不是二进制工作簿，已按此格式读取",
        "{file}: is an XML Spreadsheet 2003 file, not a binary .xls; read as such",
    ),
    "io.cut_character": (
        "{file}：文件在一个字符中间结束（UTF-16 字节数为奇数，文件不完整？），最后一个字符已丢弃",
        "{file}: the file ends in the middle of a character (UTF-16 with an odd number of "
        "bytes, cut short?); its last character is dropped",
    ),
    "io.big5": (
        "{file}：第 {lines} 行（共 {n} 行）像是 GBK 文件中混入的 BIG5 编码繁体中文，可能显示为"
        "乱码。请将文件另存为 UTF-8（表格软件中：另存为 → CSV UTF-8）并检查这些行",
        "{file}: line(s) {lines} ({n} in all) look like Big5 (traditional Chinese) text "
        "inside a GBK file and may show garbled. Save the file as UTF-8 (Excel: Save As → "
        "CSV UTF-8) and check those rows",
    ),
    "io.other_encoding_lines": (
        "{file}：第 {lines} 行（共 {n} 行）是 {other} 编码，与文件其余部分（{encoding}）不同，已按 "
        "{other} 读取。请将文件另存为 UTF-8（表格软件中：另存为 → CSV UTF-8）并检查这些行",
        "{file}: line(s) {lines} ({n} in all) are in {other}, unlike the rest of the file "
        "({encoding}), and were read as {other}. Save the file as UTF-8 (Excel: Save As → "
        "CSV UTF-8) and check those rows",
    ),
    "io.undecodable_lines": (
        "{file}：第 {lines} 行（共 {n} 行）含有任何编码都无法解码的字节（文件其余部分为 {encoding}），"
        "这些字节已替换为 �，这些行的内容可能有误。请将文件另存为 UTF-8（表格软件中：另存为 → "
        "CSV UTF-8）并检查这些行",
        "{file}: line(s) {lines} ({n} in all) hold bytes that decode in no encoding (the rest "
        "of the file is {encoding}); they were replaced with �, so those rows may be wrong. "
        "Save the file as UTF-8 (Excel: Save As → CSV UTF-8) and check those rows",
    ),
    "io.sheet_hidden": (
        "{where}：该工作表在工作簿中被隐藏，未计入；如要计入，请在配置的 input.sheets 中写明该表名",
        "{where}: the sheet is hidden in the workbook, so it is left out; to use it, name it "
        "under input.sheets in the config",
    ),
    "io.nul_removed": (
        "{file}：已删除文本中的 NUL 字符",
        "{file}: NUL characters in the text were removed",
    ),
    "readers.beside_table": (
        "{where}：表格右侧的单元格（{columns} 列，第 {rows} 行）不属于表格，未读取",
        "{where}: cells right of the table (columns {columns}, rows {rows}) are not part of it "
        "and were not read",
    ),
    "io.merged_filled": (
        "{where}：{n} 个合并单元格区域已向下填充（每行取其所在区域显示的值）",
        "{where}: {n} merged cell block(s) were filled down with their value (each row "
        "gets the value shown for its block)",
    ),
    "io.formula_no_value": (
        "{where}：公式单元格 {cells} 没有保存计算结果（文件由不计算公式的程序生成），按空白读取。"
        "请用表格软件（如 WPS）打开并保存该文件，使结果被保存",
        "{where}: formula cell(s) {cells} have no saved value (the file was written by a "
        "program that does not calculate), so they read as blank. Open the file in Excel "
        "or WPS and save it, so the results are stored",
    ),
    "io.duplicate_header": (
        "{where}：第 {row} 行有 {n} 列的列名都是“{header}”（{columns} 列）；使用第一列（{first} 列）。"
        "如果其他列内容不同，请改名",
        "{where}: {n} columns are headed '{header}' (columns {columns} of row {row}); the "
        "first, column {first}, is used. Rename the others if they hold something else",
    ),
    # errors (the run stops)
    "readers.not_found": ("{file}：文件不存在", "{file}: file not found"),
    "readers.unreadable": ("{file}：无法读取：{reason}", "{file}: cannot be read: {reason}"),
    "readers.folder": (
        "{file}：是文件夹；请给出其中的导出文件",
        "{file}: is a folder; give the export file inside it",
    ),
    "readers.not_regular": (
        "{file}：不是普通文件（是设备或管道）；请把导出内容保存为文件，再给出该文件",
        "{file}: is not a regular file (a device or pipe); save the export to a file and give that",
    ),
    "readers.unsupported": (
        "{file}：不支持的文件类型“{suffix}”。tiercli 可读取 {text}、{workbooks} 和 {parquet} 文件",
        "{file}: unsupported file type '{suffix}'. tiercli reads {text}, {workbooks} and {parquet}",
    ),
    "readers.empty": ("{file}：文件是空的", "{file}: the file is empty"),
    "readers.encrypted": (
        "{file}：工作簿设有密码（已加密），无法读取。请用表格软件（如 WPS）打开，取消密码"
        "（文件 → 信息 → 保护工作簿），或另存一份不带密码的副本，然后重试",
        "{file}: the workbook is password-protected (encrypted), so it cannot be read. Open "
        "it in Excel or WPS, remove the password (File → Info → Protect Workbook) or save a "
        "copy without one, and try again",
    ),
    "readers.not_a_table": (
        "{file}：{what}。请将数据导出为 XLSX 或 CSV 后重试",
        "{file}: the file is {what}. Export the data as .xlsx or .csv and try again",
    ),
    "readers.kind_pdf": ("这是 PDF 文档", "a PDF document"),
    "readers.kind_binary": (
        "这不是表格或文本文件（是二进制数据）",
        "not a spreadsheet or text file (binary data)",
    ),
    "readers.kind_xml": (
        "这是 XML 文件，但不是电子表格",
        "an XML file that is not an Excel spreadsheet",
    ),
    "readers.text_not_columnar": (
        "{file}：不是 {format} 格式的文件（内容是文本）；如果是 CSV 文件，请把扩展名改为 {suffix}",
        "{file}: not a {format} file (it is text); name it {suffix} if it is one",
    ),
    "readers.text_not_workbook": (
        "{file}：无法作为工作簿打开：内容是纯文本，不是表格。请重新将数据导出为 XLSX 或 CSV",
        "{file}: cannot open as a workbook: it holds plain text, not a table. Export the "
        "data again as .xlsx or .csv",
    ),
    "readers.encoding": (
        "{file}：无法判断文本编码（最可能的“{encoding}”也无法解码）。请将文件另存为 UTF-8"
        "（表格软件中：另存为 → CSV UTF-8）后重试。",
        "{file}: cannot tell the text encoding (best guess {encoding} fails). Save the file "
        "as UTF-8 (Excel: Save As → CSV UTF-8) and try again.",
    ),
    "readers.not_parsed": (
        "{file}：无法作为表格读取（分隔符 {separator}）：“{error}”。请用表格软件（如 WPS）打开，"
        "另存为 CSV UTF-8 后重试",
        "{file}: cannot be read as a table (separator {separator}): {error}. Open it in Excel "
        "or WPS and save it as CSV UTF-8, then try again",
    ),
    "readers.unclosed_quote": (
        '{file}：第 {line} 行：一个引号（"）开始的值没有结束，文件的其余部分会被读成一个单元格。'
        '请删除该引号或补上结束的引号（值中的引号要写两次：""）',
        '{file}: line {line}: a quote (") opens a value that is never closed, so the rest of '
        "the file would be read as one cell. Remove that quote or close it (a quote inside a "
        'value is written twice: "")',
    ),
    "readers.too_wide": (
        "{file}：有一行有 {width} 个单元格；tiercli 最多读取 {most} 列（与表格软件相同）。"
        "请删除多余的列，或检查分隔符；参见 {doc}",
        "{file}: a row has {width} cells; tiercli reads at most {most} columns (as Excel "
        "does). Remove the extra columns, or check the separator; see {doc}",
    ),
    "readers.zip_archive": (
        "{file}：是压缩包（其中：{inside}），不是工作簿。请解压后给出其中的导出文件",
        "{file}: is a zip archive (holding {inside}), not a workbook. Unzip it and give the "
        "export file inside",
    ),
    "readers.nothing": ("没有文件", "nothing"),
    "readers.password": (
        "{file}：工作簿设有密码，无法读取。请用表格软件（如 WPS）打开，取消密码或另存一份不带"
        "密码的副本，然后重试",
        "{file}: the workbook is password-protected, so it cannot be read. Open it in Excel "
        "or WPS, remove the password or save a copy without one, and try again",
    ),
    "readers.not_workbook": (
        "{file}：无法作为工作簿打开（出错信息：“{error}”）。请用表格软件（如 WPS）打开，重新另存为 XLSX，"
        "或导出为 CSV",
        "{file}: cannot open as a workbook ({error}). Open it in Excel or WPS and save it "
        "again as .xlsx, or export it as CSV",
    ),
    "readers.bad_sheet": (
        "{where}：无法读取该工作表（出错信息：“{error}”）。请用表格软件（如 WPS）打开文件并重新保存",
        "{where}: the sheet cannot be read ({error}). Open the file in Excel or WPS and save "
        "it again",
    ),
    "readers.only_hidden": (
        "{file}：有数据的工作表都被隐藏了（{sheets}），没有读取。请在表格软件中取消隐藏要读取的表"
        "（右键工作表标签 → 取消隐藏），或在配置的 input.sheets 中写明该表名",
        "{file}: every sheet with data is hidden ({sheets}), so none is read. Unhide the one "
        "to read (Excel: right-click a sheet tab → Unhide) or name it under input.sheets in the "
        "config",
    ),
    "readers.all_empty": ("{file}：所有工作表都是空的", "{file}: every sheet is empty"),
    "readers.html_no_table": (
        "{file}：是网页（HTML），其中没有表格。请将数据导出为 XLSX 或 CSV 后重试",
        "{file}: is a web page (HTML) with no table in it. Export the data as .xlsx or .csv "
        "and try again",
    ),
    "readers.bad_xml2003": (
        "{file}：是无法读取的 XML 电子表格 2003 文件（出错信息：“{error}”）。请用表格软件（如 WPS）打开，"
        "另存为 XLSX",
        "{file}: is an XML Spreadsheet 2003 file that cannot be read ({error}). Open it in "
        "Excel or WPS and save it as .xlsx",
    ),
    "readers.bad_columnar": (
        "{file}：无法按 {format} 格式读取：“{error}”",
        "{file}: cannot read as {format}: {error}",
    ),
    "readers.header_row_past": (
        "{where}：header_row {row} 超过了最后一行（{last}）；请把 input.header_row 设为列名所在"
        "的行，或删除该设置",
        "{where}: header_row {row} is past the last row ({last}); set input.header_row to the "
        "row that holds the column names, or remove it",
    ),
}
define(MESSAGES)
_PARQUET = Both(".parquet", "Parquet")  # the format, as each language names it


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
    warnings: list[Message] = field(default_factory=list)  # shown on the result (normalize)
    separator: str | None = None  # of a text file
    returns: bool = False  # its name says returns (退货单, Returns: the loader): each line is one
    hidden: bool = False  # hidden (or very hidden) in its workbook: see :func:`unhidden`
    # Excel error cells (#DIV/0!, #N/A…; blank in the frame, as calamine reads them): header →
    # the error of each such cell, by the frame's index (see :func:`formula_errors`)
    errors: dict[str, pd.Series] = field(default_factory=dict)
    # the text of the rows above the header (an ERP report's title, print date, 币别：人民币)
    preamble: str = ""
    # an xlsx's columns whose cells' number format names a currency ([$€-407]#,##0.00):
    # header → the currency (of the column, or of each row): :mod:`tiercli.io.cell_formats`
    cell_currency: dict[str, cell_formats.FormatCurrency] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.file} [{self.sheet}]" if self.sheet else self.file

    @property
    def short_label(self) -> str:
        """The file name (no folder) and sheet, as warnings show it."""
        name = Path(self.file).name
        return f"{name} [{self.sheet}]" if self.sheet else name


@dataclass(frozen=True)
class FileInfo:
    """What the Config sheet records of each input."""

    path: str
    size_bytes: int
    sha256: str


def file_info(path: Path) -> FileInfo:
    _regular(path)
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(msg("readers.unreadable", file=str(path), reason=os_reason(exc))) from None
    return FileInfo(str(path), size, digest.hexdigest())


def _regular(path: Path) -> None:
    """Raise InputError unless *path* is a file that can be read (never open a pipe: it would
    wait for a writer)."""
    if not path.exists():
        raise InputError(msg("readers.not_found", file=str(path)))
    if path.is_dir():
        raise InputError(msg("readers.folder", file=str(path)))
    if not path.is_file():
        raise InputError(msg("readers.not_regular", file=str(path)))


def read_any(path: Path, header_row: int | None = None) -> list[RawSheet]:
    """Read every table in *path*: one for a CSV or Parquet file, one per non-empty sheet.

    The content decides how, not only the name: a workbook saved as ``.csv``, an HTML page,
    an XML Spreadsheet 2003 or tab-separated text saved as ``.xls`` are each read as what they
    are (and said so); a password-protected workbook, a zip bomb, a PDF or other binary data
    are refused with what they are and the fix.
    """
    _regular(path)
    suffix = path.suffix.lower()
    if suffix not in EXCEL_SUFFIXES | CSV_SUFFIXES | PARQUET_SUFFIXES and suffix != "":
        raise InputError(
            msg(
                "readers.unsupported",
                file=str(path),
                suffix=suffix,
                text=".csv/.tsv/.txt",
                workbooks=".xlsx/.xlsm/.xls/.xlsb/.ods",
                parquet=".parquet",
            )
        )
    try:
        with path.open("rb") as handle:
            head = handle.read(8192)
    except OSError as exc:
        raise InputError(msg("readers.unreadable", file=str(path), reason=os_reason(exc))) from None
    kind = containers.sniff(head)
    named = (
        "excel" if suffix in EXCEL_SUFFIXES else "parquet" if suffix in PARQUET_SUFFIXES else "csv"
    )
    if kind == "empty":
        raise InputError(msg("readers.empty", file=str(path)))
    if kind == "zip":
        return read_excel(path, header_row, mismatched=named != "excel")
    if kind == "ole":
        if containers.is_encrypted_ole(path):
            raise InputError(msg("readers.encrypted", file=str(path)))
        return read_excel(path, header_row, mismatched=suffix != ".xls")
    if kind == "parquet":
        return [read_parquet(path)]
    if kind in ("pdf", "binary", "xml"):
        raise InputError(
            msg("readers.not_a_table", file=str(path), what=msg(f"readers.kind_{kind}"))
        )
    if kind == "html":
        return read_html(path, header_row)
    if kind == "xml2003":
        return read_xml2003(path, header_row)
    if named == "parquet":
        raise InputError(
            msg("readers.text_not_columnar", file=str(path), format=_PARQUET, suffix=".csv")
        )
    if named == "excel" and not any(sep in line for line in _first_lines(head) for sep in ",;\t|"):
        raise InputError(msg("readers.text_not_workbook", file=str(path)))
    sheet = read_csv(path, header_row)
    if named == "excel":
        separator = _SEPARATORS.get(sheet.separator or "", Both("分隔符", "a separator"))
        sheet.warnings.append(msg("io.text_as_workbook", file=str(path), separator=separator))
    return [sheet]


def _first_lines(head: bytes, most: int = 20) -> list[str]:
    """The first non-blank lines of a text file's head (an ERP's "Excel" export begins with a
    title and a print date before its tab-separated header)."""
    for encoding in ("utf-8-sig", "utf-16", "gb18030", "latin-1"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        return [line for line in text.splitlines() if line.strip()][:most]
    return []


_SEPARATORS = {
    ",": Both("逗号", "commas"),
    ";": Both("分号", "semicolons"),
    "\t": Both("制表符", "tabs"),
    "|": Both("竖线", "bars"),
}


@dataclass(frozen=True)
class Decoded:
    """A text file's bytes as text, the encoding they were read in, and the lines read otherwise:
    1-based line numbers by the encoding each was read in, or under ``""`` those that decode in
    none (their bad bytes replaced with U+FFFD)."""

    text: str
    encoding: str
    other: dict[str, list[int]] = field(default_factory=dict)


def decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    """The text and encoding of :func:`decode_text`."""
    decoded = decode_text(data, name)
    return decoded.text, decoded.encoding


def decode_text(data: bytes, name: str) -> Decoded:
    """Decode CSV bytes: a BOM's encoding, UTF-8, UTF-16 without BOM, Chinese text (GBK/GB18030
    or Big5, told apart by which reads as common characters: :func:`_chinese`, line by line
    where a few lines are in another encoding), else the sniffed encoding.

    GBK/GB2312 guesses are widened to GB18030, which is a superset and decodes both. A UTF-16/32
    file cut short (an odd number of bytes) loses only its last, broken character.
    """
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return Decoded(data.decode("utf-32", errors="replace"), "utf-32")
    if data.startswith(b"\xef\xbb\xbf"):
        return Decoded(data[3:].decode("utf-8", errors="replace"), "utf-8-sig")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Decoded(data.decode("utf-16", errors="replace"), "utf-16")
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    head = data[:4096]
    if head.count(b"\x00") * 3 >= len(head):  # UTF-16 without a BOM: NUL on every other byte
        encoding = "utf-16-le" if head[1::2].count(0) > head[0::2].count(0) else "utf-16-be"
        return Decoded(data.decode(encoding, errors="replace"), encoding)
    encoding = _guess_encoding(data[: 1 << 20])
    if not _japanese_or_korean(data, encoding):
        chinese = _chinese(data)
        if chinese is not None:
            return chinese
    if encoding.replace("_", "").replace("-", "").lower() not in _NOT_WESTERN and _gb_latin(data):
        encoding = "gb18030"  # a Chinese team's GBK export of foreign names (see _gb_latin)
    latin = _windows_latin(data, encoding)
    if latin is not None:
        return latin  # Turkish 1254 or Polish 1250 taken for another Latin code page
    if encoding.replace("_", "").lower() in {"gbk", "gb2312", "cp936", "hz", "big5", "gb18030"}:
        # Chinese exports are GBK; big5 guesses on short simplified text are usually wrong.
        encoding = "gb18030" if encoding.lower() != "big5" or _gb_ok(data) else "big5"
    try:
        return Decoded(data.decode(encoding), encoding)
    except (UnicodeDecodeError, LookupError):
        raise InputError(msg("readers.encoding", file=name, encoding=encoding)) from None


_CJK_SAMPLE: Final = 1 << 16  # bytes of a file whose readings are compared
_LEGIBLE: Final = 0.75  # share of the non-ASCII characters that must read as Chinese text
_CLEARER: Final = 0.1  # how much better another reading must be to win over GB18030's
# Big5 as tried, in order: plain, Windows' (cp950: € and a few more), Hong Kong's (HKSCS: 粵語
# characters such as 嘢 and 啲; the lines of a file that none of them reads whole are read in it)
_BIG5_CODECS: Final = ("big5", "cp950", "big5hkscs")
_ASCII_RUN: Final = re.compile("[\x00-\x7f]+")
# Besides the common characters: CJK and full-width punctuation, quotes and dashes, and Latin
# letters with accents (foreign names; in a wrong reading of CJK bytes they do not appear).
_MARKS: Final = re.compile(
    "[\u00c0-\u024f\u00b7\u00d7\u2014\u2018-\u201d\u2026\u3000-\u303f\uff01-\uff5e\uffe0-\uffe6]+"
)
_JAPANESE: Final = {"shiftjis", "cp932", "shiftjis2004", "shiftjisx0213", "eucjp", "eucjis2004"}
_KOREAN: Final = {"euckr", "cp949", "johab"}
_KANA: Final = re.compile("[\u3040-\u30ff]+")
_HANGUL: Final = re.compile("[\uac00-\ud7a3]+")
_HALF_KATAKANA: Final = re.compile("[\uff61-\uff9f]+")


def _japanese_or_korean(data: bytes, guess: str) -> bool:
    """Whether charset-normalizer's *guess* is a Japanese or Korean encoding that reads the
    head of *data* as such: Korean as Hangul and punctuation alone (but one character in 50),
    Japanese with kana (one character in ten) and fewer half-width katakana than kana.

    The guess is made on short Chinese files, whose bytes give Hanja among the Hangul, or
    half-width katakana among the kanji (GBK's common characters are Hangul in EUC-KR, so a
    Chinese header alone may read as Korean: its first names do not).
    """
    bare = guess.replace("_", "").replace("-", "").lower()
    if bare not in _JAPANESE | _KOREAN:
        return False
    text = _ASCII_RUN.sub("", data[:_CJK_SAMPLE].decode(guess, errors="replace"))
    if bare in _KOREAN:
        return len(_MARKS.sub("", _HANGUL.sub("", text))) <= 0.02 * len(text)
    kana = len(text) - len(_KANA.sub("", text))
    half = len(text) - len(_HALF_KATAKANA.sub("", text))
    return kana >= 0.1 * len(text) and half < kana


_C1_BYTES: Final = bytes(range(0x80, 0xA1))
# Two CJK characters (U+3000–U+9FFF) in UTF-8, back to back.
_UTF8_CJK_PAIR: Final = re.compile(
    rb"[\xe3-\xe9][\x80-\xbf][\x80-\xbf][\xe3-\xe9][\x80-\xbf][\x80-\xbf]"
)
_SHOWN: Final = {
    "utf-8": "UTF-8",
    "gb18030": "GBK/GB18030",
    "big5": "Big5",
    "cp950": "Big5",
    "big5hkscs": "Big5-HKSCS",
}


@functools.cache
def _common_hanzi() -> dict[int, None]:
    """The common Chinese characters — GB2312's first level (the 3,755 most used simplified
    characters) and Big5's (5,401 traditional) — as a ``str.translate`` table that deletes them.

    Text in the right encoding is nearly all such characters; GBK bytes read as Big5 (or the
    reverse, or UTF-8 as either) give as many rare ones as common: the first level of one is
    spread over both levels and the private-use area of the other.
    """
    gb = [bytes((lead, trail)) for lead in range(0xB0, 0xD8) for trail in range(0xA1, 0xFF)]
    big5 = [
        bytes((lead, trail))
        for lead in range(0xA4, 0xC7)
        for trail in (*range(0x40, 0x7F), *range(0xA1, 0xFF))
        if lead << 8 | trail <= 0xC67E
    ]
    chars = set()
    for codec, codes in (("gb2312", gb), ("big5", big5)):
        for code in codes:
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(code.decode(codec))
    return dict.fromkeys(map(ord, chars))


def _legibility(text: str) -> tuple[float, int]:
    """(the share of *text*'s non-ASCII characters that are common Chinese characters or
    punctuation and accented Latin letters (:data:`_MARKS`), how many are common characters)."""
    rest = _ASCII_RUN.sub("", text)
    if not rest:
        return 0.0, 0
    left = rest.translate(_common_hanzi())
    hanzi = len(rest) - len(left)
    marks = len(left) - len(_MARKS.sub("", left))
    return (hanzi + marks) / len(rest), hanzi


def _chinese(data: bytes) -> Decoded | None:
    """Chinese text (not UTF-8): GBK/GB18030, Big5, or mostly UTF-8 with lines in another
    encoding — whichever reads the head of the file as common Chinese characters, GB18030 unless
    another is clearly better — or None when no reading does (other encodings: for
    charset-normalizer; a GBK file with fewer than 4 Chinese characters: likewise).

    Not asked of a file that charset-normalizer takes for Japanese or Korean: EUC-KR's Hangul
    and EUC-JP's kana and kanji are GB2312's and Big5's first-level characters byte for byte.
    """
    sample = data[:_CJK_SAMPLE]
    if len(data) > len(sample):
        sample = sample[: sample.rfind(b"\n") + 1] or sample
    scores = {
        reading: _legibility(sample.decode(codec, errors="replace"))
        for reading, codec in (("gb18030", "gb18030"), ("big5", "cp950"), ("utf-8", "utf-8"))
    }
    primary = "gb18030"
    for reading in ("big5", "utf-8"):
        if scores[reading][0] > scores[primary][0] + _CLEARER:
            primary = reading
    share, hanzi = scores[primary]
    if share < _LEGIBLE or hanzi < 4:
        return None
    codecs = _BIG5_CODECS if primary == "big5" else (primary,)
    forced = _utf8_lines(data) if primary == "gb18030" else []
    if forced:
        return _by_lines(data, primary, forced)
    reached: dict[str, int] = {}
    for codec in codecs:
        try:
            return Decoded(data.decode(codec), codec)
        except UnicodeDecodeError as exc:
            reached[codec] = exc.start
    # read by lines in the Big5 that decodes furthest (the first of those that tie)
    return _by_lines(data, max(codecs, key=reached.__getitem__), [])


def _utf8_lines(data: bytes) -> list[tuple[int, int, str]]:
    """The lines of GB18030 bytes that are UTF-8 (start, end, text): those holding two CJK
    characters in UTF-8 that read as Chinese in UTF-8 clearly better than in GB18030.

    GB2312 text has no byte 0x80–0xA0 (both bytes of its characters are 0xA1 or more) and
    three-quarters of CJK characters in UTF-8 have one: a file without any is not looked at
    further (one pass over its bytes in C).
    """
    if len(data.translate(None, _C1_BYTES)) == len(data):
        return []
    lines = []
    at = 0
    while found := _UTF8_CJK_PAIR.search(data, at):
        start = data.rfind(b"\n", 0, found.start()) + 1
        end = data.find(b"\n", found.end())
        end = len(data) if end < 0 else end + 1
        at = end
        line = data[start:end]
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            continue
        gb = line.decode("gb18030", errors="replace")
        if _legibility(text)[0] > _legibility(gb)[0] + _CLEARER:
            lines.append((start, end, text))
    return lines


def _by_lines(data: bytes, codec: str, forced: list[tuple[int, int, str]]) -> Decoded:
    """*data* in *codec*, but the *forced* lines (start, end, text) as given and each line that
    does not decode in *codec* as :func:`_other_reading` reads it (a rare file: the lines are
    found by the decoder's errors, only those are read one by one)."""
    view = memoryview(data)
    pieces: list[str] = []
    other: dict[str, list[int]] = {}
    counted, line = 0, 1  # the number of the line holding byte `counted`

    def number(at: int) -> int:
        nonlocal counted, line
        line += data.count(b"\n", counted, at)
        counted = at
        return line

    pos = 0
    for start, end, text in [*forced, (len(data), len(data), "")]:
        while pos < start:
            try:
                pieces.append(str(view[pos:start], codec))
                pos = start
            except UnicodeDecodeError as exc:
                bad = pos + exc.start
                first = max(pos, data.rfind(b"\n", pos, bad) + 1)
                last = data.find(b"\n", bad, start)
                last = start if last < 0 else last + 1
                pieces.append(str(view[pos:first], codec))
                read, how = _other_reading(data[first:last], codec)
                pieces.append(read)
                other.setdefault(how, []).append(number(first))
                pos = last
        if start < len(data):
            pieces.append(text)
            other.setdefault("utf-8", []).append(number(start))
            pos = end
    return Decoded("".join(pieces), codec, other)


def _other_reading(line: bytes, codec: str) -> tuple[str, str]:
    """A line that *codec* does not decode: (its text, the encoding that reads it as Chinese or
    accented Latin text), or its text in *codec* with the bad bytes replaced and ``""``."""
    for reading, other in (("utf-8", "utf-8"), ("gb18030", "gb18030"), ("big5", "cp950")):
        if other == codec or (reading == "big5" and codec in _BIG5_CODECS):
            continue
        try:
            text = line.decode(other)
        except UnicodeDecodeError:
            continue
        if _legibility(text)[0] >= _LEGIBLE:
            return text, reading
    return line.decode(codec, errors="replace"), ""


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
    """charset-normalizer's guess; near-ties (chaos within 0.01 of the least) go to the common
    export encodings, so a Spanish cp1252 file is not read as Central European cp1250 or as
    Baltic cp775 (whose guess can lead by a few thousandths on a short file)."""
    results = list(from_bytes(data))
    if not results:
        return "gb18030"
    best = results[0]
    least = min(m.chaos for m in results)
    tied = [m for m in results if m.chaos <= least + 0.01]
    for name in _PREFERRED:
        for match in tied:
            if match.encoding == name:
                return name
    return str(best.encoding)


# Guesses that are not a Western single-byte code page (only those are second-guessed below).
_NOT_WESTERN: Final = {
    "gbk",
    "gb2312",
    "cp936",
    "hz",
    "big5",
    "gb18030",
    "shiftjis",
    "cp932",
    "euckr",
    "eucjp",
    "iso2022jp",
    "utf8",
    "utf16",
    "utf32",
}
# In GBK/GB18030 a Latin letter with an accent (é, í, ü, ã…) is two or four bytes; read with a
# Western code page those bytes become other letters ("México" → "Mķxico" in cp775). Real text
# read as GB18030 gives Latin letters, CJK and common punctuation only, and never an ideograph
# between two ASCII letters — which a Western file read as GB18030 gives ("Ram" + 硆 + "ez").
_GB_TEXT: Final = re.compile(
    "[^\x00-\x7f\u00a0-\u024f\u2010-\u206f\u20ac\u2100-\u214f\u2460-\u24ff"
    "\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]"
)
_GB_SANDWICH: Final = re.compile("[A-Za-z][\u3400-\u9fff\uf900-\ufaff][A-Za-z]")


def _gb_latin(data: bytes) -> bool:
    """Whether *data* (not UTF-8) reads as GB18030 text with non-ASCII letters and nothing that
    only a wrong reading gives (see :data:`_GB_TEXT`, :data:`_GB_SANDWICH`)."""
    import codecs

    try:
        text = codecs.getincrementaldecoder("gb18030")().decode(data[: 1 << 20], final=False)
    except UnicodeDecodeError:
        return False
    return bool(
        re.search("[\u00c0-\u024f]", text)
        and not _GB_TEXT.search(text)
        and not _GB_SANDWICH.search(text)
    )


# Charset-normalizer's Latin single-byte guesses. The Windows Latin code pages below decode
# each other's files and none reads as broken, so its guess among them is often wrong: a Turkish
# file (1254) is taken for 1252, 1250 or 1257, a Polish one (1250) for 1252.
_LATIN_GUESSES: Final = frozenset(
    {"cp1250", "cp1252", "cp1254", "cp1257", "cp1258", "latin_1", "iso8859_1", "iso8859_2",
     "iso8859_3", "iso8859_4", "iso8859_9", "iso8859_10", "iso8859_13", "iso8859_14",
     "iso8859_15", "iso8859_16"}
)  # fmt: skip
_WINDOWS_LATIN: Final = ("cp1252", "cp1254", "cp1250")
# Windows-1254 is Windows-1252 but for six bytes: Ğ İ Ş ğ ı ş where 1252 has the Icelandic and
# Faroese Ð Ý Þ ð ý þ.
_TURKISH_SIX: Final = b"\xd0\xdd\xde\xf0\xfd\xfe"
_DOTLESS: Final = b"\xdd\xfd"  # İ ı (Ý ý in 1252)
_ICELANDIC_VOWELS: Final = (
    b"\xc1\xc6\xc9\xcd\xd3\xd8\xda\xe1\xe6\xe9\xed\xf3\xf8\xfa"  # á é í ó ú æ ø
)


def _windows_latin(data: bytes, guess: str) -> Decoded | None:
    """*data* in another Windows Latin code page (1252, 1254 Turkish, 1250 Central European)
    than charset-normalizer's Latin single-byte *guess*, when the file says which; else None.

    The header says first: the code page in which the head of the file names the most known
    columns wins when it names more than *guess* (Turkish Sipariş No, Müşteri Adı are Sipariþ
    No, Müþteri Adý in 1252; Polish Ilość, Wartość are Iloœæ, Wartoœæ). When 1254 names as many
    as *guess*, the letters say whether it is Turkish (:func:`_turkish_letters`). A code page
    that does not decode the whole file is not taken.
    """
    if guess.lower() not in _LATIN_GUESSES:
        return None
    head = data[:_CJK_SAMPLE]
    pages = dict.fromkeys((guess, *_WINDOWS_LATIN))  # the guess first: it wins a tie
    known = {page: _known_in(head.decode(page, errors="replace")) for page in pages}
    page = max(known, key=known.__getitem__)
    if known[page] == known[guess]:
        if known["cp1254"] < known[guess] or not _turkish_letters(data[: 1 << 20]):
            return None
        page = "cp1254"
    if page == guess:
        return None
    try:
        return Decoded(data.decode(page), page)
    except UnicodeDecodeError:  # (1254 lacks 0x81, 0x8D–0x90, 0x9D, 0x9E; 1250 0x81 …)
        return None


def _turkish_letters(sample: bytes) -> bool:
    """Whether the letters of *sample* are Turkish in 1254 rather than Icelandic or Faroese in
    1252: among the six bytes the two read differently there are ı or İ and ş or ğ (a Czech Nový
    or an Icelandic Sigurðsson alone in a German file is not Turkish), and the vowels á é í ó ú
    æ ø are fewer than a third as many as those six (Icelandic and Faroese have about as many
    as ð þ ý; Turkish none, but in a foreign name).

    A file of a name or two may say too little: one without ı, or without ş and ğ, is left as
    guessed.
    """

    def count(chars: bytes) -> int:
        return len(sample) - len(sample.translate(None, chars))

    six = count(_TURKISH_SIX)
    if not six:
        return False
    dotless = count(_DOTLESS)
    return 0 < dotless < six and 3 * count(_ICELANDIC_VOWELS) < six


def _known_in(text: str) -> int:
    """How many different known column names the first lines of *text* hold, each line split
    at , ; TAB and |."""
    cells = {c for line in _head_lines(text) for c in re.split("[,;\t|]", line)}
    return len({header_key(c) for c in cells} & _ALL_KEYS)


def _head_lines(text: str, most: int = 20) -> list[str]:
    return [line for line in text.splitlines()[: most * 5] if line.strip()][:most]


def _gb_ok(data: bytes) -> bool:
    try:
        data.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return True


def sniff_delimiter(text: str) -> str:
    """The delimiter among , ; TAB | that splits the first lines most consistently."""
    sample = "\n".join(text[:200_000].splitlines()[:50])  # the head, not the whole file
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in ",;\t|"}
        return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def read_csv(path: Path, header_row: int | None = None) -> RawSheet:
    """Read a text table: encoding and separator sniffed, any line ending, ragged rows kept
    (cells past the header mark the row as malformed), no limit on a cell's length."""
    data = path.read_bytes()
    if not data or data.isspace():
        raise InputError(msg("readers.empty", file=str(path)))
    decoded = decode_text(data, str(path))
    text, encoding = decoded.text, decoded.encoding
    if _EMPTY.fullmatch(text):
        raise InputError(msg("readers.empty", file=str(path)))
    warnings: list[Message] = []
    for how, lines in decoded.other.items():
        warnings.append(
            msg(
                "io.other_encoding_lines" if how else "io.undecodable_lines",
                file=path.name,
                lines=lines[:5],
                n=len(lines),
                other=_SHOWN[how] if how else "",
                encoding=_SHOWN[encoding],
            )
        )
    if encoding.startswith("utf-16") and len(data) % 2:
        warnings.append(msg("io.cut_character", file=str(path)))
    if encoding == "gb18030":
        rows = big5_lines(data)
        if rows:
            warnings.append(msg("io.big5", file=path.name, lines=rows[:5], n=len(rows)))
    # The bytes as read, when the text is exactly their UTF-8 (Arrow then reads them as they are).
    same = data if encoding == "utf-8" and not decoded.other else None
    if "\x00" in text:
        text = text.replace("\x00", "")
        warnings.append(msg("io.nul_removed", file=str(path)))
        same = None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        same = None
    sep = sniff_delimiter(text)
    grid = _parse_text(text, sep, str(path), same)
    sheet = _from_grid(grid, str(path), None, header_row, text=True)
    return replace(sheet, encoding=encoding, warnings=warnings + sheet.warnings, separator=sep)


_EMPTY: Final = re.compile("[\ufeff\x00 \t\r\n]*")
_QUOTED: Final = re.compile(r'"[^"]*(?:""[^"]*)*"')


def _plain_quotes(text: str, sep: str) -> bool:
    """True when every quote in *text* belongs to a whole quoted cell ("…", with "" inside),
    which both CSV readers read alike; a stray or unclosed quote is for pandas."""
    if '"' not in text:
        return True
    ends = {sep, "\n"}
    seen = 0
    for found in _QUOTED.finditer(text):
        start, end = found.span()
        if (start and text[start - 1] not in ends) or (end < len(text) and text[end] not in ends):
            return False
        seen += found.group().count('"')
    return seen == text.count('"')


def _arrow_grid(text: str, sep: str, utf8: bytes | None = None) -> pd.DataFrame | None:
    """The cells of a regular text table read by Arrow's multi-threaded CSV reader (several
    times faster than pandas' on large files), or None to let pandas read it.

    Only when every row has the header's number of cells and no line is empty: Arrow refuses a
    ragged row (pandas then reads it as before), and a blank line is left to pandas, which
    keeps it as an empty row. The cells are the same strings pandas gives (quoted or not, empty
    cells as ``""``), in the same Arrow-backed ``str`` columns named 0, 1, 2…
    *utf8*: *text* encoded as UTF-8, when the caller has it already.
    """
    if not text or text.startswith("\n") or "\n\n" in text or not _plain_quotes(text, sep):
        return None  # blank lines, or quotes pandas may read otherwise: pandas reads it
    import pyarrow as pa
    import pyarrow.csv as pacsv

    first_line = text[: text.find("\n")] if "\n" in text else text
    names = [f"f{i}" for i in range(first_line.count(sep) + 1)]
    try:
        table = pacsv.read_csv(
            io.BytesIO(text.encode("utf-8") if utf8 is None else utf8),
            read_options=pacsv.ReadOptions(autogenerate_column_names=True),
            # A line break inside a cell needs a quoted cell: without quotes Arrow may split
            # the file at any line (several times faster).
            parse_options=pacsv.ParseOptions(
                delimiter=sep, newlines_in_values='"' in text, ignore_empty_lines=False
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.large_string() for n in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowException, ValueError):
        return None
    if table.column_names != names:  # a quoted separator in the first line: let pandas read
        return None
    text_dtype = pd.StringDtype("pyarrow", na_value=np.nan)
    frame = table.to_pandas(types_mapper=lambda _: text_dtype)
    frame.columns = pd.RangeIndex(frame.shape[1])
    return frame


def _parse_text(text: str, sep: str, name: str, utf8: bytes | None = None) -> pd.DataFrame:
    """The cells of a text table (all strings). Rows wider than the first are read at the
    widest row's width; an unclosed quote is an InputError naming its line. *utf8*: *text* as
    UTF-8 bytes, when the caller has them."""
    grid = _arrow_grid(text, sep, utf8)
    if grid is not None:
        return grid
    options: dict[str, Any] = {
        "sep": sep,
        "header": None,
        "dtype": str,
        "keep_default_na": False,
        "skip_blank_lines": False,
    }
    try:
        try:
            return pd.read_csv(io.StringIO(text), **options)
        except pd.errors.ParserError as exc:
            if "EOF inside string" in str(exc):
                raise
            # Some rows have more cells than the first: read them all at the widest row's
            # width; the surplus cells mark those rows as malformed (rejected, never dropped).
            width = _widest(text, options)
            if width > MAX_COLUMNS:
                raise _too_wide(name, width) from None
            return pd.read_csv(io.StringIO(text), names=list(range(width)), **options)
    except pd.errors.ParserError as exc:
        if "EOF inside string" in str(exc):
            raise _unclosed_quote(text, sep, name) from None
        raise _unreadable(name, sep, exc) from None
    except (ValueError, csv.Error, MemoryError) as exc:
        raise _unreadable(name, sep, exc) from None


def _unreadable(name: str, sep: str, exc: Exception) -> InputError:
    return InputError(msg("readers.not_parsed", file=name, separator=repr(sep), error=str(exc)))


def _widest(text: str, options: dict[str, Any]) -> int:
    """The most cells any row has, as the same parser counts them."""
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = pd.read_csv(io.StringIO(text), on_bad_lines="warn", nrows=None, **options)
    seen = [int(n) for w in caught for n in re.findall(r"saw ([0-9]+)", str(w.message))]
    return max([first.shape[1], *seen])


def _unclosed_quote(text: str, sep: str, name: str) -> InputError:
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))
    try:
        reader = csv.reader(io.StringIO(text), delimiter=sep)
        start = 1
        for _ in reader:
            start, last = reader.line_num + 1, start
    except csv.Error:
        last = start
    finally:
        csv.field_size_limit(limit)
    return InputError(msg("readers.unclosed_quote", file=name, line=last))


def _too_wide(name: str, width: int) -> InputError:
    return InputError(
        msg("readers.too_wide", file=name, width=width, most=MAX_COLUMNS, doc="docs/errors.md")
    )


_DOUBLE = rb"[\x81-\xfe][\x30-\x39][\x81-\xfe][\x30-\x39]|[\x81-\xfe][\x40-\x7e\x80-\xfe]"
_GB2312 = rb"[\x81-\xfe][\x30-\x39][\x81-\xfe][\x30-\x39]|[\xa1-\xf7][\xa1-\xfe]|[\x00-\x7f]"
_OTHER = rb"(" + rb"[\x81-\xfe][\x40-\x7e\x80-\xfe]" + rb")"


def big5_lines(data: bytes) -> list[int]:
    """Line numbers (1-based) of a GBK file whose Chinese text is mostly outside GB2312 and
    reads as Big5: traditional text pasted into a simplified export, shown garbled.

    In GB2312 both bytes of a character are ≥ 0xA1; Big5 puts ~40% of second bytes in
    0x40–0x7E. A line counts when it has at least 4 double-byte characters, at least 30% of them
    outside GB2312, and it decodes cleanly as Big5.
    """
    if not re.search(rb"[\x81-\xfe][\x40-\x7e]", data):
        return []
    lines = pd.Series(data.split(b"\n"), dtype=object)
    wide = lines.map(lambda b: bool(re.search(rb"[\x81-\xfe][\x40-\x7e]", b)))
    if not wide.any():
        return []
    text = lines[wide].map(lambda b: b.decode("latin-1")).astype("string")
    double = text.str.count(_DOUBLE.decode("latin-1"))
    other = (
        text.str.replace(
            _GB2312.decode("latin-1") + "|" + _OTHER.decode("latin-1"), r"\1", regex=True
        ).str.len()
        // 2
    )
    suspect = (double >= 4) & (other >= 0.3 * double)
    candidates = lines[wide][suspect.to_numpy(dtype=bool)]
    big5 = candidates.map(_decodes_as_big5)
    return [int(i) + 1 for i in candidates.index[big5.to_numpy(dtype=bool)]]


def _decodes_as_big5(line: bytes) -> bool:
    try:
        line.decode("big5")
    except UnicodeDecodeError:
        return False
    return True


def read_excel(
    path: Path, header_row: int | None = None, mismatched: bool = False
) -> list[RawSheet]:
    """Every non-empty sheet of a workbook (xlsx/xlsm/xlsb/ods/xls, told apart by content).

    Zip packages are checked first (:func:`containers.check_zip`): a zip bomb is refused, formula
    cells saved without their value are reported. Merged data cells are filled down with their
    value (an ERP writes a customer once per block of rows); an xlsx's columns whose cells'
    number format names a currency are noted on the sheet (:mod:`tiercli.io.cell_formats`).
    """
    from python_calamine import CalamineWorkbook, PasswordError

    warnings: list[Message] = []
    uncached: dict[str, list[str]] = {}
    errors: dict[str, list[tuple[str, str]]] = {}
    xlsx = False  # an xlsx/xlsm package: its cells' number formats are read
    with path.open("rb") as handle:
        zipped = handle.read(4).startswith(b"PK")
    if zipped:
        report = containers.check_zip(path, str(path))
        if report.kind == "zip":
            inside = report.members[:5] or msg("readers.nothing")
            raise InputError(msg("readers.zip_archive", file=str(path), inside=inside))
        uncached, errors = report.uncached, report.errors
        xlsx = report.kind == "xlsx"
    if mismatched:
        warnings.append(msg("io.workbook_named_otherwise", file=str(path)))
    try:
        if mismatched:
            with path.open("rb") as handle:
                book = CalamineWorkbook.from_filelike(handle)
        else:
            book = CalamineWorkbook.from_path(str(path))
    except PasswordError:
        raise InputError(msg("readers.password", file=str(path))) from None
    except BaseException as exc:  # calamine raises many types, a Rust panic is a BaseException
        if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
            raise
        raise InputError(msg("readers.not_workbook", file=str(path), error=str(exc))) from None
    sheets: list[RawSheet] = []
    located: dict[str, tuple[np.ndarray, dict[str, int]]] = {}  # (data rows, header → column)
    hidden = _hidden_sheets(book)
    for name in book.sheet_names:
        try:
            ws = book.get_sheet_by_name(name)
            if ws.width > MAX_COLUMNS:
                raise _too_wide(f"{path} [{name}]", ws.width)
            rows = ws.to_python(skip_empty_area=False)
            merged = ws.merged_cell_ranges or []
        except InputError:
            raise
        except BaseException as exc:  # a damaged sheet (a Rust panic is a BaseException)
            if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
                raise
            raise InputError(
                msg("readers.bad_sheet", where=f"{path} [{name}]", error=str(exc))
            ) from None
        if not rows or not any(any(_filled(v) for v in row) for row in rows):
            continue
        widths = set(map(len, rows))
        width = max(widths)
        if len(widths) > 1:  # ragged: short rows padded with ""
            rows = [list(row) + [""] * (width - len(row)) for row in rows]
        grid = pd.DataFrame(rows, dtype=object)
        sheet, columns = _grid_sheet(grid, str(path), name, header_row, errors.get(name), merged)
        if name in hidden:
            sheet = replace(sheet, hidden=True)
        if name in uncached:
            cells = uncached[name]
            sheet.warnings.append(
                msg("io.formula_no_value", where=sheet.short_label, cells=cells[:5])
            )
        sheets.append(sheet)
        located[name] = (sheet.rows.to_numpy(dtype=np.int64), columns)
    if not sheets:
        raise InputError(msg("readers.all_empty", file=str(path)))
    if xlsx:
        found = cell_formats.column_currencies(str(path), located)
        sheets = [replace(s, cell_currency=found.get(s.sheet or "", {})) for s in sheets]
    if warnings:
        sheets[0].warnings[:0] = warnings
    return sheets


def _hidden_sheets(book: Any) -> set[str]:
    """The names of a workbook's hidden and very hidden sheets (none when calamine cannot tell)."""
    from python_calamine import SheetVisibleEnum

    try:
        return {m.name for m in book.sheets_metadata if m.visible != SheetVisibleEnum.Visible}
    except Exception:  # calamine raises its own types for a workbook part it cannot read
        return set()


def unhidden(sheets: list[RawSheet], named: Iterable[str], notes: list[Message]) -> list[RawSheet]:
    """The *sheets* of a file that are not hidden in their workbook, or that *named* (the
    config's ``input.sheets``) names; a note for each other one is added to *notes*.

    A hidden sheet holds what the workbook's author put out of sight (old orders, lookup tables,
    workings): it is not data unless asked for. A file whose sheets with data are all hidden is
    an InputError that says how to read one.
    """
    keys = {header_key(n) for n in named}
    left = [s.hidden and header_key(s.sheet or "") not in keys for s in sheets]
    if sheets and all(left):
        raise InputError(
            msg("readers.only_hidden", file=sheets[0].file, sheets=[s.sheet for s in sheets])
        )
    notes.extend(
        msg("io.sheet_hidden", where=s.short_label)
        for s, out in zip(sheets, left, strict=True)
        if out
    )
    return [s for s, out in zip(sheets, left, strict=True) if not out]


def fill_merged(
    grid: pd.DataFrame,
    merged: list[tuple[tuple[int, int], tuple[int, int]]],
    below: int = -1,
    columns: Iterable[int] | None = None,
) -> int:
    """Fill each merged block that spans rows down its first column with its top-left value
    (in place); return how many blocks were filled. Only the blocks that start below row
    *below* (0-based: the header's last row; blocks in the title and header rows are the
    header's business) and, given *columns*, in one of them."""
    if not merged:
        return 0
    spans = np.array([[r0, c0, r1] for (r0, c0), (r1, _c1) in merged], dtype="int64")
    spans = spans[
        (spans[:, 2] > spans[:, 0])
        & (spans[:, 0] > below)
        & (spans[:, 0] < len(grid))
        & (spans[:, 1] < grid.shape[1])
    ]
    if columns is not None:
        spans = spans[np.isin(spans[:, 1], list(columns))]
    if not len(spans):
        return 0
    spans[:, 2] = np.minimum(spans[:, 2], len(grid) - 1)
    values = grid.to_numpy(dtype=object, copy=True)
    counts = spans[:, 2] - spans[:, 0]
    starts = np.repeat(spans[:, 0], counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts) + 1
    rows = starts + offsets
    cols = np.repeat(spans[:, 1], counts)
    values[rows, cols] = values[starts, cols]
    grid.iloc[:, :] = values
    return len(spans)


def read_html(path: Path, header_row: int | None = None) -> list[RawSheet]:
    """An HTML page saved as .xls (a common ERP "Excel" export): each table a sheet."""
    text, _encoding = decode_bytes(path.read_bytes(), str(path))
    meta = re.search(r"<meta[^>]+charset=[\"']?([A-Za-z0-9_-]+)", text[:4096], re.IGNORECASE)
    if meta and meta.group(1).lower().replace("-", "") in {"gbk", "gb2312", "gb18030"}:
        with contextlib.suppress(UnicodeDecodeError):
            text = path.read_bytes().decode("gb18030")
    tables = containers.html_tables(text)
    if not tables:
        raise InputError(msg("readers.html_no_table", file=str(path)))
    sheets = []
    for i, rows in enumerate(tables, start=1):
        width = max(len(r) for r in rows)
        if width > MAX_COLUMNS:
            raise _too_wide(str(path), width)
        grid = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object)
        name = None if len(tables) == 1 else f"table {i}"
        sheet = _from_grid(grid, str(path), name, header_row)
        sheets.append(sheet)
    sheets[0].warnings.insert(0, msg("io.html_table", file=str(path)))
    return sheets


def read_xml2003(path: Path, header_row: int | None = None) -> list[RawSheet]:
    """An Excel "XML Spreadsheet 2003" file (often saved as .xls): each worksheet a sheet."""
    try:
        books = containers.spreadsheet_2003(path.read_bytes())
    except (ValueError, SyntaxError) as exc:
        raise InputError(
            msg("readers.bad_xml2003", file=str(path), error=containers.said(exc))
        ) from None
    sheets = []
    for name, rows in books:
        if not any(any(_filled(v) for v in r) for r in rows):
            continue
        width = max(len(r) for r in rows)
        if width > MAX_COLUMNS:
            raise _too_wide(f"{path} [{name}]", width)
        grid = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object)
        sheets.append(_from_grid(grid, str(path), name, header_row))
    if not sheets:
        raise InputError(msg("readers.all_empty", file=str(path)))
    sheets[0].warnings.insert(0, msg("io.xml2003", file=str(path)))
    return sheets


def read_parquet(path: Path) -> RawSheet:
    try:
        frame, encoded = _parquet_frame(path)
    except Exception as exc:  # pyarrow raises many types for a corrupt file
        raise InputError(
            msg("readers.bad_columnar", file=str(path), format=_PARQUET, error=str(exc))
        ) from None
    frame = frame.reset_index(drop=True)
    frame.columns = [str(c) for c in frame.columns]
    for position, (codes, distinct) in encoded.items():  # (the frame's own arrays, final now)
        remember_codes(frame.iloc[:, position], codes, distinct)
    rows = pd.Series(frame.index + 2, index=frame.index)
    return RawSheet(str(path), None, frame, rows, 1)


_ROWS_PER_DICTIONARY_BYTE: Final = 64
"""A text column whose Parquet dictionary pages hold at most one byte per this many rows is
read as its dictionary: a few distinct values (a status, a currency, the dates of an export;
the 10M benchmark's 1,095 dates: a byte per 220 rows). A column of many distinct texts, whose
dictionary the writer gave up on (ids, amounts: a byte per 1–3 rows), is read as it is."""


def _parquet_frame(path: Path) -> tuple[pd.DataFrame, dict[int, tuple[np.ndarray, pd.Index]]]:
    """The file as ``pd.read_parquet`` reads it, and the integer codes of its columns of few
    distinct texts (by position), taken from the file's own dictionary encoding.

    Such a column (:func:`_few_distinct`) is read as Parquet's dictionary and its texts taken
    from it by Arrow: its codes come with it, where encoding the texts again costs every step
    that groups or cleans by them a hash of every cell (10M lines: ~0.2 s a column alone, up to
    0.9 s beside the order ids). The codes are kept only when they number the texts in order of
    first appearance, every one used (as Arrow's own encoding does: see
    :func:`tiercli.codes.value_codes`). The other columns are read by pandas as they are.
    """
    import pyarrow.parquet as pq

    file = pq.ParquetFile(path)
    try:
        few = _few_distinct(file)
        names = file.schema_arrow.names
        stored = (file.schema_arrow.pandas_metadata or {}).get("index_columns", [])
    finally:
        file.close()
    # pre_buffer=False: Arrow's coalesced reads (for high-latency stores) held each column
    # chunk's compressed bytes beside the decoded ones (10M lines: the read's peak ~2,110 →
    # 1,960–2,020 MiB, and no slower from a local disk)
    if not few or len(set(names)) < len(names):
        return pd.read_parquet(path, pre_buffer=False), {}
    rest = [name for name in names if name not in few and name not in stored]
    read, table = both(  # the two reads at once, each on Arrow's threads
        lambda: (
            pd.read_parquet(path, columns=rest, pre_buffer=False).reset_index(drop=True)
            if rest
            else None
        ),
        lambda: pq.read_table(path, columns=few, read_dictionary=few, pre_buffer=False),
    )
    index = read.index if read is not None else pd.RangeIndex(table.num_rows)

    def decoded(name: str) -> tuple[pa.Array, pa.Array, np.ndarray | None]:
        """(the texts, the distinct texts, their codes or None when they are not in order of
        first appearance) of a column read as its dictionary."""
        column = table[name].unify_dictionaries().combine_chunks()
        dictionary = column.dictionary.cast(pa.large_string())
        indices = column.indices if column.null_count == 0 else column.indices.fill_null(-1)
        codes = indices.to_numpy(zero_copy_only=False).astype(np.int32, copy=False)
        given = codes if column.null_count == 0 else codes[codes >= 0]  # (missing: -1)
        in_order = in_order_of_appearance(given, len(dictionary))
        return dictionary.take(column.indices), dictionary, codes if in_order else None

    parts = dict(zip(few, arrow_map(decoded, few), strict=True))
    columns: dict[str, Any] = {}
    encoded: dict[int, tuple[np.ndarray, pd.Index]] = {}
    for name in [name for name in names if name not in stored]:
        if name not in parts:
            columns[name] = read[name] if read is not None else None
            continue
        texts, dictionary, codes = parts.pop(name)
        columns[name] = pd.Series(pd.array(texts, dtype=_TEXT), index=index, copy=False)
        if codes is not None:
            encoded[len(columns) - 1] = (codes, pd.Index(pd.array(dictionary, dtype=_TEXT)))
    return pd.DataFrame(columns, index=index, copy=False), encoded


_TEXT: Final = pd.StringDtype("pyarrow", na_value=np.nan)  # what pandas reads Parquet text as


def _few_distinct(file: Any) -> list[str]:
    """The text columns of a Parquet file written with a dictionary page in every row group,
    small for the rows (:data:`_ROWS_PER_DICTIONARY_BYTE`; read from the footer: nothing is
    decoded)."""
    meta = file.metadata
    if meta.num_row_groups == 0 or meta.num_rows == 0:
        return []
    few = []
    for i, field_ in enumerate(file.schema_arrow):
        if not (pa.types.is_string(field_.type) or pa.types.is_large_string(field_.type)):
            continue
        if file.schema.column(i).path != field_.name:  # (not a flat column: left to pandas)
            continue
        dictionary = 0
        for g in range(meta.num_row_groups):
            chunk = meta.row_group(g).column(i)
            if not chunk.has_dictionary_page or chunk.dictionary_page_offset is None:
                break
            dictionary += chunk.data_page_offset - chunk.dictionary_page_offset
        else:
            if dictionary * _ROWS_PER_DICTIONARY_BYTE <= meta.num_rows:
                few.append(field_.name)
    return few


def _filled(value: object) -> bool:
    return value is not None and str(value).strip() != ""


def _from_grid(
    grid: pd.DataFrame,
    file: str,
    sheet: str | None,
    header_row: int | None,
    errors: list[tuple[str, str]] | None = None,
    text: bool = False,
) -> RawSheet:
    """Find the header row in a raw grid (or the two rows of a grouped header:
    :func:`_grouped_header`) and return the data under it. *errors*: the grid's error cells
    (their A1 reference, the error), kept on the sheet by header and row. *text*: the grid of
    a text file, whose cells past the header are a row's own (see :func:`_grid_sheet`)."""
    return _grid_sheet(grid, file, sheet, header_row, errors, text=text)[0]


def _grid_sheet(
    grid: pd.DataFrame,
    file: str,
    sheet: str | None,
    header_row: int | None,
    errors: list[tuple[str, str]] | None = None,
    merged: list[tuple[tuple[int, int], tuple[int, int]]] | None = None,
    text: bool = False,
) -> tuple[RawSheet, dict[str, int]]:
    """:func:`_from_grid`'s sheet, and the grid column (0-based) of each of its headers.
    *merged*: a workbook's merged blocks (grid cells), those of the data cells filled down
    once the header is found (:func:`fill_merged`), with a warning.

    Cells right of the header's last named column: in a text file (*text*) a separator inside
    an unquoted value pushed them there, so they mark their row as malformed (rejected, never
    dropped); in a workbook, where cells never shift, they are something beside the table (a
    summary, a note) — left out, with a warning that says where, and a row whose only cells
    are there is no row of the table."""
    label = f"{file} [{sheet}]" if sheet else file
    grid = grid.reset_index(drop=True)
    grid.columns = range(grid.shape[1])
    if grid.shape[1] > MAX_COLUMNS:
        raise _too_wide(label, grid.shape[1])
    if header_row is not None:
        if header_row > len(grid):
            raise InputError(
                msg("readers.header_row_past", where=label, row=header_row, last=str(len(grid)))
            )
        at = header_row - 1
    else:
        at = find_header_row(grid)
    cells = grid.iloc[at].tolist()
    headers = [str(v).strip() if _filled(v) else "" for v in cells]
    first = at  # the header's first row: the one above when it is two rows (a grouped header)
    grouped = _grouped_header(grid, at, cells, headers)
    if grouped is not None:
        first, headers = grouped
        at = first + 1
    short = f"{Path(file).name} [{sheet}]" if sheet else Path(file).name
    warnings = _duplicate_headers(headers, short, first + 1)
    headers = _unique_headers(headers)
    last_named = max((j for j, h in enumerate(headers) if h), default=-1)
    named = [j for j, h in enumerate(headers) if h]
    filled = fill_merged(grid, merged or [], below=at, columns=named)
    if filled:
        warnings.append(msg("io.merged_filled", where=short, n=filled))
    data = grid.iloc[at + 1 :]
    # Drop rows that are entirely blank: they are layout, not data.
    surplus = _any_filled(data.iloc[:, last_named + 1 :])
    keep = _any_filled(data if text else data.iloc[:, : last_named + 1])
    if not text:
        if surplus.any():
            warnings.append(_beside(data.iloc[:, last_named + 1 :], surplus, short))
        surplus = np.zeros(len(data), dtype=bool)
    data = data.loc[keep, named]
    data.columns = [headers[j] for j in named]
    rows = pd.Series(data.index + 1, index=data.index)
    found = _error_cells(errors or [], data.index, {j: headers[j] for j in named})
    data = data.reset_index(drop=True)
    rows = rows.reset_index(drop=True)
    malformed = pd.Series(surplus[keep])
    if at > first:
        notes = [f"header on rows {first + 1}–{at + 1}"]
    else:
        notes = [f"header found on row {at + 1}"] if at else []
    table = RawSheet(
        file,
        sheet,
        data,
        rows,
        first + 1,
        None,
        notes,
        malformed if malformed.any() else None,
        warnings,
        errors=found,
        preamble=_preamble(grid.iloc[: min(first, 20)]),
    )
    return table, {headers[j]: j for j in named}


def _beside(cells: pd.DataFrame, filled: np.ndarray, where: str) -> Message:
    """The warning that a workbook's cells right of its table (*cells*: those columns of the
    data rows; *filled*: the rows with one) were not read: which columns and rows."""
    rows = cells.index[filled] + 1  # (the grid's rows, numbered as the sheet shows them)
    columns = [j for j in cells.columns if _any_filled(cells.loc[filled, [j]]).any()]
    span = [containers.column_letter(int(j)) for j in (columns[0], columns[-1])]
    return msg(
        "readers.beside_table",
        where=where,
        columns=span[0] if span[0] == span[1] else "–".join(span),
        rows=str(rows[0]) if rows[0] == rows[-1] else f"{rows[0]}–{rows[-1]}",
    )


def _preamble(rows: pd.DataFrame) -> str:
    """The filled cells of the rows above the header, a line a row (a few rows, a few cells)."""
    lines = [
        " ".join(str(v).strip() for v in row if _filled(v))
        for row in rows.itertuples(index=False, name=None)
    ]
    return "\n".join(line for line in lines if line)


def _error_cells(
    errors: list[tuple[str, str]], kept: pd.Index, headers: dict[int, str]
) -> dict[str, pd.Series]:
    """Error cells (A1 reference, error) of a grid as header → errors by data row position,
    those of the data rows *kept* (grid rows, in order) under a named column (position →
    header) only."""
    if not errors:
        return {}
    rows, columns = [], []
    for ref, _error in errors:  # (the error cells only: a column of #N/A at most)
        letters = ref.rstrip("0123456789")
        column = 0
        for letter in letters:
            column = column * 26 + ord(letter) - 64
        rows.append(int(ref[len(letters) :]) - 1)
        columns.append(column - 1)
    cells = pd.DataFrame(
        {"at": kept.get_indexer(rows), "column": columns, "error": [e for _r, e in errors]}
    )
    cells = cells[(cells["at"] >= 0) & cells["column"].isin(list(headers))]
    return {
        headers[int(column)]: pd.Series(
            group["error"].to_numpy(), index=group["at"].to_numpy(), dtype=object
        ).sort_index()
        for column, group in cells.groupby("column", sort=False)
    }


FORMULA_ERROR: Final = "formula error in the cell"


def formula_errors(
    sheet: RawSheet, header: str, at: np.ndarray, reasons: np.ndarray, cells: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The *reasons* and *cells* of the rows *at* (positions in the sheet's frame) that are set
    aside for their *header* cell, with :data:`FORMULA_ERROR` and the error (#DIV/0!, #N/A…)
    where that cell is an Excel error, which reads as blank."""
    errors = sheet.errors.get(header)
    if errors is None:
        return reasons, cells
    found = errors.reindex(sheet.frame.index[at]).to_numpy(dtype=object)
    hit = pd.notna(found)
    return np.where(hit, FORMULA_ERROR, reasons), np.where(hit, found, cells)


def _any_filled(data: pd.DataFrame) -> np.ndarray:
    """Per row, whether any cell holds something other than blanks.

    Column by column, only over the rows still blank so far: after the first filled column
    little is left to look at, so a long file costs about one column and a wide one about one
    row per column.
    """
    blank = np.arange(len(data))
    for j in range(data.shape[1]):
        if not len(blank):
            break
        column = data.iloc[:, j] if len(blank) == len(data) else data.iloc[blank, j]
        blank = blank[~_filled_text(column)]
    out = np.ones(len(data), dtype=bool)
    out[blank] = False
    return out


def _filled_text(column: pd.Series) -> np.ndarray:
    """Per cell, whether it holds something other than blanks (``str.strip`` leaves text).

    Arrow text is asked by Arrow: not missing, not empty and not whitespace alone — the
    whitespace ``str.strip`` trims from Arrow text (pinned over every code point), without
    making a stripped copy of each cell (a million cells: ~0.04 → ~0.01 s)."""
    dtype = column.dtype
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
        cells = pa.array(column.array)
        filled = pc.and_kleene(
            pc.greater(pc.utf8_length(cells), 0), pc.invert(pc.utf8_is_space(cells))
        )
        return np.asarray(filled.fill_null(False).to_numpy(zero_copy_only=False), dtype=bool)
    text = column.astype("string").str.strip()
    return (text.notna() & (text != "")).to_numpy(dtype=bool, na_value=False)


def _filled_cells(data: pd.DataFrame) -> np.ndarray:
    """2-D bool array: True where a cell holds something other than blanks."""
    if data.empty:
        return np.zeros(data.shape, dtype=bool)
    cells = pd.Series(data.to_numpy(dtype=object).ravel(order="C"), dtype=object)
    return _filled_text(cells).reshape(data.shape)


def _duplicate_headers(headers: list[str], label: str, row: int) -> list[Message]:
    """Warnings for known column names that head more than one column."""
    seen: dict[str, list[int]] = {}
    for j, h in enumerate(headers):
        if h and header_key(h) in _ALL_KEYS:
            seen.setdefault(h, []).append(j)
    return [
        msg(
            "io.duplicate_header",
            where=label,
            n=len(cols),
            header=h,
            columns=[containers.column_letter(j) for j in cols],
            row=row,
            first=containers.column_letter(cols[0]),
        )
        for h, cols in seen.items()
        if len(cols) > 1
    ]


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
    top = grid.iloc[:HEADER_SCAN_ROWS]
    if top.empty:
        return 0
    cells = pd.Series(top.to_numpy(dtype=object).ravel(order="C"), dtype=object)
    text = cells.where(cells.map(type).eq(str), None).astype("string")
    # Numbers and long texts are never column names: only the rest is folded and looked up.
    word = text.str.len().le(60) & ~text.str.fullmatch(r"[0-9.,:/\s+-]*")
    candidates = text[word.fillna(False).astype(bool)].unique()
    keys = {v: header_key(v) in _ALL_KEYS for v in candidates}
    known = text.map(keys).fillna(False).to_numpy(dtype=bool).reshape(top.shape)
    scores = known.sum(axis=1)
    best = int(np.argmax(scores))
    if scores[best] >= 2:
        return _past_filters(top, known, scores, best)
    filled = _filled_cells(top).sum(axis=1)
    enough = np.flatnonzero(filled >= 2)
    return int(enough[0]) if len(enough) else 0


def _past_filters(top: pd.DataFrame, known: np.ndarray, scores: np.ndarray, best: int) -> int:
    """*best*, or the next row of text with as many known names when *best* reads as a report's
    filter row (客户：| 全部 | 日期：| 2024-01-01 至 2024-12-31): each of its known names is a
    label, ending in a colon or followed by its value (a filled cell that names no column)."""
    later = np.flatnonzero(scores[best + 1 :] == scores[best]) + best + 1
    if not len(later):
        return best
    values = top.iloc[best].tolist()
    for k in np.flatnonzero(known[best]):
        labelled = str(values[k]).strip().endswith((":", "："))
        valued = k + 1 < len(values) and _filled(values[k + 1]) and not known[best, k + 1]
        if not (labelled or valued):
            return best
    return next((int(r) for r in later if _text_row(top.iloc[r].tolist()) is not None), best)


# A cell that is a number or a date as text (100, ￥1,234.50, 2024-03-01, 2024年3月1日 10:00)
_NUMBER_OR_DATE: Final = re.compile(r"\W*\d[\d\s.,:/+\-()%年月日号时分秒T]*\W*")


def _text_row(values: list[object]) -> list[str] | None:
    """The stripped text of a row's cells ("" for a blank one), or None when a filled cell is
    not text: a number or a date (as a data row has)."""
    out = []
    for value in values:
        if value is None or (isinstance(value, float) and np.isnan(value)):
            out.append("")
            continue
        if not isinstance(value, str) or _NUMBER_OR_DATE.fullmatch(value.strip()):
            return None
        out.append(value.strip())
    return out


def _grouped_header(
    grid: pd.DataFrame, at: int, cells: list[object], headers: list[str]
) -> tuple[int, list[str]] | None:
    """The first row and the column names of a two-row header that row *at* (the header
    found, or the configured one) is part of, or None when it is a header on its own.

    ERP reports group columns under a merged cell (客户 over 编号 | 名称; 订单号, 日期 and 金额
    merged down the two rows): the group and each name under it make one name. The row below
    *at* and the row above are each tried; two rows are one header only when both are text
    (no number, no date), each group heads two columns or more, and together they name more
    known columns than row *at* alone. A header with no blank cell and no repeated name
    holds no group, so a plain file's first data row is not even looked at.
    """
    own = _text_row(cells)
    if own is None:
        return None
    tried: list[tuple[int, list[str] | None, list[str] | None]] = []
    if at + 1 < len(grid) and _may_group(headers):
        tried.append((at, own, _text_row(grid.iloc[at + 1].tolist())))
    if at:
        tried.append((at - 1, _text_row(grid.iloc[at - 1].tolist()), own))
    most = _known_names(headers)
    found = None
    for first, upper, lower in tried:
        if upper is None or lower is None or not _may_group(upper):
            continue
        names = _joined_names(upper, lower)
        if names is not None and _known_names(names) > most:
            most, found = _known_names(names), (first, names)
    return found


def _may_group(row: list[str]) -> bool:
    """Whether a row can hold a group: a name followed by a blank cell or by itself again
    (a merged cell across columns, as calamine or an HTML table gives it)."""
    return any(left and right in ("", left) for left, right in itertools.pairwise(row))


def _joined_names(upper: list[str], lower: list[str]) -> list[str] | None:
    """The column names of two header rows, or None when *upper* is no row of groups.

    A cell of *upper* over a different cell of *lower* starts a group; a blank cell after it
    (or the same text again) over a filled cell carries it on. A name in *upper* over a blank
    cell (or over itself, a merged cell filled down) is the column's name alone; so is a name
    in *lower* under no group.
    """
    names: list[str] = []
    spans: list[int] = []  # the columns each group heads
    group = ""
    for top, sub in zip(upper, lower, strict=True):
        if sub and top and top not in (sub, group):
            group = top
            spans.append(0)
        elif not (sub and group and top in ("", group)):
            group = ""
            names.append(top or sub)
            continue
        spans[-1] += 1
        names.append(_group_name(group, sub))
    return names if spans and min(spans) >= 2 else None


def _group_name(group: str, sub: str) -> str:
    """A group's name joined with a name under it (客户 + 编号 = 客户编号, Customer + ID =
    Customer ID) when the aliases know it or do not know *sub* alone; else *sub*."""
    wide = {"W", "F"}
    space = "" if {east_asian_width(group[-1]), east_asian_width(sub[0])} & wide else " "
    joined = f"{group}{space}{sub}"
    if header_key(joined) in _ALL_KEYS or header_key(sub) not in _ALL_KEYS:
        return joined
    return sub


def _known_names(headers: list[str]) -> int:
    """How many different known column names a header holds."""
    return len({header_key(h) for h in headers if h} & _ALL_KEYS)
