"""Segment maps: ordered first-match rules over score ranges, and their coverage check.

Pure Python (no pandas): used when the config is loaded, so that a map which leaves a score
combination without a segment, or has a segment no combination can reach, is refused before
any data is read.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from tiercli.catalogue import Message, define, msg
from tiercli.config.shipped import shipped_yaml

AXES = ("r", "f", "m")

MESSAGES = {
    "segments.combo": ("R{r} F{f} M{m}", "R{r} F{f} M{m}"),
}
define(MESSAGES)


def rule_matches(rule: dict[str, Any], combo: tuple[int, ...]) -> bool:
    """True when every range the rule gives contains the combination's score."""
    for axis, score in zip(AXES, combo, strict=True):
        bounds = rule.get(axis)
        if bounds is not None and not bounds[0] <= score <= bounds[1]:
            return False
    return True


def first_match(rules: list[dict[str, Any]], combo: tuple[int, ...]) -> int | None:
    for i, rule in enumerate(rules):
        if rule.get("catch_all") or rule_matches(rule, combo):
            return i
    return None


def on_scale(score: int, levels: int, scale: int) -> int:
    """A score of 1..*levels* read on a map written for 1..*scale*: the score whose band (of
    *scale* equal bands) holds the middle of the score's own band (4 levels on 5: 1 2 4 5)."""
    return ((2 * score - 1) * scale) // (2 * levels) + 1


def check_map(
    rules: list[dict[str, Any]], scores: Sequence[int]
) -> tuple[list[Message], list[str]]:
    """(uncovered combinations, each a message ``R1 F2 M3``; names of rules that are never the
    first match) over every combination of the *scores* an axis can have."""
    used: set[int] = set()
    uncovered: list[Message] = []
    for combo in itertools.product(sorted(set(scores)), repeat=3):
        hit = first_match(rules, combo)
        if hit is None:
            uncovered.append(msg("segments.combo", r=combo[0], f=combo[1], m=combo[2]))
        else:
            used.add(hit)
    unreachable = [str(rule["name"]) for i, rule in enumerate(rules) if i not in used]
    return uncovered, unreachable


@lru_cache(maxsize=1)
def shipped_maps() -> dict[str, dict[str, Any]]:
    """The maps in ``tiercli/data/segment_maps.yaml`` (``eleven`` and ``china8``)."""
    data: dict[str, dict[str, Any]] = shipped_yaml("segment_maps.yaml")
    return data
