"""Clause features, computed for many clauses at once from token arrays.

A clause is read with its context, and each part is a separate feature block so the model can
weigh them apart (measured: simply prefixing the title to the text did not help):

* ``ord``: lemma unigrams and bigrams of the clause (tf-idf, sublinear tf, L2-normalised);
* ``tegn``: character 3-5-grams inside each lemma of the clause (Danish compounds);
* ``mekanisme``: cues for the six mechanisms and for procedure (``cues.py``);
* ``retning``: direction cues (»må ikke hindre«, »kan ikke gives«, »bortfalder« …);
* ``stk1_*``: the same for the § 's first Stk., where the clause is a later Stk.;
* ``henvisning_*``: the clauses of the same act it cites;
* ``titel_ord`` and ``overskrift_ord``: the act's title and the chapter heading.

Each block can carry a weight (1 unless the model says otherwise): with one L2 penalty over all
columns, scaling a block by ``w`` is regularising it ``w²`` times less, so a block that helps
little but adds many columns (the character n-grams, the first Stk.'s words) can be heard without
drowning the clause's own words. The weights are chosen by grouped cross-validation in training
and ship with the model.

Every feature is a 64-bit hash (spaCy's string hash for words and character n-grams, a mix of
two hashes for bigrams), looked up in sorted vocabularies with ``searchsorted``: one pass of array
operations for a whole bill, and the same numbers in training and at inference.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Mapping, Sequence

import numpy as np
from scipy import sparse

from ..nlp import NUMBER_TOKEN
from .cues import CUE_NAMES, MECHANISMS, direction_cues, mechanisms_of

_MIX = np.uint64(0x9E3779B97F4A7C15)
CHAR_RANGE = (3, 5)
MIN_CHAR_WORD = 4

#: Feature blocks, in matrix order. ``DEFAULT_BLOCKS`` is what the shipped model uses; training
#: can switch blocks off to measure what each adds.
ALL_BLOCKS: tuple[str, ...] = (
    "ord", "tegn", "mekanisme", "retning",
    "stk1_ord", "stk1_mekanisme", "stk1_retning",
    "henvisning_ord", "henvisning_mekanisme",
    "titel_ord", "overskrift_ord",
)
DEFAULT_BLOCKS: tuple[str, ...] = ALL_BLOCKS


@dataclass(frozen=True)
class Passage:
    """One text of a clause item (the clause, its first Stk., a cited clause, the title …)."""

    lemmas: np.ndarray  # uint64 lemma hashes of its words, numbers folded, punctuation dropped
    text: str

    @classmethod
    def empty(cls) -> Passage:
        return cls(np.zeros(0, dtype=np.uint64), "")


@dataclass(frozen=True)
class ClauseItem:
    """A clause with the context it is read with: what the classifier scores."""

    clause: Passage
    lead: Passage = field(default_factory=Passage.empty)
    references: Passage = field(default_factory=Passage.empty)
    title: Passage = field(default_factory=Passage.empty)
    heading: Passage = field(default_factory=Passage.empty)


def bigrams(lemmas: np.ndarray) -> np.ndarray:
    if len(lemmas) < 2:
        return np.zeros(0, dtype=np.uint64)
    with np.errstate(over="ignore"):
        return (lemmas[:-1] * _MIX) ^ lemmas[1:]


@lru_cache(maxsize=300_000)
def _char_hashes(word: str) -> tuple[int, ...]:
    """Character n-grams inside one lemma, padded with spaces (like scikit-learn's char_wb)."""
    from spacy.strings import hash_string

    if len(word) < MIN_CHAR_WORD or word == NUMBER_TOKEN:
        return ()
    padded = f" {word} "
    lo, hi = CHAR_RANGE
    return tuple(hash_string(padded[i : i + n]) for n in range(lo, hi + 1) for i in range(len(padded) - n + 1))


def char_grams(word: str) -> list[str]:
    """The n-gram strings of :func:`_char_hashes` (for vocabularies and explanations)."""
    if len(word) < MIN_CHAR_WORD or word == NUMBER_TOKEN:
        return []
    padded = f" {word} "
    lo, hi = CHAR_RANGE
    return [padded[i : i + n] for n in range(lo, hi + 1) for i in range(len(padded) - n + 1)]


def _lookup(keys: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(positions in ``values`` found in ``keys``, their column in ``keys``)."""
    if not len(keys) or not len(values):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    pos = np.searchsorted(keys, values)
    pos = np.minimum(pos, len(keys) - 1)
    found = np.flatnonzero(keys[pos] == values)
    return found, pos[found]


def _sublinear_tfidf(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    m = counts.tocsr(copy=True)
    m.sum_duplicates()
    if m.nnz:
        m.data = (1.0 + np.log(m.data)) * idf[m.indices]
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ m)


class Vocabulary:
    """Sorted feature hashes with their idf weights (and strings, for explanations)."""

    def __init__(self, keys: np.ndarray, idf: np.ndarray, terms: list[str]) -> None:
        self.keys = np.asarray(keys, dtype=np.uint64)
        self.idf = np.asarray(idf, dtype=np.float64)
        self.terms = list(terms)

    def __len__(self) -> int:
        return len(self.keys)


class Featurizer:
    """Turns clause items into one sparse matrix of the enabled blocks (see module docstring)."""

    def __init__(self, words: Vocabulary, chars: Vocabulary, blocks: Sequence[str] = DEFAULT_BLOCKS,
                 weights: Mapping[str, float] | None = None) -> None:
        unknown = set(blocks) - set(ALL_BLOCKS)
        if unknown:
            raise ValueError(f"unknown feature blocks: {sorted(unknown)}")
        weights = dict(weights or {})
        if set(weights) - set(blocks):
            raise ValueError(f"weights for blocks not in use: {sorted(set(weights) - set(blocks))}")
        if any(not 0.0 < float(w) <= 10.0 for w in weights.values()):
            raise ValueError("block weights must be in (0, 10]")
        self.words = words
        self.chars = chars
        self.blocks = tuple(b for b in ALL_BLOCKS if b in blocks)
        self.weights: dict[str, float] = {b: float(weights.get(b, 1.0)) for b in self.blocks}
        self._char_rows: dict[int, np.ndarray] = {}

    # -- layout
    def block_sizes(self) -> list[tuple[str, int]]:
        size = {"ord": len(self.words), "tegn": len(self.chars), "mekanisme": len(MECHANISMS), "retning": len(CUE_NAMES)}
        out = []
        for b in self.blocks:
            base = b.split("_", 1)[1] if "_" in b else b
            out.append((b, size[base]))
        return out

    @property
    def n_features(self) -> int:
        return sum(n for _, n in self.block_sizes())

    def feature_term(self, j: int) -> tuple[str, str]:
        """(block, term) of column ``j`` (for explanations)."""
        for block, n in self.block_sizes():
            if j < n:
                base = block.split("_", 1)[1] if "_" in block else block
                if base == "ord":
                    return block, self.words.terms[j]
                if base == "tegn":
                    return block, self.chars.terms[j]
                if base == "mekanisme":
                    return block, MECHANISMS[j]
                return block, CUE_NAMES[j]
            j -= n
        raise IndexError(j)

    # -- fitting the vocabularies
    @classmethod
    def fit(cls, items: Sequence[ClauseItem], string_of: Callable[[int], str], *, min_df: int = 2,
            max_char: int = 40_000, blocks: Sequence[str] = DEFAULT_BLOCKS,
            weights: Mapping[str, float] | None = None) -> Featurizer:
        """Vocabularies from the clauses of ``items``: word 1-2-grams and character n-grams with a
        document frequency of at least ``min_df`` (at most ``max_char`` character n-grams)."""
        n = len(items)
        seqs = [it.clause.lemmas for it in items]
        # Word n-grams: unique per clause, then counted over clauses, all in arrays.
        per_item = [np.unique(np.concatenate([lem, bigrams(lem)])) for lem in seqs if len(lem)]
        allgrams = np.concatenate(per_item) if per_item else np.zeros(0, dtype=np.uint64)
        wkeys, wdf = np.unique(allgrams, return_counts=True)
        keep = wdf >= min_df
        wkeys, wdf = wkeys[keep], wdf[keep]
        widf = np.log((1 + n) / (1 + wdf)) + 1
        # Character n-grams: per distinct lemma once; clause frequency through a sparse product.
        toks = np.concatenate([s for s in seqs if len(s)]) if any(len(s) for s in seqs) else np.zeros(0, dtype=np.uint64)
        lengths = np.array([len(s) for s in seqs], dtype=np.int64)
        types, inv = np.unique(toks, return_inverse=True)
        gram_index: dict[int, int] = {}
        gram_term: list[str] = []
        t_rows: list[int] = []
        t_cols: list[int] = []
        for t, h in enumerate(types.tolist()):
            word = string_of(h)
            for g, gh in zip(char_grams(word), _char_hashes(word), strict=True):
                j = gram_index.get(gh)
                if j is None:
                    j = gram_index[gh] = len(gram_term)
                    gram_term.append(g)
                t_rows.append(t)
                t_cols.append(j)
        occ = sparse.csr_matrix((np.ones(len(toks)), (np.repeat(np.arange(n), lengths), inv)), shape=(n, len(types)))
        occ.data[:] = 1.0
        grams = sparse.csr_matrix((np.ones(len(t_cols)), (t_rows, t_cols)), shape=(len(types), len(gram_term)))
        present = (occ @ grams).tocsr()
        present.data[:] = 1.0
        cdf = np.asarray(present.sum(axis=0)).ravel()
        hashes = np.array(list(gram_index), dtype=np.uint64)
        order = np.flatnonzero(cdf >= min_df)
        if len(order) > max_char:
            # the most frequent, ties by hash: deterministic
            order = order[np.lexsort((hashes[order], -cdf[order]))][:max_char]
        order = order[np.argsort(hashes[order])]
        ckeys = hashes[order]
        cidf = np.log((1 + n) / (1 + cdf[order])) + 1
        chars = Vocabulary(ckeys, cidf, [gram_term[j] for j in order.tolist()])
        words = Vocabulary(wkeys, widf, _word_terms(wkeys, seqs, string_of))
        return cls(words, chars, blocks, weights)

    # -- transforming
    def _char_row(self, lemma_hash: int, string_of: Callable[[int], str]) -> np.ndarray:
        row = self._char_rows.get(lemma_hash)
        if row is None:
            hashes = np.array(_char_hashes(string_of(lemma_hash)), dtype=np.uint64)
            _, cols = _lookup(self.chars.keys, hashes)
            row = cols.astype(np.int64)
            if len(self._char_rows) < 500_000:
                self._char_rows[lemma_hash] = row
        return row

    def _char_rows_for(self, lemma_hashes: list[int], string_of: Callable[[int], str]) -> None:
        """:meth:`_char_row` for many lemmas not seen before, with one vocabulary lookup: the
        same columns, in the same order, as one lookup per lemma."""
        if not lemma_hashes:
            return
        grams = [_char_hashes(string_of(h)) for h in lemma_hashes]
        sizes = np.array([len(g) for g in grams], dtype=np.int64)
        hashes = np.array([x for g in grams for x in g], dtype=np.uint64)
        if len(self.chars.keys) and len(hashes):
            pos = np.minimum(np.searchsorted(self.chars.keys, hashes), len(self.chars.keys) - 1)
            hit = self.chars.keys[pos] == hashes
        else:
            pos = np.zeros(len(hashes), dtype=np.int64)
            hit = np.zeros(len(hashes), dtype=bool)
        ends = np.cumsum(sizes)
        for h, end, size in zip(lemma_hashes, ends.tolist(), sizes.tolist(), strict=True):
            if len(self._char_rows) >= 500_000:
                return
            start = end - size
            self._char_rows[h] = pos[start:end][hit[start:end]].astype(np.int64)

    def _word_counts(self, seqs: Sequence[np.ndarray]) -> sparse.csr_matrix:
        n = len(seqs)
        grams = [np.concatenate([lem, bigrams(lem)]) if len(lem) else lem for lem in seqs]
        lengths = np.array([len(g) for g in grams], dtype=np.int64)
        if not lengths.sum():
            return sparse.csr_matrix((n, len(self.words)))
        values = np.concatenate([g for g in grams if len(g)])
        rows = np.repeat(np.arange(n), lengths)
        found, cols = _lookup(self.words.keys, values)
        return sparse.csr_matrix((np.ones(len(cols)), (rows[found], cols)), shape=(n, len(self.words)))

    def _char_counts(self, seqs: Sequence[np.ndarray], string_of: Callable[[int], str]) -> sparse.csr_matrix:
        n = len(seqs)
        if not n:
            return sparse.csr_matrix((0, len(self.chars)))
        lengths = np.array([len(s) for s in seqs], dtype=np.int64)
        if not lengths.sum():
            return sparse.csr_matrix((n, len(self.chars)))
        toks = np.concatenate([s for s in seqs if len(s)])
        row_of = np.repeat(np.arange(n), lengths)
        uniq, inv = np.unique(toks, return_inverse=True)
        occ = sparse.csr_matrix((np.ones(len(toks)), (row_of, inv)), shape=(n, len(uniq)))
        types = uniq.tolist()
        self._char_rows_for([h for h in types if h not in self._char_rows], string_of)
        per_type = [self._char_row(h, string_of) for h in types]
        t_rows = np.repeat(np.arange(len(uniq)), [len(r) for r in per_type])
        t_cols = np.concatenate(per_type) if per_type else np.zeros(0, dtype=np.int64)
        grams = sparse.csr_matrix((np.ones(len(t_cols)), (t_rows, t_cols)), shape=(len(uniq), len(self.chars)))
        return sparse.csr_matrix(occ @ grams)

    @staticmethod
    def _mechanism_counts(seqs: Sequence[np.ndarray], string_of: Callable[[int], str]) -> np.ndarray:
        n = len(seqs)
        lengths = np.array([len(s) for s in seqs], dtype=np.int64)
        if not lengths.sum():
            return np.zeros((n, len(MECHANISMS)))
        toks = np.concatenate([s for s in seqs if len(s)])
        types, inv = np.unique(toks, return_inverse=True)
        per_type = np.zeros((len(types), len(MECHANISMS)))
        for t, h in enumerate(types.tolist()):
            for i in mechanisms_of(string_of(h)):
                per_type[t, i] = 1.0
        occ = sparse.csr_matrix((np.ones(len(toks)), (np.repeat(np.arange(n), lengths), inv)), shape=(n, len(types)))
        return np.log1p(np.asarray(occ @ per_type)) / 2.0

    @staticmethod
    def _cue_counts(texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), len(CUE_NAMES)))
        index = {c: i for i, c in enumerate(CUE_NAMES)}
        for r, text in enumerate(texts):
            for name, count in direction_cues(text).items():
                out[r, index[name]] = count
        return np.log1p(out)

    def transform(self, items: Sequence[ClauseItem], string_of: Callable[[int], str]) -> sparse.csr_matrix:
        parts: list[sparse.spmatrix] = []
        part_of = {
            "": lambda it: it.clause, "stk1": lambda it: it.lead, "henvisning": lambda it: it.references,
            "titel": lambda it: it.title, "overskrift": lambda it: it.heading,
        }
        for block in self.blocks:
            prefix, base = block.rsplit("_", 1) if "_" in block else ("", block)
            passages = [part_of[prefix](it) for it in items]
            seqs = [p.lemmas for p in passages]
            if base == "ord":
                m = _sublinear_tfidf(self._word_counts(seqs), self.words.idf)
            elif base == "tegn":
                m = _sublinear_tfidf(self._char_counts(seqs, string_of), self.chars.idf)
            elif base == "mekanisme":
                m = sparse.csr_matrix(self._mechanism_counts(seqs, string_of))
            else:
                m = sparse.csr_matrix(self._cue_counts([p.text for p in passages]))
            if self.weights[block] != 1.0:
                m = m * self.weights[block]
            parts.append(m)
        if not parts:
            return sparse.csr_matrix((len(items), 0))
        return sparse.hstack(parts, format="csr", dtype=np.float64)


def _word_terms(keys: np.ndarray, seqs: Sequence[np.ndarray], string_of: Callable[[int], str]) -> list[str]:
    """The words behind the kept word n-gram hashes (for explanations), found in one pass."""
    terms: dict[int, str] = {}
    seqs = [s for s in seqs if len(s)]
    if not seqs:
        return ["" for _ in keys.tolist()]
    uni = np.unique(np.concatenate(seqs))
    for h in uni[np.isin(uni, keys)].tolist():
        terms[h] = string_of(h)
    pairs = [s for s in seqs if len(s) > 1]
    if pairs:
        bi = np.concatenate([bigrams(s) for s in pairs])
        left = np.concatenate([s[:-1] for s in pairs])
        right = np.concatenate([s[1:] for s in pairs])
        ub, first = np.unique(bi, return_index=True)
        keep = np.isin(ub, keys)
        for h, i in zip(ub[keep].tolist(), first[keep].tolist(), strict=True):
            terms.setdefault(h, f"{string_of(int(left[i]))} {string_of(int(right[i]))}")
    return [terms.get(h, "") for h in keys.tolist()]


def _csr(rows: list[np.ndarray], cols: list[np.ndarray], n: int, width: int) -> sparse.csr_matrix:
    if not rows:
        return sparse.csr_matrix((n, width))
    r = np.concatenate(rows)
    c = np.concatenate(cols)
    return sparse.csr_matrix((np.ones(len(r)), (r, c)), shape=(n, width))
