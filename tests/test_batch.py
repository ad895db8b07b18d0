"""Batch screening: worker processes give exactly what one process gives; one bad or slow file
never stops the batch (``batch.run_batch``: outcomes in input order, a time limit per file)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from relationel_bundlinje.batch import run_batch
from relationel_bundlinje.errors import InputError

from bounds import within


def _toy_job(path: Path):
    """A job for ``run_batch`` (module level, so worker processes can import it)."""
    name = path.name
    if name.startswith("langsom"):
        time.sleep(300)  # far beyond the bound below: only a stopped job keeps within it
    if name.startswith("fejl"):
        raise InputError("Filen er tom.", path=str(path))
    if name.startswith("intern"):
        raise ZeroDivisionError
    return name.upper()


def _toy_factory():
    return _toy_job


def _outcomes(jobs: int, timeout: float):
    names = ["a.txt", "fejl.txt", "langsom.txt", "intern.txt", "b.txt"]
    return [(o.path.name, o.kind, o.value, o.message) for o in run_batch([Path(n) for n in names], _toy_factory, jobs=jobs, timeout=timeout)]


def test_run_batch_reports_each_file_in_order_with_a_time_limit():
    for jobs in (1, 2):
        start = time.monotonic()
        got = _outcomes(jobs, timeout=1)
        assert time.monotonic() - start < within(20), jobs  # the slow file was stopped, not waited for
        assert [(n, k, v) for n, k, v, _ in got] == [
            ("a.txt", "ok", "A.TXT"),
            ("fejl.txt", "fejl", None),
            ("langsom.txt", "tid", None),
            ("intern.txt", "intern", None),
            ("b.txt", "ok", "B.TXT"),
        ], jobs
        messages = {n: m for n, _, _, m in got}
        assert messages["fejl.txt"] == "Filen er tom."
        assert messages["langsom.txt"] == "Filen blev ikke færdig inden for 1 sekunder og er sprunget over."
        assert messages["intern.txt"] == "ZeroDivisionError"


def test_parallel_batch_writes_the_same_statements_as_one_process(bill_path, tmp_path):
    inputs = tmp_path / "ind"
    inputs.mkdir()
    for doc in ("aendrlov-2011-461-225-timersregel-2011", "lbk-2023-1284-elafgiftsloven",
                "aendrlov-2022-157-livstidsdoemtes-rettigheder", "lov-2012-112-tilholdsloven"):
        shutil.copy(bill_path(doc), inputs)
    (inputs / "ikke-et-lovforslag.txt").write_text("Dette er en kort dansk tekst uden nogen paragraffer i.", encoding="utf-8")

    # One hash seed for the parent and its workers: this test compares one process with several;
    # output that depends on the hash seed is test_determinism's to catch.
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    outputs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"ud{jobs}"
        result = subprocess.run(
            [sys.executable, "-m", "relationel_bundlinje", "screen", str(inputs), "--out-dir", str(out),
             "--format", "json", "--fixed-date", "2026-01-01", "-j", jobs],
            capture_output=True, text=True, env=env,
        )
        # One bad file: the others are still screened, the failure is reported, exit code 2.
        assert result.returncode == 2, result.stderr
        assert "Fejl i ikke-et-lovforslag.txt: " in result.stderr and "Traceback" not in result.stderr
        assert "1 af 5 filer kunne ikke screenes" in result.stderr
        assert "lov-2012-112-tilholdsloven.txt" in result.stdout  # the summary table
        assert "ikke screenet" in result.stdout
        outputs[jobs] = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
    assert len(outputs["1"]) == 4
    assert outputs["1"] == outputs["2"]
