"""A fitted classifier applied to a bill: model ``Finding``s with scores, dimensions, direction and
the words behind each score.

``items_for`` builds each clause's item from token arrays (the clause, its § 's first Stk., the
clauses it cites, the title and the chapter heading) — the same way training builds them from the
corpus documents, so the model sees at inference exactly what it was trained on.
"""

from __future__ import annotations

import re

from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from ..danish import truncate
from ..dimensions import DIMENSION_IDS, DIRECTIONS
from ..models import Bill, Clause, Feature, Finding
from ..nlp import NUMBER_TOKEN
from .cues import CUE_WORDS, decide_direction, decision_cues
from .estimator import RelationalClassifier
from .features import ClauseItem, Passage, char_grams
from .persist import load_model

#: Words a lawyer recognises for the mechanism features.
MECHANISM_WORDS = {
    "sted": "hvor man bor eller opholder sig",
    "tid": "tid til relationer",
    "baand": "familiebånd og nære relationer",
    "kanal": "kontakt og besøg",
    "arena": "fællesskaber, skole og uddannelse",
    "midler": "økonomiske midler",
    "procedure": "sagsbehandling og procedure",
}
TOP_TERMS = 6


def item_for(
    clause: Clause,
    passages: Mapping[str, Passage],
    title: Passage,
    heading_of: Callable[[Clause], Passage],
) -> ClauseItem:
    """One clause's item from the passages of the bill's clauses (by reference)."""
    lead = passages.get(clause.lead_ref) if clause.lead_ref else None
    cited = [passages[r] for r in clause.cited_refs if r in passages]
    references = (
        Passage(np.concatenate([p.lemmas for p in cited]), "\n".join(p.text for p in cited)) if cited else Passage.empty()
    )
    return ClauseItem(
        clause=passages[clause.ref],
        lead=lead or Passage.empty(),
        references=references,
        title=title,
        heading=heading_of(clause),
    )


#: A consolidated act's placeholder for a repealed provision.
REPEALED = re.compile(r"\s*(?:§\s*\d+(?:\s?[a-zæøå])?\.|Stk\.\s*\d+\.)?\s*\((?:Ophævet|Udgået)\)\.?\s*", re.IGNORECASE)


class ClauseScorer:
    """The shipped (or a given) model, ready to score a bill's clauses. Read-only; thread-safe."""

    def __init__(self, model: RelationalClassifier, meta: dict[str, Any]) -> None:
        self.model = model
        self.meta = meta
        self.version = str(meta.get("version", "ukendt"))
        self.threshold = model.threshold_
        self.producer = f"model {self.version}"

    @classmethod
    def load(cls, folder: Path) -> ClauseScorer:
        model, meta = load_model(folder)
        return cls(model, meta)

    def score(
        self,
        bill: Bill,
        clauses: Sequence[Clause],
        items: Sequence[ClauseItem],
        string_of: Callable[[int], str],
    ) -> list[Finding]:
        if not clauses:
            return []
        X = self.model.transform(items, string_of)
        p = self.model.proba_from_matrix(X)
        dims = self.model.dimension_scores(X)
        names = self.model.named_dimensions(dims)
        dirs = self.model.direction_scores(X)
        out: list[Finding] = []
        for i, clause in enumerate(clauses):
            if REPEALED.fullmatch(clause.text):
                # »§ 6 a. (Ophævet)«: a provision that no longer says anything says nothing relational.
                p[i] = 0.0
            flagged = bool(p[i] >= self.threshold)
            dscores = {d: round(float(dims[i, j]), 4) for j, d in enumerate(DIMENSION_IDS)}
            named = names[i]
            rscores = {d: round(float(dirs[i, j]), 4) for j, d in enumerate(DIRECTIONS)}
            cues = list(decision_cues(clause.text))
            direction = decide_direction(dict(zip(DIRECTIONS, dirs[i].tolist())), cues)
            out.append(
                Finding(
                    source="model",
                    producer=self.producer,
                    ref=clause.ref,
                    clause_ref=clause.ref,
                    start=clause.start,
                    end=clause.end,
                    text=truncate(clause.text, 160),
                    dimensions=named if flagged else [],
                    direction=direction,
                    score=round(float(p[i]), 4),
                    dimension_scores=dscores,
                    direction_scores=rscores,
                    features=self._explain(X, i, items[i], string_of) if flagged else [],
                    cues=[CUE_WORDS[c] for c in cues],
                )
            )
        return out

    def _explain(self, X, i: int, item: ClauseItem, string_of: Callable[[int], str]) -> list[Feature]:
        """The features that raised this clause's score most, as words a lawyer reads."""
        row = X.getrow(i)
        idx, val = row.indices, row.data
        contrib = val * self.model.coef_[idx]
        keep = contrib > 0
        idx, contrib = idx[keep], contrib[keep]
        order = np.argsort(-contrib, kind="stable")[: 10 * TOP_TERMS]
        words = sorted({string_of(h) for h in item.clause.lemmas.tolist()} - {"<tal>"}, key=lambda w: (len(w), w))
        totals: dict[str, float] = {}
        fz = self.model.featurizer_
        for k in order.tolist():
            block, term = fz.feature_term(int(idx[k]))
            if block == "tegn":
                gram = term.strip()
                term = next((w for w in words if len(w) >= 4 and gram in w), gram)
            elif block.endswith("mekanisme"):
                term = MECHANISM_WORDS.get(term, term)
            elif block.endswith("retning"):
                term = CUE_WORDS.get(term, term)
            elif NUMBER_TOKEN in term:
                term = _number_term(term)
            if block.startswith("stk1_"):
                term = f"{term} (stk. 1)"
            elif block.startswith("henvisning_"):
                term = f"{term} (henvisning)"
            elif block.startswith("titel_"):
                term = f"{term} (titlen)"
            elif block.startswith("overskrift_"):
                term = f"{term} (overskriften)"
            if term:
                totals[term] = totals.get(term, 0.0) + float(contrib[k])
        best = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_TERMS]
        return [Feature(term=t, weight=round(w, 4)) for t, w in best]


#: What makes a number mean something on its own: a unit (an amount, an age, a duration) or a bound.
_NUMBER_COMPANIONS = frozenset({"kr.", "pct.", "år", "måned", "uge", "dag", "time", "højst", "mindst", "under", "over", "indtil"})


def _number_term(term: str) -> str:
    """A word n-gram with a number, as a lawyer reads it: »højst x«, »x kr.«, »x år«; an empty string
    (not shown) where the number's companion says nothing with it (»<tal> en«, »<tal> hjælp«, the
    number of a provision cited)."""
    others = term.replace(NUMBER_TOKEN, " ").split()
    if not others or not all(w in _NUMBER_COMPANIONS for w in others):
        return ""
    return term.replace(NUMBER_TOKEN, "x")


__all__ = ["ClauseScorer", "MECHANISM_WORDS", "char_grams", "item_for"]
