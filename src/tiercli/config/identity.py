"""The ``identity:`` section: how one buyer written several ways becomes one customer."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, model_validator

from tiercli.catalogue import define, msg
from tiercli.config.base import StrictModel
from tiercli.errors import Invalid

FREE_MAIL: tuple[str, ...] = (
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
    "yahoo.com", "yahoo.co.uk", "yahoo.co.jp", "ymail.com", "aol.com", "icloud.com", "me.com",
    "mail.com", "gmx.com", "gmx.de", "gmx.net", "web.de", "protonmail.com", "proton.me",
    "zoho.com", "163.com", "126.com", "qq.com", "sina.com", "sina.cn", "sohu.com", "foxmail.com",
    "aliyun.com", "139.com", "yeah.net", "yandex.ru", "yandex.com", "mail.ru", "bk.ru",
    "list.ru", "inbox.ru", "rambler.ru", "naver.com", "daum.net", "rediffmail.com",
    "libero.it", "orange.fr", "free.fr", "wanadoo.fr", "laposte.net", "t-online.de",
    "uol.com.br", "bol.com.br", "terra.com.br",
)  # fmt: skip

MESSAGES = {
    "identity.propose_above": (
        "不能高于 auto_merge（{auto_merge}），读到 {propose}",
        "must not be above auto_merge ({auto_merge}), found {propose}",
    ),
}
define(MESSAGES)


class IdOptions(StrictModel):
    """Which differences between two ids do not count (each on or off)."""

    case: bool = True  # C001 = c001
    spaces: bool = True  # "C 001" = C001
    punctuation: bool = True  # C-001 = C.001 = C001
    leading_zeros: bool = True  # 00042 = 42, C00042 = C42 (the number of an id)


class IdentityConfig(StrictModel):
    """统一客户档案: id normalisation, company-name matching and e-mail/phone evidence.

    A candidate pair gets a score 0..100: 100 for an exact normalised match (same id; same
    company e-mail address or same name without legal form in the same country, without a
    conflict — another country, legal form or company e-mail domain); else the fuzzy name
    similarity less ``fuzzy_discount``, plus ``evidence_bonus`` for each of a shared company
    e-mail domain, phone number and free-mail address, less ``conflict_penalty`` per conflict
    (capped at 99).
    Pairs at or above ``auto_merge`` are merged; those at or above ``propose`` are listed as
    proposals. ``merges`` names the CSV of the user's decisions (merge / split / keep).
    """

    enabled: bool = True
    ids: IdOptions = Field(default_factory=IdOptions)
    legal_forms: list[str] = Field(default_factory=list)
    fuzzy: bool = True
    emails: bool = True
    phones: bool = True
    free_mail_domains: list[str] = Field(default_factory=lambda: list(FREE_MAIL))
    auto_merge: float = Field(default=100, ge=0, le=100)
    propose: float = Field(default=85, ge=0, le=100)
    fuzzy_discount: float = Field(default=10, ge=0, le=100)
    evidence_bonus: float = Field(default=10, ge=0, le=100)
    conflict_penalty: float = Field(default=30, ge=0, le=100)
    match_blank_ids: bool = True
    merges: Path | None = None

    @model_validator(mode="after")
    def _order(self) -> IdentityConfig:
        if self.propose > self.auto_merge:
            raise Invalid(
                msg(
                    "identity.propose_above",
                    auto_merge=str(self.auto_merge),
                    propose=str(self.propose),
                ),
                at="propose",
            )
        return self
