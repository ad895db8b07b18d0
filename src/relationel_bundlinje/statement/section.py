"""The section »Relationelle konsekvenser«: the conclusion sentence, then one short paragraph per
concluded dimension — what the provisions concern, which way they are judged to work, for whom,
and what the provisions or the remarks say about size, scope and duration.

Written in the register of the lovkvalitetsvejledning: complete, short, precise. Nothing in it
speaks of models, probabilities, rules or the tool; every reference, group and figure comes from
the judgement and the bill. Where the judgement is open, one sentence says so in the register of
the remarks, and the appendix says why.
"""

from __future__ import annotations

from typing import Sequence

from ..danish import join, upper_first
from ..dimensions import DIMENSION_IDS
from ..models import Assessment, Bill, DimensionAssessment, Statement, StatementParagraph
from . import facts as F
from .refs import describe, subject
from .names import Names
from .skema import skema_row
from .wording import ADJECTIVE, EFFECT, OPEN, POSSIBILITY, TOPIC, for_groups, label, label_lower

MAX_CONCLUSION_GROUPS = 2
MAX_PARAGRAPH_GROUPS = 2
MAX_FACT_SENTENCES = 2


def distinct_groups(names: Sequence[str], limit: int) -> list[str]:
    """The first ``limit`` group names that begin differently: »beboerne og deres husstande« and
    »beboerne og deres familie …« are one group to a reader, named once."""
    out: list[str] = []
    heads: set[str] = set()
    for name in names:
        head = name.split()[0].lower()
        if head in heads or name in out:
            continue
        heads.add(head)
        out.append(name)
        if len(out) >= limit:
            break
    return out


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
        labels = join([label_lower(d.id) for d in relevant], last="samt")
        return (
            f"{word} kan have relationelle konsekvenser{who} for så vidt angår {labels}, men det kan ikke på det "
            "foreliggende grundlag vurderes, om konsekvenserne er positive eller negative."
        )
    decided = [d for d in relevant if d.direction != "uafklaret"]
    open_dims = [d for d in relevant if d.direction == "uafklaret"]
    labels = join([label_lower(d.id) for d in decided], last="samt")
    sentence = f"{word} vurderes at have {ADJECTIVE[c.direction]} relationelle konsekvenser{who}, navnlig for så vidt angår {labels}."
    if open_dims:
        sentence += (
            f" For så vidt angår {join([label_lower(d.id) for d in open_dims], last='samt')} kan det ikke på det "
            "foreliggende grundlag vurderes, om konsekvenserne er positive eller negative."
        )
    return sentence


def _paragraph_groups(relevant: Sequence[DimensionAssessment]) -> list[list[DimensionAssessment]]:
    """Dimensions resting on the same provisions with the same direction share one paragraph."""
    groups: dict[tuple, list[DimensionAssessment]] = {}
    for d in sorted(relevant, key=lambda d: DIMENSION_IDS.index(d.id)):
        groups.setdefault((tuple(sorted(d.refs)), d.direction), []).append(d)
    return list(groups.values())


def _fact_sentences(dims: Sequence[DimensionAssessment], refs: Sequence[str], bill: Bill, names: Names, said: set[str]) -> list[str]:
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
        key = f"{f.kind}|{f.words.lower()}"
        if key in said:
            continue
        said.add(key)
        by_kind.setdefault(f.kind, []).append(f)
    for kind, items in by_kind.items():
        own = list(dict.fromkeys(f.ref for f in items if not f.in_remarks))
        if kind == "antal":
            where = ""
        elif set(own) == set(refs):
            # The provisions the paragraph's first sentence has just named: referred back to.
            where = "bestemmelsen" if len(own) == 1 else "bestemmelserne"
        else:
            where = describe(own, bill, limit=2)
        quoted = join([f"»{f.words}«" for f in items[:3]])
        if kind == "tidsgrænse":
            sentences.append(f"{upper_first(as_subject(where))} indeholder en tidsmæssig grænse ({quoted}).")
        elif kind == "midlertidig":
            sentences.append(f"Ordningen er efter {as_subject(where)} midlertidig ({quoted}).")
        elif kind == "beløb":
            sentences.append(f"{upper_first(as_subject(where))} fastsætter beløb eller satser ({quoted}).")
        elif kind == "antal":
            sentences.append(f"Efter lovforslagets bemærkninger drejer det sig om {join([f.words for f in items[:2]])}.")
        if len(sentences) >= MAX_FACT_SENTENCES:
            break
    return sentences


def as_subject(refs_text: str) -> str:
    """A reference phrase as the subject of a sentence: a relative clause inside it ("…, der
    ophæver § 86 i lov om social service") is closed by a comma before the verb."""
    return refs_text + "," if ", der " in refs_text and not refs_text.endswith(")") else refs_text


def dimension_paragraph(dims: Sequence[DimensionAssessment], a: Assessment, bill: Bill, names: Names, said: set[str]) -> StatementParagraph:
    first = dims[0]
    refs = _order_refs(first, a)
    who = for_groups(distinct_groups([g for d in dims for g in names.of(d.groups)], MAX_PARAGRAPH_GROUPS))
    possibility = join([POSSIBILITY[d.id] for d in dims], last="og")
    direction = first.direction or "uafklaret"
    if refs:
        named = describe(refs, bill)
        subject_text = upper_first(as_subject(named))
        subject_lower = "bestemmelsen" if len(refs) == 1 else "bestemmelserne"
        if direction == "uafklaret":
            subject_lower = named  # the open sentence names the provisions once, in the middle
    else:
        subject_text, subject_lower = "Lovforslaget", "lovforslaget"
    sentences = [EFFECT[direction].format(subject=subject_text, subject_lower=subject_lower, possibility=possibility, who=who)]
    sentences.extend(_fact_sentences(dims, refs, bill, names, said))
    reason = first.uncertainty
    if reason in OPEN and direction != "uafklaret" and not first.decided_by_user:
        short_refs = "bestemmelsen" if len(refs) == 1 else "bestemmelserne"
        sentences.append(OPEN[reason].format(refs=short_refs, possibility=POSSIBILITY[first.id]))
    return StatementParagraph(dimension=first.id, label=_lead(dims), text=" ".join(sentences))


def _lead(dims: Sequence[DimensionAssessment]) -> str:
    """The paragraph's bold lead: »Familieliv og samliv, omsorg og pårørende samt bolig og nærmiljø«
    (the labels hold "og" themselves, so the last is joined with "samt")."""
    return upper_first(join([label_lower(d.id) for d in dims], last="samt"))


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
        f"{upper_first(as_subject(refs))} indgår ikke i vurderingen ovenfor, da indholdet af "
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
        for i in order:
            done[i] = dimension_paragraph(groups[i], a, bill, names, said)
        paragraphs.extend(done[i] for i in range(len(groups)))
    note = unassessed_sentence(a, bill)
    if note:
        paragraphs.append(StatementParagraph(text=note))
    text = "\n\n".join([conclusion] + [f"{p.label}: {p.text}" if p.label else p.text for p in paragraphs])
    return Statement(
        subject=word,  # type: ignore[arg-type]
        conclusion=conclusion,
        paragraphs=paragraphs,
        section_text=text,
        skema_row=skema_row(a, bill, names),
    )
