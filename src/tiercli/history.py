"""Migration: each customer's tier now against a previous run's.

The previous run is a tiercli workbook (its Customers sheet, in either language) or a customer
table written as CSV/Parquet; ``--history DIR`` picks the newest ``tiers_<date>.*`` in the
folder dated before this run's as-of. :func:`migration` is pure: two tier columns in, the
``previous_tier`` and ``movement`` columns and the previous × current matrix out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from tiercli import schema
from tiercli.catalogue import Message, define, msg
from tiercli.config.identity import IdentityConfig
from tiercli.errors import InputError
from tiercli.identity import current_customers
from tiercli.io import coerce
from tiercli.io.normalize import quoted
from tiercli.io.readers import read_any
from tiercli.schema import Column

MOVEMENTS = ["up", "same", "down", "new", "gone"]
COLUMNS = (
    Column(
        "previous_tier",
        "label",
        "上期等级",
        "Previous tier",
        "history",
        "The customer's tier in the previous run",
        open=True,
    ),
    Column(
        "movement",
        "label",
        "等级变化",
        "Movement",
        "history",
        "Up, down or same against the previous tier; new without one",
        values={
            "up": ("升级", "Up"),
            "same": ("不变", "Same"),
            "down": ("降级", "Down"),
            "new": ("新增", "New this run"),
            "gone": ("消失", "Gone"),
        },
    ),
)
schema.register(COLUMNS)
define(
    {
        "history.pseudonymised": (
            "等级迁移：上期结果（{source}）的客户编号是化名，本次不是，没有一位客户能对上；"
            "请用同一密钥以化名方式运行本次",
            "migration: the previous run ({source}) has pseudonymised ids and this one does not, "
            "so no customer can be matched; run with --pseudonymise and the same key",
        ),
        "history.other_key": (
            "等级迁移：上期结果（{source}）的化名没有一个对得上本次的客户，可能用了另一个密钥；"
            "所有客户都会显示为新增、上期客户显示为消失。请每月使用同一个 --key-file",
            "migration: none of the previous run's ({source}) pseudonyms is one of this run's "
            "customers; was it made with another key? Every customer shows as new and the old "
            "ones as gone; use the same --key-file every month",
        ),
        "history.other_tiers": (
            "等级迁移：上期结果（{source}）中的等级 {unknown} 不在本配置中（本配置的等级：{order}）；"
            "{n} 位属于这些等级的客户没有等级变化。请比较使用相同等级名称的两次结果",
            "migration: the previous run ({source}) has tier(s) {unknown} that this config does "
            "not have (its tiers: {order}); {n} customer(s) with those tiers get no movement. "
            "Compare runs made with the same tier names",
        ),
        # errors
        "history.not_folder": (
            "--history {folder}：不是文件夹",
            "--history {folder}: not a folder",
        ),
        "history.no_tier_table": (
            "{file}：没有找到带等级列的客户表（查找了 {ids} 和 {tiers}）。请给出 tiercli segment "
            "写出的工作簿或客户表。",
            "{file}: no customer table with a tier column found (looked for {ids} and "
            "{tiers}). Give a workbook or customer table written by tiercli segment.",
        ),
    }
)
_DATED = re.compile(r"tiers_(\d{4}-\d{2}-\d{2})\.(xlsx|csv|parquet)$")


@dataclass(frozen=True)
class Migration:
    """Per current customer ``previous_tier`` and ``movement``; the matrix; gone customers."""

    columns: pd.DataFrame
    matrix: pd.DataFrame
    gone: pd.DataFrame
    source: str
    warnings: list[Message] = field(default_factory=list)


def latest_in(folder: Path, as_of: dt.date) -> Path | None:
    """The newest ``tiers_<date>`` file in *folder* dated before *as_of* (None if there is none)."""
    if not folder.is_dir():
        raise InputError(msg("history.not_folder", folder=str(folder)))
    dated = []
    for path in folder.iterdir():
        if path.name.startswith(("~$", ".~lock", ".")):  # Excel's, LibreOffice's lock files
            continue
        match = _DATED.search(path.name)
        try:
            day = dt.date.fromisoformat(match.group(1)) if match else None
        except ValueError:  # tiers_2026-13-45.xlsx is not one of ours
            day = None
        if day is not None and day < as_of:
            dated.append((match.group(1), path))  # type: ignore[union-attr]
    return max(dated)[1] if dated else None


def read_previous(path: Path, tier_labels: dict[str, str]) -> pd.DataFrame:
    """customer_id → tier (canonical names) from a previous workbook or customer table, and
    ``owner`` (the salesperson; empty when the table has none).

    *tier_labels* maps canonical tier names to their zh labels, to read a zh workbook back.
    """
    sheets = read_any(path)
    wanted_id = {schema.header("customer_id", lang) for lang in ("zh", "en")} | {"customer_id"}
    wanted_tier = {schema.header("tier", lang) for lang in ("zh", "en")} | {"tier"}
    wanted_owner = {schema.header("owner", lang) for lang in ("zh", "en")} | {"owner"}
    for sheet in sheets:
        headers = [str(c) for c in sheet.frame.columns]
        ids = next((h for h in headers if h in wanted_id), None)
        tiers = next((h for h in headers if h in wanted_tier), None)
        owners = next((h for h in headers if h in wanted_owner), None)
        if ids and tiers:
            frame = pd.DataFrame(
                {
                    "customer_id": coerce.clean_id(sheet.frame[ids]),
                    "tier": coerce.clean_text(sheet.frame[tiers]),
                    "owner": coerce.clean_text(sheet.frame[owners])
                    if owners
                    else pd.Series(pd.NA, index=sheet.frame.index, dtype="string"),
                }
            ).dropna(subset=["customer_id"])
            back = {zh: name for name, zh in tier_labels.items()}
            frame["tier"] = frame["tier"].map(back).fillna(frame["tier"])
            return frame.drop_duplicates("customer_id").set_index("customer_id")
    raise InputError(
        msg(
            "history.no_tier_table",
            file=str(path),
            ids=quoted(sorted(wanted_id)),
            tiers=quoted(sorted(wanted_tier)),
        )
    )


def in_current_ids(
    previous: pd.Series, current: pd.Index, sources: pd.DataFrame | None, cfg: IdentityConfig
) -> pd.Series:
    """The previous tiers under this run's customer ids: an id this run merged into another
    (``00549`` into ``C00549``: a source id of it) or spells another way (``c-00042``, as
    ``identity.ids`` compares ids) is that customer, not a customer gone
    (:func:`tiercli.identity.current_customers`). When two previous ids land on one customer,
    its own id's tier is kept (else the first)."""
    if previous.empty:
        return previous
    old = pd.Series(previous.index.astype("string"), dtype="string")
    found = current_customers(old, current, sources, cfg).fillna(old)
    moved = pd.DataFrame(
        {"tier": previous.to_numpy(), "id": found.to_numpy(), "own": old.eq(found).to_numpy()}
    )
    moved = moved.sort_values("own", ascending=False, kind="stable").drop_duplicates("id")
    moved = moved.sort_index()
    index = pd.Index(moved["id"].to_numpy(), name=previous.index.name)
    return pd.Series(moved["tier"].to_numpy(), index=index, name=previous.name)


def migration(current: pd.Series, previous: pd.Series, order: list[str], source: str) -> Migration:
    """Compare tiers (index customer_id). *order* lists tiers best first.

    movement: up / down / same against the previous tier; new for a customer with no previous
    tier; customers with a previous tier but none now are "gone" (listed apart). A previous tier
    that is not one of *order* (the previous run used other tier names) cannot be compared:
    those customers get no movement, their tiers get rows of their own in the matrix, and a
    warning says so.
    """
    rank = {name: i for i, name in enumerate(order)}
    previous = previous.dropna()
    prev = previous.reindex(current.index)
    now_rank = current.map(rank).astype("float64")
    prev_rank = prev.map(rank).astype("float64")
    movement = pd.Series(pd.NA, index=current.index, dtype="string")
    movement[now_rank == prev_rank] = "same"
    movement[now_rank < prev_rank] = "up"
    movement[now_rank > prev_rank] = "down"
    movement[prev.isna() & current.notna()] = "new"
    movement[current.isna()] = pd.NA
    unknown = sorted(set(previous.astype(str)) - set(order))
    warnings = []
    if unknown:
        affected = int((prev.notna() & prev_rank.isna() & current.notna()).sum())
        warnings.append(
            msg("history.other_tiers", source=source, unknown=unknown, order=order, n=affected)
        )
    gone_ids = previous.index.difference(current.dropna().index)
    gone = pd.DataFrame({"previous_tier": previous.reindex(gone_ids)})
    gone.index.name = "customer_id"
    both = pd.DataFrame({"previous": prev.fillna("new"), "current": current}).dropna()
    rows = [*order, *unknown, "new"]
    matrix = pd.crosstab(both["previous"], both["current"]).reindex(
        index=rows, columns=order, fill_value=0
    )
    matrix["gone"] = [int((gone["previous_tier"] == r).sum()) for r in rows]
    matrix.index.name = "previous_tier"
    columns = pd.DataFrame({"previous_tier": prev.astype("string"), "movement": movement})
    return Migration(columns, matrix.astype("int64"), gone, source, warnings)
