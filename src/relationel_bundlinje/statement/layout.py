"""The statement's document outline, shared by the Markdown and Word renderings.

One list of simple blocks (headings, paragraphs, bullets, quotes, tables) so that .md and .docx
always say the same thing in the same order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

from ..assess import MODEL_SUPPORT_SCORE, answer_labels, describe_answer, short_question
from ..dimensions import DIMENSION_LABELS
from ..errors import BundlinjeError
from ..models import AnswerRecord, Assessment, ClauseAssessment

BlockKind = Literal["heading", "paragraph", "note", "bullet", "quote", "table"]

#: Quoted clause and remark text in the appendix is cut at a word boundary after this many chars.
QUOTE_LIMIT = 600
REMARK_LIMIT = 400

SKEMA_HEADER = ("", "Positive konsekvenser/mindreudgifter", "Negative konsekvenser/merudgifter")

DIRECTION_WORD = {"negativ": "negativ", "positiv": "positiv", "blandet": "blandet", "uafklaret": "uafklaret"}
CONCLUSION_WORD = {
    "ingen": "ingen relationelle konsekvenser",
    "negativ": "negative relationelle konsekvenser",
    "positiv": "positive relationelle konsekvenser",
    "blandet": "både positive og negative relationelle konsekvenser",
    "uafklaret": "uafklarede relationelle konsekvenser",
}
KIND_WORD = {"ny_lov": "lovforslag", "aendringslov": "ændringslov", "lovbekendtgoerelse": "lovbekendtgørelse"}


@dataclass
class Block:
    kind: BlockKind
    text: str = ""
    level: int = 1
    rows: list[list[str]] = field(default_factory=list)  # tables: first row is the header
    lead: str = ""  # paragraphs and bullets: a label printed in bold before ``text``
    name: str = ""  # tables: which table ("skema", "dimensioner"), so a renderer can size columns

    @property
    def full_text(self) -> str:
        return f"{self.lead} {self.text}" if self.lead else self.text


def truncate(text: str, limit: int) -> str:
    """``text`` on one line, cut at a word boundary with an ellipsis when longer than ``limit``."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + " …"


MONTHS = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)


def danish_date(iso: str) -> str:
    """``2026-11-27`` as ``27. november 2026`` (unchanged if it is not an ISO date)."""
    try:
        year, month, day = (int(x) for x in iso.split("-"))
        return f"{day}. {MONTHS[month - 1]} {year}"
    except (ValueError, IndexError):
        return iso


@lru_cache(maxsize=1)
def _catalogue() -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """Question wording and option labels from the shipped rules: the assessment carries only ids."""
    try:
        from ..pipeline import default_ruleset

        rules = default_ruleset()
    except (BundlinjeError, OSError):
        return {}, {}
    texts = {q.id: q.question for q in rules.questions}
    labels = {(q.id, o): q.label_of(o) for q in rules.questions for o in q.option_ids}
    return texts, labels


def _paragraph(text: str) -> Block:
    """A statement paragraph; a dimension paragraph's leading label becomes its bold lead."""
    for label in DIMENSION_LABELS.values():
        if text.startswith(label + ": "):
            return Block("paragraph", text[len(label) + 2 :], lead=label + ":")
    return Block("paragraph", text)


def _score(p: float) -> str:
    return f"{p:.2f}".replace(".", ",")


def _dims(ids: list[str]) -> str:
    return ", ".join(DIMENSION_LABELS.get(d, d).lower() for d in ids) or "ingen"


def outline(assessment: Assessment, *, skema: bool = True) -> list[Block]:
    a = assessment
    blocks: list[Block] = [
        Block("heading", a.statement.heading, 1),
        Block("note", f"Udkast til afsnit i lovforslagets almindelige bemærkninger: {a.bill.title}"),
        Block(
            "note",
            "Afsnittet er skrevet til et selvstændigt punkt i de almindelige bemærkninger umiddelbart før de "
            "obligatoriske konsekvensvurderinger (lovkvalitetsvejledningens pkt. 2.8.12). Det er et udkast, "
            "som skal gennemgås og redigeres af den ansvarlige jurist.",
        ),
    ]
    blocks.extend(_paragraph(p) for p in a.statement.paragraphs)

    if skema:
        row = a.statement.skema_row
        blocks += [
            Block("heading", "Sammenfattende skema", 2),
            Block(
                "note",
                "Rækken kan indsættes i lovforslagets sammenfattende skema, hvis relationelle konsekvenser skal "
                "angives på lige fod med de obligatoriske konsekvenser. Efter den gældende vejledning hører "
                "øvrige konsekvenser ikke til i skemaet.",
            ),
            Block("table", rows=[list(SKEMA_HEADER), [row.label, row.positive, row.negative]], name="skema"),
        ]

    blocks += _appendix(a)
    return blocks


def _appendix(a: Assessment) -> list[Block]:
    blocks = [
        Block("heading", "Bilag: Grundlag for vurderingen", 1),
        Block(
            "paragraph",
            f"Konklusion: {CONCLUSION_WORD[a.conclusion.direction]}"
            + (" (med usikkerhed)" if a.conclusion.uncertain else "")
            + ".",
        ),
        Block("heading", "Vurdering pr. dimension", 2),
    ]
    rows = [["Dimension", "Relevant", "Retning", "Sikkerhed", "Bestemmelser"]]
    for d in a.dimensions:
        rows.append(
            [
                d.label,
                ("ja" if d.relevant else "nej") + (" (brugeren)" if d.decided_by_user else ""),
                DIRECTION_WORD.get(d.direction or "", "–"),
                d.confidence,
                ", ".join(d.refs) or "–",
            ]
        )
    blocks.append(Block("table", rows=rows, name="dimensioner"))

    shown = [c for c in a.clauses if c.flagged or c.dimensions]
    others = [c for c in a.clauses if not (c.flagged or c.dimensions)]
    blocks.append(Block("heading", "Markerede bestemmelser", 2))
    if not shown:
        blocks.append(
            Block("paragraph", "Ingen bestemmelser er markeret af klassifikationsmodellen eller bekræftede regelhits.")
        )
    else:
        blocks.append(
            Block(
                "paragraph",
                "Klassifikationsmodellen markerer bestemmelser til gennemsyn ved en lavere sandsynlighed end de "
                f"{_score(MODEL_SUPPORT_SCORE)}, der kræves, for at markeringen kan bære konklusionen. En markering "
                f"under {_score(MODEL_SUPPORT_SCORE)} er derfor alene en opfordring til at læse bestemmelsen; "
                "vurderingen bygger på de dimensioner, der er angivet ved den enkelte bestemmelse.",
            )
        )
    texts, labels = _catalogue()
    for clause in shown:
        blocks += _clause_blocks(clause, _user_answers(a.answers, clause.ref), texts, labels)
    if others:
        blocks.append(
            Block(
                "paragraph",
                f"Regelhits uden betydning for vurderingen (klassifikationsmodellen bekræfter dem ikke) findes i "
                f"{len(others)} {'bestemmelse' if len(others) == 1 else 'bestemmelser'}: "
                + ", ".join(c.ref for c in others[:40])
                + (" m.fl." if len(others) > 40 else "")
                + ".",
            )
        )

    blocks.append(Block("heading", "Besvarede screeningsspørgsmål", 2))
    answered = [x for x in a.answers if x.answer.strip().lower() != "ikke besvaret"]
    if not answered:
        blocks.append(Block("paragraph", "Ingen screeningsspørgsmål er besvaret."))
    for ans in answered:
        blocks.append(Block("bullet", _answer_line(ans, texts, labels)))

    r = a.record
    blocks += [
        Block("heading", "Screeningsoplysninger", 2),
        Block("bullet", f"Dato: {danish_date(r.date)}"),
        Block("bullet", f"Værktøj: relationel-bundlinje {r.tool_version}"),
        Block("bullet", f"Regelsæt: {r.rules_version}"),
        Block("bullet", f"Klassifikationsmodel: {r.model_version}"),
        Block("bullet", f"Inputfil: {r.source_name} ({KIND_WORD.get(a.bill.kind, a.bill.kind)})"),
        Block("bullet", f"SHA-256 for inputfilen: {r.source_sha256}"),
    ]
    if r.answers_sha256:
        blocks.append(Block("bullet", f"SHA-256 for svarfilen: {r.answers_sha256}"))
    return blocks


def _user_answers(answers: list[AnswerRecord], ref: str) -> list[AnswerRecord]:
    # The tool's own proposals are listed once under "Besvarede screeningsspørgsmål"; under each
    # provision only a lawyer's answers add something.
    return [x for x in answers if x.source == "bruger" and ref in x.refs]


def _answer_line(ans: AnswerRecord, texts: dict[str, str], labels: dict[tuple[str, str], str]) -> str:
    question = texts.get(ans.question_id)
    name = f"»{short_question(question)}« (spørgsmål {ans.question_id})" if question else ans.question_id
    who = "brugeren" if ans.source == "bruger" else "værktøjets forslag"
    answer = ", ".join(f"»{label}«" for label in answer_labels(ans, labels))
    text = f"{name}: {answer} ({who})"
    if ans.refs:
        text += f"; bestemmelser: {', '.join(ans.refs)}"
    if ans.note:
        text += f"; note: {ans.note}"
    return text


def _clause_blocks(
    c: ClauseAssessment,
    user_answers: list[AnswerRecord],
    texts: dict[str, str],
    labels: dict[tuple[str, str], str],
) -> list[Block]:
    blocks = [Block("heading", c.ref, 3), Block("quote", truncate(c.text, QUOTE_LIMIT))]
    if not c.flagged:
        marked = "ikke markeret af klassifikationsmodellen"
    elif c.score < MODEL_SUPPORT_SCORE:
        marked = "markeret til gennemsyn af klassifikationsmodellen"
    else:
        marked = "markeret af klassifikationsmodellen"
    blocks.append(Block("bullet", f"Score: {_score(c.score)} ({marked})"))
    blocks.append(Block("bullet", f"Dimensioner: {_dims(c.dimensions)}"))
    blocks.append(Block("bullet", f"Retning: {DIRECTION_WORD.get(c.direction or '', 'ikke angivet')}"))
    for ev in c.evidence:
        if ev.kind != "svar":
            blocks.append(Block("bullet", f"Grundlag ({_EVIDENCE_WORD[ev.kind]}): {ev.detail}"))
    for ans in user_answers:
        blocks.append(Block("bullet", f"Grundlag (svar): {describe_answer(ans, texts, labels)}"))
    if c.remark:
        blocks.append(Block("bullet", truncate(c.remark, REMARK_LIMIT), lead="Bemærkning til bestemmelsen:"))
    return blocks


_EVIDENCE_WORD = {"regel": "regel", "model": "klassifikationsmodel", "bemaerkning": "regel i bemærkningerne", "svar": "svar"}
