"""Learned predicted value (clv.model: learned): no leakage, determinism, skipping."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from tiercli.classifiers import clv
from tiercli.classifiers.base import Context
from tiercli.classifiers.learned import FEATURES, features_as_of, learn_value
from tiercli.config.models import CLVConfig

AS_OF = dt.date(2024, 1, 1)


def orders(seed: int = 4, n: int = 400, days: int = 720) -> pd.DataFrame:
    """Order lines of *n* customers over *days* days: each buys at its own Poisson rate with
    its own typical amount, and stops for good at a random time (vectorised)."""
    rng = np.random.default_rng(seed)
    rate = rng.gamma(1.0, 1 / 40.0, n)  # orders per day
    start = rng.integers(0, days - 30, n)
    stop = start + rng.exponential(400.0, n)
    count = rng.poisson(rate * (np.minimum(stop, days) - start)) + 1
    owner = np.repeat(np.arange(n), count)
    span = np.minimum(stop, days) - start
    offset = np.where(
        np.r_[True, owner[1:] != owner[:-1]], 0.0, rng.random(owner.size) * span[owner]
    )
    day = np.minimum(start[owner] + offset, days - 1).astype(int)
    scale = rng.lognormal(5.0, 1.0, n)
    return pd.DataFrame(
        {
            "customer_id": pd.array([f"L{i:04d}" for i in owner], dtype="string"),
            "order_id": pd.array([f"O{i:06d}" for i in range(owner.size)], dtype="string"),
            "order_date": pd.Timestamp(AS_OF) - pd.to_timedelta(days - 1 - day, unit="D"),
            "amount": rng.gamma(2.0, scale[owner] / 2.0),
        }
    )


def context(lines: pd.DataFrame) -> Context:
    ids = sorted(lines["customer_id"].unique())
    customers = pd.DataFrame(index=pd.Index(ids, name="customer_id", dtype="string"))
    return Context(customers, lines, AS_OF)


@pytest.fixture(scope="module")
def lines() -> pd.DataFrame:
    return orders()


def test_features_use_only_lines_up_to_the_cut_off(lines: pd.DataFrame) -> None:
    cut = AS_OF - dt.timedelta(days=200)
    x = features_as_of(lines, cut, 90)
    assert list(x.columns) == list(FEATURES)
    early = lines.loc[lines["order_date"] <= pd.Timestamp(cut)]
    pd.testing.assert_frame_equal(x, features_as_of(early, cut, 90))
    assert set(x.index) == set(early["customer_id"])


def test_a_planted_future_order_changes_nothing(lines: pd.DataFrame) -> None:
    base = learn_value(lines, AS_OF, 90, windows=4, seed=3)
    assert base.predicted is not None and base.warnings == []
    assert len(base.details["cutoffs"]) == 4 and base.details["validation_spearman"] > 0
    who = str(lines["customer_id"].iloc[0])
    planted = pd.concat(
        [
            lines,
            pd.DataFrame(
                {
                    "customer_id": pd.array([who, "NEW"], dtype="string"),
                    "order_id": pd.array(["F1", "F2"], dtype="string"),
                    "order_date": [pd.Timestamp(AS_OF) + pd.Timedelta(days=d) for d in (1, 30)],
                    "amount": [1e9, 5e8],
                }
            ),
        ],
        ignore_index=True,
    )
    again = learn_value(planted, AS_OF, 90, windows=4, seed=3)
    assert again.predicted is not None
    pd.testing.assert_series_equal(base.predicted, again.predicted)
    assert again.details == base.details
    # Through the classifier too: the same column either way.
    cfg = CLVConfig(model="learned", horizon_days=90, learn_windows=4, seed=3)
    one = clv.classify(context(lines), cfg)
    two = clv.classify(context(planted).__class__(context(lines).customers, planted, AS_OF), cfg)
    pd.testing.assert_frame_equal(one.columns, two.columns)
    assert one.details["value_model"] == "learned"
    assert one.details["learned"]["training_rows"] > 0
    pd.testing.assert_series_equal(
        one.columns["predicted_revenue"].dropna(),
        base.predicted.rename("predicted_revenue").rename_axis("customer_id"),
        check_index_type=False,
    )


def test_the_learned_value_is_deterministic_with_a_seed(lines: pd.DataFrame) -> None:
    a = learn_value(lines, AS_OF, 90, windows=2, seed=7)
    b = learn_value(lines.sample(frac=1.0, random_state=1), AS_OF, 90, windows=2, seed=7)
    assert a.predicted is not None and b.predicted is not None
    pd.testing.assert_series_equal(a.predicted.sort_index(), b.predicted.sort_index())
    # It ranks next-horizon revenue far better than chance on these data.
    assert a.details["validation_spearman"] > 0.3


def test_a_short_history_skips_the_learned_value_with_a_warning(lines: pd.DataFrame) -> None:
    got = learn_value(lines, AS_OF, 400, windows=4)
    assert got.predicted is None and [w.code for w in got.warnings] == ["clv.learned_skipped"]
    text = str(got.warnings[0])
    assert "training needs at least 800 days" in text and "719 days" in text
    zh = got.warnings[0].render("zh")
    assert "至少 800 天" in zh
    cfg = CLVConfig(model="learned", horizon_days=400)
    out = clv.classify(context(lines), cfg)
    assert "clv.learned_skipped" in [w.code for w in out.warnings]
    assert "value_model" not in out.details
    # predicted revenue then comes from the purchase and spend models
    auto = clv.classify(context(lines), CLVConfig(horizon_days=400))
    pd.testing.assert_frame_equal(out.columns, auto.columns)
