"""Reading a bill for the classifier: every clause's passage and item, segment by segment.

One code path for screening and for training: ``Screener.findings`` and the corpus loader both
call :meth:`BillReader.read`, so the model is trained on exactly what it sees at inference.
A bill is tokenized in segments of at most ``SEGMENT_CHARS`` characters, cut between the units
(title, clauses, remarks); each segment's tokens are handed to ``on_segment`` (the rules) and then
dropped, so memory stays flat however long the bill is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np

from ..models import Bill, Clause
from ..nlp import KIND_DROP
from .features import ClauseItem, Passage
from .scorer import item_for

#: Characters tokenized at once; a bill longer than this is read in several segments.
SEGMENT_CHARS = 250_000


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    units: tuple


def segments(bill: Bill, units: Sequence, limit: int = SEGMENT_CHARS) -> list[Segment]:
    """Consecutive units grouped into pieces of the text of at most ``limit`` characters; a single
    unit longer than that is cut at whitespace into pieces of its own."""
    from ..rulebook import Unit

    out: list[Segment] = []
    group: list = []
    start = end = 0
    for unit in sorted(units, key=lambda u: (u.start, u.end)):
        if unit.end - unit.start > limit:
            if group:
                out.append(Segment(start, end, tuple(group)))
                group = []
            pos = unit.start
            while pos < unit.end:
                cut = min(unit.end, pos + limit)
                if cut < unit.end:
                    space = bill.text.rfind(" ", pos + limit // 2, cut)
                    cut = space if space > pos else cut
                out.append(Segment(pos, cut, (Unit(unit.ref, pos, cut, unit.in_remark, unit.clause_ref),)))
                pos = cut
            continue
        if not group:
            start, end, group = unit.start, unit.end, [unit]
        elif max(end, unit.end) - start > limit:
            out.append(Segment(start, end, tuple(group)))
            start, end, group = unit.start, unit.end, [unit]
        else:
            group.append(unit)
            end = max(end, unit.end)
    if group:
        out.append(Segment(start, end, tuple(group)))
    return out


class BillReader:
    """Passages and items of a bill's clauses, from one Danish pipeline."""

    def __init__(self, pipeline: Any) -> None:
        self.pipeline = pipeline

    def text_passage(self, text: str) -> Passage:
        """A short text on its own (title, heading, a provision of a law collection)."""
        if not text:
            return Passage.empty()
        tokens = self.pipeline.tokens(text)
        return Passage(tokens.lemma[tokens.kind != KIND_DROP], text)

    def read(self, bill: Bill, units: Sequence | None = None, on_segment: Callable[[Any, Any, Segment], None] | None = None) -> dict[str, Passage]:
        """Every clause's passage; ``on_segment(tokens, doc, segment)`` sees each segment once."""
        from ..rulebook import units_of

        passages: dict[str, Passage] = {}
        clauses = sorted(bill.clauses, key=lambda c: c.start)
        starts = [c.start for c in clauses]
        for seg in segments(bill, units if units is not None else units_of(bill)):
            doc = self.pipeline.make_doc(bill.text[seg.start : seg.end])
            tokens = self.pipeline.tokens_of(doc)
            if on_segment is not None:
                on_segment(tokens, doc, seg)
            lo = int(np.searchsorted(starts, seg.start, side="left"))
            hi = int(np.searchsorted(starts, seg.end, side="left"))
            for clause in clauses[lo:hi]:
                if clause.end <= seg.end and clause.ref not in passages:
                    i, j = tokens.span(clause.start - seg.start, clause.end - seg.start)
                    keep = tokens.kind[i:j] != KIND_DROP
                    passages[clause.ref] = Passage(tokens.lemma[i:j][keep], clause.text)
            del doc, tokens
        # A clause cut across segments (longer than a segment) is read whole on its own.
        for c in bill.clauses:
            if c.ref not in passages:
                passages[c.ref] = self.text_passage(c.text)
        return passages

    def items(self, bill: Bill, passages: dict[str, Passage], clauses: Sequence[Clause] | None = None) -> list[ClauseItem]:
        title = self.text_passage(bill.title)
        headings: dict[str, Passage] = {}

        def heading_of(clause: Clause) -> Passage:
            text = clause.chapter_heading or ""
            if text not in headings:
                headings[text] = self.text_passage(text)
            return headings[text]

        return [item_for(c, passages, title, heading_of) for c in (clauses if clauses is not None else bill.clauses)]
