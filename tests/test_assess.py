"""assess(): the decision rule, directions, user overrides and evidence, on hand-built findings.

The bill text is invented for these tests, in the style of a Danish amending bill.
"""

from __future__ import annotations

import pytest

from relationel_bundlinje import assess as A
from relationel_bundlinje.assess import assess, extract_groups, merge_answers
from relationel_bundlinje.dimensions import DIMENSION_IDS
from relationel_bundlinje.models import (
    AnswerRecord,
    Bill,
    Clause,
    ClauseScore,
    Feature,
    Remark,
    RuleHit,
    SourceInfo,
)

VISITS = (
    "§ 1, nr. 3 (§ 110 a, stk. 1)",
    "Kommunalbestyrelsen kan træffe afgørelse om, at en beboer i et botilbud ikke må modtage besøg af en "
    "bestemt besøgende i op til 6 måneder, hvis besøget udgør en fare for beboerens sikkerhed.",
    "lov om social service",
)
DEADLINE = ("§ 1, nr. 4", "I § 112, stk. 2, ændres »14 dage« til »4 uger«.", "lov om social service")
LEAVE = (
    "§ 2, nr. 1 (§ 42 b, stk. 1)",
    "Forældre til et barn med betydelig og varigt nedsat funktionsevne har ret til 10 dages omsorgsorlov om året.",
    "lov om ret til orlov og dagpenge ved barsel",
)
TAX = ("§ 3, stk. 1", "Afgiften af elektricitet til opvarmning af familiens bolig udgør 0,8 øre pr. kWh.", None)
WORK = (
    "§ 4, stk. 1",
    "Retten til hjælp bortfalder for den ene ægtefælle, hvis ægtefællerne ikke inden for de seneste 2 år har haft "
    "300 timers ordinær beskæftigelse. Omkring 1.200 ægtefæller berøres.",
    "lov om aktiv socialpolitik",
)


def make_bill(*clauses: tuple[str, str, str | None], remarks: list[tuple[str, str, list[str]]] = ()) -> Bill:
    """A Bill whose clause spans point into its text, with optional special remarks (ref, text, refs)."""
    text = "Forslag til Lov om ændring af lov om social service og forskellige andre love\n\n"
    items: list[Clause] = []
    for ref, body, law in clauses:
        start = len(text)
        text += body + "\n\n"
        items.append(Clause(ref=ref, text=body, start=start, end=start + len(body), kind="aendringspunkt", target_law=law))
    remark_items = []
    for ref, body, refs in remarks:
        start = len(text)
        text += body + "\n\n"
        remark_items.append(
            Remark(part="specielle", ref=ref, heading=ref, text=body, start=start, end=start + len(body), provision_refs=refs)
        )
    source = SourceInfo(name="forslag.txt", format="txt", sha256="ab" * 32, size=len(text.encode()))
    return Bill(title="Forslag til Lov om ændring af lov om social service", kind="aendringslov", source=source,
                text=text, clauses=items, remarks=remark_items)


def hit(bill: Bill, ref: str, word: str, question: str, dims: list[str], trigger: str = "t1") -> RuleHit:
    clause = next(c for c in bill.clauses if c.ref == ref)
    offset = clause.text.index(word)
    return RuleHit(question_id=question, trigger_id=trigger, dimensions=dims, ref=ref,
                   start=clause.start + offset, end=clause.start + offset + len(word), text=word)


def score(ref: str, p: float, flagged: bool, dims: list[str] = (), direction: str | None = None) -> ClauseScore:
    return ClauseScore(ref=ref, probability=p, flagged=flagged, dimensions=list(dims), direction=direction,
                       features=[Feature(term="besøg", weight=1.3), Feature(term="beboer", weight=0.8)])


def run(bill, scores, hits=(), answers=(), qdims=None, **kw):
    return assess(bill, scores, list(hits), list(answers), rules_version="2024.1.0", model_version="test-1",
                  date="2024-05-01", question_dimensions=qdims, **kw)


def dim(assessment, dim_id):
    return next(d for d in assessment.dimensions if d.id == dim_id)


# --------------------------------------------------------------------------- conclusions


def test_negative_with_agreeing_rule_and_model_is_high_confidence():
    bill = make_bill(VISITS, DEADLINE)
    hits = [hit(bill, VISITS[0], "besøg", "kontakt.besoeg", ["kontakt"])]
    scores = [score(VISITS[0], 0.92, True, ["kontakt"], "negativ"), score(DEADLINE[0], 0.05, False)]
    a = run(bill, scores, hits)
    assert a.conclusion.direction == "negativ"
    assert a.conclusion.dimensions == ["kontakt"]
    assert not a.conclusion.uncertain
    k = dim(a, "kontakt")
    assert (k.relevant, k.direction, k.confidence) == (True, "negativ", "høj")
    assert k.refs == [VISITS[0]]
    assert "beboere" in k.groups and "besøgende" in k.groups
    assert len(a.dimensions) == len(DIMENSION_IDS)
    assert a.conclusion.sentence.startswith("Lovforslaget vurderes at have negative relationelle konsekvenser for ")
    # Only flagged clauses and clauses with hits are listed.
    assert [c.ref for c in a.clauses] == [VISITS[0]]


def test_positive_conclusion():
    bill = make_bill(LEAVE, DEADLINE)
    scores = [score(LEAVE[0], 0.88, True, ["omsorg", "familie"], "positiv"), score(DEADLINE[0], 0.1, False)]
    a = run(bill, scores)
    assert a.conclusion.direction == "positiv"
    assert a.conclusion.dimensions == ["familie", "omsorg"]
    assert dim(a, "omsorg").confidence == "middel"  # strong model, no rule
    assert "forældre" in dim(a, "omsorg").groups


def test_mixed_conclusion_from_two_dimensions():
    bill = make_bill(VISITS, LEAVE)
    scores = [score(VISITS[0], 0.9, True, ["kontakt"], "negativ"), score(LEAVE[0], 0.9, True, ["omsorg"], "positiv")]
    a = run(bill, scores)
    assert a.conclusion.direction == "blandet"
    assert "både positive og negative" in a.conclusion.sentence


def test_mixed_directions_within_a_dimension():
    bill = make_bill(VISITS, LEAVE)
    scores = [score(VISITS[0], 0.9, True, ["familie"], "negativ"), score(LEAVE[0], 0.9, True, ["familie"], "positiv")]
    a = run(bill, scores)
    assert dim(a, "familie").direction == "blandet"


def test_no_relevant_dimension_is_ingen():
    bill = make_bill(DEADLINE, TAX)
    a = run(bill, [score(DEADLINE[0], 0.04, False), score(TAX[0], 0.12, False)])
    assert a.conclusion.direction == "ingen"
    assert a.conclusion.dimensions == []
    assert a.conclusion.sentence == "Lovforslaget vurderes ikke at have relationelle konsekvenser."
    assert a.statement.skema_row.positive == "Ingen" and a.statement.skema_row.negative == "Ingen"
    assert all(not d.relevant for d in a.dimensions)


def test_weak_rule_hit_in_tax_act_does_not_change_ingen():
    bill = make_bill(TAX)
    hits = [hit(bill, TAX[0], "familiens", "familie.samliv", ["familie"]),
            hit(bill, TAX[0], "bolig", "bolig.flytning", ["bolig"])]
    a = run(bill, [score(TAX[0], A.RULE_CONFIRM_SCORE - 0.1, False)], hits)
    assert a.conclusion.direction == "ingen"
    # The hits remain visible as evidence for a reviewer.
    assert [c.ref for c in a.clauses] == [TAX[0]]
    assert {e.kind for e in a.clauses[0].evidence} >= {"regel"}
    assert any("ikke finder relationelle" in b for b in dim(a, "familie").basis)


def test_rule_hit_with_lukewarm_score_is_uafklaret_disagreement():
    bill = make_bill(WORK)
    hits = [hit(bill, WORK[0], "beskæftigelse", "arbejde.krav", ["arbejde"])]
    a = run(bill, [score(WORK[0], A.RULE_CONFIRM_SCORE + 0.05, False, [], "negativ")], hits)
    d = dim(a, "arbejde")
    assert d.relevant and d.direction == "uafklaret" and d.confidence == "lav"
    assert a.conclusion.direction == "uafklaret" and a.conclusion.uncertain
    assert any("ikke selv markerer" in b for b in d.basis)
    assert "Det bør overvejes nærmere" in a.statement.section_text


def test_many_weak_flags_with_rule_hits_stay_ingen():
    # A large tax act: the model's recall-tuned threshold flags a clause weakly, rules hit words.
    bill = make_bill(TAX, DEADLINE)
    hits = [hit(bill, TAX[0], "bolig", "bolig.flytning", ["bolig"])]
    a = run(bill, [score(TAX[0], A.MODEL_SUPPORT_SCORE - 0.05, True, ["bolig", "oekonomi"], "negativ")], hits)
    assert a.conclusion.direction == "ingen"


def test_only_relevance_question_hits_support_a_dimension():
    bill = make_bill(VISITS)
    every = list(DIMENSION_IDS)
    hits = [hit(bill, VISITS[0], "besøg", "vurdering.afboedning", every),
            hit(bill, VISITS[0], "besøg", "kontakt.besoeg", ["kontakt"])]
    kinds = {"vurdering.afboedning": "andet", "kontakt.besoeg": "relevans"}
    a = run(bill, [score(VISITS[0], 0.9, True, ["kontakt"], "negativ")], hits, question_kinds=kinds)
    assert a.conclusion.dimensions == ["kontakt"]
    assert len([e for e in a.clauses[0].evidence if e.kind == "regel"]) == 2  # both shown as evidence


def test_weak_model_flag_alone_is_not_relevant_but_stays_in_appendix():
    bill = make_bill(TAX)
    a = run(bill, [score(TAX[0], A.MODEL_ONLY_MIN_SCORE - 0.05, True, ["bolig"], "negativ")])
    assert a.conclusion.direction == "ingen"
    assert a.clauses[0].flagged


def test_middling_model_flag_alone_is_low_confidence_and_uafklaret():
    bill = make_bill(VISITS)
    p = (A.MODEL_ONLY_MIN_SCORE + A.STRONG_SCORE) / 2
    a = run(bill, [score(VISITS[0], p, True, ["kontakt"], "negativ")])
    d = dim(a, "kontakt")
    assert d.relevant and d.confidence == "lav" and d.direction == "uafklaret"
    assert a.conclusion.direction == "uafklaret"


def test_negative_and_undetermined_clauses_make_negative_dimension():
    bill = make_bill(VISITS, WORK)
    hits = [hit(bill, WORK[0], "beskæftigelse", "oekonomi.ydelse", ["oekonomi"]),
            hit(bill, VISITS[0], "besøg", "oekonomi.ydelse", ["oekonomi"])]
    scores = [score(VISITS[0], 0.9, True, ["oekonomi"], "uafklaret"), score(WORK[0], 0.9, True, ["oekonomi"], "negativ")]
    assert dim(run(bill, scores, hits), "oekonomi").direction == "negativ"


def test_hit_in_remark_counts_for_its_provision():
    bill = make_bill(VISITS, remarks=[("Til nr. 3", "Forslaget indebærer, at pårørende kan nægtes besøg.", [VISITS[0]])])
    remark = bill.remarks[0]
    offset = remark.text.index("besøg")
    h = RuleHit(question_id="kontakt.besoeg", trigger_id="t1", dimensions=["kontakt"], ref="Til nr. 3",
                start=remark.start + offset, end=remark.start + offset + 5, text="besøg", in_remark=True)
    a = run(bill, [score(VISITS[0], 0.9, True, ["kontakt"], "negativ")], [h])
    assert dim(a, "kontakt").confidence == "høj"
    c = a.clauses[0]
    assert c.remark == "Forslaget indebærer, at pårørende kan nægtes besøg."
    assert any(e.kind == "bemaerkning" and e.text == "besøg" for e in c.evidence)


# --------------------------------------------------------------------------- user answers


def test_user_no_overrides_model():
    bill = make_bill(VISITS)
    scores = [score(VISITS[0], 0.95, True, ["kontakt"], "negativ")]
    answers = [AnswerRecord(question_id="kontakt.relevans", answer="nej", source="bruger")]
    a = run(bill, scores, answers=answers, qdims={"kontakt.relevans": ["kontakt"]})
    d = dim(a, "kontakt")
    assert not d.relevant and d.decided_by_user
    assert a.conclusion.direction == "ingen"
    assert a.answers == answers


def test_user_yes_with_direction_sets_direction():
    bill = make_bill(WORK)
    qdims = {"arbejde.relevans": ["arbejde"], "arbejde.retning": ["arbejde"]}
    answers = [
        AnswerRecord(question_id="arbejde.relevans", answer="ja", source="bruger", refs=[WORK[0]]),
        AnswerRecord(question_id="arbejde.retning", answer="negativ", source="bruger"),
    ]
    a = run(bill, [score(WORK[0], 0.2, False)], answers=answers, qdims=qdims)
    d = dim(a, "arbejde")
    assert d.relevant and d.decided_by_user and d.direction == "negativ" and d.confidence == "høj"
    assert d.refs == [WORK[0]]
    assert a.conclusion.direction == "negativ"
    assert any(e.kind == "svar" for e in a.clauses[0].evidence)


def test_proposal_does_not_override():
    bill = make_bill(VISITS)
    answers = [AnswerRecord(question_id="kontakt.relevans", answer="nej", source="forslag")]
    a = run(bill, [score(VISITS[0], 0.95, True, ["kontakt"], "negativ")], answers=answers,
            qdims={"kontakt.relevans": ["kontakt"]})
    assert dim(a, "kontakt").relevant and not dim(a, "kontakt").decided_by_user


def test_merge_answers_user_wins():
    proposed = [AnswerRecord(question_id="a.b", answer="ja", source="forslag"),
                AnswerRecord(question_id="c.d", answer="ja", source="forslag")]
    given = [AnswerRecord(question_id="c.d", answer="nej", source="bruger")]
    merged = merge_answers(proposed, given)
    assert [(m.question_id, m.answer, m.source) for m in merged] == [("a.b", "ja", "forslag"), ("c.d", "nej", "bruger")]


def test_question_dimensions_fall_back_to_hits():
    bill = make_bill(VISITS)
    hits = [hit(bill, VISITS[0], "besøg", "kontakt.besoeg", ["kontakt"])]
    answers = [AnswerRecord(question_id="kontakt.besoeg", answer="nej", source="bruger")]
    a = run(bill, [score(VISITS[0], 0.95, True, ["kontakt"], "negativ")], hits, answers)
    assert not dim(a, "kontakt").relevant


# --------------------------------------------------------------------------- evidence and groups


def test_clause_evidence_kinds_and_spans():
    bill = make_bill(VISITS)
    h = hit(bill, VISITS[0], "besøg", "kontakt.besoeg", ["kontakt"])
    answers = [AnswerRecord(question_id="kontakt.besoeg", answer="ja", source="forslag", refs=[VISITS[0]])]
    a = run(bill, [score(VISITS[0], 0.9, True, ["kontakt"], "negativ")], [h], answers)
    ev = a.clauses[0].evidence
    rule = next(e for e in ev if e.kind == "regel")
    assert bill.text[rule.start:rule.end] == "besøg" == rule.text
    assert any(e.kind == "model" and "»besøg«" in e.detail for e in ev)
    assert any(e.kind == "svar" for e in ev)


def test_all_clauses_flag():
    bill = make_bill(VISITS, DEADLINE, TAX)
    scores = [score(VISITS[0], 0.9, True, ["kontakt"], "negativ")]
    assert len(run(bill, scores).clauses) == 1
    assert len(run(bill, scores, all_clauses=True).clauses) == 3


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Retten til kontanthjælp bortfalder for ægtefællerne.", ["ægtefæller"]),
        ("En kontanthjælpsmodtager skal stå til rådighed.", ["kontanthjælpsmodtagere"]),
        ("Asylansøgere og deres børn kan indkvarteres.", ["asylansøgere", "børn"]),
        ("Anbragte børn har ret til samvær med deres forældre og andre pårørende.", ["anbragte børn og unge", "børn", "forældre", "pårørende"]),
        ("Afgiften udgør 6,5 øre pr. kWh.", []),
    ],
)
def test_extract_groups(text, expected):
    assert extract_groups([text]) == expected


def test_assess_is_deterministic():
    bill = make_bill(VISITS, LEAVE, WORK)
    hits = [hit(bill, VISITS[0], "besøg", "kontakt.besoeg", ["kontakt"])]
    scores = [score(VISITS[0], 0.9, True, ["kontakt"], "negativ"), score(LEAVE[0], 0.8, True, ["omsorg"], "positiv")]
    assert run(bill, scores, hits).model_dump_json() == run(bill, scores, hits).model_dump_json()


def test_user_yes_to_one_narrow_question_beats_no_to_another():
    bill = make_bill(VISITS)
    qdims = {"kontakt.besoeg": ["kontakt"], "kontakt.isolation": ["kontakt"]}
    answers = [AnswerRecord(question_id="kontakt.isolation", answer="nej", source="bruger"),
               AnswerRecord(question_id="kontakt.besoeg", answer="ja", source="bruger")]
    a = run(bill, [score(VISITS[0], 0.1, False)], answers=answers, qdims=qdims)
    assert dim(a, "kontakt").relevant and dim(a, "kontakt").decided_by_user


def test_mitigation_no_is_not_a_relevance_answer_and_scope_reaches_statement():
    bill = make_bill(VISITS)
    qdims = {"kontakt.afboedning": ["kontakt"], "kontakt.omfang": ["kontakt"]}
    kinds = {"kontakt.afboedning": A.question_kind("vurdering", ["ja", "delvis", "nej", "ikke_relevant"]),
             "kontakt.omfang": A.question_kind("vurdering", ["faa", "afgraenset", "mange", "ukendt"])}
    assert kinds == {"kontakt.afboedning": "andet", "kontakt.omfang": "omfang"}
    answers = [AnswerRecord(question_id="kontakt.afboedning", answer="nej", source="bruger"),
               AnswerRecord(question_id="kontakt.omfang", answer="faa", source="bruger")]
    a = run(bill, [score(VISITS[0], 0.9, True, ["kontakt"], "negativ")], answers=answers, qdims=qdims,
            question_kinds=kinds, option_labels={("kontakt.omfang", "faa"): "Få personer (under 1.000)"})
    d = dim(a, "kontakt")
    assert d.relevant and not d.decided_by_user
    assert "omfanget angivet som: få personer (under 1.000)." in a.statement.section_text


def test_question_kind_of_shipped_option_sets():
    assert A.question_kind("relevans", ["ja", "nej", "ved_ikke"]) == "relevans"
    assert A.question_kind("vurdering", ["negativ", "positiv", "blandet", "uafklaret", "ingen"]) == "retning"
    assert A.question_kind("vurdering", ["midlertidig", "laengerevarende", "varig", "ukendt"]) == "varighed"
