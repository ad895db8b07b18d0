"""The screening questionnaire as data: ``rules/*.yaml`` validated, compiled and matched.

``yamlio`` reads YAML that people write (line numbers, no duplicate keys, bounded aliases; shared
with the answers file), ``schema`` holds the models and their Danish errors, ``compile`` turns
triggers into matchers, ``load`` builds a ``RuleSet``, ``matcher`` finds rule ``Finding``s.
"""

from __future__ import annotations

from .load import MANIFEST_NAMES, RuleSet, check_rules, load_rules
from .matcher import TITLE_REF, RuleMatcher, Unit, units_of
from .schema import NOT_ANSWERED, Decides, Manifest, Option, Question, RuleProblem, Suppressor, ThirdParty, Trigger

__all__ = [
    "MANIFEST_NAMES", "NOT_ANSWERED", "TITLE_REF", "Decides", "Manifest", "Option", "Question", "RuleMatcher",
    "RuleProblem", "RuleSet", "Suppressor", "ThirdParty", "Trigger", "Unit", "check_rules", "load_rules", "units_of",
]
