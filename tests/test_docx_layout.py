"""The Word rendering's layout: A4, Danish, page numbers, table widths and headers, typography.

Checked on the shipped example bill (screened end to end) and on a real act from the shared
corpus; the .docx is reopened with python-docx and its XML inspected.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest

docx = pytest.importorskip("docx")

from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Cm  # noqa: E402

from relationel_bundlinje.danish import date as danish_date  # noqa: E402
from relationel_bundlinje.documents.docx import nbsp  # noqa: E402
from relationel_bundlinje.models import AnswerRecord  # noqa: E402
from relationel_bundlinje.statement import render  # noqa: E402
from relationel_bundlinje.statement.appendix import outline  # noqa: E402

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def example(screener, example_path):
    return screener.screen(example_path, fixed_date="2026-11-27")


@pytest.fixture(scope="module")
def doc(example):
    return docx.Document(io.BytesIO(render(example, "docx")))


def _styles_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("word/styles.xml").decode("utf-8")


def test_every_section_is_a4_with_25mm_margins(doc):
    for section in doc.sections:
        assert abs(section.page_width - Cm(21)) < Cm(0.01)
        assert abs(section.page_height - Cm(29.7)) < Cm(0.01)
        for margin in (section.left_margin, section.right_margin, section.top_margin, section.bottom_margin):
            assert abs(margin - Cm(2.5)) < Cm(0.01)


def test_danish_is_the_default_language(doc):
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:lang")).get(qn("w:val")) == "da-DK"
    normal = doc.styles["Normal"].element.rPr
    assert normal.find(qn("w:lang")).get(qn("w:val")) == "da-DK"
    assert doc.core_properties.language == "da-DK"


def test_house_font_and_black_headings(example, doc):
    styles = _styles_xml(render(example, "docx"))
    assert "minorHAnsi" not in styles and "majorHAnsi" not in styles  # no Calibri/Cambria theme fonts
    assert doc.styles["Normal"].font.name == "Times New Roman"
    assert doc.styles["Normal"].font.size.pt == 12
    for name in ("Heading 1", "Heading 2", "Heading 3"):
        style = doc.styles[name]
        assert style.font.bold
        assert style.element.rPr.find(qn("w:color")) is None  # inherits black from Normal


def test_footer_numbers_pages(doc):
    for section in doc.sections:
        footer = section.footer
        assert not footer.is_linked_to_previous
        xml = footer._element.xml
        instructions = [el.text.strip() for el in footer._element.iter(qn("w:instrText"))]
        assert instructions == ["PAGE", "NUMPAGES"]
        assert 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
        assert footer.paragraphs[0].text.startswith("Side ")
        assert footer.paragraphs[0].alignment == 1  # centred


def _rows_props(table):
    return [row._tr.trPr for row in table.rows]


def test_skema_table_widths_header_repeat_and_no_split(doc):
    skema = doc.tables[0]
    assert skema.rows[0].cells[1].text == "Positive konsekvenser/mindreudgifter"
    widths = [c.width for c in skema.rows[0].cells]
    assert widths[0] < widths[1] == widths[2]  # narrow label column, two wide text columns
    assert abs(sum(widths, Cm(0)) - Cm(16)) < Cm(0.05)
    layout = skema._tbl.tblPr.find(qn("w:tblLayout"))
    assert layout is not None and layout.get(qn("w:type")) == "fixed"
    props = _rows_props(skema)
    assert props[0].find(qn("w:tblHeader")) is not None
    assert all(p.find(qn("w:cantSplit")) is not None for p in props)


def test_dimension_table_has_wide_text_columns_and_repeated_header(doc):
    table = doc.tables[1]
    assert [c.text for c in table.rows[0].cells] == ["Dimension", "Relevant", "Retning", "Sikkerhed", "Bestemmelser"]
    w = [c.width for c in table.rows[0].cells]
    assert min(w[0], w[4]) > max(w[1], w[2], w[3])
    assert all(x >= Cm(2.0) for x in w[1:4])  # room for "Sikkerhed" in bold without a break
    assert _rows_props(table)[0].find(qn("w:tblHeader")) is not None


def test_no_empty_paragraph_after_tables(doc):
    body = doc.element.body
    for tbl in body.iter(qn("w:tbl")):
        following = tbl.getnext()
        assert following is not None
        if following.tag == qn("w:p"):
            assert "".join(following.itertext()).strip(), "empty paragraph after a table"


def test_paragraph_sign_is_kept_with_its_number_in_docx_only(example, doc):
    text = "\n".join(p.text for p in doc.paragraphs)
    assert f"§{NBSP}84{NBSP}a" in text and f"stk.{NBSP}1" in text and f"nr.{NBSP}1" in text
    assert "§ 1" not in text and "stk. 1" not in text  # no breakable space left after them
    cells = " ".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert f"§{NBSP}1" in cells
    md = render(example, "md").decode()
    js = render(example, "json").decode()
    assert NBSP not in md and "\\u00a0" not in js and NBSP not in js


def test_nbsp_rules():
    assert nbsp("jf. lovforslagets § 1, nr. 3 (§ 137 d, stk. 2)") == (
        f"jf. lovforslagets §{NBSP}1, nr.{NBSP}3 (§{NBSP}137{NBSP}d, stk.{NBSP}2)"
    )
    assert nbsp("§§ 3 og 4, pkt. 2.8.12, 85 mio. kr.") == f"§§{NBSP}3 og 4, pkt.{NBSP}2.8.12, 85{NBSP}mio. kr."
    assert nbsp("Bestemmelsen er ny.") == "Bestemmelsen er ny."


def test_dimension_paragraphs_start_with_a_bold_label(example, doc):
    labels = {p.label for p in example.statement.paragraphs if p.label}
    texts = [p.text for p in doc.paragraphs]
    section = doc.paragraphs[: texts.index("Bilag: Grundlag for vurderingen")]
    leads = [p for p in section if p.runs and p.runs[0].text.rstrip(":").replace(NBSP, " ") in labels]
    assert len(leads) == len(labels) > 0
    for p in leads:
        first, second = p.runs[0], p.runs[1]
        assert first.bold and not second.bold
        assert first.text.endswith(":") and second.text.startswith(" ")
    md = render(example, "md").decode()
    first_label = example.statement.paragraphs[0].label
    assert f"**{first_label}:** " in md
    # The statement itself (JSON) keeps the plain text.
    assert f"{first_label}: {example.statement.paragraphs[0].text}" in example.statement.section_text


def test_appendix_names_questions_and_options_in_danish(example):
    md = render(example, "md", with_appendix=True).decode()
    appendix = md[md.index("# Bilag") :]
    assert "tungest vejende" in appendix and "»»" not in appendix
    # Questions are shown in their wording with their id, answers by their label.
    assert "(bolig.aeldre\\_handicap): »Ja« (værktøjets forslag)" in appendix
    assert "Dato: 27. november 2026" in md
    assert '"date": "2026-11-27"' in render(example, "json").decode()
    assert ".." not in appendix.replace("...", "")


def test_rule_hits_are_one_line_per_question_under_each_provision(example):
    md = render(example, "md", with_appendix=True).decode()
    appendix = md[md.index("## Bestemmelser, vurderingen hviler på") :]
    for block in appendix.split("\n### ")[1:]:
        lines = [line for line in block.splitlines() if line.startswith("- **Grundlag:** udslag på screeningsspørgsmål ")]
        questions = [line.split("screeningsspørgsmål ")[1].split(" ")[0] for line in lines]
        assert len(questions) == len(set(questions)), block[:80]


def test_a_lawyers_answer_is_shown_as_the_lawyers(screener, example_path, example):
    ref = next(c.ref for c in example.clauses if c.ref.startswith("§ 2, nr. 1"))
    given = [AnswerRecord(question_id="bolig.aeldre_handicap", answer="ja", source="bruger", refs=[ref],
                          note="Bekræftet af kontoret.")]
    a = screener.screen(example_path, given, fixed_date="2026-11-27")
    md = render(a, "md", with_appendix=True).decode()
    line = next(line for line in md.splitlines() if "(bolig.aeldre\\_handicap)" in line)
    assert "»Ja« (juristens svar)" in line and ref in line
    assert next(d for d in a.dimensions if d.id == "bolig").decided_by_user


def test_real_act_renders_a4_danish_with_repeated_headers(screener, bill_path):
    act = bill_path("lbk-2020-1768-foraeldreansvarsloven")
    a = screener.screen(act, fixed_date="2026-11-27")
    data = render(a, "docx")
    assert data == render(a, "docx")
    doc = docx.Document(io.BytesIO(data))
    assert all(abs(s.page_width - Cm(21)) < Cm(0.01) for s in doc.sections)
    assert all(t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None for t in doc.tables)
    assert 'w:val="da-DK"' in _styles_xml(data)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "§" in text and not re.search(r"(§|stk\.|nr\.) \d", text)


def test_danish_date():
    assert danish_date("2026-11-27") == "27. november 2026"
    assert danish_date("2024-05-01") == "1. maj 2024"
    assert danish_date("ukendt") == "ukendt"


def test_outline_leads_are_plain_text_in_the_statement(example):
    blocks = outline(example)
    leads = [b for b in blocks if b.lead]
    assert any(b.kind == "paragraph" for b in leads) and any(b.kind == "bullet" for b in leads)
    texts = {p.text for p in example.statement.paragraphs}
    paragraphs = [b for b in blocks if b.kind == "paragraph" and b.lead]
    assert all(b.text in texts for b in paragraphs)
