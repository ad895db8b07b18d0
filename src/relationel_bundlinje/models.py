"""Public data models: the hand-offs between the stages of the flow.

document -> ``SourceDocument`` (blocks) -> ``Bill`` (structure) -> ``RuleHit`` / ``ClauseScore``
(findings) -> ``Assessment`` (with its ``Statement``).  Every model is a frozen-in-spirit pydantic
model: stages create new objects rather than mutating what they were given.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .dimensions import ConclusionDirection, Direction

# --------------------------------------------------------------------------- ingest

BlockKind = Literal["heading", "paragraph", "list_item", "table_cell"]
SourceFormat = Literal["docx", "txt", "html", "xml", "pdf"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Block(_Model):
    """One ordered unit of text as a reader found it: nothing is interpreted yet."""

    kind: BlockKind
    text: str
    level: int | None = Field(default=None, description="Heading level (1 = top) where known.")
    table: int | None = Field(default=None, description="Index of the table a cell belongs to.")
    row: int | None = None
    col: int | None = None
    style: str | None = Field(default=None, description="Source style or element name, for diagnostics.")


def ref_covers(outer: str, ref: str) -> bool:
    """Does the reference ``outer`` ('§ 1, nr. 3') include ``ref`` ('§ 1, nr. 3 (§ 137 d, stk. 1)')?

    '§ 1' includes '§ 1, stk. 2' but not '§ 10'.
    """
    return ref == outer or (ref.startswith(outer) and ref[len(outer)] in ", (")


class SourceInfo(_Model):
    name: str = Field(description="File name (or '<tekst>' for text given directly).")
    format: SourceFormat
    sha256: str = Field(description="SHA-256 of the input bytes as read.")
    size: int = Field(description="Size of the input in bytes.")


class SourceDocument(_Model):
    """A file read into ordered blocks."""

    source: SourceInfo
    blocks: list[Block]


# --------------------------------------------------------------------------- structure

ProvisionKind = Literal["paragraf", "stk", "nr", "aendringspunkt"]
ChangeAction = Literal["affattes", "indsaettes", "ophaeves", "aendres", "bliver", "udgaar", "andet"]
BillKind = Literal["ny_lov", "aendringslov", "lovbekendtgoerelse"]


class Span(_Model):
    start: int
    end: int


class Provision(_Model):
    """A node of the provision tree: a §, a Stk., a numbered item ``1)`` or a change point ``1.``."""

    kind: ProvisionKind
    label: str = Field(description="The label as written: '§ 85 a', 'Stk. 2', '3)', '4.'.")
    ref: str = Field(description="Full reference as lawyers write it: '§ 1, nr. 3 (§ 85 a, stk. 1)'.")
    text: str = Field(description="This node's own text, without its children.")
    start: int = Field(description="Start of the node's own text in Bill.text.")
    end: int
    chapter: str | None = Field(default=None, description="'Kapitel 3' where the node stands in a chapter.")
    target_law: str | None = Field(
        default=None, description="For a § of an amending bill: the law it amends ('lov om social service')."
    )
    action: ChangeAction | None = Field(default=None, description="For a change point: what it does.")
    quoted: bool = Field(default=False, description="True for provisions quoted by a change point (new text).")
    children: list[Provision] = Field(default_factory=list)


class Chapter(_Model):
    label: str = Field(description="'Kapitel 3'")
    heading: str | None = None
    start: int
    end: int


class Remark(_Model):
    """A part of the bill's remarks (bemærkninger)."""

    part: Literal["almindelige", "specielle"]
    ref: str = Field(description="'Almindelige bemærkninger, pkt. 3.2' or 'Til § 1, nr. 3' as written.")
    number: str | None = Field(default=None, description="Section number of a general remark: '3.2'.")
    heading: str
    text: str
    start: int
    end: int
    provision_refs: list[str] = Field(
        default_factory=list, description="References of the provisions a special remark explains."
    )
    table: list[list[str]] | None = Field(
        default=None, description="Rows of a table in the remark (the sammenfattende skema)."
    )


class Clause(_Model):
    """The unit that is scored and labelled: a Stk., a § without Stk., or one change point.

    A clause's text includes its numbered items and, for a change point, the provisions it quotes.
    """

    ref: str
    text: str
    start: int
    end: int
    kind: ProvisionKind
    chapter: str | None = None
    chapter_heading: str | None = None
    target_law: str | None = None
    remark_refs: list[str] = Field(default_factory=list, description="Refs of the special remarks that explain it.")


class Bill(_Model):
    title: str
    kind: BillKind
    number: str | None = Field(default=None, description="Bill number where present: 'L 50'.")
    session: str | None = Field(default=None, description="Parliamentary session: '2011-12'.")
    source: SourceInfo
    text: str = Field(description="The normalised document text that all spans point into.")
    chapters: list[Chapter] = Field(default_factory=list)
    provisions: list[Provision] = Field(default_factory=list)
    remarks: list[Remark] = Field(default_factory=list)
    clauses: list[Clause] = Field(default_factory=list)
    commencement_ref: str | None = Field(default=None, description="Reference of the commencement provision.")

    def remark_for(self, ref: str) -> list[Remark]:
        """The special remarks that explain a provision or clause reference, in document order.

        A remark to '§ 1, nr. 3' explains the clause '§ 1, nr. 3 (§ 137 d, stk. 1)' too.
        """
        return [r for r in self.remarks if any(ref_covers(p, ref) for p in r.provision_refs)]


# --------------------------------------------------------------------------- findings


class RuleHit(_Model):
    """A trigger pattern of a screening question that matched the bill: evidence a lawyer can open."""

    question_id: str
    trigger_id: str
    dimensions: list[str]
    ref: str = Field(description="Reference of the clause (or remark) the match stands in.")
    start: int = Field(description="Start of the matched text in Bill.text.")
    end: int
    text: str = Field(description="The matched text.")
    in_remark: bool = False


class Feature(_Model):
    """One feature behind a score, in words a lawyer recognises."""

    term: str
    weight: float


class ClauseScore(_Model):
    ref: str
    probability: float = Field(description="Calibrated probability that the clause is relational.")
    flagged: bool
    dimensions: list[str] = Field(default_factory=list)
    dimension_scores: dict[str, float] = Field(default_factory=dict)
    direction: Direction | None = None
    direction_scores: dict[str, float] = Field(default_factory=dict)
    features: list[Feature] = Field(default_factory=list)


# --------------------------------------------------------------------------- assessment

AnswerSource = Literal["forslag", "bruger"]


class AnswerRecord(_Model):
    """An answer to a screening question: proposed by the tool or given by a user."""

    question_id: str
    answer: str = Field(description="Option id, or 'ikke besvaret'.")
    source: AnswerSource
    refs: list[str] = Field(default_factory=list)
    note: str | None = None


class Evidence(_Model):
    kind: Literal["regel", "model", "bemaerkning", "svar"]
    detail: str
    ref: str | None = None
    start: int | None = None
    end: int | None = None
    text: str | None = None


class ClauseAssessment(_Model):
    ref: str
    text: str
    start: int
    end: int
    score: float
    flagged: bool
    dimensions: list[str] = Field(default_factory=list)
    direction: Direction | None = None
    evidence: list[Evidence] = Field(default_factory=list)
    remark: str | None = Field(default=None, description="The linked special remark, where the bill has one.")


class DimensionAssessment(_Model):
    id: str
    label: str
    relevant: bool
    direction: Direction | None = None
    refs: list[str] = Field(default_factory=list, description="Provisions the assessment rests on.")
    groups: list[str] = Field(default_factory=list, description="Groups of people affected, as named in the bill.")
    confidence: Literal["høj", "middel", "lav"]
    basis: list[str] = Field(default_factory=list, description="What the assessment rests on, in Danish.")
    decided_by_user: bool = False


class BillSummary(_Model):
    title: str
    kind: BillKind
    number: str | None = None
    session: str | None = None
    source_name: str
    source_sha256: str


class Conclusion(_Model):
    direction: ConclusionDirection
    dimensions: list[str] = Field(default_factory=list)
    sentence: str
    uncertain: bool = False


class SkemaRow(_Model):
    label: str = "Relationelle konsekvenser"
    positive: str = Field(description="Column 'Positive konsekvenser/mindreudgifter'.")
    negative: str = Field(description="Column 'Negative konsekvenser/merudgifter'.")


class Statement(_Model):
    heading: str = "Relationelle konsekvenser"
    section_text: str
    paragraphs: list[str] = Field(default_factory=list)
    skema_row: SkemaRow


class ScreeningRecord(_Model):
    date: str
    tool_version: str
    rules_version: str
    model_version: str
    source_name: str
    source_sha256: str
    answers_sha256: str | None = None


class Assessment(_Model):
    bill: BillSummary
    conclusion: Conclusion
    dimensions: list[DimensionAssessment]
    clauses: list[ClauseAssessment]
    answers: list[AnswerRecord] = Field(default_factory=list)
    statement: Statement
    record: ScreeningRecord


PUBLIC_MODELS: dict[str, type[BaseModel]] = {
    "SourceDocument": SourceDocument,
    "Bill": Bill,
    "RuleHit": RuleHit,
    "ClauseScore": ClauseScore,
    "Assessment": Assessment,
}
