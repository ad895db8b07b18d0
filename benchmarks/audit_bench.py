"""Throughput of ``bundlinje audit`` against bare spaCy tokenization of the same texts.

The target: the whole law in force (``in-force/`` + ``retsinformation/``, about 1,150 acts and
41 MB) audited on 2 cores within 2× the time ``spacy.blank("da")`` needs to tokenize the same
texts in one process. Each audit runs as the user runs it — ``bundlinje audit … --no-cache`` in a
fresh process, start-up and report included — so the figures are what a user waits for.

    python benchmarks/audit_bench.py                      # both folders, -j 1 and -j 2
    python benchmarks/audit_bench.py --limit 100 --jobs 2 # a quick look
    python benchmarks/audit_bench.py --profile 40         # cProfile of 40 acts in one process

Prints a table: acts, characters, tokenization seconds, audit seconds per -j, and the ratio.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from relationel_bundlinje.resources import shared_bills_dir  # noqa: E402

SUFFIXES = (".txt", ".docx", ".html", ".htm", ".xml", ".pdf")


def acts(folders: list[Path], limit: int | None) -> list[Path]:
    paths = sorted((p for f in folders for p in f.iterdir() if p.suffix.lower() in SUFFIXES), key=lambda p: p.name)
    return paths[:limit] if limit else paths


def tokenize_seconds(paths: list[Path]) -> tuple[float, int]:
    """Bare tokenization of every text in one process (spaCy's own Danish tokenizer, nothing else)."""
    import spacy

    nlp = spacy.blank("da")
    nlp.max_length = 10_000_000
    texts = [p.read_text(encoding="utf-8") for p in paths]
    began, cpu = time.perf_counter(), time.process_time()
    tokens = 0
    for text in texts:
        tokens += len(nlp.make_doc(text))
    seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
    return seconds, cpu, sum(len(t) for t in texts)


def audit_seconds(folders: list[Path], jobs: int, work: Path) -> tuple[float, float]:
    """One audit as a user runs it, in a fresh process, nothing cached: wall-clock seconds, and
    the CPU seconds of the process and its workers (which other load on the machine leaves alone)."""
    report = work / f"rapport-j{jobs}.json"
    cmd = [sys.executable, "-m", "relationel_bundlinje", "audit", *map(str, folders), "-o", str(report), "--force",
           "--no-cache", "--cache", str(work / f"cache-j{jobs}"), "-j", str(jobs)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    result = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"audit -j {jobs} failed:\n{result.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu


def profile(paths: list[Path], out: Path) -> None:
    """cProfile of screening ``paths`` in this process (the Screener loaded first, not profiled)."""
    from relationel_bundlinje.audit.record import make_job

    job = make_job()
    profiler = cProfile.Profile()
    began = time.perf_counter()
    profiler.enable()
    for p in paths:
        try:
            job(p)
        except Exception as err:  # noqa: BLE001 - a refused act is part of the workload
            print(f"{p.name}: {type(err).__name__}", file=sys.stderr)
    profiler.disable()
    print(f"screened {len(paths)} acts in {time.perf_counter() - began:.1f} s (under the profiler)")
    profiler.dump_stats(out)
    pstats.Stats(str(out)).sort_stats("cumulative").print_stats(35)
    pstats.Stats(str(out)).sort_stats("tottime").print_stats(25)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    bills = shared_bills_dir()
    ap.add_argument("folders", nargs="*", type=Path, default=[bills / "in-force", bills / "retsinformation"])
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--limit", type=int, help="Only the first N acts (by name), for a quick look.")
    ap.add_argument("--profile", type=int, metavar="N", help="Profile N acts in one process instead.")
    args = ap.parse_args()

    paths = acts(args.folders, args.limit or args.profile)
    if args.profile:
        profile(paths, Path(tempfile.gettempdir()) / "audit_bench.prof")
        return
    with tempfile.TemporaryDirectory(prefix="audit-bench-") as tmp:
        work = Path(tmp)
        folders = args.folders
        if args.limit:
            folders = [work / "acts"]
            folders[0].mkdir()
            for p in paths:
                os.symlink(p, folders[0] / p.name)
        load = os.getloadavg()[0]
        tok, tok_cpu, chars = tokenize_seconds(paths)
        times = {j: audit_seconds(folders, j, work) for j in args.jobs}
        shutil.rmtree(work / "acts", ignore_errors=True)
    head = [f"{'acts':>6}", f"{'characters':>12}", f"{'tokenize s':>11}"]
    row = [f"{len(paths):>6}", f"{chars:>12,}", f"{tok:>11.1f}"]
    for j, (wall, _) in times.items():
        head.append(f"{f'audit -j {j} s':>13}")
        row.append(f"{wall:>13.1f}")
    for j, (wall, _) in times.items():
        head.append(f"{f'ratio -j {j}':>10}")
        row.append(f"{wall / tok:>10.2f}")
    print(" ".join(head))
    print(" ".join(row))
    # The same work in CPU seconds: what the audit costs however busy the machine is, and the best
    # a run on ``cores`` free cores can do (its CPU time spread evenly over them).
    print(f"\nload average before the run: {load:.1f} (a busy machine lengthens the wall-clock figures)")
    print(f"tokenization CPU s: {tok_cpu:.1f}")
    for j, (wall, cpu) in times.items():
        print(f"audit -j {j}: CPU s {cpu:.1f} = {cpu / tok_cpu:.2f}x tokenization; on {j} free core(s) at best "
              f"{cpu / j / tok:.2f}x (measured {wall / tok:.2f}x)")


if __name__ == "__main__":
    main()
