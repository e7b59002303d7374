"""Country resolution for the trade classifier's ``region``: raw country text → ISO code and regions.

:func:`resolve_countries` turns a column of free-text countries (``USA``, ``德国``, ``U.A.E.``,
``Korea, Republic of``) into :data:`REGION_COLUMNS`:

- ``iso2``, ``iso3``: ISO 3166-1 alpha-2 / alpha-3 (Kosovo: ``XK`` / ``XKX``).
- ``country_en``: the CLDR English name (``babel.Locale("en").territories``), except that HK, MO,
  MM and PS use CLDR's own ``alt="short"`` forms ("Hong Kong", "Macao", "Myanmar", "Palestine")
  instead of "Hong Kong SAR China", "Macao SAR China", "Myanmar (Burma)", "Palestinian
  Territories".
- ``country_zh``: the CLDR Simplified Chinese name (``babel.Locale("zh_Hans").territories``),
  unchanged (so 中国香港特别行政区, 台湾, 阿拉伯联合酋长国).
- ``continent``: Africa, Asia, Europe, North America, South America, Oceania, Antarctica.
- ``subregion``: the UN M49 *sub-region* (one level throughout: "Sub-Saharan Africa" and "Latin
  America and the Caribbean" are not split into their intermediate regions).
- ``market``: the trade team's market group (below).
- ``developed``: on the IMF World Economic Outlook list of advanced economies (April 2024, 41
  economies); everything else, including economies the WEO does not cover, is ``False``.

Values that do not resolve get ``<NA>`` in every column (``string`` dtype; ``developed`` is
``boolean``). The data (M49 regions, markets, IMF list, sources) is ``tiercli/data/regions.csv``,
one row per ISO 3166-1 country in pycountry plus Kosovo.

Market groups: the M49 sub-region renamed (Northern America → North America, Latin America and
the Caribbean → Latin America, Eastern/Northern/Southern/Western Europe unchanged, Northern and
Sub-Saharan Africa → Africa, Eastern Asia → East Asia, South-eastern Asia → Southeast Asia,
Southern Asia → South Asia, Central Asia unchanged, Western Asia → Middle East, the four Oceania
sub-regions → Oceania) with these decisions:

- Armenia, Azerbaijan, Georgia (M49 Western Asia) → Central Asia, as the IMF's "Caucasus and
  Central Asia" group; they are not sold to as the Gulf/Levant is.
- Cyprus (M49 Western Asia) → Southern Europe: an EU and euro-area member.
- Iran (M49 Southern Asia) and Egypt (M49 Northern Africa) → Middle East. The rest of North
  Africa (Morocco, Algeria, Tunisia, Libya, Sudan) stays in Africa.
- Taiwan (not in M49) → East Asia; Kosovo (not in M49) → Southern Europe; Antarctica → Oceania.

Matching (:func:`country_key`) is insensitive to case, accents, spaces and punctuation (NFKC,
casefold, accents stripped, every non-alphanumeric character dropped; ``&``, ``and`` and ``the``
are ignored and ``St``/``St.`` reads ``Saint``). The index (:func:`country_index`) holds, first
source winning on a clash: ISO alpha-2 and alpha-3 codes; :data:`ALIASES`; pycountry's ``name``,
``official_name`` and ``common_name``; CLDR English, zh_Hans, zh_Hant and zh_Hant_HK names. ISO
numeric codes are not matched. A value that is not found whole is split at ``/ , ; ( ) [ ] 、``,
`` - `` and between Chinese and Latin letters (``德国/Germany``, ``美国USA``, ``Germany (DE)``): it
resolves when every part resolves to the same country. ``N/A``, ``n.a.``, ``#N/A`` and other
blank tokens resolve to nothing, but a bare ``NA`` is Namibia's ISO code (tiercli's readers turn
a bare ``NA`` cell into a blank before it gets here).

Not resolved on purpose: continents and blocs ("Europe", "EU", "Asia"), "Channel Islands"
(Jersey and Guernsey are separate countries: map it with ``overrides``), cities other than Dubai.

Names in Chinese: ``country_zh`` is CLDR's; the continents, UN M49 sub-regions and market groups
(canonical English names in the data) have their Chinese names in :data:`NAMES_ZH`, so that
nothing this module names reaches a Chinese reader in English.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections.abc import Iterator, Mapping
from importlib import resources
from typing import Final, NamedTuple

import numpy as np
import pandas as pd
import pycountry

from tiercli.catalogue import define, msg
from tiercli.codes import missing_text
from tiercli.errors import Invalid, close_matches
from tiercli.text import BLANK_TOKENS, fold

__all__ = [
    "ALIASES",
    "NAMES_ZH",
    "REGION_COLUMNS",
    "country_index",
    "country_key",
    "region_table",
    "resolve_countries",
    "resolve_country",
]

REGION_COLUMNS: Final[tuple[str, ...]] = (
    "iso2",
    "iso3",
    "country_en",
    "country_zh",
    "continent",
    "subregion",
    "market",
    "developed",
)
"""Columns of :func:`resolve_countries`, in order."""

NAMES_ZH: Final[Mapping[str, Mapping[str, str]]] = {
    "continent": {
        "Africa": "非洲",
        "Asia": "亚洲",
        "Europe": "欧洲",
        "North America": "北美洲",
        "South America": "南美洲",
        "Oceania": "大洋洲",
        "Antarctica": "南极洲",
    },
    "market": {
        "North America": "北美",
        "Latin America": "拉丁美洲",
        "Western Europe": "西欧",
        "Northern Europe": "北欧",
        "Southern Europe": "南欧",
        "Eastern Europe": "东欧",
        "Middle East": "中东",
        "Africa": "非洲",
        "East Asia": "东亚",
        "Southeast Asia": "东南亚",
        "South Asia": "南亚",
        "Central Asia": "中亚",
        "Oceania": "大洋洲",
    },
    "subregion": {  # as the UN's Chinese M49 list names them
        "Northern Africa": "北非",
        "Sub-Saharan Africa": "撒哈拉以南非洲",
        "Latin America and the Caribbean": "拉丁美洲和加勒比",
        "Northern America": "北美",
        "Central Asia": "中亚",
        "Eastern Asia": "东亚",
        "South-eastern Asia": "东南亚",
        "Southern Asia": "南亚",
        "Western Asia": "西亚",
        "Eastern Europe": "东欧",
        "Northern Europe": "北欧",
        "Southern Europe": "南欧",
        "Western Europe": "西欧",
        "Australia and New Zealand": "澳大利亚和新西兰",
        "Melanesia": "美拉尼西亚",
        "Micronesia": "密克罗尼西亚",
        "Polynesia": "波利尼西亚",
        "Antarctica": "南极洲",
    },
}
"""Chinese names of the region columns' values (``continent``, ``market``, ``subregion``), in
their order of display; the English name is the value itself."""

_TEXT_COLUMNS: Final = REGION_COLUMNS[:-1]
_DATA_FILE: Final = "regions.csv"
_DATA_COLUMNS: Final = ("iso3", "iso2", "continent", "subregion", "market", "developed")

MESSAGES = {
    "geo.unknown_override": (
        "国家映射 {raw} -> {target}：{target} 不是已知的国家代码或名称；最接近的有效名称是 {closest}",
        "country override {raw} -> {target}: {target} is not a known country code or name; the "
        "closest valid name is {closest}",
    ),
    "geo.blank_override": (
        "国家映射 {raw} -> {target}：要映射的值为空",
        "country override {raw} -> {target}: the value to map is blank",
    ),
}
define(MESSAGES)

# CLDR's alt="short" English names, used where the default CLDR name is long-winded.
_EN_SHORT: Final[dict[str, str]] = {
    "HK": "Hong Kong",
    "MO": "Macao",
    "MM": "Myanmar",
    "PS": "Palestine",
}

# CLDR locales whose territory names are indexed, in priority order.
_CLDR_LOCALES: Final = ("en", "zh_Hans", "zh_Hant", "zh_Hant_HK")

ALIASES: Final[Mapping[str, tuple[str, ...]]] = {
    # Spellings seen in trade exports that neither pycountry nor CLDR (en, zh) give. Listed per
    # ISO alpha-2; matched with country_key, so "U.S.A." also covers "USA", "u s a".
    "US": ("U.S.", "U.S.A.", "United States of America", "America", "美利坚合众国", "美利坚"),
    "GB": (
        "UK",
        "U.K.",
        "Great Britain",
        "Britain",
        "England",
        "Scotland",
        "Wales",
        "Northern Ireland",
        "英格兰",
        "苏格兰",
        "威尔士",
        "北爱尔兰",
        "大不列颠",
        "英伦",
    ),
    "DE": ("Deutschland", "德意志"),
    "NL": ("Holland", "The Netherlands", "Nederland"),
    "KR": (
        "Korea",
        "South Korea",
        "Republic of Korea",
        "S. Korea",
        "Korea, South",
        "Korea (South)",
        "南韩",
        "大韩民国",
        "大韓民國",
        "韓國",
        "한국",
        "대한민국",
    ),
    "KP": ("North Korea", "DPRK", "N. Korea", "Korea, North", "Korea (North)", "北韩", "北朝鲜"),
    "RU": ("Russia", "Russian Federation", "Россия", "Российская Федерация", "俄国", "俄罗斯联邦"),
    "VN": ("Vietnam", "Viet Nam"),
    "AE": ("UAE", "U.A.E.", "Emirates", "阿联酋", "Dubai", "迪拜"),
    "TR": ("Turkey", "Türkiye"),
    "CZ": ("Czech Republic", "Czechia", "Czech", "Česko", "捷克共和国"),
    "CI": ("Ivory Coast", "Côte d'Ivoire"),
    "HK": ("Hong Kong", "HK", "Hong Kong SAR", "香港", "中国香港"),
    "MO": ("Macau", "Macao", "Macau SAR", "澳门", "中国澳门"),
    "TW": ("Taiwan", "Chinese Taipei", "中国台湾", "中國台灣", "台湾地区"),
    "IE": ("EIRE", "Republic of Ireland"),
    "SA": ("KSA", "Saudi", "Kingdom of Saudi Arabia", "沙特"),
    "ZA": ("RSA", "Republic of South Africa"),
    "CN": (
        "PRC",
        "P.R.C.",
        "P.R. China",
        "Mainland China",
        "China Mainland",
        "中国大陆",
        "中国内地",
        "中华人民共和国",
        "中華人民共和國",
        "中國大陸",
    ),
    "BR": ("Brasil",),
    "MX": ("México",),
    "ES": ("España",),
    "IT": ("Italia",),
    "PL": ("Polska",),
    "AT": ("Österreich",),
    "CH": ("Schweiz", "Suisse", "Svizzera", "Swiss"),
    "JP": ("Nippon", "Nihon", "日本国"),
    "BE": ("Belgique", "België"),
    "SE": ("Sverige",),
    "NO": ("Norge",),
    "DK": ("Danmark",),
    "FI": ("Suomi",),
    "HU": ("Magyarország",),
    "HR": ("Hrvatska",),
    "GR": ("Hellas", "Ελλάδα"),
    "LU": ("Luxemburg",),
    "ID": ("印尼",),
    "AU": ("澳洲",),
    "BD": ("孟加拉",),
    "MM": ("Burma",),
    "MK": ("Macedonia",),
    "SZ": ("Swaziland",),
    "TL": ("East Timor",),
    "VA": ("Vatican",),
    "PS": ("Palestine",),
    "BA": ("Bosnia",),
    "CD": ("DRC", "DR Congo", "Democratic Republic of the Congo", "Congo DR"),
    "CG": ("Republic of the Congo", "Congo Republic"),
    "XK": ("Kosovo",),
}
"""Extra spellings per ISO alpha-2 (trade-export English, local-language and Chinese forms)."""

# Cell texts (NFKC, stripped, casefolded) that mean "no value": tiercli's blank tokens except a
# bare "NA", which is Namibia's ISO code here ("N/A", "n.a.", "<NA>" fold to "na" too but are
# blanks).
_MISSING: Final = BLANK_TOKENS - {"na"}

_DROP_WORDS: Final = frozenset({"and", "the"})
_SPLIT = re.compile(r"[/|,;()\[\]、，；（）【】]+|\s[-–—]\s")
_SCRIPT_EDGE = re.compile(r"(?<=[\u3400-\u9fff])(?=[A-Za-z])|(?<=[A-Za-z])(?=[\u3400-\u9fff])")


def country_key(text: object) -> str:
    """Fold a country spelling for matching: ``"U.S.A."``, ``"usa"`` and ``" U S A "`` agree.

    The words of :func:`tiercli.text.fold` (NFKC, casefold, accents stripped: ``Türkiye`` =
    ``Turkiye``), ``&`` read as ``and``, joined without spaces; the words ``and`` and ``the`` are
    ignored (unless they are the whole text) and ``st`` reads ``saint``. Chinese text is kept as
    is, minus punctuation.
    """
    words = fold(unicodedata.normalize("NFKC", str(text)).replace("&", " and ")).split()
    if len(words) > 1:
        words = [w for w in words if w not in _DROP_WORDS] or words
    return "".join("saint" if w == "st" else w for w in words)


# --------------------------------------------------------------------------------------------
# Data: regions.csv and the name index (both built once per process)
# --------------------------------------------------------------------------------------------


def _read_data() -> list[dict[str, str]]:
    text = resources.files("tiercli").joinpath("data", _DATA_FILE).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    rows = list(csv.DictReader(lines))
    missing = [c for c in _DATA_COLUMNS if rows and c not in rows[0]]
    if not rows or missing:
        raise RuntimeError(f"tiercli/data/{_DATA_FILE} is damaged: missing columns {missing}")
    return rows


@functools.lru_cache(maxsize=1)
def _territory_names() -> dict[str, Mapping[str, str]]:
    from babel import Locale  # (imported when a run has countries to name: ~10 ms)

    return {loc: Locale.parse(loc).territories for loc in _CLDR_LOCALES}


# More CLDR locales, looked up only for a spelling the index does not know: the names of the
# countries in the languages trade exports are written in (Allemagne, Alemania, Türkei, 韓國,
# Российская Федерация). A spelling two of them give to two countries is left out.
_MORE_LOCALES: Final = (
    "de", "fr", "es", "pt", "it", "nl", "ru", "tr", "ja", "ko", "ar", "pl", "vi", "id", "th",
    "sv", "uk", "cs", "he", "fa", "hi", "ms", "zh_Hant_MO",
)  # fmt: skip


MORE_NAMES_FILE: Final = "country_names.tsv"


def more_names_from_cldr() -> dict[str, str]:
    """``country_key`` of a country's name in :data:`_MORE_LOCALES` → its ISO alpha-2: the
    countries of the region table, spellings the index does not have, each meaning one
    country. Loading 23 CLDR locales takes ~0.13 s, so the result ships as
    ``data/country_names.tsv`` (``python scripts/make_country_names.py``; a test checks it)."""
    from babel import Locale

    index = _index()
    known = set(index.positions)
    found: dict[str, set[str]] = {}
    for loc in _MORE_LOCALES:
        for code, name in Locale.parse(loc).territories.items():
            key = country_key(name)
            if code in known and key and key not in index.keys:
                found.setdefault(key, set()).add(code)
    return {key: codes.pop() for key, codes in sorted(found.items()) if len(codes) == 1}


@functools.lru_cache(maxsize=1)
def _more_names() -> dict[str, str]:
    """:func:`more_names_from_cldr`, read from the file it wrote (read on the first spelling
    the index misses)."""
    text = resources.files("tiercli").joinpath("data", MORE_NAMES_FILE).read_text("utf-8")
    pairs = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {key: iso2 for key, iso2 in pairs}


@functools.lru_cache(maxsize=1)
def _table() -> pd.DataFrame:
    """The region table, one row per country in data-file order, plus a final all-``<NA>`` row."""
    names = _territory_names()
    records: dict[str, list[object]] = {column: [] for column in REGION_COLUMNS}
    for row in _read_data():
        iso2 = row["iso2"]
        country = pycountry.countries.get(alpha_2=iso2)
        fallback = country.name if country is not None else row.get("name", iso2)
        en = _EN_SHORT.get(iso2) or names["en"].get(iso2) or fallback
        values: dict[str, object] = {
            "iso2": iso2,
            "iso3": row["iso3"],
            "country_en": en,
            "country_zh": names["zh_Hans"].get(iso2) or en,
            "continent": row["continent"],
            "subregion": row["subregion"],
            "market": row["market"],
            "developed": row["developed"].strip().casefold() == "true",
        }
        for column in REGION_COLUMNS:
            records[column].append(values[column])
    for column in REGION_COLUMNS:
        records[column].append(None)
    table = pd.DataFrame(
        {column: pd.array(records[column], dtype="string") for column in _TEXT_COLUMNS}
    )
    table["developed"] = pd.array(records["developed"], dtype="boolean")
    return table


class _Index(NamedTuple):
    keys: dict[str, str]  # country_key -> iso2
    spellings: dict[str, str]  # country_key -> first spelling seen (for "closest name" hints)
    positions: dict[str, int]  # iso2 -> row in _table()
    conflicts: list[tuple[str, str, str, str]]  # (source, spelling, ignored iso2, kept iso2)


def _spellings() -> Iterator[tuple[str, str, str]]:
    """Yield (source, spelling, iso2) in priority order: earlier sources win a clash."""
    rows = _read_data()
    for row in rows:
        yield "iso", row["iso2"], row["iso2"]
        yield "iso", row["iso3"], row["iso2"]
    for iso2, aliases in ALIASES.items():
        for alias in aliases:
            yield "alias", alias, iso2
    for row in rows:
        country = pycountry.countries.get(alpha_2=row["iso2"])
        for attr in ("name", "official_name", "common_name"):
            spelling = getattr(country, attr, None) if country is not None else None
            if spelling:
                yield f"pycountry.{attr}", spelling, row["iso2"]
    for iso2, short in _EN_SHORT.items():
        yield "cldr.en.short", short, iso2
    for locale, names in _territory_names().items():
        for row in rows:
            spelling = names.get(row["iso2"])
            if spelling:
                yield f"cldr.{locale}", spelling, row["iso2"]


@functools.lru_cache(maxsize=1)
def _index() -> _Index:
    keys: dict[str, str] = {}
    spellings: dict[str, str] = {}
    conflicts: list[tuple[str, str, str, str]] = []
    for source, spelling, iso2 in _spellings():
        key = country_key(spelling)
        if not key:
            continue
        kept = keys.setdefault(key, iso2)
        spellings.setdefault(key, spelling)
        if kept != iso2:
            conflicts.append((source, spelling, iso2, kept))
    table = _table()
    positions = {iso2: i for i, iso2 in enumerate(table["iso2"].iloc[:-1])}
    return _Index(keys, spellings, positions, conflicts)


def country_index() -> dict[str, str]:
    """``country_key(spelling)`` → ISO alpha-2 for every indexed spelling (a copy; built once)."""
    return dict(_index().keys)


def region_table() -> pd.DataFrame:
    """Every known country with :data:`REGION_COLUMNS`, indexed by ISO alpha-2 (a copy)."""
    table = _table().iloc[:-1].copy()
    table.index = pd.Index(table["iso2"].to_numpy(), name="iso2")
    return table


# --------------------------------------------------------------------------------------------
# Lookup
# --------------------------------------------------------------------------------------------


def _lookup(value: object, extra: Mapping[str, str]) -> str | None:
    """ISO alpha-2 for one raw value, or None. *extra* (folded overrides) wins over the index."""
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    text = unicodedata.normalize("NFKC", str(value)).strip()
    key = country_key(text)
    if key in extra:
        return extra[key]
    if not key or text.casefold() in _MISSING:
        return None
    keys = _index().keys
    found = keys.get(key) or keys.get(key.replace("臺", "台"))  # (臺灣 is 台灣)
    if found is not None:
        return found
    found = _more_names().get(key)  # Allemagne, Alemania, Türkei, 韓國 …
    if found is not None:
        return found
    parts = [country_key(p) for p in _SPLIT.split(_SCRIPT_EDGE.sub("/", text))]
    parts = [p for p in parts if p]
    if len(parts) < 2:
        return None
    hits = {extra.get(p) or keys.get(p) for p in parts}
    return hits.pop() if len(hits) == 1 and None not in hits else None


def _closest(target: str) -> str:
    spellings = _index().spellings
    key = country_key(target)
    best = close_matches(key, spellings, 1, cutoff=0.0)
    return spellings[best[0]] if best else ""


def _fold_overrides(overrides: Mapping[str, str] | None) -> dict[str, str]:
    folded: dict[str, str] = {}
    for raw, target in (overrides or {}).items():
        iso2 = _lookup(target, {})
        if iso2 is None:
            raise Invalid(
                msg(
                    "geo.unknown_override",
                    raw=repr(raw),
                    target=repr(target),
                    closest=repr(_closest(str(target))),
                )
            )
        key = country_key(raw)
        if not key:
            raise Invalid(msg("geo.blank_override", raw=repr(raw), target=repr(target)))
        folded[key] = iso2
    return folded


def resolve_country(value: object, overrides: Mapping[str, str] | None = None) -> str | None:
    """ISO alpha-2 for one raw country value (code, name, alias, Chinese name), or None."""
    return _lookup(value, _fold_overrides(overrides))


def resolve_countries(
    values: pd.Series, overrides: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Resolve raw country values to :data:`REGION_COLUMNS`, same index as *values*.

    *overrides* maps a raw value (matched with :func:`country_key`) to an ISO alpha-2/alpha-3
    code or any name that resolves; it wins over the built-in index. An override whose target
    does not resolve raises :class:`~tiercli.errors.Invalid` (a ValueError) naming it and the
    closest valid name.

    Each distinct value is looked up once; the result is mapped back to the rows vectorised.
    Unresolved values (and missing ones) are ``<NA>`` in every column.
    """
    if not overrides and not values.notna().any():  # no country given (an order export, say)
        return _unresolved(values.index)
    extra = _fold_overrides(overrides)
    index = _index()
    table = _table()
    na_row = len(table) - 1
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    found = [_lookup(u, extra) for u in uniques]
    rows = np.array(
        [index.positions[c] if c is not None else na_row for c in found] + [na_row],
        dtype=np.intp,
    )
    # factorize marks missing values -1, which picks the trailing na_row.
    positions = rows[codes]
    return pd.DataFrame(
        {column: table[column].array.take(positions) for column in REGION_COLUMNS},
        index=values.index,
    )


def _unresolved(index: pd.Index) -> pd.DataFrame:
    """:func:`resolve_countries` of values all missing: ``<NA>`` in every column, the table's
    types, without reading the country table (pycountry's and CLDR's names: ~0.05 s)."""
    return pd.DataFrame(
        {
            column: pd.Series(pd.NA, index=index, dtype="boolean")
            if column == "developed"
            else missing_text(index)
            for column in REGION_COLUMNS
        },
        index=index,
    )
