"""Resources and return: service levels costed, a budget allocated in level order, ROI per tier."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from tiercli.classifiers import resources
from tiercli.classifiers.base import Context
from tiercli.config.loader import parse_config
from tiercli.config.models import ResourcesConfig
from tiercli.errors import ConfigError

VIP_HOURS = 4 * 0.5 + 4 * 0.1 + (2 * 8 + 2 * 0.5) / 12  # 3.8167: calls, e-mails, visits, samples
KEY_HOURS = 2 * 0.5 + 4 * 0.1 + (8 + 0.5) / 12  # 2.1083
VIP_MONEY = (2 * 600 + 2 * 80) / 12  # 113.33
KEY_MONEY = (600 + 80) / 12  # 56.67


def table(**extra: list[object]) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "service_level": ["VIP", "Key", "Basic", "Standard"],
            "tier": ["S", "A", "C", None],
            "revenue_12m": [120_000.0, 30_000.0, 1_000.0, 0.0],
            **extra,
        },
        index=pd.Index(["C1", "C2", "C3", "P1"], name="customer_id"),
    )
    frame["service_level"] = frame["service_level"].astype("string")
    return frame


def classify(frame: pd.DataFrame, cfg: ResourcesConfig) -> pd.DataFrame:
    out = resources.classify(Context(frame, pd.DataFrame(), dt.date(2026, 6, 30)), cfg)
    return frame.join(out.columns)


def test_each_level_costs_what_its_contacts_ask() -> None:
    got = classify(table(), ResourcesConfig())
    assert got.loc["C1", "service_hours"] == pytest.approx(VIP_HOURS, abs=0.005)
    assert got.loc["C1", "service_money"] == pytest.approx(VIP_MONEY, abs=0.005)
    assert got.loc["C2", "service_hours"] == pytest.approx(KEY_HOURS, abs=0.005)
    assert got.loc["C3", "service_hours"] == pytest.approx(0.034, abs=0.005)
    assert (got["allocated_hours"] == got["service_hours"]).all()  # the default budget suffices


def test_a_short_budget_serves_levels_in_order() -> None:
    cfg = ResourcesConfig(monthly_hours=5.0)
    out = resources.classify(Context(table(), pd.DataFrame(), dt.date(2026, 6, 30)), cfg)
    got = table().join(out.columns)
    share = (5.0 - VIP_HOURS) / KEY_HOURS  # VIP whole, Key what is left, the rest nothing
    assert got.loc["C1", "allocated_hours"] == pytest.approx(VIP_HOURS, abs=0.01)
    assert got.loc["C2", "allocated_hours"] == pytest.approx(KEY_HOURS * share, abs=0.01)
    assert got.loc["C2", "allocated_money"] == pytest.approx(KEY_MONEY * share, abs=0.01)
    assert got.loc["C3", "allocated_hours"] == 0 and got.loc["P1", "allocated_hours"] == 0
    assert [w.code for w in out.warnings] == ["resources.short"]
    assert "Key gets 56% of what it asks" in str(out.warnings[0])
    assert out.details["coverage"]["Key"] == pytest.approx(share, abs=1e-4)


def test_allocation_per_tier_with_roi_and_the_gap_to_current_cost() -> None:
    cfg = ResourcesConfig()
    got = classify(table(cost_to_serve=[24_000.0, 600.0, None, None]), cfg)
    per_tier = resources.allocation_table(got, "tier", cfg, ["S", "A", "B", "C"])
    assert list(per_tier.index) == ["S", "A", "C", "(none)", "All"]
    s = per_tier.loc["S"]
    cost = VIP_HOURS * 30 + VIP_MONEY
    assert s["allocated_cost"] == pytest.approx(cost, abs=0.2)  # hours are kept to 2 decimals
    assert s["roi"] == pytest.approx(120_000 / (12 * cost), rel=1e-3)
    assert s["current_cost"] == pytest.approx(2_000.0) and s["cost_gap"] == pytest.approx(
        cost - 2_000.0, abs=0.2
    )
    assert per_tier.loc["All", "customers"] == 4


def test_allocation_per_salesperson_when_the_data_has_owners() -> None:
    cfg = ResourcesConfig()
    got = classify(table(owner=["Li", "Li", "Wang", None]), cfg)
    per_owner = resources.allocation_table(got, "owner", cfg)
    assert list(per_owner.index) == ["(none)", "Li", "Wang", "All"]
    assert per_owner.loc["Li", "customers"] == 2


def test_unknown_level_is_warned_and_costs_nothing() -> None:
    frame = table()
    frame.loc["C3", "service_level"] = "Gold"
    out = resources.classify(
        Context(frame, pd.DataFrame(), dt.date(2026, 6, 30)), ResourcesConfig()
    )
    assert out.columns.loc["C3", "service_hours"] == 0
    assert out.warnings[0].code == "resources.unknown_levels"
    assert "Gold" in out.warnings[0].render("zh")


def test_explain_states_the_level_costs_and_the_share() -> None:
    cfg = ResourcesConfig()
    got = classify(table(), cfg)
    details = {"coverage": {"VIP": 1.0}}
    rule = resources.explain(got, "C1", cfg, details).rules[0]
    assert str(rule).startswith("service level VIP: 4 calls and 4 e-mails a month, 2 visits")
    assert "满足该层级的 100%" in rule.render("zh")


def test_many_small_shares_never_allocate_more_than_the_budget() -> None:
    """Each customer's allocation is stored to the cent of an hour; rounding 300 tiny shares
    to nearest once gave 642 hours of a 640-hour budget on the sample."""
    levels = ["VIP"] * 10 + ["Key"] * 300
    frame = pd.DataFrame(
        {"service_level": pd.array(levels, dtype="string"), "tier": "A", "revenue_12m": 1.0},
        index=pd.Index([f"C{i}" for i in range(len(levels))], name="customer_id"),
    )
    cfg = ResourcesConfig(monthly_hours=10 * VIP_HOURS + 20.0, monthly_budget=1e9)
    got = classify(frame, cfg)
    assert got["allocated_hours"].sum() <= cfg.monthly_hours
    assert got["allocated_hours"].sum() == pytest.approx(cfg.monthly_hours, abs=300 * 0.01)


def test_resources_need_the_playbook() -> None:
    from tiercli.classifiers.registry import plan

    with pytest.raises(ConfigError, match=r"resources: needs column 'service_level'.*playbook"):
        plan(parse_config({"playbook": {"enabled": False}}, "t.yaml"))


def test_sample_has_a_resources_sheet_and_json(sample_result) -> None:  # type: ignore[no-untyped-def]
    summary = sample_result.summary()
    rows = summary["tables"]["resources_tier"]
    assert [r["tier"] for r in rows][:5] == ["S", "A", "B", "C", "D"]
    # 1,080 customers: identity resolution merges issue 13's spelling variants into their buyer
    # and two pairs of one name and country into one; one variant id (00196, a name two
    # companies share, no country) is only proposed and stays a customer of its own
    assert rows[-1]["tier"] == "All" and rows[-1]["customers"] == 1079
    assert rows[-1]["allocated_hours"] <= 640 + 0.5
    # the hours asked are one figure everywhere: the sheet's total, the Config sheet, the
    # warning (each customer's ask stored to the cent; the sums of the unrounded asks differed)
    asked = sample_result.details["resources"]["hours_asked"]
    assert asked == round(rows[-1]["required_hours"], 2)
    assert asked == round(float(sample_result.customers["service_hours"].sum()), 2)
    short = next(w for w in sample_result.warnings if w.code == "resources.short")
    assert short.params["hours"] == pytest.approx(asked)


def test_cost_to_serve_from_the_customer_list_gives_the_gap(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    from tiercli.config import load_config
    from tiercli.pipeline import segment

    data = Path(__file__).parent / "data"
    customers = tmp_path / "customers.csv"
    lines = (data / "mini_customers.csv").read_text("utf-8").splitlines()
    costs = ["服务成本", "1200", "2400", "", "600", ""]
    customers.write_text(
        "\n".join(f"{line},{cost}" for line, cost in zip(lines, costs, strict=True)) + "\n",
        encoding="utf-8",
    )
    result = segment([data / "mini_orders.csv", customers], load_config(None))
    assert result.customers.loc["C001", "cost_to_serve"] == 1200.0
    rows = {r["tier"]: r for r in result.summary()["tables"]["resources_tier"]}
    assert rows["All"]["current_cost"] == pytest.approx((1200 + 2400 + 600) / 12)
    assert rows["All"]["cost_gap"] == pytest.approx(
        rows["All"]["allocated_cost"] - rows["All"]["current_cost"], abs=1e-3
    )


def test_the_salesperson_table_lists_them_by_revenue_as_the_owner_table(sample_result) -> None:  # type: ignore[no-untyped-def]
    """'Resources and return (by salesperson)' was sorted by name, the 'Customers and tiers per
    salesperson' table above it by revenue."""
    by_owner = sample_result.tables["resources_owner"]["owner"].tolist()
    owners = sample_result.tables["owner"].index.tolist()
    assert by_owner[:-1] == owners and by_owner[-1] == "All"
