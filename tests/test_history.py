"""Migration against a previous run: movement, the matrix, reading previous outputs back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from tiercli.cli import app
from tiercli.errors import InputError
from tiercli.history import in_current_ids, latest_in, migration, read_previous

runner = CliRunner()
SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "trade_export.xlsx"


def test_movement_and_matrix_by_hand() -> None:
    now = pd.Series({"a": "S", "b": "B", "c": "A", "d": "C", "e": None}, dtype="string")
    before = pd.Series({"a": "A", "b": "A", "c": "A", "x": "S", "e": "B"}, dtype="string")
    moved = migration(now, before, ["S", "A", "B", "C"], "last.xlsx")
    assert moved.columns["movement"].fillna("-").tolist() == ["up", "down", "same", "new", "-"]
    assert moved.columns["previous_tier"].fillna("-").tolist() == ["A", "A", "A", "-", "B"]
    assert sorted(moved.gone.index) == ["e", "x"]  # e has no tier now, x is not in the data
    m = moved.matrix
    assert m.loc["A", ["S", "A", "B", "C"]].tolist() == [1, 1, 1, 0]
    assert m.loc["new", "C"] == 1
    assert m["gone"].tolist() == [1, 0, 1, 0, 0]  # x was S, e was B


def test_latest_in_history_is_the_newest_before_as_of(tmp_path: Path) -> None:
    for day in ("2026-08-31", "2026-09-30", "2026-10-31"):
        (tmp_path / f"tiers_{day}.xlsx").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("x")
    assert latest_in(tmp_path, dt.date(2026, 10, 31)).name == "tiers_2026-09-30.xlsx"
    assert latest_in(tmp_path, dt.date(2026, 8, 1)) is None
    with pytest.raises(InputError, match="not a folder"):
        latest_in(tmp_path / "nope", dt.date(2026, 1, 1))


def test_previous_without_tiers_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("客户编号,金额\nC1,5\n", encoding="utf-8")
    with pytest.raises(InputError, match="no customer table with a tier column"):
        read_previous(path, {})


@pytest.mark.slow
def test_monthly_runs_with_a_history_folder(tmp_path: Path) -> None:
    """Last month's run was in Chinese, this month's is in English: the history is read
    whatever language wrote it."""
    first = runner.invoke(
        app,
        [
            "segment", str(SAMPLE), "--as-of", "2026-09-30", "--lang", "zh", "-q",
            "-o", str(tmp_path / "tiers_2026-09-30.xlsx"),
        ],
    )  # fmt: skip
    assert first.exit_code == 0, first.output
    previous = read_previous(
        tmp_path / "tiers_2026-09-30.xlsx",
        {"S": "S级", "A": "A级", "B": "B级", "C": "C级", "D": "D级"},
    )
    assert set(previous["tier"].dropna()) == {"S", "A", "B", "C", "D"}  # read back canonical
    out = tmp_path / "tiers_2026-10-31.xlsx"
    second = runner.invoke(
        app,
        ["segment", str(SAMPLE), "--history", str(tmp_path), "--lang", "en", "-o", str(out),
         "--json"],
    )  # fmt: skip
    assert second.exit_code == 0, second.output
    import json

    moved = json.loads(second.stdout)["details"]["migration"]
    assert moved["previous"].endswith("tiers_2026-09-30.xlsx")
    counts = moved["movement"]
    # every customer with orders: 930 once identity resolution has merged issue 13's variants
    assert counts["up"] + counts["same"] + counts["down"] + counts["new"] == 930
    assert counts["same"] > counts["up"] > 0 and counts["down"] > 0
    # a customer merged since (00549 into C00549) is that customer, not a customer gone
    assert "00549" in set(previous.index) and counts["gone"] == 0
    book = openpyxl.load_workbook(out, read_only=True)
    assert "Migration" in book.sheetnames


def test_previous_and_history_together_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "segment",
            str(SAMPLE),
            "--previous",
            "a.xlsx",
            "--history",
            str(tmp_path),
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 2 and "not both" in result.stderr


def test_previous_ids_follow_merges_and_id_spellings() -> None:
    """A customer merged since (00549 into C00549) or spelled another way was listed as gone."""
    from tiercli.config.identity import IdentityConfig

    before = pd.Series({"00549": "A", "c-00042": "S", "C00042": "B", "zzz": "C"}, dtype="string")
    sources = pd.DataFrame({"source_id": ["00549", "C00549"], "customer_id": ["C00549", "C00549"]})
    now = pd.Index(["C00549", "C00042", "C00007"], name="customer_id")
    got = in_current_ids(before, now, sources, IdentityConfig())
    # C00042's own row wins over its other spelling; zzz is not in this run: kept (gone)
    assert got.to_dict() == {"C00549": "A", "C00042": "B", "zzz": "C"}
    moved = migration(
        pd.Series({"C00549": "A", "C00042": "S", "C00007": "C"}), got, list("SABC"), "x"
    )
    assert list(moved.gone.index) == ["zzz"]
    assert moved.columns["movement"].tolist() == ["same", "up", "new"]


def test_a_pseudonymised_previous_run_against_a_plain_one_is_said() -> None:
    """Every customer was 'gone' and 'new', with no word."""
    from tiercli.pseudonym import pseudonymised

    assert pseudonymised(pd.Index(["ID-7F3A", "ID-0B21"]), pd.Index(["C001", "C002"]))
    assert not pseudonymised(pd.Index(["ID-7F3A", "C001"]), pd.Index(["C001", "C002"]))
    assert not pseudonymised(pd.Index(["C009"]), pd.Index(["C001"]))  # just other customers


def test_a_lock_file_of_last_months_workbook_is_not_taken_for_it(tmp_path: Path) -> None:
    """With last month's workbook open in Excel, --history took its lock file
    ~$tiers_2026-09-30.xlsx (sorted after tiers_…) and the run stopped with exit 2."""
    for name in ("tiers_2026-08-31.xlsx", "tiers_2026-09-30.xlsx", "~$tiers_2026-09-30.xlsx",
                 ".~lock.tiers_2026-09-30.xlsx#"):  # fmt: skip
        (tmp_path / name).write_bytes(b"")
    assert latest_in(tmp_path, dt.date(2026, 10, 31)).name == "tiers_2026-09-30.xlsx"


def test_an_owners_run_lists_their_customers_gone_since(tmp_path: Path) -> None:
    """--owner kept only the previous run's ids still in the salesperson's data: a customer of
    theirs who bought nothing since was never listed as gone."""
    orders = tmp_path / "orders.csv"
    rows = ["order id,customer id,order date,amount,salesperson"]
    rows += [f"O{i},C{i % 6},2026-0{i % 8 + 1}-10,{100 + i},{'Li' if i % 6 < 3 else 'Wang'}"
             for i in range(48)]  # fmt: skip
    orders.write_text("\n".join(rows) + "\n", encoding="utf-8")
    history = tmp_path / "runs"
    first = ["segment", str(orders), "--as-of", "2026-08-31", "-q", "--lang", "en"]
    assert runner.invoke(app, [*first, "-o", str(history / "tiers_2026-08-31.xlsx")]).exit_code == 0
    later = tmp_path / "later.csv"  # C0 (Li's) bought nothing since: gone from the data
    later.write_text("\n".join(r for r in rows if r.split(",")[1] != "C0") + "\n", encoding="utf-8")
    import json

    second = ["segment", str(later), "--as-of", "2026-09-30", "--history", str(history)]
    second += ["--owner", "Li", "--json", "-q", "--lang", "en", "-o", str(tmp_path / "li.csv")]
    result = runner.invoke(app, second)
    assert result.exit_code == 0, result.output
    moved = json.loads(result.stdout)["details"]["migration"]["movement"]
    assert moved["gone"] == 1
    assert sum(moved[k] for k in ("up", "same", "down", "new")) == 2  # C1, C2: Li's now
