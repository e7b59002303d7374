"""The YAML files shipped in the package (the default config, the segment maps), parsed fast.

They are read on every run; PyYAML's pure-Python parser took ~40 ms for the default config.
When PyYAML has its libyaml build, the same safe loader (``CSafeLoader``: the safe
constructor and resolver over libyaml's C parser) reads them in a tenth of that; the result is
what ``yaml.safe_load`` gives (pinned by a test). A user's own YAML is always read by
``yaml.safe_load``, so its mistakes are reported in the words the messages quote.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml


def shipped_yaml(name: str) -> Any:
    """The parsed contents of ``tiercli/data/<name>``."""
    text = resources.files("tiercli").joinpath("data", name).read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:  # PyYAML without libyaml
        return yaml.safe_load(text)
    return yaml.load(text, Loader=loader)
