"""Speed and memory of ``bundlinje screen`` on the real acts, printed as a Markdown table.

    python benchmarks/bench.py [--bills DIR] [--quick] [--largest N] [--profile]

Measures, on the acts in ``DIR`` (default: ``resources.shared_bills_dir()/retsinformation``):

* screening time of ``pipeline.screen(Path)`` for the largest documents, with the rules, the model
  and the spaCy pipeline already loaded (their one-off loading is reported as "first call"), next
  to bare ``spacy.blank("da")`` tokenisation of the same text in the same run;
* the whole batch in one process, and in a ``ProcessPoolExecutor(2)`` (spawned workers, each
  loading the model once), wall time from process start to the last result;
* cold start of the ``bundlinje screen --example`` command and the package's import time;
* peak resident memory of a process screening the largest document and of one screening the batch.

Targets from the issue are printed next to the figures. ``--profile`` (needs ``pyinstrument``)
prints the hot spots of screening the largest document.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

#: Targets from the issue.
TARGET_RATIO = 3.0  # screening the largest document vs bare tokenisation
TARGET_COLD_START_S = 3.0
TARGET_PEAK_MB = 600.0

FIXED_DATE = "2026-01-01"

# Run in a fresh interpreter: screen the files named in argv, report times as JSON on stdout.
# Its peak memory is read by the parent from the child's own rusage (os.wait4).
_CHILD = r"""
import json, sys, time
from pathlib import Path
t0 = time.perf_counter()
from relationel_bundlinje import pipeline
from relationel_bundlinje.errors import BundlinjeError
pipeline.default_ruleset(); pipeline.default_model()
t1 = time.perf_counter()
ok = failed = 0
for name in sys.argv[1:]:
    try:
        pipeline.screen(Path(name), fixed_date="2026-01-01")
        ok += 1
    except BundlinjeError:
        failed += 1
t2 = time.perf_counter()
print(json.dumps({"load_s": t1 - t0, "screen_s": t2 - t1, "ok": ok, "failed": failed}))
"""


# --------------------------------------------------------------------------- helpers


def _best(fn, repeats: int) -> float:
    """Best wall time of ``repeats`` calls (the least disturbed by the rest of the machine)."""
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def _run_measured(cmd: list[str], env: dict | None = None) -> tuple[float, float, str, int]:
    """Run ``cmd``; return wall seconds, the child's peak RSS in MB, its stdout and exit code.

    ``os.wait4`` gives the rusage of exactly this child (``RUSAGE_CHILDREN`` would be the maximum
    over every child waited for so far, so an earlier larger run would mask a later one).
    """
    # Output goes to files, not pipes: a full pipe would block the child while we wait for it.
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    # ru_maxrss is in KiB on Linux, bytes on macOS.
    scale = 1 if sys.platform == "darwin" else 1024
    peak_mb = usage.ru_maxrss * scale / (1024 * 1024)
    if code != 0:
        sys.stderr.write(stderr[-2000:])
    return wall, peak_mb, stdout, code


def _bundlinje_cmd() -> list[str]:
    """The installed console script beside this interpreter, else ``python -m``."""
    script = Path(sys.executable).with_name("bundlinje")
    if script.is_file():
        return [str(script)]
    found = shutil.which("bundlinje")
    return [found] if found else [sys.executable, "-m", "relationel_bundlinje"]


def _mark(ok: bool) -> str:
    return "✓" if ok else "✗"


# --------------------------------------------------------------------------- pool workers


def _pool_init() -> None:
    from relationel_bundlinje import nlp, pipeline

    pipeline.default_ruleset()
    pipeline.default_model()
    nlp.get_nlp()


def _pool_screen(name: str) -> bool:
    from relationel_bundlinje import pipeline
    from relationel_bundlinje.errors import BundlinjeError

    try:
        pipeline.screen(Path(name), fixed_date=FIXED_DATE)
        return True
    except BundlinjeError:
        return False


# --------------------------------------------------------------------------- measurements


def measure_in_process(largest: list[Path], batch: list[Path], repeats: int) -> dict:
    import spacy

    t = time.perf_counter()
    from relationel_bundlinje import nlp, pipeline
    from relationel_bundlinje.errors import BundlinjeError
    from relationel_bundlinje.resources import example_bill

    import_s = time.perf_counter() - t
    t = time.perf_counter()
    pipeline.default_ruleset()
    pipeline.default_model()
    nlp.get_nlp()
    nlp.lemma_table()
    load_s = time.perf_counter() - t
    t = time.perf_counter()
    pipeline.screen(example_bill(), fixed_date=FIXED_DATE)
    first_example_s = time.perf_counter() - t

    blank = spacy.blank("da")
    docs = []
    for path in largest:
        text = path.read_text(encoding="utf-8")
        # Each repetition starts without the per-text caches, as a new bill would.
        screen_s = _best(lambda: (pipeline.clear_text_caches(), pipeline.screen(path, fixed_date=FIXED_DATE)), repeats)
        tok_s = _best(lambda: blank.make_doc(text), repeats)
        docs.append({"name": path.name, "chars": len(text), "screen_s": screen_s, "tokenize_s": tok_s})

    ok = failed = 0
    pipeline.clear_text_caches()
    t = time.perf_counter()
    for path in batch:
        try:
            pipeline.screen(path, fixed_date=FIXED_DATE)
            ok += 1
        except BundlinjeError:
            failed += 1
    batch_screen_s = time.perf_counter() - t
    texts = [p.read_text(encoding="utf-8") for p in batch]
    t = time.perf_counter()
    for text in texts:
        blank.make_doc(text)
    batch_tok_s = time.perf_counter() - t
    return {
        "import_s": import_s,
        "load_s": load_s,
        "first_example_s": first_example_s,
        "docs": docs,
        "batch": {"n": len(batch), "ok": ok, "failed": failed, "chars": sum(map(len, texts)),
                  "screen_s": batch_screen_s, "tokenize_s": batch_tok_s},
    }


def measure_startup(runs: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "x.json"
        cmd = [*_bundlinje_cmd(), "screen", "--example", "--format", "json", "-o", str(out), "--force",
               "--fixed-date", FIXED_DATE]
        cold = []
        for _ in range(runs):
            wall, _, _, code = _run_measured(cmd)
            if code != 0:
                raise SystemExit(f"bundlinje screen --example failed with exit code {code}")
            cold.append(wall)
    py = sys.executable
    bare = min(_run_measured([py, "-c", "pass"])[0] for _ in range(runs))
    pkg = min(_run_measured([py, "-c", "import relationel_bundlinje"])[0] for _ in range(runs))
    cli = min(_run_measured([py, "-c", "import relationel_bundlinje.cli"])[0] for _ in range(runs))
    return {"cold_start_s": min(cold), "python_s": bare, "import_pkg_s": pkg, "import_cli_s": cli,
            "command": "python -m relationel_bundlinje" if cmd[0] == sys.executable else "bundlinje"}


def measure_processes(largest: Path, batch: list[Path]) -> dict:
    one_wall, one_peak, out, code = _run_measured([sys.executable, "-c", _CHILD, str(largest)])
    if code != 0:
        raise SystemExit("screening the largest document in a subprocess failed")
    batch_wall, batch_peak, out, code = _run_measured([sys.executable, "-c", _CHILD, *map(str, batch)])
    if code != 0:
        raise SystemExit("screening the batch in a subprocess failed")
    inner = json.loads(out.strip().splitlines()[-1])

    # Largest first, one file per task: the two workers finish at about the same time.
    ordered = sorted(batch, key=lambda p: p.stat().st_size, reverse=True)
    t = time.perf_counter()
    with ProcessPoolExecutor(2, mp_context=get_context("spawn"), initializer=_pool_init) as pool:
        results = list(pool.map(_pool_screen, map(str, ordered), chunksize=1))
    pool_wall = time.perf_counter() - t
    return {
        "largest_peak_mb": one_peak,
        "largest_wall_s": one_wall,
        "batch_peak_mb": batch_peak,
        "batch_one_process_s": batch_wall,
        "batch_inner": inner,
        "batch_pool_s": pool_wall,
        "pool_ok": sum(results),
    }


def profile_largest(path: Path) -> str:
    try:
        from pyinstrument import Profiler
    except ImportError:
        return "(pyinstrument is not installed: pip install pyinstrument)"
    from relationel_bundlinje import pipeline

    pipeline.screen(path, fixed_date=FIXED_DATE)  # warm: loading is not what we profile
    profiler = Profiler(interval=0.001)
    profiler.start()
    pipeline.screen(path, fixed_date=FIXED_DATE)
    profiler.stop()
    return profiler.output_text(unicode=True, color=False, show_all=False)


# --------------------------------------------------------------------------- report


def report(inproc: dict, startup: dict, procs: dict, *, quick: bool) -> str:
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} CPU, Python {platform.python_version()}, "
        f"{platform.system()}. Times are wall-clock seconds"
        + (" (quick run: 1 repetition, partial batch)." if quick else ", best of 3 where repeated."),
        "",
        "| Document | Characters | Screen (s) | Bare tokenisation (s) | Ratio | Target ≤ 3× |",
        "| --- | ---: | ---: | ---: | ---: | :---: |",
    ]
    for i, d in enumerate(inproc["docs"]):
        ratio = d["screen_s"] / d["tokenize_s"]
        target = _mark(ratio <= TARGET_RATIO) if i == 0 else "–"
        lines.append(f"| `{d['name']}` | {d['chars']:,} | {d['screen_s']:.2f} | {d['tokenize_s']:.2f} | "
                     f"{ratio:.1f}× | {target} |")
    b = inproc["batch"]
    lines.append(f"| batch of {b['n']} acts ({b['ok']} screened, {b['failed']} refused) | {b['chars']:,} | "
                 f"{b['screen_s']:.1f} | {b['tokenize_s']:.1f} | {b['screen_s'] / b['tokenize_s']:.1f}× | – |")
    largest = inproc["docs"][0]
    ratio = largest["screen_s"] / largest["tokenize_s"]
    inner = procs["batch_inner"]
    lines += [
        "",
        "| Measure | Figure | Target |",
        "| --- | ---: | :---: |",
        f"| Largest document: screen / bare tokenisation | {ratio:.1f}× | ≤ {TARGET_RATIO:.0f}× {_mark(ratio <= TARGET_RATIO)} |",
        f"| Cold start: `{startup['command']} screen --example --format json -o …` (process start to exit) | "
        f"{startup['cold_start_s']:.2f} s | < {TARGET_COLD_START_S:.0f} s {_mark(startup['cold_start_s'] < TARGET_COLD_START_S)} |",
        f"| Start of the Python interpreter alone (`python -c pass`) | {startup['python_s']:.2f} s | – |",
        f"| `python -c \"import relationel_bundlinje\"` | {startup['import_pkg_s']:.2f} s | – |",
        f"| `python -c \"import relationel_bundlinje.cli\"` (all commands registered) | {startup['import_cli_s']:.2f} s | – |",
        f"| First call in a process: loading rules, model and spaCy pipeline | {inproc['load_s']:.2f} s | – |",
        f"| First call: screening the example bill right after loading | {inproc['first_example_s']:.2f} s | – |",
        f"| Peak memory (RSS), process screening the largest document | {procs['largest_peak_mb']:.0f} MB | "
        f"< {TARGET_PEAK_MB:.0f} MB {_mark(procs['largest_peak_mb'] < TARGET_PEAK_MB)} |",
        f"| Peak memory (RSS), one process screening the batch | {procs['batch_peak_mb']:.0f} MB | "
        f"< {TARGET_PEAK_MB:.0f} MB {_mark(procs['batch_peak_mb'] < TARGET_PEAK_MB)} |",
        f"| Batch, one process (start to exit; loading {inner['load_s']:.1f} s) | {procs['batch_one_process_s']:.1f} s | – |",
        f"| Batch, `ProcessPoolExecutor(2)` (spawn, model loaded once per worker) | {procs['batch_pool_s']:.1f} s | – |",
        f"| Speed-up of 2 worker processes over one process | {procs['batch_one_process_s'] / procs['batch_pool_s']:.2f}× | – |",
    ]
    return "\n".join(lines)


def _default_bills() -> Path:
    from relationel_bundlinje.resources import shared_bills_dir

    return shared_bills_dir() / "retsinformation"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bills", type=Path, help="folder of .txt acts (default: shared/bills/retsinformation)")
    parser.add_argument("--quick", action="store_true", help="1 repetition, largest document only, 30-act batch")
    parser.add_argument("--largest", type=int, default=3, help="how many of the largest documents to time")
    parser.add_argument("--profile", action="store_true", help="print pyinstrument hot spots of the largest document")
    args = parser.parse_args(argv)

    bills = args.bills or _default_bills()
    files = sorted(bills.glob("*.txt")) if bills.is_dir() else []
    if not files:
        print(f"No .txt acts in {bills}; give the folder with --bills.", file=sys.stderr)
        return 2
    by_size = sorted(files, key=lambda p: p.stat().st_size, reverse=True)
    repeats = 1 if args.quick else 3
    largest = by_size[: 1 if args.quick else max(1, args.largest)]
    batch = files[:30] if args.quick else files

    print(f"Benchmarking {len(largest)} largest documents and a batch of {len(batch)} from {bills} …",
          file=sys.stderr)
    inproc = measure_in_process(largest, batch, repeats)
    startup = measure_startup(repeats)
    procs = measure_processes(largest[0], batch)
    print(report(inproc, startup, procs, quick=args.quick))
    if args.profile:
        print("\n```\n" + profile_largest(largest[0]) + "\n```")
    return 0


if __name__ == "__main__":
    sys.exit(main())
