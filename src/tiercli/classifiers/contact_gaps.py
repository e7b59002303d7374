"""Contact gaps (联系缺口): customers whose playbook asks for more contact than the follow-up
records show — the list a sales manager checks on Monday.

Input: the customer table with the playbook's ``contact_frequency`` and, when the run has
follow-up records, ``days_since_contact`` (and ``last_contact_date``, ``owner``, ``tier``,
``revenue`` for the list). Without follow-up records, or without the playbook, it adds nothing
(no column, no list).

Output columns, indexed by customer_id: ``contact_every_days`` (the longest gap the customer's
contact frequency allows: ``contact_gaps.every_days`` of the playbook's English or Chinese
text, e.g. Monthly or 每月 → 31; the Chinese text's entry wins when both are given: see
:func:`settings`), ``contact_overdue_days`` (days since the last contact − that, when positive) and
``contact_status``: ``overdue`` (last contact longer ago than allowed, by more than
``grace_days``), ``never`` (no follow-up record at all), ``on_time``; empty when the frequency has no ``every_days`` entry (a warning
names it).

The list (:func:`gap_list`): overdue customers and, with ``never_contacted``, those never
contacted; sorted by owner (customers without one last), then by revenue, highest first.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from tiercli.catalogue import Both, Labels, Message, Val, define, msg
from tiercli.classifiers.base import Classified, Classifier, Context, Explanation, Summary
from tiercli.config.models import ContactGapsConfig
from tiercli.errors import close_matches
from tiercli.schema import Column

STATUSES = {
    "overdue": ("超期未联系", "Overdue"),
    "never": ("从未联系", "Never contacted"),
    "on_time": ("按时联系", "On time"),
}
COLUMNS = (
    Column("contact_every_days", "integer", "应联系周期(天)", "Contact every (days)",
           "contact_gaps", "The longest gap the playbook's contact frequency allows"),
    Column("contact_overdue_days", "integer", "联系超期天数", "Contact days overdue",
           "contact_gaps",
           "Days since the last contact beyond that gap (empty when within it or never "
           "contacted; within grace_days it is shown while the status stays on time)"),
    Column("contact_status", "label", "联系状态", "Contact status", "contact_gaps",
           "overdue, never contacted or on time against the contact frequency", values=STATUSES),
)  # fmt: skip
LIST_COLUMNS = [
    "owner",
    "customer_id",
    "name",
    "tier",
    "contact_status",
    "contact_frequency",
    "contact_every_days",
    "last_contact_date",
    "last_contact_type",
    "days_since_contact",
    "contact_overdue_days",
    "revenue",
    "service_level",
    "action",
]
MESSAGES = {
    "contact_gaps.unknown_frequency": (
        "联系缺口：联系频率 {frequencies} 没有对应天数（contact_gaps.every_days），{n} 位客户未检查",
        "contact gaps: contact frequency {frequencies} has no number of days "
        "(contact_gaps.every_days); {n} customer(s) not checked",
    ),
    "contact_gaps.rule_overdue": (
        "联系频率“{frequency}”要求至少每 {every} 天联系一次；距上次联系已 {days} 天，超期 {over} 天",
        "contact frequency '{frequency}' asks for a contact at least every {every} days; the "
        "last one was {days} days ago, {over} days overdue",
    ),
    "contact_gaps.rule_on_time": (
        "联系频率“{frequency}”要求至少每 {every} 天联系一次；距上次联系 {days} 天，按时",
        "contact frequency '{frequency}' asks for a contact at least every {every} days; the "
        "last one was {days} days ago, on time",
    ),
    "contact_gaps.rule_never": (
        "联系频率“{frequency}”要求至少每 {every} 天联系一次；跟进记录中从未联系",
        "contact frequency '{frequency}' asks for a contact at least every {every} days; the "
        "follow-up records show no contact at all",
    ),
    "contact_gaps.unused_frequency": (
        "{where}：没有哪条行动规则的联系频率（中文或英文）是“{key}”，此项不会用到。{closest}"
        "规则中的联系频率：{values}。",
        "{where}: no playbook rule's contact frequency is '{key}' (in English or Chinese); it "
        "is never used.{closest} The rules' contact frequencies: {values}.",
    ),
    "contact_gaps.rule_unchecked": (
        "联系频率没有对应天数（contact_gaps.every_days），未检查",
        "the contact frequency has no number of days (contact_gaps.every_days); not checked",
    ),
}
define(MESSAGES)


def settings(cfg: Any) -> ContactGapsConfig:
    """The section with each ``every_days`` key written in a frequency's Chinese text also under
    its English text (the text the ``contact_frequency`` column holds); it wins over an English
    key (the shipped ones are English)."""
    own: ContactGapsConfig = cfg.contact_gaps
    texts = [rule.contact_frequency for rule in cfg.playbook.rules]
    english = {t.en for t in texts}
    to_en = {t.zh: t.en for t in texts if t.zh and t.en and t.zh not in english}
    given = {to_en[key]: days for key, days in own.every_days.items() if key in to_en}
    if not given:
        return own
    return own.model_copy(update={"every_days": {**own.every_days, **given}})


def check(
    cfg: ContactGapsConfig, known: Mapping[str, Mapping[str, tuple[str, str]] | None]
) -> list[Message]:
    """An ``every_days`` key that is no playbook rule's contact frequency, in either language,
    is never used (a typo, or a frequency since renamed): a ``contact_gaps -> every_days ->
    key`` problem with the closest text. The shipped keys may stay unused."""
    frequencies = known.get("contact_frequency")
    if not frequencies:  # the playbook is off, or has no rules
        return []
    texts = list(dict.fromkeys(t for en, (zh, _) in frequencies.items() for t in (en, zh) if t))
    shipped = set(ContactGapsConfig().every_days)
    problems: list[Message] = []
    for key in cfg.every_days:
        if key in texts or key in shipped:
            continue
        close = close_matches(key, texts)
        problems.append(
            msg(
                "contact_gaps.unused_frequency",
                where=f"contact_gaps -> every_days -> {key}",
                key=key,
                closest=msg("errors.did_you_mean", choice=close[0]) if close else "",
                values=texts,
            )
        )
    return problems


def classify(ctx: Context, cfg: ContactGapsConfig) -> Classified:
    customers = ctx.customers
    if "days_since_contact" not in customers or "contact_frequency" not in customers:
        return Classified(pd.DataFrame(index=customers.index))
    frequency = customers["contact_frequency"].astype("string")
    every = frequency.map(cfg.every_days).astype("Float64")
    since = customers["days_since_contact"].astype("Float64")
    over = since - every
    status = pd.Series(
        np.select(
            [
                (every.notna() & since.isna()).to_numpy(dtype=bool),
                (over > cfg.grace_days).fillna(False).to_numpy(dtype=bool),
                every.notna().to_numpy(dtype=bool),
            ],
            ["never", "overdue", "on_time"],
            default="",
        ),
        index=customers.index,
        dtype="string",
    ).replace("", pd.NA)
    columns = pd.DataFrame(
        {
            "contact_every_days": every.astype("Int64"),
            "contact_overdue_days": over.where(over > 0).astype("Int64"),  # grace or not
            "contact_status": status,
        },
        index=customers.index,
    )
    unknown = frequency.notna() & every.isna()
    warnings = []
    if unknown.any():
        names = sorted(frequency[unknown].unique())
        warnings.append(
            msg(
                "contact_gaps.unknown_frequency",
                frequencies=[Val("contact_frequency", str(f)) for f in names],
                n=int(unknown.sum()),
            )
        )
    counts = status.value_counts()
    details = {k: int(counts.get(k, 0)) for k in STATUSES}
    return Classified(columns, details, warnings)


def gap_list(customers: pd.DataFrame, cfg: ContactGapsConfig) -> pd.DataFrame:
    """The listed customers (see the module docstring), columns :data:`LIST_COLUMNS` present."""
    if "contact_status" not in customers:
        return pd.DataFrame(columns=LIST_COLUMNS)
    wanted = ["overdue", "never"] if cfg.never_contacted else ["overdue"]
    listed = customers.loc[customers["contact_status"].isin(wanted).fillna(False).astype(bool)]
    out = listed.reset_index()
    if cfg.max_rows and "revenue" in out:  # the most valuable, then shown by salesperson
        out = out.sort_values("revenue", ascending=False, kind="stable", na_position="last")
    if cfg.max_rows:
        out = out.head(cfg.max_rows)
    keys = [k for k in ("owner", "revenue") if k in out]
    if keys:
        out = out.sort_values(
            keys, ascending=[k == "owner" for k in keys], kind="stable", na_position="last"
        )
    columns = [c for c in LIST_COLUMNS if c in out]
    if "owner" in out and out["owner"].isna().all():
        columns.remove("owner")
    return out[columns].reset_index(drop=True)


def summarise(
    customers: pd.DataFrame, cfg: ContactGapsConfig, details: dict[str, Any], labels: Labels
) -> list[Summary]:
    if "contact_status" not in customers:  # no follow-up records in this run
        return []
    return [
        Summary(
            "contact_gaps",
            gap_list(customers, cfg),
            Both("联系缺口：超期未联系的客户（按业务员、价值排序）",
                 "Contact gaps: customers overdue for contact (by salesperson, value)"),
            group="sheet",
            sheet=Both("联系缺口", "Contact gaps"),
            preview=("owner", "customer_id", "name", "tier", "contact_status",
                     "days_since_contact"),
            per_owner=True,
            preview_by="revenue",
            preview_title=Both("联系缺口：最有价值的超期未联系客户",
                               "Contact gaps: the most valuable customers overdue for contact"),
        )
    ]  # fmt: skip


def explain(
    customers: pd.DataFrame, cid: str, cfg: ContactGapsConfig, details: dict[str, Any]
) -> Explanation:
    if "contact_status" not in customers:
        return Explanation()
    row = customers.loc[cid]
    values = {c.name: row[c.name] for c in COLUMNS}
    status = row["contact_status"]
    if pd.isna(status):
        return Explanation(values, rules=[msg("contact_gaps.rule_unchecked")])
    params: dict[str, Any] = {
        "frequency": Val("contact_frequency", str(row["contact_frequency"])),
        "every": int(row["contact_every_days"]),
    }
    if status == "never":
        rule = msg("contact_gaps.rule_never", **params)
    else:
        params["days"] = int(row["days_since_contact"])
        if status == "overdue":
            rule = msg("contact_gaps.rule_overdue", **params, over=int(row["contact_overdue_days"]))
        else:
            rule = msg("contact_gaps.rule_on_time", **params)
    inputs = {"contact_frequency": row["contact_frequency"]}
    inputs["days_since_contact"] = row["days_since_contact"]
    return Explanation(values, inputs, [rule])


CLASSIFIER = Classifier(
    name="contact_gaps",
    title=Both("联系缺口", "Contact gaps"),
    section="contact_gaps",
    settings=settings,
    requires=(),
    provides=COLUMNS,
    classify=classify,
    summarise=summarise,
    explain=explain,
    reads=lambda cfg: [
        "contact_frequency",
        "days_since_contact",
        "last_contact_date",
        "owner",
        "tier",
        "revenue",
    ],
    check=check,
    messages=MESSAGES,
)
