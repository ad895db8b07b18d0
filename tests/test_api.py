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
