"""Canonical tables → the customer table: one row per customer, every metric the tiers use.

Input: :class:`tiercli.io.normalize.Tables` (``lines``, ``customers``, ``inquiries``) and the
as-of date. Output: a DataFrame indexed by ``customer_id`` with the columns of
:data:`tiercli.schema.CUSTOMER_TABLE` (their dtypes from the schema).

Definitions (DESIGN "The customer table"):

- ``orders``: distinct order ids of kept, non-return orders; ``order_days``: distinct dates.
- ``revenue``: kept order amounts in the base currency, net of returns; ``profit`` likewise
  (empty when the orders carry no profit column).
- ``avg_order_value`` / ``max_order_value``: over non-return orders (an order = its lines summed).
- ``recency_days`` = as-of − last order date; ``tenure_days`` = as-of − first order date.
- ``revenue_12m``: net revenue dated in (as-of − 365 days, as-of]; ``revenue_prev_12m``: the 365
  days before that; ``revenue_growth`` = 12m / prev − 1, empty when prev is not positive.
- ``median_gap_days``: median days between consecutive distinct order dates (empty with one).
- ``product_lines``: distinct product lines ordered; ``top_product_line`` and
  ``top_product_line_share``: the line with the largest share of the customer's gross order
  value, and that share (ties: the alphabetically first line);
- ``median_order_value`` / ``median_order_quantity``: the typical order (quantity empty when the
  orders carry no quantity column);
- ``inquiries``: inquiries up to the as-of; ``inquiries_12m``: those in the last 365 days;
  ``inquiry_conversion``: share of them followed by an order from the same customer within
  ``orders.conversion_window_days``.

A customer with no order (a prospect) has empty order metrics, not zeros.

With follow-up records (``tables.has_activities``) the table also has the follow-up metrics of
:func:`activity_metrics` (:data:`tiercli.schema.ACTIVITY_COLUMNS`): counts are 0 and dates empty
for a customer nobody followed up; records of ids that are not a customer of the orders,
customer list or inquiries only give the owner, never a row. Without them the table is exactly
as before.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from tiercli import schema
from tiercli.codes import (
    combined,
    first_rows,
    grouped,
    grouper,
    held,
    in_order_of_appearance,
    positions,
    runs,
    value_codes,
)
from tiercli.io.normalize import DAY_NS, Tables

ATTRIBUTE_COLUMNS = [c.name for c in schema.ATTRIBUTES if c.name != "customer_id"]


def _mode_per_customer(frame: pd.DataFrame, column: str) -> pd.Series:
    """Most frequent non-empty value of *column* per customer (ties: first in sort order)."""
    if not frame[column].notna().any():  # (an order export's names: no copy of its lines)
        return pd.Series(dtype="string")
    sub = frame[["customer_id", column]].dropna()
    if sub.empty:
        return pd.Series(dtype="string")
    counts = sub.groupby(["customer_id", column], sort=True).size().rename("n").reset_index()
    counts = counts.sort_values(["customer_id", "n"], ascending=[True, False], kind="stable")
    return counts.drop_duplicates("customer_id").set_index("customer_id")[column]


def _one_spelling(names: pd.Series) -> pd.Series:
    """Names that differ only in case (``Fiona Wang`` / ``FIONA WANG``) as one: the spelling
    most customers carry (ties: the first in sort order). ``--owner`` compares names so; a
    salesperson written two ways was two rows, one of them out of every ``--owner`` run."""
    known = names.dropna().astype("string")
    if known.empty:
        return names
    counts = known.value_counts().rename("n").reset_index()
    counts.columns = ["name", "n"]
    counts["key"] = counts["name"].str.casefold()
    chosen = counts.sort_values(["key", "n", "name"], ascending=[True, False, True], kind="stable")
    spelling = chosen.drop_duplicates("key").set_index("key")["name"]
    if len(spelling) == len(counts):  # (no two spellings of one name: as they are)
        return names
    return names.astype("string").str.casefold().map(spelling).where(names.notna(), names)


def _table_ids(
    customers: pd.DataFrame, lines: pd.DataFrame, inquiries: pd.DataFrame
) -> tuple[pd.Index, np.ndarray | None]:
    """The customer table's ids: every table's, sorted, held as Python strings (see
    :func:`tiercli.codes.held`). With the order lines' alone (no customer list, no inquiries),
    also where each of the lines' distinct ids (in :func:`~tiercli.codes.value_codes`' order)
    is among them — known from the sort, not looked up (ten million lines, 450k ids: ~0.2 s)."""
    if (
        customers.empty
        and inquiries.empty
        and isinstance(lines["customer_id"].array, pd.arrays.ArrowStringArray)
    ):
        distinct = pd.Index(value_codes(lines["customer_id"])[1]).astype("string")
        order = np.asarray(distinct.argsort(), dtype=np.intp)
        at = np.empty(len(order), dtype=np.intp)
        at[order] = np.arange(len(order))
        return held(distinct.take(order).rename("customer_id"), "python"), at
    ids = pd.Index(
        pd.concat([_distinct(t["customer_id"]) for t in (customers, lines, inquiries)])
        .dropna()
        .astype("string")
        .unique(),
        name="customer_id",
    ).sort_values()
    return held(ids, "python"), None  # computed (and classified) on Python strings


def _as_categories(
    values: pd.Series, dtype: pd.CategoricalDtype, at: np.ndarray | None = None
) -> pd.Series:
    """``values.astype(dtype)``; Arrow-held text is dictionary-encoded by Arrow and only the
    distinct ids are looked up among the categories (a million cells: ~4× faster). *at*: where
    each distinct value of *values* is among the categories, when the caller knows."""
    if not isinstance(values.array, pd.arrays.ArrowStringArray):
        return values.astype(dtype)
    codes, distinct = value_codes(values)
    found = positions(distinct, dtype.categories) if at is None else at
    remap = np.append(found, -1)  # code -1 (missing) → -1
    return pd.Series(
        pd.Categorical.from_codes(remap[codes], dtype=dtype), index=values.index, name=values.name
    )


def _distinct(values: pd.Series) -> pd.Series:
    """The distinct values of *values* (missing left out), by their codes (Arrow text is
    encoded once per run: the lines' ten million ids are not hashed again here)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return pd.Series(values.dropna().unique(), dtype=values.dtype.categories.dtype)
    return pd.Series(value_codes(values)[1])


def _days_before(as_of: pd.Timestamp, dates: pd.Series) -> np.ndarray:
    """``(as_of - dates).dt.days`` as a numpy array (a missing date: NaN), counted on the dates'
    integer nanoseconds: ten million lines' ages in ~0.02 s, not pandas' ~0.2–0.5 s of
    timedelta arithmetic (the same whole days, floored, pinned by a test)."""
    stamps = dates.to_numpy(dtype="datetime64[ns]").view(np.int64)
    age = (as_of.as_unit("ns").value - stamps) // DAY_NS
    missing = stamps == np.iinfo(np.int64).min
    return np.where(missing, np.nan, age) if missing.any() else age


def _placed(values: pd.Series, codes: np.ndarray, ids: pd.Index) -> pd.Series:
    """*values*, whose rows belong to the customers at positions *codes* of *ids* (-1: none),
    as one value per customer of *ids* (missing where a customer has none)."""
    if len(values) == 0:  # missing throughout, in the dtype the values have
        return values.reset_index(drop=True).reindex(range(len(ids))).set_axis(ids)
    codes = np.asarray(codes, dtype=np.intp)
    found = codes >= 0
    pos = np.full(len(ids), -1, dtype=np.intp)
    pos[codes[found]] = np.flatnonzero(found)
    return values.iloc[np.where(pos >= 0, pos, 0)].set_axis(ids).where(pos >= 0)


def _order_groups(customer: np.ndarray, order: np.ndarray, orders: int) -> tuple[np.ndarray, int]:
    """Each line's group — its (customer, order id) pair — numbered 0… in order of first
    appearance, and the number of groups (*customer*, *order*: the lines' codes; *orders*: how
    many order ids there are).

    When every order id belongs to one customer and none is missing (an order export), the
    order's code is the pair: the groups are the order codes renumbered, without hashing a
    key per line (10M lines: 0.64 → 0.13 s) — or the codes themselves when they already are
    numbered in order of first appearance among these lines (Arrow's encoding of these
    lines' ids). Otherwise, one 64-bit key per line, factorized.
    """
    owner = np.empty(orders, dtype=np.int64)
    owner[order] = customer  # any line's customer; a second customer shows below
    if len(order) and order.min() >= 0 and (owner[order] == customer).all():
        if in_order_of_appearance(order, orders):  # the codes of these lines' ids: as they are
            return order.astype(np.intp, copy=False), orders
        seen = np.zeros(orders, dtype=bool)
        seen[order] = True
        first = first_rows(order, orders, in_order=False)[seen]  # each seen order's first line
        starts = np.zeros(len(order), dtype=bool)
        starts[first] = True
        number = np.full(orders, -1, dtype=np.intp)
        number[seen] = (np.cumsum(starts) - 1)[first]  # numbered by where they first appear
        return number[order], int(seen.sum())
    group, keys = pd.factorize(combined(customer, orders + 1, order, 1))
    return group, len(keys)


def order_table(lines: pd.DataFrame) -> pd.DataFrame:
    """Non-return lines summed to orders: customer_id, order_date, amount, quantity (one row
    per customer and order id, in order of first appearance). The order ids themselves are not
    taken: the customer table reads none (ten million lines: 0.37 s to take four million ids
    from the lines' chunks).

    Grouped by one integer per line (customer code × order code) rather than by the two text
    columns: linear in the lines, where a two-column group-by of ten million is not.
    """
    sale = ~lines["is_return"].to_numpy(dtype=bool)
    customer, _ = value_codes(lines["customer_id"])
    # The sale lines' order ids encoded on their own: numbered in order of first appearance
    # among them, the codes are the groups of an order export as they are. (By their runs
    # when each order's lines come together, numbered up or down: no hash of the ids.)
    order_ids = lines["order_id"]
    sold = order_ids if sale.all() else pd.Series(order_ids.array[sale], copy=False)
    order, distinct = value_codes(sold, in_runs=True)
    orders = len(distinct)
    del sold, distinct  # the sale lines' ids and the distinct ids (10M lines: ~250 MB of text)
    group, groups = _order_groups(customer[sale], order, orders)
    del customer, order  # (10M lines: 80 MB each, not held through the group-by)
    quantity = lines["quantity"].to_numpy(dtype="float64")[sale]
    unknown = np.isnan(quantity)
    per = pd.DataFrame(
        {
            "order_date": lines["order_date"].to_numpy()[sale],
            "amount": lines["amount"].to_numpy(dtype="float64")[sale],
            "quantity": quantity,
            "unknown_quantity": unknown,
        },
        copy=False,  # the arrays as they are: not copied again into one block
    ).groupby(grouper(group, groups), sort=True, observed=False)  # every group has a line
    first = np.flatnonzero(sale)[first_rows(group, groups, in_order=True)]
    out = pd.DataFrame(
        {
            "customer_id": lines["customer_id"].array.take(first),
            "order_date": per["order_date"].min().to_numpy(),
            "amount": per["amount"].sum().to_numpy(),
            "quantity": per["quantity"].sum().to_numpy(),
        },
        copy=False,
    )
    # A missing quantity stays missing: an order with a line of unknown quantity has none.
    # (Every quantity known, as in most exports: no group-by to find none. 10M lines: 60 ms.)
    if unknown.any():
        out["quantity"] = out["quantity"].where(~per["unknown_quantity"].any().to_numpy())
    return out


# The order-line columns the customer table reads (the rest are not copied when lines are
# filtered).
LINE_COLUMNS: tuple[str, ...] = (
    "customer_id",
    "order_id",
    "order_date",
    "amount",
    "profit",
    "quantity",
    "product_line",
    "country",
    "customer_name",
    "owner",
    "is_return",
)


def build_customer_table(
    tables: Tables, as_of: dt.date, conversion_window_days: int = 90
) -> pd.DataFrame:
    """The customer table (see module docstring), indexed by customer_id, sorted by id."""
    lines, inquiries, customers = tables.lines, tables.inquiries, tables.customers
    as_of_ts = pd.Timestamp(as_of)
    ids, line_ids_at = _table_ids(customers, lines, inquiries)
    out = pd.DataFrame(index=ids)
    # Every group-by below is by customer: the ids become categorical codes once (the
    # categories are the sorted ids, so code order is id order) instead of hashing a million
    # strings in each group-by.
    by_id = pd.CategoricalDtype(ids)
    used = [c for c in LINE_COLUMNS if c in lines]
    lines = lines[used].assign(customer_id=_as_categories(lines["customer_id"], by_id, line_ids_at))

    def at(values: pd.Series) -> pd.Series:
        """*values* per customer, in the order of ``ids`` (matched by code, not by text)."""
        if isinstance(values.index, pd.CategoricalIndex) and values.index.dtype == by_id:
            # by code positions (a reindex on the categorical index trips over code widths)
            return _placed(values, values.index.codes, ids)
        if values.empty:  # (an order export's names, countries, owners: nothing to look up)
            return _placed(values, np.zeros(0, dtype=np.intp), ids)
        return values.reindex(ids)

    attrs = customers.drop_duplicates("customer_id").set_index("customer_id")
    for column in ATTRIBUTE_COLUMNS:
        out[column] = attrs[column].pipe(at) if column in attrs else pd.NA
    out["name"] = out["name"].fillna(_mode_per_customer(lines, "customer_name").pipe(at))
    for source in (lines, inquiries):
        out["country"] = out["country"].fillna(_mode_per_customer(source, "country").pipe(at))
    out["name"] = out["name"].fillna(_mode_per_customer(inquiries, "name").pipe(at))
    activities = tables.activities
    # the customer list's owner, else the orders', the inquiries', the follow-ups'
    for source in (lines, inquiries, activities):
        if "owner" in source:
            out["owner"] = out["owner"].fillna(_mode_per_customer(source, "owner").pipe(at))
    out["owner"] = _one_spelling(out["owner"])
    if not inquiries.empty:
        first_source = (
            inquiries.dropna(subset=["source"])
            .sort_values("inquiry_date", kind="stable")
            .drop_duplicates("customer_id")
            .set_index("customer_id")["source"]
        )
        out["source"] = out["source"].fillna(first_source.pipe(at))

    orders = order_table(lines)
    # Group-bys by the integer codes of the ids (a customer's position in ``ids``).
    order_code = np.asarray(orders["customer_id"].cat.codes, dtype=np.intp)
    # (observed=False: a customer without orders is a group of none, whose min, max, mean
    # and median are missing, as an absent one's; see codes.grouper)
    per = orders.groupby(grouper(order_code, len(ids)), sort=True, observed=False)

    def placed(values: pd.Series) -> pd.Series:
        """*values* indexed by code → one per customer of ``ids`` (missing where absent)."""
        return _placed(values, values.index.to_numpy(dtype=np.intp), ids)

    out["first_order_date"] = placed(per["order_date"].min())
    out["last_order_date"] = placed(per["order_date"].max())
    out["recency_days"] = (as_of_ts - out["last_order_date"]).dt.days
    codes = np.asarray(lines["customer_id"].cat.codes, dtype=np.intp)
    has_lines = pd.Series(np.bincount(codes[codes >= 0], minlength=len(ids)) > 0, index=ids)
    # A customer whose only kept lines are returns has 0 orders (not a prospect: empty).
    # order_table has one row per (customer, order id): its rows per customer are the orders.
    out["orders"] = pd.Series(np.bincount(order_code, minlength=len(ids)), index=ids).where(
        has_lines
    )
    # The distinct (customer, order day) pairs, sorted, as one integer each.
    day = orders["order_date"].dt.normalize().to_numpy(dtype="datetime64[D]").astype(np.int64)
    low = int(day.min()) if len(day) else 0
    span = (int(day.max()) - low + 1) if len(day) else 1
    pair = np.sort(combined(order_code, span, day, -low))
    pair = pair[np.r_[True, pair[1:] != pair[:-1]]] if len(pair) else pair
    pair_code, pair_day = pair // span, pair % span
    del day, pair  # (each temporary here is one integer per order: tens of MB at 10M lines)
    days_per = np.bincount(pair_code, minlength=len(ids))
    out["order_days"] = pd.Series(days_per, index=ids).where(has_lines)

    by_customer = grouper(codes, len(ids))
    by_line = lines.groupby(by_customer, sort=True, observed=False)
    out["revenue"] = placed(by_line["amount"].sum()).where(has_lines)  # (none: sum 0)
    out["profit"] = placed(by_line["profit"].sum(min_count=1)) if tables.has_profit else np.nan
    del by_line  # and its cached grouping of the lines
    out["avg_order_value"] = placed(per["amount"].mean())
    out["max_order_value"] = placed(per["amount"].max())

    # Revenue in the last 12 months and the 12 before: each window's own lines summed (the
    # same sums, added in the same order, as all lines with the others' amounts left out —
    # NaN, which the sum skips — for a group-by of the window's lines only: a long history's
    # windows hold a fraction of its lines).
    age = _days_before(as_of_ts, lines["order_date"])
    amount = lines["amount"].to_numpy(dtype="float64")

    def window(inside: np.ndarray) -> pd.Series:
        return (
            pd.Series(amount[inside])
            .groupby(grouper(codes[inside], len(ids)), sort=True, observed=False)
            .sum()
        )

    in_12m = window(age < 365)
    in_prev = window((age >= 365) & (age < 730))
    del age
    out["revenue_12m"] = placed(in_12m).fillna(0.0).where(has_lines)
    out["revenue_prev_12m"] = placed(in_prev).fillna(0.0).where(has_lines)
    prev = out["revenue_prev_12m"]
    out["revenue_growth"] = (out["revenue_12m"] / prev - 1).where(prev > 0)

    again = np.zeros(len(pair_code), dtype=bool)  # a later day of the same customer
    again[1:] = pair_code[1:] == pair_code[:-1]
    gap = np.diff(pair_day, prepend=0)[again].astype("float64")
    out["median_gap_days"] = placed(
        pd.Series(gap)
        .groupby(grouper(pair_code[again], len(ids)), sort=True, observed=False)
        .median()
    )
    del again, gap, pair_code, pair_day
    out["tenure_days"] = (as_of_ts - out["first_order_date"]).dt.days

    if tables.has_product_line:
        count, top_line, top_share = _product_lines(lines, codes, ids)
        out["product_lines"] = count.where(has_lines)
        out["top_product_line"] = top_line
        out["top_product_line_share"] = top_share
    else:
        out["product_lines"] = np.nan
        out["top_product_line"] = pd.NA
        out["top_product_line_share"] = np.nan
    out["median_order_value"] = placed(per["amount"].median())
    has_quantity = lines["quantity"].notna().any()
    out["median_order_quantity"] = placed(per["quantity"].median()) if has_quantity else np.nan

    if tables.has_inquiries:
        counts = inquiries.groupby("customer_id").size()
        out["inquiries"] = counts.pipe(at).fillna(0)
        # Undated inquiries cannot be placed in time: a customer whose inquiries are all
        # undated has no 12-month count and no conversion (empty, not 0); with no inquiry
        # date at all, both columns are empty.
        dated = inquiries.dropna(subset=["inquiry_date"]).groupby("customer_id").size()
        dated = dated.pipe(at).fillna(0)
        known = (dated > 0) | (out["inquiries"] == 0)
        any_dated = bool(inquiries["inquiry_date"].notna().any())
        recent = inquiries.loc[(as_of_ts - inquiries["inquiry_date"]).dt.days < 365]
        out["inquiries_12m"] = (
            recent.groupby("customer_id").size().pipe(at).fillna(0).where(known & any_dated)
        )
        converted = _converted_inquiries(inquiries, orders, conversion_window_days)
        out["inquiry_conversion"] = (converted.pipe(at).fillna(0) / dated).where(dated > 0)
    else:
        out["inquiries"] = np.nan
        out["inquiries_12m"] = np.nan
        out["inquiry_conversion"] = np.nan

    columns = list(schema.CUSTOMER_TABLE[1:])
    if tables.has_activities:
        contacts = activity_metrics(activities, as_of).pipe(lambda f: f.reindex(ids))
        out = out.join(contacts)
        out["contacts_90d"] = out["contacts_90d"].fillna(0)
        for column in ("quotes_12m", "samples_12m"):
            out[column] = out[column].fillna(0)
        columns += list(schema.ACTIVITY_COLUMNS)
    return out[columns].astype({c: schema.COLUMNS[c].dtype for c in columns})


def activity_metrics(activities: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Per customer with follow-up records: :data:`tiercli.schema.ACTIVITY_COLUMNS`.

    Input: the canonical activities (customer_id, activity_date, activity_type, outbound,
    answered) up to the as-of date. ``last_contact_date`` / ``last_contact_type``: the latest
    record (on a day with several, the last one listed); ``days_since_contact`` = as-of − that
    date; ``contacts_90d``: records in the 90 days up to the as-of (age 0-89 days);
    ``quotes_12m`` / ``samples_12m``: outbound quotes and samples in the last 365 days;
    ``reply_rate``: answered / outbound records (empty without an outbound one).
    """
    as_of_ts = pd.Timestamp(as_of)
    frame = activities.loc[activities["activity_date"] <= as_of_ts]
    frame = frame.assign(customer_id=frame["customer_id"].astype("string"))
    latest = frame.sort_values(["customer_id", "activity_date"], kind="stable").drop_duplicates(
        "customer_id", keep="last"
    )
    latest = latest.set_index("customer_id")
    age = (as_of_ts - frame["activity_date"]).dt.days
    outbound = frame["outbound"].astype(bool)
    by = frame["customer_id"]
    counted = (
        pd.DataFrame(
            {
                "recent": age < 90,
                "quote": outbound & (frame["activity_type"] == "quote") & (age < 365),
                "sample": outbound & (frame["activity_type"] == "sample") & (age < 365),
                "outbound": outbound,
                "answered": outbound & frame["answered"].astype(bool),
            }
        )
        .groupby(by)
        .sum()
    )
    out = pd.DataFrame(index=latest.index)
    out["last_contact_date"] = latest["activity_date"]
    out["last_contact_type"] = latest["activity_type"]
    out["days_since_contact"] = (as_of_ts - latest["activity_date"]).dt.days
    out["contacts_90d"] = counted["recent"]
    out["quotes_12m"] = counted["quote"]
    out["samples_12m"] = counted["sample"]
    out["reply_rate"] = (counted["answered"] / counted["outbound"]).where(counted["outbound"] > 0)
    return out


def _product_lines(
    lines: pd.DataFrame, codes: np.ndarray, ids: pd.Index
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Per customer of *ids* (*codes*: each line's position in *ids*), from one group-by of the
    non-return lines by (customer, product line) as one integer: how many product lines were
    ordered, and the line with the largest gross order value with its share (ties: the
    alphabetically first line)."""
    line, names = value_codes(lines["product_line"])
    rank = np.empty(len(names), dtype=np.int64)
    rank[names.argsort(kind="stable")] = np.arange(len(names))  # alphabetical position
    keep = ~lines["is_return"].to_numpy(dtype=bool) & (line >= 0)
    width = len(names) + 1
    key = combined(codes[keep], width, rank[line[keep]])
    del line
    amount = lines["amount"].to_numpy(dtype="float64")[keep]
    pairs, value = _pair_sums(key, amount, len(ids) * width)
    del key, amount
    who, which = pairs // width, pairs % width
    count = pd.Series(np.bincount(who, minlength=len(ids)), index=ids, dtype="float64")
    gross = np.clip(value, 0, None)
    total = pd.Series(gross).groupby(who, sort=True).transform("sum").to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(total > 0, gross / total, np.nan)
    # Per customer (a run of the pairs, in line-name order): the first pair of the largest
    # value, so ties go to the alphabetically first line (a missing value counts least).
    first = np.zeros(0, dtype=np.intp)
    if len(pairs):
        starts = runs(who)
        run = np.repeat(np.arange(len(starts)), np.diff(np.append(starts, len(who))))
        ranked = np.where(np.isnan(gross), -np.inf, gross)
        largest = np.flatnonzero(ranked == np.maximum.reduceat(ranked, starts)[run])
        first = largest[runs(run[largest])]
    by_name = names[np.argsort(rank)]
    top_line = pd.Series(pd.NA, index=ids, dtype=lines["product_line"].dtype)
    top_share = pd.Series(np.nan, index=ids)
    top_line.iloc[who[first]] = by_name[which[first]]
    top_share.iloc[who[first]] = share[first]
    return count, top_line, top_share


def _pair_sums(key: np.ndarray, amount: np.ndarray, cells: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct *key* values (0 … cells-1), sorted, and the sum of *amount* over each one's
    rows, added in file order.

    Where there are no more possible keys than rows (a few product lines: 10M lines by 450k
    customers × 10 lines), each row's amount is added into its key's cell (``bincount``) — no
    sort (10M lines: 0.8 → ~0.15 s); otherwise one sort of the keys (:func:`codes.grouped`, not
    a group-by hashing ten million of them). The cells add a key's amounts one after another,
    the sort's sums pairwise: equal to a few units in the last place.
    """
    if cells <= max(len(key), 1 << 16):
        filled = np.bincount(key, minlength=cells) > 0
        sums = np.bincount(key, weights=amount, minlength=cells)
        pairs = np.flatnonzero(filled)
        return pairs, sums[pairs]
    pairs, order, start = grouped(key)
    return pairs, np.add.reduceat(amount[order], start) if len(pairs) else np.zeros(0)


def _converted_inquiries(
    inquiries: pd.DataFrame, orders: pd.DataFrame, window_days: int
) -> pd.Series:
    """Per customer, inquiries followed by an order within *window_days* (same or later day)."""
    dated = inquiries.dropna(subset=["inquiry_date"])[["customer_id", "inquiry_date"]]
    if dated.empty or orders.empty:
        return pd.Series(dtype="float64")
    left = dated.assign(
        inquiry_date=dated["inquiry_date"].dt.normalize().astype("datetime64[ns]"),
        customer_id=dated["customer_id"].astype("string"),
    ).sort_values("inquiry_date", kind="stable")
    right = (
        orders[["customer_id", "order_date"]]
        .assign(
            order_date=orders["order_date"].dt.normalize().astype("datetime64[ns]"),
            customer_id=orders["customer_id"].astype("string"),
        )
        .drop_duplicates()
        .sort_values("order_date", kind="stable")
    )
    matched = pd.merge_asof(
        left,
        right,
        left_on="inquiry_date",
        right_on="order_date",
        by="customer_id",
        direction="forward",
        tolerance=pd.Timedelta(days=window_days),
    )
    return matched.assign(hit=matched["order_date"].notna()).groupby("customer_id")["hit"].sum()
