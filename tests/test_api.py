"""The public Python API: small, lazy, typed; a Screener is built once and can be injected."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import relationel_bundlinje as rb


def test_public_names_resolve_and_screen_a_text(screener, example_path):
    for name in rb.__all__:
        assert getattr(rb, name) is not None, name
    text = example_path.read_text(encoding="utf-8")
    bill = rb.parse(text)
    assert isinstance(bill, rb.Bill) and bill.clauses
    assert all(isinstance(c, rb.Clause) and isinstance(c.path, rb.Ref) for c in bill.clauses)
    assert rb.parse(bill) is bill
    from_text = rb.screen(text, fixed_date="2026-01-01")
    from_bill = rb.screen(bill, fixed_date="2026-01-01", screener=screener)
    from_path = rb.screen(example_path, fixed_date="2026-01-01")
    assert isinstance(from_text, rb.Assessment)
    assert from_text.conclusion == from_bill.conclusion == from_path.conclusion
    assert from_path.statement is not None and from_path.statement.section_text.startswith(from_path.statement.conclusion)
    data = json.loads(from_path.model_dump_json())
    assert {"bill", "conclusion", "dimensions", "clauses", "statement", "record"} <= set(data)
    assert data["bill"]["source_sha256"] == from_path.record.source_sha256
    assert data["record"]["date"] == "2026-01-01"
    assert rb.render(from_path, "md").decode("utf-8").startswith("# Relationelle konsekvenser")
    assert rb.render(from_path, "txt").decode("utf-8").strip()
    assert json.loads(rb.render(from_path, "json")) == data


def test_default_screener_is_built_once_and_a_screener_can_be_injected(screener, example_path):
    assert rb.Screener.default() is rb.Screener.default() is screener
    versions = screener.versions
    assert versions["tool"] == rb.__version__ and versions["rules"] == screener.rules.version
    own = rb.Screener.load(screener.rules.path, None)  # the shipped rules and model, loaded anew
    assert own is not screener and own.versions == versions
    a = rb.screen(example_path, fixed_date="2026-01-01", screener=own)
    b = screener.screen(example_path, fixed_date="2026-01-01")
    assert a == b
    with pytest.raises(rb.BundlinjeError, match="Datoen »1. januar« er ugyldig"):
        screener.screen(example_path, fixed_date="1. januar")
    with pytest.raises(rb.BundlinjeError, match="Kan ikke screene en værdi af typen int"):
        rb.screen(42, screener=screener)


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


def test_cli_json_of_a_real_act_validates_against_the_published_schema(screener, bill_path, tmp_path):
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
    assert data["statement"]["section_text"]


def _answers_file(screener, tmp_path, bill_source, changes: dict[str, str]):
    """The tool's proposals for a bill as the questionnaire writes them, with some answers given by
    a lawyer (kilde: bruger). The file is bound to the bill (kilde_sha256)."""
    import yaml

    from relationel_bundlinje.questionnaire import propose, render_answers

    rules = screener.rules
    bill = rb.parse(bill_source)
    hits = [f for f in screener.findings(bill) if f.source == "regel"]
    data = yaml.safe_load(render_answers(propose(bill, hits, rules), bill, hits, rules))
    assert data["kilde_sha256"] == bill.source.sha256
    for entry in data["svar"]:
        if entry["id"] in changes:
            entry["svar"] = changes[entry["id"]]
            entry["kilde"] = "bruger"
    path = tmp_path / "svar.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_a_lawyers_no_removes_a_dimension_the_tool_found(screener, example_path, tmp_path):
    before = rb.screen(example_path, fixed_date="2026-01-01")
    assert "kontakt" in before.conclusion.dimensions
    no = {q: "nej" for q in ("kontakt.besoeg_institution", "kontakt.kommunikation", "kontakt.frihedsberoevelse", "kontakt.forbud")}
    after = rb.screen(example_path, _answers_file(screener, tmp_path, example_path, no), fixed_date="2026-01-01")
    kontakt = next(d for d in after.dimensions if d.id == "kontakt")
    assert not kontakt.relevant and kontakt.decided_by_user
    assert "kontakt" not in after.conclusion.dimensions
    assert after.record.answers_sha256 is not None and not after.record.answers_from_revision
    given = {a.question_id: a for a in after.answers if a.source == "bruger"}
    assert set(given) == set(no) and all(a.answer == "nej" and a.question for a in given.values())


def test_a_lawyers_yes_and_direction_make_a_tax_act_relevant(screener, bill_path, example_path, tmp_path):
    act = bill_path("lbk-2023-1284-elafgiftsloven")
    assert rb.screen(act, fixed_date="2026-01-01").conclusion.direction == "ingen"
    answers = _answers_file(screener, tmp_path, act, {"oekonomi.ydelser": "ja", "oekonomi.retning": "negativ"})
    after = rb.screen(act, answers, fixed_date="2026-01-01")
    assert after.conclusion.direction == "negativ" and after.conclusion.dimensions == ["oekonomi"]
    # A consolidated act in force is "Loven", not "Lovforslaget".
    assert after.statement.subject == "Loven"
    assert after.statement.section_text.startswith("Loven vurderes at have negative relationelle konsekvenser")
    # The lawyer said negativ: the skema says »ringere«, not an open »bedre eller ringere«.
    assert after.statement.skema_row.negative.startswith("Ringere mulighed for at have råd til"), after.statement.skema_row
    # The answers belong to this act: refused for another bill.
    with pytest.raises(rb.BundlinjeError, match="hører til et andet lovforslag"):
        rb.screen(example_path, answers, fixed_date="2026-01-01")
