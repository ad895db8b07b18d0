"""The clause classifier: features from token arrays, a scikit-learn-style estimator, persistence
with integrity checks, and the scorer that turns a bill's clauses into model ``Finding``s."""

from __future__ import annotations

from .cues import CUE_NAMES, CUE_POLARITY, CUE_WORDS, MECHANISMS, decide_direction, direction_cues, mechanisms_of
from .estimator import SEED, RelationalClassifier, best_threshold
from .features import ALL_BLOCKS, DEFAULT_BLOCKS, ClauseItem, Featurizer, Passage
from .persist import load_model, save_model
from .scorer import ClauseScorer, item_for

__all__ = [
    "ALL_BLOCKS", "CUE_NAMES", "CUE_POLARITY", "CUE_WORDS", "DEFAULT_BLOCKS", "MECHANISMS", "SEED", "ClauseItem",
    "ClauseScorer", "Featurizer", "Passage", "RelationalClassifier", "best_threshold", "decide_direction", "direction_cues",
    "item_for",
    "load_model", "mechanisms_of", "save_model",
]
