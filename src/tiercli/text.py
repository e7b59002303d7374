"""How tiercli compares text people typed: one folding and one set of blank tokens (a leaf).

:func:`fold` is the one folding: header aliases (:func:`tiercli.io.aliases.header_key`), country
names (:func:`tiercli.classifiers.geo.country_key`) and the trade classifier's keyword rules all
build on it, so ``Ｔｒａｄｅ-Show``, ``trade show`` and ``TRADE_SHOW`` compare equal everywhere.
:data:`BLANK_TOKENS` is the one list of cell texts that mean "no value".
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

import pandas as pd

__all__ = ["BLANK_FOLDED", "BLANK_TOKENS", "fold", "fold_series"]

_ACCENTS: Final = re.compile("[\u0300-\u036f]")  # the combining diacritical marks block
_NON_WORD: Final = re.compile(r"[\W_]+")


# Letters no decomposition takes to a base letter: Turkish dotless ı (YILMAZ = Yılmaz), Polish
# ł, Nordic ø and æ, Croatian đ, Icelandic ð and þ, French œ.
_LETTERS = str.maketrans({"ı": "i", "ł": "l", "ø": "o", "æ": "ae", "đ": "d", "ð": "d",
                          "þ": "th", "œ": "oe"})  # fmt: skip


def fold(text: object) -> str:
    """Fold text for comparing: NFKC, casefold, accents stripped, punctuation → one space.

    Full-width letters and digits become ASCII, case is ignored, accents (the combining
    diacritical marks) are dropped and every run of characters that are not letters or digits
    (spaces, punctuation, ``_``) becomes one space; the ends are stripped. ``"Ｔｒａｄｅ-Show"``
    → ``"trade show"``, ``"Ferretería"`` → ``"ferreteria"``, ``"Währung"`` → ``"wahrung"``,
    ``"展会-迪拜"`` → ``"展会 迪拜"``, ``" -- "`` → ``""``, ``"YILMAZ"`` = ``"Yılmaz"`` →
    ``"yilmaz"``. Words are ``fold(text).split()``.
    """
    folded = unicodedata.normalize("NFKC", str(text)).casefold().translate(_LETTERS)
    plain = _ACCENTS.sub("", unicodedata.normalize("NFKD", folded))
    return _NON_WORD.sub(" ", unicodedata.normalize("NFKC", plain)).strip()


def fold_series(values: pd.Series) -> pd.Series:
    """:func:`fold` of every value, as a ``string`` Series with the index of *values*.

    Each distinct value is folded once and the results are spread back to the rows; a missing
    value stays ``<NA>``. Non-text values are folded as ``str(value)``.
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    folded = pd.array([*(fold(u) for u in uniques), pd.NA], dtype="string")
    # factorize marks missing values -1, which takes the trailing <NA>.
    return pd.Series(folded.take(codes), index=values.index, name=values.name)


BLANK_TOKENS: Final[frozenset[str]] = frozenset(
    {
        "",
        "-",
        "--",
        "\u2013",  # en dash
        "—",
        "——",
        "/",
        "na",
        "n/a",
        "n.a.",
        "n.a",
        "#n/a",
        "<na>",
        "(na)",
        "[na]",
        "nan",
        "nat",
        "none",
        "null",
        "nil",
        "unknown",
        "无",
        "空",
        "(空)",
        "未知",
        "不详",
        "暂无",
    }
)
"""Cell texts that mean "no value", as they read after NFKC, stripping and casefolding.

Everyone who asks "is this cell blank?" uses this set: the readers (``io.coerce.is_blank``), the
trade classifier's keyword columns (through :data:`BLANK_FOLDED`) and the country lookup. The one
exception is the country lookup's ``na``: a bare ``NA`` there is Namibia's ISO code (see
``classifiers.geo``), so it uses this set without ``na``.
"""

BLANK_FOLDED: Final[frozenset[str]] = frozenset(fold(token) for token in BLANK_TOKENS)
""":data:`BLANK_TOKENS` as :func:`fold` writes them (``n/a`` → ``n a``; ``-`` → ``""``)."""
