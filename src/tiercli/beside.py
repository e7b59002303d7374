"""Work run beside the run, in a forked child process: the command's second core.

Most of a run is one Python thread, and the steps that hold it longest (k-means, the trade
dimensions, the value model's fits) cannot share a core through threads: they hold the
interpreter's lock. Two kinds of work go to a child process forked from the run — it shares
the run's memory as it stands, copy-on-write — while the run goes on; the results come back
pickled through a pipe:

- the part of a step that reads the order lines alone (:attr:`Classifier.from_lines`: the
  value model's fits), forked as soon as the lines are normalized and computed while the run
  builds the customer table (10M order lines: 4.5 s of fits beside a 4.4–5.9 s customer table);
- the steps that read only the customer table and the lines and whose columns no other step
  reads (:func:`tiercli.classifiers.registry.apart`: RFM, trade, clusters with the default
  config), forked once the customer table is built, computed while the run computes the other
  steps, and joined in plan order.

Either way the result is the one the work gives in-process (pinned by tests). The child runs
at a lower priority (:data:`NICENESS`): the run never waits for it before its own work is done,
so a core that the run's threads want is theirs first; and as the child has one core at most, it
does the items of :func:`tiercli.threads.side_by_side` (a fit's start points) in turn. The two share a
child's jobs out: each takes the next one (costliest first) by reading its number from a pipe
filled before the fork, the child as soon as it starts and the run once its own work is done
(:meth:`Beside.claim`) — a run whose own steps end first (Online Retail's: 0.21 s against
clusters' 0.19 s and the others' 0.09 s) computes what the child has not started instead of
waiting for it.

Only the ``tiercli`` command turns this on (:data:`ENABLED`, set by :mod:`tiercli.launch`), on
Linux with more than one core; the library runs everything in its own process. Anything that
goes wrong beside — the fork refused, the job failing or the child killed, a result that does
not unpickle — leaves the job to be done in the run as usual: slower, never different.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

ENABLED = False
"""Set by the ``tiercli`` command; off for the library and its tests unless they set it."""


def available() -> bool:
    """True when work may run beside: turned on, a fork-safe platform, a second core."""
    return (
        ENABLED
        and sys.platform.startswith("linux")
        and hasattr(os, "fork")
        and len(os.sched_getaffinity(0)) > 1
    )


@dataclass(frozen=True)
class Job:
    """A piece of work that may run beside: its name, its cost (the costliest are started
    first) and the work itself, whose result must pickle."""

    name: str
    cost: int
    work: Callable[[], Any]


NICENESS = 10
"""How much lower the child's scheduling priority is than the run's: on two cores the child's
threads (the fits' start points) would otherwise take turns with the run's, which waits for
nothing the child makes until its own work is done (10M order lines: the customer table beside
the fits 6.17 → 5.35 s, the whole run 21.5 → 20.1 s, medians of 3, alternating)."""

Result = tuple[Any, float]
"""A job's result and the seconds it took beside."""


class Beside:
    """Jobs computed in a forked child; :meth:`results` waits for them (once)."""

    def __init__(self, jobs: Sequence[Job]) -> None:
        self.names = [job.name for job in jobs]
        self._jobs = list(jobs)
        self._pid = 0
        self._read = -1
        self._claims = -1
        self._results: dict[str, Result] | None = None
        if not jobs or len(jobs) > 255:  # (a job's number is one byte)
            return
        # The jobs' numbers, costliest first, each read (claimed) by one process: a pipe's
        # reads of one byte are atomic, and with its writing end closed an empty pipe reads
        # as its end.
        claims, fill = os.pipe()
        order = sorted(range(len(jobs)), key=lambda i: -jobs[i].cost)
        os.write(fill, bytes(order))
        os.close(fill)
        read, write = os.pipe()
        try:
            with warnings.catch_warnings():  # 3.12+: "multi-threaded, fork() may deadlock"
                warnings.simplefilter("ignore", DeprecationWarning)
                pid = os.fork()
        except OSError:  # no memory for the child's page tables, a process limit: in-process
            for fd in (claims, read, write):
                os.close(fd)
            return
        if pid == 0:  # the child: compute, send, end without the parent's exit handlers
            os.close(read)
            _child(self._jobs, claims, write)
        os.close(write)
        self._pid, self._read, self._claims = pid, read, claims

    def claim(self) -> list[Job]:
        """The jobs the child has not started, taken from it for the caller to do (the child
        then never starts them)."""
        taken = []
        while self._claims >= 0 and (number := _next(self._claims)) is not None:
            taken.append(self._jobs[number])
        return taken

    def results(self) -> dict[str, Result]:
        """The jobs done beside, by name (one that failed there is missing: the caller does
        it)."""
        if self._results is None:
            self._results = self._collect()
        return self._results

    def _collect(self) -> dict[str, Result]:
        if not self._pid:
            return {}
        chunks = []
        with os.fdopen(self._read, "rb") as pipe:
            while chunk := pipe.read(1 << 20):
                chunks.append(chunk)
        os.waitpid(self._pid, 0)
        self._pid = 0
        try:
            found = pickle.loads(b"".join(chunks)) if chunks else {}
        except Exception:  # a child killed mid-way: a cut pickle
            return {}
        return found if isinstance(found, dict) else {}

    def close(self) -> None:
        """Stop a child whose results are not wanted any more (the run failed)."""
        if self._pid:
            try:
                os.kill(self._pid, signal.SIGKILL)
                os.waitpid(self._pid, 0)
            except OSError:
                pass
            os.close(self._read)
            self._pid = 0
        if self._claims >= 0:
            os.close(self._claims)
            self._claims = -1


def _next(claims: int) -> int | None:
    """The number of the next job not taken yet (read from the *claims* pipe), or None."""
    try:
        got = os.read(claims, 1)
    except OSError:
        return None
    return got[0] if got else None


def _child(jobs: Sequence[Job], claims: int, write: int) -> None:
    """In the forked child: the result of each job it takes from *claims* (a job that raises
    is left out), pickled to *write*; then the process ends at once."""
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends the child with the run
        os.nice(NICENESS)  # the run's own work first: a core the run leaves idle is the child's
        from tiercli import threads

        threads.SIDE_BY_SIDE = False  # (that one core: its threads would take turns on it)
        found: dict[str, Result] = {}
        while (number := _next(claims)) is not None:
            job = jobs[number]
            start = time.perf_counter()
            try:
                found[job.name] = (job.work(), time.perf_counter() - start)
            except Exception:  # the run does it again and reports what it raises
                continue
        data = pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write, "wb") as pipe:
            pipe.write(data)
    except BaseException:
        code = 1
    finally:
        os._exit(code)
