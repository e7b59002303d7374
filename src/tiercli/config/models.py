"""Pydantic models of the YAML config. Every model forbids unknown keys and is frozen.

The YAML layout mirrors these classes one to one; ``configs/default.yaml`` is the
commented reference and is validated by the test suite.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from tiercli import currencies
from tiercli.catalogue import Message, define, msg
from tiercli.config.base import StrictModel
from tiercli.config.identity import IdentityConfig
from tiercli.config.scoring import ScoringConfig
from tiercli.config.segments import check_map, on_scale, shipped_maps
from tiercli.config.trade import TradeConfig
from tiercli.errors import Invalid, did_you_mean
from tiercli.schema import INPUT_COLUMNS

Table = Literal["orders", "customers", "inquiries", "activities"]

MESSAGES = {
    "models.unknown_column": (
        "{table} 表没有“{key}”这一列。{hint}可用的列：{known}",
        "unknown {table} column '{key}'.{hint} Known: {known}",
    ),
    "models.not_currency": (
        "“{value}”不是三位字母的 ISO 4217 货币代码（例如 USD）。{hint}",
        "'{value}' is not a 3-letter ISO 4217 currency code (e.g. USD).{hint}",
    ),
    "models.as_of_range": (
        "{value} 超出范围；请给出 1900-01-01 到 2200-12-31 之间的日期",
        "{value} is out of range; give a date from 1900-01-01 to 2200-12-31",
    ),
    "models.base_rate": (
        "{code} 是本位币，它对自己的汇率只能是 1，读到的是 {rate}；请删去这一项（其他汇率以 1 {code} 为单位）",
        "{code} is the base currency: its own rate is 1, found {rate}; remove it (the other "
        "rates are in units of {code})",
    ),
    "models.rate_not_positive": (
        "{code} 的汇率必须大于 0，读到 {rate}",
        "rate for {code} must be positive, got {rate}",
    ),
    "models.score_range": (
        "分数范围应写成 [低, 高]（低不大于高），或单个分数；读到的是 {found}",
        "a score range is [low, high] (low not above high), or one score; found {found}",
    ),
    "models.score_outside": (
        "分数 {found} 超出 1 到 {size} 的范围（{basis}，{levels}）",
        "scores {found} outside 1 to {size} ({basis}, {levels})",
    ),
    "models.threshold_count": (
        "{levels} 个等级需要 {need} 个分界值，读到 {found} 个（{cuts}）",
        "{levels} levels need {need} thresholds, found {found} ({cuts})",
    ),
    "models.not_ascending": (
        "必须严格递增，读到 {cuts}",
        "must be strictly ascending, found {cuts}",
    ),
    "models.no_segments": (
        "segment_map 为 {custom}，但没有给出分群规则",
        "segment_map is {custom} but no segments are given",
    ),
    "models.segments_not_custom": (
        "给出了自定义分群规则，请设置 {setting}（现在是“{current}”）",
        "custom segments are given, so set {setting} (it is '{current}')",
    ),
    "models.uncovered": (
        "{n} 种得分组合不属于任何分群：{combos}{more}。请为它们加一条规则，或在最后加一条 "
        "{catch_all} 的规则",
        "{n} score combination(s) match no segment: {combos}{more}. Add a rule for them or a "
        "last rule with {catch_all}",
    ),
    "models.unreachable": (
        "这些分群永远不会被用到（前面的规则已占去它们的全部得分）：{names}",
        "these segments can never be reached (earlier rules take all their scores): {names}",
    ),
    "models.must_exceed": (
        "必须大于 {other}（{limit}），读到 {value}",
        "must be greater than {other} ({limit}), found {value}",
    ),
    "models.days_min": ("天数至少为 1，读到 {days}", "days must be 1 or more, found {days}"),
    "models.named": ("{name}：{problem}", "{name}: {problem}"),
    "models.catch_all_last": (
        "最后一条规则不能带 {when} 条件（作为兜底规则），这样每位客户都有行动建议",
        "the last rule must have no {when} (a catch-all), so that every customer gets an action",
    ),
    "models.at_least": (
        "不能小于 {other}（{limit}），读到 {value}",
        "must be at least {other} ({limit}), found {value}",
    ),
    "models.no_features": ("请至少列出一个特征", "name at least one feature"),
}
define(MESSAGES)

_KEY = re.compile(r"[a-z_]+")


class InputConfig(StrictModel):
    """How input files are read."""

    header_row: int | None = Field(
        default=None, ge=1, description="1-based row of the header; None = find it"
    )
    date_order: Literal["auto", "YMD", "DMY", "MDY"] = "auto"
    sheets: dict[Table, str] = Field(default_factory=dict)
    customer_id_from_name: bool = True


class ColumnsConfig(StrictModel):
    """Per table, ``canonical column: header in your file`` (overrides the built-in aliases)."""

    orders: dict[str, str] = Field(default_factory=dict)
    customers: dict[str, str] = Field(default_factory=dict)
    inquiries: dict[str, str] = Field(default_factory=dict)
    activities: dict[str, str] = Field(default_factory=dict)

    @field_validator("orders", "customers", "inquiries", "activities")
    @classmethod
    def _known_columns(cls, value: dict[str, str], info: object) -> dict[str, str]:
        table = getattr(info, "field_name", "orders")
        known = INPUT_COLUMNS[table]
        for key in value:
            if key not in known:
                raise Invalid(
                    msg(
                        "models.unknown_column",
                        table=table,
                        key=key,
                        hint=did_you_mean(key, known),
                        known=list(known),
                    )
                )
        return value


class CurrencyConfig(StrictModel):
    """Conversion of order amounts to one base currency."""

    base: str = "USD"
    default: str | None = None
    source: Literal["ecb", "fixed"] = "ecb"
    rates: dict[str, float] = Field(default_factory=dict)

    @field_validator("base", "default")
    @classmethod
    def _code(cls, value: str | None) -> str | None:
        """An ISO 4217 code, or a name exports use for one (RMB, 人民币 → CNY)."""
        if value is None:
            return None
        code = currencies.code_of(value)
        if code is None:
            hint = did_you_mean(value.strip().upper(), sorted(currencies.ISO_CODES), 0.5)
            raise Invalid(msg("models.not_currency", value=value, hint=hint))
        return code

    @field_validator("rates")
    @classmethod
    def _rates(cls, value: dict[str, float]) -> dict[str, float]:
        """Rates by ISO code (a name exports use for one counts as it: RMB is CNY); another
        code is kept as written, for the currency cells that write it."""
        out: dict[str, float] = {}
        for code, rate in value.items():
            if rate <= 0:
                raise Invalid(msg("models.rate_not_positive", code=code, rate=str(rate)))
            out[currencies.code_of(code) or code.strip().upper()] = float(rate)
        return out

    @model_validator(mode="after")
    def _base_is_one(self) -> CurrencyConfig:
        """A rate is units of the base for one unit: the base's own is 1 (USD: 2 halved every
        foreign amount with source: fixed, and did nothing with ecb, without a word)."""
        rate = self.rates.get(self.base)
        if rate is not None and abs(rate - 1) > 1e-12:
            raise Invalid(msg("models.base_rate", code=self.base, rate=f"{rate:g}"), at="rates")
        return self


class OrdersConfig(StrictModel):
    """Which order rows count: cancellations, returns, non-product lines."""

    cancelled_status: list[str] = Field(
        default_factory=lambda: [
            "cancelled",
            "canceled",
            "cancel",
            "void",
            "voided",
            "rejected",
            "deleted",
            "取消",
            "已取消",
            "作废",
            "已作废",
            "撤销",
            "已撤销",
            "关闭",
            "已关闭",
            "cancelado",
            "cancelada",
            "anulado",
            "anulada",
            "storniert",
            "storno",
            "annulé",
            "annule",
            "annullato",
            "отменен",
            "キャンセル",
            "取消済",
            "취소",
            "hủy",
            "huỷ",
            "iptal",
            "İptal",  # İ casefolds to i and a dot, which "iptal" misses: İPTAL, İptal Edildi
            "geannuleerd",
            "anulowane",
            "anulowany",
            "anulowana",
            "batal",
            "ยกเลิก",
            "ملغي",
            "ملغى",
            "ملغاة",
            "إلغاء",
            "الغاء",
        ]
    )
    return_status: list[str] = Field(
        default_factory=lambda: [
            "return",
            "returned",
            "refund",
            "refunded",
            "credit note",
            "credit memo",
            "退货",
            "已退货",
            "退款",
            "已退款",
            "退单",
            "红冲",
            "红字",
            "devolución",
            "devolucion",
            "devuelto",
            "retoure",
            "rückgabe",
            "gutschrift",
            "avoir",
            "retour",
            "reso",
            "devolução",
            "devolucao",
            "возврат",
            "返品",
            "반품",
            "환불",
            "trả hàng",
            "hoàn hàng",
            "hoàn tiền",
            "iade",
            "İade",  # (as İptal): İADE, İade Edildi
            "terugbetaald",
            "terugbetaling",
            "creditnota",
            "zwrot",
            "zwrócone",
            "zwrocone",
            "zwrócony",
            "zwrocony",
            "retur",
            "dikembalikan",
            "pengembalian",
            "คืนสินค้า",
            "คืนเงิน",
            "مرتجع",
            "مسترجع",
            "استرداد",
        ]
    )
    id_prefix: dict[str, Literal["cancelled", "return"]] = Field(default_factory=dict)
    negative_amount: Literal["return", "reject"] = "return"
    exclude_products: list[str] = Field(default_factory=list)
    conversion_window_days: int = Field(default=90, ge=1)


class Binning(StrictModel):
    """How one RFM metric becomes a 1..levels score."""

    method: Literal["quantile", "thresholds"] = "quantile"
    thresholds: list[float] | None = None

    @model_validator(mode="after")
    def _used(self) -> Binning:
        """Thresholds under ``method: quantile`` would be ignored without a word: refused."""
        if self.method != "thresholds" and self.thresholds:
            raise Invalid(
                msg("trade.thresholds_unused", names=["thresholds"], method="method",
                    thresholds="thresholds", setting="method: thresholds"),
                at="thresholds",
            )  # fmt: skip
        return self


class FrequencyBinning(Binning):
    source: Literal["orders", "order_days"] = "orders"


class MonetaryBinning(Binning):
    source: Literal["revenue", "profit"] = "revenue"


class SegmentRule(StrictModel):
    """One first-match rule: score ranges ``[low, high]`` for r, f, m (omitted = any)."""

    name: str
    zh: str | None = None
    en: str | None = None  # the English label, when it should differ from the name
    r: tuple[int, int] | None = None
    f: tuple[int, int] | None = None
    m: tuple[int, int] | None = None
    catch_all: bool = False

    @field_validator("r", "f", "m", mode="before")
    @classmethod
    def _range(cls, value: object) -> object:
        """A score range ``[low, high]``; one score (``2`` or ``[2]``) is ``[2, 2]``."""
        if isinstance(value, int) and not isinstance(value, bool):
            return (value, value)
        if isinstance(value, list | tuple) and len(value) == 1:
            return (value[0], value[0])
        if isinstance(value, list | tuple) and len(value) != 2:
            raise Invalid(msg("models.score_range", found=str(list(value))))
        return value

    @model_validator(mode="after")
    def _ordered(self) -> SegmentRule:
        for axis in ("r", "f", "m"):
            pair = getattr(self, axis)
            if pair is not None and pair[0] > pair[1]:
                raise Invalid(msg("models.score_range", found=str(list(pair))), at=axis)
        return self


class RFMConfig(StrictModel):
    """RFM scores and segments (DESIGN classifier 1)."""

    enabled: bool = True
    levels: int = Field(default=5, ge=2, le=9)
    recency: Binning = Field(default_factory=Binning)
    frequency: FrequencyBinning = Field(default_factory=FrequencyBinning)
    monetary: MonetaryBinning = Field(default_factory=MonetaryBinning)
    segment_map: Literal["eleven", "china8", "custom"] = "eleven"
    split: Literal["mean", "median"] = "mean"
    basis: Literal["scores", "split"] = "scores"
    segments: list[SegmentRule] | None = None

    @model_validator(mode="after")
    def _check(self) -> RFMConfig:
        for axis in ("recency", "frequency", "monetary"):
            binning: Binning = getattr(self, axis)
            if binning.method != "thresholds":
                continue
            cuts = binning.thresholds or []
            at = f"{axis} -> thresholds"
            if len(cuts) != self.levels - 1:
                raise Invalid(
                    msg(
                        "models.threshold_count",
                        levels=self.levels,
                        need=self.levels - 1,
                        found=len(cuts),
                        cuts=str(cuts),
                    ),
                    at=at,
                )
            if any(b <= a for a, b in itertools.pairwise(cuts)):
                raise Invalid(msg("models.not_ascending", cuts=str(cuts)), at=at)
        if self.segment_map == "custom" and not self.segments:
            raise Invalid(msg("models.no_segments", custom="custom"), at="segments")
        if self.segment_map != "custom" and self.segments:
            raise Invalid(
                msg(
                    "models.segments_not_custom",
                    setting="segment_map: custom",
                    current=self.segment_map,
                ),
                at="segments",
            )
        basis, rules = self.rules()
        scale = self.scale()
        size = 2 if basis == "split" else self.levels
        for i, rule in enumerate(self.segments or []):  # each score within the scale
            for axis in ("r", "f", "m"):
                pair = getattr(rule, axis)
                if pair is not None and not (pair[0] >= 1 and pair[1] <= size):
                    raise Invalid(
                        msg("models.score_outside", found=str(list(pair)), size=size,
                            basis=f"basis: {basis}", levels=f"levels: {self.levels}"),
                        at=f"segments -> {i} -> {axis}",
                    )  # fmt: skip
        uncovered, unreachable = check_map(
            rules, [on_scale(score, size, scale) for score in range(1, size + 1)]
        )
        if scale != size:  # a shipped map read on its own scale: some segments may go unused
            unreachable = []
        if uncovered:
            raise Invalid(
                msg(
                    "models.uncovered",
                    n=len(uncovered),
                    combos=uncovered[:12],
                    more=" …" if len(uncovered) > 12 else "",
                    catch_all="catch_all: true",
                ),
                at="segments",
            )
        if unreachable:
            raise Invalid(msg("models.unreachable", names=unreachable), at="segments")
        return self

    def scale(self) -> int:
        """The scores the map's rules are written for: a shipped score map its own (``levels``
        in ``segment_maps.yaml``: the scores are read on it, :func:`on_scale`), a split map 2,
        a custom map the configured levels."""
        if self.rules()[0] == "split":
            return 2
        if self.segment_map == "custom":
            return self.levels
        return int(shipped_maps()[self.segment_map].get("levels", self.levels))

    def rules(self) -> tuple[str, list[dict[str, object]]]:
        """(basis, rules as plain dicts) of the selected map."""
        if self.segment_map == "custom":
            assert self.segments is not None
            return self.basis, [r.model_dump() for r in self.segments]
        shipped = shipped_maps()[self.segment_map]
        return str(shipped["basis"]), list(shipped["rules"])


def _exceed(other: str, limit: object, value: object) -> Message:
    """``must be greater than <other> (<limit>), found <value>`` (the numbers as Python
    writes them: ``0.9``, ``400``)."""
    return msg("models.must_exceed", other=other, limit=str(limit), value=str(value))


class ABCConfig(StrictModel):
    """ABC (Pareto) classes on cumulative value share (DESIGN classifier 2)."""

    enabled: bool = True
    value: Literal["revenue", "profit"] = "revenue"
    a: float = Field(default=0.80, gt=0, lt=1)
    b: float = Field(default=0.95, gt=0, le=1)
    non_positive: Literal["C", "D"] = "C"

    @model_validator(mode="after")
    def _order(self) -> ABCConfig:
        if self.b <= self.a:
            raise Invalid(_exceed("a", self.a, self.b), at="b")
        return self


class CLVConfig(StrictModel):
    """Predicted value: BG/NBD or MBG/NBD + Gamma-Gamma fitted on the order history
    (classifier 9). ``model``: ``auto`` (the purchase model that predicts the run's own
    held-out history better, see :func:`tiercli.classifiers.clv.choose_purchase_model`),
    ``bgnbd``, ``mbgnbd`` or ``learned`` (P(alive) and expected orders from the ``auto``
    purchase model; ``predicted_revenue`` from a gradient-boosted regression trained on
    ``learn_windows`` rolling-origin windows of the run's own history, seeded with ``seed``:
    :mod:`tiercli.classifiers.learned`)."""

    enabled: bool = True
    model: Literal["auto", "bgnbd", "mbgnbd", "learned"] = "auto"
    learn_windows: int = Field(default=4, ge=1, le=24)
    seed: int = Field(default=12, ge=0)
    horizon_days: int = Field(default=365, ge=1)
    min_repeat_customers: int = Field(default=20, ge=2)
    time_unit_days: float = Field(default=7.0, gt=0)
    penalizer: float = Field(default=0.001, ge=0)


class LifecycleConfig(StrictModel):
    """Lifecycle stages from each customer's own purchase rhythm (DESIGN classifier 7)."""

    enabled: bool = True
    new_days: int = Field(default=180, ge=1)
    min_gap_days: float = Field(default=30, ge=1)
    sleeping_after: float = Field(default=2.0, gt=0)
    lost_after: float = Field(default=4.0, gt=0)
    single_order_sleeping_days: int = Field(default=180, ge=1)
    single_order_lost_days: int = Field(default=365, ge=1)
    lost_after_days: int | None = Field(default=730, ge=1)

    @model_validator(mode="after")
    def _order(self) -> LifecycleConfig:
        if self.lost_after <= self.sleeping_after:
            raise Invalid(
                _exceed("sleeping_after", self.sleeping_after, self.lost_after), at="lost_after"
            )
        if self.single_order_lost_days <= self.single_order_sleeping_days:
            raise Invalid(
                _exceed(
                    "single_order_sleeping_days",
                    self.single_order_sleeping_days,
                    self.single_order_lost_days,
                ),
                at="single_order_lost_days",
            )
        return self


ActivityType = Literal["email", "call", "meeting", "visit", "sample", "quote", "trade_show"]


class ActivityTypeRule(StrictModel):
    """A follow-up type and the words of the type column that mean it."""

    type: ActivityType
    keywords: list[str]


def _activity_types() -> list[ActivityTypeRule]:
    rules: list[tuple[ActivityType, list[str]]] = [
        (
            "quote",
            [
                "报价",
                "报价单",
                "quote",
                "quotation",
                "offer",
                "proforma",
                "pi",
                "cotización",
                "angebot",
                "devis",
            ],
        ),
        (
            "sample",
            ["样品", "寄样", "送样", "sample", "samples", "muestra", "muster", "échantillon"],
        ),
        (
            "trade_show",
            [
                "展会",
                "展览",
                "广交会",
                "trade show",
                "tradeshow",
                "fair",
                "expo",
                "exhibition",
                "messe",
                "feria",
            ],
        ),
        ("visit", ["拜访", "走访", "上门", "到访", "来访", "visit", "visita", "besuch"]),
        (
            "meeting",
            ["会议", "会谈", "视频", "meeting", "video", "zoom", "teams", "reunión", "réunion"],
        ),
        ("call", ["电话", "通话", "来电", "去电", "call", "phone", "llamada", "anruf", "appel"]),
        (
            "email",
            [
                "邮件",
                "电邮",
                "email",
                "e-mail",
                "mail",
                "whatsapp",
                "wechat",
                "微信",
                "message",
                "correo",
            ],
        ),
    ]
    return [ActivityTypeRule(type=t, keywords=k) for t, k in rules]


class ActivitiesConfig(StrictModel):
    """Follow-up records (跟进记录): how their type, direction and outcome are read."""

    # First match wins, in this order; a type no rule matches counts as "other".
    types: list[ActivityTypeRule] = Field(default_factory=_activity_types)
    inbound: list[str] = Field(
        default_factory=lambda: [
            "inbound",
            "incoming",
            "in",
            "received",
            "客户来",
            "来电",
            "来信",
            "来访",
            "被动",
            "收到",
            "entrante",
            "eingehend",
        ]
    )
    # An outbound contact whose outcome contains one of `answered` and none of `unanswered`.
    answered: list[str] = Field(
        default_factory=lambda: [
            "replied",
            "reply",
            "answered",
            "responded",
            "response",
            "interested",
            "agreed",
            "ordered",
            "order placed",
            "quote requested",
            "meeting booked",
            "booked",
            "已回复",
            "回复",
            "有回复",
            "接通",
            "有意向",
            "感兴趣",
            "同意",
            "成交",
            "下单",
            "索要报价",
            "询价",
            "已约",
            "约会议",
            "respondió",
            "geantwortet",
        ]
    )
    unanswered: list[str] = Field(
        default_factory=lambda: [
            "no reply",
            "no response",
            "not answered",
            "unanswered",
            "no answer",
            "not reached",
            "bounced",
            "未回复",
            "无回复",
            "没回复",
            "未接",
            "无人接听",
            "没人接",
            "退信",
            "sin respuesta",
            "keine antwort",
        ]
    )


def _contact_days() -> dict[str, int]:
    return {
        "Weekly": 7,
        "Weekly until the quote is decided": 7,
        "Every 2 weeks": 14,
        "Monthly": 31,
        "Now, then monthly": 31,
        "Quarterly": 92,
    }


class ContactGapsConfig(StrictModel):
    """Contact gaps: customers the playbook asks to contact more often than the follow-ups show."""

    enabled: bool = True
    # Playbook contact frequency (its English or Chinese text) → the longest allowed gap in days
    # (the Chinese key wins; a key no rule's frequency is: a config error, see contact_gaps).
    every_days: dict[str, int] = Field(default_factory=_contact_days)
    # Days past the allowed gap before a customer counts as overdue (0: the day after).
    grace_days: int = Field(default=0, ge=0)
    # List customers with no follow-up at all (when the run has follow-up records).
    never_contacted: bool = True
    max_rows: int | None = Field(default=None, ge=1)

    @field_validator("every_days")
    @classmethod
    def _days(cls, value: dict[str, int]) -> dict[str, int]:
        for name, days in value.items():
            if days < 1:
                problem = msg("models.days_min", days=str(days))
                if _KEY.fullmatch(name):  # a key the YAML path can go on with: "… -> weekly"
                    raise Invalid(problem, at=name)
                raise Invalid(msg("models.named", name=name, problem=problem))
        return value


Stage = Literal["sleeping", "lost"]
_REACTIVATE: tuple[Stage, ...] = ("sleeping", "lost")


class ReactivationConfig(StrictModel):
    """Who goes on the reactivation list (客户盘活) and in what order."""

    enabled: bool = True
    stages: list[Stage] = Field(default_factory=lambda: list(_REACTIVATE))
    min_value_share: float = Field(default=0.5, ge=0, le=1)
    rank_by: list[str] = Field(default_factory=lambda: ["revenue", "predicted_revenue"])
    max_rows: int | None = Field(default=None, ge=1)


class Text(StrictModel):
    """A label in both languages."""

    en: str
    zh: str


class PlaybookRule(StrictModel):
    """``when`` label column → allowed values (all must match); the fields it sets."""

    when: dict[str, list[str]] = Field(default_factory=dict)
    action: Text
    service_level: Text
    contact_frequency: Text
    channel: Text


class PlaybookConfig(StrictModel):
    """资源分配 / 服务层级: what to do with each customer, first matching rule wins."""

    enabled: bool = True
    rules: list[PlaybookRule] = Field(default_factory=list)

    @model_validator(mode="after")
    def _catch_all(self) -> PlaybookConfig:
        if self.enabled and self.rules and self.rules[-1].when:
            raise Invalid(msg("models.catch_all_last", when="`when`"), at="rules")
        return self


class ServiceCost(StrictModel):
    """What one service level asks: contacts a month or a year."""

    calls_per_month: float = Field(default=0.0, ge=0)
    emails_per_month: float = Field(default=0.0, ge=0)
    visits_per_year: float = Field(default=0.0, ge=0)
    samples_per_year: float = Field(default=0.0, ge=0)


def _service_levels() -> dict[str, ServiceCost]:
    return {
        "VIP": ServiceCost(
            calls_per_month=4, emails_per_month=4, visits_per_year=2, samples_per_year=2
        ),
        "Key": ServiceCost(
            calls_per_month=2, emails_per_month=4, visits_per_year=1, samples_per_year=1
        ),
        "Standard": ServiceCost(calls_per_month=0.5, emails_per_month=2),
        "Basic": ServiceCost(emails_per_month=0.34),
    }


class ResourcesConfig(StrictModel):
    """资源分配矩阵 / 资源回报: the monthly budget and what each service level costs."""

    enabled: bool = True
    monthly_hours: float = Field(default=640.0, ge=0)
    monthly_budget: float = Field(default=20000.0, ge=0)
    hour_cost: float = Field(default=30.0, ge=0)
    call_hours: float = Field(default=0.5, ge=0)
    email_hours: float = Field(default=0.1, ge=0)
    visit_hours: float = Field(default=8.0, ge=0)
    visit_cost: float = Field(default=600.0, ge=0)
    sample_hours: float = Field(default=0.5, ge=0)
    sample_cost: float = Field(default=80.0, ge=0)
    levels: dict[str, ServiceCost] = Field(default_factory=_service_levels)

    def level_hours(self, name: str) -> float:
        """Sales hours a month that service level *name* asks."""
        lv = self.levels[name]
        return (
            lv.calls_per_month * self.call_hours
            + lv.emails_per_month * self.email_hours
            + (lv.visits_per_year * self.visit_hours + lv.samples_per_year * self.sample_hours) / 12
        )

    def level_money(self, name: str) -> float:
        """Money a month that service level *name* asks (visits' travel, samples)."""
        lv = self.levels[name]
        return (lv.visits_per_year * self.visit_cost + lv.samples_per_year * self.sample_cost) / 12


ClusterFeature = Literal[
    "recency_days", "orders_per_year", "avg_order_value", "gap_share", "overdue_ratio",
    "product_lines", "inquiries_12m",
]  # fmt: skip
_CLUSTER_FEATURES: tuple[ClusterFeature, ...] = (
    "recency_days", "orders_per_year", "avg_order_value", "gap_share", "overdue_ratio",
    "product_lines", "inquiries_12m",
)  # fmt: skip


class ClusteringConfig(StrictModel):
    """Behaviour clusters (聚类): k-means on standardised behaviour features (classifier 11)."""

    enabled: bool = True
    features: list[ClusterFeature] = Field(default_factory=lambda: list(_CLUSTER_FEATURES))
    k: int | None = Field(default=None, ge=2, le=20)
    k_min: int = Field(default=3, ge=2, le=20)
    k_max: int = Field(default=6, ge=2, le=20)
    min_buyers: int = Field(default=20, ge=2)
    seed: int = 42
    n_init: int = Field(default=10, ge=1, le=100)
    silhouette_sample: int = Field(default=2000, ge=100)
    trait_threshold: float = Field(default=0.5, gt=0)

    @model_validator(mode="after")
    def _range(self) -> ClusteringConfig:
        if self.k_max < self.k_min:
            raise Invalid(
                msg("models.at_least", other="k_min", limit=str(self.k_min), value=str(self.k_max)),
                at="k_max",
            )
        if not self.features:
            raise Invalid(msg("models.no_features"), at="features")
        return self


class CrossSellConfig(StrictModel):
    """Cross-sell (跨售增售): product-line co-purchase lift, each buyer's best next line."""

    enabled: bool = True
    min_support: float = Field(default=0.02, gt=0, le=1)
    min_confidence: float = Field(default=0.1, ge=0, le=1)
    min_lift: float = Field(default=1.0, ge=0)
    max_rows: int | None = Field(default=None, ge=1)


class Config(StrictModel):
    """The whole tiercli config (``configs/default.yaml``)."""

    lang: Literal["zh", "en"] = "zh"
    as_of: dt.date | None = None

    @field_validator("as_of")
    @classmethod
    def _as_of_in_range(cls, value: dt.date | None) -> dt.date | None:
        """The dates tiercli reads (1900-01-01 … 2200-12-31): said at load, with the key."""
        if value is not None and not dt.date(1900, 1, 1) <= value <= dt.date(2200, 12, 31):
            raise Invalid(msg("models.as_of_range", value=value.isoformat()))
        return value

    input: InputConfig = Field(default_factory=InputConfig)
    columns: ColumnsConfig = Field(default_factory=ColumnsConfig)
    currency: CurrencyConfig = Field(default_factory=CurrencyConfig)
    orders: OrdersConfig = Field(default_factory=OrdersConfig)
    identity: IdentityConfig = Field(default_factory=IdentityConfig)
    rfm: RFMConfig = Field(default_factory=RFMConfig)
    abc: ABCConfig = Field(default_factory=ABCConfig)
    trade: TradeConfig = Field(default_factory=TradeConfig)
    clv: CLVConfig = Field(default_factory=CLVConfig)
    lifecycle: LifecycleConfig = Field(default_factory=LifecycleConfig)
    scoring: ScoringConfig = Field(default_factory=ScoringConfig)
    reactivation: ReactivationConfig = Field(default_factory=ReactivationConfig)
    playbook: PlaybookConfig = Field(default_factory=PlaybookConfig)
    resources: ResourcesConfig = Field(default_factory=ResourcesConfig)
    clustering: ClusteringConfig = Field(default_factory=ClusteringConfig)
    cross_sell: CrossSellConfig = Field(default_factory=CrossSellConfig)
    activities: ActivitiesConfig = Field(default_factory=ActivitiesConfig)
    contact_gaps: ContactGapsConfig = Field(default_factory=ContactGapsConfig)
