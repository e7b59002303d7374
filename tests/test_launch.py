"""The command's memory settings: made for the command only, a user's own settings kept."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tiercli import launch


def test_freed_memory_is_kept_unless_the_user_chose(monkeypatch: pytest.MonkeyPatch) -> None:
    environ = {k: v for k, v in os.environ.items() if k != "MIMALLOC_PURGE_DELAY"}
    monkeypatch.setattr(launch.os, "environ", environ)  # what it sets stays in this test
    launch.keep_freed_memory()
    assert environ["MIMALLOC_PURGE_DELAY"] == launch.ARROW_PURGE_DELAY == "30"
    environ["MIMALLOC_PURGE_DELAY"] = "250"
    launch.keep_freed_memory()
    assert environ["MIMALLOC_PURGE_DELAY"] == "250"


def test_glibc_is_left_alone_when_the_user_tuned_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import ctypes

    def no_libc(*args: object) -> None:
        raise AssertionError("libc was loaded to change malloc")

    monkeypatch.setattr(ctypes, "CDLL", no_libc)
    monkeypatch.setattr(launch.sys, "platform", "linux")
    monkeypatch.setenv("GLIBC_TUNABLES", "glibc.malloc.trim_threshold=0")
    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL", raising=False)
    launch.keep_freed_memory()
    assert "ARROW_DEFAULT_MEMORY_POOL" not in launch.os.environ  # Arrow keeps its own heap
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


def test_the_command_ends_with_its_exit_code_and_all_its_output(tmp_path) -> None:
    """The process ends without the interpreter's teardown: the exit code and every line
    written before it (to a pipe, so buffered) still arrive."""
    missing = subprocess.run(
        [sys.executable, "-m", "tiercli", "segment", str(tmp_path / "nope.csv")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert missing.returncode == 2
    assert "nope.csv" in missing.stderr
    orders = tmp_path / "o.csv"
    orders.write_text("order_id,customer_id,order_date,amount\nA1,C1,2026-01-05,10\n")
    done = subprocess.run(
        [sys.executable, "-m", "tiercli", "segment", str(orders), "--json", "-q"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["customers"] == 1
    assert [p.name for p in tmp_path.glob("*.xlsx")] == ["tiers_2026-01-05.xlsx"]


def test_leave_prints_a_text_code_and_ends_with_1() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "from tiercli.launch import leave; leave('stopped here')"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1 and done.stderr.strip() == "stopped here"


def test_the_command_collects_garbage_rarely() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import gc, sys; from tiercli import launch; launch.collect_rarely();"
            "print(gc.get_threshold()[0], gc.isenabled())",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stdout.split() == ["50000", "True"]


class _Glibc:
    """glibc's two calls give_back makes, with a free heap of *free* bytes."""

    def __init__(self, free: int) -> None:
        self.trims: list[int] = []
        self.mallinfo2 = self._Info(free)

    class _Info:
        restype = None

        def __init__(self, free: int) -> None:
            self.free = free

        def __call__(self) -> object:
            from types import SimpleNamespace

            return SimpleNamespace(fordblks=self.free)

    def malloc_trim(self, pad: int) -> None:
        self.trims.append(pad)


@pytest.mark.parametrize(
    ("free", "trims"), [(launch.GIVE_BACK_ABOVE + 1, [0]), (launch.GIVE_BACK_ABOVE, [])]
)
def test_a_stage_end_hands_back_a_large_free_heap_only(
    monkeypatch: pytest.MonkeyPatch, free: int, trims: list[int]
) -> None:
    glibc = _Glibc(free)
    monkeypatch.setattr(launch, "_glibc", glibc)
    launch.give_back()
    assert glibc.trims == trims


def test_give_back_without_glibc_or_its_heap_figure_trims_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(launch, "_glibc", None)
    launch.give_back()  # musl, or the user's own malloc settings: nothing to call
    old = _Glibc(2**40)
    del old.mallinfo2  # glibc before 2.33
    monkeypatch.setattr(launch, "_glibc", old)
    assert launch.free_heap() == 0
    launch.give_back()
    assert old.trims == []


def _arrow_pool(**env: str) -> str:
    """The name of Arrow's default allocator in a process that made the command's settings,
    with *env* over an environment free of malloc settings."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("MALLOC_", "GLIBC_", "ARROW_DEFAULT_MEMORY_POOL"))
    }
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from tiercli import launch; launch.keep_freed_memory(); import pyarrow as pa;"
            "print(pa.default_memory_pool().backend_name, launch._glibc is not None)",
        ],
        capture_output=True,
        text=True,
        check=True,
        env=clean | env,
    )
    pool, tuned = done.stdout.split()
    if tuned != "True":
        pytest.skip("not glibc: the command leaves malloc and Arrow as they are")
    return pool


def test_the_commands_arrow_allocates_from_glibcs_heap_unless_the_user_chose() -> None:
    """One heap for numpy's and Arrow's buffers (see tiercli.launch); a user's choice of
    allocator, or their own glibc settings, are kept."""
    assert _arrow_pool() == "system"
    assert _arrow_pool(ARROW_DEFAULT_MEMORY_POOL="mimalloc") == "mimalloc"


class _Pool:
    def __init__(self, backend: str) -> None:
        self.backend_name = backend
        self.released = 0

    def release_unused(self) -> None:
        self.released += 1


@pytest.mark.parametrize(("backend", "released"), [("system", 0), ("mimalloc", 1)])
def test_a_stage_end_releases_arrows_own_allocator_only(
    monkeypatch: pytest.MonkeyPatch, backend: str, released: int
) -> None:
    """The system pool's release is a trim of glibc's whole heap, however little is free: at
    a stage's end the threshold decides that, not Arrow."""
    from types import SimpleNamespace

    pool = _Pool(backend)
    monkeypatch.setitem(sys.modules, "pyarrow", SimpleNamespace(default_memory_pool=lambda: pool))
    monkeypatch.setattr(launch, "_glibc", None)
    launch.give_back()
    assert pool.released == released


def test_the_free_heap_is_read_from_glibc() -> None:
    """Where the command's settings apply, mallinfo2 is read with its real layout: a freed
    64 MiB array (from the heap, never its own mapping, under those settings) is free heap."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import numpy as np; from tiercli import launch; launch.keep_freed_memory();"
            "import sys;"
            "getattr(launch._glibc, 'mallinfo2', None) or sys.exit(print('skip'));"
            "before = launch.free_heap(); a = np.ones(8 << 20); del a;"
            "print(launch.free_heap() - before >= 60 << 20)",
        ],
        capture_output=True,
        text=True,
        check=False,
        env={k: v for k, v in os.environ.items() if not k.startswith(("MALLOC_", "GLIBC_"))},
    )
    if done.stdout.strip() == "skip" or not sys.platform.startswith("linux"):
        pytest.skip("not glibc 2.33 or later (no mallinfo2)")
    assert done.stdout.split() == ["True"], done.stderr


def test_only_the_command_hands_memory_back_at_each_stage() -> None:
    from tiercli import profile

    assert profile.AFTER_STAGE is None  # the library leaves its host's memory alone
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from tiercli import launch, profile; launch.as_the_command();"
            "print(profile.AFTER_STAGE is launch.give_back)",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.stdout.split() == ["True"], done.stderr


def test_importing_tiercli_leaves_arrow_all_the_cores() -> None:
    """tiercli keeps numpy's BLAS to one thread, but not through OMP_NUM_THREADS, which Arrow
    reads to size its thread pool (it had pinned reads and kernels to one core)."""
    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os, tiercli, pyarrow as pa;"
            "print(os.environ['OPENBLAS_NUM_THREADS'], 'OMP_NUM_THREADS' in os.environ,"
            " pa.cpu_count() == os.cpu_count())",
        ],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert done.stdout.split() == ["1", "False", "True"], done.stderr
