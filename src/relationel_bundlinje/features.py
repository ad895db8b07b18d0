"""Clause features: lemma n-grams, character n-grams and mechanism cues.

The vocabularies and idf weights are plain lists and arrays, so a fitted extractor can be saved
as JSON + ``.npz`` and rebuilt without pickle.

Mechanism cues are lemma prefixes for the six mechanisms of the annotation guidelines (being
together in place, time, formal bonds, channels of contact, community arenas, means to take part)
and for procedure — they carry what a clause *does* to people across topics, where topic words
alone do not generalise from one act to another.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

import numpy as np
from scipy import sparse

from .nlp import tokenize

#: Lemma prefixes per mechanism. Prefixes catch Danish compounds' first part (besøgs-, samværs-).
MECHANISM_CUES: dict[str, tuple[str, ...]] = {
    "sted": ("bo", "bolig", "ophold", "flytt", "flyt", "anbring", "anbragt", "placer", "indkvarter", "frihedsberøv",
             "fængsel", "plejehjem", "plejebolig", "botilbud", "institution", "udvis", "udsæt", "bopæl", "hjem",
             "opholdssted", "lejlighed", "lejer", "asylcent", "udrejsecent", "afsonin"),
    "tid": ("orlov", "arbejdstid", "timer", "aflastning", "afløsning", "fravær", "frihed", "ferie", "rådighed",
            "beskæftigelseskrav", "arbejdskrav", "aktivering", "tilbud", "pasning", "omsorgsdag"),
    "baand": ("ægtefælle", "ægteskab", "samlev", "skilsmisse", "separation", "forældremyndighed", "samvær",
              "adoption", "adopt", "pleje", "plejefamilie", "familiesammenføring", "sammenføring", "barn", "børn",
              "forælder", "forældre", "søskende", "bedsteforæld", "slægt", "familie", "netværk", "nærtstående",
              "pårørende", "partner", "registreret partnerskab", "faderskab", "moderskab", "medmor", "gift", "enke"),
    "kanal": ("besøg", "kontakt", "brev", "telefon", "isolation", "isoler", "karantæne", "tilhold", "opholdsforbud",
              "kontaktforbud", "forsamling", "samtale", "personligt", "fremmøde", "digital", "selvbetjening"),
    "arena": ("dagtilbud", "vuggestue", "børnehave", "skole", "klasse", "uddannelse", "elev", "studerende",
              "forening", "frivillig", "idræt", "kultur", "fritid", "klub", "fællesskab", "mødested", "bibliotek",
              "transport", "kørsel", "befordring", "rejse", "tilgængelig", "undervisning"),
    "midler": ("kontanthjælp", "ydelse", "hjælp", "pension", "dagpenge", "børnetilskud", "boligstøtte", "tilskud",
               "loft", "fradrag", "egenbetaling", "betaling", "indkomst", "sats", "forsørg", "understøttelse", "su"),
    "procedure": ("klage", "indberet", "register", "registrer", "tilsyn", "kompetence", "frist", "bekendtgørelse",
                  "statistik", "regnskab", "revision", "afgift", "skat", "moms", "selskab", "virksomhed", "vederlag",
                  "gebyr", "straf", "bøde", "opkræv", "refusion", "kontrol", "anmeld", "oplysning", "dokumentation",
                  "ikrafttræden", "træde", "energi", "elektricitet", "finansiel", "værdipapir", "kapital"),
}

_NUMBER = re.compile(r"^\d+([.,]\d+)*\.?$")


def lemmas(text: str) -> list[str]:
    """Lower-case lemmas of the words of a text (numbers folded to '<tal>', punctuation dropped)."""
    return lemmas_of_tokens(tokenize(text))


def lemmas_of_tokens(tokens) -> list[str]:
    """As :func:`lemmas`, for tokens already made (a ``Doc`` or a ``Span`` of one)."""
    out: list[str] = []
    for tok in tokens:
        if tok.is_punct or tok.is_space:
            continue
        t = tok.text
        if _NUMBER.match(t):
            out.append("<tal>")
        elif t == "§":
            out.append("§")
        elif any(ch.isalpha() for ch in t):
            out.append(tok.lemma_)
    return out


def word_ngrams(lem: list[str]) -> list[str]:
    return lem + [f"{a} {b}" for a, b in zip(lem, lem[1:], strict=False)]


@lru_cache(maxsize=200_000)
def _word_char_ngrams(w: str, lo: int, hi: int) -> tuple[str, ...]:
    padded = f" {w} "
    return tuple(padded[i : i + n] for n in range(lo, hi + 1) for i in range(len(padded) - n + 1))


def char_ngrams(lem: list[str], lo: int = 3, hi: int = 5) -> list[str]:
    """Character n-grams inside each lemma, padded with spaces (like scikit-learn's char_wb).

    Computed once per distinct word: a law repeats its vocabulary, so the cache does most of the work.
    """
    out: list[str] = []
    for w in lem:
        if len(w) < 4 or w == "<tal>":
            continue
        out.extend(_word_char_ngrams(w, lo, hi))
    return out


_MECHANISMS = tuple(MECHANISM_CUES)


@lru_cache(maxsize=200_000)
def _word_mechanisms(w: str) -> tuple[int, ...]:
    """Indices of the mechanisms whose cues a word starts with (str.startswith takes a tuple)."""
    return tuple(i for i, name in enumerate(_MECHANISMS) if w.startswith(MECHANISM_CUES[name]))


def mechanism_counts(lem: list[str]) -> dict[str, int]:
    counts = [0] * len(_MECHANISMS)
    for w in lem:
        for i in _word_mechanisms(w):
            counts[i] += 1
    return dict(zip(_MECHANISMS, counts, strict=True))


class FeatureExtractor:
    """Turns clause texts into one sparse matrix: [lemma n-grams | char n-grams | mechanisms]."""

    def __init__(self, word_vocab: list[str], word_idf: np.ndarray, char_vocab: list[str], char_idf: np.ndarray) -> None:
        self.word_vocab = list(word_vocab)
        self.char_vocab = list(char_vocab)
        self.word_idf = np.asarray(word_idf, dtype=np.float64)
        self.char_idf = np.asarray(char_idf, dtype=np.float64)
        self._word_index = {t: i for i, t in enumerate(self.word_vocab)}
        self._char_index = {t: i for i, t in enumerate(self.char_vocab)}
        self.mechanisms = list(MECHANISM_CUES)

    @property
    def n_features(self) -> int:
        return len(self.word_vocab) + len(self.char_vocab) + len(self.mechanisms)

    def feature_names(self) -> list[str]:
        return self.word_vocab + [f"char:{c}" for c in self.char_vocab] + [f"mekanisme:{m}" for m in self.mechanisms]

    @classmethod
    def fit(cls, texts: list[str], *, min_df: int = 2, max_char: int = 40000) -> FeatureExtractor:
        docs = [lemmas(t) for t in texts]
        n = len(docs)
        wdf: Counter[str] = Counter()
        cdf: Counter[str] = Counter()
        for lem in docs:
            wdf.update(set(word_ngrams(lem)))
            cdf.update(set(char_ngrams(lem)))
        wv = sorted(t for t, c in wdf.items() if c >= min_df)
        cv = sorted(t for t, c in cdf.items() if c >= min_df)
        if len(cv) > max_char:
            cv = sorted(sorted(cv, key=lambda t: (-cdf[t], t))[:max_char])
        widf = np.array([math.log((1 + n) / (1 + wdf[t])) + 1 for t in wv])
        cidf = np.array([math.log((1 + n) / (1 + cdf[t])) + 1 for t in cv])
        return cls(wv, widf, cv, cidf)

    @staticmethod
    def _tfidf(gram_lists: list[list[str]], index: dict[str, int], idf: np.ndarray) -> sparse.csr_matrix:
        """Sublinear tf (1 + log count) times idf, each row L2-normalised — built in bulk."""
        rows: list[int] = []
        cols: list[int] = []
        get = index.get
        for r, grams in enumerate(gram_lists):
            ids = [j for j in map(get, grams) if j is not None]
            cols.extend(ids)
            rows.extend([r] * len(ids))
        m = sparse.csr_matrix(
            (np.ones(len(cols)), (np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64))),
            shape=(len(gram_lists), len(index)),
        )
        m.sum_duplicates()
        m.data = (1.0 + np.log(m.data)) * idf[m.indices]
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        norms[norms == 0] = 1.0
        return sparse.csr_matrix(sparse.diags(1.0 / norms) @ m)

    def transform_lemmas(self, docs: list[list[str]]) -> sparse.csr_matrix:
        words = self._tfidf([word_ngrams(lem) for lem in docs], self._word_index, self.word_idf)
        chars = self._tfidf([char_ngrams(lem) for lem in docs], self._char_index, self.char_idf)
        mech = np.array([list(mechanism_counts(lem).values()) for lem in docs], dtype=np.float64).reshape(len(docs), len(self.mechanisms))
        mech = sparse.csr_matrix(np.log1p(mech) / 2.0)
        return sparse.hstack([words, chars, mech], format="csr", dtype=np.float64)

    def transform(self, texts: list[str]) -> sparse.csr_matrix:
        return self.transform_lemmas([lemmas(t) for t in texts])
