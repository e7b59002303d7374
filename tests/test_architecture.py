"""The shape of the code: one schema, one registry, one catalogue (issue: a new classifier is
one module, its config section and one registry line)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from tiercli import schema
from tiercli.catalogue import MESSAGES, Both, Labels, define, msg, placeholders
from tiercli.classifiers import registry
from tiercli.classifiers.base import (
    Classified,
    Classifier,
    Context,
    Explanation,
    Summary,
)
from tiercli.classifiers.summaries import group_table
from tiercli.cli import app
from tiercli.config import load_config
from tiercli.errors import ConfigError
from tiercli.explain import explain_customer
from tiercli.pipeline import SegmentationResult
from tiercli.report import docs

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
MINI = [DATA / "mini_orders.csv", DATA / "mini_customers.csv", DATA / "mini_inquiries.csv"]
runner = CliRunner()


# -------------------------------------------------------------------------------- the schema


def test_every_column_a_run_makes_is_in_the_schema(sample_result: SegmentationResult) -> None:
    made = set(sample_result.customers.columns) | {sample_result.customers.index.name}
    for summary in sample_result.summaries:
        made |= set(summary.table.columns) - set(summary.columns)  # per-run columns: declared
        if summary.group != "sheet":  # a sheet's name names the list, not a column
            made |= {summary.table.index.name or summary.name} - set(summary.columns)
        if summary.curve is not None:
            made |= set(summary.curve.columns)
    made |= set(sample_result.rejects.columns) | set(sample_result.reconciliation.columns)
    made -= {"reactivation", "resources_tier", "resources_owner"}  # sheet tables (no index)
    assert sorted(made - set(schema.COLUMNS)) == []


def test_customer_table_dtypes_are_the_schemas(sample_result: SegmentationResult) -> None:
    for name, dtype in sample_result.customers.dtypes.items():
        assert str(dtype) == str(pd.api.types.pandas_dtype(schema.COLUMNS[name].dtype)), name


def test_every_classifier_declares_what_it_makes(sample_result: SegmentationResult) -> None:
    made_by = {c.name: c.producer for c in schema.COLUMNS.values()}
    for record in registry.REGISTRY:
        for column in record.provides:
            assert made_by[column.name] == record.name
        for column in record.requires:
            assert column == "lines" or column in schema.COLUMNS, (record.name, column)


def test_column_docs_and_readme_list_are_generated_from_the_schema() -> None:
    assert (ROOT / "docs" / "columns.md").read_text("utf-8") == docs.columns_markdown(), (
        "docs/columns.md is stale: run python -m tiercli.report.docs"
    )
    readme = (ROOT / "README.md").read_text("utf-8")
    assert docs.update_readme(readme) == readme, "README column list is stale"
    listed = set(
        re.findall(r"`(\w+)`", readme.split(docs.README_START)[1].split(docs.README_END)[0])
    )
    assert listed == {c.name for c in docs.customer_columns()}


def test_no_two_customer_columns_share_a_header() -> None:
    """The English Customers sheet had two columns headed "Days overdue" (an order late, a
    contact late): a reader could not tell them apart."""
    from tiercli.report import docs

    names = [c.name for c in docs.customer_columns()]
    for lang in ("zh", "en"):
        headers = [schema.COLUMNS[n].header(lang) for n in names]
        twice = {h for h in headers if headers.count(h) > 1}
        assert not twice, (lang, twice)


def test_label_columns_have_real_english_labels() -> None:
    for column in schema.COLUMNS.values():
        for code, (zh, en) in column.values.items():
            assert zh and en, (column.name, code)
            if column.name != "reason":
                assert "_" not in en and en[:1] == en[:1].upper(), (column.name, code, en)


# -------------------------------------------------------------------------------- catalogue

_ALLOWED_ASCII = re.compile(
    r"\{[^}]*\}"  # placeholders
    r"|[A-Za-z_]+(?:\.[A-Za-z_]+|\s*->\s*[A-Za-z_]+)+"  # YAML paths: currency.rates, a -> b
    r"|\b[a-z]+_[a-z_]+\b"  # config keys: lost_after_days
    r"|(?<![A-Za-z])[A-Z0-9/]{1,6}(?![A-Za-z])"  # RFM, ABC, R, ECB, B2B, DMY, YAML, BG/NBD
    r"|tiers_<[^>]*>|tiercli(?: [a-z]+)?|Gamma-Gamma|SHA-256|P\(alive\)|ρ"
    r"|(?<![\w-])--?[a-z][a-z-]*"  # the options a user types: --lang, --as-of, -o
    r"|\b(?:true|false|null)\b"  # YAML's words, as the user writes them
)


def test_every_message_has_both_languages_with_the_same_placeholders() -> None:
    assert len(MESSAGES) > 50
    for code, (zh, en) in MESSAGES.items():
        assert zh.strip() and en.strip(), code
        assert placeholders(zh) == placeholders(en), code
        words = re.findall(r"[A-Za-z]{3,}", _ALLOWED_ASCII.sub(" ", zh))
        assert not words, f"{code}: English in the zh template: {words}"


def test_an_unknown_code_is_refused() -> None:
    with pytest.raises(KeyError):
        msg("no.such.code")
    with pytest.raises(ValueError):
        define({"abc.no_profit": ("别的", "other")})


# -------------------------------------------------------------------------------- registry


def test_plan_orders_steps_by_what_they_read() -> None:
    from tiercli.config.loader import parse_config

    order = [record.name for record, _ in registry.plan(load_config(None))]
    for before, after in [("clv", "scoring"), ("scoring", "playbook")]:
        assert order.index(before) < order.index(after)
    # A config whose scoring reads the trade classifier's company size (company_size_rank)
    # runs trade first (the shipped weights no longer use it: issue 12).
    sized = parse_config(
        {
            "scoring": {
                "dimensions": {"value": {}, "potential": {"metrics": {"company_size_rank": {}}}}
            }
        },
        "t.yaml",
    )
    order = [record.name for record, _ in registry.plan(sized)]
    assert order.index("trade") < order.index("scoring")
    assert order.index("lifecycle") < order.index("playbook")


def test_a_missing_input_is_a_config_error() -> None:
    from tiercli.config.loader import parse_config

    text = {"en": "a", "zh": "甲"}
    everyone = dict.fromkeys(("action", "service_level", "contact_frequency", "channel"), text)
    # (the playbook's rules on lifecycle are a load error: a rule without one)
    cfg = parse_config({"lifecycle": {"enabled": False}, "playbook": {"rules": [everyone]}}, "t")
    with pytest.raises(
        ConfigError, match=r"reactivation: needs column 'lifecycle'.*enable lifecycle"
    ):
        registry.plan(cfg)


def test_a_cycle_is_a_config_error() -> None:
    def toy(name: str, reads: str, makes: str) -> Classifier:
        column = schema.Column(makes, "integer", "甲", "A", name, "toy")
        return Classifier(
            name,
            Both("甲", "A"),
            name,
            lambda cfg: None,
            (reads,),
            (column,),
            lambda c, s: Classified(pd.DataFrame()),
        )

    registry.register(toy("toy_a", "toy_y", "toy_x"))
    registry.register(toy("toy_b", "toy_x", "toy_y"))
    try:
        with pytest.raises(ConfigError, match="cycle"):
            registry.plan(load_config(None))
    finally:
        registry.unregister("toy_a")
        registry.unregister("toy_b")


# -------------------------------------------------------------------------------- a toy classifier

TOY_COLUMNS = (
    schema.Column(
        "order_band",
        "label",
        "订单档",
        "Order band",
        "toy",
        "Many or few orders",
        values={"many": ("多单", "Many orders"), "few": ("少单", "Few orders")},
    ),
)
define({"toy.rule": ("订单数 {orders} → {band}", "{orders} orders → {band}")})


def _toy_classify(ctx: Context, settings: Any) -> Classified:
    orders = ctx.customers["orders"]
    band = pd.Series(pd.NA, index=ctx.customers.index, dtype="string")
    band[orders >= 2] = "many"
    band[orders == 1] = "few"
    return Classified(pd.DataFrame({"order_band": band}), {"threshold": 2})


def _toy_summarise(
    customers: pd.DataFrame, settings: Any, details: dict[str, Any], labels: Labels
) -> list[Summary]:
    table = group_table(customers, "order_band", ["many", "few"])
    return [Summary("order_band", table, Both("订单档", "Order bands"), "full", "column")]


def _toy_explain(
    customers: pd.DataFrame, cid: str, settings: Any, details: dict[str, Any]
) -> Explanation:
    from tiercli.catalogue import Val

    band = customers.loc[cid, "order_band"]
    rule = msg(
        "toy.rule", orders=int(customers.loc[cid, "orders"] or 0), band=Val("order_band", str(band))
    )
    return Explanation({"order_band": band}, {"orders": customers.loc[cid, "orders"]}, [rule])


TOY = Classifier(
    name="toy",
    title=Both("订单档", "Order band"),
    section="toy",
    settings=lambda cfg: None,
    requires=("orders",),
    provides=TOY_COLUMNS,
    classify=_toy_classify,
    summarise=_toy_summarise,
    explain=_toy_explain,
)


@pytest.fixture
def toy() -> Iterator[None]:
    registry.register(TOY)
    try:
        yield
    finally:
        registry.unregister("toy")


def test_a_toy_classifier_shows_everywhere(toy: None, tmp_path: Path) -> None:
    files = [str(p) for p in MINI]
    out = tmp_path / "t.xlsx"
    result = runner.invoke(app, ["segment", *files, "-o", str(out), "--lang", "en", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert [row["customers"] for row in summary["tables"]["order_band"]] == [3, 1]
    assert summary["details"]["toy"] == {"threshold": 2}
    assert "Order bands" in result.stderr and "Many orders" in result.stderr
    book = openpyxl.load_workbook(out, read_only=True)
    headers = [c.value for c in next(book["Customers"].iter_rows(max_row=1))]
    assert "Order band" in headers
    cells = {c for row in book["Customers"].iter_rows(values_only=True) for c in row}
    assert "Many orders" in cells and "many" not in cells
    zh = runner.invoke(app, ["explain", *files, "--customer", "C001", "--lang", "zh"])
    assert zh.exit_code == 0, zh.output
    assert "订单档" in zh.stdout and "多单" in zh.stdout


# -------------------------------------------------------------------------------- both languages


def _fixed_codes() -> dict[str, set[str]]:
    """Per label column, the catalogued codes that differ from their English label."""
    return {
        c.name: {code for code, (_, en) in c.values.items() if code != en}
        for c in schema.COLUMNS.values()
        if c.values
    }


@pytest.fixture(scope="module")
def workbooks(
    tmp_path_factory: pytest.TempPathFactory, sample_result: SegmentationResult
) -> dict[str, Path]:
    """The sample run's workbook in each language (the run does not depend on the language)."""
    from tiercli.report import write

    out = {}
    for lang in ("zh", "en"):
        out[lang] = tmp_path_factory.mktemp(lang) / f"t_{lang}.xlsx"
        write(sample_result, out[lang], lang)
    return out


def _cells(path: Path, sheets: tuple[str, ...] | None = None) -> Iterator[tuple[str, str]]:
    book = openpyxl.load_workbook(path, read_only=True)
    for ws in book.worksheets:
        if sheets and ws.title not in sheets:
            continue
        for row in ws.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, str):
                    yield ws.title, value


def test_english_workbook_shows_no_canonical_code(workbooks: dict[str, Path]) -> None:
    codes = {code for values in _fixed_codes().values() for code in values if len(code) > 1}
    # The Config sheet's effective config shows the YAML as the user writes it.
    found = {(sheet, v) for sheet, v in _cells(workbooks["en"]) if v in codes and sheet != "Config"}
    assert not found


def test_chinese_workbook_shows_no_english_label(workbooks: dict[str, Path]) -> None:
    english = {
        en
        for c in schema.COLUMNS.values()
        for _, en in c.values.values()
        if re.search("[a-z]{3}", en)
    }
    skip = ("配置",)  # file paths and the YAML keys of the effective config
    found = {
        (sheet, v) for sheet, v in _cells(workbooks["zh"]) if v in english and sheet not in skip
    }
    assert not found


def _settings_rows(path: Path, sheet: str, heading: str, end: str) -> dict[str, str]:
    """The Config sheet's "settings and results of each step" rows: path → value."""
    rows: dict[str, str] = {}
    inside = False
    for row in openpyxl.load_workbook(path, read_only=True)[sheet].iter_rows(values_only=True):
        if row[0] == end:
            break
        if inside and row[0]:
            rows[str(row[0])] = "" if row[1] is None else str(row[1])
        inside = inside or row[0] == heading
    return rows


def test_the_config_sheets_step_settings_are_in_the_readers_language(
    workbooks: dict[str, Path],
) -> None:
    """They showed codes and English in the Chinese workbook: quadrant_counts.star, a cluster
    'typical', the derived metrics' English definitions, coverage.Key."""
    zh = _settings_rows(workbooks["zh"], "配置", "各步骤的参数与结果", "生效配置(YAML)")
    assert zh["综合评分与客户等级 · 各象限客户数.明星客户"].isdigit()
    assert zh["综合评分与客户等级 · 权重.价值.指标.近12个月销售额"] == "0.7"
    assert zh["综合评分与客户等级 · 派生指标.销售额趋势"].startswith("（近12个月销售额")
    assert zh["价值预测 · 模型选择.MBG/NBD 存活概率 AUC"]
    assert zh["行为聚类 · 客户群[1].行为簇"] == "主流客户"
    assert zh["ABC 分类 · 依据值"] == "销售额"
    assert zh["生命周期 · 人数.活跃客户"].isdigit()
    # no English word but config keys (snake_case), acronyms and model names
    for key, value in zh.items():
        words = re.findall(r"[A-Za-z]{3,}", _ALLOWED_ASCII.sub(" ", f"{key} {value}"))
        assert not [w for w in words if w not in ("log", "mbgnbd", "bgnbd")], (key, value)
    en = _settings_rows(workbooks["en"], "Config", "Settings and results of each step",
                        "Effective config (YAML)")  # fmt: skip
    assert en["Scores and tiers · quadrant counts.Star"].isdigit()
    assert en["Scores and tiers · weights.Value.metrics.Revenue last 12m"] == "0.7"
    # a step's result is said in words (repeat_customers, tier_counts were shown as codes);
    # what stays snake_case is a config key, as the user writes it in the YAML
    from support import config_keys

    keys = config_keys()
    for rows in (zh, en):
        for path in rows:
            codes = re.findall(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b", path)
            assert not [c for c in codes if c not in keys], path


def test_chinese_explain_and_terminal_have_no_untranslated_sentence() -> None:
    sample = ROOT / "sample_data" / "trade_export.xlsx"
    out = runner.invoke(app, ["explain", str(sample), "--customer", "C00042", "--lang", "zh"])
    assert out.exit_code == 0, out.output
    for line in out.stdout.splitlines():
        if line.lstrip().startswith("·"):
            words = re.findall(r"[A-Za-z]{3,}", _ALLOWED_ASCII.sub(" ", line))
            assert not words, line


def test_explanations_come_from_the_classifiers(sample_result: SegmentationResult) -> None:
    explained = explain_customer(sample_result, "C00042")
    names = [record.name for record, _ in explained.sections]
    # identity resolution first (the source ids a customer was built from), then the classifiers
    assert names == ["identity", *(n for n in sample_result.steps if registry.find(n).explain)]
    for record, section in explained.sections:
        assert set(section.values) <= set(record.columns), record.name


# ------------------------------------------------------------------------------ errors


_SAID_ERRORS = {"InputError", "ConfigError", "TiercliError", "ContractError", "AllAfterAsOf",
                "_NothingBefore", "Invalid"}  # fmt: skip


def _english_raises() -> list[str]:
    """Raise sites that say an error as an English string: a user error (one of
    _SAID_ERRORS) given text, or a ValueError with text inside a config model (pydantic shows
    it to the user)."""
    import ast

    found = []
    for path in sorted((ROOT / "src" / "tiercli").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            name = getattr(node.exc.func, "id", getattr(node.exc.func, "attr", ""))
            said = node.exc.args[:1] + [k.value for k in node.exc.keywords if k.arg != "at"]
            text = [a for a in said if isinstance(a, ast.Constant | ast.JoinedStr | ast.BinOp)]
            config = path.parent.name == "config"
            if text and (name in _SAID_ERRORS or (config and name == "ValueError")):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_every_error_a_user_reads_is_said_in_both_languages() -> None:
    """An error is a catalogue message (InputError(msg(...))), never an English f-string: the
    CLI says it in the run's language."""
    assert _english_raises() == []
