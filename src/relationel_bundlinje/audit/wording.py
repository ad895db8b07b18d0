"""The audit report's words, shared by every format: names, numbers as Danes write them, and the
report's opening and method paragraphs."""

from __future__ import annotations

from ..dimensions import DIMENSION_LABELS
from .rank import Audit

#: How a restrictive direction is named in a report.
DIRECTION_WORDS = {"negativ": "begrænsende", "blandet": "blandet"}

#: Rows of the ranking a memo shows, and provisions per dimension and per act in the grouped views.
MEMO_TOP = 40
GROUP_TOP = 5
MEMO_ACTS = 25

TITLE = "Relationel bundlinje i gældende ret"


def dimension_words(dims) -> str:
    return "; ".join(DIMENSION_LABELS[d] for d in dims) or "–"


def decimal(value: float, places: int = 3) -> str:
    """A number as Danes write it: decimal comma."""
    return f"{value:.{places}f}".replace(".", ",")


def number(n: int) -> str:
    """12345 -> »12.345« (Danish thousands separator)."""
    return f"{n:,}".replace(",", ".")


def count_words(n: int, one: str, many: str) -> str:
    return number(n) + " " + (one if n == 1 else many)


def lead_text(audit: Audit) -> str:
    """The report's opening paragraph: what was screened and what was found."""
    acts = count_words(audit.acts, "lov", "love")
    found = count_words(len(audit.ranked), "bestemmelse", "bestemmelser")
    with_rows = count_words(len(audit.by_act), "lov", "love")
    text = (f"{acts} er screenet for deres relationelle bundlinje. {found} i {with_rows} vurderes at begrænse "
            "muligheden for at danne og bevare relationer.")
    if audit.refused:
        text += f" {count_words(len(audit.refused), 'dokument', 'dokumenter')} kunne ikke screenes (se sidst i rapporten)."
    return text


METHOD = ("Bestemmelserne er ordnet efter en score, der forener klassifikationsmodellens sandsynlighed for, at "
          "bestemmelsen er relationel, vurderingens sikkerhed og hvor hårdt mekanismen rammer: et forbud, tvang, "
          "frihedsberøvelse eller isolation, tab af en ret og indgreb i kontakt og familiebånd vejer tungere end "
          "betingelser og sagsbehandling. Listen er et udgangspunkt for en juridisk gennemgang, ikke en afgørelse.")


def refs_text(refs, limit: int = 6) -> str:
    shown = ", ".join(refs[:limit])
    return shown + (f" og {len(refs) - limit} flere" if len(refs) > limit else "")


def versions_text(audit: Audit) -> str:
    v = audit.versions
    return f"Screenet med model {v.get('model', 'ukendt')} og regler {v.get('rules', 'ukendt')}."
