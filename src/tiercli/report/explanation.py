"""Rich rendering of ``tiercli explain`` (formats a :class:`CustomerExplanation`)."""

from __future__ import annotations

from typing import Any

import pandas as pd
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from tiercli import schema
from tiercli.catalogue import TEXT, Labels, pick, text
from tiercli.explain import CustomerExplanation
from tiercli.report.terminal import cell, hanging


def _num(value: Any, digits: int = 4) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return escape(str(value))
    return f"{value:,.{digits}g}" if isinstance(value, float) else f"{value:,}"


def _header(key: str, lang: str) -> str:
    return text(key, lang) if key in TEXT else schema.header(key, lang)


def _term(value: Any, lang: str, labels: Labels) -> str:
    if isinstance(value, str):
        return escape(labels.value("metric", value, lang))
    if isinstance(value, float):
        return f"{value:,.4f}".rstrip("0").rstrip(".") if value == value else "—"
    return _num(value)


def _shown(columns: Any, row: Any, j: int, lang: str, labels: Labels) -> str:
    """A cell of an explanation table: a metric's raw value as the customer table shows that
    column (money whole, counts with separators), anything else as a term."""
    value = row[j]
    metric = row[0] if columns[0] == "metric" else None
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if j == 1 and number and isinstance(metric, str) and schema.get(metric) is not None:
        return cell(metric, value, lang, labels)
    return _term(value, lang, labels)


def _name(value: Any) -> str:
    """The customer's name, or nothing when the data has none (NA, NaN, None)."""
    return "" if value is None or pd.isna(value) else str(value)


def render_explanation(data: CustomerExplanation, console: Console, lang: str) -> None:
    """Print, section by section, why a customer got its scores and labels."""
    labels = data.labels
    specs = schema.run_columns(labels.run)  # a scoring dimension the config adds
    console.print(
        f"[bold]{escape(data.customer_id)}[/bold] {escape(_name(data.name))}"
        f" · {text('as_of', lang)} {data.as_of.isoformat()} · {data.base_currency}"
    )
    metrics = Table(title=text("explain_metrics", lang), title_justify="left", show_header=False)
    metrics.add_column(no_wrap=True)
    metrics.add_column(justify="right")
    for key, value in data.metrics.items():
        metrics.add_row(schema.header(key, lang), cell(key, value, lang, labels))
    console.print(metrics)
    for record, section in data.sections:
        title = pick(record.title, lang)
        console.print(f"[bold]{escape(title)}[/bold]")
        shown = [
            f"{schema.header(k, lang, extra=specs)} {cell(k, v, lang, labels, specs)}"
            for k, v in section.values.items()
        ]
        if shown:
            hanging(console, "  ", " · ".join(shown))
        for table_spec in section.tables:
            table = Table(title=escape(table_spec.title.render(lang, labels)), title_justify="left")
            for j, key in enumerate(table_spec.columns):
                table.add_column(_header(key, lang), justify="left" if j == 0 else "right")
            for row in table_spec.rows:
                table.add_row(
                    *(_shown(table_spec.columns, row, j, lang, labels) for j in range(len(row)))
                )
            console.print(table)
        for rule in section.rules:
            hanging(console, "  · ", rule.render(lang, labels))
