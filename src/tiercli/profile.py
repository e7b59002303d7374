"""Per-stage wall time and peak memory of a run (``tiercli segment --profile``,
``TIERCLI_PROFILE=1``, and ``benchmarks/bench_segment.py``).

A :class:`Profile` is handed to :func:`tiercli.pipeline.segment`; each stage of the run is timed
with ``with profile.stage("read"):``. Peak memory is the process's peak resident set size
(``getrusage``), read when each stage ends: it only grows, so the stage where it jumps is the one
that allocated. Timing costs a few microseconds per stage; with no profile nothing is recorded.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from tiercli.catalogue import Both, Message, define, msg

__all__ = ["AFTER_STAGE", "STAGES", "Profile", "Stage", "peak_rss"]

# Stage code → (zh, en). A classifier's stage is "classify" with its own title as detail.
STAGES: dict[str, tuple[str, str]] = {
    "read": ("读取文件", "read"),
    "normalize": ("清洗与换算", "normalize"),
    "features": ("客户表", "customer table"),
    "classify": ("分类", "classify"),
    "summaries": ("汇总表", "summaries"),
    "write": ("写出", "write"),
    "total": ("合计", "total"),
}

define(
    {
        "profile.header": ("各阶段耗时与内存", "Time and memory by stage"),
        "profile.stage": (
            "{stage}：{seconds} 秒，峰值内存 {memory} 兆字节",
            "{stage}: {seconds} s, peak memory {memory} MiB",
        ),
    }
)


# Called as each stage ends, before its peak memory is read. The ``tiercli`` command hands freed
# memory back there (:func:`tiercli.launch.give_back`); the library leaves it unset.
AFTER_STAGE: Callable[[], None] | None = None


def peak_rss() -> int:
    """The process's peak resident set size so far, in bytes (0 where it cannot be read)."""
    try:
        import resource
    except ImportError:  # Windows
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak) if sys.platform == "darwin" else int(peak) * 1024


@dataclass(frozen=True)
class Stage:
    """One timed stage: its code, a detail (a classifier's title), seconds and peak bytes."""

    code: str
    seconds: float
    peak: int
    detail: Both | None = None
    beside: bool = False  # run in parallel with the others (its time is not the run's)

    def message(self) -> Message:
        zh, en = STAGES[self.code]
        if self.detail is not None:
            zh, en = f"{zh}·{self.detail.zh}", f"{en} · {self.detail.en}"
        if self.beside:
            zh, en = f"{zh}（并行）", f"{en} (in parallel)"
        return msg(
            "profile.stage",
            stage=Both(zh, en),
            seconds=f"{self.seconds:.2f}",
            memory=f"{self.peak / 2**20:,.0f}",
        )


@dataclass
class Profile:
    """The stages of one run, in the order they ended."""

    stages: list[Stage] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)

    @contextmanager
    def stage(self, code: str, detail: Both | None = None) -> Iterator[None]:
        """Time the block as stage *code* (one of :data:`STAGES`)."""
        if code not in STAGES:
            raise KeyError(f"unknown profile stage '{code}'")
        start = time.perf_counter()
        try:
            yield
        finally:
            if AFTER_STAGE is not None:
                AFTER_STAGE()
            self.stages.append(Stage(code, time.perf_counter() - start, peak_rss(), detail))

    def beside(self, code: str, detail: Both, seconds: float) -> None:
        """A stage that ran in parallel with the others (see :mod:`tiercli.beside`), timed
        there: listed, not counted in its code's total."""
        self.stages.append(Stage(code, seconds, peak_rss(), detail, beside=True))

    def seconds(self, code: str) -> float:
        """Total seconds of the stages with *code* (every classifier's, for ``classify``; the
        ones run in parallel are not the run's time)."""
        return sum(s.seconds for s in self.stages if s.code == code and not s.beside)

    def total(self) -> Stage:
        return Stage("total", time.perf_counter() - self.started, peak_rss())

    def messages(self) -> list[Message]:
        """The header, one line per stage, and the total since the profile was made."""
        return [msg("profile.header"), *(s.message() for s in self.stages), self.total().message()]

    def as_dict(self) -> dict[str, Any]:
        """Seconds per stage code (classifiers summed, and each under ``classify:<name>``)."""
        out: dict[str, Any] = {}
        for s in self.stages:
            if not s.beside:
                out[s.code] = out.get(s.code, 0.0) + s.seconds
            if s.detail is not None:
                out[f"{s.code}:{s.detail.en}"] = s.seconds
        out["peak_bytes"] = peak_rss()
        return out
