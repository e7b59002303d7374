"""Nine-way foreign-trade classification (DESIGN classifier 3; seed ``004``, 外贸客户分类 9 法).

Input columns of the customer table → output columns (string dtype, canonical English values,
indexed by customer_id). Any input may be absent or entirely empty: the dimension is then
``"unknown"`` for the customers it applies to (counted in the details, with a warning), never an
error.

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
2. ``region``: :func:`tiercli.geo.resolve_countries` with ``region.overrides``; a bad override
   target raises :class:`tiercli.errors.ConfigError`.
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

Details (``details["trade"]``): per dimension the thresholds and cut points actually used,
``unknown`` / ``unknown_buyers`` counts per column, values that no rule read, and ``labels``
(column → {value: Chinese label}, also returned as :attr:`Classified.labels`) plus
``labels_en`` (readable English) so writers can localise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from tiercli.classifiers.base import Classified
from tiercli.config.trade import (
    BatchClassConfig,
    BuyerTypeConfig,
    DealStatusConfig,
    InquiryChannelConfig,
    MainProductLineConfig,
    ProfitClassConfig,
    RegionConfig,
    ReorderClassConfig,
    SizeClassConfig,
    TradeConfig,
    keyword_regex,
)
from tiercli.errors import ConfigError
from tiercli.geo import resolve_countries

__all__ = [
    "BLANK_VALUES",
    "LABELS_EN",
    "LABELS_ZH",
    "OUTPUT_COLUMNS",
    "UNKNOWN",
    "classify",
    "fold",
]

UNKNOWN = "unknown"
MULTI_LINE = "multi-line"

OUTPUT_COLUMNS: dict[str, tuple[str, ...]] = {
    "profit_class": ("profit_class",),
    "region": ("region", "subregion", "market", "country_iso2", "country_en"),
    "main_product_line": ("main_product_line",),
    "inquiry_channel": ("inquiry_channel",),
    "deal_status": ("deal_status",),
    "size_class": ("size_class",),
    "batch_class": ("batch_class",),
    "reorder_class": ("reorder_class",),
    "buyer_type": ("buyer_type",),
}
"""Dimension (config key) → the columns it adds."""

_CONTINENT_ZH = {
    "Africa": "非洲",
    "Asia": "亚洲",
    "Europe": "欧洲",
    "North America": "北美洲",
    "South America": "南美洲",
    "Oceania": "大洋洲",
    "Antarctica": "南极洲",
}
_MARKET_GROUP_ZH = {
    "North America": "北美",
    "Latin America": "拉丁美洲",
    "Western Europe": "西欧",
    "Northern Europe": "北欧",
    "Southern Europe": "南欧",
    "Eastern Europe": "东欧",
    "Middle East": "中东",
    "Africa": "非洲",
    "East Asia": "东亚",
    "Southeast Asia": "东南亚",
    "South Asia": "南亚",
    "Central Asia": "中亚",
    "Oceania": "大洋洲",
}
_SUBREGION_ZH = {  # UN M49 sub-regions, as the UN's Chinese M49 list names them
    "Northern Africa": "北非",
    "Sub-Saharan Africa": "撒哈拉以南非洲",
    "Latin America and the Caribbean": "拉丁美洲和加勒比",
    "Northern America": "北美",
    "Central Asia": "中亚",
    "Eastern Asia": "东亚",
    "South-eastern Asia": "东南亚",
    "Southern Asia": "南亚",
    "Western Asia": "西亚",
    "Eastern Europe": "东欧",
    "Northern Europe": "北欧",
    "Southern Europe": "南欧",
    "Western Europe": "西欧",
    "Australia and New Zealand": "澳大利亚和新西兰",
    "Melanesia": "美拉尼西亚",
    "Micronesia": "密克罗尼西亚",
    "Polynesia": "波利尼西亚",
    "Antarctica": "南极洲",
}

LABELS_ZH: dict[str, dict[str, str]] = {
    "profit_class": {"high": "高利润", "mid": "中利润", "low": "低利润"},
    "market": {"developed": "发达市场", "emerging": "新兴市场"},
    "main_product_line": {MULTI_LINE: "多产品线"},
    "inquiry_channel": {
        "trade_show": "展会",
        "b2b_platform": "B2B平台",
        "website": "官网/独立站",
        "social_media": "社交媒体",
        "outbound": "主动开发",
        "offline_event": "线下活动/拜访",
        "referral": "客户推荐",
        "other": "其他",
    },
    "deal_status": {
        "large_order": "大额订单客户",
        "new": "新客户",
        "repeat": "复购客户",
        "small_order": "小额订单客户",
        "prospect": "潜在客户",
    },
    "size_class": {
        "large": "大型企业",
        "medium": "中型企业",
        "small": "小型企业",
        "individual": "个人/个体",
    },
    "batch_class": {"large": "大批量", "medium": "中批量", "small": "小批量"},
    "reorder_class": {"high": "高频返单", "mid": "中频返单", "low": "低频返单"},
    "buyer_type": {
        "manufacturer": "制造商",
        "trader": "贸易商",
        "retailer": "零售商",
        "end_user": "终端用户",
    },
}
"""Chinese labels of the built-in values (``unknown`` → 未知 is added to every column)."""

LABELS_EN: dict[str, dict[str, str]] = {
    "profit_class": {"high": "High profit", "mid": "Mid profit", "low": "Low profit"},
    "market": {"developed": "Developed", "emerging": "Emerging"},
    "main_product_line": {MULTI_LINE: "Multi-line"},
    "inquiry_channel": {
        "trade_show": "Trade show",
        "b2b_platform": "B2B platform",
        "website": "Website",
        "social_media": "Social media",
        "outbound": "Outbound (email, cold outreach)",
        "offline_event": "Offline event / visit",
        "referral": "Referral",
        "other": "Other",
    },
    "deal_status": {
        "large_order": "Large-order",
        "new": "New",
        "repeat": "Repeat",
        "small_order": "Small-order",
        "prospect": "Prospect",
    },
    "size_class": {
        "large": "Large",
        "medium": "Medium",
        "small": "Small",
        "individual": "Individual",
    },
    "batch_class": {"large": "Large batch", "medium": "Medium batch", "small": "Small batch"},
    "reorder_class": {"high": "High reorder", "mid": "Mid reorder", "low": "Low reorder"},
    "buyer_type": {
        "manufacturer": "Manufacturer",
        "trader": "Trader",
        "retailer": "Retailer",
        "end_user": "End user",
    },
}
"""Readable English labels of the built-in snake_case values."""

# Folded texts that mean "no value" (a blank cell, as CRMs and spreadsheets write it).
BLANK_VALUES = frozenset(
    {"na", "n a", "none", "null", "nil", "nan", "unknown", "无", "未知", "不详", "暂无", "空"}
)
_COMBINING = "[\u0300-\u036f]"
_NUMBER = r"(\d+(?:\.\d+)?)\s*(?:(?:-|–|—|~|～|to|至|到)\s*(\d+(?:\.\d+)?))?"  # "51-200", "1000+"


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------


@dataclass
class _Part:
    """One dimension's output."""

    columns: dict[str, pd.Series]
    details: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Context:
    customers: pd.DataFrame
    buyers: np.ndarray  # at least one kept order
    prospects: np.ndarray  # no order at all

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


def fold(values: pd.Series) -> pd.Series:
    """Vectorised :func:`tiercli.config.trade.fold_text`; blank and "n/a"-like values → NA."""
    text = values.astype("string").str.normalize("NFKD").str.replace(_COMBINING, "", regex=True)
    text = text.str.normalize("NFKC").str.casefold()
    text = text.str.replace(r"[\W_]+", " ", regex=True).str.strip()
    blank = text.isna() | text.fillna("").eq("") | text.isin(BLANK_VALUES)
    return text.mask(blank)


class _Folded:
    """A text column folded once per distinct value, for repeated keyword tests."""

    def __init__(self, values: pd.Series | None, index: pd.Index) -> None:
        if values is None:
            values = pd.Series(pd.NA, index=index, dtype="string")
        codes, uniques = pd.factorize(values.astype("string"), use_na_sentinel=True)
        self.index = index
        self.raw = values
        self.codes = np.asarray(codes)
        self.uniques = fold(pd.Series(uniques, dtype="string"))
        present = np.append(self.uniques.notna().to_numpy(dtype=bool), False)
        self.present = present[self.codes]

    def contains(self, pattern: str) -> np.ndarray:
        """Row mask: the folded value matches *pattern*."""
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
    picked = np.select(
        list(conditions),
        [np.asarray(c, dtype=object) if not isinstance(c, str) else c for c in choices],
        default=default,
    )
    return pd.Series(np.asarray(picked, dtype=object), index=index, dtype="string")


def _first_match(folded: _Folded, rules: Sequence[tuple[str, str]]) -> pd.Series:
    """Per row, the label of the first (label, regex) rule that matches; NA when none does."""
    conditions = [folded.contains(pattern) for _, pattern in rules]
    return _select(folded.index, conditions, [label for label, _ in rules])


def _top(values: pd.Series, n: int = 8) -> dict[str, int]:
    """The most frequent values (for "these were not recognised" reports)."""
    counts = values.dropna().value_counts().head(n)
    return {str(k): int(v) for k, v in counts.items()}


def _examples(values: dict[str, int]) -> str:
    return ", ".join(repr(v) for v in list(values)[:3])


def _share_cuts(values: np.ndarray, top: float, middle: float) -> tuple[float, float]:
    """Cut points so that the top *top* share (rounded, ≥ 1) and the next *middle* share lie
    at or above them (descending order; customers tied with the last one join them)."""
    ordered = np.sort(values)[::-1]
    n = ordered.size
    k_top = min(n, max(1, int(np.floor(top * n + 0.5))))
    k_mid = min(n, max(k_top, int(np.floor((top + middle) * n + 0.5))))
    return float(ordered[k_top - 1]), float(ordered[k_mid - 1])


def _three_bands(
    ctx: _Context,
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


def _profit_class(ctx: _Context, cfg: ProfitClassConfig) -> _Part:
    warnings: list[str] = []
    source = cfg.value
    values = ctx.number(source)
    if values is None and source == "profit":
        values, source = ctx.number("revenue"), "revenue"
        warnings.append(
            "trade: profit_class: the orders carry no profit; profit classes use revenue instead"
        )
    if values is None:
        if ctx.buyers.any():
            warnings.append(f"trade: profit_class: no {source} column; every buyer is unknown")
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


def _region(ctx: _Context, cfg: RegionConfig) -> _Part:
    raw = ctx.text("country")
    warnings: list[str] = []
    try:
        geo = resolve_countries(
            raw if raw is not None else ctx.empty(), dict(cfg.overrides) or None
        )
    except ValueError as exc:
        raise ConfigError(f"trade -> region -> overrides: {exc}") from None
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
        warnings.append("trade: region: no country column; region is unknown for every customer")
    else:
        unresolved = _top(raw[geo["iso2"].isna() & raw.notna()])
        if unresolved:
            n = int((geo["iso2"].isna() & raw.notna()).sum())
            warnings.append(
                f"trade: region: {n} customer(s) have a country that is not recognised "
                f"({_examples(unresolved)}); map them under trade -> region -> overrides"
            )
    zh_names = (
        pd.DataFrame({"en": geo["country_en"], "zh": geo["country_zh"]})
        .dropna()
        .drop_duplicates("en")
    )
    details = {
        "level": cfg.level,
        "overrides": dict(cfg.overrides),
        "unresolved": unresolved,
        "country_zh": dict(zip(zh_names["en"], zh_names["zh"], strict=True)),
    }
    return _Part(columns, details, warnings)


def _main_product_line(ctx: _Context, cfg: MainProductLineConfig) -> _Part:
    top = ctx.text("top_product_line")
    warnings: list[str] = []
    if top is None:
        if ctx.buyers.any():
            warnings.append(
                "trade: main_product_line: the orders carry no product line; it is unknown "
                "for every buyer"
            )
        top = ctx.empty()
    share_v = ctx.array("top_product_line_share")
    lines_v = ctx.array("product_lines")
    has_top = top.notna().to_numpy(bool)
    with np.errstate(invalid="ignore"):
        dominant = (share_v >= cfg.min_share) | (
            np.isnan(share_v) & (np.isnan(lines_v) | (lines_v <= 1))
        )
    out = _select(
        ctx.index,
        [~ctx.buyers, ~has_top, dominant],
        [None, UNKNOWN, top.to_numpy(dtype=object, na_value=None)],
        default=MULTI_LINE,
    )
    return _Part({"main_product_line": out}, {"min_share": cfg.min_share}, warnings)


def _inquiry_channel(ctx: _Context, cfg: InquiryChannelConfig) -> _Part:
    raw = ctx.text("source")
    warnings: list[str] = []
    if raw is None:
        warnings.append(
            "trade: inquiry_channel: no source column; the channel is unknown for every customer"
        )
    source = _Folded(raw, ctx.index)
    matched = _first_match(source, [(r.channel, _pattern(r.keywords)) for r in cfg.rules])
    unmatched = source.present & matched.isna().to_numpy(bool)
    out = matched.mask(unmatched, cfg.unmatched).fillna(UNKNOWN)
    details = {
        "rules": [r.channel for r in cfg.rules],
        "unmatched": cfg.unmatched,
        "unmatched_sources": _top(source.raw[unmatched]),
    }
    return _Part({"inquiry_channel": out}, details, warnings)


def _deal_status(ctx: _Context, cfg: DealStatusConfig) -> _Part:
    orders = ctx.number("orders")
    warnings: list[str] = []
    details: dict[str, Any] = {
        "order": [*cfg.order, "small_order"],
        "new_days": cfg.new_days,
        "repeat_orders": cfg.repeat_orders,
        "large_order_value": cfg.large_order.value,
    }
    if orders is None:
        if "orders" not in ctx.customers:
            warnings.append("trade: deal_status: no orders column; it is unknown for everyone")
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
        details["large_order_threshold_from"] = f"quantile {cfg.large_order.quantile:g}"
    else:
        threshold = None
        if ctx.buyers.any():
            warnings.append(
                f"trade: deal_status: no {cfg.large_order.value}; no customer is large_order"
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


def _size_class(ctx: _Context, cfg: SizeClassConfig) -> _Part:
    raw = ctx.text("company_size")
    label = _Folded(raw, ctx.index)
    by_label = _first_match(label, [(r.size, _pattern(r.keywords)) for r in cfg.labels])
    nan = pd.Series(np.nan, index=ctx.index)
    from_label = nan
    if cfg.read_numbers and raw is not None:
        text = raw.str.replace(r"(?<=\d)[,\s](?=\d{3}(?!\d))", "", regex=True)
        parts = text.where(by_label.isna()).str.extract(_NUMBER)
        low, high = (pd.to_numeric(parts[i], errors="coerce") for i in (0, 1))
        from_label = ((low + high) / 2).fillna(low).astype("float64")
    employees = ctx.number("employees")
    staff = from_label.fillna(employees if employees is not None else nan).to_numpy()
    bands = cfg.employees
    with np.errstate(invalid="ignore"):
        by_staff = _select(
            ctx.index,
            [staff >= bands.large, staff >= bands.medium, staff >= bands.small, staff >= 0],
            ["large", "medium", "small", "individual"],
        )
    out = by_label.fillna(by_staff).fillna(UNKNOWN)
    unread = label.present & by_label.isna().to_numpy(bool) & np.isnan(from_label.to_numpy())
    details: dict[str, Any] = {
        "employees": bands.model_dump(),
        "from_label": int(by_label.notna().sum()),
        "from_label_number": int((by_label.isna() & from_label.notna()).sum()),
        "from_employees": int((by_label.isna() & from_label.isna() & by_staff.notna()).sum()),
        "unread_labels": _top(label.raw[unread]),
    }
    warnings: list[str] = []
    if raw is None and employees is None:
        warnings.append(
            "trade: size_class: no company_size or employees column; it is unknown for everyone"
        )
    elif details["unread_labels"]:
        warnings.append(
            f"trade: size_class: {int(unread.sum())} company_size value(s) match no keyword "
            f"({_examples(details['unread_labels'])}); add them under trade -> size_class -> "
            "labels"
        )
    return _Part({"size_class": out}, details, warnings)


def _batch_class(ctx: _Context, cfg: BatchClassConfig) -> _Part:
    quantity = ctx.number("median_order_quantity")
    has_quantity = quantity is not None and bool(quantity[ctx.buyers].notna().any())
    by = cfg.by if cfg.by != "auto" else ("quantity" if has_quantity else "value")
    column = "median_order_quantity" if by == "quantity" else "median_order_value"
    values = ctx.number(column)
    warnings: list[str] = []
    if values is None:
        if ctx.buyers.any():
            warnings.append(f"trade: batch_class: no {column}; every buyer is unknown")
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


def _reorder_class(ctx: _Context, cfg: ReorderClassConfig) -> _Part:
    n = ctx.array("orders")
    warnings: list[str] = []
    details: dict[str, Any] = {"by": cfg.by}
    if cfg.by == "orders_per_year":
        t = ctx.array("tenure_days")
        metric = n / np.maximum(t, cfg.min_tenure_days) * 365.0
        with np.errstate(invalid="ignore"):
            high, mid = metric >= cfg.high, metric >= cfg.mid
        details |= {"high": cfg.high, "mid": cfg.mid, "min_tenure_days": cfg.min_tenure_days}
    else:
        metric = ctx.array("median_gap_days")
        with np.errstate(invalid="ignore"):
            high, mid = metric <= cfg.high_gap_days, metric <= cfg.mid_gap_days
        details |= {"high_gap_days": cfg.high_gap_days, "mid_gap_days": cfg.mid_gap_days}
    one = ctx.buyers & (n == 1)
    known = ctx.buyers & ~np.isnan(metric)
    out = _select(
        ctx.index,
        [one, known & high, known & mid, known, ctx.buyers],
        ["low", "high", "mid", "low", UNKNOWN],
    )
    if ctx.buyers.any() and not known.any() and not one.all():
        warnings.append(f"trade: reorder_class: no data for {cfg.by}; every buyer is unknown")
    return _Part({"reorder_class": out}, details, warnings)


def _buyer_type(ctx: _Context, cfg: BuyerTypeConfig) -> _Part:
    label = _Folded(ctx.text("customer_type"), ctx.index)
    by_label = _first_match(label, [(r.type, _pattern(r.keywords)) for r in cfg.labels])
    fields = {name: _Folded(ctx.text(name), ctx.index) for name in ("name", "industry")}
    conditions = []
    for rule in cfg.rules:
        pattern = _pattern(rule.keywords)
        hit = np.zeros(len(ctx.index), dtype=bool)
        for name in rule.fields:
            hit |= fields[name].contains(pattern)
        conditions.append(hit)
    by_rules = _select(ctx.index, conditions, [r.type for r in cfg.rules])
    out = by_label.fillna(by_rules).fillna(UNKNOWN)
    unread = label.present & by_label.isna().to_numpy(bool)
    details: dict[str, Any] = {
        "from_label": int(by_label.notna().sum()),
        "from_rules": int((by_label.isna() & by_rules.notna()).sum()),
        "unread_labels": _top(label.raw[unread]),
    }
    warnings: list[str] = []
    if details["unread_labels"]:
        warnings.append(
            f"trade: buyer_type: {int(unread.sum())} customer_type value(s) match no keyword "
            f"({_examples(details['unread_labels'])}); add them under trade -> buyer_type -> "
            "labels"
        )
    if all(not f.present.any() for f in fields.values()) and not label.present.any():
        warnings.append(
            "trade: buyer_type: no customer_type, name or industry; it is unknown for everyone"
        )
    return _Part({"buyer_type": out}, details, warnings)


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------


def _labels(cfg: TradeConfig) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """(zh, en) labels per output column, including user-defined channels and buyer types."""
    zh = {column: dict(values) for column, values in LABELS_ZH.items()}
    en = {column: dict(values) for column, values in LABELS_EN.items()}
    zh["region"] = dict(_CONTINENT_ZH if cfg.region.level == "continent" else _MARKET_GROUP_ZH)
    zh["subregion"] = dict(_SUBREGION_ZH)
    custom: list[tuple[str, str, str | None]] = [
        ("inquiry_channel", r.channel, r.zh) for r in cfg.inquiry_channel.rules
    ]
    custom.append(("inquiry_channel", cfg.inquiry_channel.unmatched, None))
    custom += [
        ("buyer_type", r.type, r.zh) for r in [*cfg.buyer_type.labels, *cfg.buyer_type.rules]
    ]
    for column, value, name_zh in custom:
        if name_zh:
            zh[column][value] = name_zh
        zh[column].setdefault(value, value)
        en[column].setdefault(value, value.replace("_", " ").capitalize())
    for column in zh:
        zh[column][UNKNOWN] = "未知"
    for column in en:
        en[column][UNKNOWN] = "Unknown"
    return zh, en


def classify(customers: pd.DataFrame, cfg: TradeConfig) -> Classified:
    """The nine foreign-trade columns (and region's extras) for every enabled dimension."""
    if "orders" in customers:
        orders = pd.to_numeric(customers["orders"], errors="coerce").astype("float64")
        buyers = (orders > 0).to_numpy(dtype=bool)
        prospects = orders.isna().to_numpy(dtype=bool)
    else:  # no order counts at all: order-based columns decide from what is there
        buyers = np.ones(len(customers), dtype=bool)
        prospects = np.zeros(len(customers), dtype=bool)
    ctx = _Context(customers, buyers, prospects)
    steps: list[tuple[str, Any, Any]] = [
        ("profit_class", cfg.profit_class, _profit_class),
        ("region", cfg.region, _region),
        ("main_product_line", cfg.main_product_line, _main_product_line),
        ("inquiry_channel", cfg.inquiry_channel, _inquiry_channel),
        ("deal_status", cfg.deal_status, _deal_status),
        ("size_class", cfg.size_class, _size_class),
        ("batch_class", cfg.batch_class, _batch_class),
        ("reorder_class", cfg.reorder_class, _reorder_class),
        ("buyer_type", cfg.buyer_type, _buyer_type),
    ]
    columns: dict[str, pd.Series] = {}
    details: dict[str, Any] = {}
    warnings: list[str] = []
    for name, settings, step in steps:
        if not settings.enabled:
            continue
        part: _Part = step(ctx, settings)
        columns.update(part.columns)
        details[name] = part.details
        warnings.extend(part.warnings)
    frame = pd.DataFrame(columns, index=customers.index)
    for column in frame:
        frame[column] = frame[column].astype("string")
    zh, en = _labels(cfg)
    classes = [c for c in frame if c not in ("country_iso2", "country_en")]
    details["unknown"] = {c: int(frame[c].eq(UNKNOWN).sum()) for c in classes}
    details["unknown_buyers"] = {c: int(frame[c][buyers].eq(UNKNOWN).sum()) for c in classes}
    country_zh = details.get("region", {}).pop("country_zh", {})
    details["labels"] = {c: zh[c] for c in frame if c in zh}
    details["labels_en"] = {c: en[c] for c in frame if c in en}
    if "country_en" in frame:
        details["labels"]["country_en"] = country_zh
    return Classified(frame, {"trade": details}, warnings, labels=details["labels"])
