"""Follow-up records (跟进记录) as a fourth input, their metrics, contact gaps, the salesperson
table and --owner (issue 13, items 2 and 3).

tests/data/mini_activities.csv, hand-checked against the as-of date 2026-06-30 (rows numbered
as in the file, header = row 1):

- row 2: C001 邮件 outbound, 已回复 (answered) · row 3: C001 报价 outbound, 未回复 · row 4: C001
  电话, 客户来电 (inbound), 2026-04-01 = 90 days before the as-of (not within 90 days);
- rows 5-6: C002 寄样 (2026-03-10, 112 days) and 展会 (2025-12-01), both answered;
- row 7: 00042 拜访 2026-06-25, no outcome (not answered);
- row 8: C003 with no date → rejected; row 9: C001 2026-07-05 → after the as-of;
- row 10: C999, in no other table → used, counts for nobody (a warning);
- row 11: no customer id → rejected; row 12: 'not a date' → rejected;
- row 13: C005 (a prospect) 会议 2026-06-28, answered.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from tiercli.cli import app
from tiercli.config.loader import parse_config
from tiercli.config.models import ActivitiesConfig
from tiercli.errors import InputError
from tiercli.explain import explain_customer
from tiercli.io.normalize import activity_fields
from tiercli.pipeline import SegmentationResult, segment
from tiercli.schema import ACTIVITY_COLUMNS

DATA = Path(__file__).parent / "data"
CFG = parse_config({"currency": {"source": "fixed", "rates": {"EUR": 1.1, "GBP": 1.25}}}, "t")
AS_OF = dt.date(2026, 6, 30)
runner = CliRunner()


def _run(activities: bool = True, owner: str | None = None) -> SegmentationResult:
    return segment(
        [],
        CFG,
        orders=[DATA / "mini_orders.csv"],
        customers=[DATA / "mini_customers.csv"],
        inquiries=[DATA / "mini_inquiries.csv"],
        activities=[DATA / "mini_activities.csv"] if activities else None,
        as_of=AS_OF,
        owner=owner,
    )


@pytest.fixture(scope="module")
def with_activities() -> SegmentationResult:
    return _run()


@pytest.fixture(scope="module")
def without() -> SegmentationResult:
    return _run(activities=False)


def test_follow_up_metrics_per_customer(with_activities: SegmentationResult) -> None:
    got = with_activities.customers[["owner", *ACTIVITY_COLUMNS]]
    nat, na = pd.NaT, pd.NA
    expected = pd.DataFrame(
        {
            "owner": ["王芳", "王芳", "Li Lei", na, "Li Lei", na],
            "last_contact_date": pd.to_datetime(
                ["2026-06-25", "2026-06-20", "2026-03-10", nat, "2026-06-28", nat]
            ),
            "last_contact_type": ["visit", "email", "sample", na, "meeting", na],
            "days_since_contact": [5, 10, 112, na, 2, na],
            "contacts_90d": [1, 2, 0, 0, 1, 0],
            "quotes_12m": [0, 1, 0, 0, 0, 0],
            "samples_12m": [0, 0, 1, 0, 0, 0],
            "reply_rate": [0.0, 0.5, 1.0, np.nan, 1.0, np.nan],
        },
        index=got.index,
    ).astype(got.dtypes.to_dict())
    assert list(got.index) == ["00042", "C001", "C002", "C003", "C005", "C006"]
    pd.testing.assert_frame_equal(got, expected)


def test_bad_follow_up_rows_are_rejects_with_file_row_and_reason(
    with_activities: SegmentationResult,
) -> None:
    rejects = with_activities.rejects
    mine = rejects.loc[rejects["source_file"].str.endswith("mini_activities.csv")]
    shown = mine[["row", "column", "value", "reason"]].astype(object)
    assert shown.where(shown.notna(), None).values.tolist() == [
        [8, "跟进日期", "", "blank follow-up date"],
        [11, "客户编号", "", "blank customer id"],
        [12, "跟进日期", "not a date", "unparseable date"],
    ]
    recon = with_activities.reconciliation.set_index("table").loc["activities"]
    assert (recon["rows_read"], recon["used"], recon["rejected"], recon["after_as_of"]) == (
        12,
        8,
        3,
        1,
    )
    unknown = [w for w in with_activities.warnings if w.code == "run.activities_unknown"]
    assert [w.params["n"] for w in unknown] == [1]
    # the file and row, not the id (which --pseudonymise could not replace: it is in no table)
    assert (unknown[0].params["file"], unknown[0].params["row"]) == ("mini_activities.csv", 10)


@pytest.mark.parametrize(
    ("kind", "direction", "outcome", "expected"),
    [
        ("Phone call", "Outgoing", "Replied", ("call", True, True)),
        ("Video call", "", "no reply", ("meeting", True, False)),
        ("Quotation sent", "outbound", "", ("quote", True, False)),
        ("E-mail", "Inbound", "replied", ("email", False, True)),
        ("Trade Show", "我方", "有意向", ("trade_show", True, True)),
        ("寄样", "客户来电", "未回复", ("sample", False, False)),
        ("拜访客户", "", "接通", ("visit", True, True)),
        ("Dinner", "", "", ("other", True, False)),
    ],
)
def test_type_direction_and_outcome_are_read_by_keywords(
    kind: str, direction: str, outcome: str, expected: tuple[str, bool, bool]
) -> None:
    def one(text: str) -> pd.Series:
        return pd.Series([text or pd.NA], dtype="string")

    got = activity_fields(one(kind), one(direction), one(outcome), ActivitiesConfig())
    assert (got[0].iloc[0], bool(got[1].iloc[0]), bool(got[2].iloc[0])) == expected


def test_without_follow_ups_nothing_changes(
    without: SegmentationResult, with_activities: SegmentationResult
) -> None:
    c = without.customers
    assert not set(ACTIVITY_COLUMNS) & set(c.columns)
    assert "contact_status" not in c and "contact_gaps" not in without.tables
    # the shipped weights, as before follow-ups existed: no if_present metric, no note
    assert without.details["scoring"]["weights"]["behavior"]["metrics"] == {
        "orders": 0.5,
        "recency_days": 0.5,
    }
    assert without.details["scoring"]["weights"]["relationship"]["metrics"] == {
        "tenure_days": 0.4,
        "product_lines": 0.3,
        "active_years": 0.3,
    }
    assert without.details["scoring"]["notes"] == []
    assert not [w for w in without.warnings if "contact" in str(w)]
    # the pinned composite scores of the mini run (tests/golden) stay as they were
    assert c["composite_score"].round(6).dropna().to_dict() == {
        "00042": 21.458333,
        "C001": 86.958333,
        "C002": 37.291667,
        "C003": 54.291667,
    }
    assert c["tier"].dropna().to_dict() == {"00042": "C", "C001": "S", "C002": "B", "C003": "A"}
    # with follow-ups the behaviour and relationship dimensions use them
    weights = with_activities.details["scoring"]["weights"]
    assert weights["behavior"]["metrics"] == {
        "orders": 0.333333,
        "recency_days": 0.333333,
        "contacts_90d": 0.166667,
        "quotes_12m": 0.083333,
        "samples_12m": 0.083333,
    }
    assert weights["relationship"]["metrics"]["reply_rate"] == 0.153846
    # C001, hand-checked: percentiles among the 4 buyers — orders 1, recency 1 (lower is
    # better), contacts_90d 1, quotes_12m 1, samples_12m 1/3 (three tie at 0, average rank 2)
    # → 100 × (1/3 + 1/3 + 1/6 + 1/12 + 1/12 × 1/3) = 100 × 34/36
    assert with_activities.customers.loc["C001", "behavior_score"] == pytest.approx(100 * 34 / 36)


def test_contact_gaps_against_the_playbook(with_activities: SegmentationResult) -> None:
    c = with_activities.customers
    assert c["contact_status"].to_dict() == {
        "00042": "on_time",  # lost, A/B: "Now, then monthly" (31 days); 5 days ago
        "C001": "overdue",  # VIP weekly; 10 days ago
        "C002": "overdue",
        "C003": "never",
        "C005": "on_time",
        "C006": "never",
    }
    listed = with_activities.tables["contact_gaps"]
    columns = ["owner", "customer_id", "contact_every_days", "contact_overdue_days"]
    shown = listed[columns].astype(object)
    assert shown.where(shown.notna(), None).values.tolist() == [
        ["Li Lei", "C002", 7, 105],
        ["王芳", "C001", 7, 3],
        [None, "C003", 14, None],
        [None, "C006", 7, None],
    ]
    assert with_activities.details["contact_gaps"] == {"overdue": 2, "never": 2, "on_time": 2}
    rules = explain_customer(with_activities, "C002").sections
    said = [str(r) for record, section in rules if record.name == "contact_gaps"
            for r in section.rules]  # fmt: skip
    assert said == [
        "contact frequency 'Weekly' asks for a contact at least every 7 days; the last one was "
        "112 days ago, 105 days overdue"
    ]


def test_owner_table(with_activities: SegmentationResult) -> None:
    table = with_activities.tables["owner"]
    assert table.reset_index().to_dict(orient="records") == [
        {"owner": "王芳", "customers": 2, "revenue": 2075.0, "tier_S": 1, "tier_A": 0,
         "reactivation": 0, "contact_gaps": 1},
        {"owner": "Li Lei", "customers": 2, "revenue": 1980.0, "tier_S": 0, "tier_A": 0,
         "reactivation": 0, "contact_gaps": 1},
        {"owner": "(none)", "customers": 2, "revenue": 350.0, "tier_S": 0, "tier_A": 1,
         "reactivation": 0, "contact_gaps": 2},
    ]  # fmt: skip


def test_owner_filter_keeps_scores(with_activities: SegmentationResult) -> None:
    mine = _run(owner=" li lei ")
    assert list(mine.customers.index) == ["C002", "C005"]
    assert mine.details["owner"] == "Li Lei"
    assert [str(n) for n in mine.notes] == [
        "only salesperson Li Lei's 2 customer(s) are shown; scores and tiers are computed on all "
        "customers"
    ]
    pd.testing.assert_series_equal(
        mine.customers["composite_score"],
        with_activities.customers.loc[["C002", "C005"], "composite_score"],
    )
    assert mine.customers.loc["C002", "tier"] == with_activities.customers.loc["C002", "tier"]
    assert list(mine.tables["contact_gaps"]["customer_id"]) == ["C002"]
    assert mine.tables["owner"].index.tolist() == ["Li Lei"]
    assert mine.summary()["customers"] == 2
    assert int(mine.tables["tier"]["customers"].sum()) == 1  # C002 only (C005 is a prospect)


def test_owner_headline_counts_only_their_customers(with_activities: SegmentationResult) -> None:
    """--owner showed the whole team's stage counts ("Active customers") beside their own rows."""
    mine = _run(owner="Li Lei")
    stages = mine.customers["lifecycle"].value_counts().to_dict()
    counts = mine.summary()["lifecycle_counts"]
    assert {k: v for k, v in counts.items() if v} == stages
    assert sum(counts.values()) == 2
    everyone = with_activities.summary()["lifecycle_counts"]
    assert everyone == with_activities.details["lifecycle"]["counts"]


def test_an_unknown_owner_names_the_closest() -> None:
    with pytest.raises(InputError, match=r"--owner 王方: no such salesperson.*'王芳'"):
        _run(owner="王方")
    with pytest.raises(InputError) as info:  # nothing close: no guess (it suggested anyone)
        _run(owner="Zhou Xun")
    assert "Did you mean" not in str(info.value) and "Found: " in str(info.value)
    result = runner.invoke(
        app,
        [
            "segment",
            "--orders", str(DATA / "mini_orders.csv"),
            "--activities", str(DATA / "mini_activities.csv"),
            "--owner", "Li Le",
            "-o", "unused.xlsx",
            "--lang", "en",
        ],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "Did you mean 'Li Lei'?" in result.output


def test_a_sheet_named_跟进记录_is_the_follow_ups(tmp_path: Path) -> None:
    book = tmp_path / "export.xlsx"
    with pd.ExcelWriter(book) as writer:
        pd.read_csv(DATA / "mini_orders.csv", dtype=str).to_excel(
            writer, sheet_name="订单", index=False
        )
        pd.read_csv(DATA / "mini_activities.csv", dtype=str).to_excel(
            writer, sheet_name="跟进记录", index=False
        )
    result = segment([book], CFG, as_of=AS_OF)
    assert "activities" in set(result.reconciliation["table"])
    assert result.customers.loc["C001", "contacts_90d"] == 2


def test_json_terminal_and_workbook_in_both_languages(tmp_path: Path) -> None:
    files = [
        "--orders", str(DATA / "mini_orders.csv"),
        "--customers", str(DATA / "mini_customers.csv"),
        "--activities", str(DATA / "mini_activities.csv"),
        "--as-of", "2026-06-30",
    ]  # fmt: skip
    en = runner.invoke(app, ["segment", *files, "-o", str(tmp_path / "en.xlsx"), "--lang", "en",
                             "--json"])  # fmt: skip
    assert en.exit_code == 0, en.output
    summary = json.loads(en.stdout)
    assert summary["lists"]["contact_gaps"] == 3
    assert [r["owner"] for r in summary["tables"]["owner"]] == ["王芳", "Li Lei", "(none)"]
    assert "Contact gaps" in en.stderr and "Customers and tiers per salesperson" in en.stderr
    zh = runner.invoke(app, ["segment", *files, "-o", str(tmp_path / "zh.xlsx"), "--lang", "zh"])
    assert zh.exit_code == 0, zh.output
    assert "联系缺口" in zh.stdout and "各业务员的客户与等级" in zh.stdout
    assert "(none)" not in zh.stdout and "Overdue" not in zh.stdout
    import openpyxl

    sheets = openpyxl.load_workbook(tmp_path / "zh.xlsx", read_only=True).sheetnames
    assert "联系缺口" in sheets
    gaps = openpyxl.load_workbook(tmp_path / "en.xlsx", read_only=True)["Contact gaps"]
    rows = list(gaps.iter_rows(values_only=True))
    assert rows[0][:5] == ("Salesperson", "Customer ID", "Name", "Tier", "Contact status")
    assert [r[4] for r in rows[1:]] == ["Overdue", "Overdue", "Never contacted"]


def test_reactivation_list_is_grouped_by_salesperson() -> None:
    from tiercli.classifiers.reactivation import reactivation_list
    from tiercli.config.models import ReactivationConfig

    customers = pd.DataFrame(
        {
            "lifecycle": ["lost", "sleeping", "lost", "lost", "active"],
            "revenue": [500.0, 900.0, 700.0, 800.0, 1000.0],
            "orders": [1, 2, 1, 3, 4],
            "owner": ["Li Lei", "王芳", pd.NA, "Li Lei", "王芳"],
        },
        index=pd.Index(["A", "B", "C", "D", "E"], name="customer_id"),
    ).astype({"owner": "string"})
    cfg = ReactivationConfig(min_value_share=0.0)
    listed = reactivation_list(customers, cfg)
    assert listed[["owner", "customer_id"]].astype(object).fillna("—").values.tolist() == [
        ["Li Lei", "D"],
        ["Li Lei", "A"],
        ["王芳", "B"],
        ["—", "C"],
    ]
    no_owner = reactivation_list(customers.drop(columns="owner"), cfg)
    assert list(no_owner["customer_id"]) == ["B", "D", "C", "A"]
    assert "owner" not in no_owner


def test_the_workbook_of_one_salesperson_says_so(tmp_path: Path) -> None:
    import openpyxl

    from tiercli.report.workbook import write_workbook

    path = write_workbook(_run(owner="王芳"), tmp_path / "t.xlsx", "zh")
    summary = openpyxl.load_workbook(path)["汇总"]
    assert summary["A3"].value == "只显示业务员 王芳 的 2 位客户；评分和等级按全部客户计算"
    kpis = {r[0]: r[1] for r in summary.iter_rows(min_row=4, max_row=12, values_only=True)}
    mine = _run(owner="王芳").customers
    assert kpis.get("活跃客户", 0) == int(mine["lifecycle"].eq("active").sum())
    ids = [r[0] for r in openpyxl.load_workbook(path)["客户"].iter_rows(values_only=True)]
    assert ids == ["客户编号", "00042", "C001"]


def test_grace_days_keep_a_customer_just_past_its_gap_off_the_list() -> None:
    from tiercli.classifiers.base import Context
    from tiercli.classifiers.contact_gaps import classify
    from tiercli.config.models import ContactGapsConfig

    customers = pd.DataFrame(
        {
            "contact_frequency": ["Weekly", "Weekly", "Monthly", "Fortnightly", "Weekly"],
            "days_since_contact": pd.array([10, 20, 31, 99, pd.NA], dtype="Int64"),
        },
        index=pd.Index(["A", "B", "C", "D", "E"], name="customer_id"),
    ).astype({"contact_frequency": "string"})
    ctx = Context(customers, pd.DataFrame(), AS_OF)
    strict = classify(ctx, ContactGapsConfig()).columns["contact_status"]
    assert strict.astype(object).where(strict.notna(), None).tolist() == [
        "overdue", "overdue", "on_time", None, "never",
    ]  # fmt: skip
    lenient = classify(ctx, ContactGapsConfig(grace_days=7)).columns
    assert lenient["contact_status"].tolist()[:3] == ["on_time", "overdue", "on_time"]
    assert lenient["contact_overdue_days"].tolist()[:2] == [3, 13]  # still says by how much
    warned = classify(ctx, ContactGapsConfig()).warnings
    assert [str(w) for w in warned] == [
        "contact gaps: contact frequency Fortnightly has no number of days "
        "(contact_gaps.every_days); 1 customer(s) not checked"
    ]


def test_follow_ups_follow_identity_resolution(tmp_path: Path) -> None:
    """A follow-up written under another spelling of a merged id counts for the merged customer
    (identity resolution runs on orders, customers and inquiries; the follow-ups follow it)."""
    orders = tmp_path / "orders.csv"
    orders.write_text(
        "order_id,customer_id,customer_name,order_date,amount\n"
        "S1,C00042,Acme Trading Co. Ltd,2026-01-05,100\n"
        "S2,c-00042,ACME TRADING CO LTD,2026-03-05,200\n"
        "S3,C7,Other Buyer,2026-02-05,50\n",
        encoding="utf-8",
    )
    follow_ups = tmp_path / "follow_ups.csv"
    follow_ups.write_text(
        "跟进日期,客户编号,跟进方式,方向,结果,业务员\n"
        "2026-06-01,c-00042,邮件,我方,已回复,王芳\n"
        "2026-06-10,C42,电话,我方,未回复,王芳\n"
        "2026-06-20,C7,报价,我方,,李娜\n",
        encoding="utf-8",
    )
    result = segment([orders], CFG, activities=[follow_ups], as_of=AS_OF)
    assert list(result.customers.index) == ["C00042", "C7"]
    c = result.customers.loc["C00042"]
    assert (c["contacts_90d"], c["reply_rate"], c["owner"]) == (2, 0.5, "王芳")
    assert result.customers.loc["C7", "quotes_12m"] == 1
    assert not [w for w in result.warnings if w.code == "run.activities_unknown"]


def test_a_short_contact_gap_list_keeps_the_most_valuable_customers() -> None:
    """max_rows cut the list in salesperson order: the first salesperson's customers only."""
    from tiercli.classifiers.contact_gaps import gap_list
    from tiercli.config.models import ContactGapsConfig

    customers = pd.DataFrame(
        {
            "owner": ["Ann", "Ann", "Bob", "Bob", "Cy"],
            "revenue": [10.0, 20.0, 500.0, 30.0, 400.0],
            "contact_status": ["overdue"] * 5,
        },
        index=pd.Index(["A1", "A2", "B1", "B2", "C1"], name="customer_id"),
    ).astype({"owner": "string", "contact_status": "string"})
    listed = gap_list(customers, ContactGapsConfig(max_rows=3))
    assert listed["customer_id"].tolist() == ["B1", "B2", "C1"]  # by salesperson, then value


def _frequency_config(every_days: dict[str, int]) -> dict[str, object]:
    def text(en: str, zh: str) -> dict[str, str]:
        return {"en": en, "zh": zh}

    rule = {"action": text("a", "甲"), "service_level": text("a", "甲"), "channel": text("a", "甲")}
    return {
        "playbook": {
            "rules": [
                {"when": {"lifecycle": ["active"]}, **rule,
                 "contact_frequency": text("Twice a month", "每月两次")},
                {**rule, "contact_frequency": text("Monthly", "每月")},
            ]
        },
        "contact_gaps": {"every_days": every_days},
    }  # fmt: skip


@pytest.mark.parametrize("key", ["每月两次", "Twice a month"])
def test_every_days_names_a_frequency_in_either_language(key: str) -> None:
    """The warning named 每月两次 and pointed at every_days, where only the English text worked:
    `每月两次: 15` passed validate and changed nothing."""
    from tiercli.classifiers import registry
    from tiercli.classifiers.base import Context

    cfg = parse_config(_frequency_config({key: 15, "每月": 20}), "t")
    record = registry.find("contact_gaps")
    customers = pd.DataFrame(
        {
            "contact_frequency": ["Twice a month", "Monthly", "Monthly"],
            "days_since_contact": pd.array([16, 25, 10], dtype="Int64"),
        },
        index=pd.Index(["A", "B", "C"], name="customer_id"),
    ).astype({"contact_frequency": "string"})
    out = record.classify(Context(customers, pd.DataFrame(), AS_OF), record.settings(cfg))
    assert out.columns["contact_every_days"].tolist() == [15, 20, 20]  # 每月 beat Monthly: 31
    assert out.columns["contact_status"].tolist() == ["overdue", "overdue", "on_time"]
    assert not out.warnings


@pytest.mark.parametrize(
    ("key", "closest"),
    [("每月两趟", "每月两次"), ("Twice a mnth", "Twice a month"), ("Fortnightly", "")],
)
def test_an_every_days_key_no_rule_uses_is_a_config_error(key: str, closest: str) -> None:
    """A key that names no playbook frequency (either language) is never used."""
    from tiercli.errors import ConfigError

    with pytest.raises(ConfigError) as info:
        parse_config(_frequency_config({key: 15}), "t")
    hint = f" Did you mean '{closest}'?" if closest else ""
    assert str(info.value).splitlines()[1:] == [
        f"  contact_gaps -> every_days -> {key}: no playbook rule's contact frequency is "
        f"'{key}' (in English or Chinese); it is never used.{hint} The rules' contact "
        "frequencies: Twice a month, 每月两次, Monthly, 每月."
    ]
    kept = parse_config(_frequency_config({"Weekly": 5}), "t")  # the shipped keys may stay
    assert kept.contact_gaps.every_days["Weekly"] == 5
