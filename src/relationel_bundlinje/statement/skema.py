"""The row »Relationelle konsekvenser« for the sammenfattende skema.

Each column holds only what belongs there: the positive column the dimensions with provisions
judged to widen relations, the negative column those judged to restrict them (a dimension with
both appears in each, with its own provisions), and »Ingen« where there is nothing. A dimension
whose direction cannot be judged is named once, in the negative column, as a possible
consequence (»… kan få bedre eller ringere mulighed for …«) — it is the column a reader checks for
risks.
"""

from __future__ import annotations

from ..danish import closed, join
from ..models import Assessment, Bill, SkemaRow
from .names import Names
from .refs import describe_outer
from .wording import clause_texts, split_by_wording, the_provisions


def _entry(kind: str, what: str, refs: list[str], groups: list[str], bill: Bill) -> str:
    """»Indsatte og deres børn, partnere og øvrige pårørende får ringere mulighed for at … (lovens
    § 49 a)«: the people first, so they are not read as part of the possibility's last words."""
    where = f" ({describe_outer(refs, bill)})" if refs else ""
    if kind == "mulig":
        change = "bedre eller ringere mulighed for"
        tail = f", afhængigt af, hvordan {the_provisions(refs)} anvendes"
    else:
        change, tail = f"{kind} mulighed for", ""
    if groups:
        who = closed(groups[0])
        return f"{who} kan få {change} {what}{tail}{where}" if kind == "mulig" else f"{who} får {change} {what}{where}"
    return f"{change} {what}{tail}{where}"


def skema_row(a: Assessment, bill: Bill, names: Names) -> SkemaRow:
    direction_of = {c.ref: c.direction for c in a.clauses}
    texts = clause_texts(a)
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
            # The lawyer's direction decides the column, with or without provisions named.
            plan = [(column, kind, list(d.refs)) for column, kind, ways in
                    (("positive", "bedre", ("positiv", "blandet")), ("negative", "ringere", ("negativ", "blandet")))
                    if d.direction in ways]
        else:
            plan = [(column, kind, refs) for column, kind, refs in
                    (("positive", "bedre", central([r for r in d.refs if direction_of.get(r) in ("positiv", "blandet")])),
                     ("negative", "ringere", central([r for r in d.refs if direction_of.get(r) in ("negativ", "blandet")])))
                    if refs]
        # Visiting provisions beside others take their own wording, so each keeps its own entry.
        for column, kind, refs in plan or [("negative", "mulig", list(d.refs))]:
            for (words,), part in split_by_wording([d.id], refs, texts):
                add(column, kind, part, words, groups)
    # Entries for the same people and the same way are one: »Indsatte … får ringere mulighed for at
    # A (§ 1) og at B (§ 2)«, each possibility with its own provisions.
    # A possible consequence, or one without people named, stays its own entry (keyed by its provisions).
    merged: dict[tuple[str, str, object], list[tuple[str, list[str], list[str]]]] = {}
    for (column, kind, refs), (possibilities, groups) in entries.items():
        key = (column, kind, groups[0] if groups and kind != "mulig" else refs)
        merged.setdefault(key, []).append((join(possibilities, last="og"), list(refs), groups))
    columns: dict[str, list[str]] = {"positive": [], "negative": []}
    for (column, kind, _), parts in merged.items():
        if len(parts) == 1:
            what, refs, groups = parts[0]
            columns[column].append(_entry(kind, what, refs, groups, bill))
            continue
        pieces = [f"{what} ({describe_outer(refs, bill)})" for what, refs, _ in parts]
        columns[column].append(_entry(kind, join(pieces, last="og"), [], parts[0][2], bill))
    return SkemaRow(positive=_cell(columns["positive"]), negative=_cell(columns["negative"]))


def _cell(entries: list[str]) -> str:
    if not entries:
        return "Ingen"
    text = "; ".join(entries) + "."
    return text[:1].upper() + text[1:]
