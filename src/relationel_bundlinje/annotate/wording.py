"""The Danish wording of a Word comment: a face of the statement, for one provision at a time.

A comment says what the appendix says of a clause, in the margin beside it: the dimensions
(Danish labels), the direction, one sentence on what the provision concerns and which way it is
judged to work, the screening questions it bears on, and how sure the tool is — in words.
"""

from __future__ import annotations

from typing import Sequence

from ..danish import closed, join, join_names, shorten
from ..dimensions import DIMENSION_LABELS
from ..statement.wording import TOPIC, possibility

AUTHOR = "Relationel bundlinje"
INITIALS = "RB"

#: Longest question wording quoted in a comment, and how many questions are named.
QUESTION_LIMIT = 80
MAX_QUESTIONS = 3
MAX_POSSIBILITIES = 2

CERTAINTY = {
    "høj": "Vurderingen er sikker.",
    "middel": "Vurderingen er rimeligt sikker.",
    "lav": "Vurderingen er usikker og bør efterprøves.",
}

#: Which way a provision is judged to work, completing "Bestemmelsen vedrører …, og {for A} den …"
#: (the people before the verb, so they are not read as part of the possibility's last words).
_EFFECT = {
    "negativ": "vurderes {pronoun} at begrænse muligheden for {possibility}",
    "positiv": "vurderes {pronoun} at forbedre muligheden for {possibility}",
    "blandet": "vurderes {pronoun} både at kunne forbedre og begrænse muligheden for {possibility}",
    "uafklaret": "kan {pronoun} få betydning for muligheden for {possibility}, men det afhænger af anvendelsen, om virkningen er positiv eller negativ",
}

_VERDICT = {
    "accepted": "En jurist har godkendt vurderingen{who}.",
    "corrected": "En jurist har rettet vurderingen{who}.",
}


def dimensions_line(dimensions: Sequence[str], direction: str | None) -> str:
    """'Dimension: Kontakt, besøg og frihedsbegrænsning. Retning: negativ.'"""
    labels = [DIMENSION_LABELS[d] for d in dimensions]
    lead = "Dimension" if len(labels) == 1 else "Dimensioner"
    # Labels hold commas themselves ("Kontakt, besøg og …"), so several are set off by semicolons.
    return f"{lead}: {'; '.join(labels) or 'ingen angivet'}. Retning: {direction or 'ikke angivet'}."


def reason(dimensions: Sequence[str], direction: str | None, topic: str | None, who: Sequence[str], *, plural: bool,
           texts: Sequence[str] = ()) -> str:
    """One sentence: what the provision concerns and which way it is judged to work.

    'Bestemmelsen vedrører besøg og kontakt, og for indsatte og deres børn, partnere og øvrige
    pårørende vurderes den at begrænse muligheden for at få besøg og holde kontakt med familie,
    venner og andre nærtstående (negativ).'
    """
    subject, pronoun = ("Bestemmelserne", "de") if plural else ("Bestemmelsen", "den")
    dims = list(dimensions)
    concerns = topic or (TOPIC[dims[0]] if dims else "forhold af betydning for relationer")
    # One line: the possibilities of the first dimensions only (the first line names them all).
    # The provisions' own texts choose the wording (a visiting rule is not about staying in one's home).
    what = join([possibility(d, texts) for d in dims[:MAX_POSSIBILITIES]]) or "at danne og bevare relationer"
    way = direction if direction in _EFFECT else "uafklaret"
    effect = _EFFECT[way].format(possibility=what, pronoun=pronoun)
    if who:
        return f"{subject} vedrører {concerns}, og for {closed(join_names(list(who)))} {effect} ({direction or 'retning ikke angivet'})."
    # Without the people named, the pronoun leads: "og den vurderes at begrænse …".
    verb, rest = effect.split(f" {pronoun} ", 1)
    return f"{subject} vedrører {concerns}, og {pronoun} {verb} {rest} ({direction or 'retning ikke angivet'})."


def questions_line(questions: Sequence[tuple[str, str]]) -> str:
    """'Screeningsspørgsmål: »Berører lovforslaget …?« (kontakt.besoeg).' from (id, wording)."""
    if not questions:
        return "Screeningsspørgsmål: ingen med udslag i bestemmelsen; vurderingen bygger på klassifikationsmodellen."
    shown = [f"»{shorten(text, QUESTION_LIMIT)}« ({qid})" for qid, text in questions[:MAX_QUESTIONS]]
    more = len(questions) - len(shown)
    tail = f" og {more} {'andet' if more == 1 else 'andre'}" if more > 0 else ""
    return f"Screeningsspørgsmål: {'; '.join(shown)}{tail}."


def certainty_line(certainty: str) -> str:
    return CERTAINTY.get(certainty, CERTAINTY["lav"])


def verdict_line(verdict: str, reviewer: str | None) -> str | None:
    template = _VERDICT.get(verdict)
    return template.format(who=f" ({reviewer})" if reviewer else "") if template else None
