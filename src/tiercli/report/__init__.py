"""Writers: the workbook, CSV/Parquet tables, the terminal summary and explanations.

:func:`write` picks the writer by the output's suffix.
"""

from __future__ import annotations

from pathlib import Path

from tiercli.catalogue import define, msg
from tiercli.errors import InputError
from tiercli.pipeline import SegmentationResult

SUFFIXES = (".xlsx", ".csv", ".parquet")

MESSAGES = {
    "report.bad_output": (
        "-o {path}：{found}；文件名应以 {suffixes} 或 {last} 结尾，如 -o {example}",
        "-o {path}: {found}; end it with {suffixes} or {last}, e.g. -o {example}",
    ),
    "report.not_output_type": (
        "“{suffix}”不是可写出的文件类型",
        "'{suffix}' is not an output type",
    ),
    "report.no_extension": ("文件名没有扩展名", "the name has no extension"),
}
define(MESSAGES)


def outputs(path: Path) -> list[Path]:
    """The files ``-o path`` writes: the workbook, or the table with its rejects beside it;
    an InputError for any other name (checked before anything is read)."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return [path]
    if suffix in {".csv", ".parquet"}:
        from tiercli.report.tables import rejects_path

        return [path, rejects_path(path)]
    found = msg("report.not_output_type", suffix=suffix) if suffix else msg("report.no_extension")
    raise InputError(
        msg(
            "report.bad_output",
            path=str(path),
            found=found,
            suffixes=list(SUFFIXES[:-1]),
            last=SUFFIXES[-1],
            example=str(path.with_name((path.stem or "tiers") + ".xlsx")),
        )
    )


def write(result: SegmentationResult, path: Path, lang: str = "zh") -> list[Path]:
    """Write *result* to *path*: ``.xlsx`` → the workbook; ``.csv`` / ``.parquet`` → the
    customer table with the rejects beside it (:func:`outputs`). Returns the files written."""
    if outputs(path) == [path]:
        from tiercli.report.workbook import write_workbook

        return [write_workbook(result, path, lang)]
    from tiercli.report.tables import write_table

    return write_table(result, path)
