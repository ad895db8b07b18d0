"""The Danish phrases of the section: what each dimension's relations are, how a direction is said,
and how an open question is put in the register of a bill's remarks."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable

from ..danish import closed, join, join_names
from ..dimensions import DIMENSION_LABELS

if TYPE_CHECKING:
    from ..models import Assessment, ClauseAssessment

#: What a dimension's relations are about, completing "muligheden for …".
POSSIBILITY: dict[str, str] = {
    "familie": "at leve sammen som familie og holde fast i familiebåndene",
    "omsorg": "at give og modtage omsorg i familien og blandt pårørende",
    "bolig": "at bo og blive boende i et kendt nærmiljø",
    "kontakt": "at få besøg og holde kontakt med familie, venner og andre nærtstående",
    "uddannelse": "at indgå i fællesskaber i dagtilbud, skole og uddannelse",
    "arbejde": "at indgå i arbejdsfællesskaber og have tid til relationer ved siden af arbejdet",
    "faellesskab": "at deltage i foreningsliv, fritidsaktiviteter og lokale fællesskaber",
    "sundhed": "at bevare sociale relationer under sygdom, behandling og pleje",
    "mobilitet": "at komme frem til familie, venner og fællesskaber",
    "digital": "at have personlig kontakt frem for alene digital kontakt",
    "oekonomi": "at have råd til at deltage i sociale sammenhænge",
}

#: The wording of a dimension for provisions that only concern visits and contact, where the
#: general wording would claim more than they hold: a visiting rule in a care home concerns the
#: resident's home as a place to receive people, not whether they can stay living there; visits,
#: letters, telephone calls, leave or a contact order for a prisoner or a child concern family
#: ties, not living together. (dimension: (what every provision must speak of, the wording))
CONTACT_POSSIBILITY: dict[str, tuple[re.Pattern[str], str]] = {
    # »besøg«, »besøgende« as words of their own: »hjemmebesøg« and »tilsynsbesøg« are visits by
    # the authorities, not by the people's relations.
    "bolig": (re.compile(r"\bbesøg", re.IGNORECASE), "at tage imod familie, venner og andre nærtstående i eget hjem"),
    "familie": (re.compile(r"\b(?:besøg|samvær|brevveks|telefon|udgang|kontakt(?!person))", re.IGNORECASE),
                "at holde fast i familiebåndene"),
}


def possibility(dim: str, texts: Iterable[str]) -> str:
    """What ``dim``'s relations are about for provisions with these texts: the contact wording
    where every one of them speaks of visits or contact, else the dimension's general wording."""
    texts = list(texts)
    if dim in CONTACT_POSSIBILITY and texts:
        cue, wording = CONTACT_POSSIBILITY[dim]
        if all(cue.search(t) for t in texts):
            return wording
    return POSSIBILITY[dim]


def judged_text(c: ClauseAssessment) -> str:
    """The words a clause is judged by: its own text with the wording in force it amends or repeals."""
    return f"{c.text} {c.amended_text or ''}"


def clause_texts(a: Assessment) -> dict[str, str]:
    """Each assessed clause's judged text by reference."""
    return {c.ref: judged_text(c) for c in a.clauses}


def split_by_wording(dims: list[str], refs: list[str], texts: dict[str, str]) -> list[tuple[list[str], list[str]]]:
    """The provisions grouped by the wording the dimensions' possibilities take for them, in the
    order of ``refs``: [(possibilities, provisions)]. One group where one wording fits them all;
    without provisions, one group with the general wording."""
    # A group's wording is each member's: the contact wording holds only where every text has the cue.
    split: dict[tuple[str, ...], list[str]] = {}
    for r in refs:
        split.setdefault(tuple(possibility(d, [texts.get(r, "")]) for d in dims), []).append(r)
    return [(list(words), part) for words, part in split.items()] or [([POSSIBILITY[d] for d in dims], [])]


#: What the provisions concern, where no screening question names it more precisely.
TOPIC: dict[str, str] = {
    "familie": "familieliv og samliv",
    "omsorg": "omsorg for børn og nærtstående",
    "bolig": "hvor og hvordan de berørte bor",
    "kontakt": "besøg og kontakt",
    "uddannelse": "dagtilbud, skole og uddannelse",
    "arbejde": "krav om og adgang til arbejde",
    "faellesskab": "fritid, foreninger og fællesskaber",
    "sundhed": "sundhed og pleje",
    "mobilitet": "transport og tilgængelighed",
    "digital": "digital kontakt i stedet for personlig kontakt",
    "oekonomi": "de berørtes økonomiske forhold",
}

ADJECTIVE = {"negativ": "negative", "positiv": "positive", "blandet": "både positive og negative"}

#: The effect sentence by direction ({subject}: the provisions named, as the sentence's subject).
#: Where the people concerned are known, the sentence is the remarks' own: »Det vurderes, at lovens
#: § 49 a vil begrænse muligheden for, at indsatte og deres børn, partnere og øvrige pårørende kan
#: leve sammen som familie …« — the people as the subject of the possibility, never tacked on after
#: it (»… hvor relationer og fællesskaber udfoldes for indsatte …« reads as part of its last words).
EFFECT = {
    "negativ": "{subject} vurderes at begrænse muligheden for {possibility}.",
    "positiv": "{subject} vurderes at {improve} muligheden for {possibility}.",
    "blandet": "{subject} vurderes i nogle tilfælde at {improve} og i andre at begrænse muligheden for {possibility}.",
    "uafklaret": "Det kan ikke på det foreliggende grundlag vurderes, om {subject_lower} samlet set {improves} eller begrænser muligheden for {possibility}, idet virkningen afhænger af, hvordan {applied} anvendes.",
}
EFFECT_FOR = {
    "negativ": "Det vurderes, at {subject_lower} {will_limit} muligheden for, at {people} kan {can}.",
    "positiv": "Det vurderes, at {subject_lower} {will_improve} muligheden for, at {people} kan {can}.",
    "blandet": "Det vurderes, at {subject_lower} i nogle tilfælde {will_improve} og i andre {will_limit} muligheden for, at {people} kan {can}.",
    "uafklaret": "Det kan ikke på det foreliggende grundlag vurderes, om {subject_lower} samlet set {improves} eller begrænser muligheden for, at {people} kan {can}, idet virkningen afhænger af, hvordan {applied} anvendes.",
}

#: The verbs by whether the text is an act in force (True): a bill or an amending act »vil
#: forbedre« and »vil begrænse«; an act in force changes nothing, it »understøtter« and »begrænser«.
VERBS = {
    False: {"improve": "forbedre", "improves": "forbedrer", "will_improve": "vil forbedre", "will_limit": "vil begrænse"},
    True: {"improve": "understøtte", "improves": "understøtter", "will_improve": "understøtter", "will_limit": "begrænser"},
}


def the_provisions(refs) -> str:
    """»bestemmelsen« for one provision, »bestemmelserne« for several."""
    return "bestemmelsen" if len(refs) == 1 else "bestemmelserne"


def people_subject(groups: list[str]) -> str:
    """The groups as the subject of »kan«: »indsatte og deres børn … samt forældre og børn« (the
    names hold »og« themselves); a name ending in a relative clause is closed by a comma, before
    »samt« as before »kan« (»…, de samler, samt patienter …«)."""
    return " samt ".join(closed(g) for g in groups)


def can_phrase(possibilities: list[str]) -> str:
    """»at leve sammen …« and »at give og modtage omsorg …« as what the people »kan« do."""
    bare = [p[3:] if p.startswith("at ") else p for p in possibilities]
    # The possibilities hold »og« themselves: the last is joined with »samt«.
    return ", ".join(bare[:-1]) + " samt " + bare[-1] if len(bare) > 1 else bare[0]


def effect_sentence(direction: str, subject: str, subject_lower: str, possibilities: list[str], groups: list[str],
                    applied: str, *, in_force: bool = False) -> str:
    """The paragraph's first sentence."""
    if groups and direction in EFFECT_FOR:
        return EFFECT_FOR[direction].format(subject_lower=subject_lower, people=people_subject(groups),
                                            can=can_phrase(possibilities), applied=applied, **VERBS[in_force])
    possibility = join(possibilities, last="og")
    return EFFECT[direction].format(subject=subject, subject_lower=subject_lower, possibility=possibility, applied=applied,
                                    **VERBS[in_force])


#: One sentence, in the register of the remarks, on what is still open (the appendix says why).
OPEN = {
    "svagt_grundlag": "Det er ikke muligt på det foreliggende grundlag at vurdere, i hvilket omfang {refs} i praksis får betydning for muligheden for {possibility}.",
    "retning_ukendt": "Det er ikke på det foreliggende grundlag muligt at vurdere, om {refs} samlet set {improves} eller begrænser muligheden for {possibility}.",
    "modstridende": "Det afhænger af den konkrete situation, om den enkelte samlet set får bedre eller ringere mulighed for {possibility}.",
}


def for_groups(groups: list[str]) -> str:
    """' for A, for B og for C' — "for" repeated, because the groups hold "og" themselves."""
    if not groups:
        return ""
    return " " + join_names([f"for {g}" for g in groups])


def label(dim: str) -> str:
    return DIMENSION_LABELS[dim]


def label_lower(dim: str) -> str:
    text = DIMENSION_LABELS[dim]
    return text[:1].lower() + text[1:]


#: A dimension as running text names it where its label would mislead: »positive konsekvenser
#: … for så vidt angår kontakt, besøg og frihedsbegrænsning« reads as if less freedom were a gain.
RUNNING = {"kontakt": "kontakt og besøg"}


def running_label(dim: str) -> str:
    return RUNNING.get(dim) or label_lower(dim)
