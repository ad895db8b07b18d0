"""Readers: each format gives the bill's lines; docx numbering, headings and tables; encodings."""

from __future__ import annotations

import hashlib
import io
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from fixtures_build import SAMPLE_BILL, build_all, build_docx, classify
from lxml import etree

from relationel_bundlinje import resources
from relationel_bundlinje.errors import InputError
from relationel_bundlinje.ingest import DEFAULT_LIMITS, Limits, document_lines, read_bytes, read_path, read_string
from relationel_bundlinje.ingest.docx_numbering import Numbering
from relationel_bundlinje.models import SourceDocument

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _bills() -> list[tuple[str, list[str]]]:
    bills = [("eget", SAMPLE_BILL.splitlines())]
    example = resources.example_bill()
    if example.is_file():
        bills.append(("eksempel", example.read_text(encoding="utf-8").splitlines()))
    return bills


BILLS = _bills()


def assert_block_contract(doc: SourceDocument) -> None:
    for block in doc.blocks:
        text = block.text
        assert text and text == text.strip(), block
        assert "\n" not in text and "\t" not in text and "  " not in text, block
        assert "\u00a0" not in text and "\u00ad" not in text, block
        assert unicodedata.normalize("NFC", text) == text, block


# --------------------------------------------------------------------------- same bill, four formats


@pytest.mark.parametrize(("label", "lines"), BILLS, ids=[b[0] for b in BILLS])
def test_same_bill_gives_same_lines_in_every_format(tmp_path: Path, label: str, lines: list[str]) -> None:
    paths = build_all(lines, tmp_path)
    expected = [line.strip() for line in lines if line.strip()]
    for fmt, path in paths.items():
        doc = read_path(path)
        assert doc.source.format == fmt
        assert_block_contract(doc)
        assert document_lines(doc) == expected, fmt


def test_docx_numbers_are_computed_not_stored(tmp_path: Path) -> None:
    path = build_docx(SAMPLE_BILL.splitlines(), tmp_path / "l.docx")
    body = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    assert ">Efter § 85 indsættes:<" in body.replace("\u00a0", " ")
    assert "3. Efter" not in body and "2.1.1" not in body  # Word stores no numbers in the text
    texts = [b.text for b in read_path(path).blocks]
    assert "3. Efter § 85 indsættes:" in texts
    assert "4. § 97, stk. 3, ophæves." in texts
    assert "2.1.2. Den foreslåede ordning" in texts
    # Deeper levels restart: after 2.1.2 comes 2.2, then 3.
    assert texts.index("2.2. Mødesteder") < texts.index(
        "3. Økonomiske konsekvenser og implementeringskonsekvenser for det offentlige"
    )


def test_docx_headings_tables_and_kinds(tmp_path: Path) -> None:
    doc = read_path(build_docx(SAMPLE_BILL.splitlines(), tmp_path / "l.docx"))
    headings = {b.text: b.level for b in doc.blocks if b.kind == "heading"}
    assert headings["Bemærkninger til lovforslaget"] == 1
    assert headings["Almindelige bemærkninger"] == 2
    assert headings["Til § 1"] == 3
    assert headings["Til nr. 3"] == 4
    assert headings["2.1. Ledsagelse"] == 4
    change = next(b for b in doc.blocks if b.text.startswith("1. I § 83, stk. 1"))
    assert change.kind == "list_item"
    cells = [b for b in doc.blocks if b.kind == "table_cell"]
    assert {b.table for b in cells} == {0}
    assert (cells[0].row, cells[0].col, cells[0].text) == (0, 1, "Positive konsekvenser/mindreudgifter")
    assert any(b.row == 1 and b.col == 2 and b.text == "40 mio. kr. årligt" for b in cells)
    # The builder typed "§ 85 a." with a non-breaking space; blocks carry a normal space.
    assert "»§ 85 a. Kommunalbestyrelsen skal sørge for, at der i kommunen findes mødesteder, hvor ældre kan mødes med andre, herunder" in [b.text for b in doc.blocks]


def _numbered_docx(tmp_path: Path, levels_xml: str, paragraphs: list[tuple[str, str | None, int]]) -> Path:
    """A docx with one abstract numbering; paragraphs are (text, numId or None, ilvl)."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    first_num = numbering.find(f"{{{numbering.nsmap['w']}}}num")
    definition = parse_xml(f'<w:abstractNum {W_NS} w:abstractNumId="70">{levels_xml}</w:abstractNum>')
    if first_num is not None:
        first_num.addprevious(definition)
    else:
        numbering.append(definition)
    numbering.append(parse_xml(f'<w:num {W_NS} w:numId="71"><w:abstractNumId w:val="70"/></w:num>'))
    numbering.append(
        parse_xml(
            f'<w:num {W_NS} w:numId="72"><w:abstractNumId w:val="70"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        )
    )
    for text, num_id, ilvl in paragraphs:
        paragraph = document.add_paragraph(text)
        if num_id:
            paragraph._p.get_or_add_pPr().append(
                parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')
            )
    path = tmp_path / "numbered.docx"
    document.save(str(path))
    return path


def test_docx_numbering_formats_patterns_and_restarts(tmp_path: Path) -> None:
    levels = (
        '<w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1)"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl>'
        '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="%1.%3"/>'
        '<w:suff w:val="nothing"/></w:lvl>'
    )
    path = _numbered_docx(
        tmp_path,
        levels,
        [
            ("første", "71", 0),
            ("litra", "71", 1),
            ("litra igen", "71", 1),
            ("romertal", "71", 2),
            ("romertal igen", "71", 2),
            ("anden", "71", 0),
            ("ny litra", "71", 1),
            ("almindelig tekst", None, 0),
            ("forfra", "72", 0),
        ],
    )
    assert [b.text for b in read_path(path).blocks] == [
        "3) første",
        "a) litra",
        "b) litra igen",
        "3.iromertal",
        "3.iiromertal igen",
        "4) anden",
        "a) ny litra",
        "almindelig tekst",
        "1) forfra",
    ]


def test_docx_numbering_through_style_and_danish_heading_names(tmp_path: Path) -> None:
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum {W_NS} w:abstractNumId="80"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
            '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        ),
    )
    numbering.append(parse_xml(f'<w:num {W_NS} w:numId="81"><w:abstractNumId w:val="80"/></w:num>'))
    styles = document.styles.element
    styles.append(
        parse_xml(
            f'<w:style {W_NS} w:type="paragraph" w:styleId="Aendringspunkt"><w:name w:val="Ændringspunkt"/>'
            '<w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="81"/></w:numPr></w:pPr></w:style>'
        )
    )
    styles.append(
        parse_xml(
            f'<w:style {W_NS} w:type="paragraph" w:styleId="Overskrift2"><w:name w:val="Overskrift 2"/>'
            '<w:basedOn w:val="Normal"/></w:style>'
        )
    )
    document.add_paragraph("Almindelige bemærkninger", style="Overskrift 2")
    document.add_paragraph("I § 1 ændres »a« til: »b«.", style="Ændringspunkt")
    document.add_paragraph("§ 2 ophæves.", style="Ændringspunkt")
    path = tmp_path / "styles.docx"
    document.save(str(path))
    blocks = read_path(path).blocks
    assert (blocks[0].kind, blocks[0].level, blocks[0].text) == ("heading", 2, "Almindelige bemærkninger")
    assert [b.text for b in blocks[1:]] == ["1. I § 1 ændres »a« til: »b«.", "2. § 2 ophæves."]


def test_numbering_shared_definition_continues_across_lists() -> None:
    root = etree.fromstring(
        f'<w:numbering {W_NS}><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        '<w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="6"><w:abstractNumId w:val="1"/></w:num></w:numbering>'
    )
    numbering = Numbering(root)
    labels = [numbering.label(n, 0) for n in ("5", "5", "6", "0", "99")]
    assert labels == [("I.", " "), ("II.", " "), ("III.", " "), None, None]


def test_docx_tracked_changes_hidden_text_and_content_controls(tmp_path: Path) -> None:
    document = docx.Document()
    body = document.element.body
    body.insert(
        0,
        parse_xml(
            f'<w:sdt {W_NS}><w:sdtContent><w:p><w:r><w:t xml:space="preserve">Loven gælder </w:t></w:r>'
            '<w:del w:id="1" w:author="x"><w:r><w:delText>ikke </w:delText></w:r></w:del>'
            '<w:ins w:id="2" w:author="x"><w:r><w:t>også </w:t></w:r></w:ins>'
            '<w:r><w:rPr><w:vanish/></w:rPr><w:t>skjult </w:t></w:r>'
            '<w:r><w:t>for Grøn</w:t></w:r><w:r><w:t>land.</w:t></w:r></w:p></w:sdtContent></w:sdt>'
        ),
    )
    path = tmp_path / "tracked.docx"
    document.save(str(path))
    assert [b.text for b in read_path(path).blocks] == ["Loven gælder også for Grønland."]


# --------------------------------------------------------------------------- text


def test_txt_utf8_bom_utf16_and_cp1252(tmp_path: Path) -> None:
    text = "Forslag til Lov om ændring af lov om social service\n§ 1\nStk. 2. Ægtefæller og børn bevarer retten.\n"
    for name, data in [
        ("bom.txt", b"\xef\xbb\xbf" + text.encode("utf-8")),
        ("utf16.txt", text.encode("utf-16")),
        ("cp1252.txt", text.encode("cp1252")),
        ("latin1.text", text.encode("latin-1")),
    ]:
        path = tmp_path / name
        path.write_bytes(data)
        doc = read_path(path)
        assert [b.text for b in doc.blocks] == [line for line in text.splitlines()], name
        assert doc.source.sha256 == hashlib.sha256(data).hexdigest()
        assert doc.source.size == len(data)


def test_txt_double_encoded_is_repaired() -> None:
    good = "Loven træder i kraft – »Stk. 5« gælder for ægtefæller og Åbenrå Kommune."
    bad = good.encode("utf-8").decode("cp1252")
    assert "Ã¦" in bad
    doc = read_bytes(bad.encode("utf-8"), "dobbelt.txt")
    assert doc.blocks[0].text == good
    twice = bad.encode("utf-8").decode("cp1252")
    assert "ÃƒÂ¦" in twice
    assert read_bytes(twice.encode("utf-8"), "tre-gange.txt").blocks[0].text == good


def test_txt_line_cleanup_and_markdown_headings() -> None:
    data = "§\u00a01. Lov\u00adforslaget\tgælder   her.\r\n\r\n   \n# Almindelige bemærkninger\n".encode()
    doc = read_bytes(data, "forslag.md")
    assert [(b.kind, b.level, b.text) for b in doc.blocks] == [
        ("paragraph", None, "§ 1. Lovforslaget gælder her."),
        ("heading", 1, "Almindelige bemærkninger"),
    ]
    plain = read_bytes(data, "forslag.txt")
    assert plain.blocks[1].kind == "paragraph" and plain.blocks[1].text == "# Almindelige bemærkninger"


def test_decomposed_unicode_becomes_nfc() -> None:
    doc = read_string("Ga\u030ar til sko\u0308le")
    assert doc.blocks[0].text == "Går til sköle"
    assert doc.source.format == "txt" and doc.source.name == "<tekst>"


def test_read_path_does_not_modify_input(tmp_path: Path) -> None:
    path = tmp_path / "l.txt"
    path.write_text(SAMPLE_BILL, encoding="utf-8")
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    path.chmod(0o444)
    doc = read_path(str(path))
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert doc.source.name == "l.txt"
    assert doc.source.sha256 == hashlib.sha256(before[0]).hexdigest()


def test_real_retsinformation_texts_read(bills_dir: Path) -> None:
    # Through the ``bills_dir`` fixture: skipped without the shared bills, but required in CI.
    files = sorted(bills_dir.glob("*.txt"))
    assert len(files) > 100
    for path in files:
        doc = read_path(path)
        assert_block_contract(doc)
        assert doc.blocks[0].text, path.name
        raw_lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        assert len(doc.blocks) == len(raw_lines), path.name
        assert any(b.text.startswith("§") for b in doc.blocks), path.name


# --------------------------------------------------------------------------- html


def test_html_blocks_drop_chrome_and_read_tables() -> None:
    page = """<html><head><title>Titel</title><style>p{}</style></head><body>
    <nav><a>Menu</a></nav><script>var x = "§ 99";</script>
    <h1>Forslag til Lov om ændring af lov om social service</h1>
    <div class="Paragraf">§&nbsp;1</div>
    <p class="Tekst">I lov om social service<br/>foretages følgende <b>ændring</b>:</p>
    <ul><li>Første punkt<ul><li>Underpunkt</li></ul></li></ul>
    <table><tr><th>Konsekvens</th><th colspan="2">Beskrivelse</th><td>X</td></tr>
    <tr><td><p>Økonomi</p><p>stat</p></td><td></td><td>Ingen</td></tr></table>
    <div>Løs <span>tekst</span><div>indlejret</div>efter</div>
    <footer>Kontakt</footer></body></html>"""
    doc = read_bytes(page.encode("utf-8"), "l.html")
    got = [(b.kind, b.level, b.text, b.row, b.col) for b in doc.blocks]
    assert got == [
        ("heading", 1, "Forslag til Lov om ændring af lov om social service", None, None),
        ("paragraph", None, "§ 1", None, None),
        ("paragraph", None, "I lov om social service foretages følgende ændring:", None, None),
        ("list_item", None, "Første punkt", None, None),
        ("list_item", None, "Underpunkt", None, None),
        ("table_cell", None, "Konsekvens", 0, 0),
        ("table_cell", None, "Beskrivelse", 0, 1),
        ("table_cell", None, "X", 0, 3),
        ("table_cell", None, "Økonomi stat", 1, 0),
        ("table_cell", None, "Ingen", 1, 2),
        ("paragraph", None, "Løs tekst", None, None),
        ("paragraph", None, "indlejret", None, None),
        ("paragraph", None, "efter", None, None),
    ]


def test_html_declared_windows_1252() -> None:
    page = '<html><head><meta charset="windows-1252"></head><body><p>Ægtefæller på øen</p></body></html>'
    doc = read_bytes(page.encode("cp1252"), "l.htm")
    assert [b.text for b in doc.blocks] == ["Ægtefæller på øen"]


# --------------------------------------------------------------------------- xml

LEXDANIA = """<?xml version="1.0" encoding="utf-8"?>
<Dokument>
  <Meta><DocumentType>LOV</DocumentType><DocumentTitle>Lov om ændring af lov om social service</DocumentTitle></Meta>
  <DokumentIndhold>
    <Kapitel>
      <Explicatus>Kapitel 1</Explicatus>
      <Rubrica><Linea><Char>Formål</Char></Linea></Rubrica>
      <Paragraf>
        <Explicatus>§ 1.</Explicatus>
        <Stk><Exitus><Linea><Char>Kommunen tilbyder </Char><Char formaChar="Italic">ledsagelse</Char><Char> til:</Char></Linea>
          <Indentatio><Explicatus>1)</Explicatus><Exitus><Linea><Char>besøg hos familie og</Char></Linea></Exitus></Indentatio>
          <Indentatio><Explicatus>2)</Explicatus><Exitus><Linea><Char>foreningsliv.</Char></Linea></Exitus></Indentatio>
        </Exitus></Stk>
        <Stk><Explicatus>Stk. 2.</Explicatus><Exitus><Linea><Char>Ledsagelse er gratis.</Char>
          <Nota><Explicatus>1)</Explicatus><Exitus><Linea><Char>En fodnote.</Char></Linea></Exitus></Nota></Linea></Exitus></Stk>
      </Paragraf>
    </Kapitel>
    <AendringCentreretParagraf>
      <Explicatus>§ 2</Explicatus>
      <Exitus><Linea><Char>I lov om almene boliger foretages følgende ændringer:</Char></Linea></Exitus>
      <AendringsNummer>
        <Explicatus>3.</Explicatus>
        <Aendring>
          <AendringDefinition><Linea>Efter <Char signiChar="AendringURN">§ 85</Char> indsættes:</Linea></AendringDefinition>
          <AendringAktion><AendringNyTekst>
            <Paragraf><Explicatus>§ 85 a.</Explicatus><Stk><Exitus><Linea><Char>Ægtefæller kan bo sammen.</Char></Linea></Exitus></Stk>
              <Stk><Explicatus>Stk. 2.</Explicatus><Exitus><Linea><Char>Det gælder også samlevere.</Char></Linea></Exitus></Stk></Paragraf>
          </AendringNyTekst></AendringAktion>
        </Aendring>
      </AendringsNummer>
      <AendringsNummer><Explicatus>4.</Explicatus><Aendring>
        <AendringDefinition><Linea>I § 9 indsættes som 2. pkt.:</Linea></AendringDefinition>
        <AendringAktion><AendringNyTekst>Besøg kan ikke nægtes.</AendringNyTekst></AendringAktion>
      </Aendring></AendringsNummer>
    </AendringCentreretParagraf>
  </DokumentIndhold>
</Dokument>
"""


def test_lexdania_reads_like_the_printed_bill() -> None:
    doc = read_bytes(LEXDANIA.encode("utf-8"), "lov.xml")
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "Lov om ændring af lov om social service"),
        ("heading", "Kapitel 1"),
        ("heading", "Formål"),
        ("paragraph", "§ 1. Kommunen tilbyder ledsagelse til:"),
        ("paragraph", "1) besøg hos familie og"),
        ("paragraph", "2) foreningsliv."),
        ("paragraph", "Stk. 2. Ledsagelse er gratis."),
        ("paragraph", "§ 2"),
        ("paragraph", "I lov om almene boliger foretages følgende ændringer:"),
        ("paragraph", "3. Efter § 85 indsættes:"),
        ("paragraph", "»§ 85 a. Ægtefæller kan bo sammen."),
        ("paragraph", "Stk. 2. Det gælder også samlevere.«"),
        ("paragraph", "4. I § 9 indsættes som 2. pkt.:"),
        ("paragraph", "»Besøg kan ikke nægtes.«"),
    ]


def test_generic_xml_with_namespace() -> None:
    data = (
        '<?xml version="1.0"?><doc xmlns="urn:x"><title>Lov om test</title>'
        "<section><para>Første afsnit.</para><para>Andet <em>afsnit</em>.</para></section>"
        "<note>Slut</note></doc>"
    ).encode()
    doc = read_bytes(data, "x.xml")
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "Lov om test"),
        ("paragraph", "Første afsnit."),
        ("paragraph", "Andet afsnit."),
        ("paragraph", "Slut"),
    ]


# --------------------------------------------------------------------------- pdf


def pdf_with_text(lines: list[str]) -> bytes:
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    ops = b"BT /F1 12 Tf 72 760 Td 16 TL "
    for line in lines:
        escaped = line.encode("cp1252").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        ops += b"(" + escaped + b") Tj T* "
    stream = DecodedStreamObject()
    stream.set_data(ops + b"ET")
    page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pdf_text_layer_one_block_per_line() -> None:
    lines = ["Forslag til Lov om ændring af lov om social service", "§ 1", "Loven træder i kraft den 1. juli 2027."]
    doc = read_bytes(pdf_with_text(lines), "l.pdf")
    assert [b.text for b in doc.blocks] == lines
    assert doc.source.format == "pdf"


# --------------------------------------------------------------------------- api


def test_read_bytes_format_override_and_limits_env(monkeypatch: pytest.MonkeyPatch) -> None:
    doc = read_bytes(b"<p>Hej</p>", "upload", fmt="htm")
    assert doc.source.format == "html" and doc.blocks[0].text == "Hej"
    monkeypatch.setenv("BUNDLINJE_MAX_BYTES", "10")
    with pytest.raises(InputError, match="for stor"):
        read_bytes(b"x" * 11, "l.txt")
    assert read_bytes(b"x" * 11, "l.txt", limits=Limits(max_bytes=20)).blocks[0].text == "x" * 11
    assert Limits.from_env().max_bytes == 10
    assert DEFAULT_LIMITS.max_bytes == 50 * 1024 * 1024


def test_classify_marks_the_parts_the_builders_need() -> None:
    kinds = {(line.kind, line.text) for line in classify(SAMPLE_BILL.splitlines())}
    assert ("change", "Efter § 85 indsættes:") in kinds
    assert ("centred", "§ 2") in kinds
    assert ("section", "Gældende ret") in kinds


def test_html_double_encoded_is_repaired() -> None:
    page = "<p>Ægtefæller på øen</p>".encode("utf-8").decode("cp1252").encode("utf-8")
    assert [b.text for b in read_bytes(page, "l.html").blocks] == ["Ægtefæller på øen"]
