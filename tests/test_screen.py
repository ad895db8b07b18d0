"""pipeline.screen and ``bundlinje screen``/``schema``.

Two layers:

* wiring tests with a stand-in rule set and model (real ingest and structure), so that the
  pipeline, CLI, batch mode and thread safety are tested whatever the state of the trained model;
* end-to-end tests on real acts in ``../shared/bills/retsinformation`` with the shipped rules and
  the trained classifier. They skip with an explicit reason (shown by ``-ra``) when the shared
  bills folder or the trained model is missing — never silently.
"""

from __future__ import annotations

import json
import sys
import types
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from relationel_bundlinje import resources
from click.testing import CliRunner

from relationel_bundlinje import pipeline
from relationel_bundlinje.cli import main
from relationel_bundlinje.errors import BundlinjeError, InputError
from relationel_bundlinje.models import AnswerRecord, Assessment, ClauseScore, RuleHit

# An invented amending bill, in the style of a Danish lovforslag.
BILL_TEXT = """Forslag til Lov om ændring af lov om social service
(Besøg på botilbud)

§ 1

I lov om social service, jf. lovbekendtgørelse nr. 1 af 1. januar 2024, foretages følgende ændringer:

1. Efter § 110 indsættes:
»§ 110 a. Kommunalbestyrelsen kan træffe afgørelse om, at en beboer på et botilbud kun må modtage besøg af sine pårørende på fastsatte tidspunkter.«

2. I § 112, stk. 2, ændres »14 dage« til »4 uger«.

§ 2

Loven træder i kraft den 1. juli 2025.
"""

TAX_TEXT = """Forslag til Lov om ændring af lov om afgift af elektricitet

§ 1

I lov om afgift af elektricitet foretages følgende ændring:

1. I § 6, stk. 1, ændres »0,8 øre« til »0,6 øre«.

§ 2

Loven træder i kraft den 1. januar 2026.
"""


class FakeQuestion:
    def __init__(self, qid, dims):
        self.id, self.dimensions, self.step, self.question = qid, dims, "relevans", "Berører forslaget besøg?"
        self.option_ids = ["ja", "nej", "ved_ikke"]

    def label_of(self, option):
        return {"ja": "Ja", "nej": "Nej"}.get(option, option)


class FakeRules:
    version = "test-regler"
    questions = (FakeQuestion("kontakt.besoeg", ["kontakt"]),)


class FakeModel:
    """Flags clauses that mention visits; a stand-in with the classifier's interface."""

    version = "test-model"
    threshold = 0.5

    def score_clauses(self, clauses, hits):
        out = []
        for c in clauses:
            visit = "besøg" in c.text
            out.append(ClauseScore(ref=c.ref, probability=0.9 if visit else 0.05, flagged=visit,
                                   dimensions=["kontakt"] if visit else [], direction="negativ" if visit else None))
        return out


def _fake_hits(bill, ruleset):
    hits = []
    for c in bill.clauses:
        i = c.text.find("besøg")
        if i >= 0:
            hits.append(RuleHit(question_id="kontakt.besoeg", trigger_id="besoeg", dimensions=["kontakt"], ref=c.ref,
                                start=c.start + i, end=c.start + i + 5, text="besøg"))
    return hits


@pytest.fixture
def fake_stack(monkeypatch):
    """Stand-in rules, questionnaire and model; real ingest and structure."""
    import relationel_bundlinje.rules as rules

    monkeypatch.setattr(rules, "find_hits", _fake_hits)
    questionnaire = types.ModuleType("relationel_bundlinje.questionnaire")
    questionnaire.propose = lambda bill, hits, ruleset: [
        AnswerRecord(question_id="kontakt.besoeg", answer="ja" if hits else "nej", source="forslag",
                     refs=sorted({h.ref for h in hits}))]
    questionnaire.load_answers = lambda path, ruleset: [
        AnswerRecord(question_id="kontakt.besoeg", answer=Path(path).read_text(encoding="utf-8").strip(), source="bruger")]
    monkeypatch.setitem(sys.modules, "relationel_bundlinje.questionnaire", questionnaire)
    monkeypatch.setattr(pipeline, "default_ruleset", lambda: FakeRules())
    monkeypatch.setattr(pipeline, "default_model", lambda: FakeModel())


# --------------------------------------------------------------------------- pipeline wiring


def test_screen_text_path_and_bill_agree(fake_stack, tmp_path):
    path = tmp_path / "forslag.txt"
    path.write_text(BILL_TEXT, encoding="utf-8")
    from_text = pipeline.screen(BILL_TEXT, fixed_date="2025-01-02")
    from_path = pipeline.screen(path, fixed_date="2025-01-02")
    assert from_text.conclusion.direction == from_path.conclusion.direction == "negativ"
    assert from_text.conclusion.dimensions == ["kontakt"]
    kontakt = next(d for d in from_path.dimensions if d.id == "kontakt")
    assert len(kontakt.refs) == 1 and kontakt.refs[0].startswith("§ 1, nr. 1") and kontakt.confidence == "høj"
    assert "lovforslagets § 1, nr. 1" in from_path.statement.section_text
    assert "lov om social service" in from_path.statement.section_text
    assert from_path.record.source_name == "forslag.txt" and len(from_path.record.source_sha256) == 64
    assert (from_path.record.rules_version, from_path.record.model_version) == ("test-regler", "test-model")
    from relationel_bundlinje.ingest import read_path
    from relationel_bundlinje.structure import parse_document

    bill = parse_document(read_path(path))
    assert pipeline.screen(bill, fixed_date="2025-01-02") == from_path


def test_user_answers_file_overrides(fake_stack, tmp_path):
    answers = tmp_path / "svar.yaml"
    answers.write_text("nej", encoding="utf-8")
    a = pipeline.screen(BILL_TEXT, answers, fixed_date="2025-01-02")
    assert a.conclusion.direction == "ingen"
    assert a.answers[0].source == "bruger" and a.record.answers_sha256 and len(a.record.answers_sha256) == 64
    listed = pipeline.screen(BILL_TEXT, [AnswerRecord(question_id="kontakt.besoeg", answer="nej", source="bruger")],
                             fixed_date="2025-01-02")
    assert listed.conclusion.direction == "ingen"


def test_tax_bill_is_ingen(fake_stack):
    a = pipeline.screen(TAX_TEXT, fixed_date="2025-01-02")
    assert a.conclusion.direction == "ingen" and a.statement.skema_row.negative == "Ingen"


def test_bad_inputs_are_danish_errors(fake_stack):
    with pytest.raises(InputError, match="ÅÅÅÅ-MM-DD"):
        pipeline.screen(BILL_TEXT, fixed_date="2. januar")
    with pytest.raises(InputError, match="Kan ikke screene"):
        pipeline.screen(42)
    with pytest.raises(InputError, match="Svarfilen"):
        pipeline.screen(BILL_TEXT, Path("/findes/ikke.yaml"))


def test_screen_is_thread_safe_and_deterministic(fake_stack):
    texts = [BILL_TEXT, TAX_TEXT] * 6
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(lambda t: pipeline.screen(t, fixed_date="2025-01-02").model_dump_json(), texts))
    assert len(set(results[0::2])) == 1 and len(set(results[1::2])) == 1
    assert json.loads(results[0])["conclusion"]["direction"] == "negativ"
    assert json.loads(results[1])["conclusion"]["direction"] == "ingen"


# --------------------------------------------------------------------------- CLI


def test_cli_single_file_prints_markdown(fake_stack, tmp_path):
    path = tmp_path / "forslag.txt"
    path.write_text(BILL_TEXT, encoding="utf-8")
    result = CliRunner().invoke(main, ["screen", str(path), "--fixed-date", "2025-01-02"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# Relationelle konsekvenser\n")
    assert "Lovforslaget vurderes at have negative relationelle konsekvenser" in result.output


@pytest.mark.parametrize("fmt", ["md", "json", "docx"])
def test_cli_output_file_deterministic_and_force(fake_stack, tmp_path, fmt):
    path = tmp_path / "forslag.txt"
    path.write_text(BILL_TEXT, encoding="utf-8")
    out = tmp_path / f"udtalelse.{fmt}"
    args = ["screen", str(path), "-o", str(out), "--fixed-date", "2025-01-02"]
    assert CliRunner().invoke(main, args).exit_code == 0
    first = out.read_bytes()
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 2 and "findes allerede" in again.output
    assert CliRunner().invoke(main, [*args, "--force"]).exit_code == 0
    assert out.read_bytes() == first
    if fmt == "json":
        data = json.loads(first)
        Assessment.model_validate(data)
        assert data["bill"]["source_sha256"] and data["conclusion"]["direction"] == "negativ"


def test_cli_batch_with_a_bad_file(fake_stack, tmp_path):
    folder = tmp_path / "ind"
    folder.mkdir()
    (folder / "a_besoeg.txt").write_text(BILL_TEXT, encoding="utf-8")
    (folder / "b_afgift.txt").write_text(TAX_TEXT, encoding="utf-8")
    (folder / "c_tom.txt").write_text("", encoding="utf-8")
    out = tmp_path / "ud"
    out.mkdir()
    result = CliRunner().invoke(main, ["screen", str(folder), "--out-dir", str(out), "--format", "md",
                                       "--fixed-date", "2025-01-02"])
    assert result.exit_code == 2
    assert "Fejl i c_tom.txt" in result.output
    lines = result.stdout.splitlines() if hasattr(result, "stdout") else result.output.splitlines()
    table = [line for line in lines if line.startswith(("a_besoeg", "b_afgift", "c_tom"))]
    assert len(table) == 3
    assert "negativ" in table[0] and "kontakt" in table[0] and table[0].rstrip().endswith("1")
    assert "ingen" in table[1] and "fejl" in table[2]
    assert sorted(p.name for p in out.iterdir()) == ["a_besoeg.md", "b_afgift.md"]


def test_cli_user_errors(fake_stack, tmp_path):
    runner = CliRunner()
    r = runner.invoke(main, ["screen"])
    assert r.exit_code == 2 and "Angiv mindst én fil" in r.output
    r = runner.invoke(main, ["screen", str(tmp_path / "mangler.txt")])
    assert r.exit_code == 2 and "findes ikke" in r.output
    r = runner.invoke(main, ["screen", "x.txt", "--fixed-date", "i går"])
    assert r.exit_code == 2 and "ÅÅÅÅ-MM-DD" in r.output
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(BILL_TEXT, encoding="utf-8")
    b.write_text(TAX_TEXT, encoding="utf-8")
    r = runner.invoke(main, ["screen", str(a), str(b), "-o", str(tmp_path / "x.md")])
    assert r.exit_code == 2 and "--out-dir" in r.output
    r = runner.invoke(main, ["screen", str(a), "--format", "docx"])
    assert r.exit_code == 2 and "Word-dokument" in r.output
    assert "Traceback" not in r.output


def test_cli_example(fake_stack):
    from relationel_bundlinje.resources import example_bill

    if not example_bill().is_file():
        pytest.skip("Eksempellovforslaget er ikke leveret endnu (resources.example_bill()).")
    r = CliRunner().invoke(main, ["screen", "--example", "--fixed-date", "2025-01-02"])
    assert r.exit_code == 0, r.output
    assert "Relationelle konsekvenser" in r.output and "§ 137 d" in r.output


def test_cli_schema():
    r = CliRunner().invoke(main, ["schema", "Assessment"])
    assert r.exit_code == 0
    schema = json.loads(r.output)
    assert {"bill", "conclusion", "clauses", "statement", "record"} <= set(schema["properties"])
    everything = json.loads(CliRunner().invoke(main, ["schema"]).output)
    assert {"Assessment", "Bill", "RuleHit", "ClauseScore", "SourceDocument"} <= set(everything)
    r = CliRunner().invoke(main, ["schema", "Ukendt"])
    assert r.exit_code == 2 and "Ukendt model" in r.output


# --------------------------------------------------------------------------- end to end, real acts


def _real_stack():
    """The shipped rules and trained model, or a skip with the reason (never a silent pass)."""
    from relationel_bundlinje.resources import shared_bills_dir

    folder = shared_bills_dir() / "retsinformation"
    if not folder.is_dir():
        pytest.skip(f"END-TO-END IKKE KØRT: mappen med rigtige love findes ikke ({folder}).")
    try:
        import relationel_bundlinje.questionnaire  # noqa: F401

        pipeline.default_ruleset()
        pipeline.default_model()
    except (BundlinjeError, ImportError) as err:
        pytest.skip(f"END-TO-END IKKE KØRT: regler, spørgeskema eller trænet model mangler endnu: {err}")
    return folder


def _relevant(a, dim):
    return next(d for d in a.dimensions if d.id == dim and d.relevant)


def test_end_to_end_225_hour_rule_is_negative_for_the_couples_it_names():
    folder = _real_stack()
    a = pipeline.screen(folder / "aendrlov-2011-461-225-timersregel-2011.txt", fixed_date="2025-01-02")
    assert a.conclusion.direction == "negativ", a.conclusion
    assert {"oekonomi", "familie"} <= set(a.conclusion.dimensions)
    assert a.statement.section_text.startswith("Lovforslaget vurderes at have negative relationelle konsekvenser")
    # § 7 a, stk. 1 is the rule that cuts cash benefit for couples without 225 hours of work.
    assert "§ 7 a, stk. 1" in _relevant(a, "oekonomi").refs
    assert "§ 7 a, stk. 1" in a.statement.section_text


def test_end_to_end_visiting_restrictions_is_relevant_for_contact():
    # The source kept only § 137 d (how restrictions under § 137 b-c are decided) and § 151 c; the
    # restriction itself (§ 137 b) is not in the text. What is there limits restrictions: stk. 4
    # ("begrænses til det absolut nødvendige") is labelled relational and positive in the corpus.
    # The tool must find the contact dimension in stk. 4 and must not call it negative on this text.
    folder = _real_stack()
    a = pipeline.screen(folder / "aendrlov-2011-627-serviceloven-besoegsrestriktioner.txt", fixed_date="2025-01-02")
    kontakt = _relevant(a, "kontakt")
    assert "§ 137 d, stk. 4" in kontakt.refs
    assert kontakt.direction in ("positiv", "uafklaret")
    assert a.conclusion.direction != "ingen"
    assert "§ 137 d, stk. 4" in a.statement.section_text
    assert not any(d.relevant for d in a.dimensions if d.id in ("oekonomi", "arbejde", "uddannelse"))


def test_end_to_end_family_reunification_in_the_aliens_act():
    folder = _real_stack()
    a = pipeline.screen(folder / "lbk-2025-1183-udlaendingeloven.txt", fixed_date="2025-01-02")
    familie = _relevant(a, "familie")
    assert any(r.startswith("§ 9,") or r.startswith("§ 9 ") for r in familie.refs), familie.refs
    assert a.conclusion.direction in ("negativ", "blandet")


def test_end_to_end_example_bill_names_each_change_point():
    a = pipeline.screen(resources.example_bill(), fixed_date="2025-01-02")
    assert _relevant(a, "kontakt").direction == "negativ"
    assert any("§ 137 d" in r for r in _relevant(a, "kontakt").refs)
    assert _relevant(a, "omsorg").direction == "positiv"
    assert any("§ 84 a" in r for r in _relevant(a, "omsorg").refs)
    assert any("§ 1, nr. 4" == r for r in _relevant(a, "digital").refs)
    assert "omkring 12.000 pårørende" in a.statement.section_text  # followed from "Til nr. 1" to pkt. 2.1
    assert "den foreslåede affattelse af § 148, stk. 2, i lov om social service" in a.statement.section_text


@pytest.mark.parametrize("name", ["lbk-2023-1284-elafgiftsloven.txt", "lbk-2024-209-momsloven.txt"])
def test_end_to_end_non_relational_acts(name):
    folder = _real_stack()
    a = pipeline.screen(folder / name, fixed_date="2025-01-02")
    assert a.conclusion.direction == "ingen", [(d.id, d.refs, d.basis) for d in a.dimensions if d.relevant]
    assert a.statement.paragraphs[0] == "Lovforslaget vurderes ikke at have relationelle konsekvenser."
    assert a.statement.skema_row.positive == a.statement.skema_row.negative == "Ingen"
