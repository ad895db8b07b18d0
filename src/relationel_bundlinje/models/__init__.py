"""Public data models: the hand-offs between the stages of the flow.

document -> ``SourceDocument`` (blocks) -> ``Bill`` (structure, with ``Ref``) -> ``Finding``
(rule hits, model scores, lawyers' verdicts) -> ``Assessment`` (judgement) -> ``Statement``
(Danish text). Stages create new objects rather than mutating what they were given.
"""

from __future__ import annotations

from pydantic import BaseModel

from .assessment import (
    AnswerRecord,
    AnswerSource,
    Assessment,
    BillSummary,
    Certainty,
    ClauseAssessment,
    Conclusion,
    DimensionAssessment,
    DimensionBasis,
    ScreeningRecord,
    SkemaRow,
    Statement,
    StatementParagraph,
    UncertaintyReason,
)
from .bill import Bill, BillKind, ChangeAction, Chapter, Clause, Provision, ProvisionKind, Ref, Remark
from .document import Block, BlockKind, Model, SourceDocument, SourceFormat, SourceInfo
from .findings import Feature, Finding, FindingSource, Verdict

PUBLIC_MODELS: dict[str, type[BaseModel]] = {
    "SourceDocument": SourceDocument,
    "Bill": Bill,
    "Finding": Finding,
    "Assessment": Assessment,
}

__all__ = [
    "AnswerRecord", "AnswerSource", "Assessment", "Bill", "BillKind", "BillSummary", "Block", "BlockKind",
    "Certainty", "ChangeAction", "Chapter", "Clause", "ClauseAssessment", "Conclusion", "DimensionAssessment",
    "DimensionBasis", "Feature", "Finding", "FindingSource", "Model", "PUBLIC_MODELS", "Provision", "ProvisionKind",
    "Ref", "Remark", "ScreeningRecord", "SkemaRow", "SourceDocument", "SourceFormat", "SourceInfo", "Statement",
    "StatementParagraph", "UncertaintyReason", "Verdict",
]
