"""Blocks -> a Word document in a sober ministry house style (statement, guide and synopsis alike).

A4 with 2.5 cm margins, Danish as the document language (spelling and hyphenation), one serif
house font with black bold headings, page numbers in the footer, tables with fixed column widths
and a repeated header row, and non-breaking spaces that keep "§" and "stk."/"nr."/"pkt." with
their number. Only the Word rendering gets the non-breaking spaces: JSON and Markdown keep the
plain text.

The output is deterministic: core properties take the record date, and the zip container is
rewritten with fixed entry timestamps (python-docx stamps entries with the current time).
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

from .blocks import Block

FONT = "Times New Roman"
#: Fonts a machine without Times New Roman should use instead (LibreOffice's metric-compatible
#: Liberation Serif first), declared in the document's font table.
FONT_FALLBACKS = ("Liberation Serif", "Tinos", "DejaVu Serif")
LANGUAGE = "da-DK"
BODY_PT = 12
SMALL_PT = 11  # appendix quotes, bullets and tables
FOOTER_PT = 10
PAGE_CM = (21.0, 29.7)
MARGIN_CM = 2.5
TEXT_WIDTH_CM = PAGE_CM[0] - 2 * MARGIN_CM

#: Average width of a character of the house font at the table's size (cm), with a margin for
#: bold header text; used to keep every column at least as wide as its longest word.
CHAR_CM = 0.215
CELL_PADDING_CM = 0.45

# XML 1.0 forbids these; a document must never fail to save because of one stray character.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

#: (style id, size in pt, space before, space after) of the headings.
HEADINGS = (("Heading1", 16, 18, 6), ("Heading2", 13, 14, 4), ("Heading3", 12, 10, 3))

_NBSP_BEFORE_NUMBER = re.compile(r"(§§?|\bstk\.|\bnr\.|\bpkt\.) (?=\d)")
_NBSP_AFTER_NUMBER = re.compile(r"(\d) (?=(?:kr|mio|mia|pct)\.)")
_NBSP_PARAGRAPH_LETTER = re.compile(r"(§\u00a0\d+) (?=[a-zæøå](?:[,.;:)\s]|$))")


def clean(text: str) -> str:
    return _XML_INVALID.sub("", text)


def nbsp(text: str) -> str:
    """``text`` with non-breaking spaces after "§"/"§§"/"stk."/"nr."/"pkt." before a number, in
    "§ 137 d", and between a number and "kr."/"mio."/"mia."/"pct.", so a line never ends with a
    bare "§" or splits a reference."""
    text = _NBSP_BEFORE_NUMBER.sub("\\1\u00a0", clean(text))
    text = _NBSP_PARAGRAPH_LETTER.sub("\\1\u00a0", text)
    return _NBSP_AFTER_NUMBER.sub("\\1\u00a0", text)


def _record_datetime(date: str) -> datetime:
    try:
        return datetime.strptime(date, "%Y-%m-%d")
    except ValueError:
        return datetime(2000, 1, 1)


# --------------------------------------------------------------------------- styles and page


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def _element(tag: str, **attrs: str):
    from docx.oxml import OxmlElement

    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(_qn(f"w:{key}"), value)
    return el


#: The order of ``w:rPr`` children in the schema (a child goes before its successors).
_RPR_SEQUENCE = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
    "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
    "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz",
    "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign",
    "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath",
)


def _put(rpr, tag: str, **attrs: str):
    """Replace the ``tag`` child of ``rpr`` (keeping schema order) and return it."""
    for old in rpr.findall(_qn(tag)):
        rpr.remove(old)
    el = _element(tag, **attrs)
    rpr.insert_element_before(el, *_RPR_SEQUENCE[_RPR_SEQUENCE.index(tag) + 1 :])
    return el


def _set_fonts(rpr, size_pt: int) -> None:
    """Explicit house font, size and Danish language on a ``w:rPr`` (no theme fonts)."""
    _put(rpr, "w:rFonts", ascii=FONT, hAnsi=FONT, eastAsia=FONT, cs=FONT)
    _put(rpr, "w:sz", val=str(size_pt * 2))
    _put(rpr, "w:szCs", val=str(size_pt * 2))
    old = rpr.find(_qn("w:lang"))
    keep = {k: old.get(_qn(f"w:{k}")) for k in ("eastAsia", "bidi")} if old is not None else {}
    _put(rpr, "w:lang", val=LANGUAGE, **{k: v for k, v in keep.items() if v})


def _style_house(doc) -> None:
    """One serif house font, black bold headings, Danish language, single line spacing."""
    from docx.shared import Pt

    styles = doc.styles.element
    # Theme fonts (Calibri/Cambria) and theme colours (blue headings) out of every style.
    for fonts in styles.iter(_qn("w:rFonts")):
        for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            fonts.attrib.pop(_qn(f"w:{attr}"), None)
    for style in styles.findall(_qn("w:style")):
        style_id = style.get(_qn("w:styleId")) or ""
        if style_id.startswith(("Heading", "Title", "Subtitle", "Quote", "IntenseQuote")):
            for color in style.iter(_qn("w:color")):
                color.getparent().remove(color)

    defaults = styles.find(_qn("w:docDefaults"))
    _set_fonts(defaults.find(_qn("w:rPrDefault")).find(_qn("w:rPr")), BODY_PT)

    normal = doc.styles["Normal"]
    _set_fonts(normal.element.get_or_add_rPr(), BODY_PT)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.0

    for style_id, size, before, after in HEADINGS:
        style = doc.styles.get_by_id(style_id, 1)  # WD_STYLE_TYPE.PARAGRAPH
        style.font.bold = True
        style.font.italic = False
        style.font.size = Pt(size)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(after)
        style.paragraph_format.keep_with_next = True

    quote = doc.styles["Quote"]
    quote.font.size = Pt(SMALL_PT)
    quote.paragraph_format.left_indent = _cm(0.75)
    quote.paragraph_format.space_after = Pt(4)
    bullet = doc.styles["List Bullet"]
    bullet.font.size = Pt(SMALL_PT)
    bullet.paragraph_format.space_after = Pt(3)

    settings = doc.settings.element
    theme_lang = settings.find(_qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(_qn("w:val"), LANGUAGE)


def _cm(value: float):
    from docx.shared import Cm

    return Cm(value)


def _page_setup(doc) -> None:
    from docx.enum.section import WD_ORIENT

    for section in doc.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width = _cm(PAGE_CM[0])
        section.page_height = _cm(PAGE_CM[1])
        for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
            setattr(section, side, _cm(MARGIN_CM))
        section.header_distance = _cm(1.25)
        section.footer_distance = _cm(1.25)
        _page_footer(section)


def _field(paragraph, instruction: str, shown: str) -> None:
    """A complex field (PAGE, NUMPAGES) with a placeholder result that Word and LibreOffice update."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("text", shown), ("end", None)):
        run = paragraph.add_run()
        if kind == "instr":
            instr = _element("w:instrText")
            instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            instr.text = f" {text} "
            run._r.append(instr)
        elif kind == "text":
            run.text = text
        else:
            run._r.append(_element("w:fldChar", fldCharType=kind))


def _page_footer(section) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    footer = section.footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("Side ")
    _field(paragraph, "PAGE", "1")
    paragraph.add_run(" af ")
    _field(paragraph, "NUMPAGES", "1")
    for run in paragraph.runs:
        run.font.size = Pt(FOOTER_PT)


# --------------------------------------------------------------------------- blocks


def column_widths(rows: list[list[str]], total: float = TEXT_WIDTH_CM) -> tuple[float, ...]:
    """Column widths (cm) adding up to ``total``: each column at least as wide as its longest word
    (so "Relevant" is never broken into "Releva nt"), the rest shared by how much text each holds."""
    columns = max(len(r) for r in rows)
    minimum = []
    weight = []
    for j in range(columns):
        cells = [r[j] if j < len(r) else "" for r in rows]
        longest = max((len(w) for c in cells for w in c.split()), default=1)
        minimum.append(longest * CHAR_CM + CELL_PADDING_CM)
        weight.append(max(1, sum(len(c) for c in cells)) ** 0.5)
    spare = total - sum(minimum)
    if spare <= 0:
        scale = total / sum(minimum)
        return tuple(round(m * scale, 2) for m in minimum)
    widths = [m + spare * w / sum(weight) for m, w in zip(minimum, weight, strict=True)]
    return tuple(round(w, 2) for w in widths)


def _cell_text(cell, text: str, *, bold: bool = False, runs: list[tuple[str, str]] | None = None) -> None:
    from docx.enum.text import WD_COLOR_INDEX
    from docx.shared import Pt

    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_before = Pt(2)
    paragraph.paragraph_format.space_after = Pt(2)
    for kind, part in runs if runs is not None else [("", text)]:
        run = paragraph.add_run(nbsp(part))
        run.font.size = Pt(SMALL_PT)
        if bold:
            run.bold = True
        if kind == "del":
            run.font.strike = True
            run.font.highlight_color = WD_COLOR_INDEX.PINK
        elif kind == "ins":
            run.font.underline = True
            run.font.highlight_color = WD_COLOR_INDEX.BRIGHT_GREEN


def _add_table(doc, block: Block) -> None:
    header, *rows = block.rows
    widths = column_widths(block.rows)
    if block.name == "skema":
        # The sammenfattende skema's two consequence columns are always equally wide.
        half = round((sum(widths) - widths[0]) / 2, 2)
        widths = (widths[0], half, half)
    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.style = "Table Grid"
    table.autofit = False  # fixed layout: Word keeps the widths below instead of fitting to content
    tbl_pr = table._tbl.tblPr
    tbl_w = tbl_pr.find(_qn("w:tblW"))
    if tbl_w is None:
        tbl_w = _element("w:tblW")
        tbl_pr.append(tbl_w)
    tbl_w.set(_qn("w:w"), str(round(sum(widths) / 2.54 * 1440)))
    tbl_w.set(_qn("w:type"), "dxa")
    for column, width in zip(table.columns, widths):
        column.width = _cm(width)
    for r, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(_element("w:cantSplit"))  # a row is never split across pages
        if r == 0:
            tr_pr.append(_element("w:tblHeader"))  # the header row repeats on every page
        for cell, width in zip(row.cells, widths):
            cell.width = _cm(width)
    for i, text in enumerate(header):
        _cell_text(table.rows[0].cells[i], text, bold=True)
    for r, row in enumerate(rows, start=1):
        for i, text in enumerate(row):
            marks = block.marks[r - 1][i] if block.marks is not None else None
            _cell_text(table.rows[r].cells[i], text, runs=marks)


def _add_text(doc, block: Block, style: str | None = None):
    paragraph = doc.add_paragraph(style=style)
    if block.lead:
        paragraph.add_run(nbsp(block.lead)).bold = True
        paragraph.add_run(" " + nbsp(block.text))
    else:
        paragraph.add_run(nbsp(block.text))
    return paragraph


def _font_fallbacks(doc) -> None:
    """Declare the house font with metric-compatible fallbacks in the font table."""
    from lxml import etree

    part = next((r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/fontTable")), None)
    if part is None:
        return
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    root = etree.fromstring(part.blob)
    for old in root.findall(f"{{{ns}}}font"):
        if old.get(f"{{{ns}}}name") == FONT:
            root.remove(old)
    font = etree.SubElement(root, f"{{{ns}}}font", {f"{{{ns}}}name": FONT})
    etree.SubElement(font, f"{{{ns}}}altName", {f"{{{ns}}}val": ",".join(FONT_FALLBACKS)})
    etree.SubElement(font, f"{{{ns}}}panose1", {f"{{{ns}}}val": "02020603050405020304"})
    etree.SubElement(font, f"{{{ns}}}charset", {f"{{{ns}}}val": "00"})
    etree.SubElement(font, f"{{{ns}}}family", {f"{{{ns}}}val": "roman"})
    etree.SubElement(font, f"{{{ns}}}pitch", {f"{{{ns}}}val": "variable"})
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def render_docx(blocks: list[Block], *, title: str, subject: str, date: str, comments: str = "") -> bytes:
    """The blocks as a Word document; ``date`` (ISO) stamps the core properties and the zip
    entries, so the same blocks and date give the same bytes."""
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    _style_house(doc)
    _font_fallbacks(doc)
    _page_setup(doc)
    previous_kind = None
    previous = None
    for block in blocks:
        paragraph = None
        if block.kind == "heading":
            paragraph = doc.add_heading(nbsp(block.text), level=block.level)
        elif block.kind == "paragraph":
            paragraph = _add_text(doc, block)
        elif block.kind == "note":
            paragraph = doc.add_paragraph()
            paragraph.add_run(nbsp(block.text)).italic = True
        elif block.kind == "quote":
            paragraph = _add_text(doc, block, "Quote")
        elif block.kind == "bullet":
            paragraph = _add_text(doc, block, "List Bullet")
        elif block.kind == "table":
            if previous is not None:
                previous.paragraph_format.keep_with_next = True  # an introducing note stays with its table
            _add_table(doc, block)
        if paragraph is not None and block.kind != "heading":
            if previous_kind == "table":
                paragraph.paragraph_format.space_before = Pt(9)
            elif previous_kind == "bullet" and block.kind != "bullet":
                paragraph.paragraph_format.space_before = Pt(6)
        previous_kind = block.kind
        previous = paragraph

    when = _record_datetime(date)
    props = doc.core_properties
    props.title = clean(title)[:250]
    props.subject = clean(subject)[:250]
    props.author = "relationel-bundlinje"
    props.last_modified_by = "relationel-bundlinje"
    props.created = when
    props.modified = when
    props.last_printed = when
    props.revision = 1
    props.language = LANGUAGE
    props.keywords = "relationelle konsekvenser"
    props.comments = clean(comments)[:250]

    raw = io.BytesIO()
    doc.save(raw)
    return fix_zip_times(raw.getvalue(), when)


def fix_zip_times(data: bytes, when: datetime) -> bytes:
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()
