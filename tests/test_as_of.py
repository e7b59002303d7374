"""The as-of date taken from the data: a latest order date that looks typed wrong is named."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tiercli.config import load_config
from tiercli.pipeline import segment


def _orders(tmp_path: Path, extra: str) -> Path:
    rows = [f"O{i},C{i % 30},2024-{i % 12 + 1:02d}-{i % 27 + 1:02d},{100 + i}" for i in range(200)]
    path = tmp_path / "orders.csv"
    path.write_text(
        "order id,customer id,order date,amount\n" + "\n".join(rows) + "\n" + extra,
        encoding="utf-8",
    )
    return path


def _codes(result) -> dict[str, dict]:
    return {w.code: dict(w.params) for w in result.warnings}


def test_a_latest_date_after_today_is_named_with_its_row(tmp_path: Path) -> None:
    """One typo (2042 for 2024) became the as-of: 29 of 30 customers lost, no word said."""
    path = _orders(tmp_path, "O999,C1,2042-03-05,100\n")
    result = segment([path], load_config(None))
    assert result.as_of == dt.date(2042, 3, 5)
    said = _codes(result)["normalize.as_of_future"]
    assert said["row"] == 202 and said["file"] == str(path) and said["cut"] == result.as_of
    warning = next(w for w in result.warnings if w.code == "normalize.as_of_future")
    assert f"See {path} row 202; fix it, or give --as-of" in str(warning)
    assert "第 202 行" in warning.render("zh")


def test_a_latest_date_a_year_after_the_rest_is_named(tmp_path: Path) -> None:
    path = _orders(tmp_path, "O999,C1,2026-01-05,100\n")
    result = segment([path], load_config(None))
    said = _codes(result)["normalize.as_of_alone"]
    assert said["before"] == dt.date(2024, 12, 27) and said["days"] == 374
    assert said["row"] == 202


def test_no_word_on_ordinary_data_or_a_given_as_of(tmp_path: Path) -> None:
    path = _orders(tmp_path, "")
    assert not {"normalize.as_of_future", "normalize.as_of_alone"} & set(
        _codes(segment([path], load_config(None)))
    )
    typo = _orders(tmp_path, "O999,C1,2042-03-05,100\n")
    given = segment([typo], load_config(None), as_of=dt.date(2024, 12, 31))
    assert "normalize.as_of_future" not in _codes(given)
