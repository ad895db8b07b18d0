"""Blocks -> ``Bill``: title, provision tree, change points, remarks and clauses, with spans.

``parse_document`` is the whole stage; the modules are its steps: ``lines`` (the normalised text),
``provisions`` (the tree and every node's ``Ref``), ``clauses`` (the units that are judged, with
what they amend and cite), ``remarks`` (general and special remarks, linked), ``context`` (the
texts a clause is read with).
"""

from __future__ import annotations

import re

from ..errors import InputError
from ..models import Bill, Chapter, SourceDocument
from .clauses import build_clauses, to_provision
from .context import ClauseContext, clause_context, clause_contexts
from .lines import Line, check_language, lines_from_blocks
from .provisions import COMMENCEMENT, Node, ProvisionParser
from .remarks import general_remarks_for, link_remarks, parse_remarks

__all__ = ["ClauseContext", "clause_context", "clause_contexts", "general_remarks_for", "parse_document"]

#: A title is a heading, not a document: a hostile one-line "title" of 300 KB is cut here.
TITLE_LIMIT = 500

_HEADER_LINE = re.compile(
    r"^(L\s?\d+\b|Lovforslag nr\.|Fremsat\b|Folketinget\b|Folketingsåret\b|Offentligt\b|\d{4}-\d{2}\b)"
)


def _title(lines: list[Line], first_par_start: int) -> tuple[str, tuple[int, int] | None]:
    """The bill's title and where it stands (the first lines before the first §, past Folketinget's
    header lines: number, session, date of introduction)."""
    head = [ln for ln in lines[:6] if ln.end <= first_par_start]
    title_lines: list[Line] = []
    for line in head:
        if _HEADER_LINE.match(line.text):
            continue
        if not title_lines:
            title_lines.append(line)
        elif line.text.startswith("(") and len(title_lines) == 1:
            title_lines.append(line)
            break
        else:
            break
    if not title_lines:
        return (lines[0].text[:TITLE_LIMIT] if lines else ""), None
    title = " ".join(line.text for line in title_lines)
    span = (title_lines[0].start, min(title_lines[-1].end, title_lines[0].start + TITLE_LIMIT))
    if len(title) > TITLE_LIMIT:
        title = title[:TITLE_LIMIT].rsplit(" ", 1)[0] + " …"
    return title, span


def _kind(title: str, top: list[Node]) -> str:
    low = title.lower()
    if low.startswith("bekendtgørelse af"):
        return "lovbekendtgoerelse"
    amending = [p for p in top if p.amending]
    if "om ændring af" in low or (top and amending and len(amending) >= len(top) - 1 and top[0].amending):
        return "aendringslov"
    return "ny_lov"


def parse_document(doc: SourceDocument) -> Bill:
    """Parse a read document into a ``Bill``. Raises ``InputError`` for text that is not a bill."""
    text, lines = lines_from_blocks(doc.blocks)
    if not text.strip():
        raise InputError("Dokumentet er tomt.")
    check_language(text)
    parser = ProvisionParser(text, lines)
    parser.parse()
    if not parser.top:
        raise InputError(
            "Der blev ikke fundet nogen bestemmelser (§) i dokumentet. Kontrollér, at filen indeholder "
            "lovforslagets lovtekst."
        )
    remark_lines = lines[parser.remarks_from :] if parser.remarks_from is not None else []
    remarks = parse_remarks(text, remark_lines)

    title, title_span = _title(lines, parser.top[0].start)
    head = "\n".join(ln.text[:200] for ln in lines[:12] if ln.end <= parser.top[0].start)
    number = re.search(r"\b(L\s?\d{1,4}(?:\s?[A-Z])?)\b", head)
    session = re.search(r"\b((?:19|20)\d{2}-\d{2})\b", head)
    chapters = [Chapter(label=label, heading=heading, start=s, end=e) for label, heading, s, e in parser.chapters]
    clauses = build_clauses(parser.top, text, {c.label: c.heading for c in chapters})
    if not clauses:
        # E.g. "§ 1. I lov om … foretages følgende ændringer:" with the change points missing: a
        # screening of nothing would wrongly read as "no relational consequences".
        raise InputError(
            "Dokumentet indeholder ingen bestemmelser, der kan vurderes (stk. eller ændringspunkter). "
            "Kontrollér, at hele lovteksten er med."
        )
    clauses = link_remarks(clauses, remarks)
    commencement = next(
        (f"§ {c.path.par}" for c in reversed(clauses) if not c.path.law and COMMENCEMENT.search(c.text)),
        None,
    )
    return Bill(
        title=title,
        kind=_kind(title, parser.top),  # type: ignore[arg-type]
        number=number.group(1).replace("L", "L ").replace("  ", " ") if number else None,
        session=session.group(1) if session else None,
        source=doc.source,
        text=text,
        title_span=title_span,
        chapters=chapters,
        provisions=[to_provision(n, text) for n in parser.top],
        remarks=remarks,
        clauses=clauses,
        commencement_ref=commencement,
    )
