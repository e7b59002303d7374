"""Nine-way foreign-trade classification (DESIGN classifier 3; seed ``004``, 外贸客户分类 9 法).

Input columns of the customer table → output columns (string dtype, canonical values, indexed
by customer_id). Any input may be absent or entirely empty: the dimension is then ``"unknown"``
for the customers it applies to (counted in the details, with a warning), never an error.

===================================  ==============================================================
input columns                        output columns (values)
===================================  ==============================================================
``profit`` (else ``revenue``),       ``profit_class``: high / mid / low
``orders``
``country``                          ``region`` (continent, or the trade market group),
                                     ``subregion`` (UN M49), ``market`` (developed / emerging),
                                     ``country_iso2``, ``country_en``
``top_product_line``,                ``main_product_line``: the top line, or ``multi-line``
``top_product_line_share``,
``product_lines``
``source``                           ``inquiry_channel``: trade_show / b2b_platform / website /
                                     social_media / outbound / offline_event / referral / other
``orders``, ``tenure_days``,         ``deal_status``: large_order / new / repeat / small_order /
``avg_order_value`` (or median/max)  prospect
``company_size``, ``employees``      ``size_class``: large / medium / small / individual
``median_order_quantity`` or         ``batch_class``: large / medium / small
``median_order_value``
``orders``, ``tenure_days``,         ``reorder_class``: high / mid / low
``median_gap_days``
``customer_type``, ``name``,         ``buyer_type``: manufacturer / trader / retailer / end_user
``industry``
===================================  ==============================================================

Who gets what. *Buyers* are customers with at least one kept order (``orders`` > 0). Order-based
columns (``profit_class``, ``main_product_line``, ``batch_class``, ``reorder_class``) are empty
(``<NA>``) for everyone else — prospects have no orders, so "unknown" would be wrong — and
``deal_status`` is ``prospect`` for customers without orders (``<NA>`` for the rare customer with
only returns). ``region``, ``inquiry_channel``, ``size_class`` and ``buyer_type`` are given to
every customer. ``"unknown"`` always means: the input that would decide it is missing or
unreadable. Countries that do not resolve leave ``country_iso2`` / ``country_en`` empty.

Rules, all thresholds from :class:`tiercli.config.trade.TradeConfig`:

1. ``profit_class``: the top ``high_share`` (20%) of buyers by profit are high, the next
   ``mid_share`` (30%) mid, the rest low; "top k%" means the first round(k% × buyers) (at least
   one) in descending order, and customers tied with the last of them join them. Or absolute
   ``high`` / ``mid`` thresholds (≥). Without any profit (the export has no profit column) the
   classes use revenue, with a warning.
2. ``region``: :func:`tiercli.classifiers.geo.resolve_countries` with ``region.overrides``; a
   bad override target raises :class:`tiercli.errors.ConfigError`.
3. ``main_product_line``: ``top_product_line`` when its share of the customer's order value is at
   least ``min_share`` (0.5), else ``multi-line``; with no share, a single-line customer's line.
4. ``inquiry_channel``: ordered keyword rules on ``source``, first match wins; a source no rule
   matches is ``other`` (``unmatched``); a blank source is ``unknown``.
5. ``deal_status``: the rules in ``order`` (default ``large_order, new, repeat``), first true
   wins; whatever is left is ``small_order``. large_order: ``avg_order_value`` (configurable) ≥
   the ``threshold`` or, by default, the 80% quantile of that value among buyers; new: fewer
   than ``repeat_orders`` (2) orders and first order within ``new_days`` (365); repeat: at least
   ``repeat_orders`` orders.
6. ``size_class``: keyword rules on ``company_size`` (first match), else a number in it (``51-200``
   → 125.5 employees, ``1000+`` → 1000), else ``employees``, banded: ≥ 500 large, ≥ 50 medium,
   ≥ 2 small, else individual.
7. ``batch_class``: like ``profit_class`` (top 20% large, next 30% medium) on
   ``median_order_quantity`` when the orders have quantities, else ``median_order_value``.
8. ``reorder_class``: orders per year = orders / max(tenure_days, ``min_tenure_days``) × 365,
   ≥ ``high`` (6) high, ≥ ``mid`` (2) mid, else low; or ``median_gap_days`` ≤ ``high_gap_days``
   (60) high, ≤ ``mid_gap_days`` (180) mid, else low. One order is always low.
9. ``buyer_type``: keyword rules on ``customer_type``; where that gives nothing, ordered rules on
   ``name`` and ``industry``.

Keyword matching (see :mod:`tiercli.config.trade`): each rule is one regex, run with one
``str.contains`` over the distinct folded values of a column; rules are combined with
``np.select`` (first match wins). Nothing loops over customers.

Labels: every fixed value has its zh and en label in :data:`COLUMNS`; the names that come from
the config or the data — channels and buyer types a config adds (with their ``zh`` / ``en``),
continents, market groups and UN M49 sub-regions (zh from
:data:`tiercli.classifiers.geo.NAMES_ZH`), the countries' standard names — are returned as
:attr:`Classified.labels`.

Details (stored under ``trade`` by the pipeline): per dimension the thresholds and cut points
actually used, ``unknown`` / ``unknown_buyers`` counts per column and values that no rule read.
:func:`explain` turns them, with the customer's inputs, into one rule sentence per dimension.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from tiercli.catalogue import Both, Col, Labels, LabelTable, Message, Val, define, msg, plain
from tiercli.classifiers.base import Classified, Classifier, Context, Explanation, Summary
from tiercli.classifiers.geo import NAMES_ZH, country_key, resolve_countries
from tiercli.classifiers.summaries import group_table
from tiercli.codes import texts_by_code
from tiercli.config.trade import (
    BatchClassConfig,
    BuyerTypeConfig,
    DealStatusConfig,
    EmployeeBands,
    InquiryChannelConfig,
    MainProductLineConfig,
    ProfitClassConfig,
    RegionConfig,
    ReorderClassConfig,
    SizeClassConfig,
    TradeConfig,
    keyword_regex,
)
from tiercli.errors import ConfigError, Invalid
from tiercli.io.coerce import headcounts
from tiercli.schema import Column
from tiercli.text import BLANK_FOLDED, fold_series

__all__ = [
    "CLASSIFIER",
    "COLUMNS",
    "DIMENSIONS",
    "INPUTS",
    "MESSAGES",
    "UNKNOWN",
    "classify",
    "explain",
    "inputs",
    "run_values",
    "size_classes",
    "summarise",
]

NAME = "trade"
UNKNOWN = "unknown"
MULTI_LINE = "multi-line"

DIMENSIONS: tuple[str, ...] = (
    "profit_class",
    "region",
    "main_product_line",
    "inquiry_channel",
    "deal_status",
    "size_class",
    "batch_class",
    "reorder_class",
    "buyer_type",
)
"""The nine dimensions: config keys, and the label column each adds (``region`` adds four more)."""

INPUTS: dict[str, tuple[str, ...]] = {
    "profit_class": ("orders", "profit", "revenue"),
    "region": ("country",),
    "main_product_line": ("orders", "top_product_line", "top_product_line_share", "product_lines"),
    "inquiry_channel": ("source",),
    "deal_status": (
        "orders",
        "tenure_days",
        "avg_order_value",
        "median_order_value",
        "max_order_value",
    ),
    "size_class": ("company_size", "employees"),
    "batch_class": ("orders", "median_order_quantity", "median_order_value"),
    "reorder_class": ("orders", "tenure_days", "median_gap_days"),
    "buyer_type": ("customer_type", "name", "industry"),
}
"""The columns each dimension may read (:func:`inputs` narrows them to those a config uses)."""

_TITLES: dict[str, tuple[str, str]] = {
    "profit_class": ("利润贡献", "Profit contribution"),
    "region": ("地区", "Region"),
    "main_product_line": ("主营产品线", "Main product line"),
    "inquiry_channel": ("询盘来源", "Inquiry channel"),
    "deal_status": ("成交情况", "Deal status"),
    "size_class": ("企业规模", "Company size"),
    "batch_class": ("采购批量", "Order batch size"),
    "reorder_class": ("返单频率", "Reorder frequency"),
    "buyer_type": ("客户身份", "Buyer type"),
}

# --------------------------------------------------------------------------------------------
# Columns and their labels
# --------------------------------------------------------------------------------------------

_UNKNOWN_LABEL = ("未知", "Unknown")


def _label_column(
    name: str,
    zh: str,
    en: str,
    definition: str,
    values: dict[str, tuple[str, str]],
    *,
    open: bool = False,
) -> Column:
    """A label column of this classifier; every one may be ``unknown``."""
    return Column(
        name,
        "label",
        zh,
        en,
        NAME,
        definition,
        values={**values, UNKNOWN: _UNKNOWN_LABEL},
        open=open,
    )


COLUMNS: tuple[Column, ...] = (
    _label_column(
        "profit_class",
        "利润贡献",
        "Profit contribution",
        "High: the top 20% of buyers by profit (or revenue), mid: the next 30%, low: the rest "
        "(or set thresholds)",
        {
            "high": ("高利润", "High profit"),
            "mid": ("中利润", "Mid profit"),
            "low": ("低利润", "Low profit"),
        },
    ),
    _label_column(
        "region",
        "地区",
        "Region",
        "The country's continent, or its trade market group (trade -> region -> level)",
        {},
        open=True,
    ),
    _label_column(
        "subregion", "次区域", "Subregion", "The country's UN M49 sub-region", {}, open=True
    ),
    _label_column(
        "market",
        "市场类型",
        "Market",
        "Developed (an IMF advanced economy) or emerging",
        {"developed": ("发达市场", "Developed"), "emerging": ("新兴市场", "Emerging")},
    ),
    Column(
        "country_iso2",
        "text",
        "国家代码",
        "Country code",
        NAME,
        "ISO 3166-1 alpha-2 code of the country (empty when it is not recognised)",
    ),
    Column(
        "country_en",
        "label",
        "国家(标准名)",
        "Country (standard name)",
        NAME,
        "The country's standard name (CLDR; shown in Chinese in zh)",
        open=True,
    ),
    _label_column(
        "main_product_line",
        "主营产品线",
        "Main product line",
        "The top product line when it holds at least half of the order value, else multi-line",
        {MULTI_LINE: ("多产品线", "Multi-line")},
        open=True,
    ),
    _label_column(
        "inquiry_channel",
        "询盘来源",
        "Inquiry channel",
        "Where the customer came from: keyword rules on the source, first match wins",
        {
            "trade_show": ("展会", "Trade show"),
            "b2b_platform": ("B2B平台", "B2B platform"),
            "website": ("官网/独立站", "Website"),
            "social_media": ("社交媒体", "Social media"),
            "outbound": ("主动开发", "Outbound (email, cold outreach)"),
            "offline_event": ("线下活动/拜访", "Offline event / visit"),
            "referral": ("客户推荐", "Referral"),
            "other": ("其他", "Other"),
        },
        open=True,
    ),
    _label_column(
        "deal_status",
        "成交情况",
        "Deal status",
        "Large-order, new, repeat or small-order customer (first rule that holds); prospect "
        "without orders",
        {
            "large_order": ("大额订单客户", "Large-order customer"),
            "new": ("首单新客户", "First-order customer"),
            "repeat": ("复购客户", "Repeat customer"),
            "small_order": ("小额订单客户", "Small-order customer"),
            "prospect": ("潜在客户", "Prospect"),
        },
    ),
    _label_column(
        "size_class",
        "企业规模",
        "Company size class",
        "Large, medium, small or individual: the company size label, else the employee count",
        {
            "large": ("大型企业", "Large company"),
            "medium": ("中型企业", "Medium company"),
            "small": ("小型企业", "Small company"),
            "individual": ("个人/个体", "Individual"),
        },
    ),
    _label_column(
        "batch_class",
        "采购批量",
        "Order batch size",
        "Large: the top 20% of buyers by median order quantity (or value), medium: the next "
        "30%, small: the rest",
        {
            "large": ("大批量", "Large batch"),
            "medium": ("中批量", "Medium batch"),
            "small": ("小批量", "Small batch"),
        },
    ),
    _label_column(
        "reorder_class",
        "返单频率",
        "Reorder frequency",
        "High, mid or low by orders per year (or the median gap between orders); one order is low",
        {
            "high": ("高频返单", "High reorder rate"),
            "mid": ("中频返单", "Mid reorder rate"),
            "low": ("低频返单", "Low reorder rate"),
        },
    ),
    _label_column(
        "buyer_type",
        "客户身份",
        "Buyer type",
        "Manufacturer, trader, retailer or end user: the customer type, else the name or industry",
        {
            "manufacturer": ("制造商", "Manufacturer"),
            "trader": ("贸易商", "Trader"),
            "retailer": ("零售商", "Retailer"),
            "end_user": ("终端用户", "End user"),
        },
        open=True,
    ),
)
_BY_NAME = {c.name: c for c in COLUMNS}
_REGION_COLUMNS = ("region", "subregion", "market", "country_iso2", "country_en")

# --------------------------------------------------------------------------------------------
# Messages: the warnings of a run and the rule sentences of explain
# --------------------------------------------------------------------------------------------

MESSAGES: dict[str, tuple[str, str]] = {
    "trade.threshold_quantile": ("{q} 分位数", "quantile {q}"),
    # Warnings ({dim} is the dimension's column, shown as its header).
    "trade.profit_uses_revenue": (
        "外贸分类-{dim}：订单中没有利润数据，改用销售额",
        "trade: {dim}: the orders carry no profit; profit classes use revenue instead",
    ),
    "trade.profit_no_value": (
        "外贸分类-{dim}：没有{column}数据，所有成交客户的{dim}为未知",
        "trade: {dim}: no {column} column; every buyer is unknown",
    ),
    "trade.no_country": (
        "外贸分类-{dim}：没有{column}列，所有客户的{dim}为未知",
        "trade: {dim}: no {column} column; the region is unknown for every customer",
    ),
    "trade.unrecognised_countries": (
        "外贸分类-{dim}：{n} 位客户的国家无法识别（{examples}），"
        "请在 trade -> region -> overrides 中映射",
        "trade: {dim}: {n} customer(s) have a country that is not recognised ({examples}); "
        "map them under trade -> region -> overrides",
    ),
    "trade.no_product_line": (
        "外贸分类-{dim}：订单中没有产品线，所有成交客户的{dim}为未知",
        "trade: {dim}: the orders carry no product line; it is unknown for every buyer",
    ),
    "trade.no_source": (
        "外贸分类-{dim}：没有{column}列，所有客户的{dim}为未知",
        "trade: {dim}: no {column} column; the channel is unknown for every customer",
    ),
    "trade.no_orders": (
        "外贸分类-{dim}：没有{column}列，所有客户的{dim}为未知",
        "trade: {dim}: no {column} column; it is unknown for everyone",
    ),
    "trade.no_large_order_value": (
        "外贸分类-{dim}：没有{column}数据，没有客户被判为{label}",
        "trade: {dim}: no {column}; no customer is a {label}",
    ),
    "trade.no_size_input": (
        "外贸分类-{dim}：没有{size}列，也没有{employees}列，所有客户的{dim}为未知",
        "trade: {dim}: no {size} or {employees} column; it is unknown for everyone",
    ),
    "trade.unread_size_labels": (
        "外贸分类-{dim}：{n} 个{column}的值没有匹配的关键词（{examples}），可在配置中补充",
        "trade: {dim}: {n} {column} value(s) match no keyword ({examples}); add them under "
        "trade -> size_class -> labels",
    ),
    "trade.no_batch_value": (
        "外贸分类-{dim}：没有{column}数据，所有成交客户的{dim}为未知",
        "trade: {dim}: no {column}; every buyer is unknown",
    ),
    "trade.no_reorder_data": (
        "外贸分类-{dim}：没有{basis}数据，所有成交客户的{dim}为未知",
        "trade: {dim}: no data for {basis}; every buyer is unknown",
    ),
    "trade.unread_buyer_labels": (
        "外贸分类-{dim}：{n} 个{column}的值没有匹配的关键词（{examples}），可在配置中补充",
        "trade: {dim}: {n} {column} value(s) match no keyword ({examples}); add them under "
        "trade -> buyer_type -> labels",
    ),
    "trade.no_buyer_input": (
        "外贸分类-{dim}：{columns}都没有数据，所有客户的{dim}为未知",
        "trade: {dim}: none of {columns} is given; it is unknown for everyone",
    ),
    # Explain: one sentence per dimension, "{dim}: {rule}".
    "trade.rule": ("{dim}：{rule}", "{dim}: {rule}"),
    "trade.rule_not_buyer": ("没有订单：不分类", "no orders: no class"),
    "trade.rule_missing": ("没有{inputs} → {label}", "no {inputs} → {label}"),
    "trade.band_top": (
        "{column} {value:,.2f} 位于成交客户的前 {share:.0%}（≥ {cut:,.2f}）→ {label}",
        "{column} {value:,.2f} is in the top {share:.0%} of buyers (≥ {cut:,.2f}) → {label}",
    ),
    "trade.band_next": (
        "{column} {value:,.2f} 位于成交客户中其后的 {share:.0%}（≥ {cut:,.2f}，< {upper:,.2f}）"
        "→ {label}",
        "{column} {value:,.2f} is in the next {share:.0%} of buyers "
        "(≥ {cut:,.2f}, < {upper:,.2f}) → {label}",
    ),
    "trade.band_rest": (
        "{column} {value:,.2f} 不在成交客户的前 {share:.0%} 之内（< {cut:,.2f}）→ {label}",
        "{column} {value:,.2f} is below the top {share:.0%} of buyers (< {cut:,.2f}) → {label}",
    ),
    "trade.band_at_least": (
        "{column} {value:,.2f} ≥ {cut:,.2f} → {label}",
        "{column} {value:,.2f} ≥ {cut:,.2f} → {label}",
    ),
    "trade.band_between": (
        "{column} {value:,.2f} ≥ {cut:,.2f}，< {upper:,.2f} → {label}",
        "{column} {value:,.2f} ≥ {cut:,.2f} and < {upper:,.2f} → {label}",
    ),
    "trade.band_below": (
        "{column} {value:,.2f} < {cut:,.2f} → {label}",
        "{column} {value:,.2f} < {cut:,.2f} → {label}",
    ),
    "trade.region_country": (
        "{column}“{raw}”识别为{country}（{iso2}）：{level}为{region}，次区域为{subregion}，"
        "{market}",
        "{column} '{raw}' is {country} ({iso2}): {level} {region}, sub-region {subregion}, "
        "{market}",
    ),
    "trade.region_override": (
        "{column}“{raw}”按配置中的国家映射对应{country}（{iso2}）：{level}为{region}，"
        "次区域为{subregion}，{market}",
        "{column} '{raw}' is mapped to {country} ({iso2}) by trade -> region -> overrides: "
        "{level} {region}, sub-region {subregion}, {market}",
    ),
    "trade.region_unresolved": (
        "{column}“{raw}”无法识别 → {label}",
        "{column} '{raw}' is not a recognised country → {label}",
    ),
    "trade.line_dominant": (
        "{column}“{line}”占订单金额的 {share:.0%}（≥ {min_share:.0%}）→ {label}",
        "{column} '{line}' holds {share:.0%} of the order value (≥ {min_share:.0%}) → {label}",
    ),
    "trade.line_mixed": (
        "{column}“{line}”只占订单金额的 {share:.0%}（< {min_share:.0%}）→ {label}",
        "{column} '{line}' holds only {share:.0%} of the order value (< {min_share:.0%}) → {label}",
    ),
    "trade.line_single": (
        "{column}“{line}”：没有占比数据，产品线不超过 1 条 → {label}",
        "{column} '{line}': no share known, and at most one product line → {label}",
    ),
    "trade.line_several": (
        "{column}“{line}”：没有占比数据，共有 {lines:g} 条产品线 → {label}",
        "{column} '{line}': no share known, and {lines:g} product lines → {label}",
    ),
    "trade.keyword": (
        "{column}“{raw}”含关键词“{keyword}”（第 {i} 条规则，共 {n} 条）→ {label}",
        "{column} '{raw}' contains the keyword '{keyword}' (rule {i} of {n}) → {label}",
    ),
    "trade.keyword_fields": (
        "{column}“{raw}”含关键词“{keyword}”（名称与行业规则第 {i} 条，共 {n} 条）→ {label}",
        "{column} '{raw}' contains the keyword '{keyword}' (name and industry rule {i} of "
        "{n}) → {label}",
    ),
    "trade.no_keyword": (
        "{column}“{raw}”不含任何规则的关键词 → {label}",
        "{column} '{raw}' contains no rule's keyword → {label}",
    ),
    "trade.no_keyword_in": (
        "{columns}中都没有任何规则的关键词 → {label}",
        "no rule's keyword in {columns} → {label}",
    ),
    "trade.deal_large": (
        "{column} {value:,.2f} ≥ {cut:,.2f}（{basis}）→ {label}",
        "{column} {value:,.2f} ≥ {cut:,.2f} ({basis}) → {label}",
    ),
    "trade.deal_new": (
        "{orders:g} 个订单（少于 {repeat} 个），首单在 {days:g} 天前（不超过 {new_days} 天）"
        "→ {label}",
        "{orders:g} order(s) (fewer than {repeat}), first order {days:g} days ago "
        "(within {new_days}) → {label}",
    ),
    "trade.deal_repeat": (
        "{orders:g} 个订单（至少 {repeat} 个）→ {label}",
        "{orders:g} orders (at least {repeat}) → {label}",
    ),
    "trade.deal_small": (
        "{orders:g} 个订单（少于 {repeat} 个），首单在 {days:g} 天前（超过 {new_days} 天），"
        "且不是大额订单 → {label}",
        "{orders:g} order(s) (fewer than {repeat}), first order {days:g} days ago "
        "(more than {new_days}), not a large order → {label}",
    ),
    "trade.deal_undecided": (
        "{orders:g} 个订单，但没有首单日期，无法区分{new}与{small} → {label}",
        "{orders:g} order(s) but no first-order date: {new} or {small} cannot be told → {label}",
    ),
    "trade.deal_prospect": ("没有订单 → {label}", "no orders → {label}"),
    "trade.size_label_number": (
        "{column}“{raw}”读作 {staff:,g} 人（{band}）→ {label}",
        "{column} '{raw}' reads as {staff:,g} employees ({band}) → {label}",
    ),
    "trade.size_employees": (
        "{column} {staff:,g}（{band}）→ {label}",
        "{column} {staff:,g} ({band}) → {label}",
    ),
    "trade.size_not_count": (
        "{column} {staff:,g} 不是有效的人数 → {label}",
        "{column} {staff:,g} is not a head count → {label}",
    ),
    "trade.size_unread": (
        "{column}“{raw}”既不含关键词也没有数字，且没有{employees} → {label}",
        "{column} '{raw}' has no keyword and no number, and there is no {employees} → {label}",
    ),
    "trade.reorder_one": ("只有 1 个订单 → {label}", "one order → {label}"),
    "trade.reorder_rate": (
        "{orders:g} 个订单 / {days:,g} 天（至少按 {min_days} 天计）× 365 = 每年 {rate:.1f} 单"
        "（{band}）→ {label}",
        "{orders:g} orders over {days:,g} days (at least {min_days} counted) = {rate:.1f} a "
        "year ({band}) → {label}",
    ),
    "trade.reorder_gap": (
        "{column} {gap:,g}（{band}）→ {label}",
        "{column} {gap:,g} ({band}) → {label}",
    ),
    "trade.bad_overrides": (
        "trade -> region -> overrides：{problem}",
        "trade -> region -> overrides: {problem}",
    ),
}
define(MESSAGES)

_BASIS_NAMES = {
    "orders_per_year": ("年均订单数", "orders per year"),
    "median_gap_days": ("下单间隔中位数", "the median gap between orders"),
}
_LEVEL_NAMES = {"continent": ("大洲", "continent"), "market_group": ("市场分组", "market group")}


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


@dataclass
class _Part:
    """One dimension's output."""

    columns: dict[str, pd.Series]
    details: dict[str, Any] = field(default_factory=dict)
    warnings: list[Message] = field(default_factory=list)


@dataclass(frozen=True)
class _Frame:
    """The customer table as the dimensions read it (all of it, or one customer for explain)."""

    customers: pd.DataFrame
    buyers: np.ndarray  # at least one kept order
    prospects: np.ndarray  # no order at all

    @classmethod
    def of(cls, customers: pd.DataFrame) -> _Frame:
        if "orders" in customers:
            orders = pd.to_numeric(customers["orders"], errors="coerce").astype("float64")
            buyers = (orders > 0).to_numpy(dtype=bool)
            prospects = orders.isna().to_numpy(dtype=bool)
        else:  # no order counts at all: order-based columns decide from what is there
            buyers = np.ones(len(customers), dtype=bool)
            prospects = np.zeros(len(customers), dtype=bool)
        return cls(customers, buyers, prospects)

    @property
    def index(self) -> pd.Index:
        return self.customers.index

    def text(self, column: str) -> pd.Series | None:
        """The column as NFKC-stripped strings (blank → NA); None if absent or all blank."""
        if column not in self.customers:
            return None
        values = self.customers[column].astype("string").str.normalize("NFKC").str.strip()
        values = values.mask(values.fillna("").eq(""))
        return values if values.notna().any() else None

    def number(self, column: str) -> pd.Series | None:
        """The column as float64 (NaN when missing); None if absent or all missing."""
        if column not in self.customers:
            return None
        values = pd.to_numeric(self.customers[column], errors="coerce").astype("float64")
        return values if values.notna().any() else None

    def array(self, column: str) -> np.ndarray:
        """The column as a float64 array, all NaN when the column is absent."""
        values = self.number(column)
        if values is None:
            return np.full(len(self.index), np.nan)
        return values.to_numpy(dtype="float64")

    def empty(self, value: str | None = None) -> pd.Series:
        return pd.Series(value if value is not None else pd.NA, index=self.index, dtype="string")


def _fold(values: pd.Series) -> pd.Series:
    """The values folded (:func:`tiercli.text.fold_series`); blank and "n/a"-like ones → NA."""
    folded = fold_series(values)
    return folded.mask(folded.isin(BLANK_FOLDED))


class _Folded:
    """A text column folded once per distinct value, for repeated keyword tests."""

    def __init__(self, values: pd.Series | None, index: pd.Index) -> None:
        if values is None:
            values = pd.Series(pd.NA, index=index, dtype="string")
        codes, uniques = pd.factorize(values.astype("string"), use_na_sentinel=True)
        self.index = index
        self.raw = values
        self.codes = np.asarray(codes)
        self.uniques = _fold(pd.Series(uniques, dtype="string"))
        present = np.append(self.uniques.notna().to_numpy(dtype=bool), False)
        self.present = present[self.codes]

    def contains(self, pattern: str) -> np.ndarray:
        """Row mask: the folded value matches *pattern*."""
        if not self.present.any():  # nothing written in the column (pandas' str: ~2 ms a call)
            return np.zeros(len(self.codes), dtype=bool)
        hit = self.uniques.str.contains(pattern, regex=True).fillna(False).to_numpy(dtype=bool)
        return np.append(hit, False)[self.codes]


def _pattern(keywords: Sequence[str]) -> str:
    return "|".join(keyword_regex(k) for k in keywords)


def _select(
    index: pd.Index, conditions: Sequence[np.ndarray], choices: Sequence[Any], default: Any = None
) -> pd.Series:
    """``np.select`` into a string Series (None → NA). Choices may be scalars or arrays."""
    if not conditions:
        return pd.Series(default, index=index, dtype="string")
    labels = [*choices, default]
    if all(label is None or isinstance(label, str) for label in labels):
        # Labels only: each row's label number, the texts taken by Arrow — not an object
        # array of 450k labels turned into Arrow text one Python string at a time (~25 ms).
        position = _first_true(conditions, len(index))
        position[position < 0] = len(choices)
        return texts_by_code(labels, position, index)
    picked = np.select(
        list(conditions),
        [np.asarray(c, dtype=object) if not isinstance(c, str) else c for c in choices],
        default=default,
    )
    return pd.Series(np.asarray(picked, dtype=object), index=index, dtype="string")


def _first_true(conditions: Sequence[np.ndarray], length: int) -> np.ndarray:
    """Per row, the position of the first true condition; -1 when none is."""
    if not conditions:
        return np.full(length, -1, dtype=np.intp)
    return np.select(list(conditions), list(range(len(conditions))), default=-1).astype(np.intp)


def _names(index: pd.Index, position: np.ndarray, names: Sequence[str]) -> pd.Series:
    """The name at each row's *position* (-1 → NA), as a string Series."""
    return texts_by_code(list(names), position, index)


def _keyword_rules(folded: _Folded, rules: Sequence[Sequence[str]]) -> np.ndarray:
    """Per row, the position of the first rule (a list of keywords) that matches; -1: none."""
    return _first_true(
        [folded.contains(_pattern(keywords)) for keywords in rules], len(folded.index)
    )


def _field_rules(fields: dict[str, _Folded], rules: Sequence[Any], length: int) -> np.ndarray:
    """Per row, the position of the first buyer rule whose keywords are in one of its fields."""
    conditions = []
    for rule in rules:
        pattern = _pattern(rule.keywords)
        hit = np.zeros(length, dtype=bool)
        for name in rule.fields:
            hit |= fields[name].contains(pattern)
        conditions.append(hit)
    return _first_true(conditions, length)


def _top(values: pd.Series, n: int = 8) -> dict[str, int]:
    """The most frequent values (for "these were not recognised" reports)."""
    counts = values.dropna().value_counts().head(n)
    return {str(k): int(v) for k, v in counts.items()}


def _examples(values: dict[str, int]) -> list[str]:
    return [repr(v) for v in list(values)[:3]]


def _share_cuts(values: np.ndarray, top: float, middle: float) -> tuple[float, float]:
    """Cut points so that the top *top* share (rounded, ≥ 1) and the next *middle* share lie
    at or above them (descending order; customers tied with the last one join them)."""
    ordered = np.sort(values)[::-1]
    n = ordered.size
    k_top = min(n, max(1, int(np.floor(top * n + 0.5))))
    k_mid = min(n, max(k_top, int(np.floor((top + middle) * n + 0.5))))
    return float(ordered[k_top - 1]), float(ordered[k_mid - 1])


def _three_bands(
    ctx: _Frame,
    values: pd.Series,
    method: str,
    shares: tuple[float, float],
    thresholds: tuple[float | None, float | None],
    labels: tuple[str, str, str],
) -> tuple[pd.Series, dict[str, Any]]:
    """High / mid / low (or large / medium / small) among buyers; NA for non-buyers."""
    v = values.to_numpy(dtype="float64", na_value=np.nan)
    known = ctx.buyers & ~np.isnan(v)
    if method == "thresholds":
        upper, lower = float(thresholds[0] or 0.0), float(thresholds[1] or 0.0)
    elif known.any():
        upper, lower = _share_cuts(v[known], *shares)
    else:
        upper = lower = np.nan
    with np.errstate(invalid="ignore"):
        conditions = [known & (v >= upper), known & (v >= lower), known, ctx.buyers]
    out = _select(ctx.index, conditions, [*labels, UNKNOWN])
    used = {
        "method": method,
        labels[0]: None if np.isnan(upper) else round(upper, 4),
        labels[1]: None if np.isnan(lower) else round(lower, 4),
    }
    if method == "quantile":
        used[f"{labels[0]}_share"], used[f"{labels[1]}_share"] = shares
    return out, used


# --------------------------------------------------------------------------------------------
# The nine dimensions
# --------------------------------------------------------------------------------------------


def _profit_class(ctx: _Frame, cfg: ProfitClassConfig) -> _Part:
    warnings: list[Message] = []
    dim = Col("profit_class")
    source = cfg.value
    values = ctx.number(source)
    if values is None and source == "profit":
        values, source = ctx.number("revenue"), "revenue"
        warnings.append(msg("trade.profit_uses_revenue", dim=dim))
    if values is None:
        if ctx.buyers.any():
            warnings.append(msg("trade.profit_no_value", dim=dim, column=Col(source)))
        values = pd.Series(np.nan, index=ctx.index)
    out, used = _three_bands(
        ctx,
        values,
        cfg.method,
        (cfg.high_share, cfg.mid_share),
        (cfg.high, cfg.mid),
        ("high", "mid", "low"),
    )
    return _Part({"profit_class": out}, {"value": source, **used}, warnings)


def _resolve(ctx: _Frame, cfg: RegionConfig) -> tuple[pd.Series | None, pd.DataFrame]:
    """The country text and what it resolves to (geo's columns)."""
    raw = ctx.text("country")
    try:
        geo = resolve_countries(
            raw if raw is not None else ctx.empty(), dict(cfg.overrides) or None
        )
    except ValueError as exc:
        problem = exc.message if isinstance(exc, Invalid) else str(exc)
        raise ConfigError(msg("trade.bad_overrides", problem=problem)) from None
    return raw, geo


def _region(ctx: _Frame, cfg: RegionConfig) -> _Part:
    raw, geo = _resolve(ctx, cfg)
    warnings: list[Message] = []
    group = "continent" if cfg.level == "continent" else "market"
    developed = geo["developed"]
    market = _select(
        ctx.index,
        [developed.eq(True).fillna(False).to_numpy(bool), developed.notna().to_numpy(bool)],
        ["developed", "emerging"],
        default=UNKNOWN,
    )
    columns = {
        "region": geo[group].fillna(UNKNOWN),
        "subregion": geo["subregion"].fillna(UNKNOWN),
        "market": market,
        "country_iso2": geo["iso2"],
        "country_en": geo["country_en"],
    }
    unresolved: dict[str, int] = {}
    if raw is None:
        warnings.append(msg("trade.no_country", dim=Col("region"), column=Col("country")))
    else:
        missed = geo["iso2"].isna() & raw.notna()
        unresolved = _top(raw[missed])
        if unresolved:
            warnings.append(
                msg(
                    "trade.unrecognised_countries",
                    dim=Col("region"),
                    n=int(missed.sum()),
                    examples=_examples(unresolved),
                )
            )
    names = (
        pd.DataFrame({"en": geo["country_en"], "zh": geo["country_zh"]})
        .dropna()
        .drop_duplicates("en")
    )
    details = {
        "level": cfg.level,
        "overrides": dict(cfg.overrides),
        "unresolved": unresolved,
        "country_zh": dict(zip(names["en"], names["zh"], strict=True)),
    }
    return _Part(columns, details, warnings)


def _main_line_parts(
    ctx: _Frame, cfg: MainProductLineConfig
) -> tuple[pd.Series | None, np.ndarray]:
    """The top line (None when the orders carry none) and whether it dominates, per row."""
    top = ctx.text("top_product_line")
    share_v = ctx.array("top_product_line_share")
    lines_v = ctx.array("product_lines")
    with np.errstate(invalid="ignore"):
        dominant = (share_v >= cfg.min_share) | (
            np.isnan(share_v) & (np.isnan(lines_v) | (lines_v <= 1))
        )
    return top, dominant


def _main_product_line(ctx: _Frame, cfg: MainProductLineConfig) -> _Part:
    top, dominant = _main_line_parts(ctx, cfg)
    warnings: list[Message] = []
    if top is None:
        if ctx.buyers.any():
            warnings.append(msg("trade.no_product_line", dim=Col("main_product_line")))
        top = ctx.empty()
    has_top = top.notna().to_numpy(bool)
    out = _select(
        ctx.index,
        [~ctx.buyers, ~has_top, dominant],
        [None, UNKNOWN, top.to_numpy(dtype=object, na_value=None)],
        default=MULTI_LINE,
    )
    return _Part({"main_product_line": out}, {"min_share": cfg.min_share}, warnings)


def _channel_rule(ctx: _Frame, cfg: InquiryChannelConfig) -> tuple[_Folded, np.ndarray]:
    """The folded source and the position of the first channel rule it matches (-1: none)."""
    source = _Folded(ctx.text("source"), ctx.index)
    return source, _keyword_rules(source, [r.keywords for r in cfg.rules])


def _inquiry_channel(ctx: _Frame, cfg: InquiryChannelConfig) -> _Part:
    warnings: list[Message] = []
    source, rule = _channel_rule(ctx, cfg)
    if not source.raw.notna().any():
        warnings.append(msg("trade.no_source", dim=Col("inquiry_channel"), column=Col("source")))
    matched = _names(ctx.index, rule, [r.channel for r in cfg.rules])
    unmatched = source.present & (rule < 0)
    out = matched.mask(unmatched, cfg.unmatched).fillna(UNKNOWN)
    details = {
        "rules": [r.channel for r in cfg.rules],
        "unmatched": cfg.unmatched,
        "unmatched_sources": _top(source.raw[unmatched]),
    }
    return _Part({"inquiry_channel": out}, details, warnings)


def _deal_status(ctx: _Frame, cfg: DealStatusConfig) -> _Part:
    orders = ctx.number("orders")
    warnings: list[Message] = []
    dim = Col("deal_status")
    details: dict[str, Any] = {
        "order": [*cfg.order, "small_order"],
        "new_days": cfg.new_days,
        "repeat_orders": cfg.repeat_orders,
        "large_order_value": cfg.large_order.value,
    }
    if orders is None:
        if "orders" not in ctx.customers:
            warnings.append(msg("trade.no_orders", dim=dim, column=Col("orders")))
            return _Part({"deal_status": ctx.empty(UNKNOWN)}, details, warnings)
        # Every customer lacks orders: all are prospects.
        orders = pd.Series(np.nan, index=ctx.index)
    n = orders.to_numpy(dtype="float64")
    t = ctx.array("tenure_days")
    v = ctx.array(cfg.large_order.value)
    known_value = ctx.buyers & ~np.isnan(v)
    threshold: float | None
    if cfg.large_order.threshold is not None:
        threshold = float(cfg.large_order.threshold)
        details["large_order_threshold_from"] = "threshold"
    elif known_value.any():
        threshold = float(np.quantile(v[known_value], cfg.large_order.quantile))
        details["large_order_threshold_from"] = msg(
            "trade.threshold_quantile", q=f"{cfg.large_order.quantile:g}"
        )
    else:
        threshold = None
        if ctx.buyers.any():
            warnings.append(
                msg(
                    "trade.no_large_order_value",
                    dim=dim,
                    column=Col(cfg.large_order.value),
                    label=Val("deal_status", "large_order"),
                )
            )
    details["large_order_threshold"] = None if threshold is None else round(threshold, 4)
    with np.errstate(invalid="ignore"):
        few = ctx.buyers & (n < cfg.repeat_orders)
        rules = {
            "large_order": known_value & (v >= (threshold if threshold is not None else np.inf)),
            "new": few & (t <= cfg.new_days),
            "repeat": ctx.buyers & (n >= cfg.repeat_orders),
        }
    undecided = few & np.isnan(t)  # new or small_order cannot be told without the first order
    out = _select(
        ctx.index,
        [*(rules[name] for name in cfg.order), undecided, ctx.buyers, ctx.prospects],
        [*cfg.order, UNKNOWN, "small_order", "prospect"],
    )
    return _Part({"deal_status": out}, details, warnings)


@dataclass(frozen=True)
class _SizeParts:
    raw: pd.Series | None  # company_size as text
    label: _Folded
    rule: np.ndarray  # first size rule the label matches (-1: none)
    by_label: pd.Series  # the size that rule gives
    from_label: pd.Series  # employees read from a number in the label (NaN: none)
    employees: pd.Series | None
    staff: np.ndarray  # the employee count used: from the label, else employees
    by_staff: pd.Series  # the size that count gives (NA: no count)
    size: pd.Series  # the size class: by the label, else by the count, else unknown


def _size_parts(ctx: _Frame, cfg: SizeClassConfig) -> _SizeParts:
    raw = ctx.text("company_size")
    label = _Folded(raw, ctx.index)
    rule = _keyword_rules(label, [r.keywords for r in cfg.labels])
    by_label = _names(ctx.index, rule, [r.size for r in cfg.labels])
    nan = pd.Series(np.nan, index=ctx.index)
    from_label = nan
    if cfg.read_numbers and raw is not None:
        from_label = headcounts(raw.where(by_label.isna()))
    employees = ctx.number("employees")
    staff = from_label.fillna(employees if employees is not None else nan).to_numpy()
    bands = cfg.employees
    with np.errstate(invalid="ignore"):
        conditions = [staff >= bands.large, staff >= bands.medium, staff >= bands.small, staff >= 0]
    by_staff = _select(ctx.index, conditions, ["large", "medium", "small", "individual"])
    size = by_label.fillna(by_staff).fillna(UNKNOWN)
    return _SizeParts(raw, label, rule, by_label, from_label, employees, staff, by_staff, size)


def size_classes(customers: pd.DataFrame, cfg: SizeClassConfig) -> pd.Series:
    """The ``size_class`` of every customer: the one company-size banding of tiercli.

    Reads ``company_size`` (text) and ``employees`` (number) when present; returns a ``string``
    Series indexed like *customers*: ``large`` / ``medium`` / ``small`` / ``individual`` /
    ``unknown``. The first of *cfg*'s keyword rules that the label matches decides; else a number
    in the label (a range reads as its middle: ``1-10`` is 5.5 employees), else ``employees``,
    against ``cfg.employees`` (≥ large, ≥ medium, ≥ small, else individual). Scoring's
    ``company_size_rank`` uses it when the table has no ``size_class`` column.
    """
    return _size_parts(_Frame.of(customers), cfg).size


def _size_class(ctx: _Frame, cfg: SizeClassConfig) -> _Part:
    p = _size_parts(ctx, cfg)
    by_staff, out = p.by_staff, p.size
    unread = p.label.present & (p.rule < 0) & np.isnan(p.from_label.to_numpy())
    details: dict[str, Any] = {
        "employees": cfg.employees.model_dump(),
        "from_label": int(p.by_label.notna().sum()),
        "from_label_number": int((p.by_label.isna() & p.from_label.notna()).sum()),
        "from_employees": int((p.by_label.isna() & p.from_label.isna() & by_staff.notna()).sum()),
        "unread_labels": _top(p.label.raw[unread]),
    }
    warnings: list[Message] = []
    dim = Col("size_class")
    if p.raw is None and p.employees is None:
        warnings.append(
            msg(
                "trade.no_size_input", dim=dim, size=Col("company_size"), employees=Col("employees")
            )
        )
    elif details["unread_labels"]:
        warnings.append(
            msg(
                "trade.unread_size_labels",
                dim=dim,
                n=int(unread.sum()),
                column=Col("company_size"),
                examples=_examples(details["unread_labels"]),
            )
        )
    return _Part({"size_class": out}, details, warnings)


def _batch_class(ctx: _Frame, cfg: BatchClassConfig) -> _Part:
    quantity = ctx.number("median_order_quantity")
    has_quantity = quantity is not None and bool(quantity[ctx.buyers].notna().any())
    by = cfg.by if cfg.by != "auto" else ("quantity" if has_quantity else "value")
    column = "median_order_quantity" if by == "quantity" else "median_order_value"
    values = ctx.number(column)
    warnings: list[Message] = []
    if values is None:
        if ctx.buyers.any():
            warnings.append(msg("trade.no_batch_value", dim=Col("batch_class"), column=Col(column)))
        values = pd.Series(np.nan, index=ctx.index)
    out, used = _three_bands(
        ctx,
        values,
        cfg.method,
        (cfg.large_share, cfg.medium_share),
        (cfg.large, cfg.medium),
        ("large", "medium", "small"),
    )
    return _Part({"batch_class": out}, {"by": by, "column": column, **used}, warnings)


def _reorder_metric(
    ctx: _Frame, cfg: ReorderClassConfig
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Orders per year (or the median gap) and the high and mid masks."""
    if cfg.by == "orders_per_year":
        n, t = ctx.array("orders"), ctx.array("tenure_days")
        metric = n / np.maximum(t, cfg.min_tenure_days) * 365.0
        with np.errstate(invalid="ignore"):
            return metric, metric >= cfg.high, metric >= cfg.mid
    metric = ctx.array("median_gap_days")
    with np.errstate(invalid="ignore"):
        return metric, metric <= cfg.high_gap_days, metric <= cfg.mid_gap_days


def _reorder_class(ctx: _Frame, cfg: ReorderClassConfig) -> _Part:
    n = ctx.array("orders")
    warnings: list[Message] = []
    details: dict[str, Any] = {"by": cfg.by}
    metric, high, mid = _reorder_metric(ctx, cfg)
    if cfg.by == "orders_per_year":
        details |= {"high": cfg.high, "mid": cfg.mid, "min_tenure_days": cfg.min_tenure_days}
    else:
        details |= {"high_gap_days": cfg.high_gap_days, "mid_gap_days": cfg.mid_gap_days}
    one = ctx.buyers & (n == 1)
    known = ctx.buyers & ~np.isnan(metric)
    out = _select(
        ctx.index,
        [one, known & high, known & mid, known, ctx.buyers],
        ["low", "high", "mid", "low", UNKNOWN],
    )
    if ctx.buyers.any() and not known.any() and not one.all():
        basis = Both(*_BASIS_NAMES[cfg.by])
        warnings.append(msg("trade.no_reorder_data", dim=Col("reorder_class"), basis=basis))
    return _Part({"reorder_class": out}, details, warnings)


@dataclass(frozen=True)
class _BuyerParts:
    label: _Folded  # customer_type
    label_rule: np.ndarray  # first label rule it matches (-1: none)
    fields: dict[str, _Folded]  # name, industry
    field_rule: np.ndarray  # first name/industry rule that matches (-1: none)


def _buyer_parts(ctx: _Frame, cfg: BuyerTypeConfig) -> _BuyerParts:
    label = _Folded(ctx.text("customer_type"), ctx.index)
    fields = {name: _Folded(ctx.text(name), ctx.index) for name in ("name", "industry")}
    return _BuyerParts(
        label,
        _keyword_rules(label, [r.keywords for r in cfg.labels]),
        fields,
        _field_rules(fields, cfg.rules, len(ctx.index)),
    )


def _buyer_type(ctx: _Frame, cfg: BuyerTypeConfig) -> _Part:
    p = _buyer_parts(ctx, cfg)
    by_label = _names(ctx.index, p.label_rule, [r.type for r in cfg.labels])
    by_rules = _names(ctx.index, p.field_rule, [r.type for r in cfg.rules])
    out = by_label.fillna(by_rules).fillna(UNKNOWN)
    unread = p.label.present & (p.label_rule < 0)
    details: dict[str, Any] = {
        "from_label": int(by_label.notna().sum()),
        "from_rules": int((by_label.isna() & by_rules.notna()).sum()),
        "unread_labels": _top(p.label.raw[unread]),
    }
    warnings: list[Message] = []
    dim = Col("buyer_type")
    if details["unread_labels"]:
        warnings.append(
            msg(
                "trade.unread_buyer_labels",
                dim=dim,
                n=int(unread.sum()),
                column=Col("customer_type"),
                examples=_examples(details["unread_labels"]),
            )
        )
    if all(not f.present.any() for f in p.fields.values()) and not p.label.present.any():
        columns = [Col("customer_type"), Col("name"), Col("industry")]
        warnings.append(msg("trade.no_buyer_input", dim=dim, columns=columns))
    return _Part({"buyer_type": out}, details, warnings)


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------

_STEPS: dict[str, Any] = {
    "profit_class": _profit_class,
    "region": _region,
    "main_product_line": _main_product_line,
    "inquiry_channel": _inquiry_channel,
    "deal_status": _deal_status,
    "size_class": _size_class,
    "batch_class": _batch_class,
    "reorder_class": _reorder_class,
    "buyer_type": _buyer_type,
}


def _readable(code: str) -> str:
    """A config-defined name without an ``en`` label: ``customs_data`` → ``Customs data``."""
    return code.replace("_", " ").capitalize()


def _named(
    column: str, names: Sequence[tuple[str, str | None, str | None]]
) -> dict[str, tuple[str, str]]:
    """Labels of config-defined values: (code, zh, en) in config order, the first given zh and
    en win; a built-in value keeps its catalogued labels unless the config names it anew."""
    given: dict[str, list[str | None]] = {}
    for code, zh, en in names:
        pair = given.setdefault(code, [None, None])
        pair[0], pair[1] = pair[0] or zh, pair[1] or en
    out: dict[str, tuple[str, str]] = {}
    known = _BY_NAME[column].values
    for code, (zh, en) in given.items():
        base = known.get(code)
        if base is not None and zh is None and en is None:
            continue
        en_label = en or (base[1] if base else _readable(code))
        out[code] = (zh or (base[0] if base else en_label), en_label)
    return out


def _run_labels(cfg: TradeConfig, country_zh: dict[str, str]) -> LabelTable:
    """The labels of the values the config and the data name (see the module docstring)."""
    labels: LabelTable = {}
    if cfg.region.enabled:
        group = "continent" if cfg.region.level == "continent" else "market"
        labels["region"] = {name: (zh, name) for name, zh in NAMES_ZH[group].items()}
        labels["subregion"] = {name: (zh, name) for name, zh in NAMES_ZH["subregion"].items()}
        labels["country_en"] = {en: (zh, en) for en, zh in country_zh.items()}
    if cfg.inquiry_channel.enabled:
        channels = cfg.inquiry_channel
        names = [(r.channel, r.zh, r.en) for r in channels.rules]
        labels["inquiry_channel"] = _named(
            "inquiry_channel", [*names, (channels.unmatched, None, None)]
        )
    if cfg.buyer_type.enabled:
        rules = [*cfg.buyer_type.labels, *cfg.buyer_type.rules]
        labels["buyer_type"] = _named("buyer_type", [(r.type, r.zh, r.en) for r in rules])
    return {column: values for column, values in labels.items() if values}


def _all_named(
    column: str, names: Sequence[tuple[str, str | None, str | None]]
) -> dict[str, tuple[str, str]]:
    """Every value the names give *column*, with its labels (the config's, else the catalogue's),
    and ``unknown``."""
    named = _named(column, names)
    known = _BY_NAME[column].values
    return {
        **{code: named.get(code) or known[code] for code, _zh, _en in names},
        UNKNOWN: _UNKNOWN_LABEL,
    }


def run_values(cfg: TradeConfig) -> LabelTable:
    """Every value the config lets ``region``, ``subregion``, ``inquiry_channel`` and
    ``buyer_type`` take, with its labels: a playbook rule naming another matches no one (the
    registry's check says so at load)."""
    group = "continent" if cfg.region.level == "continent" else "market"
    channels = cfg.inquiry_channel
    buyers = [*cfg.buyer_type.labels, *cfg.buyer_type.rules]
    return {
        "region": {**{n: (zh, n) for n, zh in NAMES_ZH[group].items()}, UNKNOWN: _UNKNOWN_LABEL},
        "subregion": {
            **{n: (zh, n) for n, zh in NAMES_ZH["subregion"].items()},
            UNKNOWN: _UNKNOWN_LABEL,
        },
        "inquiry_channel": _all_named(
            "inquiry_channel",
            [*((r.channel, r.zh, r.en) for r in channels.rules), (channels.unmatched, None, None)],
        ),
        "buyer_type": _all_named("buyer_type", [(r.type, r.zh, r.en) for r in buyers]),
    }


def classify(ctx: Context, cfg: TradeConfig) -> Classified:
    """The nine foreign-trade columns (and region's extras) for every enabled dimension."""
    customers = ctx.customers
    frame_in = _Frame.of(customers)
    columns: dict[str, pd.Series] = {}
    details: dict[str, Any] = {}
    warnings: list[Message] = []
    for name, step in _STEPS.items():
        settings = getattr(cfg, name)
        if not settings.enabled:
            continue
        part: _Part = step(frame_in, settings)
        columns.update(part.columns)
        details[name] = part.details
        warnings.extend(part.warnings)
    frame = pd.DataFrame(columns, index=customers.index)
    for column in frame:
        frame[column] = frame[column].astype("string")
    classes = [c for c in frame if c not in ("country_iso2", "country_en")]
    buyers = frame_in.buyers
    details["unknown"] = {c: int(frame[c].eq(UNKNOWN).sum()) for c in classes}
    details["unknown_buyers"] = {c: int(frame[c][buyers].eq(UNKNOWN).sum()) for c in classes}
    country_zh = details.get("region", {}).pop("country_zh", {})
    return Classified(frame, details, warnings, labels=_run_labels(cfg, country_zh))


# --------------------------------------------------------------------------------------------
# Summary tables
# --------------------------------------------------------------------------------------------


def _enabled(cfg: TradeConfig, customers: pd.DataFrame) -> list[str]:
    return [d for d in DIMENSIONS if getattr(cfg, d).enabled and d in customers]


def summarise(
    customers: pd.DataFrame, cfg: TradeConfig, details: dict[str, Any], labels: Labels
) -> list[Summary]:
    """Per enabled dimension, the customers and revenue of each value that has customers (in
    the order the values are declared, unknown last)."""
    out = []
    for dim in _enabled(cfg, customers):
        codes = labels.codes(dim)
        order = [c for c in codes if c != UNKNOWN] + [UNKNOWN]
        table = group_table(customers, dim, order)
        out.append(
            Summary(dim, table.loc[table["customers"] > 0], Both(*_TITLES[dim]), group="trade")
        )
    return out


# --------------------------------------------------------------------------------------------
# Explain
# --------------------------------------------------------------------------------------------


def inputs(dim: str, cfg: TradeConfig, details: dict[str, Any]) -> tuple[str, ...]:
    """The input columns dimension *dim* read in this run (narrowed from :data:`INPUTS` by the
    config and by what the details say was used)."""
    used = details.get(dim, {})
    if dim == "profit_class":
        return ("orders", used.get("value", cfg.profit_class.value))
    if dim == "deal_status":
        return ("orders", "tenure_days", cfg.deal_status.large_order.value)
    if dim == "batch_class":
        return ("orders", used.get("column", "median_order_value"))
    if dim == "reorder_class":
        by = cfg.reorder_class.by
        return ("orders", "tenure_days") if by == "orders_per_year" else ("orders", by)
    return INPUTS[dim]


def _band_rule(
    column: str,
    value: float,
    label: str,
    used: dict[str, Any],
    names: tuple[str, str, str],
    shown: Val,
) -> Message:
    """The sentence of a three-band class (profit_class, batch_class) from the cut points used."""
    top, middle = names[0], names[1]
    upper, lower = used.get(top), used.get(middle)
    if upper is None or lower is None:
        return msg("trade.rule_missing", inputs=Col(column), label=shown)
    common = {"column": Col(column), "value": value, "label": shown}
    if used.get("method") == "quantile":
        top_share, mid_share = used[f"{top}_share"], used[f"{middle}_share"]
        if label == top:
            return msg("trade.band_top", share=top_share, cut=upper, **common)
        if label == middle:
            return msg("trade.band_next", share=mid_share, cut=lower, upper=upper, **common)
        return msg("trade.band_rest", share=top_share + mid_share, cut=lower, **common)
    if label == top:
        return msg("trade.band_at_least", cut=upper, **common)
    if label == middle:
        return msg("trade.band_between", cut=lower, upper=upper, **common)
    return msg("trade.band_below", cut=lower, **common)


def _why_bands(
    one: _Frame,
    column: str,
    label: Any,
    used: dict[str, Any],
    names: tuple[str, str, str],
    dim: str,
) -> Message:
    shown = Val(dim, str(label))
    if pd.isna(label):
        return msg("trade.rule_not_buyer")
    value = one.array(column)[0]
    if label == UNKNOWN or np.isnan(value):
        return msg("trade.rule_missing", inputs=Col(column), label=shown)
    return _band_rule(column, float(value), str(label), used, names, shown)


def _why_profit(one: _Frame, cfg: TradeConfig, used: dict[str, Any], label: Any) -> Message:
    column = used.get("value", cfg.profit_class.value)
    return _why_bands(one, column, label, used, ("high", "mid", "low"), "profit_class")


def _why_batch(one: _Frame, cfg: TradeConfig, used: dict[str, Any], label: Any) -> Message:
    column = used.get("column", "median_order_value")
    return _why_bands(one, column, label, used, ("large", "medium", "small"), "batch_class")


def _why_region(one: _Frame, cfg: TradeConfig, used: dict[str, Any], label: Any) -> Message:
    raw, geo = _resolve(one, cfg.region)
    shown = Val("region", str(label))
    if raw is None:
        return msg("trade.rule_missing", inputs=Col("country"), label=shown)
    text = str(raw.iloc[0])
    if pd.isna(geo["iso2"].iloc[0]):
        return msg("trade.region_unresolved", column=Col("country"), raw=text, label=shown)
    overridden = country_key(text) in {country_key(k) for k in cfg.region.overrides}
    row = one.customers.iloc[0]
    return msg(
        "trade.region_override" if overridden else "trade.region_country",
        column=Col("country"),
        raw=text,
        country=Val("country_en", str(row.get("country_en", geo["country_en"].iloc[0]))),
        iso2=str(geo["iso2"].iloc[0]),
        level=Both(*_LEVEL_NAMES[cfg.region.level]),
        region=shown,
        subregion=Val("subregion", str(row.get("subregion", geo["subregion"].iloc[0]))),
        market=Val("market", str(row.get("market", UNKNOWN))),
    )


def _why_main_line(one: _Frame, cfg: TradeConfig, used: dict[str, Any], label: Any) -> Message:
    shown = Val("main_product_line", str(label))
    if pd.isna(label):
        return msg("trade.rule_not_buyer")
    top, _ = _main_line_parts(one, cfg.main_product_line)
    if top is None:
        return msg("trade.rule_missing", inputs=Col("top_product_line"), label=shown)
    share, lines = one.array("top_product_line_share")[0], one.array("product_lines")[0]
    common = {"column": Col("top_product_line"), "line": str(top.iloc[0]), "label": shown}
    min_share = cfg.main_product_line.min_share
    if not np.isnan(share):
        code = "trade.line_dominant" if share >= min_share else "trade.line_mixed"
        return msg(code, share=float(share), min_share=min_share, **common)
    if np.isnan(lines) or lines <= 1:
        return msg("trade.line_single", **common)
    return msg("trade.line_several", lines=float(lines), **common)


def _matched_keyword(folded: _Folded, keywords: Sequence[str]) -> str:
    """The first of *keywords* that the (one-row) folded text contains."""
    return next(k for k in keywords if folded.contains(keyword_regex(k))[0])


def _why_channel(one: _Frame, cfg: TradeConfig, used: dict[str, Any], label: Any) -> Message:
    shown = Val("inquiry_channel", str(label))
    source, rule = _channel_rule(one, cfg.inquiry_channel)
    if not source.present[0]:
        return msg("trade.rule_missing", inputs=Col("source"), label=shown)
    raw = str(source.raw.iloc[0])
    if rule[0] < 0:
        return msg("trade.no_keyword", column=Col("source"), raw=raw, label=shown)
    rules = cfg.inquiry_channel.rules
    return msg(
        "trade.keyword",
        column=Col("source"),
        raw=raw,
        keyword=_matched_keyword(source, rules[rule[0]].keywords),
        i=int(rule[0]) + 1,
        n=len(rules),
        label=shown,
    )


def _why_deal(one: _Frame, cfg: TradeConfig, used: dict[str, Any], label: Any) -> Message:
    shown = Val("deal_status", str(label))
    if pd.isna(label):
        return msg("trade.rule_not_buyer")
    if label == "prospect":
        return msg("trade.deal_prospect", label=shown)
    deal = cfg.deal_status
    orders, days = one.array("orders")[0], one.array("tenure_days")[0]
    if label == "large_order":
        value = one.array(deal.large_order.value)[0]
        quantile = deal.large_order.quantile
        basis = (
            Both("配置的阈值", "the configured threshold")
            if deal.large_order.threshold is not None
            else Both(f"成交客户的 {quantile:.0%} 分位数", f"the {quantile:.0%} quantile of buyers")
        )
        return msg(
            "trade.deal_large",
            column=Col(deal.large_order.value),
            value=float(value),
            cut=float(used.get("large_order_threshold") or 0.0),
            basis=basis,
            label=shown,
        )
    if label == "repeat":
        return msg(
            "trade.deal_repeat", orders=float(orders), repeat=deal.repeat_orders, label=shown
        )
    if label == UNKNOWN and np.isnan(orders):
        return msg("trade.rule_missing", inputs=Col("orders"), label=shown)
    if label == UNKNOWN:
        return msg(
            "trade.deal_undecided",
            orders=float(orders),
            new=Val("deal_status", "new"),
            small=Val("deal_status", "small_order"),
            label=shown,
        )
    code = "trade.deal_new" if label == "new" else "trade.deal_small"
    return msg(
        code,
        orders=float(orders),
        repeat=deal.repeat_orders,
        days=float(days),
        new_days=deal.new_days,
        label=shown,
    )


def _staff_band(size: str, bands: EmployeeBands) -> str:
    """The employee band of *size*, as the sentence shows it."""
    edges = {
        "large": f"≥ {bands.large}",
        "medium": f"≥ {bands.medium}, < {bands.large}",
        "small": f"≥ {bands.small}, < {bands.medium}",
        "individual": f"< {bands.small}",
    }
    return edges[size]


def _why_size(one: _Frame, cfg: TradeConfig, used: dict[str, Any], label: Any) -> Message:
    shown = Val("size_class", str(label))
    size = cfg.size_class
    p = _size_parts(one, size)
    if p.rule[0] >= 0:
        return msg(
            "trade.keyword",
            column=Col("company_size"),
            raw=str(p.label.raw.iloc[0]),
            keyword=_matched_keyword(p.label, size.labels[p.rule[0]].keywords),
            i=int(p.rule[0]) + 1,
            n=len(size.labels),
            label=shown,
        )
    staff = float(p.staff[0])
    if np.isnan(staff):
        if p.label.present[0]:
            return msg(
                "trade.size_unread",
                column=Col("company_size"),
                raw=str(p.label.raw.iloc[0]),
                employees=Col("employees"),
                label=shown,
            )
        return msg(
            "trade.rule_missing", inputs=[Col("company_size"), Col("employees")], label=shown
        )
    from_label = not np.isnan(p.from_label.iloc[0])
    column = Col("company_size" if from_label else "employees")
    if label == UNKNOWN:
        return msg("trade.size_not_count", column=column, staff=staff, label=shown)
    band = _staff_band(str(label), size.employees)
    if from_label:
        raw = str(p.raw.iloc[0]) if p.raw is not None else ""
        return msg(
            "trade.size_label_number", column=column, raw=raw, staff=staff, band=band, label=shown
        )
    return msg("trade.size_employees", column=column, staff=staff, band=band, label=shown)


def _why_reorder(one: _Frame, cfg: TradeConfig, used: dict[str, Any], label: Any) -> Message:
    shown = Val("reorder_class", str(label))
    if pd.isna(label):
        return msg("trade.rule_not_buyer")
    reorder = cfg.reorder_class
    orders = one.array("orders")[0]
    if orders == 1:
        return msg("trade.reorder_one", label=shown)
    metric, _, _ = _reorder_metric(one, reorder)
    per_year = reorder.by == "orders_per_year"
    if np.isnan(metric[0]):
        read = ("orders", "tenure_days") if per_year else ("median_gap_days",)
        needs = [Col(c) for c in read if np.isnan(one.array(c)[0])]
        return msg("trade.rule_missing", inputs=needs, label=shown)
    if per_year:
        bands = {
            "high": f"≥ {reorder.high:g}",
            "mid": f"≥ {reorder.mid:g}, < {reorder.high:g}",
            "low": f"< {reorder.mid:g}",
        }
        return msg(
            "trade.reorder_rate",
            orders=float(orders),
            days=float(one.array("tenure_days")[0]),
            min_days=reorder.min_tenure_days,
            rate=float(metric[0]),
            band=bands[str(label)],
            label=shown,
        )
    bands = {
        "high": f"≤ {reorder.high_gap_days:g}",
        "mid": f"> {reorder.high_gap_days:g}, ≤ {reorder.mid_gap_days:g}",
        "low": f"> {reorder.mid_gap_days:g}",
    }
    return msg(
        "trade.reorder_gap",
        column=Col("median_gap_days"),
        gap=float(metric[0]),
        band=bands[str(label)],
        label=shown,
    )


def _why_buyer(one: _Frame, cfg: TradeConfig, used: dict[str, Any], label: Any) -> Message:
    shown = Val("buyer_type", str(label))
    buyer = cfg.buyer_type
    p = _buyer_parts(one, buyer)
    if p.label_rule[0] >= 0:
        return msg(
            "trade.keyword",
            column=Col("customer_type"),
            raw=str(p.label.raw.iloc[0]),
            keyword=_matched_keyword(p.label, buyer.labels[p.label_rule[0]].keywords),
            i=int(p.label_rule[0]) + 1,
            n=len(buyer.labels),
            label=shown,
        )
    if p.field_rule[0] >= 0:
        rule = buyer.rules[p.field_rule[0]]
        pattern = _pattern(rule.keywords)
        field_name = next(f for f in rule.fields if p.fields[f].contains(pattern)[0])
        folded = p.fields[field_name]
        return msg(
            "trade.keyword_fields",
            column=Col(field_name),
            raw=str(folded.raw.iloc[0]),
            keyword=_matched_keyword(folded, rule.keywords),
            i=int(p.field_rule[0]) + 1,
            n=len(buyer.rules),
            label=shown,
        )
    present = [
        Col(name)
        for name, folded in (("customer_type", p.label), *p.fields.items())
        if folded.present[0]
    ]
    if present:
        return msg("trade.no_keyword_in", columns=present, label=shown)
    columns = [Col("customer_type"), Col("name"), Col("industry")]
    return msg("trade.rule_missing", inputs=columns, label=shown)


_WHY: dict[str, Any] = {
    "profit_class": _why_profit,
    "region": _why_region,
    "main_product_line": _why_main_line,
    "inquiry_channel": _why_channel,
    "deal_status": _why_deal,
    "size_class": _why_size,
    "batch_class": _why_batch,
    "reorder_class": _why_reorder,
    "buyer_type": _why_buyer,
}


def explain(
    customers: pd.DataFrame, cid: str, cfg: TradeConfig, details: dict[str, Any]
) -> Explanation:
    """Per enabled dimension: the customer's label, the inputs it came from and the rule that
    decided it (with the cut points and thresholds of the run, from *details*)."""
    one = _Frame.of(customers.loc[[cid]])
    row = customers.loc[cid]
    values: dict[str, Any] = {}
    used_inputs: dict[str, Any] = {}
    rules: list[Message] = []
    dimensions: dict[str, Any] = {}
    for dim in _enabled(cfg, customers):
        label = row[dim]
        read = {c: plain(row[c]) for c in inputs(dim, cfg, details) if c in row.index}
        columns = _REGION_COLUMNS if dim == "region" else (dim,)
        values |= {c: plain(row[c]) for c in columns if c in row.index}
        used_inputs |= read
        rule = _WHY[dim](one, cfg, details.get(dim, {}), label)
        rules.append(msg("trade.rule", dim=Col(dim), rule=rule))
        dimensions[dim] = {"label": plain(label), "from": read}
    return Explanation(
        values=values, inputs=used_inputs, rules=rules, data={"dimensions": dimensions}
    )


CLASSIFIER = Classifier(
    name=NAME,
    title=Both("外贸九维分类", "Nine foreign-trade dimensions"),
    section="trade",
    settings=lambda cfg: cfg.trade,
    requires=tuple(dict.fromkeys(c for columns in INPUTS.values() for c in columns)),
    provides=COLUMNS,
    classify=classify,
    summarise=summarise,
    explain=explain,
    messages=MESSAGES,
    values=run_values,
    cost=2,  # nine dimensions' rules (Online Retail 0.06 s, 10M lines 1.3 s)
)
