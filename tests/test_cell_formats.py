"""The currency an xlsx states only by its cells' number format (io/cell_formats.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from tiercli.config.loader import parse_config
from tiercli.io import cell_formats
from tiercli.io.cell_formats import FormatCurrency, format_currency
from tiercli.io.normalize import Tables, normalize
from tiercli.io.readers import read_any


@pytest.mark.parametrize(
    ("code", "currency"),
    [
        ("[$€-407]#,##0.00", "EUR"),
        ("#,##0.00 [$EUR]", "EUR"),
        ("[$€-x-euro2] #,##0.00", "EUR"),
        ('#,##0.00\\ "€"', "EUR"),
        ("#,##0.00 €", "EUR"),
        ('"$"#,##0.00', "USD"),
        ("$#,##0.00", "USD"),
        ("[$USD] #,##0.00", "USD"),
        ("[$$-409]#,##0.00", "USD"),
        ('#,##0.00" US$"', "USD"),
        ('_("$"* #,##0.00_);_("$"* \\(#,##0.00\\);_("$"* "-"??_);_(@_)', "USD"),
        ('"HK$"#,##0.00', "HKD"),
        ('"A$"#,##0.00', "AUD"),
        ('"C$"#,##0.00', "CAD"),
        ('"NZ$"#,##0.00', "NZD"),
        ('"R$" #,##0.00', "BRL"),
        ('"MX$"#,##0.00', "MXN"),
        ("[$$-C09]#,##0.00", "AUD"),
        ("[$$-1009]#,##0.00", "CAD"),
        ("[$£-809]#,##0.00", "GBP"),
        ("[$RMB]#,##0.00", "CNY"),
        ("[$CNY] #,##0.00", "CNY"),
        ('#,##0.00"元"', "CNY"),
        ("[$¥-804]#,##0.00", "CNY"),
        ("[$¥-411]#,##0", "JPY"),
        ("[$-411]¥#,##0", "JPY"),
        ("¥#,##0.00;¥-#,##0.00", "CNY"),  # a plain yen sign: CNY, as in a cell
        ("￥#,##0.00", "CNY"),
        ("[$kr-41D]#,##0", "SEK"),
        # names none
        ("[$-804]#,##0.00", None),  # a locale alone shows no currency
        ('"kr"#,##0', None),  # DKK, SEK, NOK or ISK: no locale to tell
        ("[$$-1809]#,##0", None),  # a dollar sign under a locale that has no dollar
        ('"$"#,##0;"€"-#,##0', None),  # two currencies
        ("0.00%", None),
        ("#,##0.00", None),
        ("[Red]-#,##0.00", None),
        ("yyyy-mm-dd", None),
        ('yyyy"年"m"月"d"日"', None),
        ("[$-F800]dddd, mmmm dd, yyyy", None),
        ("@", None),
        ("General", None),
    ],
)
def test_a_format_code_names_its_currency(code: str, currency: str | None) -> None:
    assert format_currency(code) == currency


def _book(
    path: Path,
    rows: list[list[Any]],
    formats: dict[str, str | list[str | None]],
    above: list[list[Any]] | None = None,
) -> Path:
    """An xlsx of *rows* (header first) under the rows *above*; *formats*: header → the number
    format of each of its data cells (one for all, or one a row; None: none)."""
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    for row in [*(above or []), *rows]:
        ws.append(row)
    top = len(above or []) + 1  # the header's row
    for header, fmt in formats.items():
        column = rows[0].index(header) + 1
        each = fmt if isinstance(fmt, list) else [fmt] * (len(rows) - 1)
        for i, code in enumerate(each):
            if code is not None:
                ws.cell(top + 1 + i, column).number_format = code
    book.save(path)
    return path


HEADER = ["Order", "Customer", "Date", "Amount", "Margin"]


def _rows(n: int) -> list[list[Any]]:
    return [HEADER] + [
        [f"SO-{i}", f"C{i % 3}", dt.date(2024, 3, 1 + i % 28), 100.0 + i, 0.25] for i in range(n)
    ]


def test_the_currency_of_an_amount_column_is_read_from_its_cells_format(tmp_path: Path) -> None:
    """[$€-407]#,##0.00 on the amounts: EUR; the margin's percent and the date's format name
    none."""
    path = _book(
        tmp_path / "orders.xlsx",
        _rows(3),
        {"Amount": "[$€-407]#,##0.00", "Margin": "0.00%", "Date": "yyyy-mm-dd"},
        above=[["Sales report"], []],
    )
    (sheet,) = read_any(path)
    assert sheet.header_row == 3
    assert sheet.frame["Amount"].tolist() == [100.0, 101.0, 102.0]
    assert sheet.cell_currency == {"Amount": FormatCurrency("EUR", ("[$€-407]#,##0.00",))}


@pytest.mark.parametrize("scan", [True, False], ids=["tags", "iterparse"])
def test_a_column_whose_rows_disagree_gets_a_currency_per_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scan: bool
) -> None:
    """EUR and USD rows in one column (and a row of no currency format): each row's own —
    read by the cells' tags, or (cells with no reference: none found so) by iterparse."""
    if not scan:
        monkeypatch.setattr(cell_formats, "_scanned", lambda *a: (np.zeros(0, np.int64),) * 3)
    each: list[str | None] = ["[$€-407]#,##0.00", '"$"#,##0.00', None, "[$€-407]#,##0.00"]
    path = _book(tmp_path / "orders.xlsx", _rows(4), {"Amount": each})
    (sheet,) = read_any(path)
    found = sheet.cell_currency["Amount"]
    assert isinstance(found.currency, pd.Series)
    pd.testing.assert_series_equal(
        found.currency, pd.Series(["EUR", "USD", pd.NA, "EUR"], dtype="string")
    )
    assert found.formats == ('"$"#,##0.00', "[$€-407]#,##0.00")


def test_a_grouped_header_and_blank_rows_keep_each_row_its_format(tmp_path: Path) -> None:
    """Rows are matched by their number in the sheet: a two-row header above, a blank row
    between (left out of the frame) — each data row keeps its own cell's format."""
    import openpyxl

    path = tmp_path / "report.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["订单号", "日期", "客户", None, "金额"])
    ws.append([None, None, "编号", "名称", None])
    ws.append(["SO-1", dt.date(2024, 3, 1), "C001", "ACME", 100])
    ws.append([])
    ws.append(["SO-2", dt.date(2024, 3, 2), "C002", "Beta", 200])
    for cells in ("A1:A2", "B1:B2", "C1:D1", "E1:E2"):
        ws.merge_cells(cells)
    ws["E3"].number_format = "[$¥-411]#,##0"
    ws["E5"].number_format = "[$¥-804]#,##0.00"
    book.save(path)
    (sheet,) = read_any(path)
    assert sheet.rows.tolist() == [3, 5]
    found = sheet.cell_currency["金额"].currency
    assert isinstance(found, pd.Series)
    assert found.tolist() == ["JPY", "CNY"]


def test_only_the_first_rows_are_read_when_they_agree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long sheet: the cells of the first SAMPLE_ROWS data rows are streamed, no further;
    the column's currency is theirs."""
    path = _book(tmp_path / "orders.xlsx", _rows(500), {"Amount": "#,##0.00 [$EUR]"})
    read: list[int] = []
    cells = cell_formats._cells

    def counted(*args: Any) -> Iterator[tuple[int, int, int]]:
        for cell in cells(*args):
            read.append(cell[0])
            yield cell

    monkeypatch.setattr(cell_formats, "_cells", counted)
    (sheet,) = read_any(path)
    assert sheet.cell_currency["Amount"].currency == "EUR"
    assert max(read) == 1 + cell_formats.SAMPLE_ROWS  # (the header on row 1)


def test_a_workbook_whose_styles_name_no_currency_is_not_streamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No cell style names a currency (the usual workbook): styles.xml alone is read."""
    path = _book(tmp_path / "orders.xlsx", _rows(5), {"Amount": "#,##0.00", "Margin": "0%"})

    def unread(*args: Any) -> Iterator[tuple[int, int, int]]:
        raise AssertionError("the sheet was streamed")

    monkeypatch.setattr(cell_formats, "_cells", unread)
    (sheet,) = read_any(path)
    assert sheet.cell_currency == {}


def test_a_csv_has_no_cell_formats(tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    path.write_text("Order,Customer,Date,Amount\nSO-1,C1,2024-03-01,100\n", encoding="utf-8")
    (sheet,) = read_any(path)
    assert sheet.cell_currency == {}


# --------------------------------------------------------------------------------------------
# normalize: the cells' currency among the others
# --------------------------------------------------------------------------------------------

ZH = ["订单号", "客户编号", "下单日期", "金额"]
RATES = {"source": "fixed", "rates": {"EUR": 1.1, "CNY": 0.14, "JPY": 0.007}}


def _orders(
    tmp_path: Path,
    header: list[str],
    lines: list[list[Any]],
    formats: dict[str, str | list[str | None]],
    above: list[list[Any]] | None = None,
    **config: Any,
) -> Tables:
    rows = [header, *lines]
    path = _book(tmp_path / "orders.xlsx", rows, formats, above)
    cfg = parse_config({"currency": {**RATES, **config}}, "t")
    return normalize({"orders": read_any(path)}, cfg)


def _line(i: int, amount: float, *more: Any) -> list[Any]:
    return [f"S{i}", f"C{i}", dt.date(2024, 3, i), amount, *more]


def _said(tables: Tables) -> list[tuple[str, dict[str, Any]]]:
    codes = {"io.format_currency", "io.header_currency", "io.preamble_currency"}
    return [(w.code, dict(w.params)) for w in tables.warnings if w.code in codes]


def test_amounts_in_a_currency_format_are_converted_from_it(tmp_path: Path) -> None:
    """金额 in [$€-407]#,##0.00, no currency column: 100 and 250.50 EUR at 1.1 are 110 and
    275.55 USD (they were taken as 100 and 250.50 USD), with a warning."""
    tables = _orders(tmp_path, ZH, [_line(1, 100), _line(2, 250.5)], {"金额": "[$€-407]#,##0.00"})
    lines = tables.lines
    assert lines["currency"].tolist() == ["EUR", "EUR"]
    assert lines["amount_original"].tolist() == [100.0, 250.5]
    assert lines["amount"].tolist() == pytest.approx([110.0, 275.55])
    assert tables.rejects.empty
    assert tables.reconciliation[["rows_read", "used"]].values.tolist() == [[2, 2]]
    assert _said(tables) == [
        (
            "io.format_currency",
            {
                "where": "orders.xlsx [Sheet]",
                "header": "金额",
                "formats": ["[$€-407]#,##0.00"],
                "codes": ["EUR"],
            },
        )
    ]
    text = [w.render("zh") for w in tables.warnings if w.code == "io.format_currency"]
    assert text == [
        "orders.xlsx [Sheet]：没有币种列，金额列“金额”的单元格格式（[$€-407]#,##0.00）显示币种 EUR："
        "金额按单元格所示币种读取"
    ]


@pytest.mark.parametrize(
    ("fmt", "currency", "amount"),
    [
        ("#,##0.00 [$EUR]", "EUR", 1100.0),
        ('"$"#,##0.00', "USD", 1000.0),
        ("[$¥-411]#,##0", "JPY", 7.0),
        ("¥#,##0.00;¥-#,##0.00", "CNY", 140.0),  # a plain yen sign: CNY, as in a cell
        ("[$RMB]#,##0.00", "CNY", 140.0),
        ("0.00%", "USD", 1000.0),  # names no currency: the base
    ],
)
def test_each_format_family_gives_its_currency(
    tmp_path: Path, fmt: str, currency: str, amount: float
) -> None:
    tables = _orders(tmp_path, ZH, [_line(1, 1000)], {"金额": fmt})
    assert tables.lines["currency"].tolist() == [currency]
    assert tables.lines["amount"].tolist() == pytest.approx([amount])


def test_a_currency_column_wins_over_the_format(tmp_path: Path) -> None:
    """A currency column beside the amounts: its value, not the cells' € (no format warning;
    a blank currency cell is the base currency, as before)."""
    header = [*ZH, "币种"]
    tables = _orders(
        tmp_path,
        header,
        [_line(1, 100, "USD"), _line(2, 200, "CNY"), _line(3, 300, None)],
        {"金额": "[$€-407]#,##0.00"},
    )
    assert tables.lines["currency"].tolist() == ["USD", "CNY", "USD"]
    assert tables.lines["amount"].tolist() == pytest.approx([100.0, 28.0, 300.0])
    assert _said(tables) == []


def test_the_headers_currency_wins_over_the_format(tmp_path: Path) -> None:
    """金额(USD) over cells in €: the header's own currency."""
    header = ["订单号", "客户编号", "下单日期", "金额(USD)"]
    tables = _orders(tmp_path, header, [_line(1, 100)], {"金额(USD)": "[$€-407]#,##0.00"})
    assert tables.lines["currency"].tolist() == ["USD"]
    assert tables.lines["amount"].tolist() == [100.0]
    assert [code for code, _p in _said(tables)] == ["io.header_currency"]


def test_the_format_wins_over_the_title_rows_and_a_row_without_one_gets_theirs(
    tmp_path: Path,
) -> None:
    """币别：人民币 above the header: the cells in € or $ are their own; a cell of no currency
    format (General) takes the title rows' CNY. Both warnings."""
    each: list[str | None] = ["[$€-407]#,##0.00", '"$"#,##0.00', None]
    tables = _orders(
        tmp_path,
        ZH,
        [_line(1, 100), _line(2, 200), _line(3, 300)],
        {"金额": each},
        above=[["销售明细表"], ["币别：人民币"]],
    )
    assert tables.lines["currency"].tolist() == ["EUR", "USD", "CNY"]
    assert tables.lines["amount"].tolist() == pytest.approx([110.0, 200.0, 42.0])
    said = _said(tables)
    assert [code for code, _p in said] == ["io.format_currency", "io.preamble_currency"]
    assert said[0][1]["codes"] == ["EUR", "USD"]


def test_a_whole_column_in_a_format_leaves_the_title_rows_unsaid(tmp_path: Path) -> None:
    tables = _orders(
        tmp_path, ZH, [_line(1, 100)], {"金额": "[$€-407]#,##0.00"}, above=[["币别：人民币"]]
    )
    assert tables.lines["currency"].tolist() == ["EUR"]
    assert [code for code, _p in _said(tables)] == ["io.format_currency"]


def test_the_format_wins_over_the_configured_default(tmp_path: Path) -> None:
    """currency.default is for amounts that show none; a cell shown as €100 shows one."""
    tables = _orders(tmp_path, ZH, [_line(1, 100)], {"金额": "[$€-407]#,##0.00"}, default="CNY")
    assert tables.lines["currency"].tolist() == ["EUR"]
    assert tables.lines["amount"].tolist() == pytest.approx([110.0])


def test_an_amount_from_quantity_and_unit_price_takes_the_prices_format(tmp_path: Path) -> None:
    header = ["订单号", "客户编号", "下单日期", "数量", "单价"]
    rows = [["S1", "C1", dt.date(2024, 3, 1), 3, 10.0]]
    tables = _orders(tmp_path, header, rows, {"单价": "#,##0.00 €"})
    assert tables.lines["currency"].tolist() == ["EUR"]
    assert tables.lines["amount"].tolist() == pytest.approx([33.0])
