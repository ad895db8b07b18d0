"""Lines -> the provision tree: §§, Stk., numbered items, change points and the provisions they quote.

The parser reads one line at a time. It handles the clean form of a bill as ministries draft it and
the imperfections of texts rebuilt from Retsinformation (quotation marks lost around inserted
provisions, inserted chapters inlined on the change point's line, subheadings without markup).
Every node gets its ``Ref`` here, once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..models import Ref
from .lines import Line

# Numbers are bounded (five digits): a hostile "§ 1111…" of thousands of digits is not a §.
_PAR = re.compile(r"^§\s*(\d{1,5})(?:\s?([a-zæøå]|[A-ZÆØÅ](?=\.)))?\.?(?=\s|$)\s*(.*)$")
_STK = re.compile(r"^Stk\.\s*(\d{1,4})\.\s*(.*)$")
_ITEM = re.compile(r"^(\d{1,4}\s?[a-zæøå]?|[a-zæøå])\)\s+(.*)$")
_CHANGE = re.compile(r"^(\d{1,5})\.\s+(\S.*)$")
_CHAPTER = re.compile(r"^Kapitel\s+(\d{1,4}\s?[a-zæøåA-ZÆØÅ]?)\b\.?\s*(.*)$")
#: "§§ 16-21 c. (Ophævet)" in a consolidated act: a range of repealed provisions, not text of the one before.
_REPEALED_RANGE = re.compile(r"^§§\s*\d")
AMENDING = re.compile(r"foretages\s+følgende\s+ændring(?:er)?", re.IGNORECASE)
_TARGET = re.compile(r"^I\s+(.{1,800}?)(?:,\s*jf\.|,\s*som\s+ændret|,?\s*foretages\b)", re.IGNORECASE)
COMMENCEMENT = re.compile(r"træder\s+i\s+kraft", re.IGNORECASE)
PAGE_NUMBER = re.compile(r"^(?:side\s+)?\d{1,4}(?:\s*(?:af|/)\s*\d{1,4})?$", re.IGNORECASE)
_QUOTED_PAR = re.compile(r"§\s*(\d{1,5}(?:\s?[a-zæøå])?)\.\s")
_FIRST_PAR_REF = re.compile(r"§\s*(\d{1,5}(?:\s?[a-zæøå])?)\b")
REMARKS_START = re.compile(
    r"^(?:Bemærkninger\s+til\s+lovforslaget|Almindelige\s+bemærkninger|"
    r"Bemærkninger\s+til\s+(?:lovforslagets\s+)?(?:de\s+)?enkelte\s+bestemmelser)\b",
    re.IGNORECASE,
)

_ACTIONS = (
    ("affattes", "affattes"),
    ("ophæves", "ophaeves"),
    ("udgår", "udgaar"),
    ("indsættes", "indsaettes"),
    ("ændres", "aendres"),
    ("bliver", "bliver"),
)


def _action(text: str) -> str:
    low = text.lower()
    for word, action in _ACTIONS:
        if word in low:
            return action
    return "andet"


def _par_number(number: str, letter: str | None) -> str:
    return f"{number} {letter}" if letter else number


@dataclass
class Node:
    kind: str
    label: str
    path: Ref
    start: int
    end: int
    chapter: str | None = None
    action: str | None = None
    quoted: bool = False
    amending: bool = False
    children: list[Node] = field(default_factory=list)

    @property
    def ref(self) -> str:
        return str(self.path)

    @property
    def target_law(self) -> str | None:
        return self.path.law

    def extend(self, end: int) -> None:
        self.end = end


def looks_like_heading(line: Line, prev: Line | None) -> bool:
    """A short unpunctuated line after a finished sentence is a subheading, not a continuation."""
    if line.heading:
        return True
    t = line.text
    if len(t) > 90 or t.endswith((".", ",", ";", ":")) or not t[0].isupper():
        return False
    return prev is None or prev.text.endswith((".", ":", "«"))


class ProvisionParser:
    """Builds the provision tree from the bill's lines (up to the remarks)."""

    def __init__(self, text: str, lines: list[Line]) -> None:
        self.text = text
        self.lines = lines
        self.top: list[Node] = []
        self.chapters: list[tuple[str, str | None, int, int]] = []
        self.chapter: str | None = None
        self.par: Node | None = None  # current top-level §
        self.stk: Node | None = None  # current Stk. (or the § itself)
        self.change: Node | None = None  # current change point
        self.quoted_par: Node | None = None  # current quoted § inside a change point
        self.last_item: Node | None = None
        self.last_top_number = 0
        self.last_change_number = 0
        self.quote_open = False
        self.remarks_from: int | None = None

    # -- helpers
    def _new_par(self, line: Line, number: str, letter: str | None, rest: str) -> None:
        label = f"§ {number}" + (f" {letter}" if letter else "")
        node = Node("paragraf", label, Ref(par=_par_number(number, letter)), line.start, line.end, chapter=self.chapter)
        if AMENDING.search(rest):
            self._mark_amending(node, rest)
        self.top.append(node)
        self.par = node
        self.stk = node
        self.change = None
        self.quoted_par = None
        self.last_item = None
        self.quote_open = False
        self.last_change_number = 0
        if not letter:
            self.last_top_number = max(self.last_top_number, int(number))

    def _mark_amending(self, node: Node, text: str) -> None:
        node.amending = True
        m = _TARGET.search(text)
        if m:
            node.path = node.path.model_copy(update={"law": " ".join(m.group(1).split())})

    def _is_top_par(self, number: str, letter: str | None, rest: str) -> bool:
        """Inside an amending §, is a § line a new provision of the bill or quoted new text?"""
        if self.change is None:
            return True
        if self.quote_open:
            return False
        if AMENDING.search(rest):
            return True
        n = int(number)
        if letter:
            return False
        if n == self.last_top_number + 1:
            return True
        return n > self.last_top_number and bool(COMMENCEMENT.search(rest))

    def _update_quote(self, text: str) -> None:
        opened = text.count("»") - text.count("«")
        if opened > 0:
            self.quote_open = True
        elif opened < 0 or (self.quote_open and text.rstrip().endswith("«")):
            self.quote_open = False

    def _append_continuation(self, line: Line) -> None:
        target = self.last_item or self.stk or self.par
        if self.change is not None:
            target = self.last_item or self.quoted_stk or self.change
        if target is not None:
            target.extend(line.end)

    @property
    def quoted_stk(self) -> Node | None:
        if self.quoted_par is None:
            return None
        return self.quoted_par.children[-1] if self.quoted_par.children else self.quoted_par

    # -- main loop
    def parse(self) -> None:
        prev: Line | None = None
        for idx, line in enumerate(self.lines):
            t = line.text
            if REMARKS_START.match(t) and self.top:
                self.remarks_from = idx
                return
            if PAGE_NUMBER.match(t):
                continue
            self._line(line, prev)
            prev = line

    def _line(self, line: Line, prev: Line | None) -> None:
        t = line.text
        inside_change = self.change is not None
        body = t[1:].lstrip() if t.startswith("»") else t

        m = _CHAPTER.match(body)
        if m and not (inside_change and (self.quote_open or t.startswith("»"))):
            if not inside_change or not self._chapter_is_quoted(line):
                self._new_chapter(line, m.group(1), m.group(2))
                return

        m = _PAR.match(body)
        if m:
            number, letter, rest = m.group(1), m.group(2), m.group(3)
            if t.startswith("»") or not self._is_top_par(number, letter, rest):
                self._quoted_par(line, number, letter, rest)
            else:
                self._new_par(line, number, letter, rest)
            self._update_quote(t)
            return

        if _REPEALED_RANGE.match(body) and not inside_change and not self.quote_open:
            self.par = self.stk = self.last_item = None  # nothing after it continues the provision before
            return
        if self.par is None:
            return  # title, preamble, or the note of a repealed range

        m = _STK.match(body)
        if m:
            self._stk(line, m.group(1))
            self._update_quote(t)
            return

        m = _CHANGE.match(t)
        if m and self.par.amending and not self.quote_open and int(m.group(1)) == self.last_change_number + 1:
            self._change_point(line, m.group(1), m.group(2))
            self._update_quote(t)
            return

        m = _ITEM.match(body)
        if m:
            self._item(line, m.group(1))
            self._update_quote(t)
            return

        if self.change is None and not self.par.amending and AMENDING.search(t) and not self.par.children:
            # "§ 1" on its own line, then "I lov om …, foretages følgende ændringer:"
            self._mark_amending(self.par, t)
            self.par.extend(line.end)
            return
        if self.change is None and self.stk is self.par and self.par.end - self.par.start <= len(self.par.label) + 1:
            self.par.extend(line.end)  # "§ 3" on its own line: the next line is its text
            return
        if not self.quote_open and not t.startswith("»") and looks_like_heading(line, prev):
            self.last_item = None
            return  # a subheading between provisions
        self._append_continuation(line)
        self._update_quote(t)

    def _chapter_is_quoted(self, line: Line) -> bool:
        # Inside a change point, a chapter heading belongs to the quoted text unless the next
        # § line starts a new provision of the bill itself.
        i = line.index
        for nxt in self.lines[i + 1 : i + 4]:
            m = _PAR.match(nxt.text)
            if m:
                return not (not m.group(2) and int(m.group(1)) == self.last_top_number + 1)
        return True

    def _new_chapter(self, line: Line, number: str, rest: str) -> None:
        label = f"Kapitel {number}"
        heading = rest.strip()[:300] or None
        if heading is None:
            i = line.index
            if i + 1 < len(self.lines):
                nxt = self.lines[i + 1].text
                if not (_PAR.match(nxt) or _CHAPTER.match(nxt)) and len(nxt) <= 150:
                    heading = nxt
        self.chapters.append((label, heading, line.start, line.end))
        self.chapter = label
        self.change = None
        self.quoted_par = None
        # A chapter ends the provision before it: its heading or a "(Ophævet)" note is not that text.
        self.par = self.stk = self.last_item = None

    def _quoted_par(self, line: Line, number: str, letter: str | None, rest: str) -> None:
        label = f"§ {number}" + (f" {letter}" if letter else "")
        if self.change is None:
            # A § quoted outside any change point (a consolidated text's oddity): keep it top-level.
            self._new_par(line, number, letter, rest)
            return
        law = self.change.path.law
        path = self.change.path.model_copy(update={"inserted": Ref(par=_par_number(number, letter), law=law)})
        node = Node("paragraf", label, path, line.start, line.end, quoted=True)
        self.change.children.append(node)
        self.change.extend(line.end)
        self.quoted_par = node
        self.last_item = None

    def _stk(self, line: Line, number: str) -> None:
        self.last_item = None
        if self.change is not None:
            parent = self.quoted_par
            if parent is None:
                # "1. § 34 b, stk. 3, affattes således:" followed by "Stk. 3. …"
                instruction = self.text[self.change.start : self.change.end]
                m = _QUOTED_PAR.search(instruction) or _FIRST_PAR_REF.search(instruction)
                par = " ".join(m.group(1).split()) if m else "?"
                path = self.change.path.model_copy(update={"inserted": Ref(par=par, law=self.change.path.law)})
                parent = Node("paragraf", f"§ {par}", path, line.start, line.start, quoted=True)
                self.change.children.append(parent)
                self.quoted_par = parent
            inner = parent.path.inserted.model_copy(update={"stk": int(number)})  # type: ignore[union-attr]
            path = self.change.path.model_copy(update={"inserted": inner})
            node = Node("stk", f"Stk. {number}", path, line.start, line.end, quoted=True)
            parent.children.append(node)
            parent.extend(line.end)
            self.change.extend(line.end)
            return
        assert self.par is not None
        node = Node("stk", f"Stk. {number}", self.par.path.model_copy(update={"stk": int(number)}), line.start, line.end, chapter=self.chapter)
        self.par.children.append(node)
        self.stk = node

    def _change_point(self, line: Line, number: str, rest: str) -> None:
        assert self.par is not None
        node = Node(
            "aendringspunkt",
            f"{number}.",
            self.par.path.model_copy(update={"nr": number}),
            line.start,
            line.end,
            chapter=self.chapter,
            action=_action(rest.split("»")[0] if "»" in rest else rest),
        )
        self.par.children.append(node)
        self.change = node
        self.quoted_par = None
        self.last_item = None
        self.last_change_number = int(number)
        # An inserted chapter or § written inline on the change point's own line.
        m = None
        after = rest.split(":", 1)[1] if ":" in rest else ""
        for m in _QUOTED_PAR.finditer(after):
            pass
        if m is not None:
            par = " ".join(m.group(1).split())
            path = node.path.model_copy(update={"inserted": Ref(par=par, law=node.path.law)})
            self.quoted_par = Node("paragraf", f"§ {par}", path, line.start, line.end, quoted=True)
            node.children.append(self.quoted_par)

    def _item(self, line: Line, number: str) -> None:
        number = number.replace(" ", "")
        if self.change is not None:
            parent = self.quoted_stk or self.change
            if parent.path.inserted is not None:
                path = parent.path.model_copy(update={"inserted": parent.path.inserted.model_copy(update={"nr": number})})
            else:
                path = parent.path.model_copy(update={"item": number})
        else:
            parent = self.stk or self.par
            assert parent is not None
            path = parent.path.model_copy(update={"nr": number})
        node = Node("nr", f"{number})", path, line.start, line.end, quoted=self.change is not None)
        parent.children.append(node)
        parent.extend(line.end)
        if self.change is not None:
            self.change.extend(line.end)
            if self.quoted_par is not None:
                self.quoted_par.extend(line.end)
        elif self.stk is not None and self.stk is not self.par and self.par is not None:
            self.par.extend(line.end)
        self.last_item = node
