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
EFFECT = {
    "negativ": "{subject} vurderes at begrænse muligheden for {possibility}{who}.",
    "positiv": "{subject} vurderes at forbedre muligheden for {possibility}{who}.",
    "blandet": "{subject} vurderes i nogle tilfælde at forbedre og i andre at begrænse muligheden for {possibility}{who}.",
    "uafklaret": "Det kan ikke på det foreliggende grundlag vurderes, om {subject_lower} samlet set forbedrer eller begrænser muligheden for {possibility}{who}, idet virkningen afhænger af, hvordan {applied} anvendes.",
}

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
