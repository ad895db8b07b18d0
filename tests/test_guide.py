"""The guide for ministers and members of the Folketing, as .docx and .md (one content, two writers)."""

from __future__ import annotations

import shutil

from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from relationel_bundlinje.cli import main
from relationel_bundlinje.dimensions import DIMENSION_LABELS
from relationel_bundlinje.errors import BundlinjeError
from relationel_bundlinje.guide import build_guide, write_guide
from relationel_bundlinje.resources import rules_dir


def test_docx_guide_has_real_headings_and_every_question(rules, tmp_path: Path):
    out = tmp_path / "vejledning.docx"
    result = CliRunner().invoke(main, ["guide", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"regelsæt version {rules.version}" in result.output
    doc = Document(str(out))
    # Real Word headings, one level per level of the outline (the shared document writer maps the
    # outline's levels 1-4 to Heading 1-4; the guide's title is its one Heading 1).
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    styles = {s for s, _ in headings}
    assert {"Heading 1", "Heading 2", "Heading 3", "Heading 4"} <= styles
    assert [t for s, t in headings if s == "Heading 1"] == [headings[0][1]]
    assert headings[0][1].startswith("Relationel bundlinje: Vejledning")
    assert doc.core_properties.title == headings[0][1]
    level = dict((t, s) for s, t in headings)
    assert level["3. Afsnittets placering i lovforslagets bemærkninger"] == "Heading 2"
    for label in DIMENSION_LABELS.values():
        assert any(t.endswith(label) and s == "Heading 3" for s, t in headings), label
    for q in rules.questions:
        assert level.get(q.question) == "Heading 4", q.id
    # The writer keeps "pkt. 2.8.12" and "§ 137 a" together with non-breaking spaces.
    body = "\n".join(p.text for p in doc.paragraphs).replace("\u00a0", " ")
    assert "pkt. 2.8.12" in body and "initiativ 12" in body.lower()
    assert "§ 137 a" in body and "225-timersregel" in body
    family_table = doc.tables[0]
    assert len(family_table.rows) == 6 and family_table.cell(0, 1).text == "Dansk tilpasning"


def test_markdown_guide_and_refusals(rules, tmp_path: Path):
    out = tmp_path / "vejledning.md"
    write_guide(out, rules)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Relationel bundlinje")
    assert "## 4. Relevansvurdering og vurdering fordelt på dimensioner" in text
    assert "### 4.4. Kontakt, besøg og frihedsbegrænsning" in text
    assert "| 4 | Hvilken betydning får lovforslaget for familier før, under og efter et samlivsbrud? |" in text
    again = CliRunner().invoke(main, ["guide", "-o", str(out)])
    assert again.exit_code == 2 and "findes allerede" in again.output
    with pytest.raises(BundlinjeError, match="findes allerede"):
        write_guide(out, rules)
    write_guide(out, rules, force=True)
    assert out.read_text(encoding="utf-8") == text  # the same rules give the same guide
    with pytest.raises(BundlinjeError, match="kan skrives som .docx eller .md"):
        write_guide(tmp_path / "vejledning.pdf", rules)
    assert not (tmp_path / "vejledning.pdf").exists()


def test_both_formats_are_rendered_from_the_same_blocks(rules, tmp_path: Path):
    blocks = build_guide(rules)
    headings = [b.text for b in blocks if b.kind == "heading"]
    assert headings[0].startswith("Relationel bundlinje: ")
    assert all(q.question in headings for q in rules.questions)
    write_guide(tmp_path / "v.md", rules)
    write_guide(tmp_path / "v.docx", rules)
    md = (tmp_path / "v.md").read_text(encoding="utf-8")
    docx_texts = {p.text for p in Document(str(tmp_path / "v.docx")).paragraphs}
    for heading in headings:
        assert heading in md and heading in docx_texts, heading


def test_guide_command_does_not_need_the_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from relationel_bundlinje import resources

    # A model folder with the Danish lemma table but no weights: what a half-done retrain leaves.
    broken = tmp_path / "ingen-model"
    broken.mkdir()
    shutil.copy(resources.lemma_table_path(), broken / "lemmas.npz")
    monkeypatch.setattr(resources, "model_dir", lambda: broken)
    out = tmp_path / "vejledning.md"
    result = CliRunner().invoke(main, ["guide", "-o", str(out), "--rules", str(rules_dir())])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("# Relationel bundlinje")
