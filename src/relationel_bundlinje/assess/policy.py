"""The decision thresholds of the assessment, in one place, with the estimator's parameter API so
they can be searched like a model's (``get_params`` / ``set_params``).

The defaults are conservative, so that the statement never claims more than its evidence; see
``judge.py`` for how each is used.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Any


@dataclass(frozen=True)
class AssessPolicy:
    #: A classifier probability at or above this lets the clause carry a conclusion on its own.
    model_support: float = 0.5
    #: A relevance-rule hit supports its dimension only where the classifier gives the clause at
    #: least this probability (rules name the dimension, the classifier confirms the clause).
    rule_confirm: float = 0.35
    #: Where the bill's title itself names a dimension, a rule hit for it needs only this.
    title_confirm: float = 0.25
    #: A probability at or above this is strong evidence (certainty "høj" with a rule, "middel" alone).
    strong: float = 0.75
    #: A classifier flag standing alone, with no rule hit for the dimension and a best probability
    #: below this, is too weak to carry a conclusion: reported in the appendix only.
    model_only_min: float = 0.55
    #: A dimension score at or above this names the dimension for a supporting clause.
    dimension_min: float = 0.45
    #: Share of the directed clauses (negativ/positiv) that must agree for one direction; below it
    #: the direction is "blandet".
    majority: float = 0.8
    #: A clause at or above this probability always carries the conclusion for its strongest
    #: dimension: a bill with such a provision is never concluded »ingen«.
    confident: float = 0.8
    #: What a direction is counted per when dimensions and the bill are concluded: "bestemmelse"
    #: (one per § or inserted provision: an exception in stk. 2 qualifies the restriction in
    #: stk. 1 rather than outweighing it) or "stk" (one per clause).
    count_by: str = "bestemmelse"

    def get_params(self, deep: bool = True) -> dict[str, Any]:  # noqa: ARG002 - estimator signature
        return asdict(self)

    def set_params(self, **params: Any) -> AssessPolicy:
        known = {f.name for f in fields(self)}
        unknown = set(params) - known
        if unknown:
            raise ValueError(f"unknown policy parameters: {sorted(unknown)}")
        return replace(self, **params)
