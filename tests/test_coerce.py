"""Table-driven tests for tiercli.io.coerce: odd values seen in real trade exports."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tiercli.io.coerce import (
    BLANK_TOKENS,
    NumberParse,
    clean_id,
    clean_text,
    is_blank,
    normalize_currency,
    parse_dates,
    parse_dates_report,
    parse_numbers,
)

NAT = None  # expected "no date"
T = pd.Timestamp


def obj(*values: Any) -> pd.Series:
    """An object Series, as Excel readers produce."""
    return pd.Series(list(values), dtype=object)


# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------

# (cell, expected) for one-cell columns (so "auto" has no column evidence)
DATE_CASES: list[tuple[Any, pd.Timestamp | None]] = [
    (dt.datetime(2026, 3, 5, 14, 30), T("2026-03-05 14:30")),
    (dt.date(2026, 3, 5), T("2026-03-05")),
    (T("2026-03-05 14:30:00.123456789"), T("2026-03-05 14:30:00.123456789")),
    (T("2026-03-05 14:30", tz="Asia/Shanghai"), T("2026-03-05 14:30")),
    (dt.datetime(2026, 3, 5, 23, 0, tzinfo=dt.UTC), T("2026-03-05 23:00")),
    (45123, T("2023-07-16")),
    (45123.5, T("2023-07-16 12:00")),
    ("45123", T("2023-07-16")),
    ("45123.5", T("2023-07-16 12:00")),
    ("45123.604166666664", T("2023-07-16 14:30")),
    ("12345", NAT),  # below the Excel serial range
    ("2026-03-05", T("2026-03-05")),
    ("2026-03-05 14:30", T("2026-03-05 14:30")),
    ("2026-03-05T14:30:00", T("2026-03-05 14:30")),
    ("2026-03-05T14:30:00Z", T("2026-03-05 14:30")),
    ("2026-03-05T14:30:00+08:00", T("2026-03-05 14:30")),
    ("2026-03-05 14:30:00.250", T("2026-03-05 14:30:00.250")),
    ("2026-03-05 02:30 PM", T("2026-03-05 14:30")),
    ("2026/3/5", T("2026-03-05")),
    ("2026.3.5", T("2026-03-05")),
    ("20260305", T("2026-03-05")),
    (20260305, T("2026-03-05")),
    ("05.03.2026", T("2026-03-05")),
    ("05-03-2026", T("2026-03-05")),
    ("3/5/2026 10:42", T("2026-03-05 10:42")),
    ("10/31/2011 10:42", T("2011-10-31 10:42")),
    ("31/12/2025", T("2025-12-31")),
    ("5/3/26", T("2026-05-03")),
    ("5-Mar-2026", T("2026-03-05")),
    ("05 Mar 2026", T("2026-03-05")),
    ("05MAR2026", T("2026-03-05")),
    ("Mar 5, 2026", T("2026-03-05")),
    ("March 5 2026", T("2026-03-05")),
    ("March 5th, 2026", T("2026-03-05")),
    ("Thu, 05 Mar 2026 14:30:00 +0000", T("2026-03-05 14:30")),
    ("2026-Mar-05", T("2026-03-05")),
    ("2026年3月5日", T("2026-03-05")),
    ("２０２６年３月５日", T("2026-03-05")),
    ("2026年03月05日 10:30", T("2026-03-05 10:30")),
    ("2026年3月5日 下午3点30分", T("2026-03-05 15:30")),
    ("Thursday, March 5, 2026 2:30:00 PM", T("2026-03-05 14:30")),
    ("2026-03-05 14:30:00.000 +0800 CST", T("2026-03-05 14:30")),
    ("  2026-03-05\u00a0", T("2026-03-05")),
    # a weekday beside the date (a cell format with the day's name: WPS, Excel, ERP prints)
    ("2026/03/05 星期四", T("2026-03-05")),
    ("2026年3月5日星期四", T("2026-03-05")),
    ("2026年3月5日 星期四 14:30", T("2026-03-05 14:30")),
    ("2026-03-05 周四", T("2026-03-05")),
    ("2026-03-05（周四）", T("2026-03-05")),
    ("2026-03-05 週四 10:00", T("2026-03-05 10:00")),
    ("2026/3/5 礼拜四", T("2026-03-05")),
    ("2026年3月5日(木)", T("2026-03-05")),
    ("2026/03/05 木曜日", T("2026-03-05")),
    ("2026-03-05 Thu", T("2026-03-05")),
    ("03/05/2026 (Thursday)", T("2026-03-05")),
    ("Thu 2026-03-05", T("2026-03-05")),
    # the morning / afternoon before the time (Chinese or Japanese Windows, .NET exports)
    ("2026/3/5 下午 02:30:00", T("2026-03-05 14:30")),
    ("2026/3/5 上午 10:30", T("2026-03-05 10:30")),
    ("2026/3/5 上午 12:05", T("2026-03-05 00:05")),
    ("2026-03-05 下午2:30", T("2026-03-05 14:30")),
    ("2026/3/5 PM 02:30:00", T("2026-03-05 14:30")),
    ("2026-3-5 午後2:30", T("2026-03-05 14:30")),
    ("2026/3/5 午前 9:15", T("2026-03-05 09:15")),
    ("3/5/2026 下午 02:30:00", T("2026-03-05 14:30")),
    # a compact date and time (ERP and API exports), Java's Date.toString()
    ("20260305143000", T("2026-03-05 14:30")),
    ("202603051430", T("2026-03-05 14:30")),
    ("20260305 143000", T("2026-03-05 14:30")),
    ("Thu Mar 05 14:30:00 CST 2026", T("2026-03-05 14:30")),
    ("Thu Mar 05 14:30:00 GMT+08:00 2026", T("2026-03-05 14:30")),
    # other scripts' digits, and the Thai Buddhist era (2569 = 2026)
    ("٢٠٢٦-٠٣-٠٥", T("2026-03-05")),
    ("۲۰۲۶/۰۳/۰۵", T("2026-03-05")),
    ("๑๕/๓/๒๕๖๙", T("2026-03-15")),
    ("15/03/2569", T("2026-03-15")),
    ("2569-03-05", T("2026-03-05")),
    ("2026年3月", NAT),
    ("Mar 2026", NAT),
    ("2026-03", NAT),
    ("2025-02-30", NAT),
    ("2024-02-29", T("2024-02-29")),
    ("13/13/2025", NAT),
    ("2026-03-05 25:00", NAT),
    ("0001-01-01", NAT),
    ("TBD", NAT),
    ("12", NAT),
    ("", NAT),
    ("n/a", NAT),
    (None, NAT),
    (np.nan, NAT),
    (pd.NaT, NAT),
]


@pytest.mark.parametrize(("cell", "expected"), DATE_CASES, ids=[repr(c[0]) for c in DATE_CASES])
def test_parse_dates_single_values(cell: Any, expected: pd.Timestamp | None) -> None:
    result = parse_dates(obj(cell))
    assert str(result.dtype) == "datetime64[ns]"
    if expected is None:
        assert pd.isna(result.iloc[0])
    else:
        assert result.iloc[0] == expected


# (column, order, expected dates, expected detected order)
DATE_COLUMN_CASES: list[tuple[str, list[Any], str, list[str | None], str]] = [
    ("us_evidence", ["3/5/2026", "10/31/2011"], "auto", ["2026-03-05", "2011-10-31"], "MDY"),
    ("eu_evidence", ["3/5/2026", "31/10/2011"], "auto", ["2026-05-03", "2011-10-31"], "DMY"),
    (
        "slash_no_evidence",
        ["03/05/2026", "04/06/2026"],
        "auto",
        ["2026-03-05", "2026-04-06"],
        "MDY",
    ),
    ("dot_no_evidence", ["03.05.2026"], "auto", ["2026-05-03"], "DMY"),
    ("dash_no_evidence", ["03-05-2026"], "auto", ["2026-05-03"], "DMY"),
    (
        "dot_with_us_evidence",
        ["03.05.2026", "12.31.2026"],
        "auto",
        ["2026-03-05", "2026-12-31"],
        "MDY",
    ),
    ("explicit_dmy", ["03/05/2026", "04/06/2026"], "DMY", ["2026-05-03", "2026-06-04"], "DMY"),
    ("explicit_mdy_overrides", ["05.03.2026", "31.12.2026"], "MDY", ["2026-05-03", None], "MDY"),
    ("explicit_ymd_two_digit", ["26/03/05"], "YMD", ["2026-03-05"], "YMD"),
    (
        "conflicting",
        ["13/03/2026", "03/13/2026", "05/03/2026"],
        "auto",
        ["2026-03-13", "2026-03-13", "2026-05-03"],
        "mixed",
    ),
    (
        "separators_disagree",
        ["3/5/2026", "05.03.2026"],
        "auto",
        ["2026-03-05", "2026-03-05"],
        "mixed",
    ),
    ("iso_and_numeric", ["2026-01-02", "25/12/2025"], "auto", ["2026-01-02", "2025-12-25"], "DMY"),
    (
        "serials",
        [45123, 45124.25, None],
        "auto",
        ["2023-07-16", "2023-07-17 06:00", None],
        "serial",
    ),
    ("iso", ["2026-03-05", "", "2026/03/06"], "auto", ["2026-03-05", None, "2026-03-06"], "YMD"),
    # neither an ISO date nor an Excel serial is ambiguous: not a mix of day- and month-first
    ("iso_and_serial", ["2026-03-05", "45123"], "auto", ["2026-03-05", "2023-07-16"], "YMD"),
    ("iso_and_serial_cells", ["2026-03-05", 45123], "auto", ["2026-03-05", "2023-07-16"], "YMD"),
    ("day_first_and_serial", ["5 Mar 2026", "45123"], "auto", ["2026-03-05", "2023-07-16"], "DMY"),
    (
        "iso_and_day_first",
        ["2026-03-05", "6 Mar 2026"],
        "auto",
        ["2026-03-05", "2026-03-06"],
        "DMY",
    ),
    (
        "day_first_and_month_first",
        ["5 Mar 2026", "Mar 6, 2026", "45123"],
        "auto",
        ["2026-03-05", "2026-03-06", "2023-07-16"],
        "mixed",
    ),
    (
        "python_datetimes",
        [dt.datetime(2026, 3, 5), dt.date(2026, 3, 6), None],
        "auto",
        ["2026-03-05", "2026-03-06", None],
        "datetime",
    ),
    ("month_names", ["5 Mar 2026", "6 Apr 2026"], "auto", ["2026-03-05", "2026-04-06"], "DMY"),
    ("all_blank", ["", None], "auto", [None, None], "YMD"),
]


@pytest.mark.parametrize(
    ("column", "order", "expected", "detected"),
    [c[1:] for c in DATE_COLUMN_CASES],
    ids=[c[0] for c in DATE_COLUMN_CASES],
)
def test_parse_dates_column_order(
    column: list[Any], order: str, expected: list[str | None], detected: str
) -> None:
    result, found = parse_dates_report(obj(*column), order=order)
    assert found == detected
    want = pd.Series([pd.NaT if e is None else T(e) for e in expected], dtype="datetime64[ns]")
    pd.testing.assert_series_equal(result, want)


def test_parse_dates_datetime64_input_keeps_index_and_drops_tz() -> None:
    values = pd.Series(
        pd.to_datetime(["2026-03-05 14:30", None]).tz_localize("Asia/Shanghai"),
        index=["a", "b"],
        name="order_date",
    )
    result, detected = parse_dates_report(values)
    assert detected == "datetime"
    assert str(result.dtype) == "datetime64[ns]"
    assert list(result.index) == ["a", "b"]
    assert result.name == "order_date"
    assert result.iloc[0] == T("2026-03-05 14:30")
    assert pd.isna(result.iloc[1])


def test_parse_dates_string_dtype_and_numeric_dtype() -> None:
    text = pd.Series(["2026-03-05", None], dtype="str")
    assert parse_dates(text).iloc[0] == T("2026-03-05")
    serial = pd.Series([45123.0, np.nan, 1.0])
    result = parse_dates(serial)
    assert result.iloc[0] == T("2023-07-16")
    assert result.iloc[1:].isna().all()


def test_parse_dates_rejects_unknown_order() -> None:
    with pytest.raises(ValueError, match="order"):
        parse_dates(obj("2026-03-05"), order="YDM")


# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------

NAN = math.nan

# (cell, expected value, expected currency)
NUMBER_CASES: list[tuple[Any, float, str | None]] = [
    ("٣٠٠", 300.0, None),  # Arabic-Indic digits
    ("١٬٢٣٤٫٥٠", 1234.5, None),  # with the Arabic thousands and decimal marks
    ("۱۲۵۰", 1250.0, None),  # Persian (Eastern Arabic-Indic) digits
    ("๑,๒๕๐.๕๐", 1250.5, None),  # Thai digits
    ("१२५०", 1250.0, None),  # Devanagari digits
    (1234, 1234.0, None),
    (12.5, 12.5, None),
    (1.234, 1.234, None),
    ("1234", 1234.0, None),
    ("1,234.50", 1234.5, None),
    ("1.234,50", 1234.5, None),
    ("1 234,50", 1234.5, None),
    ("1 234.50", 1234.5, None),
    ("1\u00a0234,50", 1234.5, None),
    ("1\u202f234,50", 1234.5, None),
    ("1'234.50", 1234.5, None),
    ("1\u2019234.50", 1234.5, None),
    ("12,5", 12.5, None),
    ("0,123", 0.123, None),
    ("1,234", 1234.0, None),
    ("1,234,567", 1234567.0, None),
    ("1.234.567", 1234567.0, None),
    ("1.234.567,89", 1234567.89, None),
    ("12,34,567.00", 1234567.0, None),
    (".5", 0.5, None),
    ("(45.00)", -45.0, None),
    ("-45", -45.0, None),
    ("\u221245", -45.0, None),
    ("45-", -45.0, None),
    ("1.000,00-", -1000.0, None),
    # ",-" / ".-" after the digits: no cents (German 250,-, Swiss 250.-), not a trailing minus
    ("250,-", 250.0, None),
    ("1.000,-", 1000.0, None),
    ("1000,-", 1000.0, None),
    ("99,- €", 99.0, "EUR"),
    ("99,\u2013 €", 99.0, "EUR"),
    ("€ 1.500,--", 1500.0, "EUR"),
    ("250.-", 250.0, None),
    ("Fr. 1'250.--", 1250.0, "CHF"),
    ("-250,-", -250.0, None),
    ("(250,-)", -250.0, None),
    ("+45", 45.0, None),
    ("$1,234.50", 1234.5, "USD"),
    ("-$1,234.50", -1234.5, "USD"),
    ("US$ 1,200", 1200.0, "USD"),
    ("USD 120", 120.0, "USD"),
    ("USD: 120", 120.0, "USD"),
    ("120 USD", 120.0, "USD"),
    ("120USD", 120.0, "USD"),
    ("$120 USD", 120.0, "USD"),
    ("(USD 45.00)", -45.0, "USD"),
    ("EUR120", 120.0, "EUR"),
    ("€99", 99.0, "EUR"),
    ("€ 1.234,50", 1234.5, "EUR"),
    ("£1,000", 1000.0, "GBP"),
    ("¥800", 800.0, "CNY"),
    ("￥800", 800.0, "CNY"),
    ("RMB 800", 800.0, "CNY"),
    ("CNY800", 800.0, "CNY"),
    ("800元", 800.0, "CNY"),
    ("800 元", 800.0, "CNY"),
    ("人民币800", 800.0, "CNY"),
    ("美元 120", 120.0, "USD"),
    ("120美元", 120.0, "USD"),
    ("Rs.120", 120.0, "INR"),
    ("HK$ 50", 50.0, "HKD"),
    ("SEK 100", 100.0, "SEK"),
    ("1.5万", 15000.0, None),
    ("1.5 万元", 15000.0, "CNY"),
    ("2亿", 2e8, None),
    ("1.2k", 1200.0, None),
    ("3M", 3e6, None),
    ("3M USD", 3e6, "USD"),
    ("１２３", 123.0, None),
    ("￥１，２３４．５０", 1234.5, "CNY"),
    ("12%", 0.12, None),
    ("12.5 %", 0.125, None),
    ("1.2E+03", 1200.0, None),
    ("1.5e-3", 0.0015, None),
    ("TBD", NAN, None),
    ("待定", NAN, None),
    ("abc", NAN, None),
    ("abc12", NAN, None),
    ("12abc34", NAN, None),
    ("12 m", NAN, None),
    ("USD 120 EUR", NAN, None),
    ("1.2.3", NAN, None),
    ("1,2,3", NAN, None),
    ("12 5", NAN, None),
    ("--45", NAN, None),
    ("(45", NAN, None),
    ("2026-03-05", NAN, None),
    ("1e400", NAN, None),
    ("", NAN, None),
    ("  ", NAN, None),
    ("n/a", NAN, None),
    (None, NAN, None),
    (np.nan, NAN, None),
]


@pytest.mark.parametrize(
    ("cell", "value", "currency"), NUMBER_CASES, ids=[repr(c[0]) for c in NUMBER_CASES]
)
def test_parse_numbers(cell: Any, value: float, currency: str | None) -> None:
    parsed = parse_numbers(obj(cell))
    assert str(parsed.values.dtype) == "float64"
    assert parsed.currency.dtype == pd.StringDtype()
    got = parsed.values.iloc[0]
    if math.isnan(value):
        assert math.isnan(got)
    else:
        assert got == pytest.approx(value, rel=1e-12)
    if currency is None:
        assert pd.isna(parsed.currency.iloc[0])
    else:
        assert parsed.currency.iloc[0] == currency


def test_parse_numbers_numeric_dtype_passes_through() -> None:
    values = pd.Series([1, 2, 3], index=[10, 20, 30], name="qty")
    parsed = parse_numbers(values)
    assert isinstance(parsed, NumberParse)
    assert parsed.values.tolist() == [1.0, 2.0, 3.0]
    assert list(parsed.values.index) == [10, 20, 30]
    assert parsed.values.name == "qty"
    assert parsed.currency.isna().all()
    with pytest.raises(dataclasses.FrozenInstanceError):
        parsed.values = values  # type: ignore[misc]


def test_parse_numbers_says_which_cells_are_percentages() -> None:
    """A money column must not take 12.5% for 0.125: the cells written as a percentage are
    named (found among the cells the general parser reads; a plain number column has none)."""
    cells = ["12.5%", "3", "1,5 %", "2‰", None, "５％", "USD 5", "50% off"]
    for column in (pd.Series(cells, dtype="str"), pd.Series(cells, dtype=object)):
        parsed = parse_numbers(column)
        assert parsed.percent is not None
        assert parsed.percent.tolist() == [True, False, True, True, False, True, False, False]
        assert parsed.values.iloc[:4].tolist() == pytest.approx([0.125, 3.0, 0.015, 0.002])
    assert parse_numbers(pd.Series(["1.5", "2"], dtype="str")).percent is None
    assert parse_numbers(pd.Series([1.5, 2.0])).percent is None


def test_parse_numbers_string_dtype_column() -> None:
    parsed = parse_numbers(pd.Series(["USD 1,200", None, "€5"], dtype="str"))
    assert parsed.values.iloc[0] == 1200.0
    assert math.isnan(parsed.values.iloc[1])
    assert parsed.currency.tolist() == ["USD", pd.NA, "EUR"]


# --------------------------------------------------------------------------------------------
# Currencies
# --------------------------------------------------------------------------------------------

CURRENCY_CASES: list[tuple[Any, str | None]] = [
    ("$", "USD"),
    ("US$", "USD"),
    ("usd", "USD"),
    (" US Dollar ", "USD"),
    ("美元", "USD"),
    ("美金", "USD"),
    ("ＵＳＤ", "USD"),
    ("€", "EUR"),
    ("Euro", "EUR"),
    ("欧元", "EUR"),
    ("£", "GBP"),
    ("Pound", "GBP"),
    ("英镑", "GBP"),
    ("¥", "CNY"),
    ("￥", "CNY"),
    ("RMB", "CNY"),
    ("rmb", "CNY"),
    ("元", "CNY"),
    ("人民币", "CNY"),
    ("CN¥", "CNY"),
    ("JP¥", "JPY"),
    ("円", "JPY"),
    ("日元", "JPY"),
    ("HK$", "HKD"),
    ("港币", "HKD"),
    ("A$", "AUD"),
    ("C$", "CAD"),
    ("加元", "CAD"),
    ("NZ$", "NZD"),
    ("S$", "SGD"),
    ("R$", "BRL"),
    ("₹", "INR"),
    ("Rs.", "INR"),
    ("₽", "RUB"),
    ("卢布", "RUB"),
    ("₩", "KRW"),
    ("Fr", "CHF"),
    ("₺", "TRY"),
    ("Dh", "AED"),
    ("迪拉姆", "AED"),
    ("₫", "VND"),
    ("฿", "THB"),
    ("mxn", "MXN"),
    ("ZAR", "ZAR"),
    ("R", None),
    ("abc", "ABC"),
    ("USD (美元)", "USD"),
    ("美元USD", "USD"),
    ("dollars?", "USD"),
    ("12", None),
    ("", None),
    ("N/A", None),
    (None, None),
]


@pytest.mark.parametrize(("cell", "code"), CURRENCY_CASES, ids=[repr(c[0]) for c in CURRENCY_CASES])
def test_normalize_currency(cell: Any, code: str | None) -> None:
    result = normalize_currency(obj(cell))
    assert result.dtype == pd.StringDtype()
    if code is None:
        assert pd.isna(result.iloc[0])
    else:
        assert result.iloc[0] == code


# --------------------------------------------------------------------------------------------
# Text, ids, blanks
# --------------------------------------------------------------------------------------------

ID_CASES: list[tuple[Any, str | None]] = [
    ("12488.0", "12488"),
    (12488.0, "12488"),
    (12488, "12488"),
    ("1.2488E4", "12488"),
    ("1.2488E+04", "12488"),
    ("1E+15", "1000000000000000"),
    ("00123", "00123"),
    ("C00123", "C00123"),
    ("00123.0", "00123.0"),
    ("12E4", "12E4"),
    ("12.5", "12.5"),
    ("0.0", "0"),
    (" C 001\u3000", "C 001"),
    ("ＡＢ－１２", "AB-12"),
    ("—", None),
    (None, None),
    # Excel's ways of keeping an id text (leading zeros): a formula of the text, an apostrophe
    ('="00123"', "00123"),
    ('="SO-2024-001"', "SO-2024-001"),
    ("'00123", "00123"),
    ('=""', None),
    ("'", None),
    ("AB'12", "AB'12"),
    ("A=B", "A=B"),
]


def test_ids_kept_as_text_by_excel_are_read_in_every_path() -> None:
    """="00123" (a formula an ERP writes so that Excel keeps the zeros) and '00123 were ids of
    their own beside 00123, and one of them the id shown for the customer ('00123 sorts
    first): the same in a long Arrow column (the fast paths) as in a short one."""
    cells = ['="00123"', "'00123", "00123", "C9", '="SO-1"'] * 3000
    for values in (
        pd.Series(cells, dtype="string[pyarrow]"),
        pd.Series(cells + [f"X{i}" for i in range(40_000)], dtype="string[pyarrow]"),
    ):
        out = clean_id(values)
        assert out.iloc[:5].tolist() == ["00123", "00123", "00123", "C9", "SO-1"]
        assert out.iloc[:15000].isin(["00123", "C9", "SO-1"]).all()


@pytest.mark.parametrize(("cell", "expected"), ID_CASES, ids=[repr(c[0]) for c in ID_CASES])
def test_clean_id(cell: Any, expected: str | None) -> None:
    result = clean_id(obj(cell))
    assert result.dtype == pd.StringDtype()
    if expected is None:
        assert pd.isna(result.iloc[0])
    else:
        assert result.iloc[0] == expected


def test_clean_id_float_column() -> None:
    result = clean_id(pd.Series([12488.0, np.nan, 7.0], index=[3, 1, 2]))
    assert result.tolist() == ["12488", pd.NA, "7"]
    assert list(result.index) == [3, 1, 2]


TEXT_CASES: list[tuple[Any, str | None]] = [
    ("  Acme   Trading\tLtd ", "Acme Trading Ltd"),
    ("Acme\u3000\u00a0Ltd", "Acme Ltd"),
    ("ＡＣＭＥ", "ACME"),
    ("Zero\u200bWidth", "ZeroWidth"),
    ("line\nbreak", "line break"),
    ("（空）", None),
    ("#N/A", None),
    ("None", None),
    ("-", None),
    ("无", None),
    ("上海 公司", "上海 公司"),
    ("บริษัท สยาม จำกัด", "บริษัท สยาม จำกัด"),  # Thai SARA AM stays one character
    ("ບໍລິສັດ ຈຳກັດ", "ບໍລິສັດ ຈຳກັດ"),  # so does Lao's
    (12.0, "12.0"),
    (None, None),
]


@pytest.mark.parametrize(("cell", "expected"), TEXT_CASES, ids=[repr(c[0]) for c in TEXT_CASES])
def test_clean_text(cell: Any, expected: str | None) -> None:
    result = clean_text(obj(cell))
    assert result.dtype == pd.StringDtype()
    if expected is None:
        assert pd.isna(result.iloc[0])
    else:
        assert result.iloc[0] == expected


BLANK_CASES: list[tuple[Any, bool]] = [
    (None, True),
    (np.nan, True),
    (pd.NaT, True),
    (pd.NA, True),
    ("", True),
    ("\u3000\u00a0 ", True),
    ("N/A", True),
    ("#N/A", True),
    ("NULL", True),
    ("n.a.", True),
    ("（空）", True),
    ("(空)", True),
    ("—", True),
    ("/", True),
    ("0", False),
    (0, False),
    ("x", False),
    ("nan-2", False),
]


@pytest.mark.parametrize(("cell", "blank"), BLANK_CASES, ids=[repr(c[0]) for c in BLANK_CASES])
def test_is_blank(cell: Any, blank: bool) -> None:
    result = is_blank(obj(cell))
    assert result.dtype == bool
    assert bool(result.iloc[0]) is blank


def test_blank_tokens_are_casefolded_and_stripped() -> None:
    assert all(tok == tok.strip().casefold() for tok in BLANK_TOKENS)
    assert is_blank(pd.Series([np.nan, 1.0])).tolist() == [True, False]


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=1, max_size=20))
def test_grouped_float_round_trips(xs: list[float]) -> None:
    parsed = parse_numbers(pd.Series([f"{x:,.2f}" for x in xs]))
    assert parsed.values.tolist() == [round(x, 2) for x in xs]


DATE_FORMATS = [
    ("%Y-%m-%d", "auto", False),
    ("%Y/%m/%d", "auto", False),
    ("%Y%m%d", "auto", False),
    ("%d.%m.%Y", "auto", False),
    ("%d/%m/%Y", "DMY", False),
    ("%m/%d/%Y", "MDY", False),
    ("%d %b %Y", "auto", False),
    ("%B %d, %Y", "auto", False),
    ("%Y年%m月%d日", "auto", False),
    ("%Y-%m-%d %H:%M:%S", "auto", True),
    ("%Y-%m-%dT%H:%M:%S", "auto", True),
    ("%m/%d/%Y %I:%M:%S %p", "MDY", True),
]


@FAST
@given(
    st.lists(
        st.datetimes(min_value=dt.datetime(1900, 1, 1), max_value=dt.datetime(2200, 12, 31)),
        min_size=1,
        max_size=10,
    ),
    st.sampled_from(DATE_FORMATS),
)
def test_formatted_dates_round_trip(days: list[dt.datetime], fmt: tuple[str, str, bool]) -> None:
    pattern, order, with_time = fmt
    moments = [
        d.replace(microsecond=0)
        if with_time
        else d.replace(hour=0, minute=0, second=0, microsecond=0)
        for d in days
    ]
    result = parse_dates(pd.Series([d.strftime(pattern) for d in moments]), order=order)
    assert result.tolist() == [T(d) for d in moments]


CELLS = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=False),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.sampled_from(
        [
            "",
            "n/a",
            "USD 1,200",
            "1.234,50",
            "2026-03-05",
            "3/5/2026",
            "45123",
            "TBD",
            "（空）",
            "C00123",
            "12488.0",
            "￥800",
            "2026年3月5日",
            "  x  ",
        ]
    ),
    st.text(max_size=8),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1)),
)


@FAST
@given(st.lists(CELLS, max_size=12), st.data())
def test_index_and_length_preserved(cells: list[Any], data: st.DataObject) -> None:
    labels = data.draw(st.lists(st.integers(-5, 5), min_size=len(cells), max_size=len(cells)))
    values = pd.Series(cells, index=labels, dtype=object, name="col")
    outputs = [
        is_blank(values),
        parse_dates(values),
        parse_numbers(values).values,
        parse_numbers(values).currency,
        normalize_currency(values),
        clean_text(values),
        clean_id(values),
    ]
    for out in outputs:
        assert len(out) == len(values)
        assert out.index.equals(values.index)
        assert out.name == "col"


texts = st.lists(st.one_of(st.none(), st.sampled_from(["", "C1", "1.5", "1e+05", " x", "客户7"])))


@settings(max_examples=40, deadline=None)
@given(cells=texts, cut=st.integers(0, 3), split_rows=st.integers(1, 4))
def test_a_pattern_matched_in_parts_matches_as_in_one(
    cells: list[str | None], cut: int, split_rows: int
) -> None:
    """A long column is matched in parts on threads; the parts give the one-piece answer,
    whatever the chunks the reader made."""
    import pyarrow as pa

    from tiercli.io import coerce

    chunks = [cells[:cut], cells[cut:]] if cut < len(cells) else [cells]
    array = pa.chunked_array(chunks, type=pa.large_string())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(coerce, "_SPLIT_ROWS", split_rows)
        patch.setattr(coerce.pa, "cpu_count", lambda: 3)
        for pattern in (r"[0-9]", r"^-?[0-9]+(?:\.[0-9]+)?$", r"^[!-~]+$"):
            expected = coerce._match(array, pattern)
            assert coerce._matches(array, pattern).tolist() == expected.tolist()


def test_a_forked_child_matches_in_parts_with_threads_of_its_own() -> None:
    """The run's steps beside it run in a forked child: it gets its own threads
    (:mod:`tiercli.threads`; an executor inherited from the parent has none and would wait for
    ever)."""
    import multiprocessing

    import pyarrow as pa

    from tiercli.io import coerce

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("no fork here")
    array = pa.array(["C1", "x", None, "7"] * 4, type=pa.large_string())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(coerce, "_SPLIT_ROWS", 2)
        patch.setattr(coerce.pa, "cpu_count", lambda: 2)
        coerce._matches(array, "[0-9]")  # the parent's threads exist now
        child = multiprocessing.get_context("fork").Process(
            target=lambda: coerce._matches(array, "[0-9]")
        )
        child.start()
        child.join(timeout=60)  # a guard against a hang, not a timing
        if child.is_alive():
            child.kill()
        assert child.exitcode == 0


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (["1.200", "16.963,93", "2.500", "350,00"], [1200.0, 16963.93, 2500.0, 350.0]),
        (["1,500", "350,75", "2,250", "99,90"], [1.5, 350.75, 2.25, 99.9]),
        (["€ 1.200,50", "US$ 3.000", "(1.500,00)"], [1200.5, 3000.0, -1500.0]),
        (["1,234.50", "1.200", "12,5"], [1234.5, 1.2, 12.5]),  # both kinds: cell by cell
        (["1,200", "2,500", "3.5"], [1200.0, 2500.0, 3.5]),
        (["1.200", "2.500"], [1.2, 2.5]),  # nothing says otherwise: a dot is a decimal point
        (["1.000,-", "250,-", "1.234,56"], [1000.0, 250.0, 1234.56]),
        (["1000,-", "12.5", "1,234.50"], [1000.0, 12.5, 1234.5]),
        (["1'000.-", "250.-", "12.50"], [1000.0, 250.0, 12.5]),
        (["250.-", "1.000,00-", "99,- €"], [250.0, -1000.0, 99.0]),
        (["1.000,-", "1.200"], [1000.0, 1200.0]),  # ",-": the comma is the decimal mark
        # a cell whose own currency writes a decimal point: its comma groups thousands
        (["€1.234,50", "£1,000", "$2,500"], [1234.5, 1000.0, 2500.0]),
        (
            ["1.234,50 €", "2,500 USD", "US$ 3,000", "HK$1,500", "¥8,000", "8,000元", "₹ 1,500"],
            [1234.5, 2500.0, 3000.0, 1500.0, 8000.0, 8000.0, 1500.0],
        ),
        (["1.234,50", "R$ 1,500", "€ 2,500", "1,500"], [1234.5, 1.5, 2.5, 1.5]),  # the column's
    ],
    ids=[
        "dot-thousands",
        "comma-decimals",
        "with-currency",
        "mixed",
        "comma-thousands",
        "plain",
        "no-cents-german",
        "no-cents-english",
        "no-cents-swiss",
        "no-cents-mixed",
        "no-cents-says-comma",
        "point-currencies",
        "point-currency-codes",
        "comma-currencies",
    ],
)
def test_a_column_is_read_with_the_decimal_mark_its_cells_show(
    cells: list[str], expected: list[float]
) -> None:
    """A German export's 1.200 beside 16.963,93 was read as 1.2 (each cell on its own)."""
    got = parse_numbers(pd.Series(cells, dtype="string[pyarrow]")).values.tolist()
    assert got == pytest.approx(expected)
