"""Backtest: tiers as of a cut-off against what customers did next."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from tiercli.backtest import evaluate, outcomes
from tiercli.cli import app

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "trade_export.xlsx"
MINI = Path(__file__).resolve().parent / "data" / "mini_orders.csv"
runner = CliRunner()


def test_evaluate_by_hand() -> None:
    index = pd.Index(["a", "b", "c", "d", "e"], name="customer_id")
    tiers = pd.Series(["S", "A", "A", "B", None], index=index, dtype="string")
    score = pd.Series([90.0, 70.0, 60.0, 20.0, None], index=index)
    future = pd.DataFrame(
        {"future_revenue": [600.0, 300.0, 0.0, 100.0], "future_orders": [3, 1, 0, 1]},
        index=["a", "b", "c", "d"],
    )
    ev = evaluate("t", tiers, score, future, ["S", "A", "B"])
    t = ev.tiers
    assert t["customers"].tolist() == [1, 2, 1]
    assert t["future_revenue_share"].tolist() == pytest.approx([0.6, 0.3, 0.1])
    assert t["retention"].tolist() == pytest.approx([1.0, 0.5, 1.0])
    assert t["lift"].tolist() == pytest.approx([0.6 / 0.25, 0.3 / 0.5, 0.1 / 0.25])
    assert ev.top_tier == "S" and ev.top_lift == pytest.approx(2.4)
    assert ev.spearman == pytest.approx(0.8)  # ranks 4,3,2,1 vs 4,3,1,2


def test_outcomes_window_and_returns() -> None:
    lines = pd.DataFrame(
        {
            "customer_id": ["a", "a", "a", "b"],
            "order_id": ["1", "2", "R1", "3"],
            "order_date": pd.to_datetime(["2025-12-31", "2026-01-01", "2026-02-01", "2027-01-01"]),
            "amount": [100.0, 50.0, -20.0, 70.0],
            "is_return": [False, False, True, False],
        }
    )
    got = outcomes(lines, dt.date(2025, 12, 31), 365)
    assert got.loc["a"].tolist() == [30.0, 1]  # 50 − 20; the order on the cut-off is before
    assert "b" not in got.index  # 2027-01-01 is past the horizon


@pytest.mark.slow
def test_sample_tiers_predict_the_next_year(tmp_path: Path) -> None:
    value_only = tmp_path / "value_only.yaml"
    value_only.write_text(
        "scoring:\n  dimensions:\n    value: {weight: 1}\n  matrix: {enabled: false}\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app,
        [
            "backtest",
            str(SAMPLE),
            "--cutoff",
            "2025-10-31",
            "--horizon",
            "365",
            "-c",
            str(value_only),
            "-c",
            str(value_only),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data["configs"]) == 2
    first = data["configs"][0]
    assert first["spearman"] > 0.5 and first["top_tier_lift"] > 2
    assert [t["tier"] for t in first["tiers"]] == ["S", "A", "B", "C", "D"]
    shares = [t["future_revenue_share"] for t in first["tiers"]]
    assert shares == sorted(shares, reverse=True)


@pytest.mark.slow
def test_backtest_prints_a_comparison(monkeypatch: pytest.MonkeyPatch) -> None:
    import tiercli.backtest as bt

    seen: list[int] = []
    real_run = bt.run

    def spy(tables: object, cfg: object, inputs: object) -> object:
        seen.append(cfg.clv.horizon_days)  # type: ignore[attr-defined]
        return real_run(tables, cfg, inputs)  # type: ignore[arg-type]

    monkeypatch.setattr(bt, "run", spy)
    args = ["backtest", str(SAMPLE), "--cutoff", "2025-10-31", "--horizon", "90"]
    result = runner.invoke(app, [*args, "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "what each tier did next" in result.output and "Configs compared" in result.output
    assert seen == [90]  # in a backtest the value model predicts the backtest horizon


def test_the_built_in_config_is_named_in_the_readers_language() -> None:
    args = ["backtest", str(MINI), "--cutoff", "2025-10-31", "--horizon", "90", "--lang", "zh"]
    zh = runner.invoke(app, args)
    assert zh.exit_code == 0, zh.output
    assert "内置默认配置" in zh.stdout and "default" not in zh.stdout
    assert "│ S级" in zh.stdout  # the tiers by their Chinese names, as segment shows them


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "--cutoff is required"),
        (["--cutoff", "31.10.2025"], "--cutoff: '31.10.2025' is not a date"),
        (["--cutoff", "2026-12-31"], "no order after it"),
        (["--cutoff", "2020-01-01"], "no order on or before it"),
        (["--cutoff", "2025-10-31", "--horizon", "0"], "--horizon: must be a positive"),
    ],
    ids=["missing", "format", "too-late", "too-early", "horizon"],
)
def test_backtest_errors(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["backtest", str(MINI), *args, "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert message in result.stderr


def test_backtest_and_tune_never_write_over_an_input(tmp_path: Path) -> None:
    """`backtest x.xlsx -o x.xlsx` replaced the export with the backtest workbook, `tune
    x.csv -o x.csv` and `tune -c base.yaml -o base.yaml` with the tuned YAML (exit 0)."""
    export = tmp_path / "export.csv"
    export.write_bytes(MINI.read_bytes())
    base = tmp_path / "base.yaml"
    base.write_text("rfm: {levels: 5}\n", encoding="utf-8")
    commands = [
        ["backtest", str(export), "--cutoff", "2025-10-31", "-o", str(export)],
        ["tune", str(export), "--cutoff", "2025-10-31", "-o", str(export)],
        ["tune", str(export), "--cutoff", "2025-10-31", "-c", str(base), "-o", str(base)],
    ]
    for command in commands:
        result = runner.invoke(app, [*command, "--lang", "en"])
        assert result.exit_code == 2, result.output
        assert "this is an input of the run" in result.stderr
    assert export.read_bytes() == MINI.read_bytes()
    assert base.read_text(encoding="utf-8") == "rfm: {levels: 5}\n"


# ---------------------------------------------------------------- issue 12: rankings, rolling


def test_capture_curve_and_rankings_by_hand() -> None:
    from tiercli.backtest import capture_curve, rank_against

    index = pd.Index([f"c{i}" for i in range(10)], name="customer_id")
    revenue = pd.Series([50.0, 20, 10, 10, 5, 5, 0, 0, 0, -3], index=index)
    score = pd.Series([9.0, 8, 7, 6, 5, 4, 3, 2, 1, None], index=index)
    assert capture_curve(score, revenue, (0.1, 0.2, 0.5, 1.0)) == pytest.approx(
        [0.5, 0.7, 0.95, 1.0]
    )
    reverse = capture_curve(-score, revenue, (0.2,))  # the missing score still ranks last
    assert reverse == pytest.approx([0.0])
    customers = pd.DataFrame(
        {"tier": "S", "composite_score": score, "recency_days": score}, index=index
    )
    future = pd.DataFrame({"future_revenue": revenue})
    got = rank_against(customers, future, ["composite_score", "recency_days"])
    assert [r.column for r in got] == ["composite_score", "recency_days"]
    assert got[0].top_capture == pytest.approx(0.7) and got[0].curve[-1] == pytest.approx(1.0)
    assert got[0].spearman is not None and got[0].spearman > 0.9
    assert got[1].spearman == pytest.approx(-got[0].spearman)  # lower recency ranks first


@pytest.mark.slow
def test_backtest_json_rolling_cutoffs_calibration_and_workbook(tmp_path: Path) -> None:
    import zipfile

    out = tmp_path / "backtest.xlsx"
    result = runner.invoke(
        app,
        [
            "backtest", str(SAMPLE), "--cutoff", "2025-10-31", "--horizon", "180",
            "--cutoffs", "2", "--json", "-o", str(out), "--lang", "en",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["cutoffs"] == ["2025-05-04", "2025-10-31"]
    configs = data["configs"]
    assert [c["cutoff"] for c in configs] == data["cutoffs"]
    for c in configs:
        assert all(isinstance(t["customers"], int) for t in c["tiers"])  # not 4714.0
        names = [r["ranking"] for r in c["rankings"]]
        assert names[0] == "composite_score" and "predicted_revenue" in names
        assert {"revenue", "recency_days", "potential_score"} <= set(names)
        assert all(len(r["curve"]) == 20 and r["curve"][-1] == 1.0 for r in c["rankings"])
        deciles = c["calibration"]
        assert [d["decile"] for d in deciles] == list(range(1, 11))
        # Predicted revenue falls from the first decile to the last; actual revenue follows.
        assert deciles[0]["predicted_revenue"] > deciles[-1]["predicted_revenue"]
        assert deciles[0]["actual_revenue"] > deciles[-1]["actual_revenue"]
    rolling = {r["ranking"]: r for r in data["rolling"]}
    assert rolling["composite_score"]["cutoffs"] == 2
    assert rolling["composite_score"]["spearman_sd"] is not None
    with zipfile.ZipFile(out) as z:
        assert any(n.startswith("xl/charts/chart") for n in z.namelist())


def test_a_horizon_ending_on_a_day_without_orders_is_covered_when_the_data_go_on() -> None:
    """tune refused (and backtest warned 'the data end on …') whenever no order fell on the
    horizon's very last day: the data were read up to that day, and the last order read was
    taken for the end of the data."""
    from tiercli.backtest import ends_before
    from tiercli.config.loader import parse_config
    from tiercli.io.normalize import normalize
    from tiercli.io.readers import RawSheet

    rows = [["S1", "C1", "2025-01-05", "10"], ["S2", "C1", "2025-03-01", "10"],
            ["S3", "C2", "2025-06-30", "10"]]  # fmt: skip
    frame = pd.DataFrame(rows, columns=["订单号", "客户编号", "日期", "金额"], dtype=object)
    sheet = RawSheet("o.csv", None, frame, pd.Series(range(2, 5)), 1)
    cfg = parse_config({}, "t")
    read = normalize({"orders": [sheet]}, cfg, dt.date(2025, 4, 30))  # no order that day
    assert not ends_before(read, dt.date(2025, 4, 30))  # S3 comes later: covered
    whole = normalize({"orders": [sheet]}, cfg, dt.date(2025, 9, 30))
    assert ends_before(whole, dt.date(2025, 9, 30))  # nothing after 2025-06-30: short


@pytest.mark.slow
def test_a_derived_cut_off_before_the_data_names_where_it_came_from() -> None:
    """It said '--cutoff 2024-08-13: no order on or before it', a date the user never typed."""
    result = runner.invoke(
        app,
        [
            "backtest",
            str(MINI),
            "--cutoff",
            "2026-03-31",
            "--horizon",
            "90",
            "--cutoffs",
            "12",
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 2, result.output
    assert "--cutoffs 12: the cut-off" in result.stderr
    assert "days before --cutoff 2026-03-31) has no order on or before it; ask for fewer" in (
        " ".join(result.stderr.split())
    )


def test_a_calibration_with_nothing_to_calibrate_says_why(tmp_path: Path) -> None:
    """The sheet held its headers alone when the value model had been skipped."""
    import openpyxl

    out = tmp_path / "bt.xlsx"
    args = ["backtest", str(MINI), "--cutoff", "2026-03-31", "--horizon", "90", "-o", str(out)]
    result = runner.invoke(app, [*args, "--lang", "en"])
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out).worksheets[-1]
    assert str(sheet["A2"].value).startswith("No predictions to calibrate: the value model did")


def test_the_runs_warnings_reach_the_backtest() -> None:
    """The backtest kept only its own two warnings: the run as of the cut-off skipping the
    value model (too few repeat buyers) was not said, and two rankings vanished unexplained."""
    result = runner.invoke(
        app, ["backtest", str(MINI), "--cutoff", "2026-03-31", "--horizon", "90", "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    said = " ".join(result.stdout.split())
    assert "predicted value skipped: only" in said
    assert said.count("predicted value skipped: only") == 1
    as_json = runner.invoke(
        app,
        ["backtest", str(MINI), "--cutoff", "2026-03-31", "--horizon", "90", "--json"],
    )
    codes = [w["code"] for w in json.loads(as_json.stdout)["configs"][0]["warnings"]]
    assert "clv.skipped_few_repeat" in codes or "clv.skipped_no_repeat" in codes


def test_the_backtest_workbook_shows_every_configs_curves(tmp_path: Path) -> None:
    """With -c A -c B the capture-curve sheet held the first config's curves alone, and the
    English calibration sheet was cut to 'Calibration (by predicted reven'."""
    import openpyxl

    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("rfm: {levels: 4}\n", encoding="utf-8")
    b.write_text("rfm: {levels: 3}\n", encoding="utf-8")
    out = tmp_path / "bt.xlsx"
    command = ["backtest", str(MINI), "--cutoff", "2026-03-31", "--horizon", "90"]
    command += ["-c", str(a), "-c", str(b), "-o", str(out), "--lang", "en", "-q"]
    result = runner.invoke(app, command)
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Ranking", "Capture curve", "Calibration"]
    heads = [c.value for c in book["Capture curve"][1] if c.value]
    assert any(str(h).startswith(f"{a} · ") for h in heads)
    assert any(str(h).startswith(f"{b} · ") for h in heads)
    assert len(book["Capture curve"]._charts) == 2


def test_a_dimension_a_config_adds_is_ranked_under_its_header() -> None:
    """The rankings named a dimension the config adds by its code (loyalty_score)."""
    from tiercli.backtest import Evaluation
    from tiercli.catalogue import Labels
    from tiercli.report.backtest_report import ranking_label, run_specs

    labels = Labels({"dimension": {"loyalty": ("loyalty", "Loyalty"), "value": ("价值", "Value")}})
    ev = Evaluation("t", pd.DataFrame(), None, None, None, None, 0, labels=labels)
    specs = run_specs([ev])
    got = [
        ranking_label(c, lang, specs)
        for c in ("loyalty_score", "value_score")
        for lang in ("zh", "en")
    ]
    assert got == ["loyalty分", "Loyalty score", "价值分", "Value score"]
