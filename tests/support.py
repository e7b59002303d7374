"""Helpers the tests share: the repository's scripts as modules, the config's keys."""

from __future__ import annotations

import importlib.util
import sys
import typing
from pathlib import Path
from types import ModuleType

from pydantic import BaseModel

ROOT = Path(__file__).resolve().parents[1]


def script(name: str) -> ModuleType:
    """``scripts/<name>.py`` imported as a module (loaded once)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def config_keys() -> set[str]:
    """Every key of the config, nested ones too (``rfm``, ``levels``, ``calls_per_month``):
    the user's words in a YAML path."""
    from tiercli.config.models import Config

    keys: set[str] = set()
    models: list[type[BaseModel]] = [Config]
    while models:
        model = models.pop()
        for name, info in model.model_fields.items():
            keys.add(name)
            models.extend(_models_in(info.annotation))
    return keys


def _models_in(annotation: object) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]
