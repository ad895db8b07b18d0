"""What the templates show, computed from the models: flagged provisions with their evidence
marked, and the questionnaire grouped by dimension. No HTML here: the templates escape every value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from ..dimensions import DIMENSION_IDS, DIMENSION_LABELS
from ..models import AnswerRecord, Assessment, Bill, ClauseAssessment, Finding
from ..rulebook import NOT_ANSWERED

DIRECTION_LABELS = {
    "negativ": "Negativ",
    "positiv": "Positiv",
    "blandet": "Blandet",
    "uafklaret": "Uafklaret",
}
CERTAINTY_LABELS = {"høj": "Høj", "middel": "Middel", "lav": "Lav"}
VERDICT_LABELS = {"accepted": "Godkendt", "rejected": "Afvist", "corrected": "Rettet"}
CROSS_CUTTING = "tvaergaaende"
CROSS_CUTTING_LABEL = "Tværgående vurdering"


@dataclass(frozen=True)
class Piece:
    text: str
    marked: bool
    title: str = ""


@dataclass
class FlaggedClause:
    clause: ClauseAssessment
    anchor: str
    pieces: list[Piece]
    dimensions: list[tuple[str, str]]
    direction: str
    certainty: str
    evidence: list[str]
    verdict: str | None = None
    verdict_label: str | None = None


def highlight(text: str, spans: Sequence[tuple[int, int, str]]) -> list[Piece]:
    """The clause text cut into plain and marked pieces; overlapping evidence spans are merged."""
    merged: list[list] = []
    for start, end, title in sorted((max(0, s), min(len(text), e), t) for s, e, t in spans):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            if title not in merged[-1][2]:
                merged[-1][2].append(title)
        else:
            merged.append([start, end, [title]])
    pieces: list[Piece] = []
    pos = 0
    for start, end, titles in merged:
        if start > pos:
            pieces.append(Piece(text[pos:start], False))
        pieces.append(Piece(text[start:end], True, "; ".join(t for t in titles if t)))
        pos = end
    if pos < len(text):
        pieces.append(Piece(text[pos:], False))
    return pieces


def _evidence_spans(clause: ClauseAssessment, question_text: dict[str, str]) -> list[tuple[int, int, str]]:
    spans = []
    for f in clause.findings:
        if f.source != "regel" or f.in_remark or not (clause.start <= f.start < f.end <= clause.end):
            continue
        spans.append((f.start - clause.start, f.end - clause.start, question_text.get(f.question_id or "", "")))
    return spans


def flagged_clauses(assessment: Assessment, question_text: dict[str, str], verdicts: dict[str, object]) -> list[FlaggedClause]:
    """The clauses shown to the lawyer: those carrying the conclusion or flagged for review."""
    out = []
    for n, c in enumerate(assessment.clauses):
        if not (c.supports or c.flagged):
            continue
        v = verdicts.get(c.ref)
        words = list(dict.fromkeys(f.text for f in c.findings if f.source == "regel" and not f.in_remark))
        out.append(FlaggedClause(
            clause=c,
            anchor=f"bestemmelse-{n}",
            pieces=highlight(c.text, _evidence_spans(c, question_text)),
            dimensions=[(d, DIMENSION_LABELS[d]) for d in c.dimensions],
            direction=DIRECTION_LABELS.get(c.direction or "", "Ikke angivet"),
            certainty=CERTAINTY_LABELS.get(c.certainty, c.certainty),
            evidence=words[:8],
            verdict=getattr(v, "verdict", None),
            verdict_label=VERDICT_LABELS.get(getattr(v, "verdict", "") or ""),
        ))
    return out


# --------------------------------------------------------------------------- the questionnaire


@dataclass
class QuestionView:
    id: str
    field: str
    question: str
    guidance: str
    step: str
    multiple: bool
    options: list[tuple[str, str]]
    chosen: list[str]
    proposal: list[str]
    proposal_note: str | None
    from_user: bool
    evidence: list[tuple[str, str]] = field(default_factory=list)
    screened_out: bool = False


@dataclass
class Group:
    key: str
    label: str
    questions: list[str]


def question_groups(rules) -> list[Group]:
    """One page per dimension (its relevance questions, then its direction question), then the
    questions that span every dimension (groups, scope, duration, mitigation)."""
    by_dim: dict[str, list[str]] = {d: [] for d in DIMENSION_IDS}
    cross: list[str] = []
    ordered = sorted(rules.questions, key=lambda q: q.step != "relevans")
    for q in ordered:
        if len(q.dimensions) == len(DIMENSION_IDS):
            cross.append(q.id)
        else:
            by_dim[q.dimensions[0]].append(q.id)
    groups = [Group(d, DIMENSION_LABELS[d], ids) for d, ids in by_dim.items() if ids]
    if cross:
        groups.append(Group(CROSS_CUTTING, CROSS_CUTTING_LABEL, cross))
    return groups


def field_name(question_id: str) -> str:
    """A form field name for a question id (ids hold dots, which are fine, but be explicit)."""
    return "svar-" + question_id.replace(".", "__")


def question_views(
    group: Group,
    rules,
    bill: Bill,
    findings: Sequence[Finding],
    proposals: Sequence[AnswerRecord],
    answers: dict[str, AnswerRecord],
) -> list[QuestionView]:
    from ..questionnaire import is_screened_out, rule_findings_by_question
    from ..questionnaire.answers_file import evidence_context

    by_q = rule_findings_by_question(findings)
    proposed = {p.question_id: p for p in proposals}
    current = [answers.get(p.question_id, p) for p in proposals]
    out = []
    for qid in group.questions:
        q = rules.question(qid)
        prop = proposed.get(qid)
        given = answers.get(qid)
        shown = given if given is not None else prop
        chosen = _ids(shown.answer) if shown is not None else []
        hits = by_q.get(qid, [])
        out.append(QuestionView(
            id=qid,
            field=field_name(qid),
            question=q.question,
            guidance=q.guidance,
            step=q.step,
            multiple=q.multiple,
            options=[(o.id, o.label) for o in q.options] if isinstance(q.options, list) else [],
            chosen=chosen,
            proposal=_ids(prop.answer) if prop is not None else [],
            proposal_note=prop.note if prop is not None else None,
            from_user=given is not None,
            evidence=[(f"{h.ref} (bemærkningerne)" if h.in_remark else h.ref, evidence_context(bill, h)) for h in hits[:5]],
            screened_out=is_screened_out(q, current, rules),
        ))
    return out


def _ids(answer: str) -> list[str]:
    if answer.strip() == NOT_ANSWERED:
        return []
    return [p.strip() for p in answer.split(",") if p.strip()]


def answers_from_form(
    group: Group, rules, form: dict[str, list[str]], proposals: Sequence[AnswerRecord]
) -> dict[str, AnswerRecord | None]:
    """The lawyer's answers to one page, by question id; ``None`` where the page leaves a question
    unanswered and there is no proposal to set aside (so no answer of the lawyer's is recorded).
    Saving a page takes a stand on what it shows, as pressing Enter on a proposal does on the
    command line; an option not among the question's options is ignored."""
    proposed = {p.question_id: p for p in proposals}
    out: dict[str, AnswerRecord | None] = {}
    for qid in group.questions:
        q = rules.question(qid)
        valid = set(q.option_ids)
        picked = [v for v in form.get(field_name(qid), []) if v in valid]
        if not q.multiple:
            picked = picked[:1]
        answer = ", ".join(dict.fromkeys(picked)) if picked else NOT_ANSWERED
        prop = proposed.get(qid)
        if answer == NOT_ANSWERED and (prop is None or prop.answer == NOT_ANSWERED):
            out[qid] = None
            continue
        out[qid] = AnswerRecord(
            question_id=qid, answer=answer, source="bruger",
            refs=list(prop.refs) if prop is not None else [],
            note=prop.note if prop is not None and prop.answer == answer else None,
        )
    return out
