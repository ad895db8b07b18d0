"""An audit run: find the acts, take what the cache already knows, screen the rest (worker
processes or a Dask cluster), and hand back one record per act in a fixed order."""

from __future__ import annotations

import csv
import functools
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..errors import InputError
from .cache import ActCache, Versions, sha256_bytes, versions
from .record import ActRecord, document_name, make_job

#: File types an audit reads in a folder.
INPUT_SUFFIXES = (".docx", ".txt", ".html", ".htm", ".xml", ".pdf")

#: Seconds one act may take before it is skipped (the largest act in force screens in seconds).
DEFAULT_TIMEOUT = 300.0


@dataclass
class Act:
    """An act to audit: its file, its bytes' digest, and the title a manifest gives it."""

    path: Path
    sha256: str
    size: int
    manifest_title: str | None = None

    @property
    def document(self) -> str:
        return document_name(self.path)


@dataclass
class AuditRun:
    """What one run did: a record per act (input order), and how many were screened now."""

    records: list[ActRecord]
    titles: dict[str, str] = field(default_factory=dict)  # document -> title from a MANIFEST.tsv
    screened: int = 0
    cached: int = 0
    seconds: float = 0.0
    characters: int = 0


def manifest_titles(folder: Path) -> dict[str, str]:
    """Titles from a folder's ``MANIFEST.tsv`` (columns ``id`` and ``title``), where there is one."""
    path = folder / "MANIFEST.tsv"
    if not path.is_file():
        return {}
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = csv.DictReader(fh, delimiter="\t")
            if not rows.fieldnames or "id" not in rows.fieldnames or "title" not in rows.fieldnames:
                return {}
            return {r["id"]: " ".join((r["title"] or "").replace("\\n", " ").split()) for r in rows if r.get("id")}
    except (OSError, UnicodeDecodeError, csv.Error):
        return {}


def collect(folders: Iterable[Path]) -> list[Act]:
    """Every act in the folders (not their subfolders), ordered by name; each file is read once
    here for its digest."""
    acts: list[Act] = []
    seen: dict[str, Path] = {}
    for folder in folders:
        folder = Path(folder)
        if not folder.is_dir():
            raise InputError(f"{folder} er ikke en mappe. Angiv en eller flere mapper med love.")
        titles = manifest_titles(folder)
        files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES)
        for path in files:
            if path.stem in seen:
                raise InputError(f"Dokumentet {path.stem} findes både i {seen[path.stem].parent} og i {folder}; "
                                 "navnene skal være entydige, for at rapporten kan henvise til dem.")
            seen[path.stem] = path
            try:
                data = path.read_bytes()
            except OSError as err:
                raise InputError(f"Filen {path} kan ikke læses ({err.strerror}).") from None
            acts.append(Act(path, sha256_bytes(data), len(data), titles.get(path.stem)))
    if not acts:
        raise InputError("Mapperne indeholder ingen dokumenter, der kan screenes (.txt, .docx, .html, .xml eller .pdf).")
    acts.sort(key=lambda a: (a.document, str(a.path)))
    return acts


def _refused(act: Act, v: Versions, reason: str) -> ActRecord:
    return ActRecord(document=act.document, sha256=act.sha256, model_version=v.model, rules_version=v.rules,
                     refused=reason)


def run_audit(
    folders: Iterable[Path],
    *,
    jobs: int = 1,
    cache_dir: Path | None = None,
    use_cache: bool = True,
    scheduler: str | None = None,
    rules_dir: Path | None = None,
    model_dir: Path | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    on_start: Callable[[int], None] | None = None,
    on_done: Callable[[ActRecord], None] | None = None,
    job_factory: Callable[[], Callable[[Path], dict]] | None = None,
    acts: list[Act] | None = None,
) -> AuditRun:
    """Audit every act in ``folders``. ``cache_dir`` keeps records per act (``use_cache=False``
    screens everything again and refreshes the cache); ``scheduler`` runs on Dask (``"local"`` for
    a LocalCluster of ``jobs`` workers). ``on_start(n)`` is told how many acts are screened,
    ``on_done`` each record as it arrives. ``job_factory`` (picklable) replaces the per-process job
    of the worker pool, e.g. to screen with a Screener of one's own. ``acts`` are the folders' acts
    where the caller has already collected them."""
    began = time.perf_counter()
    acts = acts if acts is not None else collect(folders)
    v = versions(rules_dir, model_dir)
    cache = ActCache(cache_dir, v) if cache_dir is not None else None
    known: dict[str, ActRecord] = {}
    if cache is not None and use_cache:
        for act in acts:
            record = cache.get(act.sha256, act.document)
            if record is not None:
                known[act.document] = record
    todo = [a for a in acts if a.document not in known]
    if on_start is not None:
        on_start(len(todo))
    for record, keep in _screen(todo, v, jobs=jobs, scheduler=scheduler, rules_dir=rules_dir,
                                model_dir=model_dir, timeout=timeout, factory=job_factory):
        known[record.document] = record
        if cache is not None and keep:
            cache.put(record)
        if on_done is not None:
            on_done(record)
    titles = {a.document: a.manifest_title for a in acts if a.manifest_title}
    return AuditRun(
        records=[known[a.document] for a in acts],
        titles=titles,
        screened=len(todo),
        cached=len(acts) - len(todo),
        seconds=time.perf_counter() - began,
        characters=sum(a.size for a in acts),
    )


def _screen(todo: list[Act], v: Versions, *, jobs: int, scheduler: str | None, rules_dir: Path | None,
            model_dir: Path | None, timeout: float | None,
            factory: Callable[[], Callable[[Path], dict]] | None = None) -> Iterator[tuple[ActRecord, bool]]:
    """Records of the acts screened now, each with whether it may be kept: a refusal for the act's
    own content is kept (the same bytes are refused again), a time limit or an internal error is
    not (it may pass on another run)."""
    if not todo:
        return
    # Largest acts first: the workers then finish together instead of one of them screening the
    # biggest act alone at the end (the records are put back in name order by the caller).
    todo = sorted(todo, key=lambda a: (-a.size, a.document))
    if scheduler is not None:
        from .cluster import run_on_dask

        outcomes = run_on_dask([a.path for a in todo], scheduler, jobs=jobs, rules_dir=rules_dir, model_dir=model_dir)
    else:
        from ..batch import run_batch

        factory = factory or functools.partial(make_job, rules_dir=rules_dir, model_dir=model_dir)
        outcomes = run_batch([a.path for a in todo], factory, jobs=max(1, min(jobs, len(todo))), timeout=timeout)
    by_path = {a.path: a for a in todo}
    for outcome in outcomes:
        act = by_path[outcome.path]
        if outcome.kind == "ok":
            record = ActRecord.model_validate(outcome.value)
            yield record.model_copy(update={"document": act.document}), True
        elif outcome.kind == "fejl":
            yield _refused(act, v, outcome.message), True
        elif outcome.kind == "tid":
            yield _refused(act, v, outcome.message), False
        else:
            yield _refused(act, v, f"Intern fejl ({outcome.message}); dokumentet er sprunget over."), False
