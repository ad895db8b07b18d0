"""Findings + answers + an ``AssessPolicy`` -> ``Assessment``: structured judgement, no prose.

A clause *supports* a dimension when

* the classifier gives it at least ``policy.model_support`` and names the dimension (a dimension
  the classifier alone names needs ``policy.model_only_min``), or
* a hit of a *relevance* question for the dimension stands in the clause or its special remark
  and the classifier confirms the clause (``policy.rule_confirm``; ``policy.title_confirm`` where
  the bill's title names the dimension too), or
* a lawyer accepted or corrected the tool's finding on it (a rejected finding supports nothing).

A clause at ``policy.confident`` or more always supports its strongest dimension, so a bill with
such a provision is never concluded »ingen«. A single word such as "familie" in a tax act does not
make a conclusion: unconfirmed hits stay visible as findings for a reviewer.

Directions: each supporting clause has the classifier's direction (or the lawyer's). A dimension,
and the bill, take the direction that at least ``policy.majority`` of the directed (negativ or
positiv) clauses share; a real split is "blandet"; with no directed clause it is "uafklaret", and
the reason is given as a code. A lawyer's answers to the screening questions always win.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Mapping, Sequence

from ..dimensions import DIMENSION_IDS, DIRECTIONS
from ..models import (
    AnswerRecord,
    Assessment,
    Bill,
    BillSummary,
    Clause,
    ClauseAssessment,
    Conclusion,
    DimensionAssessment,
    DimensionBasis,
    Finding,
    ScreeningRecord,
)
from .answers import QuestionInfo, answered, user_decisions
from .policy import AssessPolicy

#: The reference rule findings carry when they match the bill's title.
TITLE_REF = "Titel"
MAX_GROUPS = 3


@dataclass(frozen=True)
class GroupPattern:
    """A group of the rules' third-party table, compiled: which words name it, for which dimensions."""

    id: str
    pattern: re.Pattern[str]
    dimensions: frozenset[str]


def group_patterns(third_parties: Sequence) -> list[GroupPattern]:
    out = []
    for g in third_parties:
        alts = []
        for form in g.forms:
            form = form.lower()
            alts.append(re.escape(form[:-1]) + r"\w*" if form.endswith("*") else re.escape(form))
        out.append(GroupPattern(g.id, re.compile(r"\b(?:" + "|".join(alts) + r")\b"), frozenset(g.dimensions)))
    return out


@dataclass(frozen=True)
class Context:
    """What the judge reads beside the findings (all of it data, none of it I/O)."""

    questions: Mapping[str, QuestionInfo]
    steps: Mapping[str, str]
    groups: Sequence[GroupPattern] = ()
    policy: AssessPolicy = AssessPolicy()
    model_threshold: float = 0.5


@dataclass
class _ClauseJudgement:
    clause: Clause
    score: float = 0.0
    model: Finding | None = None
    rules: list[Finding] = field(default_factory=list)
    verdict: Finding | None = None
    dims: dict[str, str] = field(default_factory=dict)  # dimension -> "model" | "regel" | "jurist" | "sikker"
    rejected: set[str] = field(default_factory=set)
    direction: str | None = None
    certainty: str = "lav"


def _direction_of(model: Finding | None) -> str | None:
    """The classifier's direction for the clause (decided with its cue words by the scorer), or
    the most probable one where a finding carries scores only."""
    if model is None:
        return None
    if model.direction:
        return model.direction
    if not model.direction_scores:
        return None
    return max(DIRECTIONS, key=lambda d: (model.direction_scores.get(d, 0.0), d))


def _judge_clause(j: _ClauseJudgement, title_dims: set[str], ctx: Context) -> None:
    pol = ctx.policy
    p = j.score
    rule_dims = {d for f in j.rules for d in f.dimensions}
    if j.verdict is not None and j.verdict.verdict == "rejected":
        j.rejected = set(rule_dims)
        return
    if j.verdict is not None and j.verdict.verdict == "corrected":
        j.dims = {d: "jurist" for d in j.verdict.dimensions}
        j.direction = j.verdict.direction
        j.certainty = "høj"
        return
    model_named: list[str] = []
    if j.model is not None:
        scores = j.model.dimension_scores
        # A dimension must clear both the policy's bar and the model's own threshold for it (the
        # one its per-dimension F1 is measured at), which the finding's dimensions carry.
        own = set(j.model.dimensions)
        model_named = [d for d in DIMENSION_IDS if scores.get(d, 0.0) >= pol.dimension_min and (not own or d in own)]
        if not model_named and scores:
            model_named = [max(DIMENSION_IDS, key=lambda d: (scores.get(d, 0.0), d))]
    for d in sorted(rule_dims):
        needed = pol.title_confirm if d in title_dims else pol.rule_confirm
        if p >= needed:
            j.dims[d] = "regel"
        else:
            j.rejected.add(d)
    if p >= pol.model_support:
        for d in model_named:
            if d in j.dims:
                continue
            if p >= pol.model_only_min:
                j.dims[d] = "model"
    if p >= pol.confident and not j.dims and model_named:
        j.dims[model_named[0]] = "sikker"
    if j.verdict is not None and j.verdict.verdict == "accepted":
        for d in j.verdict.dimensions or model_named[:1]:
            j.dims.setdefault(d, "jurist")
        j.direction = j.verdict.direction or _direction_of(j.model)
        j.certainty = "høj"
        return
    if not j.dims:
        return
    j.direction = _direction_of(j.model) or "uafklaret"
    agreed = any(src == "regel" for src in j.dims.values()) and p >= pol.model_support
    if agreed and p >= pol.strong:
        j.certainty = "høj"
    elif agreed or p >= pol.strong:
        j.certainty = "middel"
    else:
        j.certainty = "lav"


def _directions(judgements: Sequence[_ClauseJudgement], policy: AssessPolicy) -> list[str | None]:
    if policy.count_by == "bestemmelse":
        return provision_directions(judgements)
    return [j.direction for j in judgements]


def provision_directions(judgements: Sequence[_ClauseJudgement]) -> list[str | None]:
    """One direction per provision (a §, or the provision a change point inserts) instead of one
    per Stk.: an exception in stk. 2 to the restriction of stk. 1 qualifies that restriction, it
    is not a second consequence pointing the other way. Within a provision the most common
    direction of its directed clauses holds; on a tie, the first clause's."""
    by_provision: dict[tuple, list[str | None]] = {}
    for j in judgements:
        path = j.clause.path
        key = (path.par, path.nr, path.inserted.par if path.inserted is not None else None)
        by_provision.setdefault(key, []).append(j.direction)
    out: list[str | None] = []
    for directions in by_provision.values():
        directed = [d for d in directions if d in ("negativ", "positiv")]
        if directed:
            counts = Counter(directed)
            top = max(counts.values())
            out.append(next(d for d in directed if counts[d] == top))
        else:
            out.append(next((d for d in directions if d), None))
    return out


def combine(directions: Sequence[str | None], majority: float) -> tuple[str, dict[str, int]]:
    """One direction from several, and the counts it rests on."""
    counts = Counter(d for d in directions if d)
    neg, pos = counts.get("negativ", 0), counts.get("positiv", 0)
    if neg + pos:
        share = max(neg, pos) / (neg + pos)
        if share >= majority:
            return ("negativ" if neg >= pos else "positiv"), dict(counts)
        return "blandet", dict(counts)
    if counts.get("blandet"):
        return "blandet", dict(counts)
    return "uafklaret", dict(counts)


def _groups(texts: Sequence[str], dim: str, patterns: Sequence[GroupPattern]) -> list[str]:
    """Groups of the third-party table the texts name, most often named first. A word claimed by an
    earlier (more specific) group of the table is not counted again for a later one."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for k, text in enumerate(texts):
        low = text.lower()
        claimed: set[int] = set()
        for g in patterns:
            if g.dimensions and dim not in g.dimensions:
                continue
            starts = [m.start() for m in g.pattern.finditer(low) if m.start() not in claimed]
            if starts:
                claimed.update(starts)
                counts[g.id] += len(starts)
                first.setdefault(g.id, k)
    ranked = sorted(counts, key=lambda g: (-counts[g], first[g], g))
    return ranked[:MAX_GROUPS]


@dataclass
class ClauseJudgements:
    """Every clause of a bill judged from its findings, before any dimension or conclusion."""

    judged: dict[str, _ClauseJudgement]
    title_dims: set[str]
    remark_to_clauses: dict[str, list[str]]


def judge_clauses(bill: Bill, findings: Sequence[Finding], ctx: Context) -> ClauseJudgements:
    """Which clauses support which dimensions, which way and how surely. Pure."""
    judged = {c.ref: _ClauseJudgement(c) for c in bill.clauses}
    remark_to_clauses: dict[str, list[str]] = {}
    for c in bill.clauses:
        for r in c.remark_refs:
            remark_to_clauses.setdefault(r, []).append(c.ref)
    title_dims: set[str] = set()
    for f in findings:
        if f.source == "model" and f.clause_ref in judged:
            j = judged[f.clause_ref]
            # A change point may have two: its own text, and the wording in force it changes.
            if j.model is None or (f.score or 0.0) > j.score:
                j.model = f
                j.score = f.score or 0.0
        elif f.source == "jurist" and f.clause_ref in judged:
            judged[f.clause_ref].verdict = f
        elif f.source == "regel":
            if ctx.steps.get(f.question_id or "") != "relevans":
                continue  # assessment cues are evidence for the answers, not for relevance
            if f.ref == TITLE_REF:
                title_dims.update(f.dimensions)
            elif f.in_remark:
                for ref in remark_to_clauses.get(f.ref, ()):
                    judged[ref].rules.append(f)
            elif f.clause_ref in judged:
                judged[f.clause_ref].rules.append(f)
    for j in judged.values():
        _judge_clause(j, title_dims, ctx)
    return ClauseJudgements(judged, title_dims, remark_to_clauses)


def split_rule_hits(bill: Bill, findings: Sequence[Finding], ctx: Context) -> tuple[list[Finding], list[Finding]]:
    """The rule findings the judgement bears out, and those it does not.

    A hit in a clause (or in the remark on it) is borne out when the clause supports one of the
    hit's dimensions (any dimension, for a hit that names none); a hit in the title when a clause
    bears out a hit of the same question. The proposed answers are made from the first list only,
    so the appendix never answers »Ja« to a question about provisions the assessment does not
    count — the contradiction a lawyer would see first."""
    cj = judge_clauses(bill, findings, ctx)

    def supports(ref: str, dims: Sequence[str]) -> bool:
        j = cj.judged.get(ref)
        return j is not None and (any(d in j.dims for d in dims) if dims else bool(j.dims))

    hits = [f for f in findings if f.source == "regel"]
    borne: list[bool] = []
    for f in hits:
        refs = cj.remark_to_clauses.get(f.ref, []) if f.in_remark else [f.clause_ref] if f.clause_ref else []
        borne.append(f.ref != TITLE_REF and any(supports(r, f.dimensions) for r in refs))
    questions = {f.question_id for f, ok in zip(hits, borne) if ok}
    borne = [ok or (f.ref == TITLE_REF and f.question_id in questions) for f, ok in zip(hits, borne)]
    confirmed = [f for f, ok in zip(hits, borne) if ok]
    unconfirmed = [f for f, ok in zip(hits, borne) if not ok]
    return confirmed, unconfirmed


def assess(
    bill: Bill,
    findings: Sequence[Finding],
    answers: Sequence[AnswerRecord],
    ctx: Context,
    record: ScreeningRecord,
    *,
    all_clauses: bool = False,
    amended: Mapping[str, str] | None = None,
    unassessed: Sequence[str] = (),
) -> Assessment:
    """Judge a parsed bill from its findings. Pure: no I/O, same input -> same output."""
    cj = judge_clauses(bill, findings, ctx)
    judged, remark_to_clauses = cj.judged, cj.remark_to_clauses

    by_clause: dict[str, list[Finding]] = {}
    for f in findings:
        targets = remark_to_clauses.get(f.ref, []) if f.in_remark else ([f.clause_ref] if f.clause_ref else [])
        for ref in targets:
            by_clause.setdefault(ref, []).append(f)

    decisions = user_decisions(answers, ctx.questions)
    dimensions: list[DimensionAssessment] = []
    for dim in DIMENSION_IDS:
        dimensions.append(_dimension(dim, judged, by_clause, answers, decisions.get(dim), ctx))

    items: list[ClauseAssessment] = []
    for ref, j in judged.items():
        relevant_hit = bool(j.rules)
        flagged = (j.model is not None and j.score >= ctx.model_threshold) or bool(j.dims) or j.verdict is not None
        named = any(ref in a.refs for a in answers if a.source == "bruger")
        # Every clause has a model score; only a score over the threshold, or another kind of
        # finding (a rule hit of any step, a verdict), puts a clause before the reviewer.
        evidence = any(f.source != "model" for f in by_clause.get(ref, ()))
        if not (all_clauses or flagged or relevant_hit or named or evidence):
            continue
        items.append(
            ClauseAssessment(
                ref=ref,
                path=j.clause.path,
                text=j.clause.text,
                start=j.clause.start,
                end=j.clause.end,
                score=round(j.score, 4),
                flagged=flagged,
                supports=bool(j.dims),
                dimensions=[d for d in DIMENSION_IDS if d in j.dims],
                direction=j.direction if j.dims else None,
                certainty=j.certainty,  # type: ignore[arg-type]
                findings=sorted(by_clause.get(ref, []), key=lambda f: (f.source != "model", f.start, f.question_id or "")),
                remark_refs=list(j.clause.remark_refs),
                amended_text=(amended or {}).get(ref),
            )
        )
    conclusion = _conclude(dimensions, judged, ctx.policy)
    summary = BillSummary(
        title=bill.title, kind=bill.kind, number=bill.number, session=bill.session,
        source_name=bill.source.name, source_sha256=bill.source.sha256,
    )
    return Assessment(
        bill=summary,
        conclusion=conclusion,
        dimensions=dimensions,
        clauses=items,
        answers=list(answers),
        unassessed_change_points=list(unassessed),
        record=record,
    )


def _dimension(
    dim: str,
    judged: Mapping[str, _ClauseJudgement],
    by_clause: Mapping[str, list[Finding]],
    answers: Sequence[AnswerRecord],
    decision,
    ctx: Context,
) -> DimensionAssessment:
    supporting = [j for j in judged.values() if dim in j.dims]
    basis = DimensionBasis(
        model_refs=[j.clause.ref for j in supporting if j.dims[dim] in ("model", "sikker")],
        rule_refs=[ref for ref, j in judged.items() if any(dim in f.dimensions for f in j.rules)],
        confirmed_rule_refs=[j.clause.ref for j in supporting if j.dims[dim] == "regel"],
        rejected_rule_refs=[ref for ref, j in judged.items() if dim in j.rejected],
        questions=sorted({f.question_id for j in judged.values() for f in j.rules if dim in f.dimensions and f.question_id}),
        user_questions=[a.question_id for a in answers if a.source == "bruger" and answered(a)
                        and dim in (ctx.questions.get(a.question_id).dimensions if ctx.questions.get(a.question_id) else ())],
        verdict_refs=[j.clause.ref for j in supporting if j.dims[dim] == "jurist"],
        best_score=round(max((j.score for j in supporting), default=0.0), 4),
    )
    relevant = bool(supporting)
    direction, counts = combine(_directions(supporting, ctx.policy), ctx.policy.majority) if relevant else (None, {})
    certainties = {j.certainty for j in supporting}
    certainty = "høj" if "høj" in certainties else "middel" if "middel" in certainties else "lav"
    refs = [j.clause.ref for j in supporting]
    decided = False
    if decision is not None and decision.relevant is not None:
        decided = True
        relevant = decision.relevant
        certainty = "høj"
        if relevant:
            refs = refs or [r for r in dict.fromkeys(decision.refs) if r in judged]
            direction = decision.direction or direction or "uafklaret"
        else:
            direction, refs, counts = None, [], {}
    uncertainty = None
    if relevant and not decided:
        if direction == "uafklaret":
            uncertainty = "anvendelse" if counts.get("uafklaret") else "retning_ukendt"
        elif certainty == "lav":
            uncertainty = "svagt_grundlag"
        elif direction == "blandet" and counts.get("negativ") and counts.get("positiv"):
            uncertainty = "modstridende"
    texts = [judged[r].clause.text for r in refs if r in judged]
    return DimensionAssessment(
        id=dim,  # type: ignore[arg-type]
        relevant=relevant,
        direction=direction if relevant else None,  # type: ignore[arg-type]
        refs=refs if relevant else [],
        direction_counts=counts if relevant else {},
        groups=_groups(texts, dim, ctx.groups) if relevant else [],
        certainty=certainty if (relevant or decided) else ("høj" if not basis.rule_refs else "middel"),  # type: ignore[arg-type]
        uncertainty=uncertainty,  # type: ignore[arg-type]
        decided_by_user=decided,
        basis=basis,
    )


def _conclude(dimensions: Sequence[DimensionAssessment], judged: Mapping[str, _ClauseJudgement], policy: AssessPolicy) -> Conclusion:
    relevant = [d for d in dimensions if d.relevant]
    if not relevant:
        return Conclusion(direction="ingen")
    refs = list(dict.fromkeys(r for d in relevant for r in d.refs))
    directions = _directions([judged[r] for r in refs if r in judged and judged[r].dims], policy)
    user_dirs = [d.direction for d in relevant if d.decided_by_user and d.direction]
    direction, counts = combine(directions + user_dirs, policy.majority)
    if all(d.decided_by_user for d in relevant):
        direction, _ = combine(user_dirs, policy.majority)
    uncertain = any(d.uncertainty in ("svagt_grundlag", "retning_ukendt", "anvendelse") for d in relevant)
    reason = None
    if direction == "uafklaret":
        reason = "anvendelse" if counts.get("uafklaret") else "retning_ukendt"
    elif uncertain:
        reason = next((d.uncertainty for d in relevant if d.uncertainty in ("svagt_grundlag", "retning_ukendt", "anvendelse")), None)
    return Conclusion(
        direction=direction,  # type: ignore[arg-type]
        dimensions=[d.id for d in relevant],
        uncertain=uncertain,
        reason=reason,  # type: ignore[arg-type]
        direction_counts=counts,
    )
