"""Batch screening: worker processes give exactly what one process gives."""

from __future__ import annotations

import shutil
import subprocess
import sys


def test_parallel_batch_writes_the_same_statements_as_one_process(bill_path, tmp_path):
    inputs = tmp_path / "ind"
    inputs.mkdir()
    for doc in ("aendrlov-2011-461-225-timersregel-2011", "lbk-2023-1284-elafgiftsloven",
                "aendrlov-2022-157-livstidsdoemtes-rettigheder", "lov-2012-112-tilholdsloven"):
        shutil.copy(bill_path(doc), inputs)
    (inputs / "ikke-et-lovforslag.txt").write_text("Dette er en kort dansk tekst uden nogen paragraffer i.", encoding="utf-8")

    outputs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"ud{jobs}"
        result = subprocess.run(
            [sys.executable, "-m", "relationel_bundlinje", "screen", str(inputs), "--out-dir", str(out),
             "--format", "json", "--fixed-date", "2026-01-01", "-j", jobs],
            capture_output=True, text=True,
        )
        # One bad file: the others are still screened, the failure is reported, exit code 2.
        assert result.returncode == 2, result.stderr
        assert "ikke-et-lovforslag.txt" in result.stderr and "Traceback" not in result.stderr
        assert "lov-2012-112-tilholdsloven.txt" in result.stdout  # the summary table
        outputs[jobs] = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
    assert len(outputs["1"]) == 4
    assert outputs["1"] == outputs["2"]
