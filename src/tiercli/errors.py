"""Typed errors. ``cli.main`` turns any :class:`TiercliError` into ``Error: …`` and exit code 2."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class TiercliError(Exception):
    """A problem the user can fix (bad input or config): exit code 2, no traceback."""

    exit_code = 2


class ConfigError(TiercliError):
    """The YAML config is wrong: the message names the file, the YAML path and the fix."""


class InputError(TiercliError):
    """An input file cannot be used: the message names the file, what was found and the fix."""


def did_you_mean(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str:
    """Return `` Did you mean 'x'?`` for the closest choice, or an empty string."""
    matches = close_matches(word, choices, 1, cutoff)
    return f" Did you mean '{matches[0]}'?" if matches else ""


def close_matches(word: str, choices: Iterable[str], n: int = 1, cutoff: float = 0.6) -> list[str]:
    """The choices closest to *word* (the one did-you-mean helper of tiercli)."""
    return difflib.get_close_matches(str(word), list(choices), n=n, cutoff=cutoff)
