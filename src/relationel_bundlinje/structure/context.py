"""The context a clause is read with: the act's title, its chapter heading, its § 's first Stk. and
the clauses of the same act it cites.

Annotators judged every label with this context in view and the classifier reads the same blocks
beside the clause, so a clause is never judged on less than a lawyer would read it with
("Stk. 2. Det gælder dog ikke, hvis …" means nothing without Stk. 1). The links themselves are
found once by the parser (``Clause.lead_ref``, ``Clause.cited_refs``); this module only cuts the
texts. Pure functions of a ``Bill``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..danish import truncate
from ..models import Bill, Clause

#: Context blocks are cut at a word boundary after this many characters: enough to tell what the
#: rule referred to is about, short enough that the clause itself stays what is judged.
TITLE_LIMIT = 300
HEADING_LIMIT = 200
LEAD_LIMIT = 600
REFERENCE_LIMIT = 500


@dataclass(frozen=True)
class ClauseContext:
    """What a clause is read with. Empty strings where the bill has nothing to show."""

    title: str = ""
    heading: str = ""
    lead: str = ""
    lead_ref: str = ""
    references: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @property
    def reference_text(self) -> str:
        return "\n".join(t for _, t in self.references)


def clause_context(bill: Bill, clause: Clause, by_ref: dict[str, Clause] | None = None) -> ClauseContext:
    """The context of one clause (``by_ref``: the bill's clauses by reference, to avoid a scan)."""
    index = by_ref if by_ref is not None else {c.ref: c for c in bill.clauses}
    lead = index.get(clause.lead_ref) if clause.lead_ref else None
    cited = [index[r] for r in clause.cited_refs if r in index]
    return ClauseContext(
        title=truncate(bill.title, TITLE_LIMIT),
        heading=truncate(clause.chapter_heading or "", HEADING_LIMIT),
        lead=truncate(lead.text, LEAD_LIMIT) if lead else "",
        lead_ref=lead.ref if lead else "",
        references=tuple((c.ref, truncate(c.text, REFERENCE_LIMIT)) for c in cited),
    )


def clause_contexts(bill: Bill) -> dict[str, ClauseContext]:
    """The context of every clause of a bill, keyed by clause reference."""
    by_ref = {c.ref: c for c in bill.clauses}
    return {c.ref: clause_context(bill, c, by_ref) for c in bill.clauses}
