"""Finding trigger hits in a bill's title, clauses and remarks: rule ``Finding``s with evidence spans.

Matching reads the token arrays of one text segment (``nlp.Tokens``): each distinct word form is
decided once against every single-token spec (cached per rule set), then only the tokens that
passed are visited, so the work is linear in the text. A hit is dropped where its trigger's
``exclude`` patterns overlap it, or a ``suppress`` entry that applies to it overlaps it (scope
``match``) or occurs in the same clause or remark (scope ``clause``). A shorter hit inside a longer
one of the same question adds nothing.
"""

from __future__ import annotations

import bisect
import threading
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..models import Bill, Finding
from .load import RuleSet

#: The reference hits carry when they match the bill's title.
TITLE_REF = "Titel"
#: Distinct word forms remembered per rule set (a law collection has a few hundred thousand).
FORM_CACHE_LIMIT = 1_000_000


@dataclass(frozen=True)
class Unit:
    """A span the rules are matched in: the title, a clause or a remark."""

    ref: str
    start: int
    end: int
    in_remark: bool = False
    clause_ref: str | None = None


def units_of(bill: Bill) -> list[Unit]:
    units: list[Unit] = []
    if bill.title_span is not None:
        units.append(Unit(TITLE_REF, bill.title_span[0], bill.title_span[1]))
    units.extend(Unit(c.ref, c.start, c.end, False, c.ref) for c in bill.clauses)
    units.extend(Unit(r.ref, r.start, r.end, True, None) for r in bill.remarks if r.end > r.start)
    return sorted(units, key=lambda u: u.start)


class _Intervals:
    """Overlap queries against a fixed set of [start, end) spans in O(log n)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.max_end: list[int] = []
        best = -1
        for _, e in spans:
            best = max(best, e)
            self.max_end.append(best)

    def overlaps(self, s: int, e: int) -> bool:
        i = bisect.bisect_left(self.starts, e) - 1  # last span starting before e
        return i >= 0 and self.max_end[i] > s


class RuleMatcher:
    """The rules of one ``RuleSet`` applied to token arrays. Thread-safe."""

    def __init__(self, ruleset: RuleSet, pipeline: Any) -> None:
        self.ruleset = ruleset
        self.pipeline = pipeline
        self.compiled = ruleset.compiled
        self.questions = {q.id: q for q in ruleset.questions}
        self.triggers = {(q.id, t.id): t for q in ruleset.questions for t in q.triggers}
        self.suppressors = {s.id: s for s in ruleset.suppressors}
        self.producer = f"regler {ruleset.version}"
        self._lock = threading.Lock()

    def _keys(self, lower: np.ndarray, vocab: Any) -> tuple[list[frozenset[str]], np.ndarray]:
        """Keys per distinct form of a segment, and the index of each token's form."""
        uniq, inverse = np.unique(lower, return_inverse=True)
        lemmas = self.pipeline.lemmas.lemma_hashes_of(uniq).tolist()
        cache = self.compiled.form_cache
        strings = vocab.strings
        out: list[frozenset[str]] = []
        with self._lock:
            for h, lemma_hash in zip(uniq.tolist(), lemmas, strict=True):
                keys = cache.get(h)
                if keys is None:
                    form = strings[h]
                    lemma = form if lemma_hash == h else self.pipeline.lemmas.lemma_string(lemma_hash)
                    keys = self.compiled.keys_of(form, lemma)
                    if len(cache) < FORM_CACHE_LIMIT:
                        cache[h] = keys
                out.append(keys)
        return out, inverse

    def find(self, bill: Bill, tokens: Any, doc: Any, offset: int, units: list[Unit]) -> list[Finding]:
        """Hits in ``units`` (spans of ``bill.text``), given the tokens of the segment that starts
        at ``offset`` (the segment's ``doc`` serves patterns beyond single-token specs)."""
        if not len(tokens) or not units:
            return []
        keys, inverse = self._keys(tokens.lower, doc.vocab)
        has = np.fromiter((bool(k) for k in keys), dtype=bool, count=len(keys))[inverse]
        positions = np.flatnonzero(has)
        free = self.compiled.has_free or any(len(pm) for pm in self.compiled.phrase_matchers.values())
        if free and self.compiled.has_lemma_phrases:
            _set_lemmas(doc, tokens, self.pipeline)
        findings: list[Finding] = []
        for unit in units:
            i, j = tokens.span(unit.start - offset, unit.end - offset)
            if j <= i:
                continue
            lo, hi = np.searchsorted(positions, [i, j])
            matches: list[tuple[str, int, int]] = []
            for pos in positions[lo:hi].tolist():
                for key in keys[inverse[pos]]:
                    if key[0] != "P":
                        matches.append((key, pos, pos + 1))
                        continue
                    for mkey, seq in self.compiled.sequences.get(key, ()):
                        for end in _sequence_ends(seq, keys, inverse, pos, j):
                            matches.append((mkey, pos, end))
            if free:
                span = doc[i:j]
                if self.compiled.has_free:
                    matches.extend((m.label_, m.start, m.end) for m in self.compiled.free_matcher(span, as_spans=True))
                for pm in self.compiled.phrase_matchers.values():
                    if len(pm):
                        matches.extend((m.label_, m.start, m.end) for m in pm(span, as_spans=True))
            if matches:
                findings.extend(self._unit_findings(bill, unit, tokens, offset, matches))
        return findings

    def _unit_findings(self, bill: Bill, unit: Unit, tokens: Any, offset: int, matches: list[tuple[str, int, int]]) -> list[Finding]:
        excludes: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
        supp: dict[str, list[tuple[int, int]]] = defaultdict(list)
        trig: list[tuple[str, str, int, int]] = []
        for key, s, e in set(matches):
            parts = key.split("|")
            if parts[0] == "T":
                trig.append((parts[1], parts[2], s, e))
            elif parts[0] == "X":
                excludes[(parts[1], parts[2])].append((s, e))
            elif parts[0] == "S":
                supp[parts[1]].append((s, e))
        ex_index = {k: _Intervals(v) for k, v in excludes.items()}
        supp_index = {k: _Intervals(v) for k, v in supp.items()}
        trig.sort(key=lambda m: (m[2], -(m[3] - m[2]), m[0], m[1]))
        kept: list[tuple[str, str, int, int]] = []
        reach: dict[str, int] = {}  # per question: furthest end of a kept hit (they start no later)
        for qid, tid, s, e in trig:
            dims = list(self.questions[qid].dimensions)
            index = ex_index.get((qid, tid))
            if index is not None and index.overlaps(s, e):
                continue
            if any(
                _applies(self.suppressors[sid], qid, tid, dims)
                and (self.suppressors[sid].scope == "clause" or idx.overlaps(s, e))
                for sid, idx in supp_index.items()
            ):
                continue
            if reach.get(qid, -1) >= e:
                continue  # inside a longer hit of the same question
            kept.append((qid, tid, s, e))
            reach[qid] = max(reach.get(qid, -1), e)
        relevant_dims = {d for qid, _, _, _ in kept if self.questions[qid].step == "relevans" for d in self.questions[qid].dimensions}
        out: list[Finding] = []
        seen: set[tuple[str, int, int]] = set()
        for qid, tid, s, e in kept:
            q = self.questions[qid]
            # Assessment cues ("begrænse", "midlertidig") only count beside relevance evidence.
            if q.step == "vurdering" and not relevant_dims.intersection(q.dimensions):
                continue
            start = offset + int(tokens.start[s])
            end = offset + int(tokens.end[e - 1])
            if (qid, start, end) in seen:
                continue
            seen.add((qid, start, end))
            trigger = self.triggers.get((qid, tid))
            out.append(
                Finding(
                    source="regel",
                    producer=self.producer,
                    ref=unit.ref,
                    clause_ref=unit.clause_ref,
                    start=start,
                    end=end,
                    text=bill.text[start:end],
                    in_remark=unit.in_remark,
                    dimensions=list(q.dimensions),
                    question_id=qid,
                    trigger_id=tid,
                    suggests=trigger.suggests if trigger else None,
                )
            )
        return out


def _applies(s: Any, qid: str, tid: str, dims: list[str]) -> bool:
    return not s.applies_to or any(a == qid or a == tid or a in dims for a in s.applies_to)


def _sequence_ends(seq: tuple[str | None, ...], keys: list[frozenset[str]], inverse: np.ndarray, pos: int, stop: int) -> list[int]:
    """End positions where ``seq`` matches from token ``pos`` (None = an optional arbitrary token)."""
    if not seq:
        return [pos]
    head, rest = seq[0], seq[1:]
    if head is None:
        ends = _sequence_ends(rest, keys, inverse, pos, stop)
        if pos < stop:
            ends += _sequence_ends(rest, keys, inverse, pos + 1, stop)
        return ends
    if pos < stop and head in keys[inverse[pos]]:
        return _sequence_ends(rest, keys, inverse, pos + 1, stop)
    return []


def _set_lemmas(doc: Any, tokens: Any, pipeline: Any) -> None:
    """Lemmas on the spaCy Doc, for lemma phrase matchers (the fast path does not need them)."""
    from spacy.attrs import LEMMA

    strings = doc.vocab.strings
    for h in np.unique(tokens.lemma).tolist():
        if h not in strings:
            strings.add(pipeline.string(h))
    doc.from_array([LEMMA], tokens.lemma.reshape(-1, 1))
