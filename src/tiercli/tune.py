"""``tiercli tune`` (issue 12, 标准优化 / 闭环学习): search the scoring weights on the user's own
history, check them on a later cut-off, and write them as a config only if they hold up.

1. The inputs are read once. As of the tuning cut-off ``C`` and the validation cut-off ``V``
   (default ``C + horizon``) the whole run is made once each with the base config (the value
   model predicting ``horizon`` days), and the next ``horizon`` days' revenue of every customer
   is measured (:func:`tiercli.backtest.outcomes`).
2. Only the weights change between candidates, so each candidate re-runs just the scoring step
   (:func:`tiercli.classifiers.scoring.classify`) on those customer tables: fast enough for a
   few hundred candidates. The objective is the share of future revenue held by the top 20% of
   customers by composite score (``capture``, default) or the Spearman correlation of composite
   and future revenue (``spearman``), over the scored customers.
3. Search (seeded, at most ``budget`` candidates): the base weights, then alternately a fresh
   random point (each dimension and metric weight uniform on 0-1, one in five set to 0, never
   all of a dimension) and a perturbation of the best so far (each weight × e^N(0, 0.5), one in
   ten set to 0 or revived). Weights are rounded to 0.01 and normalised per dimension.
4. The best candidate on ``C`` is then scored on ``V``, which the search never saw. It is
   recommended only if it does at least as well as the base config there; otherwise nothing is
   written and the figures say why.
5. With ``tiers=True`` (``--tiers``) the tier cut-offs are searched too, with the weights that
   will be written: the shares of ``scoring.tiers.levels`` when the method is ``quantile``, the
   ``min_score`` cut-offs when it is ``absolute``. The objective is the tiers' *separation*: the
   share of the variance of ``log(1 + next-horizon revenue)`` that the tiers explain (η², 0-1),
   counted only when each tier's mean is at most the one above it (a tier that does better than
   a higher tier scores 0). Candidates (the same budget, seeded) move the base or best cut-offs
   at random; quantile shares stay ≥ 5% each. The same out-of-sample rule applies.

Public API: :func:`tune` → :class:`TuneResult`; :func:`tuned_yaml`; :func:`verdict`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
import yaml
from scipy.stats import spearmanr

from tiercli.backtest import (
    TOP_SHARE,
    as_then,
    capture_curve,
    ends_before,
    outcomes,
    predicting,
)
from tiercli.catalogue import Message, define, msg
from tiercli.classifiers import scoring
from tiercli.classifiers.base import Context
from tiercli.config.models import Config
from tiercli.config.scoring import ScoringConfig
from tiercli.errors import InputError
from tiercli.io.loader import load_inputs
from tiercli.io.normalize import AllAfterAsOf, normalize
from tiercli.pipeline import run

define(
    {
        "tune.title": (
            "权重调优 · 目标：{objective} · 在 {cutoff} 搜索 {n} 组权重，在 {validate} 检验 · "
            "观察期 {horizon} 天",
            "tiercli tune · objective: {objective} · {n} candidates searched on {cutoff}, "
            "validated on {validate} · horizon {horizon} days",
        ),
        "tune.row": (
            "{which}：{cutoff} 为 {tune}，{validate} 为 {test}（{other_name} {other}）",
            "{which}: {tune} on {cutoff}, {test} on {validate} ({other_name} {other})",
        ),
        "tune.base": ("原权重", "base weights"),
        "tune.tuned": ("调优后", "tuned weights"),
        "tune.capture": ("前 20% 客户占未来销售额", "top-20% capture"),
        "tune.spearman": ("秩相关", "Spearman"),
        "tune.wrote": (
            "样本外（{validate}）不差于原权重：已写入 {path}",
            "out of sample ({validate}) at least as good as the base: wrote {path}",
        ),
        "tune.worse": (
            "未写入：调优后的权重在样本外（{validate}）更差（{test} < {base}），不建议使用",
            "nothing written: the tuned weights do worse out of sample on {validate} "
            "({test} < {base}); keep the base weights",
        ),
        "tune.same": (
            "未写入：在 {cutoff} 没有找到比原权重更好的权重",
            "nothing written: no weights beat the base weights on {cutoff}",
        ),
        "tune.progress": ("正在搜索权重…", "searching weights…"),
        "tune.yaml_source": (
            "由 `tiercli tune` 调优，数据：{sources}",
            "Tuned by `tiercli tune` on {sources}",
        ),
        "tune.yaml_objective": (
            "目标：{objective}（之后 {horizon} 天的销售额）",
            "objective: {objective} of the next {horizon} days' revenue",
        ),
        "tune.yaml_search": (
            "在截止日 {cutoff} 搜索（{n} 组候选），在 {validate} 检验",
            "searched on cut-off {cutoff} ({n} candidates), validated on {validate}",
        ),
        "tune.yaml_figures": (
            "{what}：{cutoff} 原权重 {base:.4f} → 调优后 {tuned:.4f}；{validate}（样本外）原权重 "
            "{base_test:.4f} → 调优后 {tuned_test:.4f}",
            "{what}: base {base:.4f} -> tuned {tuned:.4f} on {cutoff}; base {base_test:.4f} -> "
            "tuned {tuned_test:.4f} on {validate} (out of sample)",
        ),
        "tune.yaml_tiers": (
            "分层线（{method}）区分度：{cutoff} 原分层线 {base:.4f} → 调优后 {tuned:.4f}；"
            "{validate}（样本外）原分层线 {base_test:.4f} → 调优后 {tuned_test:.4f}",
            "tier cut-offs ({method}): separation base {base:.4f} -> tuned {tuned:.4f} on "
            "{cutoff}; base {base_test:.4f} -> tuned {tuned_test:.4f} on {validate} "
            "(out of sample)",
        ),
        "tune.yaml_base_weights": (
            "权重：保留原权重（调优后的权重在样本外更差）",
            "weights: the base weights (the tuned ones did worse out of sample)",
        ),
        "tune.tiers_row": (
            "{which}：{cuts}；区分度 {cutoff} 为 {tune:.4f}，{validate} 为 {test:.4f}",
            "{which}: {cuts}; separation {tune:.4f} on {cutoff}, {test:.4f} on {validate}",
        ),
        "tune.tiers_base": ("原分层线", "base tier cut-offs"),
        "tune.tiers_tuned": ("调优后分层线", "tuned tier cut-offs"),
        "tune.tiers_kept": (
            "调优后的分层线在样本外（{validate}）不差于原分层线：已写入 {path}",
            "the tuned tier cut-offs do at least as well out of sample ({validate}): wrote {path}",
        ),
        "tune.same_kept": (
            "权重未改：在 {cutoff} 没有找到比原权重更好的权重",
            "weights kept: no weights beat the base weights on {cutoff}",
        ),
        "tune.worse_kept": (
            "权重未改：调优后的权重在样本外（{validate}）更差（{test} < {base}）",
            "weights kept: the tuned weights do worse out of sample on {validate} "
            "({test} < {base})",
        ),
        "tune.tiers_worse": (
            "分层线未改：调优后的分层线在样本外（{validate}）区分度更差（{test:.4f} < {base:.4f}）",
            "tier cut-offs kept: the tuned ones separate worse out of sample on {validate} "
            "({test:.4f} < {base:.4f})",
        ),
        "tune.tiers_same": (
            "分层线未改：在 {cutoff} 没有找到区分度更高的分层线",
            "tier cut-offs kept: none separated better on {cutoff}",
        ),
        # errors
        "tune.nothing_before": (
            "截止日 {cutoff}：当天及之前没有订单；请选一个更晚的日期",
            "cut-off {cutoff}: no order on or before it; pick a later date",
        ),
        "tune.data_end_early": (
            "截止日 {cutoff}：数据截至 {last}，早于其观察期结束日 {end}；请选更早的 --cutoff"
            "（或 --validate），或更短的 --horizon",
            "cut-off {cutoff}: the data end on {last}, before its horizon ends on {end}; pick an "
            "earlier --cutoff (or --validate) or a shorter --horizon",
        ),
        "tune.bad_budget": (
            "--budget：至少为 1，现为 {budget}",
            "--budget: must be 1 or more, got {budget}",
        ),
        "tune.validate_before": (
            "--validate {validate}：必须晚于 --cutoff {cutoff}",
            "--validate {validate}: must be after --cutoff {cutoff}",
        ),
    }
)

Objective = Literal["capture", "spearman"]
Weights = dict[str, dict[str, Any]]  # {dimension: {"weight": w, "metrics": {metric: w}}}


@dataclass(frozen=True)
class Split:
    """One cut-off: the customer table of the run as of it and the next horizon's revenue."""

    cutoff: dt.date
    customers: pd.DataFrame
    future: pd.Series


@dataclass(frozen=True)
class TierTune:
    """The tier cut-off search (``--tiers``): ``base``/``best`` are the shares (method
    ``quantile``) or the ``min_score`` cut-offs (``absolute``, all tiers but the last);
    ``figures`` as in :class:`TuneResult`, of the separation (η²)."""

    method: str
    names: tuple[str, ...]
    base: tuple[float, ...]
    best: tuple[float, ...]
    figures: dict[str, dict[str, float]]
    recommended: bool


@dataclass
class TuneResult:
    """What :func:`tune` found. ``base``/``best`` are weights; ``figures`` per (which, split):
    ``{"base": {"tune": x, "validate": y}, "tuned": {...}}``; ``recommended`` whether the tuned
    weights did at least as well as the base on the validation cut-off."""

    objective: Objective
    cutoff: dt.date
    validate: dt.date
    horizon_days: int
    evaluated: int
    base: Weights
    best: Weights
    figures: dict[str, dict[str, float]]
    recommended: bool
    other: dict[str, dict[str, float]] = field(default_factory=dict)
    tiers: TierTune | None = None

    @property
    def writes(self) -> bool:
        """Whether anything (weights or tier cut-offs) did at least as well out of sample."""
        return self.recommended or (self.tiers is not None and self.tiers.recommended)


def weights_of(cfg: ScoringConfig) -> Weights:
    return {
        d: {"weight": dim.weight, "metrics": {m: mc.weight for m, mc in dim.metrics.items()}}
        for d, dim in cfg.dimensions.items()
    }


def with_weights(cfg: ScoringConfig, weights: Weights) -> ScoringConfig:
    dims = {}
    for d, dim in cfg.dimensions.items():
        metrics = {
            m: mc.model_copy(update={"weight": float(weights[d]["metrics"][m])})
            for m, mc in dim.metrics.items()
        }
        dims[d] = dim.model_copy(update={"weight": float(weights[d]["weight"]), "metrics": metrics})
    return cfg.model_copy(update={"dimensions": dims})


def score(split: Split, cfg: ScoringConfig, objective: Objective) -> tuple[float, float]:
    """(objective, the other measure) of *cfg*'s composite on *split*: top-20% capture and
    Spearman, over the scored customers."""
    out = scoring.classify(Context(split.customers, pd.DataFrame(), split.cutoff), cfg)
    composite = out.columns["composite_score"]
    scored = composite.notna()
    revenue = split.future.reindex(composite.index).fillna(0.0)[scored]
    comp = composite[scored].astype("float64")
    capture = capture_curve(comp, revenue, (TOP_SHARE,))[0]
    rho = 0.0
    if comp.nunique() > 1 and revenue.nunique() > 1:
        rho = float(spearmanr(comp, revenue).statistic)
    return (capture, rho) if objective == "capture" else (rho, capture)


def _normalised(weights: Weights) -> Weights:
    out: Weights = {}
    total_d = sum(v["weight"] for v in weights.values()) or 1.0
    for d, v in weights.items():
        total_m = sum(v["metrics"].values()) or 1.0
        out[d] = {
            "weight": round(v["weight"] / total_d, 2),
            "metrics": {m: round(w / total_m, 2) for m, w in v["metrics"].items()},
        }
        if not any(w > 0 for w in out[d]["metrics"].values()):
            best = max(v["metrics"], key=lambda m: v["metrics"][m])
            out[d]["metrics"][best] = 1.0
    if not any(v["weight"] > 0 for v in out.values()):
        first = next(iter(out))
        out[first]["weight"] = 1.0
    return out


def _random(base: Weights, rng: np.random.Generator) -> Weights:
    out: Weights = {}
    for d, v in base.items():
        metrics = {m: float(rng.uniform()) * (rng.uniform() >= 0.2) for m in v["metrics"]}
        out[d] = {"weight": float(rng.uniform()) * (rng.uniform() >= 0.2), "metrics": metrics}
    return _normalised(out)


def _perturb(best: Weights, rng: np.random.Generator) -> Weights:
    def move(w: float) -> float:
        if rng.uniform() < 0.1:
            return 0.0 if w > 0 else float(rng.uniform(0.05, 0.5))
        return float(w * np.exp(rng.normal(0.0, 0.5)))

    out: Weights = {
        d: {"weight": move(v["weight"]), "metrics": {m: move(w) for m, w in v["metrics"].items()}}
        for d, v in best.items()
    }
    return _normalised(out)


def tier_cuts(cfg: ScoringConfig) -> tuple[float, ...]:
    """The tunable tier cut-offs: shares (quantile) or min_scores of all but the last tier."""
    levels = cfg.tiers.levels
    if cfg.tiers.method == "quantile":
        total = sum(float(lv.share or 0) for lv in levels) or 1.0
        return tuple(float(lv.share or 0) / total for lv in levels)
    return tuple(float(lv.min_score or 0) for lv in levels[:-1])


def with_tier_cuts(cfg: ScoringConfig, cuts: tuple[float, ...]) -> ScoringConfig:
    key = "share" if cfg.tiers.method == "quantile" else "min_score"
    levels = [
        lv.model_copy(update={key: cuts[i]}) if i < len(cuts) else lv
        for i, lv in enumerate(cfg.tiers.levels)
    ]
    return cfg.model_copy(update={"tiers": cfg.tiers.model_copy(update={"levels": levels})})


def separation(split: Split, cfg: ScoringConfig) -> float:
    """η² of ``log(1 + next-horizon revenue)`` by tier over the tiered customers; 0 when a
    tier's mean is above the mean of the tier above it, or there is nothing to separate."""
    out = scoring.classify(Context(split.customers, pd.DataFrame(), split.cutoff), cfg)
    tier = out.columns["tier"]
    tiered = tier.notna().to_numpy()
    future = split.future.reindex(tier.index).fillna(0.0).clip(lower=0.0).to_numpy()[tiered]
    y = np.log1p(future)
    order = {lv.name: i for i, lv in enumerate(cfg.tiers.levels)}
    level = tier[tiered].map(order).to_numpy(dtype=np.int64)
    total = float(((y - y.mean()) ** 2).sum()) if y.size else 0.0
    if total == 0.0:
        return 0.0
    sizes = np.bincount(level, minlength=len(order))
    sums = np.bincount(level, weights=y, minlength=len(order))
    means = sums[sizes > 0] / sizes[sizes > 0]
    if np.any(np.diff(means) > 1e-12):
        return 0.0
    return float((sizes[sizes > 0] * (means - y.mean()) ** 2).sum() / total)


def _tier_candidate(
    start: tuple[float, ...], method: str, rng: np.random.Generator
) -> tuple[float, ...] | None:
    if method == "quantile":
        shares = rng.dirichlet(np.asarray(start) * 40.0 + 1e-3)
        shares = np.maximum(np.round(shares, 2), 0.05)
        shares[-1] = round(1.0 - float(shares[:-1].sum()), 2)
        return tuple(float(x) for x in shares) if shares[-1] >= 0.05 else None
    cuts = np.round(np.clip(np.asarray(start) + rng.normal(0.0, 6.0, len(start)), 1, 99))
    ok = len(cuts) == 0 or bool(np.all(np.diff(cuts) < 0))
    return tuple(float(x) for x in cuts) if ok else None


def tune_tiers(
    train: Split, test: Split, cfg: ScoringConfig, budget: int, rng: np.random.Generator
) -> TierTune:
    """Search the tier cut-offs of *cfg* (its weights fixed) on *train*; check on *test*."""
    start = tier_cuts(cfg)
    best, best_key = start, separation(train, cfg)
    for i in range(1, budget):
        candidate = _tier_candidate(start if i % 2 else best, cfg.tiers.method, rng)
        if candidate is None:
            continue
        key = separation(train, with_tier_cuts(cfg, candidate))
        if key > best_key:
            best, best_key = candidate, key
    base_train, base_test = separation(train, cfg), separation(test, cfg)
    best_test = separation(test, with_tier_cuts(cfg, best))
    return TierTune(
        method=cfg.tiers.method,
        names=tuple(lv.name for lv in cfg.tiers.levels),
        base=start,
        best=best,
        figures={
            "base": {"tune": base_train, "validate": base_test},
            "tuned": {"tune": best_key, "validate": best_test},
        },
        recommended=best != start and best_test >= base_test,
    )


def _split(inputs: Any, cfg: Config, cutoff: dt.date, horizon: int) -> Split:
    end = cutoff + dt.timedelta(days=horizon)
    early = InputError(msg("tune.nothing_before", cutoff=str(cutoff)))
    try:
        everything = normalize(inputs.sheets, cfg, end)
    except AllAfterAsOf:  # (its horizon ends before the first order too)
        raise early from None
    known = everything.lines["order_date"]
    if known.empty or known.min() > pd.Timestamp(cutoff):
        raise early
    if ends_before(everything, end):
        raise InputError(
            msg(
                "tune.data_end_early",
                cutoff=str(cutoff),
                last=str(known.max().date()),
                end=str(end),
            )
        )
    tables = normalize(inputs.sheets, cfg, cutoff)
    result = run(tables, cfg, inputs)
    future = outcomes(as_then(everything, tables), cutoff, horizon)["future_revenue"]
    return Split(cutoff, result.customers, future)


def tune(
    files: list[Path],
    base: Config,
    cutoff: dt.date,
    horizon_days: int,
    *,
    validate: dt.date | None = None,
    objective: Objective = "capture",
    budget: int = 200,
    seed: int = 12,
    orders: list[Path] | None = None,
    customers: list[Path] | None = None,
    inquiries: list[Path] | None = None,
    activities: list[Path] | None = None,
    tick: Callable[[int, int], None] | None = None,
    tiers: bool = False,
) -> TuneResult:
    """Search the weights on *cutoff*, validate on *validate* (default cutoff + horizon); with
    *tiers*, then the tier cut-offs; see the module docstring. *tick(done, total)* is called
    after each weight candidate."""
    if horizon_days <= 0:
        raise InputError(msg("backtest.bad_horizon", horizon=str(horizon_days)))
    if budget < 1:
        raise InputError(msg("tune.bad_budget", budget=str(budget)))
    later = validate or cutoff + dt.timedelta(days=horizon_days)
    if later <= cutoff:
        raise InputError(msg("tune.validate_before", validate=str(later), cutoff=str(cutoff)))
    cfg = predicting(base, horizon_days)
    inputs = load_inputs(
        files,
        cfg,
        orders=orders,
        customers=customers,
        inquiries=inquiries,
        activities=activities,
    )
    train = _split(inputs, cfg, cutoff, horizon_days)
    test = _split(inputs, cfg, later, horizon_days)
    rng = np.random.default_rng(seed)
    start = weights_of(cfg.scoring)
    best, best_key = start, score(train, cfg.scoring, objective)
    if tick:
        tick(1, budget)
    for i in range(1, budget):
        candidate = _random(start, rng) if i % 2 else _perturb(best, rng)
        key = score(train, with_weights(cfg.scoring, candidate), objective)
        if key > best_key:
            best, best_key = candidate, key
        if tick:
            tick(i + 1, budget)
    base_test = score(test, cfg.scoring, objective)
    best_test = score(test, with_weights(cfg.scoring, best), objective)
    base_train = score(train, cfg.scoring, objective)
    recommended = best_test[0] >= base_test[0] and best != start
    tier_result = None
    if tiers:
        kept = with_weights(cfg.scoring, best) if recommended else cfg.scoring
        tier_result = tune_tiers(train, test, kept, budget, rng)
    return TuneResult(
        objective=objective,
        cutoff=cutoff,
        validate=later,
        horizon_days=horizon_days,
        evaluated=budget,
        base=start,
        best=best,
        figures={
            "base": {"tune": base_train[0], "validate": base_test[0]},
            "tuned": {"tune": best_key[0], "validate": best_test[0]},
        },
        recommended=recommended,
        tiers=tier_result,
        other={
            "base": {"tune": base_train[1], "validate": base_test[1]},
            "tuned": {"tune": best_key[1], "validate": best_test[1]},
        },
    )


def _figure(value: float, capture: bool) -> str:
    """A figure as read: a revenue share as a percent (72.87%), a rank correlation as is."""
    return f"{value:.2%}" if capture else f"{value:.4f}"


def verdict(result: TuneResult, output: str) -> list[Message]:
    """What ``tiercli tune`` tells: the search, base and tuned figures on both cut-offs, and
    what was written to *output* (the caller writes :func:`tuned_yaml` when ``result.writes``)."""
    cutoff, later = str(result.cutoff), str(result.validate)
    capture = result.objective == "capture"
    name = msg("tune.capture" if capture else "tune.spearman")
    other = msg("tune.spearman" if capture else "tune.capture")

    def shown(value: float) -> str:
        return _figure(value, capture)

    said = [
        msg("tune.title", objective=name, cutoff=cutoff, n=result.evaluated, validate=later,
            horizon=result.horizon_days),
    ]  # fmt: skip
    for which, label in (("base", msg("tune.base")), ("tuned", msg("tune.tuned"))):
        fig, alt = result.figures[which], result.other[which]
        said.append(
            msg("tune.row", which=label, cutoff=cutoff, tune=shown(fig["tune"]), validate=later,
                test=shown(fig["validate"]), other_name=other,
                other=_figure(alt["validate"], not capture))
        )  # fmt: skip
    t = result.tiers
    if t is not None:
        for which, label in (("base", msg("tune.tiers_base")), ("tuned", msg("tune.tiers_tuned"))):
            cuts = " · ".join(
                f"{n} {c:.0%}" if t.method == "quantile" else f"{n} ≥ {c:g}"
                for n, c in zip(t.names, t.base if which == "base" else t.best, strict=False)
            )
            said.append(
                msg("tune.tiers_row", which=label, cuts=cuts, cutoff=cutoff,
                    tune=t.figures[which]["tune"], validate=later,
                    test=t.figures[which]["validate"])
            )  # fmt: skip
    f = result.figures
    if result.recommended:
        said.append(msg("tune.wrote", validate=later, path=output))
    elif result.best == result.base:
        # "weights kept" when the tier cut-offs were written, "nothing written" otherwise
        said.append(msg("tune.same_kept" if result.writes else "tune.same", cutoff=cutoff))
    else:
        said.append(
            msg("tune.worse_kept" if result.writes else "tune.worse", validate=later,
                test=shown(f["tuned"]["validate"]), base=shown(f["base"]["validate"]))
        )  # fmt: skip
    if t is not None:
        if t.recommended:
            said.append(msg("tune.tiers_kept", validate=later, path=output))
        elif t.best == t.base:
            said.append(msg("tune.tiers_same", cutoff=cutoff))
        else:
            said.append(
                msg("tune.tiers_worse", validate=later, test=t.figures["tuned"]["validate"],
                    base=t.figures["base"]["validate"])
            )  # fmt: skip
    return said


def tuned_yaml(
    result: TuneResult, base_text: str | None, sources: list[str], base: ScoringConfig
) -> str:
    """The tuned config: the base YAML (if any) with ``scoring: dimensions:`` weights replaced
    (when they held up out of sample) and ``scoring: tiers: levels:`` (when the tier cut-offs
    were tuned and held up), under a header stating the data, dates, objective and figures."""
    data: dict[str, Any] = yaml.safe_load(base_text or "") or {}
    scoring_part = dict(data.get("scoring") or {})
    dims_in = dict(scoring_part.get("dimensions") or {})
    dims: dict[str, Any] = {}
    weights = result.best if result.recommended else result.base
    for d, v in weights.items():
        given = dict(dims_in.get(d) or {})
        metrics_in = dict(given.get("metrics") or {})
        metrics = {}
        for m, w in v["metrics"].items():
            spec = base.dimensions[d].metrics[m].model_dump(exclude_none=True)
            if not spec.get("if_present"):
                spec.pop("if_present", None)
            spec.update(dict(metrics_in.get(m) or {}))
            spec["weight"] = w
            metrics[m] = spec
        dims[d] = {**given, "weight": v["weight"], "metrics": metrics}
    scoring_part["dimensions"] = dims
    t = result.tiers
    if t is not None and t.recommended:
        tuned = with_tier_cuts(base, t.best).tiers
        scoring_part["tiers"] = {
            **dict(scoring_part.get("tiers") or {}),
            "method": tuned.method,
            "levels": [lv.model_dump(exclude_none=True) for lv in tuned.levels],
        }
    data["scoring"] = scoring_part
    f = result.figures
    objective = msg("tune.capture" if result.objective == "capture" else "tune.spearman")
    said = [
        msg("tune.yaml_source", sources=", ".join(sources)),
        msg("tune.yaml_objective", objective=objective, horizon=result.horizon_days),
        msg("tune.yaml_search", cutoff=str(result.cutoff), n=result.evaluated,
            validate=str(result.validate)),
        msg("tune.yaml_figures", what=objective, cutoff=str(result.cutoff),
            validate=str(result.validate), base=f["base"]["tune"], tuned=f["tuned"]["tune"],
            base_test=f["base"]["validate"], tuned_test=f["tuned"]["validate"]),
    ]  # fmt: skip
    if t is not None and t.recommended:
        g = t.figures
        said.append(
            msg("tune.yaml_tiers", method=t.method, cutoff=str(result.cutoff),
                validate=str(result.validate), base=g["base"]["tune"], tuned=g["tuned"]["tune"],
                base_test=g["base"]["validate"], tuned_test=g["tuned"]["validate"])
        )  # fmt: skip
    if not result.recommended:
        said.append(msg("tune.yaml_base_weights"))
    # The header in both languages, as in the shipped configs' comments (English line first).
    header = [f"# {m.render(lang)}" for m in said for lang in ("en", "zh")] + [""]
    return "\n".join(header) + yaml.safe_dump(
        data, allow_unicode=True, sort_keys=False, default_flow_style=None, width=100
    )
