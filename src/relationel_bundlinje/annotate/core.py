"""``annotate_docx``: the lawyer's own draft back with one Word comment per flagged provision."""

from __future__ import annotations

import datetime as _dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError
from ..ingest.limits import Limits, format_mb
from ..models import Block, SourceDocument, SourceInfo
from .anchor import Anchorer, Origin, mark
from .notes import NoteWriter
from .package import write_package
from .styles import CommentStyles, ensure_comment_styles
from .wording import AUTHOR, INITIALS

if TYPE_CHECKING:
    from ..pipeline import Screener

NOT_DOCX = "Filen er ikke et Word-dokument (.docx). Kun .docx-filer kan forsynes med kommentarer."


@dataclass(frozen=True)
class Annotated:
    """The commented draft, and what was put in it."""

    data: bytes
    comments: int  # comments added
    unplaced: tuple[str, ...]  # flagged provisions with no text of their own in the document's runs


def annotate_docx(
    data: bytes,
    *,
    screener: Screener | None = None,
    fixed_date: str | None = None,
    reviews: Path | None = None,
    name: str = "udkast.docx",
) -> bytes:
    """The draft ``data`` (a .docx) with a comment on every flagged provision, as .docx bytes.

    The draft is screened as ``screen`` screens it (``reviews``: a lawyer's verdicts on it are
    applied); everything else in it is left as it was. Raises ``BundlinjeError`` (Danish) for
    anything that is not a readable .docx, or that is not a bill.
    """
    return annotate(data, screener=screener, fixed_date=fixed_date, reviews=reviews, name=name).data


def annotate(
    data: bytes,
    *,
    screener: Screener | None = None,
    fixed_date: str | None = None,
    reviews: Path | None = None,
    name: str = "udkast.docx",
) -> Annotated:
    """As :func:`annotate_docx`, with the number of comments and the provisions left without one."""
    from ..ingest.docx_reader import read_docx
    from ..ingest.normalize import BlockCollector
    from ..pipeline import Screener, record_date
    from ..structure import parse_document

    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise InputError(NOT_DOCX)
    data = bytes(data)
    date = record_date(fixed_date)  # a bad date is refused before any work
    limits = Limits.from_env()
    if not data:
        raise InputError("Filen er tom.")
    if len(data) > limits.max_bytes:
        raise InputError(f"Filen er for stor ({format_mb(len(data))}); grænsen er {format_mb(limits.max_bytes)}.")
    if not data.startswith(b"PK") and not data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(NOT_DOCX)

    collector = BlockCollector(limits.max_blocks)
    origins: dict[int, Origin] = {}

    def on_block(block: Block, paragraphs: Origin) -> None:
        origins[len(collector.blocks) - 1] = list(paragraphs)

    document = read_docx(data, collector, limits, on_block=on_block)
    if not collector.blocks:
        raise InputError("Filen indeholder ingen tekst.")
    source = SourceInfo(name=name, format="docx", sha256=hashlib.sha256(data).hexdigest(), size=len(data))
    bill = parse_document(SourceDocument(source=source, blocks=collector.blocks))
    screener = screener or Screener.default()
    assessment = screener.screen(bill, fixed_date=date, reviews=reviews)
    notes = NoteWriter(screener.rules).notes(assessment, bill)

    anchorer = Anchorer(collector.blocks, origins, bill.text)
    found = [(note, anchorer.points(note.start, note.end)) for note in notes]
    placed = [(note, points) for note, points in found if points is not None]
    unplaced = tuple(ref for note, points in found if points is None for ref in note.refs)
    if not placed:
        return Annotated(data, 0, unplaced)  # nothing to comment on: the draft itself, byte for byte

    part = document.part
    had_comments = _has_comments(part)
    # python-docx makes up a styles part in memory for a package without one (the reader asked
    # for styles); that one is not the draft's and is not written.
    styles_part = part._styles_part
    own_styles = _member(data, str(styles_part.partname))
    styles = ensure_comment_styles(styles_part.element) if own_styles else CommentStyles("CommentText", "CommentReference", False)
    comments_part = part._comments_part  # python-docx creates it where the draft has none
    when = _comment_time(date if fixed_date is not None else None)
    ranges = []
    for note, (start, end) in placed:
        comment = comments_part.comments.add_comment(text=note.text, author=AUTHOR, initials=INITIALS)
        element = comment._comment_elm
        element.date = when
        _restyle(element, styles.text, styles.reference)
        ranges.append((comment.comment_id, start, end))
    mark(ranges, styles.reference)

    parts = {str(part.partname): part.blob, str(comments_part.partname): comments_part.blob}
    if styles.added:
        parts[str(styles_part.partname)] = styles_part.blob
    new_part = None
    if not had_comments:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        rel_id = next(rid for rid, rel in part.rels.items() if rel.reltype == RT.COMMENTS and not rel.is_external)
        new_part = (str(comments_part.partname), comments_part.content_type, rel_id, RT.COMMENTS)
    return Annotated(write_package(data, parts, new_part=new_part), len(placed), unplaced)


def _member(data: bytes, partname: str) -> bool:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return partname.lstrip("/").lower() in {n.lower() for n in archive.namelist()}


def _has_comments(part) -> bool:  # noqa: ANN001 - python-docx DocumentPart
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    return any(rel.reltype == RT.COMMENTS and not rel.is_external for rel in part.rels.values())


def _comment_time(date: str | None) -> _dt.datetime:
    if date is not None:
        return _dt.datetime.fromisoformat(date).replace(tzinfo=_dt.timezone.utc)
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0)


def _restyle(comment, text_style: str, reference_style: str) -> None:  # noqa: ANN001 - CT_Comment
    """python-docx names the styles "CommentText"/"CommentReference"; a Danish Word's ids differ."""
    from docx.oxml.ns import qn

    for el in comment.iter(qn("w:pStyle")):
        el.set(qn("w:val"), text_style)
    for el in comment.iter(qn("w:rStyle")):
        el.set(qn("w:val"), reference_style)
