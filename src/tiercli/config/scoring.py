"""Config of the weighted multi-dimension scoring, the value-potential matrix and the pyramid.

DESIGN classifiers 4, 5 and 6; the YAML section ``scoring:`` maps one to one onto
:class:`ScoringConfig`. What the options mean is in :mod:`tiercli.classifiers.scoring`.

Checked at load (each problem is an :class:`~tiercli.errors.Invalid` that names the key inside
``scoring``, so the loader shows the full YAML path, e.g. ``scoring -> dimensions -> value -> metrics: unknown metric 'revenu'. Did
you mean 'revenue'?``): weights are finite and 0 or more; a dimension's metric weights are not
all 0, nor are the dimension weights; metric names are known (:data:`KNOWN_METRICS`); quantile
tier shares sum to 1 (or 100); absolute tier cut-offs are strictly descending; pyramid
cumulative shares ascend to 1 (or 100); the matrix has its value and potential dimensions.
Weights that do not sum to 1 are *not* an error: the classifier normalises them and says so.
"""

from __future__ import annotations

import itertools
import math
import re
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from tiercli.catalogue import Both, define, msg
from tiercli.config.base import StrictModel
from tiercli.config.trade import EmployeeBands
from tiercli.errors import Invalid, did_you_mean

Direction = Literal["higher", "lower"]
Normalize = Literal["percentile", "minmax", "robust_z"]
Missing = Literal["worst", "median", "exclude"]

# Numeric columns of the customer table (features.py) a metric may name.
TABLE_METRICS: tuple[str, ...] = (
    "revenue",
    "profit",
    "avg_order_value",
    "max_order_value",
    "median_order_value",
    "median_order_quantity",
    "revenue_12m",
    "revenue_prev_12m",
    "revenue_growth",
    "recency_days",
    "orders",
    "order_days",
    "median_gap_days",
    "tenure_days",
    "product_lines",
    "inquiries",
    "inquiries_12m",
    "inquiry_conversion",
    "employees",
    "top_product_line_share",
    # from the follow-up records (only when the run has them)
    "days_since_contact",
    "contacts_90d",
    "quotes_12m",
    "samples_12m",
    "reply_rate",
)
# Columns added by other classifiers (RFM; the BG/NBD + Gamma-Gamma value model).
CLASSIFIER_METRICS: tuple[str, ...] = (
    "r_score",
    "f_score",
    "m_score",
    "p_alive",
    "expected_orders",
    "predicted_revenue",
)
# Metrics computed inside scoring from the customer table (see classifiers/scoring.py).
DERIVED_METRICS: dict[str, str] = {
    "company_size_rank": "large 4, medium 3, small 2, individual 1 (size_class, else the trade "
    "classifier's banding of company_size and employees)",
    "gap_regularity": "how even the gaps between orders are, 0-1 (4+ order days)",
    "active_years": "years from the first to the last order",
    "orders_per_year": "orders per year of tenure (tenure counted as at least one year)",
    "revenue_trend": "(revenue_12m - revenue_prev_12m) / (their sum), -1..1",
    "profit_margin": "profit / revenue",
}
KNOWN_METRICS: tuple[str, ...] = (*TABLE_METRICS, *CLASSIFIER_METRICS, *DERIVED_METRICS)
# Metrics where a smaller value is better: their direction defaults to "lower".
LOWER_IS_BETTER: frozenset[str] = frozenset(
    {"recency_days", "median_gap_days", "days_since_contact"}
)

QUADRANTS: tuple[str, ...] = ("star", "growth", "maintain", "transform")
QUADRANT_ZH: dict[str, str] = {
    "star": "明星客户",
    "growth": "成长客户",
    "maintain": "维护客户",
    "transform": "转型客户",
}
_RESERVED_DIMENSIONS = frozenset({"composite", "r", "f", "m"})  # their _score columns exist
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")

MESSAGES = {
    "scoring.weight_negative": ("应为 0 或更大的数", "must be a number, 0 or more"),
    "scoring.no_metrics": ("没有给出指标；请至少列出一个", "no metrics given; name at least one"),
    "scoring.unknown_metric": ("未知的指标“{name}”。{hint}", "unknown metric '{name}'.{hint}"),
    "scoring.known_metrics": ("已知的指标：{metrics}", " Known metrics: {metrics}"),
    "scoring.metric_weights_zero": (
        "所有指标的权重都是 0；请至少给一个指标大于 0 的权重",
        "every weight is 0; give at least one metric a weight > 0",
    ),
    "scoring.shares_missing": (
        "按 {method} 分级时，每个等级都需要大于 0 的 {share}（缺少或不大于 0 的：{names}）",
        "with method {method} every tier needs a {share} > 0 (missing or not positive for {names})",
    ),
    "scoring.shares_sum": (
        "各等级的客户占比之和必须为 1（或 100），读到 {total}（{shown}）",
        "tier shares must sum to 1 (or 100), found {total} ({shown})",
    ),
    "scoring.min_score_missing": (
        "按 {method} 分级时，除最后一级外每个等级都需要 min_score（缺少的：{names}）",
        "with method {method} every tier but the last needs a min_score (missing for {names})",
    ),
    "scoring.last_min_score": (
        "最后一级（{name}）容纳其余所有客户，它的 min_score {score} 永远不会起作用；请删除它，"
        "或在它后面再加一级容纳其余客户",
        "the last tier ({name}) holds every customer below the others, so its min_score {score} "
        "would never apply; remove it, or add a tier after it for the rest",
    ),
    "scoring.min_score_range": (
        "min_score 必须在 0 到 100 之间，读到 {scores}",
        "min_score must be between 0 and 100, found {scores}",
    ),
    "scoring.min_score_order": (
        "min_score 必须严格递减，读到 {shown}",
        "min_score must be strictly descending, found {shown}",
    ),
    "scoring.bad_cut": (
        "应为 {median}、{mean} 或 0 到 100 之间的分数",
        "must be {median}, {mean} or a score between 0 and 100",
    ),
    "scoring.unknown_quadrant": (
        "未知的象限“{key}”。{hint}可用的象限：{quadrants}",
        "unknown quadrant '{key}'.{hint} Quadrants: {quadrants}",
    ),
    "scoring.upto_order": (
        "{upto} 必须是累计客户占比，大于 0 且递增，读到 {shown}",
        "{upto} must be cumulative shares, positive and ascending, found {shown}",
    ),
    "scoring.upto_last": (
        "最后一级的 {upto} 必须为 1（或 100），这样每位客户都有层级，读到 {shown}",
        "the last level's {upto} must be 1 (or 100) so every customer has a level, found {shown}",
    ),
    "scoring.not_shipped": (
        "“{name}”不是 tiercli 自带的维度，也没有列出指标。{hint}",
        "'{name}' is no dimension tiercli ships and names no metrics.{hint}",
    ),
    "scoring.no_dimensions": (
        "没有给出维度；请至少列出一个",
        "no dimensions given; name at least one",
    ),
    "scoring.bad_dimension_name": (
        "“{name}”不能用作维度名（它的列会是 {column}）；请只用小写字母、数字和 _，且不能是 {reserved}",
        "'{name}' cannot name a dimension (its column would be {column}); use lower-case "
        "letters, digits and _, not {reserved}",
    ),
    "scoring.dimension_weights_zero": (
        "所有维度的权重都是 0；请至少给一个维度大于 0 的权重",
        "every dimension weight is 0; give at least one a weight > 0",
    ),
    "scoring.matrix_needs": (
        "价值-潜力矩阵需要 {absent} 维度；请添加，或设置 {setting}",
        "the value-potential matrix needs the {absent} dimension(s); add them or set {setting}",
    ),
    "scoring.no_levels": ("没有给出任何等级", "no levels given"),
    "scoring.blank_level": ("有一个等级的名称为空", "a level has an empty name"),
    "scoring.repeated_levels": (
        "名称不能重复，重复的：{names}",
        "names must be unique, repeated: {names}",
    ),
}
define(MESSAGES)


def _weight(value: float) -> float:
    if not math.isfinite(value) or value < 0:
        raise Invalid(msg("scoring.weight_negative"))
    return float(value)


class MetricConfig(StrictModel):
    """One metric of a dimension: its weight and how it becomes a 0-1 value."""

    weight: float = 1.0
    direction: Direction | None = Field(
        default=None, description="None = lower for recency_days/median_gap_days, else higher"
    )
    normalize: Normalize | None = Field(default=None, description="None = scoring.normalize")
    missing: Missing | None = Field(default=None, description="None = scoring.missing")
    if_present: bool = Field(
        default=False,
        description="used only when the run has a value for it; otherwise left out silently "
        "(the follow-up metrics: a run without follow-up records scores as if not listed)",
    )

    @field_validator("weight")
    @classmethod
    def _check_weight(cls, value: float) -> float:
        return _weight(value)


class DimensionConfig(StrictModel):
    """One scoring dimension: its weight in the composite and its weighted metrics."""

    weight: float = 1.0
    metrics: dict[str, MetricConfig] = Field(default_factory=dict)

    @field_validator("weight")
    @classmethod
    def _check_weight(cls, value: float) -> float:
        return _weight(value)

    @model_validator(mode="after")
    def _check(self) -> DimensionConfig:
        if not self.metrics:
            raise Invalid(msg("scoring.no_metrics"), at="metrics")
        for name in self.metrics:
            if name not in KNOWN_METRICS:
                hint = did_you_mean(name, KNOWN_METRICS) or msg(
                    "scoring.known_metrics", metrics=list(KNOWN_METRICS)
                )
                raise Invalid(msg("scoring.unknown_metric", name=name, hint=hint), at="metrics")
        if not any(m.weight > 0 for m in self.metrics.values()):
            raise Invalid(msg("scoring.metric_weights_zero"), at="metrics")
        return self


def _m(weight: float, **kw: str | bool) -> dict[str, Any]:
    return {"weight": weight, **kw}


# The shipped dimensions (seed 000: 价值 value, 潜力 potential, 行为 behavior, 关系 relationship).
SHIPPED_DIMENSIONS: dict[str, dict[str, Any]] = {
    # Weights chosen with the tune loop on the sample data and the UCI Online Retail log
    # (scripts/choose_defaults.py; figures and commands in docs/validity.md).
    "value": {
        "weight": 0.5,
        "metrics": {
            "revenue_12m": _m(0.7),
            "profit": _m(0.2),
            "avg_order_value": _m(0.1),
        },
    },
    "potential": {
        "weight": 0.3,
        "metrics": {
            "revenue_trend": _m(0.7, missing="median"),
            "predicted_revenue": _m(0.2),
            "inquiries_12m": _m(0.1),
        },
    },
    "behavior": {
        "weight": 0.1,
        "metrics": {
            "orders": _m(0.4),
            "recency_days": _m(0.4, direction="lower"),
            "gap_regularity": _m(0.2, missing="exclude"),
            # follow-up records (跟进记录), when the run has them
            "contacts_90d": _m(0.2, if_present=True),
            "quotes_12m": _m(0.1, if_present=True),
            "samples_12m": _m(0.1, if_present=True),
        },
    },
    "relationship": {
        "weight": 0.1,
        "metrics": {
            "tenure_days": _m(0.4),
            "product_lines": _m(0.3),
            "active_years": _m(0.3),
            "reply_rate": _m(0.2, missing="median", if_present=True),
            "days_since_contact": _m(0.1, direction="lower", if_present=True),
        },
    },
}


def _shipped_dimensions() -> dict[str, DimensionConfig]:
    return {k: DimensionConfig.model_validate(v) for k, v in SHIPPED_DIMENSIONS.items()}


class TierLevel(StrictModel):
    """One tier, best first: its name, Chinese label, customer share or minimum score."""

    name: str
    zh: str | None = None
    share: float | None = Field(default=None, description="method quantile: share of customers")
    min_score: float | None = Field(default=None, description="method absolute: lowest composite")


def _tier(name: str, share: float, min_score: float | None) -> TierLevel:
    return TierLevel(name=name, zh=f"{name}级", share=share, min_score=min_score)


class TiersConfig(StrictModel):
    """Tiers on the composite: by customer share from the top, or by absolute cut-offs."""

    method: Literal["quantile", "absolute"] = "quantile"
    levels: list[TierLevel] = Field(
        default_factory=lambda: [
            _tier("S", 0.20, 75),
            _tier("A", 0.20, 60),
            _tier("B", 0.25, 45),
            _tier("C", 0.20, 30),
            _tier("D", 0.15, None),
        ]
    )

    @model_validator(mode="after")
    def _check(self) -> TiersConfig:
        _check_names("levels", [level.name for level in self.levels])
        if self.method == "quantile":
            missing = [lv.name for lv in self.levels if lv.share is None or lv.share <= 0]
            if missing:
                raise Invalid(
                    msg("scoring.shares_missing", method="quantile", share="share", names=missing),
                    at="levels",
                )
            shares = [float(lv.share or 0) for lv in self.levels]
            total = sum(shares)
            if not (math.isclose(total, 1, abs_tol=1e-6) or math.isclose(total, 100, abs_tol=1e-4)):
                shown = " + ".join(f"{lv.name} {lv.share:g}" for lv in self.levels)
                raise Invalid(
                    msg("scoring.shares_sum", total=f"{total:g}", shown=shown), at="levels"
                )
        else:
            cuts = self.levels[:-1]
            missing = [lv.name for lv in cuts if lv.min_score is None]
            if missing:
                raise Invalid(
                    msg("scoring.min_score_missing", method="absolute", names=missing),
                    at="levels",
                )
            last = self.levels[-1]
            if last.min_score is not None and len(self.levels) > 1:
                raise Invalid(
                    msg("scoring.last_min_score", name=last.name, score=f"{last.min_score:g}"),
                    at="levels",
                )
            scores = [float(lv.min_score or 0) for lv in cuts]
            if any(not 0 <= s <= 100 for s in scores):
                raise Invalid(msg("scoring.min_score_range", scores=str(scores)), at="levels")
            if any(b >= a for a, b in itertools.pairwise(scores)):
                named = [f"{lv.name} {lv.min_score:g}" for lv in cuts]
                raise Invalid(msg("scoring.min_score_order", shown=named), at="levels")
        return self

    def cumulative_shares(self) -> list[float]:
        """Cumulative customer share at the end of each tier (the last is 1)."""
        shares = [float(lv.share or 0) for lv in self.levels]
        total = sum(shares)
        scale = 100.0 if math.isclose(total, 100, abs_tol=1e-4) else 1.0
        out, running = [], 0.0
        for share in shares:
            running += share / scale
            out.append(running)
        out[-1] = 1.0
        return out


class MatrixConfig(StrictModel):
    """Value × potential quadrants: cuts on the 0-100 scores, Chinese labels."""

    enabled: bool = True
    value_cut: Literal["median", "mean"] | float = "median"
    potential_cut: Literal["median", "mean"] | float = "median"
    zh: dict[str, str] = Field(default_factory=lambda: dict(QUADRANT_ZH))

    @field_validator("value_cut", "potential_cut")
    @classmethod
    def _cut(cls, value: str | float) -> str | float:
        if isinstance(value, str):
            return value
        if not 0 <= value <= 100:
            raise Invalid(msg("scoring.bad_cut", median="median", mean="mean"))
        return float(value)

    @field_validator("zh")
    @classmethod
    def _quadrants(cls, value: dict[str, str]) -> dict[str, str]:
        for key in value:
            if key not in QUADRANTS:
                raise Invalid(
                    msg(
                        "scoring.unknown_quadrant",
                        key=key,
                        hint=did_you_mean(key, QUADRANTS),
                        quadrants=list(QUADRANTS),
                    )
                )
        return {**QUADRANT_ZH, **value}


class PyramidLevel(StrictModel):
    """One pyramid level, top first: name, Chinese label, cumulative customer share."""

    name: str
    zh: str | None = None
    upto: float


class PyramidConfig(StrictModel):
    """Pyramid levels by cumulative customer share of a ranking (composite or revenue)."""

    enabled: bool = True
    rank_by: Literal["composite", "revenue"] = "composite"
    levels: list[PyramidLevel] = Field(
        default_factory=lambda: [
            PyramidLevel(name="top", zh="顶级客户", upto=0.01),
            PyramidLevel(name="key", zh="重点客户", upto=0.05),
            PyramidLevel(name="core", zh="核心客户", upto=0.20),
            PyramidLevel(name="general", zh="普通客户", upto=1.0),
        ]
    )

    @model_validator(mode="after")
    def _check(self) -> PyramidConfig:
        _check_names("levels", [level.name for level in self.levels])
        ups = [lv.upto for lv in self.levels]
        shown = [f"{lv.name} {lv.upto:g}" for lv in self.levels]
        if any(u <= 0 for u in ups) or any(b <= a for a, b in itertools.pairwise(ups)):
            raise Invalid(msg("scoring.upto_order", upto="upto", shown=shown), at="levels")
        if not (math.isclose(ups[-1], 1, abs_tol=1e-6) or math.isclose(ups[-1], 100, abs_tol=1e-4)):
            raise Invalid(msg("scoring.upto_last", upto="upto", shown=shown), at="levels")
        return self

    def cumulative_shares(self) -> list[float]:
        """Cumulative customer share at the end of each level, on the 0-1 scale."""
        scale = 100.0 if self.levels[-1].upto > 1 + 1e-6 else 1.0
        out = [lv.upto / scale for lv in self.levels]
        out[-1] = 1.0
        return out


class ScoringConfig(StrictModel):
    """Weighted multi-dimension scoring, tiers, value-potential matrix, pyramid (DESIGN 4-6)."""

    enabled: bool = True
    normalize: Normalize = "percentile"
    missing: Missing = "worst"
    dimensions: dict[str, DimensionConfig] = Field(default_factory=_shipped_dimensions)
    tiers: TiersConfig = Field(default_factory=TiersConfig)
    matrix: MatrixConfig = Field(default_factory=MatrixConfig)
    pyramid: PyramidConfig = Field(default_factory=PyramidConfig)
    size_employees: EmployeeBands = Field(default_factory=EmployeeBands)

    @model_validator(mode="before")
    @classmethod
    def _shipped_parts(cls, data: Any) -> Any:
        """A shipped dimension given without weight or metrics keeps the shipped ones."""
        if not isinstance(data, dict) or not isinstance(data.get("dimensions"), dict):
            return data
        dims: dict[str, Any] = {}
        for name, dim in data["dimensions"].items():
            shipped = SHIPPED_DIMENSIONS.get(name)
            if shipped is not None and (dim is None or isinstance(dim, dict)):
                dim = {**{k: v for k, v in shipped.items() if k not in (dim or {})}, **(dim or {})}
            elif (dim is None or isinstance(dim, dict)) and not (dim or {}).get("metrics"):
                hint = did_you_mean(str(name), SHIPPED_DIMENSIONS)
                if hint:  # "valeu: {}" — a shipped dimension's name, mistyped
                    raise Invalid(
                        msg("scoring.not_shipped", name=str(name), hint=hint), at="dimensions"
                    )
            dims[name] = dim
        return {**data, "dimensions": dims}

    @model_validator(mode="after")
    def _check(self) -> ScoringConfig:
        if not self.dimensions:
            raise Invalid(msg("scoring.no_dimensions"), at="dimensions")
        for name in self.dimensions:
            if not _NAME.match(name) or name in _RESERVED_DIMENSIONS:
                raise Invalid(
                    msg(
                        "scoring.bad_dimension_name",
                        name=name,
                        column=f"{name}_score",
                        reserved=sorted(_RESERVED_DIMENSIONS),
                    ),
                    at="dimensions",
                )
        if not any(d.weight > 0 for d in self.dimensions.values()):
            raise Invalid(msg("scoring.dimension_weights_zero"), at="dimensions")
        if self.matrix.enabled:
            absent = [d for d in ("value", "potential") if d not in self.dimensions]
            if absent:
                raise Invalid(
                    msg(
                        "scoring.matrix_needs",
                        absent=Both(" 和 ".join(absent), " and ".join(absent)),
                        setting="matrix: {enabled: false}",
                    ),
                    at="matrix",
                )
        return self

    def metric(self, dimension: str, name: str) -> tuple[float, Direction, Normalize, Missing]:
        """(weight, direction, normalize, missing) of a metric with the defaults filled in."""
        m = self.dimensions[dimension].metrics[name]
        natural: Direction = "lower" if name in LOWER_IS_BETTER else "higher"
        normalize = m.normalize or self.normalize
        return m.weight, m.direction or natural, normalize, m.missing or self.missing


def _check_names(where: str, names: list[str]) -> None:
    if not names:
        raise Invalid(msg("scoring.no_levels"), at=where)
    blank = [n for n in names if not str(n).strip()]
    if blank:
        raise Invalid(msg("scoring.blank_level"), at=where)
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise Invalid(msg("scoring.repeated_levels", names=dupes), at=where)
