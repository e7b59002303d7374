"""Safe outputs: never overwrite an input, unwritable targets are exit 2 with the path and the fix,
file modes, temporary files on signals and of earlier runs, a closed pipe."""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tiercli.cli import app
from tiercli.errors import InputError
from tiercli.report import atomic
from tiercli.report.atomic import Terminated, atomic_path, atomic_paths, remove_stale

runner = CliRunner()
ORDERS = "order_id,customer_id,order_date,amount\nA1,C1,2026-01-01,100\nA2,C2,2026-02-01,50\n"


@pytest.fixture
def orders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "orders.csv"
    path.write_text(ORDERS, encoding="utf-8")
    return path


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --------------------------------------------------------------------------- -o is an input


@pytest.mark.parametrize(
    ("setup", "args"),
    [
        pytest.param(lambda d: None, ["orders.csv", "-o", "orders.csv"], id="same-path"),
        pytest.param(
            lambda d: (d / "link.csv").symlink_to("orders.csv"),
            ["orders.csv", "-o", "link.csv"],
            id="symlink",
        ),
        pytest.param(
            lambda d: os.link(d / "orders.csv", d / "hard.csv"),
            ["orders.csv", "-o", "hard.csv"],
            id="hard-link",
        ),
        pytest.param(
            lambda d: None, ["orders.csv", "-o", "./sub/../orders.csv"], id="other-spelling"
        ),
        pytest.param(lambda d: None, ["--orders", "orders.csv", "-o", "orders.csv"], id="opt"),
        pytest.param(
            lambda d: (d / "old_rejects.csv").write_text("x"),
            ["orders.csv", "--orders", "old_rejects.csv", "-o", "old.csv"],
            id="rejects-file",
        ),
        pytest.param(
            lambda d: (d / "settings.csv").write_text("lang: en\n"),
            ["orders.csv", "-c", "settings.csv", "-o", "settings.csv"],
            id="config",
        ),
    ],
)
def test_output_that_is_an_input_is_refused_before_reading(
    orders: Path, tmp_path: Path, setup, args: list[str]
) -> None:
    (tmp_path / "sub").mkdir(exist_ok=True)
    setup(tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()}
    result = runner.invoke(app, ["segment", *args, "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert "input of the run" in result.output and "never overwrites" in result.output
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.is_file()} == before


def test_previous_workbook_as_output_is_refused(orders: Path, tmp_path: Path) -> None:
    first = runner.invoke(app, ["segment", "orders.csv", "-o", "tiers.xlsx", "-q", "--lang", "en"])
    assert first.exit_code == 0, first.output
    before = (tmp_path / "tiers.xlsx").read_bytes()
    result = runner.invoke(
        app,
        ["segment", "orders.csv", "--previous", "tiers.xlsx", "-o", "tiers.xlsx", "--lang", "en"],
    )
    assert result.exit_code == 2
    assert "-o tiers.xlsx: this is an input of the run" in result.output
    assert (tmp_path / "tiers.xlsx").read_bytes() == before


def test_history_file_chosen_as_previous_is_not_overwritten(orders: Path, tmp_path: Path) -> None:
    runs = tmp_path / "runs"
    first = runner.invoke(
        app,
        [
            "segment",
            "orders.csv",
            "--as-of",
            "2026-01-31",
            "-o",
            "runs/tiers_2026-01-31.xlsx",
            "--lang",
            "en",
        ],
    )
    assert first.exit_code == 0, first.output
    before = (runs / "tiers_2026-01-31.xlsx").read_bytes()
    result = runner.invoke(
        app,
        [
            "segment",
            "orders.csv",
            "--history",
            "runs",
            "-o",
            "runs/tiers_2026-01-31.xlsx",
            "--lang",
            "en",
        ],
    )
    assert result.exit_code == 2
    assert "input of the run" in result.output
    assert (runs / "tiers_2026-01-31.xlsx").read_bytes() == before


def test_unsupported_output_type_is_refused_before_reading(tmp_path: Path) -> None:
    result = runner.invoke(app, ["segment", "missing.csv", "-o", "out.txt", "--lang", "en"])
    assert result.exit_code == 2
    assert "'.txt' is not an output type" in result.output


# --------------------------------------------------------------------------- unwritable


def test_device_output_is_refused(orders: Path) -> None:
    result = runner.invoke(app, ["init", "/dev/full", "--force", "--lang", "en"])
    assert result.exit_code == 2
    assert "/dev/full is not a regular file" in result.output


def test_read_only_existing_file_is_refused(orders: Path, tmp_path: Path) -> None:
    target = tmp_path / "tiers.csv"
    target.write_text("old")
    target.chmod(0o444)
    result = runner.invoke(app, ["segment", "orders.csv", "-o", "tiers.csv", "--lang", "en"])
    assert result.exit_code == 2
    assert "tiers.csv: the file is read-only" in result.output
    assert target.read_text() == "old"


@pytest.mark.parametrize("lock", ["~$tiers.xlsx", ".~lock.tiers.xlsx#"])
def test_workbook_open_in_excel_or_libreoffice_is_refused(
    orders: Path, tmp_path: Path, lock: str
) -> None:
    (tmp_path / lock).write_text("someone")
    result = runner.invoke(app, ["segment", "orders.csv", "-o", "tiers.xlsx", "--lang", "en"])
    assert result.exit_code == 2
    assert "it is open in Excel, WPS or LibreOffice" in result.output
    assert not (tmp_path / "tiers.xlsx").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write to a read-only folder")
def test_read_only_folder_is_exit_2(orders: Path, tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = runner.invoke(
            app, ["segment", "orders.csv", "-o", "ro/tiers.xlsx", "--lang", "en"]
        )
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 2
    assert "ro/tiers.xlsx" in result.output and "permission denied" in result.output


@pytest.mark.parametrize(
    ("code", "fix"),
    [
        (errno.ENOSPC, "the disk is full"),
        (errno.EACCES, "if the file is open in Excel"),
        (errno.EROFS, "read-only drive"),
    ],
)
def test_write_failures_are_exit_2_with_path_and_fix(
    orders: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int, fix: str
) -> None:
    import xlsxwriter.exceptions

    from tiercli.report import workbook

    def full(*args: object, **kwargs: object) -> None:
        raise xlsxwriter.exceptions.FileCreateError(OSError(code, os.strerror(code)))

    monkeypatch.setattr(workbook, "_config_sheet", full)
    (tmp_path / "tiers.xlsx").write_bytes(b"last month")
    result = runner.invoke(app, ["segment", "orders.csv", "-o", "tiers.xlsx", "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert "cannot write tiers.xlsx" in result.output and fix in result.output
    assert "bug" not in result.output
    assert _listing(tmp_path) == ["orders.csv", "tiers.xlsx"]
    assert (tmp_path / "tiers.xlsx").read_bytes() == b"last month"


def test_init_on_a_full_disk_is_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)

    def full(self: Path, *args: object, **kwargs: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device", str(self))

    monkeypatch.setattr(Path, "write_text", full)
    result = runner.invoke(app, ["init", "my.yaml", "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert "cannot write my.yaml: No space left on device; the disk is full" in result.output
    assert _listing(tmp_path) == []


@pytest.mark.parametrize("failing", ["out.csv", "out_rejects.csv"])
def test_csv_output_writes_both_files_or_neither(
    orders: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    import pandas as pd

    real = pd.DataFrame.to_csv

    def one_fails(self: pd.DataFrame, path: object, *a: object, **k: object) -> None:
        # (the two files are written at once: this one fails whichever starts first)
        if f".{failing}." in str(path):
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(self, path, *a, **k)  # type: ignore[call-overload]

    monkeypatch.setattr(pd.DataFrame, "to_csv", one_fails)
    result = runner.invoke(app, ["segment", "orders.csv", "-o", "out.csv", "--lang", "en"])
    assert result.exit_code == 2, result.output
    assert f"cannot write {failing}:" in result.output
    assert _listing(tmp_path) == ["orders.csv"]


# --------------------------------------------------------------------------- modes, temp files


def test_new_file_follows_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        with atomic_path(tmp_path / "a.csv") as tmp:
            tmp.write_text("x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.csv").stat().st_mode) == 0o644


def test_replacing_a_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "a.xlsx"
    target.write_text("old")
    target.chmod(0o664)
    with atomic_path(target) as tmp:
        tmp.write_text("new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o664


def test_sigterm_while_writing_removes_the_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "a.xlsx"
    target.write_text("old")
    with pytest.raises(Terminated) as caught, atomic_path(target) as tmp:
        tmp.write_text("half")
        os.kill(os.getpid(), signal.SIGTERM)
    assert caught.value.code == 128 + signal.SIGTERM
    assert _listing(tmp_path) == ["a.xlsx"] and target.read_text() == "old"
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # handler restored


def test_stale_temporary_files_of_earlier_runs_are_removed(tmp_path: Path) -> None:
    dead = 2**22 + 12345  # above any pid_max: no such process
    stale = tmp_path / f".a.xlsx.tiercli-{dead}-0a1b2c3d.tmp"
    alive = tmp_path / f".a.xlsx.tiercli-{os.getppid()}-0a1b2c3d.tmp"
    old = tmp_path / f".a.xlsx.tiercli-{os.getppid()}-ffffffff.tmp"
    legacy_old = tmp_path / ".a.xlsx.k2j4_x9q.tmp"
    legacy_new = tmp_path / ".a.xlsx.abcdefgh.tmp"
    other = tmp_path / f".b.xlsx.tiercli-{dead}-0a1b2c3d.tmp"
    for path in (stale, alive, old, legacy_old, legacy_new, other):
        path.write_text("x")
    day_ago = alive.stat().st_mtime - atomic.STALE_SECONDS - 60
    os.utime(old, (day_ago, day_ago))
    os.utime(legacy_old, (day_ago, day_ago))
    removed = remove_stale(tmp_path, "a.xlsx")
    assert sorted(p.name for p in removed) == sorted([stale.name, old.name, legacy_old.name])
    assert _listing(tmp_path) == sorted([alive.name, legacy_new.name, other.name])


def test_failed_check_of_a_second_target_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    with (
        pytest.raises(InputError, match="is a folder"),
        atomic_paths([tmp_path / "a.csv", tmp_path / "b"]),
    ):
        raise AssertionError("not reached")
    assert _listing(tmp_path) == ["b"]


# --------------------------------------------------------------------------- closed pipe


@pytest.mark.slow
def test_closed_pipe_exits_quietly(tmp_path: Path, orders: Path) -> None:
    """`tiercli segment … | head -1`: the reader is gone before the summary is printed."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    tiercli = Path(sys.executable).with_name("tiercli")
    try:
        done = subprocess.run(
            [str(tiercli), "segment", str(orders), "-o", str(tmp_path / "t.csv")],
            stdout=write_end,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
            check=False,
        )
    finally:
        os.close(write_end)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stderr.decode() == ""
    assert (tmp_path / "t.csv").is_file()


def test_ctrl_c_while_writing_is_exit_130_and_keeps_the_old_file(
    orders: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tiercli.report import workbook

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(workbook, "_config_sheet", interrupted)
    (tmp_path / "tiers.xlsx").write_bytes(b"last month")
    result = runner.invoke(app, ["segment", "orders.csv", "-o", "tiers.xlsx", "--lang", "en"])
    assert result.exit_code == 130
    assert "Interrupted" in result.output and "bug" not in result.output
    assert _listing(tmp_path) == ["orders.csv", "tiers.xlsx"]
    assert (tmp_path / "tiers.xlsx").read_bytes() == b"last month"
