"""Compiling triggers: the compact term syntax and spaCy token patterns -> matchers.

Trigger syntax:

* ``terms``: words, ``*`` marks a prefix/suffix/infix: ``samvær`` (any form with that lemma),
  ``besøg*`` (starts with), ``*bolig`` (compound head, with inflection), ``*besøg*`` (anywhere in
  the word), ``=besøgende`` (exactly that form). Several words make a sequence (``"ret til
  samvær"``); a lone ``*`` between words stands for up to two arbitrary words.
* ``phrases`` with ``phrase_attr`` (``LOWER`` or ``LEMMA``): fixed phrases for the PhraseMatcher.
* ``patterns``: full spaCy token patterns for what the compact syntax cannot say.

Single-token specs (LOWER/LEMMA with a string, ``REGEX`` or ``IN``) are decided once per word form
(``TypeSpec``), multi-token patterns made of them run as sequences over those decisions; anything
else runs through a spaCy ``Matcher``. Regular expressions written by users are checked before use:
no inline flags, no backreferences, no nested quantifiers (``(a+)+`` can take exponential time),
and they only ever see word forms of bounded length.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable

_TERM = re.compile(r"^=?\*?[\wæøåÆØÅé§\-]+\*?$")
#: Danish inflection after a compound head (``*bolig`` finds plejeboliger, ældreboligen).
_INFLECTION = r"(?:e|en|er|erne|et|ets|s|ne|nes|ens|es)?"
_SINGLE_ATTRS = {"LOWER", "LEMMA"}
ANY_OPTIONAL = {"OP": "?"}
#: Word forms longer than this match no trigger (a hostile 300 KB "word" never reaches a regex).
MAX_FORM_CHARS = 80
MAX_REGEX_CHARS = 500


class PatternError(ValueError):
    """A user-written pattern that cannot be used (Danish message)."""


def check_regex(pattern: str) -> re.Pattern[str]:
    """Compile a user's regular expression, refusing what could hang or change other patterns."""
    if not isinstance(pattern, str) or len(pattern) > MAX_REGEX_CHARS:
        raise PatternError(f"det regulære udtryk er for langt (over {MAX_REGEX_CHARS} tegn)")
    if re.search(r"\(\?[aiLmsux-]+[:)]", pattern):
        raise PatternError(f"det regulære udtryk »{pattern[:60]}« bruger flag som (?i), som ikke er tilladt")
    if re.search(r"\\[1-9]|\(\?P=", pattern):
        raise PatternError(f"det regulære udtryk »{pattern[:60]}« bruger tilbagehenvisninger, som ikke er tilladt")
    if _nested_quantifier(pattern):
        raise PatternError(
            f"det regulære udtryk »{pattern[:60]}« har en gentagelse inden i en gentagelse, som kan tage "
            "eksponentiel tid; skriv det om"
        )
    try:
        return re.compile(pattern)
    except re.error as err:
        raise PatternError(f"ugyldigt regulært udtryk »{pattern[:60]}« ({err.msg})") from None


def _nested_quantifier(pattern: str) -> bool:
    """Does a quantified group contain a quantifier (``(a+)+``, ``(a|b*)*``, ``(x{2,})+``)?"""
    stack: list[bool] = []  # per open group: does it contain a quantifier?
    i = 0
    quantifier = set("*+{")
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":  # a character class: skip to its end
            j = i + 1
            if j < len(pattern) and pattern[j] == "^":
                j += 1
            if j < len(pattern) and pattern[j] == "]":
                j += 1
            while j < len(pattern) and pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            i = j + 1
            continue
        if ch == "(":
            stack.append(False)
        elif ch == ")":
            inner = stack.pop() if stack else False
            nxt = pattern[i + 1] if i + 1 < len(pattern) else ""
            if nxt in quantifier and inner:
                return True
            if stack and (inner or nxt in quantifier):
                stack[-1] = True
        elif ch in quantifier and stack:
            stack[-1] = True
        i += 1
    return False


def term_regex(word: str, lemma_of: Callable[[str], str]) -> tuple[str, str]:
    """(LOWER regex, LEMMA regex) for one word of the compact syntax."""
    exact = word.startswith("=")
    core = word.lstrip("=")
    head, tail = core.startswith("*"), core.endswith("*")
    stem = re.escape(core.strip("*").lower())
    if exact:
        return f"^{stem}$", "(?!)"  # this form only: never on the lemma
    if head and tail:
        return stem, stem
    if tail:
        return f"^{stem}", f"^{stem}"
    if head:
        return f"{stem}{_INFLECTION}$", f"{stem}{_INFLECTION}$"
    return f"^{stem}$", f"^{re.escape(lemma_of(core))}$"


def _token_spec(word: str, lemma_of: Callable[[str], str]) -> dict[str, Any]:
    if "*" not in word and not word.startswith("="):
        return {"LEMMA": lemma_of(word)}
    lower, _ = term_regex(word, lemma_of)
    return {"LOWER": {"REGEX": lower}}


def compile_terms(terms: list[str], lemma_of: Callable[[str], str]) -> tuple[list[list[dict]], list[list[dict]], list[str]]:
    """(single-token patterns, multi-token patterns, problems) for a list of compact terms."""
    lowers: list[str] = []
    lemmas: list[str] = []
    multi: list[list[dict]] = []
    problems: list[str] = []
    for term in terms:
        words = term.split()
        bad = [w for w in words if w != "*" and (not _TERM.match(w) or w.strip("=*") == "")]
        if bad or not words or words[0] == "*" or words[-1] == "*":
            problems.append(
                f"ugyldigt udtryk '{term[:60]}' ('*' må kun stå først eller sidst i et ord eller alene mellem to ord)"
            )
            continue
        if len(words) == 1:
            lower, lemma = term_regex(words[0], lemma_of)
            lowers.append(lower)
            lemmas.append(lemma)
        else:
            pattern: list[dict] = []
            for w in words:
                pattern.extend([dict(ANY_OPTIONAL), dict(ANY_OPTIONAL)] if w == "*" else [_token_spec(w, lemma_of)])
            multi.append(pattern)
    # One single-token pattern per word and attribute: each becomes a plain string test.
    single = [[{"LOWER": {"REGEX": r}}] for r in lowers]
    single += [[{"LEMMA": {"REGEX": r}}] for r in lemmas if r != "(?!)"]
    return single, multi, problems


def is_type_level(pattern: list[dict]) -> bool:
    """Can this pattern be decided from a word form alone (one token, LOWER/LEMMA)?"""
    if len(pattern) != 1:
        return False
    spec = pattern[0]
    if not isinstance(spec, dict) or not spec or set(spec) - _SINGLE_ATTRS:
        return False
    for value in spec.values():
        if isinstance(value, str):
            continue
        if isinstance(value, dict) and set(value) <= {"REGEX", "IN"} and len(value) == 1:
            continue
        return False
    return True


#: The endings ``_INFLECTION`` allows after a compound head, spelt out for ``str.endswith``.
_ENDINGS = ("", "e", "en", "er", "erne", "et", "ets", "s", "ne", "nes", "ens", "es")
_LITERAL = re.compile(r"^(?:\\.|[^\\^$.|?*+()\[\]{}])+$")


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


@dataclass(frozen=True)
class TypeSpec:
    """One single-token test on a word's lower-case form or lemma.

    ``kind`` is ``exact`` (a set of forms), ``prefix``, ``suffix`` (a compound head with Danish
    inflection), ``infix`` or ``regex``: the compact syntax compiles to the first four, which run as
    plain string operations; only patterns users write as regular expressions run a regex.
    """

    attr: str  # LOWER | LEMMA
    kind: str
    values: tuple[str, ...] = ()
    regex: re.Pattern[str] | None = None

    def test(self, lower: str, lemma: str) -> bool:
        value = lower if self.attr == "LOWER" else lemma
        if self.kind == "exact":
            return value in self.values
        if self.kind == "prefix":
            return value.startswith(self.values)
        if self.kind == "suffix":
            return value.endswith(self.values)
        if self.kind == "infix":
            return any(v in value for v in self.values)
        assert self.regex is not None
        return self.regex.search(value) is not None


def _from_regex(attr: str, pattern: str) -> TypeSpec:
    """Recognise the shapes the compact syntax produces; anything else stays a (checked) regex."""
    if pattern == "(?!)":
        return TypeSpec(attr, "exact", ())
    if pattern.startswith("^") and pattern.endswith("$") and _LITERAL.match(pattern[1:-1]):
        return TypeSpec(attr, "exact", (_unescape(pattern[1:-1]),))
    if pattern.startswith("^") and _LITERAL.match(pattern[1:]):
        return TypeSpec(attr, "prefix", (_unescape(pattern[1:]),))
    if pattern.endswith(_INFLECTION + "$") and _LITERAL.match(pattern[: -len(_INFLECTION) - 1]):
        stem = _unescape(pattern[: -len(_INFLECTION) - 1])
        return TypeSpec(attr, "suffix", tuple(stem + e for e in _ENDINGS))
    if _LITERAL.match(pattern):
        return TypeSpec(attr, "infix", (_unescape(pattern),))
    return TypeSpec(attr, "regex", (), check_regex(pattern))


def type_spec(spec: dict) -> list[TypeSpec]:
    """A spec dict (possibly LOWER and LEMMA together: all must hold) as tests."""
    out: list[TypeSpec] = []
    for attr, value in spec.items():
        if isinstance(value, str):
            out.append(TypeSpec(attr, "exact", (value.lower(),)))
        elif "IN" in value:
            if not isinstance(value["IN"], list):
                raise PatternError("IN skal være en liste")
            out.append(TypeSpec(attr, "exact", tuple(sorted({str(v).lower() for v in value["IN"]}))))
        else:
            out.append(_from_regex(attr, value["REGEX"]))
    return out


@dataclass
class Compiled:
    """Compiled matchers of a rule set. Keys name what matched: ``T|q|t`` (trigger), ``X|q|t|x``
    (a trigger's exclude), ``S|s`` (suppressor); ``P|n`` are single-token specs inside sequences."""

    specs: dict[str, list[TypeSpec]]  # key -> all predicates must hold (one alternative)
    alternatives: dict[str, list[str]]  # T/X/S key -> spec keys, any of which matches
    sequences: dict[str, list[tuple[str, tuple[str | None, ...]]]]  # first spec key -> (key, seq)
    free_matcher: Any  # spaCy Matcher for patterns beyond single-token specs
    reference_matcher: Any  # every multi-token pattern as a plain spaCy Matcher (for integrators)
    phrase_matchers: dict[str, Any]
    has_free: bool
    has_lemma_phrases: bool
    form_cache: dict[int, frozenset[str]] = field(default_factory=dict)
    _index: dict[tuple[str, str], dict[str, list[str]]] = field(default_factory=dict)
    _scan: list[tuple[str, TypeSpec]] = field(default_factory=list)
    _lengths: dict[tuple[str, str], tuple[int, ...]] = field(default_factory=dict)
    _infix: dict[str, tuple[re.Pattern[str], list[tuple[str, TypeSpec]]]] = field(default_factory=dict)
    _owners: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Index every spec by its first test, so a word form only meets the specs it can pass:
        # exact values by dictionary, prefixes and suffixes by the word's own prefixes and
        # suffixes of the lengths the index holds; infix tests behind one search for any of their
        # values per attribute; only regex tests are scanned (there are few).
        for key, preds in self.specs.items():
            first = preds[0]
            if first.kind in ("exact", "prefix", "suffix"):
                index = self._index.setdefault((first.attr, first.kind), {})
                for value in first.values:
                    index.setdefault(value, []).append(key)
            else:
                self._scan.append((key, first))
        for where, index in self._index.items():
            self._lengths[where] = tuple(sorted({len(v) for v in index if v}))
        for attr in ("LOWER", "LEMMA"):
            infix = [(key, test) for key, test in self._scan if test.kind == "infix" and test.attr == attr]
            values = sorted({v for _, test in infix for v in test.values}, key=lambda v: (-len(v), v))
            if infix and all(values):
                self._infix[attr] = (re.compile("|".join(re.escape(v) for v in values)), infix)
        if self._infix:
            routed = {key for _, infix in self._infix.values() for key, _ in infix}
            self._scan = [(key, test) for key, test in self._scan if key not in routed]
        # Which trigger/exclude/suppressor keys each spec is an alternative of.
        owners: dict[str, list[str]] = {}
        for key, alts in self.alternatives.items():
            for a in alts:
                owners.setdefault(a, []).append(key)
        self._owners = {a: tuple(keys) for a, keys in owners.items()}

    def _candidates(self, lower: str, lemma: str) -> set[str]:
        found: set[str] = set()
        for attr, value in (("LOWER", lower), ("LEMMA", lemma)):
            exact = self._index.get((attr, "exact"))
            if exact:
                found.update(exact.get(value, ()))
            n = len(value)
            prefix = self._index.get((attr, "prefix"))
            if prefix:
                for k in self._lengths[(attr, "prefix")]:
                    if k > n:
                        break
                    keys = prefix.get(value[:k])
                    if keys:
                        found.update(keys)
            suffix = self._index.get((attr, "suffix"))
            if suffix:
                for k in self._lengths[(attr, "suffix")]:
                    if k > n:
                        break
                    keys = suffix.get(value[n - k :])
                    if keys:
                        found.update(keys)
            infix = self._infix.get(attr)
            if infix is not None and infix[0].search(value) is not None:
                found.update(key for key, test in infix[1] if test.test(lower, lemma))
        found.update(key for key, test in self._scan if test.test(lower, lemma))
        return found

    def keys_of(self, lower: str, lemma: str) -> frozenset[str]:
        """Every key whose single-token test the form passes."""
        if len(lower) > MAX_FORM_CHARS:
            return frozenset()
        candidates = self._candidates(lower, lemma)
        if not candidates:
            return frozenset()
        hits = {k for k in candidates if all(p.test(lower, lemma) for p in self.specs[k])}
        found: set[str] = set()
        for k in hits:
            found.update(self._owners.get(k, ()))
            if k.startswith("P|"):
                found.add(k)
        return frozenset(found)


class Compiler:
    def __init__(self, vocab: Any, lemma_of: Callable[[str], str], make_doc: Callable[[str], Any]) -> None:
        from spacy.matcher import Matcher, PhraseMatcher

        self.lemma_of = lemma_of
        self.make_doc = make_doc
        self.free_matcher = Matcher(vocab, validate=True)
        self.reference_matcher = Matcher(vocab, validate=True)
        self.phrase = {a: PhraseMatcher(vocab, attr=a) for a in ("LOWER", "LEMMA")}
        self.specs: dict[str, list[TypeSpec]] = {}
        self.spec_ids: dict[str, str] = {}
        self.alternatives: dict[str, list[str]] = defaultdict(list)
        self.sequences: dict[str, list[tuple[str, tuple[str | None, ...]]]] = defaultdict(list)
        self.has_free = False
        self.has_lemma_phrases = False

    def _spec_key(self, spec: dict) -> str:
        ident = json.dumps(spec, sort_keys=True, ensure_ascii=False)
        if ident not in self.spec_ids:
            key = f"P|{len(self.spec_ids)}"
            self.specs[key] = type_spec(spec)
            self.spec_ids[ident] = key
        return self.spec_ids[ident]

    def add(self, key: str, item: Any) -> list[str]:
        """Compile one trigger/exclude/suppressor under ``key``; returns problems (Danish)."""
        single, multi, problems = compile_terms(list(item.terms), self.lemma_of)
        for pattern in item.patterns:
            (single if is_type_level(pattern) else multi).append(pattern)
        for pattern in single:
            try:
                self.alternatives[key].append(self._spec_key(pattern[0]))
            except PatternError as err:
                problems.append(str(err))
        for pattern in multi:
            try:
                for spec in pattern:
                    for value in spec.values() if isinstance(spec, dict) else ():
                        if isinstance(value, dict) and "REGEX" in value:
                            check_regex(value["REGEX"])
                self.reference_matcher.add(key, [pattern])
            except PatternError as err:
                problems.append(str(err))
                continue
            except Exception as err:  # noqa: BLE001 - spaCy raises several types for bad patterns
                problems.append(f"ugyldigt spaCy-mønster: {_first_line(err)}")
                continue
            sequence = all(t == ANY_OPTIONAL or is_type_level([t]) for t in pattern)
            if sequence and pattern[0] != ANY_OPTIONAL:
                seq = tuple(None if t == ANY_OPTIONAL else self._spec_key(t) for t in pattern)
                self.sequences[seq[0]].append((key, seq))  # type: ignore[index]
            else:
                self.free_matcher.add(key, [pattern])
                self.has_free = True
        if item.phrases:
            self.phrase[item.phrase_attr].add(key, [self.make_doc(p.strip()) for p in item.phrases])
            self.has_lemma_phrases = self.has_lemma_phrases or item.phrase_attr == "LEMMA"
        return problems

    def result(self) -> Compiled:
        return Compiled(
            specs=self.specs,
            alternatives=dict(self.alternatives),
            sequences=dict(self.sequences),
            free_matcher=self.free_matcher,
            reference_matcher=self.reference_matcher,
            phrase_matchers=self.phrase,
            has_free=self.has_free,
            has_lemma_phrases=self.has_lemma_phrases,
        )


def _first_line(err: Exception) -> str:
    text = str(err).strip()
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    detail = [ln for ln in lines if ln.startswith("- [")]
    return (detail[0] if detail else lines[0] if lines else type(err).__name__)[:300]
