"""The playbook (资源分配 / 服务层级): per customer, the action, service level, contact
frequency and channel of the first rule whose conditions all hold.

Input: label columns named in the rules' ``when`` (``lifecycle``, ``rfm_segment``,
``abc_class``, ``tier``, …), so the playbook runs after the classifiers that make them. Output:
``action, service_level, contact_frequency, channel`` (the rule's English text as the value; both
languages go to the writers as labels), indexed by customer_id.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from tiercli.catalogue import Both, Col, Message, Val, define, msg
from tiercli.classifiers.base import Classified, Classifier, Context, Explanation
from tiercli.codes import texts_by_code
from tiercli.config.models import PlaybookConfig
from tiercli.errors import close_matches, did_you_mean
from tiercli.schema import Column

FIELDS = ("action", "service_level", "contact_frequency", "channel")
COLUMNS = tuple(
    Column(name, "label", zh, en, "playbook", definition, open=True)
    for name, zh, en, definition in (
        ("action", "行动建议", "Action", "What to do with the customer (first matching rule)"),
        ("service_level", "服务层级", "Service level", "The service the rule gives"),
        ("contact_frequency", "联系频率", "Contact frequency", "How often to get in touch"),
        ("channel", "联系渠道", "Channel", "How to get in touch"),
    )
)
MESSAGES = {
    "playbook.missing_column": (
        "行动规则：第 {i} 条规则需要“{column}”列，本次没有（对应分类未启用或缺少数据），此规则不生效",
        "playbook: rule {i} needs column '{column}', which this run does not have "
        "(its classifier is disabled or lacks data); the rule never matches",
    ),
    "playbook.rule": (
        "第 {i} 条规则（共 {n} 条；{when}）",
        "rule {i} of {n} ({when})",
    ),
    "playbook.everyone": ("其余所有客户", "everyone else"),
    "playbook.condition": ("{column}为 {values}", "{column} in {values}"),
    "playbook.and": ("{a}，且{b}", "{a} and {b}"),
    "playbook.unknown_column": (
        "{where}：没有“{column}”这一列。{hint}",
        "{where}: unknown column '{column}'.{hint}",
    ),
    "playbook.disabled_column": (
        "{where} -> {column}：“{column}”列由 {section} 生成，而 {section} 已停用（{section_off}）；"
        "请启用它（{section_on}）或删除这条规则",
        "{where} -> {column}: column '{column}' is made by {section}, which is disabled "
        "({section_off}); enable it ({section_on}) or remove the rule",
    ),
    "playbook.label_columns": ("可用的标签列：{names}。", " Label columns: {names}."),
    "playbook.unknown_value": (
        "{where} -> {column}：“{value}”不是它的取值之一。{closest}它的取值：{values}。",
        "{where} -> {column}: '{value}' is not one of its values.{closest} Its values: {values}.",
    ),
}
define(MESSAGES)


def _conditions(
    customers: pd.DataFrame, cfg: PlaybookConfig
) -> tuple[list[np.ndarray], list[Message]]:
    """Per rule, the rows whose labels satisfy all its conditions (a missing column: none)."""
    warnings: list[Message] = []
    conditions = []
    for i, rule in enumerate(cfg.rules, start=1):
        hit = pd.Series(True, index=customers.index)
        for column, values in rule.when.items():
            if column not in customers:
                warnings.append(msg("playbook.missing_column", i=i, column=Col(column)))
                hit &= False
                continue
            hit &= customers[column].astype("string").isin(values).fillna(False).astype(bool)
        conditions.append(hit.to_numpy())
    return conditions, warnings


def classify(ctx: Context, cfg: PlaybookConfig) -> Classified:
    customers = ctx.customers
    if not cfg.rules:
        return Classified(pd.DataFrame(index=customers.index))
    conditions, warnings = _conditions(customers, cfg)
    columns = pd.DataFrame(index=customers.index)
    labels: dict[str, dict[str, tuple[str, str]]] = {}
    # Each customer's rule (0: none), then each field's text taken from the rules' by it: not
    # a text array per field built by select and converted (450k customers: 0.6 s in all).
    rule_no = np.select(conditions, list(range(1, len(conditions) + 1)), default=0)
    for name in FIELDS:
        choices = [getattr(rule, name).en or None for rule in cfg.rules]  # "" shown as empty
        columns[name] = texts_by_code(choices, rule_no - 1, customers.index)
        labels[name] = {
            getattr(r, name).en: (getattr(r, name).zh, getattr(r, name).en) for r in cfg.rules
        }
    used = pd.Series(rule_no).value_counts().sort_index()
    details = {"customers_per_rule": {int(k): int(v) for k, v in used.items() if k}}
    return Classified(columns, details, warnings, labels)


def explain(
    customers: pd.DataFrame, cid: str, cfg: PlaybookConfig, details: dict[str, Any]
) -> Explanation:
    """The first rule whose conditions the customer's labels meet (the one classify applied)."""
    values = {name: customers.loc[cid, name] for name in FIELDS if name in customers}
    if not cfg.rules:
        return Explanation(values)
    conditions, _ = _conditions(customers.loc[[cid]], cfg)
    hits = [i for i, hit in enumerate(conditions) if hit[0]]
    if not hits:
        return Explanation(values)
    i = hits[0]
    rule = cfg.rules[i]
    parts = [
        msg(
            "playbook.condition",
            column=Col(column),
            values=[Val(column, v) for v in allowed],
        )
        for column, allowed in rule.when.items()
    ]
    when: Any = parts[0] if parts else msg("playbook.everyone")
    for part in parts[1:]:
        when = msg("playbook.and", a=when, b=part)
    inputs = {column: customers.loc[cid, column] for column in rule.when if column in customers}
    return Explanation(values, inputs, [msg("playbook.rule", i=i + 1, n=len(cfg.rules), when=when)])


@functools.lru_cache(maxsize=1)
def _shipped_rules() -> list[Any]:
    """The default config's playbook rules (read from the shipped YAML: no config check)."""
    from tiercli.config.shipped import shipped_yaml

    return list(PlaybookConfig.model_validate(shipped_yaml("default.yaml")["playbook"]).rules)


def check(
    cfg: PlaybookConfig, known: Mapping[str, Mapping[str, tuple[str, str]] | None]
) -> list[Message]:
    """A rule naming a column no run has, or a value its column never holds, matches no one:
    each such name or value as a ``playbook -> rules -> i -> when`` problem with the closest
    valid choice (a column of a disabled step: the step to enable)."""
    from tiercli.classifiers.registry import maker  # (the registry imports this module)

    names = [name for name in known if name not in FIELDS]
    problems: list[Message] = []
    # The shipped rules stay usable with a step turned off (abc: {enabled: false} alone): their
    # rules on its column never match, and the run warns so; rules the user wrote must not.
    shipped = cfg.rules == _shipped_rules()
    for i, rule in enumerate(cfg.rules):
        where = f"playbook -> rules -> {i} -> when"
        for column, values in rule.when.items():
            step = maker(column) if column not in known else None
            if step is not None and shipped:
                continue
            made = [c for c in step.provides if c.name == column] if step else []
            if step is not None and made[0].kind in ("label", "text"):  # else: not a label
                problems.append(
                    msg(
                        "playbook.disabled_column",
                        where=where,
                        column=column,
                        section=step.section,
                        section_off=f"{step.section} -> enabled: false",
                        section_on=f"{step.section} -> enabled: true",
                    )
                )
                continue
            if column not in names:
                hint = did_you_mean(column, names) or msg("playbook.label_columns", names=names)
                problems.append(
                    msg("playbook.unknown_column", where=where, column=column, hint=hint)
                )
                continue
            labels = known[column]
            if labels is None:
                continue
            for value in values:
                if value not in labels:
                    problems.append(
                        msg(
                            "playbook.unknown_value",
                            where=where,
                            column=column,
                            value=value,
                            closest=_closest(value, labels),
                            values=list(labels),
                        )
                    )
    return problems


def _closest(value: str, labels: Mapping[str, tuple[str, str]]) -> Message | str:
    """The code the user meant: the one whose code or zh/en label *value* is, or is closest to."""
    by_text = {text: code for code, both in labels.items() for text in (code, *both)}
    folded = {text.casefold(): code for text, code in by_text.items()}
    code = folded.get(value.strip().casefold())
    if code is None:
        close = close_matches(value, by_text)
        code = by_text[close[0]] if close else None
    return msg("errors.did_you_mean", choice=code) if code is not None else ""


def _values(cfg: PlaybookConfig) -> dict[str, dict[str, tuple[str, str]]]:
    """The texts the rules give each field ({en: (zh, en)}), for the steps that read them
    (contact gaps' ``every_days``)."""
    return {
        name: {getattr(r, name).en: (getattr(r, name).zh, getattr(r, name).en) for r in cfg.rules}
        for name in FIELDS
    }


def _reads(cfg: PlaybookConfig) -> list[str]:
    return sorted({column for rule in cfg.rules for column in rule.when})


CLASSIFIER = Classifier(
    name="playbook",
    title=Both("行动建议", "Playbook"),
    section="playbook",
    settings=lambda cfg: cfg.playbook,
    requires=(),
    provides=COLUMNS,
    classify=classify,
    explain=explain,
    reads=_reads,
    values=_values,
    check=check,
    messages=MESSAGES,
)
