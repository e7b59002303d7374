"""Writers: the workbook (opened with openpyxl), the terminal summary (golden file), atomic
writes, formula-like text."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console

from support import loyal_run
from tiercli.config.loader import parse_config
from tiercli.pipeline import SegmentationResult, segment
from tiercli.report import workbook as workbook_module
from tiercli.report.terminal import render_summary
from tiercli.report.workbook import write_workbook

DATA = Path(__file__).parent / "data"
GOLDEN = Path(__file__).parent / "golden"
CFG = parse_config({"currency": {"source": "fixed", "rates": {"EUR": 1.1, "GBP": 1.25}}}, "t")


@pytest.fixture(scope="module")
def mini() -> SegmentationResult:
    import datetime as dt

    return segment(
        [],
        CFG,
        orders=[DATA / "mini_orders.csv"],
        customers=[DATA / "mini_customers.csv"],
        inquiries=[DATA / "mini_inquiries.csv"],
        as_of=dt.date(2026, 6, 30),
    )


@pytest.mark.parametrize(
    ("lang", "sheets", "first_headers"),
    [
        (
            "zh",
            ["汇总", "客户", "客户盘活", "资源分配", "跨售推荐", "合并", "数据质量", "配置"],
            ["客户编号", "客户名称", "国家"],
        ),
        (
            "en",
            [
                "Summary",
                "Customers",
                "Reactivation",
                "Resources",
                "Cross-sell",
                "Merges",
                "Data quality",
                "Config",
            ],
            ["Customer ID", "Name", "Country"],
        ),
    ],
)
def test_sheets_and_headers_per_language(
    tmp_path: Path,
    mini: SegmentationResult,
    lang: str,
    sheets: list[str],
    first_headers: list[str],
) -> None:
    path = write_workbook(mini, tmp_path / "t.xlsx", lang)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[: len(sheets)] == sheets
    customers = book[sheets[1]]
    assert [c.value for c in customers[1][:3]] == first_headers
    assert customers.freeze_panes == "B2"
    money = "销售额 (USD)" if lang == "zh" else "Revenue (USD)"  # money headers say the currency
    assert money in [c.value for c in customers[1]]
    assert customers.auto_filter.ref is not None and customers.auto_filter.ref.startswith("A1:")


def test_number_formats_and_formula_text(tmp_path: Path, mini: SegmentationResult) -> None:
    path = write_workbook(mini, tmp_path / "t.xlsx", "en")
    ws = openpyxl.load_workbook(path)["Customers"]
    headers = [c.value for c in ws[1]]
    col = {h: i + 1 for i, h in enumerate(headers)}
    c001 = 3  # rows: header, 00042, C001 …
    assert ws.cell(c001, col["Revenue (USD)"]).number_format == "#,##0.00"
    assert ws.cell(c001, col["Revenue (USD)"]).value == 1700
    assert ws.cell(c001, col["Last order"]).number_format == "yyyy-mm-dd"
    assert ws.cell(c001, col["Inquiry conversion"]).number_format == "0.0%"
    assert ws.cell(c001, col["Median order value (USD)"]).number_format == "#,##0.00"
    assert ws.cell(c001, col["Composite score"]).number_format == "#,##0.0"
    assert ws.cell(c001, col["Service hours / month"]).number_format == "#,##0.00"  # 0.03 h
    formula = ws.cell(5, col["Name"])  # C003
    assert formula.value == '=HYPERLINK("http://x")' and formula.data_type == "s"


def test_zh_workbook_localises_labels(tmp_path: Path, mini: SegmentationResult) -> None:
    path = write_workbook(mini, tmp_path / "t.xlsx", "zh")
    book = openpyxl.load_workbook(path)
    values = {c.value for row in book["客户"].iter_rows(min_row=2) for c in row}
    assert {"活跃客户", "潜在客户"} & values
    quality = {c.value for row in book["数据质量"].iter_rows() for c in row}
    assert "客户编号为空" in quality and "已取消订单" in quality


def test_config_sheet_has_inputs_hashes_and_yaml(tmp_path: Path, mini: SegmentationResult) -> None:
    import hashlib

    path = write_workbook(mini, tmp_path / "t.xlsx", "en")
    cells = [c.value for row in openpyxl.load_workbook(path)["Config"].iter_rows() for c in row]
    digest = hashlib.sha256((DATA / "mini_orders.csv").read_bytes()).hexdigest()
    assert digest in cells
    assert "2026-06-30" in cells
    # details and the effective config as tables: one setting a row, no multi-line cells
    assert "RFM segments · cut points.recency" in cells
    assert not [c for c in cells if isinstance(c, str) and "\n" in c]
    assert "rfm.levels" in cells


def test_a_killed_write_leaves_the_previous_file_intact(
    tmp_path: Path, mini: SegmentationResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "tiers.xlsx"
    target.write_bytes(b"last month's workbook")

    def boom(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(workbook_module, "_customers_sheet", boom)
    with pytest.raises(KeyboardInterrupt):
        write_workbook(mini, target, "en")
    assert target.read_bytes() == b"last month's workbook"
    assert [p.name for p in tmp_path.iterdir()] == ["tiers.xlsx"]  # no temporary file left


def test_missing_output_folder_is_created(tmp_path: Path, mini: SegmentationResult) -> None:
    path = write_workbook(mini, tmp_path / "a" / "b" / "t.xlsx", "en")
    assert path.is_file()


@pytest.mark.parametrize("width", [80, 100, 140])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_terminal_summary_matches_golden(mini: SegmentationResult, lang: str, width: int) -> None:
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False)
    render_summary(mini, console, lang, [Path("out/tiers.xlsx")])
    got = buffer.getvalue().replace(str(DATA) + os.sep, "")
    assert max(cell_len(line) for line in got.splitlines()) <= width
    assert "…" not in got  # neither a number nor a label is cut
    golden = GOLDEN / f"summary_mini_{lang}_{width}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(got, encoding="utf-8")
    assert got == golden.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def mini_followups() -> SegmentationResult:
    """The mini run with follow-up records: owners, contact gaps (tests/test_activities.py)."""
    import datetime as dt

    return segment(
        [],
        CFG,
        orders=[DATA / "mini_orders.csv"],
        customers=[DATA / "mini_customers.csv"],
        inquiries=[DATA / "mini_inquiries.csv"],
        activities=[DATA / "mini_activities.csv"],
        as_of=dt.date(2026, 6, 30),
    )


@pytest.mark.parametrize("width", [80, 100, 140])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_terminal_summary_with_follow_ups_matches_golden(
    mini_followups: SegmentationResult, lang: str, width: int
) -> None:
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False)
    render_summary(mini_followups, console, lang, [Path("out/tiers.xlsx")])
    got = buffer.getvalue().replace(str(DATA) + os.sep, "")
    assert max(cell_len(line) for line in got.splitlines()) <= width
    assert "…" not in got
    if lang == "zh":  # the salesperson rows and totals in Chinese
        assert "(none)" not in got and "All " not in got
    golden = GOLDEN / f"summary_mini_followups_{lang}_{width}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(got, encoding="utf-8")
    assert got == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("width", [80, 100])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sample_numbers_are_never_cut(
    sample_result: SegmentationResult, lang: str, width: int
) -> None:
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False)
    render_summary(sample_result, console, lang, [])
    got = buffer.getvalue()
    assert not re.search(r"\d…|…\d", got), "a number was cut"
    revenue = f"{sample_result.reactivation['revenue'].max():,.0f}"
    assert revenue in got  # the largest reactivation revenue, shown first and whole (1,669,025)


def test_summary_has_native_charts_and_customers_has_colours(
    tmp_path: Path, mini: SegmentationResult
) -> None:
    import zipfile

    path = write_workbook(mini, tmp_path / "t.xlsx", "en")
    with zipfile.ZipFile(path) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        titles = " ".join(archive.read(n).decode("utf-8") for n in charts)
    assert len(charts) >= 4  # tiers, quadrants, RFM segments, Pareto curve, lifecycle
    assert "Pareto curve" in titles and "Tiers (composite score)" in titles
    assert "Value-potential matrix" in titles
    ws = openpyxl.load_workbook(path)["Customers"]
    rules = [r for cf in ws.conditional_formatting for r in cf.rules]
    assert any(r.type == "colorScale" for r in rules)
    assert any(r.type == "cellIs" and r.formula == ['"S"'] for r in rules)


def test_progress_draws_nothing_off_a_terminal() -> None:
    from tiercli.report.terminal import progress

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=False)
    with progress(console, "reading…"):
        pass
    assert buffer.getvalue() == ""


def test_print_setup_of_customer_sheets(tmp_path: Path, mini: SegmentationResult) -> None:
    path = write_workbook(mini, tmp_path / "t.xlsx", "zh")
    book = openpyxl.load_workbook(path)
    for name in ("客户", "客户盘活"):
        ws = book[name]
        assert ws.page_setup.orientation == "landscape", name
        assert ws.page_setup.fitToHeight == 0 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$1:$1", name
        assert ws.print_area


def test_data_quality_lists_errors_first_with_filter_and_frozen_header(
    tmp_path: Path, mini: SegmentationResult
) -> None:
    path = write_workbook(mini, tmp_path / "t.xlsx", "en")
    ws = openpyxl.load_workbook(path)["Data quality"]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    heading = next(i for i, r in enumerate(rows) if str(r[0]).startswith("Rows set aside"))
    assert rows[heading][0] == (
        "Rows set aside: 3 errors to fix (listed first), 1 left out by rule, 1 exact duplicate(s)"
    )
    header = rows[heading + 1]
    category = [r[header.index("Category")] for r in rows[heading + 2 :] if r[0]]
    assert category == ["Invalid"] * 3 + ["Excluded", "Duplicate"]
    assert ws.freeze_panes == f"A{heading + 3}"
    assert ws.auto_filter.ref.startswith(f"A{heading + 2}:")
    assert "Rejected" not in header and "Set aside" not in rows[2]


def test_no_prospects_row_without_prospects(tmp_path: Path) -> None:
    from tiercli.config import load_config
    from tiercli.pipeline import segment

    result = segment([DATA / "mini_orders.csv"], load_config(None))
    assert result.summary()["prospects"] == 0
    buffer = io.StringIO()
    render_summary(result, Console(file=buffer, width=100, color_system=None), "en", [])
    assert "Prospects" not in buffer.getvalue()
    path = write_workbook(result, tmp_path / "t.xlsx", "en")
    cells = {c.value for row in openpyxl.load_workbook(path)["Summary"].iter_rows() for c in row}
    assert "Prospects (no orders yet)" not in cells


def test_the_workbook_is_deflated_quickly_and_xlsxwriter_left_as_it_was(
    tmp_path: Path, mini: SegmentationResult
) -> None:
    """Zipped at zlib level 1 (three times as fast as the default 6, a fifth larger): each
    member's deflated bytes are level 1's; xlsxwriter's ZipFile is its own again after."""
    import zipfile
    import zlib

    import xlsxwriter.workbook

    from tiercli.report.workbook import DEFLATE_LEVEL

    path = write_workbook(mini, tmp_path / "t.xlsx", "en")
    assert xlsxwriter.workbook.ZipFile is zipfile.ZipFile
    with zipfile.ZipFile(path) as book:
        sheets = [i for i in book.infolist() if i.filename.startswith("xl/worksheets/sheet")]
        assert sheets
        for info in sheets:
            assert info.compress_type == zipfile.ZIP_DEFLATED
            deflate = zlib.compressobj(DEFLATE_LEVEL, zlib.DEFLATED, -15)
            expected = deflate.compress(book.read(info)) + deflate.flush()
            assert info.compress_size == len(expected), info.filename


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.one_of(st.none(), st.sampled_from(["A", "b", "星级", ""])), max_size=40),
    st.sampled_from(["str", "object", "category"]),
)
def test_shown_as_is_a_lookup_per_cell(cells: list[str | None], dtype: str) -> None:
    """The workbook shows label columns through one look-up per distinct value, taken by
    Arrow: the same texts, missing cells missing, as mapping every cell."""
    values = pd.Series(cells, dtype=dtype, index=pd.RangeIndex(len(cells)) + 7, name="tier")
    shown = workbook_module._shown_as(values, lambda v: f"<{v}>")
    expected = values.map(lambda v: f"<{v}>" if v is not None and v == v else None)
    assert shown.dtype == pd.StringDtype(na_value=pd.NA)
    assert shown.index.equals(values.index) and shown.name == "tier"
    assert shown.tolist() == expected.astype("string").tolist()


@pytest.mark.parametrize("width", [80, 100])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_sample_summary_fits_the_terminal_uncropped(
    sample_result: SegmentationResult, lang: str, width: int
) -> None:
    """Drawn without cropping, every line fits: the contact gaps table was 83 columns wide at
    80 (rich folded a header word and cropped the numbers' column), and a stacked list lost
    its "… in all" line."""
    buffer = io.StringIO()
    console = Console(
        file=buffer, width=width, color_system=None, force_terminal=False, soft_wrap=True
    )
    render_summary(sample_result, console, lang, [Path("tiers.xlsx")])
    got = buffer.getvalue()
    assert max(cell_len(line.rstrip()) for line in got.splitlines()) <= width
    gaps = sample_result.tables["contact_gaps"]
    more = (
        f"{len(gaps):,} in all; the full list is on the workbook's Contact gaps sheet"
        if lang == "en"
        else f"共 {len(gaps):,} 位"
    )
    buffer = io.StringIO()  # and with no workbook written (-o table.csv, validate)
    console = Console(
        file=buffer, width=width, color_system=None, force_terminal=False, soft_wrap=True
    )
    render_summary(sample_result, console, lang, [])
    bare = buffer.getvalue()
    assert max(cell_len(line.rstrip()) for line in bare.splitlines()) <= width
    assert more in got.replace("\n", " ") or more.replace(" ", "") in got.replace("\n", "")


def test_sentences_wrap_between_chinese_characters_and_at_spaces() -> None:
    """rich breaks lines at spaces only: a Chinese sentence broke early at the last space before
    a long run of characters, leaving half-empty lines."""
    from tiercli.report.terminal import wrap_cjk

    zh = (
        "统一客户档案：84 个来源编号合并为 33 个客户；另有 2 对建议合并（工作簿的“合并”表逐一列出）"
    )
    lines = wrap_cjk(zh, 40)
    assert lines == [
        "统一客户档案：84 个来源编号合并为 33 个",
        "客户；另有 2 对建议合并（工作簿的“合并”",
        "表逐一列出）",
    ]
    assert all(cell_len(line) <= 40 for line in lines)
    assert not any(line[0] in "，。；：）”" for line in lines)  # never before closing punctuation
    en = "identity: 84 source ids merged into 33 customers; 2 more pair(s) proposed"
    assert wrap_cjk(en, 30) == [
        "identity: 84 source ids merged",
        "into 33 customers; 2 more",
        "pair(s) proposed",
    ]
    assert wrap_cjk("x" * 70, 30) == ["x" * 30, "x" * 30, "x" * 10]  # a word wider than a line


def test_wrapped_table_headers_get_a_row_tall_enough(
    tmp_path: Path, sample_result: SegmentationResult
) -> None:
    """The Resources sheet's headers ('Cost per customer / month (USD)') wrapped inside a
    one-line row and were cut off in Excel, WPS and LibreOffice."""
    path = write_workbook(sample_result, tmp_path / "t.xlsx", "en")
    ws = openpyxl.load_workbook(path)["Resources"]
    heads = [r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Tier"]
    assert heads and all((ws.row_dimensions[r].height or 15) >= 45 for r in heads)


def test_a_share_bar_is_cropped_never_folded_onto_a_second_line() -> None:
    """At 80 columns the clusters' bar for 'Mainstream buyers' broke onto a second line."""
    from rich.table import Table

    from tiercli.report.terminal import fit

    table = Table(title="t")
    table.add_column("Behaviour cluster")
    for name in ("Customers", "Customer share", "Revenue share"):
        table.add_column(name, justify="right")
    table.add_column("", overflow="crop")
    table.add_row("Mainstream buyers", "665", "71.5%", "75.9%", "█" * 15)
    buffer = io.StringIO()
    Console(file=buffer, width=80, color_system=None, soft_wrap=True).print(fit(table, 80))
    rows = [line for line in buffer.getvalue().splitlines() if "665" in line or "buyers" in line]
    bars = [line.split("│")[-2] for line in rows if line.count("│") >= 6]
    assert bars and bars[0].strip().startswith("█")
    assert all("█" not in b for b in bars[1:])  # no second line of the bar


@pytest.fixture(scope="module")
def loyal() -> SegmentationResult:
    return loyal_run()


@pytest.mark.parametrize(("lang", "sheet", "header"), [("en", "Customers", "Loyalty score"),
                                                      ("zh", "客户", "loyalty分")])  # fmt: skip
def test_a_dimension_the_config_adds_has_its_column_in_the_workbook(
    tmp_path: Path, loyal: SegmentationResult, lang: str, sheet: str, header: str
) -> None:
    """The column was not written (the composite counted it); then its header was its code."""
    ws = openpyxl.load_workbook(write_workbook(loyal, tmp_path / "t.xlsx", lang))[sheet]
    headers = [c.value for c in ws[1]]
    assert "loyalty_score" not in headers
    j = headers.index(header) + 1
    c001 = 3  # rows: header, 00042, C001 …
    assert ws.cell(c001, j).value == 100
    assert ws.cell(c001, j).number_format == "#,##0.0"
    rules = [(cf.sqref, r.type) for cf in ws.conditional_formatting for r in cf.rules]
    letter = openpyxl.utils.get_column_letter(j)
    assert any(str(ref).startswith(f"{letter}2:") and t == "colorScale" for ref, t in rules)


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_a_dimension_the_config_adds_has_its_column_in_the_table(
    tmp_path: Path, loyal: SegmentationResult, suffix: str
) -> None:
    from tiercli.report.tables import write_table

    path = write_table(loyal, tmp_path / f"t{suffix}")[0]
    table = pd.read_csv(path) if suffix == ".csv" else pd.read_parquet(path)
    assert table.set_index("customer_id")["loyalty_score"].to_dict()["C001"] == 100


def test_a_long_config_value_wraps_in_a_tall_enough_row(
    tmp_path: Path, sample_result: SegmentationResult
) -> None:
    """The columns used (hundreds of characters) ran on across the Config sheet's empty
    columns; printed one page wide, the sheet shrank to be unreadable."""
    path = write_workbook(sample_result, tmp_path / "t.xlsx", "en")
    ws = openpyxl.load_workbook(path)["Config"]
    long = [r for r in range(1, ws.max_row + 1)
            if isinstance(ws.cell(r, 2).value, str) and len(ws.cell(r, 2).value) > 140]  # fmt: skip
    assert long
    for r in long:
        assert ws.cell(r, 2).alignment.wrap_text and (ws.row_dimensions[r].height or 15) >= 45
