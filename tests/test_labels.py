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


@pytest.mark.parametrize(
    ("warning", "zh"),
    [
        (
            "orders.csv: no customer id column; customers are identified by 'Customer' (names that "
            "differ in spelling count as different customers)",
            "orders.csv: 没有客户编号列，按“Customer”识别客户（拼写不同的名称会被当作不同客户）",
        ),
        (
            "rfm: many customers tie on frequency; 2 of 5 F scores are empty (equal values keep "
            "equal scores; counts per score are in the report)",
            "RFM：大量客户的购买频次相同，5 档中有 2 档为空（相同数值始终同分，各档人数见报告）",
        ),
        (
            "predicted value skipped: only 3 customers bought on more than one day (need 20); the "
            "other scores do not use it",
            "未做价值预测：只有 3 位客户在不止一天下过单（至少需要 20 位）；其他评分不受影响",
        ),
        (
            "trade: size_class: no company_size or employees column; it is unknown for everyone",
            "外贸分类-企业规模：缺少判断所需的数据，全部为未知",
        ),
        ("something new and unforeseen", "something new and unforeseen"),
    ],
    ids=["no-id", "rfm-ties", "clv-skipped", "trade-missing", "fallback"],
)
def test_warnings_in_chinese(warning: str, zh: str) -> None:
    from tiercli.labels import warning_label

    assert warning_label(warning, "zh") == zh
    assert warning_label(warning, "en") == warning
