"""The row »Relationelle konsekvenser« for the sammenfattende skema.

Each column holds only what belongs there: the positive column the dimensions with provisions
judged to widen relations, the negative column those judged to restrict them (a dimension with
both appears in each, with its own provisions), and »Ingen« where there is nothing. A dimension
whose direction cannot be judged is named once, in the negative column, as a possible
consequence — it is the column a reader checks for risks.
"""

from __future__ import annotations

from ..danish import join
from ..models import Assessment, Bill, SkemaRow
from .names import Names
from .refs import describe_outer
from .wording import POSSIBILITY


def _entry(text: str, refs: list[str], groups: list[str], bill: Bill) -> str:
    who = f" for {groups[0]}" if groups else ""
    where = f" ({describe_outer(refs, bill)})" if refs else ""
    return f"{text}{who}{where}"


def skema_row(a: Assessment, bill: Bill, names: Names) -> SkemaRow:
    direction_of = {c.ref: c.direction for c in a.clauses}
    # (column, kind, provisions) -> the possibilities and groups of the dimensions resting on them:
    # dimensions on the same provisions share one entry, as they share a paragraph in the section.
    entries: dict[tuple[str, str, tuple[str, ...]], tuple[list[str], list[str]]] = {}

    def add(column: str, kind: str, refs: list[str], possibility: str, groups: list[str]) -> None:
        possibilities, who = entries.setdefault((column, kind, tuple(refs)), ([], []))
        possibilities.append(possibility)
        who.extend(g for g in groups if g not in who)

    # The provisions most central first (highest score, then the act's order), as the section cites them.
    score = {c.ref: c.score for c in a.clauses}
    position = {c.ref: i for i, c in enumerate(a.clauses)}

    def central(refs: list[str]) -> list[str]:
        return sorted(refs, key=lambda r: (-score.get(r, 0.0), position.get(r, 0)))

    for d in a.dimensions:
        if not d.relevant:
            continue
        groups = names.of(d.groups)
        if d.decided_by_user:
            pos_refs = d.refs if d.direction in ("positiv", "blandet") else []
            neg_refs = d.refs if d.direction in ("negativ", "blandet") else []
        else:
            pos_refs = central([r for r in d.refs if direction_of.get(r) in ("positiv", "blandet")])
            neg_refs = central([r for r in d.refs if direction_of.get(r) in ("negativ", "blandet")])
        possibility = POSSIBILITY[d.id]
        if pos_refs:
            add("positive", "bedre", pos_refs, possibility, groups)
        if neg_refs:
            add("negative", "ringere", neg_refs, possibility, groups)
        if not pos_refs and not neg_refs:
            add("negative", "mulig", d.refs, possibility, groups)
    columns: dict[str, list[str]] = {"positive": [], "negative": []}
    for (column, kind, refs), (possibilities, groups) in entries.items():
        what = join(possibilities, last="og")
        text = f"mulig betydning for muligheden for {what}, afhængigt af anvendelsen" if kind == "mulig" else f"{kind} mulighed for {what}"
        columns[column].append(_entry(text, list(refs), groups, bill))
    return SkemaRow(positive=_cell(columns["positive"]), negative=_cell(columns["negative"]))


def _cell(entries: list[str]) -> str:
    if not entries:
        return "Ingen"
    text = "; ".join(entries) + "."
    return text[:1].upper() + text[1:]
