"""The judge (``assess``) on a parsed bill with hand-made findings: which clause supports which
dimension, how directions combine, what a lawyer's answers and verdicts decide, and which
clauses reach the appendix.

The bill is invented for these tests, in the style of a Danish amending bill; it is parsed by the
real parser, so every finding's span points into the bill's text. Model findings are built by
hand, so the judge is tested without the trained model: a retrained model cannot break these.
"""

from __future__ import annotations

import pytest

from relationel_bundlinje.assess import assess, merge_answers
from relationel_bundlinje.dimensions import DIMENSION_IDS
from relationel_bundlinje.models import AnswerRecord, Finding, ScreeningRecord
from relationel_bundlinje.pipeline import parse

from judging import context, model, rule

BILL = """Forslag til Lov om ændring af lov om social service og lov om aktiv socialpolitik

§ 1

I lov om social service, jf. lovbekendtgørelse nr. 1 af 2. januar 2024, foretages følgende ændringer:

1. Efter § 110 indsættes:
»§ 110 a. Kommunalbestyrelsen kan træffe afgørelse om, at en beboer i et botilbud ikke må modtage besøg af en bestemt besøgende i op til 6 måneder, hvis besøget udgør en fare for beboerens sikkerhed.«

2. I § 112, stk. 2, ændres »14 dage« til »4 uger«.

3. Efter § 118 indsættes:
»§ 118 a. Forældre til et barn med betydelig og varigt nedsat funktionsevne har ret til 10 dages omsorgsorlov om året.«

§ 2

I lov om aktiv socialpolitik, jf. lovbekendtgørelse nr. 2 af 3. januar 2024, foretages følgende ændring:

1. Efter § 13 indsættes:
»§ 13 a. Retten til hjælp bortfalder for den ene ægtefælle, hvis ægtefællerne ikke inden for de seneste 2 år har haft 300 timers ordinær beskæftigelse.«

§ 3

Afgiften af elektricitet til opvarmning af familiens bolig udgør 0,8 øre pr. kWh.

§ 4

Loven træder i kraft den 1. juli 2027.

Bemærkninger til lovforslaget

Almindelige bemærkninger

1. Indledning

Lovforslaget indeholder en række ændringer på det sociale område.

Bemærkninger til lovforslagets enkelte bestemmelser

Til § 1

Til nr. 1

Forslaget indebærer, at pårørende kan nægtes besøg.
"""

VISITS = "§ 1, nr. 1 (§ 110 a)"
DEADLINE = "§ 1, nr. 2"
LEAVE = "§ 1, nr. 3 (§ 118 a)"
WORK = "§ 2, nr. 1 (§ 13 a)"
TAX = "§ 3"


@pytest.fixture(scope="module")
def bill():
    b = parse(BILL)
    assert {VISITS, DEADLINE, LEAVE, WORK, TAX} <= {c.ref for c in b.clauses}, [c.ref for c in b.clauses]
    return b


@pytest.fixture(scope="module")
def ctx(rules):
    return context(rules)


RECORD = ScreeningRecord(date="2026-12-01", tool_version="t", rules_version="r", model_version="m",
                         source_name="forslag.txt", source_sha256="ab" * 32)


def answer(question: str, value: str, refs: list[str] = (), source: str = "bruger") -> AnswerRecord:
    return AnswerRecord(question_id=question, answer=value, source=source, refs=list(refs))


def run(bill, ctx, findings, answers=(), **kw):
    return assess(bill, findings, list(answers), ctx, RECORD, **kw)


def dim(a, dim_id: str):
    return next(d for d in a.dimensions if d.id == dim_id)


# --------------------------------------------------------------------------- conclusions


def test_spans_of_the_fixture_point_into_the_text(bill) -> None:
    f = rule(bill, VISITS, "besøg", "kontakt.besoeg_institution", ["kontakt"])
    assert bill.text[f.start:f.end] == "besøg"


def test_model_and_relevance_rule_agreeing_give_a_negative_high_certainty_dimension(bill, ctx) -> None:
    found = [model(bill, VISITS, 0.92, {"kontakt": 0.9}, "negativ"), model(bill, DEADLINE, 0.05),
             rule(bill, VISITS, "besøg", "kontakt.besoeg_institution", ["kontakt"])]
    a = run(bill, ctx, found)
    assert a.conclusion.direction == "negativ" and a.conclusion.dimensions == ["kontakt"]
    assert not a.conclusion.uncertain
    k = dim(a, "kontakt")
    assert (k.relevant, k.direction, k.certainty) == (True, "negativ", "høj")
    assert k.refs == [VISITS] and k.basis.confirmed_rule_refs == [VISITS]
    assert "beboere_institution" in k.groups
    assert [d.id for d in a.dimensions] == list(DIMENSION_IDS)
    # Only clauses with something to show reach the appendix.
    assert [c.ref for c in a.clauses] == [VISITS]


def test_a_strong_model_flag_alone_is_middle_certainty(bill, ctx) -> None:
    a = run(bill, ctx, [model(bill, LEAVE, 0.88, {"omsorg": 0.8, "familie": 0.6}, "positiv")])
    assert a.conclusion.direction == "positiv"
    assert a.conclusion.dimensions == ["familie", "omsorg"]
    assert dim(a, "omsorg").certainty == "middel"
    assert "foraeldre" in dim(a, "omsorg").groups


def test_two_dimensions_pointing_each_way_make_the_bill_blandet(bill, ctx) -> None:
    a = run(bill, ctx, [model(bill, VISITS, 0.9, {"kontakt": 0.9}, "negativ"),
                        model(bill, LEAVE, 0.9, {"omsorg": 0.9}, "positiv")])
    assert a.conclusion.direction == "blandet"
    assert a.conclusion.direction_counts == {"negativ": 1, "positiv": 1}


def test_a_split_inside_a_dimension_is_blandet_and_called_contradictory(bill, ctx) -> None:
    a = run(bill, ctx, [model(bill, VISITS, 0.9, {"familie": 0.9}, "negativ"),
                        model(bill, LEAVE, 0.9, {"familie": 0.9}, "positiv")])
    f = dim(a, "familie")
    assert f.direction == "blandet" and f.uncertainty == "modstridende"


def test_low_scores_everywhere_conclude_ingen(bill, ctx) -> None:
    a = run(bill, ctx, [model(bill, DEADLINE, 0.04), model(bill, TAX, 0.12)])
    assert a.conclusion.direction == "ingen" and a.conclusion.dimensions == []
    assert not any(d.relevant for d in a.dimensions)
    assert a.clauses == []


def test_a_relevance_hit_the_model_does_not_confirm_changes_nothing_but_stays_visible(bill, ctx) -> None:
    policy = ctx.policy
    found = [model(bill, TAX, policy.rule_confirm - 0.1, {"oekonomi": 0.3}),
             rule(bill, TAX, "familiens", "familie.dannelse", ["familie"]),
             rule(bill, TAX, "bolig", "bolig.flytning", ["bolig"])]
    a = run(bill, ctx, found)
    assert a.conclusion.direction == "ingen"
    assert [c.ref for c in a.clauses] == [TAX]
    assert {f.source for f in a.clauses[0].findings} == {"model", "regel"}
    assert dim(a, "familie").basis.rejected_rule_refs == [TAX]
    assert dim(a, "familie").certainty == "middel"  # not relevant, but a hit was there to weigh


def test_a_confirmed_hit_with_a_lukewarm_score_is_low_certainty(bill, ctx) -> None:
    p = (ctx.policy.rule_confirm + ctx.policy.model_support) / 2
    found = [model(bill, WORK, p, {"arbejde": 0.6}, "negativ"),
             rule(bill, WORK, "beskæftigelse", "arbejde.krav", ["arbejde"])]
    a = run(bill, ctx, found)
    d = dim(a, "arbejde")
    assert d.relevant and d.certainty == "lav" and d.uncertainty == "svagt_grundlag"
    assert a.conclusion.uncertain and a.conclusion.reason == "svagt_grundlag"


def test_a_flag_just_over_the_threshold_without_a_rule_is_too_weak_to_conclude(bill, ctx) -> None:
    p = (ctx.policy.model_support + ctx.policy.model_only_min) / 2
    a = run(bill, ctx, [model(bill, TAX, p, {"bolig": 0.7, "oekonomi": 0.6}, "negativ")])
    assert a.conclusion.direction == "ingen"
    assert a.clauses[0].flagged and not a.clauses[0].supports


def test_a_confident_clause_always_carries_its_strongest_dimension(bill, ctx) -> None:
    # Dimension scores all below dimension_min: the clause still names its strongest one.
    a = run(bill, ctx, [model(bill, VISITS, 0.95, {"kontakt": 0.4, "familie": 0.3}, "negativ")])
    assert a.conclusion.direction == "negativ" and a.conclusion.dimensions == ["kontakt"]


def test_assessment_cues_are_evidence_not_relevance(bill, ctx) -> None:
    # The direction questions of 20-vurdering.yaml name every dimension; a hit there supports none.
    found = [model(bill, VISITS, 0.9, {"kontakt": 0.9}, "negativ"),
             rule(bill, VISITS, "besøg", "familie.retning", ["familie"]),
             rule(bill, VISITS, "besøg", "kontakt.besoeg_institution", ["kontakt"])]
    assert ctx.steps["familie.retning"] != "relevans"
    a = run(bill, ctx, found)
    assert a.conclusion.dimensions == ["kontakt"]
    assert len([f for f in a.clauses[0].findings if f.source == "regel"]) == 2  # both shown


def test_undirected_clauses_do_not_dilute_a_direction(bill, ctx) -> None:
    found = [model(bill, VISITS, 0.9, {"oekonomi": 0.9}, "uafklaret"), model(bill, WORK, 0.9, {"oekonomi": 0.9}, "negativ")]
    d = dim(run(bill, ctx, found), "oekonomi")
    assert d.direction == "negativ" and d.direction_counts == {"negativ": 1, "uafklaret": 1}


def test_a_clause_whose_effect_depends_on_its_use_is_uafklaret_with_the_reason(bill, ctx) -> None:
    a = run(bill, ctx, [model(bill, VISITS, 0.9, {"kontakt": 0.9}, "uafklaret")])
    assert dim(a, "kontakt").direction == "uafklaret" and dim(a, "kontakt").uncertainty == "anvendelse"
    assert a.conclusion.direction == "uafklaret" and a.conclusion.reason == "anvendelse"


def test_a_hit_in_a_special_remark_counts_for_the_provision_it_explains(bill, ctx) -> None:
    remark = next(r for r in bill.remarks if r.ref == "Til § 1, nr. 1")
    at = remark.start + remark.text.index("besøg")
    hit = Finding(source="regel", producer="regler test", ref=remark.ref, start=at, end=at + 5, text="besøg",
                  in_remark=True, dimensions=["kontakt"], question_id="kontakt.besoeg_institution")
    a = run(bill, ctx, [model(bill, VISITS, 0.9, {"kontakt": 0.9}, "negativ"), hit])
    assert dim(a, "kontakt").certainty == "høj"
    c = a.clauses[0]
    assert c.ref == VISITS and remark.ref in c.remark_refs
    assert any(f.in_remark and bill.text[f.start:f.end] == "besøg" for f in c.findings)


def test_the_title_lowers_the_bar_for_a_hit_in_its_own_dimension(bill, ctx) -> None:
    p = (ctx.policy.title_confirm + ctx.policy.rule_confirm) / 2
    hit = rule(bill, WORK, "beskæftigelse", "arbejde.krav", ["arbejde"])
    title = hit.model_copy(update={"ref": "Titel", "clause_ref": None})
    without = run(bill, ctx, [model(bill, WORK, p, {"arbejde": 0.6}, "negativ"), hit])
    with_title = run(bill, ctx, [model(bill, WORK, p, {"arbejde": 0.6}, "negativ"), hit, title])
    assert not dim(without, "arbejde").relevant and dim(with_title, "arbejde").relevant


# --------------------------------------------------------------------------- the lawyer decides


def test_a_lawyers_no_overrides_the_model(bill, ctx) -> None:
    answers = [answer(q, "nej") for q in ctx_questions(ctx, "kontakt")]
    assert "kontakt.besoeg_institution" in [a.question_id for a in answers]
    a = run(bill, ctx, [model(bill, VISITS, 0.95, {"kontakt": 0.9}, "negativ")], answers)
    d = dim(a, "kontakt")
    assert not d.relevant and d.decided_by_user and d.certainty == "høj"
    assert a.conclusion.direction == "ingen"


def ctx_questions(ctx, dimension: str) -> list[str]:
    return [q for q, info in ctx.questions.items() if info.decides == "relevans" and dimension in info.dimensions]


def test_a_lawyers_yes_and_direction_decide_the_dimension(bill, ctx) -> None:
    a = run(bill, ctx, [model(bill, WORK, 0.2)], [answer("arbejde.krav", "ja", [WORK]), answer("arbejde.retning", "negativ")])
    d = dim(a, "arbejde")
    assert d.relevant and d.decided_by_user and d.direction == "negativ" and d.certainty == "høj"
    assert d.refs == [WORK]
    assert a.conclusion.direction == "negativ"
    assert [c.ref for c in a.clauses] == [WORK]  # named by the lawyer: in the appendix


def test_one_yes_to_a_narrow_question_beats_a_no_to_another(bill, ctx) -> None:
    a = run(bill, ctx, [model(bill, VISITS, 0.1)],
            [answer("kontakt.forbud", "nej"), answer("kontakt.besoeg_institution", "ja", [VISITS])])
    assert dim(a, "kontakt").relevant and dim(a, "kontakt").decided_by_user


def test_a_proposal_of_the_tool_decides_nothing(bill, ctx) -> None:
    a = run(bill, ctx, [model(bill, VISITS, 0.95, {"kontakt": 0.9}, "negativ")],
            [answer("kontakt.besoeg_institution", "nej", source="forslag")])
    assert dim(a, "kontakt").relevant and not dim(a, "kontakt").decided_by_user


def test_answers_on_mitigation_or_scope_are_not_relevance_answers(bill, ctx) -> None:
    assert ctx.questions["vurdering.afboedning"].decides not in ("relevans", "retning")
    a = run(bill, ctx, [model(bill, VISITS, 0.9, {"kontakt": 0.9}, "negativ")],
            [answer("vurdering.afboedning", "nej"), answer("vurdering.omfang", "faa")])
    assert dim(a, "kontakt").relevant and not dim(a, "kontakt").decided_by_user


def test_merge_answers_puts_the_lawyers_answer_in_the_proposals_place() -> None:
    proposed = [answer("a.b", "ja", source="forslag"), answer("c.d", "ja", source="forslag")]
    merged = merge_answers(proposed, [answer("c.d", "nej")])
    assert [(m.question_id, m.answer, m.source) for m in merged] == [("a.b", "ja", "forslag"), ("c.d", "nej", "bruger")]
    # A later proposal never replaces a lawyer's answer.
    assert merge_answers([answer("c.d", "nej")], [answer("c.d", "ja", source="forslag")])[0].source == "bruger"


def verdict(bill, ref: str, kind: str, dims=(), direction=None) -> Finding:
    c = bill.clause(ref)
    return Finding(source="jurist", producer="jurist test", ref=ref, clause_ref=ref, start=c.start, end=c.end,
                   text=c.text, verdict=kind, dimensions=list(dims), direction=direction, reviewer="test")


def test_a_rejected_finding_supports_nothing(bill, ctx) -> None:
    found = [model(bill, VISITS, 0.95, {"kontakt": 0.9}, "negativ"), verdict(bill, VISITS, "rejected")]
    a = run(bill, ctx, found)
    assert a.conclusion.direction == "ingen"


def test_a_corrected_finding_takes_the_lawyers_dimensions_and_direction(bill, ctx) -> None:
    found = [model(bill, LEAVE, 0.9, {"arbejde": 0.9}, "negativ"), verdict(bill, LEAVE, "corrected", ["omsorg"], "positiv")]
    a = run(bill, ctx, found)
    assert a.conclusion.direction == "positiv" and a.conclusion.dimensions == ["omsorg"]
    assert dim(a, "omsorg").basis.verdict_refs == [LEAVE] and dim(a, "omsorg").certainty == "høj"


def test_an_accepted_weak_finding_becomes_support(bill, ctx) -> None:
    found = [model(bill, WORK, 0.3, {"arbejde": 0.5}, "negativ"), verdict(bill, WORK, "accepted")]
    a = run(bill, ctx, found)
    assert dim(a, "arbejde").relevant and dim(a, "arbejde").direction == "negativ"


# --------------------------------------------------------------------------- appendix and determinism


def test_all_clauses_lists_every_clause(bill, ctx) -> None:
    found = [model(bill, VISITS, 0.9, {"kontakt": 0.9}, "negativ")]
    assert len(run(bill, ctx, found).clauses) == 1
    assert [c.ref for c in run(bill, ctx, found, all_clauses=True).clauses] == [c.ref for c in bill.clauses]


def test_two_model_findings_for_one_change_point_keep_the_stronger(bill, ctx) -> None:
    # A change point amending by reference gets a second finding: the wording in force it changes.
    weak, strong = model(bill, DEADLINE, 0.2), model(bill, DEADLINE, 0.9, {"kontakt": 0.9}, "negativ")
    for order in ([weak, strong], [strong, weak]):
        assert run(bill, ctx, order).clauses[0].score == 0.9


def test_assess_is_pure_and_deterministic(bill, ctx) -> None:
    found = [model(bill, VISITS, 0.9, {"kontakt": 0.9}, "negativ"), model(bill, LEAVE, 0.8, {"omsorg": 0.8}, "positiv"),
             rule(bill, VISITS, "besøg", "kontakt.besoeg_institution", ["kontakt"])]
    before = [f.model_dump_json() for f in found]
    assert run(bill, ctx, found).model_dump_json() == run(bill, ctx, list(reversed(found))).model_dump_json()
    assert [f.model_dump_json() for f in found] == before


def test_an_exception_in_the_same_provision_qualifies_it_rather_than_outweighing_it(ctx) -> None:
    bill = parse(
        "Lov om besøg i plejeboliger\n\n"
        "§ 1. Kommunalbestyrelsen kan forbyde besøg hos beboere i plejeboliger.\n"
        "Stk. 2. Forbuddet gælder dog ikke besøg af beboerens ægtefælle.\n\n"
        "§ 2. Kommunalbestyrelsen kan begrænse beboernes adgang til fællesarealer.\n\n"
        "§ 3. Loven træder i kraft den 1. juli 2027."
    )
    found = [model(bill, "§ 1, stk. 1", 0.9, {"kontakt": 0.9}, "negativ"), model(bill, "§ 1, stk. 2", 0.9, {"kontakt": 0.9}, "positiv"),
             model(bill, "§ 2", 0.9, {"kontakt": 0.9}, "negativ")]
    by_provision = assess(bill, found, [], ctx, RECORD)
    assert by_provision.conclusion.direction == "negativ"
    assert by_provision.conclusion.direction_counts == {"negativ": 2}
    by_clause = assess(bill, found, [], context_with(ctx, count_by="stk"), RECORD)
    assert by_clause.conclusion.direction == "blandet"  # 2 of 3 clauses agree: under 80 %


def context_with(ctx, **policy):
    from dataclasses import replace

    return replace(ctx, policy=ctx.policy.set_params(**policy))


# --------------------------------------------------------------------------- proposals follow the judgement


def _proposals(bill, ctx, rules, found):
    from relationel_bundlinje.assess import split_rule_hits
    from relationel_bundlinje.questionnaire import propose

    confirmed, unconfirmed = split_rule_hits(bill, found, ctx)
    return {r.question_id: r for r in propose(bill, confirmed, rules, unconfirmed)}


def test_a_hit_the_model_does_not_confirm_proposes_no_yes_but_says_where_it_stands(bill, ctx, rules) -> None:
    # The tax clause's words touch two questions; the clause is not assessed as relational, so the
    # appendix must not answer »Ja« to them beside a conclusion of »ingen«.
    found = [model(bill, TAX, ctx.policy.rule_confirm - 0.1, {"oekonomi": 0.3}),
             rule(bill, TAX, "familiens", "familie.dannelse", ["familie"]),
             rule(bill, TAX, "bolig", "bolig.flytning", ["bolig"])]
    props = _proposals(bill, ctx, rules, found)
    assert run(bill, ctx, found).conclusion.direction == "ingen"
    for q in ("familie.dannelse", "bolig.flytning"):
        assert props[q].answer == "ikke besvaret" and props[q].refs == [TAX]
        assert props[q].note.startswith("Intet forslag: ") and "§ 3" in props[q].note
        assert "bestemmelsen er ikke vurderet som relationel" in props[q].note
    assert props["kontakt.besoeg_institution"].note is None  # no hit, no note


def test_a_confirmed_hit_and_its_title_hit_propose_yes(bill, ctx, rules) -> None:
    hit = rule(bill, VISITS, "besøg", "kontakt.besoeg_institution", ["kontakt"])
    title = hit.model_copy(update={"ref": "Titel", "clause_ref": None})
    props = _proposals(bill, ctx, rules, [model(bill, VISITS, 0.9, {"kontakt": 0.9}, "negativ"), hit, title])
    assert props["kontakt.besoeg_institution"].answer == "ja"
    assert props["kontakt.besoeg_institution"].refs == [VISITS, "Titel"]


def test_a_title_hit_alone_proposes_nothing(bill, ctx, rules) -> None:
    hit = rule(bill, WORK, "beskæftigelse", "arbejde.krav", ["arbejde"])
    title = hit.model_copy(update={"ref": "Titel", "clause_ref": None})
    props = _proposals(bill, ctx, rules, [model(bill, WORK, 0.05, {"arbejde": 0.6}), title])
    assert props["arbejde.krav"].answer == "ikke besvaret"
    assert "i lovforslagets titel" in props["arbejde.krav"].note
    assert "ingen af lovforslagets bestemmelser er vurderet som relationelle" in props["arbejde.krav"].note


def test_a_rejected_finding_takes_its_hits_out_of_the_proposals(bill, ctx, rules) -> None:
    hit = rule(bill, VISITS, "besøg", "kontakt.besoeg_institution", ["kontakt"])
    m = model(bill, VISITS, 0.9, {"kontakt": 0.9}, "negativ")
    verdict = m.model_copy(update={"source": "jurist", "verdict": "rejected"})
    assert _proposals(bill, ctx, rules, [m, hit])["kontakt.besoeg_institution"].answer == "ja"
    assert _proposals(bill, ctx, rules, [m, hit, verdict])["kontakt.besoeg_institution"].answer == "ikke besvaret"


def test_an_assessment_cue_in_a_provision_not_counted_proposes_nothing(bill, ctx, rules) -> None:
    cue = rule(bill, TAX, "bolig", "vurdering.afboedning", list(DIMENSION_IDS)).model_copy(update={"suggests": "ja"})
    assert _proposals(bill, ctx, rules, [model(bill, TAX, 0.05), cue])["vurdering.afboedning"].answer == "ikke besvaret"
    counted = model(bill, TAX, 0.9, {"bolig": 0.9}, "negativ")
    assert _proposals(bill, ctx, rules, [counted, cue])["vurdering.afboedning"].answer == "ja"


def test_a_dimension_the_model_did_not_name_at_its_own_threshold_is_not_claimed(bill, ctx) -> None:
    # sundhed scores over the policy's 0.45 but under the model's own threshold for it, so the
    # finding does not carry it: the statement must not claim it either.
    found = model(bill, VISITS, 0.9, {"kontakt": 0.9, "sundhed": 0.5}, "negativ")
    assert a_dims(run(bill, ctx, [found])) == {"kontakt", "sundhed"}
    narrowed = found.model_copy(update={"dimensions": ["kontakt"]})
    assert a_dims(run(bill, ctx, [narrowed])) == {"kontakt"}


def a_dims(a) -> set[str]:
    return {d.id for d in a.dimensions if d.relevant}
