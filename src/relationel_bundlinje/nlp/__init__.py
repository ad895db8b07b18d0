"""The Danish language layer: one spaCy pipeline, the array lemma table, token arrays."""

from __future__ import annotations

from .lemmas import LemmaTable, build_table, load_table
from .pipeline import (
    KIND_DROP,
    KIND_NUMBER,
    KIND_PARAGRAPH,
    KIND_WORD,
    LEGAL_ABBREVIATIONS,
    NUMBER_TOKEN,
    DanishPipeline,
    Tokens,
    build_pipeline,
    spacy_pipeline,
)

__all__ = [
    "KIND_DROP", "KIND_NUMBER", "KIND_PARAGRAPH", "KIND_WORD", "LEGAL_ABBREVIATIONS", "NUMBER_TOKEN",
    "DanishPipeline", "LemmaTable", "Tokens", "build_pipeline", "build_table", "load_table", "spacy_pipeline",
]
