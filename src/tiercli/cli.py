"""The command line: thin commands over the library (parse → call → render).

Exit codes: 0 ok, 2 bad input or config (``Error: …`` on stderr), 1 unexpected failure (a bug;
``--debug`` shows the traceback).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import inspect
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape
from typer._click.core import Command, Context, Parameter
from typer._click.exceptions import (  # (typer's own copy of click: its usage errors)
    BadOptionUsage,
    BadParameter,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)
from typer._click.formatting import HelpFormatter
from typer.core import TyperCommand, TyperGroup

from tiercli import __version__
from tiercli.catalogue import Both, define, msg, text
from tiercli.errors import InputError, TiercliError, did_you_mean
from tiercli.widths import fitting

# The library (pandas, scipy, the classifiers) is imported inside the commands, so that
# `tiercli --help` and a mistyped option answer at once.
if TYPE_CHECKING:
    from tiercli.config import Config
    from tiercli.pipeline import SegmentationResult

define(
    {
        "cli.reading": ("正在读取并分类…", "reading and classifying…"),
        "cli.writing": ("正在写入 {path}…", "writing {path}…"),
        "cli.config_ok": ("配置无误：{path}", "config ok: {path}"),
        "cli.inputs_ok": ("输入无误：没有写入任何文件", "inputs ok: nothing was written"),
        "cli.inputs_to_fix": (
            "输入可以使用，但有 {n} 行需要修正（见上）；这些行不计入结果。没有写入任何文件",
            "inputs usable, but {n} row(s) need fixing (above) and are left out of the results; "
            "nothing was written",
        ),
        "cli.error": ("错误：", "Error:"),
        "cli.unexpected": (
            "意外错误：{error}\n这是 tiercli 的缺陷。请加 --debug 重新运行以查看调用栈，并报告此问题。",
            "Unexpected error: {error}\nThis is a bug in tiercli. Run again with --debug for the "
            "traceback and report it.",
        ),
        "cli.interrupted": (
            "已中断：正在写入的输出保持原样。",
            "Interrupted: an output being written was left as it was.",
        ),
        "cli.bad_lang": (
            "--lang：不支持“{lang}”；请用 zh 或 en",
            "--lang: '{lang}' is not supported; use zh or en",
        ),
        "cli.not_a_date": (
            "{option}：“{value}”不是日期；请写成 YYYY-MM-DD，例如 2026-11-30",
            "{option}: '{value}' is not a date; use YYYY-MM-DD, e.g. 2026-11-30",
        ),
        "cli.date_range": (
            "{option}：{value} 超出范围；请给出 1900-01-01 到 2200-12-31 之间的日期",
            "{option}: {value} is out of range; give a date from 1900-01-01 to 2200-12-31",
        ),
        "cli.pseudonymise_options": (
            "--key-file 和 --pseudonym-map 须与 --pseudonymise 一起使用",
            "--key-file and --pseudonym-map go with --pseudonymise",
        ),
        "cli.previous_or_history": (
            "请给出 --previous 或 --history 之一，不能同时给出",
            "give --previous or --history, not both",
        ),
        "cli.too_many_rows": (
            "-o {target}：{rows} 行放不进一个工作表（最多 {limit} 行）；请把客户表和拒收明细写成 CSV "
            "或列式文件，例如 -o {parquet}",
            "-o {target}: {rows} rows do not fit a worksheet (Excel holds {limit}); write the "
            "customer table and rejects as CSV or Parquet instead, e.g. -o {parquet}",
        ),
        "cli.customer_required": (
            "缺少 --customer：要解释的客户编号或名称",
            "--customer is required: the customer id or name to explain",
        ),
        "cli.cutoff_required": (
            "缺少 --cutoff，例如 --cutoff {example}",
            "--cutoff is required, e.g. --cutoff {example}",
        ),
        "cli.horizon": (
            "--horizon：{horizon} 天；请给出 1 到 36500 天，例如 365",
            "--horizon: {horizon} days; give 1 to 36500 days, e.g. 365",
        ),
        "cli.backtest_xlsx": (
            "-o {output}：回测工作簿的文件名须以 {suffix} 结尾",
            "-o {output}: the backtest workbook must end in {suffix}",
        ),
        "cli.tune_output_required": (
            "缺少 -o：调优后的 YAML 写到哪里，例如 -o tuned.yaml",
            "-o is required: where to write the tuned YAML, e.g. -o tuned.yaml",
        ),
        "cli.objective": (
            "--objective：应为 {choices}，读到的是 {objective}",
            "--objective: {choices}, got {objective}",
        ),
        "cli.map_is_output": (
            "--pseudonym-map {path}：本次运行还要把结果写到这个文件；请给对照表另起一个文件名，"
            "例如 --pseudonym-map pseudonyms.csv",
            "--pseudonym-map {path}: the run writes its results to this file too; give the "
            "mapping a name of its own, e.g. --pseudonym-map pseudonyms.csv",
        ),
        "cli.init_folder": (
            "{path} 是一个文件夹；请给配置一个文件名，例如 tiercli init {example}",
            "{path} is a folder; give the config a file name, e.g. tiercli init {example}",
        ),
        "cli.init_exists": (
            "{path} 已存在；如要覆盖，请加 --force",
            "{path} already exists; pass --force to overwrite it",
        ),
        "cli.wrote_config": (
            "已写入 {path}；修改后运行：tiercli segment 文件 -c {path}",
            "wrote {path}; edit it, then: tiercli segment FILE -c {path}",
        ),
    }
)

EXIT_CODES = "Exit codes: 0 ok · 2 bad input or config · 1 unexpected failure (a bug)."
_ZH_EXIT_CODES = "退出码：0 成功 · 2 输入或配置有误 · 1 意外错误（程序缺陷）。"

_ZH_HELP: dict[str, str] = {}
"""The Chinese of every help text (an option's or argument's, a command's, an epilog) by its
English as written in the code — what click shows with ``--lang en``."""

_F = TypeVar("_F", bound=Callable[..., Any])


def _h(en: str, zh: str) -> str:
    """*en*, a help text, with *zh* its Chinese: the help of a Chinese run shows *zh*."""
    _ZH_HELP[inspect.cleandoc(en)] = zh
    return en


def _zh_doc(zh: str) -> Callable[[_F], _F]:
    """A command whose docstring (its help) says *zh* in Chinese."""

    def given(command: _F) -> _F:
        _h(command.__doc__ or "", zh)
        return command

    return given


def _examples(*lines: str | tuple[str, str]) -> str:
    """A command's help epilog: the examples, each kept on one line at any terminal width
    (click leaves a paragraph that starts with \\b unwrapped), then the exit codes. A line
    with words in it is given as (English, Chinese)."""

    def epilog(heading: str, said: list[str], codes: str) -> str:
        return f"{heading}\n\n\b\n" + "\n".join(f"  {line}" for line in said) + f"\n\n{codes}"

    en = [line if isinstance(line, str) else line[0] for line in lines]
    zh = [line if isinstance(line, str) else line[1] for line in lines]
    return _h(epilog("Examples:", en, EXIT_CODES), epilog("示例：", zh, _ZH_EXIT_CODES))


define(
    {
        "cli.usage.option": ("没有 {option} 这个选项{hint}", "No such option: {option}{hint}"),
        "cli.usage.options_hint": ("（可用的选项：{options}）", " (Possible options: {options})"),
        "cli.usage.command": (
            "没有 {command} 这个命令。{hint}",
            "No such command {command}.{hint}",
        ),
        "cli.usage.no_command": ("缺少命令", "Missing command."),
        "cli.usage.needs_value": ("{option} 后面缺少值", "Option {option} requires a value."),
        "cli.usage.takes_no_value": ("{option} 不带值", "Option {option} does not take a value."),
        "cli.usage.not_integer": ("{option} 的值应为整数", "{option} must be a whole number."),
        "cli.usage.not_number": ("{option} 的值应为数字", "{option} must be a number."),
        "cli.usage.invalid": ("{option} 的值无效", "Invalid value for {option}."),
        "cli.usage.missing": ("缺少 {option}", "Missing {option}."),
        "cli.usage.extra": (
            "多余的参数：{arguments}",
            "Got unexpected extra argument(s): {arguments}",
        ),
        "cli.usage.other": ("命令行有误", "The command line is not right."),
        "cli.usage.help": ("用法见 {command} --help", "See {command} --help for the usage."),
    }
)


def _usage_language(args: list[str]) -> str:
    """The language of a usage error, said before any option is taken: ``--lang`` where the
    command line has it, else the ``lang:`` of the ``-c`` config (read for this alone), else
    zh (the shipped config's)."""
    said: str | None = None
    config: str | None = None
    for i, arg in enumerate(args):
        name, eq, value = arg.partition("=")
        if not eq:
            value = args[i + 1] if i + 1 < len(args) else ""
        if name == "--lang":
            said = value
        elif name in {"-c", "--config"}:
            config = value
    if said is None and config:
        with contextlib.suppress(Exception):  # (an unreadable config is said later, if at all)
            import yaml

            loaded = yaml.safe_load(Path(config).read_text(encoding="utf-8"))
            said = str(loaded.get("lang")) if isinstance(loaded, dict) else None
    said = (said or "zh").lower()
    return said if said in {"zh", "en"} else "zh"


class _SaidUsage(UsageError):
    """A usage error of click's (an unknown option, a missing value…) said in Chinese: click
    says them in English only. In English the error is click's own, as it was."""

    def __init__(self, said: Any, ctx: Any, command: str) -> None:
        super().__init__(said.render("zh"), ctx)
        self.command = command

    def show(self, file: Any = None) -> None:
        word = msg("cli.error").render("zh")
        hint = msg("cli.usage.help", command=self.command).render("zh")
        _err_console().print(f"[red bold]{word}[/red bold]{escape(self.message)}\n{escape(hint)}")


def _in_zh(exc: Exception, ctx: Any, command: str | None = None) -> Exception:
    """*exc* (a usage error of click's) as a :class:`_SaidUsage` in the run's language — or as
    it is, in English, for help shown for want of arguments, or one said already."""
    if isinstance(exc, (_SaidUsage, NoArgsIsHelpError)) or not isinstance(exc, UsageError):
        return exc
    if _usage_language(_state.get("argv", [])) != "zh":
        return exc
    where = exc.ctx or ctx
    path = where.command_path if where is not None else "tiercli"
    if exc.ctx is None and ctx is not None and ctx.invoked_subcommand:  # (a command's option)
        path = f"{path} {ctx.invoked_subcommand}"
    text_ = exc.message
    if command is not None:
        commands = list(getattr(ctx.command, "commands", {})) if ctx is not None else []
        said = msg("cli.usage.command", command=command, hint=did_you_mean(command, commands))
    elif isinstance(exc, NoSuchOption):
        options = sorted(exc.possibilities or [])
        hint = msg("cli.usage.options_hint", options=options) if options else ""
        said = msg("cli.usage.option", option=exc.option_name, hint=hint)
    elif isinstance(exc, BadOptionUsage):
        code = "cli.usage.takes_no_value" if "does not take" in text_ else "cli.usage.needs_value"
        said = msg(code, option=exc.option_name)
    elif isinstance(exc, BadParameter):
        param = exc.param
        option = (
            exc.param_hint
            if isinstance(exc.param_hint, str)
            else next(iter(getattr(param, "opts", None) or []), getattr(param, "name", "?"))
        )
        if isinstance(exc, MissingParameter):
            said = msg("cli.usage.missing", option=option)
        elif "integer" in text_:
            said = msg("cli.usage.not_integer", option=option)
        elif "number" in text_ or "float" in text_:
            said = msg("cli.usage.not_number", option=option)
        else:
            said = msg("cli.usage.invalid", option=option)
    elif extra := re.fullmatch(r"Got unexpected extra arguments?(?:\(s\))? \((.*)\)", text_):
        said = msg("cli.usage.extra", arguments=extra.group(1))
    elif text_.startswith("Missing command"):
        said = msg("cli.usage.no_command")
    else:
        said = msg("cli.usage.other")
    return _SaidUsage(said, where, path)


# Click's own words in a Chinese help: the usage line's (and the arguments' names, which are
# the parameters'), the types of values, and what [default: …] and [required] say.
_ZH_WORDS = {"OPTIONS": "选项", "COMMAND": "命令", "ARGS": "参数", "files": "文件", "path": "路径"}
_ZH_METAVARS = {"<list[Path]>": "<文件…>", "<path>": "<路径>", "<str>": "<文本>", "<int>": "<整数>"}
_ZH_EXTRAS = {"default: ": "默认：", "required": "必填"}
_h("Show this message and exit.", "显示本帮助并退出。")  # (click's --help)

_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
# A Chinese character, a run of other non-space characters, or one with a <placeholder> or a
# [bracket] in it (<文件名>_rejects, [默认：200]), with the opening punctuation that may not end
# a line before it and the closing one that may not start a line after it; or spaces: a line
# may break between these.
_PIECES = re.compile(
    f"[（「『“‘《〈【]*(?:[^\\s{_CJK}]*(?:<[^\\s>]*>|\\[[^\\s\\]]*\\])[^\\s{_CJK}]*"
    f"|[{_CJK}]|[^\\s{_CJK}]+)"
    f"[，。、；：！？）」』”’》〉】]*|\\s+"
)


def _wrap(text_: str, width: int, first: str, rest: str) -> list[str]:
    """*text_* in lines of at most *width* terminal columns (a Chinese character takes two),
    the first after *first*, the next after *rest*; broken at spaces and between Chinese
    characters (a piece longer than a line is cut)."""
    lines: list[str] = []
    line, placed, gap = first, False, ""
    for piece in _PIECES.findall(text_):
        if piece.isspace():
            gap = piece if placed else ""
            continue
        if placed and cell_len(line + gap + piece) > width:
            lines.append(line)
            line, placed, gap = rest, False, ""
        while not placed and cell_len(line + piece) > width:
            cut = fitting(piece, width - cell_len(line))
            lines.append(line + piece[:cut])
            line, piece = rest, piece[cut:]
        line, placed, gap = line + gap + piece, True, ""
    return [*lines, line]


def _fill(text_: str, width: int, indent: str = "") -> str:
    """Click's ``wrap_text(…, preserve_paragraphs=True)`` in terminal columns: each paragraph
    (a blank line apart) rewrapped at *width*, one that starts with \\b kept as it is."""
    paragraphs = []
    for block in re.split(r"\n(?:[ \t]*\n)+", text_.expandtabs().strip("\n")):
        lines = block.splitlines()
        if lines[0].strip() == "\b":
            paragraphs.append("\n".join(indent + line for line in lines[1:]))
            continue
        pad = indent + " " * (len(lines[0]) - len(lines[0].lstrip()))
        joined = re.sub(f"(?<=[{_CJK}])\n(?=[{_CJK}])", "", "\n".join(s.strip() for s in lines))
        paragraphs.append("\n".join(_wrap(joined.replace("\n", " "), width, pad, pad)))
    return "\n\n".join(paragraphs)


class _ZhFormatter(HelpFormatter):
    """Click's help formatter for a Chinese help: widths in terminal columns (click counts a
    Chinese character as one, it takes two), Chinese text wrapped between its characters,
    headings ending in a full-width colon."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        head = f"{' ' * self.current_indent}{prefix or ''}{prog} "
        self.write("\n".join(_wrap(args, self.width, head, " " * cell_len(head))) + "\n")

    def write_heading(self, heading: str) -> None:
        self.write(f"{' ' * self.current_indent}{heading}：\n")

    def write_text(self, text: str) -> None:
        self.write(_fill(text, self.width, " " * self.current_indent) + "\n")

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        rows = list(rows)
        first_col = min(max(cell_len(first) for first, _ in rows), col_max) + col_spacing
        under = " " * (first_col + self.current_indent)
        for first, second in rows:
            self.write(" " * self.current_indent + first)
            if not second:
                self.write("\n")
                continue
            if cell_len(first) <= first_col - col_spacing:
                self.write(" " * (first_col - cell_len(first)))
            else:
                self.write("\n" + under)
            lines = _fill(second, max(self.width - first_col - 2, 10)).splitlines()
            self.write("\n".join([lines[0], *(under + line if line else "" for line in lines[1:])]))
            self.write("\n")


def _zh(en: str) -> str:
    """The Chinese of the help text *en* (as it is where none was given: a test sees to it)."""
    return _ZH_HELP.get(inspect.cleandoc(en), en)


def _zh_words(text_: str) -> str:
    return re.sub(r"[A-Za-z]+", lambda m: _ZH_WORDS.get(m.group(), m.group()), text_)


def _zh_record(param: Parameter, name: str, said: str) -> tuple[str, str]:
    """A parameter's line of the help (click's *name* and *said*, its help and then what
    click adds: ``[default: …; required]``) in Chinese."""
    own = getattr(param, "help", None) or ""
    extra = said[len(own) :].strip() if said.startswith(own) else ""
    if param.param_type_name == "argument":
        name = _zh_words(name.split(" ")[0])  # (files... — the name says what it takes)
    else:
        for en, zh in _ZH_METAVARS.items():
            name = name.replace(en, zh)
    if extra.startswith("[") and extra.endswith("]"):
        parts = extra[1:-1].split("; ")
        for en, zh in _ZH_EXTRAS.items():
            parts = [zh + part[len(en) :] if part.startswith(en) else part for part in parts]
        extra = f"[{'；'.join(parts)}]"
    return name, "  ".join(part for part in (_zh(own) if own else "", extra) if part)


def _zh_short(help_: str, room: int) -> str:
    """A command's line in the list of commands: its Chinese help's first sentence, cut to
    *room* columns."""
    first = re.split("[。：；]", _zh(help_).split("\n\n")[0], maxsplit=1)[0]
    return first if cell_len(first) <= room else first[: fitting(first, room - 1)] + "…"


def _help_in_zh(command: Command, ctx: Context) -> str:
    """*command*'s help in Chinese: click's layout (usage, help, arguments, options, commands,
    epilog), each text's Chinese from :data:`_ZH_HELP`, click's own words said in Chinese."""
    out = _ZhFormatter(width=ctx.terminal_width, max_width=ctx.max_content_width)
    pieces = [_zh_words(piece) for piece in command.collect_usage_pieces(ctx)]
    out.write_usage(ctx.command_path, " ".join(pieces), prefix="用法：")
    if command.help:
        out.write_paragraph()
        with out.indentation():
            out.write_text(_zh(command.help))
    rows: dict[str, list[tuple[str, str]]] = {"argument": [], "option": []}
    for param in command.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is not None and param.param_type_name in rows:
            rows[param.param_type_name].append(_zh_record(param, *record))
    for kind, heading in (("argument", "参数"), ("option", "选项")):
        if rows[kind]:
            with out.section(heading):
                out.write_dl(rows[kind])
    if isinstance(command, TyperGroup):
        listed = [(name, command.get_command(ctx, name)) for name in command.list_commands(ctx)]
        shown = [(name, sub) for name, sub in listed if sub is not None and not sub.hidden]
        if shown:
            room = out.width - 6 - max(len(name) for name, _ in shown)
            with out.section("命令"):
                out.write_dl([(name, _zh_short(sub.help or "", room)) for name, sub in shown])
    if command.epilog:
        out.write_paragraph()
        with out.indentation():
            out.write_text(_zh(command.epilog))
    return out.getvalue().rstrip("\n")


def _help_language() -> str:
    """The language of ``--help``: the run's, as a usage error's (the command line's
    ``--lang``, else the ``-c`` config's ``lang:``, else zh)."""
    return _usage_language(_state.get("argv", []))


class _Command(TyperCommand):
    """A tiercli command: its help in the run's language."""

    def get_help(self, ctx: Context) -> str:
        return _help_in_zh(self, ctx) if _help_language() == "zh" else super().get_help(ctx)


class _Group(TyperGroup):
    """tiercli's command group: its help and click's usage errors in the run's language."""

    def get_help(self, ctx: Context) -> str:
        return _help_in_zh(self, ctx) if _help_language() == "zh" else super().get_help(ctx)

    def make_context(
        self, info_name: Any, args: list[str], parent: Any = None, **extra: Any
    ) -> Any:
        _state["argv"] = list(args)
        try:
            return super().make_context(info_name, args, parent, **extra)
        except UsageError as exc:
            raise _in_zh(exc, None) from None

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        try:
            return super().resolve_command(ctx, args)
        except UsageError as exc:
            unknown = args[0] if args and self.get_command(ctx, args[0]) is None else None
            if unknown is not None and unknown.startswith("-"):
                unknown = None  # (an option where a command was wanted: said as an option)
            raise _in_zh(exc, ctx, unknown) from None

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            raise _in_zh(exc, ctx) from None


app = typer.Typer(
    cls=_Group,
    name="tiercli",
    help=_h(
        "Customer tiers from a foreign-trade team's customer, order and inquiry exports and "
        "follow-up records (CSV/Excel, Chinese or English headers).",
        "根据外贸团队导出的客户、订单、询盘和跟进记录（CSV 或表格文件，中文或英文表头）给客户分级。",
    ),  # (the exit codes close the epilog, after the example)
    epilog=_examples("tiercli segment orders.xlsx"),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
_state: dict[str, Any] = {"debug": False, "lang": "zh"}  # (the language errors are shown in)


class _Console(Console):
    """A Console that treats a closed pipe as "stop quietly" (rich exits 1 by default)."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError


def _err_console(wrap: bool = False) -> Console:
    """The console on stderr: an error as one line the terminal wraps (a path in it stays
    whole to copy), or with *wrap* a summary wrapped at words like stdout's."""
    return _Console(stderr=True, highlight=False, soft_wrap=not wrap)


@contextlib.contextmanager
def _reporting(lang: str | None = None) -> Iterator[None]:
    """Turn library errors into ``Error: …`` and exit 2; anything else is a bug (exit 1).

    Said in the run's language: *lang* (the ``--lang`` option) until the config is read, then
    the one :func:`_language` chose (with neither, the shipped config's: zh). A command's
    *lang* is the ``--lang`` before the command where it has none of its own."""
    lang = lang or _state.get("group_lang")
    _state["lang"] = lang.lower() if lang and lang.lower() in {"zh", "en"} else "zh"
    try:
        yield
    except TiercliError as exc:
        said = _state["lang"]
        word = msg("cli.error").render(said)
        gap = "" if said == "zh" else " "  # (错误：… after a full-width colon)
        _err_console().print(f"[red bold]{word}[/red bold]{gap}{escape(exc.render(said))}")
        raise typer.Exit(exc.exit_code) from None
    except (typer.Exit, typer.Abort):
        raise
    except KeyboardInterrupt:
        # Ctrl-C is the user's choice, not a bug: an output being written was left as it was.
        _err_console().print(msg("cli.interrupted").render(_state["lang"]))
        raise typer.Exit(130) from None
    except BrokenPipeError:
        # The reader of our output went away (``tiercli segment … | head -1``): the files are
        # written; stop quietly, and keep Python from complaining when it flushes stdout.
        _silence_stdout()
        raise typer.Exit(0) from None
    except Exception as exc:
        if _state["debug"]:
            raise
        error = f"{type(exc).__name__}: {exc}"
        said = msg("cli.unexpected", error=error).render(_state["lang"])
        head, rest = said.split(error, 1)  # (the heading in red, the error as it is)
        _err_console().print(f"[red bold]{escape(head)}[/red bold]{escape(error)}{escape(rest)}")
        raise typer.Exit(1) from None


def _silence_stdout() -> None:
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"tiercli {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    debug: Annotated[
        bool,
        typer.Option(
            "--debug", help=_h("Show tracebacks of unexpected errors.", "意外错误时显示调用栈。")
        ),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help=_h("Show the version.", "显示版本号。"),
        ),
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help=_h(
                "Language of this help and of the command: zh or en (the command's own --lang "
                "comes first).",
                "本帮助和所运行命令的语言：zh 或 en（以命令自己的 --lang 为准）。",
            ),
        ),
    ] = None,
) -> None:
    _state["debug"] = debug
    _state["group_lang"] = lang  # (tiercli --lang en segment …: the command's, unless it has one)


def _parse_date(value: str | None, option: str = "--as-of") -> dt.date | None:
    if value is None:
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(msg("cli.not_a_date", option=option, value=value)) from None
    if not dt.date(1900, 1, 1) <= day <= dt.date(2200, 12, 31):
        raise InputError(msg("cli.date_range", option=option, value=value))
    return day


FilesArg = Annotated[
    list[Path] | None,
    typer.Argument(
        help=_h(
            "Export files: a workbook with 订单/客户/询盘/跟进记录 (orders/customers/"
            "inquiries/follow-ups) sheets, or CSV/Excel/Parquet files whose tables are told "
            "apart by their columns.",
            "导出文件：含 订单/客户/询盘/跟进记录 工作表的工作簿，或 CSV、表格、列式文件"
            "（.parquet），每个文件是哪种表由它的列判断。",
        ),
        readable=False,
    ),
]
OrdersOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--orders",
        help=_h("An order export (repeatable).", "订单导出文件（可重复给出）。"),
        readable=False,
    ),
]
CustomersOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--customers",
        help=_h("A customer list export (repeatable).", "客户名单导出文件（可重复给出）。"),
        readable=False,
    ),
]
InquiriesOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--inquiries",
        help=_h("An inquiry export (repeatable).", "询盘导出文件（可重复给出）。"),
        readable=False,
    ),
]
ActivitiesOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--activities",
        help=_h(
            "Follow-up records (跟进记录: date, customer, type, direction, outcome, "
            "salesperson) (repeatable).",
            "跟进记录（日期、客户、跟进方式、方向、结果、业务员）（可重复给出）。",
        ),
        readable=False,
    ),
]
ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config",
        "-c",
        help=_h(
            "YAML config (tiercli init writes one).", "YAML 配置文件（可用 tiercli init 生成）。"
        ),
        readable=False,
    ),
]
LangOpt = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help=_h(
            "Labels in zh or en (default: config lang).",
            "标签和输出的语言：zh 或 en（默认按配置文件）。",
        ),
    ),
]
PseudonymiseOpt = Annotated[
    bool,
    typer.Option(
        "--pseudonymise",
        help=_h(
            "Replace customer ids, names, e-mails and phones with keyed pseudonyms in every "
            "output (key: TIERCLI_PSEUDONYM_KEY or --key-file).",
            "在所有输出中用带密钥的化名替换客户编号、名称、邮箱和电话"
            "（密钥：TIERCLI_PSEUDONYM_KEY 或 --key-file）。",
        ),
    ),
]
KeyFileOpt = Annotated[
    Path | None,
    typer.Option(
        "--key-file",
        help=_h(
            "File holding the pseudonym key (with --pseudonymise).",
            "存放化名密钥的文件（与 --pseudonymise 一起使用）。",
        ),
        readable=False,
    ),
]
QuietOpt = Annotated[
    bool,
    typer.Option(
        "--quiet",
        "-q",
        help=_h("Print only errors and the result asked for.", "只输出错误和所要求的结果。"),
    ),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help=_h(
            "Tier as of this date (YYYY-MM-DD); later orders are left out. "
            "Default: the latest order date.",
            "按这一天分级（截止日期，YYYY-MM-DD），晚于它的订单不参与计算。"
            "默认：数据中最晚的订单日期。",
        ),
    ),
]


@app.command(
    cls=_Command,
    epilog=_examples(
        "tiercli segment sample_data/trade_export.xlsx",
        "tiercli segment --orders orders.csv --customers customers.csv -o tiers.xlsx",
        "tiercli segment orders.xlsx --as-of 2026-10-31 --json > summary.json",
        "tiercli segment orders.xlsx --as-of 2026-11-30 --history /srv/tiers/",
        "tiercli segment orders.xlsx --activities follow_ups.csv --owner 王芳",
    ),
)
@_zh_doc(
    "给客户分级，写出工作簿（或 CSV/列式文件）并显示摘要。\n\n"
    "同一买家的不同写法（编号 C001 / c001 / C-001，名称带或不带“有限公司”之类的公司类型词，"
    "相同的企业邮箱或电话）按配置中 identity 一节的设置合并为一个客户；“合并”表列出已合并和"
    "建议合并的客户对，identity.merges 指定记录合并 / 拆分 / 保留决定的 CSV 文件。"
)
def segment(
    files: FilesArg = None,
    orders: OrdersOpt = None,
    customers: CustomersOpt = None,
    inquiries: InquiriesOpt = None,
    activities: ActivitiesOpt = None,
    config: ConfigOpt = None,
    as_of: AsOfOpt = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help=_h(
                "Output file: .xlsx (workbook, default "
                "tiers_<as-of>.xlsx) or .csv/.parquet (customer table + <stem>_rejects).",
                "输出文件：.xlsx（工作簿，默认 tiers_<as-of>.xlsx）或 .csv/.parquet"
                "（客户表，另有拒收明细 <文件名>_rejects）。",
            ),
            readable=False,
        ),
    ] = None,
    previous: Annotated[
        Path | None,
        typer.Option(
            "--previous",
            help=_h(
                "Last run's workbook (or customer table): adds each "
                "customer's previous tier, its movement and a Migration sheet.",
                "上期结果的工作簿（或客户表）：为每位客户加上上期等级和等级变化，"
                "并加一张“等级迁移”表。",
            ),
            readable=False,
        ),
    ] = None,
    history: Annotated[
        Path | None,
        typer.Option(
            "--history",
            help=_h(
                "Folder of earlier runs (tiers_<date>.xlsx): compares "
                "with the newest one before --as-of.",
                "存放历次结果（tiers_<日期>.xlsx）的文件夹：与截止日期（--as-of）之前最近的"
                "一次对比。",
            ),
            readable=False,
        ),
    ] = None,
    lang: LangOpt = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help=_h(
                "Print one JSON summary on stdout; the rest on stderr.",
                "在标准输出打印一个 JSON 摘要，其余内容写到标准错误。",
            ),
        ),
    ] = False,
    quiet: QuietOpt = False,
    pseudonymise: PseudonymiseOpt = False,
    key_file: KeyFileOpt = None,
    pseudonym_map: Annotated[
        Path | None,
        typer.Option(
            "--pseudonym-map",
            help=_h(
                "Also write original → pseudonym to this CSV (keep it private).",
                "另把“原值 → 化名”对照表写到这个 CSV 文件（请妥善保管，勿外传）。",
            ),
            readable=False,
        ),
    ] = None,
    owner: Annotated[
        str | None,
        typer.Option(
            "--owner",
            help=_h(
                "Only this salesperson's customers in the outputs (业务员; scores still use "
                "all data).",
                "输出中只保留这位业务员的客户（评分仍用全部数据）。",
            ),
        ),
    ] = None,
    profile: Annotated[
        bool,
        typer.Option(
            "--profile",
            help=_h(
                "Print each stage's time and peak memory on stderr (also TIERCLI_PROFILE=1); "
                "steps run in parallel are marked so.",
                "在标准错误打印每个阶段的耗时和内存峰值（也可设 TIERCLI_PROFILE=1）；"
                "并行运行的步骤会注明。",
            ),
        ),
    ] = False,
) -> None:
    """Segment customers and write the workbook (or CSV/Parquet) and a summary.

    Spellings of one buyer (ids C001 / c001 / C-001, names with or without Co., Ltd., the same
    company e-mail or phone) become one customer as the identity: section of the config says;
    the Merges sheet lists merged and proposed pairs, and identity.merges names your CSV of
    merge / split / keep decisions."""
    with _reporting(lang):
        from tiercli.config import load_config
        from tiercli.profile import Profile
        from tiercli.pseudonym import load_key
        from tiercli.report import write
        from tiercli.report.atomic import refuse_inputs
        from tiercli.report.pseudonym import pseudonymise as pseudonymised
        from tiercli.report.pseudonym import write_mapping
        from tiercli.report.terminal import progress, render_summary

        timer = Profile()
        inputs: list[Path | None] = [*(files or []), *(orders or []), *(customers or [])]
        inputs += [*(inquiries or []), *(activities or []), config, previous]
        if output is not None:
            refuse_inputs(_outputs(output), inputs, "-o")
        if (key_file or pseudonym_map) and not pseudonymise:
            raise InputError(msg("cli.pseudonymise_options"))
        key = load_key(key_file) if pseudonymise else None
        if pseudonym_map is not None:  # (nor the key it is made with)
            refuse_inputs([pseudonym_map], [*inputs, key_file], "--pseudonym-map")
            if output is not None:
                _apart(pseudonym_map, _outputs(output))
        cfg = load_config(config)
        language = _language(lang, cfg.lang)
        if previous is not None and history is not None:
            raise InputError(msg("cli.previous_or_history"))
        err = _err_console(wrap=True)
        with progress(err, msg("cli.reading").render(language), enabled=not quiet):
            result = _run(
                cfg,
                files,
                orders,
                customers,
                inquiries,
                as_of,
                activities=activities,
                owner=owner,
                previous=previous,
                history=history,
                pseudonym_key=key,
                profile=timer,
            )
        target = output or Path(f"tiers_{result.as_of.isoformat()}.xlsx")
        chosen = Path(result.migration.source) if result.migration is not None else None
        refuse_inputs(_outputs(target), [*inputs, chosen], "-o" if output else "output")
        _fits_a_workbook(result, target)
        if key is not None:
            result, names = pseudonymised(result, key)
            if pseudonym_map is not None:
                _apart(pseudonym_map, _outputs(target))
                write_mapping(names, pseudonym_map)
        with (
            progress(err, msg("cli.writing", path=str(target)).render(language), enabled=not quiet),
            timer.stage("write"),
        ):
            written = write(result, target, language)
        if profile or os.environ.get("TIERCLI_PROFILE", "") not in {"", "0"}:
            for line in timer.messages():
                err.print(escape(line.render(language)), highlight=False)
        if as_json:
            summary = result.summary(language) | {"outputs": [str(p) for p in written]}
            sys.stdout.write(json.dumps(summary, ensure_ascii=False, default=str) + "\n")
        if not quiet:
            console = _err_console(wrap=True) if as_json else _Console(highlight=False)
            render_summary(result, console, language, written)


def _run(
    cfg: Config,
    files: list[Path] | None,
    orders: list[Path] | None,
    customers: list[Path] | None,
    inquiries: list[Path] | None,
    as_of: str | None,
    activities: list[Path] | None = None,
    **more: Any,
) -> SegmentationResult:
    """The library's segment() with the options every command shares."""
    from tiercli.pipeline import segment as run_segment

    return run_segment(
        list(files or []),
        cfg,
        orders=orders,
        customers=customers,
        inquiries=inquiries,
        activities=activities,
        as_of=_parse_date(as_of),
        **more,
    )


def _language(lang: str | None, default: str) -> str:
    """The run's language: *lang* (the command's ``--lang``, else the one before the command),
    else the config's *default*; errors from here on are said in it."""
    lang = lang or _state.get("group_lang")
    chosen = (lang or default).lower()
    if chosen not in {"zh", "en"}:
        raise InputError(msg("cli.bad_lang", lang=lang))
    _state["lang"] = chosen
    return chosen


_OBJECTIVES = Both("capture 或 spearman", "capture or spearman")


def _apart(mapping: Path, outputs: list[Path]) -> None:
    """``--pseudonym-map`` may not name a file the run writes besides it (the one would
    replace the other)."""
    for out in outputs:
        if mapping.resolve() == out.resolve():
            raise InputError(msg("cli.map_is_output", path=str(mapping)))


def _outputs(target: Path) -> list[Path]:
    """The files ``-o target`` writes (checked before anything is read)."""
    from tiercli.report import outputs

    return outputs(target)


EXCEL_ROWS = 1_048_576


def _fits_a_workbook(result: SegmentationResult, target: Path) -> None:
    """An .xlsx output whose sheets would pass Excel's row limit is refused (exit 2)."""
    if target.suffix.lower() != ".xlsx":
        return
    longest = max(len(result.customers), len(result.rejects))
    if longest >= EXCEL_ROWS:
        raise InputError(
            msg("cli.too_many_rows", target=str(target), rows=longest, limit=EXCEL_ROWS,
                parquet=str(target.with_suffix(".parquet")))
        )  # fmt: skip


@app.command(
    cls=_Command,
    epilog=_examples(
        "tiercli validate -c my.yaml",
        "tiercli validate sample_data/trade_export.xlsx -c my.yaml",
    ),
)
@_zh_doc("检查配置（给出文件时也检查输入）：运行每一步，但不写入任何文件。")
def validate(
    files: FilesArg = None,
    orders: OrdersOpt = None,
    customers: CustomersOpt = None,
    inquiries: InquiriesOpt = None,
    activities: ActivitiesOpt = None,
    config: ConfigOpt = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help=_h(
                "Print the check (and the inputs' summary) as JSON.",
                "以 JSON 格式打印检查结果（及输入摘要）。",
            ),
        ),
    ] = False,
    quiet: QuietOpt = False,
) -> None:
    """Check the config and, if given, the inputs, running every step but writing nothing."""
    with _reporting(lang):
        from tiercli.classifiers.registry import plan
        from tiercli.config import load_config
        from tiercli.report.terminal import render_rows_to_fix, render_summary

        cfg = load_config(config)
        language = _language(lang, cfg.lang)
        plan(cfg)
        console = _err_console(wrap=True) if as_json else _Console(highlight=False)
        console.quiet = quiet
        where = str(config) if config else text("default_config", language)
        console.print(escape(msg("cli.config_ok", path=where).render(language)))
        payload: dict[str, object] = {"config": where, "config_ok": True}
        if files or orders or customers or inquiries or activities:
            result = _run(cfg, files, orders, customers, inquiries, as_of, activities)
            render_summary(result, console, language)
            errors = render_rows_to_fix(result, console, language)
            done = "cli.inputs_to_fix" if errors else "cli.inputs_ok"
            console.print(msg(done, n=errors).render(language))
            payload["summary"] = result.summary(language)
        if as_json:
            sys.stdout.write(json.dumps(payload, ensure_ascii=False, default=str) + "\n")


@app.command(
    cls=_Command,
    epilog=_examples(
        "tiercli explain sample_data/trade_export.xlsx --customer C00042",
        (
            'tiercli explain orders.xlsx --customer "Nordic Pump" --json',
            'tiercli explain orders.xlsx --customer "北欧泵业" --json',
        ),
    ),
)
@_zh_doc(
    "说明某位客户为何得到这些分数和分类：列出每项指标、权重和规则，以及合并成该客户的原始编号"
    "和名称。"
)
def explain(
    files: FilesArg = None,
    customer: Annotated[
        str,
        typer.Option(
            "--customer",
            help=_h(
                "Customer id (as the run compares ids: c00042, C-00042 and C00042 are one; a "
                "source id merged into it works too), or (part of) its name.",
                "客户编号（按本次运行比较编号的方式：c00042、C-00042 和 C00042 是同一个；"
                "合并进来的原始编号也可以），或客户名称（可只写一部分）。",
            ),
        ),
    ] = "",
    orders: OrdersOpt = None,
    customers: CustomersOpt = None,
    inquiries: InquiriesOpt = None,
    activities: ActivitiesOpt = None,
    config: ConfigOpt = None,
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
    as_json: Annotated[
        bool,
        typer.Option("--json", help=_h("Print the explanation as JSON.", "以 JSON 格式打印说明。")),
    ] = False,
    quiet: QuietOpt = False,
    pseudonymise: PseudonymiseOpt = False,
    key_file: KeyFileOpt = None,
) -> None:
    """Show why one customer got its scores and labels: every metric, weight and rule, and
    the source ids and names it was built from."""
    with _reporting(lang):
        from tiercli.config import load_config
        from tiercli.explain import explain_customer
        from tiercli.pseudonym import load_key
        from tiercli.report.explanation import render_explanation
        from tiercli.report.pseudonym import pseudonymise_explanation

        if not customer:
            raise InputError(msg("cli.customer_required"))
        key = load_key(key_file) if pseudonymise else None
        cfg = load_config(config)
        language = _language(lang, cfg.lang)
        result = _run(cfg, files, orders, customers, inquiries, as_of, activities)
        data = explain_customer(result, customer)
        if key is not None:
            data = pseudonymise_explanation(data, key)
        if as_json:
            payload = data.as_dict(language)
            sys.stdout.write(json.dumps(payload, ensure_ascii=False, default=str) + "\n")
        else:
            console = _Console(highlight=False)
            render_explanation(data, console, language)


@app.command(
    cls=_Command,
    epilog=_examples(
        "tiercli backtest sample_data/trade_export.xlsx --cutoff 2025-10-31 --horizon 365",
        "tiercli backtest orders.xlsx --cutoff 2025-12-31 --horizon 180 -c a.yaml -c b.yaml",
    ),
)
@_zh_doc(
    "检验客户等级有没有预测力：按 --cutoff 当天分级，再衡量之后 --horizon 天的表现（各等级"
    "占后续销售额的比例、最高等级提升倍数、秩相关、留存；各种排序的秩相关和前 20% 客户占后续"
    "销售额的比例；按十分位的校准）。"
)
def backtest(
    files: FilesArg = None,
    cutoff: Annotated[
        str,
        typer.Option(
            "--cutoff",
            help=_h(
                "Tier as of this date (YYYY-MM-DD), using only earlier orders.",
                "按这一天（截止日，YYYY-MM-DD）分级，只用此前的订单。",
            ),
        ),
    ] = "",
    horizon: Annotated[
        int,
        typer.Option(
            "--horizon", help=_h("Days after the cut-off to measure.", "截止日之后观察的天数。")
        ),
    ] = 365,
    orders: OrdersOpt = None,
    customers: CustomersOpt = None,
    inquiries: InquiriesOpt = None,
    activities: ActivitiesOpt = None,
    config: Annotated[
        list[Path] | None,
        typer.Option(
            "--config",
            "-c",
            help=_h(
                "Config(s) to compare (repeatable; default: the built-in one).",
                "要对比的配置文件（可重复给出；默认：内置默认配置）。",
            ),
            readable=False,
        ),
    ] = None,
    lang: LangOpt = None,
    as_json: Annotated[
        bool,
        typer.Option("--json", help=_h("Print the results as JSON.", "以 JSON 格式打印结果。")),
    ] = False,
    quiet: QuietOpt = False,
    cutoffs: Annotated[
        int,
        typer.Option(
            "--cutoffs",
            help=_h(
                "Rolling origin: also test at --cutoff minus 1, 2 … (N-1) horizons; "
                "mean and spread per ranking.",
                "滚动检验：另在 --cutoff 往前 1、2 … (N-1) 个观察期处检验；给出各种排序的均值"
                "和离散程度。",
            ),
        ),
    ] = 1,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help=_h(
                "Also write a workbook (.xlsx) with the capture curve.",
                "另写一个含累计捕获曲线的工作簿（.xlsx）。",
            ),
            readable=False,
        ),
    ] = None,
) -> None:
    """Check whether the tiers predict anything: tier as of --cutoff, then measure the next
    --horizon days (revenue captured per tier, top-tier lift, rank correlation, retention;
    each ranking's Spearman and top-20% capture; calibration per decile)."""
    with _reporting(lang):
        from tiercli.backtest import backtest as run_backtest
        from tiercli.config import load_config

        paths = list(config or [None])  # type: ignore[list-item]
        loaded = [(p, load_config(p)) for p in paths]
        language = _language(lang, loaded[0][1].lang)  # (the errors below are said in it)
        if not cutoff:
            raise InputError(msg("cli.cutoff_required", example="2025-10-31"))
        day = _parse_date(cutoff, "--cutoff")
        assert day is not None
        if horizon > 36_500:  # the library refuses 0 and less
            raise InputError(msg("cli.horizon", horizon=horizon))
        if output is not None:  # (never an input: checked before anything is read)
            from tiercli.report.atomic import refuse_inputs

            sources = [*(files or []), *(orders or []), *(customers or []), *(inquiries or [])]
            refuse_inputs([output], [*sources, *(activities or []), *(config or [])], "-o")
        builtin = text(
            "default_config", language
        )  # the built-in config, named in the reader's language
        configs = [(str(p) if p else builtin, cfg) for p, cfg in loaded]
        results = run_backtest(
            list(files or []),
            configs,
            day,
            horizon,
            orders=orders,
            customers=customers,
            inquiries=inquiries,
            activities=activities,
            cutoffs=cutoffs,
        )
        _backtest_outputs(results, day, horizon, language, as_json, output, quiet)


def _backtest_outputs(
    results: list,
    day: dt.date,
    horizon: int,
    language: str,
    as_json: bool,
    output: Path | None,
    quiet: bool,
) -> None:
    """Terminal or --json, and the optional workbook (issue 12)."""
    from tiercli.report.backtest_report import payload, render_rankings, write_workbook
    from tiercli.report.terminal import render_backtest

    if output is not None:
        if output.suffix.lower() != ".xlsx":
            raise InputError(msg("cli.backtest_xlsx", output=str(output), suffix=".xlsx"))
        write_workbook(results, output, language)
    if as_json:
        document = payload(results, day.isoformat(), horizon)
        sys.stdout.write(json.dumps(document, ensure_ascii=False) + "\n")
    else:
        console = _Console(highlight=False)
        render_backtest(results, console, language, day.isoformat(), horizon, warn=not quiet)
        render_rankings(results, console, language)
        if output is not None and not quiet:
            console.print(f"→ {escape(str(output))}")


@app.command(
    cls=_Command,
    epilog=_examples(
        "tiercli tune sample_data/trade_export.xlsx --cutoff 2024-10-31 --horizon 365 -o t.yaml",
        "tiercli tune orders.csv --cutoff 2011-06-11 --horizon 90 -o tuned.yaml",
    ),
)
@_zh_doc(
    "用历史数据调优评分权重（加 --tiers 时也调优分层线）：在 --cutoff 处搜索，在更晚的截止日"
    "检验，只有样本外表现不差于原配置时才写出调优后的配置。"
)
def tune(
    files: FilesArg = None,
    cutoff: Annotated[
        str,
        typer.Option(
            "--cutoff",
            help=_h(
                "Search the weights as of this date (YYYY-MM-DD).",
                "在这一天（截止日，YYYY-MM-DD）搜索权重。",
            ),
        ),
    ] = "",
    horizon: Annotated[
        int,
        typer.Option(
            "--horizon",
            help=_h("Days after each cut-off to measure.", "每个截止日之后观察的天数。"),
        ),
    ] = 365,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help=_h("Where to write the tuned YAML.", "调优后的 YAML 配置写到哪里。"),
            readable=False,
        ),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            "-c",
            help=_h(
                "Base config (default: built-in).", "作为起点的配置文件（默认：内置默认配置）。"
            ),
            readable=False,
        ),
    ] = None,
    validate: Annotated[
        str,
        typer.Option(
            "--validate",
            help=_h(
                "Check on this later cut-off (default: --cutoff + --horizon).",
                "在这个更晚的截止日检验（默认：--cutoff + --horizon）。",
            ),
        ),
    ] = "",
    objective: Annotated[
        str,
        typer.Option(
            "--objective",
            help=_h(
                "capture (top-20% share) or spearman.",
                "capture（前 20% 客户占后续销售额的比例）或 spearman（秩相关）。",
            ),
        ),
    ] = "capture",
    budget: Annotated[
        int,
        typer.Option(
            "--budget",
            help=_h(
                "Weight sets to try (each re-scores, ~0.05 s).",
                "要尝试的权重组数（每组重新评分一次，约 0.05 秒）。",
            ),
        ),
    ] = 200,
    seed: Annotated[
        int, typer.Option("--seed", help=_h("Random seed of the search.", "搜索的随机种子。"))
    ] = 12,
    tiers: Annotated[
        bool,
        typer.Option(
            "--tiers",
            help=_h(
                "Also tune the tier cut-offs (shares or min scores) for the best separation.",
                "同时调优分层线（占比或最低分），使各等级区分得最好。",
            ),
        ),
    ] = False,
    orders: OrdersOpt = None,
    customers: CustomersOpt = None,
    inquiries: InquiriesOpt = None,
    activities: ActivitiesOpt = None,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Tune the scoring weights (and with --tiers the tier cut-offs) on your history: search on
    --cutoff, check on a later cut-off, and write the tuned config only if it does at least as
    well out of sample."""
    with _reporting(lang):
        _tune(
            files, cutoff, horizon, output, config, validate, objective, budget, seed,
            orders, customers, inquiries, lang, quiet, tiers, activities,
        )  # fmt: skip


def _tune(
    files: list[Path] | None,
    cutoff: str,
    horizon: int,
    output: Path | None,
    config: Path | None,
    validate: str,
    objective: str,
    budget: int,
    seed: int,
    orders: list[Path] | None,
    customers: list[Path] | None,
    inquiries: list[Path] | None,
    lang: str | None,
    quiet: bool = False,
    tiers: bool = False,
    activities: list[Path] | None = None,
) -> None:
    from rich.progress import Progress

    from tiercli.config import load_config
    from tiercli.report.atomic import atomic_path, refuse_inputs
    from tiercli.report.terminal import hanging
    from tiercli.tune import tune as run_tune
    from tiercli.tune import tuned_yaml, verdict

    base = load_config(config)
    language = _language(lang, base.lang)  # (the errors below are said in it)
    if not cutoff:
        raise InputError(msg("cli.cutoff_required", example="2024-10-31"))
    if output is None:
        raise InputError(msg("cli.tune_output_required"))
    if objective not in ("capture", "spearman"):
        raise InputError(msg("cli.objective", objective=repr(objective), choices=_OBJECTIVES))
    if horizon > 36_500:
        raise InputError(msg("cli.horizon", horizon=horizon))
    # the tuned YAML never replaces an export or the config it starts from
    given = [*(files or []), *(orders or []), *(customers or []), *(inquiries or [])]
    refuse_inputs([output], [*given, *(activities or []), config], "-o")
    day = _parse_date(cutoff, "--cutoff")
    later = _parse_date(validate, "--validate") if validate else None
    assert day is not None
    console = _Console(highlight=False, quiet=quiet)
    with Progress(console=console, transient=True, disable=quiet or not console.is_terminal) as bar:
        task = bar.add_task(msg("tune.progress").render(language), total=budget)
        result = run_tune(
            list(files or []),
            base,
            day,
            horizon,
            validate=later,
            objective=objective,  # type: ignore[arg-type]
            budget=budget,
            seed=seed,
            orders=orders,
            customers=customers,
            inquiries=inquiries,
            activities=activities,
            tick=lambda done, _total: bar.update(task, completed=done),
            tiers=tiers,
        )
    if result.writes:
        base_text = config.read_text(encoding="utf-8") if config else None
        sources = [str(p) for p in [*(files or []), *(orders or []), *(customers or [])]]
        text_out = tuned_yaml(result, base_text, sources, base.scoring)
        with atomic_path(output) as tmp:
            tmp.write_text(text_out, encoding="utf-8")
    say = verdict(result, str(output))
    for line in say:  # (each wrapped to the terminal, Chinese between its characters)
        hanging(console, "", line.render(language))


@app.command(
    cls=_Command,
    epilog=_examples(
        (
            "tiercli init                # writes tiercli.yaml",
            "tiercli init                # 写出 tiercli.yaml",
        ),
        "tiercli init my.yaml --force",
    ),
)
@_zh_doc("写出带注释的默认配置，修改后用 -c 指定。")
def init(
    path: Annotated[
        Path,
        typer.Argument(help=_h("Where to write the config.", "配置写到哪里。"), readable=False),
    ] = Path("tiercli.yaml"),
    force: Annotated[
        bool, typer.Option("--force", help=_h("Overwrite an existing file.", "覆盖已存在的文件。"))
    ] = False,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Write the commented default config, to edit and pass with -c."""
    with _reporting(lang):
        from tiercli.config import default_config_text
        from tiercli.report.atomic import atomic_path

        if path.is_dir():
            raise InputError(
                msg("cli.init_folder", path=str(path), example=str(path / "tiercli.yaml"))
            )
        if path.exists() and not force:
            raise InputError(msg("cli.init_exists", path=str(path)))
        with atomic_path(path) as tmp:
            tmp.write_text(default_config_text(), encoding="utf-8")
        line = msg("cli.wrote_config", path=str(path)).render(_language(lang, "zh"))
        _Console(highlight=False, quiet=quiet).print(escape(line))


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
