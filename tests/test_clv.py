"""Predicted customer value (BG/NBD + Gamma-Gamma): formulas, fits, properties, degenerate data.

The closed forms are checked three ways: against a slow term-by-term transcription of the
published formula, against numerical integration of the individual-level model over its
mixing distributions, and (for the fits) by recovering known parameters from data simulated
from the generative process itself.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, optimize, special

from tiercli.catalogue import Message, msg
from tiercli.classifiers import clv
from tiercli.classifiers.base import Context
from tiercli.classifiers.clv import (
    BgNbdParams,
    GammaGammaParams,
    MbgNbdParams,
    ModelFitError,
    ValueFit,
    bgnbd_expected_purchases,
    bgnbd_log_likelihood,
    bgnbd_p_alive,
    edge_parameters,
    fit_bgnbd,
    fit_gamma_gamma,
    fit_mbgnbd,
    gamma_gamma_expected_spend,
    gamma_gamma_log_likelihood,
    mbgnbd_log_likelihood,
    mbgnbd_p_alive,
    predict_value,
    repeat_summary,
)
from tiercli.config.models import CLVConfig

BG_TRUE = BgNbdParams(r=0.25, alpha=4.0, a=0.8, b=2.5)
GG_TRUE = GammaGammaParams(p=6.0, q=4.0, v=15.0)
PROPERTY = settings(max_examples=40, deadline=None, derandomize=True)


# --------------------------------------------------------------------------------------------
# Simulation from the generative processes
# --------------------------------------------------------------------------------------------


def simulate_bgnbd(
    rng: np.random.Generator, n: int, params: BgNbdParams, horizon: float = 0.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(x, t_x, T, purchases in (T, T+horizon]) for *n* customers, T ~ U(20, 80) weeks.

    λ ~ Gamma(r, rate α), p ~ Beta(a, b). The customer drops out right after repeat purchase J,
    J ~ Geometric(p) on 1, 2, …; purchases arrive as a Poisson(λ) process from the first
    purchase at 0. With N Poisson arrivals in (0, T], x = min(N, J) and t_x is the x-th of N
    uniform order statistics on (0, T], i.e. T · Beta(x, N − x + 1).
    """
    age = rng.uniform(20.0, 80.0, n)
    lam = rng.gamma(params.r, 1.0 / params.alpha, n)
    p = rng.beta(params.a, params.b, n)
    last = rng.geometric(p)
    arrivals = rng.poisson(lam * age)
    x = np.minimum(arrivals, last)
    tx = np.where(x > 0, age * rng.beta(np.maximum(x, 1), np.maximum(arrivals - x + 1, 1)), 0.0)
    later = rng.poisson(lam * horizon)
    future = np.where(arrivals >= last, 0, np.minimum(later, last - arrivals))
    return x.astype(float), tx, age, future.astype(float)


def simulate_mbgnbd(
    rng: np.random.Generator, n: int, params: BgNbdParams, horizon: float = 0.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """As :func:`simulate_bgnbd` for the MBG/NBD: the customer may drop out right after every
    purchase, the first included, so the last repeat purchase is J − 1, J ~ Geometric(p)."""
    age = rng.uniform(20.0, 80.0, n)
    lam = rng.gamma(params.r, 1.0 / params.alpha, n)
    p = rng.beta(params.a, params.b, n)
    last = rng.geometric(p) - 1  # repeat purchases made before dropping out
    arrivals = rng.poisson(lam * age)
    x = np.minimum(arrivals, last)
    tx = np.where(x > 0, age * rng.beta(np.maximum(x, 1), np.maximum(arrivals - x + 1, 1)), 0.0)
    later = rng.poisson(lam * horizon)
    future = np.where(arrivals >= last, 0, np.minimum(later, last - arrivals))
    return x.astype(float), tx, age, future.astype(float)


def simulate_gamma_gamma(
    rng: np.random.Generator, n: int, params: GammaGammaParams
) -> tuple[np.ndarray, np.ndarray]:
    """(x, mean spend): x ~ 1 + Poisson(3); ν ~ Gamma(q, rate v); spends ~ Gamma(p, rate ν)."""
    x = 1 + rng.poisson(3.0, n)
    nu = rng.gamma(params.q, 1.0 / params.v, n)
    total = rng.gamma(params.p * x, 1.0 / nu)  # sum of x Gamma(p, ν) draws
    return x.astype(float), total / x


# --------------------------------------------------------------------------------------------
# BG/NBD: the log-likelihood
# --------------------------------------------------------------------------------------------

CUSTOMERS = [  # (x, t_x, T) in weeks
    (0, 0.0, 38.86),
    (1, 1.71, 30.43),
    (2, 30.43, 38.86),
    (7, 29.43, 35.0),
    (14, 5.0, 70.5),
    (3, 79.0, 79.0),
]
PARAM_SETS = [BG_TRUE, BgNbdParams(r=1.7, alpha=12.0, a=2.3, b=0.6)]


def direct_bgnbd_ll(params: BgNbdParams, x: int, tx: float, T: float) -> float:
    """FHL 2005 eq. 6, one term at a time."""
    r, alpha, a, b = params.r, params.alpha, params.a, params.b

    def log_beta(p: float, q: float) -> float:
        return math.lgamma(p) + math.lgamma(q) - math.lgamma(p + q)

    ll = math.lgamma(r + x) - math.lgamma(r) + r * math.log(alpha)
    ll += log_beta(a, b + x) - log_beta(a, b)
    ll -= (r + x) * math.log(alpha + T)
    dropout = a / (b + x - 1) * ((alpha + T) / (alpha + tx)) ** (r + x) if x > 0 else 0.0
    return ll + math.log(1.0 + dropout)


@pytest.mark.parametrize("params", PARAM_SETS)
def test_bgnbd_log_likelihood_matches_published_formula(params: BgNbdParams) -> None:
    x, tx, T = (np.array(c, dtype=float) for c in zip(*CUSTOMERS, strict=True))
    got = bgnbd_log_likelihood(params, x, tx, T)
    want = [direct_bgnbd_ll(params, int(c[0]), c[1], c[2]) for c in CUSTOMERS]
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-9)


def _individual_bgnbd(
    params: BgNbdParams, x: int, tx: float, T: float, t: float = 0.0
) -> Callable[[float, float], float]:
    """Integrand over (λ, p): individual likelihood × Gamma/Beta densities (× E[Y(t)] if t)."""
    r, alpha, a, b = params.r, params.alpha, params.a, params.b
    log_norm = math.lgamma(r) + math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)

    def f(lam: float, p: float) -> float:
        prior = math.exp(
            r * math.log(alpha)
            + (r - 1) * math.log(lam)
            - alpha * lam
            + (a - 1) * math.log(p)
            + (b - 1) * math.log1p(-p)
            - log_norm
        )
        stay = (1 - p) ** x * math.exp(x * math.log(lam) - lam * T)
        if t:  # alive at T, then E[purchases in t] = (1 − e^{−λpt}) / p (FHL eq. 8)
            return stay * prior * -math.expm1(-lam * p * t) / p
        drop = p * (1 - p) ** (x - 1) * math.exp(x * math.log(lam) - lam * tx) if x else 0.0
        return (stay + drop) * prior

    return f


@pytest.mark.parametrize(("x", "tx", "T"), [(0, 0.0, 10.0), (2, 3.0, 12.0), (5, 20.0, 25.0)])
def test_bgnbd_closed_forms_match_numerical_integration(x: int, tx: float, T: float) -> None:
    params = BgNbdParams(r=0.9, alpha=3.0, a=1.4, b=2.2)  # a, b > 1: smooth at p = 0 and 1
    opts = {"epsabs": 0, "epsrel": 1e-10}
    like, _ = integrate.dblquad(_individual_bgnbd(params, x, tx, T), 0, 1, 0, np.inf, **opts)
    assert bgnbd_log_likelihood(params, x, tx, T)[()] == pytest.approx(math.log(like), abs=1e-7)
    t = 26.0
    mass, _ = integrate.dblquad(_individual_bgnbd(params, x, tx, T, t), 0, 1, 0, np.inf, **opts)
    got = bgnbd_expected_purchases(params, t, x, tx, T)[()]
    assert got == pytest.approx(mass / like, rel=1e-7)


def direct_expected(params: BgNbdParams, t: float, x: int, tx: float, T: float) -> float:
    """FHL 2005 eq. 10 as printed (no Euler transformation)."""
    r, alpha, a, b = params.r, params.alpha, params.a, params.b
    z = t / (alpha + T + t)
    hyp = special.hyp2f1(r + x, b + x, a + b + x - 1, z)
    numerator = (a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp)
    dropout = a / (b + x - 1) * ((alpha + T) / (alpha + tx)) ** (r + x) if x > 0 else 0.0
    return float(numerator / (1 + dropout))


@pytest.mark.parametrize("params", PARAM_SETS)
def test_expected_purchases_matches_published_formula(params: BgNbdParams) -> None:
    x, tx, T = (np.array(c, dtype=float) for c in zip(*CUSTOMERS, strict=True))
    for t in (1.0, 13.0, 52.0):
        got = bgnbd_expected_purchases(params, t, x, tx, T)
        want = [direct_expected(params, t, int(c[0]), c[1], c[2]) for c in CUSTOMERS]
        np.testing.assert_allclose(got, want, rtol=1e-9)


def test_expected_purchases_of_a_new_customer_is_the_unconditional_mean() -> None:
    r, alpha, a, b = BG_TRUE.r, BG_TRUE.alpha, BG_TRUE.a, BG_TRUE.b
    t = 39.0
    hyp = special.hyp2f1(r, b, a + b - 1, t / (alpha + t))
    unconditional = (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r * hyp)  # FHL eq. 9
    got = bgnbd_expected_purchases(BG_TRUE, t, 0, 0.0, 0.0)[()]
    assert got == pytest.approx(unconditional, rel=1e-10)


def test_expected_purchases_stays_finite_for_heavy_buyers() -> None:
    # The printed form overflows here (2F1 ≈ 1e258 for x = 1000, t = 52, and inf beyond).
    x = np.array([100.0, 1000.0, 10000.0])
    got = bgnbd_expected_purchases(BG_TRUE, 52.0, x, 60.0, 60.0)
    bound = 52.0 * bgnbd_p_alive(BG_TRUE, x, 60.0, 60.0) * (BG_TRUE.r + x) / (BG_TRUE.alpha + 60)
    assert np.isfinite(got).all()
    assert (got > 0).all()
    assert (got <= bound).all()


def test_expected_purchases_near_a_equal_one_is_continuous() -> None:
    near = [BgNbdParams(0.25, 4.0, 1.0 + d, 2.5) for d in (-1e-4, 0.0, 1e-4)]
    values = [bgnbd_expected_purchases(p, 52.0, [0, 3], [0.0, 20.0], [30.0, 40.0]) for p in near]
    np.testing.assert_allclose(values[1], (values[0] + values[2]) / 2, rtol=1e-6)


def test_hyp2f1_series_fallback_agrees_with_scipy() -> None:
    a = np.array([0.5, 2.45, -0.3, 3.0])
    b = np.array([-0.2, 1.3, 0.8, 2.0])
    c = np.array([3.3, 7.05, 1.5, 40.0])
    z = np.array([0.1, 0.6, 0.9, 0.95])
    np.testing.assert_allclose(
        clv._hyp2f1_series(a, b, c, z), special.hyp2f1(a, b, c, z), rtol=1e-11
    )


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(-1e6, 1e3, allow_nan=False),
            st.one_of(st.floats(-1e6, 1e3, allow_nan=False), st.just(-math.inf)),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_either_is_logaddexp_and_expit(pairs: list[tuple[float, float]]) -> None:
    """The objectives' one-exponential log-sum and weight agree with numpy's logaddexp and
    scipy's expit (the weight 0 where the drop term is −inf)."""
    stay, drop = (np.array(c) for c in zip(*pairs, strict=True))
    either, weight = clv._either(stay, drop)
    with np.errstate(all="ignore"):
        expected = np.where(np.isinf(drop), 0.0, special.expit(drop - stay))
    np.testing.assert_allclose(either, np.logaddexp(stay, drop), rtol=4e-16, atol=0)
    np.testing.assert_allclose(weight, expected, rtol=0, atol=3e-16)


@pytest.mark.parametrize("params", PARAM_SETS)
def test_bgnbd_gradient_is_the_derivative_of_the_objective(params: BgNbdParams) -> None:
    x, tx, T = (np.array(c, dtype=float) for c in zip(*CUSTOMERS, strict=True))
    objective = clv._bgnbd_objective(x, tx, T, penalizer=0.05)
    u = np.log([params.r, params.alpha, params.a, params.b])
    numeric = optimize.approx_fprime(u, lambda v: objective(v)[0], 1e-7)
    np.testing.assert_allclose(objective(u)[1], numeric, rtol=1e-5, atol=1e-6)


# --------------------------------------------------------------------------------------------
# BG/NBD: the fit
# --------------------------------------------------------------------------------------------

# Relative tolerances. Over 30 seeds at 20,000 customers the fitted values' relative sampling
# spread (sd) was r 1.3%, alpha 1.9%, a 6.4%, b 8.3% (a and b are the weakly identified drop-out
# pair; their ratio is much sharper), so each tolerance is at least ~3 sd.
BG_TOLERANCE = {"r": 0.10, "alpha": 0.10, "a": 0.20, "b": 0.25}


Sample = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


@pytest.fixture(scope="module")
def bgnbd_sample() -> Sample:
    return simulate_bgnbd(np.random.default_rng(20240611), 20_000, BG_TRUE, horizon=52.0)


def test_fit_bgnbd_recovers_simulated_parameters(bgnbd_sample: Sample) -> None:
    x, tx, T, _future = bgnbd_sample
    fitted = fit_bgnbd(x, tx, T)
    for name, tolerance in BG_TOLERANCE.items():
        true_value = getattr(BG_TRUE, name)
        assert getattr(fitted, name) == pytest.approx(true_value, rel=tolerance), name
    mean_dropout = fitted.a / (fitted.a + fitted.b)
    assert mean_dropout == pytest.approx(BG_TRUE.a / (BG_TRUE.a + BG_TRUE.b), rel=0.10)
    # The maximum is a maximum: the true parameters fit the sample no better.
    assert (
        bgnbd_log_likelihood(fitted, x, tx, T).sum()
        >= bgnbd_log_likelihood(BG_TRUE, x, tx, T).sum()
    )


def test_the_starts_on_threads_give_the_points_of_one_after_another(
    bgnbd_sample: Sample, monkeypatch: pytest.MonkeyPatch
) -> None:
    """_minimise runs its start points on threads: every fit is the same to the last bit as
    with the starts run one after another."""
    x, tx, T, _future = bgnbd_sample
    amounts = np.random.default_rng(7).gamma(3.0, 20.0, size=x.size)
    fits = {
        "bg": lambda: fit_bgnbd(x, tx, T),
        "mbg": lambda: fit_mbgnbd(x, tx, T, penalizer=0.01),
        "gg": lambda: fit_gamma_gamma(x, amounts),
    }
    threaded = {name: fit() for name, fit in fits.items()}
    monkeypatch.setattr(clv, "side_by_side", lambda work, items: [work(i) for i in items])
    for name, fit in fits.items():
        assert fit() == threaded[name], name


def test_expected_purchases_match_simulated_holdout(bgnbd_sample: Sample) -> None:
    # Sum over 20,000 customers of E[purchases in the next 52 weeks] vs the simulated count
    # (sd of the ratio over seeds ≈ 1.3%).
    x, tx, T, future = bgnbd_sample
    predicted = bgnbd_expected_purchases(BG_TRUE, 52.0, x, tx, T).sum()
    assert predicted == pytest.approx(future.sum(), rel=0.05)


def test_fit_bgnbd_raises_plainly_when_nobody_repeats() -> None:
    with pytest.raises(ModelFitError, match="nobody bought on more than one day"):
        fit_bgnbd([0, 0, 0], [0.0, 0.0, 0.0], [10.0, 20.0, 30.0])
    with pytest.raises(ModelFitError, match="no customers"):
        fit_bgnbd([], [], [])


def test_a_parameter_left_on_its_bound_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    x, tx, T, _ = simulate_bgnbd(np.random.default_rng(1), 500, BG_TRUE)
    assert edge_parameters(fit_bgnbd(x, tx, T)) == {}
    monkeypatch.setattr(clv, "_LOG_BOUND", 0.5)  # a tiny box: the fit must end on its edge
    fitted = fit_bgnbd(x, tx, T)
    edge = edge_parameters(fitted)
    assert "r" in edge and edge["r"] == fitted.r == pytest.approx(math.exp(-0.5))


def test_model_fit_error_is_a_value_error() -> None:
    assert issubclass(ModelFitError, ValueError)
    err = ModelFitError(msg("clv.fit_no_repeat"))
    assert err.message.code == "clv.fit_no_repeat"
    assert str(err).startswith("nobody bought on more than one day")


def test_bad_inputs_are_rejected() -> None:
    with pytest.raises(ValueError, match="recency must lie between 0 and T"):
        bgnbd_log_likelihood(BG_TRUE, [1], [5.0], [4.0])
    with pytest.raises(ValueError, match="whole numbers"):
        bgnbd_p_alive(BG_TRUE, [1.5], [1.0], [4.0])
    with pytest.raises(ValueError, match="positive finite"):
        BgNbdParams(r=0.0, alpha=1.0, a=1.0, b=1.0)


# --------------------------------------------------------------------------------------------
# BG/NBD: properties
# --------------------------------------------------------------------------------------------

params_st = st.builds(
    BgNbdParams,
    r=st.floats(0.05, 5.0),
    alpha=st.floats(0.5, 50.0),
    a=st.floats(0.1, 5.0),
    b=st.floats(0.1, 10.0),
)


@PROPERTY
@given(params=params_st, T=st.floats(0.0, 200.0))
def test_p_alive_is_one_without_repeat_purchases(params: BgNbdParams, T: float) -> None:
    # BG/NBD: drop-out happens only right after a repeat purchase, so x = 0 ⇒ still active.
    assert bgnbd_p_alive(params, 0, 0.0, T)[()] == 1.0


@PROPERTY
@given(
    params=params_st,
    x=st.integers(1, 60),
    T=st.floats(1.0, 200.0),
    shares=st.tuples(st.floats(0.0, 1.0), st.floats(0.0, 1.0)),
)
def test_p_alive_falls_as_recency_falls(
    params: BgNbdParams, x: int, T: float, shares: tuple[float, float]
) -> None:
    early, late = sorted(shares)
    p_early, p_late = bgnbd_p_alive(params, [x, x], [early * T, late * T], [T, T])
    assert 0.0 <= p_early <= p_late + 1e-12 <= 1.0 + 1e-12


@PROPERTY
@given(
    params=params_st,
    x=st.integers(1, 60),
    T=st.floats(1.0, 200.0),
    t=st.floats(0.5, 150.0),
)
def test_expected_purchases_rise_with_frequency_for_a_recent_buyer(
    params: BgNbdParams, x: int, T: float, t: float
) -> None:
    # With the last purchase at T, more purchases mean a higher rate and less drop-out, for
    # x ≥ 1. Not from x = 0: a one-time buyer cannot have dropped out yet (P(alive) = 1), while
    # a repeat buyer may have, right after the repeat purchase. And with an old last purchase
    # the reverse can hold: a frequent buyer gone quiet is likely gone. (Near a = 1 the result
    # is good to ~1e-8, hence the tolerance.)
    low, high = bgnbd_expected_purchases(params, t, [x, x + 1], [T, T], [T, T])
    assert np.isfinite([low, high]).all()
    assert high >= low * (1 - 1e-7)


@PROPERTY
@given(
    params=params_st,
    x=st.integers(0, 200),
    T=st.floats(0.0, 200.0),
    share=st.floats(0.0, 1.0),
    t=st.floats(0.0, 500.0),
)
def test_expected_purchases_are_bounded_by_the_rate_of_an_active_customer(
    params: BgNbdParams, x: int, T: float, share: float, t: float
) -> None:
    # E[Y(t)] ≤ t · P(alive) · E[λ | alive] = t · P(alive) · (r + x) / (α + T).
    tx = share * T if x else 0.0
    expected = bgnbd_expected_purchases(params, t, x, tx, T)[()]
    alive = bgnbd_p_alive(params, x, tx, T)[()]
    assert 0.0 <= expected <= t * alive * (params.r + x) / (params.alpha + T) * (1 + 1e-9) + 1e-12


# --------------------------------------------------------------------------------------------
# Gamma-Gamma
# --------------------------------------------------------------------------------------------


def direct_gg_ll(params: GammaGammaParams, x: int, m: float) -> float:
    """Fader & Hardie's Gamma-Gamma note, eq. 3, one term at a time."""
    p, q, v = params.p, params.q, params.v
    return (
        math.lgamma(p * x + q)
        - math.lgamma(p * x)
        - math.lgamma(q)
        + q * math.log(v)
        + (p * x - 1) * math.log(m)
        + p * x * math.log(x)
        - (p * x + q) * math.log(v + x * m)
    )


GG_CUSTOMERS = [(1, 35.0), (2, 12.5), (6, 41.2), (15, 8.0)]


def test_gamma_gamma_log_likelihood_matches_formula_and_integration() -> None:
    params = GammaGammaParams(p=2.5, q=3.2, v=20.0)
    x = np.array([c[0] for c in GG_CUSTOMERS] + [0, 3], dtype=float)
    m = np.array([c[1] for c in GG_CUSTOMERS] + [0.0, -5.0])
    got = gamma_gamma_log_likelihood(params, x, m)
    want = [direct_gg_ll(params, xi, mi) for xi, mi in GG_CUSTOMERS]
    np.testing.assert_allclose(got[:4], want, rtol=0, atol=1e-9)
    assert np.isnan(got[4:]).all()  # outside the model: frequency 0, spend ≤ 0
    for xi, mi in GG_CUSTOMERS:  # density of the mean of x Gamma(p, ν) spends, ν ~ Gamma(q, v)

        def integrand(nu: float, xi: int = xi, mi: float = mi) -> float:
            shape = params.p * xi
            log_mean = shape * math.log(nu * xi) + (shape - 1) * math.log(mi) - nu * xi * mi
            log_nu = params.q * math.log(params.v) + (params.q - 1) * math.log(nu) - params.v * nu
            return math.exp(log_mean - math.lgamma(shape) + log_nu - math.lgamma(params.q))

        density, _ = integrate.quad(integrand, 0, np.inf, epsabs=0, epsrel=1e-11, limit=200)
        assert direct_gg_ll(params, xi, mi) == pytest.approx(math.log(density), abs=1e-8)


def test_gamma_gamma_gradient_is_the_derivative_of_the_objective() -> None:
    x = np.array([c[0] for c in GG_CUSTOMERS], dtype=float)
    m = np.array([c[1] for c in GG_CUSTOMERS])
    objective = clv._gg_objective(x, m)
    u = np.log([2.5, 3.2, 20.0])
    numeric = optimize.approx_fprime(u, lambda v: objective(v)[0], 1e-7)
    np.testing.assert_allclose(objective(u)[1], numeric, rtol=1e-5, atol=1e-6)


# Over 10 seeds at 20,000 customers the relative sd was p 4.7%, q 1.3%, v 5.6% (p and v trade
# off: with p = 6 a customer's spends vary little), population mean 0.5%.
GG_TOLERANCE = {"p": 0.20, "q": 0.10, "v": 0.20}


def test_fit_gamma_gamma_recovers_simulated_parameters() -> None:
    x, m = simulate_gamma_gamma(np.random.default_rng(7), 20_000, GG_TRUE)
    fitted = fit_gamma_gamma(x, m)
    for name, tolerance in GG_TOLERANCE.items():
        assert getattr(fitted, name) == pytest.approx(getattr(GG_TRUE, name), rel=tolerance), name
    assert fitted.population_mean == pytest.approx(GG_TRUE.population_mean, rel=0.03)


def test_fit_gamma_gamma_ignores_customers_outside_the_model() -> None:
    x, m = simulate_gamma_gamma(np.random.default_rng(8), 3_000, GG_TRUE)
    clean = fit_gamma_gamma(x, m)
    noisy = fit_gamma_gamma(np.r_[x, 0, 0, 4], np.r_[m, 0.0, 50.0, -20.0])
    assert noisy == clean
    with pytest.raises(ModelFitError, match="no customer has a positive average spend"):
        fit_gamma_gamma([0, 2, 3], [10.0, 0.0, -4.0])


def test_gamma_gamma_expected_spend() -> None:
    params = GammaGammaParams(p=6.0, q=4.0, v=15.0)
    x = np.array([0, 1, 5, 50])
    m = np.array([0.0, 10.0, 40.0, 40.0])
    got = gamma_gamma_expected_spend(params, x, m)
    assert got[0] == pytest.approx(6 * 15 / 3)  # population mean p·v/(q−1) = 30
    assert got[1] == pytest.approx(6 * (15 + 10) / (6 + 3))  # p(v + x·m̄)/(px + q − 1)
    # A weighted average of population mean and own mean, the weight on m̄ growing with x.
    assert 30 < got[2] < got[3] < 40
    heavy = GammaGammaParams(p=6.0, q=0.8, v=15.0)  # q ≤ 1: no finite population mean
    assert np.isnan(gamma_gamma_expected_spend(heavy, [0], [0.0])).all()
    assert np.isfinite(gamma_gamma_expected_spend(heavy, [2], [10.0])).all()


# --------------------------------------------------------------------------------------------
# repeat_summary
# --------------------------------------------------------------------------------------------


def test_repeat_summary_on_a_literal_frame() -> None:
    orders = pd.DataFrame(
        {
            "customer_id": ["A", "A", "A", "A", "A", "A", "B", "C", "C", "C", "D", "E", "E", "E"],
            "order_date": pd.to_datetime(
                format="ISO8601",
                arg=[
                    "2024-01-01",
                    "2024-01-01 16:30",  # same day: one purchase day worth 150
                    "2024-01-15 13:45",
                    "2024-01-29",
                    "2024-01-29",  # same-day return nets out: 300 − 20 = 280
                    "2024-02-12",  # return-only day: booked on 2024-01-29 → 250
                    "2024-02-01",
                    "2024-01-10",
                    "2024-02-20",
                    "2024-03-05",  # after the as-of date: ignored
                    "2024-01-20",  # D has only a return: left out
                    "2024-01-05",  # E: return before any purchase: dropped
                    "2024-01-06",
                    "2024-01-20",
                ],
            ),
            "amount": [
                100.0,
                50.0,
                200.0,
                300.0,
                -20.0,
                -30.0,
                80.0,
                40.0,
                60.0,
                500.0,
                -10.0,
                -25.0,
                10.0,
                30.0,
            ],
        }
    )
    got = repeat_summary(orders, dt.date(2024, 3, 1))
    expected = pd.DataFrame(
        {
            "frequency": np.array([2, 0, 1, 1], dtype="int64"),
            "recency": [28 / 7, 0.0, 41 / 7, 14 / 7],
            "T": [60 / 7, 29 / 7, 51 / 7, 55 / 7],
            "monetary_value": [(200 + 250) / 2, 0.0, 60.0, 30.0],
        },
        index=pd.Index(["A", "B", "C", "E"], name="customer_id"),
    )
    pd.testing.assert_frame_equal(got, expected)
    in_days = repeat_summary(orders, dt.date(2024, 3, 1), time_unit_days=1.0)
    assert in_days.loc["A", "recency"] == 28.0
    assert in_days.loc["A", "T"] == 60.0


def test_repeat_summary_of_nothing_is_an_empty_frame() -> None:
    orders = pd.DataFrame(
        {
            "customer_id": pd.Series([], dtype="str"),
            "order_date": pd.Series([], dtype="datetime64[ns]"),
            "amount": pd.Series([], dtype="float64"),
        }
    )
    got = repeat_summary(orders, dt.date(2024, 3, 1))
    assert list(got.columns) == clv.SUMMARY_COLUMNS
    assert got.empty


# --------------------------------------------------------------------------------------------
# predict_value
# --------------------------------------------------------------------------------------------

AS_OF = dt.date(2024, 1, 1)


def make_orders(
    rng: np.random.Generator, n: int, spend: bool = True, mbg: BgNbdParams | None = None
) -> pd.DataFrame:
    """Order lines of *n* customers simulated from the BG/NBD (r = 0.6, alpha = 4, a = 0.8,
    b = 2.5, weeks) and Gamma-Gamma (p = 3, q = 4, v = 4000) models, ending at AS_OF.

    Given x repeat purchases and the last at t_x, the other x − 1 purchase times of a Poisson
    process are uniform on (0, t_x).
    """
    if mbg is None:
        x, tx, age, _ = simulate_bgnbd(rng, n, BgNbdParams(r=0.6, alpha=4.0, a=0.8, b=2.5))
    else:  # from the MBG/NBD with these parameters instead
        x, tx, age, _ = simulate_mbgnbd(rng, n, mbg)
    count = x.astype(int)
    owner = np.repeat(np.arange(n), count)
    last = np.zeros(owner.size, dtype=bool)
    last[np.cumsum(count)[count > 0] - 1] = True  # the final repeat purchase sits at t_x
    when = np.where(last, tx[owner], rng.random(owner.size) * tx[owner])
    weeks = np.r_[np.zeros(n), when]  # since the first purchase
    who = np.r_[np.arange(n), owner]
    days_before = np.round((age[who] - weeks) * 7).astype(int)
    nu = rng.gamma(4.0, 1 / 4000.0, n)  # Gamma-Gamma spend: p = 3, q = 4, v = 4000
    amount = rng.gamma(3.0, 1 / nu[who]) if spend else np.zeros(who.size)
    return pd.DataFrame(
        {
            "customer_id": [f"C{i:04d}" for i in who],
            "order_date": pd.Timestamp(AS_OF) - pd.to_timedelta(days_before, unit="D"),
            "amount": amount,
        }
    )


def one_order_each(n: int, repeaters: int = 0) -> pd.DataFrame:
    """n customers with one order; the first *repeaters* also order again 30 days later."""
    ids = [f"K{i:03d}" for i in range(n)] + [f"K{i:03d}" for i in range(repeaters)]
    days = [100] * n + [70] * repeaters
    return pd.DataFrame(
        {
            "customer_id": ids,
            "order_date": pd.Timestamp(AS_OF) - pd.to_timedelta(days, unit="D"),
            "amount": 250.0,
        }
    )


def test_predict_value_on_healthy_data() -> None:
    orders = make_orders(np.random.default_rng(3), 1000)
    values, warnings, fit = predict_value(orders, AS_OF, horizon_days=365)
    assert warnings == []
    assert all(isinstance(w, Message) for w in warnings)
    summary = repeat_summary(orders, AS_OF)
    assert list(values.columns) == ["p_alive", "expected_orders", "predicted_revenue"]
    assert values.index.equals(summary.index)
    assert values.notna().all().all()
    assert values["p_alive"].between(0, 1).all()
    assert (values.loc[summary["frequency"] == 0, "p_alive"] == 1.0).all()
    assert fit.bgnbd is not None and fit.gamma_gamma is not None
    per_order = gamma_gamma_expected_spend(
        fit.gamma_gamma, summary["frequency"], summary["monetary_value"]
    )
    np.testing.assert_allclose(
        values["predicted_revenue"], values["expected_orders"] * per_order, rtol=1e-12
    )
    expected = bgnbd_expected_purchases(
        fit.bgnbd, 365 / 7, summary["frequency"], summary["recency"], summary["T"]
    )
    np.testing.assert_allclose(values["expected_orders"], expected)
    assert fit.customers == 1000
    assert fit.repeat_customers == int((summary["frequency"] > 0).sum())
    assert fit.spend_customers == fit.repeat_customers
    row = fit.as_dict()
    assert row["bgnbd_r"] == fit.bgnbd.r
    assert row["gamma_gamma_q"] == fit.gamma_gamma.q
    assert row["horizon_days"] == 365


def test_predict_value_keeps_a_fit_on_the_edge_and_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # b on the upper edge: the no-drop-out limit (drop-out probability a/(a+b) ≈ 0).
    limit = BgNbdParams(r=0.6, alpha=4.0, a=0.8, b=math.exp(clv._LOG_BOUND))
    monkeypatch.setattr(clv, "fit_bgnbd", lambda *_args, **_kwargs: limit)
    values, warnings, fit = predict_value(make_orders(np.random.default_rng(3), 300), AS_OF)
    assert fit.bgnbd == limit
    assert [w.code for w in warnings] == ["clv.purchase_edge"]
    assert [str(w) for w in warnings] == [
        "purchase model: the data do not pin down parameter b (ran to 1.62e+06), so P(alive) "
        "and expected orders follow the model's limiting case (e.g. no visible drop-out) and "
        "are rough; a longer order history or a small penalizer gives a firmer fit"
    ]
    assert values.notna().all().all()
    assert values["p_alive"].median() > 0.999  # drop-out is all but ruled out


def _all_nan(values: pd.DataFrame, columns: list[str]) -> bool:
    return bool(values[columns].isna().all().all())


def test_predict_value_with_only_one_order_customers() -> None:
    values, warnings, fit = predict_value(one_order_each(40), AS_OF)
    assert len(values) == 40
    assert _all_nan(values, clv.VALUE_COLUMNS)
    assert [str(w) for w in warnings] == [
        "predicted value skipped: no customer bought on more than one day (need 20); "
        "the other scores do not use it"
    ]
    assert fit == ValueFit(40, 0, 0, 0, 7.0, 365)


def test_predict_value_with_five_repeat_customers() -> None:
    values, warnings, fit = predict_value(one_order_each(40, repeaters=5), AS_OF)
    assert _all_nan(values, clv.VALUE_COLUMNS)
    assert [str(w) for w in warnings] == [
        "predicted value skipped: only 5 customers bought on more than one day (need 20); "
        "the other scores do not use it"
    ]
    assert fit.bgnbd is None and fit.repeat_customers == 5
    _, one, _ = predict_value(one_order_each(40, repeaters=1), AS_OF)
    assert str(one[0]).startswith("predicted value skipped: only 1 customer bought on more")


def test_predict_value_with_zero_spend() -> None:
    orders = make_orders(np.random.default_rng(4), 300, spend=False)
    values, warnings, fit = predict_value(orders, AS_OF)
    n = fit.repeat_customers
    assert n >= 20
    assert values[["p_alive", "expected_orders"]].notna().all().all()
    assert _all_nan(values, ["predicted_revenue"])
    assert [str(w) for w in warnings] == [
        f"{n} customers with zero or negative net spend on repeat orders left out of the "
        "spend-model fit; the model takes their own average spend per order as 0, so their "
        "predicted spend is the other customers' level, pulled down",
        "predicted revenue skipped: no repeat customer has a positive net spend on repeat "
        "orders (need 20); P(alive) and expected orders are still given",
    ]
    assert fit.bgnbd is not None and fit.gamma_gamma is None


def test_predict_value_with_negative_spend_on_some_customers() -> None:
    rng = np.random.default_rng(5)
    orders = make_orders(rng, 400)
    summary = repeat_summary(orders, AS_OF)
    repeaters = summary.index[summary["frequency"] > 0][:7]
    # A same-day return larger than the sale on each of their repeat days.
    first_day = orders.groupby("customer_id")["order_date"].transform("min")
    hit = orders["customer_id"].isin(repeaters) & (orders["order_date"] > first_day)
    refunds = orders.loc[hit].assign(amount=-1e6)
    orders = pd.concat([orders, refunds], ignore_index=True)
    values, warnings, fit = predict_value(orders, AS_OF)
    assert fit.non_positive_spend_customers == 7
    assert [str(w) for w in warnings] == [
        "7 customers with zero or negative net spend on repeat orders left out of the "
        "spend-model fit; the model takes their own average spend per order as 0, so their "
        "predicted spend is the other customers' level, pulled down"
    ]
    assert values.notna().all().all()
    assert fit.gamma_gamma is not None
    gg = fit.gamma_gamma
    refunded = repeat_summary(orders, AS_OF).loc[repeaters]
    per_order = gg.p * gg.v / (gg.p * refunded["frequency"] + gg.q - 1)
    np.testing.assert_allclose(
        values.loc[repeaters, "predicted_revenue"],
        values.loc[repeaters, "expected_orders"] * per_order,
        rtol=1e-12,
    )


def test_predict_value_with_all_spend_negative() -> None:
    orders = make_orders(np.random.default_rng(6), 300)
    orders["amount"] = -orders["amount"]
    values, warnings, fit = predict_value(orders, AS_OF)
    # Only-negative lines are returns, never purchases: nobody is left to score.
    assert values.empty and fit.customers == 0
    assert str(warnings[0]).startswith("predicted value skipped: no customer bought")


def test_predict_value_when_the_purchase_fit_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*_args: object, **_kwargs: object) -> BgNbdParams:
        raise ModelFitError(
            msg("clv.fit_no_convergence", model=clv._PURCHASE_MODEL, optimizer="ABNORMAL")
        )

    monkeypatch.setattr(clv, "fit_bgnbd", fail)
    values, warnings, fit = predict_value(make_orders(np.random.default_rng(3), 200), AS_OF)
    assert _all_nan(values, clv.VALUE_COLUMNS)
    assert [str(w) for w in warnings] == [
        "predicted value skipped: the purchase-frequency (BG/NBD) fit did not converge from "
        "any start point (optimizer: ABNORMAL); the data may be too few or too irregular; the "
        "other scores do not use it; a longer order history (or a small penalizer) may help"
    ]
    assert warnings[0].code == "clv.skipped_fit_failed"
    assert warnings[0].params["reason"].code == "clv.fit_no_convergence"
    assert fit.bgnbd is None


def test_predict_value_when_q_is_at_most_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clv, "fit_gamma_gamma", lambda *_: GammaGammaParams(2.0, 0.8, 10.0))
    values, warnings, fit = predict_value(make_orders(np.random.default_rng(3), 200), AS_OF)
    assert values[["p_alive", "expected_orders"]].notna().all().all()
    assert _all_nan(values, ["predicted_revenue"])
    assert [str(w) for w in warnings] == [
        "predicted revenue skipped: the spend model found q = 0.8 ≤ 1, so average spend per "
        "order has no finite value (a few huge orders dominate); check the amounts for "
        "outliers; P(alive) and expected orders are still given"
    ]
    assert fit.gamma_gamma == GammaGammaParams(2.0, 0.8, 10.0)


# --------------------------------------------------------------------------------------------
# The step of the run: classify and explain
# --------------------------------------------------------------------------------------------


def context(orders: pd.DataFrame, extra: list[str] | None = None) -> Context:
    """The customer table (ids only: clv reads the order lines) with *extra* prospects."""
    ids = sorted(orders["customer_id"].unique()) + (extra or [])
    customers = pd.DataFrame(index=pd.Index(ids, name="customer_id", dtype="string"))
    return Context(customers, orders, AS_OF)


def test_classify_joins_the_prediction_to_the_customer_table() -> None:
    orders = make_orders(np.random.default_rng(3), 1000)
    ctx = context(orders, extra=["P1"])
    out = clv.classify(ctx, CLVConfig(model="bgnbd"))
    values, _, fit = predict_value(orders, AS_OF, 365, 20, 7.0, penalizer=0.001)
    assert list(out.columns.columns) == [c.name for c in clv.COLUMNS] == clv.VALUE_COLUMNS
    assert out.columns.index.equals(ctx.customers.index)
    pd.testing.assert_frame_equal(
        out.columns.drop(index="P1"), values.reindex(ctx.customers.index).drop(index="P1")
    )
    assert out.columns.loc["P1"].isna().all()  # a prospect: no purchase, no prediction
    assert out.details == {"horizon_days": 365, **fit.as_dict()}
    assert "clv" not in out.details  # the pipeline namespaces it
    assert list(out.warnings) == []


def test_classify_passes_the_settings_and_warns_with_messages() -> None:
    out = clv.classify(context(one_order_each(40, repeaters=5)), CLVConfig(horizon_days=90))
    assert out.details["horizon_days"] == 90
    assert out.columns.isna().all().all()
    assert [w.code for w in out.warnings] == ["clv.skipped_few_repeat"]
    assert str(out.warnings[0]).startswith("predicted value skipped: only 5 customers")
    assert out.warnings[0].render("zh").startswith("未做价值预测：只有 5 位客户在不止一天下过单")


def test_explain_states_the_model_horizon_and_values() -> None:
    orders = make_orders(np.random.default_rng(3), 1000)
    ctx = context(orders, extra=["P1"])
    out = clv.classify(ctx, CLVConfig(model="bgnbd"))
    table = ctx.customers.join(out.columns)
    cid = str(table["predicted_revenue"].idxmax())
    e = clv.explain(table, cid, CLVConfig(model="bgnbd"), out.details)
    row = table.loc[cid]
    assert e.values == {c: float(row[c]) for c in clv.VALUE_COLUMNS}
    assert [r.code for r in e.rules] == ["clv.rule"]
    assert str(e.rules[0]) == (
        f"BG/NBD + Gamma-Gamma fitted on 1,000 customers; next 365 days: "
        f"{row['expected_orders']:.2f} orders expected, P(alive) {row['p_alive']:.2f} → "
        f"predicted revenue {row['predicted_revenue']:,.2f}"
    )
    assert e.data["bgnbd_r"] == out.details["bgnbd_r"]
    prospect = clv.explain(table, "P1", CLVConfig(), out.details)
    assert prospect.values == {c: None for c in clv.VALUE_COLUMNS}
    assert str(prospect.rules[0]) == "no purchase up to the as-of date: no prediction"


def test_explain_says_why_the_prediction_was_skipped() -> None:
    ctx = context(one_order_each(40, repeaters=5))
    out = clv.classify(ctx, CLVConfig())
    table = ctx.customers.join(out.columns)
    e = clv.explain(table, "K000", CLVConfig(), out.details)
    assert e.rules == list(out.warnings)  # the same sentence as the warning
    assert e.values == {c: None for c in clv.VALUE_COLUMNS}


def test_every_clv_message_has_both_languages() -> None:
    from tiercli.catalogue import placeholders

    for code, (zh, en) in clv.MESSAGES.items():
        assert code.startswith("clv.") and zh and en
        assert placeholders(zh) == placeholders(en), code


# --------------------------------------------------------------------------------------------
# MBG/NBD (issue 12)
# --------------------------------------------------------------------------------------------

MBG_TRUE = MbgNbdParams(r=0.5, alpha=5.0, a=1.5, b=4.0)


def direct_mbgnbd_ll(params: BgNbdParams, x: int, tx: float, T: float) -> float:
    """Batislam, Denizel & Filiztekin 2007, eq. 4, one term at a time (math module only)."""
    r, alpha, a, b = params.r, params.alpha, params.a, params.b

    def beta(p: float, q: float) -> float:
        return math.exp(math.lgamma(p) + math.lgamma(q) - math.lgamma(p + q))

    gamma_part = math.gamma(r + x) * alpha**r / math.gamma(r)
    alive = (alpha + T) ** -(r + x)
    gone = a / (b + x) * (alpha + tx) ** -(r + x)
    return math.log(beta(a, b + x + 1) / beta(a, b) * gamma_part * (alive + gone))


@pytest.mark.parametrize("params", [MBG_TRUE, MbgNbdParams(r=1.7, alpha=12.0, a=2.3, b=0.6)])
def test_mbgnbd_log_likelihood_matches_the_formula_by_hand(params: BgNbdParams) -> None:
    x, tx, T = (np.array(c, dtype=float) for c in zip(*CUSTOMERS, strict=True))
    got = mbgnbd_log_likelihood(params, x, tx, T)
    want = [direct_mbgnbd_ll(params, int(c[0]), c[1], c[2]) for c in CUSTOMERS]
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-9)
    # One customer, one purchase, T = 10, r = alpha = a = b = 1, by hand:
    # B(1, 2)/B(1, 1) = 1/2; Γ(1)·1/Γ(1) = 1; (1+10)^-1 + 1/1 · (1+0)^-1 = 1/11 + 1.
    unit = MbgNbdParams(r=1.0, alpha=1.0, a=1.0, b=1.0)
    hand = math.log(0.5 * (1 / 11 + 1))
    assert mbgnbd_log_likelihood(unit, [0], [0.0], [10.0])[0] == pytest.approx(hand, abs=1e-12)
    # P(alive) = 1 / (1 + a/(b+x) · ((α+T)/(α+t_x))^(r+x)) = 1 / (1 + 11) for that customer.
    assert mbgnbd_p_alive(unit, [0], [0.0], [10.0])[0] == pytest.approx(1 / 12, abs=1e-12)


def test_mbgnbd_expected_purchases_match_the_untransformed_formula() -> None:
    x = np.array([0.0, 1, 3, 10, 40])
    tx = np.array([0.0, 5, 20, 30, 49])
    T = np.array([40.0, 30, 35, 50, 50])
    r, alpha, a, b = MBG_TRUE.r, MBG_TRUE.alpha, MBG_TRUE.a, MBG_TRUE.b
    t = 26.0
    hyp = special.hyp2f1(r + x, b + x + 1, a + b + x, t / (alpha + T + t))
    numerator = (a + b + x) / (a - 1) * (1 - hyp * ((alpha + T) / (alpha + t + T)) ** (r + x))
    denominator = 1 + a / (b + x) * ((alpha + T) / (alpha + tx)) ** (r + x)
    got = clv.mbgnbd_expected_purchases(MBG_TRUE, t, x, tx, T)
    np.testing.assert_allclose(got, numerator / denominator, rtol=1e-8)


def test_the_mbgnbd_gradient_is_the_gradient() -> None:
    x, tx, T, _ = simulate_mbgnbd(np.random.default_rng(5), 300, MBG_TRUE)
    objective = clv._mbgnbd_objective(x, tx, T, 0.001)
    u = np.log([0.7, 3.0, 1.2, 2.0])
    numeric = optimize.approx_fprime(u, lambda v: objective(v)[0], 1e-7)
    np.testing.assert_allclose(objective(u)[1], numeric, rtol=1e-4, atol=1e-6)


@pytest.fixture(scope="module")
def mbgnbd_sample() -> Sample:
    return simulate_mbgnbd(np.random.default_rng(20261130), 20_000, MBG_TRUE, horizon=52.0)


def test_fit_mbgnbd_recovers_simulated_parameters(mbgnbd_sample: Sample) -> None:
    x, tx, T, future = mbgnbd_sample
    fitted = fit_mbgnbd(x, tx, T)
    assert isinstance(fitted, MbgNbdParams)
    for name, tolerance in BG_TOLERANCE.items():
        assert getattr(fitted, name) == pytest.approx(getattr(MBG_TRUE, name), rel=tolerance), name
    assert (
        mbgnbd_log_likelihood(fitted, x, tx, T).sum()
        >= mbgnbd_log_likelihood(MBG_TRUE, x, tx, T).sum()
    )
    # And the closed form predicts the simulated next 52 weeks.
    predicted = clv.mbgnbd_expected_purchases(MBG_TRUE, 52.0, x, tx, T).sum()
    assert predicted == pytest.approx(future.sum(), rel=0.05)
    # On these data the MBG/NBD fits better than the BG/NBD (same number of parameters).
    bg = fit_bgnbd(x, tx, T)
    assert mbgnbd_log_likelihood(fitted, x, tx, T).sum() > bgnbd_log_likelihood(bg, x, tx, T).sum()


def test_one_time_buyers_no_longer_all_get_p_alive_one() -> None:
    orders = make_orders(np.random.default_rng(8), 1500, mbg=MBG_TRUE)
    summary = repeat_summary(orders, AS_OF)
    once = summary["frequency"].to_numpy() == 0
    bg_values, _, _ = predict_value(orders, AS_OF, purchase_model="bgnbd")
    mbg_values, warnings, fit = predict_value(orders, AS_OF, purchase_model="mbgnbd")
    assert once.sum() > 100 and warnings == []
    assert (bg_values["p_alive"].to_numpy()[once] == 1.0).all()  # the BG/NBD property
    alive = mbg_values["p_alive"].to_numpy()[once]
    assert (alive < 1.0).all() and alive.std() > 0
    # ... and the longer ago their one purchase, the less likely they are still there.
    age = summary["T"].to_numpy()[once]
    assert pd.Series(alive).corr(pd.Series(age), method="spearman") == pytest.approx(-1.0)
    assert fit.purchase_model == "mbgnbd" and isinstance(fit.bgnbd, MbgNbdParams)
    row = fit.as_dict()
    assert row["purchase_model"] == "mbgnbd" and row["mbgnbd_r"] == fit.bgnbd.r
    assert "bgnbd_r" not in row


def test_auto_picks_the_model_that_predicts_the_held_out_history() -> None:
    churn = MbgNbdParams(r=0.8, alpha=5.0, a=2.0, b=2.0)  # half drop out after one purchase
    mbg_orders = make_orders(np.random.default_rng(8), 2000, mbg=churn)
    choice = clv.choose_purchase_model(mbg_orders, AS_OF, 365, penalizer=0.001)
    assert choice.basis == "holdout" and choice.model == "mbgnbd"
    figures = choice.as_dict()
    span = int(repeat_summary(mbg_orders, AS_OF)["T"].max() * 7)
    assert figures["holdout_days"] == min(365, span // 3)
    assert (
        figures["calibration_end"]
        == (AS_OF - dt.timedelta(days=figures["holdout_days"])).isoformat()
    )
    assert figures["mbgnbd_p_alive_auc"] > figures["bgnbd_p_alive_auc"]
    # The choice follows the figures: the higher P(alive) AUC, then the lower deviance. (On
    # BG/NBD data too the MBG/NBD P(alive) can rank who comes back better: BG/NBD ties every
    # one-time buyer at P(alive) = 1, whatever their purchase rate.)
    bg_orders = make_orders(np.random.default_rng(8), 2000)
    other = clv.choose_purchase_model(bg_orders, AS_OF, 365, penalizer=0.001).as_dict()
    best = max(("bgnbd", "mbgnbd"), key=lambda m: other[f"{m}_p_alive_auc"])
    assert other["chosen"] == best and 0.5 < other[f"{best}_p_alive_auc"] <= 1.0
    assert clv._best({"bgnbd": 0.7, "mbgnbd": 0.7}, {"bgnbd": 2.0, "mbgnbd": 1.0}) == "mbgnbd"
    assert clv._best({"bgnbd": None, "mbgnbd": None}, {}) == "bgnbd"
    # AUC by hand: scores 0.9, 0.5, 0.5, 0.1 for bought, bought, not, not → (1 + 1 + 0.5 + 1) / 4
    auc = clv._auc(np.array([0.9, 0.5, 0.5, 0.1]), np.array([True, True, False, False]))
    assert auc == pytest.approx(3.5 / 4)
    out = clv.classify(context(mbg_orders), CLVConfig())
    assert out.details["purchase_model"] == "mbgnbd"
    assert out.details["model_choice"] == figures
    assert out.details["mbgnbd_a"] is not None
    table = context(mbg_orders).customers.join(out.columns)
    cid = str(table["predicted_revenue"].idxmax())
    e = clv.explain(table, cid, CLVConfig(), out.details)
    assert str(e.rules[0]).startswith("MBG/NBD + Gamma-Gamma fitted on 2,000 customers")
    assert e.data["model_choice"] == figures
    # Too short a history to hold out: compared in sample; nobody repeats: BG/NBD, no basis.
    short = clv.choose_purchase_model(mbg_orders, AS_OF, 3)
    assert short.basis == "in_sample" and set(short.score) == {"bgnbd", "mbgnbd"}
    none = clv.choose_purchase_model(one_order_each(30), AS_OF, 365)
    assert (none.model, none.basis) == ("bgnbd", "none")
