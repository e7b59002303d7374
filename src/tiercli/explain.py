"""Why one customer got its scores and labels (``tiercli explain``).

:func:`explain_customer` takes a finished :class:`SegmentationResult` and a customer id (or
name) and asks each classifier that ran to explain its own decision for that customer (the
``explain`` of its registry record): the rules it applied, with the values compared. Nothing is
re-derived here; this module only finds the customer and puts the sections together.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from tiercli import schema
from tiercli.catalogue import Labels, define, msg, plain
from tiercli.classifiers.base import Classifier, Explanation
from tiercli.classifiers.registry import find
from tiercli.errors import InputError, close_matches
from tiercli.identity import STEP as IDENTITY_STEP
from tiercli.identity import current_customers
from tiercli.identity import explain as explain_identity
from tiercli.pipeline import SegmentationResult

METRICS = tuple(c.name for c in (*schema.METRICS, *schema.ACTIVITY_METRICS))

MESSAGES = {
    "explain.ambiguous": (
        "--customer “{key}”匹配到 {n} 位客户：{shown}。请给出客户编号。",
        "--customer '{key}' matches {n} customers: {shown}. Give the customer id.",
    ),
    "explain.more": ("另 {n} 位", "{n} more"),
    "explain.not_found": (
        "--customer “{key}”：没有这个编号或名称的客户。{hint}",
        "--customer '{key}': no customer with that id or name.{hint}",
    ),
    "explain.did_you_mean": ("是否想找：{choices}？", " Did you mean: {choices}?"),
}
define(MESSAGES)


def find_customer(customers: pd.DataFrame, key: str) -> str:
    """The customer id for *key*: an id, or a name (case-insensitive, whole or unique part).

    An unknown key raises InputError with the closest ids and names.
    """
    key = key.strip()
    if key in customers.index:
        return key
    names = customers["name"].astype("string").fillna("")
    folded = names.str.casefold()
    exact = folded[folded == key.casefold()]
    if len(exact) == 1:
        return str(exact.index[0])
    partial = folded[folded.str.contains(key.casefold(), regex=False)]
    if len(partial) == 1:
        return str(partial.index[0])
    if len(partial) > 1:
        shown: list[object] = [f"{i} ({names[i]})" for i in partial.index[:8]]
        if len(partial) > 8:  # (the count says how many; the list says it stops)
            shown.append(msg("explain.more", n=len(partial) - 8))
        raise InputError(msg("explain.ambiguous", key=key, n=len(partial), shown=shown))
    all_ids = [str(i) for i in customers.index]
    digits = "".join(ch for ch in key if ch.isdigit())
    same_number = [
        i
        for i in all_ids
        if digits and "".join(c for c in i if c.isdigit()).lstrip("0") == digits.lstrip("0")
    ]
    ids = same_number[:3] + [i for i in close_matches(key, all_ids, 3) if i not in same_number]
    close_names = close_matches(key, names.tolist(), 3, cutoff=0.5)
    hints = ids + [f"{n} ({names[names == n].index[0]})" for n in close_names]
    hint = msg("explain.did_you_mean", choices=hints) if hints else ""
    raise InputError(msg("explain.not_found", key=key, hint=hint))


@dataclass(frozen=True)
class CustomerExplanation:
    """One customer: its metrics and each classifier's explanation, in registry order."""

    customer_id: str
    name: Any
    as_of: dt.date
    base_currency: str
    metrics: dict[str, Any]
    sections: list[tuple[Classifier, Explanation]] = field(default_factory=list)
    labels: Labels = field(default_factory=Labels)

    def as_dict(self, lang: str = "en") -> dict[str, Any]:
        """The ``--json`` form; sentences rendered in *lang*."""
        out: dict[str, Any] = {
            "customer_id": self.customer_id,
            "name": plain(self.name),
            "as_of": self.as_of.isoformat(),
            "base_currency": self.base_currency,
            "metrics": {k: plain(v) for k, v in self.metrics.items()},
        }
        for record, section in self.sections:
            rules = [r.render(lang, self.labels) for r in section.rules]
            out[record.name] = {
                **{k: plain(v) for k, v in section.data.items()},
                "values": {k: plain(v) for k, v in section.values.items()},
                "inputs": {k: plain(v) for k, v in section.inputs.items()},
                "rules": rules,
                "rule": "; ".join(rules),
            }
        return out


def explain_customer(result: SegmentationResult, key: str) -> CustomerExplanation:
    """Everything that decided one customer's scores and labels (see module docstring)."""
    customers = result.customers
    identity = result.identity
    # the id, a source id merged into a customer, or either spelled another way (c00042)
    sources = identity.sources if identity is not None else None
    asked = pd.Series([key], dtype="string")
    same = current_customers(asked, customers.index, sources, result.config.identity).iloc[0]
    known = not pd.isna(same) and same in customers.index
    cid = str(same) if known else find_customer(customers, key)
    row = customers.loc[cid]
    sections = []
    if identity is not None:  # the source ids and names the customer was built from
        sections.append((IDENTITY_STEP, explain_identity(identity, cid)))
    for name in result.steps:
        record = find(name)
        if record.explain is None:
            continue
        settings = record.settings(result.config)
        sections.append((record, record.explain(customers, cid, settings, result.details[name])))
    return CustomerExplanation(
        customer_id=cid,
        name=row.get("name"),
        as_of=result.as_of,
        base_currency=result.base_currency,
        metrics={m: row[m] for m in METRICS if m in row.index},
        sections=sections,
        labels=result.labels,
    )
