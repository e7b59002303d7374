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

from tiercli.classifiers.base import Classified
from tiercli.config.models import Binning, RFMConfig
from tiercli.config.segments import AXES


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


def classify(customers: pd.DataFrame, cfg: RFMConfig) -> Classified:
    """R, F, M scores, rfm_code and rfm_segment for the customers that have orders."""
    warnings: list[str] = []
    scored = customers["orders"].fillna(0) > 0
    monetary_source = cfg.monetary.source
    if monetary_source == "profit" and customers["profit"].notna().sum() == 0:
        warnings.append(
            "rfm: monetary.source is profit but the orders carry no profit column; "
            "monetary scores use revenue instead"
        )
        monetary_source = "revenue"
    metrics = {
        "recency": customers["recency_days"].where(scored),
        "frequency": customers[cfg.frequency.source].where(scored),
        "monetary": customers[monetary_source].where(scored),
    }
    levels = cfg.levels
    n = int(scored.sum())
    if 0 < n < levels:
        warnings.append(
            f"rfm: only {n} customer(s) with orders for {levels} score levels; quantile scores "
            "are not meaningful (set rfm thresholds or fewer levels)"
        )
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
                f"rfm: every customer ties on {name} ({metrics[name].dropna().iloc[0]:g}); "
                f"all get the same {name[0].upper()} score"
            )
        elif n and binning.method == "quantile" and len(set(cuts[name])) < len(cuts[name]):
            empty = levels - scores[name].nunique()
            warnings.append(
                f"rfm: many customers tie on {name}; {empty} of {levels} {name[0].upper()} "
                "scores are empty (equal values keep equal scores; counts per score are in the "
                "report)"
            )

    r, f, m = scores["recency"], scores["frequency"], scores["monetary"]
    code = r.astype("string") + f.astype("string") + m.astype("string")
    basis, rules = cfg.rules()
    if basis == "split":
        axes, splits = _split_axes(metrics, cfg.split)
    else:
        axes, splits = {"r": r, "f": f, "m": m}, {}
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
    labels = {"rfm_segment": {str(r["name"]): str(r.get("zh") or r["name"]) for r in rules}}
    return Classified(columns, {"rfm": details}, warnings, labels)


def _split_axes(
    metrics: dict[str, pd.Series], how: str
) -> tuple[dict[str, pd.Series], dict[str, float]]:
    """2 = high, 1 = low against the mean/median; R is high when recency is below it."""
    axes: dict[str, pd.Series] = {}
    splits: dict[str, float] = {}
    for axis, name in zip(AXES, ("recency", "frequency", "monetary"), strict=True):
        values = metrics[name]
        middle = float(values.mean() if how == "mean" else values.median())
        high = values < middle if name == "recency" else values > middle
        axes[axis] = pd.Series(np.where(high, 2, 1), index=values.index).where(values.notna())
        splits[name] = round(middle, 4)
    return axes, splits
