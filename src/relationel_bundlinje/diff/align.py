"""Two versions of a bill -> which provision became which: added, removed, changed, renumbered.

Alignment runs on two levels. First the §§ (a § with all its Stk. or change points as one unit),
so a renumbered § finds its old self before its Stk. are compared — otherwise the new § 5 (the old
§ 6) would be taken for a changed § 5. Then the clauses inside each pair of §§ that differ.
On each level, in this order:

1. the same reference with the same text (unchanged);
2. the same text under another reference (renumbered), in document order (``difflib`` over the
   sequences of texts, so repeated boilerplate such as »Stk. 2. Ministeren kan fastsætte nærmere
   regler.« pairs up in order rather than with the first copy);
3. the same reference with similar text (changed);
4. similar text under another reference (renumbered and changed): rapidfuzz's normalised Indel
   similarity over all remaining pairs, best pairs first — fast in C even for thousands of §§;
5. whatever is left was removed from the old version or added in the new.

Inside each changed pair, a word-level diff marks what was deleted and inserted.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal, Sequence

from ..models import Bill, Clause

#: A provision's own label at the start of its text: »§ 12 g.«, »Stk. 2.«, »§ 3. Stk. 2.«, »4.«, »2)«.
_LABEL = re.compile(r"^(?:§ ?\d+(?: ?[a-zæøå])?\. ?)?(?:Stk\. ?\d+\. ?|\d+ ?[a-zæøå]?[.)] )?")

ChangeKind = Literal["added", "removed", "changed", "renumbered"]

#: Similarity (0–100) at which a provision under the same reference is its changed old self.
SAME_REF_MIN = 45.0
#: Similarity at which a provision under another reference is its changed old self.
MOVED_MIN = 60.0


@dataclass(frozen=True)
class Unit:
    """A § (``key`` its number) or a clause (``key`` its reference inside the §)."""

    ref: str
    key: str
    text: str
    clauses: tuple[Clause, ...]
    index: int

    @property
    def flat(self) -> str:
        """The text compared: on one line, without the leading label (»§ 6.«, »Stk. 2.«, »3.«),
        which a renumbering changes while the provision stays the same."""
        return _LABEL.sub("", " ".join(self.text.split()), count=1)


@dataclass(frozen=True)
class Match:
    old: int | None
    new: int | None
    same_text: bool


def similarity(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return float(fuzz.ratio(a, b))


def align(old: Sequence[Unit], new: Sequence[Unit]) -> list[Match]:
    """Pairs of indices (old, new) and the units left over on either side (see the module)."""
    matches: list[Match] = []
    free_old = set(range(len(old)))
    free_new = set(range(len(new)))

    def take(i: int, j: int, same: bool) -> None:
        free_old.discard(i)
        free_new.discard(j)
        matches.append(Match(i, j, same))

    # 1. same reference, same text
    by_key: dict[str, list[int]] = {}
    for j, u in enumerate(new):
        by_key.setdefault(u.key, []).append(j)
    for i, u in enumerate(old):
        for j in by_key.get(u.key, []):
            if j in free_new and new[j].flat == u.flat:
                take(i, j, True)
                break
    # 2. same text, another reference, in document order
    rest_old = sorted(free_old)
    rest_new = sorted(free_new)
    sm = difflib.SequenceMatcher(None, [old[i].flat for i in rest_old], [new[j].flat for j in rest_new], autojunk=False)
    for block in sm.get_matching_blocks():
        for k in range(block.size):
            take(rest_old[block.a + k], rest_new[block.b + k], True)
    # 3. same reference, similar text
    for i in sorted(free_old):
        for j in by_key.get(old[i].key, []):
            if j in free_new and similarity(old[i].flat, new[j].flat) >= SAME_REF_MIN:
                take(i, j, False)
                break
    # 4. similar text anywhere, best pairs first
    if free_old and free_new:
        from rapidfuzz import fuzz, process

        rest_old = sorted(free_old)
        rest_new = sorted(free_new)
        scores = process.cdist([old[i].flat for i in rest_old], [new[j].flat for j in rest_new],
                               scorer=fuzz.ratio, score_cutoff=MOVED_MIN)
        candidates = [
            (-float(scores[a, b]), abs(rest_old[a] - rest_new[b]), rest_old[a], rest_new[b])
            for a in range(len(rest_old)) for b in range(len(rest_new)) if scores[a, b] >= MOVED_MIN
        ]
        for _, _, i, j in sorted(candidates):
            if i in free_old and j in free_new:
                take(i, j, False)
    # 5. what is left
    matches += [Match(i, None, False) for i in sorted(free_old)]
    matches += [Match(None, j, False) for j in sorted(free_new)]
    return matches


# --------------------------------------------------------------------------- units of a bill


def paragraphs(bill: Bill) -> list[Unit]:
    """The bill's §§ in order, each with its clauses."""
    groups: dict[str, list[Clause]] = {}
    for c in bill.clauses:
        groups.setdefault(c.path.par, []).append(c)
    return [
        Unit(ref=f"§ {par}", key=par, text="\n".join(c.text for c in cs), clauses=tuple(cs), index=i)
        for i, (par, cs) in enumerate(groups.items())
    ]


def clause_units(par: Unit) -> list[Unit]:
    """The clauses of a §, keyed by their reference inside it (``stk. 2``, ``nr. 3 (§ 85 a)``)."""
    return [Unit(ref=c.ref, key=_inner_key(c), text=c.text, clauses=(c,), index=i) for i, c in enumerate(par.clauses)]


def _inner_key(clause: Clause) -> str:
    return str(clause.path.model_copy(update={"par": "", "law": None}))


# --------------------------------------------------------------------------- the changes


@dataclass(frozen=True)
class Change:
    """One change between the versions. ``old``/``new`` are the units (a whole § or one clause)."""

    kind: ChangeKind
    old: Unit | None
    new: Unit | None

    @property
    def old_ref(self) -> str | None:
        return self.old.ref if self.old is not None else None

    @property
    def new_ref(self) -> str | None:
        return self.new.ref if self.new is not None else None


def changes(old_bill: Bill, new_bill: Bill) -> list[Change]:
    """Every change from ``old_bill`` to ``new_bill``, in the order of the new version (a removed
    provision stands where it stood). Unchanged provisions are not listed; a § moved as a whole
    is one change, a § changed inside is one change per clause that changed."""
    old_pars, new_pars = paragraphs(old_bill), paragraphs(new_bill)
    out: list[tuple[tuple, Change]] = []
    pairs = align(old_pars, new_pars)
    placed = {m.old: m.new for m in pairs if m.old is not None and m.new is not None}
    for m in pairs:
        if m.old is not None and m.new is not None:
            o, n = old_pars[m.old], new_pars[m.new]
            if m.same_text:
                if o.key != n.key:
                    out.append(((n.index, 0), Change("renumbered", o, n)))
                continue
            for k, change in _inside(o, n):
                out.append(((n.index, 1, k), change))
        elif m.old is not None:
            out.append(((_place(m.old, placed), 2, m.old), Change("removed", old_pars[m.old], None)))
        else:
            out.append(((m.new, 0), Change("added", None, new_pars[m.new])))
    out.sort(key=lambda kc: kc[0])
    return [c for _, c in out]


def _place(old_index: int, placed: dict[int, int]) -> float:
    """Where a removed § stands in the new version: just after the new place of the § before it."""
    before = [placed[i] for i in placed if i < old_index]
    return max(before) + 0.5 if before else -0.5


def _inside(o: Unit, n: Unit) -> list[tuple[tuple, Change]]:
    old_cl, new_cl = clause_units(o), clause_units(n)
    pairs = align(old_cl, new_cl)
    placed = {m.old: m.new for m in pairs if m.old is not None and m.new is not None}
    out: list[tuple[tuple, Change]] = []
    for m in pairs:
        if m.old is not None and m.new is not None:
            a, b = old_cl[m.old], new_cl[m.new]
            if m.same_text:
                if a.key != b.key:
                    out.append(((b.index, 0), Change("renumbered", a, b)))
            else:
                out.append(((b.index, 0), Change("changed", a, b)))
        elif m.old is not None:
            out.append(((_place(m.old, placed), 1), Change("removed", old_cl[m.old], None)))
        else:
            out.append(((m.new, 0), Change("added", None, new_cl[m.new])))
    return out


# --------------------------------------------------------------------------- words


#: A word, or a reference kept whole (»§ 4.«, »stk. 2,«, »nr. 3«), so a renumbering marks the
#: whole reference and a line never breaks between »§« and its number.
_TOKEN = re.compile(r"(?:§§?|\b[Ss]tk\.|\bnr\.) ?\d+(?: ?[a-zæøå]\b)?[.,]?|\S+")


def word_runs(old: str, new: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Runs of the old and the new text: ``("", …)`` common words, ``("del", …)`` words only in the
    old text, ``("ins", …)`` words only in the new one. Each run but the last ends in a space, so
    the runs read as the text when written one after another."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    left: list[tuple[str, str]] = []
    right: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            _add(left, "", a[i1:i2])
            _add(right, "", b[j1:j2])
        else:
            _add(left, "del", a[i1:i2])
            _add(right, "ins", b[j1:j2])
    return _spaced(left), _spaced(right)


def _add(runs: list[tuple[str, str]], kind: str, words: list[str]) -> None:
    if not words:
        return
    text = " ".join(words)
    if runs and runs[-1][0] == kind:
        runs[-1] = (kind, runs[-1][1] + " " + text)
    else:
        runs.append((kind, text))


def _spaced(runs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(k, t + " ") if i < len(runs) - 1 else (k, t) for i, (k, t) in enumerate(runs)]
