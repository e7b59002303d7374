"""Country resolution (tiercli.classifiers.geo): codes, names, aliases, regions, overrides,
alignment, and Chinese names for everything it names."""

from __future__ import annotations

import re
from collections.abc import Sequence
from importlib import resources

import numpy as np
import pandas as pd
import pycountry
import pytest
from babel import Locale
from hypothesis import given, settings
from hypothesis import strategies as st

from tiercli.classifiers import geo

ISO2 = sorted(c.alpha_2 for c in pycountry.countries)
CONTINENTS = {"Africa", "Asia", "Europe", "North America", "South America", "Oceania", "Antarctica"}
SUBREGIONS = {
    "Northern Africa",
    "Sub-Saharan Africa",
    "Latin America and the Caribbean",
    "Northern America",
    "Central Asia",
    "Eastern Asia",
    "South-eastern Asia",
    "Southern Asia",
    "Western Asia",
    "Eastern Europe",
    "Northern Europe",
    "Southern Europe",
    "Western Europe",
    "Australia and New Zealand",
    "Melanesia",
    "Micronesia",
    "Polynesia",
    "Antarctica",
}
MARKETS = {
    "North America",
    "Latin America",
    "Western Europe",
    "Northern Europe",
    "Southern Europe",
    "Eastern Europe",
    "Middle East",
    "Africa",
    "South Asia",
    "Southeast Asia",
    "East Asia",
    "Central Asia",
    "Oceania",
}


def iso2_of(values: Sequence[object], overrides: dict[str, str] | None = None) -> list[object]:
    out = geo.resolve_countries(pd.Series(values, dtype=object), overrides)
    return [None if pd.isna(v) else v for v in out["iso2"]]


# --------------------------------------------------------------------------------------------
# Coverage of codes and names
# --------------------------------------------------------------------------------------------


def test_every_iso_code_resolves_to_itself() -> None:
    countries = list(pycountry.countries)
    alpha2 = [c.alpha_2 for c in countries]
    alpha3 = [c.alpha_3 for c in countries]
    assert iso2_of(alpha2) == alpha2
    assert iso2_of(alpha3) == alpha2
    assert iso2_of([a.lower() for a in alpha2]) == alpha2
    assert iso2_of([f" {a.lower()} " for a in alpha3]) == alpha2
    out = geo.resolve_countries(pd.Series(alpha3))
    assert out["iso3"].tolist() == alpha3


@pytest.mark.parametrize("locale", ["zh_Hans", "zh_Hant", "en"])
def test_every_cldr_name_of_an_iso_country_resolves(locale: str) -> None:
    names = Locale.parse(locale).territories
    assert iso2_of([names[a] for a in ISO2]) == ISO2


def test_every_pycountry_name_resolves() -> None:
    for attr in ("name", "official_name", "common_name"):
        pairs = [(getattr(c, attr), c.alpha_2) for c in pycountry.countries if hasattr(c, attr)]
        assert iso2_of([name for name, _ in pairs]) == [code for _, code in pairs], attr


def test_index_has_no_clashing_spellings_and_is_big() -> None:
    index = geo.country_index()
    assert len(index) > 1500
    assert geo._index().conflicts == []
    assert index[geo.country_key("U.S.A.")] == "US"
    assert set(index.values()) == {*ISO2, "XK"}
    index["usa"] = "FR"  # a copy: the cached index is untouched
    assert geo.country_index()["usa"] == "US"


def test_index_build_is_cached() -> None:
    # Built once per process (speed itself is measured in benchmarks/, never asserted here).
    geo._index.cache_clear()
    geo._table.cache_clear()
    geo._territory_names.cache_clear()
    geo.country_index()
    assert geo._index() is geo._index()


# --------------------------------------------------------------------------------------------
# The data file
# --------------------------------------------------------------------------------------------


def test_data_covers_every_pycountry_country() -> None:
    table = geo.region_table()
    assert list(table.columns) == list(geo.REGION_COLUMNS)
    assert set(ISO2) <= set(table.index)
    assert table.index.is_unique
    rows = table.loc[ISO2]
    assert not rows[["continent", "subregion", "market", "developed"]].isna().any().any()
    assert not rows[["iso3", "country_en", "country_zh"]].isna().any().any()
    alpha3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    assert rows["iso3"].tolist() == [alpha3[a] for a in ISO2]
    assert set(table["continent"]) <= CONTINENTS
    assert set(table["subregion"]) <= SUBREGIONS
    assert set(table["market"]) == MARKETS
    assert table["developed"].dtype == "boolean"


def test_every_name_it_gives_has_a_chinese_name() -> None:
    table = geo.region_table()
    for column in ("continent", "subregion", "market"):
        assert set(table[column]) <= set(geo.NAMES_ZH[column]), column
        for name, zh in geo.NAMES_ZH[column].items():
            assert zh and not re.search("[A-Za-z]", zh), (column, name, zh)
    assert set(geo.NAMES_ZH["continent"]) == CONTINENTS
    assert set(geo.NAMES_ZH["subregion"]) == SUBREGIONS
    assert set(geo.NAMES_ZH["market"]) == MARKETS
    latin = table["country_zh"].str.contains("[A-Za-z]", regex=True)
    assert not latin.any(), table.loc[latin, "country_zh"].tolist()


def test_data_names_its_sources() -> None:
    text = resources.files("tiercli").joinpath("data", "regions.csv").read_text("utf-8")
    header = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    assert "M49" in header
    assert "Standard country or area codes for statistical use" in header
    assert "World Economic Outlook, April 2024" in header
    assert text.splitlines()[len(header.splitlines())].startswith("iso3,")
    # IMF WEO April 2024: 41 advanced economies.
    assert int(geo.region_table()["developed"].sum()) == 41


# --------------------------------------------------------------------------------------------
# Real-world spellings
# --------------------------------------------------------------------------------------------

SPELLINGS = [
    ("US", "US"),
    ("us", "US"),
    ("USA", "US"),
    ("U.S.", "US"),
    ("U.S.A.", "US"),
    ("United States", "US"),
    ("United States of America", "US"),
    ("America", "US"),
    ("美国", "US"),
    ("美利坚合众国", "US"),
    ("美國", "US"),
    ("UK", "GB"),
    ("U.K.", "GB"),
    ("United Kingdom", "GB"),
    ("Great Britain", "GB"),
    ("Britain", "GB"),
    ("England", "GB"),
    ("Scotland", "GB"),
    ("Wales", "GB"),
    ("Northern Ireland", "GB"),
    ("英国", "GB"),
    ("英格兰", "GB"),
    ("de", "DE"),
    ("DEU", "DE"),
    ("GERMANY", "DE"),
    ("Deutschland", "DE"),
    ("德国", "DE"),
    ("Holland", "NL"),
    ("The Netherlands", "NL"),
    ("荷兰", "NL"),
    ("Korea", "KR"),
    ("Republic of Korea", "KR"),
    ("Korea, Republic of", "KR"),
    ("South Korea", "KR"),
    ("S. Korea", "KR"),
    ("韩国", "KR"),
    ("南韩", "KR"),
    ("南韓", "KR"),
    ("朝鲜", "KP"),
    ("North Korea", "KP"),
    ("Russia", "RU"),
    ("Russian Federation", "RU"),
    ("俄罗斯", "RU"),
    ("俄国", "RU"),
    ("Vietnam", "VN"),
    ("Viet Nam", "VN"),
    ("越南", "VN"),
    ("UAE", "AE"),
    ("U.A.E.", "AE"),
    ("Emirates", "AE"),
    ("United Arab Emirates", "AE"),
    ("阿联酋", "AE"),
    ("阿拉伯联合酋长国", "AE"),
    ("Turkey", "TR"),
    ("Türkiye", "TR"),
    ("Turkiye", "TR"),
    ("TÜRKİYE", "TR"),
    ("土耳其", "TR"),
    ("Czech Republic", "CZ"),
    ("Czechia", "CZ"),
    ("捷克", "CZ"),
    ("Ivory Coast", "CI"),
    ("Côte d'Ivoire", "CI"),
    ("Cote d’Ivoire", "CI"),
    ("Hong Kong", "HK"),
    ("HK", "HK"),
    ("Hongkong", "HK"),
    ("香港", "HK"),
    ("中国香港", "HK"),
    ("Macau", "MO"),
    ("澳门", "MO"),
    ("中国澳门", "MO"),
    ("Taiwan", "TW"),
    ("台湾", "TW"),
    ("中国台湾", "TW"),
    ("EIRE", "IE"),
    ("Ireland", "IE"),
    ("爱尔兰", "IE"),
    ("KSA", "SA"),
    ("Saudi", "SA"),
    ("沙特", "SA"),
    ("沙特阿拉伯", "SA"),
    ("RSA", "ZA"),
    ("南非", "ZA"),
    ("Brasil", "BR"),
    ("巴西", "BR"),
    ("México", "MX"),
    ("Mexico", "MX"),
    ("墨西哥", "MX"),
    ("España", "ES"),
    ("Italia", "IT"),
    ("Polska", "PL"),
    ("Österreich", "AT"),
    ("Schweiz", "CH"),
    ("Suisse", "CH"),
    ("Nippon", "JP"),
    ("日本", "JP"),
    ("印尼", "ID"),
    ("印度尼西亚", "ID"),
    ("The Philippines", "PH"),
    ("菲律宾", "PH"),
    ("澳洲", "AU"),
    ("澳大利亚", "AU"),
    ("AU", "AU"),
    ("NZ", "NZ"),
    ("新西兰", "NZ"),
    ("Perú", "PE"),
    ("秘鲁", "PE"),
    ("孟加拉", "BD"),
    ("孟加拉国", "BD"),
    ("中国", "CN"),
    ("中国大陆", "CN"),
    ("PRC", "CN"),
    ("People's Republic of China", "CN"),
    ("Bahamas, The", "BS"),
    ("St Kitts and Nevis", "KN"),
    ("Saint Kitts & Nevis", "KN"),
    ("Trinidad & Tobago", "TT"),
    ("Bosnia and Herzegovina", "BA"),
    ("Iran, Islamic Republic of", "IR"),
    ("Iran", "IR"),
    ("Lao PDR", None),
    ("Laos", "LA"),
    ("Burma", "MM"),
    ("DR Congo", "CD"),
    ("Congo - Kinshasa", "CD"),
    ("Congo", "CG"),
    ("Kosovo", "XK"),
    ("Dubai", "AE"),
    ("Swaziland", "SZ"),
    ("Eswatini", "SZ"),
    ("Germany / 德国", "DE"),
    ("德国(Germany)", "DE"),
    ("美国USA", "US"),
    ("Germany (DE)", "DE"),
    ("  united   states  ", "US"),
    ("ＵＳＡ", "US"),  # full-width
]


@pytest.mark.parametrize(("raw", "expected"), SPELLINGS)
def test_real_world_spelling(raw: str, expected: str | None) -> None:
    assert iso2_of([raw]) == [expected]
    assert geo.resolve_country(raw) == expected


def test_spelling_table_is_large_and_all_at_once() -> None:
    assert len(SPELLINGS) >= 60
    assert iso2_of([raw for raw, _ in SPELLINGS]) == [iso for _, iso in SPELLINGS]


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        None,
        np.nan,
        pd.NA,
        "Mars",
        "N/A",
        "n/a",
        "#N/A",
        "n.a.",
        "Europe",
        "Asia",
        "EU",
        "Channel Islands",
        "Unspecified",
        "-",
        840,
        "Hamburg, Germany",
        "US / UK",
    ],
)
def test_unresolvable_values_are_na(raw: object) -> None:
    out = geo.resolve_countries(pd.Series([raw, "Germany"], dtype=object))
    assert out.iloc[0].isna().all()
    assert out.iloc[1]["iso2"] == "DE"


def test_bare_na_is_namibia() -> None:
    assert iso2_of(["NA", "N/A"]) == ["NA", None]


# --------------------------------------------------------------------------------------------
# Regions, markets, development
# --------------------------------------------------------------------------------------------

SPOT = [
    ("US", "North America", "Northern America", "North America", True),
    ("DE", "Europe", "Western Europe", "Western Europe", True),
    ("GB", "Europe", "Northern Europe", "Northern Europe", True),
    ("CN", "Asia", "Eastern Asia", "East Asia", False),
    ("JP", "Asia", "Eastern Asia", "East Asia", True),
    ("KR", "Asia", "Eastern Asia", "East Asia", True),
    ("TW", "Asia", "Eastern Asia", "East Asia", True),
    ("HK", "Asia", "Eastern Asia", "East Asia", True),
    ("AE", "Asia", "Western Asia", "Middle East", False),
    ("SA", "Asia", "Western Asia", "Middle East", False),
    ("TR", "Asia", "Western Asia", "Middle East", False),
    ("IL", "Asia", "Western Asia", "Middle East", True),
    ("IR", "Asia", "Southern Asia", "Middle East", False),
    ("EG", "Africa", "Northern Africa", "Middle East", False),
    ("MA", "Africa", "Northern Africa", "Africa", False),
    ("NG", "Africa", "Sub-Saharan Africa", "Africa", False),
    ("ZA", "Africa", "Sub-Saharan Africa", "Africa", False),
    ("BR", "South America", "Latin America and the Caribbean", "Latin America", False),
    ("MX", "North America", "Latin America and the Caribbean", "Latin America", False),
    ("AU", "Oceania", "Australia and New Zealand", "Oceania", True),
    ("NZ", "Oceania", "Australia and New Zealand", "Oceania", True),
    ("IN", "Asia", "Southern Asia", "South Asia", False),
    ("VN", "Asia", "South-eastern Asia", "Southeast Asia", False),
    ("SG", "Asia", "South-eastern Asia", "Southeast Asia", True),
    ("RU", "Europe", "Eastern Europe", "Eastern Europe", False),
    ("PL", "Europe", "Eastern Europe", "Eastern Europe", False),
    ("CZ", "Europe", "Eastern Europe", "Eastern Europe", True),
    ("IT", "Europe", "Southern Europe", "Southern Europe", True),
    ("CY", "Asia", "Western Asia", "Southern Europe", True),
    ("GE", "Asia", "Western Asia", "Central Asia", False),
    ("KZ", "Asia", "Central Asia", "Central Asia", False),
    ("AQ", "Antarctica", "Antarctica", "Oceania", False),
]


@pytest.mark.parametrize(("iso2", "continent", "subregion", "market", "developed"), SPOT)
def test_region_spot_checks(
    iso2: str, continent: str, subregion: str, market: str, developed: bool
) -> None:
    row = geo.resolve_countries(pd.Series([iso2])).iloc[0]
    assert (row["continent"], row["subregion"], row["market"], row["developed"]) == (
        continent,
        subregion,
        market,
        developed,
    )


def test_display_names_come_from_cldr() -> None:
    out = geo.resolve_countries(pd.Series(["usa", "uk", "korea", "hk", "tw", "ae", "ru"]))
    en = out["country_en"].tolist()
    assert en[:4] == ["United States", "United Kingdom", "South Korea", "Hong Kong"]
    assert en[6] == "Russia"
    assert out["country_zh"].tolist()[:3] == ["美国", "英国", "韩国"]
    zh = Locale.parse("zh_Hans").territories
    assert out["country_zh"].tolist() == [zh[c] for c in out["iso2"]]
    assert geo.resolve_countries(pd.Series(["Turkey"]))["country_en"].iloc[0] in {
        "Türkiye",
        "Turkey",
    }


# --------------------------------------------------------------------------------------------
# Overrides
# --------------------------------------------------------------------------------------------


def test_overrides_map_folded_raw_values() -> None:
    overrides = {
        "Channel Islands": "JE",
        "georgia": "United States",  # the state, not the country
        "德国汉堡": "DEU",
        "Narnia": "英国",
    }
    got = iso2_of(["channel  islands", "Georgia", "德国汉堡", "NARNIA", "France"], overrides)
    assert got == ["JE", "US", "DE", "GB", "FR"]
    assert iso2_of(["Georgia"]) == ["GE"]  # no leak into later calls
    assert geo.resolve_country("Narnia", overrides) == "GB"


def test_override_with_unknown_target_names_it_and_the_closest_name() -> None:
    with pytest.raises(ValueError, match=r"'Gremany'.*closest valid name is 'Germany'"):
        geo.resolve_countries(pd.Series(["x"]), {"Deutschlnd": "Gremany"})
    with pytest.raises(ValueError, match="'Atlantis'"):
        geo.resolve_countries(pd.Series(["x"]), {"Lost": "Atlantis"})
    with pytest.raises(ValueError, match="'N/A'"):
        geo.resolve_countries(pd.Series(["x"]), {"unknown": "N/A"})


# --------------------------------------------------------------------------------------------
# Shape, dtypes, alignment, distinct-value lookups
# --------------------------------------------------------------------------------------------


def test_output_columns_and_dtypes() -> None:
    out = geo.resolve_countries(pd.Series(["DE", "Mars", None]))
    assert list(out.columns) == list(geo.REGION_COLUMNS)
    for column in geo.REGION_COLUMNS[:-1]:
        assert out[column].dtype == pd.StringDtype(), column
    assert out["developed"].dtype == "boolean"
    assert out["developed"].tolist()[0] is True
    assert out.iloc[1:].isna().all().all()


def test_empty_input() -> None:
    out = geo.resolve_countries(pd.Series([], dtype=object, index=pd.Index([], name="id")))
    assert out.empty
    assert list(out.columns) == list(geo.REGION_COLUMNS)
    assert out["developed"].dtype == "boolean"


def test_index_alignment_with_duplicate_labels() -> None:
    values = pd.Series(
        ["Germany", "美国", None, "Germany", "Mars", "usa"],
        index=pd.Index(["c9", "c1", "c9", "c1", "c5", "c9"], name="customer_id"),
        name="country",
    )
    out = geo.resolve_countries(values)
    assert out.index.equals(values.index)
    assert out["iso2"].tolist() == ["DE", "US", pd.NA, "DE", pd.NA, "US"]
    shuffled = values.iloc[[5, 0, 4, 1, 3, 2]]
    assert geo.resolve_countries(shuffled)["iso2"].tolist() == [
        "US",
        "DE",
        pd.NA,
        "US",
        "DE",
        pd.NA,
    ]


@pytest.mark.parametrize("dtype", [object, "string", "category"])
def test_input_dtypes(dtype: object) -> None:
    values = pd.Series(["DE", "法国", None, "DE"], index=[10, 20, 30, 40]).astype(dtype)
    out = geo.resolve_countries(values)
    assert out.index.tolist() == [10, 20, 30, 40]
    assert out["iso2"].tolist() == ["DE", "FR", pd.NA, "DE"]


def test_each_distinct_value_is_looked_up_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []
    lookup = geo._lookup

    def counting(value: object, extra: dict[str, str]) -> str | None:
        calls.append(value)
        return lookup(value, extra)

    monkeypatch.setattr(geo, "_lookup", counting)
    distinct = [*ISO2[:190], "USA", "德国", "Mars", "U.K."]
    rng = np.random.default_rng(7)
    values = pd.Series(rng.choice(np.array(distinct, dtype=object), 200_000))
    values.iloc[::97] = None
    out = geo.resolve_countries(values)
    assert len(calls) == len(set(calls)) == len(distinct)
    expected = values.map({d: geo.resolve_country(d) for d in distinct})
    assert out["iso2"].astype(object).where(out["iso2"].notna(), None).tolist() == [
        None if pd.isna(v) else v for v in expected
    ]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=12), st.sampled_from(ISO2)), max_size=8))
def test_any_text_resolves_or_is_na(values: list[str | None]) -> None:
    series = pd.Series(values, dtype=object)
    out = geo.resolve_countries(series)
    assert out.index.equals(series.index)
    resolved = out["iso2"].notna()
    assert (out.loc[resolved, "market"].notna()).all()
    assert out.loc[~resolved].isna().all().all()


def test_country_key_folding() -> None:
    key = geo.country_key
    assert key("U.S.A.") == key("usa") == key(" U S A ") == "usa"
    assert key("Türkiye") == key("TURKIYE")
    assert key("St. Lucia") == key("Saint Lucia")
    assert key("Bosnia & Herzegovina") == key("Bosnia and Herzegovina")
    assert key("The Netherlands") == key("Netherlands")
    assert key("AND") == "and"  # Andorra's alpha-3 survives the stop-word rule
    assert key("刚果（金）") == "刚果金"


def test_no_country_at_all_is_unresolved_without_reading_the_country_table() -> None:
    """An order export without countries: every column missing, in the table's types (as the
    general path gives), and neither pycountry's nor CLDR's names read (~0.05 s a run)."""
    from tiercli.classifiers import geo

    values = pd.Series([pd.NA, None, pd.NA], index=[7, 3, 5], dtype="string")
    geo._table.cache_clear()
    got = geo.resolve_countries(values)
    assert geo._table.cache_info().currsize == 0
    table = geo._table()
    expected = table.iloc[[len(table) - 1] * 3].set_axis(values.index)
    pd.testing.assert_frame_equal(got, expected)
    # an override is still checked (it may name a country that does not exist)
    with pytest.raises(ValueError):
        geo.resolve_countries(values, {"Atlantis": "Lemuria"})


def test_the_shipped_country_names_are_cldrs() -> None:
    """data/country_names.tsv is what scripts/make_country_names.py writes from this babel."""
    from support import script

    module = script("make_country_names")
    assert module.TARGET.read_text("utf-8") == module.text(), (
        "stale: run python scripts/make_country_names.py"
    )


def test_country_names_in_more_languages() -> None:
    got = geo.resolve_countries(pd.Series(["Allemagne", "Alemania", "Türkei", "臺灣", "韓國"]))
    assert got["iso2"].tolist() == ["DE", "DE", "TR", "TW", "KR"]
