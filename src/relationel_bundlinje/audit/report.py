"""The audit as a report: JSON for integrators, CSV for a spreadsheet, Markdown for a memo, HTML
for a reader (``html``). Every word a reader sees is Danish and stands here or in ``html``.

Reports hold no dates or timings, so the same acts, model and rules give the same bytes.
"""

from __future__ import annotations

import csv
import io
import json

from ..dimensions import DIMENSION_LABELS
from ..documents import Block, render_markdown
from .areas import AREA_LABELS
from .rank import Audit, Row
from .wording import (
    DIRECTION_WORDS,
    GROUP_TOP,
    MEMO_ACTS,
    MEMO_TOP,
    METHOD,
    TITLE,
    decimal,
    dimension_words,
    lead_text,
    refs_text,
    versions_text,
)

FORMATS = ("html", "md", "csv", "json")
SUFFIX_FORMAT = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".csv": "csv", ".json": "json"}

# --------------------------------------------------------------------------- JSON


def to_json(audit: Audit) -> bytes:
    data = {
        "acts": audit.acts,
        "refused": [{"document": d, "reason": r} for d, r in audit.refused],
        "ranked": [r.as_json() for r in audit.ranked],
        "screened": audit.screened,
        "by_dimension": [
            {"dimension": c.dimension, "label": DIMENSION_LABELS[c.dimension], "restrictive": c.restrictive,
             "supporting": c.supporting, "acts": c.acts}
            for c in audit.dimensions
        ],
        "by_area": [
            {"area": a.area, "label": AREA_LABELS[a.area], "acts": a.acts, "acts_restrictive": a.acts_restrictive,
             "restrictive": a.restrictive}
            for a in audit.areas
        ],
        "by_act": [
            {"document": a.document, "title": a.title, "area": a.area, "restrictive": a.restrictive,
             "top_score": a.top_score, "refs": list(a.refs)}
            for a in audit.by_act
        ],
        "versions": audit.versions,
    }
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


# --------------------------------------------------------------------------- CSV

CSV_HEADER = ("Rang", "Score", "Dimensioner", "Lov", "Dokument", "Bestemmelse", "Retning", "Sikkerhed",
              "Sandsynlighed", "Ministerområde", "Bestemmelsens begyndelse")


def csv_row(rank: int, r: Row) -> list[str]:
    return [str(rank), decimal(r.score, 4), dimension_words(r.dimensions), r.title, r.document, r.ref,
            DIRECTION_WORDS.get(r.direction, r.direction), r.certainty, decimal(r.probability, 4),
            AREA_LABELS[r.area], r.text]


def to_csv(audit: Audit) -> bytes:
    """The ranking for Danish Excel: UTF-8 with a byte order mark, ``;`` between fields, decimal comma."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for i, r in enumerate(audit.ranked, start=1):
        writer.writerow(csv_row(i, r))
    return "\ufeff".encode("utf-8") + out.getvalue().encode("utf-8")


# --------------------------------------------------------------------------- Markdown


def memo_blocks(audit: Audit) -> list[Block]:
    blocks = [Block("heading", TITLE, level=1), Block("paragraph", lead_text(audit)), Block("paragraph", METHOD)]
    blocks.append(Block("heading", "Bestemmelser pr. dimension", level=2))
    blocks.append(Block("table", rows=[["Dimension", "Begrænsende bestemmelser", "Love", "Relevante bestemmelser i alt"]]
                        + [[DIMENSION_LABELS[c.dimension], str(c.restrictive), str(c.acts), str(c.supporting)]
                           for c in audit.dimensions]))
    blocks.append(Block("heading", "Bestemmelser pr. ministerområde", level=2))
    blocks.append(Block("paragraph", "Ministerområdet er udledt af lovens titel og er kun vejledende."))
    blocks.append(Block("table", rows=[["Ministerområde", "Love", "Love med begrænsende bestemmelser", "Begrænsende bestemmelser"]]
                        + [[AREA_LABELS[a.area], str(a.acts), str(a.acts_restrictive), str(a.restrictive)] for a in audit.areas]))
    top = audit.ranked[:MEMO_TOP]
    blocks.append(Block("heading", "De mest begrænsende bestemmelser", level=2))
    if top:
        if len(audit.ranked) > MEMO_TOP:
            blocks.append(Block("paragraph", f"De {MEMO_TOP} højest rangerede af {len(audit.ranked)}; hele listen findes i "
                                             "rapportens CSV- og JSON-udgave."))
        blocks.append(Block("table", rows=[["Nr.", "Score", "Dimensioner", "Lov", "Bestemmelse", "Begyndelse"]]
                            + [[str(i), decimal(r.score), dimension_words(r.dimensions), r.title, r.ref, r.text]
                               for i, r in enumerate(top, start=1)]))
    else:
        blocks.append(Block("paragraph", "Ingen bestemmelser vurderes at begrænse muligheden for relationer."))
    blocks.append(Block("heading", "Efter dimension", level=2))
    for c in audit.dimensions:
        rows = audit.rows_of(c.dimension)[:GROUP_TOP]
        if not rows:
            continue
        blocks.append(Block("heading", f"{DIMENSION_LABELS[c.dimension]} ({c.restrictive})", level=3))
        for r in rows:
            blocks.append(Block("bullet", f"{r.ref} – {r.text}", lead=f"{r.title}:"))
    blocks.append(Block("heading", "Efter lov", level=2))
    acts = audit.by_act[:MEMO_ACTS]
    if acts:
        blocks.append(Block("table", rows=[["Lov", "Ministerområde", "Begrænsende bestemmelser", "Bestemmelser"]]
                            + [[a.title, AREA_LABELS[a.area], str(a.restrictive), refs_text(a.refs)] for a in acts]))
    if audit.refused:
        blocks.append(Block("heading", "Dokumenter, der ikke kunne screenes", level=2))
        for doc, reason in audit.refused:
            blocks.append(Block("bullet", reason, lead=f"{doc}:"))
    blocks.append(Block("note", versions_text(audit)))
    return blocks


def to_markdown(audit: Audit) -> bytes:
    return render_markdown(memo_blocks(audit)).encode("utf-8")


def render(audit: Audit, fmt: str) -> bytes:
    if fmt == "json":
        return to_json(audit)
    if fmt == "csv":
        return to_csv(audit)
    if fmt == "md":
        return to_markdown(audit)
    if fmt == "html":
        from .html import to_html

        return to_html(audit)
    raise ValueError(f"unknown report format {fmt!r}")
