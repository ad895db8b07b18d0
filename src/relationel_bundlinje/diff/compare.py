"""Two versions screened once each, and each change judged from the clause assessments of its old
and new provision. Facts only: the Danish wording is in ``synopsis``.

A change is relational when its old or its new provision carries a conclusion (``supports``).
Its direction is what the change does, not what the provision does:

* a new relational provision works in its own direction;
* a removed one in the opposite direction — removing a restriction widens relations, removing a
  right narrows them;
* a changed one in the new provision's direction where that is known (a provision that turns from
  restricting to widening is a widening change); where only the old one was relational, the
  change removed what it did, so the opposite direction again;
* a provision that is only renumbered changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from ..dimensions import DIMENSION_IDS
from ..errors import InputError
from ..models import Assessment, Bill, ClauseAssessment
from .align import Change, changes

#: The direction of removing a provision that worked in a direction.
OPPOSITE = {"negativ": "positiv", "positiv": "negativ", "blandet": "blandet", "uafklaret": "uafklaret"}


@dataclass(frozen=True)
class Side:
    """What the relational provisions of one side of a change do (None: not relational)."""

    dimensions: tuple[str, ...]
    direction: str | None


NONE = Side((), None)


@dataclass(frozen=True)
class ChangeAssessment:
    flagged: bool
    dimensions: tuple[str, ...]
    direction: str | None
    old: Side
    new: Side


@dataclass
class JudgedChange:
    change: Change
    assessment: ChangeAssessment


@dataclass
class Comparison:
    old_bill: Bill
    new_bill: Bill
    old: Assessment
    new: Assessment
    changes: list[JudgedChange]

    @property
    def relational(self) -> list[JudgedChange]:
        return [c for c in self.changes if c.assessment.flagged]


def combine(clauses: Sequence[ClauseAssessment]) -> Side:
    """The relational side of a § or a clause: dimensions of its supporting clauses, one direction."""
    supporting = [c for c in clauses if c.supports]
    if not supporting:
        return NONE
    dims = {d for c in supporting for d in c.dimensions}
    directions = {c.direction for c in supporting if c.direction}
    directed = directions & {"negativ", "positiv"}
    if "blandet" in directions or len(directed) == 2:
        direction = "blandet"
    elif directed:
        direction = directed.pop()
    else:
        direction = "uafklaret"
    return Side(tuple(d for d in DIMENSION_IDS if d in dims), direction)


def judge(change: Change, old: Side, new: Side) -> ChangeAssessment:
    if change.kind == "renumbered":
        return ChangeAssessment(False, (), None, old, new)
    if change.kind == "added":
        return ChangeAssessment(new.direction is not None, new.dimensions, new.direction, old, new)
    if change.kind == "removed":
        direction = OPPOSITE[old.direction] if old.direction else None
        return ChangeAssessment(old.direction is not None, old.dimensions, direction, old, new)
    if new.direction is None and old.direction is None:
        return ChangeAssessment(False, (), None, old, new)
    dims = tuple(d for d in DIMENSION_IDS if d in set(old.dimensions) | set(new.dimensions))
    direction = new.direction if new.direction is not None else OPPOSITE[old.direction]  # type: ignore[index]
    return ChangeAssessment(True, dims, direction, old, new)


def _by_ref(assessment: Assessment) -> dict[str, ClauseAssessment]:
    return {c.ref: c for c in assessment.clauses}


def _side(unit, clauses: dict[str, ClauseAssessment]) -> Side:
    if unit is None:
        return NONE
    return combine([clauses[c.ref] for c in unit.clauses if c.ref in clauses])


def compare(old_path: Path, new_path: Path, screener: Any, *, fixed_date: str | None = None) -> Comparison:
    """Screen both versions (once each) and judge every change between them."""
    from ..output import same_file

    old_path, new_path = Path(old_path), Path(new_path)
    if same_file(old_path, new_path):
        raise InputError("GAMMEL og NY er den samme fil. Angiv to versioner af lovforslaget.")
    old_bill = screener.parse(old_path)
    new_bill = screener.parse(new_path)
    old = screener.screen(old_bill, fixed_date=fixed_date, all_clauses=True)
    new = screener.screen(new_bill, fixed_date=fixed_date, all_clauses=True)
    old_clauses, new_clauses = _by_ref(old), _by_ref(new)
    judged = []
    for change in changes(old_bill, new_bill):
        a = judge(change, _side(change.old, old_clauses), _side(change.new, new_clauses))
        judged.append(JudgedChange(change, a))
    return Comparison(old_bill, new_bill, old, new, judged)
