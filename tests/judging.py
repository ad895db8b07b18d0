"""Hand-made findings and the judge's context, for tests that judge an invented bill without the
trained model (``test_assess``, ``test_statement``): a retrained model cannot break them."""

from __future__ import annotations

from relationel_bundlinje.assess import AssessPolicy, Context, QuestionInfo, group_patterns
from relationel_bundlinje.models import Finding


def context(rules, policy: AssessPolicy | None = None) -> Context:
    """The judge's context from a rule set, as the Screener builds it."""
    return Context(
        questions={q.id: QuestionInfo(tuple(q.dimensions), q.decides) for q in rules.questions},
        steps={q.id: q.step for q in rules.questions},
        groups=group_patterns(rules.third_parties),
        policy=policy or AssessPolicy(),
        model_threshold=0.5,
    )


def model(bill, ref: str, p: float, dims: dict[str, float] | None = None, direction: str | None = None) -> Finding:
    """A classifier finding for clause ``ref``: probability ``p``, dimension scores, a direction."""
    c = bill.clause(ref)
    directions = {direction: 0.8, **{d: 0.1 for d in ("negativ", "positiv", "uafklaret") if d != direction}} if direction else {}
    return Finding(source="model", producer="model test", ref=ref, clause_ref=ref, start=c.start, end=c.end,
                   text=c.text, score=p, dimension_scores=dims or {}, direction_scores=directions,
                   dimensions=[d for d, s in (dims or {}).items() if s >= 0.45], direction=direction)


def rule(bill, ref: str, word: str, question: str, dims: list[str]) -> Finding:
    """A rule hit on ``word`` in clause ``ref`` for ``question``."""
    c = bill.clause(ref)
    at = c.start + c.text.index(word)
    return Finding(source="regel", producer="regler test", ref=ref, clause_ref=ref, start=at, end=at + len(word),
                   text=word, dimensions=dims, question_id=question, trigger_id="t1")
