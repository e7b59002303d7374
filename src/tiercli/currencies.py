"""Currencies: ISO 4217 codes and the names, symbols and words exports write them with.

A leaf module (no tiercli import): the amount and currency cells are read with it
(:mod:`tiercli.io.coerce`), and so is the config's ``currency`` section (``base: RMB`` is CNY).
"""

from __future__ import annotations

import unicodedata
from typing import Final

# ISO 4217 code -> aliases. Aliases are written as they are looked up: casefolded, NFKC
# normalised, with whitespace and dots removed ("US Dollar" -> "usdollar", "Rs." -> "rs").
TABLE: Final[dict[str, tuple[str, ...]]] = {
    "USD": ("$", "us$", "u$s", "usd", "usdollar", "usdollars", "dollar", "dollars", "美元", "美金"),
    "EUR": ("€", "eur", "euro", "euros", "欧元", "歐元"),
    "GBP": ("£", "gbp", "pound", "pounds", "poundsterling", "sterling", "英镑", "英鎊"),
    "CNY": ("¥", "cn¥", "rmb", "cny", "元", "块", "人民币", "人民幣", "yuan", "renminbi"),
    "JPY": ("jp¥", "jpy", "円", "日元", "日圆", "日币", "yen"),
    "HKD": ("hk$", "hkd", "港币", "港幣", "港元"),
    "AUD": ("a$", "au$", "aud", "澳元", "澳币"),
    "CAD": ("c$", "ca$", "cad", "加元", "加币"),
    "NZD": ("nz$", "nzd", "纽元", "新西兰元"),
    "SGD": ("s$", "sg$", "sgd", "新元", "新币", "新加坡元"),
    "TWD": ("nt$", "twd", "新台币"),
    "BRL": ("r$", "brl", "real", "reais", "雷亚尔"),
    "INR": ("₹", "inr", "rs", "rupee", "rupees", "卢比"),
    "RUB": ("₽", "rub", "\u0440\u0443\u0431", "rouble", "roubles", "ruble", "rubles", "卢布"),
    "KRW": ("₩", "krw", "won", "韩元"),
    "CHF": ("chf", "fr", "sfr", "瑞郎", "瑞士法郎"),
    "TRY": ("₺", "try", "tl", "里拉"),
    "AED": ("aed", "dh", "dhs", "dirham", "dirhams", "迪拉姆"),
    "VND": ("₫", "vnd", "越南盾"),
    "THB": ("฿", "thb", "baht", "泰铢"),
    "MXN": ("mxn", "mx$", "墨西哥比索"),
    "ZAR": ("zar", "兰特"),
    "PHP": ("₱", "php"),
    "ILS": ("₪", "ils"),
    "UAH": ("₴", "uah"),
    "NGN": ("₦", "ngn"),
    "PLN": ("zł", "pln"),
    "IDR": ("rp", "idr"),
    "MYR": ("rm", "myr"),
}
ALIASES: Final[dict[str, str]] = {
    alias: code for code, aliases in TABLE.items() for alias in aliases
}

# Circulating ISO 4217 codes (plus CNH, offshore yuan): a bare code in an amount cell is only
# taken as a currency when it is one of these, so "abc12" is not read as 12 ABC.
_ISO_CODE_LIST: Final = """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN
    BWP BYN BZD CAD CDF CHF CLP CNH CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR
    FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD
    JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT
    MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG
    QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB
    TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG XOF XPF
    YER ZAR ZMW ZWG ZWL
"""
ISO_CODES: Final[frozenset[str]] = frozenset(_ISO_CODE_LIST.split())


def code_of(text: str) -> str | None:
    """The ISO code a whole word names (``RMB``, ``usd``, ``美元``, ``CNY``), or None."""
    key = "".join(unicodedata.normalize("NFKC", text).split()).casefold().replace(".", "")
    code = ALIASES.get(key)
    if code is None and key.upper() in ISO_CODES:
        code = key.upper()
    return code
