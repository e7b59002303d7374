"""CSV / Parquet output of the customer table, with the rejects beside it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tiercli.pipeline import SegmentationResult
from tiercli.report.atomic import atomic_paths

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralize_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would run as a formula with a quote (CSV only)."""
    out = frame.copy()
    for name in out.columns:
        col = out[name]
        if col.dtype == object or pd.api.types.is_string_dtype(col):
            text = col.astype("string")
            risky = text.str.startswith(FORMULA_START).fillna(False).astype(bool)
            if risky.any():
                out[name] = text.where(~risky, "'" + text)
    return out


def rejects_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}_rejects{path.suffix}")


def write_table(result: SegmentationResult, path: Path) -> list[Path]:
    """Write the customer table to *path* (.csv or .parquet) and the rejects beside it (both
    or neither)."""
    customers = result.customers.reset_index()
    targets = [path, rejects_path(path)]
    with atomic_paths(targets) as temps:
        for frame, tmp in zip((customers, result.rejects), temps, strict=True):
            if path.suffix.lower() == ".parquet":
                frame.to_parquet(tmp, index=False)
            else:
                neutralize_formulas(frame).to_csv(tmp, index=False, encoding="utf-8-sig")
    return targets
