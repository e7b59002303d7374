"""Weighted multi-dimension scoring, tiers, value-potential matrix, pyramid, explain()."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from support import loyal_run
from tiercli import schema
from tiercli.catalogue import Labels, placeholders
from tiercli.classifiers import scoring, trade
from tiercli.classifiers.base import Context, Explanation
from tiercli.config.base import StrictModel
from tiercli.config.loader import _describe, parse_config
from tiercli.config.models import Config
from tiercli.config.scoring import ScoringConfig
from tiercli.config.trade import EmployeeBands, TradeConfig
from tiercli.errors import ConfigError, InputError

schema.register(scoring.COLUMNS)  # as the registry does (headers in the explain sentences)

ROOT = Path(__file__).resolve().parents[1]
IDS = ["A", "B", "C", "D", "E"]
AS_OF = dt.date(2024, 1, 1)


def classify(table: pd.DataFrame, cfg: ScoringConfig) -> Any:
    """scoring.classify on *table* (scoring reads the customer table only, not order lines)."""
    return scoring.classify(Context(table, pd.DataFrame(), AS_OF), cfg)


def explain(table: pd.DataFrame, cfg: ScoringConfig, cid: str) -> Explanation:
    return scoring.explain(table, cid, cfg, classify(table, cfg).details)


def rules(e: Explanation) -> list[str]:
    return [str(r) for r in e.rules]


def frame(index: list[str] | None = None, **columns: list[Any]) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    ids = index or [f"C{i:02d}" for i in range(n)]
    out = pd.DataFrame(columns, index=pd.Index(ids, name="customer_id", dtype="string"))
    if "orders" not in out:
        out["orders"] = 1
    return out


# ---------------------------------------------------------------- the hand-computed fixture

FIVE = frame(
    IDS,
    orders=[1, 2, 3, 4, 5],
    revenue=[100.0, 200.0, 300.0, 400.0, 500.0],
    avg_order_value=[10.0, 50.0, 30.0, 20.0, 40.0],
    revenue_growth=[0.5, -0.2, 0.1, 0.1, 0.0],
    inquiries=[4, 0, 2, 8, 6],
    recency_days=[10, 200, 50, 300, 30],
)
TINY = ScoringConfig.model_validate(
    {
        "dimensions": {
            "value": {
                "weight": 0.6,
                "metrics": {
                    "revenue": {"weight": 3},  # sum 4: normalised to 0.75 / 0.25
                    "avg_order_value": {"weight": 1, "normalize": "minmax"},
                },
            },
            "potential": {
                "weight": 0.4,
                "metrics": {
                    "revenue_growth": {"weight": 0.5},
                    "inquiries": {"weight": 0.3, "normalize": "minmax"},
                    "recency_days": {"weight": 0.2},  # lower is better by default
                },
            },
        },
        "tiers": {
            "levels": [
                {"name": "gold", "zh": "金牌", "share": 0.2},
                {"name": "silver", "zh": "银牌", "share": 0.4},
                {"name": "bronze", "zh": "铜牌", "share": 0.4},
            ]
        },
    }
)
# value: revenue percentile (rank-1)/4 = A 0, B .25, C .5, D .75, E 1 (weight .75);
#        avg_order_value min-max (x-10)/40 = A 0, B 1, C .5, D .25, E .75 (weight .25)
#   A 100·(0)              = 0        B 100·(.1875 + .25)  = 43.75
#   C 100·(.375 + .125)    = 50       D 100·(.5625+.0625)  = 62.5     E 100·(.75+.1875) = 93.75
# potential: revenue_growth percentile, C and D tie at rank 3.5: A 1, B 0, C .625, D .625, E .25
#            inquiries min-max x/8: A .5, B 0, C .25, D 1, E .75
#            recency percentile reversed: A 1, B .25, C .5, D 0, E .75
#   A 100·(.5 + .15 + .2) = 85        B 100·(0 + 0 + .05)     = 5
#   C 100·(.3125+.075+.1) = 48.75     D 100·(.3125 + .3 + 0)  = 61.25
#   E 100·(.125+.225+.15) = 50
# composite = .6·value + .4·potential: A 34, B 28.25, C 49.5, D 62, E 76.25
# tiers (gold to 20%, silver to 60%): share ranked above E 0 → gold; D .2, C .4 → silver;
#   A .6, B .8 → bronze.  Matrix cuts: median value 50 (C), median potential 50 (E).
# pyramid (1/5/20/100%): E top (0 above), everyone else ≥ 20% above → general.
EXPECTED = pd.DataFrame(
    {
        "value_score": [0.0, 43.75, 50.0, 62.5, 93.75],
        "potential_score": [85.0, 5.0, 48.75, 61.25, 50.0],
        "composite_score": [34.0, 28.25, 49.5, 62.0, 76.25],
        "tier": ["bronze", "bronze", "silver", "silver", "gold"],
        "quadrant": ["growth", "transform", "maintain", "star", "star"],
        "pyramid_level": ["general", "general", "general", "general", "top"],
    },
    index=FIVE.index,
).astype({"tier": "string", "quadrant": "string", "pyramid_level": "string"})


def test_hand_computed_scores_and_labels() -> None:
    out = classify(FIVE, TINY)
    pd.testing.assert_frame_equal(out.columns, EXPECTED, check_exact=False, atol=1e-9, rtol=0)
    d = out.details
    assert d["weights"] == {
        "value": {"weight": 0.6, "metrics": {"revenue": 0.75, "avg_order_value": 0.25}},
        "potential": {
            "weight": 0.4,
            "metrics": {"revenue_growth": 0.5, "inquiries": 0.3, "recency_days": 0.2},
        },
    }
    assert [n.code for n in d["notes"]] == ["scoring.metric_weights_normalised"]
    assert [str(n) for n in d["notes"]] == [
        "scoring: value metric weights sum to 4; normalised to revenue 0.75, avg_order_value 0.25"
    ]
    assert d["tier_cutoffs"] == {"gold": 76.25, "silver": 49.5, "bronze": 28.25}
    assert d["tier_counts"] == {"gold": 1, "silver": 2, "bronze": 2}
    assert d["matrix_cuts"] == {"value": 50.0, "potential": 50.0}
    assert d["pyramid_cutoffs"] == {"top": 76.25, "key": None, "core": None, "general": 28.25}
    assert "labels" not in d  # labels travel in Classified.labels
    assert out.labels["tier"] == {
        "gold": ("金牌", "gold"),
        "silver": ("银牌", "silver"),
        "bronze": ("铜牌", "bronze"),
    }
    assert out.labels["quadrant"]["star"] == ("明星客户", "Star")
    assert out.labels["pyramid_level"]["top"] == ("顶级客户", "Top")
    assert out.labels["dimension"] == {
        "value": ("价值", "Value"),
        "potential": ("潜力", "Potential"),
    }
    assert out.labels["metric"]["revenue"] == ("销售额", "Revenue")
    assert out.warnings == []


def test_explain_reproduces_the_scores_and_states_the_rules() -> None:
    e = explain(FIVE, TINY, "D")
    value = e.data["dimensions"]["value"]
    assert value["metrics"]["revenue"] == {
        "raw": 400.0,
        "normalized": 0.75,
        "weight": 0.75,
        "contribution": pytest.approx(56.25, abs=1e-9),
        "direction": "higher",
        "normalize": "percentile",
        "missing": "worst",
        "imputed": False,
    }
    assert e.data["dimensions"]["potential"]["metrics"]["recency_days"]["normalized"] == 0.0
    assert e.data["composite_score"] == pytest.approx(62.0, abs=1e-9)
    assert e.values == {
        "value_score": 62.5,
        "potential_score": pytest.approx(61.25, abs=1e-9),
        "composite_score": pytest.approx(62.0, abs=1e-9),
        "tier": "silver",
        "quadrant": "star",
        "pyramid_level": "general",
    }
    assert e.inputs["revenue"] == 400.0
    assert [r.code for r in e.rules] == [
        "scoring.rule_composite",
        "scoring.rule_band",
        "scoring.rule_quadrant",
        "scoring.rule_band",
    ]
    assert rules(e) == [
        "Composite score = 37.500 + 24.500 = 62.00",
        "composite 62.00 ≥ cut-off 49.50 for silver (top 60%) and < 76.25 for gold; "
        "1 of 5 rank above it",
        "value 62.50 ≥ 50.00 and potential 61.25 ≥ 50.00 → Star",
        "composite 62.00 ≥ cut-off 28.25 for general (top 100% of customers) and < 76.25 "
        "for top; 1 of 5 rank above it",
    ]
    # With the run's labels the names are shown as the reader's language has them.
    labels = Labels(classify(FIVE, TINY).labels)
    assert [r.render("zh", labels) for r in e.rules[1:3]] == [
        "综合分 62.00 ≥ 银牌的分界 49.50（前 60%），且 < 金牌的分界 76.25；5 位中有 1 位排在它前面",
        "价值 62.50 ≥ 50.00，且潜力 61.25 ≥ 50.00 → 明星客户",
    ]
    assert e.rules[3].render("en", labels).startswith("composite 62.00 ≥ cut-off 28.25 for General")
    # One table per dimension: metric, raw, 0-1 value, weight, points.
    assert [t.columns for t in e.tables] == [scoring.EXPLAIN_COLUMNS] * 2
    assert str(e.tables[0].title) == "Value score = 62.50 (× 0.6 = 37.50 points)"
    assert e.tables[1].title.render("zh") == "潜力分 = 61.25（× 0.4 = 24.50 分）"
    assert e.tables[0].rows[0] == ("revenue", 400.0, 0.75, 0.75, pytest.approx(56.25, abs=1e-9))
    a = explain(FIVE, TINY, "A")
    assert rules(a)[2] == "value 0.00 < 50.00 and potential 85.00 ≥ 50.00 → Growth"


def _assert_explain_exact(table: pd.DataFrame, cfg: ScoringConfig) -> None:
    run = classify(table, cfg)
    out = run.columns
    for cid in table.index:
        e = scoring.explain(table.join(out), str(cid), cfg, run.details)
        if not e.data["scored"]:
            continue
        composite = 0.0
        for (name, dim), shown in zip(e.data["dimensions"].items(), e.tables, strict=True):
            total = sum(m["contribution"] for m in dim["metrics"].values())
            assert total == dim["score"] == out.at[cid, f"{name}_score"]  # exactly
            assert dim["contribution"] == dim["weight"] * dim["score"]
            assert [row[4] for row in shown.rows] == [
                m["contribution"] for m in dim["metrics"].values()
            ]
            composite += dim["contribution"]
        assert composite == e.data["composite_score"] == out.at[cid, "composite_score"]
        assert e.values["composite_score"] == out.at[cid, "composite_score"]
        assert e.values["tier"] == out.at[cid, "tier"]
        # The composite sentence: its terms add up to its total (as printed).
        sentence = str(e.rules[0])
        assert e.rules[0].code == "scoring.rule_composite"
        terms, total = sentence.removeprefix("Composite score = ").split(" = ")
        assert sum(float(t) for t in terms.split(" + ")) == pytest.approx(float(total), abs=0.01)


def test_explain_contributions_add_up_exactly() -> None:
    _assert_explain_exact(FIVE, TINY)
    _assert_explain_exact(realistic(), ScoringConfig())


def test_explain_prospect_and_unknown_customer() -> None:
    table = realistic()
    e = explain(table, ScoringConfig(), "P1")
    assert e.data == {"scored": False}
    assert e.values == {} and e.tables == []
    assert rules(e) == ["not scored: no orders"]
    with pytest.raises(InputError, match=r"customer 'K1' is not in the customer table\."):
        explain(table, ScoringConfig(), "K1")
    with pytest.raises(InputError, match="Did you mean 'C05'"):
        explain(table, ScoringConfig(), "c05")


# ---------------------------------------------------------------- a realistic table


def realistic() -> pd.DataFrame:
    """12 buyers and 2 prospects with the customer-table columns the defaults use."""
    rng = np.random.default_rng(7)
    n = 12
    orders = rng.integers(1, 12, n).astype(float)
    tenure = rng.integers(30, 2000, n).astype(float)
    recency = np.minimum(rng.integers(0, 900, n), tenure)
    prev = rng.lognormal(8, 1, n) * (rng.random(n) > 0.3)
    now = rng.lognormal(8, 1, n)
    buyers = pd.DataFrame(
        {
            "orders": orders,
            "order_days": orders,
            "revenue": rng.lognormal(9, 1.2, n),
            "profit": rng.lognormal(7, 1.2, n),
            "avg_order_value": rng.lognormal(6, 1, n),
            "revenue_12m": now,
            "revenue_prev_12m": prev,
            "revenue_growth": np.where(prev > 0, now / np.where(prev > 0, prev, 1) - 1, np.nan),
            "recency_days": recency,
            "tenure_days": tenure,
            "median_gap_days": np.where(orders > 1, rng.integers(10, 200, n), np.nan),
            "product_lines": rng.integers(1, 4, n).astype(float),
            "inquiries": rng.integers(0, 5, n).astype(float),
            "inquiry_conversion": rng.choice([np.nan, 0.0, 0.5, 1.0], n),
            "predicted_revenue": rng.lognormal(8, 1, n),
            "company_size": rng.choice(
                np.array(["大型", "中型", "小型", "个人", None], dtype=object), n
            ),
            "employees": rng.choice([np.nan, 5.0, 80.0, 900.0], n),
            "p_alive": rng.random(n),
        },
        index=[f"C{i:02d}" for i in range(n)],
    )
    buyers["inquiries_12m"] = (buyers["inquiries"] - 1).clip(lower=0)
    prospects = pd.DataFrame(
        {
            "orders": [np.nan, np.nan],
            "inquiries": [3.0, 1.0],
            "inquiries_12m": [3.0, 0.0],
            "company_size": ["大型", None],
        },
        index=["P1", "P2"],
    )
    out = pd.concat([buyers, prospects])
    out.index = pd.Index(out.index, name="customer_id", dtype="string")
    return out


def test_prospects_are_not_scored() -> None:
    out = classify(realistic(), ScoringConfig()).columns
    assert list(out.columns) == [
        "value_score",
        "potential_score",
        "behavior_score",
        "relationship_score",
        "composite_score",
        "tier",
        "quadrant",
        "pyramid_level",
    ]
    prospects = out.loc[["P1", "P2"]]
    assert prospects.select_dtypes("number").isna().all().all()
    assert prospects[["tier", "quadrant", "pyramid_level"]].isna().all().all()
    buyers = out.drop(index=["P1", "P2"])
    assert buyers.notna().all().all()
    assert ((buyers.select_dtypes("number") >= 0) & (buyers.select_dtypes("number") <= 100)).all(
        axis=None
    )


def test_row_order_does_not_change_results() -> None:
    table = realistic()
    expected = classify(table, ScoringConfig())
    for seed in range(3):
        shuffled = table.sample(frac=1, random_state=seed)
        got = classify(shuffled, ScoringConfig())
        assert list(got.columns.index) == list(shuffled.index)
        pd.testing.assert_frame_equal(got.columns.loc[table.index], expected.columns)
        assert got.details == expected.details
        assert got.warnings == expected.warnings


def test_ties_get_equal_scores_and_labels() -> None:
    table = frame(revenue=[5.0, 5.0, 1.0, 9.0, 5.0], recency_days=[10, 10, 3, 50, 10])
    cfg = ScoringConfig.model_validate(
        {
            "dimensions": {
                "value": {"metrics": {"revenue": {}, "recency_days": {"normalize": "robust_z"}}},
                "potential": {"metrics": {"revenue": {"normalize": "minmax"}}},
            }
        }
    )
    out = classify(table, cfg).columns
    tied = out.loc[["C00", "C01", "C04"]]
    assert (tied.nunique(dropna=False) == 1).all()
    # Everyone tied: everyone in the top tier and the top pyramid level.
    same = classify(frame(revenue=[3.0] * 4, recency_days=[1] * 4), cfg).columns
    assert same["composite_score"].tolist() == [50.0] * 4
    assert same["tier"].tolist() == ["S"] * 4
    assert same["pyramid_level"].tolist() == ["top"] * 4


# ---------------------------------------------------------------- weights and normalisation


def test_all_weight_on_recency_puts_the_most_recent_buyer_in_s() -> None:
    recency_only = ScoringConfig.model_validate(
        {
            "dimensions": {"behavior": {"metrics": {"recency_days": {"weight": 1}}}},
            "matrix": {"enabled": False},
        }
    )
    assert classify(FIVE, TINY).columns.at["E", "tier"] == "gold"
    out = classify(FIVE, recency_only).columns
    assert out.at["A", "tier"] == "S"  # 10 days: the most recent buyer
    assert out.at["A", "composite_score"] == 100.0
    assert out.at["D", "composite_score"] == 0.0  # 300 days
    assert "quadrant" not in out


def test_robust_z_by_hand() -> None:
    # median 3, MAD median(|-2,-1,0,1,97|) = 1 → z = (x - 3) / 1.4826, logistic.
    got = scoring.normalize(np.array([1.0, 2.0, 3.0, 4.0, 100.0]), "robust_z")
    z = (np.array([1.0, 2.0, 3.0, 4.0, 100.0]) - 3) / 1.4826
    np.testing.assert_allclose(got, 1 / (1 + np.exp(-z)), rtol=0, atol=1e-12)
    # MAD 0 (three of five tie): scale = 1.2533 · mean |x - median| = 1.2533 · 2.
    got = scoring.normalize(np.array([1.0, 1.0, 1.0, 3.0, 9.0]), "robust_z")
    z = (np.array([0.0, 0.0, 0.0, 2.0, 8.0])) / (1.2533 * 2)
    np.testing.assert_allclose(got, 1 / (1 + np.exp(-z)), rtol=0, atol=1e-12)
    assert scoring.normalize(np.array([4.0, 4.0]), "robust_z").tolist() == [0.5, 0.5]
    assert scoring.normalize(np.array([4.0, 4.0]), "minmax").tolist() == [0.5, 0.5]
    assert scoring.normalize(np.array([4.0]), "percentile").tolist() == [0.5]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    revenue=st.lists(st.floats(0, 1e6, allow_nan=False), min_size=2, max_size=12),
    data=st.data(),
    method=st.sampled_from(["percentile", "minmax", "robust_z"]),
)
def test_more_revenue_never_lowers_the_value_score(
    revenue: list[float], data: st.DataObject, method: str
) -> None:
    n = len(revenue)
    who = data.draw(st.integers(0, n - 1))
    more = data.draw(st.floats(0, 1e6, allow_nan=False))
    aov = data.draw(st.lists(st.floats(1, 1e3) | st.just(math.nan), min_size=n, max_size=n))
    cfg = ScoringConfig.model_validate(
        {
            "normalize": method,
            "dimensions": {
                "value": {
                    "metrics": {
                        "revenue": {"weight": 0.7},
                        "avg_order_value": {"weight": 0.3, "missing": "median"},
                    }
                }
            },
            "matrix": {"enabled": False},
        }
    )
    before = classify(frame(revenue=revenue, avg_order_value=aov), cfg).columns
    raised = list(revenue)
    raised[who] += more
    after = classify(frame(revenue=raised, avg_order_value=aov), cfg).columns
    key = f"C{who:02d}"
    assert after.at[key, "value_score"] >= before.at[key, "value_score"] - 1e-9


# ---------------------------------------------------------------- missing values


MISSING = frame(orders=[1, 2, 3, 4], inquiry_conversion=[0.2, np.nan, 0.6, 1.0])


@pytest.mark.parametrize(
    ("policy", "b_score", "b_weights"),
    [
        # orders percentile: 0, 1/3, 2/3, 1; conversion min-max over A, C, D: 0, .5, 1.
        ("worst", 100 * (0.5 / 3 + 0.5 * 0.0), (0.5, 0.5)),  # B's conversion counts 0
        ("median", 100 * (0.5 / 3 + 0.5 * 0.5), (0.5, 0.5)),  # the median of 0, .5, 1
        ("exclude", 100 * (1 / 3), (1.0, 0.0)),  # orders alone for B
    ],
)
def test_missing_policies(policy: str, b_score: float, b_weights: tuple[float, float]) -> None:
    cfg = ScoringConfig.model_validate(
        {
            "dimensions": {
                "behavior": {
                    "metrics": {
                        "orders": {"weight": 0.5},
                        "inquiry_conversion": {
                            "weight": 0.5,
                            "normalize": "minmax",
                            "missing": policy,
                        },
                    }
                }
            },
            "matrix": {"enabled": False},
        }
    )
    out = classify(MISSING, cfg).columns["behavior_score"]
    assert out.tolist() == pytest.approx([0.0, b_score, 100 * (1 / 3 + 0.25), 100.0], abs=1e-9)
    e = explain(MISSING, cfg, "C01").data["dimensions"]["behavior"]["metrics"]
    assert (e["orders"]["weight"], e["inquiry_conversion"]["weight"]) == b_weights
    conversion = e["inquiry_conversion"]
    assert conversion["raw"] is None
    assert conversion["imputed"] is (policy != "exclude")
    assert (conversion["normalized"] is None) is (policy == "exclude")


def test_an_empty_or_absent_metric_is_dropped_with_a_warning() -> None:
    table = realistic().assign(profit=np.nan).drop(columns="predicted_revenue")
    out = classify(table, ScoringConfig())
    assert [w.code for w in out.warnings] == ["scoring.metrics_dropped"] * 2
    assert [str(w) for w in out.warnings] == [
        "scoring: no value in this run for profit (the column is empty): left out of "
        "value, whose weights are re-normalised to revenue_12m 0.875, avg_order_value 0.125",
        "scoring: no value in this run for predicted_revenue (not in the table: another step "
        "makes it; is that step enabled?): left out of potential, whose weights are "
        "re-normalised to revenue_trend 0.875, inquiries_12m 0.125",
    ]
    assert out.warnings[0].render("zh", Labels(out.labels)) == (
        "评分：本次数据中以下指标没有值，已从价值维度中剔除，其余权重重新归一为 "
        "近12个月销售额 0.875、平均订单额 0.125（未用：利润（这一列为空））"
    )
    d = out.details
    assert d["dropped_metrics"] == {
        "value": ["profit"],
        "potential": ["predicted_revenue"],
    }
    assert d["weights"]["value"]["metrics"] == {"revenue_12m": 0.875, "avg_order_value": 0.125}
    assert out.columns["value_score"].notna().sum() == 12


def test_a_dimension_without_any_value_is_dropped() -> None:
    cfg = ScoringConfig.model_validate(
        {
            "dimensions": {
                "value": {"weight": 0.5, "metrics": {"revenue": {}}},
                "potential": {"weight": 0.5, "metrics": {"predicted_revenue": {}}},
            }
        }
    )
    out = classify(FIVE, cfg)
    assert out.columns["potential_score"].isna().all()
    assert out.columns["quadrant"].isna().all()
    assert out.columns["composite_score"].tolist() == [0.0, 25.0, 50.0, 75.0, 100.0]
    assert str(out.warnings[1]) == (
        "scoring: without potential the dimension weights are re-normalised to value 1"
    )
    assert out.warnings[2].code == "scoring.no_quadrant"
    assert "quadrant is left empty" in str(out.warnings[2])


# ---------------------------------------------------------------- tiers, pyramid


def test_absolute_tiers_and_revenue_pyramid() -> None:
    cfg = TINY.model_copy(
        update={
            "tiers": ScoringConfig.model_validate(
                {"tiers": {"method": "absolute"}}
            ).tiers,  # S ≥ 75, A ≥ 60, B ≥ 45, C ≥ 30, D the rest
            "pyramid": ScoringConfig.model_validate(
                {
                    "pyramid": {
                        "rank_by": "revenue",
                        "levels": [
                            {"name": "top", "upto": 20},
                            {"name": "rest", "upto": 100},
                        ],
                    }
                }
            ).pyramid,
        }
    )
    out = classify(FIVE, cfg)
    # composites A 34, B 28.25, C 49.5, D 62, E 76.25
    assert out.columns["tier"].tolist() == ["C", "D", "B", "A", "S"]
    assert out.columns["pyramid_level"].tolist() == ["rest", "rest", "rest", "rest", "top"]
    assert out.details["tier_cutoffs"]["S"] == 76.25
    assert out.details["pyramid_cutoffs"] == {"top": 500.0, "rest": 100.0}
    assert rules(explain(FIVE, cfg, "D"))[1] == (
        "composite 62.00 ≥ cut-off 60 for A and < 75 for S → A"
    )
    assert rules(explain(FIVE, cfg, "B"))[1] == "composite 28.25 < 30 for C → D"
    assert rules(explain(FIVE, cfg, "E"))[1] == "composite 76.25 ≥ cut-off 75 for S → S"
    assert rules(explain(FIVE, cfg, "E"))[3] == (
        "revenue 500.00 ≥ cut-off 500.00 for top (top 20% of customers); 0 of 5 rank above it"
    )
    assert explain(FIVE, cfg, "E").inputs["revenue"] == 500.0


def test_quantile_tiers_on_100_customers_hit_the_shares() -> None:
    table = frame(revenue=[float(i) for i in range(100)])
    cfg = ScoringConfig.model_validate(
        {"dimensions": {"value": {"metrics": {"revenue": {}}}}, "matrix": {"enabled": False}}
    )
    out = classify(table, cfg)
    d = out.details
    assert d["tier_counts"] == {"S": 20, "A": 20, "B": 25, "C": 20, "D": 15}
    assert d["pyramid_counts"] == {"top": 1, "key": 4, "core": 15, "general": 80}
    assert out.columns.at["C80", "tier"] == "S"
    assert out.columns.at["C79", "tier"] == "A"


# ---------------------------------------------------------------- derived metrics


def test_derived_metrics() -> None:
    table = frame(
        orders=[5, 5, 1, 2],
        order_days=[5, 5, 1, 2],
        tenure_days=[400, 400, 800, 100],
        recency_days=[0, 0, 800, 10],
        median_gap_days=[100, 20, np.nan, 90],
        revenue_12m=[10.0, 0.0, 0.0, 30.0],
        revenue_prev_12m=[10.0, 5.0, 0.0, 0.0],
    )
    cfg = ScoringConfig()
    raw = {name: scoring._raw(table, name, cfg) for name in scoring.DERIVED_METRICS}
    # mean gap = (tenure - recency) / (order days - 1) = 100: regular 1.0, bursty 20/100.
    np.testing.assert_allclose(raw["gap_regularity"], [1.0, 0.2, np.nan, np.nan])
    np.testing.assert_allclose(raw["active_years"], np.array([400, 400, 0, 90]) / 365.25)
    rate = [5 * 365.25 / 400, 5 * 365.25 / 400, 365.25 / 800, 2]  # tenure at least a year
    np.testing.assert_allclose(raw["orders_per_year"], rate)
    np.testing.assert_allclose(raw["revenue_trend"], [0.0, -1.0, np.nan, 1.0])


def test_company_size_rank() -> None:
    table = frame(
        company_size=[
            "大型企业",
            "中型",
            "小微企业",
            "个人",
            "Large",
            "SME",
            "50-199人",
            None,
            None,
        ],
        employees=[np.nan] * 7 + [3.0, 600.0],
    )
    got = scoring.company_size_rank(table, EmployeeBands())
    assert got.tolist() == [4, 3, 2, 1, 4, 2, 3, 2, 4]
    with_class = table.assign(size_class=["small"] * 9)
    assert scoring.company_size_rank(with_class, EmployeeBands()).tolist() == [2] * 9


def test_company_size_means_the_same_in_trade_and_scoring() -> None:
    """One banding: "1-10" is 5.5 employees, small, in both (scoring once read it as 1,
    individual); without a size_class column scoring bands the same way trade does."""
    table = frame(
        company_size=["1-10", "11-50", "51-200", "1,000+", "Small", "Partner", None],
        employees=[np.nan] * 5 + [600.0, 1.0],
    )
    ctx = Context(table, pd.DataFrame(), dt.date(2026, 1, 1))
    size_class = trade.classify(ctx, TradeConfig()).columns["size_class"]
    assert size_class.tolist() == [
        "small", "small", "medium", "large", "small", "large", "individual",
    ]  # fmt: skip
    alone = scoring.company_size_rank(table, EmployeeBands())
    after_trade = scoring.company_size_rank(table.assign(size_class=size_class), EmployeeBands())
    assert alone.tolist() == after_trade.tolist() == [2, 2, 3, 4, 2, 4, 1]


# ---------------------------------------------------------------- config


def _config_error(data: dict[str, Any]) -> str:
    """The message a user sees for ``scoring: <data>`` (through the loader once it is wired)."""
    if "scoring" in Config.model_fields:
        with pytest.raises(ConfigError) as info:
            parse_config({"scoring": data}, "my.yaml")
        return str(info.value)

    class Root(StrictModel):
        scoring: ScoringConfig

    with pytest.raises(ValidationError) as exc:
        Root.model_validate({"scoring": data})
    return "\n".join(_describe(err, {"scoring": data}) for err in exc.value.errors())


def _dims(metrics: dict[str, Any], weight: float = 1.0) -> dict[str, Any]:
    return {"dimensions": {"value": {"weight": weight, "metrics": metrics}}}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            _dims({"revenu": {}}),
            "scoring -> dimensions -> value -> metrics: unknown metric 'revenu'. "
            "Did you mean 'revenue'?",
        ),
        (
            _dims({"revenue": {"weight": -0.5}}),
            "scoring -> dimensions -> value -> metrics -> revenue -> weight: must be a number, "
            "0 or more (found: -0.5)",
        ),
        (
            _dims({"revenue": {"weight": 0}, "profit": {"weight": 0}}),
            "scoring -> dimensions -> value -> metrics: every weight is 0; give at least one "
            "metric a weight > 0",
        ),
        (
            _dims({"revenue": {}}, weight=0) | {"matrix": {"enabled": False}},
            "scoring -> dimensions: every dimension weight is 0; give at least one a weight > 0",
        ),
        (
            {"tiers": {"levels": [{"name": "S", "share": 0.5}, {"name": "A", "share": 0.45}]}},
            "scoring -> tiers -> levels: tier shares must sum to 1 (or 100), found 0.95 "
            "(S 0.5 + A 0.45)",
        ),
        (
            {
                "tiers": {
                    "method": "absolute",
                    "levels": [
                        {"name": "S", "min_score": 60},
                        {"name": "A", "min_score": 70},
                        {"name": "B"},
                    ],
                }
            },
            "scoring -> tiers -> levels: min_score must be strictly descending, found S 60, A 70",
        ),
        (
            {"pyramid": {"levels": [{"name": "top", "upto": 0.2}, {"name": "x", "upto": 0.1}]}},
            "scoring -> pyramid -> levels: upto must be cumulative shares, positive and "
            "ascending, found top 0.2, x 0.1",
        ),
        (
            {"pyramid": {"levels": [{"name": "top", "upto": 0.2}, {"name": "x", "upto": 0.9}]}},
            "scoring -> pyramid -> levels: the last level's upto must be 1 (or 100) so every "
            "customer has a level, found top 0.2, x 0.9",
        ),
        (
            _dims({"revenue": {}}),
            "scoring -> matrix: the value-potential matrix needs the potential dimension(s); add "
            "them or set matrix: {enabled: false}",
        ),
        (
            {"matrix": {"value_cut": 120}},
            "scoring -> matrix -> value_cut: must be median, mean or a score between 0 and 100",
        ),
        (
            {"dimensions": {"value": {"metrics": {"revenue": {"direction": "up"}}}}},
            "scoring -> dimensions -> value -> metrics -> revenue -> direction: Input should be "
            "'higher' or 'lower' (found: 'up')",
        ),
    ],
    ids=[
        "unknown-metric",
        "negative-weight",
        "zero-metric-weights",
        "zero-dimension-weights",
        "tier-shares",
        "cutoffs-order",
        "pyramid-order",
        "pyramid-end",
        "matrix-needs-potential",
        "matrix-cut",
        "direction",
    ],
)
def test_config_errors_name_the_path(data: dict[str, Any], message: str) -> None:
    assert message in _config_error(data)


def test_config_defaults_and_shorthands() -> None:
    cfg = ScoringConfig()
    assert list(cfg.dimensions) == ["value", "potential", "behavior", "relationship"]
    assert cfg.metric("behavior", "recency_days")[1] == "lower"
    assert [lv.name for lv in cfg.tiers.levels] == ["S", "A", "B", "C", "D"]
    assert cfg.tiers.cumulative_shares() == pytest.approx([0.2, 0.4, 0.65, 0.85, 1.0])
    # Shares in percent, and a shipped dimension given with its weight only.
    pct = ScoringConfig.model_validate(
        {
            "tiers": {"levels": [{"name": "S", "share": 30}, {"name": "A", "share": 70}]},
            "dimensions": {"value": {"weight": 2}, "potential": {}},
        }
    )
    assert pct.tiers.cumulative_shares() == [0.3, 1.0]
    assert pct.dimensions["value"].metrics == cfg.dimensions["value"].metrics
    assert list(pct.dimensions) == ["value", "potential"]


def test_shipped_yaml_block_is_the_default() -> None:
    data = yaml.safe_load((ROOT / "configs" / "default.yaml").read_text(encoding="utf-8"))
    assert ScoringConfig.model_validate(data["scoring"]) == ScoringConfig()


# ---------------------------------------------------------------- the registry record


def test_summaries_tiers_quadrants_pyramid() -> None:
    out = classify(FIVE, TINY)
    table = FIVE.join(out.columns)
    got = scoring.summarise(table, TINY, out.details, Labels(out.labels))
    assert [(t.name, t.group, t.chart) for t in got] == [
        ("tier", "full", "column"),
        ("quadrant", "full", "column"),
        ("pyramid_level", "compact", None),
    ]
    tiers = got[0].table
    assert list(tiers.index) == ["gold", "silver", "bronze"]
    assert tiers["customers"].tolist() == [1, 2, 2]
    assert tiers["avg_score"].tolist() == pytest.approx([76.25, 55.75, 31.125])
    assert got[0].title.en == "Tiers (composite score)"
    assert list(got[1].table.index) == ["star", "growth", "maintain", "transform"]
    assert list(got[2].table.index) == ["top", "key", "core", "general"]
    assert got[2].title.zh == "客户金字塔"


def test_a_user_defined_dimension_is_labelled_by_the_run() -> None:
    cfg = ScoringConfig.model_validate(
        {
            "dimensions": {"loyalty": {"metrics": {"tenure_days": {}, "active_years": {}}}},
            "matrix": {"enabled": False},
        }
    )
    table = frame(tenure_days=[10, 400, 900], recency_days=[5, 100, 10])
    out = classify(table, cfg)
    assert "loyalty_score" in out.columns
    assert out.labels["dimension"] == {"loyalty": ("loyalty", "Loyalty")}
    assert out.labels["metric"]["active_years"] == ("活跃年数", "Active years")
    e = scoring.explain(table.join(out.columns), "C02", cfg, out.details)
    assert e.tables[0].title.render("en", Labels(out.labels)).startswith("Loyalty = ")


def test_reads_name_the_metric_columns_and_derived_inputs() -> None:
    cfg = ScoringConfig()
    reads = scoring.CLASSIFIER.reads(cfg)
    assert {"predicted_revenue", "revenue_trend", "revenue_12m"} <= set(reads)
    sized = ScoringConfig.model_validate(
        {"dimensions": {"value": {}, "potential": {"metrics": {"company_size_rank": {}}}}}
    )
    assert {"size_class", "company_size", "employees"} <= set(scoring.CLASSIFIER.reads(sized))
    assert scoring.CLASSIFIER.columns[:5] == (
        "value_score",
        "potential_score",
        "behavior_score",
        "relationship_score",
        "composite_score",
    )


def test_every_scoring_message_has_both_languages() -> None:
    for code, (zh, en) in scoring.MESSAGES.items():
        assert code.startswith("scoring.") and zh and en
        assert placeholders(zh) == placeholders(en), code


# ---------------------------------------------------------------- degenerate metrics (issue 12)


def _constant_cfg() -> ScoringConfig:
    return ScoringConfig.model_validate(
        {
            "dimensions": {
                "value": {"weight": 0.5, "metrics": {"revenue": {"weight": 1}}},
                "potential": {
                    "weight": 0.5,
                    "metrics": {
                        "revenue_trend": {"weight": 0.6, "missing": "median"},
                        "p_alive": {"weight": 0.4},
                    },
                },
            },
            "matrix": {"enabled": False},
        }
    )


def _constant_frame(n: int = 200) -> pd.DataFrame:
    rng = np.random.default_rng(12)
    # No revenue in the previous 12 months for anyone (history shorter than two years): the
    # trend is +1 for everyone with revenue in the last 12 months, median-imputed for the rest.
    return frame(
        revenue=rng.gamma(2.0, 100.0, n).round(2).tolist(),
        revenue_12m=np.where(np.arange(n) % 7 == 0, 0.0, 50.0).tolist(),
        revenue_prev_12m=[0.0] * n,
        p_alive=rng.uniform(0, 1, n).round(4).tolist(),
    )


def test_a_constant_metric_is_dropped_with_a_warning_and_the_weights_renormalised() -> None:
    table = _constant_frame()
    out = classify(table, _constant_cfg())
    assert [w.code for w in out.warnings] == ["scoring.metrics_constant"]
    assert str(out.warnings[0]) == (
        "scoring: too uniform to tell customers apart, revenue_trend (one value for 100.0% of "
        "the customers) left out of potential, whose weights are re-normalised to p_alive 1"
    )
    zh = out.warnings[0].render("zh", Labels(out.labels))
    assert "销售额趋势" in zh and "潜力" in zh and "revenue_trend" not in zh
    d = out.details
    assert d["constant_metrics"] == {"potential": {"revenue_trend": 1.0}}
    assert d["dropped_metrics"] == {"potential": ["revenue_trend"]}
    assert d["weights"]["potential"]["metrics"] == {"p_alive": 1.0}
    # The potential score is p_alive's percentile alone: ranks agree exactly.
    pot = out.columns["potential_score"]
    assert pot.rank().tolist() == table["p_alive"].rank().tolist()
    # explain shows the effective weights (1 for p_alive; the constant metric absent).
    e = scoring.explain(table, "C03", _constant_cfg(), out.details)
    metrics = e.data["dimensions"]["potential"]["metrics"]
    assert list(metrics) == ["p_alive"] and metrics["p_alive"]["weight"] == 1.0
    assert e.data["constant_metrics"] == {"potential": {"revenue_trend": 1.0}}


def test_a_nearly_constant_metric_is_dropped_at_99_percent_but_not_below() -> None:
    n = 200
    base = _constant_frame(n).assign(revenue_12m=50.0)
    cfg = ScoringConfig.model_validate(
        {
            "dimensions": {
                "value": {"weight": 1, "metrics": {"revenue": {}, "inquiries_12m": {}}},
            },
            "matrix": {"enabled": False},
        }
    )
    two = base.assign(inquiries_12m=np.where(np.arange(n) < 2, 3.0, 0.0))  # 99.0% zeros
    out = classify(two, cfg)
    assert out.details["constant_metrics"] == {"value": {"inquiries_12m": 0.99}}
    three = base.assign(inquiries_12m=np.where(np.arange(n) < 3, 3.0, 0.0))  # 98.5% zeros
    out = classify(three, cfg)
    assert out.details["constant_metrics"] == {}
    assert out.warnings == []


def test_a_dimension_of_constant_metrics_is_left_out_but_never_every_dimension() -> None:
    table = _constant_frame().assign(p_alive=0.5)
    out = classify(table, _constant_cfg())
    assert [w.code for w in out.warnings] == [
        "scoring.dimension_constant",
        "scoring.dimensions_renormalised",
    ]
    assert out.details["weights"] == {"value": {"weight": 1.0, "metrics": {"revenue": 1.0}}}
    assert out.columns["potential_score"].isna().all()
    # Nothing varies anywhere: nothing is dropped (the composite is constant either way).
    flat = table.assign(revenue=10.0)
    out = classify(flat, _constant_cfg())
    assert out.details["constant_metrics"] == {}
    assert out.columns["composite_score"].notna().all()


# ---------------------------------------------------------------- a dimension the config adds


@pytest.fixture(scope="module")
def loyal() -> Any:
    return loyal_run()


def test_a_dimension_the_config_adds_makes_its_score_column(loyal: Any) -> None:
    """loyalty counted in the composite, but its column was dropped: the composite was not the
    weighted sum of the dimension scores shown. Orders 3, 2, 2, 1 (C003's line without an
    amount is priced; a prospect): percentile ranks 1, 1/2, 1/2, 0."""
    c = loyal.customers
    assert list(c.columns[c.columns.get_loc("value_score") :][:3]) == [
        "value_score",
        "loyalty_score",
        "composite_score",
    ]
    expected = pd.Series(
        [100.0, 50.0, 50.0, 0.0, np.nan],
        index=pd.Index(["C001", "C002", "C003", "00042", "C005"], name="customer_id"),
        name="loyalty_score",
    )
    got = c["loyalty_score"].set_axis(c.index.astype(object)).reindex(expected.index)
    pd.testing.assert_series_equal(got, expected, check_index_type=False)
    scored = c["orders"] > 0
    composite = (c["value_score"] + c["loyalty_score"]) / 2
    assert np.allclose(c.loc[scored, "composite_score"], composite[scored], atol=1e-9)
    column = schema.run_columns(loyal.labels.run)["loyalty_score"]
    assert (column.kind, column.zh, column.en, column.producer) == (
        "score",
        "loyalty分",
        "Loyalty score",
        "scoring",
    )
    assert "value_score" not in schema.run_columns(loyal.labels.run)  # the schema's own
    assert "loyalty_score" not in schema.COLUMNS  # the run's, not the process's


def test_a_dimension_named_like_a_report_column_makes_its_own() -> None:
    """avg_score is a report table's column (the tiers' mean composite); a dimension named avg
    makes the customer table's avg_score, headed by its label. The schema's own dimensions are
    its columns (composite, r, f, m cannot name one: the config refuses them)."""
    labels = {"dimension": {"avg": ("平均", "Avg"), "value": ("价值", "Value")}, "tier": {}}
    made = schema.run_columns(labels)
    assert list(made) == ["avg_score"]
    assert (made["avg_score"].zh, made["avg_score"].en) == ("平均分", "Avg score")
    assert schema.COLUMNS["avg_score"].en == "Avg composite"
