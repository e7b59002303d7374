"""Keyed, stable pseudonyms for customer ids, names, e-mails and phone numbers (数据安全).

A pseudonym is ``HMAC-SHA256(key, kind + value)``, shortened: ``ID-7K2Q9ZP4MX`` for an id,
``NAME-…`` for a name, ``…@example.invalid`` for an e-mail, ``+000 …`` for a phone. The same key
gives the same pseudonyms in every run (so month-over-month migration still matches customers);
without the key they cannot be reversed. There is no default key: it comes from the
``TIERCLI_PSEUDONYM_KEY`` environment variable or ``--key-file``. Each distinct value is hashed
once. :func:`tiercli.report.pseudonym.pseudonymise` applies this to a finished result.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from pathlib import Path
from typing import Any

import pandas as pd

from tiercli.catalogue import Message, define, msg
from tiercli.errors import InputError, os_reason

ENV = "TIERCLI_PSEUDONYM_KEY"
MIN_KEY = 16
_EMAIL = r"[^@\s]+@[^@\s]+\.[^@\s]+"
_PHONE = r"\+?[\d\s().\-]{7,}\d"
_TOKEN = re.compile(r"[^\s,;:'\"()\[\]{}]+")
TEXT_COLUMNS = ("name", "customer_name", "name_a", "name_b")
ID_COLUMNS = ("customer_id", "previous_customer_id", "id_a", "id_b", "merged_id")
LIST_COLUMNS = {"source_ids": "id", "source_names": "name"}  # values joined with " | "

MESSAGES = {
    "pseudonym.key_unreadable": (
        "--key-file {file}：无法读取（{reason}）",
        "--key-file {file}: cannot be read ({reason})",
    ),
    "pseudonym.no_key": (
        "--pseudonymise 需要密钥：请设置环境变量 {env}，或用 --key-file 指定密钥文件（一段至少 "
        "16 个字符的保密文字；请妥善保存：下个月用同一密钥才能得到相同的化名）",
        "--pseudonymise needs a key: set the environment variable {env} or pass --key-file "
        "FILE (a secret of at least 16 characters; keep it: the same key gives the same "
        "pseudonyms next month)",
    ),
    "pseudonym.short_key": (
        "{where}：密钥只有 {n} 个字符；至少需要 {need} 个",
        "{where}: the key has {n} characters; use at least {need}",
    ),
}
define(MESSAGES)


def load_key(key_file: Path | None) -> bytes:
    """The key from *key_file*, else from ``TIERCLI_PSEUDONYM_KEY``; never a default."""
    if key_file is not None:
        try:
            key = key_file.read_bytes().strip()
        except OSError as exc:
            raise InputError(
                msg("pseudonym.key_unreadable", file=str(key_file), reason=os_reason(exc))
            ) from None
        where = f"--key-file {key_file}"
    else:
        key = os.environ.get(ENV, "").strip().encode("utf-8")
        where = ENV
    if not key:
        raise InputError(msg("pseudonym.no_key", env=ENV))
    if len(key) < MIN_KEY:
        raise InputError(msg("pseudonym.short_key", where=where, n=len(key), need=MIN_KEY))
    return key


ID_PREFIX = "ID-"
"""How a pseudonymised customer id begins (``ID-7F3AQ2…``)."""
_PSEUDONYM = re.compile(r"(?:ID|NAME)-[A-Z2-7]{10}")


class Pseudonymiser:
    """Keyed pseudonyms, remembered so the mapping can be written."""

    def __init__(self, key: bytes) -> None:
        self.key = key
        self.mapping: dict[tuple[str, str], str] = {}

    def one(self, kind: str, value: str) -> str:
        known = self.mapping.get((kind, value))
        if known is not None:
            return known
        if kind in ("id", "name") and _PSEUDONYM.fullmatch(value):
            return value  # already one (a pseudonymised previous run's gone customer)
        digest = hmac.new(self.key, f"{kind}\x00{value}".encode(), hashlib.sha256).digest()
        code = base64.b32encode(digest).decode("ascii")[:10]
        if kind == "email":
            out = f"{code.lower()}@example.invalid"
        elif kind == "phone":
            out = "+000 " + str(int.from_bytes(digest[:8], "big"))[:10]
        else:
            out = f"{ID_PREFIX if kind == 'id' else 'NAME-'}{code}"
        self.mapping[(kind, value)] = out
        return out

    def series(self, kind: str, values: pd.Series) -> pd.Series:
        """*values* with each distinct non-empty value replaced (hashed once each)."""
        text = values.astype("string")
        distinct = text.dropna().unique()
        table = {v: self.one(kind, v) for v in distinct}
        return text.map(table).astype("string").where(text.notna())

    def index(self, index: pd.Index) -> pd.Index:
        return pd.Index(self.series("id", index.to_series()).to_numpy(), name=index.name)

    def contacts(self, values: pd.Series) -> pd.Series:
        """E-mail addresses and phone numbers in free text columns replaced."""
        text = values.astype("string")
        email = text.str.fullmatch(_EMAIL).fillna(False).astype(bool)
        phone = text.str.fullmatch(_PHONE).fillna(False).astype(bool)
        out = text.copy()
        if email.any():
            out[email] = self.series("email", text[email])
        if phone.any():
            out[phone] = self.series("phone", text[phone])
        return out

    def frame(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Ids, names and contacts in a table of customers (index or columns)."""
        out = frame.copy()
        if out.index.name == "customer_id":
            out.index = self.index(out.index)
        for column in out.columns:
            if column in ID_COLUMNS:
                out[column] = self.series("id", out[column])
            elif column in LIST_COLUMNS:
                out[column] = self.joined(LIST_COLUMNS[column], out[column])
            elif column in TEXT_COLUMNS:
                out[column] = self.series("name", out[column])
            elif pd.api.types.is_string_dtype(out[column]) or out[column].dtype == object:
                out[column] = self.contacts(out[column])
        return out

    def joined(self, kind: str, values: pd.Series, sep: str = " | ") -> pd.Series:
        """Lists joined with *sep* (``source_ids``): each item replaced, joined again."""
        text = values.astype("string")
        items = text.dropna().str.split(sep, regex=False).explode()
        if items.empty:
            return text
        mapped = self.series(kind, items.astype("string"))
        return mapped.groupby(level=0).agg(sep.join).reindex(text.index).astype("string")

    def text(self, value: str) -> str:
        """Free text (a message parameter, a reject's cell): known ids and names replaced."""
        known = {orig: pseudo for (kind, orig), pseudo in self.mapping.items()}
        if value in known:
            return known[value]
        return _TOKEN.sub(lambda m: known.get(m.group(0), m.group(0)), value)

    def message(self, message: Message) -> Message:
        return Message(message.code, {k: self._param(v) for k, v in message.params.items()})

    def _param(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list | tuple):
            return type(value)(self._param(v) for v in value)
        if isinstance(value, Message):
            return self.message(value)
        return value

    def mapping_frame(self) -> pd.DataFrame:
        rows = [(kind, orig, pseudo) for (kind, orig), pseudo in self.mapping.items()]
        return pd.DataFrame(rows, columns=["kind", "original", "pseudonym"])


def match_previous(previous: pd.Series, current_ids: pd.Index, key: bytes) -> pd.Series:
    """Tiers of a previous pseudonymised run re-keyed by the real ids they stand for (the same
    key gives the same pseudonyms), so migration compares the same customers."""
    p = Pseudonymiser(key)
    real = dict(zip(p.index(current_ids), current_ids, strict=True))
    keys = previous.index.to_series()
    out = previous.copy()
    out.index = pd.Index(keys.map(real).fillna(keys).to_numpy(), name=previous.index.name)
    return out


def pseudonymised(previous: pd.Index, current: pd.Index) -> bool:
    """Whether a previous run's ids are all pseudonyms that match none of this run's: the
    previous run was written with ``--pseudonymise`` and this one without."""
    ids = pd.Series(previous.astype("string"), dtype="string")
    return (
        len(ids) > 0
        and not previous.isin(current).any()
        and bool(ids.str.startswith(ID_PREFIX).fillna(False).all())
    )
