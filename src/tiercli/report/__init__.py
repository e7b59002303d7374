"""Writers: the workbook, CSV/Parquet tables, the terminal summary and explanations.

:func:`write` picks the writer by the output's suffix.
"""

from __future__ import annotations

from pathlib import Path

from tiercli.errors import InputError
from tiercli.pipeline import SegmentationResult

SUFFIXES = (".xlsx", ".csv", ".parquet")


def outputs(path: Path) -> list[Path]:
    """The files ``-o path`` writes: the workbook, or the table with its rejects beside it;
    an InputError for any other name (checked before anything is read)."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return [path]
    if suffix in {".csv", ".parquet"}:
        from tiercli.report.tables import rejects_path

        return [path, rejects_path(path)]
    found = f"'{suffix}' is not an output type" if suffix else "the name has no extension"
    raise InputError(
        f"-o {path}: {found}; end it with {', '.join(SUFFIXES[:-1])} or {SUFFIXES[-1]}, e.g. "
        f"-o {path.with_name((path.stem or 'tiers') + '.xlsx')}"
    )


def write(result: SegmentationResult, path: Path, lang: str = "zh") -> list[Path]:
    """Write *result* to *path*: ``.xlsx`` → the workbook; ``.csv`` / ``.parquet`` → the
    customer table with the rejects beside it (:func:`outputs`). Returns the files written."""
    if outputs(path) == [path]:
        from tiercli.report.workbook import write_workbook

        return [write_workbook(result, path, lang)]
    from tiercli.report.tables import write_table

    return write_table(result, path)
