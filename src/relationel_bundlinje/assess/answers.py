"""What the screening answers decide: a lawyer's answers per dimension, read through what each
question says it decides (``Question.decides`` in the rules), never guessed from option ids."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

from ..dimensions import DIRECTIONS
from ..models import AnswerRecord

NOT_ANSWERED = "ikke besvaret"
_UNANSWERED = frozenset({NOT_ANSWERED, "ikke_besvaret", "ved_ikke", ""})


@dataclass(frozen=True)
class QuestionInfo:
    """What the judge needs of a question: the dimensions it concerns and what it decides."""

    dimensions: tuple[str, ...]
    decides: str


@dataclass
class UserDecision:
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
    order = list(dict.fromkeys([a.question_id for a in proposed] + [a.question_id for a in given]))
    return [by_id[q] for q in order]


def answered(answer: AnswerRecord) -> bool:
    return answer.answer.strip().lower() not in _UNANSWERED


def user_decisions(answers: Sequence[AnswerRecord], questions: Mapping[str, QuestionInfo]) -> dict[str, UserDecision]:
    """A lawyer's answers per dimension. Screening questions are narrow, so one "ja" (or a
    direction) to any question of a dimension makes it relevant; only "nej" (or direction
    "ingen") to all of them makes it not relevant. Answers on scope, duration, mitigation or
    groups decide nothing here."""
    decisions: dict[str, UserDecision] = {}
    for answer in answers:
        info = questions.get(answer.question_id)
        if answer.source != "bruger" or info is None or not answered(answer):
            continue
        if info.decides not in ("relevans", "retning"):
            continue
        value = answer.answer.strip().lower()
        for dim in info.dimensions:
            decision = decisions.setdefault(dim, UserDecision())
            decision.questions.append(answer.question_id)
            decision.refs.extend(answer.refs)
            if value in ("nej", "ingen"):
                if decision.relevant is None:
                    decision.relevant = False
            elif value == "ja":
                decision.relevant = True
            elif value in DIRECTIONS:
                decision.relevant = True
                if decision.direction in (None, value):
                    decision.direction = value
                else:
                    decision.direction = "blandet"
    return decisions
