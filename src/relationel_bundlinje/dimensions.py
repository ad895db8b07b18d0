"""The shared vocabulary of relational dimensions and directions.

Rules, corpus labels, the classifier and the statement all speak in these ids;
they come from the project's design note and must not drift apart.
"""

from __future__ import annotations

from typing import Literal, get_args

DimensionId = Literal[
    "familie",
    "omsorg",
    "bolig",
    "kontakt",
    "uddannelse",
    "arbejde",
    "faellesskab",
    "sundhed",
    "mobilitet",
    "digital",
    "oekonomi",
]

#: Direction of one clause's or one dimension's effect.
Direction = Literal["negativ", "positiv", "blandet", "uafklaret"]

#: Direction of the bill's overall conclusion (``ingen`` = no relational consequences).
ConclusionDirection = Literal["ingen", "negativ", "positiv", "blandet", "uafklaret"]

#: The dimension ids in their fixed order (the order of rules, model rows and statements).
DIMENSION_IDS: tuple[str, ...] = get_args(DimensionId)

DIRECTIONS: tuple[str, ...] = get_args(Direction)

#: Danish label of each dimension, as the statement prints it.
DIMENSION_LABELS: dict[str, str] = {
    "familie": "Familieliv og samliv",
    "omsorg": "Omsorg og pårørende",
    "bolig": "Bolig og nærmiljø",
    "kontakt": "Kontakt, besøg og frihedsbegrænsning",
    "uddannelse": "Dagtilbud, skole og uddannelse",
    "arbejde": "Arbejdsliv og beskæftigelse",
    "faellesskab": "Fritid, foreninger og fællesskaber",
    "sundhed": "Sundhed og pleje",
    "mobilitet": "Transport og tilgængelighed",
    "digital": "Digitalisering og personlig kontakt",
    "oekonomi": "Økonomi og deltagelse",
}

#: What each dimension covers (English, for documentation and the guide's appendix).
DIMENSION_COVERS: dict[str, str] = {
    "familie": "family formation, cohabitation, marriage, separation, parenthood, custody and contact (samvær), family reunification",
    "omsorg": "care for children, elderly, sick or disabled relatives; leave; respite for relatives",
    "bolig": "housing, moving and relocation, eviction, allocation of housing, residence requirements, homeliness in care homes",
    "kontakt": "visits and contact in institutions, contact bans, isolation, restrictions on assembly",
    "uddannelse": "daycare, school, education: structure, transitions, closures, class and group composition, student life",
    "arbejde": "work requirements, unemployment, activation, working hours, flexible jobs, retirement transitions",
    "faellesskab": "associations, volunteering, culture and sport, meeting places and facilities, civil society",
    "sundhed": "health and care services, psychiatry, elderly care, rehabilitation, discharge from hospital",
    "mobilitet": "public transport, distances, centralisation of services, physical accessibility",
    "digital": "digital-only communication and self-service replacing personal contact",
    "oekonomi": "income, benefits, fees and ceilings that change people's means to take part socially",
}

#: Danish adjective for each direction, as used in "negative relationelle konsekvenser".
DIRECTION_ADJECTIVE: dict[str, str] = {
    "negativ": "negative",
    "positiv": "positive",
    "blandet": "både positive og negative",
    "uafklaret": "mulige, men uafklarede",
}
