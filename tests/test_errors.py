"""errors: the one did-you-mean helper, and that every suggestion in tiercli goes through it."""

from __future__ import annotations

import re
from pathlib import Path

from tiercli.errors import close_matches, did_you_mean
from tiercli.io.normalize import did_you_mean_header

SRC = Path(__file__).resolve().parents[1] / "src" / "tiercli"


def test_did_you_mean() -> None:
    assert str(did_you_mean("currncy", ["currency", "orders"])) == " Did you mean 'currency'?"
    assert did_you_mean("zzz", ["currency", "orders"]) == ""
    assert close_matches("C0042", ["C0043", "C00042", "X"], 2) == ["C00042", "C0043"]  # best first


def test_header_suggestion_compares_folded_headers() -> None:
    # "AMOUT." is far from "amount" letter by letter, close once folded to "amout".
    assert did_you_mean_header(["Remarks", "AMOUT."], ["amount", "total"]) == "AMOUT."
    assert did_you_mean_header(["Remarks"], ["amount", "total"]) is None


def test_difflib_is_used_only_by_the_helper() -> None:
    users = [
        path.relative_to(SRC).as_posix()
        for path in sorted(SRC.rglob("*.py"))
        if re.search(r"\bdifflib\b", path.read_text(encoding="utf-8"))
    ]
    assert users == ["errors.py"]
