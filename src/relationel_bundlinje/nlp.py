"""One Danish spaCy pipeline for legal text, built once per process and shared.

``spacy.blank("da")`` gives Danish tokenisation with no downloaded model. On top of it we add:

* tokenizer special cases for legal abbreviations that the blank tokenizer does not know;
* ``bundlinje_lemmatizer``: lemmas from spaCy's Danish lookup table (``spacy-lookups-data``),
  looked up on the lower-case form so that sentence-initial and capitalised words are lemmatised
  too (spaCy's own lookup lemmatizer is case-sensitive);
* ``bundlinje_sentences``: sentence boundaries that do not split after ``stk.``, ``nr.``, ``jf.``,
  ``pkt.``, ``m.v.``, ``bl.a.`` or inside dates such as ``1. juli 2024``.

Both components are registered factories, so an integrator running spaCy can add them to a
pipeline of their own by name.
"""

from __future__ import annotations

import gzip
import json
import threading
from functools import lru_cache
from importlib import resources

import spacy
from spacy.language import Language
from spacy.tokens import Doc

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


@lru_cache(maxsize=1)
def lemma_table() -> dict[str, str]:
    """spaCy's Danish lemma lookup table, keyed on lower-case forms (loaded once, ~0.5 s)."""
    data = resources.files("spacy_lookups_data") / "data" / "da_lemma_lookup.json.gz"
    with data.open("rb") as fh:
        raw: dict[str, str] = json.loads(gzip.decompress(fh.read()))
    table: dict[str, str] = {}
    for form, lemma in raw.items():
        low = form.lower()
        # Prefer an entry that was lower-case in the source (common noun over proper noun).
        if low not in table or form == low:
            table[low] = lemma.lower()
    return table


def lemma_of(word: str) -> str:
    """Lemma of one word (lower-case), the word itself where the table has none."""
    low = word.lower()
    return lemma_table().get(low, low)


@Language.factory("bundlinje_lemmatizer")
def _make_lemmatizer(nlp: Language, name: str):  # noqa: ARG001 - spaCy factory signature
    table = lemma_table()

    def lemmatize(doc: Doc) -> Doc:
        for token in doc:
            low = token.lower_
            token.lemma_ = table.get(low, low)
        return doc

    return lemmatize


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


def _add_special_cases(nlp: Language) -> None:
    for abbr in LEGAL_ABBREVIATIONS:
        if abbr.endswith("."):
            for form in {abbr, abbr.capitalize()}:
                nlp.tokenizer.add_special_case(form, [{"ORTH": form}])


_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _build() -> Language:
    nlp = spacy.blank("da")
    _add_special_cases(nlp)
    nlp.add_pipe("bundlinje_lemmatizer")
    nlp.add_pipe("bundlinje_sentences")
    return nlp


def get_nlp() -> Language:
    """The shared pipeline. Built on first use; thread-safe; never downloads anything."""
    with _LOCK:
        return _build()


def tokenize(text: str) -> Doc:
    """Tokens with lemmas (no sentence splitting): the cheap path for matching and features.

    A whole bill's text is tokenized once and shared by the rules and the classifier (see
    :func:`tokenize_bill`); treat the returned ``Doc`` as read-only.
    """
    if len(text) >= _SHARED_MIN_CHARS:
        return _tokenize_cached(text)
    return _tokenize(text)


def _tokenize(text: str) -> Doc:
    nlp = get_nlp()
    doc = nlp.make_doc(text)
    return nlp.get_pipe("bundlinje_lemmatizer")(doc)


#: Texts at least this long (whole bills) are cached, so the stages of one screening share one
#: tokenization; clause-sized texts are cheap and not worth the memory.
_SHARED_MIN_CHARS = 2000


@lru_cache(maxsize=4)
def _tokenize_cached(text: str) -> Doc:
    return _tokenize(text)
