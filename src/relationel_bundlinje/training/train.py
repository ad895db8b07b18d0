"""Training and evaluation: corpus -> shipped model, and labelled JSONL -> metrics.

``train`` fits on the corpus's fixed train split (documents, never clauses, decide the side) and
reports the held-out test metrics of exactly the model it writes, next to a keyword baseline (the
questionnaire's trigger patterns alone) on the same test clauses.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

from .classifier import ClauseModel, TrainParams, dimension_f1, fit_model, relational_metrics
from .corpus import LabelledClause, default_corpus_dir, load_corpus, load_split
from .errors import BundlinjeError
from .resources import model_dir


def corpus_fingerprint(corpus_dir: Path) -> str:
    h = hashlib.sha256()
    for name in ("labels.jsonl", "split.json"):
        h.update((corpus_dir / name).read_bytes())
    return h.hexdigest()[:12]


def _fit(clauses: list[LabelledClause], params: TrainParams, version: str) -> ClauseModel:
    return fit_model(
        [c.text for c in clauses],
        [c.relational for c in clauses],
        [c.dimensions for c in clauses],
        [c.direction for c in clauses],
        [c.document for c in clauses],
        params,
        version=version,
    )


def keyword_baseline(texts: list[str]) -> np.ndarray:
    """1.0 where any questionnaire trigger fires in the text, else 0.0."""
    from .models import Bill, Clause, SourceInfo
    from .rules import find_hits, load_rules

    rules = load_rules()
    pos = 0
    clauses = []
    for i, t in enumerate(texts):
        clauses.append(Clause(ref=f"c{i}", text=t, start=pos, end=pos + len(t), kind="stk"))
        pos += len(t) + 1
    bill = Bill(
        title="baseline",
        kind="ny_lov",
        source=SourceInfo(name="baseline", format="txt", sha256="0" * 64, size=0),
        text="\n".join(texts),
        clauses=clauses,
    )
    hit_refs = {h.ref for h in find_hits(bill, rules) if not h.in_remark}
    return np.array([1.0 if f"c{i}" in hit_refs else 0.0 for i in range(len(texts))])


def evaluate_model(model: ClauseModel, texts: list[str], relational: list[bool], dims: list[list[str]] | None = None) -> dict:
    p = model.predict_proba(texts)
    out = relational_metrics(relational, p, model.threshold)
    if dims is not None:
        from .models import Clause

        clauses = [Clause(ref=str(i), text=t, start=0, end=len(t), kind="stk") for i, t in enumerate(texts)]
        scores = model.score_clauses(clauses)
        idx = [i for i, r in enumerate(relational) if r and dims[i]]
        # Dimensions are judged on the relational clauses, as the model names them when flagged.
        pred = [[d for d, s in scores[i].dimension_scores.items() if s >= model.dim_threshold] or [max(scores[i].dimension_scores, key=scores[i].dimension_scores.get)] for i in idx]
        out["dimension_f1"] = dimension_f1([dims[i] for i in idx], pred)
    return out


def train(corpus_dir: Path | None = None, bills_dir: Path | None = None, out_dir: Path | None = None, *, params: TrainParams | None = None, use_all: bool = False) -> dict:
    corpus_dir = Path(corpus_dir or default_corpus_dir())
    clauses = load_corpus(corpus_dir, bills_dir)
    split = load_split(corpus_dir)
    test_docs = set(split["test"])
    train_set = [c for c in clauses if use_all or c.document not in test_docs]
    test_set = [c for c in clauses if c.document in test_docs]
    if not train_set or len({c.relational for c in train_set}) < 2:
        raise BundlinjeError("Korpusset har for få mærkede sætninger til at træne en model.")
    params = params or TrainParams()
    version = f"{corpus_fingerprint(corpus_dir)}-{'alle' if use_all else 'train'}"
    model = _fit(train_set, params, version)
    report: dict = {
        "model_version": version,
        "corpus": {"clauses": len(clauses), "train": len(train_set), "test": len(test_set), "documents": len({c.document for c in clauses})},
    }
    if test_set and not use_all:
        texts = [c.text for c in test_set]
        report["test"] = evaluate_model(model, texts, [c.relational for c in test_set], [c.dimensions for c in test_set])
        try:
            kb = keyword_baseline(texts)
            report["keyword_baseline"] = relational_metrics([c.relational for c in test_set], kb, 0.5)
        except ImportError:
            report["keyword_baseline"] = None
    model.meta["trained_on"] = report["corpus"]
    model.meta["metrics"] = report.get("test")
    model.save(Path(out_dir or model_dir()))
    return report


def read_jsonl(path: Path) -> list[dict]:
    rows = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as err:
        raise BundlinjeError(f"Filen {path} kan ikke læses som UTF-8-tekst.") from err
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise BundlinjeError(f"{path}, linje {n}: ugyldig JSON ({err.msg}).") from err
        if not isinstance(row, dict) or not isinstance(row.get("text"), str) or not isinstance(row.get("relational"), bool):
            raise BundlinjeError(f"{path}, linje {n}: hver linje skal have feltet 'text' (tekst) og 'relational' (true/false).")
        rows.append(row)
    if not rows:
        raise BundlinjeError(f"Filen {path} indeholder ingen mærkede sætninger.")
    return rows


def evaluate_file(data: Path, model: ClauseModel) -> dict:
    rows = read_jsonl(data)
    dims = [r.get("dimensions") or [] for r in rows] if any("dimensions" in r for r in rows) else None
    return evaluate_model(model, [r["text"] for r in rows], [r["relational"] for r in rows], dims)
