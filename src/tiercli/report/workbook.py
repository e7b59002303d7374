"""The workbook (xlsxwriter, constant-memory): Summary, Customers, Data quality, Config.

Writers format what is in the result and compute nothing new. Strings are always written as
text (never as formulas, numbers or links), so a customer called ``=HYPERLINK(…)`` is harmless.
The file is written beside its target under a temporary name and renamed into place.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import xlsxwriter
import xlsxwriter.workbook
from xlsxwriter.worksheet import Worksheet

from tiercli import __version__, schema
from tiercli.catalogue import Labels, pick, text
from tiercli.classifiers.base import Summary
from tiercli.classifiers.registry import find
from tiercli.codes import texts_by_code, value_codes
from tiercli.pipeline import SegmentationResult
from tiercli.report import sheet_rows
from tiercli.report.atomic import atomic_path
from tiercli.report.details import detail_rows


def write_workbook(result: SegmentationResult, path: Path, lang: str = "zh") -> Path:
    """Write the full workbook to *path* atomically; return the path."""
    with atomic_path(path) as tmp:
        book = xlsxwriter.Workbook(
            str(tmp),
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
                "default_date_format": "yyyy-mm-dd",
            },
        )
        book.set_properties({"title": text("title", lang), "comments": f"tiercli {__version__}"})
        fmt = _Formats(book, result.base_currency)
        _summary_sheet(book, fmt, result, lang)
        _customers_sheet(book, fmt, result, lang)
        sheets: dict[str, list[Summary]] = {}
        for summary in result.summaries:
            if summary.group == "sheet":
                sheets.setdefault(pick(summary.sheet or summary.title, lang), []).append(summary)
        for name, parts in sheets.items():
            if len(parts) == 1 and not parts[0].chart:
                _list_sheet(book, fmt, result, parts[0], name, lang)
            else:
                _tables_sheet(book, fmt, result, parts, name, lang)
        _migration_sheet(book, fmt, result, lang)
        _merges_sheet(book, fmt, result, lang)
        _quality_sheet(book, fmt, result, lang)
        _config_sheet(book, fmt, result, lang)
        with _quick_deflate():
            book.close()
    return path


DEFLATE_LEVEL = 1


@contextmanager
def _quick_deflate() -> Iterator[None]:
    """While the workbook is zipped, at zlib level :data:`DEFLATE_LEVEL`, not its default (6):
    the sheets' XML deflates about three times as fast for a fifth more bytes (the Online
    Retail workbook, its 137k rejected lines on the Data quality sheet: the write 0.69 → 0.48 s,
    4.5 → 5.5 MB). xlsxwriter has no setting for it, so the ZipFile it makes the package with
    is given the level for this close only; an xlsxwriter that does not zip with
    :class:`zipfile.ZipFile` is left as it is (the default level)."""
    module = xlsxwriter.workbook
    if getattr(module, "ZipFile", None) is not zipfile.ZipFile:
        yield
        return
    module.ZipFile = functools.partial(zipfile.ZipFile, compresslevel=DEFLATE_LEVEL)
    try:
        yield
    finally:
        module.ZipFile = zipfile.ZipFile


class _Formats:
    def __init__(self, book: xlsxwriter.Workbook, currency: str):
        self.currency = currency  # money headers say it: 销售额 (USD)
        self.title = book.add_format({"bold": True, "font_size": 16})
        self.section = book.add_format({"bold": True, "font_size": 12, "font_color": "#1F4E78"})
        self.header = book.add_format(
            {
                "bold": True,
                "bg_color": "#1F4E78",
                "font_color": "#FFFFFF",
                "border": 1,
                "text_wrap": True,
                "valign": "vcenter",
            }
        )
        self.label = book.add_format({"bold": True})
        self.money = book.add_format({"num_format": "#,##0.00"})
        self.integer = book.add_format({"num_format": "#,##0"})
        self.percent = book.add_format({"num_format": "0.0%"})
        self.date = book.add_format({"num_format": "yyyy-mm-dd"})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.mono = book.add_format({"font_name": "Consolas", "valign": "top"})
        self.kpi_text = book.add_format({"align": "right"})
        self.decimal = book.add_format({"num_format": "#,##0.00"})  # (hours to the cent)
        self.score = book.add_format({"num_format": "#,##0.0"})
        self.plain_integer = book.add_format({"num_format": "0"})


def _column_format(
    name: str, fmt: _Formats, specs: Mapping[str, schema.Column] | None = None
) -> Any:
    """The cell format of a column, from its display kind in the schema (or *specs*)."""
    return {
        "money": fmt.money,
        "percent": fmt.percent,
        "date": fmt.date,
        "row": fmt.plain_integer,
        "integer": fmt.integer,
        "decimal": fmt.decimal,
        "score": fmt.score,
    }.get(schema.kind(name, specs) or "text")


def _write_table(
    ws: Worksheet,
    fmt: _Formats,
    frame: pd.DataFrame,
    first_row: int,
    lang: str,
    widths: dict[str, int] | None = None,
    set_widths: bool = True,
    specs: Mapping[str, schema.Column] | None = None,
    sheet_widths: Callable[[int], float] | None = None,
) -> int:
    """Header + rows at *first_row*, returning the next free row.

    With *set_widths*, the table owns its columns (widths and number formats for the whole
    column); otherwise (several tables stacked on one sheet) each cell carries its format, and
    *sheet_widths* gives the widths the sheet set (column → width). The header row is as tall
    as its longest wrapped header needs (spreadsheets do not grow a row for wrapped text).
    """
    columns = list(frame.columns)
    headers = [schema.header(name, lang, fmt.currency, specs) for name in columns]
    for j, header in enumerate(headers):
        ws.write_string(first_row, j, header, fmt.header)
    shown = [sheet_widths(j) for j in range(len(columns))] if sheet_widths else None
    if set_widths:
        shown = []
        for j, name in enumerate(columns):
            width = (widths or {}).get(name) or _width(frame[name], headers[j])
            ws.set_column(j, j, width, _column_format(name, fmt, specs))
            shown.append(width)
    if shown:
        lines = max(
            -(-_shown_width(h) // max(int(w) - 1, 1)) for h, w in zip(headers, shown, strict=True)
        )
        if lines > 1:
            ws.set_row(first_row, 15 * min(lines, 4))
    if set_widths:  # the column formats apply: the rows as one block of XML, or row by row
        if not sheet_rows.write_rows(ws, frame, first_row + 1):
            for i, row in enumerate(_rows(frame), start=first_row + 1):
                ws.write_row(i, 0, row)
        return first_row + 1 + len(frame)
    formats = [_column_format(name, fmt, specs) for name in columns]
    for i, row in enumerate(_rows(frame), start=first_row + 1):
        for j, value in enumerate(row):
            if value is not None:
                ws.write(i, j, value, formats[j])
    return first_row + 1 + len(frame)


def _SUMMARY_WIDTHS(column: int) -> float:
    """The Summary sheet's column widths (set where it is written)."""
    return 30 if column == 0 else 16 if column == 1 else 14


def _rows(frame: pd.DataFrame) -> Iterable[tuple[Any, ...]]:
    """Rows of plain Python values (None for empty), converted one column at a time.

    ``tolist`` turns numpy scalars into Python ones; datetimes stay ``Timestamp`` (a
    ``datetime``), which xlsxwriter writes as dates.
    """
    columns = [
        frame[name].astype(object).where(frame[name].notna(), None).tolist()
        for name in frame.columns
    ]
    return zip(*columns, strict=True)


_WIDE = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")  # CJK: 2 columns


def _shown_width(text: str) -> int:
    """Columns *text* takes on screen: CJK characters count double."""
    return len(text) if text.isascii() else len(text) + len(_WIDE.findall(text))


def _width(col: pd.Series, header: str) -> int:
    """Column width from the header and the first 500 values (CJK characters count double)."""
    sample = col.head(500)
    if pd.api.types.is_float_dtype(sample):
        texts = [f"{v:,.2f}" for v in sample.to_numpy(dtype="float64", na_value=np.nan) if v == v]
    else:  # a value's text as the sheet shows it (dates without their midnight)
        texts = sample.astype("string").dropna().tolist()
    longest = max(map(_shown_width, texts), default=0)
    return max(8, min(40, max(longest, _shown_width(header)) + 2))


# Fill colours of label values in the Customers sheet (tiers, quadrants, ABC, lifecycle).
VALUE_COLOURS = {
    "tier": {"S": "#1F4E78", "A": "#2E75B6", "B": "#9DC3E6", "C": "#DEEBF7", "D": "#F2F2F2"},
    "quadrant": {
        "star": "#70AD47",
        "growth": "#A9D18E",
        "maintain": "#FFD966",
        "transform": "#F4B183",
    },
    "abc_class": {"A": "#70AD47", "B": "#FFD966", "C": "#F2F2F2", "D": "#F4B183"},
    "lifecycle": {
        "active": "#A9D18E",
        "new": "#9DC3E6",
        "sleeping": "#FFD966",
        "lost": "#F4B183",
        "prospect": "#F2F2F2",
    },
}
DARK = {"#1F4E78", "#2E75B6"}
# What a sales team reads first: who, which tier, what to do; every other column follows.
LEAD_COLUMNS = (
    "customer_id",
    "name",
    "country",
    "tier",
    "composite_score",
    "quadrant",
    "lifecycle",
    "rfm_segment",
    "abc_class",
    "action",
    "revenue",
    "revenue_12m",
    "last_order_date",
)
CHART_ROWS = 16  # rows a chart takes beside its table
CHART_COLUMN = 7  # charts start right of the widest summary table


def _summary_sheet(
    book: xlsxwriter.Workbook, fmt: _Formats, result: SegmentationResult, lang: str
) -> None:
    ws = book.add_worksheet(text("sheet_summary", lang))
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)  # one page wide when printed
    ws.hide_gridlines(2)
    s = result.headline()  # (not the whole --json summary: its tables are written below)
    ws.set_column(0, 0, 30)
    ws.set_column(1, 1, 16)
    ws.set_column(2, 6, 14)
    ws.write_string(0, 0, text("title", lang), fmt.title)
    inputs = ", ".join(Path(f.path).name for f in result.inputs)
    ws.write_string(1, 0, f"{text('as_of', lang)} {s['as_of']} · {inputs}")
    for note in result.notes:
        if note.code == "run.owner_only":  # --owner: say whose customers these are
            ws.write_string(2, 0, note.render(lang, result.labels), fmt.label)
    active = s["lifecycle_counts"].get("active")
    kpis: list[tuple[str, Any, Any]] = [
        ("customers", s["customers"], fmt.integer),
        ("buyers", s["customers_with_orders"], fmt.integer),
        ("active", active, fmt.integer),
        ("prospects", s["prospects"] or None, fmt.integer),  # no row without prospects
        ("returns_only", s["returns_only"] or None, fmt.integer),  # as in the terminal
        ("orders", s["orders"], fmt.integer),
        ("revenue", s["revenue"], fmt.money),
        ("base_currency", s["base_currency"], None),
    ]
    row = 3
    for key, value, cell_format in kpis:
        if value is None:
            continue
        ws.write_string(row, 0, text(key, lang), fmt.label)
        ws.write(row, 1, value, cell_format or fmt.kpi_text)
        row += 1
    row += 1
    for summary in result.summaries:
        if summary.group == "sheet":
            continue
        chart_kind = summary.chart
        title = pick(summary.title, lang)
        ws.write_string(row, 0, title, fmt.section)
        shown = _localized(summary.table.reset_index(), result.labels, lang, summary.columns)
        first = row + 1
        end = _write_table(
            ws, fmt, shown, first, lang, set_widths=False, specs=summary.columns,
            sheet_widths=_SUMMARY_WIDTHS,
        )  # fmt: skip
        if chart_kind == "pareto" and summary.curve is not None:
            # The curve's points sit under the ABC table: the chart reads them from there.
            first = end + 1
            pareto = summary.curve
            end = _write_table(
                ws, fmt, pareto, first, lang, set_widths=False, sheet_widths=_SUMMARY_WIDTHS
            )
            ws.insert_chart(
                row + 1, CHART_COLUMN, _pareto_chart(book, ws.name, first, len(pareto), lang)
            )
            end = max(end, row + 1 + CHART_ROWS)
        elif chart_kind in {"column", "bar"}:
            chart = _chart(book, ws.name, title, chart_kind, first, len(shown))
            tall = max(1.0, len(shown) / 8)
            ws.insert_chart(first, CHART_COLUMN, chart, {"x_scale": 1.25, "y_scale": tall})
            end = max(end, first + round(CHART_ROWS * tall))
        row = end + 1
    ws.write_string(row, 0, text("rows", lang), fmt.section)
    recon = _localized(result.reconciliation.drop(columns="rejected"), result.labels, lang).assign(
        source_file=_shown_as(result.reconciliation["source_file"], _file_name)
    )
    row = (
        _write_table(ws, fmt, recon, row + 1, lang, set_widths=False, sheet_widths=_SUMMARY_WIDTHS)
        + 1
    )
    if result.warnings:
        ws.write_string(row, 0, text("warnings", lang), fmt.section)
        for warning in result.warnings:
            row += 1
            ws.write_string(row, 0, warning.render(lang, result.labels))
        row += 1


def _chart(
    book: xlsxwriter.Workbook, sheet: str, title: str, kind: str, first: int, rows: int
) -> Any:
    """Customer share and revenue share per label of a summary table written at *first*
    (its header row) with *rows* rows."""
    labels = [sheet, first + 1, 0, first + rows, 0]
    chart = book.add_chart({"type": kind})
    chart.set_title({"name": title})
    for column, colour in ((2, "#9DC3E6"), (4, "#1F4E78")):
        chart.add_series(
            {
                "name": [sheet, first, column],
                "categories": labels,
                "values": [sheet, first + 1, column, first + rows, column],
                "fill": {"color": colour},
                "data_labels": {"value": True, "num_format": "0%"},
            }
        )
    axis = {"num_format": "0%", "major_gridlines": {"visible": False}}
    if kind == "bar":
        chart.set_x_axis(axis)
        chart.set_y_axis({"reverse": True})
    else:
        chart.set_y_axis(axis)
    chart.set_legend({"position": "bottom"})
    return chart


def _pareto_chart(book: xlsxwriter.Workbook, sheet: str, first: int, rows: int, lang: str) -> Any:
    """The cumulative revenue curve over the Pareto points (customer share → revenue share)."""
    chart = book.add_chart({"type": "scatter", "subtype": "straight"})
    chart.set_title({"name": text("chart_pareto", lang)})
    chart.add_series(
        {
            "categories": [sheet, first + 1, 0, first + rows, 0],
            "values": [sheet, first + 1, 1, first + rows, 1],
            "line": {"color": "#1F4E78", "width": 2.25},
        }
    )
    for axis, key in ((chart.set_x_axis, "customer_share"), (chart.set_y_axis, "revenue_share")):
        axis(
            {
                "name": schema.header(key, lang),
                "num_format": "0%",
                "min": 0,
                "max": 1,
                "major_unit": 0.2,
            }
        )
    chart.set_legend({"none": True})
    return chart


def _customers_sheet(
    book: xlsxwriter.Workbook, fmt: _Formats, result: SegmentationResult, lang: str
) -> None:
    ws = book.add_worksheet(text("sheet_customers", lang))
    frame = result.customers.reset_index()
    lead = [c for c in LEAD_COLUMNS if c in frame]
    frame = _localized(
        frame[lead + [c for c in frame.columns if c not in lead]], result.labels, lang
    )
    ws.freeze_panes(1, 1)
    # Printed: the lead columns (who, tier, action, value), landscape, one page wide, header on
    # every page; the full table stays on screen.
    _print_setup(ws, len(frame), len(lead))
    ws.set_row(0, 30)
    last = max(len(frame), 1)
    ws.autofilter(0, 0, last, len(frame.columns) - 1)
    specs = schema.run_columns(result.labels.run)  # a scoring dimension the config adds
    _write_table(ws, fmt, frame, 0, lang, specs=specs)
    columns = list(frame.columns)
    for name in columns:
        if schema.kind(name, specs) == "score":
            j = columns.index(name)
            ws.conditional_format(
                1,
                j,
                last,
                j,
                {
                    "type": "3_color_scale",
                    "min_type": "num",
                    "min_value": 0,
                    "mid_type": "num",
                    "mid_value": 50,
                    "max_type": "num",
                    "max_value": 100,
                    "min_color": "#F8696B",
                    "mid_color": "#FFEB84",
                    "max_color": "#63BE7B",
                },
            )
    for name, colours in VALUE_COLOURS.items():
        if name not in columns:
            continue
        j = columns.index(name)
        for value, colour in colours.items():
            shown = result.labels.value(name, value, lang)
            cell = book.add_format(
                {"bg_color": colour, "font_color": "#FFFFFF" if colour in DARK else "#000000"}
            )
            ws.conditional_format(
                1,
                j,
                last,
                j,
                {"type": "cell", "criteria": "==", "value": f'"{shown}"', "format": cell},
            )


def _print_setup(ws: Worksheet, rows: int, columns: int) -> None:
    """A4 landscape, fit to one page wide, the header row repeated, printing *columns*."""
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)
    ws.print_area(0, 0, max(rows, 1), max(columns - 1, 0))


def _localized(
    frame: pd.DataFrame,
    labels: Labels,
    lang: str,
    specs: Mapping[str, schema.Column] | None = None,
) -> pd.DataFrame:
    """Label columns shown by their labels in *lang* (each distinct value looked up once)."""
    frame = frame.copy()
    for column in frame.columns:
        if schema.kind(column, specs) == "label":
            frame[column] = _shown_as(
                frame[column], functools.partial(labels.value, column, lang=lang)
            )
    return frame


def _shown_as(values: pd.Series, show: Callable[[Any], str]) -> pd.Series:
    """*values* as the texts *show* gives, called once per distinct value (missing stays
    missing), as a ``string`` column: by the values' codes, the texts taken by Arrow — not a
    Python look-up per cell (the 137k rejected lines of Online Retail: 22 → 3 ms)."""
    codes, distinct = value_codes(values)
    return texts_by_code([show(v) for v in distinct], codes, values.index, values.name)


def _file_name(path: Any) -> str:
    return Path(str(path)).name


def _migration_sheet(
    book: xlsxwriter.Workbook, fmt: _Formats, result: SegmentationResult, lang: str
) -> None:
    moved = result.migration
    if moved is None:
        return
    ws = book.add_worksheet(text("sheet_migration", lang))
    ws.set_column(0, 0, 16)
    ws.write_string(0, 0, text("migration_matrix", lang), fmt.section)
    ws.write_string(1, 0, moved.source)
    matrix = moved.matrix.reset_index()
    labels = result.labels
    matrix.columns = [
        schema.header("previous_tier", lang)
        if c == "previous_tier"
        else labels.value("movement" if c == "gone" else "tier", c, lang)
        for c in matrix.columns
    ]
    matrix.iloc[:, 0] = [
        labels.value("movement" if v == "new" else "tier", v, lang) for v in matrix.iloc[:, 0]
    ]
    row = _write_table(ws, fmt, matrix, 3, lang, set_widths=False) + 1
    c = result.customers
    changed = c.loc[c["movement"].isin(["up", "down"]).fillna(False).astype(bool)]
    movers = _localized(
        changed.reset_index()[
            [
                "customer_id",
                "name",
                "previous_tier",
                "tier",
                "movement",
                "revenue",
                "composite_score",
            ]
        ],
        result.labels,
        lang,
    )
    ws.write_string(row, 0, text("movers", lang), fmt.section)
    row = _write_table(ws, fmt, movers, row + 1, lang, set_widths=False) + 1
    if not moved.gone.empty:
        ws.write_string(row, 0, text("gone", lang), fmt.section)
        gone = _localized(moved.gone.reset_index(), result.labels, lang)
        _write_table(ws, fmt, gone, row + 1, lang, set_widths=False)


def _tables_sheet(
    book: xlsxwriter.Workbook,
    fmt: _Formats,
    result: SegmentationResult,
    parts: list[Summary],
    name: str,
    lang: str,
) -> None:
    """Tables sharing one sheet (resources per tier, per salesperson), each under its title,
    each with a native column chart of its ``chart_columns`` beside it."""
    ws = book.add_worksheet(name)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.set_column(0, 0, 16)
    ws.set_column(1, 20, 14)
    row = 0
    for summary in parts:
        ws.write_string(row, 0, pick(summary.title, lang), fmt.section)
        frame = _localized(summary.table, result.labels, lang, summary.columns)
        first = row + 1
        end = _write_table(
            ws, fmt, frame, first, lang, set_widths=False, specs=summary.columns,
            sheet_widths=lambda j: 16 if j == 0 else 14,
        )  # fmt: skip
        if summary.chart and summary.chart_columns:
            chart = book.add_chart({"type": summary.chart})
            chart.set_title({"name": pick(summary.title, lang)})
            body = len(frame) - 1  # the "All" row is not charted
            for column, colour in zip(summary.chart_columns, ("#9DC3E6", "#1F4E78"), strict=False):
                j = list(frame.columns).index(column)
                chart.add_series(
                    {
                        "name": [ws.name, first, j],
                        "categories": [ws.name, first + 1, 0, first + body, 0],
                        "values": [ws.name, first + 1, j, first + body, j],
                        "fill": {"color": colour},
                    }
                )
            chart.set_legend({"position": "bottom"})
            ws.insert_chart(end + 1, 0, chart, {"x_scale": 1.4})
            end += 17
        row = end + 1


def _list_sheet(
    book: xlsxwriter.Workbook,
    fmt: _Formats,
    result: SegmentationResult,
    summary: Summary,
    name: str,
    lang: str,
) -> None:
    """A customer list (reactivation …) on its own sheet: frozen header and id, filter."""
    ws = book.add_worksheet(name)
    ws.freeze_panes(1, 2)
    _print_setup(ws, len(summary.table), len(summary.table.columns))
    frame = _localized(summary.table, result.labels, lang, summary.columns)
    ws.autofilter(0, 0, max(len(frame), 1), max(len(frame.columns) - 1, 0))
    widths = {"action": 60, "name": 34}
    _write_table(ws, fmt, frame, 0, lang, widths=widths, specs=summary.columns)


def _merges_sheet(
    book: xlsxwriter.Workbook, fmt: _Formats, result: SegmentationResult, lang: str
) -> None:
    """Identity resolution's pairs (merged, kept apart, proposed) with score and evidence; the
    decision column is for the reader to fill in and save as ``identity.merges``."""
    if result.identity is None:
        return
    ws = book.add_worksheet(text("sheet_merges", lang))
    merges = result.merges
    if merges.empty:
        ws.write_string(0, 0, text("no_merges", lang))
        return
    ws.freeze_panes(1, 0)
    _print_setup(ws, len(merges), len(merges.columns))
    frame = _localized(merges, result.labels, lang)
    ws.autofilter(0, 0, len(frame), len(frame.columns) - 1)
    evidence = int(frame["evidence"].astype("string").fillna("").map(_shown_width).max())
    widths = {"evidence": max(30, min(56, evidence + 2)), "name_a": 34, "name_b": 34}
    _write_table(ws, fmt, frame, 0, lang, widths=widths)


def _quality_sheet(
    book: xlsxwriter.Workbook, fmt: _Formats, result: SegmentationResult, lang: str
) -> None:
    """Row reconciliation, then every row set aside: errors to fix first, then the rows left
    out by rule; the rejects' header stays in view and carries a filter."""
    ws = book.add_worksheet(text("sheet_quality", lang))
    ws.write_string(0, 0, text("rows", lang), fmt.section)
    recon = _localized(result.reconciliation.drop(columns="rejected"), result.labels, lang)
    recon["source_file"] = _shown_as(recon["source_file"], _file_name)
    row = _write_table(ws, fmt, recon, 1, lang, set_widths=False) + 1
    rejects = result.rejects
    counts = rejects["category"].value_counts()
    heading = text("rejects_split", lang).format(
        errors=f"{int(counts.get('invalid', 0)):,}",
        excluded=f"{int(counts.get('excluded', 0)):,}",
        duplicates=f"{int(counts.get('duplicate', 0)):,}",
    )
    ws.write_string(row, 0, heading, fmt.section)
    if rejects.empty:
        ws.write_string(row + 1, 0, text("no_rejects", lang))
        return
    rank = rejects["category"].map({"invalid": 0, "excluded": 1}).fillna(2)  # duplicates last
    errors_first = rejects.assign(_order=rank).sort_values(
        ["_order", "source_file", "source_sheet", "row"], kind="stable"
    )
    shown = _localized(errors_first.drop(columns="_order"), result.labels, lang)
    shown["source_file"] = _shown_as(shown["source_file"], _file_name)
    header = row + 1
    ws.freeze_panes(header + 1, 0)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header)
    ws.autofilter(header, 0, header + len(shown), len(shown.columns) - 1)
    _write_table(
        ws, fmt, shown, header, lang, widths={"reason": 60, "value": 24, "source_file": 30}
    )


def _scoring_block(result: SegmentationResult, weights: dict[str, Any]) -> pd.DataFrame:
    """One row per metric used: its dimension, both weights (as used), direction, method."""
    scoring_cfg = result.config.scoring
    rows = []
    for dim, spec in weights.items():
        for metric, weight in spec["metrics"].items():
            _, direction, normalize, missing = scoring_cfg.metric(dim, metric)
            rows.append(
                {
                    "dimension": dim,
                    "dimension_weight": spec["weight"],
                    "metric": metric,
                    "metric_weight": weight,
                    "direction": direction,
                    "normalize": normalize,
                    "missing": missing,
                }
            )
    return pd.DataFrame(rows)


def _detail_title(name: str, lang: str) -> str:
    """The title of details the run made, not a step: ``owner`` (the column's header),
    ``migration`` (its sheet's name)."""
    return text("sheet_migration", lang) if name == "migration" else schema.header(name, lang)


def _long_text(ws: Worksheet, fmt: _Formats, row: int, value: str, width: int = 70) -> None:
    """*value* in the Config sheet's value column (*width* wide): a text longer than the column
    wraps in a row as tall as its lines (it ran on across the empty columns beside it, and the
    sheet, printed one page wide, shrank to be unreadable)."""
    if _shown_width(value) <= width:
        ws.write_string(row, 1, value)
        return
    lines = -(-_shown_width(value) // (width - 2))
    ws.set_row(row, 15 * min(lines, 30))
    ws.write_string(row, 1, value, fmt.wrap)


def _config_sheet(
    book: xlsxwriter.Workbook, fmt: _Formats, result: SegmentationResult, lang: str
) -> None:
    ws = book.add_worksheet(text("sheet_config", lang))
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)  # one page wide: settings and their values side by side
    ws.set_column(0, 0, 40)
    ws.set_column(1, 1, 70)
    ws.set_column(2, 2, 16)
    rows: list[tuple[str, Any]] = [
        (text("as_of", lang), result.as_of.isoformat()),
        (text("base_currency", lang), result.base_currency),
        (text("version", lang), __version__),
        (text("generated", lang), dt.datetime.now().replace(microsecond=0).isoformat(sep=" ")),
    ]
    for i, (key, value) in enumerate(rows):
        ws.write_string(i, 0, key, fmt.label)
        ws.write_string(i, 1, str(value))
    row = len(rows) + 1
    ws.write_string(row, 0, text("inputs", lang), fmt.section)
    row += 1
    for j, key in enumerate(("file", "sha256", "size")):
        ws.write_string(row, j, text(key, lang), fmt.header)
    for info in result.inputs:
        row += 1
        ws.write_string(row, 0, info.path)
        ws.write_string(row, 1, info.sha256)
        ws.write_number(row, 2, info.size_bytes, fmt.integer)
    row += 2
    ws.write_string(row, 0, text("columns_used", lang), fmt.section)
    for source, mapping in result.column_map.items():
        row += 1
        ws.write_string(row, 0, source, fmt.label)
        _long_text(ws, fmt, row, ", ".join(f"{c} ← {h}" for c, h in mapping.items()))
    weights = result.details.get("scoring", {}).get("weights")
    if weights:
        row += 2
        ws.write_string(row, 0, text("scoring_block", lang), fmt.section)
        block = _localized(_scoring_block(result, weights), result.labels, lang)
        row = _write_table(ws, fmt, block, row + 1, lang, set_widths=False) - 1
    row += 2
    ws.write_string(row, 0, text("details", lang), fmt.section)
    for name, value in result.details.items():
        record = find(name) if name in result.steps else None
        title = pick(record.title, lang) if record is not None else _detail_title(name, lang)
        own = [c.name for c in record.provides if c.kind == "label"] if record else []
        for key, shown in detail_rows(value, lang, result.labels, own):
            row += 1
            ws.write_string(row, 0, f"{title} · {key}" if key else title)
            _long_text(ws, fmt, row, shown)
    row += 2
    ws.write_string(row, 0, text("effective_config", lang), fmt.section)
    for key, shown in detail_rows(result.config.model_dump(mode="json"), lang, None):
        row += 1
        ws.write_string(row, 0, key, fmt.mono)
        _long_text(ws, fmt, row, shown)
