"""Which passages of a draft get a comment, and what each comment says.

One note per flagged clause (a clause of the assessment that supports the conclusion), or one per
run of adjacent clauses of the same finding: the same dimensions and direction, consecutive Stk.
of one §. A note keeps the span in ``Bill.text`` it is to be anchored on.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Sequence

from ..assess import group_patterns
from ..models import Assessment, Bill, ClauseAssessment, Ref
from ..statement.wording import judged_text
from . import wording

#: Groups named in one comment (the one the provision names most often).
MAX_GROUPS = 1
_CERTAINTY_ORDER = {"lav": 0, "middel": 1, "høj": 2}


@dataclass(frozen=True)
class Note:
    refs: tuple[str, ...]
    start: int
    end: int
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


def _provision_key(path: Ref) -> tuple[str, int | None]:
    """The § a Stk. belongs to (as text) and its Stk. number; a quoted provision by its own Stk."""
    if path.inserted is not None:
        inner = path.inserted
        return str(path.model_copy(update={"inserted": inner.model_copy(update={"stk": None})})), inner.stk
    if path.nr is not None or path.item is not None:
        return str(path), None
    return str(path.model_copy(update={"stk": None})), path.stk


def groups_of(clauses: Sequence[ClauseAssessment], bill: Bill) -> list[list[ClauseAssessment]]:
    """Supporting clauses in document order, adjacent clauses of the same finding together."""
    order = {c.ref: i for i, c in enumerate(bill.clauses)}
    supporting = sorted((c for c in clauses if c.supports and c.ref in order), key=lambda c: order[c.ref])
    out: list[list[ClauseAssessment]] = []
    for c in supporting:
        if out:
            prev = out[-1][-1]
            key, stk = _provision_key(c.path)
            prev_key, prev_stk = _provision_key(prev.path)
            if (
                order[c.ref] == order[prev.ref] + 1
                and key == prev_key
                and stk is not None
                and prev_stk is not None
                and stk == prev_stk + 1
                and sorted(c.dimensions) == sorted(prev.dimensions)
                and c.direction == prev.direction
            ):
                out[-1].append(c)
                continue
        out.append([c])
    return out


class NoteWriter:
    """Writes the comments for an assessment with the rules it was made with (question wording,
    topics, the groups of people)."""

    def __init__(self, rules: Any) -> None:
        self.questions = {q.id: q for q in rules.questions}
        self.groups = group_patterns(rules.third_parties)
        self.group_names = {g.id: g.names for g in rules.third_parties}

    def notes(self, assessment: Assessment, bill: Bill) -> list[Note]:
        return [self.note(group) for group in groups_of(assessment.clauses, bill)]

    def note(self, group: Sequence[ClauseAssessment]) -> Note:
        first = group[0]
        dims = list(first.dimensions)
        # The most likely dimension first: the reason speaks of it (the first line names them all).
        model = next((f for f in first.findings if f.source == "model" and f.dimension_scores), None)
        if model is not None:
            dims.sort(key=lambda d: -model.dimension_scores.get(d, 0.0))
        direction = first.direction
        certainty = min((c.certainty for c in group), key=lambda x: _CERTAINTY_ORDER.get(x, 0))
        paragraphs = [
            wording.dimensions_line(dims, direction),
            wording.reason(dims, direction, self._topic(group, dims), self._who(group, dims), plural=len(group) > 1,
                           texts=[judged_text(c) for c in group]),
            wording.questions_line(self._questions(group)),
            wording.certainty_line(certainty),
        ]
        for f in (f for c in group for f in c.findings if f.source == "jurist"):
            line = wording.verdict_line(f.verdict or "", f.reviewer)
            if line and line not in paragraphs:
                paragraphs.append(line)
        return Note(tuple(c.ref for c in group), group[0].start, group[-1].end, tuple(paragraphs))

    def _rule_questions(self, group: Sequence[ClauseAssessment]) -> Counter[str]:
        counts: Counter[str] = Counter()
        for c in group:
            for f in c.findings:
                if f.source == "regel" and f.question_id in self.questions:
                    counts[f.question_id] += 1
        return counts

    def _topic(self, group: Sequence[ClauseAssessment], dims: Sequence[str]) -> str | None:
        """The topic of the screening question hit most often in the provision (as the section does)."""
        counts = self._rule_questions(group)
        wanted = set(dims)
        candidates = [q for q in counts if self.questions[q].topic and set(self.questions[q].dimensions) & wanted]
        if not candidates:
            return None
        return self.questions[max(candidates, key=lambda q: (counts[q], q))].topic

    def _questions(self, group: Sequence[ClauseAssessment]) -> list[tuple[str, str]]:
        counts = self._rule_questions(group)
        ranked = sorted(counts, key=lambda q: (self.questions[q].step != "relevans", -counts[q], q))
        return [(q, self.questions[q].question) for q in ranked]

    def _who(self, group: Sequence[ClauseAssessment], dims: Sequence[str]) -> list[str]:
        """The groups of people the provision itself names (the rules' third-party table)."""
        text = " ".join(c.text for c in group).lower()
        claimed: set[int] = set()
        found: list[tuple[int, int, str]] = []
        for order, g in enumerate(self.groups):
            if g.dimensions and not g.dimensions & set(dims):
                continue
            starts = [m.start() for m in g.pattern.finditer(text) if m.start() not in claimed]
            if starts:
                claimed.update(starts)
                found.append((-len(starts), order, g.id))
        # Most often named first; on a tie the earlier (more specific) group of the table.
        names = [self.group_names[g] for _, _, g in sorted(found)]
        return list(dict.fromkeys(names))[:MAX_GROUPS]
