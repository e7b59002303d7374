"""Text in terminal columns (a Chinese character takes two), for the summary and the help.

A leaf: rich's cell widths only, so that ``tiercli --help`` imports nothing heavy for it.
"""

from __future__ import annotations

from rich.cells import cell_len


def fitting(text: str, width: int) -> int:
    """How many characters of *text* fill *width* columns (at least one)."""
    used = 0
    for i, char in enumerate(text):
        used += cell_len(char)
        if used > width:
            return max(i, 1)
    return len(text)
