"""One Danish spaCy pipeline for legal text, and the token arrays every later stage reads.

``spacy.blank("da")`` gives Danish tokenisation with no downloaded model. On top of it:

* tokenizer special cases for legal abbreviations (``stk.``, ``jf.``, ``m.v.``) the blank
  tokenizer does not know;
* ``bundlinje_lemmatizer``: lemmas from the array lemma table (``nlp/lemmas.py``), looked up on the
  lower-case form, so sentence-initial and capitalised words are lemmatised too;
* ``bundlinje_sentences``: sentence boundaries that do not split after ``stk.``, ``nr.``, ``jf.``,
  ``pkt.``, ``m.v.``, ``bl.a.`` or inside dates such as ``1. juli 2024``.

Both components are registered factories, so an integrator running spaCy can add them by name.
Inside the product, :meth:`DanishPipeline.tokens` is the fast path: one ``make_doc`` and a few
array operations give every token's lower-case form, lemma and offsets, with no per-token Python.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import spacy
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LEMMA, LENGTH, LOWER
from spacy.language import Language
from spacy.tokens import Doc

from .lemmas import LemmaTable, load_table

#: Abbreviations after which a full stop never ends a sentence in Danish legal text.
LEGAL_ABBREVIATIONS: tuple[str, ...] = (
    "stk.", "nr.", "jf.", "pkt.", "m.v.", "bl.a.", "f.eks.", "el.lign.", "o.l.", "m.m.", "ca.",
    "kr.", "pr.", "dvs.", "evt.", "mv.", "lovbkg.", "lbk.", "bkg.", "bek.", "j.nr.", "afd.",
    "kap.", "litra", "ff.", "jfr.", "vedr.", "inkl.", "ekskl.", "hhv.", "iflg.", "gl.", "nuv.",
    "tlf.", "mio.", "mia.", "mrd.", "pct.", "st.", "art.", "s.", "sml.", "bilag", "m.fl.",
)

MONTHS = frozenset(
    "januar februar marts april maj juni juli august september oktober november december".split()
)

#: Token kinds for features: numbers fold to one token, "§" is kept, punctuation is dropped.
KIND_DROP, KIND_WORD, KIND_NUMBER, KIND_PARAGRAPH = 0, 1, 2, 3
NUMBER_TOKEN = "<tal>"
_NUMBER = re.compile(r"^\d+([.,]\d+)*\.?$")


@dataclass(frozen=True)
class Tokens:
    """A text's tokens as arrays (all of the same length): what matching and features read."""

    lower: np.ndarray  # uint64 hash of the lower-case form
    lemma: np.ndarray  # uint64 hash of the lemma (numbers: of NUMBER_TOKEN)
    start: np.ndarray  # int64 character offset in the text
    end: np.ndarray  # int64
    kind: np.ndarray  # int8: KIND_*

    def __len__(self) -> int:
        return len(self.lower)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Token range [i, j) of the tokens that overlap characters [start, end)."""
        i = int(np.searchsorted(self.end, start, side="right"))
        j = int(np.searchsorted(self.start, end, side="left"))
        return i, max(i, j)


def _is_boundary(doc: Doc, i: int) -> bool:
    """Does a sentence start at token ``i``?"""
    prev = doc[i - 1]
    tok = doc[i]
    text = prev.text
    if text in {".", "!", "?"}:
        before = doc[i - 2].lower_ if i >= 2 else ""
        return before not in LEGAL_ABBREVIATIONS and (tok.is_title or tok.is_upper or tok.text in {"§", "Stk."})
    if text.endswith(".") and len(text) > 1:
        low = text.lower()
        if low in LEGAL_ABBREVIATIONS:
            return False
        if text[:-1].isdigit():
            # "1. juli 2024" is a date; "§ 4. Stk. 2" and "pkt. 4. Loven" end a sentence only
            # before a capital letter that does not start a month name.
            return tok.is_title and tok.lower_ not in MONTHS
        return tok.is_title and "." not in text[:-1]
    return False


@Language.factory("bundlinje_sentences")
def _make_sentences(nlp: Language, name: str):  # noqa: ARG001 - spaCy factory signature
    def split(doc: Doc) -> Doc:
        for i, token in enumerate(doc):
            token.is_sent_start = i == 0 or _is_boundary(doc, i)
        return doc

    return split


@Language.factory("bundlinje_lemmatizer", default_config={"table": None})
def _make_lemmatizer(nlp: Language, name: str, table: str | None):  # noqa: ARG001
    from ..resources import lemma_table_path

    lemmas = load_table(Path(table) if table else lemma_table_path())

    def lemmatize(doc: Doc) -> Doc:
        if not len(doc):
            return doc
        lower = doc.to_array([LOWER]).astype(np.uint64).ravel()
        hashes = lemmas.lemma_hashes_of(lower)
        strings = doc.vocab.strings
        for h in np.unique(hashes).tolist():
            if h not in strings:
                strings.add(lemmas.lemma_string(h))
        doc.from_array([LEMMA], hashes.reshape(-1, 1))
        return doc

    return lemmatize


def _add_special_cases(nlp: Language) -> None:
    for abbr in LEGAL_ABBREVIATIONS:
        if abbr.endswith("."):
            for form in {abbr, abbr.capitalize()}:
                nlp.tokenizer.add_special_case(form, [{"ORTH": form}])


class DanishPipeline:
    """The shared Danish pipeline: build once, pass it on; thread-safe for reading.

    ``max_length`` is raised to what the screening's segments need: the screener tokenizes long
    bills in pieces (see ``pipeline.segments``), never a whole 5 MB text at once.
    """

    def __init__(self, lemmas: LemmaTable, *, max_length: int = 2_000_000) -> None:
        self.lemmas = lemmas
        self.nlp = spacy.blank("da")
        self.nlp.max_length = max_length
        _add_special_cases(self.nlp)
        self._kinds: dict[int, int] = {}
        self._lock = threading.Lock()
        self.number_hash = self.nlp.vocab.strings.add(NUMBER_TOKEN)
        self.paragraph_hash = self.nlp.vocab.strings.add("§")

    @property
    def vocab(self):
        return self.nlp.vocab

    def make_doc(self, text: str) -> Doc:
        return self.nlp.make_doc(text)

    def string(self, h: int) -> str:
        """The string behind a hash (a form of a tokenized text, or a lemma of the table)."""
        strings = self.nlp.vocab.strings
        if h in strings:
            return strings[h]
        return self.lemmas.lemma_string(h)

    def lemma_of(self, word: str) -> str:
        return self.lemmas.lemma_of(word)

    def tokens(self, text: str) -> Tokens:
        """Tokenize ``text`` and return its token arrays (lemmas looked up in one step)."""
        doc = self.nlp.make_doc(text)
        return self.tokens_of(doc)

    def tokens_of(self, doc: Doc) -> Tokens:
        if not len(doc):
            empty = np.zeros(0, dtype=np.int64)
            return Tokens(empty.astype(np.uint64), empty.astype(np.uint64), empty, empty, empty.astype(np.int8))
        lower = doc.to_array([LOWER]).astype(np.uint64).ravel()
        arr = doc.to_array([IDX, LENGTH, IS_PUNCT, IS_SPACE]).astype(np.int64)
        start = arr[:, 0]
        lemma = self.lemmas.lemma_hashes_of(lower)
        kind = self._kind_of(lower, doc)
        # Punctuation and space go first, as they always have: "§" counts only where spaCy
        # does not call it punctuation.
        kind[(arr[:, 2] == 1) | (arr[:, 3] == 1)] = KIND_DROP
        lemma[kind == KIND_NUMBER] = np.uint64(self.number_hash)
        lemma[kind == KIND_PARAGRAPH] = np.uint64(self.paragraph_hash)
        return Tokens(lower=lower, lemma=lemma, start=start, end=start + arr[:, 1], kind=kind)

    def _kind_of(self, lower: np.ndarray, doc: Doc) -> np.ndarray:
        """Each token's kind, decided once per distinct form (a law repeats its vocabulary)."""
        uniq, inverse = np.unique(lower, return_inverse=True)
        strings = doc.vocab.strings
        kinds = np.empty(len(uniq), dtype=np.int8)
        with self._lock:
            cache = self._kinds
            for k, h in enumerate(uniq.tolist()):
                kind = cache.get(h)
                if kind is None:
                    kind = _classify(strings[h])
                    if len(cache) < 2_000_000:
                        cache[h] = kind
                kinds[k] = kind
        return kinds[inverse].astype(np.int8)


def _classify(text: str) -> int:
    if text == "§":
        return KIND_PARAGRAPH
    if _NUMBER.match(text):
        return KIND_NUMBER
    if any(ch.isalpha() for ch in text):
        return KIND_WORD
    return KIND_DROP


def build_pipeline(lemma_table: Path | None = None) -> DanishPipeline:
    """The pipeline with the lemma table shipped beside the model (or the one at ``lemma_table``)."""
    from ..resources import lemma_table_path

    return DanishPipeline(load_table(Path(lemma_table) if lemma_table else lemma_table_path()))


def spacy_pipeline(lemma_table: Path | None = None) -> Language:
    """A spaCy ``Language`` with the project's components, for integrators who run spaCy."""
    nlp = spacy.blank("da")
    _add_special_cases(nlp)
    nlp.add_pipe("bundlinje_lemmatizer", config={"table": str(lemma_table) if lemma_table else None})
    nlp.add_pipe("bundlinje_sentences")
    return nlp
