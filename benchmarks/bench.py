"""Speed and memory of ``bundlinje screen`` on the real acts, printed as a Markdown table.

    python benchmarks/bench.py [--bills DIR] [--quick] [--runs N] [--largest N] [--profile] [--as-is]

Every target is a ratio of two figures measured in the same run, on the same machine, moments
apart, so a loaded machine slows both sides alike (seconds are printed too, but only the ratios
are held against the targets). Measured, on the acts in ``DIR`` (default:
``resources.shared_bills_dir()``, its ``retsinformation/`` and ``in-force/`` folders):

* cold start: a fresh process running ``bundlinje screen --example --format json -o FILE``, from
  process start to exit, against a fresh process running ``python -c "import spacy;
  spacy.blank('da')"``; best of N runs each, the two interleaved. Target ≤ 1.2×. Beside it the
  interpreter alone and the import time of the package and of the command line;
* screening the largest act of each folder with the Screener already loaded, against bare
  ``spacy.blank("da")`` tokenisation of the same text in the same process. Target ≤ 1.5×.
  *First screening*: a fresh process builds the Screener (as ``bundlinje screen`` builds it,
  ``commands._common.screener()``, and as the library does, ``Screener.default()``; not timed),
  then times its first ``screen()`` of the act and the first ``make_doc`` of a fresh
  ``spacy.blank("da")``: what ``bundlinje screen act.txt`` does, every per-process cache cold;
  best of R processes. *Repeated*: ``Screener.default()`` in this process, after one untimed
  round, with the per-text caches cleared before each timed one (word-level caches stay warm);
  best of R;
* the one-off cost in a process: loading ``Screener.default()`` and the first screening of the
  example bill right after;
* peak memory (RSS) of a ``bundlinje screen ACT --format json -o FILE`` process on the largest act
  of each folder (``os.wait4`` rusage of exactly that child);
* the batch of the ``retsinformation`` acts through the product's batch path
  (``bundlinje screen FILES… --out-dir DIR --format json``, which runs ``batch.run_batch``) with
  ``-j 1`` (one process) and ``-j 2`` (two spawned worker processes, each building the Screener
  once): wall time from process start to exit, and peak RSS (``-j 2``: also the sum over the
  process tree, sampled every 50 ms), next to bare tokenisation of the same texts in one process.

Child processes run from cached bytecode in a private ``PYTHONPYCACHEPREFIX``, as an installed
package runs from its ``.pyc`` files; where the environment sets ``PYTHONDONTWRITEBYTECODE`` (which
would compile this package, but not site-packages, at every start) the cold start is also shown as
the environment runs it. ``--as-is`` runs every child in the environment as given.

``--quick`` runs 3 cold starts each, 1 repetition of the screenings and 30 acts of the batch
(spread over the folder): a couple of minutes. The full run: 7 cold starts, 3 repetitions, all
acts. ``--profile`` (needs ``pyinstrument``) also prints the hot spots of the cold start and of
the first screening of the largest act.
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
import threading
import time
from pathlib import Path

#: Targets (ratios to bare spaCy measured in the same run).
TARGET_COLD_START = 1.2  # bundlinje screen --example vs python -c "import spacy; spacy.blank('da')"
TARGET_LARGEST = 1.5  # first screening of the largest act vs bare tokenisation of its text
#: Peak memory of one process (the earlier issue's bound; not a ratio, so only indicative).
TARGET_PEAK_MB = 600.0

FIXED_DATE = "2026-01-01"
BASELINE_CODE = "import spacy; spacy.blank('da')"

# A fresh interpreter: load the Screener (argv[2]: "command" as every bundlinje command builds it,
# commands._common.screener(); "library": Screener.default()), then time the first screening of
# argv[1] and the first tokenisation of its text by a fresh spacy.blank("da"); JSON on stdout.
_CHILD_FIRST = r"""
import json, sys, time
from pathlib import Path
path = Path(sys.argv[1])
t = time.perf_counter()
import spacy
if sys.argv[2] == "command":
    from relationel_bundlinje.commands._common import screener as build
else:
    from relationel_bundlinje.pipeline import Screener
    build = Screener.default
screener = build()
load_s = time.perf_counter() - t
text = path.read_text(encoding="utf-8")
t = time.perf_counter()
screener.screen(path, fixed_date="2026-01-01")
screen_s = time.perf_counter() - t
blank = spacy.blank("da")
t = time.perf_counter()
blank.make_doc(text)
tokenize_s = time.perf_counter() - t
print(json.dumps({"load_s": load_s, "screen_s": screen_s, "tokenize_s": tokenize_s}))
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


def _tree_rss_mb(root: int) -> float:
    """Resident memory of ``root`` and all its descendants now, in MB (Linux ``/proc``)."""
    parent: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        # The command name is in parentheses and may contain spaces: fields follow the last ")".
        fields = stat[stat.rfind(b")") + 2 :].split()
        parent[int(entry)] = int(fields[1])
    tree, frontier = {root}, [root]
    while frontier:
        p = frontier.pop()
        for child, ppid in parent.items():
            if ppid == p and child not in tree:
                tree.add(child)
                frontier.append(child)
    total_kb = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total_kb += int(line.split()[1])
                        break
        except OSError:
            continue
    return total_kb / 1024


#: Environment of every child process: bytecode cached in a private folder (see ``_child_env``).
CHILD_ENV: dict[str, str] | None = None


def _child_env(pycache: Path | None) -> dict[str, str]:
    """The children's environment. With ``pycache``, bytecode is written to and read from that
    folder for every module (``PYTHONPYCACHEPREFIX``), as an installed package would run from its
    ``.pyc`` files, even where the environment sets ``PYTHONDONTWRITEBYTECODE`` (which would
    compile this package's sources at every start, while site-packages keep their installed
    ``.pyc``); the checkout gets no ``__pycache__``."""
    env = dict(os.environ)
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def _run_measured(cmd: list[str], *, sample_tree: bool = False, env: dict[str, str] | None = None) -> dict:
    """Run ``cmd``; its wall seconds, peak RSS in MB, stdout and exit code.

    ``os.wait4`` gives the rusage of exactly this child: its ``ru_maxrss`` is the peak of the
    largest single process among it and the children it waited for (``RUSAGE_CHILDREN`` would be
    the maximum over every child waited for so far, so an earlier larger run would mask a later
    one). With ``sample_tree`` the sum over the whole process tree is also sampled every 50 ms.
    """
    # Output goes to files, not pipes: a full pipe would block the child while we wait for it.
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env or CHILD_ENV)
        peak_tree = [0.0]
        done = threading.Event()
        sampler = None
        if sample_tree and sys.platform.startswith("linux"):
            def sample() -> None:
                while not done.wait(0.05):
                    peak_tree[0] = max(peak_tree[0], _tree_rss_mb(proc.pid))

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        done.set()
        if sampler is not None:
            sampler.join()
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    # ru_maxrss is in KiB on Linux, bytes on macOS.
    scale = 1 if sys.platform == "darwin" else 1024
    if code != 0:
        sys.stderr.write(f"$ {' '.join(cmd[:6])} … exited with {code}\n{stderr[-2000:]}\n")
    return {"wall_s": wall, "peak_mb": usage.ru_maxrss * scale / (1024 * 1024), "tree_peak_mb": peak_tree[0],
            "stdout": stdout, "code": code}


def _checked(result: dict, what: str) -> dict:
    if result["code"] != 0:
        raise SystemExit(f"{what} failed with exit code {result['code']}")
    return result


def _bundlinje_cmd() -> list[str]:
    """The installed console script beside this interpreter, else ``python -m``."""
    script = Path(sys.executable).with_name("bundlinje")
    if script.is_file():
        return [str(script)]
    found = shutil.which("bundlinje")
    return [found] if found else [sys.executable, "-m", "relationel_bundlinje"]


def _mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- measurements


def measure_startup(runs: int, *, as_is: bool) -> dict:
    """Cold start of the example command against bare spaCy, interleaved, best of ``runs`` each
    (after one untimed run of each, which writes the bytecode); with ``as_is`` also in the
    environment as it was given, where that does not write bytecode."""
    py = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "eksempel.json"
        cmd = [*_bundlinje_cmd(), "screen", "--example", "--format", "json", "-o", str(out), "--force",
               "--fixed-date", FIXED_DATE]
        _checked(_run_measured(cmd), "bundlinje screen --example")
        _checked(_run_measured([py, "-c", BASELINE_CODE]), "spacy.blank('da')")
        cold, spacy_s, cold_env, spacy_env = [], [], [], []
        for _ in range(runs):
            cold.append(_checked(_run_measured(cmd), "bundlinje screen --example")["wall_s"])
            spacy_s.append(_checked(_run_measured([py, "-c", BASELINE_CODE]), "spacy.blank('da')")["wall_s"])
            if as_is:
                cold_env.append(_checked(_run_measured(cmd, env=dict(os.environ)), "bundlinje screen --example")["wall_s"])
                spacy_env.append(_checked(_run_measured([py, "-c", BASELINE_CODE], env=dict(os.environ)),
                                          "spacy.blank('da')")["wall_s"])
    extra: dict = {"as_is": (min(cold_env), min(spacy_env)) if as_is else None}
    for name, code in (("python_s", "pass"), ("import_pkg_s", "import relationel_bundlinje"),
                       ("import_cli_s", "import relationel_bundlinje.cli")):
        extra[name] = min(_checked(_run_measured([py, "-c", code]), code)["wall_s"] for _ in range(runs))
    return {"cold_start_s": min(cold), "spacy_s": min(spacy_s), "runs": runs, **extra,
            "command": "python -m relationel_bundlinje" if cmd[0] == py else "bundlinje"}


def measure_first_screening(path: Path, repeats: int, how: str) -> dict:
    """Best of ``repeats`` fresh processes: first screening vs first bare tokenisation."""
    best: dict | None = None
    for _ in range(repeats):
        r = _checked(_run_measured([sys.executable, "-c", _CHILD_FIRST, str(path), how]), f"screening {path.name}")
        figures = json.loads(r["stdout"].strip().splitlines()[-1])
        # Each side its own best: the two are timed in the same process, moments apart.
        if best is None:
            best = figures
        else:
            best = {k: min(best[k], figures[k]) for k in best}
    assert best is not None
    return best


def _clear_text_caches() -> None:
    """Forget what is cached per text (the direction cues of a clause's text), so that screening
    the same act again is not served from memory. Word-level caches stay (keys of a word form,
    its character n-grams and mechanisms): they are vocabulary, valid for every bill."""
    from relationel_bundlinje.classifier import cues

    clear = getattr(getattr(cues, "_cue_tuple", None), "cache_clear", None)
    if clear is not None:
        clear()


def measure_in_process(acts: list[Path], repeats: int) -> dict:
    """In this process: the one-off loading, the example, and repeated screening of each act."""
    t = time.perf_counter()
    import spacy

    from relationel_bundlinje.pipeline import Screener
    from relationel_bundlinje.resources import example_bill

    import_s = time.perf_counter() - t
    t = time.perf_counter()
    screener = Screener.default()
    load_s = time.perf_counter() - t
    t = time.perf_counter()
    screener.screen(example_bill(), fixed_date=FIXED_DATE)
    first_example_s = time.perf_counter() - t

    blank = spacy.blank("da")
    docs = []
    for path in acts:
        text = path.read_text(encoding="utf-8")
        screener.screen(path, fixed_date=FIXED_DATE)  # one untimed round: the form caches fill
        blank.make_doc(text)
        screen_s = _best(lambda: (_clear_text_caches(), screener.screen(path, fixed_date=FIXED_DATE)), repeats)
        tok_s = _best(lambda: blank.make_doc(text), repeats)
        docs.append({"path": path, "chars": len(text), "screen_s": screen_s, "tokenize_s": tok_s})
    return {"import_s": import_s, "load_s": load_s, "first_example_s": first_example_s, "docs": docs}


def measure_memory(path: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [*_bundlinje_cmd(), "screen", str(path), "--format", "json", "-o", str(Path(tmp) / "out.json"),
               "--fixed-date", FIXED_DATE]
        r = _checked(_run_measured(cmd), f"bundlinje screen {path.name}")
    return {"wall_s": r["wall_s"], "peak_mb": r["peak_mb"]}


def measure_batch(batch: list[Path]) -> dict:
    """The batch through ``bundlinje screen FILES… --out-dir`` (``batch.run_batch``), -j 1 and -j 2."""
    out: dict = {"n": len(batch)}
    for jobs in (1, 2):
        with tempfile.TemporaryDirectory() as tmp:
            cmd = [*_bundlinje_cmd(), "screen", *map(str, batch), "--out-dir", tmp, "--format", "json",
                   "--fixed-date", FIXED_DATE, "-j", str(jobs)]
            r = _run_measured(cmd, sample_tree=True)
            written = len(list(Path(tmp).glob("*.json")))
        # Exit code 2: some files were refused (reported in the table); anything else is a failure.
        if r["code"] not in (0, 2):
            raise SystemExit(f"the batch with -j {jobs} failed with exit code {r['code']}")
        out[jobs] = {"wall_s": r["wall_s"], "peak_mb": r["peak_mb"], "tree_peak_mb": r["tree_peak_mb"],
                     "written": written}
    import spacy

    blank = spacy.blank("da")
    texts = [p.read_text(encoding="utf-8") for p in batch]
    t = time.perf_counter()
    for text in texts:
        blank.make_doc(text)
    out["tokenize_s"] = time.perf_counter() - t
    out["chars"] = sum(map(len, texts))
    return out


def profile_cold_start() -> str:
    cmd = [sys.executable, "-m", "pyinstrument", "-i", "0.001", "-r", "text", "--no-color", "-m", "relationel_bundlinje",
           "screen", "--example", "--format", "json", "-o", os.devnull, "--force", "--fixed-date", FIXED_DATE]
    r = subprocess.run(cmd, capture_output=True, text=True)
    return r.stdout if r.returncode == 0 else r.stderr[-2000:]


def profile_first_screening(path: Path) -> str:
    from pyinstrument import Profiler

    from relationel_bundlinje.pipeline import Screener

    screener = Screener.load()  # a fresh one: the first screening, caches cold
    profiler = Profiler(interval=0.001)
    profiler.start()
    screener.screen(path, fixed_date=FIXED_DATE)
    profiler.stop()
    return profiler.output_text(unicode=True, color=False, show_all=False)


# --------------------------------------------------------------------------- report


def report(startup: dict, first: dict[tuple[Path, str], dict], inproc: dict, memory: dict[Path, dict], batch: dict, *,
           quick: bool, repeats: int, load: tuple[float, float], bytecode: bool) -> str:
    def folder(p: Path) -> str:
        return f"{p.parent.name}/{p.name}"

    cs_ratio = startup["cold_start_s"] / startup["spacy_s"]
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} CPU, Python {platform.python_version()}, {platform.system()}; "
        f"load average {load[0]:.1f} at the start, {load[1]:.1f} at the end (other jobs were running). "
        f"Wall-clock seconds; cold starts best of {startup['runs']} interleaved, screenings best of {repeats}"
        + (" (quick run)." if quick else ".")
        + (" Child processes run from cached bytecode (a private `PYTHONPYCACHEPREFIX`)." if bytecode else
           " Child processes run in the environment as given (`--as-is`)."),
        "",
        "| Measure | Figures | Ratio | Target | |",
        "| --- | ---: | ---: | ---: | :---: |",
        f"| Cold start: `{startup['command']} screen --example --format json -o …` vs "
        f"`python -c \"{BASELINE_CODE}\"` (process start to exit) | {startup['cold_start_s']:.2f} s vs "
        f"{startup['spacy_s']:.2f} s | {cs_ratio:.2f}× | ≤ {TARGET_COLD_START}× | {_mark(cs_ratio <= TARGET_COLD_START)} |",
    ]
    built = {"command": "Screener built as `bundlinje screen` builds it", "library": "`Screener.default()`"}
    for (path, how), f in first.items():
        ratio = f["screen_s"] / f["tokenize_s"]
        lines.append(
            f"| Largest act `{folder(path)}`, first screening in a fresh process ({built[how]}, loaded) vs bare "
            f"tokenisation there | {f['screen_s']:.2f} s vs {f['tokenize_s']:.2f} s | {ratio:.2f}× | ≤ {TARGET_LARGEST}× | "
            f"{_mark(ratio <= TARGET_LARGEST)} |")
    for d in inproc["docs"]:
        ratio = d["screen_s"] / d["tokenize_s"]
        lines.append(
            f"| Largest act `{folder(d['path'])}`, screened again in this process (word caches warm) vs bare "
            f"tokenisation | {d['screen_s']:.2f} s vs {d['tokenize_s']:.2f} s | {ratio:.2f}× | ≤ {TARGET_LARGEST}× | "
            f"{_mark(ratio <= TARGET_LARGEST)} |")
    if startup.get("as_is"):
        mine, base = startup["as_is"]
        lines.append(
            f"| Cold start as this environment runs it (`PYTHONDONTWRITEBYTECODE`: the package compiled from source at "
            f"every start, spaCy from its installed `.pyc`) | {mine:.2f} s vs {base:.2f} s | {mine / base:.2f}× | – | |")
    lines += [
        "",
        "| Document | Characters | Screen (s) | Bare tokenisation (s) | Ratio |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for (path, how), f in first.items():
        lines.append(f"| `{folder(path)}`, first screening in a fresh process ({how}) | {inproc_chars(inproc, path):,} | "
                     f"{f['screen_s']:.2f} | {f['tokenize_s']:.2f} | {f['screen_s'] / f['tokenize_s']:.2f}× |")
    for d in inproc["docs"]:
        lines.append(f"| `{folder(d['path'])}`, repeated in one process (word caches warm, per-text caches cleared) | {d['chars']:,} | {d['screen_s']:.2f} | "
                     f"{d['tokenize_s']:.2f} | {d['screen_s'] / d['tokenize_s']:.2f}× |")
    j1, j2 = batch[1], batch[2]
    lines.append(f"| batch of {batch['n']} acts, `-j 1`, process start to exit | {batch['chars']:,} | {j1['wall_s']:.1f} | "
                 f"{batch['tokenize_s']:.1f} | {j1['wall_s'] / batch['tokenize_s']:.2f}× |")
    lines += [
        "",
        "| Measure | Figure | |",
        "| --- | ---: | --- |",
        f"| Start of the Python interpreter alone (`python -c pass`) | {startup['python_s']:.2f} s | |",
        f"| `python -c \"import relationel_bundlinje\"` | {startup['import_pkg_s']:.2f} s | |",
        f"| `python -c \"import relationel_bundlinje.cli\"` (all commands registered) | {startup['import_cli_s']:.2f} s | |",
        f"| First call in a process: `Screener.default()` (Danish pipeline, rules, model; imports {inproc['import_s']:.2f} s before) | "
        f"{inproc['load_s']:.2f} s | |",
        f"| First call: screening the example bill right after loading | {inproc['first_example_s']:.2f} s | |",
    ]
    for path, m in memory.items():
        lines.append(f"| Peak memory (RSS), `bundlinje screen {path.name} --format json -o …` ({m['wall_s']:.1f} s) | "
                     f"{m['peak_mb']:.0f} MB | < {TARGET_PEAK_MB:.0f} MB {_mark(m['peak_mb'] < TARGET_PEAK_MB)} |")
    lines += [
        f"| Batch, one process (`-j 1`; {j1['written']} written) | {j1['wall_s']:.1f} s | peak {j1['peak_mb']:.0f} MB |",
        f"| Batch, two worker processes (`-j 2`, spawned, Screener loaded once per worker; {j2['written']} written) | "
        f"{j2['wall_s']:.1f} s | peak {j2['tree_peak_mb']:.0f} MB all processes, {j2['peak_mb']:.0f} MB the largest |",
        f"| Speed-up of 2 worker processes over one process (on {os.cpu_count()} CPUs shared with other jobs) | "
        f"{j1['wall_s'] / j2['wall_s']:.2f}× | |",
    ]
    return "\n".join(lines)


def inproc_chars(inproc: dict, path: Path) -> int:
    for d in inproc["docs"]:
        if d["path"] == path:
            return d["chars"]
    return len(path.read_text(encoding="utf-8"))


def _default_bills() -> Path:
    from relationel_bundlinje.resources import shared_bills_dir

    return shared_bills_dir()


def _acts(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.txt")) if folder.is_dir() else []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bills", type=Path,
                        help="folder with retsinformation/ and in-force/ (default: shared/bills), or one folder of .txt acts")
    parser.add_argument("--quick", action="store_true", help="3 cold starts, 1 repetition, 30-act batch")
    parser.add_argument("--runs", type=int, help="cold starts of each kind (default 7, quick 3)")
    parser.add_argument("--largest", type=int, default=1, help="how many of the largest acts of each folder to time")
    parser.add_argument("--profile", action="store_true", help="print pyinstrument hot spots (pip install pyinstrument)")
    parser.add_argument("--as-is", action="store_true",
                        help="run the children in this environment as it is (no private bytecode cache)")
    args = parser.parse_args(argv)

    root = args.bills or _default_bills()
    folders = [root / "retsinformation", root / "in-force"]
    folders = [f for f in folders if _acts(f)] or ([root] if _acts(root) else [])
    if not folders:
        print(f"No .txt acts in {root}; give the folder with --bills.", file=sys.stderr)
        return 2
    repeats = 1 if args.quick else 3
    runs = args.runs or (3 if args.quick else 7)
    largest = [p for f in folders for p in sorted(_acts(f), key=lambda p: p.stat().st_size, reverse=True)[: max(1, args.largest)]]
    batch_all = _acts(folders[0])
    # Quick: 30 acts spread evenly over the sorted names (all kinds of act, not just the first kind).
    batch = batch_all[:: max(1, len(batch_all) // 30)][:30] if args.quick else batch_all

    global CHILD_ENV
    pycache = None if args.as_is else Path(tempfile.mkdtemp(prefix="bench-pycache-"))
    CHILD_ENV = _child_env(pycache)
    # Where the environment does not write bytecode, the cold start is also measured as it runs there.
    no_bytecode = bool(os.environ.get("PYTHONDONTWRITEBYTECODE")) or sys.flags.dont_write_bytecode
    try:
        return _run(args, folders, largest, batch, repeats, runs, pycache=pycache, also_as_is=pycache is not None and no_bytecode)
    finally:
        if pycache is not None:
            shutil.rmtree(pycache, ignore_errors=True)


def _run(args, folders, largest, batch, repeats, runs, *, pycache, also_as_is) -> int:
    load_start = os.getloadavg()[0]
    _log(f"Cold start, {runs} runs of each …")
    startup = measure_startup(runs, as_is=also_as_is)
    first: dict[tuple[Path, str], dict] = {}
    for path in largest:
        for how in ("command", "library"):
            _log(f"First screening of {path.name} ({how}), {repeats} fresh process(es) …")
            first[(path, how)] = measure_first_screening(path, repeats, how)
    _log("Repeated screening in this process …")
    inproc = measure_in_process(largest, repeats)
    memory: dict[Path, dict] = {}
    for path in largest[:: max(1, args.largest)]:  # the largest of each folder
        _log(f"Peak memory screening {path.name} …")
        memory[path] = measure_memory(path)
    _log(f"Batch of {len(batch)} acts, -j 1 and -j 2 …")
    batch_figures = measure_batch(batch)
    load_end = os.getloadavg()[0]
    print(report(startup, first, inproc, memory, batch_figures, quick=args.quick, repeats=repeats,
                 load=(load_start, load_end), bytecode=pycache is not None))
    if args.profile:
        try:
            import pyinstrument  # noqa: F401
        except ImportError:
            print("\n(pyinstrument is not installed: pip install pyinstrument)")
            return 0
        print("\nCold start of the example:\n\n```\n" + profile_cold_start() + "\n```")
        print(f"\nFirst screening of {largest[0].name}:\n\n```\n" + profile_first_screening(largest[0]) + "\n```")
    return 0


if __name__ == "__main__":
    sys.exit(main())
