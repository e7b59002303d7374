"""Writers: the workbook, CSV/Parquet tables, the terminal summary and explanations.

:func:`write` picks the writer by the output's suffix.
"""

from __future__ import annotations

from pathlib import Path

from tiercli.errors import InputError
from tiercli.pipeline import SegmentationResult

SUFFIXES = (".xlsx", ".csv", ".parquet")


def write(result: SegmentationResult, path: Path, lang: str = "zh") -> list[Path]:
    """Write *result* to *path*: ``.xlsx`` → the workbook; ``.csv`` / ``.parquet`` → the
    customer table with the rejects beside it. Returns the files written."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from tiercli.report.workbook import write_workbook

        return [write_workbook(result, path, lang)]
    if suffix in {".csv", ".parquet"}:
        from tiercli.report.tables import write_table

        return write_table(result, path)
    found = f"'{suffix}' is not an output type" if suffix else "the name has no extension"
    raise InputError(f"-o {path}: {found}; end it with {', '.join(SUFFIXES)}")
