"""The public Python API: small, lazy, typed."""

from __future__ import annotations

import json
import subprocess
import sys

import relationel_bundlinje as rb


def test_public_names_resolve_and_screen_a_text(example_path):
    text = example_path.read_text(encoding="utf-8")
    bill = rb.parse(text)
    assert isinstance(bill, rb.Bill) and bill.clauses
    from_text = rb.screen(text, fixed_date="2026-01-01")
    from_bill = rb.screen(bill, fixed_date="2026-01-01")
    from_path = rb.screen(example_path, fixed_date="2026-01-01")
    assert isinstance(from_text, rb.Assessment)
    assert from_text.conclusion == from_bill.conclusion == from_path.conclusion
    data = json.loads(from_path.model_dump_json())
    assert {"bill", "conclusion", "clauses", "statement", "record"} <= set(data)
    assert data["bill"]["source_sha256"] == from_path.record.source_sha256
    assert rb.render(from_path, "md").decode("utf-8").startswith("# Relationelle konsekvenser")


def test_import_is_lazy():
    code = "import sys, relationel_bundlinje; print(any(m.startswith(('spacy', 'sklearn')) for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_unknown_name_is_an_attribute_error():
    try:
        rb.does_not_exist  # noqa: B018
    except AttributeError as err:
        assert "does_not_exist" in str(err)
    else:  # pragma: no cover
        raise AssertionError("expected AttributeError")


def test_cli_json_of_a_real_act_validates_against_the_published_schema(bill_path, tmp_path):
    import jsonschema
    from click.testing import CliRunner

    from relationel_bundlinje.cli import main

    runner = CliRunner()
    schema = json.loads(runner.invoke(main, ["schema", "Assessment"]).output)
    out = tmp_path / "a.json"
    result = runner.invoke(main, ["screen", str(bill_path("lov-2012-112-tilholdsloven")), "-o", str(out), "--fixed-date", "2026-01-01"])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    assert data["conclusion"]["direction"] in ("ingen", "negativ", "positiv", "blandet", "uafklaret")
    assert data["clauses"] and all(c["ref"].startswith("§ ") for c in data["clauses"])
    assert data["record"]["source_sha256"] == data["bill"]["source_sha256"]


def _answers_file(tmp_path, bill_source, changes: dict[str, str]):
    """The tool's proposals for a bill, with some answers given by a lawyer (kilde: bruger)."""
    import yaml

    from relationel_bundlinje.questionnaire import propose, write_answers
    from relationel_bundlinje.rules import find_hits, load_rules

    rules = load_rules()
    bill = rb.parse(bill_source)
    hits = find_hits(bill, rules)
    path = tmp_path / "svar.yaml"
    write_answers(path, propose(bill, hits, rules), bill, hits, rules)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for entry in data["svar"]:
        if entry["id"] in changes:
            entry["svar"] = changes[entry["id"]]
            entry["kilde"] = "bruger"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_a_lawyers_no_removes_a_dimension_the_tool_found(example_path, tmp_path):
    before = rb.screen(example_path, fixed_date="2026-01-01")
    assert "kontakt" in before.conclusion.dimensions
    no = {q: "nej" for q in ("kontakt.besoeg_institution", "kontakt.kommunikation", "kontakt.frihedsberoevelse", "kontakt.forbud")}
    after = rb.screen(example_path, _answers_file(tmp_path, example_path, no), fixed_date="2026-01-01")
    kontakt = next(d for d in after.dimensions if d.id == "kontakt")
    assert not kontakt.relevant and kontakt.decided_by_user
    assert "kontakt" not in after.conclusion.dimensions
    assert after.record.answers_sha256 is not None


def test_a_lawyers_yes_and_direction_make_a_tax_act_relevant(bill_path, tmp_path):
    act = bill_path("lbk-2023-1284-elafgiftsloven")
    assert rb.screen(act, fixed_date="2026-01-01").conclusion.direction == "ingen"
    answers = _answers_file(tmp_path, act, {"oekonomi.ydelser": "ja", "oekonomi.retning": "negativ"})
    after = rb.screen(act, answers, fixed_date="2026-01-01")
    assert after.conclusion.direction == "negativ" and after.conclusion.dimensions == ["oekonomi"]
    assert after.statement.section_text.startswith("Lovforslaget vurderes at have negative relationelle konsekvenser")
    assert after.statement.skema_row.negative != "Ingen"
