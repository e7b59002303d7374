"""The ``tiercli`` command's entry point: memory settings for a one-off batch run, then the CLI.

A run builds and drops many columns of a million rows. Handing freed memory back to the system
and faulting it in again was a large share of a big run on the 2-core virtual machines we
measure on (1M order lines: ~0.6 s of 6.4 s; 10M: a third of the system time), so the command —
not the library, which leaves its host process alone — keeps freed memory for reuse:

- glibc's malloc (numpy and pandas arrays): large blocks from the heap rather than their own
  mappings, and the heap trimmed only beyond 1 GiB free (``mallopt``; glibc only);
- Arrow's mimalloc: freed pages kept for a second before they go back to the system
  (``MIMALLOC_PURGE_DELAY=1000``, set before pyarrow loads): a stage reuses what the one
  before it freed, and what lies unused longer — the raw cells of a 10M-line file once
  normalized — is returned (kept for good, the 10M peak was 5.6 GB; with the second,
  4.5 GB, and no slower).

A setting the user made (``GLIBC_TUNABLES``, ``MALLOC_*``, ``MIMALLOC_PURGE_DELAY``) is kept.

Python's cyclic garbage collector runs rarely (every 50,000 new container objects, not 700):
a run makes few reference cycles, and each full collection walked every object the imported
libraries hold (Online Retail's normalize varied 0.62–0.95 s with it; 1M lines: 0.2 s).

When the command is done (its files written and closed, its output flushed) the process ends
at once, without the interpreter's teardown of every object it still holds: at a million
order lines that teardown was 0.37 s of nothing. An interruption or a crash ends as usual.
"""

from __future__ import annotations

import gc
import os
import sys

_M_TRIM_THRESHOLD = -1
_M_MMAP_MAX = -4


def keep_freed_memory() -> None:
    """Keep freed memory in the process (see the module doc); a no-op where not supported."""
    os.environ.setdefault("MIMALLOC_PURGE_DELAY", "1000")
    user_set = "GLIBC_TUNABLES" in os.environ or any(k.startswith("MALLOC_") for k in os.environ)
    if user_set or not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        libc = ctypes.CDLL("libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc (musl, …): its own defaults
        return
    mallopt(_M_MMAP_MAX, 0)
    mallopt(_M_TRIM_THRESHOLD, 1 << 30)


def collect_rarely() -> None:
    """Run the cyclic garbage collector rarely (see the module doc)."""
    gc.set_threshold(50_000, 20, 100)


def as_the_command() -> None:
    """The process settings of the ``tiercli`` command (and of the benchmark's runs, which
    measure it): freed memory kept, the collector run rarely, steps run beside the run (those
    no other step reads, in a forked child: :mod:`tiercli.beside`)."""
    keep_freed_memory()
    collect_rarely()
    from tiercli import beside

    beside.ENABLED = True


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
