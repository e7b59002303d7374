"""Everything a person reads, in zh and en: messages (warnings, notes, explain sentences, CLI
lines) as ``code → (zh template, en template)``, the words of the reports (sheet names, titles,
KPI names) and the lookup of value labels (the schema's, plus those a run supplies: tier names,
segment names, playbook texts from the config).

A step never writes a sentence: it returns :class:`Message` (a code and its parameters); the
writers render it in the reader's language. Parameters are localized when rendered:
:class:`Col` becomes the column's header, :class:`Val` a value's label, :class:`Both` picks its
language, a list is joined (``、`` in zh, ``, `` in en). Each module that says something declares
its templates with :func:`define` next to the code that says it; a test checks that every code has
both languages and the same placeholders in each.
"""

from __future__ import annotations

import datetime as dt
import numbers
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tiercli import schema

Lang = str  # "zh" or "en"
LabelTable = dict[str, dict[str, tuple[str, str]]]  # column → {code: (zh, en)}

MESSAGES: dict[str, tuple[str, str]] = {}


def define(templates: Mapping[str, tuple[str, str]]) -> None:
    """Add message templates (``code → (zh, en)``); a code may be defined once."""
    for code, pair in templates.items():
        if code in MESSAGES and MESSAGES[code] != tuple(pair):
            raise ValueError(f"message '{code}' is defined twice, differently")
        MESSAGES[code] = (pair[0], pair[1])


@dataclass(frozen=True)
class Col:
    """A column name, shown as its header."""

    name: str


@dataclass(frozen=True)
class Val:
    """A canonical value of a label column, shown as its label."""

    column: str
    value: str


@dataclass(frozen=True)
class Both:
    """A text given in both languages (from the config, or composed)."""

    zh: str
    en: str


@dataclass(frozen=True)
class Message:
    """Something to tell the reader: a catalogue code and its parameters."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, lang: Lang, labels: Labels | None = None) -> str:
        zh, en = MESSAGES[self.code]
        template = zh if lang == "zh" else en
        values = {k: _localize(v, lang, labels) for k, v in self.params.items()}
        return template.format(**_grouped(template, values))

    def __str__(self) -> str:
        return self.render("en")

    def as_dict(self, lang: Lang = "en", labels: Labels | None = None) -> dict[str, Any]:
        """JSON form: the code, the text in *lang* (with the run's *labels*: the terminal's
        words, not codes) and the plain parameters."""
        return {"code": self.code, "text": self.render(lang, labels), "params": plain(self.params)}


def msg(code: str, /, **params: Any) -> Message:
    """A message with *code* (which must be defined) and *params*."""
    if code not in MESSAGES:
        raise KeyError(f"message code '{code}' is not in the catalogue")
    return Message(code, params)


def placeholders(template: str) -> set[str]:
    """The parameter names a template uses."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def plain(value: Any, digits: int | None = None) -> Any:
    """A JSON-ready value: mappings and lists walked; :class:`Col` → its name, :class:`Val` → its
    code, :class:`Both` and :class:`Message` → English; missing (None, NA, NaT, NaN) → None;
    dates → ``YYYY-MM-DD``; numpy scalars unwrapped; floats rounded to *digits* when given."""
    if isinstance(value, Mapping):
        return {str(k): plain(v, digits) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v, digits) for v in value]
    if isinstance(value, Col):
        return value.name
    if isinstance(value, Val):
        return value.value
    if isinstance(value, Both):
        return value.en
    if isinstance(value, Message):
        return value.render("en")
    if value is None or type(value).__name__ in _MISSING_TYPES:  # pd.NA, pd.NaT (no pandas import)
        return None
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    if digits is not None and isinstance(value, float):
        return round(value, digits)
    return value


def pick(both: Both | None, lang: Lang) -> str:
    """A text given in both languages, in *lang* ("" for none)."""
    return "" if both is None else both.zh if lang == "zh" else both.en


_MISSING_TYPES = frozenset({"NAType", "NaTType"})


# Placeholders that hold a number read as a name, not a count: no thousands separator.
_UNGROUPED = frozenset({"row", "line", "i", "year", "first_row"})


def _grouped(template: str, values: dict[str, Any]) -> dict[str, Any]:
    """*values* with each whole number of 1,000 or more that the template shows as it is
    (no format spec of its own) written with thousands separators: 135,037 errors."""
    plain_fields = {
        name for _, name, spec, _ in string.Formatter().parse(template) if name and not spec
    }
    out = dict(values)
    for key, value in values.items():
        if (
            isinstance(value, numbers.Integral)  # (numpy's whole numbers too)
            and not isinstance(value, bool)
            and key in plain_fields
            and key not in _UNGROUPED
            and abs(int(value)) >= 1000
        ):
            out[key] = f"{int(value):,}"
    return out


def _localize(value: Any, lang: Lang, labels: Labels | None) -> Any:
    if isinstance(value, Col):
        return schema.header(value.name, lang)
    if isinstance(value, Val):
        return (labels or Labels()).value(value.column, value.value, lang)
    if isinstance(value, Both):
        return pick(value, lang)
    if isinstance(value, Message):
        return value.render(lang, labels)
    if isinstance(value, list | tuple):
        return ("、" if lang == "zh" else ", ").join(str(_localize(v, lang, labels)) for v in value)
    return value


class Labels:
    """Value labels: the schema's, overlaid with those a run supplies (config-defined names)."""

    def __init__(self, run: LabelTable | None = None) -> None:
        self.run: LabelTable = {k: dict(v) for k, v in (run or {}).items()}

    def add(self, more: Mapping[str, Mapping[str, tuple[str, str]]]) -> None:
        for column, values in more.items():
            self.run.setdefault(column, {}).update(values)

    def value(self, column: str, value: Any, lang: Lang) -> str:
        """The label of *value* in *column*; values nobody labelled are shown as they are."""
        if value is None:
            return ""
        code = str(value)
        pair = self.run.get(column, {}).get(code)
        if pair is not None:
            return pair[0] if lang == "zh" else pair[1]
        known = schema.value_label(column, code, lang)
        return code if known is None else known

    def codes(self, column: str) -> list[str]:
        """The codes of *column* in declaration order (schema first, then the run's)."""
        declared = schema.get(column)
        codes = list(declared.values) if declared else []
        return codes + [c for c in self.run.get(column, {}) if c not in codes]

    def known(self, column: str, value: str) -> bool:
        declared = schema.get(column)
        return value in self.run.get(column, {}) or bool(declared and value in declared.values)


def text(key: str, lang: Lang) -> str:
    """A word of the reports (sheet names, titles, KPI names)."""
    zh, en = TEXT[key]
    return zh if lang == "zh" else en


def render_all(messages: Iterable[Message], lang: Lang, labels: Labels | None = None) -> list[str]:
    return [m.render(lang, labels) for m in messages]


TEXT: dict[str, tuple[str, str]] = {
    "sheet_summary": ("汇总", "Summary"),
    "sheet_customers": ("客户", "Customers"),
    "sheet_quality": ("数据质量", "Data quality"),
    "sheet_config": ("配置", "Config"),
    "sheet_reactivation": ("客户盘活", "Reactivation"),
    "sheet_migration": ("等级迁移", "Migration"),
    "sheet_merges": ("合并", "Merges"),
    "no_merges": ("没有合并或建议合并的客户", "no merged or proposed customers"),
    "title": ("客户分层报告", "Customer tiers"),
    "as_of": ("截止日期", "As of"),
    "base_currency": ("本位币", "Base currency"),
    "customers": ("客户数", "Customers"),
    "buyers": ("成交客户", "Customers with orders"),
    "prospects": ("潜在客户(尚未成交)", "Prospects (no orders yet)"),
    "orders": ("订单数", "Orders"),
    "revenue": ("销售额", "Revenue"),
    "returns_only": ("仅有退货的客户", "Customers with returns only"),
    "active": ("活跃客户", "Active customers"),
    "row_count": ("行数", "Rows"),
    "inputs": ("输入文件", "Inputs"),
    "rows": ("行数核对", "Row reconciliation"),
    "rejects": ("拒收明细", "Rejected rows"),
    "warnings": ("提醒", "Warnings"),
    "notes": ("说明", "Notes"),
    "no_rejects": ("没有未使用的行", "No rows set aside"),
    "rejects_split": (
        "未使用的行：错误待修正 {errors} 行（排在前面），按规则排除 {excluded} 行，完全重复 "
        "{duplicates} 行",
        "Rows set aside: {errors} errors to fix (listed first), {excluded} left out by rule, "
        "{duplicates} exact duplicate(s)",
    ),
    "errors_to_fix": ("错误待修正（请在导出文件中修正）", "Errors to fix (in the export)"),
    "rows_to_fix": ("待修正的行", "Rows to fix"),
    "rows_to_fix_more": (
        "共 {n} 行；全部列在 tiercli segment 写出的“数据质量”表（或 -o 表.csv 旁的 _rejects.csv）",
        "{n} in all; every one is on the Data quality sheet tiercli segment writes (or in the "
        "_rejects.csv beside -o table.csv)",
    ),
    "left_out": ("按规则排除（无需处理）", "Left out by rule (nothing to fix)"),
    "effective_config": ("生效配置(YAML)", "Effective config (YAML)"),
    "file": ("文件", "File"),
    "size": ("大小(字节)", "Size (bytes)"),
    "sha256": ("SHA-256", "SHA-256"),
    "version": ("tiercli 版本", "tiercli version"),
    "generated": ("生成时间", "Generated"),
    "columns_used": ("列映射", "Columns used"),
    "chart_pareto": (
        "帕累托曲线：前 x% 客户贡献的销售额",
        "Pareto curve: revenue held by the top x% of customers",
    ),
    "table_pareto": ("帕累托曲线", "Pareto curve"),
    "table_trade": ("外贸九维分类", "Nine foreign-trade dimensions"),
    "table_labels": ("分群与分类", "Segments and classes"),
    "dimension": ("维度", "Dimension"),
    "distribution": ("分布（客户数）", "Distribution (customers)"),
    "distribution_shares": (
        "分布（客户数与销售额占比）",
        "Distribution (customers, revenue share)",
    ),
    "explain_metrics": ("指标", "Metrics"),
    "explain_metric": ("指标", "Metric"),
    "explain_raw": ("原始值", "Raw"),
    "explain_normalized": ("标准化(0-1)", "Normalized (0-1)"),
    "explain_weight": ("权重", "Weight"),
    "explain_points": ("得分", "Points"),
    "explain_label": ("分类", "Label"),
    "explain_from": ("依据", "From"),
    "points": ("分", "points"),
    "scoring_block": (
        "评分如何构成（维度、指标与权重）",
        "How scores are built (dimensions, metrics, weights)",
    ),
    "details": ("各步骤的参数与结果", "Settings and results of each step"),
    "setting": ("项目", "Setting"),
    "setting_value": ("值", "Value"),
    "migration_matrix": (
        "等级迁移矩阵（行：上期，列：本期）",
        "Tier migration (rows: previous run, columns: this run)",
    ),
    "movers": ("等级变化的客户", "Customers whose tier changed"),
    "gone": ("本期消失的客户", "Customers no longer in the data"),
    "table_movement": ("等级变化（对比上期）", "Movement against the previous run"),
    "cutoff": ("截止日", "Cut-off"),
    "horizon": ("观察期", "Horizon"),
    "days": ("天", "days"),
    "backtest_tiers": ("各等级在观察期内的表现", "what each tier did next"),
    "backtest_compare": ("配置对比", "Configs compared"),
    "config": ("配置", "Config"),
    "spearman": ("秩相关 ρ（综合分～后续销售额）", "Rank corr. ρ (score ~ future)"),
    "top_capture": ("最高等级销售额占比", "Top tier revenue share"),
    "top_lift": ("最高等级提升倍数", "Top tier lift"),
    "list_more": (
        "共 {n} 位，完整名单见工作簿“{sheet}”表",
        "{n} in all; the full list is on the workbook's {sheet} sheet",
    ),
    "list_more_no_workbook": (
        "共 {n} 位；完整名单见工作簿的“{sheet}”表（-o 文件名.xlsx）",
        "{n} in all; all on a workbook's {sheet} sheet (-o NAME.xlsx)",
    ),
    "default_config": ("内置默认配置", "built-in default"),
}
