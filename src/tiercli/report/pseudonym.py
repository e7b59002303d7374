"""Pseudonymised sharing: the finished result with customer ids, names, e-mails and phone
numbers replaced by keyed pseudonyms (:mod:`tiercli.pseudonym`) in every table a writer shows.

The run itself uses the real data (scores do not change); the mapping is written only when
asked (``--pseudonym-map``), to a file of its own.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from tiercli import schema
from tiercli.explain import CustomerExplanation
from tiercli.pipeline import SegmentationResult
from tiercli.pseudonym import Pseudonymiser
from tiercli.report.atomic import atomic_path
from tiercli.report.tables import neutralize_formulas


def pseudonymise(
    result: SegmentationResult, key: bytes
) -> tuple[SegmentationResult, Pseudonymiser]:
    """The result with customer ids, names, e-mails and phones replaced in every table a writer
    shows (customers, rejects, summaries, migration, warnings and notes)."""
    p = Pseudonymiser(key)
    customers = p.frame(result.customers)
    rejects = result.rejects.copy()
    if not rejects.empty:
        values = rejects["value"].astype("string")
        hit = values.isin([orig for (_, orig) in p.mapping]).fillna(False).astype(bool)
        rejects.loc[hit, "value"] = values[hit].map(p.text)
        # contacts hide in free text only: a bad date, number or row reference is left as the
        # user needs it to fix the row (2025-02-30 matched the phone pattern)
        free = ~rejects["reason"].isin(schema.FACT_REASONS).to_numpy(dtype=bool)
        rejects.loc[free, "value"] = p.contacts(rejects.loc[free, "value"])
    summaries = tuple(
        dataclasses.replace(s, table=p.frame(s.table)) if s.group == "sheet" else s
        for s in result.summaries
    )
    identity = result.identity
    if identity is not None:
        identity = dataclasses.replace(
            identity,
            merges=p.frame(identity.merges),
            sources=p.frame(identity.sources.rename(columns={"source_id": "id_a"})).rename(
                columns={"id_a": "source_id"}
            ),
            columns=p.frame(identity.columns),
            notes=tuple(p.message(n) for n in identity.notes),
            warnings=tuple(p.message(w) for w in identity.warnings),
        )
    migration = result.migration
    if migration is not None:
        migration = dataclasses.replace(migration, gone=p.frame(migration.gone))
    shared = dataclasses.replace(
        result,
        customers=customers,
        rejects=rejects,
        summaries=summaries,
        migration=migration,
        identity=identity,
        warnings=tuple(p.message(w) for w in result.warnings),
        notes=tuple(p.message(n) for n in result.notes),
    )
    return shared, p


def write_mapping(p: Pseudonymiser, path: Path) -> Path:
    """The original → pseudonym table as CSV (kind, original, pseudonym), written atomically."""
    with atomic_path(path) as tmp:
        neutralize_formulas(p.mapping_frame()).to_csv(tmp, index=False, encoding="utf-8-sig")
    return path


def pseudonymise_explanation(data: CustomerExplanation, key: bytes) -> CustomerExplanation:
    """One customer's explanation with its id and name (and any sentence quoting them)
    replaced."""
    p = Pseudonymiser(key)
    cid = p.one("id", data.customer_id)
    name = (
        p.one("name", str(data.name)) if data.name is not None and data.name == data.name else None
    )

    for _, section in data.sections:  # the source ids and names identity lists: known first
        for source in section.data.get("source_ids", ()):
            p.one("id", str(source))
        for source in section.data.get("source_names", ()):
            p.one("name", str(source))

    def clean(values: dict[str, Any]) -> dict[str, Any]:
        out = dict(values)
        for column, kind in (("customer_id", "id"), ("name", "name")):
            if isinstance(out.get(column), str):
                out[column] = p.one(kind, out[column])
        return out

    def deep(value: Any) -> Any:
        if isinstance(value, str):
            return p.text(value)
        if isinstance(value, dict):
            return {k: deep(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return type(value)(deep(v) for v in value)
        return value

    sections = [
        (
            record,
            dataclasses.replace(
                section,
                values=clean(section.values),
                inputs=clean(section.inputs),
                data=deep(section.data),
                rules=[p.message(rule) for rule in section.rules],
            ),
        )
        for record, section in data.sections
    ]
    return dataclasses.replace(data, customer_id=cid, name=name, sections=sections)
