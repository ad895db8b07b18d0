"""Proposals, the answers file (bound to its bill and rules version) and the interactive
questionnaire (click's CliRunner, scripted input)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from relationel_bundlinje.cli import main
from relationel_bundlinje.errors import BundlinjeError, RulesError
from relationel_bundlinje.output import write_atomic
from relationel_bundlinje.pipeline import parse
from relationel_bundlinje.questionnaire import (
    load_answers_file,
    propose,
    read_answers,
    relevant_dimensions,
    render_answers,
)
from relationel_bundlinje.rulebook import NOT_ANSWERED

VISITS_ACT = "aendrlov-2011-627-serviceloven-besoegsrestriktioner"

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
def rs(rules):
    return rules


@pytest.fixture(scope="module")
def find_hits(rule_finder):
    return rule_finder.findings


@pytest.fixture()
def bill_file(tmp_path: Path) -> Path:
    path = tmp_path / "lovforslag.txt"
    path.write_text(BILL_TEXT, encoding="utf-8")
    return path


def write_answers(path: Path, records, bill, hits, rs) -> None:
    """The answers file as the questionnaire command writes it: whole, never over an existing file."""
    write_atomic(path, render_answers(records, bill, hits, rs))


def load_answers(path: Path, rs, bill=None):
    """The records of an answers file; with ``bill``, checked to belong to that bill."""
    if bill is None:
        return read_answers(path, rs).records
    return load_answers_file(path, rs, bill).records


def test_proposals_rest_on_evidence_only(rs, find_hits, real_bill):
    bill = real_bill(VISITS_ACT)
    hits = find_hits(bill)
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


def test_answers_file_round_trips_and_is_readable(rs, find_hits, real_bill, tmp_path: Path):
    bill = real_bill(VISITS_ACT)
    hits = find_hits(bill)
    records = propose(bill, hits, rs)
    out = tmp_path / "svar.yaml"
    write_answers(out, records, bill, hits, rs)
    text = out.read_text(encoding="utf-8")
    assert f"# Regelsæt: version {rs.version}" in text
    assert "# Regulerer lovforslaget besøg hos mennesker" in text
    assert "kilde: forslag" in text and "belæg:" in text and "besøgsrestriktionen" in text
    data = yaml.safe_load(text)
    assert data["regler_version"] == rs.version == "2026.12.3"
    # The file is bound to the bill it was made for.
    assert data["kilde_sha256"] == bill.source.sha256 and data["lovforslag"] == bill.title
    assert load_answers(out, rs) == records
    assert load_answers(out, rs, bill) == records
    loaded = load_answers_file(out, rs, bill)
    assert not loaded.from_revision and len(loaded.sha256) == 64
    with pytest.raises(BundlinjeError, match="findes allerede"):
        write_answers(out, records, bill, hits, rs)


def test_answers_file_is_refused_for_another_bill_or_rules_version(rs, find_hits, real_bill, tmp_path: Path):
    bill = real_bill(VISITS_ACT)
    hits = find_hits(bill)
    out = tmp_path / "svar.yaml"
    write_answers(out, propose(bill, hits, rs), bill, hits, rs)
    other = parse(BILL_TEXT)
    with pytest.raises(RulesError, match="hører til et andet lovforslag"):
        load_answers_file(out, rs, other)
    # A revised version of the same bill (same title, other text): only on request, and recorded.
    revised = parse(bill.text + "\nEn sætning, der er tilføjet i en senere version.\n")
    assert revised.title == bill.title and revised.source.sha256 != bill.source.sha256
    with pytest.raises(RulesError, match="anden version af lovforslaget.*--answers-from-revision"):
        load_answers_file(out, rs, revised)
    assert load_answers_file(out, rs, revised, accept_revision=True).from_revision
    # Another rules version, or no bill named: refused.
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    stale = tmp_path / "gammel.yaml"
    stale.write_text(yaml.safe_dump({**data, "regler_version": "2026.11.1"}, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RulesError, match="version 2026.11.1.*bundlinje questionnaire"):
        load_answers_file(stale, rs, bill)
    unbound = tmp_path / "uden.yaml"
    unbound.write_text(yaml.safe_dump({k: v for k, v in data.items() if k != "kilde_sha256"}, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RulesError, match="kilde_sha256 mangler"):
        load_answers_file(unbound, rs, bill)


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


def test_propose_command_writes_answers(rs, bill_file: Path, tmp_path: Path):
    out = tmp_path / "svar.yaml"
    result = CliRunner().invoke(main, ["questionnaire", str(bill_file), "--propose", "-o", str(out)])
    assert result.exit_code == 0, result.output
    records = {r.question_id: r for r in load_answers(out, rs, parse(bill_file))}
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
    records = {r.question_id: r for r in load_answers(out, rs, parse(bill_file))}
    assert relevant_dimensions(list(records.values()), rs) == {"kontakt"}
    assert records["kontakt.besoeg_institution"].answer == "ja"
    assert records["kontakt.besoeg_institution"].source == "bruger"
    assert records["kontakt.retning"].answer == "negativ"
    assert records["vurdering.grupper"].answer == "unge"
    assert records["familie.retning"].answer == NOT_ANSWERED
    assert "Springes over" in (records["familie.retning"].note or "")
    asked = result.output.count("Vejledning:")
    # Every relevance question, then the assessment questions of the one relevant dimension:
    # kontakt.retning and the 4 general ones (who, how many, how long, mitigation).
    assessed = [q.id for q in rs.questions if q.step == "vurdering" and "kontakt" in q.dimensions]
    assert len(assessed) == 5 and "kontakt.retning" in assessed
    assert asked == sum(q.step == "relevans" for q in rs.questions) + len(assessed)


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
    final = load_answers(out, rs, parse(bill_file))
    assert all(r.source == "bruger" for r in final)
    assert relevant_dimensions(final, rs) == set()


def test_invalid_typed_answer_is_asked_again(rs, bill_file: Path, tmp_path: Path):
    out = tmp_path / "svar.yaml"
    result = CliRunner().invoke(main, ["questionnaire", str(bill_file), "-o", str(out)], input="måske\n" + _script(rs, set()))
    assert result.exit_code == 0, result.output
    assert "»måske« er ikke et gyldigt svar" in result.output
