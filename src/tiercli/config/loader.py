"""Load and validate the YAML config; turn pydantic errors into messages with YAML paths."""

from __future__ import annotations

import copy
import re
import typing
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from tiercli.config.models import Config
from tiercli.config.shipped import shipped_yaml
from tiercli.errors import ConfigError, did_you_mean

_SUBPATH = re.compile(r"^[a-z_]+( -> [a-z_]+)*: ")


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
        held = f" (it holds {', '.join(found[:5])})" if found else ""
        raise ConfigError(f"config {path} is a folder{held}; give the YAML file, e.g. -c {example}")
    if not path.is_file():
        raise ConfigError(f"config file not found: {path}. Create one with: tiercli init {path}")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(f"{path}: not valid YAML{where}: {problem}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text; save the config as UTF-8") from None
    except ValueError as exc:
        # The YAML is well formed but a date in it is not a date (``as_of: 2026-02-30``).
        raise ConfigError(f"{path}: {_bad_date(path, exc)}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the top level must be a mapping of sections, got {data!r}")
    return parse_config(data, str(path))


def _bad_date(path: Path, exc: ValueError) -> str:
    """Where the date YAML could not build is, and what it says: ``not a date (line 1, ...)``."""
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
                        return (
                            f"not a date (line {mark.line + 1}, column {mark.column + 1}): "
                            f"{key.value}: {value.value} ({exc}); write a real date as YYYY-MM-DD"
                        )
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return f"a value is not a date: {exc}; write dates as YYYY-MM-DD"


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
        text = "\n".join(f"  {line}" for line in lines)
        raise ConfigError(f"{source}: invalid config\n{text}") from None
    # What one section says of the columns the others make (a playbook rule's column and
    # values): the registry knows them; imported here, as it imports every classifier.
    from tiercli.classifiers import registry

    problems = registry.check(cfg)
    if problems:
        text = "\n".join(f"  {line}" for line in problems)
        raise ConfigError(f"{source}: invalid config\n{text}")
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
    """*over* laid on *base*: nested mappings merge, anything else replaces (see REPLACED)."""
    out = dict(base)
    for key, value in over.items():
        here = (*path, str(key))
        if isinstance(value, dict) and isinstance(out.get(key), dict) and here not in REPLACED:
            out[key] = merge(out[key], value, here)
        else:
            out[key] = value
    return out


def _describe(err: Any, data: dict[str, Any]) -> str:
    loc = [str(part) for part in err["loc"]]
    path = " -> ".join(loc) or "(top level)"
    if err["type"] == "extra_forbidden":
        parent = _model_at(loc[:-1])
        allowed = list(parent.model_fields) if parent else []
        hint = did_you_mean(loc[-1], allowed) or (
            f" Allowed here: {', '.join(allowed)}." if allowed else ""
        )
        where = " -> ".join(loc[:-1]) or "the top level"
        return f"Unknown config key '{loc[-1]}' in {where}.{hint}"
    found = err.get("input")
    message = str(err["msg"])
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    shown = "" if isinstance(found, dict | list) else f" (found: {found!r})"
    nested = _SUBPATH.match(message)
    if nested and loc:  # a section's own check names the key inside it: "segments: …"
        return f"{path} -> {message}"
    return f"{path}: {message}{shown}"


def _model_at(loc: list[str]) -> type[BaseModel] | None:
    model: type[BaseModel] = Config
    for part in loc:
        field = model.model_fields.get(part)
        if field is None:
            return None
        candidate = _model_in(field.annotation)
        if candidate is None:
            return None
        model = candidate
    return model


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
