"""The command's memory settings: made for the command only, a user's own settings kept."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tiercli import launch


def test_freed_memory_is_kept_unless_the_user_chose(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MIMALLOC_PURGE_DELAY", raising=False)
    launch.keep_freed_memory()
    assert launch.os.environ["MIMALLOC_PURGE_DELAY"] == "-1"
    monkeypatch.setenv("MIMALLOC_PURGE_DELAY", "250")
    launch.keep_freed_memory()
    assert launch.os.environ["MIMALLOC_PURGE_DELAY"] == "250"


def test_glibc_is_left_alone_when_the_user_tuned_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import ctypes

    def no_libc(*args: object) -> None:
        raise AssertionError("libc was loaded to change malloc")

    monkeypatch.setattr(ctypes, "CDLL", no_libc)
    monkeypatch.setattr(launch.sys, "platform", "linux")
    monkeypatch.setenv("GLIBC_TUNABLES", "glibc.malloc.trim_threshold=0")
    launch.keep_freed_memory()
    monkeypatch.delenv("GLIBC_TUNABLES")
    monkeypatch.setenv("MALLOC_ARENA_MAX", "2")
    launch.keep_freed_memory()
    monkeypatch.delenv("MALLOC_ARENA_MAX")
    with pytest.raises(AssertionError, match="libc was loaded"):
        launch.keep_freed_memory()


def test_python_m_tiercli_runs_the_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tiercli", "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and "segment" in done.stdout
