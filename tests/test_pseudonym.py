"""Pseudonymised sharing: no original id, name, e-mail or phone in any output."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from tiercli.cli import app
from tiercli.pseudonym import Pseudonymiser, load_key, match_previous

DATA = Path(__file__).parent / "data"
KEY = "correct horse battery staple 42"
runner = CliRunner()


def _inputs(tmp_path: Path) -> list[str]:
    """The mini files, plus one buyer whose id is an e-mail, one whose name is a phone number,
    and a customer listed twice (its id lands in the rejects)."""
    orders = tmp_path / "orders.csv"
    orders.write_text(
        (DATA / "mini_orders.csv").read_text("utf-8")
        + "E1,buyer@acme-widgets.com,2026-05-02,Pumps,1,90,90,USD,9,Completed\n"
        + "E2,C777,2026-05-03,Pumps,1,80,80,USD,8,Completed\n",
        encoding="utf-8",
    )
    customers = tmp_path / "customers.csv"
    customers.write_text(
        (DATA / "mini_customers.csv").read_text("utf-8")
        + "C777,+86 138 0013 8000,China,,,,,\n"
        + "C001,Nordic Pump AB again,Sweden,,,,,\n",
        encoding="utf-8",
    )
    return [str(orders), str(customers), str(DATA / "mini_inquiries.csv")]


ORIGINALS = [
    "C001",
    "C002",
    "C003",
    "00042",
    "C005",
    "C006",
    "C777",
    "Nordic Pump",
    "Müller GmbH",
    "Lima Repuestos",
    "Prospect Ltd",
    "HYPERLINK",
    "buyer@acme-widgets.com",
    "acme-widgets",
    "138 0013 8000",
]


def _bytes_of(path: Path) -> bytes:
    """The file's bytes; a workbook's members unpacked (its XML is compressed)."""
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as book:
            return b"".join(book.read(name) for name in book.namelist())
    return path.read_bytes()


@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".parquet"])
def test_no_original_in_any_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str
) -> None:
    monkeypatch.setenv("TIERCLI_PSEUDONYM_KEY", KEY)
    out = tmp_path / "out" / f"tiers{suffix}"
    args = ["segment", *_inputs(tmp_path), "-o", str(out), "--json", "--pseudonymise"]
    result = runner.invoke(app, [*args, "--lang", "en"])
    assert result.exit_code == 0, result.output
    files = sorted((tmp_path / "out").iterdir())
    assert len(files) == (1 if suffix == ".xlsx" else 2)  # the rejects beside a table
    blobs = [_bytes_of(f) for f in files] + [result.stdout.encode(), result.stderr.encode()]
    for original in ORIGINALS:
        for blob in blobs:
            assert original.encode() not in blob, original
    summary = json.loads(result.stdout)
    assert summary["customers"] == 8  # the same run: pseudonyms change names, not counts


def test_rejects_and_warnings_are_pseudonymised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIERCLI_PSEUDONYM_KEY", KEY)
    out = tmp_path / "t.csv"
    args = ["segment", *_inputs(tmp_path), "-o", str(out), "--pseudonymise", "--lang", "en"]
    assert runner.invoke(app, args).exit_code == 0
    rejects = pd.read_csv(tmp_path / "t_rejects.csv", dtype=str)
    again = rejects.loc[rejects["reason"].str.startswith("customer id listed again")]
    assert again["value"].str.startswith("ID-").all() and len(again) == 1
    table = pd.read_csv(out, dtype=str)
    assert table["customer_id"].str.fullmatch(r"ID-[A-Z2-7]{10}").all()


def test_a_bad_date_in_the_rejects_stays_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--pseudonymise showed a bad date 2025-02-30 in the rejects as a fake phone number
    ('+000 1799162118'): the user could no longer see what to fix."""
    monkeypatch.setenv("TIERCLI_PSEUDONYM_KEY", KEY)
    files = _inputs(tmp_path)
    orders = Path(files[0])
    orders.write_text(
        orders.read_text("utf-8") + "E3,C001,2025-02-30,Pumps,1,70,70,USD,7,Completed\n",
        encoding="utf-8",
    )
    out = tmp_path / "t.csv"
    args = ["segment", *files, "-o", str(out), "--pseudonymise", "--lang", "en"]
    assert runner.invoke(app, args).exit_code == 0
    rejects = pd.read_csv(tmp_path / "t_rejects.csv", dtype=str)
    bad = rejects.loc[rejects["reason"] == "unparseable date", "value"]
    assert "2025-02-30" in bad.tolist()


def test_same_key_same_pseudonyms_other_key_others() -> None:
    a, b, c = Pseudonymiser(KEY.encode()), Pseudonymiser(KEY.encode()), Pseudonymiser(b"x" * 20)
    assert a.one("id", "C001") == b.one("id", "C001") != c.one("id", "C001")
    assert a.one("id", "C001") != a.one("name", "C001")  # kinds never collide
    assert a.one("email", "x@y.com").endswith("@example.invalid")


def test_no_key_is_an_error_never_a_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TIERCLI_PSEUDONYM_KEY", raising=False)
    out = tmp_path / "t.csv"
    result = runner.invoke(app, ["segment", *_inputs(tmp_path), "-o", str(out), "--pseudonymise"])
    assert result.exit_code == 2
    assert "TIERCLI_PSEUDONYM_KEY" in result.stderr and "--key-file" in result.stderr
    assert not out.exists()
    short = tmp_path / "k"
    short.write_text("tooshort")
    with pytest.raises(Exception, match="at least 16"):
        load_key(short)


def test_mapping_only_when_asked_and_key_file(tmp_path: Path) -> None:
    key = tmp_path / "key.txt"
    key.write_text(KEY + "\n")
    out = tmp_path / "t.xlsx"
    base = ["segment", *_inputs(tmp_path), "-o", str(out), "--pseudonymise", "--key-file"]
    assert runner.invoke(app, [*base, str(key)]).exit_code == 0
    assert (
        sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".csv" and "map" in p.name) == []
    )
    mapping = tmp_path / "map.csv"
    result = runner.invoke(app, [*base, str(key), "--pseudonym-map", str(mapping)])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(mapping, dtype=str)
    assert {"id", "name"} <= set(table["kind"])
    assert "Nordic Pump AB" in set(table["original"])


@pytest.mark.parametrize("clash", ["key.txt", "t.csv", "t_rejects.csv"])
def test_the_mapping_never_replaces_the_key_or_an_output(tmp_path: Path, clash: str) -> None:
    """--pseudonym-map k.key replaced the secret key with the mapping (next month's pseudonyms
    lost); --pseudonym-map onto -o's own files lost the mapping. Both are exit 2, nothing
    written."""
    key = tmp_path / "key.txt"
    key.write_text(KEY + "\n")
    out = tmp_path / "t.csv"
    command = ["segment", *_inputs(tmp_path), "-o", str(out), "--pseudonymise", "--key-file"]
    command += [str(key), "--pseudonym-map", str(tmp_path / clash), "--lang", "en"]
    result = runner.invoke(app, command)
    assert result.exit_code == 2, result.output
    assert "--pseudonym-map" in result.stderr
    assert key.read_text() == KEY + "\n"
    assert not out.exists()


def test_migration_matches_pseudonymised_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIERCLI_PSEUDONYM_KEY", KEY)
    files = _inputs(tmp_path)
    history = tmp_path / "history"
    first = ["segment", *files, "--as-of", "2026-05-31", "--pseudonymise", "--json"]
    first += ["-o", str(history / "tiers_2026-05-31.xlsx")]
    assert runner.invoke(app, first).exit_code == 0
    second = ["segment", *files, "--as-of", "2026-06-30", "--pseudonymise", "--json"]
    second += ["--history", str(history), "-o", str(tmp_path / "now.xlsx")]
    result = runner.invoke(app, second)
    assert result.exit_code == 0, result.output
    movement = json.loads(result.stdout)["details"]["migration"]["movement"]
    assert movement["new"] < sum(movement.values())  # customers were matched, not all "new"


def test_match_previous_maps_pseudonyms_back() -> None:
    p = Pseudonymiser(KEY.encode())
    previous = pd.Series(["S", "A"], index=pd.Index([p.one("id", "C1"), "OLD"], name="customer_id"))
    got = match_previous(previous, pd.Index(["C1", "C2"]), KEY.encode())
    assert list(got.index) == ["C1", "OLD"]


def test_explain_pseudonymised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIERCLI_PSEUDONYM_KEY", KEY)
    args = ["explain", *_inputs(tmp_path), "--customer", "C001", "--pseudonymise", "--lang", "en"]
    for extra in ([], ["--json"]):
        result = runner.invoke(app, [*args, *extra])
        assert result.exit_code == 0, result.output
        assert "C001" not in result.stdout and "Nordic Pump" not in result.stdout
        assert Pseudonymiser(KEY.encode()).one("id", "C001") in result.stdout


def test_a_customer_gone_since_keeps_last_months_pseudonym_and_a_new_key_is_said(
    tmp_path: Path,
) -> None:
    """The gone list of a pseudonymised monthly run showed a pseudonym of last month's
    pseudonym (ID-… of ID-…); a month run with another key matched no one without a word."""
    import json

    files = _inputs(tmp_path)
    key, other = tmp_path / "key.txt", tmp_path / "other.txt"
    key.write_text(KEY + "\n")
    other.write_text("another secret of enough length\n")
    history = tmp_path / "share"
    base = ["segment", *files, "--pseudonymise", "--json", "-q", "--lang", "en"]
    first = [*base, "--key-file", str(key), "--as-of", "2026-06-30"]
    assert runner.invoke(app, [*first, "-o", str(history / "tiers_2026-06-30.csv")]).exit_code == 0
    orders = Path(files[0])  # C002 buys nothing after: gone from the next month's data
    orders.write_text(
        "\n".join(r for r in orders.read_text("utf-8").splitlines() if ",C002," not in r) + "\n",
        encoding="utf-8",
    )
    later = [*base, "--as-of", "2026-07-31", "--history", str(history), "-o"]
    result = runner.invoke(app, [*later, str(tmp_path / "t.csv"), "--key-file", str(key)])
    assert result.exit_code == 0, result.output
    gone = [w for w in json.loads(result.stdout)["warnings"] if w["code"] == "history.other_key"]
    assert gone == []
    p = Pseudonymiser(KEY.encode())
    shared = pd.read_csv(history / "tiers_2026-06-30.csv", dtype=str)
    assert p.one("id", "C002") in set(shared["customer_id"])
    assert Pseudonymiser(KEY.encode()).one("id", p.one("id", "C002")) == p.one("id", "C002")
    again = runner.invoke(app, [*later, str(tmp_path / "u.csv"), "--key-file", str(other)])
    codes = [w["code"] for w in json.loads(again.stdout)["warnings"]]
    assert "history.other_key" in codes


def test_the_reasons_left_as_written_are_reasons_and_every_other_is_free_text() -> None:
    """The reasons whose value pseudonymised sharing leaves alone are named one by one in the
    schema (a pattern over the reasons' words let any new reason with "date" or "amount" in
    it keep a contact in its value); a reason not named is free text, its contacts hidden."""
    from tiercli import schema

    assert set(schema.REASONS) >= schema.FACT_REASONS
    free = set(schema.REASONS) - schema.FACT_REASONS
    assert {"blank customer id", "cancelled order", "subtotal or total row"} <= free
    assert "customer id listed again (its first row is used)" in free
