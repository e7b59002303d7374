"""The ``tiercli`` command's entry point: memory settings for a one-off batch run, then the CLI.

A run builds and drops many columns of a million rows. Handing freed memory back to the system
and faulting it in again was a large share of a big run on the 2-core virtual machines we
measure on (1M order lines: ~0.6 s of 6.4 s; 10M: a third of the system time), so the command —
not the library, which leaves its host process alone — keeps freed memory for reuse:

- glibc's malloc (numpy and pandas arrays): large blocks from the heap rather than their own
  mappings, and the heap trimmed only beyond 1 GiB free (``mallopt``; glibc only);
- Arrow's mimalloc: freed pages kept 30 ms before they go back to the system
  (``MIMALLOC_PURGE_DELAY=30``, set before pyarrow loads): a step reuses what the one before
  it freed, and what lies unused longer — the raw cells of a 10M-line file once normalized —
  is returned. Kept for good, the 10M peak was 5.6 GB; kept a second, 4.5 GB; 100 ms and
  30 ms are as fast at 1M (2.91 s against 3.13 s for a second; 2.63 against 2.65 s for 100 ms,
  medians of 5) and hold ~100 and ~120 MiB less at the 10M peak (2,825–2,837 MiB at 30 ms);
  not kept at all (0), the 1M read and normalize took 0.1 s longer.

A setting the user made (``GLIBC_TUNABLES``, ``MALLOC_*``, ``MIMALLOC_PURGE_DELAY``) is kept.

What a stage freed is kept for the next, not for the rest of the run: when a stage ends
(:data:`tiercli.profile.AFTER_STAGE`), a free glibc heap beyond 512 MiB is handed back
(``malloc_trim``: free pages anywhere in the heap, in the holes between live arrays that the
trim threshold, which looks at the heap's top only, never reaches), and so are Arrow's freed
pages. At 10M order lines glibc held 0.55–1.2 GB free from normalize on, while the next
stages' Arrow columns (mimalloc's, which cannot use those holes) grew: handing it back took
the run's peak from 3.54 to 3.21 GB at 1 GiB and, with Arrow's shorter delay above, to
2.85 GB (2,851 MiB) at 512 MiB, 8–17 ms a trim. At 256 MiB it trimmed after every classifier
too, and the summaries, faulting pages back in, took 1.9 s instead of 0.8. A million lines
never hold 512 MiB free: no change.

Python's cyclic garbage collector runs rarely (every 50,000 new container objects, not 700):
a run makes few reference cycles, and each full collection walked every object the imported
libraries hold (Online Retail's normalize varied 0.62–0.95 s with it; 1M lines: 0.2 s).

When the command is done (its files written and closed, its output flushed) the process ends
at once, without the interpreter's teardown of every object it still holds: at a million
order lines that teardown was 0.37 s of nothing. An interruption or a crash ends as usual.
"""

from __future__ import annotations

import ctypes
import gc
import os
import sys
from typing import Any

_M_TRIM_THRESHOLD = -1
_M_MMAP_MAX = -4
ARROW_PURGE_DELAY = "30"  # ms Arrow keeps freed pages (``MIMALLOC_PURGE_DELAY``)
GIVE_BACK_ABOVE = 512 << 20  # bytes of glibc's free heap a stage may leave to the next

_glibc: Any = None  # glibc, once keep_freed_memory has changed its settings


class _MallInfo2(ctypes.Structure):
    """glibc's ``struct mallinfo2`` (2.33 and later)."""

    _fields_ = [
        (name, ctypes.c_size_t)
        for name in (
            [
                "arena",
                "ordblks",
                "smblks",
                "hblks",
                "hblkhd",
                "usmblks",
                "fsmblks",
                "uordblks",
                "fordblks",
                "keepcost",
            ]
        )
    ]


def keep_freed_memory() -> None:
    """Keep freed memory in the process (see the module doc); a no-op where not supported."""
    os.environ.setdefault("MIMALLOC_PURGE_DELAY", ARROW_PURGE_DELAY)
    user_set = "GLIBC_TUNABLES" in os.environ or any(k.startswith("MALLOC_") for k in os.environ)
    if user_set or not sys.platform.startswith("linux"):
        return
    global _glibc
    try:
        libc = ctypes.CDLL("libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc (musl, …): its own defaults
        return
    mallopt(_M_MMAP_MAX, 0)
    mallopt(_M_TRIM_THRESHOLD, 1 << 30)
    _glibc = libc


def free_heap() -> int:
    """Bytes glibc holds free in its heap (0 where that cannot be read: glibc before 2.33)."""
    info = getattr(_glibc, "mallinfo2", None)
    if info is None:
        return 0
    info.restype = _MallInfo2
    return int(info().fordblks)


def give_back() -> None:
    """When a stage ends: hand back glibc's free heap beyond :data:`GIVE_BACK_ABOVE` and
    Arrow's freed pages (see the module doc)."""
    if _glibc is not None and free_heap() > GIVE_BACK_ABOVE:
        _glibc.malloc_trim(0)
    arrow = sys.modules.get("pyarrow")
    if arrow is not None:
        arrow.default_memory_pool().release_unused()


def collect_rarely() -> None:
    """Run the cyclic garbage collector rarely (see the module doc)."""
    gc.set_threshold(50_000, 20, 100)


def as_the_command() -> None:
    """The process settings of the ``tiercli`` command (and of the benchmark's runs, which
    measure it): freed memory kept (handed back at a stage's end when it is much), the
    collector run rarely, steps run beside the run (those no other step reads, in a forked
    child: :mod:`tiercli.beside`)."""
    keep_freed_memory()
    collect_rarely()
    from tiercli import beside, profile

    beside.ENABLED = True
    profile.AFTER_STAGE = give_back


def main() -> None:
    """Console-script entry point (``tiercli``)."""
    as_the_command()
    from tiercli.cli import main as run

    try:
        run()
    except SystemExit as stop:
        leave(stop.code)
    leave(0)


def leave(code: int | str | None) -> None:
    """End the process with *code* as ``sys.exit`` would (a text is printed, exit 1), after
    flushing the standard streams, without tearing the interpreter down."""
    if isinstance(code, str):
        print(code, file=sys.stderr)
        code = 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe (tiercli … | head): nothing left to say
        pass
    os._exit(code or 0)
