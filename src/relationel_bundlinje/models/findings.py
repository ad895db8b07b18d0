"""One type for every signal about a clause: a rule hit, a model score, a lawyer's verdict.

Every finding carries the span it rests on and what produced it, so a reviewer can always open the
evidence in the bill's text and see where it came from.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ..dimensions import DimensionId, Direction
from .document import Model

FindingSource = Literal["regel", "model", "jurist"]
Verdict = Literal["accepted", "rejected", "corrected"]


class Feature(Model):
    """One feature behind a model score, in words a lawyer recognises."""

    term: str
    weight: float


class Finding(Model):
    """Evidence that a clause (or remark, or the title) bears on relations."""

    source: FindingSource
    producer: str = Field(description="What produced it: 'regler 2026.12.3', 'model 3f2a…', 'jurist <navn>'.")
    ref: str = Field(description="The clause (or 'Titel', or a remark) the finding stands in.")
    clause_ref: str | None = Field(default=None, description="The clause it concerns; for a remark, the clause it explains.")
    start: int = Field(description="Start of the evidence in Bill.text.")
    end: int
    text: str = Field(description="The evidence: matched words for a rule, the clause for a model score.")
    in_remark: bool = False
    dimensions: list[DimensionId] = Field(default_factory=list)
    direction: Direction | None = None
    score: float | None = Field(default=None, description="Model: calibrated probability that the clause is relational.")
    dimension_scores: dict[str, float] = Field(default_factory=dict)
    direction_scores: dict[str, float] = Field(default_factory=dict)
    features: list[Feature] = Field(default_factory=list)
    cues: list[str] = Field(default_factory=list, description="Model: direction cues found in the clause.")
    question_id: str | None = Field(default=None, description="Rule: the screening question it answers.")
    trigger_id: str | None = None
    suggests: str | None = Field(default=None, description="Rule: the answer option the trigger points to.")
    verdict: Verdict | None = Field(default=None, description="Lawyer: the verdict on the tool's finding.")
    reviewer: str | None = None
    note: str | None = None
