"""The run: inputs → canonical tables → customer table → classifiers → SegmentationResult.

``run()`` is a loop over the classifier registry (:mod:`tiercli.classifiers.registry`): each
enabled classifier, in the order its inputs allow, adds its columns, details, warnings and
labels; then each summarises the finished customer table for the reports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from tiercli import __version__, beside, schema, threads
from tiercli.catalogue import Both, Labels, Message, define, msg, plain
from tiercli.classifiers import registry
from tiercli.classifiers.base import Classified, Classifier, Context, Summary
from tiercli.classifiers.registry import REGISTRY, plan
from tiercli.classifiers.summaries import NO_OWNER, owner_table
from tiercli.codes import held
from tiercli.config.models import Config
from tiercli.errors import InputError, did_you_mean
from tiercli.features import build_customer_table
from tiercli.history import (
    MOVEMENTS,
    Migration,
    in_current_ids,
    latest_in,
    migration,
    read_previous,
)
from tiercli.identity import Identity, empty_merges, evidence_labels, for_customers
from tiercli.io.loader import Inputs, load_inputs
from tiercli.io.normalize import RECON_COUNTS, Tables, normalize
from tiercli.io.readers import FileInfo
from tiercli.profile import Profile
from tiercli.pseudonym import match_previous, pseudonymised

define(
    {
        "run.no_orders": (
            "没有任何客户有可用的订单：所有订单指标都为空",
            "no customer has a usable order: every order metric is empty",
        ),
        "run.no_tiers_to_compare": (
            "等级迁移：本次没有等级（评分未启用），无法与上期比较",
            "migration: this run has no tiers (scoring is disabled), so there is nothing to "
            "compare with the previous run",
        ),
        "run.activities_unknown": (
            "跟进记录：{n} 行的客户编号不在订单、客户或询盘中（如 {file} 第 {row} 行），未计入任何客户",
            "follow-up records: {n} row(s) name a customer id that is in no order, customer list "
            "or inquiry (e.g. {file} row {row}); they count for no customer",
        ),
        "run.owner_only": (
            "只显示业务员 {owner} 的 {n} 位客户；评分和等级按全部客户计算",
            "only salesperson {owner}'s {n} customer(s) are shown; scores and tiers are computed "
            "on all customers",
        ),
        "run.first_history": (
            "等级迁移：{folder} 中没有更早的 tiers_<日期> 文件，本次为第一次运行",
            "migration: no earlier tiers_<date> file in {folder}; this run is the first",
        ),
        # errors
        "run.no_owner_column": (
            "--owner {owner}：数据中没有业务员（客户、订单、询盘和跟进记录中都没有业务员列）",
            "--owner {owner}: the data names no salesperson (no 业务员 / owner column in the "
            "customers, orders, inquiries or follow-up records)",
        ),
        "run.no_such_owner": (
            "--owner {owner}：数据中没有这个业务员。{hint}现有：{found}{more}",
            "--owner {owner}: no such salesperson in the data.{hint} Found: {found}{more}",
        ),
        "run.owners_more": ("等", " …"),
    }
)


@dataclass(frozen=True)
class SegmentationResult:
    """Everything a writer needs; writers compute nothing that is not here.

    *details* holds each classifier's details under its name (and ``migration``); *summaries*
    the report tables in reading order; *labels* the value labels of this run.
    """

    customers: pd.DataFrame  # the customer table, indexed by customer_id
    rejects: pd.DataFrame
    reconciliation: pd.DataFrame
    as_of: dt.date
    config: Config
    inputs: tuple[FileInfo, ...] = ()
    warnings: tuple[Message, ...] = ()
    notes: tuple[Message, ...] = ()
    column_map: Mapping[str, dict[str, str]] = field(default_factory=dict)
    details: Mapping[str, Any] = field(default_factory=dict)
    summaries: tuple[Summary, ...] = ()
    labels: Labels = field(default_factory=Labels)
    steps: tuple[str, ...] = ()
    migration: Migration | None = None
    identity: Identity | None = None  # identity resolution: the Merges table, source ids

    @property
    def merges(self) -> pd.DataFrame:
        """The Merges table (applied, split and proposed pairs); empty without identity."""
        return self.identity.merges if self.identity is not None else empty_merges()

    @property
    def base_currency(self) -> str:
        return self.config.currency.base

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """The summary tables by name (label column), for the reports and tests."""
        return {s.name: s.table for s in self.summaries}

    @property
    def reactivation(self) -> pd.DataFrame:
        return self.tables.get("reactivation", pd.DataFrame())

    def headline(self) -> dict[str, Any]:
        """The run's date, currency and counts (customers, buyers, prospects, orders, revenue,
        customers per lifecycle stage) of the customers shown (one salesperson's, with
        ``--owner``): the head of :meth:`summary`, without its tables."""
        c = self.customers
        buyers = c["orders"].fillna(0) > 0
        prospects = c["orders"].isna()
        stages: dict[str, int] = {}
        if "lifecycle" in c:  # in the order of the run's counts (every stage, zeros too)
            shown = c["lifecycle"].value_counts()
            order = [*self.details.get("lifecycle", {}).get("counts", {}), *shown.index]
            stages = {str(k): int(shown.get(k, 0)) for k in dict.fromkeys(order)}
        return {
            "tiercli_version": __version__,
            "as_of": self.as_of.isoformat(),
            "base_currency": self.base_currency,
            "customers": len(c),
            "customers_with_orders": int(buyers.sum()),
            "prospects": int(prospects.sum()),
            "returns_only": int((~buyers & ~prospects).sum()),
            "orders": int(c["orders"].sum()),
            "revenue": round(float(c["revenue"].sum()), 2),
            "lifecycle_counts": stages,
        }

    def summary(self, lang: str = "en") -> dict[str, Any]:
        """The machine summary (``--json``): counts, reconciliation, tables, warnings."""
        recon = self.reconciliation
        return {
            **self.headline(),
            "rows": {key: int(recon[key].sum()) for key in RECON_COUNTS},
            "files": recon.to_dict(orient="records"),
            "rejects_by_reason": _reasons(self.rejects),
            "errors_by_reason": _reasons(self.rejects, "invalid"),
            "excluded_by_reason": _reasons(self.rejects, "excluded"),
            "inputs": [f.__dict__ for f in self.inputs],
            "warnings": [w.as_dict(lang, self.labels) for w in self.warnings],
            "tables": {
                s.name: [
                    {k: plain(v, 4) for k, v in record.items()}
                    for record in (
                        s.table if s.group == "sheet" else s.table.reset_index(names=s.name)
                    ).to_dict(orient="records")
                ]
                for s in self.summaries
                if s.group != "sheet" or s.preview_rows is None  # tables, not customer lists
            },
            "lists": {s.name: len(s.table) for s in self.summaries if s.group == "sheet"},
            "details": dict(self.details),
            "identity": dict(self.identity.counts) if self.identity is not None else {},
            "merges": [
                {k: plain(v, 4) for k, v in record.items()}
                for record in self.merges.to_dict(orient="records")
            ],
        }


def _reasons(rejects: pd.DataFrame, category: str | None = None) -> dict[str, int]:
    """Rows set aside per reason (of one *category*: invalid or excluded), most first."""
    if category is not None:
        rejects = rejects.loc[rejects["category"] == category]
    if rejects.empty:
        return {}
    counts = rejects["reason"].value_counts(sort=True)
    return {str(k): int(v) for k, v in counts.items()}


def run(
    tables: Tables,
    cfg: Config,
    inputs: Inputs | None = None,
    previous: tuple[pd.Series, str, pd.Series] | None = None,
    notes: tuple[Message, ...] = (),
    pseudonym_key: bytes | None = None,
    profile: Profile | None = None,
    owner: str | None = None,
) -> SegmentationResult:
    """Build the customer table and every enabled classifier's columns from *tables*.

    *previous* (tiers of an earlier run by customer id, where they came from, and its
    salesperson column, empty when it has none) adds ``previous_tier`` and ``movement`` and
    the migration matrix. *profile* times each stage.

    *owner* keeps one salesperson's customers in the result (their rows, the customer lists
    cut to them, the report tables made from them, the migration of their customers); every
    score and label is still computed on all customers, so they do not change. An owner the
    data does not name is an InputError naming the closest one.
    """
    timer = profile or Profile()
    steps = plan(cfg)
    # The parts of steps that read the order lines alone, beside the customer table.
    early = beside.Beside(
        _from_lines(steps, tables)
        if beside.available() and len(tables.lines) >= EARLY_FROM_LINES
        else []
    )
    try:
        with timer.stage("features"):
            customers = build_customer_table(
                tables, tables.as_of, cfg.orders.conversion_window_days
            )
        if tables.identity is not None:  # which source ids each merged customer was built from
            customers = customers.join(tables.identity.columns)
        warnings: list[Message] = list(tables.warnings)
        if customers["orders"].notna().sum() == 0:
            warnings.append(msg("run.no_orders"))
        if tables.has_activities:
            stray = ~tables.activities["customer_id"].isin(customers.index)
            if stray.any():
                first = tables.activities.loc[stray].iloc[0]
                warnings.append(
                    msg(
                        "run.activities_unknown",
                        n=int(stray.sum()),
                        file=str(first["source_file"]),
                        row=int(first["source_row"]),
                    )
                )
        details: dict[str, Any] = {}
        labels = Labels()
        if tables.identity is not None:  # the evidence combinations of this run's Merges table
            labels.add({"evidence": evidence_labels(tables.identity.merges["evidence"])})
        customers, outs = _classify(customers, tables, steps, timer, early)
    finally:
        early.close()
    customers = customers.set_axis(held(customers.index, "pyarrow"))  # see codes.held
    for record, _settings in steps:
        out = outs[record.name]
        details[record.name] = out.details
        warnings.extend(out.warnings)
        labels.add(out.labels)
    shown_order = {record.name: i for i, record in enumerate(REGISTRY)}
    shown = sorted(steps, key=lambda step: shown_order[step[0].name])

    def summarise(table: pd.DataFrame) -> list[Summary]:
        out: list[Summary] = []
        for record, settings in shown:
            if record.summarise is not None:
                out.extend(record.summarise(table, settings, details[record.name], labels))
        return out

    identity = tables.identity
    with timer.stage("summaries"):
        summaries = summarise(customers)
        everyone = customers.index
        if owner is not None:
            matched = _owner(customers, owner)
            details["owner"] = matched
            customers = customers.loc[customers["owner"].eq(matched).fillna(False).astype(bool)]
            summaries = _for_owner(summaries, summarise(customers), customers.index)
            notes = (*notes, msg("run.owner_only", owner=matched, n=len(customers)))
            if tables.identity is not None:  # the Merges sheet: the salesperson's pairs
                identity = for_customers(tables.identity, customers.index)
        summaries = _with_owner_table(summaries, customers, cfg, labels)
    moved = None
    if previous is not None:
        if "tier" not in customers:
            warnings.append(msg("run.no_tiers_to_compare"))
        else:
            order = [level.name for level in cfg.scoring.tiers.levels]
            before = previous[0]
            if pseudonym_key is not None:  # a pseudonymised previous run: match by pseudonym
                before = match_previous(before, customers.index, pseudonym_key)
                if len(before) and not before.index.isin(customers.index).any():
                    warnings.append(msg("history.other_key", source=previous[1]))
            else:  # an id merged or spelled another way since: the customer it is now
                sources = tables.identity.sources if tables.identity is not None else None
                before = in_current_ids(before, customers.index, sources, cfg.identity)
                if pseudonymised(before.index, customers.index):
                    warnings.append(msg("history.pseudonymised", source=previous[1]))
            if owner is not None:  # the salesperson's customers: now theirs, or gone and
                # theirs then (the previous table's salesperson column; without one, unknown)
                theirs = before.index.isin(customers.index)
                was = previous[2].reindex(before.index).astype("string").str.strip()
                gone = ~before.index.isin(everyone)
                same = was.str.casefold().eq(str(details["owner"]).casefold())
                theirs |= gone & same.fillna(False).to_numpy(dtype=bool)
                before = before.loc[theirs]
            moved = migration(customers["tier"], before, order, previous[1])
            customers = customers.join(moved.columns)
            warnings.extend(moved.warnings)
            labels.add({"previous_tier": labels.run.get("tier", {})})
            details["migration"] = {
                "previous": previous[1],
                "movement": {m: int((moved.columns["movement"] == m).sum()) for m in MOVEMENTS[:4]}
                | {"gone": len(moved.gone)},
            }
    return SegmentationResult(
        customers=customers,
        rejects=tables.rejects,
        reconciliation=tables.reconciliation,
        as_of=tables.as_of,
        config=cfg,
        inputs=tuple(inputs.files) if inputs else (),
        warnings=tuple(warnings),
        notes=(
            *(inputs.notes if inputs else ()),
            *(tables.identity.notes if tables.identity is not None else ()),
            *notes,
        ),
        column_map=tables.column_map,
        details=details,
        summaries=tuple(summaries),
        labels=labels,
        steps=tuple(record.name for record, _ in steps),
        migration=moved,
        identity=identity,
    )


EARLY_FROM_LINES = 750_000
"""Order lines from which the steps' :attr:`Classifier.from_lines` parts are done beside the
customer table. Below, the fork costs the run about what it saves: the pages the child shares
copy-on-write make the customer table slower while the fits of a few thousand customers take
~0.1 s (Online Retail's 0.40M kept lines). The 1M benchmark's 0.98M lines: the run 2.71 →
2.62 s; 10M: 23.7 → 20.1 s (medians of 7 and 3, alternating, with :data:`beside.NICENESS`)."""


def _from_lines(steps: list[tuple[Classifier, Any]], tables: Tables) -> list[beside.Job]:
    """The parts of *steps* that read the order lines alone (:attr:`Classifier.from_lines`),
    as jobs to do beside the customer table."""
    return [
        beside.Job(
            record.name,
            record.cost,
            partial(record.from_lines, tables.lines, tables.as_of, settings),
        )
        for record, settings in steps
        if record.from_lines is not None
    ]


def _made(record: Classifier, out: Classified) -> pd.DataFrame:
    """The columns of *out* its step declares: its ``provides`` and the columns it makes per
    name of its run labels (:data:`schema.EACH`: a scoring dimension the config adds), those
    in the order the step gave them."""
    per_run = [
        name
        for name, column in schema.run_columns(out.labels).items()
        if column.producer == record.name and name in out.columns
    ]
    if not per_run:
        return out.columns[[c for c in record.columns if c in out.columns]]
    wanted = {*record.columns, *per_run}
    return out.columns[[c for c in out.columns if c in wanted]]


def _classify(
    customers: pd.DataFrame,
    tables: Tables,
    steps: list[tuple[Classifier, Any]],
    timer: Profile,
    early: beside.Beside,
) -> tuple[pd.DataFrame, dict[str, Classified]]:
    """Every step's result, and the customer table with their columns joined in plan order.

    When work may run beside (:mod:`tiercli.beside`: the command, Linux, two cores), the
    steps that no other step reads and that read only the customer table are computed in a
    child process while this one computes the rest, then takes those the child has not
    started; a step that did not come back is computed here. Their columns are joined last and
    put in their plan place (no step reads them). *early*: the child doing the steps'
    :attr:`Classifier.from_lines` parts, forked before the customer table was built; a step
    takes its part from there (or, not started or failed there, makes it itself).
    """
    base = customers
    apart = registry.apart(steps) if beside.available() else []
    jobs = {
        record.name: beside.Job(
            record.name,
            record.cost,
            partial(record.classify, Context(base, tables.lines, tables.as_of), settings),
        )
        for record, settings in apart
    }
    child = beside.Beside(list(jobs.values()))  # none: no child
    titles = {record.name: record.title for record, _ in apart}
    outs: dict[str, Classified] = {}
    done: dict[str, beside.Result] = {}
    try:
        for record, settings in steps:
            if record.name in child.names:
                continue
            part = _early(record, early, timer)
            with timer.stage("classify", record.title):
                ctx = Context(customers, tables.lines, tables.as_of, part)
                out = record.classify(ctx, settings)
                customers = customers.join(_made(record, out))
            outs[record.name] = out
        for job in child.claim():  # not started beside: computed here
            with timer.stage("classify", titles[job.name]):
                outs[job.name] = job.work()
        if child.names:
            with timer.stage("classify", WAITING):
                done = child.results()
    finally:
        child.close()
    for record, settings in apart:
        if record.name in done:
            outs[record.name], seconds = done[record.name]
            timer.beside("classify", record.title, seconds)
        elif record.name not in outs:  # (in outs: taken back from the child above)
            with timer.stage("classify", record.title):
                outs[record.name] = record.classify(
                    Context(base, tables.lines, tables.as_of), settings
                )
        customers = customers.join(_made(record, outs[record.name]))
    if apart:  # the columns in plan order, as one step after the other in-process
        made = [c for record, _ in steps for c in _made(record, outs[record.name]).columns]
        customers = customers[[*base.columns, *made]]
    return customers, outs


def _early(record: Classifier, early: beside.Beside, timer: Profile) -> dict[str, Any]:
    """``{step name: its from_lines part}`` as done beside (timed there), or {} when the step
    has none there: not started (taken back: the step makes it) or failed."""
    if record.name not in early.names:
        return {}
    early.claim()  # not started yet: the child never starts it, the step makes it itself
    with timer.stage("classify", WAITING):
        found = early.results()
    if record.name not in found:
        return {}
    part, seconds = found[record.name]
    timer.beside("classify", record.title, seconds)
    return {record.name: part}


WAITING = Both("等待并行步骤", "waiting for the steps run in parallel")


def _owner(customers: pd.DataFrame, wanted: str) -> str:
    """The owner named *wanted* (case and surrounding spaces ignored), or InputError naming the
    closest one."""
    names = customers["owner"].dropna().astype("string").unique() if "owner" in customers else []
    owners = sorted(str(n) for n in names)
    by_key = {name.strip().casefold(): name for name in owners}
    found = by_key.get(wanted.strip().casefold())
    if found is not None:
        return found
    if not owners:
        raise InputError(msg("run.no_owner_column", owner=wanted))
    raise InputError(
        msg(
            "run.no_such_owner",
            owner=wanted,
            hint=did_you_mean(wanted, owners, cutoff=0.5),
            found=owners[:10],
            more=msg("run.owners_more") if len(owners) > 10 else "",
        )
    )


def _for_owner(everyone: list[Summary], mine: list[Summary], ids: pd.Index) -> list[Summary]:
    """The report tables of one salesperson's run: customer lists are the whole run's lists
    cut to their customers (a list's rank and threshold come from all customers); other tables
    are made from their customers."""
    theirs = {s.name: s for s in mine}
    out = []
    for summary in everyone:
        table = summary.table
        if summary.group == "sheet" and "customer_id" in table:
            kept = table.loc[table["customer_id"].isin(ids)].reset_index(drop=True)
            out.append(replace(summary, table=kept))
        elif summary.name in theirs:
            out.append(theirs[summary.name])
    return out


def _with_owner_table(
    summaries: list[Summary], customers: pd.DataFrame, cfg: Config, labels: Labels
) -> list[Summary]:
    """Insert the salesperson table (after the full tables) when the data names owners."""
    if "owner" not in customers or customers["owner"].notna().sum() == 0:
        return summaries
    tier_labels = labels.run.get("tier", {})
    tiers = [
        (level.name, tier_labels.get(level.name, (level.name, level.name)))
        for level in cfg.scoring.tiers.levels[:2]
    ] if "tier" in customers else []  # fmt: skip
    lists = [
        (s.name, pd.Index(s.table["customer_id"]), _title(s))
        for s in summaries
        if s.per_owner and "customer_id" in s.table
    ]
    table, specs = owner_table(customers, tiers, lists)
    labels.add({"owner": {NO_OWNER: ("（无）", "(none)")}})
    made = Summary(
        "owner",
        table,
        Both("各业务员的客户与等级", "Customers and tiers per salesperson"),
        group="table",
        columns=specs,
    )
    last_full = max((i for i, s in enumerate(summaries) if s.group == "full"), default=-1)
    return [*summaries[: last_full + 1], made, *summaries[last_full + 1 :]]


def _title(summary: Summary) -> tuple[str, str]:
    both = summary.sheet or summary.title
    return (both.zh, both.en)


def segment(
    files: list[Path],
    cfg: Config,
    *,
    orders: list[Path] | None = None,
    customers: list[Path] | None = None,
    inquiries: list[Path] | None = None,
    activities: list[Path] | None = None,
    as_of: dt.date | None = None,
    previous: Path | None = None,
    history: Path | None = None,
    pseudonym_key: bytes | None = None,
    profile: Profile | None = None,
    owner: str | None = None,
) -> SegmentationResult:
    """Read the inputs and run the whole segmentation (the library's main entry point).

    *previous* (a tiercli workbook or customer table) or *history* (a folder of them: the newest
    before this run's as-of) gives the tiers to compare with. *profile* times each stage.
    """
    timer = profile or Profile()
    steps = plan(cfg)  # a config whose steps cannot run is refused before any file is read
    with timer.stage("read"):
        inputs = load_inputs(
            files,
            cfg,
            orders=orders,
            customers=customers,
            inquiries=inquiries,
            activities=activities,
        )
    # The steps' slow imports (scipy's optimizer) on the core that normalizing leaves idle;
    # the reader used both.
    importing = threads.import_beside(registry.imports(steps))
    try:
        with timer.stage("normalize"):
            tables = normalize(inputs.sheets, cfg, as_of, consume=True)  # raw cells let go
    finally:
        importing.join()  # before any fork: the steps beside the run, or a host's after an error
    inputs = replace(inputs, sheets={})
    before = None
    notes: tuple[Message, ...] = ()
    if history is not None and previous is None:
        previous = latest_in(history, tables.as_of)
        if previous is None:
            notes = (msg("run.first_history", folder=str(history)),)
    if previous is not None:
        labels = {level.name: level.zh or level.name for level in cfg.scoring.tiers.levels}
        earlier = read_previous(previous, labels)
        before = (earlier["tier"], str(previous), earlier["owner"])
    return run(tables, cfg, inputs, before, notes, pseudonym_key, profile=timer, owner=owner)
