"""The block writer of big sheets (tiercli.report.sheet_rows) against xlsxwriter's own
``write_row``: the same sheet XML for text (every escape), the same values and formats for
numbers, dates and flags, and a plain refusal (nothing written) wherever it cannot match."""

from __future__ import annotations

import datetime as dt
import re
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from tiercli.report import sheet_rows
from tiercli.report.workbook import _rows

OPTIONS = {  # as the report's workbook: text is written as text
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}


def _write(
    path: Path, frame: pd.DataFrame, fast: bool, prepare: Callable[..., None] | None = None
) -> bool:
    """A one-sheet workbook as the report writes a big table: header, column formats, rows."""
    book = xlsxwriter.Workbook(str(path), OPTIONS)
    ws = book.add_worksheet("T")
    money = book.add_format({"num_format": "#,##0.00"})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    ws.set_row(0, 30)
    for j, name in enumerate(frame.columns):
        ws.write_string(0, j, str(name))
        kind = frame[name].dtype.kind
        ws.set_column(j, j, 12, money if kind == "f" else day if kind == "M" else None)
    if prepare is not None:
        prepare(ws)
    done = fast and sheet_rows.write_rows(ws, frame, 1)
    if not done:
        for i, row in enumerate(_rows(frame), start=1):
            ws.write_row(i, 0, row)
    ws.write_string(len(frame) + 2, 0, "end")  # the sheet goes on after the table
    book.close()
    return done


def _sheet_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as book:
        return book.read("xl/worksheets/sheet1.xml").decode("utf-8")


def _cells(path: Path) -> list[list[tuple[object, str, str]]]:
    sheet = openpyxl.load_workbook(path)["T"]
    return [[(c.value, c.data_type, c.number_format) for c in row] for row in sheet.iter_rows()]


def _calamine(path: Path) -> list[list[object]]:
    from python_calamine import CalamineWorkbook

    rows: list[list[object]] = (
        CalamineWorkbook.from_path(str(path)).get_sheet_by_name("T").to_python()
    )
    return rows


def _both(tmp_path: Path, frame: pd.DataFrame) -> tuple[Path, Path]:
    fast, slow = tmp_path / "fast.xlsx", tmp_path / "slow.xlsx"
    assert _write(fast, frame, fast=True)
    assert not _write(slow, frame, fast=False)
    return fast, slow


NASTY = [
    "plain",
    " leading",
    "trailing ",
    "\tTab",
    "line\nend",
    "line end\n",
    "nbsp\u00a0",
    "\u3000全角空格",
    "ideographic\u2003",
    "a & b < c > d",
    '"quoted"',
    "ctrl\x01\x02\x1f",
    "\x1cleading control",
    "cr\r\n",
    "_x0041_ literal",
    "_X00a1_ and _x12G4_",
    "non-char \ufffe\uffff",
    "广州贸易有限公司",
    "emoji 🚢",
    "=SUM(A1)",
    "",
    None,
]


def test_text_is_written_byte_for_byte_as_xlsxwriter_writes_it(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "arrow": pd.Series(NASTY, dtype=pd.StringDtype("pyarrow")),
            "python": pd.Series(NASTY, dtype=pd.StringDtype("python")),
            "object": pd.Series(NASTY, dtype=object),
            "str": pd.Series(NASTY, dtype="str"),
        }
    )
    fast, slow = _both(tmp_path, frame)
    assert _sheet_xml(fast) == _sheet_xml(slow)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=12)), min_size=1, max_size=12))
def test_any_text_is_written_as_xlsxwriter_writes_it(tmp_path_factory, texts) -> None:  # type: ignore[no-untyped-def]
    tmp_path = tmp_path_factory.mktemp("text")
    frame = pd.DataFrame({"a": pd.Series(texts, dtype=pd.StringDtype("pyarrow")), "b": 1})
    fast, slow = _both(tmp_path, frame)
    assert _sheet_xml(fast) == _sheet_xml(slow)


def test_numbers_dates_and_flags_read_back_as_written(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "float": [1.5, np.nan, 0.1 + 0.2, -0.0, 1e-7, 123456789.125, 1e20],
            "int": np.array([1, -2, 3, 0, 10**15, 7, 8], dtype="int64"),
            "nullable": pd.array([1, None, 3, 4, None, 6, 7], dtype="Int64"),
            "date": pd.to_datetime(
                [
                    "2026-03-05",
                    None,
                    "1900-03-01",
                    "2026-11-30 18:30:15.25",
                    "1999-12-31",
                    "2026-01-01",
                    "2026-01-02",
                ],
                format="ISO8601",
            ),
            "flag": [True, False, True, True, False, False, True],
            "maybe": pd.array([True, None, False, True, None, False, True], dtype="boolean"),
        }
    )
    fast, slow = _both(tmp_path, frame)
    ours, theirs = _cells(fast), _cells(slow)
    assert len(ours) == len(theirs)
    for mine, other in zip(ours, theirs, strict=True):
        for (value, kind, shown), (expected, their_kind, their_shown) in zip(
            mine, other, strict=True
        ):
            assert (kind, shown) == (their_kind, their_shown)
            if isinstance(value, float):  # xlsxwriter writes 16 digits; ours read back exactly
                assert value == pytest.approx(expected, rel=1e-15)
            else:
                assert value == expected
    floats = [row[0][0] for row in ours[1:8]]
    assert floats[2] == 0.1 + 0.2 and floats[5] == 123456789.125 and floats[1] is None
    assert ours[4][3][0] == dt.datetime(2026, 11, 30, 18, 30, 15, 250000)


@pytest.mark.parametrize(
    ("frame", "why"),
    [
        (pd.DataFrame({"x": [1.0, np.inf]}), "infinite: xlsxwriter's error is kept"),
        (pd.DataFrame({"x": pd.to_datetime(["1900-02-28"])}), "Excel's 1900 leap day"),
        (pd.DataFrame({"x": pd.to_datetime(["2026-01-01"]).tz_localize("UTC")}), "time zone"),
        (pd.DataFrame({"x": ["a" * 32_768]}), "over Excel's text limit: xlsxwriter cuts it"),
        (pd.DataFrame({"x": pd.Series(["a", 1], dtype=object)}), "mixed values"),
        (pd.DataFrame({"x": [dt.date(2026, 1, 1)]}), "date objects"),
    ],
)
def test_what_it_cannot_match_is_left_to_xlsxwriter(
    tmp_path: Path, frame: pd.DataFrame, why: str
) -> None:
    book = xlsxwriter.Workbook(str(tmp_path / "t.xlsx"), OPTIONS)
    ws = book.add_worksheet()
    ws.write_string(0, 0, "x")
    assert not sheet_rows.write_rows(ws, frame, 1), why
    assert ws.previous_row == 0 and not ws.table.get(1)  # nothing written
    book.close()


def test_a_sheet_it_cannot_write_into_is_refused(tmp_path: Path) -> None:
    frame = pd.DataFrame({"x": [1, 2, 3]})
    for options in ({**OPTIONS, "constant_memory": False}, {"constant_memory": True}):
        book = xlsxwriter.Workbook(str(tmp_path / "a.xlsx"), options)  # cells, or formulas
        assert not sheet_rows.write_rows(book.add_worksheet(), frame, 1)
        book.close()
    # a data row with its own height, a row already written, a comment among the rows
    for prepare in (
        lambda ws: ws.set_row(2, 40),
        lambda ws: ws.write_string(2, 0, "x"),
        lambda ws: ws.write_comment(3, 0, "note"),
    ):
        assert not _write(tmp_path / "b.xlsx", frame, fast=True, prepare=prepare)
    assert _write(tmp_path / "c.xlsx", frame, fast=True)


def test_many_rows_are_written_in_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sheet_rows, "CHUNK", 7)
    frame = pd.DataFrame({"n": np.arange(50), "t": [f"t{i} & <{i}>" for i in range(50)]})
    fast, slow = _both(tmp_path, frame)
    assert _sheet_xml(fast).replace(' spans="1:2"', "") == _sheet_xml(slow).replace(
        ' spans="1:2"', ""
    )


def test_the_space_class_is_pythons() -> None:
    """Python's ``\\s`` (xlsxwriter's test for ``xml:space="preserve"``), spelled out for
    Arrow's regex engine, over every code point."""
    spaces = "".join(c for c in map(chr, range(sys.maxunicode + 1)) if re.match(r"\s", c))
    import pyarrow as pa
    import pyarrow.compute as pc

    every = pa.array([chr(c) for c in range(0xD800)] + [chr(c) for c in range(0xE000, 0x10000)])
    matched = pc.match_substring_regex(every, sheet_rows._SPACE).to_numpy(zero_copy_only=False)
    assert "".join(np.asarray(every.to_pylist(), dtype=object)[matched]) == spaces


def test_repeated_text_goes_to_the_shared_strings_and_reads_back_the_same(
    tmp_path: Path,
) -> None:
    """A long column of a few texts is written as indices into the shared strings (xlsxwriter
    escapes them there); what a reader sees is what the cell-by-cell path gives."""
    few = [" leading", "ctrl\x01", "a & <b>", "_x0041_", "广州", "plain", "", None]
    rows = sheet_rows.SHARED_MIN * 2
    frame = pd.DataFrame(
        {
            "few": pd.Series([few[i % len(few)] for i in range(rows)], dtype="str"),
            "rich": pd.Series(["<r>x</r>", "y"] * (rows // 2), dtype="str"),  # stays inline
            "many": pd.Series([f"id {i}" for i in range(rows)], dtype="str"),  # stays inline
            "n": np.arange(rows),
        }
    )
    fast, slow = _both(tmp_path, frame)
    # read as a spreadsheet reads them (calamine: openpyxl leaves _x005F_ in inline text)
    ours, theirs = _calamine(fast), _calamine(slow)
    # xlsxwriter passes text shaped like its rich-text mark (<r>…</r>) into the XML as it is
    # (a reader finds no text there); written here it is escaped and reads back as written
    assert [row[1] for row in ours[1 : rows + 1]] == frame["rich"].tolist()
    assert [row[:1] + row[2:] for row in ours] == [row[:1] + row[2:] for row in theirs]
    assert [row[0] for row in ours[1 : rows + 1]] == frame["few"].fillna("").tolist()
    xml = _sheet_xml(fast)
    assert 'r="A2" t="s"' in xml and 'r="B2" t="inlineStr"' in xml and 'r="C2" t="inlineStr"' in xml
    with zipfile.ZipFile(fast) as book:
        strings = book.read("xl/sharedStrings.xml").decode("utf-8")
    used = int(frame["few"].fillna("").ne("").sum())
    assert f'count="{used}" uniqueCount="6"' in strings  # every cell is a use


def test_a_table_left_to_xlsxwriter_leaves_no_shared_strings(tmp_path: Path) -> None:
    rows = sheet_rows.SHARED_MIN
    frame = pd.DataFrame({"few": ["a", "b"] * (rows // 2), "x": [1.0] * (rows - 1) + [np.inf]})
    book = xlsxwriter.Workbook(str(tmp_path / "t.xlsx"), OPTIONS)
    ws = book.add_worksheet()
    ws.write_string(0, 0, "x")
    assert not sheet_rows.write_rows(ws, frame, 1)  # the infinite number: cell by cell
    assert (ws.str_table.count, ws.str_table.unique_count, ws.str_table.string_table) == (0, 0, {})
    book.close()


def _pandas_width(col: pd.Series, header: str) -> int:
    """The column width as the workbook computed it with pandas string methods (the reference
    for the plain-Python one)."""
    wide = r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]"
    sample = col.head(500)
    if pd.api.types.is_float_dtype(sample):
        sample = sample.map("{:,.2f}".format, na_action="ignore")
    text = sample.astype("string").fillna("")
    longest = int((text.str.len() + text.str.count(wide)).max() or 0) if len(text) else 0
    return max(8, min(40, max(longest, len(header) + len(re.findall(wide, header))) + 2))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.one_of(st.none(), st.text(alphabet="ab 1,.广州貿易ｱＡ한🚢-", max_size=45)), max_size=20
    ),
    st.lists(st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True)), max_size=20),
    st.text(alphabet="ab 广州", max_size=12),
)
def test_column_widths_are_those_of_the_pandas_reference(
    texts: list[str | None], numbers: list[float | None], header: str
) -> None:
    from tiercli.report.workbook import _width

    for col in (
        pd.Series(texts, dtype="str"),
        pd.Series(numbers, dtype="float64"),
        pd.Series(pd.to_datetime(["2026-03-05", None, "2026-03-05 13:30"], format="ISO8601")),
        pd.Series([1, None, 123456], dtype="Int64"),
    ):
        assert _width(col, header) == _pandas_width(col, header)
