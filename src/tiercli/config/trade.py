"""Config section ``trade``: the nine-way foreign-trade classification (DESIGN classifier 3).

One sub-model per dimension, each with ``enabled`` and its own options; the YAML keys are the
output column names (``profit_class``, ``region``, ``main_product_line``, ``inquiry_channel``,
``deal_status``, ``size_class``, ``batch_class``, ``reorder_class``, ``buyer_type``). Every
default suits a Chinese B2B exporter; ``configs/default.yaml`` lists them all with comments.

Keyword rules (inquiry channel, company size label, buyer type) are ordered; the first rule with
a matching keyword wins. Text and keywords are folded the same way (:func:`tiercli.text.fold`):
full-width to half-width (NFKC), case and accents ignored, every run of punctuation or spaces read
as one space. A keyword written in Latin letters or digits matches whole words (``fb`` does not
match ``fbx``; ``trade show`` matches ``Trade-Show``); end it with ``*`` to also match longer
words (``manufactur*`` matches ``Manufacturing``). Chinese keywords match anywhere in the text.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import (
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from tiercli.catalogue import Both, define, msg
from tiercli.config.base import StrictModel
from tiercli.errors import Invalid
from tiercli.text import fold

__all__ = [
    "BatchClassConfig",
    "BuyerLabelRule",
    "BuyerRule",
    "BuyerTypeConfig",
    "ChannelRule",
    "DealStatusConfig",
    "EmployeeBands",
    "InquiryChannelConfig",
    "LargeOrderConfig",
    "MainProductLineConfig",
    "ProfitClassConfig",
    "RegionConfig",
    "ReorderClassConfig",
    "SizeClassConfig",
    "SizeRule",
    "TradeConfig",
    "keyword_regex",
]

_LATIN_EDGE = re.compile(r"[0-9a-z]")

MESSAGES = {
    "trade.keyword_blank": (
        "关键词 {keyword} 去掉标点后为空",
        "keyword {keyword} is blank once punctuation is ignored",
    ),
    "trade.thresholds_unused": (
        "写了 {names}，但 {method} 不是 {thresholds}（按分位数切分时它们不起作用）；请加 {setting}，"
        "或删去它们",
        "{names} given, but {method} is not {thresholds} (quantile ignores them); set "
        "{setting}, or remove them",
    ),
    "trade.thresholds_unset": (
        "按 {method} 分类时，{upper} 和 {lower} 都必须设置",
        "method is {method}, so both {upper} and {lower} must be set",
    ),
    "trade.must_exceed": (
        "必须大于 {other}（{limit}），读到 {value}",
        "must be greater than {other} ({limit}), found {value}",
    ),
    "trade.must_be_below": (
        "必须小于 {other}（{limit}），读到 {value}",
        "must be less than {other} ({limit}), found {value}",
    ),
    "trade.shares_exceed": (
        "{top} 与 {middle} 之和不能超过 1，读到 {a} + {b} = {total}",
        "{top} + {middle} must not exceed 1, found {a} + {b} = {total}",
    ),
    "trade.deal_order": (
        "必须按尝试的先后把 {rules} 各列一次（其余的是 small_order）；读到 {found}",
        "must list {rules} once each, in the order they are tried (small_order is what is "
        "left); found {found}",
    ),
    "trade.bands_order": (
        "各档必须满足 {order}，读到 {found}",
        "the bands must satisfy {order}, found {found}",
    ),
    "trade.batch_unit": (
        "按 {method} 分类需要单位，请设置 {quantity} 或 {value}（读到 {found}）",
        "{method} need a unit, so set {quantity} or {value} (found {found})",
    ),
}
define(MESSAGES)

Name = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
"""A class name written by users: lower-case snake_case (``trade_show``, ``agent``)."""


def keyword_regex(keyword: str) -> str:
    """The regex (for folded text) of one keyword; see the module docstring for the rules.

    Word edges are written ``(?:^|[^0-9a-z])`` / ``(?:[^0-9a-z]|$)`` rather than as lookarounds
    so that pandas can hand the pattern to pyarrow's RE2 engine. A folded keyword holds only word
    characters and single spaces, so it needs no escaping.
    """
    prefix = keyword.rstrip().endswith("*")
    word = fold(keyword.rstrip().rstrip("*"))
    if not word:
        raise Invalid(msg("trade.keyword_blank", keyword=repr(keyword)))
    left = "(?:^|[^0-9a-z])" if _LATIN_EDGE.match(word[0]) else ""
    right = "(?:[^0-9a-z]|$)" if _LATIN_EDGE.match(word[-1]) and not prefix else ""
    return left + word + right


class _KeywordRule(StrictModel):
    """A rule's keywords: at least one, none blank once punctuation is ignored."""

    keywords: Annotated[list[str], Field(min_length=1)]

    @field_validator("keywords")
    @classmethod
    def _keywords(cls, value: list[str]) -> list[str]:
        for keyword in value:
            keyword_regex(keyword)  # raises Invalid (a ValueError) naming the keyword
        return value


def _check_order(upper: float | None, lower: float | None, names: tuple[str, str]) -> None:
    if upper is None or lower is None:
        raise Invalid(
            msg("trade.thresholds_unset", method="thresholds", upper=names[0], lower=names[1]),
            at=names[0] if upper is None else names[1],
        )
    if upper <= lower:
        raise Invalid(
            msg("trade.must_exceed", other=names[1], limit=f"{lower:g}", value=f"{upper:g}"),
            at=names[0],
        )


_THRESHOLD_WORDS = {"method": "method", "thresholds": "thresholds", "setting": "method: thresholds"}


def _unused_thresholds(method: str, values: dict[str, float | None]) -> None:
    """Thresholds written under ``method: quantile`` would be ignored without a word: refused."""
    given = [name for name, value in values.items() if value is not None]
    if method != "thresholds" and given:
        raise Invalid(msg("trade.thresholds_unused", names=given, **_THRESHOLD_WORDS), at=given[0])


def _check_shares(top: float, middle: float, names: tuple[str, str]) -> None:
    if top + middle > 1 + 1e-9:
        raise Invalid(
            msg(
                "trade.shares_exceed",
                top=names[0],
                middle=names[1],
                a=f"{top:g}",
                b=f"{middle:g}",
                total=f"{top + middle:g}",
            ),
            at=names[1],
        )


# --------------------------------------------------------------------------------------------
# 1. profit contribution
# --------------------------------------------------------------------------------------------


class ProfitClassConfig(StrictModel):
    """``profit_class``: high / mid / low by profit contribution (buyers only)."""

    enabled: bool = True
    value: Literal["profit", "revenue"] = "profit"
    method: Literal["quantile", "thresholds"] = "quantile"
    high_share: float = Field(default=0.2, gt=0, lt=1)
    mid_share: float = Field(default=0.3, ge=0, lt=1)
    high: float | None = None
    mid: float | None = None

    @model_validator(mode="after")
    def _check(self) -> ProfitClassConfig:
        _unused_thresholds(self.method, {"high": self.high, "mid": self.mid})
        if self.method == "thresholds":
            _check_order(self.high, self.mid, ("high", "mid"))
        _check_shares(self.high_share, self.mid_share, ("high_share", "mid_share"))
        return self


# --------------------------------------------------------------------------------------------
# 2. region
# --------------------------------------------------------------------------------------------


class RegionConfig(StrictModel):
    """``region`` (continent or market group), ``subregion`` (UN M49), ``market``, country."""

    enabled: bool = True
    level: Literal["continent", "market_group"] = "continent"
    overrides: dict[str, str] = Field(default_factory=dict)

    @field_validator("overrides")
    @classmethod
    def _known_countries(cls, value: dict[str, str]) -> dict[str, str]:
        """Each override names a country (checked at load: it crashed the run, exit 1)."""
        from tiercli.classifiers.geo import resolve_country  # (the country index)

        for raw, target in value.items():
            resolve_country("", {raw: target})  # raises Invalid naming the closest country
        return value


# --------------------------------------------------------------------------------------------
# 3. main product line
# --------------------------------------------------------------------------------------------


class MainProductLineConfig(StrictModel):
    """``main_product_line``: the top line when it holds at least ``min_share`` of the value."""

    enabled: bool = True
    min_share: float = Field(default=0.5, gt=0, le=1)


# --------------------------------------------------------------------------------------------
# 4. inquiry channel
# --------------------------------------------------------------------------------------------


class ChannelRule(_KeywordRule):
    """Sources containing one of ``keywords`` belong to ``channel``; ``zh`` / ``en`` name it in
    the reports (a new channel without ``en`` is shown as its name made readable)."""

    channel: Name
    zh: str | None = None
    en: str | None = None


def _channel_rules() -> list[ChannelRule]:
    rules: list[tuple[str, list[str]]] = [
        ("referral", ["推荐", "介绍", "口碑", "refer*", "recommend*", "word of mouth",
                      "introduc*"]),
        ("trade_show", ["展", "广交会", "交易会", "trade show*", "tradeshow*", "trade fair*",
                        "fair", "fairs", "expo", "expos", "exhibit*", "messe", "canton",
                        "booth"]),
        ("b2b_platform", ["阿里", "1688", "中国制造网", "环球资源", "敦煌", "平台", "国际站",
                          "alibaba*", "made in china*", "madeinchina*", "global sources",
                          "globalsources*", "dhgate*", "ec21*", "tradekey*", "indiamart*",
                          "tradeindia*", "europages*", "kompass*", "thomasnet*", "ecplaza*",
                          "b2b*", "platform*"]),
        ("social_media", ["领英", "脸书", "社交", "社媒", "油管", "抖音", "微信", "推特",
                          "linkedin*", "facebook*", "fb", "instagram*", "twitter*", "youtube*",
                          "tiktok*", "whatsapp*", "wechat*", "vk", "vkontakte*", "pinterest*",
                          "social*", "sns", "telegram*"]),
        ("website", ["官网", "网站", "独立站", "自建站", "主页", "website*", "web site*", "web",
                     "official site*", "company site*", "own site*", "homepage*",
                     "home page*", "www", "contact form*", "web form*"]),
        ("website", ["谷歌", "必应", "百度", "搜索", "google*", "adwords*", "seo", "sem",
                     "ppc", "bing", "yandex*", "search*"]),
        ("outbound", ["开发信", "邮件", "电邮", "邮箱", "海关数据", "主动开发", "电话",
                      "email*", "e mail*", "mail", "mailing*", "edm", "cold*", "customs data",
                      "outbound*", "newsletter*", "telemarketing*"]),
        ("offline_event", ["线下", "拜访", "到访", "来访", "地推", "陌拜", "研讨会", "会议",
                           "路演", "offline*", "visit*", "walk in*", "walkin*", "roadshow*",
                           "road show*", "seminar*", "conference*", "meeting*", "event*",
                           "showroom*", "in person"]),
    ]  # fmt: skip
    return [ChannelRule(channel=c, keywords=k) for c, k in rules]


class InquiryChannelConfig(StrictModel):
    """``inquiry_channel`` from ``source``: ordered keyword rules, the first match wins."""

    enabled: bool = True
    rules: list[ChannelRule] = Field(default_factory=_channel_rules)
    unmatched: Name = "other"


# --------------------------------------------------------------------------------------------
# 5. deal status
# --------------------------------------------------------------------------------------------

DealRule = Literal["large_order", "new", "repeat"]


def _deal_order() -> list[DealRule]:
    return ["large_order", "new", "repeat"]


class LargeOrderConfig(StrictModel):
    """What makes a large-order customer: ``value`` ≥ threshold (absolute or a quantile)."""

    value: Literal["avg_order_value", "median_order_value", "max_order_value"] = "avg_order_value"
    quantile: float = Field(default=0.8, gt=0, lt=1)
    threshold: float | None = Field(default=None, gt=0)


class DealStatusConfig(StrictModel):
    """``deal_status``: new / repeat / large_order / small_order (prospect without orders)."""

    enabled: bool = True
    order: list[DealRule] = Field(default_factory=_deal_order)
    large_order: LargeOrderConfig = Field(default_factory=LargeOrderConfig)
    new_days: int = Field(default=365, ge=1)
    repeat_orders: int = Field(default=2, ge=2)

    @field_validator("order")
    @classmethod
    def _permutation(cls, value: list[str]) -> list[str]:
        expected = {"large_order", "new", "repeat"}
        if len(value) != len(set(value)) or set(value) != expected:
            rules = Both("large_order、new、repeat", "large_order, new and repeat")
            raise Invalid(msg("trade.deal_order", rules=rules, found=str(value)))
        return value


# --------------------------------------------------------------------------------------------
# 6. company size
# --------------------------------------------------------------------------------------------

Size = Literal["large", "medium", "small", "individual"]


class SizeRule(_KeywordRule):
    """Company-size labels containing one of ``keywords`` are ``size``."""

    size: Size


def _size_rules() -> list[SizeRule]:
    rules: list[tuple[Size, list[str]]] = [
        ("individual", ["个人", "个体", "individual*", "solo", "freelance*", "self employed",
                        "personal", "private person", "sole trader*", "sole proprietor*"]),
        ("small", ["小", "微", "small*", "sme", "smes", "smb", "micro*", "startup*",
                   "start up*"]),
        ("medium", ["中", "medium*", "mid*", "middle*"]),
        ("large", ["大", "集团", "跨国", "上市", "large*", "big*", "enterprise*", "corporat*",
                   "multinational*", "listed", "group"]),
    ]  # fmt: skip
    return [SizeRule(size=s, keywords=k) for s, k in rules]


class EmployeeBands(StrictModel):
    """Lower bounds of employee counts: ≥ large → large, ≥ medium → medium, ≥ small → small."""

    large: int = Field(default=500, ge=1)
    medium: int = Field(default=50, ge=1)
    small: int = Field(default=2, ge=1)

    @model_validator(mode="after")
    def _order(self) -> EmployeeBands:
        if not self.large > self.medium > self.small:
            found = [f"large={self.large}", f"medium={self.medium}", f"small={self.small}"]
            raise Invalid(
                msg("trade.bands_order", order="large > medium > small", found=found), at="large"
            )
        return self


class SizeClassConfig(StrictModel):
    """``size_class`` from the ``company_size`` label, else from ``employees``."""

    enabled: bool = True
    labels: list[SizeRule] = Field(default_factory=_size_rules)
    read_numbers: bool = True
    employees: EmployeeBands = Field(default_factory=EmployeeBands)


# --------------------------------------------------------------------------------------------
# 7. order batch size
# --------------------------------------------------------------------------------------------


class BatchClassConfig(StrictModel):
    """``batch_class``: large / medium / small batch by the typical order (buyers only)."""

    enabled: bool = True
    by: Literal["auto", "quantity", "value"] = "auto"
    method: Literal["quantile", "thresholds"] = "quantile"
    large_share: float = Field(default=0.2, gt=0, lt=1)
    medium_share: float = Field(default=0.3, ge=0, lt=1)
    large: float | None = None
    medium: float | None = None

    @model_validator(mode="after")
    def _check(self) -> BatchClassConfig:
        _unused_thresholds(self.method, {"large": self.large, "medium": self.medium})
        if self.method == "thresholds":
            if self.by == "auto":
                raise Invalid(
                    msg(
                        "trade.batch_unit",
                        method="thresholds",
                        quantity="by: quantity",
                        value="by: value",
                        found=self.by,
                    ),
                    at="by",
                )
            _check_order(self.large, self.medium, ("large", "medium"))
        _check_shares(self.large_share, self.medium_share, ("large_share", "medium_share"))
        return self


# --------------------------------------------------------------------------------------------
# 8. reorder frequency
# --------------------------------------------------------------------------------------------


class ReorderClassConfig(StrictModel):
    """``reorder_class``: high / mid / low by orders per year or the median gap (buyers only)."""

    enabled: bool = True
    by: Literal["orders_per_year", "median_gap_days"] = "orders_per_year"
    high: float = Field(default=6, gt=0)
    mid: float = Field(default=2, gt=0)
    min_tenure_days: int = Field(default=30, ge=1)
    high_gap_days: float = Field(default=60, gt=0)
    mid_gap_days: float = Field(default=180, gt=0)

    @model_validator(mode="after")
    def _check(self) -> ReorderClassConfig:
        if self.high <= self.mid:
            raise Invalid(
                msg(
                    "trade.must_exceed", other="mid", limit=f"{self.mid:g}", value=f"{self.high:g}"
                ),
                at="high",
            )
        if self.high_gap_days >= self.mid_gap_days:
            raise Invalid(
                msg(
                    "trade.must_be_below",
                    other="mid_gap_days",
                    limit=f"{self.mid_gap_days:g}",
                    value=f"{self.high_gap_days:g}",
                ),
                at="high_gap_days",
            )
        return self


# --------------------------------------------------------------------------------------------
# 9. buyer type
# --------------------------------------------------------------------------------------------


class BuyerLabelRule(_KeywordRule):
    """``customer_type`` labels containing one of ``keywords`` are ``type``; ``zh`` / ``en``
    name it in the reports (a new type without ``en`` is shown as its name made readable)."""

    type: Name
    zh: str | None = None
    en: str | None = None


BuyerField = Literal["name", "industry"]


def _on_name() -> list[BuyerField]:
    return ["name"]


class BuyerRule(BuyerLabelRule):
    """Customers whose ``name`` or ``industry`` (those in ``fields``) contain a keyword."""

    fields: Annotated[list[BuyerField], Field(min_length=1)] = Field(default_factory=_on_name)


def _buyer_labels() -> list[BuyerLabelRule]:
    rules: list[tuple[str, list[str]]] = [
        ("manufacturer", ["制造", "工厂", "厂", "生产", "工贸", "manufactur*", "factory",
                          "factories", "oem", "odm", "producer*", "maker*", "mfg",
                          "fabricat*"]),
        ("trader", ["贸易", "进口", "出口", "批发", "分销", "经销", "代理", "中间商", "trade",
                    "trader*", "trading*", "import*", "export*", "wholesal*", "distribut*",
                    "dealer*", "agent*", "agency", "reseller*", "re seller*", "broker*",
                    "merchant*", "stockist*", "sourcing*", "buying office*", "middlem*"]),
        ("retailer", ["零售", "门店", "商店", "超市", "网店", "电商", "店", "retail*", "shop*",
                      "store*", "supermarket*", "e commerce*", "ecommerce*", "online seller*",
                      "amazon*", "dropship*"]),
        ("end_user", ["终端", "用户", "业主", "工程", "承包", "项目", "使用", "end user*",
                      "enduser*", "contractor*", "project*", "installer*", "user*", "owner*",
                      "consumer*", "utility", "utilities", "epc"]),
    ]  # fmt: skip
    return [BuyerLabelRule(type=t, keywords=k) for t, k in rules]


def _buyer_rules() -> list[BuyerRule]:
    name: list[BuyerField] = ["name"]
    industry: list[BuyerField] = ["industry"]
    rules: list[tuple[str, list[BuyerField], list[str]]] = [
        # Words that say what the company does, strongest first.
        ("manufacturer", name, [
            "制造", "工厂", "厂", "工贸", "manufactur*", "factory", "factories", "fabricat*",
            "fabrica*", "mfg", "maschinenbau*", "pumpenwerk*", "anlagenbau*", "fertigung*",
            "machinefabriek*", "productie*", "usine*"]),
        ("trader", name, [
            "贸易", "进出口", "商贸", "批发", "分销", "经销", "trading*", "trade", "traders",
            "import*", "export*", "distribut*", "distribuid*", "wholesal*", "supply", "supplier*",
            "dealer*", "merchant*", "sourcing*", "handel*", "vertrieb*", "groothandel*",
            "negoce*", "commerce", "commerciale*", "comercial*", "forniture*", "suministros*"]),
        ("retailer", name, [
            "五金店", "商店", "超市", "零售", "门店", "hardware*", "store", "stores", "shop",
            "shops", "retail*", "depot", "mart", "supermarket*", "farm supply", "farm supplies",
            "baumarkt*", "fachhandel*", "werkzeughandel*", "bouwmarkt*", "winkel*",
            "ijzerwaren*", "quincaillerie*", "magasin*", "bricolage*", "ferramenta*",
            "negozio*", "emporio*", "ferreteria*", "almacen*", "tienda*", "loja*",
            "ferragens*"]),
        # Product and trade words: a hint, weaker than the above.
        ("manufacturer", name, [
            "实业", "工业", "机械", "industries", "industrie", "industria", "industrias",
            "industry", "engineering", "machinery", "works", "mecanique", "ateliers",
            "officine", "meccanica", "metalurgica", "talleres"]),
        ("end_user", name, [
            "农场", "矿", "建设", "建筑", "工程", "水务", "电力", "酒店", "医院", "市政",
            "farm", "farms", "farming", "mining", "mine", "mines", "minera*", "mineracao",
            "construction*", "constructora*", "construtora*", "contractor*", "contracting",
            "utilities", "utility", "services", "plantation*", "agro*", "dairy", "dairies",
            "hotel*", "resort*", "hospital*", "municipal*", "council", "stadtwerke*",
            "agrar*", "bau", "bergbau*", "landtechnik*", "waterbeheer*", "bouw",
            "tuinbouw*", "agricol*", "eaux", "travaux", "btp", "costruzioni*", "acque",
            "cantieri*", "aguas", "agropecuaria*", "saneamento*"]),
        # The industry, when the name says nothing.
        ("trader", industry, ["批发", "分销", "贸易", "进出口", "wholesal*", "distribut*",
                              "trading*", "trade", "import*"]),
        ("retailer", industry, ["零售", "retail*"]),
        ("manufacturer", industry, ["制造", "machinery", "manufactur*"]),
        ("end_user", industry, ["采矿", "矿", "市政", "建筑", "农业", "灌溉", "mining",
                                "municipal*", "construction*", "agricultur*", "irrigation*",
                                "farm*"]),
    ]  # fmt: skip
    return [BuyerRule(type=t, fields=f, keywords=k) for t, f, k in rules]


class BuyerTypeConfig(StrictModel):
    """``buyer_type`` from the ``customer_type`` label, else rules on ``name`` / ``industry``."""

    enabled: bool = True
    labels: list[BuyerLabelRule] = Field(default_factory=_buyer_labels)
    rules: list[BuyerRule] = Field(default_factory=_buyer_rules)


# --------------------------------------------------------------------------------------------
# The section
# --------------------------------------------------------------------------------------------


class TradeConfig(StrictModel):
    """The ``trade`` section: nine foreign-trade classifications, each with its own options."""

    enabled: bool = True
    profit_class: ProfitClassConfig = Field(default_factory=ProfitClassConfig)
    region: RegionConfig = Field(default_factory=RegionConfig)
    main_product_line: MainProductLineConfig = Field(default_factory=MainProductLineConfig)
    inquiry_channel: InquiryChannelConfig = Field(default_factory=InquiryChannelConfig)
    deal_status: DealStatusConfig = Field(default_factory=DealStatusConfig)
    size_class: SizeClassConfig = Field(default_factory=SizeClassConfig)
    batch_class: BatchClassConfig = Field(default_factory=BatchClassConfig)
    reorder_class: ReorderClassConfig = Field(default_factory=ReorderClassConfig)
    buyer_type: BuyerTypeConfig = Field(default_factory=BuyerTypeConfig)
