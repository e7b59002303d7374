"""Work on threads. Arrow's kernels and numpy's element-wise functions let go of the
interpreter's lock, so work that spends its time in them runs at once on the machine's cores:

- :func:`arrow_map`: the parts of a long column, or a table's columns, on as many threads as
  Arrow has CPUs (``pyarrow.cpu_count()``: the machine's cores unless the user set
  ``OMP_NUM_THREADS``). One pool per process, made on first use: a forked child — the run's
  steps beside it (:mod:`tiercli.beside`) — has none of its parent's threads, and an executor
  it inherited would wait for them for ever.
- :func:`side_by_side`: a few long tasks (a model fit's start points), each on a thread of its
  own for the call's length (a task may itself call it: no shared pool to run out of).
- :func:`both`: two tasks at once, one on a thread (an order sheet's ids and dates).
- :func:`import_beside`: modules imported on a thread while the caller works on; joined before
  the run forks (a child would wait for ever on an import lock held by a thread it lacks).
"""

from __future__ import annotations

import contextlib
import importlib
import os
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import pyarrow as pa

T = TypeVar("T")
R = TypeVar("R")
A = TypeVar("A")
B = TypeVar("B")

_POOLS: dict[int, ThreadPoolExecutor] = {}


def arrow_map(work: Callable[[T], R], items: Iterable[T]) -> list[R]:
    """``[work(item) for item in items]``, the items worked on at once (*work* should spend
    its time in Arrow or numpy, which let go of the interpreter's lock)."""
    pid = os.getpid()
    if pid not in _POOLS:
        _POOLS[pid] = ThreadPoolExecutor(pa.cpu_count(), thread_name_prefix="tiercli-arrow")
    return list(_POOLS[pid].map(work, items))


SIDE_BY_SIDE = True
"""False in a child process beside the run (:mod:`tiercli.beside`): the core the child has is
the one the run leaves, and its threads would only take turns on it — there the items of
:func:`side_by_side` are done one after another (10M order lines: the value model's fits
beside the customer table 5.59 → 5.07 s, medians of 3)."""


def side_by_side(work: Callable[[T], R], items: Iterable[T]) -> list[R]:
    """``[work(item) for item in items]``, each item on a thread of its own, the results in
    the items' order (the first exception raised, once all are done). For a few tasks of
    similar length that spend their time in numpy: three start points of one fit on two cores
    take about two-thirds of the time of one after another."""
    todo = list(items)
    if len(todo) < 2 or not SIDE_BY_SIDE:
        return [work(item) for item in todo]
    with ThreadPoolExecutor(len(todo), thread_name_prefix="tiercli-side") as pool:
        return list(pool.map(work, todo))


def both(first: Callable[[], A], second: Callable[[], B], at_once: bool = True) -> tuple[A, B]:
    """``(first(), second())``; with *at_once*, *second* runs on a thread of its own while
    *first* runs here (both should spend their time in Arrow or numpy). An exception from
    either is raised once both are done."""
    if not at_once:
        return first(), second()
    with ThreadPoolExecutor(1, thread_name_prefix="tiercli-side") as pool:
        later = pool.submit(second)
        return first(), later.result()


def import_beside(modules: Iterable[str]) -> threading.Thread:
    """Import *modules* on a thread of their own; ``join()`` the thread returned before using
    them from a forked child or timing anything that needs them. Worth it for a module that
    takes a tenth of a second or more to import while the caller runs on one core (an import
    mostly holds the interpreter's lock, so it slows work that does not let go of it)."""
    names = list(modules)

    def work() -> None:
        for name in names:
            # A module that fails to import here fails again, with its own error, where the
            # step imports it: nothing is printed from the thread.
            with contextlib.suppress(Exception):
                importlib.import_module(name)

    worker = threading.Thread(target=work, name="tiercli-import", daemon=True)
    worker.start()
    return worker
