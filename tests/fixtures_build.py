"""Write one bill (its plain-text lines) as .docx, .html and LexDania-like .xml.

The builders model how each format really carries a bill, so readers are tested on the hard parts:
the .docx has Word heading styles, *automatic* numbering for change points and numbered remark
headings (the numbers are not in the text), a real table for the sammenfattende skema, non-breaking
spaces and runs split by formatting; the .html looks like a Folketinget page (navigation, scripts,
classes, ``<br>``, ``&shy;``); the .xml uses LexDania elements (``Paragraf``/``Explicatus``/``Stk``/
``Exitus``/``AendringCentreretParagraf``/``AendringsNummer``/``AendringNyTekst``). Reading any of
them back must give the bill's lines (see ``relationel_bundlinje.ingest.document_lines``).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

REMARKS_START = "Bemærkninger til lovforslaget"
FIXED_HEADINGS = {
    REMARKS_START: 1,
    "Almindelige bemærkninger": 2,
    "Bemærkninger til lovforslagets enkelte bestemmelser": 2,
}
_TIL_PARAGRAF = re.compile(r"^Til §§? \d+( [a-z])?(-\d+)?$")
_TIL_NR = re.compile(r"^Til nr\. \d+( og \d+)?$")
_KAPITEL = re.compile(r"^Kapitel \d+( [a-z])?$")
_SECTION = re.compile(r"^(\d+(?:\.\d+)*)\. (\S.*)$")
_CENTRED_PARAGRAF = re.compile(r"^§ \d+( [a-z])?$")
_CHANGE_POINT = re.compile(r"^(\d+)\. (\S.*)$")
_PARAGRAF = re.compile(r"^(§ \d+(?: [a-z])?\.) (.*)$")
_STK = re.compile(r"^(Stk\. \d+(?: [a-z])?\.) (.*)$")
_ITEM = re.compile(r"^(\d+\)) (.*)$")


@dataclass
class Line:
    kind: str  # title, heading, section, centred, intro, change, quoted, table, paragraph
    text: str
    level: int | None = None
    number: list[int] = field(default_factory=list)
    cells: list[str] = field(default_factory=list)


def split_pipe_row(line: str) -> list[str]:
    inner = line.strip()[1:]
    if inner.endswith("|"):
        inner = inner[:-1]
    return [cell.strip() for cell in inner.split("|")]


def classify(lines: list[str]) -> list[Line]:
    """Label the bill's non-empty lines with what they are in the printed bill."""
    out: list[Line] = []
    in_remarks = False
    in_amendments = False
    in_quote = False
    for raw in lines:
        text = raw.strip()
        if not text:
            continue
        if not out:
            out.append(Line("title", text, level=1))
            continue
        if in_quote or (text.startswith("»") and in_amendments and not in_remarks):
            out.append(Line("quoted", text))
            in_quote = not text.endswith("«")
            continue
        if text.startswith("|"):
            out.append(Line("table", text, cells=split_pipe_row(text)))
            continue
        if text == REMARKS_START:
            in_remarks, in_amendments = True, False
        if text in FIXED_HEADINGS:
            out.append(Line("heading", text, level=FIXED_HEADINGS[text]))
        elif in_remarks and _TIL_PARAGRAF.match(text):
            out.append(Line("heading", text, level=3))
        elif in_remarks and _TIL_NR.match(text):
            out.append(Line("heading", text, level=4))
        elif _KAPITEL.match(text):
            out.append(Line("heading", text, level=2))
        elif in_remarks and (m := _SECTION.match(text)) and len(text) < 120 and (not text.endswith(".") or text.endswith("m.v.")):
            number = [int(part) for part in m.group(1).split(".")]
            out.append(Line("section", m.group(2), level=2 + len(number), number=number))
        elif not in_remarks and _CENTRED_PARAGRAF.match(text):
            out.append(Line("centred", text))
            in_amendments = False
        elif not in_remarks and "foretages følgende ændring" in text:
            out.append(Line("intro", text))
            in_amendments = True
        elif in_amendments and (m := _CHANGE_POINT.match(text)):
            out.append(Line("change", m.group(2), number=[int(m.group(1))]))
        else:
            out.append(Line("paragraph", text))
    return out


def _table_groups(items: list[Line]) -> list[Line | list[Line]]:
    grouped: list[Line | list[Line]] = []
    for item in items:
        if item.kind == "table" and grouped and isinstance(grouped[-1], list):
            grouped[-1].append(item)
        elif item.kind == "table":
            grouped.append([item])
        else:
            grouped.append(item)
    return grouped


# --------------------------------------------------------------------------- docx


def build_docx(lines: list[str], path: Path) -> Path:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml

    document = docx.Document()
    numbering = document.part.numbering_part.element
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    # abstractNum 90: change points "1." ; abstractNum 91: remark sections "1.", "1.1.", "1.1.1."
    change_def = parse_xml(
        f'<w:abstractNum {ns} w:abstractNumId="90"><w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/>'
        '<w:lvlJc w:val="left"/></w:lvl></w:abstractNum>'
    )
    section_levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        f'<w:lvlText w:val="{"".join(f"%{j + 1}." for j in range(i + 1))}"/><w:suff w:val="space"/></w:lvl>'
        for i in range(4)
    )
    section_def = parse_xml(
        f'<w:abstractNum {ns} w:abstractNumId="91"><w:multiLevelType w:val="multilevel"/>'
        f"{section_levels}</w:abstractNum>"
    )
    first_num = numbering.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
    for definition in (change_def, section_def):
        if first_num is not None:
            first_num.addprevious(definition)
        else:
            numbering.append(definition)
    next_num_id = [900]

    def new_num(abstract_id: int, restart: bool) -> str:
        next_num_id[0] += 1
        override = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>' if restart else ""
        numbering.append(
            parse_xml(
                f'<w:num {ns} w:numId="{next_num_id[0]}"><w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'
            )
        )
        return str(next_num_id[0])

    def set_numbering(paragraph, num_id: str, ilvl: int) -> None:  # noqa: ANN001
        ppr = paragraph._p.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:numPr {ns}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))

    def add_runs(paragraph, text: str) -> None:  # noqa: ANN001
        # Labels in bold as printed; "§ 1" with a non-breaking space as Word users type it.
        text = text.replace("§ ", "§\u00a0")
        m = re.match(r"^(»?(?:§\u00a0\d+(?: [a-z])?\.|Stk\. \d+\.))( .*)$", text)
        if m:
            paragraph.add_run(m.group(1)).bold = True
            paragraph.add_run(m.group(2))
        else:
            paragraph.add_run(text)

    change_num: str | None = None
    expected_change = 1
    section_num = new_num(91, restart=False)
    section_counters: list[int] = []
    for item in _table_groups(classify(lines)):
        if isinstance(item, list):
            rows = [row.cells for row in item]
            width = max(len(r) for r in rows)
            table = document.add_table(rows=len(rows), cols=width)
            table.style = "Table Grid"
            for r, cells in enumerate(rows):
                for c, cell in enumerate(cells):
                    table.cell(r, c).text = cell
            continue
        if item.kind == "title":
            document.add_paragraph(item.text, style="Title")
        elif item.kind == "heading":
            document.add_heading(item.text, level=item.level)
        elif item.kind == "section":
            expected = _next_section(section_counters, len(item.number))
            paragraph = document.add_heading("", level=min(item.level or 3, 9))
            if expected == item.number:
                section_counters = expected
                set_numbering(paragraph, section_num, len(item.number) - 1)
                add_runs(paragraph, item.text)
            else:  # numbering the bill skips: keep the typed number
                add_runs(paragraph, ".".join(map(str, item.number)) + ". " + item.text)
        elif item.kind == "centred":
            paragraph = document.add_paragraph()
            add_runs(paragraph, item.text)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif item.kind == "intro":
            document.add_paragraph().add_run(item.text)
            change_num, expected_change = new_num(90, restart=True), 1
        elif item.kind == "change" and change_num and item.number[0] == expected_change:
            paragraph = document.add_paragraph(style="List Number")
            set_numbering(paragraph, change_num, 0)
            add_runs(paragraph, item.text)
            expected_change += 1
        elif item.kind == "change":
            add_runs(document.add_paragraph(), f"{item.number[0]}. {item.text}")
        else:
            add_runs(document.add_paragraph(), item.text)
    document.save(str(path))
    return path


def _next_section(counters: list[int], depth: int) -> list[int]:
    nxt = (counters + [0] * depth)[:depth]
    nxt[-1] += 1
    return nxt


# --------------------------------------------------------------------------- html

_HTML_HEAD = """<!DOCTYPE html>
<html lang="da">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>p.Paragraf {{ text-align: center; }} .skjult {{ display: none; }}</style>
<script>window.dataLayer = window.dataLayer || []; function gtag(){{ dataLayer.push(arguments); }}</script>
</head>
<body>
<nav class="top-menu"><ul><li><a href="/">Forside</a></li><li><a href="/dokumenter">Dokumenter</a></li></ul></nav>
<div id="main" class="lovforslag">
"""
_HTML_FOOT = """</div>
<footer><p>Folketinget, Christiansborg, 1240 København K</p></footer>
<script src="/scripts/site.js"></script>
</body>
</html>
"""


def _html_text(text: str) -> str:
    out = html.escape(text, quote=False).replace("§ ", "§&nbsp;")
    if len(text) > 100:
        # Word-exported HTML wraps long paragraphs with <br>; a long word may carry a soft hyphen.
        cut = out.find(" ", len(out) // 2)
        if cut > 0:
            out = out[:cut] + "<br>\n" + out[cut + 1 :]
        out = re.sub(r"(\w{6})(\w{6,})", r"\1&shy;\2", out, count=1)
    return out


def build_html(lines: list[str], path: Path) -> Path:
    items = classify(lines)
    parts = [_HTML_HEAD.format(title=html.escape(items[0].text if items else ""))]
    for item in _table_groups(items):
        if isinstance(item, list):
            parts.append('<table class="Skema">\n')
            for row in item:
                tag = "th" if row is item[0] else "td"
                cells = "".join(f"<{tag}><p>{_html_text(c)}</p></{tag}>" if c else f"<{tag}>&nbsp;</{tag}>" for c in row.cells)
                parts.append(f"<tr>{cells}</tr>\n")
            parts.append("</table>\n")
            continue
        text = _html_text(item.text)
        if item.kind == "title":
            parts.append(f'<h1 class="Titel">{text}</h1>\n')
        elif item.kind == "heading":
            parts.append(f'<h{min((item.level or 1) + 1, 6)} class="Overskrift">{text}</h{min((item.level or 1) + 1, 6)}>\n')
        elif item.kind == "section":
            number = ".".join(map(str, item.number)) + "."
            level = min(item.level or 3, 6)
            parts.append(f'<h{level}><span class="Nummer">{number}</span> {text}</h{level}>\n')
        elif item.kind == "centred":
            parts.append(f'<p class="Paragraf">{text}</p>\n')
        elif item.kind == "change":
            parts.append(f'<p class="NrAendring"><span class="AendringNr">{item.number[0]}.</span> {text}</p>\n')
        else:
            m = re.match(r"^(»?)(§&nbsp;\S+(?: [a-z])?\.|Stk\. \d+\.)( .*)$", text)
            if m:
                text = f'{m.group(1)}<span class="Nr">{m.group(2)}</span>{m.group(3)}'
            parts.append(f'<p class="Tekst">{text}</p>\n')
    parts.append(_HTML_FOOT)
    path.write_text("".join(parts), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- LexDania-like xml


def _char(text: str) -> str:
    return f"<Linea><Char>{escape(text)}</Char></Linea>"


def _provisions_xml(lines: list[str]) -> str:
    """'§ 84 a. …', 'Stk. 2. …', '1) …' lines as Paragraf/Stk/Indentatio (label and text apart)."""
    out: list[str] = []
    open_paragraf = open_stk = False

    def close_stk() -> None:
        nonlocal open_stk
        if open_stk:
            out.append("</Exitus></Stk>")
            open_stk = False

    for text in lines:
        if m := _PARAGRAF.match(text):
            close_stk()
            if open_paragraf:
                out.append("</Paragraf>")
            out.append(f"<Paragraf><Explicatus>{escape(m.group(1))}</Explicatus><Stk><Exitus>{_char(m.group(2))}")
            open_paragraf = open_stk = True
        elif m := _STK.match(text):
            close_stk()
            out.append(f"<Stk><Explicatus>{escape(m.group(1))}</Explicatus><Exitus>{_char(m.group(2))}")
            open_stk = True
        elif (m := _ITEM.match(text)) and open_stk:
            out.append(
                f"<Indentatio><Explicatus>{escape(m.group(1))}</Explicatus><Exitus>{_char(m.group(2))}</Exitus></Indentatio>"
            )
        else:
            close_stk()
            out.append(f"<Stk><Exitus>{_char(text)}")
            open_stk = True
    close_stk()
    if open_paragraf:
        out.append("</Paragraf>")
    return "".join(out)


def build_xml(lines: list[str], path: Path) -> Path:
    items = classify(lines)
    title = items[0].text if items else ""
    out = [
        '<?xml version="1.0" encoding="utf-8"?>\n<Dokument>\n<Meta><DocumentType>LFF</DocumentType>'
        f"<DocumentTitle>{escape(title)}</DocumentTitle></Meta>\n<TitelGruppe>"
    ]
    i = 1
    out.append(f"<Titel>{_char(title)}</Titel>")
    while i < len(items) and items[i].kind == "paragraph" and items[i].text.startswith("("):
        out.append(f"<Titel>{_char(items[i].text)}</Titel>")
        i += 1
    out.append("</TitelGruppe>\n<DokumentIndhold>\n")
    stack: list[str] = []  # open containers: Paragraf / AendringCentreretParagraf / AendringsNummer

    def close_to(kind: str | None) -> None:
        while stack and stack[-1] != kind:
            closing = stack.pop()
            out.append("</Aendring></AendringsNummer>" if closing == "AendringsNummer" else f"</{closing}>\n")

    grouped = _table_groups(items[i:])
    j = 0
    while j < len(grouped):
        item = grouped[j]
        j += 1
        if isinstance(item, list):
            close_to(None)
            rows = "".join("<Tr>" + "".join(f"<Td>{_char(c)}</Td>" if c else "<Td/>" for c in r.cells) + "</Tr>" for r in item)
            out.append(f"<Table>{rows}</Table>\n")
        elif item.kind in ("heading", "section"):
            close_to(None)
            number = ".".join(map(str, item.number)) + ". " if item.kind == "section" else ""
            out.append(f"<Rubrica>{_char(number + item.text)}</Rubrica>\n")
        elif item.kind == "centred":
            close_to(None)
            # Whether the § amends a law shows on the next line.
            nxt = grouped[j] if j < len(grouped) else None
            element = "AendringCentreretParagraf" if isinstance(nxt, Line) and nxt.kind == "intro" else "Paragraf"
            out.append(f"<{element}><Explicatus>{escape(item.text)}</Explicatus>")
            stack.append(element)
        elif item.kind == "intro":
            out.append(f"<Exitus>{_char(item.text)}</Exitus>")
        elif item.kind == "change":
            close_to("AendringCentreretParagraf")
            out.append(
                f"<AendringsNummer><Explicatus>{item.number[0]}.</Explicatus><Aendring>"
                f"<AendringDefinition>{_char(item.text)}</AendringDefinition>"
            )
            stack.append("AendringsNummer")
        elif item.kind == "quoted":
            quoted = [item.text]
            while not quoted[-1].endswith("«") and j < len(grouped) and isinstance(grouped[j], Line):
                quoted.append(grouped[j].text)
                j += 1
            quoted[0] = quoted[0].removeprefix("»")
            quoted[-1] = quoted[-1].removesuffix("«")
            out.append(f"<AendringAktion><AendringNyTekst>{_provisions_xml(quoted)}</AendringNyTekst></AendringAktion>")
        elif stack and stack[-1] == "Paragraf" or _PARAGRAF.match(item.text) or _STK.match(item.text):
            if _PARAGRAF.match(item.text):
                close_to(None)
            out.append(_provisions_xml([item.text]))
        else:
            close_to(None)
            out.append(f"<TekstGruppe><Exitus>{_char(item.text)}</Exitus></TekstGruppe>\n")
    close_to(None)
    out.append("</DokumentIndhold>\n</Dokument>\n")
    path.write_text("".join(out), encoding="utf-8")
    return path


def build_all(lines: list[str], folder: Path, stem: str = "lovforslag") -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return {
        "txt": _write_txt(lines, folder / f"{stem}.txt"),
        "docx": build_docx(lines, folder / f"{stem}.docx"),
        "html": build_html(lines, folder / f"{stem}.html"),
        "xml": build_xml(lines, folder / f"{stem}.xml"),
    }


def _write_txt(lines: list[str], path: Path) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- a small bill of our own

SAMPLE_BILL = """\
Forslag til Lov om ændring af lov om social service
(Ret til ledsagelse til fritidsaktiviteter og mødesteder for ensomme ældre)

§ 1

I lov om social service, jf. lovbekendtgørelse nr. 1129 af 1. august 2025, foretages følgende ændringer:

1. I § 83, stk. 1, indsættes efter »praktisk hjælp«: »og ledsagelse«.

2. I § 83 indsættes som stk. 5:
»Stk. 5. Kommunalbestyrelsen skal tilbyde personer over 75 år, der bor alene, et forebyggende besøg hvert år.«

3. Efter § 85 indsættes:
»§ 85 a. Kommunalbestyrelsen skal sørge for, at der i kommunen findes mødesteder, hvor ældre kan mødes med andre, herunder
1) fælleshuse i almene boligområder og
2) aktivitetscentre med åbent hus mindst to dage om ugen.
Stk. 2. Kommunalbestyrelsen kan indgå aftale med frivillige foreninger om driften af mødestederne.«

4. § 97, stk. 3, ophæves.

§ 2

Loven træder i kraft den 1. juli 2027.

Bemærkninger til lovforslaget

Almindelige bemærkninger

1. Indledning
Lovforslaget skal give ældre, der bor alene, bedre mulighed for at bevare kontakten til familie, venner og naboer.

2. Lovforslagets hovedpunkter

2.1. Ledsagelse
2.1.1. Gældende ret
Efter gældende ret omfatter hjælpen efter § 83 personlig hjælp og pleje samt praktisk hjælp.
2.1.2. Den foreslåede ordning
Det foreslås, at hjælpen også kan omfatte ledsagelse til fritidsaktiviteter og besøg hos familie.

2.2. Mødesteder
Kommunerne får pligt til at sikre mødesteder for ældre.

3. Økonomiske konsekvenser og implementeringskonsekvenser for det offentlige
Forslaget skønnes at koste kommunerne 40 mio. kr. årligt.

4. Sammenfattende skema
| | Positive konsekvenser/mindreudgifter | Negative konsekvenser/merudgifter |
| Økonomiske konsekvenser for stat, kommuner og regioner | Ingen | 40 mio. kr. årligt |
| Administrative konsekvenser for borgerne | Ingen | Ingen |

Bemærkninger til lovforslagets enkelte bestemmelser

Til § 1

Til nr. 1
Ledsagelse skal gøre det lettere at deltage i fællesskaber uden for hjemmet.

Til nr. 3
Den foreslåede § 85 a pålægger kommunalbestyrelsen at sørge for mødesteder for ældre.

Til § 2
Det foreslås, at loven træder i kraft den 1. juli 2027.
"""
