"""The Danish phrases of the section: what each dimension's relations are, how a direction is said,
and how an open question is put in the register of a bill's remarks."""

from __future__ import annotations

from ..dimensions import DIMENSION_LABELS

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
    "mobilitet": "at komme frem til de steder, hvor relationer og fællesskaber udfoldes",
    "digital": "at have personlig kontakt frem for alene digital kontakt",
    "oekonomi": "at have råd til at deltage i sociale sammenhænge",
}

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
#: The people concerned open the sentence (»For indsatte og deres børn … vurderes lovens § 49 a at
#: begrænse muligheden for …«): placed last, after the possibility, they read as belonging to its
#: final words (»… hvor relationer og fællesskaber udfoldes for indsatte …«).
EFFECT = {
    "negativ": "{subject} vurderes at begrænse muligheden for {possibility}.",
    "positiv": "{subject} vurderes at forbedre muligheden for {possibility}.",
    "blandet": "{subject} vurderes i nogle tilfælde at forbedre og i andre at begrænse muligheden for {possibility}.",
    "uafklaret": "Det kan ikke på det foreliggende grundlag vurderes, om {subject_lower}{who} samlet set forbedrer eller begrænser muligheden for {possibility}, idet virkningen afhænger af, hvordan {applied} anvendes.",
}
EFFECT_FOR = {
    "negativ": "{For_who} vurderes {subject_lower} at begrænse muligheden for {possibility}.",
    "positiv": "{For_who} vurderes {subject_lower} at forbedre muligheden for {possibility}.",
    "blandet": "{For_who} vurderes {subject_lower} i nogle tilfælde at forbedre og i andre at begrænse muligheden for {possibility}.",
}


def effect_sentence(direction: str, subject: str, subject_lower: str, possibility: str, who: str, applied: str) -> str:
    """The paragraph's first sentence; ``who`` as :func:`for_groups` gives it (' for A og for B')."""
    if who and direction in EFFECT_FOR:
        return EFFECT_FOR[direction].format(For_who="F" + who.strip()[1:], subject_lower=subject_lower, possibility=possibility)
    return EFFECT[direction].format(subject=subject, subject_lower=subject_lower, possibility=possibility, who=who, applied=applied)


#: One sentence, in the register of the remarks, on what is still open (the appendix says why).
OPEN = {
    "svagt_grundlag": "Det er ikke muligt på det foreliggende grundlag at vurdere, i hvilket omfang {refs} i praksis får betydning for muligheden for {possibility}.",
    "retning_ukendt": "Det er ikke på det foreliggende grundlag muligt at vurdere, om {refs} samlet set forbedrer eller begrænser muligheden for {possibility}.",
    "modstridende": "Det afhænger af den konkrete situation, om den enkelte samlet set får bedre eller ringere mulighed for {possibility}.",
}


def for_groups(groups: list[str]) -> str:
    """' for A, for B og for C' — "for" repeated, because the groups hold "og" themselves."""
    if not groups:
        return ""
    parts = [f"for {g}" for g in groups]
    if len(parts) == 1:
        return " " + parts[0]
    return " " + ", ".join(parts[:-1]) + " og " + parts[-1]


def label(dim: str) -> str:
    return DIMENSION_LABELS[dim]


def label_lower(dim: str) -> str:
    text = DIMENSION_LABELS[dim]
    return text[:1].lower() + text[1:]
