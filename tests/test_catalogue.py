"""One catalogue: nothing a person reads is missing in either language."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tiercli import schema
from tiercli.catalogue import TEXT, Both, Col, Labels, Val, msg, plain
from tiercli.pipeline import SegmentationResult

SRC = Path(__file__).resolve().parents[1] / "src" / "tiercli"


def test_every_report_word_has_zh_and_en() -> None:
    for key, (zh, en) in TEXT.items():
        assert zh.strip() and en.strip(), key
        assert re.search(r"[\u4e00-\u9fff]", zh) or zh == en, key


def test_every_column_has_zh_and_en_headers() -> None:
    for column in schema.COLUMNS.values():
        assert re.search(r"[\u4e00-\u9fff]", column.zh) or column.zh.isupper(), column.name
        assert column.en.strip() and column.definition.strip(), column.name


def test_every_reject_reason_in_the_code_has_both_labels() -> None:
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
    missing = reasons - set(schema.REASONS)
    assert not missing, missing


def test_every_message_code_in_the_code_is_defined() -> None:
    used = set()
    for path in SRC.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "msg"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                used.add(node.args[0].value)
    import tiercli.cli
    import tiercli.report.backtest_report
    import tiercli.tune  # noqa: F401  (the CLI imports them inside their commands)
    from tiercli.catalogue import MESSAGES

    assert len(used) > 40
    assert not used - set(MESSAGES), used - set(MESSAGES)


def test_parameters_are_localized() -> None:
    labels = Labels({"tier": {"S": ("S 级", "S")}})
    message = msg("abc.none_positive", source=Col("revenue"), klass=Val("abc_class", "D"))
    assert message.render("zh") == "ABC：没有客户的销售额为正，所有成交客户都归为D 类（非正值）"
    assert message.render("en") == (
        "abc: no customer has a positive Revenue; every buyer is class D (not positive)"
    )
    assert labels.value("tier", "S", "zh") == "S 级"
    assert labels.value("lifecycle", "lost", "en") == "Lost"
    assert labels.value("main_product_line", "Pumps", "zh") == "Pumps"  # data: as it is
    nested = msg("io.in_sheet", where="a.csv", message=msg("run.no_orders"))
    assert nested.render("zh").startswith("a.csv：没有任何客户")
    assert Both("甲", "A") != Both("甲", "B")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_warning_of_the_sample_renders(sample_result: SegmentationResult, lang: str) -> None:
    for warning in (*sample_result.warnings, *sample_result.notes):
        text = warning.render(lang, sample_result.labels)
        assert text and "{" not in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_new_is_named_apart(sample_result: SegmentationResult, lang: str) -> None:
    labels = sample_result.labels
    shown = {
        labels.value("rfm_segment", "New", lang),
        labels.value("lifecycle", "new", lang),
        labels.value("deal_status", "new", lang),
    }
    assert len(shown) == 3, shown


def test_plain_makes_any_step_value_json_ready() -> None:
    """The one JSON conversion (--json warnings, explain --json): containers walked, catalogue
    parameters in English, missing values None, numpy unwrapped, dates ISO."""
    value = {
        1: (Col("revenue"), Val("abc_class", "A"), Both("是", "yes")),
        "n": [np.int64(3), np.float64("nan"), pd.NA, pd.NaT, None, 2.5],
        "day": [pd.Timestamp("2026-01-02 10:00"), dt.date(2026, 1, 3)],
        "message": msg("clv.customer_many", n=3),
    }
    assert plain(value) == {
        "1": ["revenue", "A", "yes"],
        "n": [3, None, None, None, None, 2.5],
        "day": ["2026-01-02", "2026-01-03"],
        "message": msg("clv.customer_many", n=3).render("en"),
    }


def test_counts_in_a_sentence_get_thousands_separators() -> None:
    """'135037 errors' read as one number; row numbers and formatted values stay as they were."""
    import numpy as np

    from tiercli.catalogue import define, msg

    define(
        {
            "test.grouped": (
                "{n} 行，如第 {row} 行；{share:.0%}",
                "{n} rows, e.g. row {row}; {share:.0%}",
            )
        }
    )
    assert msg("test.grouped", n=135037, row=12345, share=0.5).render("en") == (
        "135,037 rows, e.g. row 12345; 50%"
    )
    assert (
        msg("test.grouped", n=np.int64(999), row=7, share=1).render("zh")
        == "999 行，如第 7 行；100%"
    )
