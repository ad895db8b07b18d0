"""The same input and ``--fixed-date`` give byte-identical statements, run after run.

Each run is a separate ``python -m relationel_bundlinje`` process with a different
``PYTHONHASHSEED``, so output that depends on set or dict iteration order of strings (which
changes between processes) is caught — two calls inside one process would not see it.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

# Real acts: an amending act on visiting restrictions, the marriage act, and a long act on
# children's welfare (many clauses, many rule hits: the most room for ordering differences).
REAL_ACTS = [
    "aendrlov-2011-627-serviceloven-besoegsrestriktioner",
    "lbk-2023-1080-aegteskabsloven",
    "lbk-2025-282-barnets-lov",
]
FIXED_DATE = "2026-01-01"


@pytest.fixture(scope="module")
def acts(bills_dir: Path, tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("ind")
    paths = []
    for doc_id in REAL_ACTS:
        source = bills_dir / f"{doc_id}.txt"
        if not source.is_file():
            pytest.skip(f"Real act {source} is missing from the shared bills folder.")
        copy = folder / source.name
        copy.write_bytes(source.read_bytes())
        paths.append(copy)
    return paths


def _screen(paths: list[Path], fmt: str, out_dir: Path, seed: str) -> dict[str, bytes]:
    out_dir.mkdir()
    proc = subprocess.run(
        [sys.executable, "-m", "relationel_bundlinje", "screen", *map(str, paths), "--out-dir", str(out_dir),
         "--format", fmt, "--fixed-date", FIXED_DATE],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONIOENCODING": "utf-8"},
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return {p.name: p.read_bytes() for p in sorted(out_dir.iterdir())}


def _docx_members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


@pytest.mark.parametrize("fmt", ["json", "md", "docx"])
def test_two_runs_give_identical_output(acts: list[Path], tmp_path: Path, fmt: str) -> None:
    first = _screen(acts, fmt, tmp_path / "a", seed="1")
    second = _screen(acts, fmt, tmp_path / "b", seed="2")
    assert sorted(first) == sorted(f"{p.stem}.{fmt}" for p in acts)
    for name, data in first.items():
        assert data, name
        if fmt == "docx":
            one, two = _docx_members(data), _docx_members(second[name])
            assert one["word/document.xml"] == two["word/document.xml"], name
            assert one == two, f"{name}: members differ: {[k for k in one if one[k] != two.get(k)]}"
            assert data == second[name], f"{name}: same members but different zip bytes"
        else:
            assert data == second[name], name
    if fmt == "json":
        assert all(f'"{FIXED_DATE}"'.encode() in data for data in first.values())


# A clause's explanation names each character n-gram by a word of the clause that contains it.
# Run in fresh processes under several hash seeds: the word chosen must not depend on the order
# in which a set of strings happens to iterate.
_EXPLAIN = """
import numpy as np
import scipy.sparse as sp
from relationel_bundlinje.classifier.features import ClauseItem, Passage
from relationel_bundlinje.classifier.scorer import ClauseScorer

class Featurizer:
    def feature_term(self, j):
        return ("tegn", " ave")  # a character n-gram feature

class Model:
    threshold_ = 0.5
    coef_ = np.array([1.0])
    featurizer_ = Featurizer()

words = ["haven", "gaven", "raven", "laven", "naven", "kaver", "paver", "taver"]  # same length, all contain "ave"
strings = {i + 1: w for i, w in enumerate(words)}
item = ClauseItem(clause=Passage(np.array(list(strings), dtype=np.uint64), " ".join(words)))
X = sp.csr_matrix(np.array([[2.0]]))
print(ClauseScorer(Model(), {})._explain(X, 0, item, strings.__getitem__)[0].term)
"""


def test_feature_explanations_do_not_depend_on_the_hash_seed() -> None:
    terms = set()
    for seed in ("0", "1"):
        proc = subprocess.run(
            [sys.executable, "-c", _EXPLAIN], capture_output=True, text=True, encoding="utf-8", timeout=120,
            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONIOENCODING": "utf-8"},
        )
        assert proc.returncode == 0, proc.stderr
        terms.add(proc.stdout.strip())
    assert len(terms) == 1, terms
