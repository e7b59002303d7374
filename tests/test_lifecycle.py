"""Lifecycle stages (boundaries exactly at the threshold and one day either side), the
playbook's first-match rules, and the reactivation list."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tiercli.classifiers import lifecycle, playbook
from tiercli.classifiers.base import Context
from tiercli.classifiers.reactivation import reactivation_list
from tiercli.config.loader import parse_config
from tiercli.config.models import LifecycleConfig, PlaybookConfig, ReactivationConfig
from tiercli.errors import ConfigError


def ctx(customers: pd.DataFrame) -> Context:
    """A classifier context around a literal customer table."""
    import datetime as _dt

    return Context(customers, pd.DataFrame(), _dt.date(2026, 6, 30))


CFG = LifecycleConfig()  # new 180 days; gap ≥ 30; ×2 sleeping, ×4 lost; one order 180/365; 730


def one(orders: float, order_days: float, recency: float, tenure: float, gap: float) -> str:
    t = pd.DataFrame(
        {
            "orders": [orders],
            "order_days": [order_days],
            "recency_days": [recency],
            "tenure_days": [tenure],
            "median_gap_days": [gap],
        },
        index=pd.Index(["C1"], name="customer_id"),
    ).astype(
        {"orders": "Int64", "order_days": "Int64", "recency_days": "Int64", "tenure_days": "Int64"}
    )
    return str(lifecycle.classify(ctx(t), CFG).columns["lifecycle"].iloc[0])


@pytest.mark.parametrize(
    ("args", "stage"),
    [
        ((np.nan, np.nan, np.nan, np.nan, np.nan), "prospect"),
        ((0, 0, np.nan, np.nan, np.nan), "<NA>"),  # only returns in the data: no stage
        ((1, 1, 10, 180, np.nan), "new"),  # exactly new_days
        ((1, 1, 10, 181, np.nan), "active"),  # one day past: one-order rule
        # repeat buyer, median gap 60 days: active ≤ 120, sleeping ≤ 240, else lost
        ((5, 5, 119, 900, 60), "active"),
        ((5, 5, 120, 900, 60), "active"),
        ((5, 5, 121, 900, 60), "sleeping"),
        ((5, 5, 240, 900, 60), "sleeping"),
        ((5, 5, 241, 900, 60), "lost"),
        # a weekly buyer's gap is floored at 30 days: active up to 60 days
        ((50, 50, 60, 900, 7), "active"),
        ((50, 50, 61, 900, 7), "sleeping"),
        # one order day: active ≤ 180, sleeping ≤ 365, lost beyond
        ((1, 1, 180, 400, np.nan), "active"),
        ((1, 1, 181, 400, np.nan), "sleeping"),
        ((1, 1, 365, 400, np.nan), "sleeping"),
        ((1, 1, 366, 400, np.nan), "lost"),
        # the absolute cap: silent more than 730 days is lost whatever the rhythm
        ((5, 5, 730, 2000, 400), "active"),
        ((5, 5, 731, 2000, 400), "lost"),
    ],
    ids=lambda v: str(v),
)
def test_lifecycle_boundaries(args: tuple[float, ...], stage: str) -> None:
    assert one(*args) == stage


def test_days_overdue_and_expected_gap() -> None:
    t = pd.DataFrame(
        {
            "orders": [5, 1],
            "order_days": [5, 1],
            "recency_days": [150, 200],
            "tenure_days": [900, 900],
            "median_gap_days": [60.0, np.nan],
        },
        index=pd.Index(["A", "B"], name="customer_id"),
    )
    out = lifecycle.classify(ctx(t), CFG).columns
    assert out["expected_gap_days"].tolist() == [60.0, 180.0]
    assert out["days_overdue"].tolist() == [90, 20]


def test_lifecycle_config_order_is_checked() -> None:
    with pytest.raises(ConfigError, match="lifecycle -> lost_after: must be greater than"):
        parse_config({"lifecycle": {"sleeping_after": 3, "lost_after": 2}}, "t")


def _labels(**columns: list[str]) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    return pd.DataFrame(columns, index=pd.Index([f"C{i}" for i in range(n)], name="customer_id"))


def test_playbook_first_match_and_catch_all() -> None:
    cfg = parse_config({}, "t").playbook
    t = _labels(
        lifecycle=["prospect", "lost", "lost", "active", "active", "sleeping"],
        abc_class=[None, "A", "C", "A", "C", "B"],
    )
    out = playbook.classify(ctx(t), cfg)
    service = out.columns["service_level"].tolist()
    assert service == ["Standard", "Key", "Basic", "VIP", "Standard", "Key"]
    assert out.labels["service_level"]["VIP"] == ("贵宾", "VIP")
    assert out.columns["action"].notna().all()


def test_playbook_rule_on_a_missing_column_never_matches_and_warns() -> None:
    cfg = PlaybookConfig(
        rules=[
            {
                "when": {"tier": ["S"]},
                "action": {"en": "a", "zh": "甲"},
                "service_level": {"en": "VIP", "zh": "贵宾"},
                "contact_frequency": {"en": "w", "zh": "周"},
                "channel": {"en": "c", "zh": "渠"},
            },
            {
                "action": {"en": "b", "zh": "乙"},
                "service_level": {"en": "Std", "zh": "标准"},
                "contact_frequency": {"en": "m", "zh": "月"},
                "channel": {"en": "e", "zh": "邮"},
            },
        ]
    )
    out = playbook.classify(ctx(_labels(lifecycle=["active"])), cfg)
    assert out.columns["action"].tolist() == ["b"]
    assert "needs column 'Tier'" in str(out.warnings[0])


def test_playbook_needs_a_catch_all() -> None:
    with pytest.raises(ConfigError, match="the last rule must have no `when`"):
        parse_config(
            {
                "playbook": {
                    "rules": [
                        {
                            "when": {"lifecycle": ["new"]},
                            "action": {"en": "a", "zh": "甲"},
                            "service_level": {"en": "s", "zh": "s"},
                            "contact_frequency": {"en": "f", "zh": "f"},
                            "channel": {"en": "c", "zh": "c"},
                        }
                    ]
                }
            },
            "t",
        )


def test_reactivation_keeps_valuable_sleepers_in_value_order() -> None:
    t = pd.DataFrame(
        {
            "lifecycle": ["lost", "sleeping", "active", "lost", "sleeping"],
            "orders": [3, 4, 9, 1, 2],
            "revenue": [500.0, 900.0, 5000.0, 10.0, 700.0],
        },
        index=pd.Index(["A", "B", "C", "D", "E"], name="customer_id"),
    )
    out = reactivation_list(t, ReactivationConfig())
    # buyers' median revenue is 700: A (500) and D (10) are below it, C is active
    assert out["customer_id"].tolist() == ["B", "E"]


def test_reactivation_ranks_by_a_column_it_does_not_list() -> None:
    """``rank_by`` may name any customer-table column (a score, say): the list is taken with
    the ranking's columns as well as its own, ranked by it, and shows its own columns only."""
    from tiercli.classifiers.reactivation import COLUMNS

    t = pd.DataFrame(
        {
            "lifecycle": ["lost", "sleeping", "sleeping", "lost"],
            "orders": [3, 4, 2, 5],
            "revenue": [500.0, 900.0, 700.0, 800.0],
            "score": [10.0, 40.0, 90.0, 20.0],
            "rfm_segment": ["x", "y", "z", "w"],  # (neither listed nor ranked by)
        },
        index=pd.Index(["A", "B", "C", "D"], name="customer_id"),
    )
    out = reactivation_list(t, ReactivationConfig(rank_by=["score"], min_value_share=0.0))
    assert out["customer_id"].tolist() == ["C", "B", "D", "A"]
    assert list(out.columns) == [c for c in COLUMNS if c in [*t.columns, "customer_id"]]


def test_planted_lapsed_customers_are_on_the_list_in_value_order() -> None:
    from tiercli.config import load_config
    from tiercli.pipeline import segment

    root = Path(__file__).resolve().parents[1]
    result = segment([root / "sample_data" / "trade_export.xlsx"], load_config(None))
    planted = pd.read_csv(root / "sample_data" / "planted.csv", dtype={"customer_id": str})
    lapsed = planted.loc[planted["trajectory"] == "lapsed", "customer_id"]
    # a lapsed buyer that identity resolution merged into another (same name) has its history
    merged = result.customers["source_ids"].notna()
    lapsed = lapsed[lapsed.isin(result.customers.index[~merged])]
    stages = result.customers.loc[lapsed, "lifecycle"]
    assert stages.isin(["sleeping", "lost"]).all()
    listed = result.reactivation
    top_lapsed = result.customers.loc[lapsed, "revenue"].nlargest(25).index
    assert set(top_lapsed) <= set(listed["customer_id"])
    # grouped by salesperson (the sample names owners), by value within each
    named = listed["owner"].notna()
    assert not (named & ~named.cummin()).any()  # customers without an owner come last
    assert listed.loc[named, "owner"].is_monotonic_increasing
    assert (
        listed.groupby(listed["owner"].fillna(""), sort=False)["revenue"]
        .apply(lambda r: r.is_monotonic_decreasing)
        .all()
    )
    assert listed["action"].notna().all()
    growing = planted.loc[planted["trajectory"].isin(["growing", "steady"]), "customer_id"]
    growing = growing[growing.isin(result.customers.index[~merged])]
    assert (result.customers.loc[growing, "lifecycle"] == "active").mean() > 0.95
