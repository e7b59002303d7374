"""tiercli.threads: work on threads, results as if done one after another."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tiercli.threads import both, side_by_side


def test_side_by_side_keeps_the_items_order_and_runs_each_on_its_own_thread() -> None:
    started = threading.Barrier(3, timeout=60)  # all three must be running at once to pass

    def work(item: int) -> tuple[int, str]:
        started.wait()
        return item * 10, threading.current_thread().name

    out = side_by_side(work, [3, 1, 2])
    assert [value for value, _ in out] == [30, 10, 20]
    assert len({name for _, name in out}) == 3


def test_side_by_side_raises_what_a_task_raised_and_nests() -> None:
    def fails(item: int) -> int:
        if item == 2:
            raise ValueError("item 2")
        return item

    with pytest.raises(ValueError, match="item 2"):
        side_by_side(fails, [1, 2, 3])
    # a task may itself run work side by side (no shared pool to run out of)
    assert side_by_side(lambda n: side_by_side(lambda k: n * k, [1, 2]), [1, 2]) == [[1, 2], [2, 4]]
    assert side_by_side(lambda n: n + 1, [5]) == [6]
    assert side_by_side(lambda n: n, []) == []


def test_import_beside_imports_the_modules_on_a_thread_of_its_own() -> None:
    import sys

    from tiercli.threads import import_beside

    sys.modules.pop("colorsys", None)
    worker = import_beside(["colorsys", "json"])
    worker.join()
    assert worker.name == "tiercli-import" and worker is not threading.current_thread()
    assert "colorsys" in sys.modules


def test_a_run_imports_scipy_s_optimizer_only_when_a_step_needs_it() -> None:
    """Loading the library imports no scipy (~0.2 s); the value model's step names the modules
    the run imports beside normalising, once each."""
    import subprocess
    import sys

    code = "import sys, tiercli.pipeline; print(sorted(m for m in sys.modules if m.startswith('scipy')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"

    from tiercli.classifiers import registry
    from tiercli.config.loader import load_config

    steps = registry.plan(load_config(None))
    assert registry.imports(steps) == [
        "scipy.special",
        "scipy.optimize",
        "scipy.cluster.vq",
        "scipy.spatial.distance",
    ]
    assert registry.imports(steps + steps) == registry.imports(steps)


def test_import_beside_leaves_a_failing_import_to_the_step(monkeypatch: pytest.MonkeyPatch) -> None:
    """A module that cannot be imported raises nothing on the thread (no traceback printed):
    the step that imports it reports it."""
    from tiercli.threads import import_beside

    raised: list[object] = []
    monkeypatch.setattr(threading, "excepthook", raised.append)
    import_beside(["tiercli_no_such_module", "colorsys"]).join()
    assert raised == []


def test_a_run_that_fails_while_normalizing_leaves_no_import_thread(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The import beside the run is joined on an error too: a library host that catches the
    error and then forks must not fork while the thread holds an import lock."""
    from tiercli import pipeline
    from tiercli.config.loader import load_config
    from tiercli.errors import InputError

    def fails(*args: object, **kwargs: object) -> None:
        raise InputError("orders.csv: no customer id column")

    monkeypatch.setattr(pipeline, "normalize", fails)
    started: list[threading.Thread] = []
    real = pipeline.threads.import_beside

    def spy(modules):  # type: ignore[no-untyped-def]
        worker = real(modules)
        started.append(worker)
        return worker

    monkeypatch.setattr(pipeline.threads, "import_beside", spy)
    orders = tmp_path / "orders.csv"
    orders.write_text("客户编号,下单日期,金额\nC1,2026-03-05,100\n", encoding="utf-8")
    with pytest.raises(InputError):
        pipeline.segment([orders], load_config(None))
    assert started and not any(worker.is_alive() for worker in started)


def test_both_runs_the_second_on_a_thread_while_the_first_runs_here() -> None:
    started = threading.Barrier(2, timeout=60)  # both must be running at once to pass

    def task(value: str) -> tuple[str, str]:
        started.wait()
        return value, threading.current_thread().name

    here = threading.current_thread().name
    first, second = both(lambda: task("a"), lambda: task("b"))
    assert first == ("a", here) and second[0] == "b" and second[1] != here
    assert both(lambda: 1, lambda: "two", at_once=False) == (1, "two")


def test_both_raises_what_either_raised_once_both_are_done() -> None:
    done: list[str] = []

    def slow() -> str:
        done.append("second")
        return "second"

    def fails() -> None:
        raise ValueError("first")

    with pytest.raises(ValueError, match="first"):
        both(fails, slow)
    assert done == ["second"]
    with pytest.raises(ValueError, match="first"):
        both(lambda: 1, fails)
