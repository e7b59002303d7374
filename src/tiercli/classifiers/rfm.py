"""RFM: recency, frequency and monetary scores, and segments by first-match rules.

Input columns: ``recency_days``, ``orders`` or ``order_days``, ``revenue`` or ``profit`` (the
customer table). Output columns: ``r_score, f_score, m_score`` (1..levels, nullable Int64),
``rfm_code`` (e.g. ``"545"``) and ``rfm_segment`` (the rule's name), indexed by customer_id.
Customers without an order (prospects, and those with only returns) are not scored.

Binning. Cut points come from quantiles (k/levels, k = 1..levels-1) of the scored customers'
values, or from explicit thresholds. A value gets ``1 + (number of cut points it exceeds)``;
recency, where lower is better, is reversed (``levels − that``). So equal values always get
equal scores and ties never break binning: when many customers share a value (B2B bases tie
massively at one order) several cut points coincide and some scores stay empty. The cut
points used and the customers per score are returned for the report.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from tiercli.catalogue import Both, Labels, Message, Val, define, msg
from tiercli.classifiers.base import Classified, Classifier, Context, Explanation, Summary
from tiercli.classifiers.summaries import group_table
from tiercli.config.models import Binning, RFMConfig
from tiercli.config.segments import AXES, first_match, on_scale
from tiercli.schema import Column

METRICS = ("recency", "frequency", "monetary")
_METRIC_NAMES = {
    "recency": ("最近购买", "recency"),
    "frequency": ("购买频次", "frequency"),
    "monetary": ("购买金额", "monetary"),
}


def _score_column(axis: str, zh: str, en: str, metric: str) -> Column:
    return Column(
        f"{axis}_score",
        "integer",
        zh,
        en,
        "rfm",
        f"1..levels by the {metric} cut points (higher is better)",
    )


COLUMNS = (
    _score_column("r", "R 分", "R score", "recency"),
    _score_column("f", "F 分", "F score", "frequency"),
    _score_column("m", "M 分", "M score", "monetary"),
    Column(
        "rfm_code", "text", "RFM 代码", "RFM code", "rfm", "The three scores as one code, e.g. 545"
    ),
    Column(
        "rfm_segment",
        "label",
        "RFM 分群",
        "RFM segment",
        "rfm",
        "The first rule of the segment map that the scores match",
        open=True,
    ),
)
MESSAGES = {
    "rfm.no_profit": (
        "RFM：订单中没有利润数据，购买金额改用销售额",
        "rfm: monetary.source is profit but the orders carry no profit column; "
        "monetary scores use revenue instead",
    ),
    "rfm.few_customers": (
        "RFM：只有 {n} 位成交客户，却有 {levels} 个分档；分位数评分意义不大（请设阈值或减少档数）",
        "rfm: only {n} customer(s) with orders for {levels} score levels; quantile scores "
        "are not meaningful (set rfm thresholds or fewer levels)",
    ),
    "rfm.all_tie": (
        "RFM：所有客户的{metric}都相同（{value:g}），{axis} 分相同",
        "rfm: every customer ties on {metric} ({value:g}); all get the same {axis} score",
    ),
    "rfm.many_tie": (
        "RFM：大量客户的{metric}相同，{levels} 档中有 {empty} 档 {axis} 分为空"
        "（相同数值始终同分，各档人数见报告）",
        "rfm: many customers tie on {metric}; {empty} of {levels} {axis} scores are empty "
        "(equal values keep equal scores; counts per score are in the report)",
    ),
    "rfm.not_scored": ("未评分：没有订单", "not scored: no orders"),
    "rfm.score_rule": (
        "{axis} {score}：{metric} {value:,.2f}（分档点 {cuts}）",
        "{axis} {score}: {metric} {value:,.2f} (cut points {cuts})",
    ),
    "rfm.rule_scores": (
        "第 {i} 条规则（共 {n} 条；按得分：{ranges}）→ {segment}",
        "rule {i} of {n} (scores: {ranges}) → {segment}",
    ),
    "rfm.rule_split": (
        "第 {i} 条规则（共 {n} 条；与{split}比较，高 2 / 低 1：{ranges}）→ {segment}",
        "rule {i} of {n} (high (2) / low (1) against the {split}: {ranges}) → {segment}",
    ),
    "rfm.catch_all": ("其余全部", "catch-all"),
    "rfm.on_scale": (
        "分群表按 {scale} 档写成：{levels} 档的得分换算为 R{r} F{f} M{m}",
        "the segment map is written for {scale} levels: the {levels}-level scores read as "
        "R{r} F{f} M{m} on it",
    ),
}
define(MESSAGES)
_SPLIT_NAMES = {"mean": ("平均值", "mean"), "median": ("中位数", "median")}


def cut_points(values: pd.Series, binning: Binning, levels: int) -> list[float]:
    """The cut points a metric is binned with (quantiles of *values* or the thresholds)."""
    if binning.method == "thresholds":
        return [float(t) for t in binning.thresholds or []]
    clean = values.dropna().to_numpy(dtype="float64")
    if clean.size == 0:
        return []
    qs = np.arange(1, levels) / levels
    return [float(c) for c in np.quantile(clean, qs)]


def score(values: pd.Series, cuts: list[float], levels: int, lower_is_better: bool) -> pd.Series:
    """1..levels per value: 1 + cut points exceeded (reversed when lower is better)."""
    arr = values.to_numpy(dtype="float64", na_value=np.nan)
    above = (arr[:, None] > np.asarray(cuts, dtype="float64")[None, :]).sum(axis=1)
    scores = levels - above if lower_is_better else 1 + above
    out = pd.Series(scores, index=values.index).astype("Int64")
    return out.where(~np.isnan(arr))


def _assign(rules: list[dict[str, Any]], axes: dict[str, pd.Series]) -> pd.Series:
    """First-match segment name per row (NA where any axis is missing)."""
    index = axes["r"].index
    segment = pd.Series(pd.NA, index=index, dtype="string")
    known = axes["r"].notna() & axes["f"].notna() & axes["m"].notna()
    for rule in rules:
        hit = known & segment.isna()
        if not rule.get("catch_all"):
            for axis in AXES:
                bounds = rule.get(axis)
                if bounds is not None:
                    hit &= axes[axis].between(bounds[0], bounds[1]).fillna(False).astype(bool)
        segment[hit] = str(rule["name"])
    return segment


def _on_scale(scores: pd.Series, levels: int, scale: int) -> pd.Series:
    """:func:`on_scale` of each score (missing stays missing)."""
    if scale == levels:
        return scores
    return (scores * 2 - 1) * scale // (2 * levels) + 1


def _metric(name: str) -> Both:
    return Both(*_METRIC_NAMES[name])


def classify(ctx: Context, cfg: RFMConfig) -> Classified:
    """R, F, M scores, rfm_code and rfm_segment for the customers that have orders."""
    customers = ctx.customers
    warnings: list[Message] = []
    scored = customers["orders"].fillna(0) > 0
    monetary_source = cfg.monetary.source
    if monetary_source == "profit" and customers["profit"].notna().sum() == 0:
        warnings.append(msg("rfm.no_profit"))
        monetary_source = "revenue"
    metrics = {
        name: customers[column].astype("float64").where(scored)
        for name, column in zip(
            METRICS, ("recency_days", cfg.frequency.source, monetary_source), strict=True
        )
    }
    levels = cfg.levels
    n = int(scored.sum())
    if 0 < n < levels:
        warnings.append(msg("rfm.few_customers", n=n, levels=levels))
    cuts: dict[str, list[float]] = {}
    scores: dict[str, pd.Series] = {}
    for name, binning in (
        ("recency", cfg.recency),
        ("frequency", cfg.frequency),
        ("monetary", cfg.monetary),
    ):
        cuts[name] = cut_points(metrics[name], binning, levels)
        scores[name] = score(metrics[name], cuts[name], levels, lower_is_better=name == "recency")
        distinct = metrics[name].dropna().nunique()
        if n and distinct == 1:
            warnings.append(
                msg(
                    "rfm.all_tie",
                    metric=_metric(name),
                    value=float(metrics[name].dropna().iloc[0]),
                    axis=name[0].upper(),
                )
            )
        elif n and binning.method == "quantile" and len(set(cuts[name])) < len(cuts[name]):
            empty = levels - scores[name].nunique()
            warnings.append(
                msg(
                    "rfm.many_tie",
                    metric=_metric(name),
                    empty=empty,
                    levels=levels,
                    axis=name[0].upper(),
                )
            )

    r, f, m = scores["recency"], scores["frequency"], scores["monetary"]
    code = r.astype("string") + f.astype("string") + m.astype("string")
    basis, rules = cfg.rules()
    if basis == "split":
        axes, splits = _split_axes(metrics, cfg.split)
    else:  # the scores as the map reads them (its own scale: the same, unless levels differ)
        axes = {k: _on_scale(v, levels, cfg.scale()) for k, v in (("r", r), ("f", f), ("m", m))}
        splits = {}
    columns = pd.DataFrame(
        {
            "r_score": r,
            "f_score": f,
            "m_score": m,
            "rfm_code": code,
            "rfm_segment": _assign(rules, axes),
        },
        index=customers.index,
    )
    details = {
        "levels": levels,
        "segment_map": cfg.segment_map,
        "frequency_source": cfg.frequency.source,
        "monetary_source": monetary_source,
        "cut_points": {k: [round(c, 4) for c in v] for k, v in cuts.items()},
        "customers_per_score": {
            f"{k[0]}_score": {int(s): int(c) for s, c in v.value_counts().sort_index().items()}
            for k, v in scores.items()
        },
        **({"split": cfg.split, "split_values": splits} if splits else {}),
    }
    return Classified(columns, details, warnings, {"rfm_segment": segment_labels(cfg)})


def segment_labels(cfg: RFMConfig) -> dict[str, tuple[str, str]]:
    """The segment map's names: (zh, en) per canonical name."""
    rules = cfg.rules()[1]
    return {
        str(r["name"]): (str(r.get("zh") or r["name"]), str(r.get("en") or r["name"]))
        for r in rules
    }


def _split_axes(
    metrics: dict[str, pd.Series], how: str
) -> tuple[dict[str, pd.Series], dict[str, float]]:
    """2 = high, 1 = low against the mean/median; R is high when recency is below it."""
    axes: dict[str, pd.Series] = {}
    splits: dict[str, float] = {}
    for axis, name in zip(AXES, ("recency", "frequency", "monetary"), strict=True):
        values = metrics[name].astype("float64")
        middle = float(values.mean() if how == "mean" else values.median())
        high = (values < middle if name == "recency" else values > middle).to_numpy(dtype=bool)
        axes[axis] = pd.Series(np.where(high, 2, 1), index=values.index).where(values.notna())
        splits[name] = round(middle, 4)
    return axes, splits


def summarise(
    customers: pd.DataFrame, cfg: RFMConfig, details: dict[str, Any], labels: Labels
) -> list[Summary]:
    order = [str(rule["name"]) for rule in cfg.rules()[1]]
    return [
        Summary(
            "rfm_segment",
            group_table(customers, "rfm_segment", order),
            Both("RFM 分群", "RFM segments"),
            group="compact",
            chart="bar",
        )
    ]


def explain(
    customers: pd.DataFrame, cid: str, cfg: RFMConfig, details: dict[str, Any]
) -> Explanation:
    """The scores with the cut points they were binned by, and the segment rule that matched."""
    row = customers.loc[cid]
    scores = {a: row[f"{a}_score"] for a in AXES}
    sources = ("recency_days", details.get("frequency_source"), details.get("monetary_source"))
    inputs = {column: row[column] for column in sources if column}
    values = {c.name: row[c.name] for c in COLUMNS}
    if any(pd.isna(v) for v in scores.values()):
        return Explanation(values, inputs, [msg("rfm.not_scored")], {"cut_points": {}})
    cuts = details.get("cut_points", {})
    rules: list[Message] = []
    for axis, metric, column in zip(AXES, METRICS, sources, strict=True):
        shown = ", ".join(f"{c:g}" for c in cuts.get(metric, []))
        rules.append(
            msg(
                "rfm.score_rule",
                axis=axis.upper(),
                score=int(scores[axis]),
                metric=_metric(metric),
                value=float(row[column]),
                cuts=shown,
            )
        )
    basis, segment_rules = cfg.rules()
    if basis == "split":
        splits = details.get("split_values", {})
        combo = (
            2 if row["recency_days"] < splits["recency"] else 1,
            2 if row[sources[1]] > splits["frequency"] else 1,
            2 if row[sources[2]] > splits["monetary"] else 1,
        )
    else:
        r, f, m = (on_scale(int(scores[a]), cfg.levels, cfg.scale()) for a in AXES)
        combo = (r, f, m)
        if cfg.scale() != cfg.levels:
            rules.append(
                msg(
                    "rfm.on_scale",
                    levels=cfg.levels,
                    scale=cfg.scale(),
                    r=r,
                    f=f,
                    m=m,
                )
            )
    hit = first_match(segment_rules, combo)
    if hit is not None:
        rule: dict[str, Any] = segment_rules[hit]
        ranges: Any = ", ".join(
            f"{axis.upper()} {rule[axis][0]}–{rule[axis][1]}"
            for axis in AXES
            if rule.get(axis) is not None
        ) or msg("rfm.catch_all")
        common = {
            "i": hit + 1,
            "n": len(segment_rules),
            "ranges": ranges,
            "segment": Val("rfm_segment", str(rule["name"])),
        }
        if basis == "split":
            rules.append(msg("rfm.rule_split", split=Both(*_SPLIT_NAMES[cfg.split]), **common))
        else:
            rules.append(msg("rfm.rule_scores", **common))
    return Explanation(values, inputs, rules, {"cut_points": cuts, "combination": list(combo)})


CLASSIFIER = Classifier(
    name="rfm",
    title=Both("RFM 分群", "RFM segments"),
    section="rfm",
    settings=lambda cfg: cfg.rfm,
    requires=("recency_days", "orders", "order_days", "revenue", "profit"),
    provides=COLUMNS,
    classify=classify,
    summarise=summarise,
    explain=explain,
    messages=MESSAGES,
    values=lambda cfg: {"rfm_segment": segment_labels(cfg)},
)
