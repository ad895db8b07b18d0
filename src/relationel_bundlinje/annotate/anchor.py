"""Comment ranges on exactly a passage's text, in the paragraphs the passage was read from.

A span of ``Bill.text`` is followed back to the blocks it came from (``layout``), inside each
block to the raw text the reader built (``align``) and so to a character of one ``w:t`` (or a
tab or break) in one run — in a tracked insertion, a hyperlink or a content control as well,
since the reader reads those too. Text the reader put there itself (an automatic numbering label
such as "3. ", the space between a table cell's paragraphs) is in no run: a range starts at the
first character that is and ends after the last. A run is split where a range starts or ends
inside it; both halves keep its properties. Nothing else in the paragraph changes.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Sequence

from lxml import etree

from ..ingest.docx_numbering import w
from ..ingest.docx_reader import paragraph_pieces
from ..models import Block
from .align import align
from .layout import segments

W_P, W_R, W_T, W_RPR = w("p"), w("r"), w("t"), w("rPr")
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

#: A block's origin: each paragraph it was read from, with the text the reader put before it (a
#: numbering label); ``None`` for text that stands in no paragraph of this document (an embedded
#: part's text in a table cell).
Origin = Sequence[tuple["etree._Element | None", str]]


@dataclass(frozen=True)
class Point:
    """A place between two characters: before ``offset`` of ``element`` (a ``w:t``, or a tab or
    break counted as one character). ``key`` orders points in document order."""

    key: tuple[int, int]
    element: etree._Element
    offset: int


class _BlockText:
    """One block's raw text as the reader built it, each character with where it stands."""

    def __init__(self, block: Block, origin: Origin) -> None:
        chars: list[str] = []
        where: list[tuple[etree._Element, int] | None] = []
        for n, (p, prefix) in enumerate(origin):
            if n:
                chars.append(" ")
                where.append(None)
            chars.extend(prefix)
            where.extend([None] * len(prefix))
            for element, text in paragraph_pieces(p) if p is not None else ():
                chars.extend(text)
                parent = element.getparent()
                if parent is not None and parent.tag == W_R:
                    where.extend((element, k) for k in range(len(text)))
                else:  # text outside a run (not written by Word): read, but no place for a marker
                    where.extend([None] * len(text))
        self.where = where
        self.mapping = align("".join(chars), block.text)

    def raw_range(self, a: int, b: int) -> tuple[int, int]:
        """The raw characters behind cleaned characters ``a`` to ``b`` (exclusive): first, last."""
        if self.mapping is None:  # no exact mapping: the whole block
            return 0, len(self.where) - 1
        return self.mapping[a][0], self.mapping[b - 1][1]

    def start(self, first: int, last: int) -> int | None:
        return next((i for i in range(first, last + 1) if self.where[i] is not None), None)

    def end(self, first: int, last: int) -> int | None:
        return next((i for i in range(last, first - 1, -1) if self.where[i] is not None), None)


class Anchorer:
    """Finds where spans of ``Bill.text`` stand in the Word document the blocks were read from."""

    def __init__(self, blocks: Sequence[Block], origins: dict[int, Origin], text: str) -> None:
        self.blocks = blocks
        self.origins = origins
        self.segments = segments(blocks, text)
        self._texts: dict[int, _BlockText] = {}

    def _text(self, index: int) -> _BlockText | None:
        if index not in self.origins:
            return None  # read from a part embedded in another format (altChunk): no runs here
        if index not in self._texts:
            self._texts[index] = _BlockText(self.blocks[index], self.origins[index])
        return self._texts[index]

    def points(self, start: int, end: int) -> tuple[Point, Point] | None:
        """The start and end of a comment range over ``Bill.text[start:end]``, or None."""
        first: Point | None = None
        last: Point | None = None
        for seg in self.segments:
            if seg.end <= start or seg.start >= end:
                continue
            bt = self._text(seg.block)
            if bt is None or not bt.where:
                continue
            a, b = max(start, seg.start) - seg.start, min(end, seg.end) - seg.start
            lo, hi = bt.raw_range(a, b)
            if first is None:
                i = bt.start(lo, hi)
                if i is not None:
                    element, offset = bt.where[i]  # type: ignore[misc]
                    first = Point((seg.block, i), element, offset)
            j = bt.end(lo, hi)
            if j is not None and first is not None:
                element, offset = bt.where[j]  # type: ignore[misc]
                last = Point((seg.block, j + 1), element, offset + 1)
        if first is None or last is None:
            return None
        return first, last


# --------------------------------------------------------------------------- the XML


def split_at(element: etree._Element, offset: int) -> tuple[etree._Element | None, etree._Element | None]:
    """Split the run holding ``element`` before its character ``offset``: (left run, right run).

    A side with no content is None (the point is at the run's start or end); a new run gets a copy
    of the run's properties (``w:rPr``) and attributes.
    """
    run = element.getparent()
    assert run is not None and run.tag == W_R, "text pieces stand in runs"
    cut = list(run).index(element) + (1 if offset > 0 else 0)
    if element.tag == W_T:
        text = element.text or ""
        if 0 < offset < len(text):
            tail = copy.deepcopy(element)
            tail.tail = None
            element.text, tail.text = text[:offset], text[offset:]
            _preserve(element)
            _preserve(tail)
            element.addnext(tail)
    content = list(run)
    before = [c for c in content[:cut] if c.tag != W_RPR]
    after = [c for c in content[cut:] if c.tag != W_RPR]
    if not before:
        return None, run
    if not after:
        return run, None
    new = run.makeelement(run.tag, dict(run.attrib))
    props = run.find(W_RPR)
    if props is not None:
        new.append(copy.deepcopy(props))
    for child in after:
        new.append(child)  # moves it
    run.addnext(new)
    return run, new


def _preserve(t: etree._Element) -> None:
    text = t.text or ""
    if text != text.strip():
        t.set(_XML_SPACE, "preserve")


def marker(tag: str, comment_id: int) -> etree._Element:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    return OxmlElement(f"w:{tag}", attrs={qn("w:id"): str(comment_id)})


def reference_run(comment_id: int, style_id: str) -> etree._Element:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    return parse_xml(
        f'<w:r {nsdecls("w")}><w:rPr><w:rStyle w:val="{style_id}"/></w:rPr>'
        f'<w:commentReference w:id="{comment_id}"/></w:r>'
    )


def _child_of_paragraph(element: etree._Element) -> etree._Element:
    """The ancestor of ``element`` (or itself) that stands directly in its ``w:p``."""
    node = element
    while node.getparent() is not None and node.getparent().tag != W_P:
        node = node.getparent()
    return node


def mark(ranges: Sequence[tuple[int, Point, Point]], reference_style: str) -> None:
    """Put ``w:commentRangeStart``/``End`` and the reference run of each (comment id, start, end).

    Points are handled from the end of the document backwards, so that splitting a run never moves
    a point still to be handled (each lies in text before the split). Where a range ends at the
    place the next one starts, the end marker comes first.
    """
    todo: list[tuple[tuple[int, int], int, int, Point]] = []
    for comment_id, start, end in ranges:
        todo.append((start.key, 1, comment_id, start))
        todo.append((end.key, 0, comment_id, end))
    for _key, is_start, comment_id, point in sorted(todo, key=lambda t: (t[0], t[1]), reverse=True):
        left, right = split_at(point.element, point.offset)
        if is_start:
            assert right is not None
            right.addprevious(marker("commentRangeStart", comment_id))
        else:
            assert left is not None
            end_marker = marker("commentRangeEnd", comment_id)
            left.addnext(end_marker)
            # The reference mark stands in the paragraph itself: not inside a tracked insertion
            # (it would read as inserted by the draft's author) nor inside a hyperlink.
            _child_of_paragraph(end_marker).addnext(reference_run(comment_id, reference_style))
