"""The ``tiercli`` command's entry point: memory settings for a one-off batch run, then the CLI.

A run builds and drops many columns of a million rows. Handing freed memory back to the system
and faulting it in again was a large share of a big run on the 2-core virtual machines we
measure on (1M order lines: ~0.6 s of 6.4 s; 10M: a third of the system time), so the command —
not the library, which leaves its host process alone — keeps freed memory for reuse:

- glibc's malloc: large blocks from the heap rather than their own mappings, and the heap
  trimmed only beyond 1 GiB free (``mallopt``; glibc only);
- Arrow's buffers from that same heap (``ARROW_DEFAULT_MEMORY_POOL=system``, set before pyarrow
  loads), not from Arrow's own allocator (mimalloc): what numpy frees, Arrow reuses, and the
  other way round. On the virtual machines we measure on, a page the process has not touched
  yet costs 1–2 ms a MB to fault in (the host backs it then: two gigabytes of fresh
  ``np.ones`` took 4.3 s, the same again at once 0.14 s), so every page handed back and
  taken again is paid twice. With two heaps that could not lend to each other, 10M order
  lines took 23.3 s (the read 2.0 s, sys time 8–11 s) at a peak of 2,800 MiB; with one,
  21.1 s (the read 1.0 s) at 2,630 MiB; 1M: 2.80 against 2.88 s, 570 against 674 MiB
  (medians of 3 and 7 runs, alternating). Should the user choose mimalloc, it keeps freed
  pages 30 ms before they go back to the system (``MIMALLOC_PURGE_DELAY=30``).

A setting the user made (``GLIBC_TUNABLES``, ``MALLOC_*``, ``ARROW_DEFAULT_MEMORY_POOL``,
``MIMALLOC_PURGE_DELAY``) is kept; with their own glibc settings Arrow keeps its default.

What a stage freed is kept for the next, not for the rest of the run: when a stage ends
(:data:`tiercli.profile.AFTER_STAGE`), a free glibc heap beyond 512 MiB is handed back
(``malloc_trim``: free pages anywhere in the heap, in the holes between live arrays that the
trim threshold, which looks at the heap's top only, never reaches), and so are the freed pages
of an Arrow allocator of its own. (Arrow's "release unused" on the system pool is a trim of the
whole heap however little is free; the normalizer calls it as it lets go of the read's raw
columns, which keeps the 10M peak at 2,630 MiB — without it, 3,430 MiB — but at a stage's end
the threshold decides.) Back when Arrow had its own heap, glibc held 0.55–1.2 GB free at 10M
order lines from normalize on while Arrow's columns grew beside it: handing it back took the
peak from 3.54 to 3.21 GB at 1 GiB and to 2.85 GB at 512 MiB, 8–17 ms a trim; at 256 MiB it
trimmed after every classifier too, and the summaries, faulting pages back in, took 1.9 s
instead of 0.8. A million lines never hold 512 MiB free: no change.

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
ARROW_POOL = "system"  # Arrow's buffers from glibc's heap (``ARROW_DEFAULT_MEMORY_POOL``)
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
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", ARROW_POOL)
    _glibc = libc


def free_heap() -> int:
    """Bytes glibc holds free in its heap (0 where that cannot be read: glibc before 2.33)."""
    info = getattr(_glibc, "mallinfo2", None)
    if info is None:
        return 0
    info.restype = _MallInfo2
    return int(info().fordblks)


def give_back() -> None:
    """When a stage ends: hand back glibc's free heap beyond :data:`GIVE_BACK_ABOVE`, and
    Arrow's freed pages when Arrow has an allocator of its own (see the module doc)."""
    if _glibc is not None and free_heap() > GIVE_BACK_ABOVE:
        _glibc.malloc_trim(0)
    arrow = sys.modules.get("pyarrow")
    if arrow is not None:
        pool = arrow.default_memory_pool()
        if pool.backend_name != "system":  # the system pool's release trims the whole heap
            pool.release_unused()


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
