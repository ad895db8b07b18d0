"""The Danish text of the statement: conclusion sentence, one paragraph per dimension, skema row.

Written in the register of the consequence sections of Danish bill remarks (Justitsministeriets
lovkvalitetsvejledning, pkt. 2.8.12): short, precise, naming provisions by reference, saying
what the bill tells about size, scope, duration and effect, and hedging where the evidence is thin.
Pure functions: same assessment in, same text out.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Mapping, Sequence

from ..dimensions import DIMENSION_IDS
from ..models import Bill, Clause, Conclusion, DimensionAssessment, SkemaRow, Statement

#: What a dimension's relations are about, completing "muligheden for …".
DIMENSION_POSSIBILITY: dict[str, str] = {
    "familie": "at leve sammen som familie og holde fast i familiebåndene",
    "omsorg": "at give og modtage omsorg i familien og blandt pårørende",
    "bolig": "at bo og blive boende i et kendt nærmiljø",
    "kontakt": "at få besøg og holde kontakt med familie, venner og andre nærtstående",
    "uddannelse": "at indgå i fællesskaber i dagtilbud, skole og uddannelse",
    "arbejde": "at indgå i arbejdsfællesskaber og få tid til relationer ved siden af arbejdet",
    "faellesskab": "at deltage i foreningsliv, fritidsaktiviteter og lokale fællesskaber",
    "sundhed": "at bevare sociale relationer under sygdom, behandling og pleje",
    "mobilitet": "at komme frem til de steder, hvor relationer og fællesskaber udfoldes",
    "digital": "at få personlig kontakt frem for alene digital kontakt",
    "oekonomi": "at have råd til at deltage i sociale sammenhænge",
}

MAX_REFS_NAMED = 6
MAX_CONCLUSION_GROUPS = 4

NO_COUNT_SENTENCE = "Lovforslaget indeholder ikke oplysninger om, hvor mange der berøres."


# --------------------------------------------------------------------------- small helpers


def join_danish(items: Sequence[str], last: str = "og") -> str:
    items = [i for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def _label(dim: DimensionAssessment) -> str:
    return dim.label[:1].lower() + dim.label[1:]


_CHANGE_REF = re.compile(r"^(?P<outer>§ \d+[a-zæøå ]*?, nr\. \d+)\s*\((?P<inner>.+)\)$")


def describe_ref(ref: str, clause: Clause | None, bill_kind: str) -> str:
    """A reference as a Danish bill's remarks write it, lower-case (to be placed in a sentence)."""
    match = _CHANGE_REF.match(ref)
    law = clause.target_law if clause else None
    if match and law:
        inner = match["inner"]
        sep = ", " if "," in inner else " "  # "§ 42 b, stk. 1, i lov om …" but "§ 42 b i lov om …"
        return f"den foreslåede {inner}{sep}i {law}, jf. lovforslagets {match['outer']}"
    if match:
        return f"den foreslåede {match['inner']}, jf. lovforslagets {match['outer']}"
    if bill_kind == "lovbekendtgoerelse":
        return f"lovens {ref}"
    if law and ", nr. " in ref:
        target = _CHANGED.match(clause.text) if clause else None
        if target:
            what = {"affattes": "affattelse", "ophæves": "ophævelse"}.get(target["verb"], "ændring")
            sep = ", " if "," in target["target"] else " "
            return f"den foreslåede {what} af {target['target']}{sep}i {law}, jf. lovforslagets {ref}"
        return f"lovforslagets {ref} om ændring af {law}"
    return f"lovforslagets {ref}"


#: "4. § 148, stk. 2, affattes således:" / "2. I § 137 b, stk. 1, ændres …" / "5. § 86 ophæves."
_CHANGED = re.compile(
    r"^\d+\.\s+(?:I\s+)?(?P<target>§ \d+(?: [a-zæøå])?(?:, stk\. \d+)?(?:, nr\. \d+)?),?\s+"
    r"(?:.*?\s)?(?P<verb>affattes|ændres|ophæves|indsættes)\b"
)

_INNER_STK = re.compile(r"^(?P<par>§ \d+[a-zæøå ]*?), stk\. (?P<stk>\d+)$")


def _group_stk(refs: Sequence[str]) -> list[tuple[str, list[str]]]:
    """Merge "§ 1, nr. 3 (§ 137 d, stk. 1)" and "(… stk. 2)" into one item: "§ 137 d, stk. 1 og 2"."""
    groups: list[tuple[str, list[str]]] = []
    index: dict[tuple[str, str], int] = {}
    for ref in refs:
        match = _CHANGE_REF.match(ref)
        inner = _INNER_STK.match(match["inner"]) if match else None
        if not inner:
            groups.append((ref, [ref]))
            continue
        key = (match["outer"], inner["par"])
        if key in index:
            groups[index[key]][1].append(ref)
        else:
            index[key] = len(groups)
            groups.append((ref, [ref]))
    return groups


def _merged_ref(members: list[str]) -> str:
    if len(members) == 1:
        return members[0]
    match = _CHANGE_REF.match(members[0])
    inner = _INNER_STK.match(match["inner"])
    numbers = [_INNER_STK.match(_CHANGE_REF.match(m)["inner"])["stk"] for m in members]
    return f"{match['outer']} ({inner['par']}, stk. {join_danish(numbers)})"


def join_refs(items: Sequence[str]) -> str:
    """Join references; with commas inside the items, a comma goes before the last "og" too."""
    if len(items) > 1 and any("," in i for i in items):
        return f"{', '.join(items[:-1])}, og {items[-1]}"
    return join_danish(items)


def describe_refs(refs: Sequence[str], clause_by_ref: Mapping[str, Clause], bill_kind: str) -> str:
    groups = _group_stk(refs)
    shown = [describe_ref(_merged_ref(members), clause_by_ref.get(first), bill_kind) for first, members in groups]
    if len(shown) > MAX_REFS_NAMED:
        rest = len(shown) - MAX_REFS_NAMED
        shown = shown[:MAX_REFS_NAMED] + [f"{rest} {'anden bestemmelse' if rest == 1 else 'andre bestemmelser'}"]
    return join_refs(shown)


_OUTER = re.compile(r"^(?P<par>§ \d+(?: [a-zæøå])?), nr\. (?P<nr>\d+)$")


def group_change_points(refs: Sequence[str]) -> list[str]:
    """'§ 1, nr. 1', '§ 1, nr. 3', '§ 2, nr. 1' -> '§ 1, nr. 1 og 3', '§ 2, nr. 1' (order kept)."""
    groups: dict[str, list[str]] = {}
    order: list[str] = []
    for ref in refs:
        m = _OUTER.match(ref)
        key = m["par"] if m else ref
        if key not in groups:
            groups[key] = []
            order.append(key)
        if m:
            groups[key].append(m["nr"])
    return [f"{key}, nr. {join_danish(groups[key])}" if groups[key] else key for key in order]


def _fmt(p: float) -> str:
    return f"{p:.2f}".replace(".", ",")


# --------------------------------------------------------------------------- figures in the text

_NUMBER = r"\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?"
_PERSON_NOUNS = (
    r"personer|borgere|familier|børn|unge|ægtefæller|beboere|ældre|elever|patienter|ansøgere|"
    r"modtagere|kontanthjælpsmodtagere|pensionister|asylansøgere|flygtninge|indsatte|husstande|pårørende"
)
_PERSONS = re.compile(
    rf"(?<![\d§.])(?:ca\.\s+|omkring\s+|knap\s+|godt\s+|op til\s+)?(?:{_NUMBER})(?:\s+(?:mio\.|mia\.))?\s+(?:{_PERSON_NOUNS})\b",
    re.IGNORECASE,
)
_TIME = re.compile(rf"(?<![\d§.])(?:{_NUMBER})\s+(?:timers?|år|måneder|måneds|uger|ugers|dage|dages|døgn)\b")
_MONEY = re.compile(rf"(?<![\d§.])(?:{_NUMBER})(?:\s+(?:mio\.|mia\.))?\s+kr\.")
_PERCENT = re.compile(rf"(?<![\d§.])(?:{_NUMBER})\s+(?:pct\.|procent)")
#: Words that make a scheme itself temporary (not an individual, time-limited decision).
_TEMPORARY = re.compile(
    r"\b(forsøgsordning\w*|forsøgsperiode\w*|midlertidig ordning\w*|udløber den|ophæves den \d|gælder til og med)\b",
    re.IGNORECASE,
)


#: Genitive forms ("225 timers beskæftigelse") printed in the base form.
_BASE_FORM = {"timers": "timer", "dages": "dage", "ugers": "uger", "måneds": "måned"}


#: Words before a number of years that make it an age, not a duration ("under 18 år").
_AGE_BEFORE = re.compile(r"(?:fyldt|fylder|under|over|mellem \d+ og|til og med|alderen)\s+$", re.IGNORECASE)


def _found(pattern: re.Pattern[str], texts: Sequence[str], limit: int = 4) -> list[str]:
    out: list[str] = []
    for text in texts:
        for value in _figures_in(pattern, text):
            if value not in out:
                out.append(value)
        if len(out) >= limit:
            break
    return out[:limit]


@lru_cache(maxsize=8192)
def _figures_in(pattern: re.Pattern[str], text: str) -> tuple[str, ...]:
    """The figures one pattern finds in one text (cached: a long act cites the same clauses in
    several dimensions' paragraphs)."""
    out: list[str] = []
    for m in pattern.finditer(text):
        if _AGE_BEFORE.search(text[max(0, m.start() - 20) : m.start()]):
            continue
        value = re.sub(r"\s+", " ", m.group(0)).strip()
        head, _, last = value.rpartition(" ")
        value = f"{head} {_BASE_FORM.get(last, last)}" if head else value
        value = value[:1].lower() + value[1:]
        out.append(value)
    return tuple(out)


def figures_sentences(texts: Sequence[str], n_provisions: int = 2, *, duration_known: bool = False) -> list[str]:
    """What the provisions and their remarks say about size, scope and duration — or that they don't."""
    sentences: list[str] = []
    subject = "Bestemmelsen" if n_provisions == 1 else "Bestemmelserne"
    persons = _found(_PERSONS, texts)
    if persons:
        sentences.append(f"Af lovforslaget fremgår følgende om antallet af berørte: {join_danish(persons)}.")
    else:
        sentences.append(NO_COUNT_SENTENCE)
    times = _found(_TIME, texts)
    money = _found(_MONEY, texts) + _found(_PERCENT, texts)
    if times and money:
        sentences.append(
            f"{subject} indeholder tidsangivelser ({join_danish(times)}) og beløb eller satser "
            f"({join_danish(money)}), som har betydning for virkningens omfang."
        )
    elif times:
        sentences.append(f"{subject} indeholder tidsangivelser af betydning for virkningen: {join_danish(times)}.")
    elif money:
        sentences.append(f"{subject} angiver beløb eller satser af betydning for virkningen: {join_danish(money)}.")
    if duration_known:
        pass  # the answers to the screening questions say it; do not infer it from the text as well
    elif any(_TEMPORARY.search(t) for t in texts):
        sentences.append("Det fremgår af teksten, at ordningen helt eller delvis er midlertidig.")
    else:
        which = "Bestemmelsen indeholder" if n_provisions == 1 else "Bestemmelserne indeholder"
        sentences.append(f"{which} ingen udløbsdato, og ordningen må derfor antages at være varig.")
    return sentences


# --------------------------------------------------------------------------- conclusion


def _groups_of(dims: Sequence[DimensionAssessment], limit: int = MAX_CONCLUSION_GROUPS) -> list[str]:
    groups: list[str] = []
    for dim in dims:
        for g in dim.groups:
            if g not in groups:
                groups.append(g)
    return groups[:limit]


def conclusion_sentence(direction: str, relevant: Sequence[DimensionAssessment]) -> str:
    """The standard conclusion sentence of the section (plus a sentence on undetermined dimensions)."""
    if direction == "ingen" or not relevant:
        return "Lovforslaget vurderes ikke at have relationelle konsekvenser."
    if direction == "uafklaret":
        labels = join_danish([_label(d) for d in relevant], last="samt")
        groups = _groups_of(relevant)
        who = f" for {join_danish(groups)}" if groups else ""
        return (
            f"Lovforslaget kan have relationelle konsekvenser{who} for så vidt angår {labels}, men det kan ikke "
            "på det foreliggende grundlag vurderes, om konsekvenserne er positive eller negative."
        )
    adjective = {"negativ": "negative", "positiv": "positive", "blandet": "både positive og negative"}[direction]
    decided = [d for d in relevant if d.direction != "uafklaret"]
    open_dims = [d for d in relevant if d.direction == "uafklaret"]
    groups = _groups_of(decided)
    who = f" for {join_danish(groups)}" if groups else ""
    labels = join_danish([_label(d) for d in decided], last="samt")
    sentence = f"Lovforslaget vurderes at have {adjective} relationelle konsekvenser{who}, navnlig for så vidt angår {labels}."
    if open_dims:
        sentence += (
            f" For så vidt angår {join_danish([_label(d) for d in open_dims], last='samt')} er det uafklaret, "
            "om lovforslaget har relationelle konsekvenser, og i givet fald hvilke."
        )
    return sentence


# --------------------------------------------------------------------------- paragraphs

_OPENINGS = (
    "Lovforslagets betydning for {label} knytter sig til {refs}.",
    "For så vidt angår {label} er det navnlig {refs}, der har betydning.",
    "Inden for {label} berøres forholdene af {refs}.",
)


_WHO = ("Det gælder navnlig {groups}.", "Berørt er navnlig {groups}.", "Det drejer sig navnlig om {groups}.")


def _effect_sentence(dim: DimensionAssessment, index: int) -> str:
    possibility = DIMENSION_POSSIBILITY[dim.id]
    subject = "Bestemmelsen" if len(dim.refs) == 1 else "Bestemmelserne"
    if dim.direction == "negativ":
        verb = ("vurderes at forringe", "må antages at begrænse")[index % 2]
        return f"{subject} {verb} muligheden for {possibility}."
    if dim.direction == "positiv":
        verb = ("vurderes at forbedre", "må antages at styrke")[index % 2]
        return f"{subject} {verb} muligheden for {possibility}."
    if dim.direction == "blandet":
        return (
            f"{subject} vurderes både at kunne styrke og svække muligheden for {possibility}, "
            "afhængigt af hvilken gruppe og hvilken situation der er tale om."
        )
    if dim.confidence == "lav" and not dim.decided_by_user:
        return (
            f"Det bør overvejes nærmere, om {subject.lower()} påvirker muligheden for {possibility}, "
            "da grundlaget for vurderingen er spinkelt."
        )
    return (
        f"Om {subject.lower()} forbedrer eller forringer muligheden for {possibility}, afhænger af, "
        "hvordan reglerne anvendes i praksis."
    )


def _who_sentence(dim: DimensionAssessment, index: int) -> str:
    if not dim.groups:
        return "Lovforslaget angiver ikke nærmere, hvilke grupper af personer der berøres."
    return _WHO[index % len(_WHO)].format(groups=join_danish(dim.groups))


def _confidence_sentence(dim: DimensionAssessment) -> str | None:
    if dim.decided_by_user:
        return "Vurderingen er fastlagt ved brugerens besvarelse af screeningsspørgsmålene."
    if dim.confidence == "høj":
        return "Regler og klassifikationsmodel peger i samme retning, og vurderingen anses for velunderbygget."
    if dim.confidence == "middel":
        return "Vurderingen er behæftet med en vis usikkerhed og bør efterprøves af den juridiske sagsbehandler."
    return None  # "lav" is already hedged in the effect sentence


def dimension_paragraph(
    dim: DimensionAssessment,
    index: int,
    bill: Bill,
    clause_by_ref: Mapping[str, Clause],
    notes: Sequence[str] = (),
    same_as: str | None = None,
) -> str:
    """One paragraph of the section for a relevant dimension."""
    sentences: list[str] = []
    label = _label(dim)
    if dim.refs:
        refs = describe_refs(dim.refs, clause_by_ref, bill.kind)
        opening = _OPENINGS[index % len(_OPENINGS)]
        sentences.append(opening.format(refs=refs, label=label))
    else:
        sentences.append(f"Lovforslaget har betydning for {label}, uden at det kan henføres til bestemte bestemmelser.")
    sentences.append(_effect_sentence(dim, index))
    sentences.append(_who_sentence(dim, index))
    from ..assess import linked_remarks

    texts: list[str] = []
    for ref in dim.refs:
        clause = clause_by_ref.get(ref)
        if clause is not None:
            texts.append(clause.text)
            remarks = linked_remarks(bill, clause)
            texts.extend(r.text for r in remarks)
            texts.extend(r.text for r in referenced_general_remarks(bill, remarks))
    if same_as:
        # Same provisions as an earlier paragraph: do not repeat size, scope and duration.
        sentences.append(f"Om størrelse, omfang og varighed henvises til bemærkningerne ovenfor om {same_as}.")
    else:
        duration_known = any("varigheden" in n for n in notes)
        sentences.extend(figures_sentences(texts, len(dim.refs), duration_known=duration_known))
    sentences.extend(notes)
    if dim.basis:
        sentences.append(f"Vurderingen bygger på {join_danish(dim.basis)}.")
    confidence = _confidence_sentence(dim)
    if confidence:
        sentences.append(confidence)
    return f"{dim.label}: " + " ".join(sentences)


_PKT = re.compile(r"\bpkt\.\s*(\d+(?:\.\d+)*)")


def referenced_general_remarks(bill: Bill, remarks: Sequence) -> list:
    """General remarks a special remark points to ("der henvises til pkt. 2.1 …"), with their
    subsections: that is where bills state how many people are affected."""
    wanted = {m.group(1).rstrip(".") for r in remarks for m in _PKT.finditer(r.text)}
    if not wanted:
        return []
    return [
        r
        for r in bill.remarks
        if r.part == "almindelige" and r.number and any(r.number == w or r.number.startswith(w + ".") for w in wanted)
    ]


def skema_row(relevant: Sequence[DimensionAssessment]) -> SkemaRow:
    """The row for the sammenfattende skema: »Ingen« where a column has nothing."""

    def entry(dim: DimensionAssessment, suffix: str = "") -> str:
        groups = dim.groups[:2]
        who = f" for {join_danish(groups)}" if groups else ""
        matches = [(_CHANGE_REF.match(r), r) for r in dim.refs]
        outer = list(dict.fromkeys(m["outer"] if m else r for m, r in matches))
        grouped = group_change_points(outer)
        refs = join_refs(grouped[:3]) + (" m.fl." if len(grouped) > 3 else "")
        where = f" (lovforslagets {refs})" if refs else ""
        return f"{dim.label}{who}{where}{suffix}"

    positive, negative = [], []
    for dim in relevant:
        if dim.direction in ("positiv", "blandet"):
            positive.append(entry(dim))
        if dim.direction in ("negativ", "blandet"):
            negative.append(entry(dim))
        if dim.direction == "uafklaret":
            note = " – retningen er uafklaret"
            positive.append(entry(dim, note))
            negative.append(entry(dim, note))
    return SkemaRow(
        positive="; ".join(positive) + "." if positive else "Ingen",
        negative="; ".join(negative) + "." if negative else "Ingen",
    )


def compose_statement(
    bill: Bill,
    conclusion: Conclusion,
    dimensions: Sequence[DimensionAssessment],
    clause_by_ref: Mapping[str, Clause],
    notes: Mapping[str, Sequence[str]] | None = None,
) -> Statement:
    """The section »Relationelle konsekvenser« and the skema row for an assessment."""
    relevant = [d for d in dimensions if d.relevant]
    relevant.sort(key=lambda d: DIMENSION_IDS.index(d.id))
    paragraphs = [conclusion.sentence]
    if conclusion.direction == "ingen":
        paragraphs.append(
            "Screeningen har ikke fundet bestemmelser, der med tilstrækkelig sikkerhed ændrer berørte gruppers "
            "mulighed for at danne og fastholde sociale relationer og fællesskaber."
        )
    else:
        seen: dict[tuple[str, ...], str] = {}
        for i, d in enumerate(relevant):
            key = tuple(d.refs)
            same_as = seen.get(key) if key else None
            paragraphs.append(dimension_paragraph(d, i, bill, clause_by_ref, (notes or {}).get(d.id, ()), same_as))
            seen.setdefault(key, _label(d))
    return Statement(
        section_text="\n\n".join(paragraphs),
        paragraphs=paragraphs,
        skema_row=skema_row(relevant),
    )
