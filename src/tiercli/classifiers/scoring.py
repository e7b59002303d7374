"""Weighted multi-dimension scoring, tiers, value-potential matrix and customer pyramid.

DESIGN classifiers 4, 5 and 6 (seed ``000_…``: 价值 value, 潜力 potential, 行为 behavior,
关系 relationship; 价值-潜力矩阵 明星/成长/维护/转型).

Input: the customer table indexed by ``customer_id`` — ``orders`` (who is scored) and the
columns the configured metrics name: numeric customer-table columns (``revenue``,
``recency_days``, …), other classifiers' outputs (``r_score``, ``f_score``, ``m_score``,
``p_alive``, ``expected_orders``, ``predicted_revenue``) and the inputs of the derived metrics
below. Output columns, same index: ``<dimension>_score`` for each configured dimension (by
default ``value_score, potential_score, behavior_score, relationship_score``) and
``composite_score`` (floats 0-100), ``tier``, ``quadrant`` and ``pyramid_level`` (strings: the
canonical names; the zh/en labels of the config-defined tier and pyramid names, of the
dimensions and of the metrics travel in ``Classified.labels``). A dimension the config adds
makes ``<name>_score`` like the shipped ones, headed by its label (:data:`DIMENSION_SCORE`,
:func:`tiercli.schema.run_columns`).

Who is scored. Customers with at least one order (``orders > 0``). Prospects (no order) and
customers whose only kept lines are returns get NaN scores and NA labels: most metrics do not
exist for them, and mixing them in would move every buyer's percentile. Normalisation
statistics (ranks, min/max, median) are taken over the scored customers only.

Per metric, for the scored customers that have a value (non-finite values count as missing):

- ``percentile``: average-rank percentile ``(rank - 1) / (n - 1)`` in [0, 1]; ties get equal
  values; one customer or a constant column gives 0.5.
- ``minmax``: ``(x - min) / (max - min)``; a constant column gives 0.5.
- ``robust_z``: ``z = (x - median) / (1.4826 · MAD)``; when the MAD is 0 (more than half the
  customers tie, common in B2B) the scale is ``1.2533 · mean absolute deviation from the
  median`` (Iglewicz & Hoaglin's modified z fallback); squashed to (0, 1) by the logistic
  ``1 / (1 + e^-z)`` (median → 0.5, z = ±3 → 0.05 / 0.95), which keeps the order of outliers.
  A constant column gives 0.5.
- ``direction: lower`` then uses ``1 - value``. Defaults: lower for ``recency_days`` and
  ``median_gap_days``, higher for everything else.
- ``missing`` (applied after): ``worst`` → 0; ``median`` → the median of the other customers'
  0-1 values; ``exclude`` → the metric is left out for that customer and the dimension's other
  weights are re-normalised for them.

A metric with no value for any scored customer in this run (no such column, e.g. ``profit``
without a profit column or ``predicted_revenue`` when the value model was skipped) is dropped
from its dimension with a warning, and the others' weights are re-normalised. So is a metric
that cannot tell customers apart: one 0-1 value (after the missing policy, rounded to 1e-9) for
at least 99% (:data:`CONSTANT_SHARE`) of the scored customers it applies to — e.g.
``revenue_trend`` when the history is shorter than two years and ``revenue_prev_12m`` is 0 for
everyone. ``details`` lists it under ``constant_metrics`` (with the share) as well as
``dropped_metrics``, and ``weights`` shows the re-normalised weights. A dimension left with no
metric is dropped the same way, unless no metric varies in any dimension (then nothing is
dropped for being constant).

Scores. ``dimension = Σ contribution`` over its metrics, where ``contribution = 100 · w · v``,
``v`` the metric's 0-1 value and ``w`` its weight divided by the sum of the weights of the
metrics used for that customer. ``composite = Σ w_d · dimension`` with the dimension weights
normalised the same way (over the dimensions that have a score for the customer). Weights that
do not sum to 1 in the config are normalised, with a note in ``details``. :func:`explain`
returns every term, and the sums reproduce the columns exactly.

Labels. Scores are compared rounded to 1e-9, so equal scores always share a label.

- ``tier``, method ``quantile``: customers ranked by composite, best first; a customer is in
  the first tier whose cumulative share (5%, 20%, 50%, 80%, 100% by default) is larger than the
  share of customers ranked strictly above it. So the best customer is always in the top tier,
  the customer straddling a boundary joins the higher tier (as ABC does), ties share a tier,
  and with few customers a tier can be empty. The cut-off reported for a tier is the lowest
  composite in it. Method ``absolute``: the first tier whose ``min_score`` the composite
  reaches; the last tier takes the rest.
- ``quadrant``: value score ≥ value cut and potential score ≥ potential cut → ``star``; low
  value, high potential → ``growth``; high value, low potential → ``maintain``; both low →
  ``transform``. Cuts: the median (default) or mean of the scored customers' scores, or a
  fixed 0-100 number.
- ``pyramid_level``: as quantile tiers, on the composite (default) or revenue ranking, with
  cumulative shares (1%, 5%, 20%, 100% → top, key, core, general).

Derived metrics (computed here when the table has no column of that name):

- ``company_size_rank``: large 4, medium 3, small 2, individual 1, unknown missing. From
  ``size_class`` when the table has it (the trade classifier's company size; scoring runs after
  it); otherwise from the same banding, :func:`tiercli.classifiers.trade.size_classes` with the
  trade classifier's default keyword rules and ``size_employees`` as the employee bands: a size
  keyword in ``company_size`` (个人, 小, 中, 大, individual, small, SME, medium, large, group …),
  else a number in it (a range reads as its middle: ``1-10`` is 5.5, small; ``50-199人`` is
  124.5, medium), else ``employees`` (≥ 500 large, ≥ 50 medium, ≥ 2 small, else individual).
- ``gap_regularity``: how even the gaps between orders are, 0-1:
  ``min(median gap, mean gap) / max(median gap, mean gap)``, mean gap = (last − first order
  date) / (order days − 1) = (``tenure_days − recency_days``) / (``order_days`` − 1). Regular
  reorders give ~1; bursts of orders then long silences give a small value. Needs at least 4
  order days (with 2 or 3 the median of the gaps equals or nearly equals their mean), else
  missing — the shipped default excludes it for those customers.
- ``active_years``: years from the first to the last order, ``(tenure_days − recency_days) /
  365.25`` (distinct years with orders are not in the customer table). 0 for one order.
- ``orders_per_year``: ``orders · 365.25 / max(tenure_days, 365.25)``.
- ``revenue_trend``: ``(revenue_12m − revenue_prev_12m) / (revenue_12m + revenue_prev_12m)``,
  clipped to −1..1: +1 new this year, −1 nothing this year, 0 flat; unlike ``revenue_growth``
  it is defined for customers new in the last 12 months.
- ``profit_margin``: ``profit / revenue`` where revenue > 0.

Public API: :func:`classify`, :func:`summarise`, :func:`explain` and the registry record
:data:`CLASSIFIER`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from tiercli import schema
from tiercli.catalogue import Both, Col, Labels, LabelTable, Message, Val, define, msg
from tiercli.classifiers.base import (
    Classified,
    Classifier,
    Context,
    ExplainTable,
    Explanation,
    Summary,
)
from tiercli.classifiers.summaries import group_table
from tiercli.classifiers.trade import size_classes
from tiercli.codes import texts_by_code
from tiercli.config.scoring import (
    CLASSIFIER_METRICS,
    DERIVED_METRICS,
    QUADRANT_ZH,
    QUADRANTS,
    Direction,
    Missing,
    Normalize,
    ScoringConfig,
)
from tiercli.config.trade import EmployeeBands, SizeClassConfig
from tiercli.errors import InputError, did_you_mean
from tiercli.schema import Column

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

NAME = "scoring"
QUADRANT_EN: dict[str, str] = {
    "star": "Star",
    "growth": "Growth",
    "maintain": "Maintain",
    "transform": "Transform",
}
COLUMNS: tuple[Column, ...] = (
    Column("value_score", "score", "价值分", "Value score", NAME,
           "Value dimension: weighted 0-100 score of its metrics (revenue, profit …)"),
    Column("potential_score", "score", "潜力分", "Potential score", NAME,
           "Potential dimension: weighted 0-100 score of its metrics (trend, inquiries …)"),
    Column("behavior_score", "score", "行为分", "Behavior score", NAME,
           "Behavior dimension: weighted 0-100 score of its metrics (orders, recency …)"),
    Column("relationship_score", "score", "关系分", "Relationship score", NAME,
           "Relationship dimension: weighted 0-100 score of its metrics (tenure …)"),
    Column("composite_score", "score", "综合分", "Composite score", NAME,
           "Weighted sum of the dimension scores, 0-100"),
    Column("tier", "label", "客户等级", "Tier", NAME,
           "Tier on the composite score (names from scoring -> tiers -> levels)", open=True),
    Column("quadrant", "label", "价值潜力象限", "Value-potential quadrant", NAME,
           "Value score and potential score against their cuts: star, growth, maintain, "
           "transform",
           values={q: (QUADRANT_ZH[q], QUADRANT_EN[q]) for q in QUADRANTS}),
    Column("pyramid_level", "label", "客户金字塔", "Pyramid level", NAME,
           "Level by cumulative customer share of the ranking (names from scoring -> pyramid)",
           open=True),
)  # fmt: skip
"""The columns of the shipped dimensions; a dimension the config adds makes ``<name>_score``
too (:data:`DIMENSION_SCORE`)."""

DIMENSION_SCORE = Column(
    "{}_score", "score", "{}分", "{} score", NAME,
    "A dimension the config adds (scoring -> dimensions): weighted 0-100 score of its metrics",
)  # fmt: skip
"""The ``<name>_score`` column of a dimension the config adds, headed by the dimension's label
in the run's ``dimension`` labels (:func:`run_labels`): ``loyalty_score``, "Loyalty score"."""
schema.register_each("dimension", DIMENSION_SCORE)

_DIMENSION_LABELS: dict[str, tuple[str, str]] = {
    "value": ("价值", "Value"),
    "potential": ("潜力", "Potential"),
    "behavior": ("行为", "Behavior"),
    "relationship": ("关系", "Relationship"),
}
_DERIVED_LABELS: dict[str, tuple[str, str]] = {
    "company_size_rank": ("公司规模等级", "Company size rank"),
    "gap_regularity": ("下单间隔规律性", "Gap regularity"),
    "active_years": ("活跃年数", "Active years"),
    "orders_per_year": ("年均订单数", "Orders per year"),
    "revenue_trend": ("销售额趋势", "Revenue trend"),
    "profit_margin": ("利润率", "Profit margin"),
}
_PYRAMID_EN: dict[str, str] = {"top": "Top", "key": "Key", "core": "Core", "general": "General"}

MESSAGES: dict[str, tuple[str, str]] = {
    # What each derived metric is (the Config sheet; the English text is DERIVED_METRICS')
    "scoring.derived.company_size_rank": (
        "大型 4、中型 3、小型 2、个人 1（公司规模分类；没有时按外贸分类对公司规模与员工人数的分档）",
        DERIVED_METRICS["company_size_rank"],
    ),
    "scoring.derived.gap_regularity": (
        "下单间隔的均匀程度，0-1（至少 4 个下单日）",
        DERIVED_METRICS["gap_regularity"],
    ),
    "scoring.derived.active_years": ("首单到末单的年数", DERIVED_METRICS["active_years"]),
    "scoring.derived.orders_per_year": (
        "每合作一年的订单数（合作期至少按一年计）",
        DERIVED_METRICS["orders_per_year"],
    ),
    "scoring.derived.revenue_trend": (
        "（近12个月销售额 − 前12个月销售额）÷ 两者之和，-1..1",
        DERIVED_METRICS["revenue_trend"],
    ),
    "scoring.derived.profit_margin": ("利润 ÷ 销售额", DERIVED_METRICS["profit_margin"]),
    # warnings
    "scoring.nobody": (
        "评分：没有客户有订单，无人评分或分级",
        "scoring: no customer has an order; nobody is scored or tiered",
    ),
    "scoring.few_customers": (
        "评分：只有 {n} 位成交客户，却有 {k} 个等级，部分等级为空",
        "scoring: only {n} customer(s) with orders for {k} tiers; some tiers are empty",
    ),
    "scoring.dimension_dropped": (
        "评分：本次数据中以下指标没有值：{reasons}；{dimension}维度不计入综合分",
        "scoring: no value in this run for {reasons}; the {dimension} dimension is left out",
    ),
    "scoring.metrics_dropped": (
        "评分：本次数据中以下指标没有值，已从{dimension}维度中剔除，其余权重重新归一为 "
        "{weights}（未用：{reasons}）",
        "scoring: no value in this run for {reasons}: left out of {dimension}, whose weights "
        "are re-normalised to {weights}",
    ),
    "scoring.metrics_constant": (
        "评分：以下指标几乎所有客户取同一个值，无法区分客户：{reasons}；已从{dimension}维度中剔除，"
        "其余权重重新归一为 {weights}",
        "scoring: too uniform to tell customers apart, {reasons} left out of {dimension}, "
        "whose weights are re-normalised to {weights}",
    ),
    "scoring.dimension_constant": (
        "评分：{dimension}维度的指标几乎所有客户取同一个值，无法区分客户：{reasons}；该维度不计入综合分",
        "scoring: every metric of {dimension} is too uniform to tell customers apart "
        "({reasons}); the dimension is left out",
    ),
    "scoring.dimensions_renormalised": (
        "评分：缺少{lost}维度，各维度权重重新归一为 {weights}",
        "scoring: without {lost} the dimension weights are re-normalised to {weights}",
    ),
    "scoring.no_quadrant": (
        "评分：本次价值或潜力维度没有得分，象限留空",
        "scoring: the value or potential dimension has no score in this run; quadrant is "
        "left empty",
    ),
    # notes
    "scoring.metric_weights_normalised": (
        "评分：{dimension}维度的指标权重之和为 {total:g}，已归一为 {weights}",
        "scoring: {dimension} metric weights sum to {total:g}; normalised to {weights}",
    ),
    "scoring.dimension_weights_normalised": (
        "评分：维度权重之和为 {total:g}，已归一为 {weights}",
        "scoring: dimension weights sum to {total:g}; normalised to {weights}",
    ),
    # parts of the sentences above
    "scoring.weight": ("{name} {weight:.4g}", "{name} {weight:.4g}"),
    "scoring.reason": ("{metric}（{why}）", "{metric} ({why})"),
    "scoring.any_metric": ("任何指标", "any metric"),
    "scoring.why_derived": (
        "由{inputs}计算，这些列没有值",
        "derived from {inputs}, which give no value",
    ),
    "scoring.why_absent": ("表中没有这一列", "not in the table"),
    "scoring.why_absent_step": (
        "表中没有这一列：它由另一个步骤生成，该步骤是否已启用？",
        "not in the table: another step makes it; is that step enabled?",
    ),
    "scoring.why_empty": ("这一列为空", "the column is empty"),
    "scoring.why_constant": (
        "{share:.1%} 的客户取同一个值",
        "one value for {share:.1%} of the customers",
    ),
    # explain
    "scoring.rule_not_scored": ("未评分：没有订单", "not scored: no orders"),
    "scoring.rule_composite": (
        "综合分 = {terms} = {total:.2f}",
        "Composite score = {terms} = {total:.2f}",
    ),
    "scoring.rule_no_tier": ("没有综合分：不分等级", "no composite score"),
    "scoring.rule_band": (
        "{what} {value:,.2f} ≥ {level}的分界 {cut:,.2f}{share}{higher}{rank}",
        "{what} {value:,.2f} ≥ cut-off {cut:,.2f} for {level}{share}{higher}{rank}",
    ),
    "scoring.band_share": ("（前 {pct:g}%）", " (top {pct:g}%)"),
    "scoring.band_share_customers": ("（前 {pct:g}% 的客户）", " (top {pct:g}% of customers)"),
    "scoring.band_higher": (
        "，且 < {level}的分界 {cut:,.2f}",
        " and < {cut:,.2f} for {level}",
    ),
    "scoring.band_rank": ("；{m} 位中有 {above} 位排在它前面", "; {above} of {m} rank above it"),
    "scoring.rule_absolute": (
        "{what} {value:.2f} ≥ {tier}的分界 {cut:g}，且 < {upper_level}的分界 {upper:g} → {tier}",
        "{what} {value:.2f} ≥ cut-off {cut:g} for {tier} and < {upper:g} for {upper_level} "
        "→ {tier}",
    ),
    "scoring.rule_absolute_top": (
        "{what} {value:.2f} ≥ {tier}的分界 {cut:g} → {tier}",
        "{what} {value:.2f} ≥ cut-off {cut:g} for {tier} → {tier}",
    ),
    "scoring.rule_absolute_last": (
        "{what} {value:.2f} < {upper_level}的分界 {upper:g} → {tier}",
        "{what} {value:.2f} < {upper:g} for {upper_level} → {tier}",
    ),
    "scoring.rule_absolute_only": ("{what} {value:.2f} → {tier}", "{what} {value:.2f} → {tier}"),
    "scoring.rule_quadrant": (
        "{value} {v:.2f} {v_op} {cv:.2f}，且{potential} {p:.2f} {p_op} {cp:.2f} → {quadrant}",
        "{value} {v:.2f} {v_op} {cv:.2f} and {potential} {p:.2f} {p_op} {cp:.2f} → {quadrant}",
    ),
    "scoring.rule_no_quadrant": ("没有价值分或潜力分：不分象限", "no value or potential score"),
    "scoring.rule_no_pyramid": ("没有{what}：不分层级", "no {what}"),
    "scoring.table_dimension": (
        "{dimension} = {score:.2f}（× {weight:.4g} = {points:.2f} 分）",
        "{dimension} = {score:.2f} (× {weight:.4g} = {points:.2f} points)",
    ),
    "scoring.table_dimension_none": (
        "{dimension}：没有适用的指标，不计分",
        "{dimension}: no metric applies, no score",
    ),
    "scoring.unknown_customer": (
        "客户“{customer_id}”不在客户表中。{hint}",
        "customer '{customer_id}' is not in the customer table.{hint}",
    ),
}
define(MESSAGES)

_COMPOSITE = Both("综合分", "composite")
_REVENUE = Both("销售额", "revenue")

_DERIVED_INPUTS: dict[str, tuple[str, ...]] = {
    "company_size_rank": ("size_class", "company_size", "employees"),
    "gap_regularity": ("order_days", "median_gap_days", "tenure_days", "recency_days"),
    "active_years": ("tenure_days", "recency_days"),
    "orders_per_year": ("orders", "tenure_days"),
    "revenue_trend": ("revenue_12m", "revenue_prev_12m"),
    "profit_margin": ("profit", "revenue"),
}
_DAYS_PER_YEAR = 365.25
_TIE_DECIMALS = 9  # scores are compared at this precision: equal scores share a label
_MAD_SCALE = 1.4826  # MAD → standard deviation for normal data
_MEAN_AD_SCALE = 1.2533  # mean absolute deviation → standard deviation (sqrt(pi / 2))


# ---------------------------------------------------------------- metric values


def _column(table: pd.DataFrame, name: str) -> FloatArray:
    """*name* as float64 (NaN for missing and non-finite values; all NaN if absent)."""
    if name not in table.columns:
        return np.full(len(table), np.nan)
    values = pd.to_numeric(table[name], errors="coerce")
    arr = np.asarray(values.to_numpy(dtype="float64", na_value=np.nan), dtype="float64")
    return np.where(np.isfinite(arr), arr, np.nan)


_SIZE_RANK = {"large": 4.0, "medium": 3.0, "small": 2.0, "individual": 1.0}


def company_size_rank(table: pd.DataFrame, bands: EmployeeBands) -> FloatArray:
    """Large 4, medium 3, small 2, individual 1, NaN unknown (see the module docstring)."""
    if "size_class" in table.columns:
        size = table["size_class"].astype("string")
    else:
        size = size_classes(table, SizeClassConfig(employees=bands))
    return np.asarray(size.map(_SIZE_RANK).to_numpy(dtype="float64", na_value=np.nan))


def _derived(table: pd.DataFrame, name: str, cfg: ScoringConfig) -> FloatArray:
    col = _column
    with np.errstate(divide="ignore", invalid="ignore"):
        if name == "company_size_rank":
            return company_size_rank(table, cfg.size_employees)
        span = col(table, "tenure_days") - col(table, "recency_days")
        if name == "gap_regularity":
            days = col(table, "order_days")
            median_gap = col(table, "median_gap_days")
            mean_gap = span / (days - 1)
            low, high = np.minimum(median_gap, mean_gap), np.maximum(median_gap, mean_gap)
            return np.where((days >= 4) & (high > 0), low / high, np.nan)
        if name == "active_years":
            return span / _DAYS_PER_YEAR
        if name == "orders_per_year":
            tenure = np.maximum(col(table, "tenure_days"), _DAYS_PER_YEAR)
            return col(table, "orders") * _DAYS_PER_YEAR / tenure
        if name == "revenue_trend":
            now, prev = col(table, "revenue_12m"), col(table, "revenue_prev_12m")
            return np.where(now + prev > 0, np.clip((now - prev) / (now + prev), -1, 1), np.nan)
        if name == "profit_margin":
            revenue = col(table, "revenue")
            return np.where(revenue > 0, col(table, "profit") / revenue, np.nan)
    raise KeyError(name)


def _raw(table: pd.DataFrame, name: str, cfg: ScoringConfig) -> FloatArray:
    if name in DERIVED_METRICS and name not in table.columns:
        values = _derived(table, name, cfg)
        return np.where(np.isfinite(values), values, np.nan)
    return _column(table, name)


def _why_empty(table: pd.DataFrame, name: str) -> Message:
    """Why metric *name* has no value: ``<metric> (<reason>)``."""
    if name in DERIVED_METRICS and name not in table.columns:
        why = msg("scoring.why_derived", inputs=[Col(c) for c in _DERIVED_INPUTS[name]])
    elif name not in table.columns:
        why = msg("scoring.why_absent_step" if name in CLASSIFIER_METRICS else "scoring.why_absent")
    else:
        why = msg("scoring.why_empty")
    return msg("scoring.reason", metric=Val("metric", name), why=why)


# ---------------------------------------------------------------- normalisation


def normalize(values: FloatArray, method: Normalize) -> FloatArray:
    """0-1 values of *values* (no NaN) by *method*; see the module docstring."""
    n = values.size
    if n == 0:
        return values.astype("float64")
    if method == "percentile":
        if n == 1:
            return np.full(1, 0.5)
        ranks = pd.Series(values).rank(method="average").to_numpy(dtype="float64")
        return (ranks - 1.0) / (n - 1.0)
    if method == "minmax":
        low, high = float(values.min()), float(values.max())
        if high == low:
            return np.full(n, 0.5)
        return (values - low) / (high - low)
    median = float(np.median(values))
    deviation = np.abs(values - median)
    scale = _MAD_SCALE * float(np.median(deviation))
    if scale == 0:
        scale = _MEAN_AD_SCALE * float(deviation.mean())
    if scale == 0:
        return np.full(n, 0.5)
    z = (values - median) / scale
    return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype="float64")


# ---------------------------------------------------------------- the run


@dataclass(frozen=True)
class _Metric:
    name: str
    direction: Direction
    normalize: Normalize
    missing: Missing
    raw: FloatArray  # the metric, NaN where missing or not scored
    value: FloatArray  # 0-1 after direction and missing policy; NaN excluded / not scored
    imputed: BoolArray  # the missing policy gave the value
    weight: FloatArray  # effective weight in its dimension per customer (0 when excluded)
    contribution: FloatArray  # 100 · weight · value (0 when excluded), points of the dimension


@dataclass(frozen=True)
class _Dimension:
    name: str
    metrics: list[_Metric]
    dropped: list[str]
    score: FloatArray  # NaN where not scored or no metric applies
    weight: FloatArray  # effective weight in the composite per customer
    contribution: FloatArray  # weight · score (0 where the score is NaN)


@dataclass
class _Bands:
    """Labels from ranking or cut-offs, with what is needed to explain them."""

    labels: pd.Series
    level: npt.NDArray[np.int64]  # index of the level per customer, -1 for none
    cutoffs: list[float | None]  # the lowest ranked value in each level
    ranked: FloatArray  # the values ranked (rounded), NaN for unranked
    above: FloatArray  # customers ranked strictly above, NaN for unranked


@dataclass
class _Run:
    order: npt.NDArray[np.intp]  # the caller's rows in customer_id order
    index: pd.Index
    scored: BoolArray
    dimensions: list[_Dimension]
    composite: FloatArray
    tiers: _Bands
    quadrant: pd.Series | None
    matrix_cuts: dict[str, float]
    pyramid: _Bands | None
    pyramid_values: FloatArray
    details: dict[str, Any] = field(default_factory=dict)
    warnings: list[Message] = field(default_factory=list)


def _fmt_weights(weights: dict[str, float], column: str = "metric") -> list[Message]:
    """``name weight`` per metric (or dimension), for a sentence: joined by the renderer."""
    return [msg("scoring.weight", name=Val(column, k), weight=v) for k, v in weights.items()]


def _dim(name: str) -> Val:
    """A dimension's name in a sentence (labelled through the run's ``dimension`` labels)."""
    return Val("dimension", name)


def _normalised(weights: dict[str, float]) -> dict[str, float]:
    total = sum(weights.values())
    return {k: (w / total if total > 0 else 0.0) for k, w in weights.items()}


def _weighted_sum(
    parts: list[tuple[float, FloatArray]], available: list[BoolArray], n: int, scale: float
) -> tuple[list[FloatArray], list[FloatArray], FloatArray]:
    """Per part: effective weight and contribution (scale · weight · value, 0 where the part is
    not available) arrays, and their sum added in part order (NaN where no weight applies)."""
    total_weight = np.zeros(n)
    for (w, _), ok in zip(parts, available, strict=True):
        total_weight = total_weight + np.where(ok, w, 0.0)
    has_weight = total_weight > 0
    weights: list[FloatArray] = []
    contributions: list[FloatArray] = []
    total = np.zeros(n)
    for (w, values), ok in zip(parts, available, strict=True):
        eff = np.where(ok & has_weight, w / np.where(has_weight, total_weight, 1.0), 0.0)
        contribution = np.where(ok & has_weight, scale * eff * np.where(ok, values, 0.0), 0.0)
        weights.append(eff)
        contributions.append(contribution)
        total = total + contribution
    return weights, contributions, np.where(has_weight, total, np.nan)


def _metric(
    table: pd.DataFrame, scored: BoolArray, cfg: ScoringConfig, dimension: str, name: str
) -> tuple[FloatArray, FloatArray, BoolArray, BoolArray] | None:
    """(raw, 0-1 value, imputed, used) of one metric, or None when it has no value at all."""
    _, direction, method, missing = cfg.metric(dimension, name)
    raw = np.where(scored, _raw(table, name, cfg), np.nan)
    present = ~np.isnan(raw)
    if not present.any():
        return None
    normal = normalize(raw[present], method)
    if direction == "lower":
        normal = 1.0 - normal
    value = np.full(len(raw), np.nan)
    value[present] = normal
    absent = scored & ~present
    if missing == "worst":
        value[absent] = 0.0
    elif missing == "median":
        value[absent] = float(np.median(normal))
    used = present | (absent & (missing != "exclude"))
    return raw, value, absent & used, used


CONSTANT_SHARE = 0.99
"""A metric that gives one value to at least this share of the customers it scores is
left out of its dimension (it cannot tell them apart; its weight would be silently wasted)."""


def _constant_share(value: FloatArray, used: BoolArray) -> float:
    """Share of the customers *used* that get the most common 0-1 *value* (1.0 if none)."""
    v = np.round(value[used], _TIE_DECIMALS)
    if v.size == 0:
        return 1.0
    _, counts = np.unique(v, return_counts=True)
    return float(counts.max()) / float(v.size)


def _bands_by_rank(
    values: FloatArray, ends: list[float], names: list[str], index: pd.Index
) -> _Bands:
    """Straddle rule: level = first whose cumulative share > share of customers above."""
    ranked = np.round(values, _TIE_DECIMALS)
    valid = ~np.isnan(ranked)
    m = int(valid.sum())
    above = np.full(len(values), np.nan)
    level = np.full(len(values), -1, dtype=np.int64)
    if m:
        at_most = pd.Series(ranked[valid]).rank(method="max").to_numpy(dtype="float64")
        above[valid] = m - at_most
        position = np.searchsorted(np.asarray(ends), above[valid] / m + 1e-12, side="right")
        level[valid] = np.minimum(position, len(ends) - 1)
    return _finish_bands(values, ranked, level, above, names, index)


def _finish_bands(
    values: FloatArray,
    ranked: FloatArray,
    level: npt.NDArray[np.int64],
    above: FloatArray,
    names: list[str],
    index: pd.Index,
) -> _Bands:
    labels = texts_by_code(names, level, index)  # (-1: none) taken by Arrow, not set per row
    cutoffs: list[float | None] = []
    for k in range(len(names)):
        members = values[level == k]
        cutoffs.append(float(members.min()) if members.size else None)
    return _Bands(labels, level, cutoffs, ranked, above)


def _tiers(composite: FloatArray, cfg: ScoringConfig, index: pd.Index) -> _Bands:
    tiers = cfg.tiers
    names = [lv.name for lv in tiers.levels]
    if tiers.method == "quantile":
        return _bands_by_rank(composite, tiers.cumulative_shares(), names, index)
    ranked = np.round(composite, _TIE_DECIMALS)
    cuts = np.asarray([float(lv.min_score or 0) for lv in tiers.levels[:-1]])
    level = (ranked[:, None] < cuts[None, :]).sum(axis=1).astype(np.int64)
    level = np.where(np.isnan(ranked), -1, level)
    return _finish_bands(composite, ranked, level, np.full(len(composite), np.nan), names, index)


def _cut(scores: FloatArray, how: str | float) -> float:
    valid = scores[~np.isnan(scores)]
    if isinstance(how, float | int):
        return float(how)
    if valid.size == 0:
        return float("nan")
    return float(np.median(valid) if how == "median" else valid.mean())


def _run(customers: pd.DataFrame, cfg: ScoringConfig) -> _Run:
    # Work in customer_id order so that every sum and median is the same whatever the row order.
    try:
        order = np.asarray(customers.index.argsort(kind="stable"))
    except TypeError:
        order = np.arange(len(customers))
    table = customers.iloc[order]
    index = table.index
    n = len(table)
    scored = np.asarray(_column(table, "orders") > 0, dtype=bool)
    n_scored = int(scored.sum())
    warnings: list[Message] = []
    notes: list[Message] = []
    if n_scored == 0:
        warnings.append(msg("scoring.nobody"))
    elif cfg.tiers.method == "quantile" and n_scored < len(cfg.tiers.levels):
        warnings.append(msg("scoring.few_customers", n=n_scored, k=len(cfg.tiers.levels)))

    dimensions: list[_Dimension] = []
    effective: dict[str, dict[str, Any]] = {}
    dropped_all: dict[str, list[str]] = {}
    used_derived: dict[str, Message] = {}
    constant_all: dict[str, dict[str, float]] = {}
    gathered: dict[str, dict[str, Any]] = {}
    absent_optional: set[tuple[str, str]] = set()  # if_present metrics without a value
    for dim_name, dim in cfg.dimensions.items():
        parts: list[tuple[str, FloatArray, FloatArray, BoolArray, BoolArray]] = []
        constant_parts: list[tuple[str, FloatArray, FloatArray, BoolArray, BoolArray]] = []
        dropped: list[str] = []
        reasons: list[Message] = []
        constant: dict[str, float] = {}
        for name in dim.metrics:
            if name in DERIVED_METRICS and name not in table.columns:
                used_derived[name] = msg(f"scoring.derived.{name}")
            got = _metric(table, scored, cfg, dim_name, name)
            if got is None and dim.metrics[name].if_present:
                absent_optional.add((dim_name, name))
                continue
            if got is None:
                if n_scored:
                    dropped.append(name)
                    reasons.append(_why_empty(table, name))
                continue
            share = _constant_share(got[1], got[3]) if n_scored >= 2 else 0.0
            if share >= CONSTANT_SHARE and cfg.metric(dim_name, name)[0] > 0:
                constant[name] = share
                constant_parts.append((name, *got))
                continue
            parts.append((name, *got))
        gathered[dim_name] = {
            "parts": parts,
            "constant_parts": constant_parts + parts,
            "dropped": dropped,
            "reasons": reasons,
            "constant": constant,
        }
    any_varying = any(
        any(cfg.metric(d, name)[0] > 0 for name, *_ in g["parts"]) for d, g in gathered.items()
    )
    for dim_name, dim in cfg.dimensions.items():
        configured = {
            m: cfg.metric(dim_name, m)[0]
            for m in dim.metrics
            if (dim_name, m) not in absent_optional
        }
        # if_present metrics add to the dimension: only the others are expected to sum to 1
        core = [w for m, w in configured.items() if not dim.metrics[m].if_present]
        if abs(sum(core) - 1) > 1e-9:
            notes.append(
                msg(
                    "scoring.metric_weights_normalised",
                    dimension=_dim(dim_name),
                    total=float(sum(configured.values())),
                    weights=_fmt_weights(_normalised(configured)),
                )
            )
        parts = gathered[dim_name]["parts"]
        dropped = gathered[dim_name]["dropped"]
        reasons = gathered[dim_name]["reasons"]
        constant = gathered[dim_name]["constant"]
        if constant and not any_varying:
            # Nothing varies in any dimension: keep the metrics as configured.
            by_metric = {p[0]: p for p in gathered[dim_name]["constant_parts"]}
            parts = [by_metric[name] for name in dim.metrics if name in by_metric]
            constant = {}
        kept = {name: configured[name] for name, *_ in parts}
        constant_reasons: list[Message] = []
        if constant:
            constant_all[dim_name] = {k: round(v, 6) for k, v in constant.items()}
            constant_reasons = [
                msg(
                    "scoring.reason",
                    metric=Val("metric", k),
                    why=msg("scoring.why_constant", share=v),
                )
                for k, v in constant.items()
            ]
        if not any(w > 0 for w in kept.values()):
            if n_scored:
                dropped_all[dim_name] = dropped + list(constant)
                if constant and not dropped:
                    warnings.append(
                        msg(
                            "scoring.dimension_constant",
                            reasons=constant_reasons,
                            dimension=_dim(dim_name),
                        )
                    )
                else:
                    warnings.append(
                        msg(
                            "scoring.dimension_dropped",
                            reasons=reasons + constant_reasons or [msg("scoring.any_metric")],
                            dimension=_dim(dim_name),
                        )
                    )
            continue
        if dropped or constant:
            dropped_all[dim_name] = dropped + list(constant)
        if dropped:
            warnings.append(
                msg(
                    "scoring.metrics_dropped",
                    reasons=reasons,
                    dimension=_dim(dim_name),
                    weights=_fmt_weights(_normalised(kept)),
                )
            )
        if constant:
            warnings.append(
                msg(
                    "scoring.metrics_constant",
                    reasons=constant_reasons,
                    dimension=_dim(dim_name),
                    weights=_fmt_weights(_normalised(kept)),
                )
            )
        weights, contributions, score = _weighted_sum(
            [(configured[name], value) for name, _, value, _, _ in parts],
            [used for *_, used in parts],
            n,
            100.0,
        )
        metrics = []
        for (name, raw, value, imputed, _), w, c in zip(parts, weights, contributions, strict=True):
            _, direction, method, missing = cfg.metric(dim_name, name)
            metrics.append(_Metric(name, direction, method, missing, raw, value, imputed, w, c))
        score = np.where(scored, score, np.nan)
        dimensions.append(_Dimension(dim_name, metrics, dropped, score, np.zeros(n), np.zeros(n)))
        effective[dim_name] = {"weight": dim.weight, "metrics": _normalised(kept)}

    dim_weights = {d: float(effective[d]["weight"]) for d in effective}
    configured_dims = {d: cfg.dimensions[d].weight for d in cfg.dimensions}
    if abs(sum(configured_dims.values()) - 1) > 1e-9:
        notes.append(
            msg(
                "scoring.dimension_weights_normalised",
                total=float(sum(configured_dims.values())),
                weights=_fmt_weights(_normalised(configured_dims), "dimension"),
            )
        )
    lost = [d for d in cfg.dimensions if d not in effective]
    if lost and dimensions and n_scored:
        warnings.append(
            msg(
                "scoring.dimensions_renormalised",
                lost=[_dim(d) for d in lost],
                weights=_fmt_weights(_normalised(dim_weights), "dimension"),
            )
        )
    d_weights, d_contributions, composite = _weighted_sum(
        [(dim_weights[d.name], d.score) for d in dimensions],
        [~np.isnan(d.score) for d in dimensions],
        n,
        1.0,
    )
    dimensions = [
        _Dimension(d.name, d.metrics, d.dropped, d.score, w, c)
        for d, w, c in zip(dimensions, d_weights, d_contributions, strict=True)
    ]
    composite = np.where(scored, composite, np.nan) if dimensions else np.full(n, np.nan)
    for d, share in _normalised(dim_weights).items():
        effective[d]["weight"] = share

    tiers = _tiers(composite, cfg, index)

    quadrant: pd.Series | None = None
    matrix_cuts: dict[str, float] = {}
    if cfg.matrix.enabled:
        by_name = {d.name: d.score for d in dimensions}
        if "value" in by_name and "potential" in by_name:
            value, potential = by_name["value"], by_name["potential"]
            matrix_cuts = {
                "value": _cut(value, cfg.matrix.value_cut),
                "potential": _cut(potential, cfg.matrix.potential_cut),
            }
            cut_v, cut_p = (round(c, _TIE_DECIMALS) for c in matrix_cuts.values())
            high_v = np.round(value, _TIE_DECIMALS) >= cut_v
            high_p = np.round(potential, _TIE_DECIMALS) >= cut_p
            known = ~np.isnan(value) & ~np.isnan(potential)
            picked = np.select(
                [high_v & high_p, ~high_v & high_p, high_v & ~high_p, ~high_v & ~high_p],
                list(QUADRANTS),
                default="",
            )
            quadrant = pd.Series(picked, index=index, dtype="string").where(known)
        else:
            quadrant = pd.Series(pd.NA, index=index, dtype="string")
            if n_scored:
                warnings.append(msg("scoring.no_quadrant"))

    pyramid: _Bands | None = None
    pyramid_values = composite
    if cfg.pyramid.enabled:
        if cfg.pyramid.rank_by == "revenue":
            pyramid_values = np.where(scored, _column(table, "revenue"), np.nan)
        pyramid = _bands_by_rank(
            pyramid_values,
            cfg.pyramid.cumulative_shares(),
            [lv.name for lv in cfg.pyramid.levels],
            index,
        )

    details = _details(
        cfg,
        n_scored,
        effective,
        dropped_all,
        constant_all,
        used_derived,
        tiers,
        quadrant,
        matrix_cuts,
        pyramid,
        notes,
    )
    return _Run(
        order,
        index,
        scored,
        dimensions,
        composite,
        tiers,
        quadrant,
        matrix_cuts,
        pyramid,
        pyramid_values,
        details,
        warnings,
    )


def _counts(labels: pd.Series, names: list[str]) -> dict[str, int]:
    counts = labels.value_counts()
    return {name: int(counts.get(name, 0)) for name in names}


def _round(value: float | None) -> float | None:
    return None if value is None or np.isnan(value) else round(float(value), 4)


def _details(
    cfg: ScoringConfig,
    n_scored: int,
    effective: dict[str, dict[str, Any]],
    dropped: dict[str, list[str]],
    constant: dict[str, dict[str, float]],
    derived: dict[str, Message],
    tiers: _Bands,
    quadrant: pd.Series | None,
    matrix_cuts: dict[str, float],
    pyramid: _Bands | None,
    notes: list[Message],
) -> dict[str, Any]:
    tier_names = [lv.name for lv in cfg.tiers.levels]
    out: dict[str, Any] = {
        "scored_customers": n_scored,
        "normalize": cfg.normalize,
        "missing": cfg.missing,
        "weights": {
            d: {
                "weight": round(v["weight"], 6),
                "metrics": {m: round(w, 6) for m, w in v["metrics"].items()},
            }
            for d, v in effective.items()
        },
        "dropped_metrics": dropped,
        "constant_metrics": constant,
        "derived_metrics": derived,
        "tier_method": cfg.tiers.method,
        "tier_cutoffs": dict(zip(tier_names, map(_round, tiers.cutoffs), strict=True)),
        "tier_counts": _counts(tiers.labels, tier_names),
        "notes": notes,
    }
    if cfg.tiers.method == "quantile":
        out["tier_shares"] = dict(zip(tier_names, cfg.tiers.cumulative_shares(), strict=True))
    else:
        out["tier_min_scores"] = {lv.name: lv.min_score for lv in cfg.tiers.levels[:-1]}
    if quadrant is not None:
        out["matrix_cuts"] = {k: _round(v) for k, v in matrix_cuts.items()}
        out["quadrant_counts"] = _counts(quadrant, list(QUADRANTS))
    if pyramid is not None:
        names = [lv.name for lv in cfg.pyramid.levels]
        out["pyramid_by"] = cfg.pyramid.rank_by
        out["pyramid_shares"] = dict(zip(names, cfg.pyramid.cumulative_shares(), strict=True))
        out["pyramid_cutoffs"] = dict(zip(names, map(_round, pyramid.cutoffs), strict=True))
        out["pyramid_counts"] = _counts(pyramid.labels, names)
    return out


# ---------------------------------------------------------------- public API


def _metric_label(name: str) -> tuple[str, str]:
    if name in _DERIVED_LABELS:
        return _DERIVED_LABELS[name]
    column = schema.get(name)
    return (column.zh, column.en) if column else (name, name)


def _dimension_label(name: str) -> tuple[str, str]:
    return _DIMENSION_LABELS.get(name, (name, name.replace("_", " ").capitalize()))


def run_labels(cfg: ScoringConfig) -> LabelTable:
    """The labels of the names the config defines: tiers, quadrants (zh overrides), pyramid
    levels, dimensions and metrics (``{column: {name: (zh, en)}}``)."""
    labels: LabelTable = {
        "tier": {lv.name: (lv.zh or lv.name, lv.name) for lv in cfg.tiers.levels},
        "dimension": {d: _dimension_label(d) for d in cfg.dimensions},
        "metric": {m: _metric_label(m) for dim in cfg.dimensions.values() for m in dim.metrics},
    }
    if cfg.matrix.enabled:
        labels["quadrant"] = {q: (cfg.matrix.zh[q], QUADRANT_EN[q]) for q in QUADRANTS}
    if cfg.pyramid.enabled:
        labels["pyramid_level"] = {
            lv.name: (lv.zh or lv.name, _PYRAMID_EN.get(lv.name, lv.name))
            for lv in cfg.pyramid.levels
        }
    return labels


def classify(ctx: Context, cfg: ScoringConfig) -> Classified:
    """Dimension and composite scores, tier, quadrant and pyramid level per customer."""
    customers = ctx.customers
    run = _run(customers, cfg)
    columns: dict[str, Any] = {}
    by_name = {d.name: d for d in run.dimensions}
    for name in cfg.dimensions:
        dim = by_name.get(name)
        columns[f"{name}_score"] = dim.score if dim else np.full(len(run.index), np.nan)
    columns["composite_score"] = run.composite
    columns["tier"] = run.tiers.labels
    if run.quadrant is not None:
        columns["quadrant"] = run.quadrant
    if run.pyramid is not None:
        columns["pyramid_level"] = run.pyramid.labels
    frame = pd.DataFrame(columns, index=run.index)
    for name in ("tier", "quadrant", "pyramid_level"):
        if name in frame:
            frame[name] = frame[name].astype("string")
    # Back to the caller's row order.
    frame = frame.iloc[np.argsort(run.order, kind="stable")]
    frame.index = customers.index
    return Classified(frame, run.details, run.warnings, run_labels(cfg))


def summarise(
    customers: pd.DataFrame, cfg: ScoringConfig, details: dict[str, Any], labels: Labels
) -> list[Summary]:
    """Tiers (with the mean composite), quadrants and pyramid levels: count and share."""
    out = [
        Summary(
            "tier",
            group_table(
                customers,
                "tier",
                [lv.name for lv in cfg.tiers.levels],
                score="composite_score",
            ),
            Both("客户等级（综合评分）", "Tiers (composite score)"),
            group="full",
            chart="column",
        )
    ]
    if "quadrant" in customers:
        out.append(
            Summary(
                "quadrant",
                group_table(customers, "quadrant", list(QUADRANTS)),
                Both("价值-潜力矩阵", "Value-potential matrix"),
                group="full",
                chart="column",
            )
        )
    if "pyramid_level" in customers:
        out.append(
            Summary(
                "pyramid_level",
                group_table(customers, "pyramid_level", [lv.name for lv in cfg.pyramid.levels]),
                Both("客户金字塔", "Customer pyramid"),
                group="compact",
                chart=None,
            )
        )
    return out


def _num(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def _label(series: pd.Series, i: int) -> str | None:
    value = series.iloc[i]
    return None if pd.isna(value) else str(value)


def _band_rule(
    bands: _Bands,
    i: int,
    column: str,
    names: list[str],
    ends: list[float] | None,
    what: Both,
    of_customers: bool,
) -> Message:
    """'composite 73.40 ≥ cut-off 71.20 for A (top 20%) and < 80.10 for S' (straddle rule)."""
    k = int(bands.level[i])
    cut = bands.cutoffs[k]
    share: Message | str = ""
    if ends is not None:
        code = "scoring.band_share_customers" if of_customers else "scoring.band_share"
        share = msg(code, pct=ends[k] * 100)
    higher: Message | str = ""
    above = [(names[j], bands.cutoffs[j]) for j in range(k) if bands.cutoffs[j] is not None]
    if above:
        name, higher_cut = above[-1]
        higher = msg("scoring.band_higher", cut=higher_cut, level=Val(column, name))
    rank: Message | str = ""
    if ends is not None and not np.isnan(bands.above[i]):
        m = int((~np.isnan(bands.ranked)).sum())
        rank = msg("scoring.band_rank", above=int(bands.above[i]), m=m)
    return msg(
        "scoring.rule_band",
        what=what,
        value=float(bands.ranked[i]),
        cut=cut,
        level=Val(column, names[k]),
        share=share,
        higher=higher,
        rank=rank,
    )


def _absolute_rule(cfg: ScoringConfig, value: float, k: int) -> Message:
    levels = cfg.tiers.levels
    tier = Val("tier", levels[k].name)
    floor = k < len(levels) - 1
    ceiling = k > 0
    params: dict[str, Any] = {"what": _COMPOSITE, "value": value, "tier": tier}
    if floor:
        params["cut"] = float(levels[k].min_score or 0)
    if ceiling:
        params["upper"] = float(levels[k - 1].min_score or 0)
        params["upper_level"] = Val("tier", levels[k - 1].name)
    if floor and ceiling:
        return msg("scoring.rule_absolute", **params)
    if floor:
        return msg("scoring.rule_absolute_top", **params)
    if ceiling:
        return msg("scoring.rule_absolute_last", **params)
    return msg("scoring.rule_absolute_only", **params)


def _quadrant_rule(run: _Run, i: int, quadrant: str | None) -> Message:
    by_name = {d.name: d.score for d in run.dimensions}
    if quadrant is None or not run.matrix_cuts:
        return msg("scoring.rule_no_quadrant")
    v, p = float(by_name["value"][i]), float(by_name["potential"][i])
    return msg(
        "scoring.rule_quadrant",
        value=_dim("value"),
        v=v,
        v_op="≥" if quadrant in ("star", "maintain") else "<",
        cv=run.matrix_cuts["value"],
        potential=_dim("potential"),
        p=p,
        p_op="≥" if quadrant in ("star", "growth") else "<",
        cp=run.matrix_cuts["potential"],
        quadrant=Val("quadrant", quadrant),
    )


_SHIPPED_SCORE_COLUMNS = frozenset(c.name for c in COLUMNS)


def _dimension_header(name: str) -> Col | Val:
    """A dimension as a header: its ``<name>_score`` column, or its run label."""
    column = f"{name}_score"
    return Col(column) if column in _SHIPPED_SCORE_COLUMNS else _dim(name)


def _locate(run: _Run, customer_id: object) -> int:
    ids = [str(c) for c in run.index]
    hits = np.flatnonzero(run.index == customer_id)
    if hits.size == 0:
        hits = np.flatnonzero(np.asarray(ids) == str(customer_id))
    if hits.size == 0:
        raise InputError(
            msg(
                "scoring.unknown_customer",
                customer_id=str(customer_id),
                hint=did_you_mean(str(customer_id), ids),
            )
        )
    return int(hits[0])


EXPLAIN_COLUMNS = (
    "metric",
    "explain_raw",
    "explain_normalized",
    "explain_weight",
    "explain_points",
)


def explain(
    customers: pd.DataFrame, cid: str, cfg: ScoringConfig, details: dict[str, Any]
) -> Explanation:
    """Why one customer got its scores and labels: every metric's terms and every rule.

    The run is recomputed with :func:`classify`'s own code on the same table, so the terms are
    the same floats. ``values``: the dimension scores, ``composite_score``, ``tier``,
    ``quadrant``, ``pyramid_level``; ``inputs``: the raw value of each metric; ``rules``: the
    composite sum (``Composite score = a + b + … = total``), the tier, quadrant and pyramid
    rules; ``tables``: one per dimension (metric, raw, 0-1 value, weight, points); ``data``:
    ``scored``, ``composite_score``, ``dimensions`` (per dimension: ``score``, ``weight``
    (effective, in the composite), ``contribution`` (points of the composite) and ``metrics``:
    per metric ``raw``, ``normalized`` (0-1 after direction and missing policy; None when
    excluded), ``weight`` (effective, in the dimension), ``contribution`` (points of the
    dimension), ``direction``, ``normalize``, ``missing`` (the policy, and ``imputed`` whether
    it gave the value)), ``dropped_metrics`` and ``matrix_cuts``. Contributions add up to the
    dimension score, and the dimension contributions to the composite, exactly (same floats,
    same order as :func:`classify`). A prospect: ``data`` ``{"scored": False}`` and one rule.
    """
    run = _run(customers, cfg)
    i = _locate(run, cid)
    if not run.scored[i]:
        return Explanation(data={"scored": False}, rules=[msg("scoring.rule_not_scored")])
    values: dict[str, Any] = {}
    inputs: dict[str, Any] = {}
    dims: dict[str, Any] = {}
    tables: list[ExplainTable] = []
    by_name = {d.name: d for d in run.dimensions}
    for name in cfg.dimensions:
        found = by_name.get(name)
        values[f"{name}_score"] = _num(found.score[i]) if found else None
    for d in run.dimensions:
        metrics: dict[str, Any] = {}
        rows: list[tuple[Any, ...]] = []
        for m in d.metrics:
            raw, normalized = _num(m.raw[i]), _num(m.value[i])
            weight, contribution = float(m.weight[i]), float(m.contribution[i])
            metrics[m.name] = {
                "raw": raw,
                "normalized": normalized,
                "weight": weight,
                "contribution": contribution,
                "direction": m.direction,
                "normalize": m.normalize,
                "missing": m.missing,
                "imputed": bool(m.imputed[i]),
            }
            inputs[m.name] = raw
            rows.append((m.name, raw, normalized, weight, contribution))
        score = _num(d.score[i])
        dims[d.name] = {
            "score": score,
            "weight": float(d.weight[i]),
            "contribution": float(d.contribution[i]),
            "metrics": metrics,
        }
        title = (
            msg("scoring.table_dimension_none", dimension=_dimension_header(d.name))
            if score is None
            else msg(
                "scoring.table_dimension",
                dimension=_dimension_header(d.name),
                score=score,
                weight=float(d.weight[i]),
                points=float(d.contribution[i]),
            )
        )
        tables.append(ExplainTable(title, EXPLAIN_COLUMNS, rows))
    composite = _num(run.composite[i])
    values["composite_score"] = composite
    rules: list[Message] = []
    if composite is not None:
        terms = " + ".join(f"{float(d.contribution[i]):.3f}" for d in run.dimensions)
        rules.append(msg("scoring.rule_composite", terms=terms, total=composite))

    tier = _label(run.tiers.labels, i)
    values["tier"] = tier
    tier_names = [lv.name for lv in cfg.tiers.levels]
    if tier is None:
        rules.append(msg("scoring.rule_no_tier"))
    elif cfg.tiers.method == "quantile":
        ends = cfg.tiers.cumulative_shares()
        rules.append(_band_rule(run.tiers, i, "tier", tier_names, ends, _COMPOSITE, False))
    else:
        rules.append(_absolute_rule(cfg, float(run.tiers.ranked[i]), int(run.tiers.level[i])))
    if run.quadrant is not None:
        quadrant = _label(run.quadrant, i)
        values["quadrant"] = quadrant
        rules.append(_quadrant_rule(run, i, quadrant))
    if run.pyramid is not None:
        level = _label(run.pyramid.labels, i)
        values["pyramid_level"] = level
        what = _COMPOSITE if cfg.pyramid.rank_by == "composite" else _REVENUE
        if cfg.pyramid.rank_by == "revenue":
            inputs["revenue"] = _num(run.pyramid_values[i])
        if level is None:
            rules.append(msg("scoring.rule_no_pyramid", what=what))
        else:
            names = [lv.name for lv in cfg.pyramid.levels]
            ends = cfg.pyramid.cumulative_shares()
            rules.append(_band_rule(run.pyramid, i, "pyramid_level", names, ends, what, True))
    data: dict[str, Any] = {
        "scored": True,
        "composite_score": composite,
        "dimensions": dims,
        "dropped_metrics": run.details["dropped_metrics"],
        "constant_metrics": run.details["constant_metrics"],
    }
    if run.matrix_cuts:
        data["matrix_cuts"] = dict(run.matrix_cuts)
    return Explanation(values=values, inputs=inputs, rules=rules, data=data, tables=tables)


def _reads(cfg: ScoringConfig) -> list[str]:
    """The columns the configured metrics read (derived metrics: their inputs)."""
    out: list[str] = []
    for dim in cfg.dimensions.values():
        for name in dim.metrics:
            for column in (name, *_DERIVED_INPUTS.get(name, ())):
                if column not in out:
                    out.append(column)
    return out


CLASSIFIER = Classifier(
    name=NAME,
    title=Both("综合评分与客户等级", "Scores and tiers"),
    section="scoring",
    settings=lambda cfg: cfg.scoring,
    requires=("orders", "revenue"),
    provides=COLUMNS,
    classify=classify,
    summarise=summarise,
    explain=explain,
    reads=_reads,
    messages=MESSAGES,
    values=run_labels,
)
