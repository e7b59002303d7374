"""Each step's settings and results (its ``details``) as the Config sheet shows them: one row a
setting, its path and value in the reader's language.

A path is made of the details' keys. A key that is a column shows the column's header; a key
that is a label code (``star``, ``active``, ``S``) shows its label — of the column its parent key
names (``profit_class.high``, ``quadrant_counts.star``), else of the step's own columns; a
common word of the details (``customers``, ``counts``, ``method``) shows its translation; any
other key is a config key and stays as written. A value that is a code of the column its key
names (``cluster: typical``, ``inquiry_channel.rules: referral, …``) shows its label, and a
:class:`~tiercli.catalogue.Message` is rendered.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tiercli import schema
from tiercli.catalogue import Labels, Lang, Message

# The plain words the details use as keys (the rest are config keys: snake_case, kept).
WORDS: dict[str, tuple[str, str]] = {
    "a": ("A 类界限", "a"),
    "antecedent": ("已购产品线", "antecedent"),
    "consequent": ("推荐产品线", "consequent"),
    "b": ("B 类界限", "b"),
    "basis": ("依据", "basis"),
    "buyers": ("成交客户", "buyers"),
    "by": ("依据", "by"),
    "centre": ("中心", "centre"),
    "chosen": ("选用", "chosen"),
    "clusters": ("客户群", "clusters"),
    "column": ("列", "column"),
    "confidence": ("置信度", "confidence"),
    "counts": ("人数", "counts"),
    "customers": ("客户数", "customers"),
    "features": ("特征", "features"),
    "frequency": ("购买频次", "frequency"),
    "high": ("高档界限", "high"),
    "k": ("客户群数", "k"),
    "large": ("大档界限", "large"),
    "level": ("层级", "level"),
    "levels": ("档数", "levels"),
    "mean": ("均值", "mean"),
    "median": ("中位数", "median"),
    "medium": ("中档界限", "medium"),
    "method": ("方法", "method"),
    "metrics": ("指标", "metrics"),
    "mid": ("中档界限", "mid"),
    "monetary": ("购买金额", "monetary"),
    "notes": ("说明", "notes"),
    "order": ("顺序", "order"),
    "overrides": ("手工指定", "overrides"),
    "pairs": ("组合", "pairs"),
    "recency": ("最近购买", "recency"),
    "recommended": ("建议", "recommended"),
    "rules": ("规则", "rules"),
    "silhouette": ("轮廓系数", "silhouette"),
    "small": ("小档界限", "small"),
    "std": ("标准差", "std"),
    "support": ("支持度", "support"),
    "traits": ("特征标签", "traits"),
    "unknown": ("未知", "unknown"),
    "unmatched": ("未匹配", "unmatched"),
    "unresolved": ("未识别", "unresolved"),
    "value": ("依据值", "value"),
    "weight": ("权重", "weight"),
    "weights": ("权重", "weights"),
    # the steps' results (config keys echoed in the details stay as written)
    "actual_purchase_days": ("实际下单天数", "actual purchase days"),
    "calibration_end": ("校准期截止", "calibration end"),
    "centre_z": ("中心（标准化）", "centre (standardized)"),
    "constant_metrics": ("取值都相同的指标", "constant metrics"),
    "customers_per_rule": ("各规则客户数", "customers per rule"),
    "customers_per_score": ("各得分客户数", "customers per score"),
    "cut_points": ("分档界限", "cut points"),
    "derived_metrics": ("派生指标", "derived metrics"),
    "dropped_metrics": ("未用的指标", "dropped metrics"),
    "frequency_source": ("频次依据", "frequency from"),
    "from_employees": ("按员工数", "from employees"),
    "from_label": ("按规模标签", "from size label"),
    "from_label_number": ("按标签中的数字", "from a number in the label"),
    "from_rules": ("按规则", "from rules"),
    "holdout_days": ("留出期天数", "holdout days"),
    "hours_asked": ("所需工时", "hours asked"),
    "large_order_threshold": ("大单界限", "large-order threshold"),
    "large_order_threshold_from": ("大单界限来自", "large-order threshold from"),
    "large_order_value": ("大单依据", "large-order value"),
    "left_out": ("未参与", "left out"),
    "log1p": ("对数变换", "log(1 + x)"),
    "matrix_cuts": ("矩阵界限", "matrix cut-offs"),
    "model_choice": ("模型选择", "model choice"),
    "monetary_source": ("金额依据", "monetary from"),
    "money_asked": ("所需费用", "money asked"),
    "non_positive_class": ("非正值归入", "class of non-positive values"),
    "non_positive_spend_customers": ("消费非正的客户", "customers with non-positive spend"),
    "purchase_model": ("购买次数模型", "purchase model"),
    "pyramid_by": ("金字塔依据", "pyramid by"),
    "pyramid_counts": ("金字塔各层客户数", "pyramid counts"),
    "pyramid_cutoffs": ("金字塔界限", "pyramid cut-offs"),
    "pyramid_shares": ("金字塔累计占比", "pyramid shares"),
    "quadrant_counts": ("各象限客户数", "quadrant counts"),
    "repeat_customers": ("多次购买的客户", "repeat customers"),
    "scored_customers": ("参与评分的客户", "scored customers"),
    "spend_customers": ("有正消费的多次购买客户", "repeat customers with positive spend"),
    "tier_counts": ("各等级客户数", "tier counts"),
    "tier_cutoffs": ("等级界限", "tier cut-offs"),
    "tier_method": ("分级方法", "tier method"),
    "tier_shares": ("等级累计占比", "tier shares"),
    "unknown_buyers": ("无法归类的客户", "customers not classified"),
    "unmatched_sources": ("未匹配的来源", "unmatched sources"),
    "unread_labels": ("无法识别的标签", "unread labels"),
    **{
        f"{model}_{name}": (f"{shown} {word}", f"{shown} {en}")
        for model, shown in (("bgnbd", "BG/NBD"), ("mbgnbd", "MBG/NBD"))
        for name, word, en in (
            ("r", "r", "r"),
            ("alpha", "α", "α"),
            ("a", "a", "a"),
            ("b", "b", "b"),
            ("p_alive_auc", "存活概率 AUC", "P(alive) AUC"),
            ("deviance", "偏差", "deviance"),
            ("predicted_purchase_days", "预测下单天数", "predicted purchase days"),
        )
    },
    **{f"gamma_gamma_{k}": (f"Gamma-Gamma {k}", f"Gamma-Gamma {k}") for k in "pqv"},
}
# Values the details hold that are words of their own (methods, models, maps).
VALUES: dict[str, tuple[str, str]] = {
    "quantile": ("分位数", "quantile"),
    "thresholds": ("阈值", "thresholds"),
    "continent": ("大洲", "continent"),
    "subregion": ("次区域", "subregion"),
    "composite": ("综合评分", "composite"),
    "holdout": ("留出期检验", "holdout"),
    "eleven": ("十一类", "eleven"),
    "china8": ("经典八类", "china8"),
    "custom": ("自定义", "custom"),
    "quantity": ("数量", "quantity"),
    "mean": ("均值", "mean"),
    "median": ("中位数", "median"),
}
_SUFFIXES = ("_counts", "_cutoffs", "_shares", "_share", "_cuts", "_by")
# Keys whose keys are the values of a label column (scoring's weights: dimension names).
_ALIASES = {
    "pyramid": "pyramid_level",
    "matrix": "dimension",
    "weights": "dimension",
    "metrics": "metric",
    "derived_metrics": "metric",
    "dropped_metrics": "dimension",
    "constant_metrics": "dimension",
    "coverage": "service_level",
    "traits": "trait",  # (labelled by the clusters step, not a column)
}


def detail_rows(
    value: Any, lang: Lang, labels: Labels | None, own: Iterable[str] = ()
) -> list[tuple[str, str]]:
    """The details of one step as (path, value) rows; *own*: the step's label columns. Without
    *labels* the keys and values stay as written (the effective config's YAML keys)."""
    return list(_walk(value, [], None, lang, labels, tuple(own)))


def _walk(
    value: Any,
    path: list[str],
    column: str | None,
    lang: Lang,
    labels: Labels | None,
    own: tuple[str, ...],
) -> Iterable[tuple[str, str]]:
    if isinstance(value, dict) and value:
        for key, item in value.items():
            shown = str(key) if labels is None else _key(str(key), column, lang, labels, own)
            inner = _column(str(key)) or column  # (inquiry_channel.rules: its codes)
            yield from _walk(item, [*path, shown], inner, lang, labels, own)
        return
    if isinstance(value, list) and value and any(isinstance(v, dict | list) for v in value):
        for i, item in enumerate(value, start=1):
            here = [*path[:-1], f"{path[-1] if path else ''}[{i}]"]
            yield from _walk(item, here, column, lang, labels, own)
        return
    items = value if isinstance(value, list) else [value]
    yield ".".join(path), ", ".join(_value(v, column, lang, labels) for v in items)


def _column(key: str) -> str | None:
    """The label column a key names (``profit_class``, ``quadrant_counts``), if any."""
    for name in (key, *(key[: -len(s)] for s in _SUFFIXES if key.endswith(s))):
        if name in _ALIASES:
            return _ALIASES[name]
        found = schema.get(name)
        if found is not None and found.kind == "label":
            return name
    return None


def _key(key: str, parent: str | None, lang: Lang, labels: Labels, own: tuple[str, ...]) -> str:
    if parent is not None and labels.known(parent, key):
        return labels.value(parent, key, lang)
    pair = WORDS.get(key)
    if pair is not None:
        return pair[0] if lang == "zh" else pair[1]
    found = schema.get(key)
    if found is not None:
        return found.header(lang)
    for name in own:
        if labels.known(name, key):
            return labels.value(name, key, lang)
    return key


def _value(value: Any, column: str | None, lang: Lang, labels: Labels | None) -> str:
    if isinstance(value, Message):
        return value.render(lang, labels)
    if isinstance(value, str) and labels is not None:
        if column and labels.known(column, value):
            return labels.value(column, value, lang)
        found = schema.get(value)  # a column named as a value (value: revenue)
        if found is not None:
            return found.header(lang)
        pair = VALUES.get(value)
        if pair is not None:
            return pair[0] if lang == "zh" else pair[1]
    if isinstance(value, float):
        return f"{value:.6g}"
    if value is None:
        return "—"
    if isinstance(value, dict):
        return ""
    return str(value)
