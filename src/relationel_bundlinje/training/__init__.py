"""Training and evaluation: the corpus (stand-off labels), items read as a screening reads a bill,
the reproducible training of the shipped model, metrics with intervals, and lawyers' verdicts."""

from __future__ import annotations

from .corpus import LabelledClause, corpus_stats, default_corpus_dir, document_groups, load_corpus, load_split, read_manifests
from .evaluate import conclusion_accuracy, dimension_metrics, direction_metrics, relational_metrics
from .train import TrainConfig, train

__all__ = [
    "LabelledClause", "TrainConfig", "conclusion_accuracy", "corpus_stats", "default_corpus_dir", "dimension_metrics",
    "direction_metrics", "document_groups", "load_corpus", "load_split", "read_manifests", "relational_metrics", "train",
]
