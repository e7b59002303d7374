"""Normalize raw sheets into canonical tables, with every unusable row in the rejects.

Per input sheet: rows read = used + rejected + duplicates + after as-of. A row is rejected
once, for the first reason that applies, in this order: blank customer id, date blank or
unparseable, amount blank or not a number, unknown currency; then (category ``excluded``, not an
error) cancelled orders and non-product lines. Rows dated after the as-of date are counted, not
rejected. Before any check, the further lines of an ERP entry list's orders (no order id,
customer and date: the ERP wrote them on the order's first line) take them, and the order's
other blank header fields, from that line (:func:`_entry_lines`), with a warning; so do the
lines of an order that name its customer on another line only (a shop's export: Shopify's
billing name, currency and financial status on an order's first line), from those lines
(:func:`_order_customers`).

Canonical tables (columns past this module are English snake_case):

- ``lines``: one kept order line: customer_id, order_id, order_date, amount (base currency,
  negative for returns), amount_original, currency, profit, quantity, product_line,
  product_code, product_name, country, customer_name, is_return, source_file, source_sheet,
  source_row.
- ``customers``: customer_id, name, country, industry, company_size, employees, customer_type,
  source.
- ``inquiries``: customer_id, inquiry_id, inquiry_date, source, product_line, country, name.
- ``activities`` (follow-up records): customer_id, activity_date, activity_type (email, call,
  meeting, visit, sample, quote, trade_show or other), outbound, answered, owner, name,
  source_file (the file without its folder, and sheet), source_row. Rows are
  rejected for a blank customer id or a blank, unparseable or out-of-range date.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from tiercli import currencies, schema
from tiercli.catalogue import Both, Message, Val, define, msg
from tiercli.codes import missing_text, null_text, repeated_text, take_sorted, value_codes
from tiercli.config.models import ActivitiesConfig, Config, OrdersConfig
from tiercli.config.trade import keyword_regex
from tiercli.errors import InputError, TiercliError, close_matches, did_you_mean
from tiercli.io import coerce
from tiercli.io.aliases import (
    REQUIRED,
    TABLE_ALIASES,
    column_name,
    header_key,
    names_rate,
    sheet_aliases,
)
from tiercli.io.currency import rates_to_base
from tiercli.io.readers import RawSheet, formula_errors
from tiercli.text import fold_series
from tiercli.threads import both

if TYPE_CHECKING:
    from tiercli.identity import Identity


MESSAGES = {
    "io.id_from_name": (
        "{where}：没有客户编号列，按“{header}”识别客户（拼写不同的名称会被当作不同客户）",
        "{where}: no customer id column; customers are identified by '{header}' (names "
        "that differ in spelling count as different customers)",
    ),
    "io.shortened_ids": (
        "{where}：“{header}”列有 {n} 个编号被表格软件缩写成科学计数法，如第 {row} 行的“{example}”，"
        "末几位已丢失，不同客户可能被当成同一个；请在导出前把该列设为文本格式",
        "{where}: {n} id(s) in '{header}' were shortened by Excel to scientific notation, e.g. "
        "'{example}' on row {row}: their last digits are lost and different customers may "
        "read as one; format the column as text before exporting",
    ),
    "io.header_currency": (
        "{where}：没有币种列，金额列“{header}”注明 {code}：未注明币种的金额按 {code} 计",
        "{where}: no currency column, and the amount column '{header}' says {code}: amounts "
        "that name no currency are read as {code}",
    ),
    "io.header_unit": (
        "{where}：“{header}”列的单位是“{unit}”，数值已乘以 {factor}",
        "{where}: column '{header}' is in {unit}: its numbers are multiplied by {factor}",
    ),
    "io.profit_rate": (
        "{where}：“{header}”是比率而非金额：利润按金额 × 该比率计算（“{example}”读作 {read}）",
        "{where}: '{header}' is a rate, not an amount: the profit is the amount × it "
        "('{example}' read as {read})",
    ),
    "io.profit_percent": (
        "{where}：利润列“{header}”有 {n} 个单元格是百分比而不是金额（如第 {row} 行的“{example}”），"
        "已留空",
        "{where}: {n} cell(s) of the profit column '{header}' are percentages, not amounts "
        "(e.g. '{example}' on row {row}): left empty",
    ),
    "io.two_digit_years": (
        "{where}：“{header}”列有 {n} 个两位年份的日期，如“{example}”读作 {read}；"
        "如果是年-月-日，请设置 input.date_order: YMD",
        "{where}: column '{header}' has {n} date(s) with a two-digit year, e.g. '{example}' "
        "read as {read}; if they are year-month-day, set input.date_order: YMD",
    ),
    "io.mixed_dates": (
        "{where}：“{header}”列中日/月顺序不一致；如有日期读错，请设置 input.date_order（DMY 或 MDY）",
        "{where}: column '{header}' mixes day-first and month-first dates; set "
        "input.date_order (DMY or MDY) if any date looks wrong",
    ),
    "io.same_lines": (
        "{where}：{n} 行与之前的文件 {other} 中的行完全相同（同一订单号、客户、日期、金额、产品），"
        "只计一次",
        "{where}: {n} line(s) are the same lines as in the earlier file {other} (the same "
        "order id, customer, day, amount and product): counted once",
    ),
    "io.partial_returns": (
        "{where}：{n} 行的状态表示部分退货或退款尚未完成（{statuses}）：按全额计为销售，"
        "退回的部分不详",
        "{where}: {n} line(s) have a status that says part of the line was returned or a "
        "refund is pending ({statuses}): they count as sales at their full amount, as the "
        "part returned is not known",
    ),
    "io.negative_quantity": (
        "{where}：{n} 行数量为负而金额为正（如第 {row} 行）：按该金额的退货计",
        "{where}: {n} line(s) have a negative quantity and a positive amount (e.g. row {row}): "
        "read as returns of that amount",
    ),
    "io.cancelled_elsewhere": (
        "{where}：{n} 行所属订单在 {other} 中已取消（同一订单号与客户），按已取消订单不计入",
        "{where}: {n} line(s) are of orders that {other} says were cancelled (the same order id "
        "and customer): left out as cancelled",
    ),
    "io.repeated_rows": (
        "{where}：{n} 行与其他行完全相同；因没有订单号，可能是真实的重复购买，已保留",
        "{where}: {n} row(s) repeat another row exactly; without an order id they may be "
        "genuine repeat purchases, so they are kept",
    ),
    "io.in_sheet": ("{where}：{message}", "{where}: {message}"),
    "io.amount_from_quantity": (
        "{where}：{n} 行的金额为空或不是数字（{examples}），已用数量 × 单价计算",
        "{where}: {n} row(s) have a blank or non-numeric amount ({examples}); quantity × "
        "unit price is used instead",
    ),
    "io.same_column": (
        "{where}：列 {headers} 都表示 {column}；使用“{used}”。如要改用其他列，请在配置中设置 "
        "{path}: <列名>",
        "{where}: columns {headers} all mean {column}; '{used}' is used. To use another, "
        "set {path}: <header> in your config",
    ),
    "io.blank_order_id": (
        "{where}：{n} 行订单号为空（如第 {row} 行）；每行各算一个订单",
        "{where}: {n} row(s) have a blank order id (e.g. row {row}); each is counted as an "
        "order of its own",
    ),
    "io.entry_lines": (
        "{where}：{n} 行没有订单号、客户和日期，已按 ERP 分录的写法当作上方订单的后续行，"
        "沿用该订单的订单号、客户和日期，如第 {row} 行",
        "{where}: {n} line(s) without order id, customer and date were read as further lines "
        "of the order above them (as ERP entry lists write them), e.g. row {row}",
    ),
    "io.order_customer": (
        "{where}：{n} 行所属订单只在其他行写明客户（如订单 {example}，第 {row} 行）：这些行沿用该客户，"
        "为空的币种、状态、国家也沿用该订单的",
        "{where}: {n} line(s) are of orders that name their customer on another line only (e.g. "
        "order {example}, row {row}): they take that customer, and the order's currency, status "
        "and country where theirs are blank",
    ),
    "io.order_total_on_first_line": (
        "{where}：{n} 个订单只在第一行写订单总额（{header}，可能含运费和税，如订单 {example}），"
        "其余行为空，共 {lines} 行；每行改按数量 × 单价计算",
        "{where}: {n} order(s) write their order total ({header}: with shipping and taxes where "
        "the export adds them, e.g. order {example}) on their first line only and leave it blank "
        "on the others, {lines} lines in all; each line is taken as its quantity × unit price",
    ),
    "io.zero_padded": (
        "{n} 组客户编号只差前导零（{examples}），被当作不同客户。如果是同一客户，请在所有文件中"
        "用同样的写法（保留前导零：在表格软件中把编号列设为文本格式）",
        "{n} customer id(s) differ only by leading zeros ({examples}); they count as "
        "different customers. If they are one buyer, write the id the same way in every "
        "file (keep the zeros: format the id column as text in Excel)",
    ),
    "io.customer_again": (
        "{n} 个客户编号出现在多个客户文件中；使用第一个文件中的记录",
        "{n} customer id(s) appear in more than one customer file; the first file's record is used",
    ),
    # errors (the run stops)
    "normalize.no_such_header": (
        "{file}：“{path}”指定的列“{header}”不在此文件中。{hint}找到的列：{found}",
        "{file}: {path} names '{header}', which is not a column of this file.{hint} Found: {found}",
    ),
    "normalize.listed": ("{headers}{more}", "{headers}{more}"),
    "normalize.name": ("“{name}”", "{name}"),  # a header or a name tiercli knows
    "normalize.and_more": ("……另有 {n} 个", " … and {n} more"),
    "normalize.no_headers": ("没有表头", "no headers"),
    "normalize.missing_column": (
        "{file}：{table}表缺少“{column}”列{extra}；找到的列：{found}。{closest}请在配置中加入"
        "“{setting}”。可识别的列名包括：{names}",
        "{file}: missing column '{column}'{extra} for the {table} table (found: {found})."
        "{closest} Add {setting} to your config. Recognised names include: {names}",
    ),
    "normalize.or_quantity_price": ("（或数量和单价两列）", " (or quantity and unit_price)"),
    "normalize.closest_header": (
        "最接近的列是“{header}”。",
        " The closest header is '{header}'.",
    ),
    "normalize.no_customer_column": (
        "{file}：没有客户编号列，也没有客户名称列",
        "{file}: no customer id column and no customer name column",
    ),
    "normalize.no_orders_table": (
        "找不到订单表：请给出订单导出文件（或含“订单”工作表的工作簿），例如 tiercli segment "
        "orders.xlsx 或 --orders orders.csv",
        "no orders table found: give an order export (or a workbook with an 订单/orders "
        "sheet), e.g. tiercli segment orders.xlsx or --orders orders.csv",
    ),
    "normalize.as_of_out_of_range": (
        "截止日期 {cut}：超出范围；请给出 {lo} 至 {hi} 之间的日期",
        "as-of date {cut}: out of range; give a date from {lo} to {hi}",
    ),
    "io.order_total_on_lines": (
        "{where}：{n} 个订单在每一行上都写着订单总额（{header}，如订单 {example}），共 {lines} 行；"
        "每行改按数量 × 单价计算，订单总额只计一次",
        "{where}: {n} order(s) write their order total ({header}) on every line (e.g. order "
        "{example}), {lines} lines in all; each line is taken as its quantity × unit price, so "
        "the total counts once",
    ),
    "io.format_currency": (
        "{where}：没有币种列，金额列“{header}”的单元格格式（{formats}）显示币种 {codes}："
        "金额按单元格所示币种读取",
        "{where}: no currency column; the amount column '{header}' is formatted to show "
        "{codes} ({formats}): amounts are read in the currency their cells show",
    ),
    "io.preamble_currency": (
        "{where}：没有币种列，表头上方写着“{text}”：金额按 {code} 读取",
        "{where}: no currency column; the rows above the header say '{text}': amounts read in "
        "{code}",
    ),
    "normalize.as_of_future": (
        "截止日期取自数据中最晚的订单日期 {cut}，晚于今天（{today}）：是否输错了？见 {file} 第 {row} 行；"
        "请修正该日期，或用 --as-of 指定截止日期",
        "the as-of date is the latest order date, {cut}, which is after today ({today}): a date "
        "typed wrong? See {file} row {row}; fix it, or give --as-of",
    ),
    "normalize.as_of_alone": (
        "截止日期取自数据中最晚的订单日期 {cut}，比其余订单都晚 {days} 天（其余最晚为 {before}）："
        "是否输错了？见 {file} 第 {row} 行；请修正该日期，或用 --as-of 指定截止日期",
        "the as-of date is the latest order date, {cut}, {days} days after every other order "
        "(the latest of them {before}): a date typed wrong? See {file} row {row}; fix it, or "
        "give --as-of",
    ),
    "normalize.all_after": (
        "截止日期 {cut}：全部 {n} 行可用订单都晚于该日期（最早的在 {first}），没有可分层的数据。"
        "请给出更晚的 --as-of（或在配置中设置 as_of:）",
        "as-of date {cut}: all {n} usable order rows are dated after it (the first on "
        "{first}), so there is nothing to segment. Give a later --as-of (or as_of: in the "
        "config)",
    ),
    "normalize.header_on_row": ("{where}（表头在第 {row} 行）", "{where} (header on row {row})"),
    "normalize.no_order_rows": (
        "没有订单行：{sheets}有列名，但列名下没有数据行。请提供带数据的导出文件（检查表头行，"
        "并确认工作表没有被筛选成空的）",
        "no order rows: {sheets} has column names but no data rows under them. Give the "
        "export with its data (check the header row and that the sheet is not filtered to "
        "nothing)",
    ),
    "normalize.reason_rows": (
        "{reason}：{rows} 行，如第 {row} 行",
        "{reason}: {rows} row(s), e.g. row {row}",
    ),
    "normalize.then": ("{first}；{rest}", "{first}; {rest}"),
    "normalize.all_rejected": (
        "{sheets} 中没有可用的订单行：全部 {total} 行都未被使用。主要原因——{reasons}。"
        "请修正这些单元格（或在配置的“{key}”中指定正确的列）后重新运行",
        "no usable order rows in {sheets}: all {total} row(s) were rejected. Top reasons — "
        "{reasons}. Fix those cells (or map the right columns with {key}: in the config) and "
        "run again",
    ),
    # an internal check (exit 1): a bug in tiercli
    "normalize.contract": (
        "输入表的内部检查未通过——{problems}。这是 tiercli 的缺陷，不是您文件的问题：请报告此问题"
        "（如可以，请附上文件）。加 --debug 重新运行可查看详情",
        "internal check of the input tables failed — {problems}. This is a bug in tiercli, "
        "not in your file: please report it (with the file if you can). Run again with "
        "--debug for details",
    ),
    "normalize.contract_rows": (
        "{table}：{n} 行{what}{where}",
        "{table}: {n} row(s) {what}{where}",
    ),
    "normalize.contract_first": ("（第一行：{file} 第 {row} 行）", " (first: {file} row {row})"),
    "normalize.contract_blank": (
        "的 {column} 为空或首尾有空白",
        "with a blank or unstripped {column}",
    ),
    "normalize.contract_without": ("缺少 {column}", "without {column}"),
    "normalize.contract_outside": (
        "的 {column} 超出 {lo} 至 {hi}",
        "with {column} outside {lo} to {hi}",
    ),
    "normalize.contract_time": ("的 {column} 带有时刻", "with a time of day in {column}"),
    "normalize.contract_huge": (
        "的 {column} 不是有限数或过大",
        "with a non-finite or huge {column}",
    ),
    "normalize.contract_no_currency": ("缺少币种", "without a currency"),
    "normalize.contract_twice": ("重复出现", "listed twice"),
    "normalize.contract_reconcile": ("{files} 的行数对不上", "rows do not reconcile for {files}"),
    "normalize.contract_split": (
        "{files} 的错误行与排除行之和不等于未使用行",
        "errors + excluded ≠ rejected for {files}",
    ),
}
define(MESSAGES)

S, F, D = "string", "float64", "datetime64[ns]"
DATE_MIN = pd.Timestamp("1900-01-01")
DATE_MAX = pd.Timestamp("2200-12-31")
DATE_RANGE = "1900-01-01 to 2200-12-31"
_LO, _HI = str(DATE_MIN.date()), str(DATE_MAX.date())  # the range's ends, as messages say them
DAY_NS: Final = 86_400 * 10**9  # nanoseconds in a day (the dates' integer checks)
OUT_OF_RANGE = f"date out of range ({DATE_RANGE})"
MAX_AMOUNT = 1e15  # larger amounts (and inf/NaN) are rejected: totals stay finite
TOO_LARGE = "more than 1e15 (not a plausible amount)"
REJECT_DTYPES = {
    "source_file": S,
    "source_sheet": S,
    "row": "int64",
    "column": S,
    "value": S,
    "reason": S,
    "category": S,
}
REJECT_COLUMNS = list(REJECT_DTYPES)
DUPLICATE = "exact duplicate of an earlier row (its row number is the value)"
AGAIN = "the same line as in an earlier file (that file and row are the value)"
CANCELLED_ELSEWHERE = "cancelled order (in another export: that file and row are the value)"
# The columns two exports' same line agrees on: an order's id, its customer, day, amount,
# currency and quantity (when they give them) …
SAME_LINE = ("order_id", "customer_id", "order_date", "amount_original", "currency", "quantity")
# … and the product by the most exact name both give (a code; else its name; else its line:
# one export may name the lines in Chinese and the other in English).
SAME_PRODUCT = ("product_code", "product_name", "product_line")
# The row counts of each input table (they reconcile: read = used + rejected + duplicates +
# after as-of; rejected = errors + excluded).
RECON_COUNTS = ["rows_read", "used", "rejected", "errors", "excluded", "duplicates", "after_as_of"]
RECON_COLUMNS = ["source_file", "source_sheet", "table", *RECON_COUNTS]
LINE_DTYPES = {
    "customer_id": S,
    "order_id": S,
    "order_date": D,
    "amount": F,
    "amount_original": F,
    "currency": S,
    "profit": F,
    "quantity": F,
    "product_line": S,
    "product_code": S,
    "product_name": S,
    "country": S,
    "customer_name": S,
    "owner": S,
    "is_return": "bool",
    "source_file": "category",  # one name per file: a byte a line, not the name a line
    "source_sheet": "category",
    "source_row": "int64",
}
LINE_COLUMNS = list(LINE_DTYPES)
CUSTOMER_DTYPES = {
    "customer_id": S,
    "name": S,
    "country": S,
    "industry": S,
    "company_size": S,
    "employees": F,
    "customer_type": S,
    "source": S,
    "owner": S,
    "cost_to_serve": F,
    "email": S,
    "phone": S,
    "id_given": "bool",
}
CUSTOMER_COLUMNS = list(CUSTOMER_DTYPES)
INQUIRY_DTYPES = {
    "customer_id": S,
    "inquiry_id": S,
    "inquiry_date": D,
    "source": S,
    "product_line": S,
    "country": S,
    "name": S,
    "owner": S,
    "email": S,
    "phone": S,
    "id_given": "bool",
}
INQUIRY_COLUMNS = list(INQUIRY_DTYPES)
ACTIVITY_DTYPES = {
    "customer_id": S,
    "activity_date": D,
    "activity_type": S,
    "outbound": "bool",
    "answered": "bool",
    "owner": S,
    "name": S,
    "source_file": S,
    "source_row": "int64",
}
ACTIVITY_COLUMNS = list(ACTIVITY_DTYPES)


@dataclass
class Tables:
    """Canonical tables, rejects and the per-file reconciliation."""

    lines: pd.DataFrame
    customers: pd.DataFrame
    inquiries: pd.DataFrame
    rejects: pd.DataFrame
    reconciliation: pd.DataFrame
    as_of: dt.date
    warnings: list[Message] = field(default_factory=list)
    column_map: dict[str, dict[str, str]] = field(default_factory=dict)
    has_profit: bool = False
    has_product_line: bool = False
    has_inquiries: bool = False
    identity: Identity | None = None  # what identity resolution did (None when disabled)
    activities: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(
            {c: pd.Series(dtype=t) for c, t in ACTIVITY_DTYPES.items()}
        )
    )
    has_activities: bool = False


# --------------------------------------------------------------------------- headers


def map_headers(
    sheet: RawSheet,
    table: str,
    overrides: dict[str, str],
    warnings: list[Message] | None = None,
) -> dict[str, str]:
    """Return ``{canonical: header in the file}`` for *sheet* read as *table*.

    Overrides from ``columns:`` in the config must name a header that exists. The first header
    that matches a canonical column wins (the others are named in *warnings*); required columns
    that are missing raise InputError with the headers found and the closest one.
    """
    headers = [str(c) for c in sheet.frame.columns]
    by_key = {header_key(h): h for h in reversed(headers)}
    mapping: dict[str, str] = {}
    for canonical, wanted in overrides.items():
        if header_key(wanted) not in by_key:
            raise InputError(
                msg(
                    "normalize.no_such_header",
                    file=sheet.label,
                    path=f"columns -> {table} -> {canonical}",
                    header=wanted,
                    hint=did_you_mean(wanted, headers),
                    found=_listed(headers),
                )
            )
        mapping[canonical] = by_key[header_key(wanted)]
    index, second = sheet_aliases(table, headers)
    taken = set(mapping.values())
    also: dict[str, list[str]] = {}
    found_as: dict[str, tuple[str | None, bool]] = {}  # header → (canonical, a second choice)
    for h in headers:
        # "金额(人民币)", "Amount (USD)", "数量（件）": the name before its unit in brackets
        key = header_key(h)
        if key not in index:
            key = header_key(_UNIT.sub("", str(h)))
        found = index.get(key)
        if found in _MONEY and names_rate(h):  # Margin %, 利润率（%）: a rate, not money
            found = "profit_rate" if found == "profit" else None
        found_as[h] = (found, key in second)
    # A second choice (a buyer's e-mail as the id, an order's total as the amount) names its
    # column when no first choice does; beside one it is no other column meaning the same.
    named = {found for found, later in found_as.values() if found and not later}
    for pass_ in (False, True):
        for h in headers:
            found, later = found_as[h]
            if not found or later != pass_ or (later and found in named):
                continue
            if found not in mapping and h not in taken:
                mapping[found] = h
                taken.add(h)
            elif h not in taken and found not in overrides:
                also.setdefault(found, []).append(h)
    if warnings is not None:
        warnings.extend(
            msg(
                "io.same_column",
                where=sheet.short_label,
                headers=[mapping[c], *others],
                column=Both(*column_name(table, c)),
                used=mapping[c],
                path=f"columns -> {table} -> {c}",
            )
            for c, others in also.items()
        )
    _check_required(sheet, table, mapping, headers)
    return mapping


def _check_required(sheet: RawSheet, table: str, mapping: dict[str, str], headers: list[str]):
    missing = [c for c in REQUIRED[table] if c not in mapping]
    if "customer_id" in missing and ("customer_name" in mapping or "name" in mapping):
        missing.remove("customer_id")  # ids are taken from the name (input.customer_id_from_name)
    if (
        table == "orders"
        and "amount" not in mapping
        and not {
            "quantity",
            "unit_price",
        }
        <= set(mapping)
    ):
        missing.append("amount")
    if not missing:
        return
    column = missing[0]
    aliases = [column, *TABLE_ALIASES[table][column]]
    unmatched = [h for h in headers if h not in mapping.values()]
    closest = did_you_mean_header(unmatched, aliases)

    def setting(header: str) -> str:  # the config lines that map the column
        return f"columns: {{{table}: {{{column}: <{header}>}}}}"

    raise InputError(
        msg(
            "normalize.missing_column",
            file=sheet.label,
            column=column,
            extra=msg("normalize.or_quantity_price") if column == "amount" else "",
            table=_table_word(table),
            found=_listed(headers) if headers else msg("normalize.no_headers"),
            closest=msg("normalize.closest_header", header=closest) if closest else "",
            setting=Both(setting("你的列名"), setting("your header")),
            names=quoted(_some_aliases(aliases)),
        )
    )


def _table_word(table: str) -> Both:
    """A table's name in a sentence: its label in Chinese, its code in English (orders)."""
    return Both(schema.value_label("table", table, "zh") or table, table)


def _listed(headers: list[str], most: int = 30) -> Message:
    """The headers for a message; a very wide file's list is cut."""
    more = len(headers) - most
    return msg(
        "normalize.listed",
        headers=quoted(headers[:most]),
        more=msg("normalize.and_more", n=str(more)) if more > 0 else "",
    )


def quoted(names: list[str]) -> list[Message]:
    """Headers or column names as a list in a sentence: each in quotes in Chinese (they are
    mostly English words), bare in English."""
    return [msg("normalize.name", name=name) for name in names]


def _semicolons(parts: list[Message]) -> Message:
    """*parts* said one after another, separated by semicolons (；in Chinese)."""
    said = parts[-1]
    for part in reversed(parts[:-1]):
        said = msg("normalize.then", first=part, rest=said)
    return said


def _some_aliases(aliases: list[str]) -> list[str]:
    """A few of a column's names to show: the first English ones and the first Chinese ones,
    each once (金额 beside amount: the reader may have either kind of export)."""
    once = list(dict.fromkeys(aliases))
    chinese = [a for a in once if any("\u4e00" <= ch <= "\u9fff" for ch in a)]
    return [*[a for a in once if a.isascii()][:6], *chinese[:4]]


def did_you_mean_header(headers: list[str], aliases: list[str]) -> str | None:
    """The found header closest to an alias of a missing column (the first alias, in the order
    given, that one is close to), compared as header keys; None if none is close."""
    by_key = {header_key(h): h for h in reversed(headers)}
    for alias in aliases:
        found = close_matches(header_key(alias), by_key, 1, cutoff=0.55)
        if found:
            return by_key[found[0]]
    return None


# --------------------------------------------------------------------------- rejects


class _Verdicts:
    """The first reason each row is set aside. Which rows are still open and each row's
    category are numpy arrays over the sheet's rows; the reasons, columns and cells are kept
    for the rows each check sets aside only (a million rows: no pandas mask alignment per
    check, and no object column a million long)."""

    INVALID, EXCLUDED = 1, 2  # category codes; 0: no verdict

    def __init__(self, sheet: RawSheet):
        self.sheet = sheet
        n = len(sheet.frame)
        self.open = np.ones(n, dtype=bool)  # no verdict yet: the row is usable so far
        self.duplicate = np.zeros(n, dtype=bool)  # an exact repeat: counted apart, listed
        self.first_copy = np.zeros(0, dtype=np.int64)  # the row each repeat repeats, in order
        self.category = np.zeros(n, dtype=np.int8)
        # per check that set rows aside: (their positions, reasons, columns, cells as found)
        self.hits: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []

    @property
    def excluded(self) -> np.ndarray:
        return self.category == self.EXCLUDED

    def start(self, repeats: tuple[np.ndarray, np.ndarray] | None = None) -> None:
        """Mark exact duplicates (*repeats*, as :func:`coerce.first_copies` gives them: counted
        apart, and listed with the row each repeats) and rows with surplus cells."""
        if repeats is not None:
            self.duplicate, self.first_copy = repeats
        self.open &= ~self.duplicate
        if self.sheet.malformed is not None:
            self.set(
                self.sheet.malformed,
                None,
                None,
                "row has more cells than the header (a separator inside an unquoted value?)",
            )

    def set(
        self,
        mask: pd.Series | np.ndarray,
        column: str | None,
        header: str | None,
        reason: str | pd.Series,
        category: str = "invalid",
    ) -> None:
        index = self.sheet.frame.index
        if isinstance(mask, pd.Series):  # by label, as pandas would align it
            if not mask.index.equals(index):
                mask = mask.reindex(index)
            mask = mask.to_numpy(dtype=bool, na_value=False)
        at = np.flatnonzero(mask & self.open)
        if not len(at):
            return
        self.open[at] = False
        if isinstance(reason, pd.Series):
            if not reason.index.equals(index):
                reason = reason.reindex(index)
            reasons = reason.to_numpy(dtype=object)[at]
        else:
            reasons = np.full(len(at), reason, dtype=object)
        cells = np.full(len(at), pd.NA, dtype=object)
        if header is not None:  # the cell as found (a long one is cut: it is for the reader)
            cell = take_sorted(self.sheet.frame[header], at).astype("string").fillna("")
            cells = cell.str.slice(0, 500).to_numpy(dtype=object)
        where = np.full(len(at), header or column or "", dtype=object)
        if header in self.sheet.errors:  # Excel error cells (#DIV/0!, #N/A…), read as blank
            reasons, cells = formula_errors(self.sheet, str(header), at, reasons, cells)
        self.hits.append((at, reasons, where, cells))
        self.category[at] = self.EXCLUDED if category == "excluded" else self.INVALID

    def duplicates(self) -> pd.DataFrame:
        """The exact duplicates, each with the row number of the row it repeats as its value."""
        at = np.flatnonzero(self.duplicate)
        rows = self.sheet.rows
        return pd.DataFrame(
            {
                "source_file": self.sheet.file,
                "source_sheet": self.sheet.sheet or "",
                "row": rows.iloc[at].astype("int64").to_numpy(),
                "column": "",
                "value": rows.iloc[self.first_copy].astype("int64").astype("string").array,
                "reason": DUPLICATE,
                "category": "duplicate",
            },
            index=self.sheet.frame.index[at],
            columns=REJECT_COLUMNS,
        )

    def frame(self, rows: np.ndarray | None = None) -> pd.DataFrame:
        """The rejects: the rows with a verdict (duplicates aside), or those of them in *rows*,
        in row order."""
        wanted = ~self.open & ~self.duplicate if rows is None else rows
        if self.hits:
            fields = zip(*self.hits, strict=True)  # positions, reasons, columns, cells
            at, reasons, where, cells = (np.concatenate(field) for field in fields)
        else:
            at, reasons, where, cells = np.zeros(0, dtype=np.intp), *[np.zeros(0, object)] * 3
        order = np.argsort(at, kind="stable")  # the checks hit disjoint rows
        keep = order[wanted[at[order]]]
        at = at[keep]
        category = np.where(self.category[at] == self.EXCLUDED, "excluded", "invalid")
        return pd.DataFrame(
            {
                "source_file": self.sheet.file,
                "source_sheet": self.sheet.sheet or "",
                "row": self.sheet.rows.iloc[at].astype("int64").to_numpy(),
                "column": where[keep],
                "value": cells[keep],
                "reason": reasons[keep],
                "category": category.astype(object),
            },
            index=self.sheet.frame.index[at],
            columns=REJECT_COLUMNS,
        )


def _raw(sheet: RawSheet, mapping: dict[str, str], canonical: str) -> pd.Series | None:
    header = mapping.get(canonical)
    return sheet.frame[header] if header is not None else None


# --------------------------------------------------------------------------- orders


@dataclass
class _Part:
    frame: pd.DataFrame
    verdicts: _Verdicts
    table: str
    date_column: str | None
    mapping: dict[str, str]
    cancelled: np.ndarray | None = None  # orders: the rows set aside as cancelled orders


def _customer_ids(
    sheet: RawSheet, mapping: dict[str, str], name_key: str, cfg: Config, warnings: list[Message]
) -> tuple[pd.Series, str | None]:
    raw = _raw(sheet, mapping, "customer_id")
    if raw is not None:
        n, first = coerce.shortened_numbers(raw)
        if n:  # 1.23457E+11: Excel showed a long id in six digits, and it was saved so
            warnings.append(
                msg(
                    "io.shortened_ids",
                    where=sheet.short_label,
                    header=mapping["customer_id"],
                    n=n,
                    example=str(raw.iloc[first]).strip(),
                    row=int(sheet.rows.iloc[first]),
                )
            )
        return coerce.clean_id(raw), mapping["customer_id"]
    names = _raw(sheet, mapping, name_key)
    if names is None or not cfg.input.customer_id_from_name:
        raise InputError(msg("normalize.no_customer_column", file=sheet.label))
    warnings.append(msg("io.id_from_name", where=sheet.short_label, header=mapping[name_key]))
    ids = coerce.clean_text(names).str.casefold().str.strip()
    return _by_country(ids, _raw(sheet, mapping, "country"), cfg), mapping[name_key]


def _by_country(ids: pd.Series, countries: pd.Series | None, cfg: Config) -> pd.Series:
    """Ids taken from names, told apart by the country where one name is written for several
    (Acme Trading in the USA and in the UK are two buyers: ``acme trading (US)`` and
    ``acme trading (GB)``); a name in one country only keeps its plain id."""
    if countries is None or not countries.notna().any():
        return ids
    from tiercli.identity import country_keys  # (the identity step's country key)

    country = country_keys(coerce.clean_text(countries), cfg.trade.region.overrides)
    pairs = pd.DataFrame({"id": ids, "country": country}).dropna().drop_duplicates()
    several = pairs["id"][pairs["id"].duplicated()].unique()
    if not len(several):
        return ids
    apart = ids.isin(several) & country.notna()
    return ids.where(~apart, ids + " (" + country.fillna("") + ")")


def _id_or_contact(
    sheet: RawSheet, mapping: dict[str, str], cid: pd.Series, cfg: Config
) -> tuple[pd.Series, pd.Series]:
    """(ids, whether each was given): a customer or inquiry row without an id keeps a
    provisional one — its name (case-folded), else its e-mail — when identity resolution
    matches blank ids (``identity.match_blank_ids``), so that it can be matched to a customer
    by name or e-mail (:mod:`tiercli.identity`); a file without an id column has only such ids."""
    given = pd.Series("customer_id" in mapping, index=cid.index).astype(bool)
    given &= cid.notna().to_numpy()
    if not (cfg.identity.enabled and cfg.identity.match_blank_ids) or "customer_id" not in mapping:
        return cid, given
    blank = cid.isna()
    if not blank.any():
        return cid, given
    name = _text(sheet, mapping, "name").str.casefold().str.strip()
    email = _text(sheet, mapping, "email").str.casefold().str.strip()
    fill = name.where(name.notna() & (name != ""), email)
    return cid.where(~blank, fill.where(blank)), given


def _parse_dates(
    sheet: RawSheet, mapping: dict[str, str], canonical: str, cfg: Config, warnings: list[Message]
) -> tuple[pd.Series, pd.Series]:
    """(dates as days — time of day dropped — NaT outside :data:`DATE_MIN`..:data:`DATE_MAX`,
    and where a date was read but is outside that range)."""
    raw = sheet.frame[mapping[canonical]]
    parsed, order = coerce.parse_dates_report(raw, cfg.input.date_order)
    if order == "mixed":
        warnings.append(msg("io.mixed_dates", where=sheet.short_label, header=mapping[canonical]))
    if cfg.input.date_order == "auto" and order in ("DMY", "MDY", "mixed"):
        n, first = coerce.first_match(raw, coerce.TWO_DIGIT_YEARS)
        if n:  # 25-03-05: the 25th of March 2005, or 2025-03-05?
            read = parsed.iloc[first]
            warnings.append(
                msg(
                    "io.two_digit_years",
                    where=sheet.short_label,
                    header=mapping[canonical],
                    n=n,
                    example=str(raw.iloc[first]).strip(),
                    read="—" if pd.isna(read) else str(read.date()),
                )
            )
    days = parsed.dt.normalize()
    outside = days.notna() & ((days < DATE_MIN) | (days > DATE_MAX))
    return days.where(~outside), outside


TOTAL_ROW: Final = "subtotal or total row"
# What an ERP report writes in a subtotal or total row's first cells, as cleaned ids read them.
_TOTAL_WORDS: Final = tuple(
    word + end
    for base in (
        "小计",
        "合计",
        "总计",
        "共计",
        "总合计",
        "本页小计",
        "本页合计",
        "累计",
        "汇总",
        "小計",
        "合計",
        "總計",
        "Subtotal",
        "Sub-total",
        "Sub total",
        "Total",
        "Totals",
        "Grand total",
        "Grand Total",
        "Sum",
    )
    for word in {base, base.upper(), base.lower(), base.title()}
    for end in ("", ":", "：")
)


def _total_rows(
    sheet: RawSheet,
    mapping: dict[str, str],
    cid: pd.Series,
    order_id: pd.Series | None,
    dates: pd.Series,
) -> tuple[np.ndarray | None, str]:
    """The rows that are a report's subtotal or total (小计, 合计, Grand total … as the customer
    id, or — in a row without a customer id or a date — as its order id, customer name or
    date cell), and the column it was found in; (None, "") for none. A hash lookup of the ids,
    the other cells of the few rows without an id or date only: a 小计 row under merged
    dates became a customer with twice the revenue."""
    found = cid.isin(_TOTAL_WORDS).to_numpy(dtype=bool, na_value=False).copy()
    where = "customer_id" if found.any() else ""
    odd = np.flatnonzero(cid.isna().to_numpy(dtype=bool) | dates.isna().to_numpy(dtype=bool))
    if len(odd):
        others = [("order_id", order_id)]
        others += [
            (c, sheet.frame[mapping[c]]) for c in ("customer_name", "order_date") if c in mapping
        ]
        for column, values in others:
            if values is None or column not in mapping:
                continue
            cells = values.iloc[odd].astype("string").str.strip()
            hit = cells.isin(_TOTAL_WORDS).to_numpy(dtype=bool, na_value=False)
            if hit.any():
                found[odd[hit]] = True
                where = where or column
    return (found, where) if where else (None, "")


FOOTER_ROW: Final = "below the table (a report's footer)"
# A footer's label: a few Chinese characters or a report's own words, then a colon (制表人：,
# 打印日期：, 备注：, Prepared by:, Printed on:, Note:).
_FOOTER_LABEL: Final = (
    r"(?i)^\s*(?:[\u4e00-\u9fff]{1,8}|(?:prepared|printed|checked|approved|reviewed|audited"
    r"|created|made|issued|generated|exported)(?: by| on| at)?|remarks?|notes?|comments?|page"
    r"|print(?:ed)? date|report date|date printed)\s*[:：]"
)


def _footer_rows(
    sheet: RawSheet, mapping: dict[str, str], cid: pd.Series, dates: pd.Series, amount: pd.Series
) -> np.ndarray | None:
    """The rows below a report's table that are its footer (制表人：王芳 | 审核人：李娜 |
    打印日期：…, 备注：…, an unlabelled total): after the last row with a date and an amount,
    each labelled so in one of its cells, or — when blank rows part them from the table (a gap
    in the row numbers) — without a customer or an order id. None when the last row is an
    order (most sheets: nothing more is looked at). A row with a customer or an order id under
    the table is an order with something to fix, not a footer."""
    valid = (dates.notna() & amount.notna()).to_numpy(dtype=bool)
    if not valid.any() or valid[-1]:
        return None
    last = int(np.flatnonzero(valid)[-1])
    tail = np.arange(last + 1, len(valid))
    rows = sheet.rows.to_numpy()
    apart = rows[last + 1] - rows[last] > 1
    labelled = np.zeros(len(tail), dtype=bool)
    for header in dict.fromkeys(mapping.values()):
        if header in sheet.frame:
            cells = sheet.frame[header].iloc[tail].astype("string")
            labelled |= cells.str.match(_FOOTER_LABEL).to_numpy(dtype=bool, na_value=False)
    unowned = cid.iloc[tail].isna().to_numpy(dtype=bool)
    if "order_id" in mapping:  # (an order without its customer is an order to fix)
        blank = sheet.frame[mapping["order_id"]].iloc[tail].astype("string").str.strip()
        unowned = unowned & blank.fillna("").eq("").to_numpy(dtype=bool)
    footer = labelled | (apart & unowned)
    if not footer.any():
        return None
    out = np.zeros(len(valid), dtype=bool)
    out[tail[footer]] = True
    return out


# An ERP entry list (金蝶 K/3 and 云星空, 用友 U8, 管家婆: a 销售订单序时簿) writes an order's header
# fields on its first line only; its further lines (分录) carry their product, quantity, price
# and amount. These are the fields such a line takes from its order's first line, where blank …
_HEADER_FIELDS: Final = (
    "order_id",
    "customer_id",
    "customer_name",
    "order_date",
    "currency",
    "status",
    "owner",
    "country",
)
_BLANK_ON_ENTRIES: Final = ("order_id", "customer_id", "customer_name", "order_date")
# … and these, with them, the columns that do not say what a line is (its numbers).
_NUMBER_FIELDS: Final = ("amount", "quantity", "unit_price", "profit", "profit_rate")
_TOTAL_LABELS: Final = pa.array(sorted(set(_TOTAL_WORDS)))


def _entry_lines(
    sheet: RawSheet,
    mapping: dict[str, str],
    order_id: pd.Series,
    dates: pd.Series,
    amount: pd.Series,
) -> tuple[np.ndarray, np.ndarray] | None:
    """The further lines of an ERP entry list's orders (positions, ascending) and the position
    of each one's order's first line; None when the sheet has none (a sheet whose order ids are
    all given: nothing more is looked at).

    A further line has no order id, no customer (id or name) and no date — blank cells, not a
    formula's error —, an amount (or quantity × unit price) of its own, and the first cell
    that says something past those columns and the numbers (a product, its code, a spec: text,
    not a number) is not a total's 合计 / Total: a report's unlabelled total row, or one labelled
    in a column no name is mapped to, is no line of an order. Its order's first line is the
    nearest line above that is not such a line, and it must have an order id (not 合计): the
    sheet groups its lines by order. A line with an order id but no customer or date is not
    one (it is rejected as before), nor are blank lines under a line without an order id."""
    no_id = order_id.isna().to_numpy(dtype=bool)
    if not no_id.any():
        return None
    at = np.flatnonzero(no_id & dates.isna().to_numpy(dtype=bool) & amount.notna().to_numpy())
    frame = sheet.frame
    for canonical in _BLANK_ON_ENTRIES:
        header = mapping.get(canonical)
        if header is None or not len(at):
            continue
        at = at[_blank_at(sheet, header, at)]
    at = at[_say_a_line(sheet, mapping, at)]
    if not len(at):
        return None
    # The nearest line above that is not one of them: the row numbers, those lines' masked,
    # filled forward (a running maximum).
    above = np.arange(len(frame))
    above[at] = -1
    first = np.maximum.accumulate(above)[at]
    grouped = first >= 0
    heads = order_id.iloc[first[grouped]]
    grouped[grouped] = (heads.notna() & ~heads.isin(_TOTAL_WORDS)).to_numpy(dtype=bool)
    if not grouped.any():
        return None
    return at[grouped], first[grouped]


def _say_a_line(sheet: RawSheet, mapping: dict[str, str], at: np.ndarray) -> np.ndarray:
    """Per row at *at* (positions, ascending): whether its first cell that says something past
    the header fields and the numbers (a product, its code, a spec: text, not a number — a
    number there is a total's sum as often as a line's) is there and is not a total's 合计 /
    Total: a line of an order, not a report's total row (labelled in a column no name is mapped
    to, or not labelled). Column by column, the rows not yet decided only."""
    frame = sheet.frame
    fixed = {mapping[c] for c in (*_HEADER_FIELDS, *_NUMBER_FIELDS) if c in mapping}
    said = np.zeros(len(at), dtype=bool)
    total = np.zeros(len(at), dtype=bool)
    undecided = np.arange(len(at))
    for header in frame.columns:
        if not len(undecided):
            break
        if header in fixed:
            continue
        cells = take_sorted(frame[header], at[undecided])
        text = np.flatnonzero(~coerce.is_blank(cells).to_numpy(dtype=bool))
        if len(text):
            number = coerce.parse_numbers(cells.iloc[text]).values.notna().to_numpy()
            text = text[~number]
        if len(text):
            label = pa.array(cells.iloc[text].astype("string[pyarrow]").array)
            label = pc.utf8_trim_whitespace(label)
            said[undecided[text]] = True
            total[undecided[text]] = pc.is_in(label, _TOTAL_LABELS).to_numpy(zero_copy_only=False)
            undecided = np.delete(undecided, text)
    return said & ~total


def _filled_down(values: pd.Series, rows: np.ndarray, first: np.ndarray) -> pd.Series:
    """A copy of *values* with the cells at *rows* those at *first*: the column taken by each
    row's source row (one take, Arrow's for Arrow text: no cell boxed as a Python object)."""
    source = np.arange(len(values))
    source[rows] = first
    return values.take(source).set_axis(values.index)


def _entries_filled(
    sheet: RawSheet, mapping: dict[str, str], at: np.ndarray, first: np.ndarray, consume: bool
) -> RawSheet:
    """*sheet* with the header fields (:data:`_HEADER_FIELDS`) blank on its entry lines (*at*)
    taken from their orders' first lines (*first*): its own frame when the caller hands it over
    (*consume*), else a sheet of a frame of its own (the caller reads the cells again: tune and
    backtest normalize the same sheets twice)."""
    frame = sheet.frame
    if not consume:
        frame = frame.copy(deep=False)
        sheet = replace(sheet, frame=frame)
    for canonical in _HEADER_FIELDS:
        header = mapping.get(canonical)
        if header is None:
            continue
        if canonical in _BLANK_ON_ENTRIES:  # (blank on each: what made it an entry line)
            frame[header] = _filled_down(frame[header], at, first)
            continue
        blank = _blank_at(sheet, header, at)  # (an entry line's own currency stays its own)
        if blank.any():
            frame[header] = _filled_down(frame[header], at[blank], first[blank])
    return sheet


def _blank_at(sheet: RawSheet, header: str, at: np.ndarray) -> np.ndarray:
    """Whether the cells of column *header* at rows *at* are blank (:func:`coerce.is_blank`;
    a missing cell without a look at its text); a formula's error (#N/A, read as blank) is
    not: it is the cell's own, and said."""
    cells = take_sorted(sheet.frame[header], at)
    blank = np.array(cells.isna(), dtype=bool)  # (a copy: written to)
    filled = np.flatnonzero(~blank)
    if len(filled):
        blank[filled] = coerce.is_blank(cells.iloc[filled]).to_numpy(dtype=bool)
    if header in sheet.errors:
        blank &= ~sheet.frame.index[at].isin(sheet.errors[header].index)
    return blank


_Fill = dict[str, tuple[np.ndarray, np.ndarray]]
"""Per header field: the rows (positions, ascending) that take it and the row each takes it from."""


def _lines_of_orders(
    order_id: pd.Series, lines: np.ndarray, but: tuple[str, ...] = ()
) -> tuple[np.ndarray, np.ndarray, int]:
    """The lines (positions, ascending) of the orders of *lines* (a mask) but those whose id is
    one of *but*, each one's order (an integer code), and how many codes there are: by the
    order ids' codes (:func:`value_codes`: Arrow's encoding, or their runs), no id looked up
    line by line."""
    codes, distinct = value_codes(order_id, in_runs=True)
    wanted = np.zeros(len(distinct) + 1, dtype=bool)  # (the last: a missing id's code, -1)
    wanted[codes[lines]] = True
    wanted[-1] = False
    if but:
        some = np.flatnonzero(wanted[:-1])
        wanted[some[distinct[some].isin(but)]] = False
    play = np.flatnonzero(wanted[codes])
    return play, codes[play], len(distinct)


def _order_customers(
    sheet: RawSheet,
    mapping: dict[str, str],
    order_id: pd.Series,
    cid: pd.Series,
    dated: np.ndarray,
) -> tuple[_Fill, np.ndarray] | None:
    """What the lines of an order that name its customer on another line only take from
    those lines (a shop's export: Shopify writes the buyer's name, the currency, the financial
    status and the billing country on an order's first line; its other lines carry the order
    number, the date and their line item), and which lines took the customer (id or name);
    None when no line lacks one (nothing more is looked at).

    Such a line has an order id (not 合计) and a date of its own (*dated*: a line with an
    order id and neither customer nor date is rejected as before), no customer id or no
    customer name (a blank cell), and a cell that says what it is (:func:`_say_a_line`: not
    a total's row); the order's other lines name one customer — one id and one name at most,
    not none. It takes the order's customer id and name where blank, and its currency,
    status, owner and country where blank and the order's lines say one only. An order whose
    lines name two customers, or none, is left as it is (its lines without a customer are
    rejected)."""
    lacking = cid.isna().to_numpy(dtype=bool)
    name_header = mapping.get("customer_name")
    if "customer_id" in mapping and name_header is not None:
        lacking = lacking | _blank_cells(sheet.frame[name_header])
    lacking = lacking & order_id.notna().to_numpy(dtype=bool) & dated
    if not lacking.any():
        return None
    play, order, orders = _lines_of_orders(order_id, lacking, but=_TOTAL_WORDS)
    if not len(play):
        return None
    targets = np.flatnonzero(lacking[play])  # (positions in play)
    targets = targets[_say_a_line(sheet, mapping, play[targets])]

    def field(values: pd.Series, blank: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per order: how many distinct values its lines say, and the first line saying one
        (-1: none); per line in play: whether it is blank. By the values' codes: each order ×
        value pair once."""
        codes = value_codes(values)[0]
        has = np.flatnonzero(~blank & (codes >= 0))
        count = np.zeros(orders, dtype=np.int64)
        first = np.full(orders, -1, dtype=np.int64)
        if len(has):
            span = int(codes[has].max()) + 1
            pairs = np.sort(order[has].astype(np.int64) * span + codes[has])
            pairs = pairs[np.append(True, pairs[1:] != pairs[:-1])]  # (a sort: numpy's hash
            count = np.bincount(pairs // span, minlength=orders)  # unique is 100 times slower)
            seen, at = np.unique(order[has], return_index=True)  # (each order's first)
            first[seen] = play[has[at]]
        return count, first, blank

    frame = sheet.frame
    says: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    blank_id = ~cid.iloc[play].notna().to_numpy(dtype=bool)
    says["customer_id"] = field(cid.iloc[play], blank_id)
    for canonical in ("customer_name", "currency", "status", "owner", "country"):
        header = mapping.get(canonical)
        if header is not None:
            cells = coerce.clean_text(take_sorted(frame[header], play))
            says[canonical] = field(cells, _blank_at(sheet, header, play))
    ids, names = says["customer_id"][0], says.get("customer_name", (None,))[0]
    one = (ids <= 1) & (ids >= 1 if names is None else (names <= 1) & (ids + names >= 1))
    targets = targets[one[order[targets]]]
    if not len(targets):
        return None
    fills: _Fill = {}
    took = np.zeros(len(targets), dtype=bool)  # (the lines with an id now that took one or a name)
    for canonical, (count, first, blank) in says.items():
        filled = blank[targets] & (count[order[targets]] == 1)
        if filled.any():
            fills[canonical] = (play[targets[filled]], first[order[targets[filled]]])
            if canonical == "customer_id":
                took |= filled
            elif canonical == "customer_name":
                took |= filled & ~blank_id[targets]
    if not took.any():
        return None
    return fills, play[targets[took]]


_LONGEST_BLANK: Final = max(map(len, coerce.BLANK_TOKENS))


def _blank_cells(cells: pd.Series) -> np.ndarray:
    """Which *cells* are blank (:func:`coerce.is_blank`), each looked at only when missing or
    as short as a blank token once trimmed (Arrow's lengths first: a column of names is not
    folded cell by cell)."""
    array = pa.array(cells.array) if isinstance(cells.dtype, pd.StringDtype) else None
    if array is None or array.type not in (pa.string(), pa.large_string()):
        return coerce.is_blank(cells).to_numpy(dtype=bool)
    length = pc.utf8_length(pc.utf8_trim_whitespace(array))
    short = pc.fill_null(pc.less_equal(length, _LONGEST_BLANK), True)
    short = np.flatnonzero(short.to_numpy(zero_copy_only=False))
    out = np.zeros(len(cells), dtype=bool)
    if len(short):
        out[short] = coerce.is_blank(take_sorted(cells, short)).to_numpy(dtype=bool)
    return out


def _customers_filled(
    sheet: RawSheet, mapping: dict[str, str], fills: _Fill, consume: bool
) -> RawSheet:
    """*sheet* with the cells of *fills* taken from their source rows (its own frame when the
    caller hands it over, *consume*; else a sheet of a frame of its own, as
    :func:`_entries_filled`)."""
    frame = sheet.frame
    if not consume:
        frame = frame.copy(deep=False)
        sheet = replace(sheet, frame=frame)
    for canonical, (rows, source) in fills.items():
        header = mapping.get(canonical)
        if header is not None:
            frame[header] = _filled_down(frame[header], rows, source)
    return sheet


def _of_other_orders(
    repeats: tuple[np.ndarray, np.ndarray], at: np.ndarray, first: np.ndarray
) -> np.ndarray:
    """Per row, False for an entry line (*at*, its order's first line at *first*) that repeats
    (*repeats*: :func:`coerce.first_copies`, on the filled cells) a line of its own order: two
    equal lines of an order are two lines, each its own entry (分录). True elsewhere: an
    entry line equal to a line of another order — an order written twice — is a duplicate."""
    repeated, copy_of = repeats
    order = np.arange(len(repeated))  # each line's order's first line
    order[at] = first
    entry = np.zeros(len(repeated), dtype=bool)
    entry[at] = True
    again = np.flatnonzero(repeated)
    own = entry[again] & (order[again] == order[copy_of])
    out = np.ones(len(repeated), dtype=bool)
    out[again[own]] = False
    return out


def _order_part(
    sheet: RawSheet, cfg: Config, warnings: list[Message], consume: bool = False
) -> _Part:
    """The orders of one sheet. *consume* (see :func:`normalize`): each raw column is let go
    right after the check that reads its cells last (the checks keep their order: a row's
    reason is the first check it fails)."""
    mapping = map_headers(sheet, "orders", cfg.columns.orders, warnings)
    raw = sheet.frame
    readers: Counter[str] = Counter()  # per raw column: the names still to read its cells

    def read_last(*canonicals: str) -> None:
        for canonical in canonicals:
            header = heads.get(canonical)
            if header is not None:
                readers[header] -= 1
                if consume and readers[header] == 0:
                    _let_go(sheet, [header])

    has_id = "order_id" in mapping
    date_notes: list[Message] = []  # told after the customer ids' warnings, as before
    # The order ids and the dates, each from its own column: on two threads in a long sheet
    # (their parsers spend their time in Arrow and numpy, which let go of the interpreter's
    # lock; 10M lines: normalize 7.1 → 6.6 s, medians of 6, the same peak). A shorter one
    # gains nothing: the modules imported beside the run hold the other core then.
    order_id, (dates, outside) = both(
        lambda: coerce.clean_id(raw[mapping["order_id"]]) if has_id else None,
        lambda: _parse_dates(sheet, mapping, "order_date", cfg, date_notes),
        at_once=len(raw) >= _SIDE_BY_SIDE_ROWS,
    )
    numeric = _Numbers(sheet, mapping, _unit_scales(sheet, mapping, warnings))
    amount, cell_currency, amount_header, parts, computed = _amounts(numeric, mapping)
    # An ERP entry list's further lines take their order's header fields (before any check
    # reads them: the customer, the date, the status, the repeats and the orders' totals).
    entries = None
    if order_id is not None:
        entries = _entry_lines(sheet, mapping, order_id, dates, amount)
    if entries is not None:
        entry_at, order_at = entries  # the entry lines, and their orders' first lines
        sheet = _entries_filled(sheet, mapping, entry_at, order_at, consume)
        raw = sheet.frame
        # (the parsed cells as the filled cells read)
        order_id, dates, outside = (
            _filled_down(values, entry_at, order_at) for values in (order_id, dates, outside)
        )
        row = int(sheet.rows.iloc[entry_at[0]])
        warnings.append(msg("io.entry_lines", where=sheet.short_label, n=len(entry_at), row=row))
    id_notes: list[Message] = []  # (told after the repeats', as before)
    cid, cid_header = _customer_ids(sheet, mapping, "customer_name", cfg, id_notes)
    # The lines of an order that name its customer on another line only take it (a shop's
    # export), before any check reads the cells they take.
    found = None
    if order_id is not None:
        dated = dates.notna().to_numpy(dtype=bool) | outside.to_numpy(dtype=bool)
        found = _order_customers(sheet, mapping, order_id, cid, dated)
    if found is not None and order_id is not None:
        fills, took = found
        sheet = _customers_filled(sheet, mapping, fills, consume)
        raw = sheet.frame
        if "customer_id" in fills:
            cid = _filled_down(cid, *fills["customer_id"])
        warnings.append(
            msg("io.order_customer", where=sheet.short_label, n=len(took),
                row=int(sheet.rows.iloc[took[0]]), example=str(order_id.iloc[took[0]]))
        )  # fmt: skip
    v = _Verdicts(sheet)
    amount, computed = _order_totals_on_first_lines(
        numeric, order_id, amount, computed, sheet, warnings
    )
    amount = _order_totals_on_lines(numeric, mapping, order_id, amount, sheet, warnings)
    # the amount's checks read the cells it came from (the unit price's, when it is computed)
    heads = {**mapping, "amount": amount_header}
    readers.update(heads.values())
    # Equal rows have equal amounts and dates: only rows sharing both are compared cell by cell.
    numbers = amount.to_numpy(dtype="float64", na_value=np.nan)
    repeats = coerce.first_copies(raw, [numbers, dates.to_numpy()])
    repeated = repeats[0]
    del numbers
    if consume:  # the columns no canonical name was mapped to are read by that check only
        _let_go(sheet, [h for h in raw.columns if h not in mapping.values()], give_back=False)
    # Without an order id a repeated row may be a second line of the same goods: kept, noted.
    if order_id is not None:
        has = order_id.notna().to_numpy(dtype=bool)  # (a row without an id: not a duplicate)
        if entries is not None:  # an entry line repeats a line of another order only
            has = has & _of_other_orders(repeats, *entries)
        v.start((repeated & has, repeats[1][has[repeated]]))
    else:
        v.start()
    if not has_id:
        same = int(repeated.sum())
        if same:
            warnings.append(msg("io.repeated_rows", where=sheet.short_label, n=same))

    warnings.extend(id_notes)
    total, total_column = _total_rows(sheet, mapping, cid, order_id, dates)
    if total is not None:  # a report's 小计 / 合计 / Total rows: no customer's, left out
        v.set(total, total_column, mapping.get(total_column), TOTAL_ROW, "excluded")
    footer = _footer_rows(sheet, mapping, cid, dates, amount)
    if footer is not None:  # 制表人：… 打印日期：… below the table: no order, left out
        footer_at = "order_id" if "order_id" in mapping else "customer_id"  # (its first cell)
        v.set(footer, footer_at, mapping.get(footer_at), FOOTER_ROW, "excluded")
    v.set(cid.isna(), "customer_id", cid_header, "blank customer id")
    read_last("customer_id")

    warnings.extend(date_notes)
    date_raw = raw[mapping["order_date"]]
    blank_date = _blank(date_raw, dates.isna())
    v.set(blank_date, "order_date", mapping["order_date"], "blank order date")
    v.set(outside, "order_date", mapping["order_date"], OUT_OF_RANGE)
    v.set(dates.isna(), "order_date", mapping["order_date"], "unparseable date")
    read_last("order_date")

    for canonical, parsed in parts.items():  # the amount, or quantity and unit price
        header = mapping[canonical]
        what = canonical.replace("_", " ")
        v.set(_blank(raw[header], parsed.isna()), canonical, header, f"blank {what}")
        if canonical in numeric.percent:  # 12.5% (and no quantity × unit price instead)
            percent = numeric.percent[canonical] & parsed.isna().to_numpy()
            v.set(percent, canonical, header, "percentage, not an amount")
        v.set(parsed.isna(), canonical, header, f"{what} is not a number")
        v.set(_implausible(parsed), canonical, header, f"{what} is {TOO_LARGE}")
    v.set(_implausible(amount), "amount", amount_header, f"amount is {TOO_LARGE}")
    if computed is not None and computed.any():
        examples = raw.loc[computed, amount_header].astype("string").fillna("").unique()[:3]
        warnings.append(
            msg(
                "io.amount_from_quantity",
                where=sheet.short_label,
                n=int(computed.sum()),
                examples=", ".join(f"'{x}'" for x in examples),
            )
        )
    quantity = numeric.values("quantity")  # parsed before its cells go
    read_last("unit_price", "quantity")  # (the unit price's stay while they are the amount's)

    said = _header_currency(mapping, amount_header, cfg)  # 金额(人民币): no currency column
    shown = None  # [$€-407]#,##0.00: the currency the amount cells' number format shows
    if said is not None:
        warnings.append(
            msg("io.header_currency", where=sheet.short_label, header=amount_header, code=said)
        )
    elif "currency" not in mapping:
        shown = _format_currency(sheet, amount_header, cell_currency, warnings)
    bare = shown is None or shown.isna().any()  # (rows whose cells show no currency)
    if said is None and "currency" not in mapping and cfg.currency.default is None and bare:
        said, written = _preamble_currency(sheet.preamble)  # 币别：人民币 in the title rows
        if said is not None:
            warnings.append(
                msg("io.preamble_currency", where=sheet.short_label, text=written, code=said)
            )
    currency = _currency(sheet, mapping, cell_currency, cfg, said, shown)
    rate = rates_to_base(currency, dates, cfg.currency)
    warnings.extend(msg("io.in_sheet", where=sheet.short_label, message=w) for w in rate.warnings)
    cur_header = mapping.get("currency", amount_header)
    v.set(
        rate.unknown,
        "currency",
        cur_header,
        "unknown currency: no exchange rate (add one under currency.rates in the config)",
    )
    v.set(rate.rates.isna(), "currency", cur_header, "no exchange rate for this date")
    read_last("currency")
    v.set(
        _implausible(amount * rate.rates),
        "amount",
        amount_header,
        f"amount in the base currency is {TOO_LARGE}",
    )

    status = coerce.clean_text(raw[mapping["status"]]) if "status" in mapping else None
    by_status, by_prefix, returned, partly = _order_flags(raw.index, status, order_id, cfg.orders)
    if sheet.returns:  # a sheet whose name says returns (退货单): each line not cancelled is one
        returned = ~by_status & ~by_prefix
        partly = pd.Series(False, index=raw.index)
    partly_said = status[partly] if status is not None and partly.any() else None  # (a few)
    del status  # (the cleaned words: 170 MB at 10M rows, not held to the end)
    excluded_product = _excluded_products(sheet, mapping, cfg.orders)
    v.set(by_status, "status", mapping.get("status"), "cancelled order", "excluded")
    read_last("status")
    v.set(
        by_prefix,
        "order_id",
        mapping.get("order_id"),
        "cancelled order (order id prefix)",
        "excluded",
    )
    cancelled = v.excluded & (by_status | by_prefix).to_numpy(dtype=bool)  # (no other yet)
    read_last("order_id")
    for mask, canonical, header in excluded_product:  # (a row: the first column that has it)
        v.set(mask, canonical, header, "non-product line (orders.exclude_products)", "excluded")
    negative = amount < 0
    # A line of −2 × 5 written with an amount of 10 is a return of 10, as it is with the amount
    # left blank (−2 × 5 = −10).
    back = ((quantity < 0) & (amount > 0)).fillna(False) if quantity is not None else None
    if back is not None and back.any():
        negative |= back
    else:
        back = None
    if cfg.orders.negative_amount == "reject":
        v.set(negative & ~returned, "amount", amount_header, "negative amount", "excluded")
    read_last("amount")
    if back is not None:
        _negative_quantities(back & ~returned & v.open, sheet, warnings)
    is_return = returned | negative
    if partly_said is not None:  # sales at their full amount: the part returned is not known
        _partly_returned(partly_said, partly & ~is_return & v.open, sheet, warnings)
    signed = amount.abs().where(~is_return, -amount.abs())
    profit = _profit(numeric, mapping, signed, sheet, warnings)  # (or the amount × its rate)
    read_last("profit", "profit_rate")
    # Optional numbers that cannot be totalled (inf, 1e308) are left empty, not summed.
    profit = profit.where(~_implausible(profit)) if profit is not None else None
    quantity = quantity.where(~_implausible(quantity)) if quantity is not None else None

    # A row without an order id is an order of its own, as in a file with no order id column.
    def synthetic(rows: pd.Series) -> pd.Series:
        return sheet.file + ":" + (sheet.sheet or "") + ":" + rows.astype("string")

    if order_id is None:
        order_id = synthetic(sheet.rows)
    else:
        blank_id = order_id.isna() & v.open
        if blank_id.any():
            first = int(sheet.rows[blank_id].iloc[0])
            warnings.append(
                msg("io.blank_order_id", where=sheet.short_label, n=int(blank_id.sum()), row=first)
            )
        missing = order_id.isna()
        if missing.any():  # made only for the rows that need one
            order_id = order_id.copy()
            order_id[missing] = synthetic(sheet.rows[missing])
    columns = {
        "customer_id": cid,
        "order_id": order_id,
        "order_date": dates,
        "amount": signed * rate.rates,
        "amount_original": signed,
        "currency": currency,
        "profit": profit * rate.rates if profit is not None else None,
        "quantity": quantity,
        "is_return": is_return.fillna(False).astype(bool),
        "source_row": sheet.rows.astype("int64"),
    }
    for canonical in ("product_line", "product_code", "product_name", "country", "customer_name",
                      "owner"):  # fmt: skip
        columns[canonical] = _text(sheet, mapping, canonical) if canonical in mapping else None
        read_last(canonical)
    # A column the file does not have is added empty to the kept rows only (see _concat), and
    # so are the source file and sheet (see normalize).
    frame = pd.DataFrame(
        {name: column for name, column in columns.items() if column is not None},
        index=raw.index,
        copy=False,  # the parsed columns as they are (no second copy of a million rows)
    )
    return _Part(frame, v, "orders", "order_date", mapping, cancelled if has_id else None)


_SIDE_BY_SIDE_ROWS = 2_000_000  # rows of a sheet whose ids and dates are read on two threads


def _negative_quantities(lines: pd.Series, sheet: RawSheet, warnings: list[Message]) -> None:
    """Warn of the *lines* read as returns for their negative quantity (their amount was
    positive): how many, and the first one's row."""
    n = int(lines.sum())
    if n:
        row = int(sheet.rows[lines].iloc[0])
        warnings.append(msg("io.negative_quantity", where=sheet.short_label, n=n, row=row))


def _partly_returned(
    said: pd.Series, kept: pd.Series, sheet: RawSheet, warnings: list[Message]
) -> None:
    """Warn of the *kept* lines whose status (*said*, at the lines that say one) says a part
    returned or a refund pending: how many, and their statuses, the commonest first."""
    statuses = said[kept.reindex(said.index).to_numpy(dtype=bool)]
    if statuses.empty:
        return
    counts = statuses.value_counts()
    counts = counts.sort_index(kind="stable").sort_values(ascending=False, kind="stable")
    shown = ", ".join(f"'{text}' {n}" for text, n in counts.iloc[:5].items())
    warnings.append(
        msg(
            "io.partial_returns",
            where=sheet.short_label,
            n=len(statuses),
            statuses=shown + (" …" if len(counts) > 5 else ""),
        )
    )


class _Numbers:
    """A sheet's number columns, each parsed once (the quantity makes the amount and is kept)."""

    def __init__(
        self, sheet: RawSheet, mapping: dict[str, str], scales: dict[str, float] | None = None
    ):
        self.sheet, self.mapping = sheet, mapping
        self.scales = scales or {}  # a column's unit scale (金额（万元）: 10,000; see _unit_scales)
        self.parsed: dict[str, coerce.NumberParse] = {}
        # A money column's cells written as a percentage (12.5%: no amount, left missing), and
        # what its cells say as fractions (a profit column of percentages only is a rate).
        self.percent: dict[str, np.ndarray] = {}
        self.said: dict[str, pd.Series] = {}

    def __call__(self, canonical: str) -> coerce.NumberParse:
        if canonical not in self.parsed:
            header = self.mapping[canonical]
            parsed = coerce.parse_numbers(self.sheet.frame[header])
            if canonical in _MONEY and parsed.percent is not None:
                self.percent[canonical], self.said[canonical] = parsed.percent, parsed.values
                kept = ~parsed.percent
                parsed = coerce.NumberParse(parsed.values.where(kept), parsed.currency.where(kept))
            if canonical in self.scales:
                parsed = coerce.NumberParse(parsed.values * self.scales[canonical], parsed.currency)
            self.parsed[canonical] = parsed
        return self.parsed[canonical]

    def values(self, canonical: str) -> pd.Series | None:
        """The column's numbers, or None when the sheet does not have it."""
        return self(canonical).values if canonical in self.mapping else None

    def where(self, canonical: str, rows: np.ndarray) -> pd.Series:
        """The numbers of the column's cells at *rows* (a mask) only, not kept."""
        cells = self.sheet.frame[self.mapping[canonical]]
        parsed = coerce.parse_numbers(cells[rows])
        values = parsed.values if parsed.percent is None else parsed.values.where(~parsed.percent)
        return values * self.scales[canonical] if canonical in self.scales else values


_TOTALS_SAMPLE = 20_000
"""Lines looked at first for an order total written on every line (the rest only then)."""


def _order_totals_on_lines(
    numeric: _Numbers,
    mapping: dict[str, str],
    order_id: pd.Series | None,
    amount: pd.Series,
    sheet: RawSheet,
    warnings: list[Message],
) -> pd.Series:
    """*amount*, where an order repeats its order total on each of its lines (AliExpress and
    店小秘 exports: Order Total beside each SKU's Qty and Unit Price) each line's quantity ×
    unit price instead — the order counted its total once per line. An order is one of those
    when it has two lines or more, one amount on all of them, and the lines' quantity × unit
    price add up to it; a warning counts them. Looked for on the first lines first (an export
    of line amounts pays for no more than that)."""
    if order_id is None or not {"amount", "quantity", "unit_price"} <= mapping.keys():
        return amount
    head = slice(0, min(len(amount), _TOTALS_SAMPLE))
    frame = sheet.frame
    quantity = coerce.parse_numbers(frame[mapping["quantity"]].iloc[head]).values
    price = coerce.parse_numbers(frame[mapping["unit_price"]].iloc[head]).values
    if not _repeated_totals(order_id.iloc[head], amount.iloc[head], quantity * price).any():
        return amount
    product = numeric("quantity").values * numeric("unit_price").values
    lines = _repeated_totals(order_id, amount, product)
    if not lines.any():  # (the first lines' orders go on past them, with other amounts)
        return amount
    orders = order_id[lines]
    warnings.append(
        msg("io.order_total_on_lines", where=sheet.short_label, n=int(orders.nunique()),
            lines=int(lines.sum()), example=str(orders.iloc[0]), header=mapping["amount"])
    )  # fmt: skip
    return amount.where(~lines, product)


def _order_totals_on_first_lines(
    numeric: _Numbers,
    order_id: pd.Series | None,
    amount: pd.Series,
    computed: pd.Series | None,
    sheet: RawSheet,
    warnings: list[Message],
) -> tuple[pd.Series, pd.Series | None]:
    """(*amount*, *computed*) where an order writes its order total on its first line only
    (Shopify: Subtotal and Total — with shipping and taxes — on an order's first line, each
    line's Lineitem quantity and price on every line) each of its lines' quantity × unit price
    instead, the lines no longer among the *computed* ones (see :func:`_amounts`): a warning
    counts them. An order is one of those when it has two lines or more, an amount on its
    first line only (the others' blank: *computed*), a quantity and a unit price on every
    line, and the first line's amount is not its own quantity × unit price. Only the orders
    of lines whose amount was blank are looked at: a sheet whose every line has its amount
    pays nothing."""
    if order_id is None or computed is None or not computed.any():
        return amount, computed
    blank = computed.to_numpy(dtype=bool)
    play, order, k = _lines_of_orders(order_id, blank)  # those orders' lines
    if not len(play):
        return amount, computed
    inside = np.zeros(len(amount), dtype=bool)
    inside[play] = True
    quantity = numeric("quantity").values.to_numpy(dtype="float64", na_value=np.nan)[play]
    price = numeric.where("unit_price", inside).to_numpy(dtype="float64", na_value=np.nan)
    made = quantity * price
    money = amount.to_numpy(dtype="float64", na_value=np.nan)[play]
    given = ~np.isnan(money) & ~blank[play]
    size = np.bincount(order, minlength=k)
    seen, first = np.unique(order, return_index=True)  # each order's first line (in play)
    total = money[first]
    differs = np.abs(total - made[first]) > np.maximum(0.01, 0.005 * np.abs(total))
    ok = np.zeros(k, dtype=bool)
    ok[seen] = (
        (size[seen] >= 2)
        & (np.bincount(order, weights=given, minlength=k)[seen] == 1)
        & given[first]
        & (np.bincount(order, weights=~np.isnan(made), minlength=k)[seen] == size[seen])
        & differs
    )
    lines = ok[order]
    if not lines.any():
        return amount, computed
    at = play[lines]
    amount, computed = amount.copy(), computed.copy()
    amount.iloc[at] = made[lines]
    computed.iloc[at] = False
    example = str(order_id.iloc[at[0]])
    warnings.append(
        msg("io.order_total_on_first_line", where=sheet.short_label, n=int(ok.sum()),
            lines=len(at), example=example, header=numeric.mapping["amount"])
    )  # fmt: skip
    return amount, computed


def _repeated_totals(ids: pd.Series, amount: pd.Series, product: pd.Series) -> np.ndarray:
    """The lines of the orders whose one amount on every line (two or more) is their lines'
    quantity × unit price summed (to a cent, or 0.5% of it)."""
    codes = pd.factorize(ids.to_numpy(), use_na_sentinel=True)[0]
    money = amount.to_numpy(dtype="float64", na_value=np.nan)
    made = product.to_numpy(dtype="float64", na_value=np.nan)
    ok = (codes >= 0) & ~np.isnan(money) & ~np.isnan(made)
    if not ok.any():
        return np.zeros(len(codes), dtype=bool)
    per = pd.DataFrame({"order": codes[ok], "amount": money[ok], "made": made[ok]}).groupby(
        "order", sort=False
    )
    size, low, high = per.size(), per["amount"].min(), per["amount"].max()
    total = per["made"].sum()
    close = (total - low).abs() <= np.maximum(0.01, 0.005 * low.abs())
    orders = size.index[((size >= 2) & (low == high) & close).to_numpy()]
    out = np.zeros(len(codes), dtype=bool)
    out[ok] = np.isin(codes[ok], orders.to_numpy())
    return out


def _amounts(
    number: _Numbers, mapping: dict[str, str]
) -> tuple[pd.Series, pd.Series, str, dict[str, pd.Series], pd.Series | None]:
    """Amount per row, currency found in the cell, the header it came from, the parsed
    columns it was built from (to say which one is blank or not a number), and where the amount
    was computed from quantity × unit price.

    With no amount column, quantity × unit price. With one, the amount column is the amount;
    where its cell is blank or not a number ("TBD", "待定") and the row has a quantity and a unit
    price, their product is used (the caller notes how many rows); otherwise it is rejected.
    """
    if "amount" in mapping:
        parsed = number("amount")
        values, computed = parsed.values, None
        gap = values.isna().to_numpy()
        if "quantity" in mapping and "unit_price" in mapping and gap.any():
            # the unit price is read only where the amount is missing (it is kept nowhere)
            qty = number("quantity").values[gap]
            price = number.where("unit_price", gap)
            product = pd.Series(np.nan, index=values.index)
            product[gap] = (qty * price).to_numpy(dtype="float64", na_value=np.nan)
            computed = product.notna()
            values = values.where(~computed, product)
        return values, parsed.currency, mapping["amount"], {"amount": values}, computed
    qty = number("quantity").values
    price = number("unit_price")
    parts = {"quantity": qty, "unit_price": price.values}
    return qty * price.values, price.currency, mapping["unit_price"], parts, None


def _profit(
    numeric: _Numbers,
    mapping: dict[str, str],
    amount: pd.Series,
    sheet: RawSheet,
    warnings: list[Message],
) -> pd.Series | None:
    """Each line's profit, in the amount's currency: the profit column's, else the amount ×
    the profit rate column's (毛利率, Margin %: :func:`tiercli.io.aliases.names_rate`), with a
    note; None when the sheet has neither.

    A profit column whose every number is written as a percentage (毛利: 25%) is a rate too;
    a percentage among its amounts is left empty, with a warning."""
    if "profit" in mapping:
        profit = numeric.values("profit")
        percent = numeric.percent.get("profit")
        if percent is None:
            return profit
        header, said = mapping["profit"], numeric.said["profit"]
        if not (said.notna().to_numpy() & ~percent).any():  # percentages only: a rate
            return _times_rate(amount, said, percent, header, sheet, warnings)
        first = int(np.flatnonzero(percent)[0])
        warnings.append(
            msg(
                "io.profit_percent",
                where=sheet.short_label,
                header=header,
                n=int(percent.sum()),
                example=str(sheet.frame[header].iloc[first]).strip(),
                row=int(sheet.rows.iloc[first]),
            )
        )
        return profit
    if "profit_rate" in mapping:
        rate = numeric("profit_rate")
        percent = rate.percent if rate.percent is not None else np.zeros(len(amount), dtype=bool)
        return _times_rate(amount, rate.values, percent, mapping["profit_rate"], sheet, warnings)
    return None


def _times_rate(
    amount: pd.Series,
    said: pd.Series,
    percent: np.ndarray,
    header: str,
    sheet: RawSheet,
    warnings: list[Message],
) -> pd.Series:
    """The amount × a rate column's rates (*said*: the numbers its cells say, a percentage's
    as a fraction; *percent*: where a cell was one), noted. Numbers written without a percent
    sign are fractions when every one lies within ±1 (0.25: an Excel cell formatted as a
    percentage), else percent points (25)."""
    plain = said.notna().to_numpy() & ~percent
    rates = said
    if (said[plain].abs() > 1).any():
        rates = said.where(~plain, said / 100)
    filled = np.flatnonzero(rates.notna().to_numpy())
    if len(filled):
        first = int(filled[0])
        warnings.append(
            msg(
                "io.profit_rate",
                where=sheet.short_label,
                header=header,
                example=str(sheet.frame[header].iloc[first]).strip(),
                read=f"{rates.iloc[first] * 100:g}%",
            )
        )
    return amount * rates.to_numpy()


def _blank(cells: pd.Series, unread: pd.Series) -> np.ndarray:
    """Which *cells* are blank, looked at only where *unread* (no number or date was read
    from the cell: a cell that gave one is not blank)."""
    at = unread.to_numpy(dtype=bool, na_value=True)
    blank = np.zeros(len(cells), dtype=bool)
    if at.any():
        blank[at] = coerce.is_blank(cells[at]).to_numpy(dtype=bool)
    return blank


def _implausible(values: pd.Series) -> pd.Series:
    """True where a number was read but is not finite or is beyond :data:`MAX_AMOUNT`."""
    number = values.astype("float64")
    return number.notna() & ~(number.abs() <= MAX_AMOUNT)


_UNIT: Final = re.compile(r"\s*[(（\[【][^)）\]】]*[)）\]】]\s*$")
"""A unit in brackets closing a header."""

_SCALES: Final[dict[str, float]] = {
    "千": 1e3,
    "万": 1e4,
    "十万": 1e5,
    "百万": 1e6,
    "千万": 1e7,
    "亿": 1e8,
    "k": 1e3,
    "thousand": 1e3,
    "thousands": 1e3,
    "'000": 1e3,
    "'000s": 1e3,
    "000s": 1e3,
    "000's": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "mm": 1e6,
    "mio": 1e6,
    "million": 1e6,
    "millions": 1e6,
    "bn": 1e9,
    "billion": 1e9,
    "billions": 1e9,
}
"""The scales a money column's unit states, as written after NFKC and casefolding."""

_MONEY: Final = ("amount", "unit_price", "profit")
"""The money columns: a unit scale applies to them (a quantity's 千件 is a count, not money), a
header that names a rate is none of them and a percentage in their cells is no amount."""


def _unit_scale(header: str) -> tuple[float, str, str | None] | None:
    """(the scale the unit in brackets closing *header* states, the unit as written, the
    currency it names, if any), or None for a unit that states no scale.

    The unit is a scale alone or a scale before or after a currency: ``金额（万元）`` (10,000,
    CNY), ``金额（单位：百万美元）``, ``Amount (kUSD)``, ``Amount (USD thousands)``, ``Amount
    ('000 USD)``, ``Sales (USD mn)``, ``Amount (in millions of EUR)``, ``Amount (k)``. A currency
    alone (``Amount (MOP)``) or anything else in the brackets (``单价（元/吨）``) is no scale."""
    found = _UNIT.search(header)
    if found is None:
        return None
    written = re.sub(r"^单位\s*[:：]?\s*", "", found.group().strip()[1:-1].strip())
    unit = unicodedata.normalize("NFKC", written).casefold().replace("’", "'").replace(".", "")
    unit = " ".join(re.sub(r"\b(?:in|of)\b", " ", unit).split())
    if not unit or currencies.code_of(unit) is not None:
        return None
    for token in sorted(_SCALES, key=len, reverse=True):  # 百万 before 万, mn before m
        if unit.startswith(token):
            rest = unit[len(token) :].strip()
        elif unit.endswith(token):
            rest = unit[: -len(token)].strip()
        else:
            continue
        code = currencies.code_of(rest) if rest else None
        if rest and code is None:
            continue
        return _SCALES[token], written, code
    return None


def _unit_scales(
    sheet: RawSheet, mapping: dict[str, str], warnings: list[Message]
) -> dict[str, float]:
    """The scale of each money column whose header states one (``金额（万元）``: amount
    10,000), each noted in *warnings*."""
    scales: dict[str, float] = {}
    for canonical in _MONEY:
        unit = _unit_scale(mapping[canonical]) if canonical in mapping else None
        if unit is not None:
            scales[canonical] = unit[0]
            warnings.append(
                msg(
                    "io.header_unit",
                    where=sheet.short_label,
                    header=mapping[canonical],
                    unit=unit[1],
                    factor=f"{unit[0]:,.0f}",
                )
            )
    return scales


_SAYS_CURRENCY = re.compile(
    r"(?:币别|币种|货币|幣別|幣種|金额单位|金額單位|currency|curr\.?)\s*[:：]\s*([^\s,;，；]+)",
    re.IGNORECASE,
)


def _preamble_currency(preamble: str) -> tuple[str | None, str]:
    """The currency an ERP report's title rows state (``币别：人民币``, ``Currency: EUR``,
    ``金额单位：元``) and the words that say it; (None, "") when they state none or several."""
    found = {
        m.group(0): m.group(1) for m in _SAYS_CURRENCY.finditer(preamble)
    }  # (the phrase → its currency word)
    if not found:
        return None, ""
    codes = coerce.normalize_currency(pd.Series(list(found.values()), dtype="string"))
    known = {str(c) for c in codes.dropna() if len(str(c)) == 3}
    if len(known) != 1:
        return None, ""
    return known.pop(), next(iter(found))


def _header_currency(mapping: dict[str, str], amount_header: str, cfg: Config) -> str | None:
    """The currency the amount's header names (``金额(人民币)``, ``Amount (EUR)``, ``单价(元)``,
    ``Amount (kUSD)``) when there is no currency column and the config sets no default; None
    otherwise."""
    if "currency" in mapping or cfg.currency.default is not None:
        return None
    unit = _unit_scale(amount_header)
    if unit is not None and unit[2] is not None:
        return unit[2]
    code = coerce.normalize_currency(pd.Series([amount_header], dtype="string")).iloc[0]
    return None if pd.isna(code) or len(str(code)) != 3 else str(code)


def _format_currency(
    sheet: RawSheet, header: str, cell_currency: pd.Series, warnings: list[Message]
) -> pd.Series | None:
    """The currency the number format of the amount cells (*header*'s: the unit price's when
    the amount is computed) shows, by row (``<NA>`` where it shows none, or where the cell's
    text names its own: *cell_currency*), with a warning; None when no row takes one. Read by
    the reader from an xlsx (:mod:`tiercli.io.cell_formats`)."""
    found = sheet.cell_currency.get(header)
    if found is None:
        return None
    index = sheet.frame.index
    if isinstance(found.currency, str):
        shown = pd.Series(found.currency, index=index, dtype="string")
    else:
        shown = pd.Series(found.currency.to_numpy(), index=index, dtype="string")
    shown = shown.mask(cell_currency.notna().to_numpy())
    codes = [str(c) for c in pd.unique(shown.dropna())]
    if not codes:
        return None
    warnings.append(
        msg(
            "io.format_currency",
            where=sheet.short_label,
            header=header,
            formats=list(found.formats),
            codes=sorted(codes),
        )
    )
    return shown


def _currency(
    sheet: RawSheet,
    mapping: dict[str, str],
    cell_currency: pd.Series,
    cfg: Config,
    said: str | None = None,
    shown: pd.Series | None = None,
) -> pd.Series:
    """Each line's currency: the currency column's, else the amount cell's, else *said* when
    it is the amount header's, else *shown* (the amount cells' number format's), else *said*
    when it is the title rows', else ``currency.default``, else the base currency."""
    fallback = said or cfg.currency.default or cfg.currency.base
    if "currency" in mapping:
        raw = sheet.frame[mapping["currency"]]
        given = coerce.normalize_currency(raw)
        # Text that is no currency we know stays as written, so it is rejected as unknown
        # rather than quietly taken for the default currency.
        missing = given.isna()
        if missing.any():  # only the cells read as no currency are looked at again
            unknown = pd.Series(False, index=raw.index)
            unknown[missing] = ~coerce.is_blank(raw[missing]).to_numpy()
            if unknown.any():
                given = given.mask(unknown, coerce.clean_text(raw[unknown]).str.upper())
        currency = given.fillna(cell_currency)
    else:
        currency = cell_currency if shown is None else cell_currency.fillna(shown)
    return currency.fillna(fallback).astype("string")


# A status word said not to be so is not said: not a return, not a cancellation.
# - a negation before it: "已完成（无退款）", "非退货", "no return", "未取消";
# - a refusal after it, with a request, a party or 已/被 between: "退款失败", "退货已拒绝",
#   "退款申请被拒绝", "Refund request rejected", "Cancellation request denied",
#   "买家申请取消，卖家拒绝";
# - a refusal before it: "拒绝退款", "已拒绝取消", "卖家拒绝了买家的退款申请";
# - a return word closed: "退款关闭", "退款已关闭" (Taobao, Alibaba: the refund was closed
#   without one; "交易关闭" and "已关闭" alone still say a cancelled order).
_SEP: Final = r"[\s\-_:：]*"
_WIDE: Final = r"[\s\-_:：,，;；/()（）]*"
_NOT_BEFORE: Final = rf"(?:无|非|未|不|没有|没|免|no|not|non|without|never){_SEP}"
_REFUSED: Final = (
    r"(?:拒绝|被拒|驳回|失败|未通过|不通过|rejected|denied|declined|refused|failed"
    r"|not approved|disapproved|rechazad[oa]|abgelehnt|refusée?|rifiutat[oa]|recusad[oa]"
    r"|отклонен|拒否)"
)
_REFUSED_BEFORE: Final = (
    r"(?:(?:已经|已)?(?:拒绝|驳回|不同意|不予|不接受)了?|(?:rejected|denied|declined|refused)\s)"
    rf"{_SEP}(?:(?:买家|客户|buyer|customer)的?{_SEP})?"
)
_REFUSED_AFTER: Final = (
    rf"[a-z]*{_SEP}(?:(?:申请|请求|requests?|requested|application|claim){_SEP})?"
    rf"(?:{_WIDE}(?:买家|卖家|商家|平台|客服|buyer|seller|merchant|vendor|platform){_SEP})?"
    rf"{_WIDE}(?:(?:已经|已被|已|被|has been|is|was|been|got){_SEP})?{_REFUSED}"
)
_CLOSED: Final = rf"{_SEP}(?:申请{_SEP})?(?:已经|已)?{_SEP}关闭"
# A return word said of a part of the line, or of a refund not made yet: "部分退货", "部分退款",
# "Partially refunded", "refunded partially", "退款中", "待退款", "申请退款", "Shipped - refund
# pending", "return requested". The line's amount is the sale's: it stays a sale (warned about).
_PART_BEFORE: Final = rf"(?:部分|\bpart(?:ial(?:ly)?)?\b|待|等待|申请|请求|awaiting|pending){_SEP}"
_PART_AFTER: Final = (
    rf"[a-z]*{_SEP}(?:(?:申请|请求|requests?){_SEP})?"
    r"(?:部分|partially|partial|in part|中|处理中|审核中|待处理|待审核|待确认|pending|requested"
    r"|in progress|processing|initiated|under review)"
)


def _status_key(text: str) -> str:
    """A status or status word as compared: NFKC, casefolded, stripped — one Unicode form, so
    a word typed decomposed (NFD: a Mac's "hủy" as u + combining hook) meets it composed —,
    an underscore a space (a shop's status code: Shopify's partially_refunded is "partially
    refunded", a part returned)."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("_", " ")
    return unicodedata.normalize("NFKC", folded).strip()  # (casefolding may leave other forms)


def _any_of(words: list[str], run: bool = False) -> str:
    """One regex group matching any of *words* (:func:`_status_key`), the longest first; *run*:
    or a run of them ("退货退款", "return and refund": what is said of the last is said of each)."""
    folded = sorted({_status_key(w) for w in words if w.strip()}, key=len, reverse=True)
    word = "(?:" + "|".join(map(re.escape, folded)) + ")"
    return rf"(?:{word}\s*(?:(?:和|及|与|、|&|and)\s*)?)*{word}" if run else word


def status_kinds(values: pd.Series, cfg: OrdersConfig) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Which *values* (order statuses, or sheet names) say a return, which a cancellation, and
    which a part returned or a refund pending (neither of the others).

    A text says one when it equals or contains one of ``orders.return_status`` /
    ``orders.cancelled_status`` that it does not deny (the forms above: in "Refund request
    rejected" no word, not even "rejected", is said); both sides are compared in NFKC and
    casefolded (:func:`_status_key`: a word in decomposed Unicode matches it composed, either
    way). A return word wins over a cancel word ("cancelled - returned" is a return). A return
    word said of a part, or pending ("部分退款", "refund pending"), is no return.

    Each distinct text is matched once (a status column holds a handful of them).
    """
    returns = [w for w in cfg.return_status if w.strip()]
    cancels = [w for w in cfg.cancelled_status if w.strip()]
    none = pd.Series(False, index=values.index)
    if not returns and not cancels:
        return none, none.copy(), none.copy()
    codes, uniques = value_codes(values.astype("string"))  # (a cleaned column's: known)
    folded = pd.Series(
        [_status_key(u) if isinstance(u, str) else None for u in uniques], dtype="string"
    )  # (each distinct text once)
    said = _any_of([*returns, *cancels], run=True)
    unsaid = [
        f"{_NOT_BEFORE}{said}",
        f"{_REFUSED_BEFORE}{said}",
        f"{said}{_REFUSED_AFTER}",
        *([f"{_any_of(returns, run=True)}{_CLOSED}"] if returns else []),
    ]
    folded = folded.str.replace("|".join(unsaid), " ", regex=True)

    def spread(hit: pd.Series) -> pd.Series:
        found = np.append(hit.fillna(False).to_numpy(dtype=bool), False)[codes]  # -1: False
        return pd.Series(found, index=values.index)

    def contains(words: list[str]) -> pd.Series:
        return spread(folded.str.contains(_any_of(words), regex=True)) if words else none.copy()

    partly = none.copy()
    if returns:
        ret = _any_of(returns, run=True)
        part = f"{_PART_BEFORE}{ret}|{ret}{_PART_AFTER}"
        partly = spread(folded.str.contains(part, regex=True))
        folded = folded.str.replace(part, " ", regex=True)
    returned = contains(returns)
    cancelled = contains(cancels) & ~returned
    return returned, cancelled, partly & ~returned & ~cancelled


def _order_flags(
    index: pd.Index,
    status: pd.Series | None,
    order_id: pd.Series | None,
    cfg: OrdersConfig,
) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
    """Rows cancelled by status word, cancelled by order-id prefix, returned, and said to be
    returned in part or to await a refund (sales, see :func:`status_kinds`).

    A status is matched by :func:`status_kinds` (a configured word it contains and does not
    deny; a return word wins over a cancel word: "cancelled - returned" is a return).
    """
    by_status = pd.Series(False, index=index)
    by_prefix = pd.Series(False, index=index)
    returned = pd.Series(False, index=index)
    partly = pd.Series(False, index=index)
    if status is not None:
        returned, by_status, partly = status_kinds(status, cfg)
    if order_id is not None:
        for prefix, meaning in cfg.id_prefix.items():
            starts = order_id.astype("string").str.startswith(prefix).fillna(False).astype(bool)
            if meaning == "cancelled":
                by_prefix |= starts & ~by_status
            else:
                returned |= starts
    sale = ~by_status & ~by_prefix
    return by_status, by_prefix, returned & sale, partly & ~returned & sale


def _excluded_products(
    sheet: RawSheet, mapping: dict[str, str], cfg: OrdersConfig
) -> list[tuple[pd.Series, str, str]]:
    """(rows, canonical column, header) per product column with a cell that is one of
    ``orders.exclude_products``: a line is left out when its code, name or line is one."""
    if not cfg.exclude_products:
        return []
    words = {w.casefold().strip() for w in cfg.exclude_products}
    found: list[tuple[pd.Series, str, str]] = []
    canonicals: tuple[str, ...] = ("product_code", "product_name", "product_line")
    for canonical in canonicals:
        if canonical in mapping:
            # each distinct cell folded and looked up once (a product code repeats thousands of times)
            codes, distinct = pd.factorize(coerce.clean_text(sheet.frame[mapping[canonical]]))
            folded = pd.Series(distinct, dtype="string").str.casefold()
            hit = np.append(folded.isin(list(words)).fillna(False).to_numpy(dtype=bool), False)
            mask = pd.Series(hit[codes], index=sheet.frame.index)  # code -1 (blank): False
            if mask.any():
                found.append((mask, canonical, mapping[canonical]))
    return found


def _text(sheet: RawSheet, mapping: dict[str, str], canonical: str) -> pd.Series:
    raw = _raw(sheet, mapping, canonical)
    if raw is None:
        return missing_text(sheet.frame.index)
    return coerce.clean_text(raw)


# --------------------------------------------------------------------------- customers


def _customer_part(sheet: RawSheet, cfg: Config, warnings: list[Message]) -> _Part:
    mapping = map_headers(sheet, "customers", cfg.columns.customers, warnings)
    raw = sheet.frame
    v = _Verdicts(sheet)
    v.start(coerce.first_copies(raw))
    cid, cid_header = _customer_ids(sheet, mapping, "name", cfg, warnings)
    cid, given = _id_or_contact(sheet, mapping, cid, cfg)
    v.set(cid.isna(), "customer_id", cid_header, "blank customer id")
    repeated = cid.duplicated(keep="first") & cid.notna()
    v.set(
        repeated,
        "customer_id",
        cid_header,
        "customer id listed again (its first row is used)",
    )
    numeric = _Numbers(sheet, mapping)
    employees = numeric.values("employees")
    if employees is not None and employees.isna().any():  # "50-200人", "约300人", "1000+"
        said = coerce.headcounts(_text(sheet, mapping, "employees"))
        employees = employees.fillna(said.where(said >= 0))
    cost = numeric.values("cost_to_serve")
    frame = pd.DataFrame(
        {
            "customer_id": cid,
            "name": _text(sheet, mapping, "name"),
            "country": _text(sheet, mapping, "country"),
            "industry": _text(sheet, mapping, "industry"),
            "company_size": _text(sheet, mapping, "company_size"),
            "employees": employees if employees is not None else float("nan"),
            "customer_type": _text(sheet, mapping, "customer_type"),
            "source": _text(sheet, mapping, "source"),
            "owner": _text(sheet, mapping, "owner"),
            "cost_to_serve": cost if cost is not None else float("nan"),
            "email": _text(sheet, mapping, "email"),
            "phone": _text(sheet, mapping, "phone"),
            "id_given": given,
        },
        index=raw.index,
    )
    return _Part(frame, v, "customers", None, mapping)


# --------------------------------------------------------------------------- inquiries


def _inquiry_part(sheet: RawSheet, cfg: Config, warnings: list[Message]) -> _Part:
    mapping = map_headers(sheet, "inquiries", cfg.columns.inquiries, warnings)
    raw = sheet.frame
    v = _Verdicts(sheet)
    v.start(coerce.first_copies(raw) if "inquiry_id" in mapping else None)
    cid, cid_header = _customer_ids(sheet, mapping, "name", cfg, warnings)
    cid, given = _id_or_contact(sheet, mapping, cid, cfg)
    v.set(cid.isna(), "customer_id", cid_header, "blank customer id")
    if "inquiry_date" in mapping:
        dates, outside = _parse_dates(sheet, mapping, "inquiry_date", cfg, warnings)
        blank = coerce.is_blank(raw[mapping["inquiry_date"]])
        v.set(outside, "inquiry_date", mapping["inquiry_date"], OUT_OF_RANGE)
        v.set(dates.isna() & ~blank, "inquiry_date", mapping["inquiry_date"], "unparseable date")
    else:
        dates = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
    inquiry_id = _raw(sheet, mapping, "inquiry_id")
    frame = pd.DataFrame(
        {
            "customer_id": cid,
            "inquiry_id": coerce.clean_id(inquiry_id) if inquiry_id is not None else pd.NA,
            "inquiry_date": dates,
            "source": _text(sheet, mapping, "source"),
            "product_line": _text(sheet, mapping, "product_line"),
            "country": _text(sheet, mapping, "country"),
            "name": _text(sheet, mapping, "name"),
            "owner": _text(sheet, mapping, "owner"),
            "email": _text(sheet, mapping, "email"),
            "phone": _text(sheet, mapping, "phone"),
            "id_given": given,
        },
        index=raw.index,
    )
    return _Part(frame, v, "inquiries", "inquiry_date", mapping)


# --------------------------------------------------------------------------- activities


def _matches(folded: pd.Series, keywords: list[str]) -> pd.Series:
    """True where the folded text holds one of *keywords* (Latin ones as whole words)."""
    if not keywords:
        return pd.Series(False, index=folded.index)
    pattern = "|".join(keyword_regex(k) for k in keywords)
    codes, uniques = pd.factorize(folded, use_na_sentinel=True)
    hit = pd.Series(uniques, dtype="string").str.contains(pattern, regex=True)
    found = np.append(hit.fillna(False).to_numpy(dtype=bool), False)[codes]
    return pd.Series(found, index=folded.index)


def activity_fields(
    types: pd.Series, direction: pd.Series, outcome: pd.Series, cfg: ActivitiesConfig
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(canonical type, outbound, answered) of follow-up rows from the cells as read.

    The type is the first rule in ``activities.types`` whose keyword the type cell holds, else
    ``other``. A row is inbound when its direction cell holds an ``activities.inbound`` word,
    else outbound (a blank direction counts as outbound: follow-up records are mostly what the
    salesperson did). Answered: the outcome holds an ``answered`` word and no ``unanswered``
    one.
    """
    folded = fold_series(types)
    kind = pd.Series("other", index=types.index, dtype="string")
    taken = pd.Series(False, index=types.index)
    for rule in cfg.types:
        hit = _matches(folded, rule.keywords) & ~taken
        kind = kind.mask(hit, rule.type)
        taken |= hit
    inbound = _matches(fold_series(direction), cfg.inbound)
    said = fold_series(outcome)
    answered = _matches(said, cfg.answered) & ~_matches(said, cfg.unanswered)
    return kind, ~inbound, answered


def _activity_part(sheet: RawSheet, cfg: Config, warnings: list[Message]) -> _Part:
    mapping = map_headers(sheet, "activities", cfg.columns.activities, warnings)
    raw = sheet.frame
    v = _Verdicts(sheet)
    v.start()  # two like follow-ups on one day may both be real: no duplicates
    cid, cid_header = _customer_ids(sheet, mapping, "name", cfg, warnings)
    v.set(cid.isna(), "customer_id", cid_header, "blank customer id")
    dates, outside = _parse_dates(sheet, mapping, "activity_date", cfg, warnings)
    header = mapping["activity_date"]
    v.set(coerce.is_blank(raw[header]), "activity_date", header, "blank follow-up date")
    v.set(outside, "activity_date", header, OUT_OF_RANGE)
    v.set(dates.isna(), "activity_date", header, "unparseable date")
    kind, outbound, answered = activity_fields(
        _text(sheet, mapping, "activity_type"),
        _text(sheet, mapping, "direction"),
        _text(sheet, mapping, "outcome"),
        cfg.activities,
    )
    frame = pd.DataFrame(
        {
            "customer_id": cid,
            "activity_date": dates,
            "activity_type": kind,
            "outbound": outbound,
            "answered": answered,
            "owner": _text(sheet, mapping, "owner"),
            "name": _text(sheet, mapping, "name"),
            "source_file": repeated_text(sheet.short_label, sheet.frame.index),
            "source_row": sheet.rows.astype("int64"),
        },
        index=raw.index,
    )
    return _Part(frame, v, "activities", "activity_date", mapping)


def follow_identity(activities: pd.DataFrame, identity: Identity, cfg: Config) -> pd.DataFrame:
    """Follow-up rows with the customer id identity resolution gave their id.

    Identity resolution (:mod:`tiercli.identity`) runs on the orders, customer list and
    inquiries; a follow-up takes the customer of the same source id, else of the ids that
    compare equal to its id under ``identity.ids`` (``c-00042`` and ``C42`` = ``C00042``) when
    they all went to one customer; otherwise it keeps its id.
    """
    sources = identity.sources
    if activities.empty or sources.empty:
        return activities
    from tiercli.identity import id_keys

    source_ids = sources["source_id"].astype("string")
    exact = pd.Series(sources["customer_id"].astype("string").to_numpy(), index=source_ids)
    keyed = pd.DataFrame(
        {"key": id_keys(source_ids, cfg.identity), "customer_id": exact.to_numpy()}
    ).drop_duplicates()
    one = keyed.loc[~keyed["key"].duplicated(keep=False)].set_index("key")["customer_id"]
    ids = activities["customer_id"].astype("string")
    found = ids.map(exact).fillna(id_keys(ids, cfg.identity).map(one))
    return activities.assign(customer_id=found.fillna(ids).astype("string"))


# --------------------------------------------------------------------------- assembly


def _constant(value: str, index: pd.Index) -> pd.Series:
    """*value* on every row of *index*, as a one-category column (a byte a row)."""
    codes = np.zeros(len(index), dtype=np.int8)
    return pd.Series(pd.Categorical.from_codes(codes, categories=[value]), index=index)


_GIVE_BACK_BYTES: Final = 64 << 20
"""Raw columns of at least this many bytes let go at once are handed back to the system."""


def _let_go(sheet: RawSheet, headers: list[str], give_back: bool = True) -> None:
    """Drop *sheet*'s raw columns *headers* (its frame keeps its index, which the rejects'
    rows use); with *give_back*, when they held :data:`_GIVE_BACK_BYTES` or more, hand Arrow's
    freed memory back at once (the command's Arrow allocates from glibc's heap, which this
    trims; mimalloc would wait for its purge delay; see :mod:`tiercli.launch`): the next
    checks allocate. (A trim walks the whole heap: for the columns of a file of a few hundred
    thousand lines, ~3 ms each and the freed pages faulted in again by the next check.)"""
    freed = 0
    for header in headers:
        if header in sheet.frame.columns:
            freed += sheet.frame[header].nbytes
            del sheet.frame[header]
    if give_back and freed >= _GIVE_BACK_BYTES:
        pa.default_memory_pool().release_unused()


def _rows(frame: pd.DataFrame, keep: np.ndarray) -> pd.DataFrame:
    """``frame.loc[mask]``, column by column, **emptying** *frame* as it goes: each full column
    is let go once its kept rows are copied, so the table is never held twice (at 10M lines
    that is gigabytes), and there is no block-wise take of a boolean ``loc`` (several times
    slower on a million rows of text)."""
    index = frame.index[keep]
    columns = {name: frame.pop(name).array[keep] for name in list(frame.columns)}
    return pd.DataFrame(columns, index=index, copy=False)


def normalize(
    sheets: dict[str, list[RawSheet]],
    cfg: Config,
    as_of: dt.date | None = None,
    *,
    consume: bool = False,
) -> Tables:
    """Turn raw sheets per table into canonical :class:`Tables`.

    *as_of* (else ``cfg.as_of``, else the latest date of a valid order row, cancelled ones
    included) cuts orders and inquiries dated after it; they are counted per file as ``after_as_of``.

    *consume*: the caller hands the sheets over and will not read them again: each sheet's raw
    cells are let go as soon as its rows are parsed (each frame is left with its row index
    only), so a large file's raw text and its parsed table are not held side by side (10M
    order lines: 1.25 GB of raw text).
    """
    warnings: list[Message] = []
    builders = {
        "orders": _order_part,
        "customers": _customer_part,
        "inquiries": _inquiry_part,
        "activities": _activity_part,
    }
    parts: list[_Part] = []
    column_map: dict[str, dict[str, str]] = {}
    for table, table_sheets in sheets.items():
        for sheet in table_sheets:
            warnings.extend(sheet.warnings)
            if table == "orders":
                part = _order_part(sheet, cfg, warnings, consume)
            else:
                part = builders[table](sheet, cfg, warnings)
            if consume:
                _let_go(sheet, list(sheet.frame.columns))
            parts.append(part)
            column_map[f"{table}: {sheet.label}"] = part.mapping
    order_parts = [p for p in parts if p.table == "orders"]
    if not order_parts:
        raise InputError(msg("normalize.no_orders_table"))
    cut = as_of or cfg.as_of
    if cut is not None and not DATE_MIN <= pd.Timestamp(cut) <= DATE_MAX:
        raise InputError(msg("normalize.as_of_out_of_range", cut=cut, lo=_LO, hi=_HI))
    _no_orders(order_parts)
    if cut is None:
        # The latest date of an order row that is valid (used, or cancelled/excluded by rule).
        dated = pd.concat(
            [p.frame.loc[p.verdicts.open | p.verdicts.excluded, "order_date"] for p in order_parts]
        )
        cut = dated.max().date()
        warnings.extend(_odd_latest(order_parts, dated, cut))
        del dated
    cut_ts = pd.Timestamp(cut) + pd.Timedelta(days=1)

    frames: dict[str, list[pd.DataFrame]] = {
        "orders": [],
        "customers": [],
        "inquiries": [],
        "activities": [],
    }
    rejects, recon = [], []
    cancelled: list[pd.DataFrame] = []  # the order ids each export says were cancelled
    late_orders: list[tuple[pd.Timestamp, int]] = []  # each cut-off part's first date, rows
    for part in parts:
        v = part.verdicts
        after = np.zeros(len(part.frame), dtype=bool)
        if part.date_column is not None:
            # Usable rows, and cancelled or excluded ones, dated after the as-of date are not
            # this run's business: counted as after as-of, not listed as rejects.
            late = (part.frame[part.date_column] >= cut_ts).to_numpy(dtype=bool, na_value=False)
            after = (v.open | v.excluded) & late
        duplicate = v.duplicate
        rejected = ~v.open & ~duplicate & ~after
        used = v.open & ~after
        if part.table == "orders" and not used.any() and (v.open & after).any():
            first = part.frame.loc[v.open, "order_date"].min()
            late_orders.append((first, int((v.open & after).sum())))
        rows_read = len(part.frame)
        if part.table == "orders" and len(order_parts) > 1:  # (read before _rows empties it)
            said = _cancelled_keys(part, len(frames["orders"]))
            if said is not None:
                cancelled.append(said)
        kept = part.frame if bool(used.all()) else _rows(part.frame, used)  # all kept: no copy
        if part.table == "orders":  # the lines' source, made for the kept rows only
            kept["source_file"] = _constant(v.sheet.file, kept.index)
            kept["source_sheet"] = _constant(v.sheet.sheet or "", kept.index)
        frames[part.table].append(kept)
        if duplicate.any():  # listed in row order with the rows set aside
            both_kinds = pd.concat([v.frame(rejected), v.duplicates()])
            rejects.append(both_kinds.sort_values("row", kind="stable"))
        else:
            rejects.append(v.frame(rejected))
        sheet = part.verdicts.sheet
        recon.append(
            {
                "source_file": sheet.file,
                "source_sheet": sheet.sheet or "",
                "table": part.table,
                "rows_read": rows_read,
                "used": int(used.sum()),
                "rejected": int(rejected.sum()),
                "errors": int((rejected & (v.category == v.INVALID)).sum()),
                "excluded": int((rejected & v.excluded).sum()),
                "duplicates": int(duplicate.sum()),
                "after_as_of": int(after.sum()),
            }
        )
    _all_after(recon, late_orders, cut)
    order_recon = [r for r in recon if r["table"] == "orders"]
    if len(frames["orders"]) > 1:  # the same lines in two exports (overlapping months)
        _cancelled_elsewhere(
            cancelled, order_parts, frames["orders"], order_recon, rejects, warnings
        )
        _across_files(frames["orders"], order_recon, rejects, warnings)
    lines = _concat(frames["orders"], LINE_DTYPES)
    customers = _concat(frames["customers"], CUSTOMER_DTYPES)
    if not customers.empty:
        again = customers["customer_id"].duplicated(keep="first")
        if again.any():
            warnings.append(msg("io.customer_again", n=int(again.sum())))
            customers = customers.loc[~again]
    inquiries = _concat(frames["inquiries"], INQUIRY_DTYPES)
    activities = _concat(frames["activities"], ACTIVITY_DTYPES)
    reject_frame = _concat(rejects, REJECT_DTYPES)
    identity = None
    if cfg.identity.enabled:  # resolve identities (tiercli.identity): one id per real buyer
        from tiercli.identity import read_decisions, resolve

        decided = cfg.identity.merges
        lines, customers, inquiries, identity = resolve(
            lines,
            customers,
            inquiries,
            cfg.identity,
            read_decisions(decided) if decided is not None else None,
            str(decided or ""),
            cfg.trade.region.overrides,  # (a country as the regions read it)
        )
        warnings.extend(identity.warnings)
        activities = follow_identity(activities, identity, cfg)
    if not (cfg.identity.enabled and cfg.identity.ids.leading_zeros):
        warnings.extend(_zero_padded_ids([lines, customers, inquiries]))
    tables = Tables(
        lines=lines.reset_index(drop=True),
        customers=customers.reset_index(drop=True),
        inquiries=inquiries.reset_index(drop=True),
        rejects=reject_frame.reset_index(drop=True),
        reconciliation=pd.DataFrame(recon, columns=RECON_COLUMNS),
        as_of=cut,
        warnings=warnings,
        column_map=column_map,
        has_profit=any(
            "profit" in m or "profit_rate" in m
            for k, m in column_map.items()
            if k.startswith("orders")
        ),
        has_product_line=any(
            "product_line" in m for k, m in column_map.items() if k.startswith("orders")
        ),
        has_inquiries=bool(frames["inquiries"]),
        identity=identity,
        activities=activities.reset_index(drop=True),
        has_activities=bool(frames["activities"]),
    )
    check_contract(tables)
    return tables


class AllAfterAsOf(InputError):
    """Every usable order row is dated after the as-of date (a caller with a date of its own,
    backtest's cut-off, says it in its words)."""


def _across_files(
    kept: list[pd.DataFrame],
    recon: list[dict[str, Any]],
    rejects: list[pd.DataFrame],
    warnings: list[Message],
) -> None:
    """Drop from each order export (in *kept*, in place) the lines an earlier export has
    already (every column of :data:`SAME_LINE` both give equal): two monthly exports that
    overlap, or one export read as xlsx and as csv, count each line once. Each is counted as a
    duplicate of its file (*recon*), listed in *rejects* with the file and row it repeats,
    and said in a warning per file. Exports without order ids are left alone."""
    frames = [(i, f) for i, f in enumerate(kept) if not f.empty and f["order_id"].notna().any()]
    if len(frames) < 2:
        return
    given = [
        c
        for c in (*SAME_LINE, *SAME_PRODUCT)
        if all(c in f and f[c].notna().any() for _, f in frames)
    ]
    keys = [c for c in SAME_LINE if c in given] + [c for c in SAME_PRODUCT if c in given][:1]
    stacked = _concat([f[keys] for _, f in frames], {k: LINE_DTYPES[k] for k in keys})
    part = np.concatenate([np.full(len(f), n, dtype=np.int64) for n, (_, f) in enumerate(frames)])
    repeated, first = coerce.first_copies(stacked)
    again = np.flatnonzero(repeated)
    earlier = part[first] < part[again]  # (a repeat within one export is that export's own)
    again, first = again[earlier], first[earlier]
    if not len(again):
        return
    start = np.concatenate([[0], np.cumsum([len(f) for _, f in frames])])
    drop = np.zeros(len(stacked), dtype=bool)
    drop[again] = True
    rows = np.concatenate([f["source_row"].to_numpy() for _, f in frames])
    # a frame's place: its file's name, and its sheet's of a workbook ("book.xlsx [李雷]")
    names = []
    for _, f in frames:
        name, sheet = PurePath(str(f["source_file"].iloc[0])).name, f["source_sheet"].iloc[0]
        names.append(f"{name} [{sheet}]" if isinstance(sheet, str) and sheet else name)
    for n, (i, frame) in enumerate(frames):
        mine = drop[start[n] : start[n + 1]]
        if not mine.any():
            continue
        gone = frame.loc[mine]
        in_frame = (again >= start[n]) & (again < start[n + 1])
        here, there = again[in_frame], first[in_frame]
        # the repeated line's place: "jan.csv:17" (the file's name, the row number)
        place = pd.Series(np.asarray(names, dtype=object)[part[there]], dtype="string")
        place = place + ":" + pd.Series(rows[there]).astype("string")
        rejects.append(
            pd.DataFrame(
                {
                    "source_file": gone["source_file"].astype("string").to_numpy(),
                    "source_sheet": gone["source_sheet"].astype("string").to_numpy(),
                    "row": rows[here],
                    "column": "",
                    "value": place.to_numpy(),
                    "reason": AGAIN,
                    "category": "duplicate",
                },
                columns=REJECT_COLUMNS,
            )
        )
        kept[i] = frame.loc[~mine]
        recon[i]["used"] -= int(mine.sum())
        recon[i]["duplicates"] += int(mine.sum())
        warnings.append(
            msg(
                "io.same_lines",
                where=names[n],
                n=int(mine.sum()),
                other=names[part[there[0]]],
            )
        )


def _odd_latest(order_parts: list[Any], dated: pd.Series, cut: dt.date) -> list[Message]:
    """The as-of taken from the data (*dated*: the valid order rows' dates), when its latest
    order date looks typed wrong: after today, or more than a year after every other order
    date (2042-03-05 among orders of 2024). Names the file and row, so that one typo does not
    quietly make every customer lost."""
    today = dt.date.today()
    latest = pd.Timestamp(cut)
    earlier = dated.to_numpy(dtype="datetime64[ns]")
    earlier = earlier[earlier < latest.to_datetime64()]
    before = pd.Timestamp(earlier.max()) if len(earlier) else None
    gap = (latest - before).days if before is not None else 0
    if cut <= today and gap <= 365:
        return []
    file, row = "", 0
    for part in order_parts:  # where the latest date is
        dates = part.frame["order_date"]
        at = np.flatnonzero(
            ((dates == latest).to_numpy(dtype=bool, na_value=False))
            & (part.verdicts.open | part.verdicts.excluded)
        )
        if len(at):
            file, row = part.verdicts.sheet.label, int(part.verdicts.sheet.rows.iloc[at[0]])
            break
    if cut > today:
        return [msg("normalize.as_of_future", cut=cut, today=today, file=file, row=row)]
    assert before is not None
    return [
        msg("normalize.as_of_alone", cut=cut, before=before.date(), days=gap, file=file, row=row)
    ]


def _cancelled_keys(part: _Part, n: int) -> pd.DataFrame | None:
    """The order id and customer of the orders *part* says were cancelled (its rows set aside
    as cancelled orders: an order id given, not one made for a blank id; an order with a line
    kept was cancelled in part only, a line of it, not the order), with *n* (the export's
    place among the order parts) and each row's place ("feb.csv:17"); None when there are none.
    Read before the part's frame is emptied (:func:`_rows`)."""
    if part.cancelled is None or not part.cancelled.any():
        return None

    def keys(at: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame(
            {c: take_sorted(part.frame[c], at).astype("string").array for c in _ORDER_KEY}
        )

    at = np.flatnonzero(part.cancelled)
    rows = keys(at)
    sheet = part.verdicts.sheet
    numbers = pd.Series(sheet.rows.iloc[at].astype("int64").to_numpy()).astype("string")
    made = sheet.file + ":" + (sheet.sheet or "") + ":" + numbers  # a blank id's own
    given = rows.notna().all(axis=1) & (rows["order_id"] != made).fillna(True)
    place = sheet.short_label + ":" + numbers
    rows = rows.loc[given].assign(place=place[given].array)
    ids = part.frame["order_id"].astype("string")
    also = part.verdicts.open & ids.isin(rows["order_id"].unique()).to_numpy(bool, na_value=False)
    if also.any():  # the orders with a line kept
        kept = keys(np.flatnonzero(also)).drop_duplicates()
        found = rows.merge(kept, how="left", on=list(_ORDER_KEY), indicator=True)
        rows = rows.loc[(found["_merge"] == "left_only").to_numpy()]
    return rows.assign(part=n) if len(rows) else None


_ORDER_KEY: Final = ("order_id", "customer_id")


def _cancelled_elsewhere(
    found: list[pd.DataFrame],
    parts: list[_Part],
    kept: list[pd.DataFrame],
    recon: list[dict[str, Any]],
    rejects: list[pd.DataFrame],
    warnings: list[Message],
) -> None:
    """Drop from each order export (*kept*, in place; *parts* and *recon* in the same order)
    the lines of an order that another export says was cancelled (*found*:
    :func:`_cancelled_keys`; the same order id and customer): two monthly exports that
    overlap, the later one with the order cancelled. Each is left out as cancelled (*recon*),
    listed in *rejects* with the file and row that cancels it, and said in a warning per
    export. The lines are looked up by order id first (a few cancelled orders: a hash lookup
    of each line's id), then by customer."""
    if not found:
        return
    cancelled = pd.concat(found, ignore_index=True)
    for n, frame in enumerate(kept):
        if parts[n].cancelled is None or frame.empty:  # (no order ids: no order to match)
            continue
        others = cancelled.loc[cancelled["part"] != n]
        others = others.drop_duplicates(list(_ORDER_KEY))  # the first one says it
        ids = frame["order_id"].astype("string")
        maybe = ids.isin(others["order_id"].unique()).to_numpy(dtype=bool, na_value=False)
        if not maybe.any():
            continue
        lines = frame.loc[maybe, list(_ORDER_KEY)].astype("string")
        place = lines.merge(others, how="left", on=list(_ORDER_KEY))["place"]
        hit = place.notna().to_numpy(dtype=bool)
        if not hit.any():
            continue
        gone = frame.loc[maybe].loc[hit]
        drop = np.zeros(len(frame), dtype=bool)
        drop[np.flatnonzero(maybe)[hit]] = True
        rejects.append(
            pd.DataFrame(
                {
                    "source_file": gone["source_file"].astype("string").to_numpy(),
                    "source_sheet": gone["source_sheet"].astype("string").to_numpy(),
                    "row": gone["source_row"].to_numpy(),
                    "column": "",
                    "value": place[hit].to_numpy(),
                    "reason": CANCELLED_ELSEWHERE,
                    "category": "excluded",
                },
                columns=REJECT_COLUMNS,
            )
        )
        kept[n] = frame.loc[~drop]
        dropped = int(hit.sum())
        recon[n]["used"] -= dropped
        recon[n]["rejected"] += dropped
        recon[n]["excluded"] += dropped
        first = str(place[hit].iloc[0]).rsplit(":", 1)[0]
        where = parts[n].verdicts.sheet.short_label
        warnings.append(msg("io.cancelled_elsewhere", where=where, n=dropped, other=first))


def _all_after(
    recon: list[dict[str, Any]], late_orders: list[tuple[pd.Timestamp, int]], cut: dt.date
) -> None:
    """Raise InputError when every usable order row is dated after the as-of date: the run
    would be a table of zeros (backtest refuses the same date)."""
    orders = [r for r in recon if r["table"] == "orders"]
    if any(r["used"] for r in orders) or len(late_orders) != len(orders):
        return
    first = min(d for d, _ in late_orders).date()
    raise AllAfterAsOf(
        msg("normalize.all_after", cut=cut, n=sum(n for _, n in late_orders), first=first)
    )


def _no_orders(order_parts: list[_Part]) -> None:
    """Raise InputError when no order row can be used: header-only files, or every row
    rejected (with the top reasons, counts and an example row each)."""
    usable = [p.verdicts.open | p.verdicts.excluded for p in order_parts]
    dated = [
        p.frame.loc[u, "order_date"].notna().any() for p, u in zip(order_parts, usable, strict=True)
    ]
    if any(dated):
        return
    labels = [p.verdicts.sheet.label for p in order_parts]
    if all(p.frame.empty for p in order_parts):
        headed = [
            msg("normalize.header_on_row", where=sheet.label, row=sheet.header_row)
            for sheet in (p.verdicts.sheet for p in order_parts)
        ]
        raise InputError(msg("normalize.no_order_rows", sheets=headed))
    found = pd.concat([p.verdicts.frame() for p in order_parts], ignore_index=True)
    total = int(sum(len(p.frame) for p in order_parts))
    top = found.groupby("reason", sort=False).agg(
        rows=("row", "size"), first=("row", "first"), file=("source_file", "first")
    )
    top = top.sort_values("rows", ascending=False, kind="stable").head(3)
    reasons = [
        msg(
            "normalize.reason_rows",
            reason=Val("reason", str(reason)),
            rows=str(int(r.rows)),
            row=int(r.first),
        )
        for reason, r in top.iterrows()
    ]
    raise InputError(
        msg(
            "normalize.all_rejected",
            sheets=labels,
            total=str(total),
            reasons=_semicolons(reasons),
            key="columns",
        )
    )


def _zero_padded_ids(tables: list[pd.DataFrame]) -> list[Message]:
    """Warn about numeric customer ids that differ only by leading zeros (00042 and 42)."""
    ids = pd.concat([t["customer_id"] for t in tables]).dropna().astype("string").unique()
    ids = pd.Series(ids, dtype="string")
    numeric = ids[ids.str.fullmatch(r"[0-9]+").fillna(False).astype(bool)]
    if numeric.empty:
        return []
    key = numeric.str.lstrip("0").replace("", "0")
    clash = numeric[key.duplicated(keep=False).to_numpy()]
    if clash.empty:
        return []
    groups = clash.groupby(key[key.duplicated(keep=False)].to_numpy()).agg(
        lambda ids: " / ".join(sorted(ids))
    )
    return [msg("io.zero_padded", n=len(groups), examples=groups.head(3).tolist())]


class ContractError(TiercliError):
    """The canonical tables break an invariant: a bug in a reader or in normalize (exit 1)."""

    exit_code = 1


def check_contract(tables: Tables) -> None:
    """Assert the canonical tables' invariants, so a reader bug is a clear error, not a wrong
    tier: ids non-blank and stripped; order dates present, whole days, within range; inquiry
    dates whole days within range or empty; amounts finite (and in the base currency: one
    currency column filled for every line); customers listed once; every file's rows reconcile.
    """
    problems: list[Message] = []

    def check(table: str, frame: pd.DataFrame, bad: pd.Series, what: Message) -> None:
        bad = bad.fillna(True).astype(bool)
        if bad.any():
            where: Message | str = ""
            if "source_row" in frame:
                first = frame.loc[bad].iloc[0]
                where = msg(
                    "normalize.contract_first",
                    file=str(first["source_file"]),
                    row=str(first["source_row"]),
                )
            problems.append(
                msg(
                    "normalize.contract_rows",
                    table=table,
                    n=str(int(bad.sum())),
                    what=what,
                    where=where,
                )
            )

    def ids(table: str, frame: pd.DataFrame, column: str) -> None:
        values = frame[column].astype("string")
        if coerce.printable_ascii(values):  # not a space anywhere: stripped (10M: 0.19 → 0.02 s)
            if not _missing_or_empty(values):  # (Arrow's kernels: no pandas mask of 10M rows)
                return
            bad = values.isna() | (values.str.len() == 0)
        else:
            bad = values.isna() | (values.str.strip() != values) | (values == "")
        check(table, frame, bad, msg("normalize.contract_blank", column=column))

    def days(table: str, frame: pd.DataFrame, column: str, required: bool) -> None:
        # as nanoseconds since the epoch: three integer passes, not pandas' datetime ops
        # (10M dates: 0.2 → 0.06 s)
        stamps = frame[column].to_numpy(dtype="datetime64[ns]").view(np.int64)
        present = pd.Series(stamps != np.iinfo(np.int64).min, index=frame.index)  # NaT
        if required:
            check(table, frame, ~present, msg("normalize.contract_without", column=column))
        outside = (stamps < DATE_MIN.value) | (stamps > DATE_MAX.value)
        outside_range = msg("normalize.contract_outside", column=column, lo=_LO, hi=_HI)
        check(table, frame, present & outside, outside_range)
        timed = stamps % DAY_NS != 0  # (floor modulo: a time of day before 1970 too)
        check(table, frame, present & timed, msg("normalize.contract_time", column=column))

    lines, customers, inquiries = tables.lines, tables.customers, tables.inquiries
    ids("lines", lines, "customer_id")
    ids("lines", lines, "order_id")
    days("lines", lines, "order_date", required=True)
    for column in ("amount", "amount_original"):
        number = lines[column].astype("float64")
        huge = msg("normalize.contract_huge", column=column)
        check("lines", lines, ~(number.abs() <= MAX_AMOUNT), huge)
    check("lines", lines, lines["currency"].isna(), msg("normalize.contract_no_currency"))
    ids("customers", customers, "customer_id")
    twice = msg("normalize.contract_twice")
    check("customers", customers, customers["customer_id"].duplicated(), twice)
    ids("inquiries", inquiries, "customer_id")
    days("inquiries", inquiries, "inquiry_date", required=False)
    ids("activities", tables.activities, "customer_id")
    days("activities", tables.activities, "activity_date", required=True)
    recon = tables.reconciliation
    parts = recon[["used", "rejected", "duplicates", "after_as_of"]].sum(axis=1)
    off = recon.loc[recon["rows_read"] != parts]
    if not off.empty:
        problems.append(msg("normalize.contract_reconcile", files=list(off["source_file"])))
    split = recon.loc[recon["rejected"] != recon["errors"] + recon["excluded"]]
    if not split.empty:
        problems.append(msg("normalize.contract_split", files=list(split["source_file"])))
    if problems:
        raise ContractError(msg("normalize.contract", problems=_semicolons(problems)))


def _missing_or_empty(values: pd.Series) -> bool:
    """Whether an Arrow-held text column has a missing or an empty cell."""
    array = pa.array(values.array)
    empty = pc.equal(pc.binary_length(array), 0)
    return array.null_count > 0 or bool(pc.any(empty).as_py())


def _concat(frames: list[pd.DataFrame], dtypes: dict[str, str]) -> pd.DataFrame:
    """Stack *frames* into the table's columns and dtypes (typed even when empty)."""
    frames = [f for f in frames if not f.empty]
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in dtypes.items()})
    frames = [_filled(f, dtypes) for f in frames]
    return pd.concat(frames, ignore_index=True)[list(dtypes)].astype(dtypes)


def _filled(frame: pd.DataFrame, dtypes: dict[str, str]) -> pd.DataFrame:
    """*frame* with the columns of *dtypes* it lacks added empty (text as Arrow nulls)."""
    missing = [c for c in dtypes if c not in frame]
    if not missing:
        return frame
    nulls = null_text(len(frame))
    added = {
        c: pd.Series(pd.array(nulls, dtype=S) if dtypes[c] == S else np.nan, index=frame.index)
        for c in missing
    }
    return frame.assign(**added).astype({c: dtypes[c] for c in missing})
