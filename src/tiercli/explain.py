"""Why one customer got its scores and labels (``tiercli explain``).

:func:`explain_customer` takes a finished :class:`SegmentationResult` and a customer id (or
name) and returns a plain dict: the metrics, every scoring term (raw value, 0–1 value, weight,
points), the RFM scores with their cut points and the segment rule that matched, the ABC share,
the lifecycle rule, the nine trade labels with the inputs they came from, the predicted value
and the playbook rule. Nothing is recomputed differently from the run: scoring's own
:func:`tiercli.classifiers.scoring.explain` gives the scoring terms.
"""

from __future__ import annotations

import difflib
from typing import Any

import pandas as pd

from tiercli.classifiers import scoring
from tiercli.config.segments import first_match
from tiercli.errors import InputError
from tiercli.features import METRIC_COLUMNS
from tiercli.pipeline import SegmentationResult
from tiercli.summaries import TRADE_COLUMNS

METRICS = [*METRIC_COLUMNS[:-1], "inquiries_12m", METRIC_COLUMNS[-1]]
# Where each trade label comes from (for the explanation).
TRADE_INPUTS = {
    "profit_class": ["profit", "revenue"],
    "region": ["country"],
    "main_product_line": ["top_product_line", "top_product_line_share"],
    "inquiry_channel": ["source"],
    "deal_status": ["orders", "avg_order_value", "tenure_days"],
    "size_class": ["company_size", "employees"],
    "batch_class": ["median_order_quantity", "median_order_value"],
    "reorder_class": ["orders", "tenure_days", "median_gap_days"],
    "buyer_type": ["customer_type", "name", "industry"],
}


def find_customer(customers: pd.DataFrame, key: str) -> str:
    """The customer id for *key*: an id, or a name (case-insensitive, whole or unique part).

    An unknown key raises InputError with the closest ids and names.
    """
    key = key.strip()
    if key in customers.index:
        return key
    names = customers["name"].astype("string").fillna("")
    folded = names.str.casefold()
    exact = folded[folded == key.casefold()]
    if len(exact) == 1:
        return str(exact.index[0])
    partial = folded[folded.str.contains(key.casefold(), regex=False)]
    if len(partial) == 1:
        return str(partial.index[0])
    if len(partial) > 1:
        shown = ", ".join(f"{i} ({names[i]})" for i in partial.index[:8])
        raise InputError(
            f"--customer '{key}' matches {len(partial)} customers: {shown}. Give the customer id."
        )
    all_ids = [str(i) for i in customers.index]
    digits = "".join(ch for ch in key if ch.isdigit())
    same_number = [
        i
        for i in all_ids
        if digits and "".join(c for c in i if c.isdigit()).lstrip("0") == digits.lstrip("0")
    ]
    ids = same_number[:3] + [
        i for i in difflib.get_close_matches(key, all_ids, n=3, cutoff=0.6) if i not in same_number
    ]
    close_names = difflib.get_close_matches(key, names.tolist(), n=3, cutoff=0.5)
    hints = ids + [f"{n} ({names[names == n].index[0]})" for n in close_names]
    hint = f" Did you mean: {', '.join(hints)}?" if hints else ""
    raise InputError(f"--customer '{key}': no customer with that id or name.{hint}")


def _plain(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value


def explain_customer(result: SegmentationResult, key: str) -> dict[str, Any]:
    """Everything that decided one customer's scores and labels (see module docstring)."""
    customers = result.customers
    cid = find_customer(customers, key)
    row = customers.loc[cid]
    cfg = result.config
    out: dict[str, Any] = {
        "customer_id": cid,
        "name": _plain(row.get("name")),
        "as_of": result.as_of.isoformat(),
        "base_currency": result.base_currency,
        "metrics": {m: _plain(row[m]) for m in METRICS if m in row.index},
    }
    if "composite_score" in customers:
        out["scoring"] = scoring.explain(customers, cfg.scoring, cid)
    if "r_score" in customers:
        out["rfm"] = _rfm(row, result)
    if "abc_class" in customers:
        out["abc"] = _abc(customers, cid, result)
    if "lifecycle" in customers:
        out["lifecycle"] = _lifecycle(row, result)
    trade = {
        name: {
            "label": _plain(row[name]),
            "from": {c: _plain(row[c]) for c in TRADE_INPUTS[name] if c in row.index},
        }
        for name in TRADE_COLUMNS
        if name in row.index
    }
    if trade:
        out["trade"] = trade
    if "predicted_revenue" in customers:
        out["predicted_value"] = {
            k: _plain(row[k]) for k in ("p_alive", "expected_orders", "predicted_revenue")
        }
    if "action" in customers:
        out["playbook"] = _playbook(row, result)
    return out


def _rfm(row: pd.Series, result: SegmentationResult) -> dict[str, Any]:
    details = result.details.get("rfm", {})
    cfg = result.config.rfm
    scores = {a: _plain(row[f"{a}_score"]) for a in ("r", "f", "m")}
    out: dict[str, Any] = {
        "scores": scores,
        "code": _plain(row["rfm_code"]),
        "segment": _plain(row["rfm_segment"]),
        "cut_points": details.get("cut_points", {}),
        "metrics": {
            "recency": _plain(row["recency_days"]),
            "frequency": _plain(row[details.get("frequency_source", "orders")]),
            "monetary": _plain(row[details.get("monetary_source", "revenue")]),
        },
    }
    if any(v is None for v in scores.values()):
        out["rule"] = "not scored: no orders"
        return out
    basis, rules = cfg.rules()
    if basis == "split":
        splits = details.get("split_values", {})
        m = out["metrics"]
        combo = (
            2 if m["recency"] < splits["recency"] else 1,
            2 if m["frequency"] > splits["frequency"] else 1,
            2 if m["monetary"] > splits["monetary"] else 1,
        )
    else:
        combo = (scores["r"], scores["f"], scores["m"])
    hit = first_match(rules, combo)
    if hit is not None:
        rule: dict[str, Any] = rules[hit]
        ranges = (
            ", ".join(
                f"{axis} {rule[axis][0]}–{rule[axis][1]}"
                for axis in ("r", "f", "m")
                if rule.get(axis) is not None
            )
            or "catch-all"
        )
        basis_text = "high (2) / low (1) against the " + cfg.split if basis == "split" else "scores"
        out["rule"] = f"rule {hit + 1} of {len(rules)} ({basis_text}: {ranges}) → {rule['name']}"
    return out


def _abc(customers: pd.DataFrame, cid: str, result: SegmentationResult) -> dict[str, Any]:
    details = result.details.get("abc", {})
    source = details.get("value", "revenue")
    value = customers.loc[cid, source]
    buyers = customers.loc[customers["orders"].notna(), source].clip(lower=0)
    total = float(buyers.sum())
    before = float(buyers[buyers > value].sum()) / total if total > 0 else None
    klass = _plain(customers.loc[cid, "abc_class"])
    if before is None or pd.isna(value):
        rule = "no orders: no class"
    elif value <= 0:
        rule = f"{source} {value:,.2f} is not positive → {klass}"
    else:
        rule = (
            f"customers ranked above it hold {before:.1%} of {source} "
            f"(A below {details.get('a', 0.8):.0%}, B below {details.get('b', 0.95):.0%})"
            f" → {klass}"
        )
    return {"value": _plain(value), "share_before": before, "class": klass, "rule": rule}


def _lifecycle(row: pd.Series, result: SegmentationResult) -> dict[str, Any]:
    cfg = result.config.lifecycle
    stage = _plain(row["lifecycle"])
    recency, tenure = _plain(row["recency_days"]), _plain(row["tenure_days"])
    order_days = _plain(row["order_days"]) or 0
    gap = _plain(row["median_gap_days"])
    if stage == "prospect":
        rule = "no order yet → prospect"
    elif stage is None:
        rule = "only returns in the data (the purchases predate it): no stage"
    elif tenure is not None and tenure <= cfg.new_days:
        rule = f"first order {tenure} days ago ≤ new_days {cfg.new_days} → new"
    elif cfg.lost_after_days and recency > cfg.lost_after_days:
        rule = f"{recency} days since the last order > lost_after_days {cfg.lost_after_days} → lost"
    elif order_days >= 2:
        usual = max(gap, cfg.min_gap_days)
        rule = (
            f"{recency} days since the last order; usual gap {usual:g} days "
            f"(median {gap:g}, at least {cfg.min_gap_days:g}): active ≤ "
            f"{cfg.sleeping_after:g}× = {usual * cfg.sleeping_after:g}, sleeping ≤ "
            f"{cfg.lost_after:g}× = {usual * cfg.lost_after:g} → {stage}"
        )
    else:
        rule = (
            f"one order day, {recency} days ago: active ≤ {cfg.single_order_sleeping_days},"
            f" sleeping ≤ {cfg.single_order_lost_days} → {stage}"
        )
    return {"stage": stage, "rule": rule, "days_overdue": _plain(row.get("days_overdue"))}


def _playbook(row: pd.Series, result: SegmentationResult) -> dict[str, Any]:
    rules = result.config.playbook.rules
    matched = None
    for i, rule in enumerate(rules, start=1):
        if all(
            str(row.get(col)) in values for col, values in rule.when.items() if col in row.index
        ) and all(col in row.index for col in rule.when):
            matched = (i, rule)
            break
    out = {k: _plain(row[k]) for k in ("action", "service_level", "contact_frequency", "channel")}
    if matched:
        i, rule = matched
        when = " and ".join(f"{c} in {v}" for c, v in rule.when.items()) or "everyone else"
        out["rule"] = f"rule {i} of {len(rules)} ({when})"
    return out
