"""Bounded fuzzing of the readers and the config loader: whatever the bytes, the answer is tables
or a TiercliError (exit 2) — never another exception.

Inside ``make test`` each test draws a few dozen examples (seconds). The longer run, documented
in docs/errors.md, draws fresh random examples for about ten minutes:

    TIERCLI_FUZZ_EXAMPLES=5000 HYPOTHESIS_PROFILE=explore .venv/bin/pytest tests/test_fuzz.py
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tiercli.config.loader import load_config, parse_config
from tiercli.errors import TiercliError
from tiercli.features import build_customer_table
from tiercli.io.normalize import normalize
from tiercli.io.readers import RawSheet, read_any
from tiercli.pipeline import run

EXAMPLES = int(os.environ.get("TIERCLI_FUZZ_EXAMPLES", "30"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
CFG = load_config(None)
SUFFIXES = [".csv", ".txt", ".tsv", ".xlsx", ".xls", ".xlsb", ".ods", ".parquet", ""]


def _check_sheets(sheets: list[RawSheet]) -> None:
    for sheet in sheets:
        assert len(sheet.frame) == len(sheet.rows)
        assert sheet.rows.is_monotonic_increasing
        assert all(isinstance(c, str) and c for c in sheet.frame.columns)
        assert len(set(sheet.frame.columns)) == sheet.frame.shape[1]
        if sheet.malformed is not None:
            assert len(sheet.malformed) == len(sheet.frame)


def _read(data: bytes, suffix: str) -> list[RawSheet] | None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"export{suffix}"
        path.write_bytes(data)
        try:
            sheets = read_any(path)
        except TiercliError as exc:
            assert str(exc).startswith(str(path)), exc
            return None
        _check_sheets(sheets)
        return sheets


def _through(sheets: list[RawSheet] | None) -> None:
    """Normalize and build the customer table; a TiercliError is the only allowed failure."""
    if not sheets:
        return
    try:
        tables = normalize({"orders": sheets}, CFG)
    except TiercliError:
        return
    recon = tables.reconciliation
    parts = recon[["used", "rejected", "duplicates", "after_as_of"]].sum(axis=1)
    assert (recon["rows_read"] == parts).all()
    build_customer_table(tables, tables.as_of)


@FUZZ
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_any_bytes_under_any_name(data: bytes, suffix: str) -> None:
    _read(data, suffix)


_CELL = st.one_of(
    st.sampled_from(["C1", "C2", "00042", "42", "A-1", "", " ", "N/A", "—", "客户甲", "=1+1"]),
    st.sampled_from(
        ["2026-01-05", "2026/3/5", "05.03.2026", "45123", "2026-01-05 23:59", "1850-01-01"]
    ),
    st.sampled_from(["100", "1,234.50", "$1 234", "¥800", "USD 120", "1e308", "-5", "inf", "TBD"]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12),
    st.text(alphabet=',;\t|"\r\n\x00 ', max_size=4),
)
_ROW = st.lists(_CELL, min_size=0, max_size=7)
_HEADER = st.permutations(["订单号", "客户编号", "下单日期", "金额", "数量", "币种", "Status"]).map(
    lambda h: h[: 4 + len(h) % 3]
)


@FUZZ
@given(
    header=_HEADER,
    rows=st.lists(_ROW, max_size=12),
    sep=st.sampled_from([",", ";", "\t", "|"]),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "gb18030", "big5"]),
    cut=st.integers(0, 3),
    suffix=st.sampled_from([".csv", ".xls", ".txt"]),
)
def test_messy_text_tables_end_in_tables_or_an_input_error(
    header: list[str],
    rows: list[list[str]],
    sep: str,
    newline: str,
    encoding: str,
    cut: int,
    suffix: str,
) -> None:
    text = newline.join(sep.join(r) for r in [header, *rows]) + newline
    data = text.encode(encoding, errors="replace")
    data = data[: len(data) - cut] if cut else data  # a file cut short
    _through(_read(data, suffix))


def _workbook(rows: list[list[Any]]) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("订单")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


_VALID_XLSX = _workbook(
    [
        ["订单号", "客户编号", "下单日期", "金额"],
        ["A1", "C1", dt.datetime(2026, 1, 5, 10, 30), 100],
        ["A2", "C2", "2026-02-05", "1,200.50"],
    ]
)


@FUZZ
@given(
    cut=st.integers(0, len(_VALID_XLSX)),
    flips=st.lists(
        st.tuples(st.integers(0, len(_VALID_XLSX) - 1), st.integers(0, 255)), max_size=6
    ),
    suffix=st.sampled_from([".xlsx", ".xls", ".csv"]),
)
def test_damaged_workbooks(cut: int, flips: list[tuple[int, int]], suffix: str) -> None:
    data = bytearray(_VALID_XLSX[: cut or None])
    for at, value in flips:
        if at < len(data):
            data[at] = value
    _through(_read(bytes(data), suffix))


_SECTIONS = [
    "lang",
    "as_of",
    "input",
    "columns",
    "currency",
    "orders",
    "rfm",
    "abc",
    "lifecycle",
    "reactivation",
    "playbook",
    "clv",
    "scoring",
    "trade",
    "levels",
    "enabled",
    "thresholds",
    "segment_map",
    "header_row",
    "date_order",
    "base",
    "rates",
    "weights",
    "tiers",
]
_SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["china8", "rfm11", "USD", "DMY", "quantile", "thresholds", "2999-01-01", ""]),
    st.text(max_size=8),
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
)
_VALUE = st.recursive(
    _SCALAR,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.sampled_from(_SECTIONS) | st.text(max_size=6), inner, max_size=4),
    ),
    max_leaves=12,
)


@FUZZ
@given(data=st.dictionaries(st.sampled_from(_SECTIONS), _VALUE, max_size=4))
def test_any_config_mapping_is_a_config_or_a_config_error(data: dict[str, Any]) -> None:
    try:
        parse_config(data, "fuzz.yaml")
    except TiercliError as exc:
        assert "fuzz.yaml" in str(exc)


@FUZZ
@given(text=st.one_of(st.text(max_size=200), _VALUE.map(lambda v: yaml.safe_dump(v))))
def test_any_config_file_is_a_config_or_a_config_error(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c.yaml"
        path.write_bytes(text.encode("utf-8", errors="replace"))
        try:
            load_config(path)
        except TiercliError as exc:
            assert str(path) in str(exc)


@pytest.mark.parametrize("section", ["rfm", "abc", "lifecycle", "scoring", "trade", "clv"])
def test_a_run_on_tiny_data_survives_each_section_disabled(section: str) -> None:
    cfg = parse_config({section: {"enabled": False}}, "t")
    frame = io.StringIO("order_id,customer_id,order_date,amount\nA1,C1,2026-01-05,100\n")
    import pandas as pd

    sheet = RawSheet("o.csv", None, pd.read_csv(frame, dtype=str), pd.Series([2]), 1)
    try:
        result = run(normalize({"orders": [sheet]}, cfg), cfg)
    except TiercliError as exc:  # a step that needs the disabled one says so
        assert f"{section} -> enabled" in str(exc)
        return
    assert list(result.customers.index) == ["C1"]
