"""The relational-impact classifier: a calibrated linear model over clause features.

Three linear heads share one feature space (see ``features.py``):

* ``relational``: logistic regression, calibrated with Platt scaling fitted on out-of-fold
  scores (grouped by document, so calibration reflects unseen acts), and a threshold chosen on
  the same out-of-fold scores;
* ``dimensions``: one logistic regression per dimension, trained on the relational clauses;
* ``direction``: a multinomial logistic regression over negativ/positiv/blandet/uafklaret.

The fitted model is vocabularies and weights only: saved as ``model.json`` (metadata,
vocabularies) and ``weights.npz`` (arrays, read with ``allow_pickle=False``) — nothing on disk
can run code when loaded.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .dimensions import DIMENSION_IDS, DIRECTIONS
from .errors import ModelError
from .features import FeatureExtractor, lemmas, lemmas_of_tokens
from .models import Clause, ClauseScore, Feature, RuleHit
from .resources import model_dir

MODEL_FORMAT = 1
SEED = 20261127

# Feature names of the mechanism block, turned into words a lawyer recognises.
_MECHANISM_WORDS = {
    "sted": "hvor man bor eller opholder sig",
    "tid": "tid til relationer",
    "baand": "familiebånd og nære relationer",
    "kanal": "kontakt og besøg",
    "arena": "fællesskaber, skole og uddannelse",
    "midler": "økonomiske midler",
    "procedure": "sagsbehandling og procedure",
}


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


@dataclass
class ClauseModel:
    """A trained model, ready to score clauses. Immutable after construction; thread-safe."""

    extractor: FeatureExtractor
    coef: np.ndarray  # (n_features,)
    intercept: float
    platt_a: float
    platt_b: float
    threshold: float
    dim_coef: np.ndarray  # (n_dims, n_features)
    dim_intercept: np.ndarray
    dim_threshold: float
    dir_coef: np.ndarray  # (n_directions, n_features)
    dir_intercept: np.ndarray
    meta: dict

    @property
    def version(self) -> str:
        return str(self.meta.get("version", "ukendt"))

    # -- scoring
    def _proba_from_X(self, X) -> np.ndarray:
        z = X @ self.coef + self.intercept
        return _sigmoid(self.platt_a * np.asarray(z).ravel() + self.platt_b)

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        """Calibrated probability that each text is relational."""
        return self._proba_from_X(self.extractor.transform(texts))

    def score_clauses(self, clauses: list[Clause], hits: list[RuleHit] | None = None, *, top_k: int = 6, doc=None) -> list[ClauseScore]:
        """Score every clause: probability, flag, dimensions, direction and the words behind it.

        ``hits`` are accepted for interface symmetry; the model stands on its own and does not
        use them (the assessment combines the two sources). ``doc``, the tokenized text of the
        bill the clauses' spans point into, saves tokenizing every clause again.
        """
        if not clauses:
            return []
        docs = [self._clause_lemmas(c, doc) for c in clauses]
        X = self.extractor.transform_lemmas(docs)
        p = self._proba_from_X(X)
        dim_p = _sigmoid(np.asarray(X @ self.dim_coef.T) + self.dim_intercept)
        dir_z = np.asarray(X @ self.dir_coef.T) + self.dir_intercept
        dir_z -= dir_z.max(axis=1, keepdims=True)
        dir_p = np.exp(dir_z)
        dir_p /= dir_p.sum(axis=1, keepdims=True)
        out: list[ClauseScore] = []
        for i, clause in enumerate(clauses):
            flagged = bool(p[i] >= self.threshold)
            dscores = {d: round(float(dim_p[i, j]), 4) for j, d in enumerate(DIMENSION_IDS)}
            dims: list[str] = []
            if flagged:
                dims = [d for d in DIMENSION_IDS if dscores[d] >= self.dim_threshold]
                if not dims:
                    dims = [max(dscores, key=dscores.get)]
            rscores = {d: round(float(dir_p[i, j]), 4) for j, d in enumerate(DIRECTIONS)}
            out.append(
                ClauseScore(
                    ref=clause.ref,
                    probability=round(float(p[i]), 4),
                    flagged=flagged,
                    dimensions=dims,
                    dimension_scores=dscores,
                    direction=max(rscores, key=rscores.get) if flagged else None,
                    direction_scores=rscores,
                    features=self._explain_row(X, i, docs[i], top_k) if flagged else [],
                )
            )
        return out

    @staticmethod
    def _clause_lemmas(clause: Clause, doc) -> list[str]:
        if doc is not None:
            span = doc.char_span(clause.start, clause.end, alignment_mode="expand")
            if span is not None:
                return lemmas_of_tokens(span)
        return lemmas(clause.text)

    # -- explanations
    def _explain_row(self, X, i: int, lem: list[str], top_k: int) -> list[Feature]:
        lo, hi = X.indptr[i], X.indptr[i + 1]
        idx, val = X.indices[lo:hi], X.data[lo:hi]
        contrib_j = val * self.coef[idx]
        keep = contrib_j > 0
        idx, contrib_j = idx[keep], contrib_j[keep]
        # Only the strongest features can reach the top terms; mapping n-grams to words is the
        # costly part, so do it for those alone.
        order = np.argsort(-contrib_j, kind="stable")[: 12 * top_k]
        nw = len(self.extractor.word_vocab)
        nc = len(self.extractor.char_vocab)
        words = sorted(set(w for w in lem if w != "<tal>" and len(w) >= 4))
        contrib: dict[str, float] = {}
        for k in order:
            j, c = int(idx[k]), float(contrib_j[k])
            if j < nw:
                term = self.extractor.word_vocab[j]
            elif j < nw + nc:
                gram = self.extractor.char_vocab[j - nw].strip()
                # Credit a character n-gram to the word it stands in: the word is what a lawyer reads.
                term = next((w for w in words if gram in w), gram)
            else:
                term = _MECHANISM_WORDS.get(self.extractor.mechanisms[j - nw - nc], "")
            if term:
                contrib[term] = contrib.get(term, 0.0) + c
        best = sorted(contrib.items(), key=lambda kv: (-kv[1], kv[0]))[:top_k]
        return [Feature(term=t, weight=round(w, 4)) for t, w in best]

    def explain(self, text: str, top_k: int = 8) -> list[Feature]:
        """The features that raised one text's score most."""
        lem = lemmas(text)
        X = self.extractor.transform_lemmas([lem])
        return self._explain_row(X, 0, lem, top_k)

    # -- persistence
    def save(self, folder: Path) -> None:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        arrays = {
            "word_idf": self.extractor.word_idf,
            "char_idf": self.extractor.char_idf,
            "coef": self.coef,
            "dim_coef": self.dim_coef,
            "dim_intercept": self.dim_intercept,
            "dir_coef": self.dir_coef,
            "dir_intercept": self.dir_intercept,
        }
        tmp = folder / "weights.tmp.npz"
        np.savez_compressed(tmp, **arrays)
        meta = dict(self.meta)
        meta.update(
            format=MODEL_FORMAT,
            intercept=self.intercept,
            platt_a=self.platt_a,
            platt_b=self.platt_b,
            threshold=self.threshold,
            dim_threshold=self.dim_threshold,
            dimensions=list(DIMENSION_IDS),
            directions=list(DIRECTIONS),
            word_vocab=self.extractor.word_vocab,
            char_vocab=self.extractor.char_vocab,
            weights_sha256=hashlib.sha256(tmp.read_bytes()).hexdigest(),
        )
        tmp.replace(folder / "weights.npz")
        (folder / "model.json").write_text(json.dumps(meta, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")


def load_model_from(folder: Path) -> ClauseModel:
    """Load and validate a saved model. Refuses anything that does not match its own checksum."""
    folder = Path(folder)
    meta_path, weights_path = folder / "model.json", folder / "weights.npz"
    if not meta_path.is_file() or not weights_path.is_file():
        raise ModelError(f"Der findes ingen trænet model i {folder}. Kør 'bundlinje train' for at bygge den.")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        raw = weights_path.read_bytes()
        if hashlib.sha256(raw).hexdigest() != meta.get("weights_sha256"):
            raise ModelError(f"Modellens vægte i {folder} svarer ikke til dens kontrolsum; modellen afvises.")
        if meta.get("format") != MODEL_FORMAT:
            raise ModelError(f"Modellen i {folder} har et ukendt format ({meta.get('format')}).")
        with np.load(weights_path, allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in npz.files}
        extractor = FeatureExtractor(meta["word_vocab"], arrays["word_idf"], meta["char_vocab"], arrays["char_idf"])
        if list(meta["dimensions"]) != list(DIMENSION_IDS) or list(meta["directions"]) != list(DIRECTIONS):
            raise ModelError("Modellens dimensioner eller retninger svarer ikke til programmets.")
        n = extractor.n_features
        if arrays["coef"].shape != (n,) or arrays["dim_coef"].shape != (len(DIMENSION_IDS), n) or arrays["dir_coef"].shape != (len(DIRECTIONS), n):
            raise ModelError("Modellens vægte har forkerte dimensioner; modellen afvises.")
        for k, v in arrays.items():
            if v.dtype.kind != "f" or not np.all(np.isfinite(v)):
                raise ModelError(f"Modellens vægte ({k}) er ugyldige; modellen afvises.")
        return ClauseModel(
            extractor=extractor,
            coef=arrays["coef"],
            intercept=float(meta["intercept"]),
            platt_a=float(meta["platt_a"]),
            platt_b=float(meta["platt_b"]),
            threshold=float(meta["threshold"]),
            dim_coef=arrays["dim_coef"],
            dim_intercept=arrays["dim_intercept"],
            dim_threshold=float(meta["dim_threshold"]),
            dir_coef=arrays["dir_coef"],
            dir_intercept=arrays["dir_intercept"],
            meta={k: meta[k] for k in ("version", "trained_on", "metrics", "seed", "params") if k in meta},
        )
    except ModelError:
        raise
    except (OSError, ValueError, KeyError, TypeError, json.JSONDecodeError) as err:
        raise ModelError(f"Modellen i {folder} kan ikke læses ({type(err).__name__}); den er ufuldstændig eller beskadiget.") from err


_LOCK = threading.Lock()


@lru_cache(maxsize=4)
def _cached(folder: str) -> ClauseModel:
    return load_model_from(Path(folder))


def load_model(path: Path | None = None) -> ClauseModel:
    """The shipped model (or one at ``path``), loaded once per process and shared."""
    with _LOCK:
        return _cached(str(Path(path or model_dir()).resolve()))


# --------------------------------------------------------------------------- fitting


@dataclass
class TrainParams:
    C: float = 0.5
    dim_C: float = 4.0
    dir_C: float = 2.0
    min_df: int = 2
    folds: int = 5
    dim_threshold: float = 0.4


def _fit_lr(X, y, C: float, *, balanced: bool = True, multinomial: bool = False):
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(
        C=C,
        class_weight="balanced" if balanced else None,
        max_iter=2000,
        solver="lbfgs",
        random_state=SEED,
    )
    clf.fit(X, y)
    return clf


def _best_threshold(y: np.ndarray, p: np.ndarray) -> float:
    best_t, best_f = 0.5, -1.0
    for t in np.round(np.arange(0.2, 0.81, 0.01), 2):
        pred = p >= t
        tp = float(np.sum(pred & (y == 1)))
        fp = float(np.sum(pred & (y == 0)))
        fn = float(np.sum(~pred & (y == 1)))
        f = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f > best_f + 1e-9:
            best_t, best_f = float(t), f
    return best_t


def fit_model(texts: list[str], relational: list[bool], dimensions: list[list[str]], directions: list[str | None], groups: list[str], params: TrainParams | None = None, *, version: str = "dev") -> ClauseModel:
    """Fit the three heads. Deterministic for the same inputs (fixed seeds, sorted vocabularies)."""
    from sklearn.model_selection import GroupKFold

    params = params or TrainParams()
    y = np.array(relational, dtype=int)
    extractor = FeatureExtractor.fit(texts, min_df=params.min_df)
    X = extractor.transform(texts)

    # Out-of-fold scores, grouped by document, for calibration and the threshold.
    n_groups = len(set(groups))
    folds = max(2, min(params.folds, n_groups))
    oof = np.zeros(len(texts))
    for tr, te in GroupKFold(n_splits=folds).split(X, y, groups):
        if len(set(y[tr])) < 2:
            continue
        ex = FeatureExtractor.fit([texts[i] for i in tr], min_df=params.min_df)
        Xtr = ex.transform([texts[i] for i in tr])
        m = _fit_lr(Xtr, y[tr], params.C)
        oof[te] = m.decision_function(ex.transform([texts[i] for i in te]))
    platt = _fit_lr(oof.reshape(-1, 1), y, 1e6, balanced=False)
    a, b = float(platt.coef_[0, 0]), float(platt.intercept_[0])
    threshold = _best_threshold(y, _sigmoid(a * oof + b))

    main = _fit_lr(X, y, params.C)
    rel_idx = np.flatnonzero(y == 1)
    Xr = X[rel_idx]
    dim_coef = np.zeros((len(DIMENSION_IDS), X.shape[1]))
    dim_int = np.full(len(DIMENSION_IDS), -5.0)
    for j, d in enumerate(DIMENSION_IDS):
        yd = np.array([d in dimensions[i] for i in rel_idx], dtype=int)
        if 0 < yd.sum() < len(yd):
            m = _fit_lr(Xr, yd, params.dim_C)
            dim_coef[j], dim_int[j] = m.coef_[0], m.intercept_[0]
    dir_coef = np.zeros((len(DIRECTIONS), X.shape[1]))
    dir_int = np.zeros(len(DIRECTIONS))
    dir_idx = [i for i in rel_idx if directions[i] in DIRECTIONS]
    present = sorted({directions[i] for i in dir_idx})
    if len(present) >= 2:
        m = _fit_lr(X[dir_idx], [directions[i] for i in dir_idx], params.dir_C)
        for k, cls in enumerate(m.classes_):
            j = DIRECTIONS.index(cls)
            dir_coef[j] = m.coef_[k] if len(m.classes_) > 2 else (m.coef_[0] if k == 1 else -m.coef_[0])
            dir_int[j] = m.intercept_[k] if len(m.classes_) > 2 else (m.intercept_[0] if k == 1 else -m.intercept_[0])
        for j, d in enumerate(DIRECTIONS):
            if d not in present:
                dir_int[j] = -10.0
    return ClauseModel(
        extractor=extractor,
        coef=main.coef_[0].astype(np.float64),
        intercept=float(main.intercept_[0]),
        platt_a=a,
        platt_b=b,
        threshold=threshold,
        dim_coef=dim_coef,
        dim_intercept=dim_int,
        dim_threshold=params.dim_threshold,
        dir_coef=dir_coef,
        dir_intercept=dir_int,
        meta={"version": version, "seed": SEED, "params": params.__dict__},
    )


# --------------------------------------------------------------------------- metrics


def relational_metrics(y: list[bool] | np.ndarray, p: np.ndarray, threshold: float) -> dict:
    from sklearn.metrics import average_precision_score, f1_score, precision_score, recall_score, roc_auc_score

    y = np.asarray(y, dtype=int)
    pred = (np.asarray(p) >= threshold).astype(int)
    both = len(set(y.tolist())) == 2
    return {
        "n": int(len(y)),
        "positives": int(y.sum()),
        "precision": round(float(precision_score(y, pred, zero_division=0)), 4),
        "recall": round(float(recall_score(y, pred, zero_division=0)), 4),
        "f1": round(float(f1_score(y, pred, zero_division=0)), 4),
        "roc_auc": round(float(roc_auc_score(y, p)), 4) if both else None,
        "average_precision": round(float(average_precision_score(y, p)), 4) if both else None,
        "threshold": threshold,
    }


def dimension_f1(true_dims: list[list[str]], pred_dims: list[list[str]]) -> dict[str, float]:
    out: dict[str, float] = {}
    for d in DIMENSION_IDS:
        tp = sum(1 for t, p in zip(true_dims, pred_dims, strict=True) if d in t and d in p)
        fp = sum(1 for t, p in zip(true_dims, pred_dims, strict=True) if d not in t and d in p)
        fn = sum(1 for t, p in zip(true_dims, pred_dims, strict=True) if d in t and d not in p)
        if tp + fn == 0:
            continue
        out[d] = round(2 * tp / (2 * tp + fp + fn), 4) if tp else 0.0
    return out
