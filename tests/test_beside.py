"""Work run beside the run in a forked child (tiercli.beside) — the steps no other step reads,
and the value model's fits while the customer table is built: the same result as in-process,
and any failure there — a step raising, the child dying, the fork refused — only means the work
is done in the run."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from tiercli import beside, pipeline
from tiercli.classifiers import registry
from tiercli.classifiers.base import Classified, Context
from tiercli.config.loader import load_config
from tiercli.io.loader import load_inputs
from tiercli.io.normalize import Tables, normalize
from tiercli.profile import Profile

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "trade_export.xlsx"

pytestmark = pytest.mark.skipif(
    not (
        hasattr(os, "fork")
        and hasattr(os, "sched_getaffinity")
        and len(os.sched_getaffinity(0)) > 1
    ),
    reason="steps run beside on Linux with two cores or more",
)


@pytest.fixture(scope="module")
def tables() -> Tables:
    cfg = load_config(None)
    return normalize(load_inputs([SAMPLE], cfg).sheets, cfg, None)


@pytest.fixture
def enabled(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(beside, "ENABLED", True)
    monkeypatch.setattr(pipeline, "EARLY_FROM_LINES", 0)  # the fits beside on the sample too
    assert beside.available()
    yield


def _run(tables: Tables, profile: Profile | None = None) -> pipeline.SegmentationResult:
    return pipeline.run(tables, load_config(None), profile=profile)


def _same(a: pipeline.SegmentationResult, b: pipeline.SegmentationResult) -> None:
    pd.testing.assert_frame_equal(a.customers, b.customers)
    assert a.details == b.details
    assert [w.code for w in a.warnings] == [w.code for w in b.warnings]
    assert a.warnings == b.warnings
    assert a.labels.run == b.labels.run
    assert [s.title for s in a.summaries] == [s.title for s in b.summaries]
    for x, y in zip(a.summaries, b.summaries, strict=True):
        pd.testing.assert_frame_equal(x.table, y.table)


def _children() -> int:
    """Child processes of this one, exited or running (none should be left: each is reaped)."""
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return 0
    return 1


def _patched(
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    wrap: Callable[[Any], Any],
    function: str = "classify",
) -> None:
    """The registry with step *name*'s classify function (or its *function*) wrapped."""
    records = [
        dataclasses.replace(r, **{function: wrap(getattr(r, function))}) if r.name == name else r
        for r in registry.REGISTRY
    ]
    monkeypatch.setattr(registry, "REGISTRY", records)
    monkeypatch.setattr(pipeline, "REGISTRY", records)


def test_the_steps_beside_give_what_they_give_in_process(tables: Tables, enabled: None) -> None:
    steps = registry.plan(load_config(None))
    assert [r.name for r, _ in registry.apart(steps)] == ["rfm", "trade", "clustering"]
    timer = Profile()
    parallel = _run(tables, timer)
    beside.ENABLED = False
    serial = _run(tables)
    _same(parallel, serial)
    assert list(parallel.customers.columns) == list(serial.customers.columns)  # plan order
    shown = [s.detail.en for s in timer.stages if s.detail is not None]
    apart = ["RFM segments", "Nine foreign-trade dimensions", "Behaviour clusters"]
    assert all(shown.count(title) == 1 for title in apart)  # beside, or taken back: once
    beside_ = [s.detail.en for s in timer.stages if s.detail is not None and s.beside]
    assert "waiting for the steps run in parallel" in shown
    assert set(beside_) <= {*apart, "Predicted value"}
    # The value model's fits beside the customer table, the rest of its step in the run.
    assert beside_.count("Predicted value") == 1 and shown.count("Predicted value") == 2
    assert timer.seconds("classify") == pytest.approx(
        sum(s.seconds for s in timer.stages if s.code == "classify" and not s.beside)
    )
    assert _children() == 0


def test_the_run_takes_back_the_steps_the_child_has_not_started(
    tables: Tables, enabled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The child takes the costliest step (clusters) first; the run, its own steps done, takes
    the others the child has not started (here the child is held in clusters until then), and
    computes them itself: the same result, clusters beside, trade and RFM in the run."""
    expected = _run(tables)
    started, go = os.pipe(), os.pipe()
    parent = os.getpid()

    def held(classify: Any) -> Any:
        def run(ctx: Context, settings: Any) -> Classified:
            if os.getpid() != parent:
                os.write(started[1], b"x")
                os.read(go[0], 1)  # until the run has taken the rest
            return classify(ctx, settings)

        return run

    claim = beside.Beside.claim

    def claim_then_go(self: beside.Beside) -> list[Any]:
        if "clustering" not in self.names:  # the fits' child
            return claim(self)
        os.read(started[0], 1)  # the child is in clusters
        taken = claim(self)
        os.write(go[1], b"x")
        return taken

    _patched(monkeypatch, "clustering", held)
    monkeypatch.setattr(beside.Beside, "claim", claim_then_go)
    timer = Profile()
    _same(_run(tables, timer), expected)
    titles = {s.detail.en: s.beside for s in timer.stages if s.detail is not None}
    assert titles["Behaviour clusters"]
    clusters = next(s for s in timer.stages if s.detail and s.detail.en == "Behaviour clusters")
    assert (
        clusters.message().render("en").startswith("classify · Behaviour clusters (in parallel):")
    )
    assert clusters.message().render("zh").startswith("分类·行为聚类（并行）：")
    assert not titles["Nine foreign-trade dimensions"] and not titles["RFM segments"]
    in_the_run = [s.detail.en for s in timer.stages if s.detail and not s.beside]
    assert in_the_run[-3:] == [  # taken costliest first, after the run's own steps
        "Nine foreign-trade dimensions",
        "RFM segments",
        "waiting for the steps run in parallel",
    ]
    for fd in (*started, *go):
        os.close(fd)
    assert _children() == 0


def _in_the_child(act: Callable[[], None]) -> Callable[[Any], Any]:
    """A wrapper of a step's function that does *act* when run in a child process."""
    parent = os.getpid()

    def wrap(function: Any) -> Any:
        def run(*args: Any) -> Any:
            if os.getpid() != parent:
                act()
            return function(*args)

        return run

    return wrap


def _fails() -> None:
    raise RuntimeError("only beside")


@pytest.mark.parametrize(
    ("step", "function", "act"),
    [
        ("clustering", "classify", _fails),
        ("trade", "classify", lambda: os._exit(9)),
        ("clv", "from_lines", _fails),
        ("clv", "from_lines", lambda: os._exit(9)),
    ],
    ids=[
        "a step failing beside",
        "a child that dies",
        "the fits failing beside",
        "the fits' child dying",
    ],
)
def test_what_goes_wrong_beside_is_computed_in_the_run(
    tables: Tables,
    enabled: None,
    monkeypatch: pytest.MonkeyPatch,
    step: str,
    function: str,
    act: Callable[[], None],
) -> None:
    expected = _run(tables)
    _patched(monkeypatch, step, _in_the_child(act), function)
    timer = Profile()
    _same(_run(tables, timer), expected)
    titles = {s.detail.en for s in timer.stages if s.detail is not None and not s.beside}
    assert "Predicted value" in titles  # made in the run when the fits did not come back
    assert _children() == 0


def test_fits_the_child_has_not_started_are_made_by_the_step(
    tables: Tables, enabled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A child that ends before it takes a job (here: the fits' child, at once) leaves the
    job to the run: the step makes its fits itself, and nothing is shown as done beside."""
    expected = _run(tables)
    child = beside._child

    def quits(jobs: Any, claims: int, write: int) -> None:
        if [job.name for job in jobs] == ["clv"]:
            os._exit(0)
        child(jobs, claims, write)

    monkeypatch.setattr(beside, "_child", quits)
    timer = Profile()
    _same(_run(tables, timer), expected)
    assert "Predicted value" not in {s.detail.en for s in timer.stages if s.beside and s.detail}
    assert _children() == 0


def test_a_refused_fork_runs_every_step_in_process(
    tables: Tables, enabled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused() -> int:
        raise OSError(11, "Resource temporarily unavailable")

    expected = _run(tables)
    monkeypatch.setattr(beside.os, "fork", refused)
    _same(_run(tables), expected)


def test_a_step_of_the_run_failing_stops_the_child(
    tables: Tables, enabled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def breaks(classify: Any) -> Any:
        def run(ctx: Context, settings: Any) -> Classified:
            raise RuntimeError("broken step")

        return run

    _patched(monkeypatch, "playbook", breaks)
    with pytest.raises(RuntimeError, match="broken step"):
        _run(tables)
    assert _children() == 0


def test_small_exports_fit_the_value_model_in_the_run(
    tables: Tables, enabled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Below EARLY_FROM_LINES order lines the fits are made by the step in the run (a fork
    would cost about what it saves); the steps no other step reads still go beside."""
    monkeypatch.setattr(pipeline, "EARLY_FROM_LINES", len(tables.lines) + 1)
    timer = Profile()
    _run(tables, timer)
    beside_ = {s.detail.en for s in timer.stages if s.beside and s.detail is not None}
    assert "Predicted value" not in beside_
    assert _children() == 0


def test_the_library_runs_every_step_in_process(tables: Tables) -> None:
    assert not beside.ENABLED and not beside.available()
    timer = Profile()
    _run(tables, timer)
    assert not any(s.beside for s in timer.stages)


def test_the_child_runs_below_the_run(enabled: None) -> None:
    """The child lowers its priority (beside.NICENESS): the run's work is never waited for."""
    own = os.getpriority(os.PRIO_PROCESS, 0)
    child = beside.Beside([beside.Job("priority", 1, lambda: os.getpriority(os.PRIO_PROCESS, 0))])
    try:
        priority, _seconds = child.results()["priority"]
    finally:
        child.close()
    assert priority == min(own + beside.NICENESS, 19)
    assert os.getpriority(os.PRIO_PROCESS, 0) == own
    assert _children() == 0


def test_the_child_does_side_by_side_work_one_item_after_another(enabled: None) -> None:
    """In the child the core left is the run's spare one: threads.side_by_side does its items
    in turn there (the same results), and still at once in the run."""
    from tiercli import threads

    def names(_item: int) -> str:
        import threading

        return threading.current_thread().name

    child = beside.Beside([beside.Job("threads", 1, lambda: threads.side_by_side(names, [1, 2]))])
    try:
        (ran, _seconds) = child.results()["threads"]
    finally:
        child.close()
    assert ran == ["MainThread", "MainThread"]
    assert threads.SIDE_BY_SIDE
    assert all(name != "MainThread" for name in threads.side_by_side(names, [1, 2]))
