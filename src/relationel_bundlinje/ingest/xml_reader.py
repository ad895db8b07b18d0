"""XML: Retsinformation's LexDania documents, read so the blocks match the printed bill, and any
other XML whose text elements are paragraphs.

LexDania marks structure, not the printed text: a § is ``Paragraf`` with its label in ``Explicatus``
("§ 1.") and its text in ``Stk``/``Exitus``/``Linea``/``Char``; numbered items are ``Indentatio``; an
amending § is ``AendringCentreretParagraf`` with change points ``AendringsNummer`` ("3.") whose
instruction is ``AendringDefinition`` and whose new text is ``AendringNyTekst``. The reader joins
labels and text ("§ 1. Loven gælder …", "3. Efter § 85 indsættes:") and puts the quotation marks
``»…«`` around new text as the printed bill has them. Unknown elements are read by the generic rule:
an element with text of its own is a paragraph, an element with only child elements is a container.

Parsing goes through defusedxml: DOCTYPE declarations (entity expansion, external entities) are
refused. Depth is checked while parsing, and the tree is walked with an explicit stack.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET  # noqa: N817 - parse errors and element type only; parsing is defused

import defusedxml
import defusedxml.ElementTree as SafeET

from ..errors import InputError
from ..models import Block
from .limits import Limits, format_count
from .encoding import decode_markup
from .normalize import BlockCollector, clean_text, parse_span, strip_invisible
from .text_reader import ENCODING_MESSAGE

# Elements whose content is not text of the bill.
_SKIP = {"meta", "nota", "fodnote", "footnote"}
# Text elements: their whole inline content is one block (nested structure is read afterwards).
_TEXT = {"exitus", "aendringdefinition", "linea", "text", "tekst", "p", "para", "paragraph"}
_HEADINGS = {"titel": 1, "dokumenttitel": 1, "title": 1, "rubrica": 4, "overskrift": 4, "heading": 4,
             "h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_LABEL = {"explicatus"}
# Containers whose label stands on its own line ("Kapitel 3", the centred "§ 1" of an amending bill).
_STANDALONE = {"kapitel": 3, "afsnit": 2, "bog": 2, "del": 2, "aendringcentreretparagraf": None,
               "bilag": 2, "paragrafgruppe": None}
_INLINE = {"char", "linea", "i", "b", "u", "em", "strong", "sup", "sub", "span", "emphasis", "nummer"}
_QUOTED = {"aendringnytekst"}
_STRUCTURAL = {"stk", "paragraf", "indentatio", "litra", "aendringsnummer", "aendring", "aendringaktion",
               "kapitel", "afsnit", "bog", "bilag", "paragrafgruppe", *_QUOTED, "aendringcentreretparagraf",
               "ul", "ol", "li", "list", "item"}
_TABLE = {"table", "tabel"}
_ROW = {"tr", "row", "raekke"}
_CELL = {"td", "th", "entry", "celle"}
_LABEL_TEXT = re.compile(r"^(§+ ?\d+ ?[a-zæøå]?\.?|stk\. ?\d+ ?[a-z]?\.|\d+ ?[a-z]?[.)]|[a-zæøå]\))$", re.IGNORECASE)

# The encoding declaration of an XML document (as bytes, before decoding; as text, to drop it).
_XML_DECL = re.compile(rb"""<\?xml\s[^>]{0,1000}?encoding\s*=\s*(["'])([^"'>]{0,100})\1""")
_DECL_ENCODING = re.compile(r"""^(<\?xml\s[^>]{0,1000}?)\s+encoding\s*=\s*(["'])[^"'>]{0,100}\2""")

_UNSAFE = (
    "XML-filen indeholder en DOCTYPE-erklæring eller entiteter, som ikke læses af sikkerhedshensyn. "
    "Retsinformations XML-filer har ingen; brug den oprindelige fil."
)


def _local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def declared_encoding(head: bytes) -> str | None:
    match = _XML_DECL.match(head)
    return match.group(2).decode("ascii", errors="replace") if match else None


def decode_xml(data: bytes) -> bytes:
    """The document as UTF-8 without an encoding declaration, decoded by the rules of ``encoding``.

    Expat would otherwise trust the declaration (UTF-8 declared windows-1252 reads as mojibake) and
    fails with a ValueError on encodings it cannot handle (UTF-7, Shift_JIS, ...). Invisible
    characters are removed here too: expat refuses U+FFFE/U+FFFF and bidi marks in names.
    """
    text = strip_invisible(decode_markup(data, declared_encoding))
    text = _DECL_ENCODING.sub(r"\1", text, count=1)
    return text.encode("utf-8")


def parse_xml(data: bytes, max_depth: int, max_elements: int = 1_000_000) -> ET.Element:
    """Parse untrusted XML: no DOCTYPE, no entities, no deeper nesting than ``max_depth``, no more
    elements than ``max_elements`` (the tree is held in memory: about 200 bytes per element)."""
    depth = 0
    elements = 0
    root: ET.Element | None = None
    try:
        for event, el in SafeET.iterparse(
            io.BytesIO(data), events=("start", "end"), forbid_dtd=True, forbid_entities=True, forbid_external=True
        ):
            if event == "start":
                depth += 1
                elements += 1
                if elements > max_elements:
                    raise InputError(
                        f"XML-filen indeholder over {format_count(max_elements)} elementer og læses ikke af "
                        "sikkerhedshensyn."
                    )
                if root is None:
                    root = el
                if depth > max_depth:
                    raise InputError(f"XML-filen er indlejret for dybt (over {max_depth} niveauer) og kan ikke læses.")
            else:
                depth -= 1
    except defusedxml.DefusedXmlException:
        raise InputError(_UNSAFE) from None
    except (ValueError, LookupError):
        # Expat's own encoding support (a declaration that slipped past ``decode_xml``).
        raise InputError(ENCODING_MESSAGE) from None
    except ET.ParseError as err:
        line = getattr(err, "position", (None,))[0]
        where = f" (fejl i linje {line})" if line else ""
        raise InputError(f"XML-filen er ufuldstændig eller beskadiget{where} og kan ikke læses.") from None
    if root is None:
        raise InputError("XML-filen indeholder ingen elementer.")
    return root


def read_xml(data: bytes, collector: BlockCollector, limits: Limits) -> None:
    root = parse_xml(decode_xml(data), limits.max_xml_depth, limits.max_elements)
    _XmlWalker(collector).walk(root)


def _has_own_text(el: ET.Element) -> bool:
    if (el.text or "").strip():
        return True
    return any((child.tail or "").strip() for child in el)


def _is_block(el: ET.Element) -> bool:
    """Whether a child of a text element is read as block(s) of its own (a nested list, a Stk)."""
    name = _local(el.tag)
    if name in _INLINE or name in _LABEL:
        return False
    if name in _STRUCTURAL or name in _TEXT or name in _HEADINGS or name in _TABLE:
        return True
    return any(_local(child.tag) in _LABEL for child in el)


def inline_text(el: ET.Element, *, keep_structure: bool = False) -> tuple[str, list[ET.Element]]:
    """The text of ``el`` and its inline descendants; block children are returned, not read."""
    parts: list[str] = [el.text or ""]
    nested: list[ET.Element] = []
    stack: list[tuple[ET.Element, bool]] = [(child, True) for child in reversed(list(el))]
    while stack:
        node, opening = stack.pop()
        if not opening:
            parts.append(node.tail or "")
            continue
        name = _local(node.tag)
        if name in _SKIP or (not keep_structure and _is_block(node)):
            if name not in _SKIP:
                nested.append(node)
            parts.append(node.tail or "")
            continue
        if name == "linea":
            parts.append(" ")  # lines of one text element read as one paragraph
        parts.append(node.text or "")
        stack.append((node, False))
        stack.extend((child, True) for child in reversed(list(node)))
    return "".join(parts), nested


class _XmlWalker:
    def __init__(self, collector: BlockCollector) -> None:
        self.collector = collector
        self.pending: list[str] = []  # labels waiting for the text they number
        self.seen_title = False
        self.meta_title: str | None = None

    def walk(self, root: ET.Element) -> None:
        # Entries: ("open", element, parent name) or ("close", element, first block, pending labels).
        stack: list[tuple] = [("open", root, None)]
        while stack:
            entry = stack.pop()
            if entry[0] == "close":
                self._close(entry[1], entry[2], entry[3])
                continue
            _, el, parent = entry
            name = _local(el.tag)
            if name == "meta":
                self._read_meta(el)
            elif name in _SKIP or not name:
                continue
            elif name in _LABEL:
                self._label(el, parent)
            elif name in _HEADINGS and not any(_is_block(child) for child in el):
                # A heading keeps a pending label: Rubrica may sit between "§ 5." and its text.
                self.seen_title |= _HEADINGS[name] == 1
                text, _ = inline_text(el, keep_structure=True)
                self.collector.add("heading", text, level=_HEADINGS[name], style=_style(el))
            elif name in _TABLE:
                self._table(el)
            elif name in _TEXT or (_has_own_text(el) and name not in _STANDALONE):
                text, nested = inline_text(el)
                if name in _QUOTED:
                    text = _quote(clean_text(text))
                self._emit_text(text, el)
                stack.extend(("open", child, name) for child in reversed(nested))
            else:
                stack.append(("close", el, len(self.collector.blocks), len(self.pending)))
                stack.extend(("open", child, name) for child in reversed(list(el)))
        self._flush_pending()
        if not self.seen_title and self.meta_title:
            title = clean_text(self.meta_title)
            if title:
                self.collector.blocks.insert(0, Block(kind="heading", text=title, level=1, style="DocumentTitle"))

    def _read_meta(self, meta: ET.Element) -> None:
        for child in meta:
            if _local(child.tag) in ("documenttitle", "dokumenttitel"):
                self.meta_title = inline_text(child, keep_structure=True)[0]

    def _label(self, el: ET.Element, parent: str | None) -> None:
        label = clean_text(inline_text(el, keep_structure=True)[0])
        if not label:
            return
        standalone = parent in _STANDALONE or (label.startswith("§") and not label.endswith("."))
        if standalone:
            self._flush_pending()
            level = _STANDALONE.get(parent or "")
            if level:
                self.collector.add("heading", label, level=level, style="Explicatus")
            else:
                self.collector.add("paragraph", label, style="Explicatus")
        else:
            self.pending.append(label)

    def _flush_pending(self) -> None:
        labels, self.pending = self.pending, []
        if labels:
            self.collector.add("paragraph", " ".join(labels), style="Explicatus")

    def _emit_text(self, text: str, el: ET.Element) -> None:
        labels, self.pending = self.pending, []
        style = _style(el)
        if not clean_text(text):
            self.pending = labels
            return
        self.collector.add("paragraph", " ".join([*labels, text]), style=style)

    def _close(self, el: ET.Element, first: int, pending_before: int) -> None:
        if len(self.pending) > pending_before:
            # A numbered element without text of its own: its label stands alone.
            self._flush_pending()
        if _local(el.tag) in _QUOTED and len(self.collector.blocks) > first:
            blocks = self.collector.blocks
            blocks[first] = blocks[first].model_copy(update={"text": _quote(blocks[first].text, close=False)})
            blocks[-1] = blocks[-1].model_copy(update={"text": _quote(blocks[-1].text, open_=False)})

    def _table(self, table: ET.Element) -> None:
        self._flush_pending()
        table_index = self.collector.new_table()
        rows = [el for el in table.iter() if _local(el.tag) in _ROW]
        for row_index, row in enumerate(rows):
            col = 0
            for cell in row:
                if _local(cell.tag) not in _CELL:
                    continue
                text, _ = inline_text(cell, keep_structure=True)
                self.collector.add(
                    "table_cell", text, table=table_index, row=row_index, col=col, style=_style(cell)
                )
                col += parse_span(cell.get("colspan") or cell.get("Colspan"))


def _style(el: ET.Element) -> str | None:
    return el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else None


def _quote(text: str, *, open_: bool = True, close: bool = True) -> str:
    """Put the printed quotation marks around new text, unless the source already has them."""
    if open_ and text and not text.startswith("»"):
        text = "»" + text
    if close and text and not text.endswith("«"):
        text = text + "«"
    return text
