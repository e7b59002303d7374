"""Predicted customer value: BG/NBD for how often, Gamma-Gamma for how much.

Two published probability models, fitted by maximum likelihood with numpy/scipy only:

- **BG/NBD** (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way: An Alternative
  to the Pareto/NBD Model", *Marketing Science* 24(2)). While a customer is active they buy as a
  Poisson process with rate λ; λ varies across customers as Gamma(shape ``r``, rate ``alpha``).
  After each *repeat* purchase the customer drops out for good with probability p; p varies
  across customers as Beta(``a``, ``b``). λ and p are independent. From each customer's
  frequency ``x`` (repeat purchases), recency ``t_x`` (time of the last purchase) and age ``T``
  (time since the first purchase) the model gives P(alive) and the expected number of purchases
  in the next ``t`` time units.
- **Gamma-Gamma** (Fader, Hardie & Lee 2005, "RFM and CLV: Using Iso-Value Curves for Customer
  Base Analysis", *Journal of Marketing Research* 42(4); Fader & Hardie, "The Gamma-Gamma Model
  of Monetary Value", 2013 note). Each purchase value is Gamma(shape ``p``, rate ν) with a
  customer-specific ν ~ Gamma(shape ``q``, rate ``v``). The customer's average spend on ``x``
  repeat purchases then gives a shrunk estimate of their spend per future purchase, between their
  own average and the population mean ``p·v/(q−1)`` (finite only when ``q > 1``).

Assumptions (check them before trusting the numbers):

- *Non-contractual*: nobody tells us a customer has left; leaving is inferred from silence.
- *Buy, then maybe drop out*: drop-out can happen only right after a purchase, and never comes
  back. A B2B buyer who orders once a year, or pauses for a season, looks "dead" to the model.
- *Spend is independent of frequency*: how much a customer spends per order does not depend on
  how often they order. Check the correlation of ``frequency`` and ``monetary_value`` among
  repeat buyers; a strong one breaks the Gamma-Gamma model.
- *Enough repeat buyers*: an exporter with a handful of customers who bought more than once
  cannot pin down four BG/NBD parameters. :func:`predict_value` then skips the prediction and
  says so instead of reporting noise.

Units: a "purchase" is a purchase *day* (all of a customer's orders on one calendar day are one
purchase, see :func:`repeat_summary`). ``recency``, ``T``, ``alpha`` and the prediction horizon
``t`` are in *time units* of ``time_unit_days`` days (default 7: weeks), so ``alpha`` changes
with the unit and ``r``, ``a``, ``b`` do not. Money is in the orders' base currency; ``v`` is
in money, ``p`` and ``q`` have no unit.

- **MBG/NBD** (Batislam, Denizel & Filiztekin 2007; Hoppe & Wagner 2007): as BG/NBD, but the
  customer may drop out right after *every* purchase, the first included, so a one-time buyer
  is not certainly alive. ``clv.model`` picks the purchase model: ``bgnbd``, ``mbgnbd`` or
  ``auto`` (:func:`choose_purchase_model`: the one that predicts a held-out end of the run's
  own history better).

Public API: :func:`repeat_summary`; :class:`BgNbdParams`, :func:`bgnbd_log_likelihood`,
:func:`fit_bgnbd`, :func:`bgnbd_p_alive`, :func:`bgnbd_expected_purchases`;
:class:`MbgNbdParams`, :func:`mbgnbd_log_likelihood`, :func:`fit_mbgnbd`, :func:`mbgnbd_p_alive`,
:func:`mbgnbd_expected_purchases`; :func:`choose_purchase_model` → :class:`ModelChoice`;
:class:`GammaGammaParams`, :func:`gamma_gamma_log_likelihood`, :func:`fit_gamma_gamma`,
:func:`gamma_gamma_expected_spend`; :func:`edge_parameters`; :func:`predict_value` returning a
:class:`ValuePrediction` (``values, warnings, fit``) with the fit described by
:class:`ValueFit`; :class:`ModelFitError`. As a step of the run: :func:`classify` (on the
order lines of the :class:`~tiercli.classifiers.base.Context`), :func:`explain` and the
registry record :data:`CLASSIFIER`; warnings are catalogue messages (``clv.*``).

scipy is imported by the functions that use it, not with the module: importing
``scipy.optimize`` takes ~0.2 s, which a run spends on a thread while it normalizes the orders
(:data:`CLASSIFIER`'s ``imports``), and loading the library stays light.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
import pandas as pd

from tiercli.catalogue import Both, Message, define, msg
from tiercli.classifiers.base import LINES, Classified, Classifier, Context, Explanation
from tiercli.classifiers.learned import LearnedValue, learn_value
from tiercli.codes import combined, grouped, positions, taken, value_codes
from tiercli.config.models import CLVConfig
from tiercli.schema import Column
from tiercli.threads import side_by_side

FloatArray = npt.NDArray[np.float64]

NAME = "clv"
COLUMNS: tuple[Column, ...] = (
    Column("p_alive", "percent", "存活概率", "P(alive)", NAME,
           "Probability that the customer still buys (has not silently left), from the purchase "
           "model clv.model picks (BG/NBD or MBG/NBD)"),
    Column("expected_orders", "decimal", "预期订单数", "Expected orders", NAME,
           "Expected purchase days in the next clv.horizon_days (BG/NBD or MBG/NBD)"),
    Column("predicted_revenue", "money", "预测销售额", "Predicted revenue", NAME,
           "Expected orders × Gamma-Gamma expected spend per purchase day (clv.model learned: "
           "the learned model's revenue for the next clv.horizon_days)"),
)  # fmt: skip

_STILL_GIVEN = ("存活概率和预期订单数照常给出", "P(alive) and expected orders are still given")
MESSAGES: dict[str, tuple[str, str]] = {
    "clv.customer_one": ("{n} 位客户", "{n} customer"),
    "clv.customer_many": ("{n} 位客户", "{n} customers"),
    # warnings
    "clv.skipped_no_repeat": (
        "未做价值预测：没有客户在不止一天下过单（至少需要 {need} 位）；其他评分不受影响",
        "predicted value skipped: no customer bought on more than one day (need {need}); "
        "the other scores do not use it",
    ),
    "clv.skipped_few_repeat": (
        "未做价值预测：只有 {customers}在不止一天下过单（至少需要 {need} 位）；其他评分不受影响",
        "predicted value skipped: only {customers} bought on more than one day (need {need}); "
        "the other scores do not use it",
    ),
    "clv.skipped_fit_failed": (
        "未做价值预测：{reason}；其他评分不受影响；更长的订单历史（或设置较小的 "
        "clv -> penalizer）可能有帮助",
        "predicted value skipped: {reason}; the other scores do not use it; a longer order "
        "history (or a small penalizer) may help",
    ),
    "clv.purchase_edge": (
        "购买模型：数据无法确定{params}，存活概率和预期订单数按模型的极限情形（如看不到流失）"
        "计算，仅供粗略参考；更长的订单历史或较小的 clv -> penalizer 可使拟合更稳定",
        "purchase model: the data do not pin down {params}, so P(alive) and expected orders "
        "follow the model's limiting case (e.g. no visible drop-out) and are rough; a longer "
        "order history or a small penalizer gives a firmer fit",
    ),
    "clv.expected_nan": (
        "{customers}的预期订单数无法计算（超出模型的数值范围），其预测价值为空",
        "expected orders could not be computed for {customers} (numerical range of the "
        "model); their predicted value is empty",
    ),
    "clv.non_positive_spend": (
        "{customers}在复购订单上的净消费为零或负数，未纳入消费模型的拟合；模型把他们的每单平均消费记为 0，"
        "其预测的每单消费取其他客户的水平并相应压低",
        "{customers} with zero or negative net spend on repeat orders left out of the "
        "spend-model fit; the model takes their own average spend per order as 0, so their "
        "predicted spend is the other customers' level, pulled down",
    ),
    "clv.revenue_skipped_no_spend": (
        "未做销售额预测：没有复购客户在复购订单上有正的净消费（至少需要 {need} 位）；"
        + _STILL_GIVEN[0],
        "predicted revenue skipped: no repeat customer has a positive net spend on repeat "
        "orders (need {need}); " + _STILL_GIVEN[1],
    ),
    "clv.revenue_skipped_few_spend": (
        "未做销售额预测：只有 {customers}在复购订单上有正的净消费（至少需要 {need} 位）；"
        + _STILL_GIVEN[0],
        "predicted revenue skipped: only {customers} with repeat orders have a positive net "
        "spend on repeat orders (need {need}); " + _STILL_GIVEN[1],
    ),
    "clv.revenue_skipped_fit_failed": (
        "未做销售额预测：{reason}；" + _STILL_GIVEN[0],
        "predicted revenue skipped: {reason}; " + _STILL_GIVEN[1],
    ),
    "clv.revenue_skipped_q": (
        "未做销售额预测：消费模型得到 q = {q:.3g} ≤ 1，每单平均消费没有有限值（少数超大订单"
        "主导）；请检查金额中的异常值；" + _STILL_GIVEN[0],
        "predicted revenue skipped: the spend model found q = {q:.3g} ≤ 1, so average spend "
        "per order has no finite value (a few huge orders dominate); check the amounts for "
        "outliers; " + _STILL_GIVEN[1],
    ),
    "clv.spend_edge": (
        "消费模型：数据无法确定{params}，预测销售额按模型的极限情形（如每位客户每次消费相同）"
        "计算，仅供粗略参考",
        "spend model: the data do not pin down {params}, so predicted revenue follows the "
        "model's limiting case (e.g. each customer always spends the same) and is rough",
    ),
    "clv.edge_one": ("参数 {items}", "parameter {items}"),
    "clv.edge_many": ("参数 {items}", "parameters {items}"),
    "clv.edge_item": ("{name}（达到 {value:.3g}）", "{name} (ran to {value:.3g})"),
    # why a fit failed (ModelFitError)
    "clv.fit_no_convergence": (
        "{model}模型的拟合在所有起点都未收敛（优化器：{optimizer}）；数据可能太少或太不规则",
        "the {model} fit did not converge from any start point (optimizer: {optimizer}); the "
        "data may be too few or too irregular",
    ),
    "clv.fit_no_customers": (
        "没有可用于拟合购买频率模型的客户",
        "there are no customers to fit the purchase-frequency model on",
    ),
    "clv.fit_no_repeat": (
        "没有客户在不止一天下过单，无法估计复购率",
        "nobody bought on more than one day, so repeat-purchase rates cannot be estimated",
    ),
    "clv.fit_no_spend": (
        "没有客户在复购上有正的平均消费，无法拟合消费模型",
        "no customer has a positive average spend on repeat purchases to fit the spend model on",
    ),
    "clv.learned_skipped": (
        "未做学习型价值预测：订单历史从 {first} 到 {as_of} 共 {days} 天，训练需要至少 {need} 天"
        "（预测天数的两倍）且至少 {min_rows} 行客户样本（现有 {rows} 行）；预测销售额改由购买频率"
        "与消费模型给出",
        "learned value skipped: the order history runs {days} days ({first} to {as_of}); "
        "training needs at least {need} days (twice the horizon) and {min_rows} customer rows "
        "(found {rows}); predicted revenue comes from the purchase and spend models instead",
    ),
    # explain
    "clv.rule": (
        "购买频率与消费模型（{model} + Gamma-Gamma）基于 {customers}拟合；未来 {horizon} 天："
        "预期 {orders:.2f} 单，存活概率 {p_alive:.2f} → 预测销售额 {revenue:,.2f}",
        "{model} + Gamma-Gamma fitted on {customers}; next {horizon} days: {orders:.2f} orders "
        "expected, P(alive) {p_alive:.2f} → predicted revenue {revenue:,.2f}",
    ),
    "clv.rule_no_revenue": (
        "购买频率模型（{model}）基于 {customers}拟合；未来 {horizon} 天：预期 {orders:.2f} 单，"
        "存活概率 {p_alive:.2f}；本次未做销售额预测（见提醒）",
        "{model} fitted on {customers}; next {horizon} days: {orders:.2f} orders expected, "
        "P(alive) {p_alive:.2f}; predicted revenue skipped in this run (see the warnings)",
    ),
    "clv.rule_no_purchase": (
        "截止日前没有购买：不做预测",
        "no purchase up to the as-of date: no prediction",
    ),
    "clv.rule_nan": (
        "该客户的预期订单数无法计算（超出模型的数值范围）",
        "expected orders could not be computed for this customer (numerical range of the model)",
    ),
    "clv.rule_fit_failed": (
        "本次未做价值预测：模型拟合失败（见提醒）",
        "predicted value skipped in this run: the model did not fit (see the warnings)",
    ),
}
define(MESSAGES)

_PURCHASE_MODEL = Both("购买频率（BG/NBD）", "purchase-frequency (BG/NBD)")
_MODEL_NAMES = {"bgnbd": Both("BG/NBD", "BG/NBD"), "mbgnbd": Both("MBG/NBD", "MBG/NBD")}
_PURCHASE_MBG = Both("购买频率（MBG/NBD）", "purchase-frequency (MBG/NBD)")
_SPEND_MODEL = Both("消费（Gamma-Gamma）", "spend (Gamma-Gamma)")

SUMMARY_COLUMNS = ["frequency", "recency", "T", "monetary_value"]
VALUE_COLUMNS = ["p_alive", "expected_orders", "predicted_revenue"]

# Parameters are fitted as logarithms inside these bounds (about 6e-7 … 1.6e6). A parameter that
# ends on a bound means the data do not determine it (see edge_parameters).
_LOG_BOUND = 14.3
_EDGE = 1e-3
# A fit that stops on a line-search failure still counts as converged when the gradient of the
# mean log-likelihood per customer (in log-parameters) is this small.
_GRAD_OK = 1e-5
# Direct 2F1 series: terms summed at most (only for values scipy returns as non-finite).
_SERIES_MAX_TERMS = 200_000


class ModelFitError(ValueError):
    """A maximum-likelihood fit failed; *message* says why (a catalogue message; ``str()`` of
    the error is its English text)."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


# --------------------------------------------------------------------------------------------
# Recency-frequency-monetary summary
# --------------------------------------------------------------------------------------------


def purchase_days(orders: pd.DataFrame) -> pd.DataFrame:
    """Order lines → one row per (customer, calendar day): ``customer_id``, ``day``, ``amount``
    (the day's net sum) and ``is_sale`` (a line with ``amount >= 0`` that day); sorted by
    customer and day. The expensive part of :func:`repeat_summary`, made once when several
    summaries (other as-of dates) are taken of the same lines."""
    missing = [c for c in ("customer_id", "order_date", "amount") if c not in orders.columns]
    if missing:
        raise ValueError(f"repeat_summary: orders lack column(s) {', '.join(missing)}")
    day = pd.to_datetime(orders["order_date"])
    if isinstance(day.dtype, pd.DatetimeTZDtype):
        day = day.dt.tz_localize(None)
    day = day.dt.normalize()
    amount = pd.to_numeric(orders["amount"]).astype("float64")
    valid = (orders["customer_id"].notna() & day.notna() & amount.notna()).to_numpy()
    customer = orders["customer_id"] if valid.all() else orders["customer_id"][valid]
    # One integer per (customer, day): the customer's rank among the sorted ids, and the day.
    if isinstance(customer.dtype, pd.CategoricalDtype):
        code, ids = pd.factorize(customer, sort=True)
    else:  # the ids' codes (Arrow text is encoded once per run), ranked as the sorted ids
        found, distinct = value_codes(customer)
        order = distinct.argsort()
        rank = np.empty(len(distinct), dtype=np.intp)
        rank[order] = np.arange(len(distinct))
        code, ids = rank[found], distinct[order]
    # (whole-column temporaries made in place and dropped: each is 80 MB at 10M lines)
    day_dtype = day.dtype
    day_number = day.to_numpy(dtype="datetime64[D]").view(np.int64)
    del day
    if not valid.all():
        day_number = day_number[valid]
    low = int(day_number.min()) if len(day_number) else 0
    span = int(day_number.max()) - low + 1 if len(day_number) else 1
    key = combined(code, span, day_number, -low)
    del day_number, code
    money = amount.to_numpy(dtype=np.float64)
    if not valid.all():
        money = money[valid]
    # The lines by (customer, day), each pair's lines in file order, summed in that order:
    # one sort of the keys, not a group-by that hashes ten million of them.
    keys, order, first = grouped(key)
    del key
    money = money[order]
    del order
    has_lines = len(first) > 0
    return pd.DataFrame(
        {
            "customer_id": pd.Categorical.from_codes(keys // span, categories=pd.Index(ids)),
            "day": (keys % span + low).astype("datetime64[D]").astype(day_dtype),
            "amount": np.add.reduceat(money, first) if has_lines else np.zeros(0),
            "is_sale": np.logical_or.reduceat(money >= 0, first)
            if has_lines
            else np.zeros(0, bool),
        }
    )


def repeat_summary(
    orders: pd.DataFrame,
    as_of: dt.date,
    time_unit_days: float = 7.0,
    *,
    days: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Order lines → one row per customer: ``frequency, recency, T, monetary_value``.

    Input: *orders* with columns ``customer_id``, ``order_date`` (datetime64; the time of day
    is dropped, time zones are dropped keeping the local date) and ``amount`` (float, base
    currency; return lines are negative). Other columns are ignored; rows with a missing
    customer id, date or amount are ignored, and so is everything dated after *as_of*.

    A **purchase day** is a calendar day on which the customer has at least one line with
    ``amount >= 0``; its value is the sum of all that day's lines (returns booked the same day
    net out). A day with only negative lines is a return, not a purchase: its amount is booked
    against the customer's latest earlier purchase day (dropped if there is none).

    Output: a DataFrame indexed by ``customer_id`` (sorted), one row per customer with at least
    one purchase day up to *as_of* (customers with only returns are left out), columns

    - ``frequency`` (int64): repeat purchase days = distinct purchase days − 1;
    - ``recency`` (float64): first to last purchase day, in time units;
    - ``T`` (float64): first purchase day to *as_of*, in time units;
    - ``monetary_value`` (float64): mean net value of the repeat purchase days (the first
      purchase day excluded); 0.0 when ``frequency`` is 0. It can be ≤ 0 when returns outweigh
      sales.

    A time unit is *time_unit_days* days (default 7: weeks). Vectorised (groupby), no loop over
    customers. *days*: :func:`purchase_days` of *orders*, when already made.
    """
    if not (np.isfinite(time_unit_days) and time_unit_days > 0):
        raise ValueError(f"time_unit_days must be a positive number, got {time_unit_days!r}")
    if days is None:
        days = purchase_days(orders)
    # numpy over the day table, sorted by customer (categorical codes in id order) and day.
    cut = np.datetime64(as_of, "D").astype(np.int64)
    day_number = days["day"].to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    day_number = day_number.astype(np.int64)
    kept = day_number <= cut
    code = days["customer_id"].cat.codes.to_numpy()[kept]
    day_number = day_number[kept]
    amount = days["amount"].to_numpy(dtype="float64")[kept]
    sale = days["is_sale"].to_numpy(dtype=bool)[kept]
    # A return day's amount goes to the customer's latest earlier purchase day, if any.
    latest_sale = np.maximum.accumulate(np.where(sale, np.arange(len(sale)), -1))
    returned = np.flatnonzero(~sale)
    target = latest_sale[returned]
    booked = target >= 0
    booked[booked] = code[target[booked]] == code[returned[booked]]
    if booked.any():
        extra = np.bincount(target[booked], weights=amount[returned[booked]], minlength=len(sale))
        amount = amount + extra
    code, day_number, amount = code[sale], day_number[sale], amount[sale]

    starts = np.flatnonzero(np.r_[True, code[1:] != code[:-1]]) if len(code) else np.empty(0, int)
    ends = np.append(starts[1:], len(code)) if len(starts) else starts
    first_day, last_day = day_number[starts], day_number[ends - 1]
    frequency = (ends - starts - 1).astype("int64")
    group = np.repeat(np.arange(len(starts)), ends - starts)
    total = pd.Series(amount).groupby(group, sort=False).sum().to_numpy()  # pandas' (Kahan) sums
    repeat_total = total - amount[starts]
    repeats = np.maximum(frequency, 1)
    unit = float(time_unit_days)
    ids = days["customer_id"].cat.categories
    out = pd.DataFrame(
        {
            "frequency": frequency,
            "recency": (last_day - first_day).astype("float64") / unit,
            "T": (cut - first_day).astype("float64") / unit,
            "monetary_value": np.where(frequency > 0, repeat_total / repeats, 0.0),
        },
        index=pd.Index(ids.take(code[starts]), dtype=ids.dtype, name="customer_id"),
    )
    return out


# --------------------------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------------------------


def _positive(name: str, value: float) -> float:
    number = float(value)
    if not (np.isfinite(number) and number > 0):
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return number


def _rft(
    frequency: npt.ArrayLike, recency: npt.ArrayLike, T: npt.ArrayLike
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Validate and broadcast frequency / recency / T to float arrays."""
    x, tx, age = np.broadcast_arrays(
        np.asarray(frequency, dtype=np.float64),
        np.asarray(recency, dtype=np.float64),
        np.asarray(T, dtype=np.float64),
    )
    if not (np.isfinite(x).all() and np.isfinite(tx).all() and np.isfinite(age).all()):
        raise ValueError("frequency, recency and T must all be finite numbers")
    if (x < 0).any() or (x != np.round(x)).any():
        raise ValueError("frequency must be whole numbers ≥ 0 (repeat purchase days)")
    if (tx < 0).any() or (tx > age + 1e-9 * np.maximum(1.0, age)).any():
        raise ValueError("recency must lie between 0 and T for every customer")
    return x.astype(np.float64), tx.astype(np.float64), age.astype(np.float64)


def _minimise(
    objective: Callable[[FloatArray], tuple[float, FloatArray]],
    starts: Sequence[FloatArray],
    model: Both,
) -> FloatArray:
    """Minimise *objective* (value, gradient) over log-parameters from several starts.

    Returns the best converged point (which may lie on a bound of the log-parameter box: see
    :func:`edge_parameters`); raises :class:`ModelFitError` when no start converges. The starts
    run at once, each on a thread (:func:`tiercli.threads.side_by_side`): the objective spends
    its time in numpy's element-wise functions, which let go of the interpreter's lock, and
    scipy's L-BFGS-B keeps each run's state in arrays of its own — the same points as one
    start after another (pinned), in about two-thirds of the time on two cores.
    """
    from scipy import optimize

    def run(start: FloatArray) -> optimize.OptimizeResult:
        with np.errstate(all="ignore"):  # (numpy's error state is the thread's own)
            return optimize.minimize(
                objective,
                np.clip(start, -_LOG_BOUND + 1, _LOG_BOUND - 1),
                jac=True,
                method="L-BFGS-B",
                bounds=[(-_LOG_BOUND, _LOG_BOUND)] * len(start),
                options={"maxiter": 2000, "ftol": 1e-13, "gtol": 1e-9},
            )

    best: optimize.OptimizeResult | None = None
    last_message = "no start point"
    for res in side_by_side(run, starts):
        converged = np.isfinite(res.fun) and (
            res.success or float(np.max(np.abs(res.jac))) < _GRAD_OK
        )
        last_message = str(res.message)
        if converged and (best is None or res.fun < best.fun):
            best = res
    if best is None:
        raise ModelFitError(msg("clv.fit_no_convergence", model=model, optimizer=last_message))
    return np.asarray(best.x, dtype=np.float64)


# --------------------------------------------------------------------------------------------
# BG/NBD
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BgNbdParams:
    """BG/NBD parameters: λ ~ Gamma(shape r, rate alpha); drop-out p ~ Beta(a, b).

    ``alpha`` is in time units (see the module docstring); mean purchase rate of active
    customers is ``r / alpha`` per time unit, mean drop-out probability ``a / (a + b)``.
    """

    r: float
    alpha: float
    a: float
    b: float

    def __post_init__(self) -> None:
        for name in ("r", "alpha", "a", "b"):
            _positive(f"BgNbdParams.{name}", getattr(self, name))


def _bgnbd_parts(
    params: BgNbdParams, x: FloatArray, tx: FloatArray, age: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Log-likelihood pieces: LL = head + logaddexp(stay, drop).

    ``stay`` = −(r+x) ln(α+T) (still active at T); ``drop`` = ln a − ln(b+x−1) − (r+x) ln(α+t_x)
    (dropped out right after the last purchase; −inf when x = 0).
    """
    from scipy import special

    r, alpha, a, b = params.r, params.alpha, params.a, params.b
    head = (
        special.gammaln(r + x)
        - special.gammaln(r)
        + r * np.log(alpha)
        + special.betaln(a, b + x)
        - special.betaln(a, b)
    )
    stay = -(r + x) * np.log(alpha + age)
    repeat = x > 0
    b_x1 = np.where(repeat, b + x - 1.0, 1.0)
    drop = np.where(repeat, np.log(a) - np.log(b_x1) - (r + x) * np.log(alpha + tx), -np.inf)
    return head, stay, drop


def bgnbd_log_likelihood(
    params: BgNbdParams,
    frequency: npt.ArrayLike,
    recency: npt.ArrayLike,
    T: npt.ArrayLike,
) -> FloatArray:
    """Per-customer BG/NBD log-likelihood (FHL 2005, eq. 6), as a float array.

    LL = ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b) − (r+x) ln(α+T)
    + ln[1 + δ(x>0) · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)], computed with ``gammaln``,
    ``betaln`` and ``logaddexp`` so it stays finite for large x and T.
    """
    x, tx, age = _rft(frequency, recency, T)
    head, stay, drop = _bgnbd_parts(params, x, tx, age)
    return np.asarray(head + np.logaddexp(stay, drop), dtype=np.float64)


def _either(stay: FloatArray, drop: FloatArray) -> tuple[FloatArray, FloatArray]:
    """ln(e^stay + e^drop) and the weight of *drop*, e^drop / (e^stay + e^drop), per customer,
    from one exponential: with d = drop − stay and e = e^−|d|, the sum is max(stay, drop) +
    ln(1 + e) and the weight 1/(1 + e) where d ≥ 0, e/(1 + e) where not (0 where *drop* is
    −inf). ``logaddexp`` and ``expit`` give the same to within a unit in the last place, at
    three times the cost: they were half of each evaluation of the objective."""
    d = drop - stay
    e = np.exp(-np.abs(d))
    either = np.maximum(stay, drop)
    either += np.log1p(e)
    w = np.where(d >= 0, 1.0, e)
    e += 1.0
    w /= e
    return either, w


def _bgnbd_objective(
    x: FloatArray, tx: FloatArray, age: FloatArray, penalizer: float
) -> Callable[[FloatArray], tuple[float, FloatArray]]:
    """−mean LL + penalizer·Σ(log θ)² and its gradient, as a function of log-parameters."""
    from scipy import special

    n = float(x.size)
    repeat = x > 0
    # The special functions depend on x alone, a whole number with few distinct values: they
    # are computed once per distinct x and spread back (the same numbers, far fewer calls).
    ux, at = np.unique(x, return_inverse=True)
    u_repeat = ux > 0

    def objective(u: FloatArray) -> tuple[float, FloatArray]:
        r, alpha, a, b = np.exp(u)
        BgNbdParams(float(r), float(alpha), float(a), float(b))  # validates
        head = (
            special.gammaln(r + ux)
            - special.gammaln(r)
            + r * np.log(alpha)
            + special.betaln(a, b + ux)
            - special.betaln(a, b)
        )[at]
        rx, alpha_tx, alpha_t = r + x, alpha + tx, alpha + age  # each made once
        log_a_tx = np.log(alpha_tx)
        log_a_t = np.log(alpha_t)
        stay = -rx * log_a_t
        log_b_x1 = np.log(np.where(u_repeat, b + ux - 1.0, 1.0))[at]
        drop = np.where(repeat, np.log(a) - log_b_x1 - rx * log_a_tx, -np.inf)
        either, w = _either(stay, drop)  # w: the weight of the drop-out term (0 when x = 0)
        ll = head + either
        stays = 1 - w
        dr = (special.digamma(r + ux) - special.digamma(r) + np.log(alpha))[at]
        dr += -stays * log_a_t - w * log_a_tx
        dalpha = r / alpha - stays * rx / alpha_t - w * rx / alpha_tx
        dab_u = special.digamma(a + b) - special.digamma(a + b + ux)
        da = dab_u[at] + w / a
        db = (dab_u + special.digamma(b + ux) - special.digamma(b))[at]
        db -= w / np.where(u_repeat, b + ux - 1.0, 1.0)[at]
        grad_theta = np.array([dr.sum(), dalpha.sum(), da.sum(), db.sum()])
        value = -float(ll.sum()) / n + penalizer * float(np.sum(u**2))
        grad = -grad_theta * np.exp(u) / n + 2.0 * penalizer * u
        return value, np.asarray(grad, dtype=np.float64)

    return objective


def fit_bgnbd(
    frequency: npt.ArrayLike,
    recency: npt.ArrayLike,
    T: npt.ArrayLike,
    penalizer: float = 0.0,
) -> BgNbdParams:
    """Maximum-likelihood BG/NBD fit.

    Minimises −(1/n)·Σ LL + ``penalizer``·Σ(ln θ)² over θ = (r, alpha, a, b) in log space
    (L-BFGS-B with the analytic gradient, three start points scaled to the data, the best
    converged one kept). ``penalizer`` > 0 (e.g. 0.001–0.1) pulls the parameters towards 1 and
    keeps sparse data from sending a or b to infinity.

    Raises :class:`ModelFitError` when there is nobody to fit, nobody bought twice or no start
    converges. A parameter may end on the edge of its range (about 6e-7 or 1.6e6) when the data
    point to a limiting case; :func:`edge_parameters` lists such parameters.
    """
    r, alpha, a, b = _fit_purchase(
        _bgnbd_objective, frequency, recency, T, penalizer, _PURCHASE_MODEL
    )
    return BgNbdParams(r=r, alpha=alpha, a=a, b=b)


def _fit_purchase(
    objective: Callable[[FloatArray, FloatArray, FloatArray, float], Any],
    frequency: npt.ArrayLike,
    recency: npt.ArrayLike,
    T: npt.ArrayLike,
    penalizer: float,
    model: Both,
) -> tuple[float, float, float, float]:
    """(r, alpha, a, b) minimising *objective* (BG/NBD's or MBG/NBD's) from three starts
    scaled to the data; the checks and errors both fits share (see :func:`fit_bgnbd`)."""
    x, tx, age = _rft(frequency, recency, T)
    x, tx, age = x.ravel(), tx.ravel(), age.ravel()
    if not (np.isfinite(penalizer) and penalizer >= 0):
        raise ValueError(f"penalizer must be ≥ 0, got {penalizer!r}")
    if x.size == 0:
        raise ModelFitError(msg("clv.fit_no_customers"))
    if not (x > 0).any():
        raise ModelFitError(msg("clv.fit_no_repeat"))
    rate = max(float(x.mean()), 1e-3) / max(float(age.mean()), 1e-3)  # purchases per time unit
    starts = [
        np.log([r0, r0 / rate, a0, b0])
        for r0, a0, b0 in ((1.0, 1.0, 1.0), (0.3, 0.8, 3.0), (3.0, 2.0, 8.0))
    ]
    point = _minimise(objective(x, tx, age, float(penalizer)), starts, model)
    r, alpha, a, b = (float(v) for v in np.exp(point))
    return r, alpha, a, b


def bgnbd_p_alive(
    params: BgNbdParams,
    frequency: npt.ArrayLike,
    recency: npt.ArrayLike,
    T: npt.ArrayLike,
) -> FloatArray:
    """P(customer still active at T | x, t_x, T) (FHL 2005, eq. 13).

    = 1 / (1 + δ(x>0) · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)); exactly 1 when x = 0, since in
    BG/NBD drop-out happens only after a repeat purchase.
    """
    from scipy import special

    x, tx, age = _rft(frequency, recency, T)
    _head, stay, drop = _bgnbd_parts(params, x, tx, age)
    return np.asarray(special.expit(stay - drop), dtype=np.float64)


def _hyp2f1_series(a: FloatArray, b: FloatArray, c: FloatArray, z: FloatArray) -> FloatArray:
    """Direct power series of 2F1 for 0 ≤ z < 1 (fallback); NaN where it does not settle."""
    total = np.ones_like(z)
    term = np.ones_like(z)
    done = np.zeros(z.shape, dtype=bool)
    for k in range(_SERIES_MAX_TERMS):
        term = term * (a + k) * (b + k) / ((c + k) * (k + 1.0)) * z
        total = total + np.where(done, 0.0, term)
        done |= np.abs(term) <= 1e-17 * np.abs(total)
        if done.all():
            break
    return np.where(done & np.isfinite(total), total, np.nan)


def _hyp2f1(a: FloatArray, b: FloatArray, c: FloatArray, z: FloatArray) -> FloatArray:
    """``scipy.special.hyp2f1`` with the direct series for whatever it returns non-finite."""
    from scipy import special

    with np.errstate(all="ignore"):
        out = np.asarray(special.hyp2f1(a, b, c, z), dtype=np.float64)
    bad = ~np.isfinite(out)
    if bad.any():
        with np.errstate(all="ignore"):
            out[bad] = _hyp2f1_series(a[bad], b[bad], c[bad], z[bad])
    return out


def bgnbd_expected_purchases(
    params: BgNbdParams,
    t: npt.ArrayLike,
    frequency: npt.ArrayLike,
    recency: npt.ArrayLike,
    T: npt.ArrayLike,
) -> FloatArray:
    """Expected purchases in (T, T+t] given x, t_x, T (FHL 2005, eq. 10), in purchase days.

    E = (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x−1; z)] · P(alive),
    z = t/(α+T+t). Numerical guards: 2F1 is evaluated after Euler's transformation,
    (1−z)^(r+x) · 2F1(r+x, b+x; c; z) = (1−z)^(a−1) · 2F1(a+b−1−r, a−1; c; z), whose
    parameters do not grow with x (the untransformed form overflows for frequent buyers);
    values scipy cannot give are summed from the series (0 ≤ z < 1 always converges); a within
    1e-7 of 1 (a removable singularity) is moved to 1 ± 1e-7; c is kept off 0. Entries that
    still fail come out NaN, never a silently wrong number. ``t`` is in time units.
    """
    x, tx, age = _rft(frequency, recency, T)
    t_arr = np.asarray(t, dtype=np.float64)
    if not np.isfinite(t_arr).all() or (t_arr < 0).any():
        raise ValueError("t (the horizon, in time units) must be finite and ≥ 0")
    x, tx, age, t_arr = np.broadcast_arrays(x, tx, age, t_arr)
    r, alpha, b = params.r, params.alpha, params.b
    a = params.a
    if abs(a - 1.0) < 1e-7:
        a = 1.0 + (1e-7 if a >= 1.0 else -1e-7)
    c = a + b + x - 1.0
    c = np.where(np.abs(c) < 1e-9, 1e-9, c)
    z = t_arr / (alpha + age + t_arr)
    hyp = _hyp2f1(
        np.full(z.shape, a + b - 1.0 - r), np.full(z.shape, a - 1.0), np.asarray(c), np.asarray(z)
    )
    bracket = 1.0 - np.exp((a - 1.0) * np.log1p(-z)) * hyp
    alive = bgnbd_p_alive(params, x, tx, age)
    expected = c / (a - 1.0) * bracket * alive
    return np.asarray(np.where(expected < 0, 0.0, expected), dtype=np.float64)


# --------------------------------------------------------------------------------------------
# MBG/NBD (issue 12): drop-out possible right after the first purchase too
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MbgNbdParams(BgNbdParams):
    """MBG/NBD parameters (Batislam, Denizel & Filiztekin 2007, "Empirical validation and
    comparison of models for customer base analysis", *IJRM* 24(3); Hoppe & Wagner 2007):
    λ ~ Gamma(shape r, rate alpha); drop-out p ~ Beta(a, b). Unlike BG/NBD, a customer may drop
    out right after *every* purchase, the first included, so a one-time buyer is not certainly
    alive. Same units as :class:`BgNbdParams`."""


def _mbgnbd_parts(
    params: BgNbdParams, x: FloatArray, tx: FloatArray, age: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Log-likelihood pieces: LL = head + logaddexp(stay, drop).

    head = ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x+1) − ln B(a, b); ``stay`` =
    −(r+x) ln(α+T) (survived all x+1 purchases, still active at T); ``drop`` = ln a − ln(b+x)
    − (r+x) ln(α+t_x) (dropped out right after the last purchase, the first one when x = 0).
    """
    r, alpha, a, b = params.r, params.alpha, params.a, params.b
    stay = -(r + x) * np.log(alpha + age)
    drop = np.log(a) - np.log(b + x) - (r + x) * np.log(alpha + tx)
    return _mbgnbd_head(r, alpha, a, b, x), stay, drop


def _mbgnbd_head(r: float, alpha: float, a: float, b: float, x: FloatArray) -> FloatArray:
    """The part of the MBG/NBD log-likelihood that depends on x alone (see _mbgnbd_parts)."""
    from scipy import special

    return np.asarray(
        special.gammaln(r + x)
        - special.gammaln(r)
        + r * np.log(alpha)
        + special.betaln(a, b + x + 1.0)
        - special.betaln(a, b),
        dtype=np.float64,
    )


def mbgnbd_log_likelihood(
    params: BgNbdParams,
    frequency: npt.ArrayLike,
    recency: npt.ArrayLike,
    T: npt.ArrayLike,
) -> FloatArray:
    """Per-customer MBG/NBD log-likelihood (Batislam et al. 2007, eq. 4):

    L = B(a, b+x+1)/B(a, b) · Γ(r+x) α^r / Γ(r) · [(α+T)^−(r+x) + a/(b+x) · (α+t_x)^−(r+x)],
    i.e. E over p of (1−p)^(x+1) λ^x e^(−λT) (alive at T) + p (1−p)^x λ^x e^(−λ t_x) (gone
    right after the last purchase), then over λ. In logs with ``gammaln``/``betaln``/
    ``logaddexp``.
    """
    x, tx, age = _rft(frequency, recency, T)
    head, stay, drop = _mbgnbd_parts(params, x, tx, age)
    return np.asarray(head + np.logaddexp(stay, drop), dtype=np.float64)


def _mbgnbd_objective(
    x: FloatArray, tx: FloatArray, age: FloatArray, penalizer: float
) -> Callable[[FloatArray], tuple[float, FloatArray]]:
    """−mean LL + penalizer·Σ(log θ)² and its gradient, as a function of log-parameters."""
    from scipy import special

    n = float(x.size)
    # As for BG/NBD: the special functions of x alone are computed once per distinct x.
    ux, at = np.unique(x, return_inverse=True)

    def objective(u: FloatArray) -> tuple[float, FloatArray]:
        r, alpha, a, b = np.exp(u)
        BgNbdParams(float(r), float(alpha), float(a), float(b))  # validates
        head = _mbgnbd_head(r, alpha, a, b, ux)[at]
        rx, alpha_tx, alpha_t = r + x, alpha + tx, alpha + age  # each made once
        log_a_tx = np.log(alpha_tx)
        log_a_t = np.log(alpha_t)
        stay = -rx * log_a_t
        drop = (np.log(a) - np.log(b + ux))[at] - rx * log_a_tx
        either, w = _either(stay, drop)  # w: the posterior weight of "dropped out"
        ll = head + either
        stays = 1 - w
        dr = (special.digamma(r + ux) - special.digamma(r) + np.log(alpha))[at]
        dr += -stays * log_a_t - w * log_a_tx
        dalpha = r / alpha - stays * rx / alpha_t - w * rx / alpha_tx
        dab_u = special.digamma(a + b) - special.digamma(a + b + ux + 1.0)
        da = dab_u[at] + w / a
        db = (dab_u + special.digamma(b + ux + 1.0) - special.digamma(b))[at]
        db -= w / (b + ux)[at]
        grad_theta = np.array([dr.sum(), dalpha.sum(), da.sum(), db.sum()])
        value = -float(ll.sum()) / n + penalizer * float(np.sum(u**2))
        grad = -grad_theta * np.exp(u) / n + 2.0 * penalizer * u
        return value, np.asarray(grad, dtype=np.float64)

    return objective


def fit_mbgnbd(
    frequency: npt.ArrayLike,
    recency: npt.ArrayLike,
    T: npt.ArrayLike,
    penalizer: float = 0.0,
) -> MbgNbdParams:
    """Maximum-likelihood MBG/NBD fit, exactly as :func:`fit_bgnbd` (same starts, optimizer,
    penalty and errors) on :func:`mbgnbd_log_likelihood`."""
    r, alpha, a, b = _fit_purchase(
        _mbgnbd_objective, frequency, recency, T, penalizer, _PURCHASE_MBG
    )
    return MbgNbdParams(r=r, alpha=alpha, a=a, b=b)


def mbgnbd_p_alive(
    params: BgNbdParams,
    frequency: npt.ArrayLike,
    recency: npt.ArrayLike,
    T: npt.ArrayLike,
) -> FloatArray:
    """P(alive at T | x, t_x, T) = 1 / (1 + a/(b+x) · ((α+T)/(α+t_x))^(r+x)) (Batislam et
    al. 2007): below 1 for one-time buyers too, falling with the time since their purchase."""
    from scipy import special

    x, tx, age = _rft(frequency, recency, T)
    _head, stay, drop = _mbgnbd_parts(params, x, tx, age)
    return np.asarray(special.expit(stay - drop), dtype=np.float64)


def mbgnbd_expected_purchases(
    params: BgNbdParams,
    t: npt.ArrayLike,
    frequency: npt.ArrayLike,
    recency: npt.ArrayLike,
    T: npt.ArrayLike,
) -> FloatArray:
    """Expected purchases in (T, T+t] given x, t_x, T (Batislam et al. 2007, eq. 10):

    E = (a+b+x)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x+1; a+b+x; z)] · P(alive),
    z = t/(α+T+t). The 2F1 term is evaluated after Euler's transformation,
    (1−z)^(r+x) · 2F1(r+x, b+x+1; c; z) = (1−z)^(a−1) · 2F1(a+b−r, a−1; c; z), c = a+b+x, with
    the same guards as :func:`bgnbd_expected_purchases`.
    """
    x, tx, age = _rft(frequency, recency, T)
    t_arr = np.asarray(t, dtype=np.float64)
    if not np.isfinite(t_arr).all() or (t_arr < 0).any():
        raise ValueError("t (the horizon, in time units) must be finite and ≥ 0")
    x, tx, age, t_arr = np.broadcast_arrays(x, tx, age, t_arr)
    r, alpha, b = params.r, params.alpha, params.b
    a = params.a
    if abs(a - 1.0) < 1e-7:
        a = 1.0 + (1e-7 if a >= 1.0 else -1e-7)
    c = a + b + x
    z = t_arr / (alpha + age + t_arr)
    hyp = _hyp2f1(
        np.full(z.shape, a + b - r), np.full(z.shape, a - 1.0), np.asarray(c), np.asarray(z)
    )
    bracket = 1.0 - np.exp((a - 1.0) * np.log1p(-z)) * hyp
    alive = mbgnbd_p_alive(params, x, tx, age)
    expected = c / (a - 1.0) * bracket * alive
    return np.asarray(np.where(expected < 0, 0.0, expected), dtype=np.float64)


# --------------------------------------------------------------------------------------------
# Gamma-Gamma
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GammaGammaParams:
    """Gamma-Gamma parameters: purchase value ~ Gamma(shape p, rate ν), ν ~ Gamma(q, rate v).

    ``v`` is in money (base currency); mean spend per purchase in the population is
    ``p·v/(q−1)``, finite only when ``q > 1``.
    """

    p: float
    q: float
    v: float

    def __post_init__(self) -> None:
        for name in ("p", "q", "v"):
            _positive(f"GammaGammaParams.{name}", getattr(self, name))

    @property
    def population_mean(self) -> float:
        """Mean spend per purchase across customers, p·v/(q−1); NaN when q ≤ 1."""
        return self.p * self.v / (self.q - 1.0) if self.q > 1.0 else float("nan")


def _xm(frequency: npt.ArrayLike, monetary_value: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    x, m = np.broadcast_arrays(
        np.asarray(frequency, dtype=np.float64), np.asarray(monetary_value, dtype=np.float64)
    )
    if not (np.isfinite(x).all() and np.isfinite(m).all()):
        raise ValueError("frequency and monetary_value must be finite numbers")
    if (x < 0).any() or (x != np.round(x)).any():
        raise ValueError("frequency must be whole numbers ≥ 0 (repeat purchase days)")
    return x.astype(np.float64), m.astype(np.float64)


def _gg_ll(p: float, q: float, v: float, x: FloatArray, m: FloatArray) -> FloatArray:
    from scipy import special

    px = p * x
    return np.asarray(
        special.gammaln(px + q)
        - special.gammaln(px)
        - special.gammaln(q)
        + q * np.log(v)
        + (px - 1.0) * np.log(m)
        + px * np.log(x)
        - (px + q) * np.log(v + x * m),
        dtype=np.float64,
    )


def gamma_gamma_log_likelihood(
    params: GammaGammaParams, frequency: npt.ArrayLike, monetary_value: npt.ArrayLike
) -> FloatArray:
    """Per-customer Gamma-Gamma log-likelihood of the average spend m̄ over x purchases.

    LL = ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln v + (px−1) ln m̄ + px ln x − (px+q) ln(v + x m̄)
    (Fader & Hardie's note, eq. 3). Defined only for customers with x > 0 and m̄ > 0; the array
    is aligned with the input and NaN for everyone else.
    """
    x, m = _xm(frequency, monetary_value)
    ok = (x > 0) & (m > 0)
    out = np.full(x.shape, np.nan)
    out[ok] = _gg_ll(params.p, params.q, params.v, x[ok], m[ok])
    return out


def _gg_objective(x: FloatArray, m: FloatArray) -> Callable[[FloatArray], tuple[float, FloatArray]]:
    """−mean LL and its gradient, as a function of log(p, q, v)."""
    from scipy import special

    n = float(x.size)
    log_x, log_m = np.log(x), np.log(m)
    # Γ and ψ of p·x (+ q) once per distinct x (few: whole repeat counts), then spread back.
    ux, at = np.unique(x, return_inverse=True)

    def objective(u: FloatArray) -> tuple[float, FloatArray]:
        p, q, v = (float(e) for e in np.exp(u))
        px = p * x
        pux = p * ux
        ll = (
            (special.gammaln(pux + q) - special.gammaln(pux))[at]
            - special.gammaln(q)
            + q * np.log(v)
            + (px - 1.0) * log_m
            + px * log_x
            - (px + q) * np.log(v + x * m)
        )
        log_vxm = np.log(v + x * m)
        psi_pxq = special.digamma(pux + q)[at]
        dp = x * (psi_pxq - special.digamma(pux)[at] + log_m + log_x - log_vxm)
        dq = psi_pxq - special.digamma(q) + np.log(v) - log_vxm
        dv = q / v - (p * x + q) / (v + x * m)
        grad_theta = np.array([dp.sum(), dq.sum(), dv.sum()])
        return -float(ll.sum()) / n, np.asarray(-grad_theta * np.exp(u) / n, dtype=np.float64)

    return objective


def fit_gamma_gamma(frequency: npt.ArrayLike, monetary_value: npt.ArrayLike) -> GammaGammaParams:
    """Maximum-likelihood Gamma-Gamma fit on the customers with x > 0 and m̄ > 0.

    Everyone else is left out (the model describes positive average spend over at least one
    repeat purchase). Minimises −mean LL over log(p, q, v) from three start points whose
    population mean equals the observed mean spend. Raises :class:`ModelFitError` when nobody
    qualifies or no start converges; :func:`edge_parameters` lists parameters left on the edge
    of their range.
    """
    x, m = _xm(frequency, monetary_value)
    ok = (x > 0) & (m > 0)
    if not ok.any():
        raise ModelFitError(msg("clv.fit_no_spend"))
    x, m = x[ok], m[ok]
    mean_spend = float(m.mean())
    starts = [np.log([p0, p0 + 1.0, mean_spend]) for p0 in (0.5, 2.0, 8.0)]
    point = _minimise(_gg_objective(x, m), starts, _SPEND_MODEL)
    p, q, v = (float(e) for e in np.exp(point))
    return GammaGammaParams(p=p, q=q, v=v)


def gamma_gamma_expected_spend(
    params: GammaGammaParams, frequency: npt.ArrayLike, monetary_value: npt.ArrayLike
) -> FloatArray:
    """Expected spend per future purchase given x and m̄ (Fader & Hardie's note, eq. 5).

    E = p·(v + x·m̄)/(p·x + q − 1) — a weighted average of the population mean p·v/(q−1) and the
    customer's own m̄, the weight on m̄ growing with x. Customers with x = 0 get the population
    mean (NaN when q ≤ 1); NaN too wherever p·x + q ≤ 1. Pass m̄ ≥ 0: the model knows no
    negative spend.
    """
    x, m = _xm(frequency, monetary_value)
    p, q, v = params.p, params.q, params.v
    denominator = p * x + q - 1.0
    safe = np.where(denominator > 0, denominator, 1.0)
    conditional = np.where(denominator > 0, p * (v + x * m) / safe, np.nan)
    return np.asarray(np.where(x > 0, conditional, params.population_mean), dtype=np.float64)


# --------------------------------------------------------------------------------------------
# Predicted value
# --------------------------------------------------------------------------------------------


def edge_parameters(params: BgNbdParams | GammaGammaParams) -> dict[str, float]:
    """Parameters a fit left on the edge of its range (about 6e-7 or 1.6e6), by name.

    An edge value means the likelihood keeps rising towards a limit the data cannot rule out,
    e.g. BG/NBD ``b`` → ∞ when nobody visibly drops out (the model becomes an NBD without
    drop-out), or Gamma-Gamma ``p``, ``v`` → ∞ when each customer always spends the same. The
    fitted parameters then describe that limiting model: usable, but not pinned down.
    """
    values = {f.name: float(getattr(params, f.name)) for f in fields(params)}
    return {
        name: value
        for name, value in values.items()
        if abs(float(np.log(value))) > _LOG_BOUND - _EDGE
    }


@dataclass(frozen=True)
class ValueFit:
    """What :func:`predict_value` fitted, and on how many customers (for the Config sheet).

    ``customers``: customers with a purchase day up to the as-of date; ``repeat_customers``:
    those with frequency > 0 (the BG/NBD needs them); ``spend_customers``: repeat customers with
    positive average repeat spend (the Gamma-Gamma fit uses them);
    ``non_positive_spend_customers``: repeat customers left out of that fit. ``bgnbd`` /
    ``gamma_gamma`` are None when the model was skipped or did not fit; Gamma-Gamma parameters
    with q ≤ 1 are kept (they show why ``predicted_revenue`` is empty).
    """

    customers: int
    repeat_customers: int
    spend_customers: int
    non_positive_spend_customers: int
    time_unit_days: float
    horizon_days: int
    bgnbd: BgNbdParams | None = None
    gamma_gamma: GammaGammaParams | None = None
    purchase_model: str = "bgnbd"

    def as_dict(self) -> dict[str, Any]:
        """Flat ``{name: value}`` for the Config sheet; parameters are None when not fitted.

        With the MBG/NBD purchase model (``purchase_model`` ``mbgnbd``, its parameters in
        ``bgnbd``) the keys are ``purchase_model`` and ``mbgnbd_r`` … instead of ``bgnbd_r`` …"""
        if self.purchase_model != "bgnbd":
            out: dict[str, Any] = {"purchase_model": self.purchase_model}
            for key, value in self._as_dict_bgnbd().items():
                out[key.replace("bgnbd_", f"{self.purchase_model}_")] = value
            return out
        return self._as_dict_bgnbd()

    def _as_dict_bgnbd(self) -> dict[str, Any]:
        bg, gg = self.bgnbd, self.gamma_gamma
        return {
            "customers": self.customers,
            "repeat_customers": self.repeat_customers,
            "spend_customers": self.spend_customers,
            "non_positive_spend_customers": self.non_positive_spend_customers,
            "time_unit_days": self.time_unit_days,
            "horizon_days": self.horizon_days,
            "bgnbd_r": bg.r if bg else None,
            "bgnbd_alpha": bg.alpha if bg else None,
            "bgnbd_a": bg.a if bg else None,
            "bgnbd_b": bg.b if bg else None,
            "gamma_gamma_p": gg.p if gg else None,
            "gamma_gamma_q": gg.q if gg else None,
            "gamma_gamma_v": gg.v if gg else None,
        }


class ValuePrediction(NamedTuple):
    """Result of :func:`predict_value`; unpack as ``values, warnings, fit = predict_value(…)``."""

    values: pd.DataFrame
    warnings: list[Message]
    fit: ValueFit


def _edge_text(edge: dict[str, float]) -> Message:
    items = [msg("clv.edge_item", name=name, value=value) for name, value in edge.items()]
    return msg("clv.edge_one" if len(edge) == 1 else "clv.edge_many", items=items)


def _customers(n: int) -> Message:
    return msg("clv.customer_one" if n == 1 else "clv.customer_many", n=n)


def predict_value(
    orders: pd.DataFrame,
    as_of: dt.date,
    horizon_days: int = 365,
    min_repeat_customers: int = 20,
    time_unit_days: float = 7.0,
    *,
    penalizer: float = 0.0,
    purchase_model: str = "bgnbd",
    days: pd.DataFrame | None = None,
) -> ValuePrediction:
    """Order lines → P(alive), expected orders and predicted revenue per customer.

    *orders* and *as_of* as for :func:`repeat_summary`. Returns a :class:`ValuePrediction`
    ``(values, warnings, fit)``:

    - ``values``: DataFrame indexed by ``customer_id`` (the customers of
      :func:`repeat_summary`), float columns ``p_alive`` (BG/NBD), ``expected_orders``
      (expected purchase days in the next *horizon_days*), ``predicted_revenue``
      (``expected_orders`` × Gamma-Gamma expected spend per purchase day, base currency);
    - ``warnings``: catalogue messages (``clv.*``), one per problem, saying what was skipped
      and why;
    - ``fit``: :class:`ValueFit` with the fitted parameters and customer counts.

    Degenerate data never raises. Fewer than *min_repeat_customers* customers with frequency
    > 0, or a failed BG/NBD fit → all three columns NaN. Fewer than *min_repeat_customers*
    repeat customers with positive average spend, a failed Gamma-Gamma fit, or q ≤ 1 →
    ``predicted_revenue`` NaN. Repeat customers with average spend ≤ 0 are left out of the
    Gamma-Gamma fit (a warning gives the count); their spend per purchase is then estimated
    from an observed average of 0, i.e. p·v/(p·x + q − 1). A fit that leaves a parameter on
    the edge of its range (:func:`edge_parameters`) is kept, with a warning that the data point
    to the model's limiting case. *penalizer* is passed to :func:`fit_bgnbd`.
    *purchase_model*: ``bgnbd`` (default) or ``mbgnbd`` (:func:`fit_mbgnbd` and its P(alive)
    and expected purchases instead).
    """
    fit_purchases, p_alive_of, expected_of = PURCHASE_MODELS[purchase_model]
    if horizon_days < 0:
        raise ValueError(f"horizon_days must be ≥ 0, got {horizon_days!r}")
    summary = repeat_summary(orders, as_of, time_unit_days, days=days)
    x = summary["frequency"].to_numpy(dtype=np.float64)
    tx = summary["recency"].to_numpy(dtype=np.float64)
    age = summary["T"].to_numpy(dtype=np.float64)
    m = summary["monetary_value"].to_numpy(dtype=np.float64)
    repeat = x > 0
    spend = repeat & (m > 0)
    n_repeat, n_spend = int(repeat.sum()), int(spend.sum())
    n_non_positive = n_repeat - n_spend

    values = pd.DataFrame(np.nan, index=summary.index, columns=VALUE_COLUMNS, dtype="float64")
    warnings: list[Message] = []
    bg: BgNbdParams | None = None
    gg: GammaGammaParams | None = None

    def result() -> ValuePrediction:
        fit = ValueFit(
            customers=len(summary),
            repeat_customers=n_repeat,
            spend_customers=n_spend,
            non_positive_spend_customers=n_non_positive,
            time_unit_days=float(time_unit_days),
            horizon_days=int(horizon_days),
            bgnbd=bg,
            gamma_gamma=gg,
            purchase_model=purchase_model,
        )
        return ValuePrediction(values, warnings, fit)

    if n_repeat < min_repeat_customers:
        warnings.append(
            msg("clv.skipped_no_repeat", need=min_repeat_customers)
            if n_repeat == 0
            else msg(
                "clv.skipped_few_repeat",
                customers=_customers(n_repeat),
                need=min_repeat_customers,
            )
        )
        return result()
    try:
        bg = fit_purchases(x, tx, age, penalizer)
    except ModelFitError as err:
        warnings.append(msg("clv.skipped_fit_failed", reason=err.message))
        return result()

    edge = edge_parameters(bg)
    if edge:
        warnings.append(msg("clv.purchase_edge", params=_edge_text(edge)))
    horizon = horizon_days / float(time_unit_days)
    expected = expected_of(bg, horizon, x, tx, age)
    values["p_alive"] = p_alive_of(bg, x, tx, age)
    values["expected_orders"] = expected
    n_nan = int(np.isnan(expected).sum())
    if n_nan:
        warnings.append(msg("clv.expected_nan", customers=_customers(n_nan)))

    if n_non_positive:
        warnings.append(msg("clv.non_positive_spend", customers=_customers(n_non_positive)))
    if n_spend < min_repeat_customers:
        warnings.append(
            msg("clv.revenue_skipped_no_spend", need=min_repeat_customers)
            if n_spend == 0
            else msg(
                "clv.revenue_skipped_few_spend",
                customers=_customers(n_spend),
                need=min_repeat_customers,
            )
        )
        return result()
    try:
        gg = fit_gamma_gamma(x, m)
    except ModelFitError as err:
        warnings.append(msg("clv.revenue_skipped_fit_failed", reason=err.message))
        return result()
    if gg.q <= 1.0:
        warnings.append(msg("clv.revenue_skipped_q", q=gg.q))
        return result()
    edge = edge_parameters(gg)
    if edge:
        warnings.append(msg("clv.spend_edge", params=_edge_text(edge)))
    per_order = gamma_gamma_expected_spend(gg, x, np.where(m > 0, m, 0.0))
    values["predicted_revenue"] = expected * per_order
    return result()


# --------------------------------------------------------------------------------------------
# Which purchase model (issue 12): clv.model auto | bgnbd | mbgnbd
# --------------------------------------------------------------------------------------------

PurchaseFit = Callable[[FloatArray, FloatArray, FloatArray, float], BgNbdParams]
PurchaseAlive = Callable[[BgNbdParams, FloatArray, FloatArray, FloatArray], FloatArray]
PurchaseExpected = Callable[[BgNbdParams, float, FloatArray, FloatArray, FloatArray], FloatArray]


def _fit_bg(x: FloatArray, tx: FloatArray, age: FloatArray, penalizer: float) -> BgNbdParams:
    return fit_bgnbd(x, tx, age, penalizer=penalizer)  # looked up at call time (tests patch it)


def _fit_mbg(x: FloatArray, tx: FloatArray, age: FloatArray, penalizer: float) -> BgNbdParams:
    return fit_mbgnbd(x, tx, age, penalizer=penalizer)


PURCHASE_MODELS: dict[str, tuple[PurchaseFit, PurchaseAlive, PurchaseExpected]] = {
    "bgnbd": (_fit_bg, bgnbd_p_alive, bgnbd_expected_purchases),
    "mbgnbd": (_fit_mbg, mbgnbd_p_alive, mbgnbd_expected_purchases),
}
"""Purchase models by name: (fit, P(alive), expected purchases)."""


@dataclass(frozen=True)
class ModelChoice:
    """Which purchase model ``clv.model: auto`` picked, and the figures it compared.

    ``basis`` ``holdout``: both models fitted on the history up to ``calibration_end``, then
    checked on the ``holdout_days`` after it, as P(alive) is used — to rank customers: ``score``
    per model is the AUC of its P(alive) for "bought again in the window" (the probability that
    a customer who came back is ranked above one who did not; 0.5 is chance; higher wins).
    ``deviance``: the mean Poisson deviance of each model's expected purchase days against the
    actual ones (lower is better), reported, and the tie-break.
    ``basis`` ``in_sample`` (the history is too short to hold part of it out, or too few
    repeat buyers before the split): both fitted on all the history; ``score`` is minus the
    mean log-likelihood per customer (the models have the same number of parameters).
    ``basis`` ``none``: neither could be fitted; BG/NBD is kept (its warning follows).
    """

    model: str
    basis: str
    score: dict[str, float | None]
    deviance: dict[str, float | None] = field(default_factory=dict)
    predicted: dict[str, float | None] = field(default_factory=dict)
    actual: float | None = None
    customers: int = 0
    holdout_days: int | None = None
    calibration_end: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "chosen": self.model,
            "basis": self.basis,
            "customers": self.customers,
        }
        if self.holdout_days is not None:
            out["holdout_days"] = self.holdout_days
            out["calibration_end"] = self.calibration_end
            out["actual_purchase_days"] = self.actual
        for name, value in self.score.items():
            key = "p_alive_auc" if self.basis == "holdout" else "neg_log_likelihood"
            out[f"{name}_{key}"] = None if value is None else round(value, 6)
        for name, value in self.deviance.items():
            out[f"{name}_deviance"] = None if value is None else round(value, 6)
        for name, value in self.predicted.items():
            out[f"{name}_predicted_purchase_days"] = None if value is None else round(value, 3)
        return out


def _auc(score: FloatArray, positive: npt.NDArray[np.bool_]) -> float | None:
    """Area under the ROC curve of *score* for *positive* (ties count half), by ranks."""
    n_pos = int(positive.sum())
    n_neg = int(positive.size - n_pos)
    if n_pos == 0 or n_neg == 0:
        return None
    ranks = pd.Series(score).rank(method="average").to_numpy(dtype=np.float64)
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


def _poisson_deviance(actual: FloatArray, predicted: FloatArray) -> float:
    mu = np.maximum(predicted, 1e-12)
    with np.errstate(divide="ignore", invalid="ignore"):
        term = np.where(actual > 0, actual * np.log(actual / mu), 0.0)
    return float(np.mean(2.0 * (term - (actual - mu))))


def choose_purchase_model(
    orders: pd.DataFrame,
    as_of: dt.date,
    horizon_days: int = 365,
    min_repeat_customers: int = 20,
    time_unit_days: float = 7.0,
    *,
    penalizer: float = 0.0,
    days: pd.DataFrame | None = None,
) -> ModelChoice:
    """Pick BG/NBD or MBG/NBD by how well each predicts the run's own later history.

    The held-out window is ``min(horizon_days, a third of the history)`` days before *as_of*
    (at least one time unit); the calibration customers are those with a purchase day up to
    its start. Each model is fitted on the calibration history; the one whose P(alive) ranks
    the customers who bought again in the window higher (AUC) wins, then the lower mean
    Poisson deviance of expected purchase days (ties: BG/NBD). With no usable window, or fewer than *min_repeat_customers* repeat buyers before
    it, the models are compared on their in-sample log-likelihood instead. See
    :class:`ModelChoice`. A model that fails to fit loses; vectorised, four fits at most.
    """
    unit = float(time_unit_days)
    days = purchase_days(orders) if days is None else days
    full = repeat_summary(orders, as_of, unit, days=days)
    span_days = float(full["T"].max() * unit) if len(full) else 0.0
    holdout = int(min(horizon_days, span_days // 3))
    if holdout >= unit:
        start = as_of - dt.timedelta(days=holdout)
        calibration = repeat_summary(orders, start, unit, days=days)
        x = calibration["frequency"].to_numpy(dtype=np.float64)
        if int((x > 0).sum()) >= min_repeat_customers:
            tx = calibration["recency"].to_numpy(dtype=np.float64)
            age = calibration["T"].to_numpy(dtype=np.float64)
            # (each customer's row of the full summary: Arrow's look-up, not reindex's table)
            at = positions(calibration.index, full.index)
            later = np.where(at >= 0, full["frequency"].to_numpy(dtype=np.float64)[at], np.nan)
            actual = later - x
            score: dict[str, float | None] = {}
            deviance: dict[str, float | None] = {}
            predicted: dict[str, float | None] = {}
            for name, (fit, alive_of, expected_of) in PURCHASE_MODELS.items():
                try:
                    params = fit(x, tx, age, penalizer)
                except ModelFitError:
                    score[name] = deviance[name] = predicted[name] = None
                    continue
                score[name] = _auc(alive_of(params, x, tx, age), actual > 0)
                mu = expected_of(params, holdout / unit, x, tx, age)
                ok = np.isfinite(mu)
                deviance[name] = _poisson_deviance(actual[ok], mu[ok])
                predicted[name] = float(mu[ok].sum())
            fitted = any(v is not None for v in deviance.values())
            return ModelChoice(
                model=_best(score, deviance),
                basis="holdout" if fitted else "none",
                score=score,
                deviance=deviance,
                predicted=predicted,
                actual=float(actual.sum()),
                customers=len(calibration),
                holdout_days=holdout,
                calibration_end=start.isoformat(),
            )
    x = full["frequency"].to_numpy(dtype=np.float64)
    score = {}
    if int((x > 0).sum()) >= min_repeat_customers:
        tx = full["recency"].to_numpy(dtype=np.float64)
        age = full["T"].to_numpy(dtype=np.float64)
        likelihood = {"bgnbd": bgnbd_log_likelihood, "mbgnbd": mbgnbd_log_likelihood}
        for name, (fit, _alive, _expected) in PURCHASE_MODELS.items():
            try:
                params = fit(x, tx, age, penalizer)
            except ModelFitError:
                score[name] = None
                continue
            score[name] = -float(likelihood[name](params, x, tx, age).mean())
    basis = "in_sample" if any(v is not None for v in score.values()) else "none"
    negative = {k: (None if v is None else -v) for k, v in score.items()}
    return ModelChoice(model=_best(negative, score), basis=basis, score=score, customers=len(full))


def _best(higher: dict[str, float | None], lower: dict[str, float | None]) -> str:
    """The model with the highest *higher* score, then the lowest *lower*; BG/NBD when none
    is known (or on a full tie)."""

    def key(name: str) -> tuple[float, float, bool]:
        h, lo = higher.get(name), lower.get(name)
        return (
            -(h if h is not None and np.isfinite(h) else -np.inf),
            lo if lo is not None and np.isfinite(lo) else np.inf,
            name != "bgnbd",
        )

    known = [k for k in PURCHASE_MODELS if higher.get(k) is not None or lower.get(k) is not None]
    return min(known, key=key) if known else "bgnbd"


# --------------------------------------------------------------------------------------------
# The step of the run
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fitted:
    """What the value step makes of the order lines alone (:func:`fit`): the purchase model it
    used, the choice between the models (``clv.model`` auto or learned), the prediction per
    customer of the lines and, with ``learned``, the learned value model's."""

    model: str
    choice: ModelChoice | None
    predicted: ValuePrediction
    learned: LearnedValue | None = None


def fit(lines: pd.DataFrame, as_of: dt.date, cfg: CLVConfig) -> Fitted:
    """The models fitted on the order lines up to *as_of* and their predictions (the step's
    ``from_lines``: the ``tiercli`` command fits them beside the customer table)."""
    model: str = cfg.model
    choice: ModelChoice | None = None
    days = purchase_days(lines)  # the day table once, for every summary below
    if model in ("auto", "learned"):
        choice = choose_purchase_model(
            lines,
            as_of,
            cfg.horizon_days,
            cfg.min_repeat_customers,
            cfg.time_unit_days,
            penalizer=cfg.penalizer,
            days=days,
        )
        model = choice.model
    predicted = predict_value(
        lines,
        as_of,
        cfg.horizon_days,
        cfg.min_repeat_customers,
        cfg.time_unit_days,
        penalizer=cfg.penalizer,
        purchase_model=model,
        days=days,
    )
    learned = None
    if cfg.model == "learned":
        learned = learn_value(lines, as_of, cfg.horizon_days, cfg.learn_windows, cfg.seed)
    return Fitted(model, choice, predicted, learned)


def classify(ctx: Context, cfg: CLVConfig) -> Classified:
    """P(alive), expected orders and predicted revenue for every customer of the table.

    Fitted on the order lines (``ctx.lines``) up to ``ctx.as_of`` (:func:`fit`, unless the run
    fitted them beforehand: ``ctx.early``); customers without a purchase day (prospects,
    returns only) get NaN. ``details``: ``horizon_days`` and the fit
    (:meth:`ValueFit.as_dict`).
    """
    fitted = ctx.early.get(NAME) or fit(ctx.lines, ctx.as_of, cfg)
    predicted = fitted.predicted
    index = ctx.customers.index  # reindexed by Arrow's look-up (450k ids: 0.25 -> ~0.1 s)
    columns = taken(predicted.values, positions(index, predicted.values.index), index)
    details: dict[str, Any] = {"horizon_days": cfg.horizon_days, **predicted.fit.as_dict()}
    warnings = list(predicted.warnings)
    if fitted.choice is not None:
        details["purchase_model"] = fitted.model
        details["model_choice"] = fitted.choice.as_dict()
    learned = fitted.learned
    if learned is not None:
        warnings.extend(learned.warnings)
        details["learned"] = learned.details
        if learned.predicted is not None:
            # The purchase model still gives P(alive) and expected orders; the learned model
            # replaces predicted revenue (customers it has no row for: empty).
            columns = columns.assign(
                predicted_revenue=learned.predicted.reindex(columns.index).astype("float64")
            )
            details["value_model"] = "learned"
    return Classified(columns, details, warnings)


def _value(customers: pd.DataFrame, cid: str, column: str) -> float | None:
    if column not in customers.columns:
        return None
    value = customers.at[cid, column]
    return None if pd.isna(value) else float(value)


def explain(
    customers: pd.DataFrame, cid: str, cfg: CLVConfig, details: dict[str, Any]
) -> Explanation:
    """The customer's predicted value and the model behind it, or why there is none."""
    values = {c: _value(customers, cid, c) for c in VALUE_COLUMNS}
    p_alive, orders, revenue = (values[c] for c in VALUE_COLUMNS)
    model = str(details.get("purchase_model") or "bgnbd")
    fitted = details.get(f"{model}_r") is not None
    model_name = _MODEL_NAMES.get(model, _MODEL_NAMES["bgnbd"])
    horizon = int(details.get("horizon_days", cfg.horizon_days))
    fitted_on = _customers(int(details.get("customers") or 0))
    need = cfg.min_repeat_customers
    repeat = int(details.get("repeat_customers") or 0)
    if not fitted:
        if repeat < need:
            rule = (
                msg("clv.skipped_no_repeat", need=need)
                if repeat == 0
                else msg("clv.skipped_few_repeat", customers=_customers(repeat), need=need)
            )
        else:
            rule = msg("clv.rule_fit_failed")
    elif p_alive is None:
        rule = msg("clv.rule_no_purchase")
    elif orders is None:
        rule = msg("clv.rule_nan")
    elif revenue is None:
        rule = msg(
            "clv.rule_no_revenue",
            model=model_name,
            customers=fitted_on,
            horizon=horizon,
            orders=orders,
            p_alive=p_alive,
        )
    else:
        rule = msg(
            "clv.rule",
            model=model_name,
            customers=fitted_on,
            horizon=horizon,
            orders=orders,
            p_alive=p_alive,
            revenue=revenue,
        )
    data = {
        key: details.get(key)
        for key in (
            "horizon_days",
            "time_unit_days",
            "customers",
            "repeat_customers",
            "spend_customers",
            "purchase_model",
            f"{model}_r",
            f"{model}_alpha",
            f"{model}_a",
            f"{model}_b",
            "gamma_gamma_p",
            "gamma_gamma_q",
            "gamma_gamma_v",
            "model_choice",
        )
        if key in details or not key.startswith(("purchase_model", "model_choice"))
    }
    return Explanation(values=values, rules=[rule], data=data)


CLASSIFIER = Classifier(
    name=NAME,
    title=Both("价值预测", "Predicted value"),
    section="clv",
    settings=lambda cfg: cfg.clv,
    requires=(LINES,),
    provides=COLUMNS,
    classify=classify,
    summarise=None,
    explain=explain,
    messages=MESSAGES,
    imports=("scipy.special", "scipy.optimize"),
    from_lines=fit,
)
