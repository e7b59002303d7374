"""Arrow work on threads: Arrow's kernels let go of the interpreter's lock, so the parts of a
long column, or a table's columns, are worked on at once, on as many threads as Arrow has CPUs
(``pyarrow.cpu_count()``: the machine's cores unless the user set ``OMP_NUM_THREADS``).

One pool per process, made on first use: a forked child — the run's steps beside it
(:mod:`tiercli.beside`) — has none of its parent's threads, and an executor it inherited
would wait for them for ever.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import pyarrow as pa

T = TypeVar("T")
R = TypeVar("R")

_POOLS: dict[int, ThreadPoolExecutor] = {}


def arrow_map(work: Callable[[T], R], items: Iterable[T]) -> list[R]:
    """``[work(item) for item in items]``, the items worked on at once (*work* should spend
    its time in Arrow or numpy, which let go of the interpreter's lock)."""
    pid = os.getpid()
    if pid not in _POOLS:
        _POOLS[pid] = ThreadPoolExecutor(pa.cpu_count(), thread_name_prefix="tiercli-arrow")
    return list(_POOLS[pid].map(work, items))
