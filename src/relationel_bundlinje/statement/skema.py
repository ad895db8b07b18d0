"""The row »Relationelle konsekvenser« for the sammenfattende skema.

Each column holds only what belongs there: the positive column the dimensions with provisions
judged to widen relations, the negative column those judged to restrict them (a dimension with
both appears in each, with its own provisions), and »Ingen« where there is nothing. A dimension
whose direction cannot be judged is named once, in the negative column, as a possible
consequence — it is the column a reader checks for risks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..danish import join
from ..models import Assessment, Bill, SkemaRow
from .refs import describe_outer
from .wording import POSSIBILITY

if TYPE_CHECKING:
    from .section import Names


def _entry(text: str, refs: list[str], groups: list[str], bill: Bill) -> str:
    who = f" for {groups[0]}" if groups else ""
    where = f" ({describe_outer(refs, bill)})" if refs else ""
    return f"{text}{who}{where}"


def skema_row(a: Assessment, bill: Bill, names: "Names") -> SkemaRow:
    direction_of = {c.ref: c.direction for c in a.clauses}
    positive: list[str] = []
    negative: list[str] = []
    for d in a.dimensions:
        if not d.relevant:
            continue
        groups = names.of(d.groups)
        if d.decided_by_user:
            pos_refs = d.refs if d.direction in ("positiv", "blandet") else []
            neg_refs = d.refs if d.direction in ("negativ", "blandet") else []
        else:
            pos_refs = [r for r in d.refs if direction_of.get(r) in ("positiv", "blandet")]
            neg_refs = [r for r in d.refs if direction_of.get(r) in ("negativ", "blandet")]
        possibility = POSSIBILITY[d.id]
        if pos_refs:
            positive.append(_entry(f"bedre mulighed for {possibility}", pos_refs, groups, bill))
        if neg_refs:
            negative.append(_entry(f"ringere mulighed for {possibility}", neg_refs, groups, bill))
        if not pos_refs and not neg_refs:
            negative.append(_entry(f"mulig betydning for muligheden for {possibility}, afhængigt af anvendelsen", d.refs, groups, bill))
    return SkemaRow(positive=_cell(positive), negative=_cell(negative))


def _cell(entries: list[str]) -> str:
    if not entries:
        return "Ingen"
    text = "; ".join(entries) + "."
    return text[:1].upper() + text[1:]
