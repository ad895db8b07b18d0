"""Word (.docx): body paragraphs and tables in order, heading levels and automatic numbering.

The zip container is checked before python-docx opens it: member sizes and compression ratios (zip
bombs) and DOCTYPE declarations (entity expansion, external entities). Word never writes a DOCTYPE.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from lxml import etree

from ..errors import InputError
from .detect import MAGIC_OLE
from .docx_numbering import Numbering, small_int, w, wval
from .limits import Limits, format_mb
from .normalize import BlockCollector

NOT_DOCX = "Filen ser ikke ud til at være et Word-dokument (.docx), eller den er beskadiget."
PROTECTED = "Dokumentet er beskyttet med adgangskode og kan ikke læses."
OLD_DOC = (
    "Filen er et ældre Word-dokument (.doc) med endelsen .docx og kan ikke læses. "
    "Gem det som .docx i Word, og prøv igen."
)

_HEADING_STYLE = re.compile(r"^(?:heading|overskrift)\s*([1-9])$", re.IGNORECASE)
_TITLE_STYLE = re.compile(r"^(?:title|titel)$", re.IGNORECASE)
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
# Subtrees whose text is not part of the paragraph as read: moved-away text, fallback copies of
# drawings, text boxes (they would be glued into the anchoring paragraph), footnote/comment marks.
_SKIP = {w("moveFrom"), w("del"), f"{{{_MC}}}Fallback", w("txbxContent"), w("pPr"), w("rPr")}
_MIN_RATIO_CHECK = 1024 * 1024


def read_docx(data: bytes, collector: BlockCollector, limits: Limits) -> None:
    if data.startswith(MAGIC_OLE):
        # Word saves a password-protected .docx as an OLE compound file holding an EncryptedPackage
        # stream (directory entry names are UTF-16); any other OLE file is an old binary .doc.
        if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
            raise InputError(PROTECTED)
        raise InputError(OLD_DOC)
    _check_container(data, limits)
    import docx  # python-docx; imported here to keep CLI start-up fast

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - python-docx raises many types on damaged packages
        raise InputError(NOT_DOCX) from None
    try:
        _DocxWalker(document, collector).walk()
    except InputError:
        raise
    except (zipfile.BadZipFile, zlib.error, KeyError, ValueError, AttributeError, TypeError, EOFError):
        # A package whose parts are damaged in ways python-docx only notices while reading them.
        raise InputError(NOT_DOCX) from None


def _check_container(data: bytes, limits: Limits) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise InputError(NOT_DOCX) from None
    names = {info.filename for info in infos}
    if "EncryptionInfo" in names or "EncryptedPackage" in names:
        raise InputError(PROTECTED)
    if "[Content_Types].xml" not in names or not any(n.startswith("word/") and n.endswith(".xml") for n in names):
        raise InputError(NOT_DOCX)
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if (
            info.file_size > limits.max_uncompressed_bytes
            or total > limits.max_uncompressed_bytes
            or (info.file_size > _MIN_RATIO_CHECK and ratio > limits.max_compression_ratio)
        ):
            raise InputError(
                "Word-dokumentet er mistænkeligt: dets indhold fylder udpakket "
                f"{format_mb(max(total, info.file_size))} (grænsen er {format_mb(limits.max_uncompressed_bytes)}) "
                "eller er pakket usædvanligt tæt. Det læses ikke af sikkerhedshensyn."
            )
    for info in infos:
        if info.filename.endswith((".xml", ".rels")):
            try:
                content = archive.read(info)
            except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError):
                raise InputError(NOT_DOCX) from None
            if _has_doctype(content):
                raise InputError(
                    "Word-dokumentet indeholder en DOCTYPE- eller ENTITY-erklæring, som Word ikke selv skriver. "
                    "Det læses ikke af sikkerhedshensyn."
                )


def _has_doctype(content: bytes) -> bool:
    lowered = content.lower()
    return any(
        marker in lowered
        for marker in (b"<!doctype", b"<!entity", "<!doctype".encode("utf-16-le"), "<!entity".encode("utf-16-le"))
    )


class _DocxWalker:
    def __init__(self, document, collector: BlockCollector) -> None:  # noqa: ANN001 - python-docx Document
        self.document = document
        self.collector = collector
        self.styles = _StyleMap(document.styles.element)
        self.numbering = Numbering(_numbering_root(document))
        self.table_index = -1

    def walk(self) -> None:
        body = self.document.element.body
        # Content controls (w:sdt) wrap body content; an explicit stack avoids recursion.
        stack = [iter(body)]
        while stack:
            child = next(stack[-1], None)
            if child is None:
                stack.pop()
                continue
            if child.tag == w("p"):
                self._paragraph(child)
            elif child.tag == w("tbl"):
                self._table(child)
            elif child.tag in (w("sdt"), w("customXml")):
                content = child.find(w("sdtContent")) if child.tag == w("sdt") else child
                if content is not None:
                    stack.append(iter(content))

    def _paragraph(self, p: etree._Element) -> None:
        text, style_name, heading_level, numbered = self._paragraph_parts(p)
        if heading_level is not None:
            self.collector.add("heading", text, level=heading_level, style=style_name)
        elif numbered:
            self.collector.add("list_item", text, style=style_name)
        else:
            self.collector.add("paragraph", text, style=style_name)

    def _paragraph_parts(self, p: etree._Element) -> tuple[str, str | None, int | None, bool]:
        ppr = p.find(w("pPr"))
        style_id = wval(ppr, "pStyle") or self.styles.default
        style_name = self.styles.name(style_id)
        num_id, ilvl = self.styles.numbering(style_id)
        num_pr = ppr.find(w("numPr")) if ppr is not None else None
        if num_pr is not None:
            num_id = wval(num_pr, "numId") or num_id
            ilvl = _non_negative(wval(num_pr, "ilvl"), ilvl)
        text = paragraph_text(p)
        label = self.numbering.label(num_id, ilvl) if num_id else None
        if label and label[0] and text.strip():
            text = label[0] + label[1] + text
        outline = _non_negative(wval(ppr, "outlineLvl"), 9)
        level = self.styles.heading_level(style_id)
        if outline < 9:
            level = outline + 1
        return text, style_name, level, label is not None

    def _table(self, tbl: etree._Element) -> None:
        self.table_index += 1
        table = self.table_index
        for row_index, tr in enumerate(tbl.iterfind(w("tr"))):
            col = 0
            for tc in tr.iterfind(w("tc")):
                # Paragraphs of nested tables are read as part of the cell, in order.
                parts = [self._paragraph_parts(p)[0] for p in tc.iter(w("p"))]
                self.collector.add("table_cell", " ".join(parts), table=table, row=row_index, col=col)
                span = wval(tc.find(w("tcPr")), "gridSpan")
                col += int(span) if span and span.isdigit() else 1


def _non_negative(value: str | None, default: int) -> int:
    number = small_int(value, -1)
    return number if number >= 0 else default


def paragraph_text(p: etree._Element) -> str:
    """The visible text of a paragraph: runs, hyperlinks, fields' results and tracked insertions."""
    parts: list[str] = []
    walker = etree.iterwalk(p, events=("start",))
    for _event, el in walker:
        tag = el.tag
        if tag in _SKIP and el is not p:
            walker.skip_subtree()
        elif tag == w("r") and _hidden(el):
            walker.skip_subtree()
        elif tag == w("t"):
            parts.append(el.text or "")
        elif tag in (w("tab"), w("br"), w("cr")):
            parts.append(" ")
        elif tag == w("noBreakHyphen"):
            parts.append("-")
    return "".join(parts)


def _hidden(run: etree._Element) -> bool:
    rpr = run.find(w("rPr"))
    vanish = rpr.find(w("vanish")) if rpr is not None else None
    return vanish is not None and vanish.get(w("val"), "true") not in ("0", "false", "off")


def _numbering_root(document) -> etree._Element | None:  # noqa: ANN001
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        return document.part.part_related_by(RT.NUMBERING).element
    except (KeyError, AttributeError):
        return None


class _StyleMap:
    """Paragraph styles by id: display name, heading level and numbering, following basedOn."""

    def __init__(self, root: etree._Element) -> None:
        self.styles: dict[str, etree._Element] = {}
        self.default: str | None = None
        for style in root.iterfind(w("style")):
            if style.get(w("type")) != "paragraph":
                continue
            sid = style.get(w("styleId"), "")
            self.styles[sid] = style
            if style.get(w("default")) in ("1", "true"):
                self.default = sid

    def _chain(self, style_id: str | None) -> list[etree._Element]:
        chain: list[etree._Element] = []
        seen: set[str] = set()
        while style_id and style_id in self.styles and style_id not in seen and len(chain) < 50:
            seen.add(style_id)
            style = self.styles[style_id]
            chain.append(style)
            style_id = wval(style, "basedOn")
        return chain

    def name(self, style_id: str | None) -> str | None:
        chain = self._chain(style_id)
        return (wval(chain[0], "name") or style_id) if chain else style_id

    def heading_level(self, style_id: str | None) -> int | None:
        for style in self._chain(style_id)[:1]:
            for candidate in (wval(style, "name") or "", style.get(w("styleId"), "")):
                match = _HEADING_STYLE.match(candidate)
                if match:
                    return int(match.group(1))
                if _TITLE_STYLE.match(candidate):
                    return 1
        for style in self._chain(style_id):
            outline = _non_negative(wval(style.find(w("pPr")), "outlineLvl"), 9)
            if outline < 9:
                return outline + 1
        return None

    def numbering(self, style_id: str | None) -> tuple[str | None, int]:
        for style in self._chain(style_id):
            ppr = style.find(w("pPr"))
            num_pr = ppr.find(w("numPr")) if ppr is not None else None
            if num_pr is not None:
                return wval(num_pr, "numId"), _non_negative(wval(num_pr, "ilvl"), 0)
        return None, 0
