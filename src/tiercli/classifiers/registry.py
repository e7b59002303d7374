"""The classifier registry: every classifier's record, in reading order, and the plan of a run.

Adding a classifier is one module (its columns, messages, ``classify``, ``summarise``,
``explain`` and a :class:`~tiercli.classifiers.base.Classifier` record named ``CLASSIFIER``), its
config section, and one line in :data:`REGISTRY` below. The pipeline runs the enabled ones in an
order that puts every step after the steps whose columns it reads (:func:`plan`); a step that
needs a column no enabled step makes, or a cycle, is a :class:`~tiercli.errors.ConfigError`
before any data is read.
"""

from __future__ import annotations

from typing import Any

from tiercli import schema
from tiercli.catalogue import Message, define, msg
from tiercli.classifiers import (
    abc,
    clusters,
    clv,
    contact_gaps,
    cross_sell,
    lifecycle,
    playbook,
    reactivation,
    resources,
    rfm,
    scoring,
    trade,
)
from tiercli.classifiers.base import LINES, Classifier
from tiercli.errors import ConfigError

MESSAGES = {
    "registry.cycle": (
        "这些步骤互相读取对方生成的列，形成了循环：{cycle}",
        "these steps read each other's columns in a cycle: {cycle}",
    ),
    "registry.reads": ("{section}（读取 {columns}）", "{section} (reads {columns})"),
    "registry.needs_column": (
        "{section}：需要“{column}”列，但没有启用的步骤生成它；{fix}",
        "{section}: needs column '{column}', which no enabled step makes; {fix}",
    ),
    "registry.enable": (
        "请启用 {maker}（{maker_on}）或停用 {section}（{section_off}）",
        "enable {maker} ({maker_on}) or disable {section} ({section_off})",
    ),
    "registry.no_maker": ("没有哪个分类会生成它", "no classifier makes it"),
}
define(MESSAGES)

REGISTRY: list[Classifier] = [
    clv.CLASSIFIER,
    scoring.CLASSIFIER,
    rfm.CLASSIFIER,
    abc.CLASSIFIER,
    lifecycle.CLASSIFIER,
    trade.CLASSIFIER,
    playbook.CLASSIFIER,
    reactivation.CLASSIFIER,
    contact_gaps.CLASSIFIER,
    resources.CLASSIFIER,
    clusters.CLASSIFIER,
    cross_sell.CLASSIFIER,
]
"""Every classifier, in the order their tables are shown (the run order follows the columns)."""

for _record in REGISTRY:
    schema.register(_record.provides)


def register(record: Classifier) -> None:
    """Add a classifier (a plug-in, or a test's toy one) with its columns."""
    schema.register(record.provides)
    REGISTRY.append(record)


def unregister(name: str) -> None:
    for record in [r for r in REGISTRY if r.name == name]:
        REGISTRY.remove(record)
        schema.unregister(record.columns)


def enabled(cfg: Any) -> list[tuple[Classifier, Any]]:
    """The enabled classifiers with their settings, in registry order."""
    out = []
    for record in REGISTRY:
        settings = record.settings(cfg)
        if getattr(settings, "enabled", True):
            out.append((record, settings))
    return out


def plan(cfg: Any) -> list[tuple[Classifier, Any]]:
    """The enabled classifiers in run order: each after the steps that make what it reads.

    Raises ConfigError when a step requires a column that neither the customer table nor an
    enabled step provides (naming the step to enable), or when steps read each other's columns
    in a cycle.
    """
    steps = enabled(cfg)
    needs = _needs(steps)
    ordered: list[tuple[Classifier, Any]] = []
    done: set[str] = set()
    pending = list(steps)
    while pending:
        ready = [(r, s) for r, s in pending if needs[r.name] <= done]
        if not ready:
            cycle = [
                msg("registry.reads", section=r.section, columns=str(sorted(needs[r.name] - done)))
                for r, _ in pending
            ]
            raise ConfigError(msg("registry.cycle", cycle=cycle))
        ordered.append(ready[0])
        done.add(ready[0][0].name)
        pending.remove(ready[0])
    return ordered


def _needs(steps: list[tuple[Classifier, Any]]) -> dict[str, set[str]]:
    """Each step's name → the names of the steps whose columns it reads (ConfigError for a
    column no enabled step makes)."""
    made_by = {c: record.name for record, _ in steps for c in record.columns}
    every = {c: record for record in REGISTRY for c in record.columns}
    base = set(schema.CUSTOMER_TABLE) | {LINES}
    needs: dict[str, set[str]] = {}
    for record, settings in steps:
        deps: set[str] = set()
        for column in record.requires:
            if column in base:
                continue
            if column in made_by:
                deps.add(made_by[column])
                continue
            maker = every.get(column)
            fix = (
                msg(
                    "registry.enable",
                    maker=maker.section,
                    maker_on=f"{maker.section} -> enabled: true",
                    section=record.section,
                    section_off=f"{record.section} -> enabled: false",
                )
                if maker
                else msg("registry.no_maker")
            )
            raise ConfigError(
                msg("registry.needs_column", section=record.section, column=column, fix=fix)
            )
        deps |= {made_by[c] for c in record.reads(settings) if c in made_by}
        deps.discard(record.name)
        needs[record.name] = deps
    return needs


def columns(cfg: Any) -> dict[str, dict[str, tuple[str, str]] | None]:
    """The text and label columns a run's customer table can hold (the customer table's and the
    enabled steps'), each with the labels of the values it can hold ({code: (zh, en)}: the
    schema's canonical values and those the config gives), or None when any value may come
    (names, countries, product lines)."""
    steps = enabled(cfg)
    made = [c for record, _settings in steps for c in record.provides]
    base = [schema.COLUMNS[name] for name in schema.CUSTOMER_TABLE]
    out: dict[str, dict[str, tuple[str, str]] | None] = {}
    for column in (*base, *made):
        if column.kind == "text":
            out[column.name] = None
        elif column.kind == "label":
            out[column.name] = None if column.open else dict(column.values)
    for record, settings in steps:
        if record.values is not None:
            for name, labels in record.values(settings).items():
                if name in out:
                    out[name] = {**(out[name] or {}), **labels}
    return out


def maker(column: str) -> Classifier | None:
    """The classifier that makes *column* (enabled or not), or None."""
    for record in REGISTRY:
        if column in record.columns:
            return record
    return None


def check(cfg: Any) -> list[Message]:
    """The problems of the enabled steps' settings that need the other steps' columns (a
    playbook rule naming a column no run can have — a typo, or a disabled step's — or a value
    its column never holds), as ``YAML path: …`` lines."""
    known = columns(cfg)
    problems: list[Message] = []
    for record, settings in enabled(cfg):
        if record.check is not None:
            problems += record.check(settings, known)
    return problems


def apart(steps: list[tuple[Classifier, Any]]) -> list[tuple[Classifier, Any]]:
    """The steps (of a :func:`plan`) that read only the customer table and the lines and whose
    columns no other step reads: they can run anywhere, at any time, in any order."""
    needs = _needs(steps)
    read = set().union(*needs.values()) if needs else set()
    return [(r, s) for r, s in steps if not needs[r.name] and r.name not in read]


def imports(steps: list[tuple[Classifier, Any]]) -> list[str]:
    """The slow-to-import modules the steps (of a :func:`plan`) import when they run, once each."""
    return list(dict.fromkeys(name for record, _settings in steps for name in record.imports))


def find(name: str) -> Classifier:
    for record in REGISTRY:
        if record.name == name:
            return record
    raise KeyError(name)
