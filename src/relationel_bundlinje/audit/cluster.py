"""The same audit on Dask: one act per task, the Screener loaded once per worker process.

Optional (``pip install "relationel-bundlinje[cluster]"``). ``--scheduler local`` starts a
``LocalCluster`` of worker processes on this machine; ``--scheduler tcp://host:8786`` uses a
running cluster. Each task carries the act's bytes, not its path, so workers need no access to
the parent's files — only the package (and a --rules/--model folder, if given, at the same path).
A worker keeps its Screener in a per-process cache: the first task on a worker loads it, every
later task reuses it.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any, Iterator

from ..batch import Outcome, run_one
from ..errors import BundlinjeError

_SCREENERS: dict[tuple[str | None, str | None], Any] = {}
_LOCK = threading.Lock()

INSTALL_HINT = 'Installér den med: pip install "relationel-bundlinje[cluster]".'


def _screener(rules_dir: str | None, model_dir: str | None) -> Any:
    """This worker process's Screener for these rules and model, built on its first task."""
    key = (rules_dir, model_dir)
    with _LOCK:
        if key not in _SCREENERS:
            from ..pipeline import Screener

            if rules_dir is None and model_dir is None:
                _SCREENERS[key] = Screener.default()
            else:
                _SCREENERS[key] = Screener.load(Path(rules_dir) if rules_dir else None,
                                                Path(model_dir) if model_dir else None)
        return _SCREENERS[key]


def audit_task(name: str, data: bytes, rules_dir: str | None, model_dir: str | None) -> Outcome:
    """One act on a worker: its record as a JSON-ready dict, or why it was refused."""
    from .record import screen_bytes

    screener = _screener(rules_dir, model_dir)
    return run_one(lambda _path: screen_bytes(screener, name, data).model_dump(mode="json"), Path(name), None)


def _client(scheduler: str, jobs: int):
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise BundlinjeError(f"Kørsel med --scheduler kræver pakken dask[distributed], som ikke er installeret. {INSTALL_HINT}") from None
    if scheduler == "local":
        cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True, dashboard_address=None,
                               silence_logs=logging.ERROR)
        return Client(cluster), cluster
    try:
        return Client(scheduler, timeout="15s"), None
    except (OSError, TimeoutError, ValueError) as err:
        raise BundlinjeError(f"Der kan ikke oprettes forbindelse til Dask-scheduleren {scheduler} ({type(err).__name__}). "
                             "Angiv adressen som tcp://vært:8786, eller brug --scheduler local.") from None


def run_on_dask(paths: list[Path], scheduler: str, *, jobs: int = 2, rules_dir: Path | None = None,
                model_dir: Path | None = None) -> Iterator[Outcome]:
    """Outcomes of ``paths`` as their tasks finish (the caller puts them in order)."""
    client, cluster = _client(scheduler, jobs)
    from distributed import as_completed

    rules = str(Path(rules_dir).resolve()) if rules_dir is not None else None
    model = str(Path(model_dir).resolve()) if model_dir is not None else None
    try:
        futures = {}
        for path in paths:
            data = Path(path).read_bytes()
            future = client.submit(audit_task, Path(path).name, data, rules, model, pure=False)
            futures[future] = Path(path)
        for future in as_completed(futures):
            path = futures[future]
            try:
                outcome = future.result()
            except Exception as err:  # noqa: BLE001 - a worker that died or a lost task
                outcome = Outcome(path, "intern", message=type(err).__name__)
            yield Outcome(path, outcome.kind, outcome.value, outcome.message)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
