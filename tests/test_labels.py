"""One label table: nothing a person reads is missing in either language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tiercli.config import load_config
from tiercli.labels import COLUMNS, REASONS, TEXT
from tiercli.pipeline import segment

SRC = Path(__file__).resolve().parents[1] / "src" / "tiercli"
DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize("table", [COLUMNS, TEXT], ids=["columns", "text"])
def test_every_label_has_zh_and_en(table: dict[str, tuple[str, str]]) -> None:
    for key, (zh, en) in table.items():
        assert zh.strip() and en.strip(), key
        assert re.search(r"[\u4e00-\u9fff]", zh) or zh == en or zh.isascii(), key


def test_every_reject_reason_in_the_code_has_a_zh_label() -> None:
    import ast

    tree = ast.parse((SRC / "io" / "normalize.py").read_text(encoding="utf-8"))
    reasons = {
        node.args[3].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "set"
        and len(node.args) >= 4
        and isinstance(node.args[3], ast.Constant)
        and isinstance(node.args[3].value, str)
    }
    assert len(reasons) >= 10
    missing = reasons - set(REASONS)
    assert not missing, missing


def test_every_output_column_has_a_label() -> None:
    result = segment(
        [],
        load_config(None),
        orders=[DATA / "mini_orders.csv"],
        customers=[DATA / "mini_customers.csv"],
        inquiries=[DATA / "mini_inquiries.csv"],
    )
    columns = [
        "customer_id",
        *result.customers.columns,
        *result.rejects.columns,
        *result.reconciliation.columns,
        *result.reactivation.columns,
    ]
    missing = sorted({c for c in columns if c not in COLUMNS})
    assert not missing, missing
