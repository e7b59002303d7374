"""The run: inputs → canonical tables → customer table → classifiers → SegmentationResult."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from tiercli import __version__
from tiercli.classifiers import abc, clv, lifecycle, playbook, rfm, scoring, trade
from tiercli.classifiers.base import Classified
from tiercli.config.models import Config
from tiercli.features import build_customer_table
from tiercli.history import (
    MOVEMENT_ZH,
    MOVEMENTS,
    Migration,
    latest_in,
    migration,
    read_previous,
)
from tiercli.io.loader import Inputs, load_inputs
from tiercli.io.normalize import Tables, normalize
from tiercli.io.readers import FileInfo
from tiercli.reactivation import reactivation_list
from tiercli.summaries import LABEL_TABLES, TRADE_COLUMNS, group_table, pareto_curve

# name → (classifier, its config section). Each sees only the customer table and its section.
CLASSIFIERS: dict[
    str, tuple[Callable[[pd.DataFrame, Any], Classified], Callable[[Config], Any]]
] = {
    "rfm": (rfm.classify, lambda cfg: cfg.rfm),
    "abc": (abc.classify, lambda cfg: cfg.abc),
    "trade": (trade.classify, lambda cfg: cfg.trade),
    "lifecycle": (lifecycle.classify, lambda cfg: cfg.lifecycle),
    "scoring": (scoring.classify, lambda cfg: cfg.scoring),  # after clv: predicted_revenue
    "playbook": (playbook.classify, lambda cfg: cfg.playbook),  # last: reads the labels above
}


@dataclass(frozen=True)
class SegmentationResult:
    """Everything a writer needs; writers compute nothing that is not here."""

    customers: pd.DataFrame  # the customer table, indexed by customer_id
    rejects: pd.DataFrame
    reconciliation: pd.DataFrame
    as_of: dt.date
    config: Config
    inputs: list[FileInfo]
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    column_map: dict[str, dict[str, str]] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    value_labels: dict[str, dict[str, str]] = field(default_factory=dict)  # column → {value: zh}
    reactivation: pd.DataFrame = field(default_factory=pd.DataFrame)
    migration: Migration | None = None

    @property
    def base_currency(self) -> str:
        return self.config.currency.base

    def summary(self) -> dict[str, Any]:
        """The machine summary (``--json``): counts, reconciliation, warnings."""
        c = self.customers
        buyers = c["orders"].fillna(0) > 0
        prospects = c["orders"].isna()
        recon = self.reconciliation
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
            "rows": {
                key: int(recon[key].sum())
                for key in ("rows_read", "used", "rejected", "duplicates", "after_as_of")
            },
            "files": recon.to_dict(orient="records"),
            "rejects_by_reason": _reasons(self.rejects),
            "inputs": [f.__dict__ for f in self.inputs],
            "warnings": list(self.warnings),
            "lifecycle_counts": self.details.get("lifecycle", {}).get("counts", {}),
            "tables": {
                name: [
                    {name: str(label), **{k: _plain(v) for k, v in row.items()}}
                    for label, row in self.tables[name].iterrows()
                ]
                for name in LABEL_TABLES
                if name in self.tables
            },
            **self.details,
        }


def _plain(value: Any) -> Any:
    """A JSON-ready scalar: floats rounded to 4 places, numpy scalars unwrapped."""
    if hasattr(value, "item"):
        value = value.item()
    return round(value, 4) if isinstance(value, float) else value


def _reasons(rejects: pd.DataFrame) -> dict[str, int]:
    if rejects.empty:
        return {}
    counts = rejects["reason"].value_counts(sort=True)
    return {str(k): int(v) for k, v in counts.items()}


def run(
    tables: Tables,
    cfg: Config,
    inputs: Inputs | None = None,
    previous: tuple[pd.Series, str] | None = None,
) -> SegmentationResult:
    """Build the customer table and every enabled classifier's columns from *tables*.

    *previous* (tiers of an earlier run by customer id, and where they came from) adds
    ``previous_tier`` and ``movement`` and the migration matrix.
    """
    customers = build_customer_table(tables, tables.as_of, cfg.orders.conversion_window_days)
    warnings = list(tables.warnings)
    if customers["orders"].notna().sum() == 0:
        warnings.append("no customer has a usable order: every order metric is empty")
    details: dict[str, Any] = {}
    value_labels: dict[str, dict[str, str]] = {}
    if cfg.clv.enabled:
        # Predicted value is fitted on the order history, not on the customer table.
        predicted = clv.predict_value(
            tables.lines,
            tables.as_of,
            cfg.clv.horizon_days,
            cfg.clv.min_repeat_customers,
            cfg.clv.time_unit_days,
            penalizer=cfg.clv.penalizer,
        )
        customers = customers.join(predicted.values.reindex(customers.index))
        details["clv"] = {"horizon_days": cfg.clv.horizon_days, **predicted.fit.as_dict()}
        warnings.extend(predicted.warnings)
    for classify, section in CLASSIFIERS.values():
        settings = section(cfg)
        if not settings.enabled:
            continue
        out = classify(customers, settings)
        customers = customers.join(out.columns)
        details.update(out.details)
        warnings.extend(out.warnings)
        value_labels.update(out.labels)
    summary_tables = {}
    if "tier" in customers:
        tiers = [level.name for level in cfg.scoring.tiers.levels]
        summary_tables["tier"] = group_table(customers, "tier", tiers, score="composite_score")
    if "quadrant" in customers:
        quadrants = ["star", "growth", "maintain", "transform"]
        summary_tables["quadrant"] = group_table(customers, "quadrant", quadrants)
    if "pyramid_level" in customers:
        levels = [level.name for level in cfg.scoring.pyramid.levels]
        summary_tables["pyramid_level"] = group_table(customers, "pyramid_level", levels)
    if "rfm_segment" in customers:
        rules = cfg.rfm.rules()[1]
        order = [str(rule["name"]) for rule in rules]
        summary_tables["rfm_segment"] = group_table(customers, "rfm_segment", order)
    if "abc_class" in customers:
        classes = ["A", "B", "C"] + (["D"] if cfg.abc.non_positive == "D" else [])
        summary_tables["abc_class"] = group_table(customers, "abc_class", classes)
        summary_tables["pareto"] = pareto_curve(customers)
    if "lifecycle" in customers:
        summary_tables["lifecycle"] = group_table(customers, "lifecycle", lifecycle.STAGES)
    for column in TRADE_COLUMNS:
        if column in customers:
            table = group_table(customers, column, list(value_labels.get(column, {})))
            summary_tables[column] = table.loc[table["customers"] > 0]
    moved = None
    if previous is not None:
        if "tier" not in customers:
            warnings.append(
                "migration: this run has no tiers (scoring is disabled), so there is "
                "nothing to compare with the previous run"
            )
        else:
            order = [level.name for level in cfg.scoring.tiers.levels]
            moved = migration(customers["tier"], previous[0], order, previous[1])
            customers = customers.join(moved.columns)
            value_labels["movement"] = MOVEMENT_ZH
            value_labels["previous_tier"] = value_labels.get("tier", {})
            details["migration"] = {
                "previous": previous[1],
                "movement": {m: int((moved.columns["movement"] == m).sum()) for m in MOVEMENTS[:4]}
                | {"gone": len(moved.gone)},
            }
    reactivation = (
        reactivation_list(customers, cfg.reactivation)
        if cfg.reactivation.enabled
        else pd.DataFrame()
    )
    return SegmentationResult(
        customers=customers,
        rejects=tables.rejects,
        reconciliation=tables.reconciliation,
        as_of=tables.as_of,
        config=cfg,
        inputs=inputs.files if inputs else [],
        warnings=warnings,
        notes=inputs.notes if inputs else [],
        column_map=tables.column_map,
        details=details,
        tables=summary_tables,
        value_labels=value_labels,
        reactivation=reactivation,
        migration=moved,
    )


def segment(
    files: list[Path],
    cfg: Config,
    *,
    orders: list[Path] | None = None,
    customers: list[Path] | None = None,
    inquiries: list[Path] | None = None,
    as_of: dt.date | None = None,
    previous: Path | None = None,
    history: Path | None = None,
) -> SegmentationResult:
    """Read the inputs and run the whole segmentation (the library's main entry point).

    *previous* (a tiercli workbook or customer table) or *history* (a folder of them: the newest
    before this run's as-of) gives the tiers to compare with.
    """
    inputs = load_inputs(files, cfg, orders=orders, customers=customers, inquiries=inquiries)
    tables = normalize(inputs.sheets, cfg, as_of)
    before = None
    if history is not None and previous is None:
        previous = latest_in(history, tables.as_of)
    if previous is not None:
        labels = {level.name: level.zh or level.name for level in cfg.scoring.tiers.levels}
        before = (read_previous(previous, labels)["tier"], str(previous))
    result = run(tables, cfg, inputs, before)
    if history is not None and previous is None:
        result.warnings.append(
            f"migration: no earlier tiers_<date> file in {history}; this run is the first"
        )
    return result
