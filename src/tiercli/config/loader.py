"""Load and validate the YAML config; turn pydantic errors into messages with YAML paths."""

from __future__ import annotations

import copy
import datetime as dt
import re
import typing
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from tiercli.catalogue import Both, Message, define, msg
from tiercli.config.models import Config
from tiercli.config.shipped import shipped_yaml
from tiercli.errors import ConfigError, Invalid, Said, did_you_mean

_SUBPATH = re.compile(r"^[a-z_]+( -> [a-z_]+)*: ")
_UNION_TAG = re.compile(r"[\[(]|^function-|^(?:float|int|str|bool|date|none)$")

MESSAGES = {
    "config.folder": (
        "配置 {path} 是一个文件夹{held}；请给出其中的 YAML 文件，例如 -c {example}",
        "config {path} is a folder{held}; give the YAML file, e.g. -c {example}",
    ),
    "config.folder_holds": ("（其中有 {names}）", " (it holds {names})"),
    "config.not_found": (
        "找不到配置文件：{path}。可用此命令生成：tiercli init {path}",
        "config file not found: {path}. Create one with: tiercli init {path}",
    ),
    "config.not_yaml": (
        "{path}：不是有效的 YAML{where}：{problem}",
        "{path}: not valid YAML{where}: {problem}",
    ),
    "config.yaml_where": ("（第 {line} 行，第 {column} 列）", " (line {line}, column {column})"),
    "config.not_utf8": (
        "{path}：不是 UTF-8 文本；请把配置另存为 UTF-8",
        "{path}: not UTF-8 text; save the config as UTF-8",
    ),
    "config.bad_date_in": ("{path}：{problem}", "{path}: {problem}"),
    "config.bad_date": (
        "不是日期（第 {line} 行，第 {column} 列）：{key}: {value}（{error}）；请写成真实存在的日期 YYYY-MM-DD",
        "not a date (line {line}, column {column}): {key}: {value} ({error}); write a real date "
        "as YYYY-MM-DD",
    ),
    "config.bad_date_somewhere": (
        "有一个值不是日期：{error}；日期请写成 YYYY-MM-DD",
        "a value is not a date: {error}; write dates as YYYY-MM-DD",
    ),
    "config.not_mapping": (
        "{path}：最外层必须是各部分的映射（键: 值），读到的是 {found}",
        "{path}: the top level must be a mapping of sections, got {found}",
    ),
    "config.not_a_config": (
        "这不像 tiercli 的配置文件（配置用 -c 给出；数据文件直接写在命令后面）。新建配置：tiercli init {example}",
        "this does not look like a tiercli config (-c takes the config; data files go after "
        "the command). Write one with: tiercli init {example}",
    ),
    "config.invalid": ("{source}：配置无效", "{source}: invalid config"),
    "config.unknown_key": (
        "{where}中没有配置项“{key}”。{hint}",
        "Unknown config key '{key}' in {where}.{hint}",
    ),
    "config.allowed_here": ("此处可用：{allowed}。", " Allowed here: {allowed}."),
    "config.at": ("{path}：{problem}{found}", "{path}: {problem}{found}"),
    "config.at_key": ("{path} -> {problem}", "{path} -> {problem}"),
    "config.nested": ("{at}：{problem}", "{at}: {problem}"),
    "config.found": ("（读到：{found}）", " (found: {found})"),
    # pydantic's checks, by their type (the English is pydantic's own)
    "config.missing": ("缺少此项", "Field required"),
    "config.int": ("应为整数", "Input should be a valid integer"),
    "config.int_fraction": (
        "应为整数，读到的数有小数部分",
        "Input should be a valid integer, got a number with a fractional part",
    ),
    "config.number": ("应为数字", "Input should be a valid number"),
    "config.finite": ("应为有限的数", "Input should be a finite number"),
    "config.bool": ("应为 true 或 false", "Input should be a valid boolean"),
    "config.text": ("应为文字", "Input should be a valid string"),
    "config.mapping": ("应为映射（键: 值）", "Input should be a valid dictionary"),
    "config.list": ("应为列表", "Input should be a valid list"),
    "config.date": ("应为日期 YYYY-MM-DD", "Input should be a valid date"),
    "config.ge": ("应大于或等于 {limit}", "Input should be greater than or equal to {limit}"),
    "config.gt": ("应大于 {limit}", "Input should be greater than {limit}"),
    "config.le": ("应小于或等于 {limit}", "Input should be less than or equal to {limit}"),
    "config.lt": ("应小于 {limit}", "Input should be less than {limit}"),
    "config.one_of": ("应为以下之一：{expected}", "Input should be {expected}"),
    "config.too_short": ("至少应有 {n} 项", "should have at least {n} item(s)"),
    "config.too_long": ("至多应有 {n} 项", "should have at most {n} item(s)"),
    "config.other": ("{text}", "{text}"),
    "config.pattern": (
        "格式不对：只能用小写字母、数字和下划线，以字母开头",
        "String should match the pattern",
    ),
}
define(MESSAGES)

# What PyYAML says (its ``problem``, by how it starts) in Chinese; in English as it says it.
_YAML_PROBLEMS = (
    ("mapping values are not allowed here", "此处不能有“键: 值”（冒号后少了空格，或缩进不对？）"),
    ("found character '\\t'", "制表符不能用于缩进，请改用空格"),
    ("found character", "此处有不能出现的字符"),
    ("found unexpected end of stream", "文件在引号闭合之前就结束了"),
    ("could not find expected ':'", "找不到应有的冒号“:”"),
    ("expected ',' or ']'", "方括号 [ ] 没有闭合"),
    ("expected ',' or '}'", "花括号 { } 没有闭合"),
    ("expected <block end>", "缩进不一致"),
    ("found undefined alias", "引用了未定义的别名（*）"),
    ("found duplicate anchor", "锚点（&）重复"),
    ("", "格式错误"),
)
# What Python says of an impossible date, in both languages.
_DATE_PROBLEMS = {
    "day is out of range for month": "这个月没有这一天",
    "month must be in 1..12": "月份必须在 1 到 12 之间",
}


def default_config_text() -> str:
    """The shipped, commented default config (``configs/default.yaml``)."""
    return resources.files("tiercli").joinpath("data/default.yaml").read_text(encoding="utf-8")


def load_config(path: str | Path | None = None) -> Config:
    """Read *path* (YAML) over the defaults; None gives the shipped default config.

    Raises ConfigError naming the file, the YAML path (``rfm -> monetary``), what was found and
    the closest valid choice.
    """
    if path is None:
        return parse_config({}, "default.yaml")
    path = Path(path)
    if path.is_dir():
        found = sorted(p.name for p in path.glob("*.y*ml"))
        example = path / (found[0] if found else "tiercli.yaml")
        held = msg("config.folder_holds", names=found[:5]) if found else ""
        raise ConfigError(msg("config.folder", path=str(path), held=held, example=str(example)))
    if not path.is_file():
        raise ConfigError(msg("config.not_found", path=str(path)))
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = msg("config.yaml_where", line=mark.line + 1, column=mark.column + 1) if mark else ""
        problem = str(getattr(exc, "problem", None) or exc)
        said = Both(next(zh for start, zh in _YAML_PROBLEMS if problem.startswith(start)), problem)
        raise ConfigError(
            msg("config.not_yaml", path=str(path), where=where, problem=said)
        ) from None
    except UnicodeDecodeError:
        raise ConfigError(msg("config.not_utf8", path=str(path))) from None
    except ValueError as exc:
        # The YAML is well formed but a date in it is not a date (``as_of: 2026-02-30``).
        raise ConfigError(
            msg("config.bad_date_in", path=str(path), problem=_bad_date(path, exc))
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        shown = repr(data) if len(repr(data)) <= 80 else repr(data)[:77] + "…"
        raise ConfigError(
            msg("config.not_mapping", path=str(path), found=shown),
            msg("config.not_a_config", example="tiercli.yaml"),
        )
    return parse_config(data, str(path))


def _bad_date(path: Path, exc: ValueError) -> Message:
    """Where the date YAML could not build is, and what it says: ``not a date (line 1, ...)``."""
    error = Both(_DATE_PROBLEMS.get(str(exc), str(exc)), str(exc))
    text = path.read_text(encoding="utf-8-sig")
    stack = [yaml.compose(text)]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if value.tag == "tag:yaml.org,2002:timestamp":
                    try:
                        yaml.safe_load(value.value)
                    except ValueError:
                        mark = value.start_mark
                        return msg(
                            "config.bad_date", line=mark.line + 1, column=mark.column + 1,
                            key=key.value, value=value.value, error=error,
                        )  # fmt: skip
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return msg("config.bad_date_somewhere", error=error)


def parse_config(data: dict[str, Any], source: str) -> Config:
    """Validate a config mapping laid over the shipped defaults; *source* names it in errors.

    Mappings merge key by key (so ``rfm: {levels: 4}`` keeps the other rfm settings); lists and
    values replace the default (a ``playbook: rules:`` list replaces the shipped rules), and so
    does ``scoring: dimensions:`` (the dimensions listed are the ones used).
    """
    try:
        cfg = Config.model_validate(merge(_defaults(), data))
    except ValidationError as exc:
        lines = [_describe(err, data) for err in exc.errors()]
        raise ConfigError(msg("config.invalid", source=source), *lines) from None
    # What one section says of the columns the others make (a playbook rule's column and
    # values): the registry knows them; imported here, as it imports every classifier.
    from tiercli.classifiers import registry

    problems = registry.check(cfg)
    if problems:
        raise ConfigError(msg("config.invalid", source=source), *problems)
    return cfg


@lru_cache(maxsize=1)
def _default_data() -> dict[str, Any]:
    data: dict[str, Any] = shipped_yaml("default.yaml") or {}
    return data


def _defaults() -> dict[str, Any]:
    return copy.deepcopy(_default_data())


# Mappings that are a whole collection: what the user gives replaces the shipped one (so a
# dimension left out is dropped), instead of merging key by key.
REPLACED = {("scoring", "dimensions")}


def merge(base: dict[str, Any], over: dict[str, Any], path: tuple[str, ...] = ()) -> dict[str, Any]:
    """*over* laid on *base*: nested mappings merge, anything else replaces (see REPLACED).
    The keys *over* gives come first, in its order, then the rest of *base*'s: an order the
    user writes is kept (``resources.levels`` are served in it)."""
    out = dict(base)
    for key, value in over.items():
        here = (*path, str(key))
        if isinstance(value, dict) and isinstance(out.get(key), dict) and here not in REPLACED:
            out[key] = merge(out[key], value, here)
        else:
            out[key] = value
    return {**{key: out[key] for key in over}, **out}


def _describe(err: Any, data: dict[str, Any]) -> Said:
    """One problem pydantic found, under its YAML path, in both languages."""
    # (pydantic's names of the union member it tried, "literal['median','mean']",
    # "function-after[...]", are no YAML keys)
    loc = [str(part) for part in err["loc"] if not _UNION_TAG.search(str(part))]
    path: Said = " -> ".join(loc) or Both("（顶层）", "(top level)")
    if err["type"] == "extra_forbidden":
        parent = _model_at(loc[:-1])
        allowed = list(parent.model_fields) if parent else []
        hint = did_you_mean(loc[-1], allowed) or (
            msg("config.allowed_here", allowed=allowed) if allowed else ""
        )
        above = " -> ".join(loc[:-1])  # (a space between it and the Chinese)
        where = Both(f"{above} ", above) if above else Both("顶层", "the top level")
        return msg("config.unknown_key", key=loc[-1], where=where, hint=hint)
    found = err.get("input")
    shown = "" if isinstance(found, dict | list) else msg("config.found", found=_written(found))
    error = (err.get("ctx") or {}).get("error")
    if isinstance(error, Invalid):  # a section's own check, said in both languages
        if error.at and loc:  # it names the key inside the section: "levels: …"
            return msg("config.at_key", path=path, problem=msg(
                "config.nested", at=error.at, problem=error.message))  # fmt: skip
        problem: Said = (
            msg("config.nested", at=error.at, problem=error.message) if error.at else error.message
        )
        return msg("config.at", path=path, problem=problem, found=shown)
    message = str(err["msg"])
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    nested = _SUBPATH.match(message)
    if nested and loc:  # a section's own check names the key inside it: "segments: …"
        return msg("config.at_key", path=path, problem=message)
    return msg("config.at", path=path, problem=_pydantic(err, message), found=shown)


def _written(value: Any) -> str:
    """A value as the YAML wrote it: a date as YYYY-MM-DD, text in quotes."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return repr(value)


def _pydantic(err: Any, message: str) -> Said:
    """pydantic's sentence: for the common checks in Chinese too (its English as it is)."""
    kind, ctx = err["type"], err.get("ctx") or {}
    simple = {
        "missing": "config.missing", "int_type": "config.int", "int_parsing": "config.int",
        "int_from_float": "config.int_fraction", "float_type": "config.number",
        "float_parsing": "config.number", "finite_number": "config.finite",
        "bool_type": "config.bool", "bool_parsing": "config.bool",
        "string_type": "config.text", "dict_type": "config.mapping",
        "model_type": "config.mapping", "model_attributes_type": "config.mapping",
        "tuple_type": "config.list", "string_pattern_mismatch": "config.pattern",
        "list_type": "config.list", "date_type": "config.date", "date_parsing": "config.date",
        "date_from_datetime_parsing": "config.date",
        "date_from_datetime_inexact": "config.date",
    }  # fmt: skip
    bounds = {"greater_than_equal": ("config.ge", "ge"), "greater_than": ("config.gt", "gt"),
              "less_than_equal": ("config.le", "le"), "less_than": ("config.lt", "lt")}  # fmt: skip
    said: Message | None = None
    if kind in simple:
        said = msg(simple[kind])
    elif kind in bounds and bounds[kind][1] in ctx:
        code, key = bounds[kind]
        said = msg(code, limit=ctx[key])
    elif kind in ("literal_error", "enum") and "expected" in ctx:
        expected = str(ctx["expected"])
        zh = expected.replace(" or ", "、").replace(", ", "、")
        said = msg("config.one_of", expected=Both(zh, expected))
    elif kind in ("too_short", "too_long") and ("min_length" in ctx or "max_length" in ctx):
        n = ctx.get("min_length") if kind == "too_short" else ctx.get("max_length")
        said = msg(f"config.{kind}", n=n)
    if said is not None:  # (in English, pydantic's sentence word for word)
        return Both(said.render("zh"), message)
    return msg("config.other", text=message)


def _model_at(loc: list[str]) -> type[BaseModel] | None:
    """The config model at *loc*; a key of a mapping of models (``resources -> levels -> VIP``)
    or an item of a list of them (``playbook -> rules -> 3``) is that model."""
    model: type[BaseModel] = Config
    keyed = False  # (the part before named a mapping or a list of models)
    for part in loc:
        if keyed:
            keyed = False
            continue
        field = model.model_fields.get(part)
        if field is None:
            return None
        candidate = _model_in(field.annotation)
        if candidate is None:
            return None
        keyed = candidate is not field.annotation and _collection(field.annotation)
        model = candidate
    return model


def _collection(annotation: Any) -> bool:
    """Whether *annotation* is a mapping or a list (maybe optional) of something."""
    origin = typing.get_origin(annotation)
    if origin in (dict, list, tuple):
        return True
    return any(_collection(arg) for arg in typing.get_args(annotation) if arg is not type(None))


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
