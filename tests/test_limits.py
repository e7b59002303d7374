"""The documented limits (docs/errors.md "Limits"): past each one a clear exit 2, and wide files
cost work in proportion to their cells (counted, not timed)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from tiercli.cli import app
from tiercli.errors import InputError
from tiercli.io import containers, readers
from tiercli.io.readers import find_header_row, read_any

runner = CliRunner()


def test_header_detection_folds_each_distinct_text_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The step that made 10,000 columns slow: every cell of the first rows was folded."""
    calls: list[object] = []
    real = readers.header_key

    def counting(value: object) -> str:
        calls.append(value)
        return real(value)

    monkeypatch.setattr(readers, "header_key", counting)
    width = 5_000
    header = ["order_id", "customer_id", "order_date", "amount"] + [
        f"x{i % 50}" for i in range(width)
    ]
    numbers = np.arange(29 * len(header)).reshape(29, len(header)).astype(str)
    grid = pd.DataFrame([header, *numbers.tolist()], dtype=object)
    assert find_header_row(grid) == 0
    assert len(calls) <= 54  # the distinct texts; numbers are never column names


def test_a_wide_file_reads_every_column(tmp_path: Path) -> None:
    width = 3_000
    names = ["order_id", "customer_id", "order_date", "amount"] + [f"x{i}" for i in range(width)]
    row = ["A1", "C1", "2026-01-05", "100"] + ["7"] * width
    path = tmp_path / "wide.csv"
    path.write_text(",".join(names) + "\n" + ",".join(row) + "\n")
    (sheet,) = read_any(path)
    assert sheet.frame.shape == (1, width + 4)


def test_too_many_columns_in_a_ragged_text_file(tmp_path: Path) -> None:
    path = tmp_path / "o.csv"
    path.write_text("a,b\n1,2\n" + ",".join(["x"] * (readers.MAX_COLUMNS + 1)) + "\n")
    with pytest.raises(InputError, match="16,385 cells; tiercli reads at most 16,384 columns"):
        read_any(path)


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("limit", "value", "message"),
    [
        ("MAX_UNCOMPRESSED", 1000, "MB of data once unpacked (the limit is 0 MB)"),
        ("MAX_MEMBERS", 2, "3 parts (the limit is 2)"),
    ],
)
def test_workbook_size_limits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: str, value: int, message: str
) -> None:
    monkeypatch.setattr(containers, limit, value)
    path = tmp_path / "o.xlsx"
    path.write_bytes(_zip({"a.xml": b"<a/>" * 500, "b.xml": b"<b/>", "xl/workbook.xml": b"<w/>"}))
    with pytest.raises(InputError, match="refused to open") as caught:
        read_any(path)
    assert message in str(caught.value)


def test_a_workbook_with_too_many_rows_for_excel_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tiercli import cli

    monkeypatch.setattr(cli, "EXCEL_ROWS", 2)
    monkeypatch.chdir(tmp_path)
    Path("o.csv").write_text(
        "order_id,customer_id,order_date,amount\nA,C1,2026-01-01,1\nB,C2,2026-01-01,1\n"
    )
    result = runner.invoke(app, ["segment", "o.csv", "-o", "t.xlsx", "--lang", "en"])
    assert result.exit_code == 2
    assert "2 rows do not fit a worksheet" in result.output and "-o t.parquet" in result.output
    assert not Path("t.xlsx").exists()
    assert (
        runner.invoke(app, ["segment", "o.csv", "-o", "t.parquet", "--lang", "en"]).exit_code == 0
    )


def test_long_cells_are_read_whole_and_rejected_values_cut(tmp_path: Path) -> None:
    from tiercli.config import load_config
    from tiercli.io.normalize import normalize

    path = tmp_path / "o.csv"
    path.write_text(
        "order_id,customer_id,order_date,amount\n"
        f"A1,C1,2026-01-05,{'9' * 200_000}x\nA2,C1,2026-01-06,5\n"
    )
    (sheet,) = read_any(path)
    assert len(sheet.frame.loc[0, "amount"]) == 200_001
    tables = normalize({"orders": [sheet]}, load_config(None))
    assert tables.rejects["value"].str.len().tolist() == [500]
