"""`bundlinje rules check` and load-time validation of broken rules folders (file and line)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from relationel_bundlinje.cli import main
from relationel_bundlinje.errors import RulesError
from relationel_bundlinje.resources import rules_dir
from relationel_bundlinje.rulebook import check_rules, load_rules


@pytest.fixture()
def rules_copy(tmp_path: Path) -> Path:
    target = tmp_path / "regler"
    shutil.copytree(rules_dir(), target)
    return target


def _line_of(path: Path, needle: str) -> int:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return n
    raise AssertionError(needle)


def _check(folder: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["rules", "check", str(folder)])
    return result.exit_code, result.output


def test_shipped_rules_pass_check_with_summary():
    code, out = _check(rules_dir())
    assert code == 0, out
    assert "er gyldige (version 2026.12.3)" in out
    assert "til relevansvurdering" in out and "Familieliv og samliv" in out


def test_bad_yaml_is_reported_with_file_and_line(rules_copy: Path):
    f = rules_copy / "04-kontakt.yaml"
    lines = f.read_text(encoding="utf-8").splitlines()
    lines[20] = lines[20] + ": :"
    f.write_text("\n".join(lines), encoding="utf-8")
    code, out = _check(rules_copy)
    assert code == 2
    assert f"{f}:21: ugyldig YAML" in out


def test_unknown_dimension(rules_copy: Path):
    f = rules_copy / "09-mobilitet.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("dimensions: [mobilitet]", "dimensions: [transport]", 1), encoding="utf-8")
    line = _line_of(f, "- id: mobilitet.transport")
    code, out = _check(rules_copy)
    assert code == 2
    assert f"{f}:{line}: ukendt dimension 'transport'" in out


def test_duplicate_question_id(rules_copy: Path):
    f = rules_copy / "10-digital.yaml"
    f.write_text(f.read_text(encoding="utf-8").replace("id: digital.personlig_kontakt", "id: kontakt.forbud"), encoding="utf-8")
    line = _line_of(f, "- id: kontakt.forbud")
    code, out = _check(rules_copy)
    assert code == 2
    assert f"{f}:{line}: spørgsmålet 'kontakt.forbud' findes allerede" in out
    assert "04-kontakt.yaml" in out  # names where the first one stands


def test_invalid_spacy_pattern_and_regex(rules_copy: Path):
    f = rules_copy / "02-omsorg.yaml"
    text = f.read_text(encoding="utf-8")
    text = text.replace(
        "      - id: pasning_egne\n",
        "      - id: pasning_egne\n        patterns:\n          - [{LEMMX: orlov}]\n          - [{LOWER: {REGEX: \"(\"}}]\n",
    )
    f.write_text(text, encoding="utf-8")
    line = _line_of(f, "- id: pasning_egne")
    code, out = _check(rules_copy)
    assert code == 2
    # Both bad patterns are reported, each with file and line: the unknown attribute as an
    # invalid spaCy pattern, the regular expression by its own check before spaCy sees it.
    assert f"{f}:{line}: trigger 'pasning_egne': ugyldigt spaCy-mønster" in out
    assert "LEMMX" in out and out.count("ugyldigt spaCy-mønster") == 1
    assert f"{f}:{line}: trigger 'pasning_egne': ugyldigt regulært udtryk »(«" in out
    assert "har 2 problemer" in out


def test_empty_question_and_missing_fields(rules_copy: Path):
    f = rules_copy / "08-sundhed.yaml"
    text = f.read_text(encoding="utf-8")
    start = text.index("    question: >-\n      Berører lovforslaget overgange")
    end = text.index("    guidance:", start)
    f.write_text(text[:start] + '    question: "  "\n' + text[end:], encoding="utf-8")
    (rules_copy / "12-tom.yaml").write_text("questions:\n  - id: tom.sporgsmaal\n    step: relevans\n", encoding="utf-8")
    code, out = _check(rules_copy)
    assert code == 2
    assert f"{f}:{_line_of(f, '- id: sundhed.overgange')}: spørgsmål 'sundhed.overgange' › felt 'question': teksten er tom" in out
    assert f"{rules_copy / '12-tom.yaml'}:2: " in out and "feltet mangler" in out


def test_bad_term_syntax_and_unknown_references(rules_copy: Path):
    f = rules_copy / "90-undtagelser.yaml"
    text = f.read_text(encoding="utf-8").replace("applies_to: [familie]", "applies_to: [familien]", 1)
    text = text.replace("terms: [boligskat*,", "terms: [\"bo*ligskat\",", 1)
    f.write_text(text, encoding="utf-8")
    ruleset, problems = check_rules(rules_copy)
    assert ruleset is None
    messages = [str(p) for p in problems]
    assert any("henviser til ukendt id 'familien'" in m for m in messages)
    assert any(f"{f}:{_line_of(f, '- id: boligskat')}: " in m and "ugyldigt udtryk 'bo*ligskat'" in m for m in messages)


def test_load_rules_raises_rules_error_listing_problems(rules_copy: Path):
    (rules_copy / "manifest.yaml").write_text("version: 1\ntitle: x\n", encoding="utf-8")
    with pytest.raises(RulesError) as err:
        load_rules(rules_copy)
    assert "manifest.yaml:1" in str(err.value) and "version" in str(err.value)


def test_missing_folder_and_rules_are_never_executed(tmp_path: Path):
    code, out = _check(tmp_path / "findes-ikke")
    assert code == 2 and "mappen findes ikke" in out
    folder = tmp_path / "farlig"
    shutil.copytree(rules_dir(), folder)
    marker = tmp_path / "udført"
    (folder / "13-farlig.yaml").write_text(
        f"questions: !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8"
    )
    code, out = _check(folder)
    assert code == 2 and "13-farlig.yaml:1" in out
    assert not marker.exists()


def test_rules_list_prints_questions():
    result = CliRunner().invoke(main, ["rules", "list", "--step", "relevans"])
    assert result.exit_code == 0, result.output
    assert "kontakt.besoeg_institution  [relevans; kontakt]" in result.output
    assert "vurdering.grupper" not in result.output


def test_rules_list_does_not_need_the_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from relationel_bundlinje import resources

    # A model folder with the Danish lemma table but no weights: what a half-done retrain leaves.
    broken = tmp_path / "ingen-model"
    broken.mkdir()
    shutil.copy(resources.lemma_table_path(), broken / "lemmas.npz")
    monkeypatch.setattr(resources, "model_dir", lambda: broken)
    result = CliRunner().invoke(main, ["rules", "list", "--rules", str(rules_dir())])
    assert result.exit_code == 0, result.output
    assert "kontakt.besoeg_institution  [relevans; kontakt]" in result.output
