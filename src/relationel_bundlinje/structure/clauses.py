"""The provision tree -> ``Provision`` models and the clauses that are scored and labelled.

A clause is a Stk., a § without Stk., or one change point (split into its quoted Stk. where it
inserts several). Each clause also learns here what a reader needs beside it: the provision of
the amended law a change point changes (``amends``), its § 's first Stk. (``lead_ref``) and the
clauses of the same bill it cites (``cited_refs``).
"""

from __future__ import annotations

import re

from ..models import Clause, Provision, Ref
from .provisions import Node

#: "4. § 148, stk. 2, affattes således:" / "2. I § 137 b, stk. 1, ændres …" / "5. § 86 ophæves."
_AMENDED = re.compile(
    r"^\d{1,5}\.\s+(?:I\s+)?§\s?(?P<par>\d{1,5}(?: ?[a-zæøå](?![a-zæøå]))?)(?:, stk\. (?P<stk>\d{1,4}))?"
    r"(?:, (?:\d{1,3}\. pkt\., )?nr\. (?P<nr>\d{1,4}))?,?\s"
)
# "§ 12", "§ 12 a", "§ 12, stk. 2", "§§ 12-14" (the first), and "stk. 1" within the same §.
_PAR_REF = re.compile(r"§§?\s*(\d{1,5}(?:\s[a-zæøå](?![a-zæøå]))?)(?:,\s*stk\.\s*(\d{1,4}))?")
_STK_REF = re.compile(r"(?<![,§\w]\s)(?<!§ )\bstk\.\s*(\d{1,4})\b")
# A reference followed by "i lov om …", "i straffeloven", "i retsplejeloven" or an act named in the
# genitive ("i barnets lov") points into another act.
_EXTERNAL = re.compile(
    r"^[\s,]*(?:(?:nr\.|litra|pkt\.)\s*\S+\s*,?\s*)*(?:og\s+[^,.;]{0,40}?\s)?i\s+(?:lov\s|[a-zæøå]*lov(?:en|ens)?\b|"
    r"[a-zæøå]+s\s+lov\b|"
    r"[a-zæøå]*bekendtgørelse|forordning|direktiv|traktat|konvention|grundloven)",
    re.IGNORECASE,
)
#: Clauses of the same bill one clause may cite in its context (the first ones named).
MAX_CITED = 2


def to_provision(node: Node, text: str) -> Provision:
    own_end = node.end
    if node.children:
        own_end = min(c.start for c in node.children) - 1
    own = text[node.start : max(own_end, node.start)].rstrip()
    return Provision(
        kind=node.kind,  # type: ignore[arg-type]
        label=node.label,
        ref=node.ref,
        path=node.path,
        text=own,
        start=node.start,
        end=node.start + len(own),
        chapter=node.chapter,
        action=node.action,  # type: ignore[arg-type]
        quoted=node.quoted,
        children=[to_provision(c, text) for c in node.children],
    )


def _amended(node: Node, text: str) -> Ref | None:
    if node.kind != "aendringspunkt":
        return None
    m = _AMENDED.match(text[node.start : node.start + 300])
    if m is None:
        return None
    return Ref(par=" ".join(m["par"].split()), stk=int(m["stk"]) if m["stk"] else None, nr=m["nr"], law=node.path.law)


def build_clauses(top: list[Node], text: str, chapters: dict[str, str | None]) -> list[Clause]:
    out: list[Clause] = []

    def add(node: Node, path: Ref, kind: str, start: int, end: int, chapter: str | None) -> None:
        body = text[start:end].strip()
        if body:
            out.append(
                Clause(
                    ref=str(path),
                    path=path,
                    text=body,
                    start=start,
                    end=start + len(text[start:end].rstrip()),
                    kind=kind,  # type: ignore[arg-type]
                    chapter=chapter,
                    chapter_heading=chapters.get(chapter) if chapter else None,
                    action=node.action if node.kind == "aendringspunkt" else None,  # type: ignore[arg-type]
                    amends=_amended(node, text),
                )
            )

    for par in top:
        if par.amending:
            for cp in par.children:
                if cp.kind != "aendringspunkt":
                    continue
                pieces: list[tuple[Ref, int, int]] = []
                for q in cp.children:
                    stks = [c for c in q.children if c.kind == "stk"]
                    if not stks:
                        pieces.append((q.path, q.start, q.end))
                        continue
                    if stks[0].start > q.start:
                        first = q.path.model_copy(update={"inserted": q.path.inserted.model_copy(update={"stk": 1})})  # type: ignore[union-attr]
                        pieces.append((first, q.start, stks[0].start - 1))
                    pieces.extend((s.path, s.start, s.end) for s in stks)
                if len(pieces) <= 1:
                    # One quoted provision: the clause is the change point, referred to as lawyers
                    # do, with the provision it inserts or words anew ("§ 1, nr. 4 (§ 148, stk. 2)").
                    path = pieces[0][0] if pieces and pieces[0][0].inserted is not None else cp.path
                    add(cp, path, "aendringspunkt", cp.start, cp.end, par.chapter)
                    continue
                # A change point that inserts several Stk. or §§: one clause each; the first keeps
                # the instruction line ("3. Efter § 137 c indsættes:") as its context.
                for i, (path, start, end) in enumerate(pieces):
                    add(cp, path, "stk", cp.start if i == 0 else start, end, par.chapter)
            continue
        stks = [c for c in par.children if c.kind == "stk"]
        if not stks:
            add(par, par.path, "paragraf", par.start, par.end, par.chapter)
            continue
        first = stks[0]
        if first.label != "Stk. 1" and first.start > par.start:
            add(par, par.path.model_copy(update={"stk": 1}), "stk", par.start, first.start - 1, par.chapter)
        for s in stks:
            add(s, s.path, "stk", s.start, s.end, par.chapter)
    out.sort(key=lambda c: c.start)
    return _with_context_links(out)


def _with_context_links(clauses: list[Clause]) -> list[Clause]:
    """Each clause with its § 's first Stk. and the clauses of the same bill it cites."""
    by_ref: dict[str, Clause] = {}
    first_of_par: dict[str, Clause] = {}
    for clause in clauses:
        provision = clause.path.provision
        par = f"§ {provision.par}"
        key = str(provision.model_copy(update={"law": None, "nr": None, "item": None}))
        by_ref.setdefault(key, clause)
        first_of_par.setdefault(par, clause)
        if provision.stk is None:
            by_ref.setdefault(f"{par}, stk. 1", clause)
    out: list[Clause] = []
    for clause in clauses:
        provision = clause.path.provision
        par = f"§ {provision.par}"
        lead = None
        if provision.stk not in (None, 1):
            candidate = first_of_par.get(par)
            if candidate is not None and candidate.ref != clause.ref:
                lead = candidate
        cited = [c for c in _cited(clause, par, by_ref, first_of_par) if lead is None or c.ref != lead.ref]
        out.append(clause.model_copy(update={"lead_ref": lead.ref if lead else None, "cited_refs": [c.ref for c in cited]}))
    return out


def _cited(clause: Clause, par: str, by_ref: dict[str, Clause], first_of_par: dict[str, Clause]) -> list[Clause]:
    text = clause.text[:20_000]
    found: list[Clause] = []

    def add(target: Clause | None) -> bool:
        if target is not None and target.ref != clause.ref and target not in found:
            found.append(target)
        return len(found) >= MAX_CITED

    for m in _PAR_REF.finditer(text):
        if m.start() == 0 or _EXTERNAL.match(text[m.end() : m.end() + 80]):
            continue  # the clause's own label, or another act's provision
        number = " ".join(m.group(1).split())
        ref = f"§ {number}" + (f", stk. {m.group(2)}" if m.group(2) else "")
        if add(by_ref.get(ref) or first_of_par.get(f"§ {number}")):
            return found
    for m in _STK_REF.finditer(text):
        if _EXTERNAL.match(text[m.end() : m.end() + 80]):
            continue
        if add(by_ref.get(f"{par}, stk. {m.group(1)}")):
            break
    return found
