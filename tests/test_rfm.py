"""RFM scores and segment maps; ABC classes."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tiercli.classifiers import abc, rfm
from tiercli.classifiers.base import Context
from tiercli.cli import app
from tiercli.config import load_config
from tiercli.config.loader import parse_config
from tiercli.config.models import ABCConfig, RFMConfig
from tiercli.config.segments import first_match, shipped_maps
from tiercli.errors import ConfigError


def ctx(customers: pd.DataFrame) -> Context:
    """A classifier context around a literal customer table."""
    import datetime as _dt

    return Context(customers, pd.DataFrame(), _dt.date(2026, 6, 30))


def table(recency: list[float], orders: list[float], revenue: list[float]) -> pd.DataFrame:
    index = pd.Index([f"C{i:02d}" for i in range(len(recency))], name="customer_id")
    return pd.DataFrame(
        {
            "recency_days": recency,
            "orders": orders,
            "order_days": orders,
            "revenue": revenue,
            "profit": np.nan,
        },
        index=index,
    )


# ---------------------------------------------------------------- binning


def test_quantile_scores_by_hand() -> None:
    # 10 customers, recency 10..100: quintile cut points 28, 46, 64, 82 (linear quantiles).
    t = table([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], [1] * 10, list(range(1, 11)))
    out = rfm.classify(ctx(t), RFMConfig())
    assert out.columns["r_score"].tolist() == [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]
    assert out.columns["m_score"].tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert out.details["cut_points"]["recency"] == [28.0, 46.0, 64.0, 82.0]


def test_ties_keep_equal_scores_and_empty_scores_are_reported() -> None:
    # 7 of 10 customers bought once: every cut point up to the 60% quantile is 1.
    t = table([5] * 10, [1, 1, 1, 1, 1, 1, 1, 2, 3, 9], [100.0] * 10)
    out = rfm.classify(ctx(t), RFMConfig())
    f = out.columns["f_score"]
    assert f.tolist() == [1] * 7 + [4, 5, 5]  # equal values, equal scores; 2 and 3 empty
    assert out.details["customers_per_score"]["f_score"] == {1: 7, 4: 1, 5: 2}
    assert any(
        "many customers tie on frequency; 2 of 5 F scores are empty" in str(w) for w in out.warnings
    )
    assert any("every customer ties on recency" in str(w) for w in out.warnings)


def test_single_order_base_does_not_crash() -> None:
    t = table([3, 40, 200], [1, 1, 1], [10.0, 20.0, 30.0])
    out = rfm.classify(ctx(t), RFMConfig())
    assert out.columns["f_score"].tolist() == [1, 1, 1]
    assert any("only 3 customer(s) with orders for 5 score levels" in str(w) for w in out.warnings)
    assert out.columns["rfm_segment"].notna().all()


def test_thresholds() -> None:
    cfg = RFMConfig(
        recency={"method": "thresholds", "thresholds": [30, 90, 180, 365]},
        frequency={"method": "thresholds", "thresholds": [1, 2, 4, 8]},
    )
    t = table([30, 31, 90, 365, 366], [1, 2, 3, 8, 9], [1.0] * 5)
    out = rfm.classify(ctx(t), cfg)
    assert out.columns["r_score"].tolist() == [5, 4, 4, 2, 1]
    assert out.columns["f_score"].tolist() == [1, 2, 3, 4, 5]
    assert out.details["cut_points"]["recency"] == [30.0, 90.0, 180.0, 365.0]


def test_prospects_and_returns_only_are_not_scored() -> None:
    t = table([5, np.nan, np.nan], [3, np.nan, 0], [100.0, np.nan, -20.0])
    out = rfm.classify(ctx(t), RFMConfig())
    assert out.columns["r_score"].isna().tolist() == [False, True, True]
    assert out.columns["rfm_segment"].isna().tolist() == [False, True, True]


def test_profit_without_profit_column_falls_back_with_warning() -> None:
    t = table([5, 6], [1, 2], [10.0, 20.0])
    out = rfm.classify(ctx(t), RFMConfig(monetary={"source": "profit"}))
    assert out.details["monetary_source"] == "revenue"
    assert any("monetary scores use revenue instead" in str(w) for w in out.warnings)


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 900), st.integers(1, 40), st.floats(1, 1e6)),
        min_size=1,
        max_size=40,
    ),
    st.randoms(),
)
def test_row_order_does_not_change_scores(rows: list[tuple[int, int, float]], rnd) -> None:
    t = table(*[list(col) for col in zip(*rows, strict=True)])
    shuffled = t.sample(frac=1, random_state=rnd.randint(0, 10_000))
    a = rfm.classify(ctx(t), RFMConfig()).columns
    b = rfm.classify(ctx(shuffled), RFMConfig()).columns.loc[t.index]
    pd.testing.assert_frame_equal(a, b)
    a2 = abc.classify(ctx(t), ABCConfig()).columns
    b2 = abc.classify(ctx(shuffled), ABCConfig()).columns.loc[t.index]
    pd.testing.assert_frame_equal(a2, b2)


# ---------------------------------------------------------------- segment maps


@pytest.mark.parametrize("name", ["eleven", "china8"])
def test_shipped_maps_cover_every_combination_and_reach_every_segment(name: str) -> None:
    spec = shipped_maps()[name]
    size = 2 if spec["basis"] == "split" else 5
    hits = {first_match(spec["rules"], c) for c in itertools.product(range(1, size + 1), repeat=3)}
    assert None not in hits
    assert hits == set(range(len(spec["rules"])))
    assert len(spec["rules"]) == (11 if name == "eleven" else 8)


@given(st.tuples(st.integers(1, 5), st.integers(1, 5), st.integers(1, 5)))
def test_every_score_combination_lands_in_one_of_eleven(combo: tuple[int, int, int]) -> None:
    t = table([0], [1], [1.0])
    names = [r["name"] for r in shipped_maps()["eleven"]["rules"]]
    axes = {
        "r": pd.Series([combo[0]], index=t.index),
        "f": pd.Series([combo[1]], index=t.index),
        "m": pd.Series([combo[2]], index=t.index),
    }
    assert rfm._assign(shipped_maps()["eleven"]["rules"], axes).iloc[0] in names


def test_china8_by_hand() -> None:
    # means: recency 40, orders 4, revenue 400
    t = table([10, 70, 10, 70], [7, 7, 1, 1], [700.0, 100.0, 100.0, 700.0])
    out = rfm.classify(ctx(t), RFMConfig(segment_map="china8"))
    assert out.columns["rfm_segment"].tolist() == [
        "Important value",
        "General retain",
        "General develop",
        "Important win-back",
    ]
    assert out.details["split_values"] == {
        "recency": 40.0,
        "frequency": 4.0,
        "monetary": 400.0,
    }


def _rfm_error(tmp_path: Path, yaml_text: str) -> str:
    path = tmp_path / "c.yaml"
    path.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    return str(info.value)


def test_uncovered_combinations_are_listed(tmp_path: Path) -> None:
    message = _rfm_error(
        tmp_path,
        """rfm:
  levels: 2
  segment_map: custom
  segments:
    - {name: Best, r: [2, 2], f: [2, 2], m: [2, 2]}
    - {name: Recent, r: [2, 2]}
""",
    )
    assert message == (
        f"{tmp_path / 'c.yaml'}: invalid config\n"
        "  rfm -> segments: 4 score combination(s) match no segment: R1 F1 M1, R1 F1 M2, "
        "R1 F2 M1, R1 F2 M2. Add a rule for them or a last rule with catch_all: true"
    )


def test_unreachable_segments_are_listed(tmp_path: Path) -> None:
    message = _rfm_error(
        tmp_path,
        """rfm:
  levels: 2
  segment_map: custom
  segments:
    - {name: Recent, r: [2, 2]}
    - {name: Recent and big, r: [2, 2], m: [2, 2]}
    - {name: Others, catch_all: true}
""",
    )
    assert message.endswith(
        "rfm -> segments: these segments can never be reached (earlier rules take all their "
        "scores): Recent and big"
    )


def test_thresholds_must_match_levels() -> None:
    with pytest.raises(ConfigError, match=r"rfm -> recency -> thresholds: 5 levels need 4"):
        parse_config({"rfm": {"recency": {"method": "thresholds", "thresholds": [1, 2]}}}, "t")


def test_custom_map_with_catch_all(tmp_path: Path) -> None:
    cfg = parse_config(
        {
            "rfm": {
                "segment_map": "custom",
                "segments": [
                    {"name": "Key", "zh": "重点", "r": [4, 5], "f": [4, 5], "m": [4, 5]},
                    {"name": "Others", "catch_all": True},
                ],
            }
        },
        "t",
    )
    t = table(list(range(10, 110, 10)), list(range(10, 0, -1)), list(range(1000, 0, -100)))
    out = rfm.classify(ctx(t), cfg.rfm)
    assert out.columns["rfm_segment"].tolist() == ["Key"] * 4 + ["Others"] * 6


def test_monetory_typo_exits_2_with_did_you_mean(tmp_path: Path) -> None:
    path = tmp_path / "my.yaml"
    path.write_text("rfm:\n  monetory:\n    source: profit\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["validate", "-c", str(path), "--lang", "en"])
    assert result.exit_code == 2
    assert "Unknown config key 'monetory' in rfm. Did you mean 'monetary'?" in result.stderr


# ---------------------------------------------------------------- ABC


def test_abc_by_hand() -> None:
    # revenue 500, 300, 100, 50, 30, 20 (total 1000); share before each: 0, .5, .8, .9, .95, .98
    t = table([1] * 8, [1] * 6 + [np.nan, 1], [500, 300, 100, 50, 30, 20, np.nan, -10])
    out = abc.classify(ctx(t), ABCConfig()).columns["abc_class"]
    # 300 straddles 80% (50% → 80%): joins A. 100 starts at exactly 80%: B. 30 starts at 95%: C.
    assert out.fillna("-").tolist() == ["A", "A", "B", "B", "C", "C", "-", "C"]
    d = abc.classify(ctx(t), ABCConfig(non_positive="D")).columns["abc_class"]
    assert d.iloc[-1] == "D"


def test_abc_ties_share_a_class() -> None:
    t = table([1] * 4, [1] * 4, [40, 40, 10, 10])
    assert abc.classify(ctx(t), ABCConfig()).columns["abc_class"].tolist() == ["A", "A", "B", "B"]


def test_abc_shares_in_the_summary_table() -> None:
    from tiercli.classifiers.summaries import group_table

    t = table([1] * 6, [1] * 6, [500, 300, 100, 50, 30, 20])
    t = t.join(abc.classify(ctx(t), ABCConfig()).columns)
    shares = group_table(t, "abc_class", ["A", "B", "C"])
    assert shares["customers"].tolist() == [2, 2, 2]
    assert shares["revenue_share"].tolist() == pytest.approx([0.8, 0.15, 0.05])
    assert shares["customer_share"].tolist() == pytest.approx([1 / 3] * 3)


def test_abc_on_profit_falls_back() -> None:
    out = abc.classify(ctx(table([1], [1], [5.0])), ABCConfig(value="profit"))
    assert out.details["value"] == "revenue" and out.warnings


@pytest.mark.parametrize(
    ("levels", "scale"),
    [
        (2, [2, 4]),
        (3, [1, 3, 5]),
        (4, [1, 2, 4, 5]),
        (5, [1, 2, 3, 4, 5]),
        (9, [1, 1, 2, 2, 3, 4, 4, 5, 5]),
    ],
)
def test_the_eleven_map_reads_any_number_of_levels_on_its_own_five(
    levels: int, scale: list[int]
) -> None:
    """`rfm: {levels: 4}` (the README's example) was refused: the eleven map is written for 5
    levels. A score of *levels* is read on the map's scale as the 5-level score whose band holds
    the middle of its own band."""
    from tiercli.config.segments import on_scale

    assert [on_scale(s, levels, 5) for s in range(1, levels + 1)] == scale
    cfg = parse_config({"rfm": {"levels": levels}}, "t").rfm
    t = table(list(range(10 * levels, 0, -10)), list(range(1, levels + 1)), [1.0] * levels)
    t["revenue"] = t["orders"] * 100.0
    out = rfm.classify(ctx(t), cfg)
    names = [r["name"] for r in shipped_maps()["eleven"]["rules"]]
    assert out.columns["rfm_segment"].isin(names).all()
    # The best customer of every level count is a Champion, the worst is Lost (2 levels: no 1).
    assert out.columns["rfm_segment"].iloc[-1] == "Champions"
    assert out.columns["rfm_segment"].iloc[0] == ("Lost" if levels > 2 else "Hibernating")


def test_a_custom_map_is_read_on_its_own_levels(tmp_path: Path) -> None:
    """A custom map is written for the configured levels: no rescaling, every segment checked."""
    message = _rfm_error(
        tmp_path,
        """rfm:
  levels: 3
  segment_map: custom
  segments:
    - {name: Top, r: [3, 3]}
    - {name: Five, r: [5, 5]}
    - {name: Rest, catch_all: true}
""",
    )
    # (it was "these segments can never be reached: Five": the score is outside the scale)
    assert "rfm -> segments -> 1 -> r: scores [5, 5] outside 1 to 3" in message


def test_the_pareto_curve_runs_straight_between_buyers() -> None:
    """With 5 buyers the point at 5% was the top buyer's whole share (the step rounded down to
    one buyer) and the point at 50% rounded 2.5 buyers to 2."""
    from tiercli.classifiers.summaries import pareto_curve

    customers = pd.DataFrame({"orders": [1] * 5, "revenue": [521.0, 296.5, 100.0, 50.0, 32.5]})
    curve = pareto_curve(customers, 21).set_index("customer_share")["revenue_share"]
    assert curve.loc[0.05] == pytest.approx(0.521 / 4)  # a quarter of the first buyer
    assert curve.loc[0.2] == pytest.approx(0.521)  # one buyer of five
    assert curve.loc[0.5] == pytest.approx((521 + 296.5 + 50) / 1000)  # two and a half
    assert curve.loc[1.0] == pytest.approx(1.0)
