"""The shape every classifier has: its registry record, what it reads, what it returns.

A classifier is a pure function ``classify(context, settings) -> Classified``: the context holds
the customer table (indexed by ``customer_id``), the order lines and the as-of date; *settings*
is its own config section. It reads only the columns it declares in ``requires`` (and, for the
order lines, ``"lines"``), returns only the columns it declares in ``provides`` and never prints
or reads files. Its record also says how to summarise its columns for the reports and how to
explain one customer's result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

from tiercli.catalogue import Both, Labels, LabelTable, Message
from tiercli.schema import Column

LINES = "lines"
"""The requirement name of the order-line table (``io.normalize``'s ``lines``)."""


@dataclass(frozen=True)
class Context:
    """What a classifier may read."""

    customers: pd.DataFrame  # indexed by customer_id
    lines: pd.DataFrame  # kept order lines (canonical columns)
    as_of: dt.date
    early: Mapping[str, Any] = field(default_factory=dict)
    """What a step's :attr:`Classifier.from_lines` gave, by step name, when the run computed
    it beforehand (beside the customer table); a step finds its own missing otherwise."""


@dataclass(frozen=True)
class Classified:
    """New columns (indexed like the customer table), details for the reports, warnings, and
    labels of the values that the config or the data named (``{column: {value: (zh, en)}}``)."""

    columns: pd.DataFrame
    details: dict[str, Any] = field(default_factory=dict)
    warnings: Sequence[Message] = ()
    labels: LabelTable = field(default_factory=dict)


@dataclass(frozen=True)
class Summary:
    """A table for the reports, made from the finished customer table.

    *group* places it: ``full`` (its own table and chart), ``compact`` (one line in the terminal's
    segments table), ``trade`` (one line in the nine-dimension table), ``sheet`` (a list of
    customers with its own workbook sheet, named *sheet*; the terminal shows the *preview*
    columns of the first rows), ``table`` (a table shown whole, every column, on the Summary
    sheet and in the terminal: the salesperson table).

    *columns* declares columns of this table only, whose names are made per run (one count
    per tier); the writers look a column up there before the schema. *per_owner*: a customer
    list (with ``customer_id``) whose count per salesperson the owner table shows.
    """

    name: str  # the label column it counts, or the table's own name
    table: pd.DataFrame
    title: Both
    group: Literal["full", "compact", "trade", "sheet", "table"] = "full"
    chart: Literal["column", "bar", "pareto"] | None = None
    curve: pd.DataFrame | None = None  # the Pareto points that go with an ABC table
    sheet: Both | None = None
    preview: tuple[str, ...] = ()
    chart_columns: tuple[str, ...] = ()  # a "sheet" table's chart: these columns per row
    preview_rows: int | None = 5  # rows the terminal shows of a "sheet" table (None: all)
    preview_by: str | None = None  # the terminal previews the rows highest in this column
    preview_title: Both | None = None  # the preview's title, when it is not the sheet's order
    columns: Mapping[str, Column] = field(default_factory=dict)
    per_owner: bool = False  # a customer list counted per salesperson in the owner table


@dataclass(frozen=True)
class ExplainTable:
    """A table in an explanation: *columns* are schema column names or catalogue text keys."""

    title: Message
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]


@dataclass(frozen=True)
class Explanation:
    """Why one customer got a classifier's columns.

    *values*: the classifier's output columns for the customer; *inputs*: the values it compared;
    *rules*: the sentences that say which rule applied, with the values; *data*: anything more
    for ``--json`` (scores, cut points); *tables*: term tables (scoring).
    """

    values: dict[str, Any] = field(default_factory=dict)
    inputs: dict[str, Any] = field(default_factory=dict)
    rules: list[Message] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    tables: list[ExplainTable] = field(default_factory=list)


ClassifyFn = Callable[[Context, Any], Classified]
FromLinesFn = Callable[[pd.DataFrame, dt.date, Any], Any]
SummariseFn = Callable[[pd.DataFrame, Any, dict[str, Any], Labels], list[Summary]]
ExplainFn = Callable[[pd.DataFrame, str, Any, dict[str, Any]], Explanation]


@dataclass(frozen=True)
class Classifier:
    """A classifier's registry record.

    *section* is the name of its config section; *settings* returns that section from the whole
    config. *requires*: the columns it reads (or :data:`LINES`); *reads* (optional): columns the
    settings name that it uses when present (the playbook's rules, scoring's metrics) — they
    order the steps but may be absent. *provides*: its column specs. *summarise* and *explain*
    are optional. *imports*: the modules its classify imports when it runs that take long to
    import (scipy's optimizer: ~0.2 s); a run imports them on a thread while it normalizes the
    orders, which leaves a core idle. *cost*: how long its classify takes next to a step of a
    few group-bys (1) on a large table; the steps run beside the run are shared out costliest
    first (:mod:`tiercli.beside`). *from_lines* (optional): the part of its classify that reads
    only the order lines, the as-of date and its settings (the value model's fits), as a
    function of those three; the ``tiercli`` command computes it beside the customer table and
    hands it to classify as ``ctx.early[name]`` — classify computes it itself when that is
    missing, so the result is the same either way. *values* (optional): the labels of the values
    its settings give its open columns (RFM's segment names, scoring's tier names), so that a
    config naming one can be checked before a run. *check* (optional): the problems of its
    settings that need the other steps' columns, as ``YAML path: what is wrong`` messages, given
    the columns a run can have (each with its known values' labels, or None for any value).
    """

    name: str
    title: Both
    section: str
    settings: Callable[[Any], Any]
    requires: tuple[str, ...]
    provides: tuple[Column, ...]
    classify: ClassifyFn
    summarise: SummariseFn | None = None
    explain: ExplainFn | None = None
    reads: Callable[[Any], Sequence[str]] = field(default=lambda settings: ())
    messages: Mapping[str, tuple[str, str]] = field(default_factory=dict)
    imports: tuple[str, ...] = ()
    cost: int = 1
    from_lines: FromLinesFn | None = None
    values: Callable[[Any], LabelTable] | None = None
    check: (
        Callable[[Any, Mapping[str, Mapping[str, tuple[str, str]] | None]], list[Message]] | None
    ) = None

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.provides)


__all__ = [
    "LINES",
    "Classified",
    "Classifier",
    "Context",
    "ExplainTable",
    "Explanation",
    "Summary",
]
