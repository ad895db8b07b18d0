"""The statement: Danish text, skema row, appendix, and the .md/.docx/.json renderings."""

from __future__ import annotations

import io
import json
import re

import pytest

from relationel_bundlinje.assess import assess
from relationel_bundlinje.models import (
    AnswerRecord,
    Assessment,
    Bill,
    Clause,
    ClauseScore,
    Feature,
    Remark,
    RuleHit,
    SourceInfo,
)
from relationel_bundlinje.statement import render
from relationel_bundlinje.statement.compose import describe_ref, figures_sentences, join_danish
from relationel_bundlinje.statement.layout import truncate

# Invented clauses in the style of a Danish amending bill.
VISITS = ("§ 1, nr. 3 (§ 137 b, stk. 1)",
          "Kommunalbestyrelsen kan træffe afgørelse om at begrænse en besøgendes adgang til en beboers bolig i op "
          "til 3 måneder, hvis besøget er til alvorlig gene for beboeren eller de øvrige beboere.")
LEAVE = ("§ 2, nr. 1 (§ 26 a)", "Forældre har ret til 5 dages omsorgsorlov pr. kalenderår.")
COMPLAINT = ("§ 1, nr. 4", "I § 140, stk. 2, ændres »4 uger« til »6 uger«.")


def _bill(remark: str | None = None) -> Bill:
    text = "Forslag til Lov om ændring af lov om social service\n\n"
    clauses = []
    for ref, body in (VISITS, LEAVE, COMPLAINT):
        start = len(text)
        text += body + "\n\n"
        clauses.append(Clause(ref=ref, text=body, start=start, end=start + len(body), kind="aendringspunkt",
                              target_law="lov om social service"))
    remarks = []
    if remark:
        start = len(text)
        text += remark
        remarks.append(Remark(part="specielle", ref="Til nr. 3", heading="Til nr. 3", text=remark, start=start,
                              end=start + len(remark), provision_refs=[VISITS[0]]))
    src = SourceInfo(name="forslag.txt", format="txt", sha256="cd" * 32, size=len(text))
    return Bill(title="Forslag til Lov om ændring af lov om social service", kind="aendringslov", source=src,
                text=text, clauses=clauses, remarks=remarks)


def _assessment(kind: str) -> Assessment:
    bill = _bill("Det skønnes, at ca. 400 beboere årligt vil blive omfattet af en afgørelse.")
    low = [ClauseScore(ref=r, probability=0.05, flagged=False) for r, _ in (VISITS, LEAVE, COMPLAINT)]
    scores, hits, answers = low, [], []
    if kind in ("negativ", "blandet"):
        scores = [ClauseScore(ref=VISITS[0], probability=0.93, flagged=True, dimensions=["kontakt", "bolig"],
                              direction="negativ", features=[Feature(term="besøgende", weight=2.1)])] + low[1:]
        start = bill.text.index("besøgendes")
        hits = [RuleHit(question_id="kontakt.besoeg", trigger_id="besoeg", dimensions=["kontakt"], ref=VISITS[0],
                        start=start, end=start + 10, text="besøgendes")]
        answers = [AnswerRecord(question_id="kontakt.besoeg", answer="ja", source="forslag", refs=[VISITS[0]])]
    if kind == "blandet":
        scores[1] = ClauseScore(ref=LEAVE[0], probability=0.9, flagged=True, dimensions=["omsorg"], direction="positiv")
    return assess(bill, scores, hits, answers, rules_version="2024.1.0", model_version="test-1", date="2024-05-01",
                  question_dimensions={"kontakt.besoeg": ["kontakt"]},
                  question_texts={"kontakt.besoeg": "Begrænser forslaget adgangen til besøg?"})


# --------------------------------------------------------------------------- Danish text


def test_negative_section_names_provision_groups_size_and_basis():
    a = _assessment("negativ")
    text = a.statement.section_text
    assert text.startswith("Lovforslaget vurderes at have negative relationelle konsekvenser for beboere og besøgende, ")
    assert "den foreslåede § 137 b, stk. 1, i lov om social service, jf. lovforslagets § 1, nr. 3" in text
    assert "ca. 400 beboere" in text  # size from the remark
    assert "3 måneder" in text  # duration from the clause
    assert "Vurderingen bygger på" in text and "0,93" in text and "screeningsspørgsmål" in text
    assert a.statement.skema_row.positive == "Ingen"
    assert a.statement.skema_row.negative.startswith("Bolig og nærmiljø for beboere og besøgende (lovforslagets § 1, nr. 3)")
    assert "Kontakt, besøg og frihedsbegrænsning for " in a.statement.skema_row.negative
    assert a.statement.section_text == "\n\n".join(a.statement.paragraphs)


def test_no_english_in_statement():
    for kind in ("negativ", "blandet", "ingen"):
        words = set(re.findall(r"[a-zæøå]+", render(_assessment(kind), "md").decode().lower()))
        assert not words & {"the", "and", "of", "rule", "none", "true", "false", "flagged", "yes", "no", "unclear"}


def test_ingen_section_and_skema():
    a = _assessment("ingen")
    assert a.statement.paragraphs[0] == "Lovforslaget vurderes ikke at have relationelle konsekvenser."
    assert (a.statement.skema_row.positive, a.statement.skema_row.negative) == ("Ingen", "Ingen")
    md = render(a, "md").decode()
    assert "Ingen bestemmelser er markeret" in md
    assert "cd" * 32 in md and "1. maj 2024" in md  # the record documents an empty screening too


def test_blandet_skema_has_both_columns():
    row = _assessment("blandet").statement.skema_row
    assert row.positive.startswith("Omsorg og pårørende for forældre (lovforslagets § 2, nr. 1)")
    assert row.negative.startswith("Bolig og nærmiljø")


def test_count_missing_is_said_plainly():
    sentences = figures_sentences(["Kommunen kan give påbud om flytning."], 1)
    assert sentences[0] == "Lovforslaget indeholder ikke oplysninger om, hvor mange der berøres."
    assert any("ingen udløbsdato" in s for s in sentences)
    temporary = figures_sentences(["Forsøgsordningen gælder for 225 timers beskæftigelse og 2.500 kr."], 1)
    assert "225 timer" in " ".join(temporary) and "2.500 kr." in " ".join(temporary)
    assert any("midlertidig" in s for s in temporary)


@pytest.mark.parametrize(
    ("ref", "law", "kind", "expected"),
    [
        ("§ 1, nr. 3 (§ 137 b)", "lov om social service", "aendringslov",
         "den foreslåede § 137 b i lov om social service, jf. lovforslagets § 1, nr. 3"),
        ("§ 1, nr. 3 (§ 137 b, stk. 2)", None, "aendringslov", "den foreslåede § 137 b, stk. 2, jf. lovforslagets § 1, nr. 3"),
        ("§ 5, stk. 2", None, "ny_lov", "lovforslagets § 5, stk. 2"),
        ("§ 5, stk. 2", None, "lovbekendtgoerelse", "lovens § 5, stk. 2"),
    ],
)
def test_describe_ref(ref, law, kind, expected):
    clause = Clause(ref=ref, text="x", start=0, end=1, kind="stk", target_law=law)
    assert describe_ref(ref, clause, kind) == expected


def test_helpers():
    assert join_danish(["a", "b", "c"]) == "a, b og c"
    assert truncate("ord " * 300, 50).endswith(" …") and len(truncate("ord " * 300, 50)) <= 52


# --------------------------------------------------------------------------- formats


def test_markdown_structure_and_determinism():
    a = _assessment("negativ")
    md = render(a, "md").decode()
    assert md.startswith("# Relationelle konsekvenser\n")
    for heading in ("## Sammenfattende skema", "# Bilag: Grundlag for vurderingen", "### § 1, nr. 3 (§ 137 b, stk. 1)",
                    "## Screeningsoplysninger"):
        assert f"\n{heading}\n" in md
    assert "| Relationelle konsekvenser | Ingen | Bolig og nærmiljø" in md
    assert "»Begrænser forslaget adgangen til besøg?«" in md
    assert render(a, "md") == render(_assessment("negativ"), "md")
    assert "Sammenfattende skema" not in render(a, "md", skema=False).decode()


def test_json_round_trip_and_schema():
    a = _assessment("negativ")
    raw = render(a, "json")
    assert raw == render(_assessment("negativ"), "json")
    data = json.loads(raw)
    assert Assessment.model_validate(data) == a
    for key in ("bill", "conclusion", "clauses", "statement", "record"):
        assert key in data
    assert data["conclusion"]["direction"] == "negativ" and data["conclusion"]["dimensions"] == ["bolig", "kontakt"]
    assert {"ref", "text", "score", "flagged", "dimensions", "direction", "evidence"} <= set(data["clauses"][0])
    assert set(data["statement"]) >= {"section_text", "skema_row"}
    try:
        import jsonschema
    except ImportError:  # pydantic round trip above is the fallback check
        return
    jsonschema.validate(data, Assessment.model_json_schema())


def test_docx_headings_table_and_determinism():
    docx = pytest.importorskip("docx")
    a = _assessment("negativ")
    data = render(a, "docx")
    assert data == render(_assessment("negativ"), "docx")  # byte-identical
    doc = docx.Document(io.BytesIO(data))
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 1", "Relationelle konsekvenser") in headings
    assert ("Heading 1", "Bilag: Grundlag for vurderingen") in headings
    assert ("Heading 2", "Sammenfattende skema") in headings
    skema = doc.tables[0]
    assert skema.style.name == "Table Grid"
    assert [c.text for c in skema.rows[0].cells][1:] == [
        "Positive konsekvenser/mindreudgifter", "Negative konsekvenser/merudgifter"]
    assert skema.rows[1].cells[0].text == "Relationelle konsekvenser"
    assert skema.rows[1].cells[1].text == "Ingen"
    assert doc.core_properties.created.date().isoformat() == "2024-05-01"
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "Lovforslaget vurderes at have negative relationelle konsekvenser" in body


def test_docx_without_skema_has_only_dimension_table():
    docx = pytest.importorskip("docx")
    doc = docx.Document(io.BytesIO(render(_assessment("ingen"), "docx", skema=False)))
    assert len(doc.tables) == 1 and doc.tables[0].rows[0].cells[0].text == "Dimension"


def test_unknown_format_is_a_danish_error():
    from relationel_bundlinje.errors import BundlinjeError

    with pytest.raises(BundlinjeError, match="Ukendt format"):
        render(_assessment("ingen"), "pdf")


def test_ages_are_not_durations_and_repeats_refer_back():
    text = " ".join(figures_sentences(["Pligten gælder for unge mellem 15 og 17 år og for personer under 25 år i 2 år."], 1))
    assert "2 år" in text and "17 år" not in text and "25 år" not in text
    a = _assessment("negativ")  # bolig and kontakt rest on the same provision
    assert "henvises til bemærkningerne ovenfor om bolig og nærmiljø" in a.statement.paragraphs[2]
    assert a.statement.paragraphs[2].count("ca. 400 beboere") == 0
