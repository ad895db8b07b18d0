"""The guide for ministers and members of the Folketing, as .docx and .md."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from relationel_bundlinje.cli import main
from relationel_bundlinje.dimensions import DIMENSION_LABELS
from relationel_bundlinje.errors import BundlinjeError
from relationel_bundlinje.guide import write_guide
from relationel_bundlinje.rules import load_rules


def test_docx_guide_has_real_headings_and_every_question(tmp_path: Path):
    rs = load_rules()
    out = tmp_path / "vejledning.docx"
    result = CliRunner().invoke(main, ["guide", "-o", str(out)])
    assert result.exit_code == 0, result.output
    doc = Document(str(out))
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    styles = {s for s, _ in headings}
    assert {"Title", "Heading 1", "Heading 2", "Heading 3"} <= styles
    texts = [t for _, t in headings]
    assert "3. Afsnittets placering i lovforslagets bemærkninger" in texts
    for label in DIMENSION_LABELS.values():
        assert any(t.endswith(label) for t in texts), label
    for q in rs.questions:
        assert q.question in texts, q.id
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "pkt. 2.8.12" in body and "initiativ 12" in body.lower()
    assert "§ 137 a" in body and "225-timersregel" in body
    family_table = doc.tables[0]
    assert len(family_table.rows) == 6 and family_table.cell(0, 1).text == "Dansk tilpasning"


def test_markdown_guide_and_refusals(tmp_path: Path):
    out = tmp_path / "vejledning.md"
    write_guide(out)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Relationel bundlinje")
    assert "## 4. Relevansvurdering og vurdering fordelt på dimensioner" in text
    assert "### 4.4. Kontakt, besøg og frihedsbegrænsning" in text
    assert "| 4 | Hvilken betydning får lovforslaget for familier før, under og efter et samlivsbrud? |" in text
    again = CliRunner().invoke(main, ["guide", "-o", str(out)])
    assert again.exit_code == 2 and "findes allerede" in again.output
    with pytest.raises(BundlinjeError, match="kan skrives som .docx eller .md"):
        write_guide(tmp_path / "vejledning.pdf")
