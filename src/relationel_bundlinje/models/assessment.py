"""The judgement: per clause, per dimension and for the bill — facts only, no prose.

``assess`` produces these; ``statement`` turns them into Danish. Reasons are codes (see
``UncertaintyReason``), so the wording of a reason lives in one place, the statement.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ..dimensions import ConclusionDirection, DimensionId, Direction
from .bill import BillKind, Ref
from .document import Model
from .findings import Finding

AnswerSource = Literal["forslag", "bruger"]
Certainty = Literal["høj", "middel", "lav"]

#: Why a dimension or the conclusion is left undetermined (``uafklaret``) or uncertain.
UncertaintyReason = Literal[
    "svagt_grundlag",  # a single weak signal: a low model score, or a rule hit the model does not confirm
    "anvendelse",  # the provisions' effect depends on how they are used (work requirements, discretion)
    "modstridende",  # the provisions point both ways without a clear majority
    "retning_ukendt",  # relevant, but nothing says which way
]


class AnswerRecord(Model):
    """An answer to a screening question: proposed by the tool or given by a user."""

    question_id: str
    answer: str = Field(description="Option id, or 'ikke besvaret'.")
    source: AnswerSource
    refs: list[str] = Field(default_factory=list)
    note: str | None = None
    question: str | None = Field(default=None, description="The question's wording in the rules used.")
    labels: list[str] = Field(default_factory=list, description="The answer's options as worded in the rules.")


class ClauseAssessment(Model):
    """One clause as judged: what supports it, which dimensions, which way, how sure."""

    ref: str
    path: Ref
    text: str
    start: int
    end: int
    score: float = Field(description="The classifier's calibrated probability that the clause is relational.")
    flagged: bool = Field(description="Shown to a reviewer: the classifier flags it or a confirmed rule hit names it.")
    supports: bool = Field(default=False, description="The clause carries the conclusion for at least one dimension.")
    dimensions: list[DimensionId] = Field(default_factory=list)
    direction: Direction | None = None
    certainty: Certainty = "lav"
    findings: list[Finding] = Field(default_factory=list)
    remark_refs: list[str] = Field(default_factory=list)
    amended_text: str | None = Field(
        default=None, description="For a change point that amends or repeals by reference: the wording in force, from the law collection."
    )


class DimensionBasis(Model):
    """What a dimension's judgement rests on, by clause reference."""

    model_refs: list[str] = Field(default_factory=list, description="Clauses the classifier flags with the dimension.")
    rule_refs: list[str] = Field(default_factory=list, description="Clauses with a relevance hit for the dimension.")
    confirmed_rule_refs: list[str] = Field(default_factory=list, description="Rule hits the classifier confirms.")
    rejected_rule_refs: list[str] = Field(default_factory=list, description="Rule hits the classifier contradicts.")
    questions: list[str] = Field(default_factory=list, description="Screening questions with hits.")
    user_questions: list[str] = Field(default_factory=list, description="Questions a lawyer answered for it.")
    verdict_refs: list[str] = Field(default_factory=list, description="Clauses a lawyer's verdict decided.")
    best_score: float = 0.0


class DimensionAssessment(Model):
    id: DimensionId
    relevant: bool
    direction: Direction | None = None
    refs: list[str] = Field(default_factory=list, description="Provisions the assessment rests on.")
    direction_counts: dict[str, int] = Field(default_factory=dict, description="Directed clauses per direction.")
    groups: list[str] = Field(default_factory=list, description="Groups of people the cited provisions name.")
    certainty: Certainty
    uncertainty: UncertaintyReason | None = None
    decided_by_user: bool = False
    basis: DimensionBasis = Field(default_factory=DimensionBasis)


class BillSummary(Model):
    title: str
    kind: BillKind
    number: str | None = None
    session: str | None = None
    source_name: str
    source_sha256: str


class Conclusion(Model):
    direction: ConclusionDirection
    dimensions: list[DimensionId] = Field(default_factory=list)
    uncertain: bool = False
    reason: UncertaintyReason | None = None
    direction_counts: dict[str, int] = Field(default_factory=dict, description="Directed supporting clauses per direction.")


class ScreeningRecord(Model):
    date: str
    tool_version: str
    rules_version: str
    model_version: str
    source_name: str
    source_sha256: str
    answers_sha256: str | None = None
    answers_from_revision: bool = Field(default=False, description="The answers were given for an earlier version of the bill.")
    lovsamling: str | None = Field(default=None, description="The law collection used to read amended provisions.")


class SkemaRow(Model):
    label: str = "Relationelle konsekvenser"
    positive: str = Field(description="Column 'Positive konsekvenser/mindreudgifter'.")
    negative: str = Field(description="Column 'Negative konsekvenser/merudgifter'.")


class StatementParagraph(Model):
    dimension: DimensionId | None = None
    label: str | None = Field(default=None, description="The dimension's Danish label, printed as the paragraph's lead.")
    text: str


class Statement(Model):
    """The section »Relationelle konsekvenser« a lawyer pastes into the bill, and its skema row."""

    heading: str = "Relationelle konsekvenser"
    subject: Literal["Lovforslaget", "Loven"]
    conclusion: str
    paragraphs: list[StatementParagraph] = Field(default_factory=list)
    section_text: str = Field(description="The whole section as plain text: conclusion, then one paragraph per dimension.")
    skema_row: SkemaRow


class Assessment(Model):
    bill: BillSummary
    conclusion: Conclusion
    dimensions: list[DimensionAssessment]
    clauses: list[ClauseAssessment]
    answers: list[AnswerRecord] = Field(default_factory=list)
    unassessed_change_points: list[str] = Field(
        default_factory=list, description="Change points that amend or repeal by reference and could not be read."
    )
    record: ScreeningRecord
    statement: Statement | None = Field(default=None, description="The Danish section, composed from the judgement.")

    def dimension(self, dim: str) -> DimensionAssessment:
        return next(d for d in self.dimensions if d.id == dim)
