"""A law collection (``--lovsamling DIR``, e.g. ``../shared/bills/in-force``): the wording in force of
the provisions a bill amends or repeals by reference.

A change point such as »§ 9, stk. 1, nr. 2, ophæves.« carries no content of its own: screened
alone it is invisible. With a law collection, the provision it changes is looked up in the act in
force and scored; repealing a relational right is a relational change in the opposite direction,
amending it a relational change whose direction the wording must show. Without one, the screening
says how many such change points it could not assess.
"""

from __future__ import annotations

import csv
import re
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any, Sequence

from .models import Bill, Clause, Finding, Ref

#: Change points whose own text is shorter than this and that amend or repeal by reference hold
#: no wording of their own to judge.
OPAQUE_MAX_CHARS = 300
_FLIP = {"negativ": "positiv", "positiv": "negativ"}


def law_key(name: str) -> str:
    """'Bekendtgørelse af lov om social service' and 'lov om social service' -> 'lov om social service'."""
    t = re.sub(r"^bekendtgørelse af\s+", "", " ".join(name.lower().split()))
    t = re.sub(r"\s*\(.*$", "", t)
    t = re.sub(r",?\s*jf\..*$", "", t)
    return t.rstrip(". ")


#: A change point whose quoted words are shorter than this (»4 uger« til »6 uger«) shows the
#: change but not what it applies to.
OPAQUE_QUOTED_CHARS = 80


def _quoted_chars(text: str) -> int:
    return sum(len(m) for m in re.findall(r"»([^«]*)«", text))


def opaque_change_points(bill: Bill) -> list[Clause]:
    """Change points that repeal by reference, or amend without showing enough of the wording
    they change to judge it: »§ 86 ophæves.«, »I § 166, stk. 1, ændres »4 uger« til »6 uger«.«"""
    out = []
    for c in bill.clauses:
        if c.kind != "aendringspunkt" or c.amends is None or len(c.text) >= OPAQUE_MAX_CHARS:
            continue
        if c.action in ("ophaeves", "udgaar") or (c.action == "aendres" and _quoted_chars(c.text) < OPAQUE_QUOTED_CHARS):
            out.append(c)
    return out


class Lovsamling:
    """Acts by law name, parsed on demand (a few at a time are kept)."""

    def __init__(self, folder: Path, *, keep: int = 8) -> None:
        from .errors import InputError

        self.folder = Path(folder)
        if not self.folder.is_dir():
            raise InputError(f"Lovsamlingen {self.folder} findes ikke eller er ikke en mappe.")
        self.name = self.folder.name
        self.by_law: dict[str, Path] = {}
        self._cache: OrderedDict[Path, Bill] = OrderedDict()
        self._keep = keep
        self._lock = threading.Lock()
        titles = self._titles()
        for path in sorted(self.folder.glob("*.txt")):
            title = titles.get(path.stem)
            if title is None:
                try:
                    with path.open(encoding="utf-8") as fh:
                        title = fh.readline().strip()
                except (OSError, UnicodeDecodeError):
                    continue
            # Later files (newer consolidations sort later by year) replace earlier ones.
            self.by_law[law_key(title)] = path

    def _titles(self) -> dict[str, str]:
        manifest = self.folder / "MANIFEST.tsv"
        if not manifest.is_file():
            return {}
        with manifest.open(encoding="utf-8", newline="") as fh:
            return {row["id"]: row["title"] for row in csv.DictReader(fh, delimiter="\t") if row.get("id")}

    def act(self, law: str) -> Bill | None:
        path = self.by_law.get(law_key(law))
        if path is None:
            return None
        with self._lock:
            if path in self._cache:
                self._cache.move_to_end(path)
                return self._cache[path]
        from .errors import BundlinjeError
        from .reading import load_bill

        try:
            bill = load_bill(path)
        except BundlinjeError:
            return None
        with self._lock:
            self._cache[path] = bill
            while len(self._cache) > self._keep:
                self._cache.popitem(last=False)
        return bill

    def provision(self, law: str, ref: Ref) -> tuple[Bill, str] | None:
        """The act and the wording in force of ``ref`` in ``law`` (a Stk., a § or a numbered item)."""
        act = self.act(law)
        if act is None:
            return None
        wanted = Ref(par=ref.par, stk=ref.stk, nr=ref.nr)
        found = _find(act.provisions, wanted)
        if found is None and ref.stk is None:
            found = _find(act.provisions, Ref(par=ref.par, stk=1, nr=ref.nr))
        if found is None:
            return None
        return act, found


def _find(provisions: Sequence[Any], wanted: Ref) -> str | None:
    stack = list(provisions)
    while stack:
        node = stack.pop()
        p = node.path
        if p.inserted is None and p.par == wanted.par and p.stk == wanted.stk and p.nr == wanted.nr:
            return _full_text(node)
        stack.extend(node.children)
    return None


def _full_text(node: Any) -> str:
    parts = [node.text]
    for child in node.children:
        parts.append(_full_text(child))
    return "\n".join(p for p in parts if p)


def change_findings(screener: Any, bill: Bill, opaque: Sequence[Clause]) -> tuple[list[Finding], dict[str, str], list[str]]:
    """Model findings for change points judged by the wording they change; the wording found per
    change point; and the change points whose wording could not be found."""
    from .classifier import ClauseItem

    collection: Lovsamling = screener.lovsamling
    findings: list[Finding] = []
    amended: dict[str, str] = {}
    unassessed: list[str] = []
    targets: list[tuple[Clause, Bill, str]] = []
    for cp in opaque:
        law = cp.path.law or (cp.amends.law if cp.amends else None)
        found = collection.provision(law, cp.amends) if law and cp.amends else None
        if found is None:
            unassessed.append(cp.ref)
            continue
        act, text = found
        amended[cp.ref] = text
        targets.append((cp, act, text))
    if not targets:
        return findings, amended, unassessed
    items = [ClauseItem(clause=screener.text_passage(text), title=screener.text_passage(act.title)) for _, act, text in targets]
    clauses = [cp.model_copy(update={"text": text}) for cp, _, text in targets]
    scored = screener.scorer.score(bill, clauses, items, screener.pipeline.string)
    for (cp, act, _), f in zip(targets, scored, strict=True):
        scores = dict(f.direction_scores)
        if cp.action in ("ophaeves", "udgaar"):
            # Repealing a rule reverses its effect: a repealed restriction widens, a repealed right narrows.
            scores = {**scores, "negativ": f.direction_scores.get("positiv", 0.0), "positiv": f.direction_scores.get("negativ", 0.0)}
        else:
            # An amendment by reference: relational where the rule is, but its direction is in words
            # the change point does not show.
            scores = {d: (1.0 if d == "uafklaret" else 0.0) for d in scores}
        direction = _FLIP.get(f.direction or "", f.direction) if cp.action in ("ophaeves", "udgaar") else ("uafklaret" if f.direction else None)
        findings.append(
            f.model_copy(
                update={
                    "producer": f"{f.producer} (gældende affattelse i {act.title[:80]})",
                    "ref": cp.ref,
                    "clause_ref": cp.ref,
                    "start": cp.start,
                    "end": cp.end,
                    "direction": direction,
                    "direction_scores": scores,
                }
            )
        )
    return findings, amended, unassessed
