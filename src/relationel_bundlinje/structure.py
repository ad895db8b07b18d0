"""Blocks -> ``Bill``: title, provision tree, change points, remarks and clauses, with spans.

The parser reads one line per block. ``Bill.text`` is the blocks' text joined by newlines (table
rows rendered as ``| a | b |``), so every span points into a text the user can see, whatever the
input format was. It handles the clean form of a bill as ministries draft it and the imperfections
of texts rebuilt from Retsinformation (quotation marks lost around inserted provisions, inserted
chapters inlined on the change point's line, subheadings without markup).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .errors import InputError
from .ingest.tables import pipe_row
from .models import Bill, Block, Chapter, Clause, Provision, Remark, SourceDocument, ref_covers

# --------------------------------------------------------------------------- line grammar

_PAR = re.compile(r"^§\s*(\d+)(?:\s?([a-zæøå]|[A-ZÆØÅ](?=\.)))?\.?(?=\s|$)\s*(.*)$")
#: "§§ 16-21 c. (Ophævet)" in a consolidated act: a range of repealed provisions, not text of the one before.
_REPEALED_RANGE = re.compile(r"^§§\s*\d")
_STK = re.compile(r"^Stk\.\s*(\d+)\.\s*(.*)$")
_ITEM = re.compile(r"^(\d+\s?[a-zæøå]?|[a-zæøå])\)\s+(.*)$")
_CHANGE = re.compile(r"^(\d+)\.\s+(\S.*)$")
_CHAPTER = re.compile(r"^Kapitel\s+(\d+\s?[a-zæøåA-ZÆØÅ]?)\b\.?\s*(.*)$")
_AMENDING = re.compile(r"foretages\s+følgende\s+ændring(?:er)?", re.IGNORECASE)
_TARGET = re.compile(r"^I\s+(.+?)(?:,\s*jf\.|,\s*som\s+ændret|,?\s*foretages\b)", re.IGNORECASE)
_COMMENCEMENT = re.compile(r"træder\s+i\s+kraft", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"^(?:side\s+)?\d{1,4}(?:\s*(?:af|/)\s*\d{1,4})?$", re.IGNORECASE)
_QUOTED_PAR = re.compile(r"§\s*(\d+(?:\s?[a-zæøå])?)\.\s")
_FIRST_PAR_REF = re.compile(r"§\s*(\d+(?:\s?[a-zæøå])?)\b")

_REMARKS_START = re.compile(
    r"^(?:Bemærkninger\s+til\s+lovforslaget|Almindelige\s+bemærkninger|"
    r"Bemærkninger\s+til\s+(?:lovforslagets\s+)?(?:de\s+)?enkelte\s+bestemmelser)\b",
    re.IGNORECASE,
)
_SPECIAL_START = re.compile(
    r"^Bemærkninger\s+til\s+(?:lovforslagets\s+)?(?:de\s+)?enkelte\s+bestemmelser\b", re.IGNORECASE
)
_GENERAL_START = re.compile(r"^Almindelige\s+bemærkninger\b", re.IGNORECASE)
_REMARK_SECTION = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+(\S.{0,150})$")
_TIL_PAR = re.compile(r"^Til\s+§§?\s*(.+?)\.?$")
_TIL_NR = re.compile(r"^Til\s+nr\.\s*(.+?)\.?$")

_ACTIONS = (
    ("affattes", "affattes"),
    ("ophæves", "ophaeves"),
    ("udgår", "udgaar"),
    ("indsættes", "indsaettes"),
    ("ændres", "aendres"),
    ("bliver", "bliver"),
)

_DANISH_WORDS = frozenset(
    "og i at der til om af en et på for med den det efter kan skal ikke som de er har ved eller "
    "fra lov loven denne dette sin sit sine hvis når samt jf nr stk kommunalbestyrelsen ministeren".split()
)


def _action(text: str) -> str:
    low = text.lower()
    for word, action in _ACTIONS:
        if word in low:
            return action
    return "andet"


# --------------------------------------------------------------------------- building nodes


@dataclass
class _Node:
    kind: str
    label: str
    ref: str
    start: int
    end: int
    chapter: str | None = None
    target_law: str | None = None
    action: str | None = None
    quoted: bool = False
    amending: bool = False
    children: list[_Node] = field(default_factory=list)

    def extend(self, end: int) -> None:
        self.end = end


@dataclass
class _Line:
    text: str
    start: int
    end: int
    heading: bool
    index: int = 0


def _lines_from_blocks(blocks: list[Block]) -> tuple[str, list[_Line]]:
    """Join blocks into the normalised text; each table row becomes one ``| a | b |`` line.

    Cells are placed by their column, so a table read from Word or HTML (where empty cells are
    not blocks) gives the same lines as the same table typed in plain text.
    """
    rendered: list[tuple[str, bool]] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.kind != "table_cell":
            text = re.sub(r"\s+", " ", block.text).strip()
            if text:
                rendered.append((text, block.kind == "heading"))
            i += 1
            continue
        cells: dict[tuple[int, int], str] = {}
        while i < len(blocks) and blocks[i].kind == "table_cell" and blocks[i].table == block.table:
            cell = blocks[i]
            cells[(cell.row or 0, cell.col or 0)] = re.sub(r"\s+", " ", cell.text).strip()
            i += 1
        width = max(col for _, col in cells) + 1
        for row in sorted({r for r, _ in cells}):
            rendered.append((pipe_row([cells.get((row, col), "") for col in range(width)]), False))

    lines: list[_Line] = []
    pos = 0
    for i, (text, heading) in enumerate(rendered):
        lines.append(_Line(text, pos, pos + len(text), heading, i))
        pos += len(text) + 1
    return "\n".join(t for t, _ in rendered), lines


def _check_language(text: str) -> None:
    words = re.findall(r"[a-zæøåé]+", text.lower())
    if not words:
        raise InputError("Dokumentet indeholder ingen tekst, der kan læses.")
    hits = sum(1 for w in words if w in _DANISH_WORDS)
    if len(words) >= 5 and (hits < 2 or hits / len(words) < 0.06):
        raise InputError("Teksten ser ikke ud til at være på dansk. Værktøjet screener danske lovforslag og love.")


def _looks_like_heading(line: _Line, prev: _Line | None) -> bool:
    """A short unpunctuated line after a finished sentence is a subheading, not a continuation."""
    if line.heading:
        return True
    t = line.text
    if len(t) > 90 or t.endswith((".", ",", ";", ":")) or not t[0].isupper():
        return False
    return prev is None or prev.text.endswith((".", ":", "«"))


# --------------------------------------------------------------------------- the parser


class _Parser:
    def __init__(self, text: str, lines: list[_Line]) -> None:
        self.text = text
        self.lines = lines
        self.top: list[_Node] = []
        self.chapters: list[Chapter] = []
        self.chapter: str | None = None
        self.par: _Node | None = None  # current top-level §
        self.stk: _Node | None = None  # current Stk. (or the § itself)
        self.change: _Node | None = None  # current change point
        self.quoted_par: _Node | None = None  # current quoted § inside a change point
        self.last_item: _Node | None = None
        self.last_top_number = 0
        self.last_change_number = 0
        self.quote_open = False
        self.remarks_from: int | None = None

    # -- helpers
    def _new_par(self, line: _Line, number: str, letter: str | None, rest: str) -> None:
        label = f"§ {number}" + (f" {letter}" if letter else "")
        node = _Node("paragraf", label, label, line.start, line.end, chapter=self.chapter)
        if _AMENDING.search(rest):
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

    def _mark_amending(self, node: _Node, text: str) -> None:
        node.amending = True
        m = _TARGET.search(text)
        if m:
            node.target_law = m.group(1).strip()

    def _is_top_par(self, number: str, letter: str | None, rest: str) -> bool:
        """Inside an amending §, is a § line a new provision of the bill or quoted new text?"""
        if self.change is None:
            return True
        if self.quote_open:
            return False
        if _AMENDING.search(rest):
            return True
        n = int(number)
        if letter:
            return False
        if n == self.last_top_number + 1:
            return True
        return n > self.last_top_number and bool(_COMMENCEMENT.search(rest))

    def _update_quote(self, text: str) -> None:
        opened = text.count("»") - text.count("«")
        if opened > 0:
            self.quote_open = True
        elif opened < 0 or (self.quote_open and text.rstrip().endswith("«")):
            self.quote_open = False

    def _append_continuation(self, line: _Line) -> None:
        target = self.last_item or self.stk or self.par
        if self.change is not None:
            target = self.last_item or self.quoted_stk or self.change
        if target is not None:
            target.extend(line.end)

    @property
    def quoted_stk(self) -> _Node | None:
        if self.quoted_par is None:
            return None
        return self.quoted_par.children[-1] if self.quoted_par.children else self.quoted_par

    # -- main loop
    def parse_provisions(self) -> None:
        prev: _Line | None = None
        for idx, line in enumerate(self.lines):
            t = line.text
            if _REMARKS_START.match(t) and self.top:
                self.remarks_from = idx
                return
            if _PAGE_NUMBER.match(t):
                continue
            self._line(line, prev)
            prev = line

    def _line(self, line: _Line, prev: _Line | None) -> None:
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

        if self.change is None and not self.par.amending and _AMENDING.search(t) and not self.par.children:
            # "§ 1" on its own line, then "I lov om …, foretages følgende ændringer:"
            self._mark_amending(self.par, t)
            self.par.extend(line.end)
            return
        if self.change is None and self.stk is self.par and self.par.end - self.par.start <= len(self.par.label) + 1:
            self.par.extend(line.end)  # "§ 3" on its own line: the next line is its text
            return
        if not self.quote_open and not t.startswith("»") and _looks_like_heading(line, prev):
            self.last_item = None
            return  # a subheading between provisions
        self._append_continuation(line)
        self._update_quote(t)

    def _chapter_is_quoted(self, line: _Line) -> bool:
        # Inside a change point, a chapter heading belongs to the quoted text unless the next
        # § line starts a new provision of the bill itself.
        i = line.index
        for nxt in self.lines[i + 1 : i + 4]:
            m = _PAR.match(nxt.text)
            if m:
                return not (not m.group(2) and int(m.group(1)) == self.last_top_number + 1)
        return True

    def _new_chapter(self, line: _Line, number: str, rest: str) -> None:
        label = f"Kapitel {number}"
        heading = rest.strip() or None
        if heading is None:
            i = line.index
            if i + 1 < len(self.lines):
                nxt = self.lines[i + 1].text
                if not (_PAR.match(nxt) or _CHAPTER.match(nxt)) and len(nxt) <= 150:
                    heading = nxt
        self.chapters.append(Chapter(label=label, heading=heading, start=line.start, end=line.end))
        self.chapter = label
        self.change = None
        self.quoted_par = None
        # A chapter ends the provision before it: its heading or a "(Ophævet)" note is not that text.
        self.par = self.stk = self.last_item = None

    def _quoted_par(self, line: _Line, number: str, letter: str | None, rest: str) -> None:
        label = f"§ {number}" + (f" {letter}" if letter else "")
        if self.change is None:
            # A § quoted outside any change point (a consolidated text's oddity): keep it top-level.
            self._new_par(line, number, letter, rest)
            return
        node = _Node("paragraf", label, f"{self.change.ref} ({label})", line.start, line.end, quoted=True)
        self.change.children.append(node)
        self.change.extend(line.end)
        self.quoted_par = node
        self.last_item = None

    def _stk(self, line: _Line, number: str) -> None:
        self.last_item = None
        if self.change is not None:
            parent = self.quoted_par
            if parent is None:
                # "1. § 34 b, stk. 3, affattes således:" followed by "Stk. 3. …"
                m = _QUOTED_PAR.search(self.change_instruction()) or _FIRST_PAR_REF.search(self.change_instruction())
                label = f"§ {m.group(1)}" if m else "?"
                parent = _Node("paragraf", label, f"{self.change.ref} ({label})", line.start, line.start, quoted=True)
                self.change.children.append(parent)
                self.quoted_par = parent
            inner = parent.label
            node = _Node("stk", f"Stk. {number}", f"{self.change.ref} ({inner}, stk. {number})", line.start, line.end, quoted=True)
            parent.children.append(node)
            parent.extend(line.end)
            self.change.extend(line.end)
            return
        node = _Node("stk", f"Stk. {number}", f"{self.par.ref}, stk. {number}", line.start, line.end, chapter=self.chapter)
        self.par.children.append(node)
        self.stk = node

    def change_instruction(self) -> str:
        assert self.change is not None
        return self.text[self.change.start : self.change.end]

    def _change_point(self, line: _Line, number: str, rest: str) -> None:
        node = _Node(
            "aendringspunkt",
            f"{number}.",
            f"{self.par.ref}, nr. {number}",
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
            label = f"§ {m.group(1)}"
            self.quoted_par = _Node("paragraf", label, f"{node.ref} ({label})", line.start, line.end, quoted=True)
            node.children.append(self.quoted_par)

    def _item(self, line: _Line, number: str) -> None:
        if self.change is not None:
            parent = self.quoted_stk or self.change
            base = parent.ref
        else:
            parent = self.stk or self.par
            base = parent.ref
        label = f"{number.replace(' ', '')})"
        item_ref = f"{base}, nr. {number.replace(' ', '')}" if not base.endswith(")") else f"{base[:-1]}, nr. {number.replace(' ', '')})"
        node = _Node("nr", label, item_ref, line.start, line.end, quoted=self.change is not None)
        parent.children.append(node)
        parent.extend(line.end)
        if self.change is not None:
            self.change.extend(line.end)
            if self.quoted_par is not None:
                self.quoted_par.extend(line.end)
        elif self.stk is not None and self.stk is not self.par:
            self.par.extend(line.end)
        self.last_item = node


# --------------------------------------------------------------------------- remarks


def _expand_numbers(spec: str) -> list[str]:
    """'2-5' -> 2,3,4,5; '1 og 4' -> 1,4; '2, 3 og 5' -> 2,3,5; '85 a' stays."""
    out: list[str] = []
    for part in re.split(r"\s*(?:,|\bog\b)\s*", spec):
        part = part.strip().rstrip(".")
        if not part:
            continue
        m = re.fullmatch(r"(\d+)\s*[-–]\s*(\d+)", part)
        if m and int(m.group(2)) - int(m.group(1)) < 200:
            out.extend(str(n) for n in range(int(m.group(1)), int(m.group(2)) + 1))
        else:
            out.append(part)
    return out


def _parse_remarks(text: str, lines: list[_Line]) -> list[Remark]:
    remarks: list[Remark] = []
    part = "almindelige"
    current: dict | None = None
    current_par: str | None = None

    def close(end_line: _Line | None) -> None:
        nonlocal current
        if current is None:
            return
        end = current["end"]
        # The remark's text is its body; the heading line ("Til nr. 3") is in ``heading``.
        body_start = current.get("body")
        if body_start is None:
            body_start = end
        remarks.append(
            Remark(
                part=current["part"],
                ref=current["ref"],
                number=current.get("number"),
                heading=current["heading"],
                text=text[body_start:end],
                start=body_start,
                end=end,
                provision_refs=current.get("refs", []),
                table=current.get("table") or None,
            )
        )
        current = None

    for line in lines:
        t = line.text
        if _SPECIAL_START.match(t):
            close(line)
            part = "specielle"
            continue
        if _GENERAL_START.match(t) or re.match(r"^Bemærkninger\s+til\s+lovforslaget$", t, re.IGNORECASE):
            close(line)
            part = "almindelige"
            continue
        if _PAGE_NUMBER.match(t):
            continue
        if part == "specielle":
            m = _TIL_PAR.match(t)
            if m and len(t) < 60:
                close(line)
                nums = _expand_numbers(m.group(1))
                current_par = nums[0] if len(nums) == 1 else None
                current = {
                    "part": part,
                    "ref": t.rstrip("."),
                    "heading": t.rstrip("."),
                    "start": line.start,
                    "end": line.end,
                    "refs": [f"§ {n}" for n in nums],
                }
                continue
            m = _TIL_NR.match(t)
            if m and len(t) < 60:
                close(line)
                nums = _expand_numbers(m.group(1))
                base = f"§ {current_par}" if current_par else "§ ?"
                ref = f"Til {base}, nr. {m.group(1).rstrip('.')}"
                current = {
                    "part": part,
                    "ref": ref,
                    "heading": t.rstrip("."),
                    "start": line.start,
                    "end": line.end,
                    "refs": [f"{base}, nr. {n}" for n in nums],
                }
                continue
        else:
            m = _REMARK_SECTION.match(t)
            if m and (not t.endswith((".", ",", ";")) or t.endswith("m.v.")) and not t.startswith("|"):
                close(line)
                number = m.group(1)
                current = {
                    "part": part,
                    "ref": f"Almindelige bemærkninger, pkt. {number}",
                    "number": number,
                    "heading": m.group(2).strip(),
                    "start": line.start,
                    "end": line.end,
                    "table": [],
                }
                continue
        if current is None:
            current = {"part": part, "ref": "Bemærkninger", "heading": "Bemærkninger", "start": line.start, "end": line.end, "table": []}
        if current.get("body") is None:
            current["body"] = line.start
        current["end"] = line.end
        if t.startswith("|") and t.endswith("|") and "table" in current:
            current["table"].append([c.strip() for c in t.strip("|").split("|")])
    close(None)
    return remarks


# --------------------------------------------------------------------------- assembling the Bill


def _to_provision(node: _Node, text: str) -> Provision:
    own_end = node.end
    if node.children:
        first_child = min(c.start for c in node.children)
        own_end = first_child - 1
    own = text[node.start : max(own_end, node.start)].rstrip()
    return Provision(
        kind=node.kind,  # type: ignore[arg-type]
        label=node.label,
        ref=node.ref,
        text=own,
        start=node.start,
        end=node.start + len(own),
        chapter=node.chapter,
        target_law=node.target_law,
        action=node.action,  # type: ignore[arg-type]
        quoted=node.quoted,
        children=[_to_provision(c, text) for c in node.children],
    )


def _clauses(top: list[_Node], text: str, chapters: dict[str, str | None]) -> list[Clause]:
    out: list[Clause] = []

    def add(node: _Node, ref: str, kind: str, start: int, end: int, target: str | None, chapter: str | None) -> None:
        body = text[start:end].strip()
        if body:
            out.append(
                Clause(
                    ref=ref,
                    text=body,
                    start=start,
                    end=start + len(text[start:end].rstrip()),
                    kind=kind,  # type: ignore[arg-type]
                    chapter=chapter,
                    chapter_heading=chapters.get(chapter) if chapter else None,
                    target_law=target,
                )
            )

    for par in top:
        if par.amending:
            for cp in par.children:
                if cp.kind != "aendringspunkt":
                    continue
                pieces: list[tuple[str, int, int]] = []
                for q in cp.children:
                    stks = [c for c in q.children if c.kind == "stk"]
                    if not stks:
                        pieces.append((q.ref, q.start, q.end))
                        continue
                    if stks[0].start > q.start:
                        pieces.append((q.ref[:-1] + ", stk. 1)", q.start, stks[0].start - 1))
                    pieces.extend((s.ref, s.start, s.end) for s in stks)
                if len(pieces) <= 1:
                    add(cp, cp.ref, "aendringspunkt", cp.start, cp.end, par.target_law, par.chapter)
                    continue
                # A change point that inserts several Stk. or §§: one clause each; the first keeps
                # the instruction line ("3. Efter § 137 c indsættes:") as its context.
                for i, (ref, start, end) in enumerate(pieces):
                    add(cp, ref, "stk", cp.start if i == 0 else start, end, par.target_law, par.chapter)
            continue
        stks = [c for c in par.children if c.kind == "stk"]
        if not stks:
            add(par, par.ref, "paragraf", par.start, par.end, None, par.chapter)
            continue
        first = stks[0]
        if first.label != "Stk. 1" and first.start > par.start:
            add(par, f"{par.ref}, stk. 1", "stk", par.start, first.start - 1, None, par.chapter)
        for s in stks:
            add(s, s.ref, "stk", s.start, s.end, None, par.chapter)
    out.sort(key=lambda c: c.start)
    return out


def _title(lines: list[_Line], first_par_start: int) -> str:
    head = [ln.text for ln in lines if ln.end <= first_par_start][:6]
    title_lines: list[str] = []
    for t in head:
        # Folketinget's header lines before the title: number, session, date of introduction.
        if re.match(r"^(L\s?\d+\b|Lovforslag nr\.|Fremsat\b|Folketinget\b|Folketingsåret\b|Offentligt\b|\d{4}-\d{2}\b)", t):
            continue
        if not title_lines:
            title_lines.append(t)
        elif t.startswith("(") and len(title_lines) == 1:
            title_lines.append(t)
            break
        else:
            break
    return " ".join(title_lines) if title_lines else (lines[0].text[:200] if lines else "")


def _kind(title: str, top: list[_Node]) -> str:
    low = title.lower()
    if low.startswith("bekendtgørelse af"):
        return "lovbekendtgoerelse"
    amending = [p for p in top if p.amending]
    if "om ændring af" in low or (top and amending and len(amending) >= len(top) - 1 and top[0].amending):
        return "aendringslov"
    return "ny_lov"


def parse_document(doc: SourceDocument) -> Bill:
    """Parse a read document into a ``Bill``. Raises ``InputError`` for text that is not a bill."""
    text, lines = _lines_from_blocks(doc.blocks)
    if not text.strip():
        raise InputError("Dokumentet er tomt.")
    _check_language(text)
    parser = _Parser(text, lines)
    parser.parse_provisions()
    if not parser.top:
        raise InputError(
            "Der blev ikke fundet nogen bestemmelser (§) i dokumentet. Kontrollér, at filen indeholder "
            "lovforslagets lovtekst."
        )
    remark_lines = lines[parser.remarks_from :] if parser.remarks_from is not None else []
    remarks = _parse_remarks(text, remark_lines)

    title = _title(lines, parser.top[0].start)
    head = "\n".join(ln.text for ln in lines[:12] if ln.end <= parser.top[0].start)
    number = re.search(r"\b(L\s?\d+(?:\s?[A-Z])?)\b", head)
    session = re.search(r"\b((?:19|20)\d{2}-\d{2})\b", head)
    chapter_headings = {c.label: c.heading for c in parser.chapters}
    clauses = _clauses(parser.top, text, chapter_headings)
    if not clauses:
        # E.g. "§ 1. I lov om … foretages følgende ændringer:" with the change points missing: a
        # screening of nothing would wrongly read as "no relational consequences".
        raise InputError(
            "Dokumentet indeholder ingen bestemmelser, der kan vurderes (stk. eller ændringspunkter). "
            "Kontrollér, at hele lovteksten er med."
        )
    _link_remarks(clauses, remarks)
    commencement = next(
        (c.ref.split(",")[0] for c in reversed(clauses) if not c.target_law and _COMMENCEMENT.search(c.text)),
        None,
    )
    return Bill(
        title=title,
        kind=_kind(title, parser.top),  # type: ignore[arg-type]
        number=number.group(1).replace("L", "L ").replace("  ", " ") if number else None,
        session=session.group(1) if session else None,
        source=doc.source,
        text=text,
        chapters=parser.chapters,
        provisions=[_to_provision(n, text) for n in parser.top],
        remarks=remarks,
        clauses=clauses,
        commencement_ref=commencement,
    )


def _link_remarks(clauses: list[Clause], remarks: list[Remark]) -> None:
    for clause in clauses:
        refs = [r.ref for r in remarks if any(ref_covers(p, clause.ref) for p in r.provision_refs)]
        clause.remark_refs = refs


def parse_text(text: str, name: str = "<tekst>") -> Bill:
    """Parse a bill given as text."""
    from .ingest import read_string

    return parse_document(read_string(text, name=name))
