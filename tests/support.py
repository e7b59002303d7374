"""Helpers the tests share: the repository's scripts as modules, the config's keys, the
mini files run with a dimension the config adds."""

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


# A config that adds a scoring dimension of its own (loyalty: orders) beside value.
LOYAL = {
    "currency": {"source": "fixed", "rates": {"EUR": 1.1, "GBP": 1.25}},
    "scoring": {
        "dimensions": {
            "value": {"weight": 1, "metrics": {"revenue": {}}},
            "loyalty": {"weight": 1, "metrics": {"orders": {}}},
        },
        "matrix": {"enabled": False},
    },
}


def loyal_run() -> typing.Any:
    """The mini files (tests/data/mini_*.csv) segmented with :data:`LOYAL` as of 2026-06-30."""
    import datetime as dt

    from tiercli.config.loader import parse_config
    from tiercli.pipeline import segment

    data = ROOT / "tests" / "data"
    return segment(
        [],
        parse_config(LOYAL, "t"),
        orders=[data / "mini_orders.csv"],
        customers=[data / "mini_customers.csv"],
        as_of=dt.date(2026, 6, 30),
    )
