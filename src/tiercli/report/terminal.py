"""The terminal summary (rich). Formats the result; computes nothing new."""

from __future__ import annotations

import contextlib
import io
import re
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from tiercli import schema
from tiercli.catalogue import Labels, pick, text
from tiercli.classifiers.base import Summary
from tiercli.pipeline import SegmentationResult
from tiercli.widths import fitting

BAR_WIDTH = 20


PROGRESS_DELAY = 1.0  # seconds before a spinner appears


@contextlib.contextmanager
def progress(console: Console, message: str, enabled: bool = True) -> Iterator[None]:
    """A transient spinner for steps that take over a second, on a terminal only.

    Nothing is drawn when the console is not a terminal (cron, pipes, ``--json`` captured) or
    when *enabled* is false (``-q``).
    """
    if not enabled or not console.is_terminal:
        yield
        return
    status = console.status(message)
    timer = threading.Timer(PROGRESS_DELAY, status.start)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        status.stop()


def hanging(console: Console, marker: str, line: str, style: str = "") -> None:
    """Print *line* after *marker* ("· ", "  · ", "! "), wrapped to the terminal with its next
    lines under the text, not under the marker (plain text, not markup): at spaces, and
    between Chinese characters as Chinese text wraps (never before its closing punctuation)."""
    room = max(console.width - cell_len(marker), 20)
    indent = " " * cell_len(marker)
    for i, part in enumerate(wrap_cjk(line, room)):
        console.print(Text((marker if i == 0 else indent) + part, style=style), soft_wrap=True)


_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
# A Chinese character (with the closing punctuation that may not start a line), a run of other
# non-space characters, or spaces: the places a line may break are between these.
_PIECES = re.compile(
    f"[{_CJK}][，。、；：！？）」』”’》〉】]*|[^\\s{_CJK}]+[，。、；：！？）」』”’》〉】]*|\\s+"
)


def wrap_cjk(text: str, width: int) -> list[str]:
    """*text* in lines of at most *width* columns (a piece wider than a line is cut)."""
    lines: list[str] = []
    line = ""
    for piece in _PIECES.findall(text):
        if piece.isspace():
            if line:
                line += piece
            continue
        if cell_len(line) + cell_len(piece) <= width:  # (the spaces before it included)
            line += piece
            continue
        if line.strip():
            lines.append(line.rstrip())
        while cell_len(piece) > width:  # (a path or a word longer than a line)
            cut = fitting(piece, width)
            lines.append(piece[:cut])
            piece = piece[cut:]
        line = piece
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def fit(table: Table, width: int | None = None) -> RenderableType:
    """Never cut a number, never drop a label: right-aligned (numeric) columns keep the width of
    their widest cell and header, unwrapped; text columns fold onto more lines instead of ending
    in "…". A table that would still be wider than *width* is stacked: one block a row. CJK
    characters count as two columns (rich's cell width). The title is a line of its own above
    the table, the caption one below (rich would wrap them to the table's width: a narrow
    table's title on two lines)."""
    shaped = _shaped(table, width)
    parts: list[RenderableType] = [shaped]
    if shaped.title is not None:
        parts.insert(0, Text.from_markup(str(shaped.title), style="table.title"))
        shaped.title = None
    if shaped.caption is not None:  # (the "… in all" line below the table, likewise)
        parts.append(Text.from_markup(str(shaped.caption), style="table.caption"))
        shaped.caption = None
    return shaped if len(parts) == 1 else Group(*parts)


def _shaped(table: Table, width: int | None) -> Table:
    widest = [max((cell_len(str(c)) for c in col.cells), default=0) for col in table.columns]
    for column, cells in zip(table.columns, widest, strict=True):
        if column.overflow == "crop":  # a bar: shortened to fit, never folded onto two lines
            column.no_wrap, column.min_width = False, 1
        elif column.justify == "right":
            column.no_wrap = True
            column.min_width = max(cells, cell_len(str(column.header or "")))
        else:
            column.overflow = "fold"
            column.min_width = min(cells, 12)  # a label column never folds to nothing
    # rich does not break a header's words: a text column is at least its longest header word
    floors = [
        max(c.min_width or 0, *(cell_len(w) for w in str(c.header or "").split()), 0)
        for c in table.columns
    ]
    needed = sum(floors) + 3 * len(table.columns) + 1
    if width is not None and (needed > width or _narrowest(table, width) > width):
        return _stacked(table, width)
    return table


def _narrowest(table: Table, width: int) -> int:
    """How wide rich draws *table* when given *width* columns: its widest line, uncropped (it
    can be wider, where a header word or a number does not fold)."""
    console = Console(width=max(width, 1000), file=io.StringIO())
    lines = Segment.split_lines(console.render(table, console.options.update(width=width)))
    return max((Segment.get_line_length(line) for line in lines), default=0)


def _stacked(table: Table, width: int) -> Table:
    """A table too wide for the terminal, one row a block: its first cell in bold, then its
    "header value" pairs, a line broken only between pairs, under each other (nothing is cut;
    a pair longer than a line folds); its title and caption kept. With a long first cell the
    pairs go on the lines below it."""
    out = Table(
        title=table.title,
        title_justify="left",
        caption=table.caption,
        caption_justify="left",
        show_header=False,
        box=None,
    )
    columns = [(str(c.header or ""), [str(v) for v in c.cells]) for c in table.columns]
    firsts = columns[0][1] if columns else []
    first_width = max((cell_len(f) for f in firsts), default=0)
    beside = width - first_width - 4 >= 32  # (the two columns' padding: 4)
    if beside:
        out.add_column(no_wrap=True, style="bold")
    out.add_column(overflow="fold")
    room = width - first_width - 4 if beside else width - 4
    for i, first in enumerate(firsts):
        pairs = [
            f"{header} {cells[i]}" if header else cells[i]
            for header, cells in columns[1:]
            if cells[i].strip()
        ]
        block = "\n".join(_lines(pairs, room))
        if beside:
            out.add_row(first, block)
        else:
            out.add_row(f"[bold]{first}[/bold]\n  " + block.replace("\n", "\n  "))
    return out


def _lines(pairs: list[str], room: int) -> list[str]:
    """*pairs* joined by " · " into lines of at most *room* columns, broken between pairs."""
    lines: list[str] = []
    for pair in pairs:
        if lines and cell_len(lines[-1]) + 3 + cell_len(pair) <= room:
            lines[-1] += f" · {pair}"
        else:
            lines.append(pair)
    return lines


def render_summary(
    result: SegmentationResult,
    console: Console,
    lang: str = "zh",
    outputs: list[Path] | None = None,
) -> None:
    """Print the run's story: inputs and as-of, counts, row reconciliation, warnings, outputs."""
    s = result.summary()
    inputs = ", ".join(Path(f.path).name for f in result.inputs) or "-"
    console.print(
        f"[bold]tiercli[/bold] · {escape(inputs)} · {text('as_of', lang)} {s['as_of']} · "
        f"{text('base_currency', lang)} {s['base_currency']}"
    )
    kpi = Table(show_header=False, box=None, padding=(0, 2))
    kpi.add_column(style="bold")
    kpi.add_column(justify="right")
    kpi.add_row(text("customers", lang), f"{s['customers']:,}")
    kpi.add_row(text("buyers", lang), f"{s['customers_with_orders']:,}")
    active = s.get("lifecycle_counts", {}).get("active")
    if active is not None:
        kpi.add_row(text("active", lang), f"{active:,}")
    if s["prospects"]:  # none without an inquiry file or a customer list: no row
        kpi.add_row(text("prospects", lang), f"{s['prospects']:,}")
    if s["returns_only"]:
        kpi.add_row(text("returns_only", lang), f"{s['returns_only']:,}")
    kpi.add_row(text("orders", lang), f"{s['orders']:,}")
    kpi.add_row(text("revenue", lang), f"{s['revenue']:,.2f} {s['base_currency']}")
    console.print(fit(kpi, console.width))

    recon = Table(title=text("rows", lang), title_justify="left")
    keys = ["rows_read", "used", "errors", "excluded", "duplicates", "after_as_of"]
    recon.add_column(schema.header("source_file", lang))
    for key in keys:
        recon.add_column(schema.header(key, lang), justify="right")
    for record in s["files"]:
        where = Path(record["source_file"]).name
        if record["source_sheet"]:
            where += f" [{record['source_sheet']}]"
        recon.add_row(escape(where), *(f"{record[k]:,}" for k in keys))
    console.print(fit(recon, console.width))

    for summary in result.summaries:
        if summary.group == "full":
            console.print(fit(group_table(summary, lang, result.labels), console.width))
        elif summary.group == "table":
            console.print(fit(whole_table(summary, lang, result), console.width))
    for group, title, shares in (
        ("compact", "table_labels", True),
        ("trade", "table_trade", False),
    ):
        parts = [x for x in result.summaries if x.group == group]
        if parts:
            table = distribution_table(parts, title, lang, result.labels, shares=shares)
            console.print(fit(table, console.width))

    if result.migration is not None:
        console.print(fit(movement_table(result, lang), console.width))
    workbook = any(Path(p).suffix.lower() == ".xlsx" for p in outputs or [])
    for summary in result.summaries:
        if summary.group == "sheet" and not summary.table.empty:
            console.print(fit(list_table(summary, lang, result, workbook), console.width))

    for key, title, style in (
        ("errors_by_reason", "errors_to_fix", "red"),
        ("excluded_by_reason", "left_out", ""),
    ):
        if s[key]:
            reasons = Table(title=text(title, lang), title_justify="left", title_style=style)
            reasons.add_column(schema.header("reason", lang), overflow="fold")
            reasons.add_column(text("row_count", lang), justify="right", no_wrap=True)
            for reason, count in s[key].items():
                shown = result.labels.value("reason", reason, lang)
                reasons.add_row(escape(shown), f"{count:,}")
            console.print(fit(reasons, console.width))

    for note in result.notes:
        hanging(console, "· ", note.render(lang, result.labels), "dim")
    if result.warnings:
        console.print(f"[yellow bold]{text('warnings', lang)}[/yellow bold]")
        for warning in result.warnings:
            hanging(console, "! ", warning.render(lang, result.labels), "yellow")
    for path in outputs or []:
        console.print(f"→ {escape(str(path))}")


SHOWN_REJECTS = 20
"""Rows to fix that ``tiercli validate`` lists (the rest are counted)."""


def render_rows_to_fix(result: SegmentationResult, console: Console, lang: str) -> int:
    """Print the first rows to fix (:func:`rejects_table`), if any; return how many there are."""
    errors = result.rejects.loc[result.rejects["category"].eq("invalid")]
    if len(errors):
        console.print(fit(rejects_table(errors, result.labels, lang), console.width))
    return len(errors)


def rejects_table(errors: pd.DataFrame, labels: Labels, lang: str) -> Table:
    """The first of the rows to fix (*errors*: rejects that are errors, not rows left out by
    rule), file by file in row order: where, which column, the cell as found and why."""
    shown = errors.head(SHOWN_REJECTS)
    columns = ["source_file", "row", "column", "value", "reason"]
    out = Table(
        title=text("rows_to_fix", lang),
        title_justify="left",
        caption=text("rows_to_fix_more", lang).format(n=f"{len(errors):,}")
        if len(errors) > len(shown)
        else None,
        caption_justify="left",
    )
    for key in columns:
        out.add_column(schema.header(key, lang), justify="right" if key == "row" else "left")
    files = shown["source_file"].astype("string").fillna("").tolist()
    sheets = shown["source_sheet"].astype("string").fillna("").tolist()
    for i, (file, sheet) in enumerate(zip(files, sheets, strict=True)):
        where = Path(file).name + (f" [{sheet}]" if sheet else "")
        row = shown.iloc[i]
        out.add_row(
            escape(where),
            str(int(row["row"])),
            escape("" if pd.isna(row["column"]) else str(row["column"])),
            escape("" if pd.isna(row["value"]) else str(row["value"])),
            escape(labels.value("reason", row["reason"], lang)),
        )
    return out


def group_table(summary: Summary, lang: str, labels: Labels) -> Table:
    """A rich table of a count-and-share table with a small bar of the revenue share."""
    name = summary.name
    out = Table(title=pick(summary.title, lang), title_justify="left")
    out.add_column(schema.header(name, lang))
    for key in ("customers", "customer_share", "revenue_share"):
        out.add_column(schema.header(key, lang), justify="right")
    out.add_column("", overflow="crop")  # (the bar: cropped where the terminal is narrow)
    for label, row in summary.table.iterrows():
        bar = "█" * round(row["revenue_share"] * BAR_WIDTH)
        out.add_row(
            escape(labels.value(name, label, lang)),
            f"{int(row['customers']):,}",
            f"{row['customer_share']:.1%}",
            f"{row['revenue_share']:.1%}",
            f"[cyan]{bar}[/cyan]",
        )
    return out


def cell(
    name: str,
    value: object,
    lang: str,
    labels: Labels,
    specs: Mapping[str, schema.Column] | None = None,
) -> str:
    """A value as the terminal shows it, by its column's display kind."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—"
    kind = schema.kind(name, specs)
    if kind == "label":
        return escape(labels.value(name, value, lang))
    if kind == "money":
        return f"{float(value):,.0f}"  # type: ignore[arg-type]
    if kind == "percent":
        return f"{float(value):.1%}"  # type: ignore[arg-type]
    if kind in ("integer", "row"):
        return f"{int(value):,}"  # type: ignore[call-overload]
    if kind in ("decimal", "score"):
        return f"{float(value):,.2f}"  # type: ignore[arg-type]
    if kind == "date":
        return str(value)[:10]
    return escape(str(value))


def list_table(
    summary: Summary, lang: str, result: SegmentationResult, workbook: bool = True
) -> Table:
    """The first rows of a sheet's table (reactivation list, resources …): its preview columns,
    and where the rest is when rows are left out (*workbook*: the run wrote one; else how to)."""
    frame = summary.table
    top = summary.preview_rows or len(frame)
    more = len(frame) > top
    where = text("list_more" if workbook else "list_more_no_workbook", lang)
    out = Table(
        title=pick(summary.preview_title or summary.title, lang),
        title_justify="left",
        caption=where.format(n=f"{len(frame):,}", sheet=pick(summary.sheet, lang))
        if more
        else None,
        caption_justify="left",
    )
    columns = [c for c in summary.preview if c in frame] or list(frame.columns[:5])
    specs = summary.columns
    for key in columns:
        numeric = schema.kind(key, specs) in ("money", "integer", "decimal", "score", "percent")
        out.add_column(
            schema.header(key, lang, result.base_currency, specs),
            justify="right" if numeric else "left",
            max_width=None if numeric else 30,
        )
    if summary.preview_by in frame:  # a list grouped by salesperson: its most valuable rows
        frame = frame.sort_values(summary.preview_by, ascending=False, kind="stable")
    shown = frame.head(top)
    for i in range(len(shown)):
        out.add_row(*(cell(c, shown[c].iloc[i], lang, result.labels, specs) for c in columns))
    return out


def whole_table(summary: Summary, lang: str, result: SegmentationResult) -> Table:
    """A ``table`` summary shown whole: its index and every column, every row."""
    frame = summary.table.reset_index()
    specs = summary.columns
    out = Table(title=pick(summary.title, lang), title_justify="left")
    for key in frame.columns:
        numeric = schema.kind(key, specs) in ("money", "integer", "decimal", "score", "percent")
        out.add_column(
            schema.header(key, lang, result.base_currency, specs),
            justify="right" if numeric else "left",
        )
    columns = [frame[c].tolist() for c in frame.columns]
    for row in zip(*columns, strict=True):
        out.add_row(
            *(
                cell(c, v, lang, result.labels, specs)
                for c, v in zip(frame.columns, row, strict=True)
            )
        )
    return out


def distribution_table(
    summaries: list[Summary], title: str, lang: str, labels: Labels, shares: bool = False
) -> Table:
    """Several label columns in one table: each label with its customers (and revenue share).

    Labels keep the classifier's order (segments, classes, stages); the nine trade dimensions
    are listed largest first, six at most.
    """
    out = Table(title=text(title, lang), title_justify="left")
    out.add_column(text("dimension", lang), no_wrap=True)
    out.add_column(text("distribution_shares" if shares else "distribution", lang))
    for summary in summaries:
        name = summary.name
        table = summary.table.loc[summary.table["customers"] > 0]
        largest_first = summary.group == "trade"
        if largest_first:
            table = table.sort_values("customers", ascending=False, kind="stable")
        parts = []
        for label, row in table.head(6 if largest_first else 12).iterrows():
            shown = escape(labels.value(name, label, lang))
            share = f" ({row['revenue_share']:.0%})" if shares else ""
            parts.append(f"{shown} {int(row['customers']):,}{share}")
        if largest_first and len(table) > 6:
            parts.append("…")
        out.add_row(schema.header(name, lang), " · ".join(parts))
    return out


def movement_table(result: SegmentationResult, lang: str) -> Table:
    """Customers per movement against the previous run."""
    counts = result.details.get("migration", {}).get("movement", {})
    out = Table(
        title=text("table_movement", lang),
        title_justify="left",
        caption=escape(result.migration.source if result.migration else ""),
        caption_justify="left",
    )
    for key in counts:
        out.add_column(result.labels.value("movement", key, lang), justify="right")
    out.add_row(*(f"{n:,}" for n in counts.values()))
    return out


def render_backtest(
    evaluations: list[Any],
    console: Console,
    lang: str,
    cutoff: str,
    horizon: int,
    warn: bool = True,
) -> None:
    """Per config, the tiers against what happened next; then the configs side by side."""
    console.print(
        f"[bold]tiercli backtest[/bold] · {text('cutoff', lang)} {cutoff} · "
        f"{text('horizon', lang)} {horizon} {text('days', lang)}"
    )
    for ev in evaluations:
        table = Table(
            title=f"{escape(ev.name)} · {text('backtest_tiers', lang)}", title_justify="left"
        )
        table.add_column(schema.header("tier", lang))
        for key in ("customers", "customer_share", "future_revenue_share", "retention", "lift"):
            table.add_column(schema.header(key, lang), justify="right")
        for tier, row in ev.tiers.iterrows():
            lift = f"{row['lift']:.2f}×" if pd.notna(row["lift"]) else "—"
            table.add_row(
                escape(ev.labels.value("tier", tier, lang)),  # the config's name, S级 in zh
                f"{int(row['customers']):,}",
                f"{row['customer_share']:.1%}",
                f"{row['future_revenue_share']:.1%}",
                f"{row['retention']:.1%}",
                lift,
            )
        console.print(fit(table, console.width))
    compare = Table(title=text("backtest_compare", lang), title_justify="left")
    compare.add_column(text("config", lang))
    for key in ("spearman", "top_capture", "top_lift"):
        compare.add_column(text(key, lang), justify="right")
    for ev in evaluations:
        compare.add_row(
            escape(ev.name),
            f"{ev.spearman:.3f}" if ev.spearman is not None else "—",
            f"{ev.top_capture:.1%}" if ev.top_capture is not None else "—",
            f"{ev.top_lift:.2f}×" if ev.top_lift is not None else "—",
        )
    console.print(fit(compare, console.width))
    said: set[str] = set()  # (the data's warnings, the same for every config: said once)
    for ev in evaluations:
        lines = [w.render(lang, ev.labels) for w in (ev.warnings if warn else ())]
        lines = [line for line in dict.fromkeys(lines) if line not in said]
        if lines and len(evaluations) > 1:  # whose warnings these are: config · cut-off
            console.print(f"[yellow]{escape(ev.name)}[/yellow]")
        for line in lines:
            said.add(line)
            hanging(console, "! ", line, "yellow")
