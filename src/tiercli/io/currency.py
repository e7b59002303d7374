"""Conversion to the base currency at each order's date.

Rates come from the ECB reference rates that the ``currencyconverter`` package ships (offline),
or from fixed rates in the config (``currency.rates``: units of base currency per one unit).
Fixed rates win over ECB rates for the same currency.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from tiercli.catalogue import Message, define, msg
from tiercli.codes import value_codes
from tiercli.config.models import CurrencyConfig

define(
    {
        "io.stale_rates": (
            "{code}：欧洲央行汇率覆盖 {lo} 至 {hi}，另有 {n} 个下单日超出该范围 {days} 天以上，"
            "使用最接近的汇率（可在 currency.rates.{code} 中设置固定汇率）",
            "{code}: ECB rates cover {lo} to {hi}; {n} order day(s) more than {days} days "
            "outside that range use the nearest rate (set currency.rates.{code} to fix one rate)",
        ),
    }
)

STALE_DAYS = 7  # nearest-rate days beyond a currency's ECB range that go unreported


@lru_cache(maxsize=8)
def _converter(wanted: frozenset[str] | None = None) -> Any:
    """The ECB converter (missing days interpolated, no rates outside a currency's range).

    With *wanted*, only those currencies' rates are read and interpolated (the package's loader
    does all ~40, which is most of its half second); the others still count in ``currencies``
    and ``bounds``, so both are exactly what the full converter has.
    """
    from currency_converter import CurrencyConverter
    from currency_converter.currency_converter import Bounds

    class _Wanted(CurrencyConverter):
        def load_file(self, currency_file: str) -> None:
            if wanted is None or self.cast is not float or not currency_file.endswith(".zip"):
                super().load_file(currency_file)
                return
            try:
                parsed = _read_rates(Path(currency_file).read_bytes(), wanted, self.na_values)
            except (pa.ArrowException, ValueError, KeyError, IndexError):
                super().load_file(currency_file)  # a file of another shape: the package reads it
                return
            self._take(*parsed)

        def load_lines(self, lines: Any) -> None:
            if wanted is None:
                super().load_lines(lines)
                return
            self._take(*_parse_rates(lines, wanted, self.na_values, self.cast))

        def _take(
            self,
            rates: dict[str, dict[dt.date, Any]],
            first: dict[str, dt.date],
            last: dict[str, dt.date],
        ) -> None:
            self._rates = rates
            self.currencies = set(first) | {self.ref_currency}
            self.bounds = {code: Bounds(first[code], last[code]) for code in first}
            self.bounds[self.ref_currency] = Bounds(min(first.values()), max(last.values()))
            for code in sorted(self._rates):
                if self.cast is float:
                    self._rates[code] = _interpolated(self._rates[code], first[code], last[code])
                else:
                    self._set_missing_to_none(code)
                    self._use_linear_interpolation(code)

    return _Wanted(fallback_on_missing_rate=True, fallback_on_wrong_date=False)


def _interpolated(
    rates: dict[dt.date, float], first: dt.date, last: dt.date
) -> dict[dt.date, float]:
    """*rates* with every missing day from *first* to *last* filled as the package's
    ``_set_missing_to_none`` + ``_use_linear_interpolation`` fill it — (r0·d1 + r1·d0) / (d0 + d1)
    from the closest rates before and after, d0 and d1 days away — computed by numpy in the same
    float operations, so bit for bit the same; missing days are added after the others in date
    order, as there."""
    low = first.toordinal()
    values = np.full(last.toordinal() - low + 1, np.nan)
    days = np.fromiter((day.toordinal() - low for day in rates), dtype=np.int64, count=len(rates))
    values[days] = np.fromiter(rates.values(), dtype=np.float64, count=len(rates))
    missing = np.flatnonzero(np.isnan(values))
    if not len(missing):
        return rates
    position = np.arange(len(values))
    known = ~np.isnan(values)
    before = np.maximum.accumulate(np.where(known, position, -1))[missing]
    after = np.minimum.accumulate(np.where(known, position, len(values))[::-1])[::-1][missing]
    d0, d1 = missing - before, after - missing
    filled = (values[before] * d1 + values[after] * d0) / (d0 + d1)
    out = dict(rates)
    added = [dt.date.fromordinal(low + i) for i in missing.tolist()]
    out.update(zip(added, filled.tolist(), strict=True))
    return out


def _read_rates(
    content: bytes, wanted: frozenset[str], na_values: Any
) -> tuple[dict[str, dict[dt.date, Any]], dict[str, dt.date], dict[str, dt.date]]:
    """:func:`_parse_rates` of the packaged ECB zip, read by Arrow's CSV reader (its numbers
    are correctly rounded, as ``float()`` is): the same rates, first and last dates, without
    splitting ~7,000 lines of ~40 cells in Python."""
    import io
    from collections import defaultdict
    from zipfile import ZipFile

    import pyarrow.csv as pacsv

    with ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        if len(names) != 1:
            raise ValueError(f"{len(names)} files in the ECB archive")
        data = archive.read(names[0])
    header = [c.strip() for c in data[: data.index(b"\n")].decode("utf-8").split(",")]
    names = [f"c{i}" for i in range(len(header))]
    table = pacsv.read_csv(
        io.BytesIO(data),
        read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
        convert_options=pacsv.ConvertOptions(
            column_types={"c0": pa.date32(), **{n: pa.float64() for n in names[1:]}},
            null_values=sorted(na_values),
            strings_can_be_null=True,
        ),
    )
    days = table.column(0).to_pylist()
    day_number = table.column(0).cast(pa.int32()).to_numpy()
    rates: dict[str, dict[dt.date, Any]] = defaultdict(dict)
    first: dict[str, dt.date] = {}
    last: dict[str, dt.date] = {}
    for k, code in enumerate(header[1:], start=1):
        if not code:
            continue
        column = table.column(k)
        rows = np.flatnonzero(column.is_valid().to_numpy(zero_copy_only=False))
        if not len(rows):
            continue
        first[code] = days[rows[np.argmin(day_number[rows])]]
        last[code] = days[rows[np.argmax(day_number[rows])]]
        if code in wanted:
            values = column.to_numpy(zero_copy_only=False)[rows].tolist()
            rates[code].update(zip([days[i] for i in rows], values, strict=True))
    return rates, first, last


def _parse_rates(
    lines: Any, wanted: frozenset[str], na_values: Any, cast: Any
) -> tuple[dict[str, dict[dt.date, Any]], dict[str, dt.date], dict[str, dt.date]]:
    """The ECB file's rates of the *wanted* currencies, and every currency's first and last
    date with a rate (as ``CurrencyConverter.load_lines`` reads them)."""
    from collections import defaultdict

    from currency_converter.currency_converter import parse_date

    rates: dict[str, dict[dt.date, Any]] = defaultdict(dict)
    first: dict[str, dt.date] = {}
    last: dict[str, dt.date] = {}
    lines = iter(lines)
    header = [c.strip() for c in next(lines).strip().split(",")[1:]]
    keep = [code in wanted for code in header]
    for line in lines:
        cells = line.strip().split(",")
        day = parse_date(cells[0])
        for code, rate, kept in zip(header, cells[1:], keep, strict=False):
            if rate in na_values or not code:
                continue
            if kept:
                rates[code][day] = cast(rate)
            if code not in first or day < first[code]:
                first[code] = day
            if code not in last or day > last[code]:
                last[code] = day
    return rates, first, last


@dataclass
class RateResult:
    """Rates per row (NaN where the currency is unknown) and what the summary should say."""

    rates: pd.Series
    unknown: pd.Series  # bool: no rate for this row's currency
    warnings: list[Message] = field(default_factory=list)


def known_currencies(cfg: CurrencyConfig, present: set[str] | None = None) -> set[str]:
    """The currencies that have a rate to the base. The ECB tables are loaded (about half a
    second) only when one of the *present* currencies is neither the base nor a fixed rate."""
    codes = set(cfg.rates) | {cfg.base}
    if present is not None and present <= codes:
        return codes
    if cfg.source == "ecb":
        conv = _ecb(cfg, present)
        if cfg.base in conv.currencies:
            codes |= set(conv.currencies)
    return codes


def _ecb(cfg: CurrencyConfig, present: set[str] | None) -> Any:
    """The converter with the rates of the base and the *present* currencies (all if None)."""
    return _converter(None if present is None else frozenset(present | {cfg.base}))


def rates_to_base(currency: pd.Series, dates: pd.Series, cfg: CurrencyConfig) -> RateResult:
    """Per row, the multiplier that turns an amount in *currency* on *dates* into the base.

    One converter call per distinct (currency, day) pair, never per row; the rows reach their
    pair by integer codes (the currencies' codes, the days' numbers), without hashing or sorting
    the rows. A date outside a currency's ECB range uses the nearest available rate and is
    reported once per currency.
    """
    codes, distinct = value_codes(currency)
    names = [str(c) for c in distinct]
    known = known_currencies(cfg, set(names))
    # Per currency code (the last slot: a missing currency): a fixed multiplier or NaN.
    fixed = np.full(len(names) + 1, np.nan)
    unknown_code = np.zeros(len(names) + 1, dtype=bool)
    for i, name in enumerate(names):
        unknown_code[i] = name not in known
        if name == cfg.base:
            fixed[i] = 1.0
        elif name in cfg.rates:
            fixed[i] = cfg.rates[name] / cfg.rates.get(cfg.base, 1.0)
    rows = np.where(codes >= 0, codes, len(names))
    rate = fixed[rows]
    unknown_row = unknown_code[rows]
    del rows  # (at 10M rows each whole-column temporary is 80 MB: none is kept longer)
    warnings: list[Message] = []
    day = dates.to_numpy(dtype="datetime64[ns]")
    need = (codes >= 0) & np.isnan(rate) & ~unknown_row & ~np.isnat(day)
    if need.any():
        conv = _ecb(cfg, set(names))
        # whole days (floored, as normalize() does), then each row's (currency, day) as one
        # integer; the rate is looked up once per distinct pair. Rows that need no rate all
        # get the pair one past the last, whose rate is the row's own (whole-column operations:
        # no row is picked out of ten million by a mask).
        day_n = day.view(np.int64)  # (the floor to whole days keeps their order)
        first_day = _whole_day(day_n.min(where=need, initial=np.iinfo(np.int64).max))
        span = _whole_day(day_n.max(where=need, initial=np.iinfo(np.int64).min)) - first_day + 1
        del day_n
        space = len(names) * span
        key = _pair_keys(codes, day, need, first_day, span, space)
        pairs, where = _distinct_pairs(key, space + 1)
        del key
        looked = np.full(len(pairs), np.nan)
        pair_code, pair_day = pairs // span, pairs % span + first_day
        for i in sorted(set(np.unique(pair_code[pairs < space]).tolist()), key=lambda k: names[k]):
            code = names[i]  # warnings by currency code
            first, last = conv.bounds[code].first_date, conv.bounds[code].last_date
            b_first, b_last = conv.bounds[cfg.base].first_date, conv.bounds[cfg.base].last_date
            lo, hi = max(first, b_first), min(last, b_last)
            outside = 0
            for j in np.flatnonzero(pair_code == i):
                when = _EPOCH + dt.timedelta(days=int(pair_day[j]))
                clamped = min(max(when, lo), hi)
                # A weekend or holiday just past the last published rate is normal.
                outside += abs((clamped - when).days) > STALE_DAYS
                looked[j] = _rate(conv, code, cfg.base, clamped)
            if outside:
                warnings.append(
                    msg("io.stale_rates", code=code, lo=lo, hi=hi, n=outside, days=STALE_DAYS)
                )
        np.copyto(rate, looked[where], where=need)
    rates = pd.Series(rate, index=currency.index, dtype="float64")
    unknown = pd.Series(unknown_row, index=currency.index)
    return RateResult(rates, unknown, warnings)


_KEY_BLOCK = 1 << 20
"""Rows keyed at a time by :func:`_pair_keys` (its temporaries: 8 MB a column)."""


def _whole_day(nanoseconds: Any) -> int:
    """A date's whole days since 1970 (floored, as ``astype("datetime64[D]")`` does)."""
    return int(np.datetime64(int(nanoseconds), "ns").astype("datetime64[D]").view(np.int64))


def _pair_keys(
    codes: np.ndarray, day: np.ndarray, need: np.ndarray, first_day: int, span: int, space: int
) -> np.ndarray:
    """Each row's (currency, whole day) as one integer ``code × span + day − first_day``, and
    *space* on the rows that need no rate; 32-bit when the pairs fit. Made a block of rows at a
    time: this runs while a large export's raw cells are still held, where whole-column
    temporaries (the days, the products: 80 MB each at ten million rows) set the run's height."""
    key = np.empty(len(codes), dtype=np.int32 if space < 2**31 - 1 else np.int64)
    for start in range(0, len(key), _KEY_BLOCK):
        rows = slice(start, start + _KEY_BLOCK)
        days = day[rows].astype("datetime64[D]").view(np.int64) - first_day
        pair = codes[rows].astype(np.int64) * span + days
        key[rows] = np.where(need[rows], pair, space)
    return key


def _distinct_pairs(key: np.ndarray, space: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of *key* (integers in 0 … space-1), sorted, and each row's position
    among them: by a table of the key space when it is small beside the rows (currencies ×
    days), else by a sort."""
    if space > 4 * len(key) + 1_000_000:
        pairs, where = np.unique(key, return_inverse=True)
        return pairs, where.ravel()
    seen = np.zeros(space, dtype=bool)
    seen[key] = True
    position = (np.cumsum(seen) - 1).astype(key.dtype)  # (a pair's position fits the key's width)
    return np.flatnonzero(seen), position[key]


_EPOCH = dt.date(1970, 1, 1)


def _rate(conv: Any, code: str, base: str, day: dt.date) -> float:
    return float(conv.convert(1.0, code, base, date=day))
