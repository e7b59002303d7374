"""tiercli.text: the one folding every matcher builds on, the one set of blank tokens."""

from __future__ import annotations

import unicodedata

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tiercli.classifiers import geo, trade
from tiercli.classifiers.geo import country_key
from tiercli.io.aliases import header_key
from tiercli.io.coerce import is_blank
from tiercli.text import BLANK_FOLDED, BLANK_TOKENS, fold, fold_series


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Ｔｒａｄｅ-Show", "trade show"),
        ("Ferretería López", "ferreteria lopez"),
        ("Währung", "wahrung"),
        ("展会-迪拜", "展会 迪拜"),
        ("  Order_No. ", "order no"),
        ("ß", "ss"),
        ("İstanbul", "istanbul"),
        ("商品コード", "商品コード"),  # a Japanese voicing mark is not an accent: kept
        (" -- ", ""),
        (12.5, "12 5"),
    ],
)
def test_fold(text: object, folded: str) -> None:
    assert fold(text) == folded


def test_fold_series_keeps_index_name_and_missing() -> None:
    values = pd.Series(["Trade-Show", None, "TRADE show", "x"], index=[3, 1, 2, 0], name="source")
    expected = pd.Series(
        ["trade show", pd.NA, "trade show", "x"], index=[3, 1, 2, 0], name="source", dtype="string"
    )
    pd.testing.assert_series_equal(fold_series(values), expected)
    assert fold_series(pd.Series([], dtype=object)).dtype == "string"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(st.characters(exclude_categories=["Cs"]), max_size=12), max_size=6))
def test_fold_series_is_fold_of_each_value(texts: list[str]) -> None:
    assert fold_series(pd.Series(texts, dtype=object)).tolist() == [fold(t) for t in texts]


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(exclude_categories=["Cs"]), max_size=12))
def test_header_and_country_keys_are_the_folding_without_spaces(text: str) -> None:
    assert header_key(text) == fold(text).replace(" ", "")
    words = set(fold(text).split())
    if "&" not in unicodedata.normalize("NFKC", text) and not {"and", "the", "st"} & words:
        assert country_key(text) == fold(text).replace(" ", "")


def test_blank_tokens_are_written_as_they_are_compared() -> None:
    for token in BLANK_TOKENS:
        assert token == unicodedata.normalize("NFKC", token).strip().casefold(), token
    assert {"", "n a", "na", "unknown", "未知"} <= BLANK_FOLDED


@pytest.mark.parametrize(
    "cell", ["N/A", "#N/A", "n.a.", "<NA>", "None", "NULL", "-", "（空）", "未知"]
)
def test_every_blank_token_user_agrees(cell: str) -> None:
    """The readers, the trade keyword columns and the country lookup read the same blanks."""
    assert is_blank(pd.Series([cell], dtype=object)).iloc[0]
    assert trade._fold(pd.Series([cell], dtype="string")).isna().iloc[0]
    assert geo.resolve_country(cell) is None


def test_a_bare_na_is_blank_except_as_a_country() -> None:
    assert is_blank(pd.Series(["NA"], dtype=object)).iloc[0]
    assert trade._fold(pd.Series(["NA"], dtype="string")).isna().iloc[0]
    assert geo.resolve_country("NA") == "NA"  # Namibia
