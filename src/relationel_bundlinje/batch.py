"""Many bills: a job per file, in worker processes, with a time limit per file.

Processes, not threads: screening is CPU-bound Python. Each worker builds its Screener once
(``initializer``) and is started with *spawn*, so it shares nothing with the parent by accident.
A file that takes longer than ``timeout`` seconds is stopped and reported, never stalls the batch.
Ctrl-C and SIGTERM end the batch at once: the workers are terminated (no orphans, no tracebacks),
and a worker whose parent dies stops by itself.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

if TYPE_CHECKING:  # pragma: no cover
    from concurrent.futures import Future, ProcessPoolExecutor

#: Seconds one file may take by default (a 5 MB act screens in a few seconds).
DEFAULT_TIMEOUT = 300.0


class FileTimeout(Exception):
    """One file took longer than its time limit."""


@contextlib.contextmanager
def time_limit(seconds: float | None):
    """Raise :class:`FileTimeout` in this thread after ``seconds`` (main thread of a process only)."""
    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        yield
        return

    def expired(signum, frame):  # noqa: ARG001
        raise FileTimeout()

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Outcome:
    """What happened to one file: ``ok`` with the job's value, or ``fejl`` (a user error, Danish
    message), ``tid`` (time limit) or ``intern`` (an unexpected error)."""

    path: Path
    kind: str
    value: Any = None
    message: str = ""


def run_one(job: Callable[[Path], Any], path: Path, timeout: float | None) -> Outcome:
    from .errors import BundlinjeError

    try:
        with time_limit(timeout):
            return Outcome(path, "ok", job(path))
    except FileTimeout:
        return Outcome(path, "tid", message=f"Filen blev ikke færdig inden for {timeout:.0f} sekunder og er sprunget over.")
    except BundlinjeError as err:
        return Outcome(path, "fejl", message=err.message if err.path else str(err))
    except MemoryError:
        return Outcome(path, "fejl", message="Der var ikke hukommelse nok til at behandle filen.")
    except Exception as err:  # noqa: BLE001 - one broken file must not stop the batch
        return Outcome(path, "intern", message=type(err).__name__)


# --------------------------------------------------------------------------- workers

_JOB: Callable[[Path], Any] | None = None


def _watch_parent(parent: int) -> None:
    import time

    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(0)


def _init_worker(factory: Callable[[], Callable[[Path], Any]], parent: int) -> None:
    global _JOB
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C for everyone
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    _JOB = factory()


def _work(path: Path, timeout: float | None) -> Outcome:
    assert _JOB is not None
    return run_one(_JOB, path, timeout)


def run_batch(
    paths: Iterable[Path],
    factory: Callable[[], Callable[[Path], Any]],
    *,
    jobs: int = 1,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> Iterator[Outcome]:
    """Outcomes in the order of ``paths``. ``factory`` (picklable, module-level) builds the job in
    each process — the Screener is loaded once per worker."""
    paths = list(paths)
    if jobs <= 1 or len(paths) <= 1:
        job = factory()
        for path in paths:
            yield run_one(job, path, timeout)
        return
    # Imported here: one file in one process (``bundlinje screen lov.txt``) needs no pool.
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_worker, initargs=(factory, os.getpid()))
    stopping = threading.Event()

    def stop(signum, frame):  # noqa: ARG001
        stopping.set()
        raise KeyboardInterrupt

    old = signal.signal(signal.SIGTERM, stop) if threading.current_thread() is threading.main_thread() else None
    try:
        futures: dict[int, Future] = {}
        pending = list(enumerate(paths))
        done: dict[int, Outcome] = {}
        next_out = 0
        window = jobs * 2
        while pending or futures:
            while pending and len(futures) < window:
                i, path = pending.pop(0)
                futures[i] = pool.submit(_work, path, timeout)
            finished, _ = wait(list(futures.values()), return_when=FIRST_COMPLETED)
            for i, f in list(futures.items()):
                if f in finished:
                    try:
                        done[i] = f.result()
                    except Exception as err:  # noqa: BLE001 - a worker that died
                        done[i] = Outcome(paths[i], "intern", message=type(err).__name__)
                    del futures[i]
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
    except BaseException:
        _terminate(pool)
        raise
    finally:
        if old is not None:
            signal.signal(signal.SIGTERM, old)
        pool.shutdown(wait=True, cancel_futures=True)


def _terminate(pool: ProcessPoolExecutor) -> None:
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for p in processes:
        with contextlib.suppress(Exception):
            p.terminate()
    for p in processes:
        with contextlib.suppress(Exception):
            p.join(timeout=5)
