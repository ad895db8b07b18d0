"""Proposals, the answers file and the interactive questionnaire (click's CliRunner, scripted input)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from test_rules_support import load_bill

from relationel_bundlinje.cli import main
from relationel_bundlinje.errors import RulesError
from relationel_bundlinje.questionnaire import load_answers, propose, relevant_dimensions, write_answers
from relationel_bundlinje.rules import NOT_ANSWERED, find_hits, load_rules

# Written for these tests in the style of a Danish amending bill; not taken from any real bill.
BILL_TEXT = """Forslag til lov om ændring af lov om social service
(Styrkelse af beboeres ret til besøg i plejeboliger)

§ 1

I lov om social service foretages følgende ændringer:

1. § 137 a affattes således:
»§ 137 a. Personer, som bor i plejeboliger, bestemmer selv, hvem de vil have besøg af.
Stk. 2. Kommunalbestyrelsen kan dog begrænse en besøgendes adgang til fællesboligarealer, hvis det er absolut nødvendigt af hensyn til de øvrige beboere.«

§ 2

Loven træder i kraft den 1. juli 2027.
"""


@pytest.fixture(scope="module")
def rs():
    return load_rules()


@pytest.fixture()
def bill_file(tmp_path: Path) -> Path:
    path = tmp_path / "lovforslag.txt"
    path.write_text(BILL_TEXT, encoding="utf-8")
    return path


def test_proposals_rest_on_evidence_only(rs):
    bill = load_bill("aendrlov-2011-627-serviceloven-besoegsrestriktioner")
    hits = find_hits(bill, rs)
    records = {r.question_id: r for r in propose(bill, hits, rs)}
    assert len(records) == len(rs.questions)
    besoeg = records["kontakt.besoeg_institution"]
    assert besoeg.answer == "ja" and besoeg.source == "forslag"
    assert any(r.startswith("§ 137 d") for r in besoeg.refs)
    # No evidence, no answer: a relevance question is never proposed "nej".
    assert records["familie.sammenfoering"].answer == NOT_ANSWERED
    assert all(r.answer != "nej" for r in records.values())
    # A direction is only proposed where cue words stand in a clause with relevance evidence.
    assert records["kontakt.retning"].answer == "negativ"
    assert records["familie.retning"].answer == NOT_ANSWERED
    assert records["vurdering.afboedning"].answer == "ja"


def test_answers_file_round_trips_and_is_readable(rs, tmp_path: Path):
    bill = load_bill("aendrlov-2011-627-serviceloven-besoegsrestriktioner")
    hits = find_hits(bill, rs)
    records = propose(bill, hits, rs)
    out = tmp_path / "svar.yaml"
    write_answers(out, records, bill, hits, rs)
    text = out.read_text(encoding="utf-8")
    assert "# Regelsæt: version 2026.11.1" in text
    assert "# Regulerer lovforslaget besøg hos mennesker" in text
    assert "kilde: forslag" in text and "belæg:" in text and "besøgsrestriktionen" in text
    assert yaml.safe_load(text)["regler_version"] == "2026.11.1"
    assert load_answers(out, rs) == records
    with pytest.raises(Exception, match="findes allerede"):
        write_answers(out, records, bill, hits, rs)


def test_load_answers_reports_file_and_line(rs, tmp_path: Path):
    bad = tmp_path / "svar.yaml"
    bad.write_text("svar:\n  - id: kontakt.besoeg_institution\n    svar: ja\n  - id: kontakt.retning\n    svar: meget\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"svar\.yaml:4: »meget« er ikke et gyldigt svar på »kontakt\.retning«"):
        load_answers(bad, rs)
    bad.write_text("svar:\n  - id: kontakt.findes_ikke\n    svar: ja\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"svar\.yaml:2: ukendt spørgsmål »kontakt\.findes_ikke«"):
        load_answers(bad, rs)
    bad.write_text("svar:\n  - id: vurdering.grupper\n    svar: unge, aeldste\n", encoding="utf-8")
    assert load_answers(bad, rs)[0].answer == "unge, aeldste"
    assert load_answers(bad, rs)[0].source == "bruger"


def test_propose_command_writes_answers(bill_file: Path, tmp_path: Path):
    out = tmp_path / "svar.yaml"
    result = CliRunner().invoke(main, ["questionnaire", str(bill_file), "--propose", "-o", str(out)])
    assert result.exit_code == 0, result.output
    records = {r.question_id: r for r in load_answers(out, load_rules())}
    assert records["kontakt.besoeg_institution"].answer == "ja"
    again = CliRunner().invoke(main, ["questionnaire", str(bill_file), "--propose", "-o", str(out)])
    assert again.exit_code == 2 and "--force" in again.output


def _script(rs, yes: set[str], assessment: str = "1") -> str:
    """Answers typed by the user: relevance 'ja' (1) for ``yes``, else 'nej' (2); then assessments."""
    lines = ["1" if q.id in yes else "2" for q in rs.questions if q.step == "relevans"]
    return "\n".join(lines + [assessment] * 20) + "\n"


def test_interactive_session_skips_assessment_of_irrelevant_dimensions(rs, bill_file: Path, tmp_path: Path):
    out = tmp_path / "svar.yaml"
    script = _script(rs, {"kontakt.besoeg_institution"})
    result = CliRunner().invoke(main, ["questionnaire", str(bill_file), "-o", str(out)], input=script)
    assert result.exit_code == 0, result.output
    assert "Fund i lovforslaget" in result.output and "[besøgendes]" in result.output
    records = {r.question_id: r for r in load_answers(out, rs)}
    assert relevant_dimensions(list(records.values()), rs) == {"kontakt"}
    assert records["kontakt.besoeg_institution"].answer == "ja"
    assert records["kontakt.besoeg_institution"].source == "bruger"
    assert records["kontakt.retning"].answer == "negativ"
    assert records["vurdering.grupper"].answer == "unge"
    assert records["familie.retning"].answer == NOT_ANSWERED
    assert "Springes over" in (records["familie.retning"].note or "")
    asked = result.output.count("Vejledning:")
    assert asked == sum(q.step == "relevans" for q in rs.questions) + 5  # kontakt.retning + 4 general


def test_interactive_session_resumes_a_partly_filled_file(rs, bill_file: Path, tmp_path: Path):
    out = tmp_path / "svar.yaml"
    first = CliRunner().invoke(main, ["questionnaire", str(bill_file), "-o", str(out)], input="2\n2\n2\n")
    assert first.exit_code != 0  # input ran out: the session stops, with the answers so far saved
    saved = [r for r in load_answers(out, rs) if r.source == "bruger" and r.answer != NOT_ANSWERED]
    assert len(saved) == 3
    result = CliRunner().invoke(main, ["questionnaire", str(bill_file), "-o", str(out)], input=_script(rs, set())[6:])
    assert result.exit_code == 0, result.output
    assert "Fortsætter med svarene" in result.output
    assert "[1/" in result.output and f"/{len(rs.questions) - 3}]" in result.output
    final = load_answers(out, rs)
    assert all(r.source == "bruger" for r in final)
    assert relevant_dimensions(final, rs) == set()


def test_invalid_typed_answer_is_asked_again(rs, bill_file: Path, tmp_path: Path):
    out = tmp_path / "svar.yaml"
    result = CliRunner().invoke(main, ["questionnaire", str(bill_file), "-o", str(out)], input="måske\n" + _script(rs, set()))
    assert result.exit_code == 0, result.output
    assert "»måske« er ikke et gyldigt svar" in result.output
