"""Word (.docx): body paragraphs and tables in order, heading levels and automatic numbering.

The zip container is checked before python-docx opens it: member sizes and compression ratios (zip
bombs) and DOCTYPE declarations (entity expansion, external entities). Word never writes a DOCTYPE.

``w:altChunk`` ("alternative format import") embeds a part in another format at its place in the
body; Word converts it when it opens the file, so its text is part of the document. HTML/XHTML and
plain text are read by the HTML and text readers, an embedded .docx (one level deep, with the same
container checks) by this reader; RTF, MHT and anything else are refused, never skipped. Together
the embedded parts may hold what one input file may (``Limits.max_bytes``, an embedded .docx
counted unpacked, every reference to a part counted again), and a document has at most
``Limits.max_alt_chunks`` of them, so they cost at most what reading one more file costs.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator

from lxml import etree

from ..errors import InputError
from ..models import Block
from .detect import MAGIC_OLE, MAGIC_ZIP, sniff
from .docx_numbering import Numbering, small_int, w, wval
from .html_reader import read_html
from .limits import Limits, format_count, format_mb
from .normalize import BlockCollector, parse_span
from .text_reader import decode_text, read_text

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


R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_CHUNK_HTML = {"text/html", "application/xhtml+xml"}
_CHUNK_TEXT = {"text/plain"}
_CHUNK_DOCX = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroenabled.main+xml",
    "application/vnd.ms-word.template.macroenabledtemplate.main+xml",
}
_CHUNK_NAMED = {
    "application/rtf": "RTF-format",
    "text/rtf": "RTF-format",
    "message/rfc822": "MHT-format (webarkiv)",
    "multipart/related": "MHT-format (webarkiv)",
    "application/x-mimearchive": "MHT-format (webarkiv)",
    "application/xml": "XML-format",
    "text/xml": "XML-format",
}
_RESAVE = "Åbn dokumentet i Word, gem det igen som .docx, og prøv igen."


class _ChunkBudget:
    """Bytes of embedded (altChunk) parts read so far, across nested documents."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.count = 0
        self.spent = 0

    def take(self, size: int, unpacked: int = 0) -> None:
        """Count one embedded part of ``size`` bytes (``unpacked`` for a zip: what it unpacks to)."""
        self.count += 1
        if self.count > self.limits.max_alt_chunks:
            raise InputError(
                f"Word-dokumentet indeholder over {format_count(self.limits.max_alt_chunks)} indlejrede afsnit (altChunk) og "
                "læses ikke af sikkerhedshensyn."
            )
        if size > self.limits.max_bytes:
            raise InputError(
                f"Et indlejret afsnit (altChunk) i Word-dokumentet er for stort ({format_mb(size)}); grænsen er "
                f"{format_mb(self.limits.max_bytes)}."
            )
        self.spent += max(size, unpacked)
        if self.spent > self.limits.max_bytes:
            raise InputError(
                "De indlejrede afsnit (altChunk) i Word-dokumentet fylder tilsammen over "
                f"{format_mb(self.limits.max_bytes)} og læses ikke af sikkerhedshensyn."
            )


#: Told of every block read from a paragraph or table cell of the document itself: the block and,
#: for each ``w:p`` it was read from, the element and the text the reader put before its runs (a
#: numbering label); ``None`` in place of the element for an embedded part's text in a cell.
OnBlock = Callable[[Block, list[tuple["etree._Element | None", str]]], None]


def read_docx(
    data: bytes,
    collector: BlockCollector,
    limits: Limits,
    *,
    on_block: OnBlock | None = None,
    _depth: int = 0,
    _budget: _ChunkBudget | None = None,
):  # noqa: ANN201 - the python-docx Document that was read
    """Read a .docx into ``collector``; returns the python-docx ``Document`` it read.

    ``on_block`` learns where each block came from (``annotate`` anchors comments there); the
    blocks are the same with or without it.
    """
    if data.startswith(MAGIC_OLE):
        # Word saves a password-protected .docx as an OLE compound file holding an EncryptedPackage
        # stream (directory entry names are UTF-16); any other OLE file is an old binary .doc.
        if "EncryptedPackage".encode("utf-16-le") in data or "EncryptionInfo".encode("utf-16-le") in data:
            raise InputError(PROTECTED)
        raise InputError(OLD_DOC)
    _check_container(data, limits)
    try:
        document = _open_document(data)
    except etree.XMLSyntaxError as err:
        if "depth" in str(err).lower():  # libxml2: "Excessive depth in document: 256 ..."
            raise InputError(
                "Word-dokumentet er indlejret for dybt (fx tabeller i tabeller i mange niveauer) og kan ikke læses."
            ) from None
        raise InputError(NOT_DOCX) from None
    except Exception:  # noqa: BLE001 - python-docx raises many types on damaged packages
        raise InputError(NOT_DOCX) from None
    try:
        _DocxWalker(document, collector, limits, _depth, _budget or _ChunkBudget(limits), on_block).walk()
    except InputError:
        raise
    except (zipfile.BadZipFile, zlib.error, KeyError, ValueError, AttributeError, TypeError, EOFError):
        # A package whose parts are damaged in ways python-docx only notices while reading them.
        raise InputError(NOT_DOCX) from None
    return document


def _open_document(data: bytes):  # noqa: ANN202 - python-docx Document
    """``docx.Document(data)``, except that parts embedded through ``w:altChunk`` stay bytes.

    python-docx picks a part's class by its content type, and an embedded .docx is declared with
    the main document's content type ("...document.main+xml"), so python-docx would parse the zip
    as XML and reject the whole file. This package loader (python-docx's own ``Package.open``,
    with a part factory of its own; the global factory is left alone) keeps every part reached
    through an aFChunk relationship as a plain ``Part`` for ``_alt_chunk`` to read.
    """
    # python-docx, imported here to keep CLI start-up fast; importing it registers its part classes.
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.package import Unmarshaller
    from docx.opc.part import Part, PartFactory
    from docx.opc.pkgreader import PackageReader
    from docx.package import Package

    select = PartFactory.part_class_selector

    class _Parts(PartFactory):
        @staticmethod
        def part_class_selector(content_type: str, reltype: str) -> type[Part] | None:
            if reltype == RT.A_F_CHUNK:
                return Part
            return select(content_type, reltype) if select is not None else None

    package = Package()
    Unmarshaller.unmarshal(PackageReader.from_file(io.BytesIO(data)), package, _Parts)
    part = package.main_document_part
    if part.content_type != CT.WML_DOCUMENT_MAIN:
        raise ValueError(part.content_type)
    return part.document


def _check_container(data: bytes, limits: Limits) -> None:
    # Central directory headers, counted before zipfile builds an object for each.
    if data.count(b"PK\x01\x02") > limits.max_package_entries:
        raise InputError(_too_many_entries(limits))
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
    elements = 0
    for info in infos:
        try:
            tags, doctype = _scan_member(archive, info)
        except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError):
            raise InputError(NOT_DOCX) from None
        if doctype and info.filename.endswith((".xml", ".rels")):
            raise InputError(
                "Word-dokumentet indeholder en DOCTYPE- eller ENTITY-erklæring, som Word ikke selv skriver. "
                "Det læses ikke af sikkerhedshensyn."
            )
        elements += tags
        # python-docx turns every content type entry and every relationship into Python objects.
        if tags > limits.max_package_entries and (info.filename == "[Content_Types].xml" or info.filename.endswith(".rels")):
            raise InputError(_too_many_entries(limits))
        if elements > limits.max_docx_elements:
            # python-docx holds every part as an lxml tree: about 250 bytes per element.
            raise InputError(
                f"Word-dokumentet indeholder over {format_count(limits.max_docx_elements)} XML-elementer og læses ikke af "
                "sikkerhedshensyn."
            )


def _too_many_entries(limits: Limits) -> str:
    return (
        f"Word-dokumentet har over {format_count(limits.max_package_entries)} dele, indholdstyper eller relationer og læses ikke "
        "af sikkerhedshensyn."
    )


_DOCTYPE = re.compile(
    rb"<!(?:doctype|entity)"
    rb"|<\x00!\x00(?:d\x00o\x00c\x00t\x00y\x00p\x00e|e\x00n\x00t\x00i\x00t\x00y)\x00"  # UTF-16 LE
    rb"|\x00<\x00!\x00(?:d\x00o\x00c\x00t\x00y\x00p\x00e|e\x00n\x00t\x00i\x00t\x00y)",  # UTF-16 BE
    re.IGNORECASE,
)
_CHUNK = 1024 * 1024
_OVERLAP = 32  # longer than any DOCTYPE marker, so none is missed at a chunk boundary


def _scan_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[int, bool]:
    """(start tags, has DOCTYPE/ENTITY) of a zip member, read in chunks so memory stays small.

    Start tags are counted as "<" minus "</": an upper bound on the elements (comments and a "<"
    inside a CDATA section count too), in UTF-8 and in UTF-16 alike.
    """
    tags = 0
    doctype = False
    tail = b""
    with archive.open(info) as member:
        while chunk := member.read(_CHUNK):
            tags += chunk.count(b"<") - chunk.count(b"</") - chunk.count(b"<\x00/")
            doctype = doctype or _DOCTYPE.search(tail + chunk) is not None
            tail = chunk[-_OVERLAP:]
    return max(tags, 0), doctype


class _DocxWalker:
    def __init__(  # noqa: ANN001 - python-docx Document
        self, document, collector: BlockCollector, limits: Limits, depth: int, budget: _ChunkBudget,
        on_block: OnBlock | None = None,
    ) -> None:
        self.document = document
        self.on_block = on_block
        self.collector = collector
        self.limits = limits
        self.depth = depth
        self.budget = budget
        self.styles = _StyleMap(document.styles.element)
        self.numbering = Numbering(_numbering_root(document))

    def walk(self) -> None:
        body = self.document.element.body
        self._check_chunks(body)
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
            elif child.tag == w("altChunk"):
                self._alt_chunk(child, self.collector)
            elif child.tag in (w("sdt"), w("customXml")):
                content = child.find(w("sdtContent")) if child.tag == w("sdt") else child
                if content is not None:
                    stack.append(iter(content))

    def _paragraph(self, p: etree._Element) -> None:
        text, style_name, heading_level, numbered, prefix = self._paragraph_parts(p)
        if heading_level is not None:
            block = self.collector.add("heading", text, level=heading_level, style=style_name)
        elif numbered:
            block = self.collector.add("list_item", text, style=style_name)
        else:
            block = self.collector.add("paragraph", text, style=style_name)
        if block is not None and self.on_block is not None:
            self.on_block(block, [(p, prefix)])

    def _paragraph_parts(self, p: etree._Element) -> tuple[str, str | None, int | None, bool, str]:
        """Text (with the numbering label), style name, heading level, numbered, the label put first."""
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
        prefix = label[0] + label[1] if label and label[0] and text.strip() else ""
        text = prefix + text
        outline = _non_negative(wval(ppr, "outlineLvl"), 9)
        level = self.styles.heading_level(style_id)
        if outline < 9:
            level = outline + 1
        return text, style_name, level, label is not None, prefix

    def _table(self, tbl: etree._Element) -> None:
        table = self.collector.new_table()
        for row_index, tr in enumerate(tbl.iterfind(w("tr"))):
            col = 0
            for tc in tr.iterfind(w("tc")):
                # Paragraphs of nested tables and embedded parts are read as part of the cell, in order.
                parts: list[str] = []
                origin: list[tuple[etree._Element | None, str]] = []
                for el in tc.iter(w("p"), w("altChunk")):
                    if el.tag == w("p"):
                        text, *_, prefix = self._paragraph_parts(el)
                        origin.append((el, prefix))
                    else:
                        text = self._alt_chunk_text(el)
                        origin.append((None, text))
                    parts.append(text)
                block = self.collector.add("table_cell", " ".join(parts), table=table, row=row_index, col=col)
                if block is not None and self.on_block is not None:
                    self.on_block(block, origin)
                col += parse_span(wval(tc.find(w("tcPr")), "gridSpan"))


    def _check_chunks(self, body: etree._Element) -> None:
        """Refuse too many or too large embedded parts before reading any of them."""
        budget = _ChunkBudget(self.limits)
        for chunk in body.iter(w("altChunk")):
            rel = self.document.part.rels.get(chunk.get(R_ID) or "")
            if rel is None or rel.is_external:
                continue  # refused with its own message when the walk reaches it
            blob = rel.target_part.blob or b""
            docx_type = (rel.target_part.content_type or "").split(";")[0].strip().lower() in _CHUNK_DOCX
            budget.take(len(blob), _unpacked_size(blob) if docx_type else 0)

    def _alt_chunk_text(self, chunk: etree._Element) -> str:
        cell = BlockCollector(self.collector.max_blocks, self.collector.max_table_cells)
        self._alt_chunk(chunk, cell)
        return " ".join(block.text for block in cell.blocks)

    def _alt_chunk(self, chunk: etree._Element, collector: BlockCollector) -> None:
        """Read the part a ``w:altChunk`` points to into ``collector``, or refuse it."""
        rel = self.document.part.rels.get(chunk.get(R_ID) or "")
        if rel is None:
            raise InputError(
                "Word-dokumentet henviser til et indlejret afsnit (altChunk), som mangler i filen. "
                "Dokumentet er måske beskadiget."
            )
        if rel.is_external:
            raise InputError(
                "Word-dokumentet henviser til et indlejret afsnit (altChunk) i en ekstern fil, som ikke hentes. "
                + _RESAVE
            )
        part = rel.target_part
        content_type = (part.content_type or "").split(";")[0].strip().lower()
        blob = part.blob or b""
        if content_type in _CHUNK_DOCX:
            self._alt_chunk_docx(blob, collector)
            return
        if content_type not in _CHUNK_HTML | _CHUNK_TEXT:
            named = _CHUNK_NAMED.get(content_type)
            shown = re.sub(r"[^a-z0-9.+/\-]", "", content_type)[:80]
            what = named or f"et ukendt format (»{shown}«)"
            raise InputError(f"Word-dokumentet indeholder et indlejret afsnit (altChunk) i {what}, som ikke kan læses. {_RESAVE}")
        self.budget.take(len(blob))
        found = sniff(blob[:16])
        if found:
            raise InputError(
                f"Word-dokumentet indeholder et indlejret afsnit (altChunk), som er angivet som tekst eller HTML, "
                f"men er {found}. Det kan ikke læses. {_RESAVE}"
            )
        try:
            if content_type in _CHUNK_HTML:
                read_html(blob, collector, self.limits)
            elif blob:
                read_text(decode_text(blob), collector)
        except InputError as err:
            kind = "HTML-afsnit" if content_type in _CHUNK_HTML else "tekstafsnit"
            raise InputError(
                f"Word-dokumentet indeholder et indlejret {kind} (altChunk), som ikke kan læses: {err.message}"
            ) from None

    def _alt_chunk_docx(self, blob: bytes, collector: BlockCollector) -> None:
        if self.depth >= 1:
            raise InputError(
                "Word-dokumentet indeholder et indlejret Word-dokument (altChunk), som selv indeholder et "
                f"indlejret dokument; mere end ét niveau læses ikke. {_RESAVE}"
            )
        if not blob.startswith(MAGIC_ZIP):
            raise InputError(
                f"Word-dokumentet indeholder et indlejret Word-dokument (altChunk), som er beskadiget. {_RESAVE}"
            )
        # The budget counts what the embedded document unpacks to, not its compressed size.
        self.budget.take(len(blob), _unpacked_size(blob))
        try:
            read_docx(blob, collector, self.limits, _depth=self.depth + 1, _budget=self.budget)
        except InputError as err:
            raise InputError(
                f"Word-dokumentet indeholder et indlejret Word-dokument (altChunk), som ikke kan læses: {err.message}"
            ) from None


def _unpacked_size(data: bytes) -> int:
    try:
        return sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        return 0  # read_docx refuses it with its own message


def _non_negative(value: str | None, default: int) -> int:
    number = small_int(value, -1)
    return number if number >= 0 else default


def paragraph_text(p: etree._Element) -> str:
    """The visible text of a paragraph: runs, hyperlinks, fields' results and tracked insertions."""
    return "".join(text for _el, text in paragraph_pieces(p))


def paragraph_pieces(p: etree._Element) -> Iterator[tuple[etree._Element, str]]:
    """The elements that give a paragraph's visible text (``w:t``, tabs, breaks, hyphens), in order,
    each with the text it gives."""
    walker = etree.iterwalk(p, events=("start",))
    for _event, el in walker:
        tag = el.tag
        if tag in _SKIP and el is not p:
            walker.skip_subtree()
        elif tag == w("r") and _hidden(el):
            walker.skip_subtree()
        elif tag == w("t"):
            yield el, el.text or ""
        elif tag in (w("tab"), w("br"), w("cr")):
            yield el, " "
        elif tag == w("noBreakHyphen"):
            yield el, "-"


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
        # Asked for every paragraph; following a chain of 50 basedOn links each time (with lxml
        # look-ups at every link) took minutes for 190,000 paragraphs. Bounded by the styles.
        self._cache: dict[tuple[str, str | None], object] = {}
        for style in root.iterfind(w("style")):
            if style.get(w("type")) != "paragraph":
                continue
            sid = style.get(w("styleId"), "")
            self.styles[sid] = style
            if style.get(w("default")) in ("1", "true"):
                self.default = sid

    def _cached(self, what: str, style_id: str | None, compute):  # noqa: ANN001, ANN202
        key = (what, style_id)
        if key not in self._cache:
            self._cache[key] = compute(style_id)
        return self._cache[key]

    def _chain(self, style_id: str | None) -> list[etree._Element]:
        return self._cached("chain", style_id, self._walk_chain)

    def _walk_chain(self, style_id: str | None) -> list[etree._Element]:
        chain: list[etree._Element] = []
        seen: set[str] = set()
        while style_id and style_id in self.styles and style_id not in seen and len(chain) < 50:
            seen.add(style_id)
            style = self.styles[style_id]
            chain.append(style)
            style_id = wval(style, "basedOn")
        return chain

    def name(self, style_id: str | None) -> str | None:
        return self._cached("name", style_id, self._name)

    def heading_level(self, style_id: str | None) -> int | None:
        return self._cached("heading", style_id, self._heading_level)

    def numbering(self, style_id: str | None) -> tuple[str | None, int]:
        return self._cached("numbering", style_id, self._numbering)

    def _name(self, style_id: str | None) -> str | None:
        chain = self._chain(style_id)
        return (wval(chain[0], "name") or style_id) if chain else style_id

    def _heading_level(self, style_id: str | None) -> int | None:
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

    def _numbering(self, style_id: str | None) -> tuple[str | None, int]:
        for style in self._chain(style_id):
            ppr = style.find(w("pPr"))
            num_pr = ppr.find(w("numPr")) if ppr is not None else None
            if num_pr is not None:
                return wval(num_pr, "numId"), _non_negative(wval(num_pr, "ilvl"), 0)
        return None, 0
