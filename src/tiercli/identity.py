"""Identity resolution (统一客户档案): one buyer written several ways becomes one customer.

Between reading and the customer table (:func:`tiercli.io.normalize.normalize` calls
:func:`resolve` last). Input: the canonical ``lines``, ``customers`` and ``inquiries`` (each with
``customer_id``; names in ``customer_name`` / ``name``; ``country``; customers and inquiries
also ``email``, ``phone`` and ``id_given`` — False for a provisional id made from a name or
e-mail when the row had none). Output: the same tables with ``customer_id`` rewritten to one id
per resolved customer (no row dropped; the customer list's rows of one customer folded into
one, the first non-empty value of each column kept), and an :class:`Identity`: the candidate
pairs (``merges``: applied, proposed and split, with score and evidence), each source id's
customer and the customer table's ``source_ids`` / ``source_names``.

How (all on the distinct ids, never per row):

- a *node* is a distinct customer id; its name, country, e-mail and phone are the customer
  list's, else the most frequent on its orders / inquiries (ties: alphabetical);
- keys: the id after the ``identity.ids`` options; the name folded (NFKC — full-width to
  half-width —, case, accents, punctuation) without legal-form words (:data:`LEGAL_FORMS`,
  their kind kept to tell a GmbH from an AG); the country as ISO code; the e-mail address,
  its domain unless free-mail; the phone in E.164 (``phonenumbers``, the country as region);
- candidate pairs: the same id key, e-mail, name key, domain or phone, and fuzzy names
  (``rapidfuzz`` ``ratio`` of the name keys, within blocks of one country and a
  name prefix, vectorised with ``cdist`` / ``cpdist``);
- score: 100 for an exact normalised match (same id key; same company e-mail address — one
  free-mail address is evidence, not proof: agents buy for several firms —; same name key
  and country — a provisional id also with an unknown country —; none of them with a
  conflict: another country, legal form or company e-mail domain — one id key with a conflict
  is proposed, at ``propose``); else name
  similarity − ``fuzzy_discount`` + ``evidence_bonus`` per shared domain / phone / free-mail
  address − ``conflict_penalty`` per conflict, at most 99;
- applied: score ≥ ``auto_merge`` (or ``merge`` in the merge file, unless ``split`` there);
  customers are the connected components of the applied pairs; each keeps the id of its best
  member (a given id, on the customer list, then the smallest id — not the busiest, so that
  a run on earlier data, a backtest's cut-off or last month's run, picks the same id).
  A provisional id that would join two customers is only proposed, and so is a record that
  would join records that differ through matches the difference was not checked on (a bare
  ``Müller`` matching both ``Müller GmbH`` and ``Müller AG``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from tiercli import schema
from tiercli.catalogue import Both, Message, define, msg
from tiercli.classifiers.base import Classified, Classifier, Context, Explanation
from tiercli.codes import missing_text, value_codes
from tiercli.config.identity import IdentityConfig, IdOptions
from tiercli.errors import InputError, close_matches, did_you_mean
from tiercli.schema import Column
from tiercli.text import fold_series

IDENTITY = "identity"


def SCORER() -> Any:
    """The name similarity: rapidfuzz ``ratio`` of the name keys (word order counts: Riego
    Caribe and Caribe Riego are two companies; case, punctuation and legal forms are already
    gone from the keys)."""
    from rapidfuzz import fuzz

    return fuzz.ratio


SIMILAR = 80
"""Name similarity (0..100) from which two names count as evidence ``similar_name``."""
OTHER_NAME = 50
"""Name similarity (0..100) below which two names in one script count as a conflict
(``other_name``): an id or an e-mail address they share is not proof then. Names in letters
that share no word and are not similar are a conflict too."""
_CJK_CHARACTER = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")

# Legal-form words (as :func:`tiercli.text.fold` writes them) → their kind. Words of kind "" are
# dropped from the name but say nothing about the legal entity ("co", "company").
LEGAL_FORMS: dict[str, str] = {
    "co": "", "company": "", "corp": "corp", "corporation": "corp", "inc": "corp",
    "incorporated": "corp", "ltd": "ltd", "limited": "ltd", "llc": "llc", "l l c": "llc",
    "plc": "plc", "gmbh": "gmbh", "ag": "ag", "kg": "kg", "ug": "ug", "sa": "sa", "s a": "sa",
    "sl": "sl", "s l": "sl", "srl": "srl", "s r l": "srl", "sarl": "sarl", "s a r l": "sarl",
    "sas": "sas", "s a s": "sas", "spa": "spa", "s p a": "spa", "bv": "bv", "b v": "bv",
    "nv": "nv", "n v": "nv", "pty": "pty", "pte": "pte", "ab": "ab", "as": "as", "oy": "oy",
    "aps": "aps", "sdn bhd": "sdn bhd", "bhd": "bhd", "jsc": "jsc", "ojsc": "jsc", "cjsc": "jsc",
    "pvt": "pvt", "private": "pvt", "sp z o o": "spzoo", "kft": "kft", "ltda": "ltda",
    "sa de cv": "sa", "s a de c v": "sa", "tic": "tic", "ооо": "ооо",
    "оао": "оао", "зао": "зао", "пао": "пао", "ао": "ао", "ип": "ип", "pt": "pt", "cv": "cv",
    "tbk": "tbk", "k k": "kk", "kk": "kk", "g k": "gk", "sti": "ltd", "a s": "as",
    "株": "kk",
}  # fmt: skip
# Chinese / Japanese forms written without spaces, at the end (or, 株式会社, at the start).
CJK_FORMS: dict[str, str] = {
    "股份有限公司": "jsc", "有限责任公司": "ltd", "有限責任公司": "ltd", "有限公司": "ltd",
    "株式会社": "kk", "有限会社": "yk", "合同会社": "gk", "公司": "",
}  # fmt: skip
# Forms written before the name (ООО «Ромашка», PT Maju, 株式会社トヨタ).
# A prefix counts only in a name without a legal form at its end (PT Solutions Ltd is a UK
# company named "PT Solutions"), but the forms that go with it (PT Maju Tbk).
PREFIX_FORMS = ("ооо", "оао", "зао", "пао", "ао", "ип", "pt", "cv", "株")
_WITH_PREFIX = frozenset({"tbk"})

EVIDENCE = {
    "id": ("编号相同", "Same id"),
    "email": ("邮箱相同", "Same e-mail"),
    "name": ("名称相同", "Same name"),
    "similar_name": ("名称相近", "Similar name"),
    "domain": ("邮箱域名相同", "Same e-mail domain"),
    "phone": ("电话相同", "Same phone"),
    "other_country": ("国家不同", "Different country"),
    "other_legal_form": ("公司类型不同", "Different legal form"),
    "other_domain": ("邮箱域名不同", "Different e-mail domain"),
    "other_name": ("名称不同", "Different name"),
    "merge_file": ("合并文件", "Merge file"),
}
"""The kinds of evidence of a candidate pair, in the order they are listed."""


def evidence_labels(codes: pd.Series) -> dict[str, tuple[str, str]]:
    """Labels of the evidence combinations in *codes* (``name+domain`` → 名称相同、邮箱域名相同),
    for the run's labels (the schema lists the single kinds)."""
    out: dict[str, tuple[str, str]] = {}
    for code in codes.dropna().unique():
        kinds = [k for k in str(code).split("+") if k in EVIDENCE]
        out[str(code)] = (
            "、".join(EVIDENCE[k][0] for k in kinds),
            ", ".join(
                EVIDENCE[k][1] if i == 0 else EVIDENCE[k][1].lower() for i, k in enumerate(kinds)
            ),
        )
    return out


STATUS = {
    "applied": ("已合并", "Merged"),
    "proposed": ("建议合并", "Proposed"),
    "split": ("不合并(合并文件)", "Kept apart (merge file)"),
}
DECISIONS = {"merge": ("合并", "Merge"), "split": ("拆分", "Split"), "keep": ("保留", "Keep")}

COLUMNS: tuple[Column, ...] = (
    Column("source_ids", "text", "来源编号", "Source ids", IDENTITY,
           "The ids in the data that were merged into this customer (only for merged customers)"),
    Column("source_names", "text", "来源名称", "Source names", IDENTITY,
           "The names written for this customer's merged ids (only for merged customers)"),
)  # fmt: skip
"""The customer table's identity columns."""

MERGE_COLUMNS: tuple[Column, ...] = (
    Column("merge_status", "label", "合并状态", "Merge status", IDENTITY,
           "Merged (score at or above identity.auto_merge, or merge in the merge file), "
           "proposed (at or above identity.propose) or kept apart by the merge file",
           values=STATUS),
    Column("score", "score", "匹配得分", "Match score", IDENTITY,
           "100 = exact normalised match; else name similarity + evidence − conflicts"),
    Column("evidence", "label", "依据", "Evidence", IDENTITY,
           "Which fields matched (or differ) between the two records, joined with + "
           "(similar name: name similarity of at least 80)",
           values=EVIDENCE, open=True),
    Column("id_a", "text", "编号A", "Id A", IDENTITY, "One record's customer id, as in the data"),
    Column("name_a", "text", "名称A", "Name A", IDENTITY, "Its name"),
    Column("id_b", "text", "编号B", "Id B", IDENTITY, "The other record's customer id"),
    Column("name_b", "text", "名称B", "Name B", IDENTITY, "Its name"),
    Column("merged_id", "text", "合并后编号", "Merged into", IDENTITY,
           "The customer id both records now carry (merged pairs)"),
    Column("decision", "label", "决定", "Decision", IDENTITY,
           "Your decision from the merge file (merge, split or keep); fill it in and save the "
           "sheet as identity.merges",
           values=DECISIONS),
)  # fmt: skip
MERGE_TABLE = tuple(c.name for c in MERGE_COLUMNS)
schema.register((*COLUMNS, *MERGE_COLUMNS))

MESSAGES = {
    "identity.summary": (
        "统一客户档案：{sources} 个来源编号合并为 {customers} 个客户；另有 {proposed} 对建议合并"
        "（工作簿的“合并”表与 --json 逐一列出）",
        "identity: {sources} source ids merged into {customers} customers; {proposed} more "
        "pair(s) proposed (a workbook's Merges sheet and --json list them)",
    ),
    "identity.ids": (
        "客户编号规范化（忽略{options}）：{n} 个编号与其他写法视为同一客户，如 {examples}",
        "customer ids compared ignoring {options}: {n} id(s) read as another spelling of the "
        "same customer, e.g. {examples}",
    ),
    "identity.blank_ids": (
        "{matched} 个无编号的客户/询盘记录按名称或邮箱匹配到已有客户；{new} 个成为新客户（编号取其名称）",
        "{matched} customer/inquiry record(s) without an id matched a customer by name or "
        "e-mail; {new} became customers of their own (their name as id)",
    ),
    "identity.ambiguous": (
        "{n} 个无编号的记录同时匹配多个客户（如 {examples}），只列为建议合并",
        "{n} record(s) without an id match several customers (e.g. {examples}); they are "
        "only proposed",
    ),
    "identity.chained": (
        "{n} 个记录会把公司类型、国家或邮箱域名不同的客户连成一个（如 {examples}），其合并只列为建议",
        "{n} record(s) would join customers of another legal form, country or e-mail domain "
        "into one (e.g. {examples}); their merges are only proposed",
    ),
    "identity.split_joined": (
        "合并文件要求拆分的 {n} 对编号仍通过其他合并连在一起（如 {examples}）；请在合并文件中也拆分相连的那几对",
        "{n} pair(s) marked split in the merge file are still joined through other merges "
        "(e.g. {examples}); mark the pairs that join them split as well",
    ),
    "identity.unknown_ids": (
        "合并文件 {file} 中有 {n} 个编号不在本次数据中（如 {examples}），已忽略",
        "merge file {file}: {n} id(s) are not in this run's data (e.g. {examples}); ignored",
    ),
    "identity.explain": (
        "由以下来源编号合并：{ids}；名称：{names}",
        "built from the source ids {ids}; names: {names}",
    ),
    "identity.explain_one": ("来源编号：{ids}（未合并）", "source id: {ids} (not merged)"),
    # errors of the merge file (identity.merges)
    "identity.merges_not_found": (
        "identity.merges：找不到 {file}。请把“合并”表（或含 {columns} 列的 CSV）保存到这里，"
        "或设置 {unset}",
        "identity.merges: {file} not found. Save the Merges sheet (or a CSV with columns "
        "{columns}) there, or set {unset}",
    ),
    "identity.merges_workbook": (
        "identity.merges：{file} 是工作簿；请把“合并”表另存为 CSV（UTF-8），并在此填写该文件",
        "identity.merges: {file} is a workbook; save the Merges sheet as CSV (UTF-8) and name "
        "that file",
    ),
    "identity.merges_unreadable": (
        "identity.merges：{file}：不是可读取的 CSV（{reason}）",
        "identity.merges: {file}: not a readable CSV ({reason})",
    ),
    "identity.merges_encoding": (
        "identity.merges：{file}：不是 UTF-8 或 GB18030 编码的文本",
        "identity.merges: {file}: not UTF-8 or GB18030 text",
    ),
    "identity.merges_missing_column": (
        "identity.merges：{file}：缺少“{column}”列（现有：{found}）。{closest}该文件需要 "
        "{columns} 列（与“合并”表相同）",
        "identity.merges: {file}: missing column '{column}' (found: {found}).{closest} The "
        "file needs columns {columns} (as the Merges sheet has them)",
    ),
    "identity.merges_no_headers": ("没有表头", "no headers"),
    "identity.merges_closest_header": (
        "最接近的表头是“{header}”。",
        " The closest header is '{header}'.",
    ),
    "identity.merges_bad_decision": (
        "identity.merges：{file} 第 {row} 行：决定“{value}”不是 {choices}之一。{hint}",
        "identity.merges: {file} row {row}: decision '{value}' is not one of {choices}.{hint}",
    ),
    "identity.merges_blank_id": (
        "identity.merges：{file} 第 {row} 行：{which} 为空（id_a 为“{id_a}”，id_b 为“{id_b}”）；"
        "请给出这一对的两个客户编号",
        "identity.merges: {file} row {row}: {which} is blank (found id_a '{id_a}', id_b "
        "'{id_b}'); give both customer ids of the pair",
    ),
    "identity.merges_same_ids": (
        "identity.merges：{file} 第 {row} 行：id_a 和 id_b 都是“{id}”；一条决定针对的是两个不同的编号",
        "identity.merges: {file} row {row}: id_a and id_b are both '{id}'; a decision is about "
        "two different ids",
    ),
}
define(MESSAGES)
_DECISION_WORDS = Both(
    "merge、split、keep（合并、拆分、保留）", "merge, split, keep (合并, 拆分, 保留)"
)

_OPTION_WORDS = {
    "case": Both("大小写", "case"),
    "spaces": Both("空格", "spaces"),
    "punctuation": Both("标点", "punctuation"),
    "leading_zeros": Both("前导零", "leading zeros"),
}
_EMAIL = re.compile(r"^[^@\s]+@([^@\s]+\.[^@\s]+)$")


@dataclass(frozen=True)
class Identity:
    """What identity resolution did: the candidate pairs, each source id's customer, the
    customer table's ``source_ids`` / ``source_names`` (merged customers only) and counts."""

    merges: pd.DataFrame  # MERGE_TABLE columns
    sources: pd.DataFrame  # source_id → customer_id, name, id_given (one row per source id)
    columns: pd.DataFrame  # indexed by customer_id: source_ids, source_names
    counts: dict[str, int] = field(default_factory=dict)
    notes: tuple[Message, ...] = ()
    warnings: tuple[Message, ...] = ()


def empty_merges() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=schema.COLUMNS[c].dtype) for c in MERGE_TABLE})


# --------------------------------------------------------------------------------------------
# keys
# --------------------------------------------------------------------------------------------


def for_customers(identity: Identity, customers: pd.Index) -> Identity:
    """*identity* with only the pairs that touch *customers* (``--owner``: one salesperson's):
    a pair whose record, either one, now belongs to one of them. The counts stay the run's."""
    merges = identity.merges
    if merges.empty:
        return identity
    owner = pd.Series(
        identity.sources["customer_id"].astype("string").to_numpy(),
        index=identity.sources["source_id"].astype("string").to_numpy(),
    )
    owner = owner[~owner.index.duplicated()]
    wanted = customers.astype("string")
    touches = np.zeros(len(merges), dtype=bool)
    for side in ("id_a", "id_b"):
        touches |= merges[side].astype("string").map(owner).isin(wanted).fillna(False).to_numpy()
    return replace(identity, merges=merges.loc[touches].reset_index(drop=True))


def current_customers(
    asked: pd.Series, customers: pd.Index, sources: pd.DataFrame | None, cfg: IdentityConfig
) -> pd.Series:
    """Each *asked* id's customer in a run (*customers*, with the identity's *sources*): the
    customer it is, or the one whose source id it is (``00549`` merged into ``C00549``), else
    the one whose id or source id it equals as ``identity.ids`` compares ids (``c-00042``);
    missing where none is, or more than one."""
    pairs = [
        pd.DataFrame({"given": customers.astype("string"), "owner": customers.astype("string")})
    ]
    if sources is not None and not sources.empty:
        pairs.append(
            pd.DataFrame(
                {
                    "given": sources["source_id"].astype("string").to_numpy(),
                    "owner": sources["customer_id"].astype("string").to_numpy(),
                }
            )
        )
    from tiercli.io.coerce import clean_id  # (the io package imports this module)

    known = pd.concat(pairs, ignore_index=True).dropna()
    # cleaned as the run cleans ids: full-width Ｃ１, spaces, zero-width characters
    asked = pd.Series(clean_id(asked.astype("string")).to_numpy(), dtype="string")
    keys = id_keys(pd.concat([known["given"], asked], ignore_index=True), cfg)
    known["key"] = keys.iloc[: len(known)].to_numpy()
    asked_key = pd.Series(keys.iloc[len(known) :].to_numpy(), dtype="string")
    asked_key = asked_key.where(asked_key.str.len() > 0)
    found = asked.map(_one_owner(known, "given"))
    return found.fillna(asked_key.map(_one_owner(known, "key"))).astype("string")


def _one_owner(known: pd.DataFrame, by: str) -> pd.Series:
    """*by* (a given id or its key) → the customer it belongs to, where that is one customer."""
    pairs = known[[by, "owner"]].dropna().drop_duplicates()
    pairs = pairs.loc[~pairs[by].duplicated(keep=False)]
    return pd.Series(pairs["owner"].to_numpy(), index=pairs[by].to_numpy())


def id_keys(ids: pd.Series, cfg: IdentityConfig) -> pd.Series:
    """The ids as compared under ``identity.ids`` (vectorised string operations).

    ASCII ids (nearly all) are keyed by Arrow's regex engine with the ASCII classes spelled
    out; the others by Python's ``re``, whose ``\\s`` and ``\\w`` are Unicode-aware.
    """
    key = ids.astype("string")
    ascii = key.str.isascii().to_numpy(dtype=bool, na_value=True)
    if ascii.all():
        key = _id_key(key, cfg.ids, ascii=True)
    elif ascii.any():
        key = pd.concat([_id_key(key[ascii], cfg.ids, True), _id_key(key[~ascii], cfg.ids, False)])
        key = key.reindex(ids.index)
    else:
        key = _id_key(key, cfg.ids, ascii=False)
    return key.where(key.str.len() > 0, ids.astype("string"))


_ASCII_SPACE: Final = r"\t\n\x0b\x0c\r\x1c-\x1f "
"""The ASCII characters Python's ``\\s`` matches (``str.isspace``)."""


def _id_key(key: pd.Series, opt: IdOptions, ascii: bool) -> pd.Series:
    if opt.case:
        key = key.str.lower() if ascii else key.str.casefold()  # the same on ASCII
    if opt.spaces:
        key = key.str.replace(rf"[{_ASCII_SPACE}]+" if ascii else r"\s+", "", regex=True)
    if opt.punctuation:  # not a letter, digit or space; and the underscore
        pattern = rf"[^0-9A-Za-z{_ASCII_SPACE}]" if ascii else r"[^\w\s]|_"
        key = key.str.replace(pattern, "", regex=True)
    if opt.leading_zeros:  # 00042 = 42, and the number after a prefix: C00042 = C42
        numbered = key.str.fullmatch(r"\D*\d+").fillna(False).astype(bool)
        # (no look-ahead: the pattern stays in Arrow's regex engine, ~10× faster)
        key = key.where(~numbered, key.str.replace(r"^(\D*)0+(\d)", r"\1\2", regex=True))
    return key


def _legal_pattern(extra: list[str]) -> tuple[re.Pattern[str], dict[str, str]]:
    forms = dict(LEGAL_FORMS)
    for word in extra:
        folded = fold_series(pd.Series([word])).iloc[0]
        if isinstance(folded, str) and folded:
            forms[folded] = folded
    words = sorted(forms, key=len, reverse=True)
    alternatives = "|".join(re.escape(w) for w in words)
    # one or more legal-form words at the end, each preceded by a space
    return re.compile(rf"(?:\s(?:{alternatives}))+$"), forms


def name_keys(names: pd.Series, extra_forms: list[str] | None = None) -> pd.DataFrame:
    """``name_key`` (folded, legal-form words dropped) and ``legal`` (the legal forms' kinds,
    sorted and joined with ``+``; empty when none) of each name; each distinct name once."""
    if names.isna().all():  # no names at all (an order export with ids only)
        none = pd.array([pd.NA] * len(names), dtype="string")
        return pd.DataFrame({"name_key": none, "legal": none.copy()}, index=names.index)
    codes, uniques = pd.factorize(names.astype("string"), use_na_sentinel=True)
    folded = fold_series(pd.Series(uniques, dtype="string"))
    tail, forms = _legal_pattern(list(extra_forms or []))
    cjk_alt = "|".join(sorted(CJK_FORMS, key=len, reverse=True))
    # Chinese/Japanese suffixes (no spaces), then 株式会社 etc. before the name
    cjk_tail = folded.str.extract(rf"((?:{cjk_alt})+)$", expand=False)
    key = folded.str.replace(rf"(?:{cjk_alt})+$", "", regex=True)
    cjk_head = key.str.extract(r"^(株式会社|有限会社|合同会社)", expand=False)
    key = key.str.replace(r"^(株式会社|有限会社|合同会社)\s*", "", regex=True)
    prefix = "|".join(PREFIX_FORMS)
    # (a legal form at the end, other than one that goes with a prefix: no prefix form)
    ends = key.str.extract(f"({tail.pattern})", expand=False).fillna("").str.split()
    alone = ends.map(lambda w: all(forms.get(x, "") in _WITH_PREFIX or not forms.get(x) for x in w))
    alone &= cjk_tail.isna() & cjk_head.isna()
    head = key.str.extract(rf"^({prefix})\s", expand=False).where(alone)
    key = key.where(~alone, key.str.replace(rf"^(?:{prefix})\s+", "", regex=True))
    latin = key.str.extract(f"({tail.pattern})", expand=False)
    key = key.str.replace(tail.pattern, "", regex=True).str.strip()
    # A name that is nothing but legal words keeps its folded text.
    key = key.where(key.str.len() > 0, folded)
    cjk_words = cjk_tail.fillna("").str.replace(rf"({cjk_alt})", r" \1 ", regex=True)
    words = (
        latin.fillna("").str.strip() + " " + head.fillna("") + " " + cjk_words + " "
        + cjk_head.fillna("")
    )  # fmt: skip
    # the legal kinds of each distinct set of legal words (a few dozen)
    word_codes, distinct_words = pd.factorize(words)
    kind_of = np.array([_kinds(str(w), forms) for w in distinct_words], dtype=object)
    kinds = pd.Series(kind_of[word_codes] if len(word_codes) else [], dtype="string")
    key_arr = pd.array([*key.tolist(), pd.NA], dtype="string")
    kind_arr = pd.array([*kinds.tolist(), pd.NA], dtype="string")
    return pd.DataFrame(
        {"name_key": key_arr.take(codes), "legal": kind_arr.take(codes)}, index=names.index
    )


def _kinds(words: str, forms: dict[str, str]) -> str:
    """The legal kinds named in *words* (greedy longest match of multi-word forms)."""
    tokens = words.split()
    found: set[str] = set()
    i = 0
    while i < len(tokens):
        for size in (5, 4, 3, 2, 1):
            phrase = " ".join(tokens[i : i + size])
            kind = forms.get(phrase, CJK_FORMS.get(phrase))
            if kind is not None and (size == 1 or phrase in forms):
                if kind:
                    found.add(kind)
                i += size
                break
        else:
            i += 1
    if {"pty", "ltd"} <= found:  # Pty Ltd is one form
        found.discard("ltd")
    return "+".join(sorted(found))


def email_keys(emails: pd.Series, free: list[str]) -> pd.DataFrame:
    """``email`` (case-folded, valid addresses only) and ``domain`` (empty for free-mail)."""
    text = emails.astype("string").str.strip().str.casefold()
    domain = text.str.extract(_EMAIL, expand=False).astype("string")
    valid = domain.notna()
    domain = domain.where(~domain.isin([d.casefold() for d in free]).fillna(False))
    return pd.DataFrame({"email": text.where(valid), "domain": domain}, index=emails.index)


def phone_keys(phones: pd.Series, regions: pd.Series) -> pd.Series:
    """Phone numbers in E.164 (``phonenumbers``; *regions*: ISO country codes for numbers
    without a country code); <NA> when not a possible number. Each distinct pair once."""
    out = pd.Series(pd.NA, index=phones.index, dtype="string")
    if phones.isna().all():  # no phone column (the usual order export)
        return out
    import phonenumbers

    pairs = pd.DataFrame({"phone": phones.astype("string"), "region": regions.astype("string")})
    pairs = pairs.loc[pairs["phone"].str.count(r"\d").fillna(0) >= 7]
    if pairs.empty:
        return out
    distinct = pairs.drop_duplicates()
    found: list[str | None] = []
    for phone, region in zip(distinct["phone"], distinct["region"], strict=True):
        try:
            number = phonenumbers.parse(str(phone), None if pd.isna(region) else str(region))
        except phonenumbers.NumberParseException:
            found.append(None)
            continue
        ok = phonenumbers.is_possible_number(number)
        found.append(
            phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) if ok else None
        )
    table = distinct.assign(e164=pd.array(found, dtype="string"))
    merged = pairs.reset_index().merge(table, on=["phone", "region"], how="left")
    out.loc[merged["index"].to_numpy()] = merged["e164"].to_numpy()
    return out


def country_keys(countries: pd.Series, overrides: Mapping[str, str] | None = None) -> pd.Series:
    """ISO alpha-2 of each country (its folded text when it does not resolve; <NA> if blank);
    *overrides*: the config's ``trade.region.overrides`` (a spelling → its country)."""
    if countries.isna().all():  # no country anywhere: nothing to look up
        return pd.Series(pd.NA, index=countries.index, dtype="string")
    from tiercli.classifiers.geo import resolve_countries

    iso = resolve_countries(countries, overrides)["iso2"].astype("string")
    return iso.fillna(fold_series(countries)).replace("", pd.NA)


# --------------------------------------------------------------------------------------------
# nodes: one per distinct customer id
# --------------------------------------------------------------------------------------------


def _nodes(lines: pd.DataFrame, customers: pd.DataFrame, inquiries: pd.DataFrame) -> pd.DataFrame:
    """One row per distinct customer id (sorted): name, country, email, phone, given, listed.
    Values: the customer list's, else the most frequent (ties: smallest)."""
    parts: list[pd.DataFrame] = []
    tables = sum(not frame.empty for frame in (customers, lines, inquiries))
    for rank, frame, name_col in (
        (0, customers, "name"),
        (1, lines, "customer_name"),
        (2, inquiries, "name"),
    ):
        if frame.empty:
            continue
        cols = {"customer_id": frame["customer_id"].astype("string")}
        empty = []  # columns the table does not have or leaves empty: not counted, added back
        for out, src in (("name", name_col), ("country", "country"), ("email", "email"),
                         ("phone", "phone")):  # fmt: skip
            if src in frame and frame[src].notna().any():
                cols[out] = frame[src].astype("string")
            else:
                empty.append(out)
        given = frame["id_given"] if "id_given" in frame else pd.Series(True, index=frame.index)
        cols["given"] = given.astype(bool)
        if len(cols) == 2 and tables == 1:  # one table of ids alone: straight from the codes
            return _id_nodes(frame["customer_id"], cols["given"], listed=rank == 0)
        if len(cols) == 2:  # ids only (an order export): counted by integer codes
            counted = _id_counts(cols["customer_id"], cols["given"])
        else:
            counted = pd.DataFrame(cols).value_counts(dropna=False, sort=False)
            counted = counted.rename("n").reset_index()
        for column in empty:
            counted[column] = pd.Series(pd.NA, index=counted.index, dtype="string")
        parts.append(counted.assign(rank=rank))
    if not parts:
        return pd.DataFrame(columns=["name", "country", "email", "phone", "given", "listed"])
    records = pd.concat(parts, ignore_index=True)
    ids = pd.Index(records["customer_id"].dropna().unique()).sort_values()
    nodes = pd.DataFrame(index=pd.Index(ids, name="customer_id"))
    for column in ("name", "country", "email", "phone"):
        sub = records.dropna(subset=[column])
        if sub.empty:  # not in the data at all
            nodes[column] = pd.NA
            continue
        sub = sub.groupby(["customer_id", column], sort=False).agg(
            rank=("rank", "min"), n=("n", "sum")
        )
        sub = sub.reset_index().sort_values(
            ["customer_id", "rank", "n", column], ascending=[True, True, False, True],
            kind="stable",
        )  # fmt: skip
        nodes[column] = sub.drop_duplicates("customer_id").set_index("customer_id")[column]
    nodes["given"] = records.groupby("customer_id")["given"].any().reindex(ids).fillna(False)
    listed = records.loc[records["rank"] == 0, "customer_id"].unique()
    nodes["listed"] = ids.isin(listed)
    return nodes.astype(
        {c: "string" for c in ("name", "country", "email", "phone")}
        | {"given": bool, "listed": bool}
    )


def _id_nodes(ids: pd.Series, given: pd.Series, listed: bool) -> pd.DataFrame:
    """:func:`_nodes` of one table of ids alone (an order export): the distinct ids by their
    codes, sorted, each given when any of its rows gave it — not the ids' rows counted, then
    grouped and looked up again by their text (10M lines, 450k ids: 0.58 → ~0.2 s)."""
    codes, distinct = value_codes(ids)
    gave = given.to_numpy(dtype=bool)
    if gave.all():  # every id given (each distinct id is some row's): no rows looked at
        stated = np.ones(len(distinct), dtype=bool)
    else:  # (marked in place: int32 codes, no count of 64-bit copies; 10M rows 0.27 -> ~0.05 s)
        stated = np.zeros(len(distinct), dtype=bool)
        stated[codes[(codes >= 0) & gave]] = True
    texts = distinct.astype("string")
    order = np.asarray(texts.argsort())  # (Arrow's sort of the texts: distinct, so no ties)
    index = pd.Index(texts.take(order), name="customer_id")
    nodes = pd.DataFrame(
        {column: missing_text(index) for column in ("name", "country", "email", "phone")}
    )
    nodes["given"] = stated[order]
    nodes["listed"] = listed
    return nodes


def _id_counts(ids: pd.Series, given: pd.Series) -> pd.DataFrame:
    """``value_counts`` of the (customer_id, given) pairs, as columns customer_id, given, n."""
    codes, distinct = value_codes(ids)
    key = (codes.astype(np.int64) + 1) * 2 + given.to_numpy(dtype=bool)  # missing id: code 0
    counts = np.bincount(key, minlength=2)
    found = np.flatnonzero(counts)
    return pd.DataFrame(
        {
            "customer_id": distinct.take(found // 2 - 1, allow_fill=True, fill_value=pd.NA),
            "given": found % 2 == 1,
            "n": counts[found],
        }
    )


# --------------------------------------------------------------------------------------------
# candidate pairs
# --------------------------------------------------------------------------------------------


def _pairs_by_key(key: pd.Series, cap: int = 50) -> pd.DataFrame:
    """Pairs (a < b, node positions) of nodes sharing a non-empty *key*: every pair in groups of
    at most *cap*, each member with the group's first in larger ones."""
    filled = key.dropna()
    if not filled[filled != ""].duplicated().any():  # no key shared (often: none given)
        return pd.DataFrame({"a": pd.Series(dtype="int64"), "b": pd.Series(dtype="int64")})
    frame = pd.DataFrame({"key": key.to_numpy(), "pos": np.arange(len(key))}).dropna()
    frame = frame.loc[frame["key"] != ""]
    size = frame.groupby("key")["pos"].transform("size")
    frame = frame.loc[size > 1]
    small = frame.loc[size[size > 1] <= cap]
    big = frame.loc[size[size > 1] > cap]
    out = []
    if not small.empty:
        both = small.merge(small, on="key", suffixes=("_a", "_b"))
        both = both.loc[both["pos_a"] < both["pos_b"]]
        out.append(pd.DataFrame({"a": both["pos_a"].to_numpy(), "b": both["pos_b"].to_numpy()}))
    if not big.empty:
        first = big.groupby("key")["pos"].transform("min")
        star = big.loc[big["pos"] != first]
        out.append(pd.DataFrame({"a": first[star.index].to_numpy(), "b": star["pos"].to_numpy()}))
    if not out:
        return pd.DataFrame({"a": pd.Series(dtype="int64"), "b": pd.Series(dtype="int64")})
    return pd.concat(out, ignore_index=True).astype("int64")


def _block_pairs(blocks: pd.Series, small: int = 200) -> tuple[pd.DataFrame, list[np.ndarray]]:
    """(pairs a < b of node positions sharing a block of at most *small* nodes, the node
    positions of each larger block); integer codes throughout."""
    codes, _ = pd.factorize(blocks, use_na_sentinel=True)
    pos = np.flatnonzero(codes >= 0)
    codes = codes[pos]
    sizes = np.bincount(codes) if len(codes) else np.zeros(0, dtype=np.int64)
    size = sizes[codes] if len(codes) else np.zeros(0, dtype=np.int64)
    frame = pd.DataFrame({"block": codes[(size > 1) & (size <= small)],
                          "pos": pos[(size > 1) & (size <= small)]})  # fmt: skip
    both = frame.merge(frame, on="block", suffixes=("_a", "_b"))
    both = both.loc[both["pos_a"] < both["pos_b"]]
    pairs = pd.DataFrame({"a": both["pos_a"].to_numpy(), "b": both["pos_b"].to_numpy()})
    large = pd.Series(pos[size > small]).groupby(codes[size > small])
    return pairs, [group.to_numpy() for _, group in large]


def _fuzzy_pairs(names: pd.Series, blockings: list[pd.Series], cutoff: float) -> pd.DataFrame:
    """Pairs of nodes sharing a block of any blocking whose names score at least *cutoff*
    (:func:`SCORER`). Pairs in small blocks are scored at once (``cpdist``), large blocks
    with ``cdist`` in chunks."""
    if int(names.notna().sum()) < 2:  # nothing to compare
        return pd.DataFrame({"a": pd.Series(dtype="int64"), "b": pd.Series(dtype="int64")})
    from rapidfuzz import process

    values = names.fillna("").to_numpy(dtype=object)
    small, large = [], []
    for blocks in blockings:
        pairs, big = _block_pairs(blocks.where(names.notna()))
        small.append(pairs)
        large.extend(big)
    out = []
    candidates = pd.concat(small, ignore_index=True).drop_duplicates()
    if not candidates.empty:
        a, b = candidates["a"].to_numpy(), candidates["b"].to_numpy()
        score = process.cpdist(
            values[a], values[b], scorer=SCORER(), score_cutoff=cutoff, workers=-1
        )
        hit = score >= cutoff
        out.append(pd.DataFrame({"a": a[hit], "b": b[hit]}))
    for pos in large:
        block = values[pos]
        for start in range(0, len(block), 2000):
            matrix = process.cdist(
                block[start : start + 2000], block, scorer=SCORER(),
                score_cutoff=cutoff, dtype=np.uint8, workers=-1,
            )  # fmt: skip
            i, j = np.nonzero(matrix)
            i = i + start
            keep = i < j
            out.append(pd.DataFrame({"a": pos[i[keep]], "b": pos[j[keep]]}))
    if not out:
        return pd.DataFrame({"a": pd.Series(dtype="int64"), "b": pd.Series(dtype="int64")})
    return pd.concat(out, ignore_index=True).astype("int64")


# --------------------------------------------------------------------------------------------
# the merge file
# --------------------------------------------------------------------------------------------


def read_decisions(path: Path) -> pd.DataFrame:
    """The user's decisions: ``id_a, id_b, decision`` (merge / split / keep) and the file ``row``
    of each. Headers may be the Merges sheet's (zh or en) or the column names; rows with a blank
    decision are skipped. A bad file raises InputError naming the file, row and closest choice."""
    from tiercli.io.aliases import header_key

    if not path.is_file():
        raise InputError(
            msg(
                "identity.merges_not_found",
                file=str(path),
                columns=["id_a", "id_b", "decision"],
                unset="identity.merges: null",
            )
        )
    if path.suffix.lower() in {".xlsx", ".xlsm", ".xls"}:
        raise InputError(msg("identity.merges_workbook", file=str(path)))
    raw = None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding)
            break
        except UnicodeDecodeError:
            continue
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise InputError(
                msg("identity.merges_unreadable", file=str(path), reason=str(exc))
            ) from None
    if raw is None:
        raise InputError(msg("identity.merges_encoding", file=str(path)))
    wanted = {}
    for column in ("id_a", "id_b", "decision"):
        c = schema.COLUMNS[column]
        wanted.update({header_key(h): column for h in (column, c.zh, c.en)})
    found = {wanted[header_key(h)]: h for h in raw.columns if header_key(h) in wanted}
    missing = [c for c in ("id_a", "id_b", "decision") if c not in found]
    if missing:
        hint = close_matches(missing[0], [str(h) for h in raw.columns], 1, cutoff=0.5)
        closest = msg("identity.merges_closest_header", header=hint[0]) if hint else ""
        headers = [str(h) for h in raw.columns]
        raise InputError(
            msg(
                "identity.merges_missing_column",
                file=str(path),
                column=missing[0],
                found=headers if headers else msg("identity.merges_no_headers"),
                closest=closest,
                columns=["id_a", "id_b", "decision"],
            )
        )
    frame = pd.DataFrame(
        {c: raw[found[c]].astype("string").str.strip() for c in ("id_a", "id_b", "decision")}
    )
    frame["row"] = np.arange(2, len(frame) + 2)
    frame = frame.loc[frame["decision"] != ""]
    words = {k: k for k in DECISIONS} | {zh: k for k, (zh, _) in DECISIONS.items()}
    decision = frame["decision"].str.casefold().map(words)
    bad = decision.isna()
    if bad.any():
        first = frame.loc[bad].iloc[0]
        raise InputError(
            msg(
                "identity.merges_bad_decision",
                file=str(path),
                row=int(first["row"]),
                value=str(first["decision"]),
                choices=_DECISION_WORDS,
                hint=did_you_mean(str(first["decision"]).casefold(), list(words), cutoff=0.3),
            )
        )
    blank = (frame["id_a"] == "") | (frame["id_b"] == "")
    if blank.any():
        first = frame.loc[blank].iloc[0]
        which = "id_a" if first["id_a"] == "" else "id_b"
        raise InputError(
            msg(
                "identity.merges_blank_id",
                file=str(path),
                row=int(first["row"]),
                which=which,
                id_a=str(first["id_a"]),
                id_b=str(first["id_b"]),
            )
        )
    same = frame["id_a"] == frame["id_b"]
    if same.any():
        first = frame.loc[same].iloc[0]
        raise InputError(
            msg(
                "identity.merges_same_ids",
                file=str(path),
                row=int(first["row"]),
                id=str(first["id_a"]),
            )
        )
    return frame.assign(decision=decision.astype("string")).reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# resolve
# --------------------------------------------------------------------------------------------


def resolve(
    lines: pd.DataFrame,
    customers: pd.DataFrame,
    inquiries: pd.DataFrame,
    cfg: IdentityConfig,
    decisions: pd.DataFrame | None = None,
    decisions_file: str = "",
    country_overrides: Mapping[str, str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, Identity]:
    """The three tables with one id per resolved customer, and what was done (module doc).
    *country_overrides*: the config's ``trade.region.overrides``, as the regions read them."""
    nodes = _nodes(lines, customers, inquiries)
    n = len(nodes)
    if n == 0:
        empty = pd.DataFrame(columns=["source_id", "customer_id", "name", "id_given"])
        return lines, customers, inquiries, Identity(empty_merges(), empty, _source_columns(empty))
    ids = nodes.index.to_series().astype("string").reset_index(drop=True)
    idk = id_keys(ids, cfg)
    names = name_keys(nodes["name"].reset_index(drop=True), cfg.legal_forms)
    country = country_keys(nodes["country"].reset_index(drop=True), country_overrides)
    mail = email_keys(nodes["email"].reset_index(drop=True), cfg.free_mail_domains)
    phone = (
        phone_keys(nodes["phone"].reset_index(drop=True), country)
        if cfg.phones
        else pd.Series(pd.NA, index=ids.index, dtype="string")
    )
    if not cfg.emails:
        mail = mail.assign(email=pd.NA, domain=pd.NA).astype("string")
    given = nodes["given"].to_numpy()
    keyed_name = names["name_key"]
    candidates = [
        _pairs_by_key(idk.where(pd.Series(given))),
        _pairs_by_key(mail["email"]),
        _pairs_by_key(keyed_name),
        _pairs_by_key(mail["domain"]),
        _pairs_by_key(phone),
    ]
    if cfg.fuzzy:  # blocks: one country and the name's first 3 letters, or its longest word
        longest = keyed_name.str.split().map(
            lambda w: max(w, key=len) if isinstance(w, list) and w else pd.NA, na_action="ignore"
        )
        cutoff = max(cfg.propose + cfg.fuzzy_discount - 2 * cfg.evidence_bonus, 0)
        where = country.fillna("?") + "|"
        blockings = [where + keyed_name.str.slice(0, 3), where + longest.astype("string")]
        candidates.append(_fuzzy_pairs(keyed_name, blockings, cutoff))
    pairs = pd.concat(candidates, ignore_index=True).drop_duplicates(ignore_index=True)
    pairs = _score(pairs, ids, idk, given, names, country, mail, phone, cfg)

    # the user's decisions
    warnings: list[Message] = []
    pairs["decision"] = pd.Series(pd.NA, index=pairs.index, dtype="string")
    if decisions is not None and not decisions.empty:
        pairs, unknown = _decide(pairs, decisions, ids, idk, n, cfg)
        if unknown:
            warnings.append(
                msg("identity.unknown_ids", file=decisions_file, n=len(unknown),
                    examples=unknown[:3])
            )  # fmt: skip
    status = np.where(pairs["score"] >= cfg.auto_merge, "applied", "proposed")
    decided = pairs["decision"].fillna("").to_numpy()
    status = np.where(decided == "merge", "applied", status)
    status = np.where(decided == "split", "split", status)
    pairs["status"] = status
    keep = (pairs["score"] >= cfg.propose) | pairs["decision"].notna().to_numpy()
    pairs = pairs.loc[keep].reset_index(drop=True)

    # a provisional id that would join two customers is only proposed
    ambiguous = _ambiguous(pairs, given, n)
    if len(ambiguous):
        demote = (pairs["status"] == "applied") & pairs["decision"].isna()
        demote &= pairs["a"].isin(ambiguous) | pairs["b"].isin(ambiguous)
        pairs.loc[demote, "status"] = "proposed"
        warnings.append(
            msg("identity.ambiguous", n=len(ambiguous),
                examples=ids.iloc[ambiguous[:3]].tolist())
        )  # fmt: skip

    # no record joins companies that differ through matches the difference was not checked on
    chained, bridged = _chained(
        pairs,
        n,
        [
            _legal_kinds(names["legal"]),
            (pd.factorize(country)[0], None),
            (pd.factorize(mail["domain"])[0], None),
        ],
    )
    if chained.any():
        pairs.loc[chained, "status"] = "proposed"
        warnings.append(
            msg("identity.chained", n=len(bridged), examples=ids.iloc[bridged[:3]].tolist())
        )

    applied = pairs.loc[pairs["status"] == "applied"]
    component = _components(applied, n)
    as_ids = pd.Index(ids.astype("str").array)  # (Arrow's text: no Python string per id)
    if applied.empty:  # each id its own customer (an order export's ids, say): kept as they are
        final = pd.Series(ids.array, index=as_ids, copy=False)
    else:
        order = pd.DataFrame(
            {
                "component": component,
                "given": given,
                "listed": nodes["listed"].to_numpy(),
                "id": ids.to_numpy(),
            }
        ).sort_values(
            ["component", "given", "listed", "id"], ascending=[True, False, False, True],
            kind="stable",
        )  # fmt: skip
        best = order.drop_duplicates("component").set_index("component")["id"]
        final = pd.Series(best.reindex(component).to_numpy(), index=as_ids).astype("string")

    # one proposal per pair of customers (the best), none inside one customer
    ca, cb = component[pairs["a"].to_numpy()], component[pairs["b"].to_numpy()]
    pairs = pairs.assign(_ca=np.minimum(ca, cb), _cb=np.maximum(ca, cb))
    proposal = (pairs["status"] == "proposed").to_numpy()
    inside = proposal & (ca == cb)
    ranked = pairs.loc[proposal & ~inside].sort_values(
        ["score", "a", "b"], ascending=[False, True, True], kind="stable"
    )
    repeated = ranked.index[ranked.duplicated(["_ca", "_cb"])]
    pairs = pairs.drop(index=pairs.index[inside].union(repeated)).drop(columns=["_ca", "_cb"])
    pairs = pairs.reset_index(drop=True)

    split = pairs.loc[pairs["status"] == "split"]
    joined = split.loc[component[split["a"].to_numpy()] == component[split["b"].to_numpy()]]
    if len(joined):
        examples = [
            f"{ids.iloc[a]} / {ids.iloc[b]}"
            for a, b in zip(joined["a"][:3], joined["b"][:3], strict=True)
        ]
        warnings.append(msg("identity.split_joined", n=len(joined), examples=examples))

    changed = final.iloc[:0] if applied.empty else final[final.index != final.to_numpy()]
    mapping = changed.to_dict()
    lines = _remap(lines, mapping)
    inquiries = _remap(inquiries, mapping)
    customers = _fold_customers(customers, mapping)

    sources = pd.DataFrame(
        {
            "source_id": as_ids.array,
            "customer_id": final.astype("str").array,
            "name": nodes["name"].to_numpy(),
            "id_given": given,
        }
    )
    columns = _source_columns(sources)
    merges = _merge_table(pairs, ids, nodes["name"].reset_index(drop=True), final)
    notes = _notes(sources, merges, cfg)
    warnings.extend(_id_spellings(idk, ids, given, cfg))
    together = sources["customer_id"].duplicated(keep=False)  # (the note's figures)
    counts = {
        "source_ids": n,
        "customers": n if applied.empty else int(final.nunique()),
        "merged_source_ids": len(changed),  # ids now another's (the note counts all of them)
        "merged_customers": int(sources.loc[together, "customer_id"].nunique()),
        "source_ids_of_merged_customers": int(together.sum()),
        "applied": int((merges["merge_status"] == "applied").sum()),
        "proposed": int((merges["merge_status"] == "proposed").sum()),
        "split": int((merges["merge_status"] == "split").sum()),
    }
    result = Identity(merges, sources, columns, counts, tuple(notes), tuple(warnings))
    return lines, customers, inquiries, result


def _score(
    pairs: pd.DataFrame,
    ids: pd.Series,
    idk: pd.Series,
    given: np.ndarray,
    names: pd.DataFrame,
    country: pd.Series,
    mail: pd.DataFrame,
    phone: pd.Series,
    cfg: IdentityConfig,
) -> pd.DataFrame:
    """Evidence and score of each candidate pair (vectorised over the pairs)."""
    a, b = pairs["a"].to_numpy(), pairs["b"].to_numpy()

    def same(values: pd.Series) -> np.ndarray:
        left, right = values.take(a).to_numpy(), values.take(b).to_numpy()  # the pairs' only
        known = ~(pd.isna(left) | pd.isna(right))
        out = np.zeros(len(a), dtype=bool)
        out[known] = left[known] == right[known]
        return out

    def known(values: pd.Series) -> np.ndarray:
        v = values.notna().to_numpy()
        return v[a] & v[b]

    same_id = same(idk) & given[a] & given[b]
    same_email = same(mail["email"])
    company_email = same_email & mail["domain"].notna().to_numpy()[a]  # not a free-mail box
    key = names["name_key"]
    same_name = same(key)
    legal, clash = _legal_kinds(names["legal"])
    legal_conflict = clash[legal[a], legal[b]]
    both_country = known(country)
    same_country = same(country)
    other_country = both_country & ~same_country
    same_domain = same(mail["domain"])
    same_phone = same(phone)
    provisional = ~(given[a] & given[b])
    kv = key.fillna("")
    similarity = np.zeros(len(a))
    if len(a):  # (rapidfuzz imported only when there are pairs to score)
        from rapidfuzz import process

        similarity = process.cpdist(
            kv.take(a).tolist(), kv.take(b).tolist(), scorer=SCORER(), workers=-1
        ).astype(float)
    similarity[~known(key)] = 0.0
    other_domain = known(mail["domain"]) & ~same_domain  # two company domains
    # two names in one script that have nothing in common (Nordic Parts AB and Baltic Steel AB
    # under C0100 / C100, or one agent's mailbox): a name in Chinese and one in Latin letters
    # may be the same company's, and say nothing
    script = np.zeros(len(kv), dtype=bool)
    ends = np.unique(np.concatenate([a, b]))  # (the pairs' records only: a few per customer)
    script[ends] = [bool(_CJK_CHARACTER.search(k)) for k in kv.take(ends).tolist()]
    other_name = known(key) & (script[a] == script[b]) & (similarity < OTHER_NAME)
    # in letters, names that share no word (Ocean Foods and Harbour Seafood) are unlike too
    latin = known(key) & ~script[a] & ~script[b] & (similarity < SIMILAR)
    if latin.any():
        words = kv.str.split().to_numpy()
        shared = np.array(
            [bool(set(words[i]) & set(words[j])) for i, j in zip(a[latin], b[latin], strict=True)],
            dtype=bool,
        )  # (the candidate pairs only: a few per customer)
        other_name[np.flatnonzero(latin)[~shared]] = True
    conflict = legal_conflict | other_country | other_domain | other_name
    exact_name = same_name & (same_country | (provisional & ~both_country))
    exact = (same_id | company_email | exact_name) & ~conflict
    soft = (
        similarity
        - cfg.fuzzy_discount
        + cfg.evidence_bonus
        * (same_domain.astype(float) + same_phone.astype(float) + (same_email & ~company_email))
        - cfg.conflict_penalty
        * (other_country.astype(float) + legal_conflict.astype(float) + other_domain)
    )
    score = np.where(exact, 100.0, np.clip(soft, 0, 99))
    # one id key for two companies that differ (C0100 and C100, a GmbH and an SA): for review
    score = np.where(same_id & conflict, np.maximum(score, min(cfg.propose, 99)), score)
    similar = ~same_name & (similarity >= SIMILAR)
    flags = {
        "id": same_id, "email": same_email, "name": same_name, "similar_name": similar,
        "domain": same_domain, "phone": same_phone, "other_country": other_country,
        "other_legal_form": legal_conflict, "other_domain": other_domain,
        "other_name": other_name,
    }  # fmt: skip
    evidence = pd.Series("", index=pairs.index, dtype="string")
    for kind, flag in flags.items():
        evidence = evidence.where(~flag, evidence + "+" + kind)
    return pairs.assign(score=np.round(score, 1), evidence=evidence.str.lstrip("+"))


def _legal_kinds(legal: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each record's legal kind as a code (-1: none written) and which two codes clash (a
    GmbH and an AG, GmbH & Co. KG and AG & Co. KG; a ``ltd+corp`` name clashes with neither)."""
    codes, kinds = pd.factorize(legal.fillna(""))
    sets = [set(k.split("+")) - {""} for k in kinds]  # the few distinct legal kinds
    codes = np.where(np.array([bool(k) for k in sets], dtype=bool)[codes], codes, -1)
    # two forms clash unless one holds the other (Ltd and Co. Ltd, GmbH and GmbH & Co. KG);
    # GmbH & Co. KG and AG & Co. KG share the KG and are two companies
    clash = np.array(
        [[bool(x) and bool(y) and not (x <= y or y <= x) for y in sets] for x in sets],
        dtype=bool,
    ).reshape(len(sets), len(sets))
    return codes, np.pad(clash, (0, 1))  # (code -1, the padding row: clashes with none)


def _chained(
    pairs: pd.DataFrame, n: int, conflicts: list[tuple[np.ndarray, np.ndarray | None]]
) -> tuple[np.ndarray, np.ndarray]:
    """The automatic merges to propose instead of apply (a mask of *pairs*): those of a record
    that joins, into one customer, records that differ — a ``Müller`` with no legal form that
    matches both ``Müller GmbH`` and ``Müller AG``, a record without a country between a
    German and a French one. *conflicts*: per attribute, each record's code (-1: unknown) and
    which two codes clash (None: any two different ones).

    Each round finds the customers (components of the applied pairs) holding two records
    that clash, and takes out the automatic merges of their records that do not know the
    attribute (the links the conflict was not checked on); until none is left. Also: those
    records (their positions), for the warning."""
    applied = (pairs["status"] == "applied").to_numpy()
    auto = applied & pairs["decision"].isna().to_numpy()
    a, b = pairs["a"].to_numpy(), pairs["b"].to_numpy()
    out = np.zeros(len(pairs), dtype=bool)
    bridged = np.zeros(n, dtype=bool)
    for _ in range(len(conflicts) + 8):  # (each round cuts links; a few suffice)
        component = _components(pairs.loc[applied & ~out], n)
        bridges = np.zeros(n, dtype=bool)
        for codes, clash in conflicts:
            known = codes >= 0
            held = pd.DataFrame({"c": component[known], "v": codes[known]}).drop_duplicates()
            held = held.loc[held["c"].duplicated(keep=False)]  # customers of 2+ values
            if held.empty:
                continue
            both = held.merge(held, on="c")
            x, y = both["v_x"].to_numpy(), both["v_y"].to_numpy()
            differ = (x != y) if clash is None else clash[x, y]
            bad = np.zeros(n, dtype=bool)
            bad[both.loc[differ, "c"].to_numpy()] = True  # (component labels are 0..n-1)
            bridges |= bad[component] & ~known
        cut = auto & ~out & (bridges[a] | bridges[b])
        if not cut.any():
            break
        out |= cut
        ends = np.concatenate([a[cut], b[cut]])
        bridged[ends[bridges[ends]]] = True
    return out, np.flatnonzero(bridged)


def _decide(
    pairs: pd.DataFrame,
    decisions: pd.DataFrame,
    ids: pd.Series,
    idk: pd.Series,
    n: int,
    cfg: IdentityConfig,
) -> tuple[pd.DataFrame, list[str]]:
    """Attach the merge file's decisions to the pairs (adding pairs it names that were not
    candidates); ids are matched as written, else by their key as ``identity.ids`` compares
    ids (``k-2`` is ``K2``), where that key is one id's."""
    position = pd.Series(np.arange(n), index=ids.to_numpy())
    by_key = pd.Series(np.arange(n), index=idk.to_numpy())
    by_key = by_key[~by_key.index.duplicated(keep=False)]

    def find(values: pd.Series) -> pd.Series:
        exact = values.map(position)
        keys = id_keys(values.astype("string"), cfg)
        return exact.fillna(pd.Series(keys.to_numpy(), index=values.index).map(by_key))

    pa, pb = find(decisions["id_a"]), find(decisions["id_b"])
    found = pa.notna() & pb.notna()
    unknown = sorted(set(decisions.loc[pa.isna(), "id_a"]) | set(decisions.loc[pb.isna(), "id_b"]))
    chosen = pd.DataFrame(
        {
            "a": np.minimum(pa[found], pb[found]).astype("int64"),
            "b": np.maximum(pa[found], pb[found]).astype("int64"),
            "decided": decisions.loc[found, "decision"].to_numpy(),
        }
    ).drop_duplicates(["a", "b"], keep="last")
    chosen = chosen.loc[chosen["a"] != chosen["b"]]
    merged = pairs.merge(chosen, on=["a", "b"], how="outer")
    added = merged["score"].isna()
    merged.loc[added, "score"] = 0.0
    merged.loc[added, "evidence"] = ""
    merged["decision"] = merged["decided"].astype("string")
    tagged = merged["decision"].notna()
    merged.loc[tagged, "evidence"] = (
        merged.loc[tagged, "evidence"].fillna("") + "+merge_file"
    ).str.lstrip("+")
    return merged.drop(columns="decided").astype({"a": "int64", "b": "int64"}), unknown


def _ambiguous(pairs: pd.DataFrame, given: np.ndarray, n: int) -> np.ndarray:
    """Provisional nodes whose automatic merges reach given ids in more than one customer."""
    auto = pairs.loc[(pairs["status"] == "applied") & pairs["decision"].isna()]
    if auto.empty:
        return np.zeros(0, dtype=np.int64)
    firm = pairs.loc[
        (pairs["status"] == "applied") & given[pairs["a"].to_numpy()] & given[pairs["b"].to_numpy()]
    ]
    component = _components(firm, n)
    a, b = auto["a"].to_numpy(), auto["b"].to_numpy()
    link = pd.DataFrame(
        {
            "node": np.concatenate([a, b]),
            "other": np.concatenate([b, a]),
        }
    )
    link = link.loc[~given[link["node"].to_numpy()] & given[link["other"].to_numpy()]]
    reach = (
        pd.Series(component[link["other"].to_numpy()]).groupby(link["node"].to_numpy()).nunique()
    )
    return np.sort(reach.index[reach > 1].to_numpy())


def _components(pairs: pd.DataFrame, n: int) -> np.ndarray:
    """Connected components of the nodes 0..n-1 joined by *pairs* (labels, vectorised)."""
    if pairs.empty:  # nothing joined: each node its own component (as scipy numbers them)
        return np.arange(n)
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    a, b = pairs["a"].to_numpy(), pairs["b"].to_numpy()
    graph = coo_matrix((np.ones(len(a), dtype=np.int8), (a, b)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    return labels


def _remap(frame: pd.DataFrame, mapping: dict[str, str]) -> pd.DataFrame:
    """*frame* with ``customer_id`` rewritten by *mapping* (only the ids it names)."""
    if not mapping or frame.empty:
        return frame
    ids = frame["customer_id"].astype("string")
    hit = ids.isin(list(mapping)).fillna(False).to_numpy()
    if not hit.any():
        return frame
    out = frame.copy()
    out.loc[hit, "customer_id"] = ids[hit].map(mapping).to_numpy()
    return out


def _fold_customers(customers: pd.DataFrame, mapping: dict[str, str]) -> pd.DataFrame:
    """One customer-list row per customer (*customers* before remapping): the kept id's own row
    first, gaps filled from the merged rows (first non-empty value per column)."""
    if customers.empty or not mapping:
        return customers
    own = ~customers["customer_id"].isin(list(mapping)).fillna(False)
    remapped = _remap(customers, mapping)
    if not remapped["customer_id"].duplicated().any():
        return remapped
    dtypes = remapped.dtypes.to_dict()
    ordered = remapped.assign(_own=own.to_numpy()).sort_values(
        "_own", ascending=False, kind="stable"
    )
    first_seen = ordered.drop_duplicates("customer_id")["customer_id"]
    folded = ordered.drop(columns="_own").groupby("customer_id", sort=False).first()
    folded["id_given"] = ordered.groupby("customer_id", sort=False)["id_given"].any()
    folded = folded.reindex(first_seen.to_numpy()).rename_axis("customer_id").reset_index()
    return folded[list(customers.columns)].astype(dtypes)


def _source_columns(sources: pd.DataFrame) -> pd.DataFrame:
    """``source_ids`` / ``source_names`` of the customers made of more than one source id."""
    many = sources["customer_id"].duplicated(keep=False)
    merged = sources.loc[many]
    empty = pd.DataFrame(
        {"source_ids": pd.Series(dtype="string"), "source_names": pd.Series(dtype="string")}
    )
    if merged.empty:
        return empty.rename_axis("customer_id")
    shown_ids = merged.loc[merged["id_given"]].sort_values("source_id")
    id_text = shown_ids.groupby("customer_id")["source_id"].agg(" | ".join)
    names = merged.dropna(subset=["name"]).drop_duplicates(["customer_id", "name"])
    name_text = names.sort_values("name").groupby("customer_id")["name"].agg(" | ".join)
    out = pd.DataFrame({"source_ids": id_text, "source_names": name_text}).astype("string")
    out.index.name = "customer_id"
    return out


def _merge_table(
    pairs: pd.DataFrame, ids: pd.Series, names: pd.Series, final: pd.Series
) -> pd.DataFrame:
    """The Merges sheet: applied, then split, then proposed pairs; by score, then id."""
    if pairs.empty:
        return empty_merges()
    a, b = pairs["a"].to_numpy(), pairs["b"].to_numpy()
    applied = pairs["status"].to_numpy() == "applied"
    table = pd.DataFrame(
        {
            "merge_status": pairs["status"].to_numpy(),
            "score": pairs["score"].to_numpy(),
            "evidence": pairs["evidence"].replace("", pd.NA).to_numpy(),
            "id_a": ids.to_numpy()[a],
            "name_a": names.to_numpy()[a],
            "id_b": ids.to_numpy()[b],
            "name_b": names.to_numpy()[b],
            "merged_id": np.where(applied, final.to_numpy()[a], None),
            "decision": pairs["decision"].to_numpy(),
        }
    )
    rank = table["merge_status"].map({"applied": 0, "split": 1, "proposed": 2})
    table = table.assign(_rank=rank).sort_values(
        ["_rank", "score", "id_a", "id_b"], ascending=[True, False, True, True], kind="stable"
    )
    table = table.drop(columns="_rank").reset_index(drop=True)
    return table.astype({c: schema.COLUMNS[c].dtype for c in MERGE_TABLE})


def _notes(sources: pd.DataFrame, merges: pd.DataFrame, cfg: IdentityConfig) -> list[Message]:
    notes: list[Message] = []
    merged = int((sources["customer_id"] != sources["source_id"]).sum())
    proposed = int((merges["merge_status"] == "proposed").sum())
    if merged or proposed:
        many = sources["customer_id"].duplicated(keep=False)
        notes.append(
            msg(
                "identity.summary",
                sources=int(many.sum()),
                customers=int(sources.loc[many, "customer_id"].nunique()),
                proposed=proposed,
            )
        )
    provisional = ~sources["id_given"]
    if provisional.any():
        matched = provisional & (sources["customer_id"] != sources["source_id"])
        notes.append(
            msg("identity.blank_ids", matched=int(matched.sum()),
                new=int((provisional & ~matched).sum()))
        )  # fmt: skip
    return notes


def _id_spellings(
    idk: pd.Series, ids: pd.Series, given: np.ndarray, cfg: IdentityConfig
) -> list[Message]:
    """The ids read as another spelling of one id under ``identity.ids`` (a warning: these
    were merged, which changes who the customer is)."""
    frame = pd.DataFrame({"key": idk, "id": ids, "given": given})
    frame = frame.loc[frame["given"]]
    spelled = frame.groupby("key")["id"].transform("nunique") > 1
    if not spelled.any():
        return []
    options = [word for name, word in _OPTION_WORDS.items() if getattr(cfg.ids, name)]
    groups = frame.loc[spelled].sort_values("id").groupby("key")["id"].agg(" / ".join)
    return [
        msg("identity.ids", options=options, n=int(spelled.sum() - len(groups)),
            examples=groups.head(3).tolist())
    ]  # fmt: skip


# --------------------------------------------------------------------------------------------
# explain
# --------------------------------------------------------------------------------------------


def explain(identity: Identity, cid: str) -> Explanation:
    """Which source ids and names a customer was built from."""
    rows = identity.sources.loc[identity.sources["customer_id"] == cid]
    ids = sorted(rows["source_id"].astype(str))
    names = sorted({str(n) for n in rows["name"].dropna()})
    data: dict[str, Any] = {"source_ids": ids, "source_names": names}
    if len(rows) > 1:
        rule = msg("identity.explain", ids=ids, names=names)
    else:
        rule = msg("identity.explain_one", ids=ids)
    return Explanation(rules=[rule], data=data)


def _not_a_classifier(context: Context, settings: Any) -> Classified:
    raise NotImplementedError("identity resolution runs before the customer table is built")


STEP = Classifier(
    name=IDENTITY,
    title=Both("统一客户档案", "Identity"),
    section=IDENTITY,
    settings=lambda cfg: cfg.identity,
    requires=(),
    provides=COLUMNS,
    classify=_not_a_classifier,
    messages=MESSAGES,
)
"""The step's record, so that ``explain`` can show it like a classifier's section."""
