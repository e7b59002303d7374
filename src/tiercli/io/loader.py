"""Which table each input file or sheet holds.

A sheet is taken as a table by its name (``订单``/``orders``… or ``input.sheets`` in the config),
else by which table's column names its header matches best; that choice is reported. Explicit
``--orders/--customers/--inquiries/--activities`` files are taken as that table (activities:
follow-up records, sheet 跟进记录).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from tiercli.catalogue import Message, Val, define, msg
from tiercli.config.models import Config
from tiercli.errors import InputError
from tiercli.io.aliases import SHEET_NAMES, TABLE_ALIASES, alias_index, header_key
from tiercli.io.normalize import quoted, status_kinds
from tiercli.io.readers import FileInfo, RawSheet, file_info, read_any, unhidden

TABLES = ("orders", "customers", "inquiries", "activities")
# Columns that tell the tables apart (shared ones such as customer_id and country do not).
_DISTINCT = {
    "orders": {
        "order_id",
        "order_date",
        "amount",
        "quantity",
        "unit_price",
        "profit",
        "product_code",
        "product_name",
        "status",
        "currency",
    },
    "customers": {"industry", "company_size", "employees", "customer_type"},
    "inquiries": {"inquiry_id", "inquiry_date"},
    "activities": {"activity_type", "direction", "outcome"},
}


MESSAGES = {
    "io.sheet_skipped": (
        "{where}：已跳过（没有可识别的订单、客户、询盘或跟进记录列）",
        "{where}: skipped (no known order, customer, inquiry or follow-up columns)",
    ),
    "io.sheet_no_dates": (
        "{where}：没有订单日期列，像是汇总表，已跳过（明细在其他工作表中）；如需读取，请在 input.sheets 中写明",
        "{where}: no order date column, like a summary beside the detail sheets; left out (name "
        "it under input.sheets to read it)",
    ),
    "io.sheet_cancelled": (
        "{where}：表名表示已取消的订单，未计入；如要计入，请在配置的 input.sheets 中写明该表名",
        "{where}: the sheet's name says cancelled orders, so it is left out; to use it, "
        "name it under input.sheets in the config",
    ),
    "io.sheet_returns": (
        "{where}：表名表示退货，其中各行按退货计（金额为负）；如要按订单计，请在配置的 "
        "input.sheets 中写明该表名",
        "{where}: the sheet's name says returns, so its lines count as returns (amounts "
        "negative); to read it as orders, name it under input.sheets in the config",
    ),
    "io.sheet_as": (
        "{where}：按列名识别为{table}表",
        "{where}: read as the {table} table (by its columns)",
    ),
    "loader.no_inputs": (
        "没有输入文件：请给出订单导出文件，例如 tiercli segment orders.xlsx",
        "no input files: give an order export, e.g. tiercli segment orders.xlsx",
    ),
    "loader.no_orders": (
        "输入文件中没有订单表（{found}）。请把订单工作表命名为“订单”或“{sheet}”，或用 --orders "
        "指定订单文件。tiercli 可识别的订单列名包括：{names}",
        "no orders table among the inputs ({found}). Name the order sheet 订单 or {sheet}, "
        "or pass the order file with --orders. Order columns tiercli recognises include: "
        "{names}",
    ),
}
define(MESSAGES)


@dataclass
class Inputs:
    """Raw sheets per table, file fingerprints and notes on how sheets were recognised."""

    sheets: dict[str, list[RawSheet]]
    files: list[FileInfo]
    notes: list[Message] = field(default_factory=list)


def table_scores(sheet: RawSheet) -> dict[str, int]:
    """How many distinctive columns of each table the sheet's header has."""
    keys = {header_key(c) for c in sheet.frame.columns}
    scores = {}
    for table in TABLES:
        index = alias_index(table)
        found = {index[k] for k in keys if k in index}
        scores[table] = len(found & _DISTINCT[table])
    return scores


def _has_order_dates(sheet: RawSheet, cfg: Config) -> bool:
    """Whether the sheet has a column read as the order date (by the aliases or the config)."""
    headers = {str(c) for c in sheet.frame.columns}
    if cfg.columns.orders.get("order_date") in headers:
        return True
    index = alias_index("orders")
    return any(index.get(header_key(h)) == "order_date" for h in headers)


def _by_name(sheet: RawSheet, cfg: Config) -> str | None:
    if sheet.sheet is None:
        return None
    key = header_key(sheet.sheet)
    for configured, name in cfg.input.sheets.items():
        if header_key(name) == key:
            return configured
    for table, names in SHEET_NAMES.items():
        if key in {header_key(n) for n in names}:
            return table
    return None


def _name_says(sheet: RawSheet, cfg: Config) -> str | None:
    """What a sheet's name says as an order status does: ``"cancelled"`` (``已取消订单``; not
    ``未取消订单``: :func:`tiercli.io.normalize.status_kinds`), ``"returns"`` (``退货单``,
    ``Returns``, ``Credit notes``, ``销售退货``, ``部分退款``; not a name that joins it to
    orders, ``Orders and returns``, ``订单及退货``: such a sheet holds both), or None."""
    name = pd.Series([sheet.sheet or ""], dtype="string")
    returned, cancelled, partly = (bool(s.iloc[0]) for s in status_kinds(name, cfg.orders))
    if returned or partly:
        folded = (sheet.sheet or "").casefold()
        joined = _JOINED.search(folded) and any(w in folded for w in SHEET_NAMES["orders"])
        return None if joined else "returns"
    return "cancelled" if cancelled else None


_JOINED = re.compile(r"\band\b|\bwith\b|[&+/、和及与含]")


def load_inputs(
    files: list[Path],
    cfg: Config,
    orders: list[Path] | None = None,
    customers: list[Path] | None = None,
    inquiries: list[Path] | None = None,
    activities: list[Path] | None = None,
) -> Inputs:
    """Read every input and assign each sheet to a table."""
    sheets: dict[str, list[RawSheet]] = {t: [] for t in TABLES}
    infos: list[FileInfo] = []
    notes: list[Message] = []
    header_row = cfg.input.header_row
    explicit = {
        "orders": orders or [],
        "customers": customers or [],
        "inquiries": inquiries or [],
        "activities": activities or [],
    }
    for table, paths in explicit.items():
        for path in paths:
            infos.append(file_info(path) if path.exists() else FileInfo(str(path), 0, ""))
            read = unhidden(read_any(path, header_row), cfg.input.sheets.values(), notes)
            by_name = [s for s in read if _by_name(s, cfg) == table]
            chosen = by_name or [max(read, key=lambda s: table_scores(s)[table])]
            sheets[table].extend(chosen)
    by_columns: set[int] = set()  # the sheets taken as orders by their columns
    for path in files:
        read = unhidden(read_any(path, header_row), cfg.input.sheets.values(), notes)
        infos.append(file_info(path))
        for sheet in read:
            named = _by_name(sheet, cfg)
            if named is not None:
                table = named
            else:
                scores = table_scores(sheet)
                best = max(TABLES, key=lambda t: (scores[t], t == "orders"))
                if scores[best] == 0 and (len(read) > 1 or sheets["orders"]):
                    notes.append(msg("io.sheet_skipped", where=sheet.short_label))
                    continue
                said = _name_says(sheet, cfg) if best == "orders" else None
                if said == "cancelled" and len(read) > 1:
                    # "已取消订单" beside "订单": the cancelled orders, not more orders
                    notes.append(msg("io.sheet_cancelled", where=sheet.short_label))
                    continue
                # A lone file we cannot place is taken as the orders, so that the error
                # names its columns and the closest ones tiercli knows.
                table = best
                if said == "returns":  # "退货单" beside "订单": returns, not more sales
                    notes.append(msg("io.sheet_returns", where=sheet.short_label))
                    sheet = replace(sheet, returns=True)
                elif sheet.sheet is not None:
                    notes.append(
                        msg("io.sheet_as", where=sheet.short_label, table=Val("table", table))
                    )
                if table == "orders":
                    by_columns.add(id(sheet))
            sheets[table].append(sheet)
    # A sheet taken as orders by its columns that has no order date, beside order sheets that
    # have one, is a summary (按客户汇总 beside 明细): left out, not the run's end (exit 2)
    dated = [s for s in sheets["orders"] if _has_order_dates(s, cfg)]
    if dated:
        for sheet in [s for s in sheets["orders"] if id(s) in by_columns and s not in dated]:
            notes.append(msg("io.sheet_no_dates", where=sheet.short_label))
            sheets["orders"].remove(sheet)
    if not any(sheets.values()):
        raise InputError(msg("loader.no_inputs"))
    if not sheets["orders"]:
        raise InputError(
            msg(
                "loader.no_orders",
                found=[s.label for t in TABLES for s in sheets[t]],
                sheet="orders",
                names=quoted(TABLE_ALIASES["orders"]["order_date"][:4]),
            )
        )
    return Inputs(sheets, infos, notes)
