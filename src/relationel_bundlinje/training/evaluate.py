"""Metrics for the classifier and the conclusion rule, with bootstrap confidence intervals.

Intervals resample whole documents (clauses of one act are not independent), 1,000 times with a
fixed seed; a figure is reported as ``{"value": …, "ci95": [lo, hi]}``.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

from ..dimensions import DIMENSION_IDS, DIRECTIONS

BOOTSTRAP = 1000
SEED = 20261201


def _prf(y: np.ndarray, pred: np.ndarray) -> tuple[float, float, float]:
    tp = float(np.sum(pred & y))
    fp = float(np.sum(pred & ~y))
    fn = float(np.sum(~pred & y))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return p, r, f


def _auc(y: np.ndarray, s: np.ndarray) -> float | None:
    if y.all() or not y.any():
        return None
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(y, s))


def _ap(y: np.ndarray, s: np.ndarray) -> float | None:
    if not y.any():
        return None
    from sklearn.metrics import average_precision_score

    return float(average_precision_score(y, s))


def _ci(values: list[float]) -> list[float] | None:
    vals = [v for v in values if v is not None and not np.isnan(v)]
    if len(vals) < 20:
        return None
    return [round(float(np.percentile(vals, 2.5)), 4), round(float(np.percentile(vals, 97.5)), 4)]


def _boot_groups(groups: Sequence[str]) -> list[np.ndarray]:
    """Index sets of bootstrap resamples by group (documents)."""
    rng = np.random.default_rng(SEED)
    keys = sorted(set(groups))
    members = {k: [] for k in keys}
    for i, g in enumerate(groups):
        members[g].append(i)
    arrays = [np.array(members[k]) for k in keys]
    out = []
    for _ in range(BOOTSTRAP):
        pick = rng.integers(0, len(keys), len(keys))
        out.append(np.concatenate([arrays[k] for k in pick]) if len(pick) else np.zeros(0, dtype=int))
    return out


def relational_metrics(relational: Sequence[bool], scores: Sequence[float], threshold: float, groups: Sequence[str] | None = None) -> dict:
    y = np.asarray(relational, dtype=bool)
    s = np.asarray(scores, dtype=float)
    pred = s >= threshold
    p, r, f = _prf(y, pred)
    out = {
        "n": int(len(y)), "positives": int(y.sum()), "threshold": threshold,
        "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
        "roc_auc": None if _auc(y, s) is None else round(_auc(y, s), 4),  # type: ignore[arg-type]
        "average_precision": None if _ap(y, s) is None else round(_ap(y, s), 4),  # type: ignore[arg-type]
    }
    if groups is not None and len(y):
        boots = _boot_groups(groups)
        f1s, aucs, aps, ps, rs = [], [], [], [], []
        for idx in boots:
            yy, ss = y[idx], s[idx]
            bp, br, bf = _prf(yy, ss >= threshold)
            ps.append(bp)
            rs.append(br)
            f1s.append(bf)
            aucs.append(_auc(yy, ss))
            aps.append(_ap(yy, ss))
        out["ci95"] = {"precision": _ci(ps), "recall": _ci(rs), "f1": _ci(f1s), "roc_auc": _ci(aucs), "average_precision": _ci(aps)}
    return out


def direction_metrics(true: Sequence[str | None], pred: Sequence[str | None], groups: Sequence[str] | None = None) -> dict:
    """Direction accuracy on the clauses labelled negativ or positiv (the predicted direction of
    that clause: predicting »blandet« or »uafklaret« for them counts as wrong)."""
    idx = [i for i, t in enumerate(true) if t in ("negativ", "positiv")]
    if not idx:
        return {"direction_accuracy": None, "direction_n": 0}
    ok = np.array([pred[i] == true[i] for i in idx], dtype=bool)
    out: dict = {"direction_accuracy": round(float(ok.mean()), 4), "direction_n": len(idx)}
    all4 = [i for i, t in enumerate(true) if t in DIRECTIONS]
    if all4:
        out["direction_accuracy_all_classes"] = round(float(np.mean([pred[i] == true[i] for i in all4])), 4)
    if groups is not None:
        g = [groups[i] for i in idx]
        out["direction_ci95"] = _ci([float(ok[b].mean()) if len(b) else np.nan for b in _boot_groups(g)])
    return out


def dimension_metrics(true: Sequence[Sequence[str]], pred: Sequence[Sequence[str]], groups: Sequence[str] | None = None) -> dict:
    """Per-dimension precision, recall and F1 with counts, on the clauses given."""
    out: dict = {}
    boots = _boot_groups(groups) if groups is not None else None
    for d in DIMENSION_IDS:
        y = np.array([d in t for t in true], dtype=bool)
        p = np.array([d in q for q in pred], dtype=bool)
        if not y.any() and not p.any():
            continue
        prec, rec, f1 = _prf(y, p)
        row = {"n": int(y.sum()), "predicted": int(p.sum()), "precision": round(prec, 4), "recall": round(rec, 4), "f1": round(f1, 4)}
        if boots is not None and y.sum() >= 5:
            row["f1_ci95"] = _ci([_prf(y[b], p[b])[2] for b in boots])
        out[d] = row
    return out


def conclusion_accuracy(expected: Sequence[str], got: Sequence[str]) -> dict:
    """Document-level conclusions: exact (direction, »ingen« for none) and relevance only."""
    n = len(expected)
    exact = sum(e == g for e, g in zip(expected, got, strict=True))
    relevance = sum((e == "ingen") == (g == "ingen") for e, g in zip(expected, got, strict=True))
    confusion: dict[str, dict[str, int]] = {}
    for e, g in zip(expected, got, strict=True):
        confusion.setdefault(e, {}).setdefault(g, 0)
        confusion[e][g] += 1
    return {"acts": n, "exact": round(exact / n, 4) if n else None, "relevance": round(relevance / n, 4) if n else None, "confusion": confusion}
