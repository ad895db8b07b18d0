"""Findings + answers + policy -> ``Assessment``: the judge, its thresholds and answer semantics."""

from __future__ import annotations

from .answers import NOT_ANSWERED, QuestionInfo, UserDecision, answered, merge_answers, user_decisions
from .judge import TITLE_REF, Context, GroupPattern, assess, combine, group_patterns, split_rule_hits
from .policy import AssessPolicy

__all__ = [
    "NOT_ANSWERED", "TITLE_REF", "AssessPolicy", "Context", "GroupPattern", "QuestionInfo", "UserDecision",
    "answered", "assess", "combine", "group_patterns", "merge_answers", "split_rule_hits", "user_decisions",
]
