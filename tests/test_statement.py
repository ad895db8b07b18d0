"""The statement composed from a judgement: the section a lawyer pastes, the skema row, and the
renderings (.md, .txt, .json, .docx).

The bill is invented, parsed by the real parser, and judged from hand-made findings (as in
``test_assess``), so every sentence checked here follows from known evidence.
"""

from __future__ import annotations

import io
import json
import re

import pytest

from relationel_bundlinje.assess import assess
from relationel_bundlinje.errors import BundlinjeError
from relationel_bundlinje.models import Assessment, ScreeningRecord
from relationel_bundlinje.pipeline import parse
from relationel_bundlinje.statement import compose, render
from relationel_bundlinje.statement.facts import people_counts, provision_facts

from judging import context, model, rule

BILL = """Forslag til Lov om ændring af lov om social service

§ 1

I lov om social service, jf. lovbekendtgørelse nr. 1 af 2. januar 2024, foretages følgende ændringer:

1. Efter § 110 indsættes:
»§ 110 a. Kommunalbestyrelsen kan træffe afgørelse om, at en beboer i et botilbud ikke må modtage besøg af en bestemt besøgende i op til 3 måneder, hvis besøget udgør en fare for beboerens sikkerhed.«

2. I § 112, stk. 2, ændres »14 dage« til »4 uger«.

3. Efter § 118 indsættes:
»§ 118 a. Forældre til et barn med betydelig og varigt nedsat funktionsevne har ret til 10 dages omsorgsorlov om året.«

§ 2

Loven træder i kraft den 1. juli 2027.

Bemærkninger til lovforslaget

Almindelige bemærkninger

1. Indledning

Lovforslaget indeholder en række ændringer på det sociale område.

Bemærkninger til lovforslagets enkelte bestemmelser

Til § 1

Til nr. 1

Forslaget indebærer, at pårørende kan nægtes besøg i botilbud med mindst 10 beboere. Det skønnes, at ca. 400 beboere årligt vil blive omfattet af en afgørelse.
"""

VISITS = "§ 1, nr. 1 (§ 110 a)"
DEADLINE = "§ 1, nr. 2"
LEAVE = "§ 1, nr. 3 (§ 118 a)"

#: Words that belong in the appendix, never in the section a lawyer pastes.
MODEL_TALK = re.compile(r"model|sandsynlighed|screening|regelsæt|udslag|værktøj|klassifik|Det bør", re.IGNORECASE)


@pytest.fixture(scope="module")
def bill():
    return parse(BILL)


@pytest.fixture(scope="module")
def judge(bill, rules):
    ctx = context(rules)
    record = ScreeningRecord(date="2024-05-01", tool_version="t", rules_version=str(rules.version), model_version="m",
                             source_name="forslag.txt", source_sha256="cd" * 32)

    def run(kind: str) -> Assessment:
        found = [model(bill, DEADLINE, 0.05)]
        if kind in ("negativ", "blandet"):
            found.append(model(bill, VISITS, 0.93, {"kontakt": 0.9}, "negativ"))
            found.append(rule(bill, VISITS, "besøg", "kontakt.besoeg_institution", ["kontakt"]))
        if kind == "blandet":
            found.append(model(bill, LEAVE, 0.9, {"omsorg": 0.9}, "positiv"))
        a = assess(bill, found, [], ctx, record, unassessed=[DEADLINE])
        return a.model_copy(update={"statement": compose(a, bill, rules)})

    return run


# --------------------------------------------------------------------------- the section


def test_a_negative_section_names_the_provision_the_group_the_limit_and_the_count(judge) -> None:
    s = judge("negativ").statement
    assert s.conclusion.startswith("Lovforslaget vurderes at have negative relationelle konsekvenser for beboere")
    effect = s.paragraphs[0].text
    # The inserted provision is named as a ministry names it, with the bill's own reference.
    # The people as the subject of the possibility, in the remarks' own register (never tacked on
    # after it, where they read as part of its last words).
    assert effect.startswith("Det vurderes, at den foreslåede § 110 a i lov om social service (lovforslagets § 1, nr. 1) "
                             "vil begrænse muligheden for, at beboere og deres familier og øvrige pårørende")
    # The time limit is quoted from the provision, the count from the remark it explains; the
    # threshold "mindst 10 beboere" in the same remark is not a count of people.
    assert "Bestemmelsen indeholder en tidsbegrænsning (»i op til 3 måneder«)." in effect
    assert "ca. 400 beboere" in effect and "10 beboere" not in s.section_text
    # The section stands in the remarks: it points to the part that counts, not to »lovforslagets bemærkninger«.
    assert re.search(r"Det drejer sig om ca\. 400 beboere, jf\. bemærkningerne til § 1, nr\. 1\.", effect), effect
    assert "lovforslagets bemærkninger" not in s.section_text
    assert not MODEL_TALK.search(s.section_text), MODEL_TALK.search(s.section_text)


def test_a_change_point_whose_target_is_not_shown_is_said_to_be_outside_the_judgement(judge) -> None:
    paragraphs = judge("negativ").statement.paragraphs
    last = paragraphs[-1]
    assert last.dimension is None
    # The act is named at its first mention in the section, not again.
    assert "i lov om social service" in paragraphs[0].text
    assert last.text == (
        "Lovforslagets § 1, nr. 2, der ændrer § 112, stk. 2, indgår ikke i vurderingen "
        "ovenfor, da indholdet af den bestemmelse, der ændres, ikke fremgår af lovforslaget."
    )
    alone = judge("ingen").statement.paragraphs[-1].text
    assert alone.startswith("Lovforslagets § 1, nr. 2, der ændrer § 112, stk. 2, i lov om social service, indgår ikke")


def test_ingen_is_one_sentence_and_the_skema_says_ingen(judge) -> None:
    a = judge("ingen")
    assert a.statement.conclusion == "Lovforslaget vurderes ikke at have relationelle konsekvenser."
    assert (a.statement.skema_row.positive, a.statement.skema_row.negative) == ("Ingen", "Ingen")
    assert [p.dimension for p in a.statement.paragraphs] == [None]  # only the change point note


def test_blandet_fills_each_skema_column_with_its_own_provisions(judge) -> None:
    a = judge("blandet")
    assert a.statement.conclusion.startswith("Lovforslaget vurderes at have både positive og negative relationelle konsekvenser")
    row = a.statement.skema_row
    assert re.match(r"[A-ZÆØÅ][^;]* får bedre mulighed for at give og modtage omsorg", row.positive) and "(lovforslagets § 1, nr. 3)" in row.positive
    assert re.match(r"[A-ZÆØÅ][^;]* får ringere mulighed for at få besøg", row.negative) and "(lovforslagets § 1, nr. 1)" in row.negative
    assert "nr. 3" not in row.negative and "nr. 1)" not in row.positive


def test_the_section_text_is_the_conclusion_and_the_labelled_paragraphs(judge) -> None:
    s = judge("blandet").statement
    expected = [s.conclusion] + [f"{p.label}: {p.text}" if p.label else p.text for p in s.paragraphs]
    assert s.section_text == "\n\n".join(expected)


def test_no_english_in_any_rendering(judge) -> None:
    english = {"the", "and", "of", "rule", "none", "true", "false", "flagged", "yes", "no", "unclear", "score"}
    for kind in ("negativ", "blandet", "ingen"):
        for fmt in ("md", "txt"):
            words = set(re.findall(r"[a-zæøå]+", render(judge(kind), fmt, with_appendix=True).decode().lower()))
            assert not words & english, (kind, fmt, words & english)


# --------------------------------------------------------------------------- facts


def test_ages_and_thresholds_are_not_durations_or_counts(bill) -> None:
    clause = bill.clause(VISITS).model_copy(update={"text": "Pligten gælder for unge mellem 15 og 17 år i højst 2 år."})
    words = [f.words for f in provision_facts(clause, "kontakt")]
    assert words == ["i højst 2 år"]
    counts = people_counts(bill, [bill.clause(VISITS)], [re.compile(r"beboere")])
    assert [f.words for f in counts] == ["ca. 400 beboere"]


def test_a_penalty_is_not_a_time_limit(bill) -> None:
    # »idømt fængsel i indtil 6 måneder« says who the rule covers, not how long the measure lasts.
    clause = bill.clause(VISITS).model_copy(update={"text": "Personer, der er idømt fængsel i indtil 6 måneder, kan afsone på bopælen i højst 3 måneder."})
    assert [f.words for f in provision_facts(clause, "kontakt")] == ["i højst 3 måneder"]


def test_amounts_are_facts_only_for_the_economy(bill) -> None:
    clause = bill.clause(VISITS).model_copy(update={"text": "Ydelsen nedsættes med 2.500 kr. om måneden, dog højst 10 pct."})
    assert provision_facts(clause, "kontakt") == []
    # The amount with what it is an amount of: the provision's sentence, quoted whole.
    assert [f.words for f in provision_facts(clause, "oekonomi")] == ["Ydelsen nedsættes med 2.500 kr. om måneden, dog højst 10 pct."]


# --------------------------------------------------------------------------- renderings


def test_markdown_has_the_section_the_skema_and_the_appendix(judge) -> None:
    a = judge("negativ")
    md = render(a, "md", with_appendix=True).decode()
    assert md.startswith("# Relationelle konsekvenser\n")
    for heading in ("## Sammenfattende skema", "# Bilag: Grundlag for vurderingen", f"### {VISITS} – lov om social service",
                    "## Screeningsoplysninger", "## Ændringspunkter, der ikke kunne vurderes"):
        assert f"\n{heading}\n" in md, heading
    assert re.search(r"\| Relationelle konsekvenser \| Ingen \| [A-ZÆØÅ][^|]* får ringere mulighed", md)
    assert "Dato: 1. maj 2024" in md and "cd" * 32 in md
    # The section alone (the default for md) is what a lawyer pastes: no appendix.
    section = render(a, "md").decode()
    assert "Bilag" not in section and "sandsynlighed" not in section
    assert "Sammenfattende skema" not in render(a, "md", skema=False).decode()


def test_renderings_are_deterministic(judge) -> None:
    for fmt in ("md", "txt", "json", "docx"):
        assert render(judge("negativ"), fmt) == render(judge("negativ"), fmt), fmt


def test_json_round_trips_and_validates_against_the_published_schema(judge) -> None:
    import jsonschema

    a = judge("negativ")
    data = json.loads(render(a, "json"))
    assert Assessment.model_validate(data) == a
    jsonschema.validate(data, Assessment.model_json_schema())
    assert data["conclusion"]["direction"] == "negativ" and data["conclusion"]["dimensions"] == ["kontakt"]
    assert data["statement"]["section_text"] == a.statement.section_text
    clause = next(c for c in data["clauses"] if c["ref"] == VISITS)
    assert {f["source"] for f in clause["findings"]} == {"model", "regel"}


def test_docx_has_headings_the_skema_table_and_the_record_date(judge) -> None:
    docx = pytest.importorskip("docx")
    doc = docx.Document(io.BytesIO(render(judge("negativ"), "docx")))
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 1", "Relationelle konsekvenser") in headings
    assert ("Heading 1", "Bilag: Grundlag for vurderingen") in headings
    skema = doc.tables[0]
    assert [c.text for c in skema.rows[0].cells][1:] == ["Positive konsekvenser/mindreudgifter", "Negative konsekvenser/merudgifter"]
    assert skema.rows[1].cells[0].text == "Relationelle konsekvenser" and skema.rows[1].cells[1].text == "Ingen"
    assert doc.core_properties.created.date().isoformat() == "2024-05-01"
    assert doc.core_properties.language == "da-DK"


def test_an_unknown_format_is_a_danish_error(judge) -> None:
    with pytest.raises(BundlinjeError, match="Ukendt format »pdf«"):
        render(judge("ingen"), "pdf")


def test_an_assessment_without_a_statement_cannot_be_rendered_as_text(judge) -> None:
    bare = judge("ingen").model_copy(update={"statement": None})
    with pytest.raises(BundlinjeError, match="intet afsnit"):
        render(bare, "md")
    assert json.loads(render(bare, "json"))["statement"] is None


def test_the_people_are_the_subject_of_the_possibility() -> None:
    from relationel_bundlinje.statement.wording import effect_sentence

    s = effect_sentence("negativ", "Lovens § 4", "lovens § 4", ["at få besøg", "at bo og blive boende i et kendt nærmiljø"],
                        ["indsatte og deres børn, partnere og øvrige pårørende", "de besøgte og deres besøgende"], "bestemmelsen",
                        in_force=True)
    assert s == ("Det vurderes, at lovens § 4 begrænser muligheden for, at indsatte og deres børn, partnere og øvrige "
                 "pårørende samt de besøgte og deres besøgende kan få besøg samt bo og blive boende i et kendt nærmiljø.")
    bill_sentence = effect_sentence("positiv", "Lovforslaget", "lovforslaget", ["at få besøg"], ["foreninger og frivillige og de fællesskaber, de samler"], "reglerne")
    assert bill_sentence == ("Det vurderes, at lovforslaget vil forbedre muligheden for, at foreninger og frivillige og de "
                             "fællesskaber, de samler, kan få besøg.")
    # Without the people named: the provision is the subject.
    assert effect_sentence("negativ", "Lovens § 4", "lovens § 4", ["at få besøg"], [], "bestemmelsen") == (
        "Lovens § 4 vurderes at begrænse muligheden for at få besøg.")


def test_a_time_limit_in_a_numbered_item_is_cited_with_its_number(bill) -> None:
    from relationel_bundlinje.statement.facts import item_at

    text = "§ 27. Kommunen træffer afgørelse, når\n1) det er sandsynligt, at …,\n2) det anses for nødvendigt, således at perioden forlænges i op til 69 uger, eller"
    clause = bill.clause(VISITS).model_copy(update={"text": text})
    (fact,) = provision_facts(clause, "kontakt")
    assert (fact.words, fact.item) == ("i op til 69 uger", "2")
    assert item_at("Stk. 2. Ingen numre her, i højst 3 måneder.", 30) is None


def test_a_group_ending_in_a_relative_clause_is_closed_by_a_comma_wherever_text_follows() -> None:
    """»foreninger og frivillige og de fællesskaber, de samler« (rules/tredjeparter.yaml) before
    »samt«, »og«, »får« or »vurderes«: the relative clause is closed, the last word is not moved."""
    from relationel_bundlinje.annotate.wording import reason
    from relationel_bundlinje.danish import closed, join_names
    from relationel_bundlinje.statement.wording import for_groups, people_subject

    clubs, patients = "foreninger og frivillige og de fællesskaber, de samler", "patienter og deres pårørende"
    assert people_subject([clubs, patients]) == f"{clubs}, samt {patients}"
    assert people_subject([patients, clubs]) == f"{patients} samt {clubs},"
    assert for_groups([clubs, patients]) == f" for {clubs}, og for {patients}"
    assert for_groups([patients, clubs]) == f" for {patients} og for {clubs}"
    assert join_names(["a", clubs, patients]) == f"a, {clubs}, og {patients}"
    assert closed(patients) == patients and closed("§ 3, stk. 2") == "§ 3, stk. 2"
    comment = reason(["faellesskab"], "positiv", None, [clubs], plural=False)
    assert f"og for {clubs}, vurderes den" in comment


def test_the_appendix_counts_the_provisions_beyond_the_first_four_in_danish(judge) -> None:
    from relationel_bundlinje.statement.appendix import appendix_blocks

    a = judge("negativ")
    relevant = next(i for i, d in enumerate(a.dimensions) if d.relevant)

    def row(n: int) -> str:
        refs = [f"§ {k}" for k in range(1, n + 1)]
        dims = [d.model_copy(update={"refs": refs}) if i == relevant else d for i, d in enumerate(a.dimensions)]
        table = next(b for b in appendix_blocks(a.model_copy(update={"dimensions": dims})) if b.name == "dimensioner")
        return table.rows[relevant + 1][-1]

    assert row(4) == "§ 1, § 2, § 3, § 4"
    assert row(5) == "§ 1, § 2, § 3, § 4 og yderligere én bestemmelse"
    assert row(7) == "§ 1, § 2, § 3, § 4 og yderligere tre bestemmelser"


# --------------------------------------------------------------------------- wording that fits the provisions


def test_visiting_provisions_take_the_visiting_wording_and_others_the_general_one() -> None:
    from relationel_bundlinje.statement.wording import POSSIBILITY, possibility, split_by_wording

    visits = "Kommunalbestyrelsen kan træffe afgørelse om, at en beboer kun må modtage besøg på fastsatte tidspunkter."
    eviction = "Udlejeren kan opsige lejeaftalen, hvis lejeren eller en person i husstanden har begået kriminalitet."
    assert possibility("bolig", [visits]) == "at tage imod familie, venner og andre nærtstående i eget hjem"
    # A visit by the authorities is not a visit by the resident's relations.
    assert possibility("bolig", ["Kommunen aflægger hjemmebesøg hos borgeren."]) == POSSIBILITY["bolig"]
    # One provision that does not speak of visits keeps the general wording for the group.
    assert possibility("bolig", [visits, eviction]) == POSSIBILITY["bolig"]
    texts = {"§ 1": visits, "§ 2": eviction, "§ 3": visits}
    assert split_by_wording(["bolig"], ["§ 1", "§ 2", "§ 3"], texts) == [
        (["at tage imod familie, venner og andre nærtstående i eget hjem"], ["§ 1", "§ 3"]),
        ([POSSIBILITY["bolig"]], ["§ 2"]),
    ]
    assert split_by_wording(["bolig"], ["§ 1", "§ 3"], texts) == [
        (["at tage imod familie, venner og andre nærtstående i eget hjem"], ["§ 1", "§ 3"])]


def test_a_prisoners_visits_letters_and_leave_are_about_family_ties_not_living_together() -> None:
    from relationel_bundlinje.statement.wording import POSSIBILITY, possibility

    for text in ("Den indsatte har ret til besøg.", "Den indsatte kan føre brevveksling.",
                 "Den indsatte kan få tilladelse til udgang.", "Retten til samvær med barnet ophører."):
        assert possibility("familie", [text]) == "at holde fast i familiebåndene", text
    # A contact person is an appointed helper, not contact with the family.
    assert possibility("familie", ["Kommunen udpeger en kontaktperson for barnet."]) == POSSIBILITY["familie"]


@pytest.mark.usefixtures("bills_dir")
def test_the_example_says_what_its_visiting_rules_restrict_and_protect(example_path) -> None:
    from relationel_bundlinje.pipeline import Screener

    a = Screener.default().screen(example_path, fixed_date="2026-12-01")
    text = a.statement.section_text
    # The visiting rules concern receiving one's relations at home, not staying in the home.
    assert "tage imod familie, venner og andre nærtstående i eget hjem" in text
    for p in a.statement.paragraphs:
        for sentence in re.split(r"(?<=\.) (?=[A-ZÆØÅ])", p.text):
            if "§ 137 d" in sentence and "bo og blive boende" in sentence:
                pytest.fail(f"a visiting rule said to concern staying in the home: {sentence}")
