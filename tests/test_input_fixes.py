"""Silent wrong results of issue 10, each pinned with hand-checked numbers: dates are days, a
blank order id is an order of its own, a missing quantity stays missing, undated inquiries
have no 12-month count or conversion, huge amounts are rejected, merged cells are filled,
migration against other tier names, the china8 map with prospects, and the contract check."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tiercli.config.loader import parse_config
from tiercli.errors import InputError
from tiercli.features import build_customer_table
from tiercli.history import migration
from tiercli.io import coerce
from tiercli.io.containers import html_tables, sniff
from tiercli.io.normalize import ContractError, Tables, check_contract, normalize
from tiercli.io.readers import RawSheet, big5_lines, fill_merged, read_any
from tiercli.pipeline import run

CFG = parse_config({}, "t")


def _sheet(rows: list[list[object]], headers: list[str], name: str = "o.csv") -> RawSheet:
    frame = pd.DataFrame(rows, columns=headers, dtype=object)
    return RawSheet(name, None, frame, pd.Series(range(2, len(rows) + 2)), 1)


def _orders(rows: list[list[object]], headers: list[str], **kw: object) -> Tables:
    return normalize({"orders": [_sheet(rows, headers)]}, CFG, **kw)  # type: ignore[arg-type]


H = ["order_id", "customer_id", "order_date", "amount"]


def test_date_times_are_days_so_an_order_on_the_as_of_day_is_recency_0() -> None:
    tables = _orders(
        [["A1", "C1", "2026-03-01 11:30", 100], ["A2", "C1", dt.datetime(2026, 2, 1, 23, 59), 50]],
        H,
        as_of=dt.date(2026, 3, 1),
    )
    assert tables.lines["order_date"].tolist() == [
        pd.Timestamp("2026-03-01"),
        pd.Timestamp("2026-02-01"),
    ]
    table = build_customer_table(tables, tables.as_of)
    assert table.loc["C1", "recency_days"] == 0
    assert table.loc["C1", "last_order_date"] == pd.Timestamp("2026-03-01")


def test_dates_outside_1900_2200_are_rejected_not_used() -> None:
    tables = _orders(
        [
            ["A1", "C1", "1850-01-01", 100],
            ["A2", "C1", "2250-06-01", 50],
            ["A3", "C1", "2026-01-01", 5],
        ],
        H,
    )
    assert tables.rejects["reason"].tolist() == ["date out of range (1900-01-01 to 2200-12-31)"] * 2
    assert tables.rejects["row"].tolist() == [2, 3]
    assert tables.as_of == dt.date(2026, 1, 1)


def test_as_of_out_of_range_is_an_input_error() -> None:
    with pytest.raises(InputError, match="as-of date 2999-01-01: out of range"):
        _orders([["A1", "C1", "2026-01-01", 5]], H, as_of=dt.date(2999, 1, 1))


@pytest.mark.parametrize(
    ("amount", "reason"),
    [
        ("1e308", "amount is more than 1e15 (not a plausible amount)"),
        ("-1e16", "amount is more than 1e15 (not a plausible amount)"),
        (1e300, "amount is more than 1e15 (not a plausible amount)"),
        (float("inf"), "amount is not a number"),
        ("inf", "amount is not a number"),
    ],
)
def test_implausible_amounts_are_rejected_and_totals_stay_finite(
    amount: object, reason: str
) -> None:
    tables = _orders([["A1", "C1", "2026-01-01", amount], ["A2", "C1", "2026-01-02", 7]], H)
    assert tables.rejects["reason"].tolist() == [reason]
    table = build_customer_table(tables, tables.as_of)
    assert table.loc["C1", "revenue"] == 7.0


def test_a_blank_order_id_is_an_order_of_its_own() -> None:
    tables = _orders(
        [["", "C1", "2026-01-01", 100], ["A2", "C2", "2026-01-02", 7], ["", "C2", "2026-01-02", 7]],
        H,
    )
    assert tables.rejects.empty  # identical-looking rows without an id are not duplicates
    assert tables.lines["order_id"].tolist() == ["o.csv::2", "A2", "o.csv::4"]
    assert any("2 row(s) have a blank order id (e.g. row 2)" in str(w) for w in tables.warnings)
    table = build_customer_table(tables, tables.as_of)
    assert table["orders"].tolist() == [1, 2]
    assert table.loc["C1", "recency_days"] == 1


def test_a_missing_quantity_stays_missing() -> None:
    tables = _orders(
        [
            ["A1", "C1", "2026-01-01", 110000, None],
            ["A2", "C2", "2026-01-02", 80, 5],
            ["A2", "C2", "2026-01-02", 20, None],  # one line of the order unknown
            ["A3", "C2", "2026-01-03", 20, 4],
        ],
        [*H, "quantity"],
    )
    table = build_customer_table(tables, tables.as_of)
    assert np.isnan(table.loc["C1", "median_order_quantity"])
    assert table.loc["C2", "median_order_quantity"] == 4.0


def _with_inquiries(inquiries: list[list[object]], headers: list[str]) -> pd.DataFrame:
    sheets = {
        "orders": [_sheet([["A1", "C1", "2026-01-05", 100]], H)],
        "inquiries": [_sheet(inquiries, headers, "q.csv")],
    }
    tables = normalize(sheets, CFG)
    return build_customer_table(tables, tables.as_of)


def test_inquiries_without_a_date_column_have_no_12m_count_or_conversion() -> None:
    table = _with_inquiries([["C1", "Website"], ["C3", "Fair"]], ["customer_id", "source"])
    assert table["inquiries"].tolist() == [1, 1]
    assert table["inquiries_12m"].isna().all()
    assert table["inquiry_conversion"].isna().all()


def test_undated_inquiries_are_left_out_of_conversion() -> None:
    table = _with_inquiries(
        [["C1", "2026-01-01"], ["C1", ""], ["C3", ""], ["C4", "2025-01-01"]],
        ["customer_id", "inquiry_date"],
    )
    assert table.loc["C1", "inquiry_conversion"] == 1.0  # 1 of 1 dated, not 1 of 2
    assert table.loc["C1", "inquiries_12m"] == 1
    assert pd.isna(table.loc["C3", "inquiries_12m"]) and pd.isna(
        table.loc["C3", "inquiry_conversion"]
    )
    assert table.loc["C4", "inquiries_12m"] == 0 and table.loc["C4", "inquiry_conversion"] == 0.0


def test_china8_map_with_prospects() -> None:
    cfg = parse_config({"rfm": {"segment_map": "china8", "split": "median"}}, "t")
    sheets = {
        "orders": [
            _sheet(
                [
                    ["A1", "C1", "2026-01-05", 100],
                    ["A2", "C2", "2025-01-05", 900],
                    ["A3", "C2", "2025-03-05", 9],
                ],
                H,
            )
        ],
        "inquiries": [_sheet([["C9", "2026-01-01"]], ["customer_id", "inquiry_date"], "q.csv")],
    }
    result = run(normalize(sheets, cfg), cfg)
    segments = result.customers["rfm_segment"]
    assert segments.loc["C1"] == "General develop" and pd.isna(segments.loc["C9"])
    assert segments.loc["C2"] == "Important retain"


def test_previous_tiers_with_other_names_are_not_counted_as_same() -> None:
    now = pd.Series({"a": "S", "b": "A", "c": "B"}, dtype="string")
    before = pd.Series({"a": "Gold", "b": "A", "c": "Silver", "x": "Gold"}, dtype="string")
    moved = migration(now, before, ["S", "A", "B"], "last.xlsx")
    assert moved.columns["movement"].fillna("-").tolist() == ["-", "same", "-"]
    assert moved.matrix.loc["Gold", "S"] == 1 and moved.matrix.loc["Gold", "gone"] == 1
    assert moved.matrix.loc["Silver", "B"] == 1
    assert [str(w) for w in moved.warnings] == [
        "migration: the previous run (last.xlsx) has tier(s) Gold, Silver that this config does "
        "not have (its tiers: S, A, B); 2 customer(s) with those tiers get no movement. Compare "
        "runs made with the same tier names"
    ]


def test_merged_blocks_are_filled_down_their_first_column() -> None:
    grid = pd.DataFrame(
        [["id", "x"], ["C1", 1], ["", 2], ["", 3], ["C2", 4], ["", 5]], dtype=object
    )
    filled = fill_merged(grid, [((1, 0), (3, 0)), ((4, 0), (5, 1)), ((0, 0), (0, 1))])
    assert filled == 2  # the one-row header merge is left alone
    assert grid[0].tolist() == ["id", "C1", "C1", "C1", "C2", "C2"]
    assert grid[1].tolist() == ["x", 1, 2, 3, 4, 5]


def test_html_table_rowspan_fills_down_colspan_keeps_first_column() -> None:
    tables = html_tables(
        "<table><tr><th colspan=2>A &amp; B</th><th>C</th></tr>"
        "<tr><td rowspan=2>x</td><td>1</td><td>2</td></tr><tr><td>3</td><td>4</td></tr></table>"
    )
    assert tables == [[["A & B", "", "C"], ["x", "1", "2"], ["x", "3", "4"]]]


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"PK\x03\x04rest", "zip"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
        (b"PAR1", "parquet"),
        (b"%PDF-1.7", "pdf"),
        (b"  \r\n", "empty"),
        (b"<!DOCTYPE html><html>", "html"),
        (
            b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">',
            "xml2003",
        ),
        (b"<?xml version='1.0'?><a/>", "xml"),
        ("a,b\n1,2\n".encode("utf-16-le"), "text"),
        (b"a,b\n1,\x002\n", "text"),
        (bytes(range(256)), "binary"),
    ],
)
def test_sniff_tells_what_a_file_is(head: bytes, kind: str) -> None:
    assert sniff(head) == kind


def test_big5_lines_inside_gbk_are_found_and_simplified_text_is_not() -> None:
    data = (
        "订单号,备注\n".encode("gbk")
        + "A1,广州展会老客户联系人\n".encode("gbk") * 3
        + "A2,臺灣進口商聯絡窗口變更\n".encode("big5")
    )
    assert big5_lines(data) == [5]
    assert big5_lines("A1,广州展会老客户联系人\n".encode("gbk") * 50) == []


def test_duplicate_header_warning_names_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "o.csv"
    path.write_text("order_id,customer_id,order_date,amount,Amount\nA1,C1,2026-01-01,5,6\n")
    (sheet,) = read_any(path)
    assert sheet.warnings == []  # different spellings: the alias rule picks the first
    path.write_text("order_id,customer_id,amount,order_date,amount\nA1,C1,5,2026-01-01,6\n")
    (sheet,) = read_any(path)
    assert [str(w) for w in sheet.warnings] == [
        "o.csv: 2 columns are headed 'amount' (columns C, E of row 1); the first, column C, "
        "is used. Rename the others if they hold something else"
    ]


def test_contract_check_names_the_broken_invariant_and_row() -> None:
    tables = _orders([["A1", "C1", "2026-01-01", 5], ["A2", "C2", "2026-01-02", 6]], H)
    check_contract(tables)  # a normal run passes
    broken = tables.lines.copy()
    broken.loc[1, "order_date"] = pd.Timestamp("2026-01-02 10:00")
    broken.loc[0, "customer_id"] = " C1"
    broken.loc[1, "customer_id"] = pd.NA
    broken.loc[1, "order_id"] = ""
    tables.lines = broken
    with pytest.raises(ContractError) as caught:
        check_contract(tables)
    message = str(caught.value)
    assert "lines: 2 row(s) with a blank or unstripped customer_id (first: o.csv row 2)" in message
    assert "lines: 1 row(s) with a blank or unstripped order_id (first: o.csv row 3)" in message
    assert "lines: 1 row(s) with a time of day in order_date (first: o.csv row 3)" in message
    assert "This is a bug in tiercli" in message
    assert caught.value.exit_code == 1


def test_a_check_is_applied_to_the_rows_it_names() -> None:
    """A check's mask (and its reasons) are matched to the sheet's rows by label, whatever
    their order: the rejects name the row, the cell and the reason of that row."""
    from tiercli.io.normalize import _Verdicts
    from tiercli.io.readers import RawSheet

    frame = pd.DataFrame({"amount": ["1", "x", "3", "y"]}, index=[0, 1, 2, 3])
    sheet = RawSheet("o.csv", None, frame, pd.Series([2, 3, 4, 5]), 1)
    verdicts = _Verdicts(sheet)
    reasons = pd.Series(["bad y", "bad x"], index=[3, 1])
    verdicts.set(pd.Series([True, False, True], index=[3, 0, 1]), "amount", "amount", reasons)
    verdicts.set(pd.Series(True, index=[1, 2]), "amount", "amount", "later")  # row 1 is taken
    found = verdicts.frame()
    assert found["row"].tolist() == [3, 4, 5]
    assert found["value"].tolist() == ["x", "3", "y"]
    assert found["reason"].tolist() == ["bad x", "later", "bad y"]


@pytest.mark.parametrize("bad", [" C1", "C1\t", "C1\u00a0", "\u3000C1", "", "C1\n", None])
def test_contract_check_finds_an_unstripped_or_blank_id_among_clean_ones(bad: str | None) -> None:
    """Ids of printable ASCII only are judged by their bytes (no space anywhere: stripped) and
    Arrow's lengths; one id with any whitespace at an end, empty or missing, is still found."""
    tables = _orders([["A1", "C1", "2026-01-01", 5], ["A2", "C2", "2026-01-02", 6]], H)
    lines = tables.lines.copy()
    assert coerce.printable_ascii(lines["customer_id"].astype("string"))
    lines.loc[1, "customer_id"] = bad
    tables.lines = lines
    with pytest.raises(ContractError, match="1 row\\(s\\) with a blank or unstripped customer_id"):
        check_contract(tables)


def test_contract_check_of_order_dates_before_and_after_1970() -> None:
    """A date's time of day is found before 1970 too; a midnight before 1970 and the range's
    own ends pass; a date outside the range and a missing one are found."""
    tables = _orders([["A1", "C1", "2026-01-01", 5], ["A2", "C2", "2026-01-02", 6]], H)
    lines = tables.lines.copy()
    for ok in ("1950-05-05", "1900-01-01", "2200-12-31"):
        lines.loc[1, "order_date"] = pd.Timestamp(ok)
        tables.lines = lines
        check_contract(tables)
    for bad, said in (
        ("1950-05-05 10:00", "with a time of day in order_date"),
        ("1969-12-31 23:59:59", "with a time of day in order_date"),
        ("1850-01-01", "with order_date outside 1900-01-01 to 2200-12-31"),
        (None, "without order_date"),
    ):
        lines.loc[1, "order_date"] = pd.Timestamp(bad) if bad else pd.NaT
        tables.lines = lines
        with pytest.raises(ContractError, match=f"1 row\\(s\\) {said}"):
            check_contract(tables)


def test_a_sheet_named_for_cancelled_orders_is_not_more_orders(tmp_path: Path) -> None:
    """A workbook's 已取消订单 sheet was read as orders and its amounts counted."""
    from tiercli.config import load_config
    from tiercli.io.loader import load_inputs

    path = tmp_path / "book.xlsx"
    with pd.ExcelWriter(path) as book:
        pd.DataFrame({"订单号": ["S1"], "客户编号": ["C1"], "下单日期": ["2025-01-01"],
                      "金额": [100]}).to_excel(book, sheet_name="订单", index=False)  # fmt: skip
        pd.DataFrame({"订单号": ["S3"], "客户编号": ["C3"], "下单日期": ["2025-01-03"],
                      "金额": [999]}).to_excel(book, sheet_name="已取消订单", index=False)  # fmt: skip
    inputs = load_inputs([path], load_config(None))
    assert [s.sheet for s in inputs.sheets["orders"]] == ["订单"]
    assert any(n.code == "io.sheet_cancelled" for n in inputs.notes)
    kept = tmp_path / "kept.xlsx"  # a name that denies it: orders like any other
    with pd.ExcelWriter(kept) as book:
        for sheet in ("订单", "未取消订单"):
            pd.DataFrame({"订单号": ["S1"], "客户编号": ["C1"], "下单日期": ["2025-01-01"],
                          "金额": [100]}).to_excel(book, sheet_name=sheet, index=False)  # fmt: skip
    sheets = load_inputs([kept], load_config(None)).sheets["orders"]
    assert [s.sheet for s in sheets] == ["订单", "未取消订单"]
    named = load_config(None).model_copy(deep=True)
    named.input.sheets["orders"] = "已取消订单"  # named in the config: the user's choice
    assert "已取消订单" in [s.sheet for s in load_inputs([path], named).sheets["orders"]]


def test_a_sheet_named_for_returns_holds_returns_not_more_sales(tmp_path: Path) -> None:
    """A workbook's 退货单 and Returns sheets were added to revenue as sales: 370, not 230."""
    from tiercli.config import load_config
    from tiercli.io.loader import load_inputs

    head = ["订单号", "客户编号", "下单日期", "金额"]
    path = tmp_path / "book.xlsx"
    with pd.ExcelWriter(path) as book:
        for name, rows in (
            ("订单", [["O1", "C1", "2024-03-05", 100], ["O2", "C2", "2024-03-06", 200]]),
            ("退货单", [["R1", "C1", "2024-03-07", 30]]),
            ("Returns", [["R2", "C2", "2024-03-08", -40]]),  # signed already: the same
            ("Orders and returns", [["O3", "C3", "2024-03-08", 50]]),  # both: orders
            ("未退货订单", [["O4", "C4", "2024-03-08", 60]]),  # a name that denies it
        ):
            pd.DataFrame(rows, columns=head).to_excel(book, sheet_name=name, index=False)
    cfg = load_config(None)
    inputs = load_inputs([path], cfg)
    sheets = inputs.sheets["orders"]
    assert [(s.sheet, s.returns) for s in sheets] == [
        ("订单", False),
        ("退货单", True),
        ("Returns", True),
        ("Orders and returns", False),
        ("未退货订单", False),
    ]
    notes = [n.render("en") for n in inputs.notes if n.code == "io.sheet_returns"]
    assert notes == [
        f"{name}: the sheet's name says returns, so its lines count as returns (amounts "
        "negative); to read it as orders, name it under input.sheets in the config"
        for name in ("book.xlsx [退货单]", "book.xlsx [Returns]")
    ]
    tables = normalize({"orders": sheets[:3]}, cfg)
    lines = tables.lines.set_index("order_id")
    assert lines["amount"].to_dict() == {"O1": 100.0, "O2": 200.0, "R1": -30.0, "R2": -40.0}
    assert lines["is_return"].to_dict() == {"O1": False, "O2": False, "R1": True, "R2": True}
    table = build_customer_table(tables, tables.as_of)
    assert table["revenue"].sum() == 230.0 and table["orders"].tolist() == [1, 1]
    named = load_config(None).model_copy(deep=True)
    named.input.sheets["orders"] = "退货单"  # named in the config: orders, the user's choice
    read = {s.sheet: s.returns for s in load_inputs([path], named).sheets["orders"]}
    assert read["退货单"] is False and read["Returns"] is True


def test_a_summary_sheet_beside_the_detail_is_left_out(tmp_path: Path) -> None:
    """A per-customer summary sheet (客户编号, 金额, 订单数; no date) beside the detail sheet
    was taken for orders and stopped the run: missing column 'order_date', the closest '订单数'."""
    import datetime as dt

    import xlsxwriter

    path = tmp_path / "with_summary.xlsx"
    book = xlsxwriter.Workbook(str(path))
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    ws = book.add_worksheet("明细")
    ws.write_row(0, 0, ["订单号", "订单日期", "客户编号", "客户名称", "币种", "金额"])
    for i, (oid, d, cid, name, amount) in enumerate(
        [("S1", 2, "C1", "Alpha", 100), ("S2", 3, "C1", "Alpha", 200), ("S3", 4, "C2", "Beta", 300)]
    ):
        ws.write(i + 1, 0, oid)
        ws.write_datetime(i + 1, 1, dt.datetime(2024, d, 2), day)
        ws.write_row(i + 1, 2, [cid, name, "USD", amount])
    ws = book.add_worksheet("按客户汇总")
    ws.write_row(0, 0, ["客户编号", "客户名称", "金额", "订单数"])
    ws.write_row(1, 0, ["C1", "Alpha", 300, 2])
    ws.write_row(2, 0, ["C2", "Beta", 300, 1])
    book.close()
    from tiercli.config import load_config
    from tiercli.pipeline import segment

    result = segment([path], load_config(None))
    assert result.customers["revenue"].to_dict() == {"C1": 300.0, "C2": 300.0}
    assert any(n.code == "io.sheet_no_dates" for n in result.notes)


def test_the_currency_an_erp_reports_title_rows_state_is_the_amounts(tmp_path: Path) -> None:
    """币别：人民币 above the header, no currency column: 7,000 元 was read as 7,000 USD."""
    import xlsxwriter

    path = tmp_path / "report.xlsx"
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("销售明细")
    ws.write(0, 0, "销售明细表")
    ws.write_row(1, 0, ["币别：人民币", "", "金额单位：元"])
    ws.write_row(3, 0, ["订单号", "订单日期", "客户编号", "金额"])
    ws.write_row(4, 0, ["S1", "2024-03-05", "C1", 7000])
    book.close()
    cfg = parse_config({"currency": {"source": "fixed", "rates": {"CNY": 0.14}}}, "t")
    from tiercli.pipeline import segment

    result = segment([path], cfg)
    assert result.customers.loc["C1", "revenue"] == pytest.approx(980.0)
    assert any(w.code == "io.preamble_currency" for w in result.warnings)
