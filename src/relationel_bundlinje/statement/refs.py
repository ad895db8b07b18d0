"""References as ministries write them, from the structure's ``Ref`` (never parsed from strings).

* a provision a bill inserts: "den foreslåede § 137 d, stk. 1 og 2, i lov om social service
  (lovforslagets § 1, nr. 3)" — for an act as passed, "den nye § 137 d … (lovens § 1, nr. 3)";
* a change point that changes a provision by reference: "lovforslagets § 1, nr. 4, der ophæver
  § 86 i lov om social service";
* the bill's or act's own provisions: "lovforslagets § 3, stk. 1-3, og § 7", "lovens § 6, stk. 2";
* consecutive Stk. merged ("stk. 1-3", "stk. 1 og 2"); whole §§ as "§§ 4, 7 og 8"; where there are
  more than can be named, the central ones after "bl.a." (said before the list, not after it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

from ..danish import ends_open, join, join_with_commas
from ..models import Bill, Clause, Ref

#: Most provision groups named in one sentence (after "bl.a." where there are more).
MAX_NAMED = 4

_VERB = {"ophaeves": "ophæver", "udgaar": "ophæver", "affattes": "nyaffatter", "aendres": "ændrer", "indsaettes": "ændrer"}


def subject(bill: Bill) -> str:
    """"Lovforslaget" for a bill, "Loven" for an act (in force, or as passed)."""
    title = bill.title.lower().lstrip()
    if bill.kind == "lovbekendtgoerelse":
        return "Loven"
    if title.startswith("forslag til") or bill.number:
        return "Lovforslaget"
    if title.startswith(("lov ", "lov om", "lov nr", "bekendtgørelse")):
        return "Loven"
    return "Lovforslaget"


def genitive(subject_word: str) -> str:
    return "lovforslagets" if subject_word == "Lovforslaget" else "lovens"


def stk_list(numbers: Sequence[int]) -> str:
    """[1, 2, 3, 5] -> 'stk. 1-3 og 5'; [1, 2] -> 'stk. 1 og 2'."""
    nums = sorted(set(numbers))
    runs: list[list[int]] = []
    for n in nums:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts: list[str] = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{run[0]}-{run[-1]}")
        else:
            parts.extend(str(n) for n in run)
    return "stk. " + join(parts)


def _provision(par: str, stks: Sequence[int | None]) -> str:
    """'§ 6, stk. 1-3' or '§ 7' (a § as a whole when any clause is the whole §)."""
    numbers = [s for s in stks if s is not None]
    if not numbers or len(numbers) < len(stks):
        return f"§ {par}"
    return f"§ {par}, {stk_list(numbers)}"


@dataclass
class _Group:
    kind: str  # "own" | "inserted" | "changed" | "change"
    key: tuple
    order: int
    stks: dict[str, list[int | None]] = field(default_factory=dict)  # inner par -> stks
    clause: Clause | None = None
    members: list[str] = field(default_factory=list)  # the references the group holds


def _groups(refs: Sequence[str], clauses: dict[str, Clause]) -> list[_Group]:
    groups: dict[tuple, _Group] = {}
    for order, ref in enumerate(refs):
        clause = clauses.get(ref)
        if clause is None:
            continue
        path = clause.path
        if path.inserted is not None:
            key = ("inserted", path.par, path.nr, path.law)
            g = groups.setdefault(key, _Group("inserted", key, order, clause=clause))
            g.stks.setdefault(path.inserted.par, []).append(path.inserted.stk)
        elif clause.kind == "aendringspunkt":
            kind = "changed" if clause.amends is not None else "change"
            key = (kind, path.par, path.nr)
            g = groups.setdefault(key, _Group(kind, key, order, clause=clause))
        else:
            key = ("own",)
            g = groups.setdefault(key, _Group("own", key, order, clause=clause))
            g.stks.setdefault(path.par, []).append(path.stk)
        g.members.append(ref)
    return list(groups.values())


def describe(refs: Sequence[str], bill: Bill, *, limit: int = MAX_NAMED) -> str:
    """The provisions ``refs`` (most central first) as one Danish reference phrase."""
    return describe_named(refs, bill, limit=limit)[0]


def describe_named(refs: Sequence[str], bill: Bill, *, limit: int = MAX_NAMED) -> tuple[str, set[str]]:
    """:func:`describe`'s phrase, and the references among ``refs`` it names (the rest are behind
    its »bl.a.«)."""
    clauses = {c.ref: c for c in bill.clauses}
    word = subject(bill)
    gen = genitive(word)
    new = "den foreslåede" if word == "Lovforslaget" else "den nye"
    phrases: list[tuple[int, str]] = []
    named: set[str] = set()
    more = False
    own: _Group | None = None
    own_pars: list[tuple[int, str, str]] = []  # (first index in refs, par, as written)
    for g in _groups(refs, clauses):
        c = g.clause
        assert c is not None
        if g.kind == "own":
            own = g
            for par, stks in g.stks.items():
                own_pars.append((_first_index(refs, clauses, par), par, _provision(par, stks)))
            continue
        if len(phrases) >= limit:
            more = True
            continue
        named.update(g.members)
        outer = f"{gen} § {c.path.par}, nr. {c.path.nr}"
        law = c.path.law
        if g.kind == "inserted":
            inner = [_provision(par, stks) for par, stks in g.stks.items()]
            target = provisions(inner)
            where = f"{', ' if ends_open(target) else ' '}i {law}" if law else ""
            article = new.replace("den ", "de ", 1) if len(inner) > 1 else new
            phrases.append((g.order, f"{article} {target}{where} ({outer})"))
        elif g.kind == "changed":
            assert c.amends is not None
            verb = _VERB.get(c.action or "", "ændrer")
            target = str(Ref(par=c.amends.par, stk=c.amends.stk, nr=c.amends.nr))
            where = f"{', ' if ends_open(target) else ' '}i {law}" if law else ""
            phrases.append((g.order, f"{outer}, der {verb} {target}{where}"))
        else:
            phrases.append((g.order, f"{outer} (ændring af {law})" if law else outer))
    if own is not None:
        shown = own_pars[: max(1, limit - len(phrases))]
        more = more or len(own_pars) > len(shown)
        shown_pars = {par for _, par, _ in shown}
        named.update(r for r in own.members if clauses[r].path.par in shown_pars)
        shown.sort(key=lambda x: par_sort_key(x[2]))
        body = provisions([p for _, _, p in shown])
        if _inserted_only(bill, word):
            phrases.append((min(o for o, _, _ in shown), _nye(body, bill)))
        else:
            phrases.append((min(o for o, _, _ in shown), f"{gen} {body}"))
    phrases.sort(key=lambda x: x[0])
    text = join_with_commas([p for _, p in phrases])
    return (f"bl.a. {text}" if more else text), named


def provisions(items: Sequence[str]) -> str:
    """Several whole §§ as ministries write them, »§§ 4, 7, 8 og 10«; whole §§ next to each other
    among provisions with a Stk. share the sign too (»§§ 7 og 8, § 9, stk. 1, og § 10«)."""
    def whole(i: str) -> bool:
        return i.startswith("§ ") and "," not in i

    if len(items) > 1 and all(whole(i) for i in items):
        return "§§ " + join([i[2:] for i in items])
    merged: list[str] = []
    run: list[str] = []
    for item in [*items, ""]:
        if item and whole(item):
            run.append(item)
            continue
        if len(run) > 1:
            merged.append("§§ " + join([i[2:] for i in run]))
        else:
            merged.extend(run)
        run = []
        if item:
            merged.append(item)
    # »§§ 8 og 12 samt § 18 a, stk. 1«, not »§§ 8 og 12 og § 18 a«.
    last = "samt" if len(merged) > 1 and " og " in merged[-2] and not ends_open(merged[-2]) else "og"
    return join_with_commas(merged, last=last)


def _inserted_only(bill: Bill, word: str) -> bool:
    """An amending act whose source kept only the provisions it inserts (no change points): its
    own § are the amended act's new provisions, not "lovens §"."""
    return bill.kind == "aendringslov" and word != "Lovforslaget"


#: "Lov om ændring af lov om social service (…)": the one act an amending act amends. A title
#: naming several acts ("…, lov om leje og …", "forskellige andre love") does not say which act a
#: provision belongs to, so it names none.
_AMENDED = re.compile(r"^lov om ændring af (?P<law>[^(),]+?)\s*(?:\(|$)", re.IGNORECASE)


def amended_act(bill: Bill) -> str | None:
    """The act an amending act amends, from its title, when the title names exactly one."""
    m = _AMENDED.match(bill.title.strip())
    if m is None:
        return None
    law = m.group("law").strip()
    if re.search(r"\bog\b|forskellige|lovbestemmelser", law, re.IGNORECASE):
        return None
    return law


def _nye(body: str, bill: Bill) -> str:
    # "den nye § 137 d, stk. 4, i lov om social service"; "de nye §§ …" for several.
    article = "de nye" if " og " in body or body.count("§") > 1 else "den nye"
    law = amended_act(bill)
    if law is None:
        return f"{article} {body}"
    return f"{article} {body}{', ' if ends_open(body) else ' '}i {law}"


def _first_index(refs: Sequence[str], clauses: dict[str, Clause], par: str) -> int:
    for i, ref in enumerate(refs):
        c = clauses.get(ref)
        if c is not None and c.path.inserted is None and c.path.par == par:
            return i
    return len(refs)


def par_sort_key(text: str) -> tuple[int, str]:
    number = text.split(",")[0].removeprefix("§ ").strip()
    digits = "".join(ch for ch in number if ch.isdigit())
    return (int(digits) if digits else 0, number)


def nr_list(numbers: Sequence[str]) -> str:
    """['1', '2', '3', '5'] -> 'nr. 1-3 og 5' (numbers as written, consecutive runs merged)."""
    ints = sorted({int(n) for n in numbers if n.isdigit()})
    others = [n for n in dict.fromkeys(numbers) if not n.isdigit()]
    return stk_list(ints).replace("stk.", "nr.") if ints and not others else "nr. " + join(list(dict.fromkeys(numbers)))


def describe_outer(refs: Sequence[str], bill: Bill, *, limit: int = 3) -> str:
    """The bill's own references only, compact: 'lovforslagets § 1, nr. 1 og 3, og § 2, nr. 1'
    (for the skema, where the inserted provisions are named in the section)."""
    clauses = {c.ref: c for c in bill.clauses}
    gen = genitive(subject(bill))
    by_par: dict[str, list] = {}
    for ref in refs:
        c = clauses.get(ref)
        if c is None:
            continue
        entry = by_par.setdefault(c.path.par, [])
        if c.path.nr is not None and (c.kind == "aendringspunkt" or c.path.inserted is not None):
            entry.append(("nr", c.path.nr))
        else:
            entry.append(("stk", c.path.stk))
    # The first ``limit`` §§ in the order given (most central first, as the section names them),
    # shown in the act's order.
    chosen = sorted(list(by_par.items())[:limit], key=lambda kv: par_sort_key(f"§ {kv[0]}"))
    items = []
    for par, parts in chosen:
        nrs = [v for k, v in parts if k == "nr"]
        if nrs:
            items.append(f"§ {par}, {nr_list(nrs)}")
        else:
            items.append(_provision(par, [v for _, v in parts]))
    more = len(by_par) > limit
    text = provisions(items)
    if not text:
        return ""
    lead = "bl.a. " if more else ""
    if _inserted_only(bill, subject(bill)) and not any(k == "nr" for parts in by_par.values() for k, _ in parts):
        return lead + _nye(text, bill)
    return f"{lead}{gen} {text}"


def the_amended_act(bill: Bill) -> str | None:
    """The one act a bill amends: from its change points, or (for an amending act kept as its new
    provisions) from its title; None where it amends several or none."""
    laws = {c.path.law for c in bill.clauses if c.path.law}
    if len(laws) == 1:
        return next(iter(laws))
    return amended_act(bill) if not laws and bill.kind == "aendringslov" else None


def name_the_act_once(texts: Sequence[str], bill: Bill) -> list[str]:
    """Texts read in order, the amended act named at its first mention only: where a bill amends a
    single act, »den foreslåede § 137 d, stk. 2 (lovforslagets § 1, nr. 3)« after »… i lov om
    social service« has been said once (ministries do not repeat it in every sentence)."""
    law = the_amended_act(bill)
    if not law:
        return list(texts)
    phrase = re.escape(law)
    # ", i L (" -> " ("; ", i L," -> ","; ", i L" -> ","; " i L" -> "".
    later = re.compile(rf",? i {phrase}(?=[ ,.;)]|$)")

    def drop(m: re.Match[str]) -> str:
        rest = m.string[m.end():m.end() + 2]
        if not m.group(0).startswith(","):
            return ""
        return "" if rest.startswith(" (") or rest.startswith(",") or rest.startswith(".") else ","

    first = re.compile(rf"\bi {phrase}(?=[ ,.;)]|$)")
    out: list[str] = []
    seen = False
    for text in texts:
        # Quotations (»…«) are the act's own words: never shortened, and no mention of the act.
        pieces = _QUOTED.split(text)
        for i in range(0, len(pieces), 2):
            if seen:
                pieces[i] = later.sub(drop, pieces[i])
                continue
            m = first.search(pieces[i])
            if m is not None:
                seen = True
                pieces[i] = pieces[i][: m.end()] + later.sub(drop, pieces[i][m.end():])
        out.append("".join(pieces))
    return out


_QUOTED = re.compile(r"(»[^«]*«)")


def short(ref: str, bill: Bill) -> str:
    """One clause's reference in the same style (for the appendix and comments)."""
    return describe([ref], bill)
