"""The tool's proposed answers to the screening questions, from the rule findings.

Proposals never claim more than the evidence: a relevance question with hits the assessment bears
out is proposed "ja" (``Screener.proposals`` sorts the hits with ``assess.split_rule_hits``); one
whose hits all stand in provisions not assessed as relational stays "ikke besvaret", with a note
that says where the words stand, so the lawyer decides; an assessment question is proposed only
where its cue triggers point to one answer. A lawyer's answers always replace proposals.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Sequence

from ..danish import join
from ..models import AnswerRecord, Bill, Finding
from ..rulebook import NOT_ANSWERED, Question, RuleSet
from ..rulebook.matcher import TITLE_REF


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def rule_findings_by_question(findings: Sequence[Finding]) -> dict[str, list[Finding]]:
    by_q: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        if f.source == "regel" and f.question_id:
            by_q[f.question_id].append(f)
    return by_q


def propose(
    bill: Bill,  # noqa: ARG001 - part of the stable signature
    findings: Sequence[Finding],
    rules: RuleSet,
    unconfirmed: Sequence[Finding] = (),
) -> list[AnswerRecord]:
    """One proposed answer per question of the rule set, in rule-set order. ``findings`` are the
    hits that count; ``unconfirmed`` those in provisions the assessment does not count, which
    only leave a note on a relevance question that has no other hit."""
    by_q = rule_findings_by_question(findings)
    weak = rule_findings_by_question(unconfirmed)
    out = []
    for q in rules.questions:
        if q.step != "relevans":
            out.append(_assessment(q, by_q.get(q.id, [])))
        elif by_q.get(q.id):
            out.append(_relevance(q, by_q[q.id]))
        else:
            out.append(_unconfirmed(q, weak.get(q.id, [])))
    return out


def list_refs(refs: list[str]) -> str:
    if len(refs) > 4:
        rest = len(refs) - 4
        return ", ".join(refs[:4]) + (" og 1 andet sted" if rest == 1 else f" og {rest} andre steder")
    return join(refs) if refs else "lovforslaget"


def _relevance(q: Question, hits: list[Finding]) -> AnswerRecord:
    if not hits:
        return AnswerRecord(question_id=q.id, answer=NOT_ANSWERED, source="forslag")
    refs = _unique([h.ref for h in hits])
    words = ", ".join(f"»{w}«" for w in _unique([h.text for h in hits])[:5])
    note = f"Foreslået på grundlag af {len(hits)} fund ({words}) i {list_refs(refs)}."
    return AnswerRecord(question_id=q.id, answer="ja", source="forslag", refs=refs, note=note)


def _unconfirmed(q: Question, hits: list[Finding]) -> AnswerRecord:
    if not hits:
        return AnswerRecord(question_id=q.id, answer=NOT_ANSWERED, source="forslag")
    refs = _unique([h.ref for h in hits])
    words = ", ".join(f"»{w}«" for w in _unique([h.text for h in hits])[:5])
    places = list_refs([("lovforslagets titel" if r == TITLE_REF else r) for r in refs])
    clauses = [r for r in refs if r != TITLE_REF]
    if not clauses:
        judged = "ingen af lovforslagets bestemmelser er vurderet som relationelle"
    elif len(clauses) == 1:
        judged = "bestemmelsen er ikke vurderet som relationel"
    else:
        judged = "bestemmelserne er ikke vurderet som relationelle"
    note = (f"Intet forslag: {words} i {places} berører spørgsmålet, men {judged}. "
            "Tag stilling til spørgsmålet.")
    return AnswerRecord(question_id=q.id, answer=NOT_ANSWERED, source="forslag", refs=refs, note=note)


def _assessment(q: Question, hits: list[Finding]) -> AnswerRecord:
    by_option: dict[str, list[str]] = defaultdict(list)
    for h in hits:
        if h.suggests:
            by_option[h.suggests].append(h.ref)
    if not by_option:
        return AnswerRecord(question_id=q.id, answer=NOT_ANSWERED, source="forslag")
    order = {o: i for i, o in enumerate(q.option_ids)}
    options = sorted(by_option, key=lambda o: order.get(o, 99))
    refs = _unique([r for o in options for r in by_option[o]])
    if q.multiple:
        note = "Foreslået på grundlag af ord i de bestemmelser, der også har fund i relevansvurderingen."
        return AnswerRecord(question_id=q.id, answer=", ".join(options), source="forslag", refs=refs, note=note)
    if len(options) == 1:
        note = (
            f"Foreslået, fordi {list_refs(refs)} indeholder ord, der peger på »{q.label_of(options[0]).split(' – ')[0]}«. "
            "Forslaget bygger alene på ordvalget og skal efterprøves."
        )
        return AnswerRecord(question_id=q.id, answer=options[0], source="forslag", refs=refs, note=note)
    detail = "; ".join(f"{o}: {list_refs(_unique(by_option[o]))}" for o in options)
    note = f"Teksten peger i flere retninger ({detail}). Tag stilling til spørgsmålet."
    return AnswerRecord(question_id=q.id, answer=NOT_ANSWERED, source="forslag", refs=refs, note=note)


def relevant_dimensions(records: Sequence[AnswerRecord], rules: RuleSet) -> set[str]:
    """Dimensions not screened out: every dimension unless all its relevance questions are "nej"."""
    from ..dimensions import DIMENSION_IDS

    answers = {r.question_id: r.answer for r in records}
    relevant: set[str] = set()
    for d in DIMENSION_IDS:
        qs = [q for q in rules.questions if q.step == "relevans" and d in q.dimensions]
        if not qs or any(answers.get(q.id, NOT_ANSWERED) != "nej" for q in qs):
            relevant.add(d)
    return relevant


def is_screened_out(q: Question, records: Sequence[AnswerRecord], rules: RuleSet) -> bool:
    return q.step == "vurdering" and not relevant_dimensions(records, rules).intersection(q.dimensions)
