"""The bill's remarks: numbered general remarks (with the sammenfattende skema as a table) and the
special remarks ``Til § 1`` / ``Til nr. 3`` linked to the clauses they explain.

Linking is one dictionary lookup per clause, and a heading such as "Til nr. 1-199, 1-199, …"
expands to a bounded number of references: a hostile remark section cannot make either step
grow faster than the text.
"""

from __future__ import annotations

import re
from collections import defaultdict

from ..models import Clause, Ref, Remark
from .lines import Line
from .provisions import PAGE_NUMBER

_SPECIAL_START = re.compile(
    r"^Bemærkninger\s+til\s+(?:lovforslagets\s+)?(?:de\s+)?enkelte\s+bestemmelser\b", re.IGNORECASE
)
_GENERAL_START = re.compile(r"^Almindelige\s+bemærkninger\b", re.IGNORECASE)
_REMARK_SECTION = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){0,5})\.?\s+(\S.{0,150})$")
_TIL_PAR = re.compile(r"^Til\s+§§?\s*(.+?)\.?$")
_TIL_NR = re.compile(r"^Til\s+nr\.\s*(.+?)\.?$")
_PKT = re.compile(r"\bpkt\.\s*(\d{1,3}(?:\.\d{1,3}){0,5})")
_NUMBER = re.compile(r"\d{1,5}(?:\s?[a-zæøå](?![a-zæøå]))?")

#: Most references one "Til …" heading may name; far above any real bill ("Til nr. 1-40").
MAX_EXPANDED = 400
#: Widest range "Til nr. 2-5" expanded into its members.
MAX_RANGE = 200


def expand_numbers(spec: str) -> list[str]:
    """'2-5' -> 2,3,4,5; '1 og 4' -> 1,4; '2, 3 og 5' -> 2,3,5; '85 a' stays. Duplicates and
    anything beyond :data:`MAX_EXPANDED` numbers are dropped."""
    out: dict[str, None] = {}
    for part in re.split(r"\s*(?:,|\bog\b)\s*", spec[:2000]):
        part = part.strip().rstrip(".")
        if not part:
            continue
        m = re.fullmatch(r"(\d{1,5})\s*[-–]\s*(\d{1,5})", part)
        if m and 0 <= int(m.group(2)) - int(m.group(1)) < MAX_RANGE:
            for n in range(int(m.group(1)), int(m.group(2)) + 1):
                out.setdefault(str(n), None)
        elif _NUMBER.fullmatch(part):
            out.setdefault(" ".join(part.split()), None)
        if len(out) >= MAX_EXPANDED:
            break
    return list(out)[:MAX_EXPANDED]


def parse_remarks(text: str, lines: list[Line]) -> list[Remark]:
    remarks: list[Remark] = []
    part = "almindelige"
    current: dict | None = None
    current_par: str | None = None

    def close() -> None:
        nonlocal current
        if current is None:
            return
        end = current["end"]
        # The remark's text is its body; the heading line ("Til nr. 3") is in ``heading``.
        body_start = current.get("body")
        if body_start is None:
            body_start = end
        body = text[body_start:end]
        remarks.append(
            Remark(
                part=current["part"],
                ref=current["ref"],
                number=current.get("number"),
                heading=current["heading"],
                text=body,
                start=body_start,
                end=end,
                provisions=current.get("refs", []),
                points_to=list(dict.fromkeys(m.group(1).rstrip(".") for m in _PKT.finditer(body)))
                if current["part"] == "specielle"
                else [],
                table=current.get("table") or None,
            )
        )
        current = None

    for line in lines:
        t = line.text
        if _SPECIAL_START.match(t):
            close()
            part = "specielle"
            continue
        if _GENERAL_START.match(t) or re.match(r"^Bemærkninger\s+til\s+lovforslaget$", t, re.IGNORECASE):
            close()
            part = "almindelige"
            continue
        if PAGE_NUMBER.match(t):
            continue
        if part == "specielle" and len(t) < 60:
            m = _TIL_PAR.match(t)
            if m:
                close()
                nums = expand_numbers(m.group(1))
                current_par = nums[0] if len(nums) == 1 else None
                heading = t.rstrip(".")
                current = {"part": part, "ref": heading, "heading": heading, "start": line.start,
                           "end": line.end, "refs": [Ref(par=n) for n in nums]}
                continue
            m = _TIL_NR.match(t)
            if m:
                close()
                nums = expand_numbers(m.group(1))
                par = current_par or "?"
                current = {"part": part, "ref": f"Til § {par}, nr. {m.group(1).rstrip('.')}", "heading": t.rstrip("."),
                           "start": line.start, "end": line.end, "refs": [Ref(par=par, nr=n) for n in nums]}
                continue
        elif part == "almindelige":
            m = _REMARK_SECTION.match(t)
            if m and (not t.endswith((".", ",", ";")) or t.endswith("m.v.")) and not t.startswith("|"):
                close()
                number = m.group(1)
                current = {"part": part, "ref": f"Almindelige bemærkninger, pkt. {number}", "number": number,
                           "heading": m.group(2).strip(), "start": line.start, "end": line.end, "table": []}
                continue
        if current is None:
            current = {"part": part, "ref": "Bemærkninger", "heading": "Bemærkninger", "start": line.start,
                       "end": line.end, "table": []}
        if current.get("body") is None:
            current["body"] = line.start
        current["end"] = line.end
        if t.startswith("|") and t.endswith("|") and "table" in current:
            current["table"].append([c.strip() for c in t.strip("|").split("|")])
    close()
    return remarks


def link_remarks(clauses: list[Clause], remarks: list[Remark]) -> list[Clause]:
    """Each clause with the special remarks that explain it, most specific only: »Til § 1, nr. 3«
    rather than the whole »Til § 1« where both exist.

    Remarks are indexed by § and change point, so a clause only meets the remarks that can cover
    it: a bill with thousands of change points and remarks links in linear time."""
    index: dict[tuple[str, str | None], dict[tuple, tuple[Ref, Remark]]] = defaultdict(dict)
    for remark in remarks:
        for ref in remark.provisions:
            # A remark heading repeating a number ("Til nr. 1-3, 1-3") links once.
            index[(ref.par, ref.nr)].setdefault((ref.stk, ref.nr, ref.item, str(ref.inserted), remark.ref), (ref, remark))
    out: list[Clause] = []
    for clause in clauses:
        path = clause.path
        pool = list(index.get((path.par, None), {}).values())
        if path.nr is not None:
            pool += index.get((path.par, path.nr), {}).values()
        candidates = [(ref, r) for ref, r in pool if ref.covers(path)]
        if not candidates:
            out.append(clause)
            continue
        # The most specific reference wins: "§ 1, nr. 3" over "§ 1".
        depth = max(_depth(ref) for ref, _ in candidates)
        chosen = list(dict.fromkeys(r.ref for ref, r in candidates if _depth(ref) == depth))
        out.append(clause.model_copy(update={"remark_refs": chosen}))
    return out


def _depth(ref: Ref) -> int:
    return sum(x is not None for x in (ref.stk, ref.nr, ref.item, ref.inserted))


def general_remarks_for(remarks: list[Remark], special: list[Remark]) -> list[Remark]:
    """General remarks the special remarks point to ("der henvises til pkt. 2.1 …"), with their
    subsections: that is where bills state how many people are affected."""
    wanted = {n for r in special for n in r.points_to}
    if not wanted:
        return []
    return [
        r for r in remarks
        if r.part == "almindelige" and r.number and any(r.number == w or r.number.startswith(w + ".") for w in wanted)
    ]
