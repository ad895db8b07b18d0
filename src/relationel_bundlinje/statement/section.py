"""The section »Relationelle konsekvenser«: the conclusion sentence, then one short paragraph per
concluded dimension — what the provisions concern, which way they are judged to work, for whom,
and what the provisions or the remarks say about size, scope and duration.

Written in the register of the lovkvalitetsvejledning: complete, short, precise. Nothing in it
speaks of models, probabilities, rules or the tool; every reference, group and figure comes from
the judgement and the bill. Where the judgement is open, one sentence says so in the register of
the remarks, and the appendix says why.
"""

from __future__ import annotations

import re

from typing import Sequence

from ..danish import ends_open, join, join_with_commas, upper_first
from ..dimensions import DIMENSION_IDS
from ..models import Assessment, Bill, DimensionAssessment, Statement, StatementParagraph
from . import facts as F
from .refs import describe, describe_named, name_the_act_once, par_sort_key, subject
from .names import Names
from .skema import skema_row
from .wording import (ADJECTIVE, OPEN, TOPIC, VERBS, clause_texts, effect_sentence, for_groups, label_lower, possibility,
                      running_label, split_by_wording, the_provisions)

MAX_CONCLUSION_GROUPS = 2
MAX_PARAGRAPH_GROUPS = 2
MAX_FACT_SENTENCES = 2
#: Words the sentences on the provisions' effect may take in one paragraph: a further group of
#: provisions that would not fit is left to the appendix, which names every one.
MAX_EFFECT_WORDS = 125


def distinct_groups(names: Sequence[str], limit: int) -> list[str]:
    """The first ``limit`` group names a reader takes as different people: one beginning as an
    earlier one does (»beboerne og deres husstande«, »beboerne og deres familie …«), or naming only
    people an earlier one names (»forældre og deres børn« after »børn og deres forældre«;
    »pårørende« after »… og øvrige pårørende«), is left out."""
    out: list[str] = []
    heads: set[str] = set()
    seen_words: list[set[str]] = []
    for name in names:
        words = set(_PEOPLE_WORD.findall(name.lower())) - _FILLER
        head = name.split()[0].lower()
        if head in heads or name in out or any(words <= earlier for earlier in seen_words):
            continue
        heads.add(head)
        seen_words.append(words)
        out.append(name)
        if len(out) >= limit:
            break
    return out


_PEOPLE_WORD = re.compile(r"[a-zæøå]+")
_FILLER = frozenset({"og", "deres", "de", "dem", "for", "i", "på", "med", "til", "øvrige", "herunder", "uden", "af", "den", "det"})


def _order_refs(dim: DimensionAssessment, a: Assessment) -> list[str]:
    """The dimension's provisions, most central first (highest score, then document order)."""
    score = {c.ref: c.score for c in a.clauses}
    position = {c.ref: i for i, c in enumerate(a.clauses)}
    return sorted(dim.refs, key=lambda r: (-score.get(r, 0.0), position.get(r, 0)))


def _topic(dims: Sequence[DimensionAssessment], a: Assessment, names: Names) -> str:
    """What the provisions concern: the topic of a screening question that has hits in at least
    two thirds of them (so the sentence holds for the provisions it names), else the dimension's."""
    refs = {r for d in dims for r in d.refs}
    ids = {d.id for d in dims}
    covered: dict[str, set[str]] = {}
    for c in a.clauses:
        if c.ref not in refs:
            continue
        for f in c.findings:
            if f.source == "regel" and f.question_id in names.topics and names.question_dims.get(f.question_id, set()) & ids:
                covered.setdefault(f.question_id, set()).add(c.ref)
    if covered and refs:
        best = max(covered, key=lambda q: (len(covered[q]), q))
        if len(covered[best]) * 3 >= 2 * len(refs):
            return names.topics[best]
    return TOPIC[dims[0].id]


def conclusion_sentence(a: Assessment, word: str, names: Names) -> str:
    c = a.conclusion
    relevant = [a.dimension(d) for d in c.dimensions]
    if c.direction == "ingen" or not relevant:
        return f"{word} vurderes ikke at have relationelle konsekvenser."
    who = for_groups(distinct_groups([g for d in relevant for g in names.of(d.groups)], MAX_CONCLUSION_GROUPS))
    if c.direction == "uafklaret":
        labels = join([running_label(d.id) for d in relevant], last="samt")
        return (
            f"{word} kan have relationelle konsekvenser{who} for så vidt angår {labels}, men det kan ikke på det "
            "foreliggende grundlag vurderes, om konsekvenserne er positive eller negative."
        )
    decided = [d for d in relevant if d.direction != "uafklaret"]
    open_dims = [d for d in relevant if d.direction == "uafklaret"]
    # »Negative konsekvenser, navnlig for så vidt angår …« names the dimensions that point that way.
    agreeing = [d for d in decided if d.direction in (c.direction, "blandet")] if c.direction in ("negativ", "positiv") else decided
    labels = join([running_label(d.id) for d in _most_found(agreeing or decided)], last="samt")
    adjective = ADJECTIVE[c.direction]
    other = {"negativ": "positiv", "positiv": "negativ"}.get(c.direction)
    supporting = {r for d in relevant for r in d.refs}
    if other and any(cl.direction == other for cl in a.clauses if cl.ref in supporting):
        # Most provisions one way, some the other (the skema fills both columns): say so.
        adjective = f"overvejende {adjective}"
    sentence = f"{word} vurderes at have {adjective} relationelle konsekvenser{who}, navnlig for så vidt angår {labels}."
    if open_dims:
        sentence += (
            f" For så vidt angår {join([running_label(d.id) for d in _most_found(open_dims)], last='samt')} kan det ikke på det "
            "foreliggende grundlag vurderes, om konsekvenserne er positive eller negative."
        )
    return sentence


#: Dimensions the conclusion sentence names (»navnlig«); the paragraphs and the appendix name all.
MAX_CONCLUSION_DIMENSIONS = 3


def _most_found(dims: Sequence[DimensionAssessment]) -> list[DimensionAssessment]:
    """The dimensions resting on most provisions (then the best score), in dimension order."""
    keep = sorted(dims, key=lambda d: (-len(d.refs), -d.basis.best_score, DIMENSION_IDS.index(d.id)))[:MAX_CONCLUSION_DIMENSIONS]
    return [d for d in dims if d in keep]


def _paragraph_groups(relevant: Sequence[DimensionAssessment]) -> list[list[DimensionAssessment]]:
    """Dimensions resting on the same provisions with the same direction share one paragraph."""
    groups: dict[tuple, list[DimensionAssessment]] = {}
    for d in sorted(relevant, key=lambda d: DIMENSION_IDS.index(d.id)):
        groups.setdefault((tuple(sorted(d.refs)), d.direction), []).append(d)
    return list(groups.values())


def _fact_sentences(dims: Sequence[DimensionAssessment], refs: Sequence[str], bill: Bill, names: Names, said: set[str]) -> list[str]:
    """Duration, temporariness, amounts and counts — each quoted with the provision it stands in."""
    clauses = [bill.clause(r) for r in refs]
    clauses = [c for c in clauses if c is not None]
    sentences: list[str] = []
    oekonomi = any(d.id == "oekonomi" for d in dims)
    found: list[F.Fact] = []
    for c in clauses:
        found.extend(F.provision_facts(c, "oekonomi" if oekonomi else dims[0].id))
    patterns = [p for d in dims for g in d.groups for p in names.patterns.get(g, [])]
    found.extend(F.people_counts(bill, clauses, patterns))
    by_kind: dict[str, list[F.Fact]] = {}
    for f in found:
        key = f"{f.kind}|{f.ref}|{f.words.lower()}"
        if key in said:
            continue
        said.add(key)
        by_kind.setdefault(f.kind, []).append(f)
    for kind, items in by_kind.items():
        if kind == "antal":
            sentences.append(_count_sentence(items[:2]))
        else:
            sentences.append(_quoted_facts(kind, items, refs, bill))
        if len(sentences) >= MAX_FACT_SENTENCES:
            break
    return sentences


def _count_sentence(items: Sequence[F.Fact]) -> str:
    """»Det drejer sig om omkring 12.000 pårørende, jf. pkt. 2.1.2 i de almindelige bemærkninger.«:
    the section stands in the remarks, so it points to the part that counts them."""
    wheres = [_remark_pointer(f.ref) for f in items]
    if len(set(wheres)) == 1:
        return f"Det drejer sig om {join([f.words for f in items])}, jf. {wheres[0]}."
    return f"Det drejer sig om {join([f'{f.words} (jf. {w})' for f, w in zip(items, wheres)])}."


def _remark_pointer(ref: str) -> str:
    general = re.match(r"Almindelige bemærkninger, pkt\. (.+)$", ref)
    if general:
        return f"pkt. {general.group(1)} i de almindelige bemærkninger"
    if ref.startswith("Til "):
        return f"bemærkningerne til {ref[4:]}"
    return "bemærkningerne"


_FACT_VERB = {"tidsgrænse": ("indeholder en tidsbegrænsning", "indeholder tidsbegrænsninger"),
              "midlertidig": ("er midlertidig", "er midlertidige")}


def _quoted_facts(kind: str, items: Sequence[F.Fact], refs: Sequence[str], bill: Bill) -> str:
    """»Bestemmelsen indeholder en tidsmæssig grænse (»i op til 3 måneder«).« for the paragraph's
    one provision; for several, every quotation beside the provision it stands in."""
    # Words that stand in a numbered item are cited with it (»lovens § 27, stk. 1, nr. 2«).
    by_ref: dict[tuple[str, str | None], list[str]] = {}
    for f in items:
        key = (f.ref, f.item)
        by_ref.setdefault(key, [])
        if len(by_ref[key]) < 2:
            by_ref[key].append(f"»{f.words}«")

    def where_of(key: tuple[str, str | None]) -> str:
        ref, item = key
        if item is None:
            return ("bestemmelsen" if len(refs) == 1 else describe([ref], bill)) if ref in refs else describe([ref], bill)
        return f"{describe([ref], bill)}, nr. {item}"

    if kind == "beløb":
        # One provision's sentence, quoted whole: »Af lovens § 50, stk. 1, fremgår: »…««.
        key, words = next(iter(by_ref.items()))
        where = where_of(key)
        quote = words[0]
        # A whole sentence quoted last keeps its full stop inside the quotation marks, and the
        # sentence quoting it ends there (»… pr. uge.«).
        if not quote.endswith(".«"):
            quote = quote[:-1] + ".«"
        return f"Af {as_subject(where)} fremgår: {quote}"
    one, many = _FACT_VERB[kind]
    if len(by_ref) == 1:
        (key, words), = by_ref.items()
        return f"{sentence_start(as_subject(where_of(key)))} {one if len(words) == 1 else many} ({join(words)})."
    shown = list(by_ref.items())[:2]
    wheres = [f"{describe([ref], bill)}{f', nr. {item}' if item else ''}" for (ref, item), _ in shown]
    prefix = next((p for p in ("lovens ", "lovforslagets ") if all(w.startswith(p) for w in wheres)), None)
    if prefix and all(len(words) == 1 for _, words in shown):
        # »Lovens § 32, stk. 3, og § 71 c, stk. 1, indeholder tidsbegrænsninger (henholdsvis »…« og
        # »…«).«: the provisions in the act's order, the quotations in the same order.
        pairs = sorted(zip(wheres, (words[0] for _, words in shown)), key=lambda wq: par_sort_key(wq[0][len(prefix):]))
        named = as_subject(prefix + join_with_commas([w[len(prefix):] for w, _ in pairs]))
        return f"{sentence_start(named)} {many} (henholdsvis {' og '.join(q for _, q in pairs)})."
    parts = [f"{w} ({join(words)})" for w, (_, words) in zip(wheres, shown)]
    return f"Bestemmelserne {many}: {join(parts)}."


def sentence_start(text: str) -> str:
    """A reference phrase opening a sentence: capitalised, and »Blandt andet« written out (a
    sentence does not open with an abbreviation)."""
    if text.startswith("bl.a. "):
        return "Blandt andet " + text[len("bl.a. "):]
    return upper_first(text)


def as_subject(refs_text: str) -> str:
    """A reference phrase as the subject of a sentence, closed by a comma before the verb where
    lawyers close it: after a relative clause inside it ("…, der ophæver § 86 i lov om social
    service,") and after a trailing "stk." or "nr." ("§ 40 a, stk. 2, afhænger …")."""
    if refs_text.endswith(")"):
        return refs_text
    if ", der " in refs_text:
        return refs_text + ","
    # "… § 137 d, stk. 4, i lov om social service vurderes": the act's name closes the phrase.
    if ends_open(refs_text):
        return refs_text + ","
    return refs_text


#: The first sentence of a paragraph names the provisions of its main direction; the others follow.
_AGAINST = {
    "negativ": "{subject} vurderes derimod at begrænse {this}.",
    "positiv": "{subject} vurderes derimod at {improve} {this}.",
    "blandet": "{subject} vurderes at kunne både {improve} og begrænse {this}.",
}
#: A further sentence the same way as the one before it (its provisions take other wording).
_LIKEWISE = {
    "negativ": "{subject} vurderes ligeledes at begrænse {this}.",
    "positiv": "{subject} vurderes ligeledes at {improve} {this}.",
}


def _by_direction(refs: Sequence[str], a: Assessment, main: str) -> list[tuple[str, list[str]]]:
    """The paragraph's provisions grouped by their own direction, the dimension's direction first
    (for »blandet«: the restrictions first): a provision is only ever cited under its own."""
    own = {c.ref: (c.direction or "uafklaret") for c in a.clauses}
    groups: dict[str, list[str]] = {}
    for r in refs:
        groups.setdefault(own.get(r, "uafklaret"), []).append(r)
    first = main if main in ("negativ", "positiv") else "negativ"
    order = [first] + [d for d in ("negativ", "positiv", "blandet", "uafklaret") if d != first]
    return [(d, groups[d]) for d in order if d in groups]


def dimension_paragraph(dims: Sequence[DimensionAssessment], a: Assessment, bill: Bill, names: Names, said: set[str],
                        opened: set[str] | None = None) -> StatementParagraph:
    opened = opened if opened is not None else set()
    shown = _central(dims)
    first = dims[0]
    refs = _order_refs(first, a)
    texts = clause_texts(a)
    ref_texts = [texts.get(r, "") for r in refs]
    groups = distinct_groups([g for d in dims for g in names.of(d.groups)], MAX_PARAGRAPH_GROUPS)
    possibilities = [possibility(d.id, ref_texts) for d in shown]
    in_force = bill.kind == "lovbekendtgoerelse"
    direction = first.direction or "uafklaret"
    sentences: list[str] = []
    cited: set[str] = set()
    if not refs:
        word = subject(bill)
        sentences.append(effect_sentence(direction, word, word.lower(), possibilities, groups, "reglerne", in_force=in_force))
    elif first.decided_by_user:
        named, shown_refs = describe_named(refs, bill)
        cited.update(shown_refs)
        sentences.append(effect_sentence(direction, sentence_start(as_subject(named)), as_subject(named), possibilities, groups,
                                         the_provisions(refs), in_force=in_force))
    else:
        said_words: list[str] = []
        last = None
        # Each direction's provisions, split further where visiting provisions take other wording.
        parts = [(d, part, words) for d, whole in _by_direction(refs, a, direction)
                 for words, part in split_by_wording([x.id for x in shown], whole, texts)]
        for k, (d, part, words) in enumerate(parts):
            if k > 0 and d not in _AGAINST:
                # A provision whose direction is open beside a decided one: the appendix names it.
                continue
            named, shown_refs = describe_named(part, bill)
            if k == 0:
                sentence = effect_sentence(d, sentence_start(as_subject(named)), as_subject(named), words, groups,
                                           the_provisions(part), in_force=in_force)
            else:
                # »denne mulighed« only where it is the one the sentence before names.
                this = (("denne mulighed" if len(words) == 1 else "disse muligheder") if words == said_words
                        else "muligheden for " + join(words, last="og"))
                template = _LIKEWISE if d == last and d in _LIKEWISE else _AGAINST
                sentence = template[d].format(subject=sentence_start(as_subject(named)), this=this, **VERBS[in_force])
                if len(" ".join(sentences + [sentence]).split()) > MAX_EFFECT_WORDS:
                    continue
            cited.update(shown_refs)
            sentences.append(sentence)
            last, said_words = d, words
    sentences.extend(_fact_sentences(dims, [r for r in refs if r in cited] or refs, bill, names, said))
    reason = first.uncertainty
    # One open sentence per section at most; a split the sentences above already spell out needs none.
    if reason in OPEN and reason != "modstridende" and direction != "uafklaret" and not first.decided_by_user and reason not in opened:
        opened.add(reason)
        sentences.append(OPEN[reason].format(refs=the_provisions(refs), possibility=possibility(first.id, ref_texts),
                                             **VERBS[in_force]))
    return StatementParagraph(dimension=first.id, label=_lead(shown, len(dims)), text=" ".join(sentences))


#: Dimensions named in one paragraph's lead and effect sentence; the rest stay in the appendix.
MAX_PARAGRAPH_DIMENSIONS = 3


def _central(dims: Sequence[DimensionAssessment]) -> list[DimensionAssessment]:
    """The paragraph's dimensions most firmly found (best score), in dimension order."""
    if len(dims) <= MAX_PARAGRAPH_DIMENSIONS:
        return list(dims)
    keep = sorted(dims, key=lambda d: (-d.basis.best_score, DIMENSION_IDS.index(d.id)))[:MAX_PARAGRAPH_DIMENSIONS]
    return [d for d in dims if d in keep]


def _lead(dims: Sequence[DimensionAssessment], total: int | None = None) -> str:
    """The paragraph's bold lead: »Familieliv og samliv, omsorg og pårørende samt bolig og nærmiljø«
    (the labels hold "og" themselves, so the last is joined with "samt"); »m.v.« where more
    dimensions rest on the same provisions than are named."""
    text = upper_first(join([label_lower(d.id) for d in dims], last="samt"))
    return text + (" m.v." if total and total > len(dims) else "")


def unassessed_sentence(a: Assessment, bill: Bill) -> str | None:
    """The change points that change or repeal a provision whose wording in force the bill does not
    show: named, and said not to be part of the judgement above."""
    if not a.unassessed_change_points:
        return None
    refs = describe(a.unassessed_change_points, bill, limit=6)
    many = len(a.unassessed_change_points) > 1
    where = "lovforslaget" if subject(bill) == "Lovforslaget" else "loven"
    actions = {(bill.clause(r).action if bill.clause(r) else None) for r in a.unassessed_change_points}
    verb = "ophæves" if actions <= {"ophaeves", "udgaar"} else "ændres" if "ophaeves" not in actions and "udgaar" not in actions else "ændres eller ophæves"
    return (
        f"{sentence_start(as_subject(refs))} indgår ikke i vurderingen ovenfor, da indholdet af "
        f"{'de bestemmelser' if many else 'den bestemmelse'}, der {verb}, ikke fremgår af {where}."
    )


def compose(a: Assessment, bill: Bill, rules) -> Statement:
    """The section and the skema row for an assessment."""
    names = Names(rules)
    word = subject(bill)
    conclusion = conclusion_sentence(a, word, names)
    relevant = [d for d in a.dimensions if d.relevant]
    paragraphs: list[StatementParagraph] = []
    said: set[str] = set()
    if a.conclusion.direction != "ingen":
        groups = _paragraph_groups(relevant)
        # Facts go to the most specific paragraph that cites their provision: compose the
        # paragraphs with the fewest provisions first, print them in dimension order.
        order = sorted(range(len(groups)), key=lambda i: (len(groups[i][0].refs), i))
        done: dict[int, StatementParagraph] = {}
        opened: set[str] = set()
        for i in order:
            done[i] = dimension_paragraph(groups[i], a, bill, names, said, opened)
        paragraphs.extend(done[i] for i in range(len(groups)))
    note = unassessed_sentence(a, bill)
    if note:
        paragraphs.append(StatementParagraph(text=note))
    texts = name_the_act_once([p.text for p in paragraphs], bill)
    paragraphs = [p.model_copy(update={"text": t}) for p, t in zip(paragraphs, texts, strict=True)]
    text = "\n\n".join([conclusion] + [f"{p.label}: {p.text}" if p.label else p.text for p in paragraphs])
    return Statement(
        subject=word,  # type: ignore[arg-type]
        conclusion=conclusion,
        paragraphs=paragraphs,
        section_text=text,
        skema_row=skema_row(a, bill, names),
    )
