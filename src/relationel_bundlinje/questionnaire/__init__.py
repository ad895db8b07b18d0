"""The screening questionnaire: the tool's proposals, and the answers file a lawyer edits.

The interactive question loop is a face and lives in ``commands/questionnaire.py``.
"""

from __future__ import annotations

from .answers_file import LoadedAnswers, load_answers_file, parse_choice, read_answers, render_answers
from .propose import is_screened_out, propose, relevant_dimensions, rule_findings_by_question

__all__ = [
    "LoadedAnswers", "is_screened_out", "load_answers_file", "parse_choice", "propose", "read_answers",
    "relevant_dimensions", "render_answers", "rule_findings_by_question",
]
