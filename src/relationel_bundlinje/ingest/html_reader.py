"""HTML (Folketinget's bills "som fremsat", Retsinformation's laws): block elements become blocks.

The page is first rewritten by ``html_tokens`` into plain markup (text, tags with ``class`` and
``colspan``), refusing elements with too many attributes and pages with too many elements, so that
lxml's parser stays linear. The tree is walked with start/end events, never recursively, so deeply
nested markup cannot exhaust the stack; documents nested deeper than the limit are refused before
walking.
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from ..errors import InputError
from .encoding import decode_markup
from .html_tokens import rewrite_html
from .limits import Limits
from .normalize import BlockCollector, parse_span, strip_invisible
from .text_reader import repair_double_encoding

_BLOCK = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "tr", "table", "ul", "ol", "dl", "dt",
    "dd", "blockquote", "pre", "section", "article", "main", "aside", "address", "figure", "figcaption",
    "caption", "center", "body", "html", "hr", "form", "fieldset", "details", "summary", "tbody", "thead",
    "tfoot",
}
_DROP = {
    "script", "style", "noscript", "template", "nav", "head", "svg", "math", "iframe", "object", "embed",
    "button", "select", "textarea", "input", "header", "footer", "canvas", "map", "audio", "video",
}
_HEADING = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:\-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([a-zA-Z0-9_.:\-]+)""", re.IGNORECASE)


def decode_html(data: bytes) -> str:
    """Decode by BOM, then UTF-8, then the declared charset or Danish cp1252 (see ``encoding``)."""
    return decode_markup(data, declared_charset)


def declared_charset(head: bytes) -> str | None:
    """The charset a page declares in ``<meta>`` or in an XML declaration (XHTML)."""
    declared = _META_CHARSET.search(head) or _XML_DECL.search(head)
    return declared.group(1).decode("ascii") if declared else None


def read_html(data: bytes, collector: BlockCollector, limits: Limits) -> None:
    # Invisible characters go before parsing: inside a tag name they would hide the element.
    text = repair_double_encoding(strip_invisible(decode_html(data)))
    if "\x00" in text:
        raise InputError("Filen indeholder binære data og kan ikke læses som HTML.")
    markup = rewrite_html(text, max_attributes=limits.max_attributes, max_elements=limits.max_elements)
    if not markup.strip():  # only comments, scripts, a tag cut off by the end of the file, ...
        raise InputError("Filen indeholder ingen tekst.")
    # huge_tree: without it libxml2 silently drops a text node over 10 MB and everything after it.
    # Its other limits are not needed: the rewritten markup has short names and few attributes,
    # and the depth is checked below.
    parser = lxml_html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, huge_tree=True
    )
    try:
        root = lxml_html.document_fromstring(markup.encode("utf-8"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        raise InputError("HTML-filen er tom eller beskadiget og kan ikke læses.") from None
    _check_depth(root, limits.max_html_depth)
    _HtmlWalker(collector).walk(root)


def _check_depth(root: etree._Element, max_depth: int) -> None:
    depth = 0
    for event, _el in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth > max_depth:
            raise InputError(
                f"HTML-filen er indlejret for dybt (over {max_depth} niveauer) og kan ikke læses. "
                "Gem lovforslaget som Word- eller tekstfil i stedet."
            )


class _HtmlWalker:
    def __init__(self, collector: BlockCollector) -> None:
        self.collector = collector
        self.buffer: list[str] = []
        self.blocks: list[tuple[str, str | None]] = []  # open block elements (tag, class), innermost last
        self.tables: list[list[int]] = []  # per open table: [table index, row, col]
        self.cell_depth = 0

    def walk(self, root: etree._Element) -> None:
        walker = etree.iterwalk(root, events=("start", "end"))
        for event, el in walker:
            tag = el.tag.lower() if isinstance(el.tag, str) else ""
            if event == "start":
                if tag in _DROP or not tag:
                    # The end event still follows and adds the element's tail text.
                    walker.skip_subtree()
                    continue
                self._start(tag, el)
            else:
                self._end(tag, el)

    def _start(self, tag: str, el: etree._Element) -> None:
        if tag == "br":
            self.buffer.append(" ")
        elif tag in _BLOCK:
            if self.cell_depth:
                self.buffer.append(" ")  # inside a table cell everything joins into the cell text
            else:
                self._flush()
            self.blocks.append((tag, el.get("class")))
            if tag == "table":
                self.tables.append([self.collector.new_table(), -1, 0])
            elif tag == "tr" and self.tables:
                self.tables[-1][1] += 1
                self.tables[-1][2] = 0
            elif tag in ("td", "th"):
                if self.cell_depth == 0:
                    self._flush()
                self.cell_depth += 1
        self.buffer.append(el.text or "")

    def _end(self, tag: str, el: etree._Element) -> None:
        if tag in _BLOCK:
            if tag in ("td", "th"):
                self.cell_depth -= 1
                if self.cell_depth == 0:
                    self._flush_cell(el)
            elif not self.cell_depth:
                self._flush()
            if self.blocks:
                self.blocks.pop()
            if tag == "table" and self.tables:
                self.tables.pop()
        self.buffer.append(el.tail or "")

    def _flush_cell(self, el: etree._Element) -> None:
        text = "".join(self.buffer)
        self.buffer = []
        if not self.tables:
            self.collector.add("paragraph", text, style="td")
            return
        table, row, col = self.tables[-1]
        self.collector.add("table_cell", text, table=table, row=max(row, 0), col=col, style=el.get("class"))
        self.tables[-1][2] += parse_span(el.get("colspan"))

    def _flush(self) -> None:
        text = "".join(self.buffer)
        self.buffer = []
        if not text.strip():
            return
        kind, level = "paragraph", None
        for tag, _cls in reversed(self.blocks):
            if tag in _HEADING:
                kind, level = "heading", _HEADING[tag]
                break
            if tag == "li":
                kind = "list_item"
                break
        style = (self.blocks[-1][1] or self.blocks[-1][0]) if self.blocks else None
        self.collector.add(kind, text, level=level, style=style)
