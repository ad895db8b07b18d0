"""How the audit ranks restrictive provisions: every weight in one place, as data.

A provision's score is

    score = probability × CERTAINTY[certainty] × DIRECTION[direction] × (BASE + (1 - BASE) × bite)

* ``probability`` — the classifier's calibrated probability that the clause is relational;
* ``certainty`` — the judge's certainty for the clause (``høj`` / ``middel`` / ``lav``);
* ``direction`` — ``negativ`` counts in full, ``blandet`` (restricts and widens) a little less;
* ``bite`` (0–1) — how hard the mechanism bites: ``CUE_SHARE`` of the strongest restrictive
  direction cue in the clause (a ban or detention bites harder than a condition of approval) and
  the rest from the strongest relational mechanism the clause's words name (contact and family
  ties over money or procedure). A clause with no restrictive cue gets ``NO_CUE``; a clause whose
  words name no mechanism falls back to the mechanism of its dimensions (``DIMENSION_MECHANISM``).

Scores lie in [0, 1] and are rounded to four decimals, so rankings are reproducible.
"""

from __future__ import annotations

#: Share of a score that the probability and certainty earn without any bite.
BASE = 0.4

#: Weight of the judge's certainty for the clause.
CERTAINTY: dict[str, float] = {"høj": 1.0, "middel": 0.85, "lav": 0.65}

#: Weight of the clause's direction (only restrictive directions are ranked).
DIRECTION: dict[str, float] = {"negativ": 1.0, "blandet": 0.8}

#: How hard each restrictive direction cue (``classifier.cues``) bites.
CUE_BITE: dict[str, float] = {
    "tvang": 1.0,  # coercion, detention, isolation
    "forbud": 1.0,  # a ban, »må ikke«
    "udvisning": 0.95,  # expulsion, eviction, withdrawal of a permit
    "pligt_ophold": 0.85,  # an obligation to reside or report
    "bortfalder": 0.8,  # a right or benefit lapses
    "kan_ikke_gives": 0.75,  # a benefit or permit cannot be granted
    "begraenser": 0.65,  # restricts, reduces, excludes
    "kraever_tilladelse": 0.5,  # conditional on approval or consent
    "kun": 0.45,  # only / exclusively
    "digital_i_stedet": 0.4,  # digital contact in place of a meeting
}

#: Bite of a clause with no restrictive cue at all (its direction rests on other words).
NO_CUE = 0.3

#: Share of ``bite`` that comes from the cue; the rest comes from the mechanism.
CUE_SHARE = 0.6

#: How hard each mechanism of the annotation guidelines (``classifier.cues.MECHANISMS``) bites.
MECHANISM_BITE: dict[str, float] = {
    "kanal": 1.0,  # visits, contact, isolation: the channel of a relation itself
    "baand": 0.9,  # family ties: spouses, children, custody, contact rights
    "sted": 0.85,  # where one lives: housing, placement, prison, asylum centre
    "tid": 0.6,  # time for others: leave, respite, working hours, activation
    "arena": 0.6,  # places of community: daycare, school, associations
    "midler": 0.5,  # means: benefits, fees, income
    "procedure": 0.15,  # registration, deadlines, supervision
}

#: The mechanism a dimension stands for, where the clause's own words name none.
DIMENSION_MECHANISM: dict[str, str] = {
    "familie": "baand",
    "omsorg": "tid",
    "bolig": "sted",
    "kontakt": "kanal",
    "uddannelse": "arena",
    "arbejde": "tid",
    "faellesskab": "arena",
    "sundhed": "sted",
    "mobilitet": "arena",
    "digital": "kanal",
    "oekonomi": "midler",
}


def bite(cues: list[str], mechanisms: list[str], dimensions: list[str]) -> float:
    """How hard a restrictive clause bites (0–1), from its cue names, mechanisms and dimensions."""
    cue = max((CUE_BITE[c] for c in cues if c in CUE_BITE), default=NO_CUE)
    named = [m for m in mechanisms if m in MECHANISM_BITE and m != "procedure"]
    if not named:
        named = [DIMENSION_MECHANISM[d] for d in dimensions if d in DIMENSION_MECHANISM]
        if not named and "procedure" in mechanisms:
            named = ["procedure"]
    mechanism = max((MECHANISM_BITE[m] for m in named), default=MECHANISM_BITE["procedure"])
    return CUE_SHARE * cue + (1 - CUE_SHARE) * mechanism


def score(probability: float, certainty: str, direction: str, cues: list[str], mechanisms: list[str],
          dimensions: list[str]) -> float:
    """The ranking score of one restrictive clause (see the module docstring)."""
    value = (
        probability
        * CERTAINTY.get(certainty, CERTAINTY["lav"])
        * DIRECTION.get(direction, 0.0)
        * (BASE + (1 - BASE) * bite(cues, mechanisms, dimensions))
    )
    return round(value, 4)
