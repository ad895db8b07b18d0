"""Rule hits + clause scores + questionnaire answers -> one :class:`Assessment` (pure, no I/O).

The decision rule is deliberately conservative, so that the statement never claims more than its
evidence. A clause *supports* a dimension when

* the classifier flags the clause with that dimension (``ClauseScore.flagged``, the dimension in
  ``ClauseScore.dimensions``) with a probability of at least :data:`MODEL_SUPPORT_SCORE`, or
* a hit of a *relevance* question for the dimension stands in the clause (or in its special
  remark) **and** the classifier's probability for the clause is at least
  :data:`RULE_CONFIRM_SCORE` (rules name the dimension, the classifier confirms the clause).

A rule hit alone, in a clause the classifier finds clearly non-relational, supports nothing: a
single word such as "familie" in a tax act must not make the conclusion anything but ``ingen``.
Such hits stay visible as evidence on the clause, so a reviewer can check them.

A dimension supported only weakly (see :func:`_confidence`) is still reported, but with
confidence ``lav`` and direction ``uafklaret``: the statement then asks for a closer look instead
of guessing. A lawyer's answer (``AnswerRecord.source == "bruger"``) always wins over the tool.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from .dimensions import DIMENSION_IDS, DIMENSION_LABELS, DIRECTIONS

#: The reference rule hits carry when they match the bill's title (see ``rules.TITLE_REF``).
TITLE_REF = "Titel"
from .models import (
    AnswerRecord,
    Assessment,
    Bill,
    BillSummary,
    Clause,
    ClauseAssessment,
    ClauseScore,
    Conclusion,
    DimensionAssessment,
    Evidence,
    Remark,
    RuleHit,
    ScreeningRecord,
)

# --------------------------------------------------------------------------- thresholds

#: A rule hit supports its dimension only where the classifier gives the clause at least this
#: probability of being relational. Below it, the classifier contradicts the rule, and the hit is
#: kept as evidence on the clause but does not count towards the conclusion.
RULE_CONFIRM_SCORE = 0.5

#: Where the bill's title itself names a dimension (a relevance trigger matches the title, e.g.
#: "Regulering af besøgsrestriktioner"), a rule hit for that dimension in a clause needs only this
#: probability to be confirmed: the title says what the bill regulates, and the classifier need
#: only find the clause plausibly relational. The title alone never makes a dimension relevant.
TITLE_CONFIRM_SCORE = 0.3

#: A classifier flag counts towards a conclusion only at or above this probability. The model's
#: own threshold is tuned for recall (it finds candidates for a reviewer); over the hundreds of
#: clauses of a tax act a few weak flags are expected and must not make the conclusion non-"ingen".
#: Weaker flags stay in the appendix as flagged clauses.
MODEL_SUPPORT_SCORE = 0.5

#: A classifier probability at or above this is "strong" evidence on its own.
STRONG_SCORE = 0.75

#: A classifier flag without any rule hit for the dimension, whose best probability is below
#: this, is too weak to carry a conclusion: the dimension is left out (not relevant). It still
#: appears in the appendix as a flagged clause. Between this and STRONG_SCORE such a dimension is
#: reported with confidence "lav" and direction "uafklaret".
MODEL_ONLY_MIN_SCORE = 0.6

#: A classifier dimension score at or above this counts as the classifier naming the dimension
#: for a flagged clause, even where the model's own dimension list leaves it out.
DIMENSION_SCORE_MIN = 0.5

#: How many model features (top terms) to keep as evidence per clause.
MAX_MODEL_FEATURES = 5

#: How many group names to keep per dimension.
MAX_GROUPS = 4

#: Answers meaning "yes, relevant" / "no, not relevant" (option ids, compared lower-case).
YES_ANSWERS = frozenset({"ja", "relevant", "ja_relevant"})
NO_ANSWERS = frozenset({"nej", "ingen", "ikke_relevant", "ikke relevant", "nej_ikke_relevant"})
UNANSWERED = frozenset({"ikke besvaret", "ikke_besvaret", "ved ikke", "ved_ikke", ""})

# --------------------------------------------------------------------------- groups of people

#: Group nouns, keyed on the lemma the shared pipeline gives, with the plural form the statement
#: prints. Participles used as nouns ("anbragte", "indsatte") are keyed on their surface form in
#: :data:`GROUP_FORMS`, because the lookup table lemmatises them to verbs.
GROUP_LEMMAS: dict[str, str] = {
    "beboer": "beboere",
    "ægtefælle": "ægtefæller",
    "samlever": "samlevere",
    "kontanthjælpsmodtager": "kontanthjælpsmodtagere",
    "asylansøger": "asylansøgere",
    "barn": "børn",
    "forælder": "forældre",
    "forældre": "forældre",
    "bedsteforælder": "bedsteforældre",
    "familie": "familier",
    "plejefamilie": "plejefamilier",
    "pårørende": "pårørende",
    "ældre": "ældre",
    "elev": "elever",
    "patient": "patienter",
    "pensionist": "pensionister",
    "folkepensionist": "folkepensionister",
    "udlænding": "udlændinge",
    "flygtning": "flygtninge",
    "unge": "unge",
    "mindreårig": "mindreårige",
    "borger": "borgere",
    "lejer": "lejere",
    "forsørger": "forsørgere",
    "enlig": "enlige",
    "frivillig": "frivillige",
    "kursist": "kursister",
    "fange": "fanger",
    "arbejdsløs": "arbejdsløse",
    "sygemeldt": "sygemeldte",
    "handicappet": "personer med handicap",
    "plejebarn": "plejebørn",
    "adoptivbarn": "adoptivbørn",
    "nyankommen": "nyankomne",
    "medlem": "medlemmer",
}

GROUP_FORMS: dict[str, str] = {
    "anbragte": "anbragte børn og unge",
    "indsatte": "indsatte",
    "besøgende": "besøgende",
    "studerende": "studerende",
    "ledige": "ledige",
    "udsendte": "udsendte",
    "hjemløse": "hjemløse",
    "efterladte": "efterladte",
    "tilbageholdte": "tilbageholdte",
    "frihedsberøvede": "frihedsberøvede",
    "handicappede": "personer med handicap",
    "ansatte": "ansatte",
}

#: Compounds ending in these lemmas name a group too ("hjælpsmodtager", "ydelsesmodtager").
GROUP_SUFFIXES: dict[str, str] = {"modtager": "modtagere", "ansøger": "ansøgere", "beboer": "beboere"}

#: Too general to tell a reader who is affected; used only if nothing more specific is named.
GENERIC_GROUPS = frozenset({"borgere", "medlemmer", "ansatte"})


def extract_groups(texts: Iterable[str], limit: int = MAX_GROUPS) -> list[str]:
    """Plausible groups of people named in ``texts``, most frequent first (Danish plurals)."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    position = 0
    for text in texts:
        groups, length = _groups_in(text)
        for offset, group in groups:
            counts[group] += 1
            first.setdefault(group, position + offset)
        position += length
    ranked = sorted(counts, key=lambda g: (-counts[g], first[g]))
    specific = [g for g in ranked if g not in GENERIC_GROUPS]
    chosen = specific or ranked
    return chosen[:limit]


@lru_cache(maxsize=16384)
def _groups_in(text: str) -> tuple[tuple[tuple[int, str], ...], int]:
    """(token position, group) for each group word in one text, and its token count. Cached: the
    same clauses are read for several dimensions."""
    from .nlp import tokenize

    found: list[tuple[int, str]] = []
    doc = tokenize(text)
    for position, token in enumerate(doc, 1):
        if not token.is_alpha:
            continue
        group = _group_of(token.lower_, token.lemma_)
        if group is not None:
            found.append((position, group))
    return tuple(found), len(doc)


@lru_cache(maxsize=65536)
def _group_of(low: str, lemma: str) -> str | None:
    group = (
        GROUP_FORMS.get(low)
        or GROUP_FORMS.get(low[:-1] if low.endswith("s") else low)  # genitive: "besøgendes"
        or GROUP_LEMMAS.get(lemma)
        or GROUP_LEMMAS.get(low)
    )
    if group is None and len(low) > 10:
        group = _compound_group(low, lemma)
    return group


def _compound_group(low: str, lemma: str) -> str | None:
    for suffix, plural in GROUP_SUFFIXES.items():
        for word in (lemma, low):
            stem = word[: -len(suffix)] if word.endswith(suffix) else None
            if stem is None:
                for ending in ("e", "ne", "en"):
                    if word.endswith(suffix + ending):
                        stem = word[: -len(suffix + ending)]
                        break
            if stem and len(stem) >= 4:
                return stem + plural
    return None


# --------------------------------------------------------------------------- per dimension


@dataclass
class _Support:
    """The evidence for one dimension, gathered before it is judged."""

    model_refs: list[str] = field(default_factory=list)  # flagged by the classifier with it
    rule_refs: list[str] = field(default_factory=list)  # rule hit for it in the clause or its remark
    confirmed_rule_refs: list[str] = field(default_factory=list)  # rule hit + probability >= RULE_CONFIRM
    rejected_rule_refs: list[str] = field(default_factory=list)  # rule hit + probability < RULE_CONFIRM
    hit_count: int = 0
    questions: set[str] = field(default_factory=set)

    @property
    def refs(self) -> list[str]:
        return _unique(self.model_refs + self.confirmed_rule_refs)


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _combine_directions(directions: Iterable[str | None]) -> str:
    """negativ only -> negativ; positiv only -> positiv; both or blandet -> blandet; else uafklaret.

    ``uafklaret`` clauses do not dilute a definite direction: they are named in the statement's
    basis, but a dimension with negative and undetermined clauses is negative.
    """
    definite = {d for d in directions if d in ("negativ", "positiv", "blandet")}
    if not definite:
        return "uafklaret"
    if definite == {"negativ"}:
        return "negativ"
    if definite == {"positiv"}:
        return "positiv"
    return "blandet"


def _fmt(p: float) -> str:
    return f"{p:.2f}".replace(".", ",")


# --------------------------------------------------------------------------- answers


@dataclass
class _UserDecision:
    relevant: bool | None = None
    direction: str | None = None
    questions: list[str] = field(default_factory=list)
    refs: list[str] = field(default_factory=list)


def merge_answers(proposed: Sequence[AnswerRecord], given: Sequence[AnswerRecord]) -> list[AnswerRecord]:
    """The tool's proposals with a user's answers put in their place (same question id)."""
    by_id = {a.question_id: a for a in proposed}
    for answer in given:
        current = by_id.get(answer.question_id)
        if current is None or answer.source == "bruger" or current.source != "bruger":
            by_id[answer.question_id] = answer
    order = _unique([a.question_id for a in proposed] + [a.question_id for a in given])
    return [by_id[q] for q in order]


def _question_dimensions(
    answers: Sequence[AnswerRecord], hits: Sequence[RuleHit], question_dims: Mapping[str, Sequence[str]] | None
) -> dict[str, list[str]]:
    """Which dimensions each answered question concerns: from the rules, else from its hits."""
    out: dict[str, list[str]] = {}
    from_hits: dict[str, list[str]] = {}
    for hit in hits:
        from_hits.setdefault(hit.question_id, [])
        from_hits[hit.question_id] = _unique(from_hits[hit.question_id] + list(hit.dimensions))
    for answer in answers:
        dims = list((question_dims or {}).get(answer.question_id, ())) or from_hits.get(answer.question_id, [])
        out[answer.question_id] = [d for d in dims if d in DIMENSION_IDS]
    return out


def question_kind(step: str, option_ids: Sequence[str]) -> str:
    """What an answer to a question decides: ``relevans`` (ja/nej), ``retning`` (a direction),
    ``omfang``/``varighed`` (scope, duration) or ``andet`` (e.g. mitigation), from its option set."""
    ids = set(option_ids)
    if {"negativ", "positiv"} <= ids:
        return "retning"
    if {"faa", "mange"} <= ids:
        return "omfang"
    if {"midlertidig", "varig"} <= ids:
        return "varighed"
    if step == "relevans" and {"ja", "nej"} <= ids:
        return "relevans"
    return "andet"


def _answer_kind(answer: AnswerRecord, kinds: Mapping[str, str] | None) -> str:
    if kinds and answer.question_id in kinds:
        return kinds[answer.question_id]
    # Without the rules, read the answer itself: a direction id or a plain yes/no.
    value = answer.answer.strip().lower()
    if value in DIRECTIONS:
        return "retning"
    return "relevans" if value in YES_ANSWERS | NO_ANSWERS else "andet"


def _user_decisions(
    answers: Sequence[AnswerRecord], qdims: Mapping[str, list[str]], kinds: Mapping[str, str] | None = None
) -> dict[str, _UserDecision]:
    """A lawyer's answers per dimension. Screening questions are narrow, so one "ja" to any question
    of a dimension makes it relevant; only "nej" (or direction "ingen") to all of them makes it not
    relevant. Answers on scope, duration or mitigation decide nothing here."""
    decisions: dict[str, _UserDecision] = {}
    for answer in answers:
        if answer.source != "bruger":
            continue
        value = answer.answer.strip().lower()
        kind = _answer_kind(answer, kinds)
        if value in UNANSWERED or kind not in ("relevans", "retning"):
            continue
        for dim in qdims.get(answer.question_id, []):
            decision = decisions.setdefault(dim, _UserDecision())
            decision.questions.append(answer.question_id)
            decision.refs.extend(answer.refs)
            if value in NO_ANSWERS:
                if decision.relevant is None:
                    decision.relevant = False
            elif value in YES_ANSWERS:
                decision.relevant = True
            elif value in DIRECTIONS:
                decision.relevant = True
                decision.direction = (
                    value if decision.direction in (None, value) else _combine_directions([decision.direction, value])
                )
    return decisions


# --------------------------------------------------------------------------- the assessment


def assess(
    bill: Bill,
    scores: Sequence[ClauseScore],
    hits: Sequence[RuleHit],
    answers: Sequence[AnswerRecord] = (),
    *,
    rules_version: str,
    model_version: str,
    source_name: str | None = None,
    source_sha256: str | None = None,
    date: str,
    question_dimensions: Mapping[str, Sequence[str]] | None = None,
    question_texts: Mapping[str, str] | None = None,
    question_kinds: Mapping[str, str] | None = None,
    option_labels: Mapping[tuple[str, str], str] | None = None,
    answers_sha256: str | None = None,
    all_clauses: bool = False,
) -> Assessment:
    """Judge a parsed bill from its findings. Pure: no I/O, same input -> same output.

    ``question_dimensions`` maps a screening question's id to its dimensions (from the rules);
    without it, a question's dimensions are taken from its rule hits. ``question_texts`` maps
    ids to the question as worded, for the appendix. ``question_kinds`` says what an answer to
    each question decides (see :func:`question_kind`); ``option_labels`` maps (question, option) to
    the option's wording, used for answers on scope and duration in the statement. ``clauses`` of the result holds the clauses
    that are flagged, have rule hits or are named by an answer (``all_clauses=True``: every clause).
    """
    from . import __version__
    from .statement.compose import compose_statement

    score_by_ref = {s.ref: s for s in scores}
    clause_by_ref = {c.ref: c for c in bill.clauses}
    remark_clauses: dict[str, list[str]] = {}
    for clause in bill.clauses:
        for remark in linked_remarks(bill, clause):
            remark_clauses.setdefault(remark.ref, []).append(clause.ref)

    hits_by_clause: dict[str, list[RuleHit]] = {}
    for hit in hits:
        if hit.ref in clause_by_ref:
            hits_by_clause.setdefault(hit.ref, []).append(hit)
        else:
            # A hit in a special remark counts for the clauses that remark explains.
            for ref in remark_clauses.get(hit.ref, []):
                hits_by_clause.setdefault(ref, []).append(hit)

    title_dims = {
        d
        for h in hits
        if h.ref == TITLE_REF and (question_kinds or {}).get(h.question_id, "relevans") == "relevans"
        for d in h.dimensions
    }
    qdims = _question_dimensions(answers, hits, question_dimensions)
    answers_by_ref: dict[str, list[AnswerRecord]] = {}
    for answer in answers:
        for ref in answer.refs:
            answers_by_ref.setdefault(ref, []).append(answer)

    # -- per clause
    support: dict[str, _Support] = {d: _Support() for d in DIMENSION_IDS}
    clause_items: list[ClauseAssessment] = []
    for clause in bill.clauses:
        score = score_by_ref.get(clause.ref)
        probability = score.probability if score else 0.0
        flagged = bool(score and score.flagged)
        model_dims = _model_dimensions(score) if flagged and probability >= MODEL_SUPPORT_SCORE else []
        clause_hits = hits_by_clause.get(clause.ref, [])
        # Only relevance questions speak to whether a dimension is touched; hits of direction,
        # scope or mitigation questions (often tagged with every dimension) are evidence only.
        support_hits = [h for h in clause_hits if (question_kinds or {}).get(h.question_id, "relevans") == "relevans"]
        rule_dims = _unique(d for h in support_hits for d in h.dimensions if d in DIMENSION_IDS)
        for dim in model_dims:
            support[dim].model_refs.append(clause.ref)
        for dim in rule_dims:
            s = support[dim]
            s.rule_refs.append(clause.ref)
            s.hit_count += sum(1 for h in support_hits if dim in h.dimensions)
            s.questions.update(h.question_id for h in support_hits if dim in h.dimensions)
            if probability >= (TITLE_CONFIRM_SCORE if dim in title_dims else RULE_CONFIRM_SCORE):
                if clause.ref not in s.model_refs:
                    s.confirmed_rule_refs.append(clause.ref)
            else:
                s.rejected_rule_refs.append(clause.ref)
        clause_answers = answers_by_ref.get(clause.ref, [])
        if all_clauses or flagged or clause_hits or clause_answers:
            confirmed = [
                d for d in rule_dims if probability >= (TITLE_CONFIRM_SCORE if d in title_dims else RULE_CONFIRM_SCORE)
            ]
            clause_items.append(
                ClauseAssessment(
                    ref=clause.ref,
                    text=clause.text,
                    start=clause.start,
                    end=clause.end,
                    score=round(probability, 4),
                    flagged=flagged,
                    dimensions=[d for d in DIMENSION_IDS if d in set(model_dims) | set(confirmed)],
                    direction=score.direction if (score and (flagged or confirmed)) else None,
                    evidence=_clause_evidence(
                        clause, score, clause_hits, clause_answers, question_texts, option_labels
                    ),
                    remark=_remark_text(bill, clause),
                )
            )

    # -- per dimension
    decisions = _user_decisions(answers, qdims, question_kinds)
    dimensions = [
        _judge_dimension(dim, support[dim], decisions.get(dim), bill, clause_by_ref, score_by_ref, answers, qdims)
        for dim in DIMENSION_IDS
    ]

    conclusion = _conclude(dimensions)
    summary = BillSummary(
        title=bill.title,
        kind=bill.kind,
        number=bill.number,
        session=bill.session,
        source_name=source_name or bill.source.name,
        source_sha256=source_sha256 or bill.source.sha256,
    )
    record = ScreeningRecord(
        date=date,
        tool_version=__version__,
        rules_version=rules_version,
        model_version=model_version,
        source_name=summary.source_name,
        source_sha256=summary.source_sha256,
        answers_sha256=answers_sha256,
    )
    notes = _scope_notes(answers, qdims, question_kinds, option_labels)
    statement = compose_statement(bill, conclusion, dimensions, clause_by_ref, notes)
    return Assessment(
        bill=summary,
        conclusion=conclusion,
        dimensions=dimensions,
        clauses=clause_items,
        answers=list(answers),
        statement=statement,
        record=record,
    )


def _scope_notes(
    answers: Sequence[AnswerRecord],
    qdims: Mapping[str, list[str]],
    kinds: Mapping[str, str] | None,
    labels: Mapping[tuple[str, str], str] | None,
) -> dict[str, list[str]]:
    """Answers on scope (omfang) and duration (varighed) per dimension, as Danish sentences."""
    notes: dict[str, list[str]] = {}
    for answer in answers:
        kind = (kinds or {}).get(answer.question_id)
        value = answer.answer.strip()
        if kind not in ("omfang", "varighed") or value.lower() in UNANSWERED:
            continue
        label = (labels or {}).get((answer.question_id, value), value)
        label = label[:1].lower() + label[1:]
        who = "brugerens besvarelse" if answer.source == "bruger" else "værktøjets forslag til besvarelse"
        what = "omfanget" if kind == "omfang" else "varigheden"
        sentence = f"Efter {who} af screeningsspørgsmålene er {what} angivet som: {label}."
        for dim in qdims.get(answer.question_id, []):
            if sentence not in notes.setdefault(dim, []):
                notes[dim].append(sentence)
    return notes


def _model_dimensions(score: ClauseScore) -> list[str]:
    named = set(score.dimensions) | {d for d, v in score.dimension_scores.items() if v >= DIMENSION_SCORE_MIN}
    return [d for d in DIMENSION_IDS if d in named]


def linked_remarks(bill: Bill, clause: Clause) -> list[Remark]:
    """The special remarks that explain a clause, most specific only: "Til § 1, nr. 3" rather than
    the whole "Til § 1" when both are linked."""
    by_ref = {r.ref: r for r in bill.remarks}
    refs = _unique([r for r in clause.remark_refs if r in by_ref] + [r.ref for r in bill.remark_for(clause.ref)])
    specific = [r for r in refs if not any(o != r and o.startswith(r + ",") for o in refs)]
    return [by_ref[r] for r in specific]


def _remark_text(bill: Bill, clause: Clause) -> str | None:
    text = "\n\n".join(r.text.strip() for r in linked_remarks(bill, clause) if r.text.strip())
    return text or None


#: Question wording in the appendix is cut at a word boundary after this many characters.
QUESTION_TEXT_LIMIT = 90


def short_question(text: str, limit: int = QUESTION_TEXT_LIMIT) -> str:
    """A screening question's wording on one line, cut at a word boundary with " …" if long."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    words = (flat[:limit] if flat[limit] == " " else flat[:limit].rsplit(" ", 1)[0]).split()
    # Do not end on a dash or a small word ("… få børn eller …", "… nærtstående – fx …").
    while len(words) > 1 and (words[-1].strip(",;:") in _WEAK_ENDINGS or not words[-1].strip(",;:–-")):
        words.pop()
    return " ".join(words).rstrip(",;:") + " …"


_WEAK_ENDINGS = frozenset(
    "fx og eller samt herunder til for at i af med om på en et de den det der som hvor kan skal".split()
)


def question_name(question_id: str, question_texts: Mapping[str, str] | None) -> str:
    """»wording« (lower-case start, for the middle of a sentence) or, without wording, the id."""
    text = (question_texts or {}).get(question_id)
    if text:
        return f"screeningsspørgsmålet »{short_question(text)}«"
    return f"screeningsspørgsmål {question_id}"


def _trace(question_id: str, question_texts: Mapping[str, str] | None, sep: str = "") -> str:
    # The id is kept for traceability only where the wording stands in its place.
    if not (question_texts or {}).get(question_id):
        return ""
    return f"{sep}spørgsmål {question_id}" if sep else f" (spørgsmål {question_id})"


def answer_labels(answer: AnswerRecord, option_labels: Mapping[tuple[str, str], str] | None) -> list[str]:
    """The options of an answer as worded in the questionnaire (several answers: comma-separated ids)."""
    ids = [part.strip() for part in answer.answer.split(",") if part.strip()]
    labels = [(option_labels or {}).get((answer.question_id, i), i) for i in ids]
    return labels or [answer.answer.strip() or "ikke besvaret"]


def _quoted(items: Sequence[str]) -> str:
    quoted = [f"»{i}«" for i in items]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} og {quoted[-1]}"


def describe_answer(
    answer: AnswerRecord,
    question_texts: Mapping[str, str] | None,
    option_labels: Mapping[tuple[str, str], str] | None,
    *,
    with_note: bool = True,
) -> str:
    """One sentence on an answer: the question by its wording, the answer by its option labels."""
    name = question_name(answer.question_id, question_texts)
    how = "er besvaret {} af brugeren" if answer.source == "bruger" else "er af værktøjet foreslået besvaret {}"
    detail = (
        f"{name[:1].upper()}{name[1:]} {how.format(_quoted(answer_labels(answer, option_labels)))}"
        f"{_trace(answer.question_id, question_texts)}."
    )
    if with_note and answer.note:
        detail += f" Note: {answer.note}"
    return detail


def _clause_evidence(
    clause: Clause,
    score: ClauseScore | None,
    hits: Sequence[RuleHit],
    answers: Sequence[AnswerRecord],
    question_texts: Mapping[str, str] | None,
    option_labels: Mapping[tuple[str, str], str] | None = None,
) -> list[Evidence]:
    """The evidence on one clause, for a reviewer: one item per question and place (clause or
    remark) listing the matched words once each, the model's strongest terms, and the answers."""
    evidence: list[Evidence] = []
    groups: dict[tuple[str, str], list[RuleHit]] = {}
    for hit in sorted(hits, key=lambda h: (h.start, h.question_id, h.trigger_id)):
        where = "bemærkningerne" if hit.in_remark or hit.ref != clause.ref else "bestemmelsen"
        groups.setdefault((hit.question_id, where), []).append(hit)
    for (question_id, where), group in groups.items():
        words: list[str] = []
        for hit in group:
            if hit.text.lower() not in {w.lower() for w in words}:
                words.append(hit.text)
        dimensions = _unique(d for h in group for d in h.dimensions)
        dims = (
            "alle dimensioner"
            if set(dimensions) >= set(DIMENSION_IDS)
            else ", ".join(DIMENSION_LABELS.get(d, d).lower() for d in dimensions)
        )
        first = group[0]
        evidence.append(
            Evidence(
                kind="bemaerkning" if where == "bemærkningerne" else "regel",
                detail=(
                    f"{_quoted(words)} i {where} giver udslag på {question_name(question_id, question_texts)} "
                    f"(dimension: {dims}{_trace(question_id, question_texts, sep='; ')})."
                ),
                ref=first.ref,
                start=first.start,
                end=first.end,
                text=first.text,
            )
        )
    if score is not None and score.features:
        terms = sorted(score.features, key=lambda f: (-abs(f.weight), f.term))[:MAX_MODEL_FEATURES]
        evidence.append(
            Evidence(
                kind="model",
                detail=(
                    f"Klassifikationsmodellens sandsynlighed {_fmt(score.probability)}; tungest vejende ord: "
                    + ", ".join(f"»{f.term}« ({_fmt(f.weight)})" for f in terms)
                    + "."
                ),
                ref=clause.ref,
            )
        )
    for answer in answers:
        evidence.append(
            Evidence(kind="svar", detail=describe_answer(answer, question_texts, option_labels), ref=clause.ref)
        )
    return evidence


def _confidence(s: _Support, score_by_ref: Mapping[str, ClauseScore]) -> str:
    """høj: classifier and rules agree on a clause with a strong score; middel: they agree, or one
    source is strong on its own; lav: only one weak source."""
    agreed = [r for r in s.model_refs if r in s.rule_refs]
    best_agreed = max((score_by_ref[r].probability for r in agreed), default=0.0)
    best_model = max((score_by_ref[r].probability for r in s.model_refs), default=0.0)
    if agreed and best_agreed >= STRONG_SCORE:
        return "høj"
    if agreed or best_model >= STRONG_SCORE:
        return "middel"
    return "lav"


def _judge_dimension(
    dim: str,
    s: _Support,
    decision: _UserDecision | None,
    bill: Bill,
    clause_by_ref: Mapping[str, Clause],
    score_by_ref: Mapping[str, ClauseScore],
    answers: Sequence[AnswerRecord],
    qdims: Mapping[str, list[str]],
) -> DimensionAssessment:
    label = DIMENSION_LABELS[dim]
    basis: list[str] = []
    best_model = max((score_by_ref[r].probability for r in s.model_refs), default=0.0)
    confidence = _confidence(s, score_by_ref)
    relevant = bool(s.model_refs or s.confirmed_rule_refs)
    weak_model_only = bool(s.model_refs) and not s.rule_refs and best_model < MODEL_ONLY_MIN_SCORE
    if weak_model_only and not s.confirmed_rule_refs:
        relevant = False

    if s.model_refs:
        best_ref = max(s.model_refs, key=lambda r: (score_by_ref[r].probability, r))
        basis.append(
            f"klassifikationsmodellens markering af {_count(len(s.model_refs), 'bestemmelse', 'bestemmelser')} "
            f"(højeste sandsynlighed {_fmt(best_model)} for {best_ref})"
        )
    if s.rule_refs:
        basis.append(
            f"udslag på {_count(len(s.questions), 'screeningsspørgsmål', 'screeningsspørgsmål')} "
            f"i {_count(len(_unique(s.rule_refs)), 'bestemmelse', 'bestemmelser')}"
        )
    if s.rejected_rule_refs:
        basis.append(
            f"udslag i {_count(len(_unique(s.rejected_rule_refs)), 'bestemmelse', 'bestemmelser')}, som "
            f"klassifikationsmodellen ikke finder relationelle (sandsynlighed under {_fmt(RULE_CONFIRM_SCORE)}), "
            "og som derfor ikke er tillagt vægt"
        )
    if weak_model_only and not relevant:
        basis.append(
            "en markering fra klassifikationsmodellen, der står alene og har en sandsynlighed under "
            f"{_fmt(MODEL_ONLY_MIN_SCORE)}, og som derfor ikke bærer en konklusion"
        )
    answered = [a for a in answers if dim in qdims.get(a.question_id, []) and a.answer.strip().lower() not in UNANSWERED]
    # The tool's own proposals rest on the same rule hits and add nothing; a lawyer's answers do.
    by_user = [a for a in answered if a.source == "bruger"]
    if by_user:
        basis.append(f"brugerens besvarelse af {_count(len(by_user), 'screeningsspørgsmål', 'screeningsspørgsmål')}")

    refs = s.refs
    supporting = refs
    directions = [score_by_ref[r].direction if r in score_by_ref else None for r in supporting]
    direction: str | None = _combine_directions(directions) if relevant else None
    disagreement = relevant and not s.model_refs  # only rules (with a lukewarm score) say yes
    if relevant and (confidence == "lav" or disagreement):
        direction = "uafklaret"
        confidence = "lav"
        if disagreement:
            basis.append(
                "den omstændighed, at klassifikationsmodellen ikke selv markerer bestemmelserne med tilstrækkelig "
                "sikkerhed, hvorfor retningen er angivet som uafklaret"
            )

    decided = False
    if decision is not None and decision.relevant is not None:
        decided = True
        relevant = decision.relevant
        confidence = "høj"
        if relevant:
            refs = refs or _unique(r for r in decision.refs if r in clause_by_ref)
            if decision.direction:
                direction = decision.direction
            elif direction is None:
                direction = "uafklaret"
        else:
            direction = None
        if not by_user:
            basis.append("brugerens besvarelse af screeningsspørgsmålene")

    groups: list[str] = []
    if relevant:
        texts = [clause_by_ref[r].text for r in refs if r in clause_by_ref]
        groups = extract_groups(texts)
    return DimensionAssessment(
        id=dim,
        label=label,
        relevant=relevant,
        direction=direction if relevant else None,
        refs=refs if relevant else [],
        groups=groups,
        confidence=confidence if (relevant or decided) else _absent_confidence(s),
        basis=basis,
        decided_by_user=decided,
    )


def _absent_confidence(s: _Support) -> str:
    """How sure we are that a dimension is *not* affected: sure when nothing points to it."""
    if not s.rule_refs and not s.model_refs:
        return "høj"
    return "middel"


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


# --------------------------------------------------------------------------- conclusion

CONCLUSION_NONE = "Lovforslaget vurderes ikke at have relationelle konsekvenser."


def _conclude(dimensions: Sequence[DimensionAssessment]) -> Conclusion:
    from .statement.compose import conclusion_sentence

    relevant = [d for d in dimensions if d.relevant]
    if not relevant:
        return Conclusion(direction="ingen", dimensions=[], sentence=CONCLUSION_NONE, uncertain=False)
    definite = [d.direction for d in relevant if d.direction != "uafklaret"]
    direction = _combine_directions(definite) if definite else "uafklaret"
    uncertain = any(d.direction == "uafklaret" or d.confidence == "lav" for d in relevant)
    sentence = conclusion_sentence(direction, relevant)
    return Conclusion(
        direction=direction, dimensions=[d.id for d in relevant], sentence=sentence, uncertain=uncertain
    )

