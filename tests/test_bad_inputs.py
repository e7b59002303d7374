"""The corpus of bad inputs (scripts/make_bad_inputs.py): every case gives a correct result or a
clear exit 2 — the message names the file, where and the fix; no traceback; nothing half
written; and when the run succeeds every file's rows reconcile."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from support import config_keys, script
from tiercli.cli import app
from tiercli.schema import REASONS

ROOT = Path(__file__).resolve().parents[1]
corpus = script("make_bad_inputs")
CASES = corpus.cases()
runner = CliRunner()


def _files(folder: Path) -> dict[str, float]:
    return {
        str(p.relative_to(folder)): p.lstat().st_mtime_ns
        for p in folder.rglob("*")
        if not p.is_dir()
    }


def test_the_corpus_is_large_and_names_are_unique() -> None:
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)
    assert {c.exit_code for c in CASES} == {0, 2}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input(case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus.write(case, tmp_path)
    monkeypatch.chdir(tmp_path)
    before = _files(tmp_path)
    english = case.exit_code == 2 and "--lang" not in case.command
    # (an error's expected words are English: said in English, then checked in Chinese below)
    result = runner.invoke(app, [*case.command, "--lang", "en"] if english else case.command)
    output = result.output
    assert "Traceback" not in output and "This is a bug" not in output, output
    assert result.exit_code == case.exit_code, output
    after = _files(tmp_path)
    assert not [n for n in after if n.endswith(".tmp")], after  # no temporary litter
    if case.exit_code == 2:
        message = " ".join(result.stderr.split())
        assert message.startswith("Error: "), message
        for text in case.expect:
            assert text in message, (text, message)
        assert after == before, "an error run wrote or changed files"
        if english:  # the same error in the default language, Chinese: no English sentence
            chinese = runner.invoke(app, case.command)
            said = " ".join(chinese.stderr.split())
            assert chinese.exit_code == 2 and said.startswith("错误："), said
            assert not _english(said), said
        return
    summary = json.loads(result.stdout)
    new = sorted(set(after) - set(before))
    assert new == sorted(case.outputs), new
    for row in summary["files"]:
        parts = row["used"] + row["rejected"] + row["duplicates"] + row["after_as_of"]
        assert row["rows_read"] == parts, row
    said = " ".join([*(w["text"] for w in summary["warnings"]), *summary["rejects_by_reason"]])
    for text in case.expect:
        assert text in said, (text, said)
    missing_zh = set(summary["rejects_by_reason"]) - set(REASONS)
    assert not missing_zh, missing_zh


def _english(said: str) -> list[str]:
    """English words in a Chinese message: runs of 3+ letters outside what the user or the
    data wrote (paths, file names, headers and values in quotes, options, config keys)."""
    import re

    # quotes first: a file name just before a quote (no space in Chinese) would take its mark
    kept = re.sub(r"“[^”]*”|'[^']*'|\"[^\"]*\"", " ", said)
    kept = re.sub(r"\S*[/\\.]\S*|--?[a-z][a-z-]*|\b\w+_\w+\b", " ", kept)
    kept = re.sub(r"(?<![A-Za-z])[A-Z0-9/]{1,6}(?![A-Za-z])|tiercli(?: [a-z]+)?", " ", kept)
    return [w for w in re.findall(r"[A-Za-z]{3,}", kept) if w not in config_keys()]


def test_the_script_writes_every_case(tmp_path: Path) -> None:
    assert corpus.main(["make_bad_inputs.py", str(tmp_path)]) == 0
    for case in CASES:
        command = (tmp_path / case.name / "command.sh").read_text()
        assert f"expect exit {case.exit_code}" in command
