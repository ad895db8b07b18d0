"""The context a clause is read with: the act's title, its chapter heading, its § 's first Stk. and
the provisions of the same act it refers to.

Annotators judged every label with exactly this context in view, and the classifier reads the same
blocks beside the clause, so a clause is never judged on less than a lawyer would read it with
("Stk. 2. Det gælder dog ikke, hvis …" means nothing without Stk. 1). Pure functions of a ``Bill``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .models import Bill, Clause

#: Context blocks are cut at a word boundary after this many characters: enough to tell what the
#: rule referred to is about, short enough that the clause itself stays what is judged.
LEAD_LIMIT = 600
REFERENCE_LIMIT = 500
MAX_REFERENCES = 2

# "§ 12", "§ 12 a", "§ 12, stk. 2", "§§ 12-14" (the first), and "stk. 1" within the same §.
_PAR_REF = re.compile(r"§§?\s*(\d{1,4}(?:\s[a-zæøå](?![a-zæøå]))?)(?:,\s*stk\.\s*(\d{1,3}))?")
_STK_REF = re.compile(r"(?<![,§\w]\s)(?<!§ )\bstk\.\s*(\d{1,3})\b")
# A reference followed by "i lov om …", "i straffeloven", "i retsplejeloven" points into another act.
_EXTERNAL = re.compile(
    r"^[\s,]*(?:(?:nr\.|litra|pkt\.)\s*\S+\s*,?\s*)*(?:og\s+[^,.;]{0,40}?\s)?i\s+(?:lov\s|[a-zæøå]*lov(?:en|ens)?\b|"
    r"[a-zæøå]*bekendtgørelse|forordning|direktiv|traktat|konvention|grundloven)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ClauseContext:
    """What a clause is read with. Empty strings where the bill has nothing to show."""

    title: str = ""
    heading: str = ""
    lead: str = ""
    lead_ref: str = ""
    references: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    def as_text(self) -> str:
        """All context blocks as one text (for display and for the annotators' batches)."""
        parts = [self.title, self.heading, self.lead, *(t for _, t in self.references)]
        return "\n".join(p for p in parts if p)


def _cut(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def _inner(ref: str) -> str:
    """'§ 1, nr. 3 (§ 137 d, stk. 2)' -> '§ 137 d, stk. 2'; other references unchanged."""
    if ref.endswith(")") and " (" in ref:
        return ref[ref.index(" (") + 2 : -1]
    return ref


def _par_of(ref: str) -> str:
    """'§ 137 d, stk. 2' -> '§ 137 d'."""
    return ref.split(",")[0].strip()


class ContextIndex:
    """Clause lookup by the provision a reference names, built once per bill."""

    def __init__(self, bill: Bill) -> None:
        self.bill = bill
        self.by_ref: dict[str, Clause] = {}
        self.first_of_par: dict[str, Clause] = {}
        for clause in bill.clauses:
            inner = _inner(clause.ref)
            self.by_ref.setdefault(inner, clause)
            par = _par_of(inner)
            self.first_of_par.setdefault(par, clause)
            if inner == par:
                self.by_ref.setdefault(f"{par}, stk. 1", clause)

    def lead_of(self, clause: Clause) -> Clause | None:
        """The § 's first Stk. for a clause that is a later Stk. of the same §."""
        inner = _inner(clause.ref)
        par = _par_of(inner)
        if inner == par or inner.endswith(", stk. 1"):
            return None
        first = self.first_of_par.get(par)
        return first if first is not None and first is not clause else None

    def referenced(self, clause: Clause) -> list[Clause]:
        """Provisions of the same act the clause cites, in order of first mention (not itself)."""
        text = clause.text
        par = _par_of(_inner(clause.ref))
        found: list[Clause] = []

        def add(target: Clause | None) -> None:
            if target is not None and target is not clause and target not in found:
                found.append(target)

        for m in _PAR_REF.finditer(text):
            if m.start() == 0 or _EXTERNAL.match(text[m.end() : m.end() + 80]):
                continue  # the clause's own label, or another act's provision
            number = " ".join(m.group(1).split())
            ref = f"§ {number}" + (f", stk. {m.group(2)}" if m.group(2) else "")
            add(self.by_ref.get(ref) or self.first_of_par.get(f"§ {number}"))
            if len(found) >= MAX_REFERENCES:
                return found
        for m in _STK_REF.finditer(text):
            if _EXTERNAL.match(text[m.end() : m.end() + 80]):
                continue
            add(self.by_ref.get(f"{par}, stk. {m.group(1)}"))
            if len(found) >= MAX_REFERENCES:
                break
        return found

    def context(self, clause: Clause) -> ClauseContext:
        lead = self.lead_of(clause)
        refs = [c for c in self.referenced(clause) if c is not lead]
        return ClauseContext(
            title=_cut(self.bill.title, 300),
            heading=_cut(clause.chapter_heading or "", 200),
            lead=_cut(lead.text, LEAD_LIMIT) if lead else "",
            lead_ref=lead.ref if lead else "",
            references=tuple((c.ref, _cut(c.text, REFERENCE_LIMIT)) for c in refs),
        )


def clause_contexts(bill: Bill) -> dict[str, ClauseContext]:
    """The context of every clause of a bill, keyed by clause reference."""
    index = ContextIndex(bill)
    return {c.ref: index.context(c) for c in bill.clauses}
