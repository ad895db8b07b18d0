"""Act records -> the audit: restrictive provisions ranked by score, grouped by dimension and by
act, with counts per dimension and per ministry area. Facts only; wording is in ``report``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

from ..dimensions import DIMENSION_IDS, DIMENSION_LABELS
from .areas import AREA_LABELS, AREAS, OTHER, area_of
from .record import ActRecord
from .weights import score


@dataclass(frozen=True)
class Row:
    """One restrictive provision of the ranking."""

    document: str
    title: str
    ref: str
    dimensions: tuple[str, ...]
    direction: str
    score: float
    text: str
    area: str
    probability: float
    certainty: str
    cues: tuple[str, ...]
    mechanisms: tuple[str, ...]
    start: int
    end: int

    def as_json(self) -> dict:
        """The row as the JSON report gives it: the agreed keys first, then the basis of the score."""
        return {
            "document": self.document,
            "title": self.title,
            "ref": self.ref,
            "dimensions": list(self.dimensions),
            "direction": self.direction,
            "score": self.score,
            "text": self.text,
            "dimension_labels": [DIMENSION_LABELS[d] for d in self.dimensions],
            "area": self.area,
            "probability": self.probability,
            "certainty": self.certainty,
            "cues": list(self.cues),
            "mechanisms": list(self.mechanisms),
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class ActSummary:
    document: str
    title: str
    area: str
    restrictive: int
    top_score: float
    refs: tuple[str, ...]  # its restrictive provisions, best first


@dataclass(frozen=True)
class DimensionCount:
    dimension: str
    restrictive: int  # restrictive provisions naming the dimension
    supporting: int  # all provisions that carry a conclusion for it, whatever their direction
    acts: int  # acts with at least one restrictive provision in it


@dataclass(frozen=True)
class AreaCount:
    area: str
    acts: int
    acts_restrictive: int
    restrictive: int


@dataclass
class Audit:
    acts: int
    refused: list[tuple[str, str]]  # (document, reason)
    ranked: list[Row]
    by_act: list[ActSummary]
    dimensions: list[DimensionCount]
    areas: list[AreaCount]
    versions: dict[str, str] = field(default_factory=dict)

    @property
    def screened(self) -> int:
        return self.acts - len(self.refused)

    def rows_of(self, dimension: str) -> list[Row]:
        return [r for r in self.ranked if dimension in r.dimensions]


def rank(records: Iterable[ActRecord], titles: Mapping[str, str] | None = None) -> Audit:
    """The audit of these acts; ``titles`` (document -> title, from a manifest) win over the titles
    the parser found. Ties are broken by document and position, so the order is reproducible."""
    titles = titles or {}
    records = list(records)
    rows: list[Row] = []
    refused: list[tuple[str, str]] = []
    area_acts: dict[str, int] = {}
    area_restrictive_acts: dict[str, int] = {}
    area_rows: dict[str, int] = {}
    supporting: dict[str, int] = {d: 0 for d in DIMENSION_IDS}
    versions: dict[str, str] = {}
    for rec in records:
        versions.setdefault("model", rec.model_version)
        versions.setdefault("rules", rec.rules_version)
        if rec.refused is not None:
            refused.append((rec.document, rec.refused))
            continue
        title = titles.get(rec.document) or rec.title or rec.document
        area = area_of(title)
        area_acts[area] = area_acts.get(area, 0) + 1
        for d, n in rec.supporting.items():
            supporting[d] = supporting.get(d, 0) + n
        for c in rec.restrictive:
            rows.append(Row(
                document=rec.document, title=title, ref=c.ref, dimensions=tuple(c.dimensions), direction=c.direction,
                score=score(c.probability, c.certainty, c.direction, c.cues, c.mechanisms, c.dimensions),
                text=c.text, area=area, probability=c.probability, certainty=c.certainty, cues=tuple(c.cues),
                mechanisms=tuple(c.mechanisms), start=c.start, end=c.end,
            ))
        if rec.restrictive:
            area_restrictive_acts[area] = area_restrictive_acts.get(area, 0) + 1
            area_rows[area] = area_rows.get(area, 0) + len(rec.restrictive)
    rows.sort(key=lambda r: (-r.score, r.document, r.start, r.ref))

    per_act: dict[str, list[Row]] = {}
    for r in rows:
        per_act.setdefault(r.document, []).append(r)
    by_act = sorted(
        (ActSummary(doc, rs[0].title, rs[0].area, len(rs), rs[0].score, tuple(r.ref for r in rs)) for doc, rs in per_act.items()),
        key=lambda a: (-a.restrictive, -a.top_score, a.document),
    )
    dimensions = [
        DimensionCount(d, sum(1 for r in rows if d in r.dimensions), supporting.get(d, 0),
                       len({r.document for r in rows if d in r.dimensions}))
        for d in DIMENSION_IDS
    ]
    order = [a for a, _, _ in AREAS] + [OTHER[0]]
    areas = [
        AreaCount(a, area_acts.get(a, 0), area_restrictive_acts.get(a, 0), area_rows.get(a, 0))
        for a in order if area_acts.get(a, 0)
    ]
    return Audit(acts=len(records), refused=refused, ranked=rows, by_act=by_act, dimensions=dimensions, areas=areas,
                 versions=versions)


__all__ = ["AREA_LABELS", "ActSummary", "AreaCount", "Audit", "DimensionCount", "Row", "rank"]
