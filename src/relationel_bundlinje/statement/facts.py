"""Size, scope and duration — only where the cited provisions or the bill's remarks say so.

Every fact keeps the words it rests on and where they stand, so the section can quote rather
than paraphrase: a time limit in the cited provision ("i op til 6 måneder"), a scheme that ends
("gælder til og med …"), amounts and rates for the economy dimension, and numbers of people only
where the remarks count people of the group concerned (never "4 personer" from a vehicle "til
befordring af mindst 4 personer", never a threshold such as "mindst 10 elever").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from ..models import Bill, Clause, Remark
from ..structure import general_remarks_for

_NUMBER = r"\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?"
_UNIT = r"(?:dage|dages|døgn|uger|ugers|måneder|måneds|år)"
#: A limit on how long a measure lasts, in the provision itself.
_LIMIT = re.compile(
    rf"\b(?:i|for|med|inden for)?\s*(?:op til|højst|indtil|en periode på(?: op til)?|maksimalt|ikke over)\s+(?:{_NUMBER}|et|en|to|tre|fire|fem|seks)\s+{_UNIT}\b",
    re.IGNORECASE,
)
#: A scheme that is itself temporary.
_TEMPORARY = re.compile(
    r"\b(?:forsøgsordning\w*|forsøgsperiode\w*|midlertidig ordning\w*|udløber den [^.;]{3,40}|gælder til og med [^.;]{3,40}|ophæves den \d[^.;]{3,30})",
    re.IGNORECASE,
)
_MONEY = re.compile(rf"(?<![\d§.])(?:{_NUMBER})(?:\s+(?:mio\.|mia\.))?\s+(?:kr\.|øre)")
_PERCENT = re.compile(rf"(?<![\d§.])(?:{_NUMBER})\s+(?:pct\.|procent)")
_PEOPLE = re.compile(rf"(?<![\d§.])((?:ca\.|omkring|knap|godt|op mod|cirka)\s+)?({_NUMBER})(\s+(?:mio\.|mia\.))?\s+([a-zæøå]+)")
_THRESHOLD_BEFORE = re.compile(r"(?:mindst|højst|over|under|maksimalt|minimum|mere end|færre end|af)\s+$", re.IGNORECASE)


@dataclass(frozen=True)
class Fact:
    kind: str  # "tidsgrænse" | "midlertidig" | "beløb" | "antal"
    ref: str  # clause reference, or the remark's reference
    words: str  # as written
    in_remarks: bool = False
    item: str | None = None  # the numbered item of the provision the words stand in ("2" for »2) …«)


#: A numbered item of a provision: »1) …«, »2) …« at the start of a line or after a colon.
_ITEM = re.compile(r"(?:^|\n|:\s*|,\s*)(\d{1,3}[a-z]?)\)\s")


def item_at(text: str, position: int) -> str | None:
    """The number of the item (»nr. 2«) that ``position`` of a provision's text falls in, if any."""
    found = None
    for m in _ITEM.finditer(text, 0, position):
        found = m.group(1)
    return found


def _found(pattern: re.Pattern[str], text: str, limit: int = 2, skip: re.Pattern[str] | None = None) -> list[tuple[str, int]]:
    """The first ``limit`` different matches, as written and where they start; a match whose
    preceding 40 characters ``skip`` finds (at their end) is passed over."""
    out: list[tuple[str, int]] = []
    for m in pattern.finditer(text):
        if skip is not None and skip.search(text[max(0, m.start() - 40) : m.start()]):
            continue
        value = " ".join(m.group(0).split()).strip(" ,;")
        if value and value.lower() not in (v.lower() for v, _ in out):
            out.append((value, m.start()))
        if len(out) >= limit:
            break
    return out


#: Words before a length of time that make it a penalty's size, not a measure's duration
#: (»personer, der er idømt fængsel i indtil 6 måneder« says who, not for how long).
_PENALTY_BEFORE = re.compile(r"(?:fængsel|straf|hæfte|idømt|idømmes|dømt|forvaring)\w*\s+(?:\w+\s+){0,2}$", re.IGNORECASE)

#: A sentence boundary: a full stop, then a capital, not after an abbreviation (»kr.«, »stk.«).
_BOUNDARY = re.compile(r"(?<!\bkr)(?<!\bstk)(?<!\bnr)(?<!\bpct)(?<!\bjf)(?<!\bm\.v)(?<!\bca)\.\s+(?=[A-ZÆØÅ§])")

#: Longest sentence quoted whole for an amount (longer, the amount is left to the appendix).
MAX_AMOUNT_SENTENCE = 220


def _amount_sentence(text: str) -> tuple[str, int] | None:
    """The first sentence of the provision that states an amount or a rate, quoted whole so the
    amount keeps what it is an amount of (»… højst udgøre 3.332 kr. divideret med …«)."""
    m = _MONEY.search(text) or _PERCENT.search(text)
    if m is None:
        return None
    starts = [b.end() for b in _BOUNDARY.finditer(text, 0, m.start())]
    start = starts[-1] if starts else 0
    end_match = _BOUNDARY.search(text, m.end())
    end = end_match.start() + 1 if end_match else len(text)
    sentence = " ".join(text[start:end].split()).strip()
    sentence = re.sub(r"^(?:§ \d+\s?[a-z]?\.|Stk\. \d+\.)\s*", "", sentence)
    return (sentence, m.start()) if 0 < len(sentence) <= MAX_AMOUNT_SENTENCE else None


def provision_facts(clause: Clause, dimension: str) -> list[Fact]:
    """Time limits, temporary schemes and (for the economy) amounts in the provision itself."""
    facts = [Fact("tidsgrænse", clause.ref, w, item=item_at(clause.text, at)) for w, at in _found(_LIMIT, clause.text, skip=_PENALTY_BEFORE)]
    facts += [Fact("midlertidig", clause.ref, w) for w, _ in _found(_TEMPORARY, clause.text, 1)]
    if dimension == "oekonomi":
        found = _amount_sentence(clause.text)
        if found:
            sentence, at = found
            facts.append(Fact("beløb", clause.ref, sentence, item=item_at(clause.text, at)))
    return facts


def people_counts(bill: Bill, clauses: Sequence[Clause], group_words: Sequence[re.Pattern[str]]) -> list[Fact]:
    """Numbers of people of the groups concerned, as the remarks to the clauses count them."""
    if not group_words:
        return []
    special: list[Remark] = []
    for c in clauses:
        special.extend(bill.remarks_of(c))
    texts = [(r.ref, r.text) for r in special] + [(r.ref, r.text) for r in general_remarks_for(bill.remarks, special)]
    out: list[Fact] = []
    for ref, text in texts:
        for m in _PEOPLE.finditer(text):
            noun = m.group(4).lower()
            if not any(p.fullmatch(noun) for p in group_words):
                continue
            if _THRESHOLD_BEFORE.search(text[max(0, m.start() - 25) : m.start()]):
                continue
            words = " ".join(m.group(0).split())
            if all(f.words != words for f in out):
                out.append(Fact("antal", ref, words, in_remarks=True))
            if len(out) >= 2:
                return out
    return out
