"""The judgement on real acts and on the cases named when it was found wanting: conclusions that
follow the findings, directions that read the clause, and the conclusion rule itself."""

from __future__ import annotations

import pytest

from relationel_bundlinje.assess import AssessPolicy, combine
from relationel_bundlinje.classifier import direction_cues


@pytest.fixture(scope="module")
def screener():
    from relationel_bundlinje.pipeline import Screener

    return Screener.default()


def _screen(screener, source):
    return screener.screen(source, fixed_date="2026-12-01")


# --------------------------------------------------------------------------- the conclusion rule


def test_majority_decides_the_direction_and_blandet_needs_a_real_split() -> None:
    majority = AssessPolicy().majority
    assert combine(["negativ"] * 12 + ["positiv"], majority)[0] == "negativ"  # 92 % agree: not »blandet«
    assert combine(["negativ"] * 4 + ["positiv"], majority)[0] == "negativ"  # exactly 80 %
    assert combine(["negativ"] * 3 + ["positiv"] * 2, majority)[0] == "blandet"
    assert combine(["uafklaret", "uafklaret"], majority)[0] == "uafklaret"
    assert combine(["negativ", "uafklaret"], majority)[0] == "negativ"  # undirected clauses do not dilute


def test_policy_is_searchable_like_an_estimator() -> None:
    p = AssessPolicy()
    assert p.get_params()["majority"] == 0.8
    q = p.set_params(majority=0.9)
    assert q.majority == 0.9 and p.majority == 0.8
    with pytest.raises(ValueError):
        p.set_params(nonsense=1)


# --------------------------------------------------------------------------- direction cues


@pytest.mark.parametrize(
    "text, cue",
    [
        ("En afgørelse efter stk. 1 må ikke hindre besøg af beboerens ægtefælle.", "beskytter"),
        ("Der kan ikke gives opholdstilladelse til en udlænding under 15 år.", "kan_ikke_gives"),
        ("Retten til kontanthjælp bortfalder for den ene ægtefælle.", "bortfalder"),
        ("Kommunalbestyrelsen kan forbyde besøg hos beboere i plejeboliger.", "forbud"),
        ("Forældre har ret til 5 dages omsorgsorlov pr. kalenderår.", "ret_til"),
        ("En beboer må kun modtage besøg på fastsatte tidspunkter.", "kun"),
    ],
)
def test_direction_cues_read_what_the_clause_does(text: str, cue: str) -> None:
    assert cue in direction_cues(text)


def test_a_protective_rule_is_not_also_a_ban() -> None:
    cues = direction_cues("En afgørelse efter stk. 1 må ikke hindre besøg af beboerens ægtefælle.")
    assert "beskytter" in cues and "forbud" not in cues


@pytest.mark.parametrize(
    "text",
    [
        # dagtilbudsloven § 86, stk. 3 (labelled negativ; »ret til« once made it positive)
        "Forældre til børn, der er optaget i et obligatorisk læringstilbud, har ikke ret til tilskud efter stk. 1.",
        "Den pågældende har dog ikke længere ret til hjælp efter denne lov.",
        "Ægtefællen får ingen ret til ydelsen.",
    ],
)
def test_a_denied_right_is_not_a_right(text: str) -> None:
    cues = direction_cues(text)
    assert "ikke_ret_til" in cues and "ret_til" not in cues


@pytest.mark.parametrize(
    "text, cue, not_cue",
    [
        # GUIDELINES R16: extending a restriction restricts; »udvides« is for rights.
        ("Ved udståelse af fængselsstraf forlænges forbuddet tilsvarende.", "forlaenger_indgreb", "udvider"),
        ("Fristen for isolation kan forlænges med indtil 6 måneder ad gangen.", "forlaenger_indgreb", "udvider"),
        ("Retten til orlov forlænges med 2 uger.", "udvider", "forlaenger_indgreb"),
        # ... and a cap on or an end to one protects: its »må ikke« is not a ban.
        ("Isolation må ikke finde sted i et sammenhængende tidsrum på mere end 8 uger.", "loft_indgreb", "forbud"),
        ("Tilbageholdelsen kan ikke overstige 24 timer.", "loft_indgreb", "tvang"),
        ("Tilbageholdelsen skal ophøre, når betingelserne ikke længere er til stede.", "loft_indgreb", "tvang"),
        ("Foranstaltningen skal bringes til ophør.", "loft_indgreb", "bortfalder"),
        ("Isolation må kun iværksættes, hvis formålet ikke kan nås på anden måde.", "loft_indgreb", "kun"),
    ],
)
def test_how_long_a_restriction_lasts_has_its_own_cues(text: str, cue: str, not_cue: str) -> None:
    cues = direction_cues(text)
    assert cue in cues and not_cue not in cues, cues


def test_words_that_limit_a_restriction_do_not_decide_for_a_restriction() -> None:
    from relationel_bundlinje.classifier.cues import decision_cues

    safeguard = "Afgørelser efter § 137 b skal i det enkelte tilfælde begrænses til det absolut nødvendige."
    assert "begraenser" in direction_cues(safeguard)  # the features see the word as trained
    assert "begraenser" not in decision_cues(safeguard)
    # A restriction elsewhere in the clause still counts.
    both = safeguard + " Kommunalbestyrelsen kan begrænse besøgstiden."
    assert "begraenser" in decision_cues(both)


@pytest.mark.usefixtures("bills_dir")
def test_the_safeguard_on_visiting_restrictions_is_positive(screener, bill_path) -> None:
    # § 137 d, stk. 4, confines visiting restrictions to the absolutely necessary: the corpus labels it
    # positive, and so must the screening.
    a = screener.screen(bill_path("aendrlov-2011-627-serviceloven-besoegsrestriktioner"), fixed_date="2026-01-01")
    stk4 = next(c for c in a.clauses if c.ref == "§ 137 d, stk. 4")
    assert stk4.direction == "positiv"
    assert a.conclusion.direction != "negativ"


# --------------------------------------------------------------------------- the examples


@pytest.mark.usefixtures("bills_dir")
def test_a_ban_on_visits_is_negative(screener) -> None:
    a = _screen(screener, "Lov om ændring af lov om social service\n\n§ 1. Kommunalbestyrelsen kan forbyde besøg hos beboere i plejeboliger.\n\n§ 2. Loven træder i kraft den 1. juli 2027.")
    assert a.conclusion.direction == "negativ"
    assert "kontakt" in a.conclusion.dimensions


@pytest.mark.usefixtures("bills_dir")
def test_refusing_residence_to_a_child_of_a_resident_parent_is_not_ingen(screener) -> None:
    a = _screen(
        screener,
        "Lov om ændring af udlændingeloven\n\n§ 1. Der kan ikke gives opholdstilladelse til en udlænding under 15 år, "
        "hvis forælder har opholdstilladelse her i landet, når barnet har boet i udlandet i mere end 2 år.\n\n"
        "§ 2. Loven træder i kraft den 1. juli 2027.",
    )
    assert a.conclusion.direction == "negativ"
    assert "familie" in a.conclusion.dimensions


@pytest.mark.usefixtures("bills_dir")
def test_the_protective_stk_of_the_example_is_positive_and_the_restriction_negative(screener, example_path) -> None:
    a = _screen(screener, example_path)
    by_ref = {c.ref: c for c in a.clauses}
    assert by_ref["§ 1, nr. 3 (§ 137 d, stk. 2)"].direction == "positiv"
    assert by_ref["§ 1, nr. 3 (§ 137 d, stk. 1)"].direction == "negativ"
    # »ændres »kan træffe afgørelse om at begrænse« til: »kan for en periode på højst 6 måneder …««
    # caps the existing restriction (the remark: »tidsbegrænser … til højst 6 måneder«).
    assert by_ref["§ 1, nr. 2"].direction == "positiv"
    from relationel_bundlinje.statement import render

    appendix = render(a, "md", with_appendix=True).decode()
    assert "retningsord: »højst …« føjet til en begrænsning" in appendix


@pytest.mark.parametrize(
    ("text", "caps"),
    [
        ("2. I § 137 b, stk. 1, ændres »kan træffe afgørelse om at begrænse« til: »kan for en periode på højst 6 måneder "
         "træffe afgørelse om at begrænse«.", True),
        ("I § 12, stk. 2, ændres »kan forbyde ophold i området« til »kan i højst 3 måneder forbyde ophold i området«.", True),
        # A cap that was already there, made longer: not a new cap (and not a narrowing).
        ("I § 12, stk. 2, ændres »i højst 3 måneder forbyde« til »i højst 12 måneder forbyde«.", False),
        # A new restriction that comes with its own maximum is still a restriction.
        ("§ 3. Politiet kan i højst 6 måneder forbyde en person at opholde sig i området.", False),
        # A cap on something that restricts nothing.
        ("I § 5 ændres »ydes et tilskud« til »ydes et tilskud på højst 5.000 kr.«.", False),
    ],
)
def test_a_change_that_only_caps_a_restriction_is_positive(text: str, caps: bool) -> None:
    from relationel_bundlinje.classifier import decide_direction
    from relationel_bundlinje.classifier.cues import caps_a_restriction, decision_cues

    assert caps_a_restriction(text) is caps
    head_says_negativ = {"negativ": 0.8, "positiv": 0.1, "blandet": 0.05, "uafklaret": 0.05}
    assert (decide_direction(head_says_negativ, decision_cues(text)) == "positiv") is caps


@pytest.mark.xfail(
    strict=True,
    reason="Known miss of the shipped model: the act's source keeps only retsplejeloven § 996 b, and the "
    "relational head scores the provisions that hand the eviction request to the bailiff's court "
    "(stk. 3 and 5) 0.11 and 0.07, under every threshold; the corpus labels all five Stk. of this act "
    "not relational (procedure, drawn at random in round 3). The document-level set calls the act "
    "bolig, negativ; the two labels disagree at ANNOTATION's line that procedure is false.",
)
@pytest.mark.usefixtures("bills_dir")
def test_eviction_for_a_household_members_crime_is_not_ingen(screener, bill_path) -> None:
    a = _screen(screener, bill_path("aendrlov-2022-890-udsaettelse-utryghedsskabende"))
    assert a.conclusion.direction == "negativ"
    assert "bolig" in a.conclusion.dimensions


@pytest.mark.usefixtures("bills_dir")
def test_the_appendix_never_answers_yes_beside_a_conclusion_of_ingen(screener, bill_path) -> None:
    # The first example: the eviction act concluded »ingen« while its own appendix
    # answered »Ja« to whether people may lose their home. The words stay visible, with a note.
    for doc in ("aendrlov-2022-890-udsaettelse-utryghedsskabende", "lbk-2024-209-momsloven"):
        a = _screen(screener, bill_path(doc))
        assert a.conclusion.direction == "ingen", doc
        assert not [r.question_id for r in a.answers if r.answer != "ikke besvaret"], doc
    eviction = _screen(screener, bill_path("aendrlov-2022-890-udsaettelse-utryghedsskabende"))
    moving = next(r for r in eviction.answers if r.question_id == "bolig.flytning")
    assert moving.refs == ["Titel", "§ 996 b, stk. 3"] and moving.note.startswith("Intet forslag: ")


@pytest.mark.usefixtures("bills_dir")
def test_restricting_lifers_rights_is_negative_not_blandet(screener, bill_path) -> None:
    a = _screen(screener, bill_path("aendrlov-2022-157-livstidsdoemtes-rettigheder"))
    assert a.conclusion.direction == "negativ"
    # Bans on visits, letters and calls in prison are contact, not health care: the word
    # »varetægtsfængslingen« once named sundhed through the deprivation-of-liberty question.
    assert "sundhed" not in {d.id for d in a.dimensions if d.relevant}


@pytest.mark.usefixtures("bills_dir")
def test_income_tax_liability_is_not_relational(screener, bill_path) -> None:
    a = _screen(screener, bill_path("lbk-2024-460-kildeskatteloven"))
    assert a.conclusion.direction == "ingen" or "§ 1" not in {r.split(",")[0] for d in a.dimensions for r in d.refs}


@pytest.mark.usefixtures("bills_dir")
def test_a_study_permit_act_titled_family_reunification_is_judged_on_its_text(screener, bill_path) -> None:
    # The source keeps only § 9 i (study permits), § 46 and § 48 f of this act: its title alone
    # must not make it relational (GUIDELINES R4); the document-level annotator judged it »ingen«.
    a = _screen(screener, bill_path("aendrlov-2012-418-aegtefaellesammenfoering-2012"))
    assert a.conclusion.direction in ("ingen", "uafklaret")


@pytest.mark.usefixtures("bills_dir")
def test_confident_relational_provisions_never_conclude_ingen(screener, bill_path) -> None:
    policy = screener.policy
    for doc in ("lbk-2025-1129-serviceloven", "lbk-2023-201-straffuldbyrdelsesloven"):
        a = _screen(screener, bill_path(doc))
        if any(c.score >= policy.confident for c in a.clauses):
            assert a.conclusion.direction != "ingen", doc


@pytest.mark.usefixtures("bills_dir")
def test_uafklaret_always_states_its_reason(screener, bill_path) -> None:
    for doc in ("aendrlov-2013-894-kontanthjaelpsreform-2013", "lbk-2025-1129-serviceloven"):
        a = _screen(screener, bill_path(doc))
        if a.conclusion.direction == "uafklaret":
            assert a.conclusion.reason is not None
        for d in a.dimensions:
            if d.relevant and d.direction == "uafklaret" and not d.decided_by_user:
                assert d.uncertainty in ("anvendelse", "retning_ukendt")


def test_the_clauses_own_cue_words_decide_between_negativ_and_positiv_unless_the_head_is_sure() -> None:
    from relationel_bundlinje.classifier import decide_direction
    from relationel_bundlinje.classifier.cues import CUE_SUPPORT

    # The head gives the ban's own direction some support (just over CUE_SUPPORT) but prefers positiv.
    ban = {"negativ": CUE_SUPPORT + 0.02, "positiv": 0.9 - CUE_SUPPORT - 0.02, "blandet": 0.05, "uafklaret": 0.05}
    assert decide_direction(ban, ["forbud"]) == "negativ"
    sure = {**ban, "negativ": CUE_SUPPORT - 0.02, "positiv": 0.9 - CUE_SUPPORT + 0.02}
    assert decide_direction(sure, ["forbud"]) == "positiv"  # the head is sure
    assert decide_direction(ban, ["forbud", "ret_til"]) == "positiv"  # words both ways: the head decides
    assert decide_direction(ban, ["undtagelse"]) == "positiv"  # an exception names no direction
    assert decide_direction({"negativ": 0.3, "positiv": 0.2, "blandet": 0.1, "uafklaret": 0.4}, ["ret_til"]) == "uafklaret"


@pytest.mark.usefixtures("bills_dir")
def test_a_list_of_places_does_not_name_children_in_care(screener, bill_path) -> None:
    # The epidemic act bans visits to »plejehjem, plejeboliger, aflastningspladser,
    # anbringelsessteder, botilbud og lign.«: one place among many names no group, so the section
    # must not say the act's consequences are »for anbragte børn og unge« (rules/tredjeparter.yaml).
    a = _screen(screener, bill_path("lov-2021-285-epidemiloven"))
    assert a.conclusion.direction != "ingen"
    assert "anbragte børn" not in a.statement.section_text
