"""From an act's title to a ministry area: a small keyword table, data rather than code.

The title is all an act in force tells about its ministry (Retsinformation's texts carry no
ministry line). Each area lists stems of title words; the first area with a stem in the title wins,
so the more specific areas stand first (»lov om social pension« is social before economy).
Stems of six letters or more also match inside a compound.
The table is deliberately short and coarse: it groups counts for a reader, it is no authority on
which ministry administers an act. An act whose title matches nothing is ``andet``.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: (area id, Danish label, stems matched at the start of a title word), in order of precedence.
AREAS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("udlaendinge", "Udlændinge og integration",
     ("udlænding", "integration", "indfødsret", "asyl", "repatriering", "danskuddannelse", "hjemrejse", "opholdstilladelse")),
    ("social", "Social, børn og familie",
     ("social", "barnets", "børn", "ægteskab", "forældreansvar", "adoption", "navne", "værgemål", "familie",
      "ligestilling", "handicap", "servicelov", "ældre", "pension", "børnetilskud", "boligstøtte", "retssikkerhed", "ægtefælle",
      "forsørgelse", "alderdom")),
    ("beskaeftigelse", "Beskæftigelse og arbejdsmarked",
     ("beskæftigelse", "arbejdsløshed", "arbejdsmarked", "arbejdsmiljø", "arbejdsskade", "sygedagpenge", "dagpenge",
      "kontanthjælp", "ferie", "barsel", "fleksjob", "aktiv", "lønmodtager", "funktionær", "ansættelse", "arbejdstid",
      "ligebehandling", "arbejdsgiver", "seniorpension", "efterløn", "fleksydelse", "vikar", "deltid",
      "samarbejdsudvalg", "dykker", "indkvartering af ansatte")),
    ("justits", "Justits og retsvæsen",
     ("straf", "retspleje", "fuldbyrdelse", "fængsel", "politi", "våben", "tilhold", "udlevering", "domstol",
      "advokat", "tinglysning", "arv", "dødsbo", "værge", "myndighed", "erstatning", "offentlighed", "persondata",
      "databeskyttelse", "forvaltning", "ombudsmand", "fogedret", "konkurs", "gæld", "inkasso", "notar",
      "radikalisering", "terror", "euforiserende", "hittegods", "sikkerhed", "fingeraftryk", "dna-",
      "samlingssted", "strand", "kriminallov", "kriminalforsorg", "ungdomskriminalitet")),
    ("undervisning", "Undervisning og uddannelse",
     ("folkeskole", "skole", "friskole", "gymnasi", "uddannelse", "undervisning", "dagtilbud", "universitet",
      "elev", "studie", "studerende", "højskole", "efterskole", "erhvervsuddannelse", "forskning", "professionshøjskole",
      "ungdoms")),
    ("sundhed", "Sundhed og ældre",
     ("sundhed", "sygehus", "psykiatri", "læge", "tandlæge", "apotek", "autorisation", "patient", "smitsom",
      "epidemi", "sygdom", "vaccin", "organ", "transplantation", "abort", "sterilisation", "kunstig befrugtning",
      "tobak", "alkohol", "narkotika", "blod", "væv", "medicinsk", "rusmiddel", "cigaret", "psykolog",
      "stråle", "stråling")),
    ("skat", "Skat og afgifter",
     ("skat", "afgift", "moms", "told", "ligning", "kildeskat", "ejendomsvurdering", "opkrævning", "registrering af",
      "pensionsbeskatning", "boafgift", "registreringsafgift", "spil")),
    ("erhverv", "Erhverv og finans",
     ("erhverv", "selskab", "aktieselskab", "finansiel", "bank", "forsikring", "konkurrence", "marked",
      "værdipapir", "revisor", "regnskab", "betaling", "hvidvask", "fond", "virksomhed", "søfart", "skib",
      "handel", "forbruger", "patent", "varemærke", "design", "ophavsret", "kreditaftale", "pant", "bogføring",
      "udbud", "kreditinstitut", "pensionskasse", "vækstfond", "internet", "domæne", "kapital")),
    ("transport", "Transport",
     ("transport", "veje", "vejlov", "vejtrafik", "vejafgift", "færdsel", "jernbane", "luftfart", "havn", "taxi", "bus", "kørsel", "trafik", "bro",
      "metro", "letbane", "befordring", "godskørsel", "motor", "privatvej", "fællesvej", "fast forbindelse",
      "rute", "tunnel", "banedanmark", "aarhus h")),
    ("bolig", "Bolig og byer",
     ("bolig", "leje", "almene", "byfornyelse", "byggeri", "bygning", "ejerlejlighed", "andelsbolig", "planlov",
      "planlægning", "husleje", "friplejebolig")),
    ("klima", "Klima, energi og forsyning",
     ("energi", "elforsyning", "el-", "varme", "klima", "gas", "naturgas", "vandforsyning", "vandsektor",
      "kuldioxid", "co2", "undergrund", "råstof", "atom", "strøm", "vindmølle", "elproduktion", "kulstof")),
    ("miljoe", "Miljø, natur og fødevarer",
     ("miljø", "natur", "jagt", "fiskeri", "landbrug", "fødevare", "dyr", "skov", "kyst", "havmiljø", "vandløb",
      "affald", "jord", "gødning", "plante", "veterinær", "hav", "landdistrikt", "slagte", "hold af",
      "koge", "sommerhus", "camping")),
    ("kultur", "Kultur, kirke og medier",
     ("kultur", "museum", "bibliotek", "idræt", "film", "radio", "medie", "tv", "kunst", "musik", "teater",
      "kirke", "folkekirke", "præst", "begravelse", "ligbrænding", "arkiv", "presse", "forening")),
    ("forsvar", "Forsvar og beredskab", ("forsvar", "værnepligt", "beredskab", "hjemmeværn", "militær")),
    ("kommuner", "Kommuner, regioner og valg",
     ("kommun", "region", "valg", "folketing", "grønland", "færø", "hjemmestyre", "selvstyre", "digital",
      "statsstøtte", "tjenestemand", "tjenestemænd", "mitid", "nemlog", "geografisk")),
)

#: The area of an act whose title names none of the stems.
OTHER = ("andet", "Andet")

AREA_LABELS: dict[str, str] = {area: label for area, label, _ in AREAS} | {OTHER[0]: OTHER[1]}

#: Stems this long also match inside a compound (»årsregnskabsloven«); shorter ones only at the
#: start of a word, so »arv« does not catch »forarbejdning«.
COMPOUND_MIN = 6


def _pattern(stems: tuple[str, ...]) -> re.Pattern[str]:
    start = "|".join(re.escape(s) for s in stems if len(s) < COMPOUND_MIN)
    inside = "|".join(re.escape(s) for s in stems if len(s) >= COMPOUND_MIN)
    parts = ([rf"(?<![\wæøå])(?:{start})"] if start else []) + ([f"(?:{inside})"] if inside else [])
    return re.compile("|".join(parts), re.IGNORECASE)


_COMPILED = tuple((area, _pattern(stems)) for area, _, stems in AREAS)

#: Words of a title that say only what kind of document it is, not what it is about.
_FORM = re.compile(r"^\s*(?:bekendtgørelse af|lovbekendtgørelse af)\s+", re.IGNORECASE)


@lru_cache(maxsize=4096)
def area_of(title: str) -> str:
    """The ministry area of an act, from the words of its title (``andet`` where none fits)."""
    text = _FORM.sub("", title or "")
    for area, pattern in _COMPILED:
        if pattern.search(text):
            return area
    return OTHER[0]
