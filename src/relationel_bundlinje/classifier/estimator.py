"""The relational-impact classifier as an estimator: parameters in ``__init__``, fitted state in
attributes ending in ``_``, ``fit`` returns ``self`` (scikit-learn's contract, without importing
scikit-learn at inference).

Three linear heads share one feature space (``features.py``):

* ``relational``: logistic regression, calibrated with Platt scaling on out-of-fold scores from
  folds grouped by act (so calibration reflects unseen acts), and a threshold chosen on the same
  out-of-fold scores;
* ``dimensions``: one logistic regression per dimension, on the relational clauses, each with its
  own threshold chosen on out-of-fold scores from the same grouped folds;
* ``direction``: a multinomial logistic regression over negativ/positiv/blandet/uafklaret on the
  relational clauses, which reads the direction cues of the clause and of its first Stk.
"""

from __future__ import annotations

import inspect
from typing import Any, Callable, Sequence

import numpy as np

from ..dimensions import DIMENSION_IDS, DIRECTIONS
from .features import DEFAULT_BLOCKS, ClauseItem, Featurizer

SEED = 20261201


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -500, 500)))


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _fit_lr(X, y, C: float, *, balanced: bool = True):
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=C, class_weight="balanced" if balanced else None, max_iter=3000, solver="lbfgs", random_state=SEED)
    clf.fit(X, y)
    return clf


def best_threshold(y: np.ndarray, p: np.ndarray, lo: float = 0.15, hi: float = 0.85) -> float:
    """The probability threshold with the best F1 (ties: the lower threshold)."""
    best_t, best_f = 0.5, -1.0
    for t in np.round(np.arange(lo, hi + 1e-9, 0.01), 2):
        pred = p >= t
        tp = float(np.sum(pred & (y == 1)))
        fp = float(np.sum(pred & (y == 0)))
        fn = float(np.sum(~pred & (y == 1)))
        f = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f > best_f + 1e-9:
            best_t, best_f = float(t), f
    return best_t


#: A dimension's own threshold is chosen only where the out-of-fold scores hold this many of its
#: clauses; thinner dimensions keep the common threshold.
MIN_DIMENSION_EXAMPLES = 20


def dimension_thresholds(scores: np.ndarray, gold: Sequence[Sequence[str]], default: float) -> np.ndarray:
    """Per dimension, the threshold with the best F1 on out-of-fold scores of relational clauses
    (``scores``: rows × dimensions, NaN where a fold had no head), or ``default``."""
    out = np.full(len(DIMENSION_IDS), float(default))
    for j, d in enumerate(DIMENSION_IDS):
        have = ~np.isnan(scores[:, j]) if len(scores) else np.zeros(0, dtype=bool)
        yd = np.array([d in gold[i] for i in np.flatnonzero(have)], dtype=int)
        if yd.sum() >= MIN_DIMENSION_EXAMPLES:
            out[j] = best_threshold(yd, scores[have, j], lo=0.1, hi=0.9)
    return out


class RelationalClassifier:
    """Clause items -> probability relational, dimension scores, direction scores."""

    def __init__(
        self,
        C: float = 4.0,
        dim_C: float = 4.0,
        dir_C: float = 2.0,
        dir_balanced: bool = False,
        min_df: int = 2,
        max_char: int = 40_000,
        blocks: tuple[str, ...] = DEFAULT_BLOCKS,
        block_weights: dict[str, float] | None = None,
        folds: int = 5,
        dim_threshold: float = 0.4,
        threshold: float | None = None,
    ) -> None:
        self.C = C
        self.dim_C = dim_C
        self.dir_C = dir_C
        self.dir_balanced = dir_balanced
        self.min_df = min_df
        self.max_char = max_char
        self.blocks = blocks
        self.block_weights = block_weights
        self.folds = folds
        self.dim_threshold = dim_threshold
        self.threshold = threshold

    # -- the estimator contract
    def get_params(self, deep: bool = True) -> dict[str, Any]:  # noqa: ARG002 - scikit-learn signature
        return {name: getattr(self, name) for name in inspect.signature(type(self).__init__).parameters if name != "self"}

    def set_params(self, **params: Any) -> RelationalClassifier:
        valid = self.get_params()
        for key, value in params.items():
            if key not in valid:
                raise ValueError(f"unknown parameter {key!r}")
            setattr(self, key, value)
        return self

    # -- fitting
    def fit(
        self,
        items: Sequence[ClauseItem],
        relational: Sequence[bool],
        dimensions: Sequence[Sequence[str]],
        directions: Sequence[str | None],
        groups: Sequence[str],
        string_of: Callable[[int], str],
        sample_weight: Sequence[float] | None = None,
    ) -> RelationalClassifier:
        from sklearn.model_selection import GroupKFold

        y = np.asarray(relational, dtype=int)
        if len(set(y.tolist())) < 2:
            raise ValueError("training data needs relational and non-relational clauses")
        weights = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
        groups = np.asarray(groups)

        # Out-of-fold scores, folds grouped by act, for calibration and the threshold.
        n_groups = len(set(groups.tolist()))
        folds = max(2, min(self.folds, n_groups))
        oof = np.zeros(len(y))
        oof_dims = np.full((len(y), len(DIMENSION_IDS)), np.nan)
        for tr, te in GroupKFold(n_splits=folds).split(np.zeros(len(y)), y, groups):
            if len(set(y[tr].tolist())) < 2:
                continue
            sub = [items[i] for i in tr]
            fz = Featurizer.fit(sub, string_of, min_df=self.min_df, max_char=self.max_char, blocks=self.blocks,
                                weights=self.block_weights)
            X_tr, X_te = fz.transform(sub, string_of), fz.transform([items[i] for i in te], string_of)
            m = _fit_lr_weighted(X_tr, y[tr], self.C, weights[tr])
            oof[te] = m.decision_function(X_te)
            # The dimension heads out of fold too, on the relational clauses: their thresholds.
            rel_tr, rel_te = np.flatnonzero(y[tr] == 1), np.flatnonzero(y[te] == 1)
            for j, d in enumerate(DIMENSION_IDS):
                yd = np.array([d in dimensions[tr[k]] for k in rel_tr], dtype=int)
                if len(rel_te) and 0 < yd.sum() < len(yd):
                    hd = _fit_lr_weighted(X_tr[rel_tr], yd, self.dim_C, weights[tr][rel_tr])
                    oof_dims[te[rel_te], j] = hd.predict_proba(X_te[rel_te])[:, 1]
        platt = _fit_lr(oof.reshape(-1, 1), y, 1e6, balanced=False)
        self.platt_a_ = float(platt.coef_[0, 0])
        self.platt_b_ = float(platt.intercept_[0])
        self.oof_scores_ = _sigmoid(self.platt_a_ * oof + self.platt_b_)
        self.threshold_ = float(self.threshold) if self.threshold is not None else best_threshold(y, self.oof_scores_)

        self.featurizer_ = Featurizer.fit(items, string_of, min_df=self.min_df, max_char=self.max_char, blocks=self.blocks,
                                          weights=self.block_weights)
        X = self.featurizer_.transform(items, string_of)
        main = _fit_lr_weighted(X, y, self.C, weights)
        self.coef_ = main.coef_[0].astype(np.float64)
        self.intercept_ = float(main.intercept_[0])

        rel_idx = np.flatnonzero(y == 1)
        self.dim_thresholds_ = dimension_thresholds(oof_dims[rel_idx], [dimensions[i] for i in rel_idx], self.dim_threshold)
        Xr = X[rel_idx]
        self.dim_coef_ = np.zeros((len(DIMENSION_IDS), X.shape[1]))
        self.dim_intercept_ = np.full(len(DIMENSION_IDS), -5.0)
        for j, d in enumerate(DIMENSION_IDS):
            yd = np.array([d in dimensions[i] for i in rel_idx], dtype=int)
            if 0 < yd.sum() < len(yd):
                m = _fit_lr_weighted(Xr, yd, self.dim_C, weights[rel_idx])
                self.dim_coef_[j], self.dim_intercept_[j] = m.coef_[0], m.intercept_[0]
        self.dir_coef_ = np.zeros((len(DIRECTIONS), X.shape[1]))
        self.dir_intercept_ = np.full(len(DIRECTIONS), -10.0)
        dir_idx = np.array([i for i in rel_idx if directions[i] in DIRECTIONS], dtype=int)
        present = sorted({directions[i] for i in dir_idx})
        if len(present) >= 2:
            # Unbalanced by default: reweighting the rare classes (blandet, uafklaret) up made the
            # head call clear negatives and positives "uafklaret" (held-out negativ/positiv
            # accuracy 0.70 balanced, 0.73 not, on the round-3c corpus).
            m = _fit_lr_weighted(X[dir_idx], [directions[i] for i in dir_idx], self.dir_C, weights[dir_idx],
                                 balanced=self.dir_balanced)
            for k, cls in enumerate(m.classes_):
                j = DIRECTIONS.index(cls)
                if len(m.classes_) > 2:
                    self.dir_coef_[j], self.dir_intercept_[j] = m.coef_[k], m.intercept_[k]
                else:
                    sign = 1.0 if k == 1 else -1.0
                    self.dir_coef_[j], self.dir_intercept_[j] = sign * m.coef_[0] / 2, sign * m.intercept_[0] / 2
        self.n_features_in_ = X.shape[1]
        return self

    # -- predicting
    def _check_fitted(self) -> None:
        if not hasattr(self, "coef_"):
            raise RuntimeError("the classifier is not fitted")

    def transform(self, items: Sequence[ClauseItem], string_of: Callable[[int], str]):
        self._check_fitted()
        return self.featurizer_.transform(items, string_of)

    def decision_function(self, X) -> np.ndarray:
        return np.asarray(X @ self.coef_ + self.intercept_).ravel()

    def proba_from_matrix(self, X) -> np.ndarray:
        """Calibrated probability that each row is relational."""
        return _sigmoid(self.platt_a_ * self.decision_function(X) + self.platt_b_)

    def predict_proba(self, items: Sequence[ClauseItem], string_of: Callable[[int], str]) -> np.ndarray:
        """scikit-learn's shape: column 1 is the probability that the clause is relational."""
        p = self.proba_from_matrix(self.transform(items, string_of))
        return np.column_stack([1 - p, p])

    def predict(self, items: Sequence[ClauseItem], string_of: Callable[[int], str]) -> np.ndarray:
        return (self.predict_proba(items, string_of)[:, 1] >= self.threshold_).astype(int)

    def dimension_scores(self, X) -> np.ndarray:
        return _sigmoid(np.asarray(X @ self._transposed(self.dim_coef_)) + self.dim_intercept_)

    def named_dimensions(self, scores: np.ndarray) -> list[list[str]]:
        """The dimensions each row of ``dimension_scores`` names: every one at or above its own
        threshold, or else the one closest to it (a relational clause names at least one)."""
        thresholds = self.dim_thresholds_
        out = []
        for row in np.atleast_2d(scores):
            named = [d for j, d in enumerate(DIMENSION_IDS) if row[j] >= thresholds[j]]
            out.append(named or [DIMENSION_IDS[int(np.argmax(row - thresholds))]])
        return out

    def direction_scores(self, X) -> np.ndarray:
        return _softmax(np.asarray(X @ self._transposed(self.dir_coef_)) + self.dir_intercept_)

    def _transposed(self, coef: np.ndarray) -> np.ndarray:
        """``coef.T`` as a C-contiguous array, made once per coefficient array: scipy's sparse
        product copies a non-contiguous dense operand on every call, and ``coef.T`` is a view of
        (features × classes) — a copy of megabytes for each segment of each bill."""
        cache = self.__dict__.setdefault("_transposed_cache", {})
        hit = cache.get(id(coef))
        if hit is None or hit[0] is not coef:
            hit = cache[id(coef)] = (coef, np.ascontiguousarray(coef.T))
        return hit[1]

    def directions(self, X, texts: Sequence[str]) -> list[str]:
        """Each row's direction as the product decides it: the head's scores read with the
        clause's own cue words (``cues.decide_direction``)."""
        from .cues import decide_direction, decision_cues

        scores = self.direction_scores(X)
        return [decide_direction(dict(zip(DIRECTIONS, row.tolist())), decision_cues(text)) for row, text in zip(scores, texts, strict=True)]


def _fit_lr_weighted(X, y, C: float, weights: np.ndarray, *, balanced: bool = True):
    from sklearn.linear_model import LogisticRegression

    clf = LogisticRegression(C=C, class_weight="balanced" if balanced else None, max_iter=3000, solver="lbfgs", random_state=SEED)
    clf.fit(X, y, sample_weight=weights)
    return clf
