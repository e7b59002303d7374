"""The command line through Typer's runner: outputs, JSON, errors and exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from tiercli.cli import app

DATA = Path(__file__).parent / "data"
runner = CliRunner()
MINI = [
    "--orders",
    str(DATA / "mini_orders.csv"),
    "--customers",
    str(DATA / "mini_customers.csv"),
    "--inquiries",
    str(DATA / "mini_inquiries.csv"),
]


@pytest.fixture
def fixed_rates(tmp_path: Path) -> Path:
    path = tmp_path / "rates.yaml"
    path.write_text("currency: {source: fixed, rates: {EUR: 1.1, GBP: 1.25}}\n", encoding="utf-8")
    return path


def test_segment_writes_the_workbook(tmp_path: Path, fixed_rates: Path) -> None:
    out = tmp_path / "out" / "tiers.xlsx"
    result = runner.invoke(
        app,
        [
            "segment",
            *MINI,
            "-c",
            str(fixed_rates),
            "--as-of",
            "2026-06-30",
            "-o",
            str(out),
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 0, result.output
    assert str(out) in result.output
    book = openpyxl.load_workbook(out, read_only=True)
    assert book.sheetnames[:1] == ["Summary"]
    assert {"Customers", "Data quality", "Config"} <= set(book.sheetnames)
    rows = list(book["Customers"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Customer ID", "Name", "Country")
    assert [r[0] for r in rows[1:]] == ["00042", "C001", "C002", "C003", "C005", "C006"]
    assert rows[4][1] == '=HYPERLINK("http://x")'  # stored as text, not a formula


def test_segment_default_output_name_is_tiers_as_of(
    tmp_path: Path, fixed_rates: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["segment", *MINI, "-c", str(fixed_rates), "--as-of", "2026-06-30"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "tiers_2026-06-30.xlsx").is_file()


def test_segment_csv_writes_customers_and_rejects(tmp_path: Path, fixed_rates: Path) -> None:
    out = tmp_path / "tiers.csv"
    result = runner.invoke(
        app, ["segment", *MINI, "-c", str(fixed_rates), "--as-of", "2026-06-30", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    customers = pd.read_csv(out, dtype={"customer_id": str})
    assert customers["customer_id"].tolist()[0] == "00042"
    assert customers.loc[customers["customer_id"] == "C003", "name"].item().startswith("'=")
    rejects = pd.read_csv(tmp_path / "tiers_rejects.csv")
    assert rejects["row"].tolist() == [8, 9, 11, 12, 14]  # C3 "TBD" is 1 × 50, used; 9 repeats 7


def test_json_is_one_object_on_stdout(tmp_path: Path, fixed_rates: Path) -> None:
    result = runner.invoke(
        app,
        [
            "segment",
            *MINI,
            "-c",
            str(fixed_rates),
            "--as-of",
            "2026-06-30",
            "--json",
            "-o",
            str(tmp_path / "t.xlsx"),
        ],
    )
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["customers"] == 6 and summary["prospects"] == 2
    assert summary["rows"] == {
        "rows_read": 26,
        "used": 19,
        "rejected": 4,
        "errors": 3,  # blank id, bad date, unknown currency: to fix ("TBD" is 1 × 50)
        "excluded": 1,  # a cancelled order: left out by rule
        "duplicates": 1,
        "after_as_of": 2,
    }
    assert summary["errors_by_reason"]["blank customer id"] == 1
    assert summary["excluded_by_reason"] == {"cancelled order": 1}
    assert summary["outputs"] == [str(tmp_path / "t.xlsx")]
    assert "Row reconciliation" in result.stderr or "行数核对" in result.stderr


def test_quiet_prints_nothing(tmp_path: Path, fixed_rates: Path) -> None:
    result = runner.invoke(
        app, ["segment", *MINI, "-c", str(fixed_rates), "-q", "-o", str(tmp_path / "t.xlsx")]
    )
    assert result.exit_code == 0 and result.output == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["segment", str(DATA / "nope.csv")], "nope.csv: file not found"),
        (["segment", *MINI, "--as-of", "31/12/2026"], "--as-of: '31/12/2026' is not a date"),
        (["segment", *MINI, "--lang", "fr"], "--lang：不支持“fr”"),  # (no language known: zh)
        (["segment", *MINI, "-o", "x.docx"], "'.docx' is not an output type; end it with .xlsx"),
        (["segment", *MINI, "-o", "tiers"], "the name has no extension; end it with .xlsx, .csv "
         "or .parquet, e.g. -o tiers.xlsx"),
        (["segment", "--customers", str(DATA / "mini_customers.csv")], "no orders table"),
        (["segment", *MINI, "-c", str(DATA / "nope.yaml")], "config file not found"),
    ],
    ids=["missing-file", "bad-as-of", "bad-lang", "bad-output", "no-extension", "no-orders",
         "no-config"],
)  # fmt: skip
def test_bad_input_exits_2_with_a_message(args: list[str], message: str) -> None:
    result = runner.invoke(app, args if "--lang" in args else [*args, "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(("Error: ", "错误：")) and message in result.stderr
    assert "Traceback" not in result.output


def test_missing_column_names_file_headers_and_fix(tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    path.write_text("客户编号,出货日,金额\nC1,2026-01-01,5\n", encoding="utf-8")
    result = runner.invoke(app, ["segment", str(path), "--lang", "en"])
    assert result.exit_code == 2
    err = " ".join(result.stderr.split())
    assert f"{path}: missing column 'order_date'" in err
    assert "(found: 客户编号, 出货日, 金额)" in err
    assert "Add columns: {orders: {order_date: <your header>}}" in err


def test_column_override_in_config(tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    path.write_text("客户编号,出货日,金额\nC1,2026-01-01,5\n", encoding="utf-8")
    cfg = tmp_path / "c.yaml"
    cfg.write_text("columns:\n  orders: {order_date: 出货日}\n", encoding="utf-8")
    result = runner.invoke(
        app, ["segment", str(path), "-c", str(cfg), "--json", "-q", "-o", str(tmp_path / "t.csv")]
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["revenue"] == 5.0


def test_validate_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["validate", *MINI, "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "nothing was written" in result.output
    assert list(tmp_path.iterdir()) == []


def test_validate_lists_the_rows_to_fix(tmp_path: Path) -> None:
    """It ended 'inputs ok' with only a count per reason, although errors sent users to it
    to see the rows."""
    result = runner.invoke(app, ["validate", *MINI, "--lang", "en"])
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert "Rows to fix" in out
    assert "mini_orders.csv │ 11 │ Customer ID │ │ blank customer id" in out
    assert "mini_orders.csv │ 12 │ Order Date │ not a date │ unparseable date" in out
    assert out.endswith(
        "inputs usable, but 3 row(s) need fixing (above) and are left out of the results; "
        "nothing was written"
    )


def test_validate_bad_config_exits_2(tmp_path: Path) -> None:
    cfg = tmp_path / "c.yaml"
    cfg.write_text("currency:\n  bse: USD\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", "-c", str(cfg), "--lang", "en"])
    assert result.exit_code == 2
    assert "Did you mean 'base'?" in result.stderr


def test_init_writes_default_and_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "my.yaml"
    assert runner.invoke(app, ["init", str(target), "--lang", "en"]).exit_code == 0
    assert "currency:" in target.read_text(encoding="utf-8")
    again = runner.invoke(app, ["init", str(target), "--lang", "en"])
    assert again.exit_code == 2 and "--force" in again.stderr
    assert runner.invoke(app, ["init", str(target), "--force", "--lang", "en"]).exit_code == 0
    for force in ([], ["--force"]):  # a folder: say so and suggest a file in it
        folder = runner.invoke(app, ["init", str(tmp_path), *force, "--lang", "en"])
        assert folder.exit_code == 2
        assert f"{tmp_path} is a folder" in folder.stderr
        assert f"tiercli init {tmp_path / 'tiercli.yaml'}" in folder.stderr


@pytest.mark.parametrize(
    "command",
    [c.name or c.callback.__name__ for c in app.registered_commands],  # type: ignore[union-attr]
)
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "示例：" in result.output
    english = runner.invoke(app, [command, "--help", "--lang", "en"])
    assert english.exit_code == 0 and "Examples:" in english.output
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"tiercli {command}" in readme


def test_python_dash_m(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "tiercli", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and done.stdout.startswith("tiercli ")


def test_segment_parquet_round_trips(tmp_path: Path, fixed_rates: Path) -> None:
    out = tmp_path / "t.parquet"
    result = runner.invoke(
        app, ["segment", *MINI, "-c", str(fixed_rates), "--as-of", "2026-06-30", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    table = pd.read_parquet(out)
    assert table["customer_id"].tolist() == ["00042", "C001", "C002", "C003", "C005", "C006"]
    assert table.loc[1, "revenue"] == 1700.0
    assert (
        len(pd.read_parquet(tmp_path / "t_rejects.parquet")) == 5
    )  # 4 rows set aside, 1 duplicate


def test_no_colour_codes_when_not_a_terminal(tmp_path: Path, fixed_rates: Path) -> None:
    result = runner.invoke(
        app,
        ["segment", *MINI, "-c", str(fixed_rates), "-o", str(tmp_path / "t.xlsx")],
        env={"NO_COLOR": "1"},
    )
    assert result.exit_code == 0
    assert "\x1b[" not in result.output


def test_a_file_with_unknown_columns_names_them(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    result = runner.invoke(app, ["segment", str(path), "--lang", "en"])
    assert result.exit_code == 2
    err = " ".join(result.stderr.split())
    assert "missing column 'customer_id' for the orders table (found: a, b)" in err


def test_an_unexpected_failure_exits_1_and_says_it_is_a_bug(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import tiercli.pipeline as pipeline

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "segment", broken)
    result = runner.invoke(app, ["segment", *MINI, "--lang", "en"])
    assert result.exit_code == 1
    assert "Unexpected error: RuntimeError: boom" in result.stderr
    assert "--debug" in result.stderr and "Traceback" not in result.stderr
    debug = runner.invoke(app, ["--debug", "segment", *MINI, "--lang", "en"])
    assert isinstance(debug.exception, RuntimeError)  # --debug lets the traceback through


def test_help_does_not_import_the_library() -> None:
    # `tiercli --help` must answer at once: the CLI module imports no pandas, scipy or
    # classifier until a command runs (its speed is measured in benchmarks/bench_startup.py).
    import subprocess
    import sys

    code = (
        "import sys, tiercli.cli; "
        "heavy = [m for m in ('pandas', 'scipy', 'numpy', 'tiercli.pipeline') if m in sys.modules]; "
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


DATA_COMMANDS = ("segment", "validate", "explain", "backtest")


def _options() -> dict[str, set[str]]:
    import typer.main

    group = typer.main.get_command(app)
    return {
        name: {opt for param in cmd.params for opt in param.opts}
        for name, cmd in group.commands.items()  # type: ignore[attr-defined]
    }


def test_every_command_takes_the_options_a_user_would_try() -> None:
    options = _options()
    assert set(DATA_COMMANDS) | {"init"} <= set(options)
    for name, opts in options.items():
        assert {"--lang", "-q", "--quiet"} <= opts, name
        if name in DATA_COMMANDS:
            wanted = {"-c", "--config", "--orders", "--customers", "--inquiries", "--json"}
            wanted |= {"--activities"}
            assert wanted <= opts, (name, wanted - opts)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_command_has_one_line_examples_in_its_help(lang: str) -> None:
    for name in _options():
        result = runner.invoke(
            app, [name, "--help", "--lang", lang], env={"COLUMNS": "60"}, terminal_width=60
        )
        assert result.exit_code == 0
        examples = [line.strip() for line in result.stdout.splitlines() if "tiercli " in line]
        assert examples, name
        lines = result.stdout.splitlines()
        for i, line in enumerate(lines):
            if line.strip().startswith("tiercli "):
                # a copied example is whole: the next line is not its continuation
                following = lines[i + 1].strip() if i + 1 < len(lines) else ""
                assert following == "" or following.startswith("tiercli ") or ":" in following, (
                    name,
                    line,
                    following,
                )


def test_validate_json() -> None:
    result = runner.invoke(app, ["validate", *MINI, "--json", "-q"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["config_ok"] is True and payload["summary"]["customers"] == 6


def test_the_top_help_gives_the_exit_codes_once() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert result.output.count("退出码：") == 1
    english = runner.invoke(app, ["--lang", "en", "--help"])
    assert english.exit_code == 0
    assert english.output.count("Exit codes:") == 1


def test_json_warnings_read_as_the_terminal_does(tmp_path: Path) -> None:
    """--json's warning text showed codes (value, revenue_12m) where the terminal shows the
    dimension's and the metric's names."""
    sample = Path(__file__).resolve().parents[1] / "sample_data" / "orders.csv"
    result = runner.invoke(app, ["segment", str(sample), "-o", str(tmp_path / "t.csv"), "--json"])
    assert result.exit_code == 0, result.output
    texts = [w["text"] for w in json.loads(result.stdout)["warnings"]]
    scoring = next(t for t in texts if t.startswith("评分："))
    assert "潜力维度" in scoring and "销售额趋势" in scoring
    assert not re.search(r"[a-z]+_[a-z0-9_]+", scoring)


def test_errors_are_said_in_the_runs_language(tmp_path: Path) -> None:
    """Errors were English whatever the language; now Chinese by default (as the shipped
    config says), English with --lang en or a config with lang: en."""
    missing = str(tmp_path / "nope.csv")
    zh = runner.invoke(app, ["segment", missing])
    assert zh.exit_code == 2 and zh.stderr.startswith("错误：") and "文件不存在" in zh.stderr
    en = runner.invoke(app, ["segment", missing, "--lang", "en"])
    assert en.exit_code == 2 and en.stderr.startswith("Error: ") and "file not found" in en.stderr
    config = tmp_path / "en.yaml"
    config.write_text("lang: en\n", encoding="utf-8")
    by_config = runner.invoke(app, ["segment", missing, "-c", str(config)])
    assert by_config.stderr.startswith("Error: ") and "file not found" in by_config.stderr
    # before the config is read (it is the config that is wrong): --lang, else Chinese
    bad = tmp_path / "bad.yaml"
    bad.write_text("rfm: {levles: 4}\n", encoding="utf-8")
    said = runner.invoke(app, ["validate", "-c", str(bad)]).stderr
    assert "配置无效" in said and "是否想写“levels”" in said


def test_a_list_cut_short_says_where_the_rest_is(tmp_path: Path) -> None:
    """With -o table.csv (and in validate) the terminal said "the full list is on the
    workbook's Reactivation sheet", of a workbook never written."""
    sample = Path(__file__).resolve().parents[1] / "sample_data" / "trade_export.xlsx"
    args = ["segment", str(sample), "--lang", "en", "-o"]
    to_csv = runner.invoke(app, [*args, str(tmp_path / "t.csv")], env={"COLUMNS": "140"})
    said = " ".join(to_csv.stdout.split())
    assert "all on a workbook's Contact gaps sheet (-o NAME.xlsx)" in said
    assert "on the workbook's" not in said
    to_xlsx = runner.invoke(app, [*args, str(tmp_path / "t.xlsx")], env={"COLUMNS": "140"})
    assert "the full list is on the workbook's" in " ".join(to_xlsx.stdout.split())


def test_backtest_and_tune_say_a_bad_date_in_the_configs_language(tmp_path: Path) -> None:
    """backtest and tune checked --cutoff before reading the config: a config with lang: en
    got the Chinese error."""
    config = tmp_path / "en.yaml"
    config.write_text("lang: en\n", encoding="utf-8")
    orders = str(DATA / "mini_orders.csv")
    for command in (
        ["backtest", orders, "-c", str(config), "--cutoff", "2011-13-01"],
        [
            "tune",
            orders,
            "-c",
            str(config),
            "--cutoff",
            "30/06/2011",
            "-o",
            str(tmp_path / "t.yaml"),
        ],
    ):
        result = runner.invoke(app, command)
        assert result.exit_code == 2
        assert result.stderr.startswith("Error: --cutoff: "), result.stderr


def test_no_path_option_is_checked_by_click(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An input the user may not read got click's English usage error ('Invalid value for
    files: path … is not readable') instead of tiercli's own message in the run's language:
    click checks no path (here: os.access says no, open would work), tiercli's readers do."""
    import os

    real = os.access
    orders = str(DATA / "mini_orders.csv")
    monkeypatch.setattr(os, "access", lambda p, mode, **k: str(p) != orders and real(p, mode))
    result = runner.invoke(app, ["segment", orders, "-o", str(tmp_path / "t.csv"), "-q"])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("command", "zh"),
    [
        (["segment", "x.csv", "--lnag", "en"], "错误：没有 --lnag 这个选项（可用的选项：--lang）"),
        (["segmnt", "x.csv"], "错误：没有 segmnt 这个命令。是否想写“segment”？"),
        (["segment", "x.csv", "--as-of"], "错误：--as-of 后面缺少值"),
        (["backtest", "x.csv", "--horizon", "abc"], "错误：--horizon 的值应为整数"),
        (["tune", "x.csv", "--budget", "1.5"], "错误：--budget 的值应为整数"),
        (["init", "a.yaml", "b.yaml"], "错误：多余的参数：b.yaml"),
        (["--bogus"], "错误：没有 --bogus 这个选项"),
        (["--debug"], "错误：缺少命令"),
    ],
)
def test_usage_errors_are_said_in_chinese(command: list[str], zh: str) -> None:
    """Click's own usage errors (an unknown option or command, a missing or malformed value)
    were English on a Chinese run ("Error: No such option: --lnag"): they are said in the
    run's language, exit 2, with where to find the usage."""
    result = runner.invoke(app, command)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert lines[0] == zh
    assert re.fullmatch(r"用法见 tiercli( \w+)? --help", lines[1]), lines
    said = re.sub(r"--[a-z-]+|segment", "", lines[0])  # (options, the user's words, a command)
    for word in command:
        said = said.replace(word, "")
    assert not re.search(r"[A-Za-z]{3,}", said), lines[0]


def test_usage_errors_stay_clicks_own_in_english(tmp_path: Path) -> None:
    """With --lang en (or a config's lang: en) the usage error is click's, word for word."""
    result = runner.invoke(app, ["segment", "x.csv", "--lang", "en", "--lnag", "en"])
    assert result.exit_code == 2
    assert "Error: No such option: --lnag (Possible options: --lang)" in result.stderr
    config = tmp_path / "en.yaml"
    config.write_text("lang: en\n", encoding="utf-8")
    result = runner.invoke(app, ["backtest", "x.csv", "-c", str(config), "--horizon", "x"])
    assert result.exit_code == 2
    assert "Error: Invalid value for '--horizon'" in result.stderr
    result = runner.invoke(app, ["segment", "x.csv", "--lang=en", "--as-of"])
    assert result.stderr.strip() == "Error: Option '--as-of' requires an argument."


# ------------------------------------------------------------------ help in the run's language

HELP_COMMANDS = [[], *([name] for name in _options())]
_KEPT = re.compile(
    r"(?<![\w-])--?[a-z][a-z-]*"  # the options a user types: --as-of, -o
    r"|tiercli(?: [a-z]+)?"  # the program and its commands
    r"|\S*(?:\.[a-z]+|/|_)\S*"  # file names, paths, YAML paths and keys: tiers_<as-of>.xlsx
    r"|(?<![A-Za-z])[A-Z][A-Z0-9_-]*(?![A-Za-z])"  # acronyms and variables: CSV, YYYY-MM-DD
)
_KEPT_WORDS = {"identity", "capture", "spearman"}  # a config section; --objective's values
_KEPT_WORDS |= set(_options())  # the commands, as the top help lists them


@pytest.mark.parametrize("command", HELP_COMMANDS, ids=lambda c: c[0] if c else "tiercli")
def test_help_is_chinese_by_default(command: list[str]) -> None:
    """--help was English only, the first thing a Chinese trade staffer runs: it is said in
    the run's language (Chinese by default), click's own words (Usage, Options…) too."""
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith(" ".join(["用法：tiercli", *command, "[选项]"]))
    assert "\n选项：\n" in out and "  --help" in out and "显示本帮助并退出。" in out
    assert "\n  示例：\n" in out and out.count("退出码：") == 1
    words = set(re.findall(r"[A-Za-z]{3,}", _KEPT.sub(" ", out))) - _KEPT_WORDS
    assert not words, (words, out)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_option_is_in_the_help_in_both_languages(lang: str) -> None:
    import typer.main

    for command in HELP_COMMANDS:
        group = typer.main.get_command(app)
        cmd = group.commands[command[0]] if command else group  # type: ignore[attr-defined]
        out = runner.invoke(app, [*command, "--help", "--lang", lang]).stdout
        for param in cmd.params:
            for opt in param.opts if param.param_type_name == "option" else []:
                assert re.search(rf"(?<![\w-]){re.escape(opt)}(?![\w-])", out), (command, opt)


def test_the_chinese_help_reads_as_written() -> None:
    result = runner.invoke(app, ["init", "--help"], terminal_width=80)
    assert result.stdout.splitlines() == [
        "用法：tiercli init [选项] [路径]",
        "",
        "  写出带注释的默认配置，修改后用 -c 指定。",
        "",
        "参数：",
        "  路径  配置写到哪里。  [默认：tiercli.yaml]",
        "",
        "选项：",
        "  --force        覆盖已存在的文件。",
        "  --lang <文本>  标签和输出的语言：zh 或 en（默认按配置文件）。",
        "  -q, --quiet    只输出错误和所要求的结果。",
        "  --help         显示本帮助并退出。",
        "",
        "  示例：",
        "",
        "    tiercli init                # 写出 tiercli.yaml",
        "    tiercli init my.yaml --force",
        "",
        "  退出码：0 成功 · 2 输入或配置有误 · 1 意外错误（程序缺陷）。",
    ]
    top = runner.invoke(app, ["--help"], terminal_width=80).stdout.splitlines()
    assert top[0] == "用法：tiercli [选项] 命令 [参数]..."
    assert "命令：" in top
    assert "  segment   给客户分级，写出工作簿（或 CSV/列式文件）并显示摘要" in top
    tune = runner.invoke(app, ["tune", "--help"], terminal_width=80).stdout.splitlines()
    assert "  --horizon <整数>      每个截止日之后观察的天数。  [默认：365]" in tune
    segment = runner.invoke(app, ["segment", "--help"], terminal_width=80).stdout.splitlines()
    assert segment[0] == "用法：tiercli segment [选项] [文件]..."
    assert "  --orders <文件…>        订单导出文件（可重复给出）。" in segment


def test_the_english_help_is_as_it_was(tmp_path: Path) -> None:
    """With --lang en (or a config's lang: en) the help is click's, as it was."""
    config = tmp_path / "en.yaml"
    config.write_text("lang: en\n", encoding="utf-8")
    for args in (["--lang", "en"], ["-c", str(config)]):
        out = runner.invoke(app, ["segment", "--help", *args], terminal_width=80).stdout
        lines = out.splitlines()
        assert lines[0] == "Usage: tiercli segment [OPTIONS] [files]..."
        assert "  Segment customers and write the workbook (or CSV/Parquet) and a summary." in lines
        assert "Arguments:" in lines and "Options:" in lines
        assert (
            "  files... <list[Path]>  Export files: a workbook with 订单/客户/询盘/跟进记录"
            in lines
        )
        assert "  --orders <list[Path]>      An order export (repeatable)." in lines
        assert "  -c, --config <path>        YAML config (tiercli init writes one)." in lines
        assert "  --help                     Show this message and exit." in lines
        assert "    tiercli segment orders.xlsx --as-of 2026-10-31 --json > summary.json" in lines
        assert lines[-1] == (
            "  Exit codes: 0 ok · 2 bad input or config · 1 unexpected failure (a bug)."
        )
    tune = runner.invoke(app, ["tune", "--help", "--lang", "en"], terminal_width=80).stdout
    assert "  --seed <int>               Random seed of the search.  [default: 12]" in tune
    top = runner.invoke(app, ["--lang", "en", "--help"], terminal_width=80)
    assert top.exit_code == 0, top.output
    assert top.stdout.startswith("Usage: tiercli [OPTIONS] COMMAND [ARGS]...\n")
    assert "  init      Write the commented default config, to edit and pass with -c.\n" in (
        top.stdout
    )


def test_every_help_text_has_both_languages() -> None:
    """Each help the app shows (a command's, its epilog, an option's or argument's) has its
    Chinese, and each Chinese text is of a help the app shows."""
    import inspect

    import typer.main
    from typer._click.core import Context

    from tiercli.cli import _ZH_HELP

    group = typer.main.get_command(app)
    shown: set[str] = set()
    for cmd in [group, *group.commands.values()]:  # type: ignore[attr-defined]
        ctx = Context(cmd, info_name=cmd.name)
        texts = [cmd.help, cmd.epilog, *(getattr(p, "help", None) for p in cmd.get_params(ctx))]
        shown |= {inspect.cleandoc(t) for t in texts if t}
    assert shown == set(_ZH_HELP)
    for en, zh in _ZH_HELP.items():
        assert zh.strip() and zh != en, en
        assert re.search(r"[\u4e00-\u9fff]", zh), zh


@pytest.mark.parametrize("width", [60, 80, 120])
def test_the_chinese_help_fits_the_terminal(width: int) -> None:
    """Click counts a Chinese character as one column (it takes two): the help would run past
    the edge of an 80-column terminal. Lines fit, and none starts with closing punctuation."""
    from rich.cells import cell_len

    for command in HELP_COMMANDS:
        out = runner.invoke(app, [*command, "--help"], terminal_width=width).stdout
        for line in out.splitlines():
            if line.lstrip().startswith("tiercli "):  # (an example is kept whole to copy)
                continue
            assert cell_len(line) <= width, (width, line)
            assert line.strip()[:1] not in set("，。、；：）”》"), line


def test_lang_before_the_command(tmp_path: Path) -> None:
    """`tiercli --lang en --help` was a usage error (no such option): --lang before the
    command is the help's language and the command's, unless the command has its own."""
    missing = str(tmp_path / "nope.csv")
    english = runner.invoke(app, ["--lang", "en", "segment", missing])
    assert english.exit_code == 2 and english.stderr.startswith("Error: ")
    assert "file not found" in english.stderr
    own = runner.invoke(app, ["--lang", "en", "segment", missing, "--lang", "zh"])
    assert own.exit_code == 2 and own.stderr.startswith("错误：")
    bad = runner.invoke(app, ["--lang", "fr", "segment", missing])
    assert bad.exit_code == 2 and "--lang：不支持“fr”" in bad.stderr
    again = runner.invoke(app, ["segment", missing])  # (the next run is Chinese again)
    assert again.exit_code == 2 and again.stderr.startswith("错误：")
    help_ = runner.invoke(app, ["--lang", "en", "segment", "--help"])
    assert help_.exit_code == 0 and help_.stdout.startswith("Usage: tiercli segment [OPTIONS]")


def test_chinese_text_wraps_in_terminal_columns() -> None:
    """A Chinese character takes two columns; a line breaks between Chinese characters and at
    spaces, never inside a name with a <placeholder>, never before closing punctuation."""
    from tiercli.cli import _wrap

    assert _wrap("存放历次结果（tiers_<日期>.xlsx）的文件夹", 24, "", "") == [
        "存放历次结果",
        "（tiers_<日期>.xlsx）的",
        "文件夹",
    ]
    assert _wrap("a bc 大家好。", 8, "> ", "  ") == ["> a bc", "  大家", "  好。"]
