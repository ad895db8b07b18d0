"""Word's automatic list numbering: the numbers Word shows but does not store in the text.

A numbered paragraph carries ``w:numPr`` (numId, ilvl), directly or through its style. ``numbering.xml``
maps numId to an abstract definition whose levels give start value, number format and a pattern such
as ``%1.`` or ``%1.%2.``. Counters run in document order; starting a level restarts the deeper ones.

Every label costs O(1), whatever the file says (a 2 KB .docx with ``w:start`` 10^12 in roman
numerals, or a 900,000-character ``w:lvlText``, took minutes and gigabytes):

- numbers are 32-bit as in Word (``ST_DecimalNumber``); other values are ignored;
- a number above ``MAX_STYLED_NUMBER`` is shown in decimal whatever its format (roman numerals
  and repeated letters grow with the value; no bill counts that far);
- ``w:lvlText`` is cut to ``MAX_LABEL_CHARS`` before it is used, and so is the rendered label;
- only levels 0-8 exist (as in Word); other ``w:ilvl`` values are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def wval(el: etree._Element | None, tag: str) -> str | None:
    """The w:val attribute of child ``tag`` of ``el``."""
    if el is None:
        return None
    child = el.find(w(tag))
    return None if child is None else child.get(w("val"))


MAX_STYLED_NUMBER = 10_000
MAX_LABEL_CHARS = 64
LEVELS = 9
_INT32 = 2**31 - 1
_DECIMAL = re.compile(r"\s*([+-]?[0-9]{1,10})\s*")


def small_int(value: str | None, default: int) -> int:
    """A 32-bit decimal attribute value (ASCII digits only: "²".isdigit() is true), else ``default``."""
    match = _DECIMAL.fullmatch(value) if value else None
    if match is None:
        return default
    number = int(match.group(1))
    return number if -_INT32 - 1 <= number <= _INT32 else default



@dataclass(frozen=True)
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    restart: int | None = None
    legal: bool = False
    suffix: str = "tab"

    @classmethod
    def parse(cls, lvl: etree._Element) -> Level:
        is_lgl = lvl.find(w("isLgl"))
        return cls(
            start=small_int(wval(lvl, "start"), 1),
            fmt=wval(lvl, "numFmt") or "decimal",
            text=(wval(lvl, "lvlText") or "")[:MAX_LABEL_CHARS],
            restart=small_int(wval(lvl, "lvlRestart"), -1) if lvl.find(w("lvlRestart")) is not None else None,
            legal=is_lgl is not None and is_lgl.get(w("val"), "1") not in ("0", "false"),
            suffix=wval(lvl, "suff") or "tab",
        )


_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def _roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def _letter(n: int) -> str:
    # Word repeats the letter: a..z, aa..zz, aaa..
    n = max(n, 1)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    if n > MAX_STYLED_NUMBER and fmt != "none":
        return str(n)
    if fmt in ("lowerLetter",):
        return _letter(n)
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)


def _bullet(text: str) -> str:
    # Symbol/Wingdings bullets live in the private use area; show them as a plain bullet.
    return "".join("•" if 0xE000 <= ord(c) <= 0xF8FF else c for c in text) or "•"


def _levels_of(absn: etree._Element) -> dict[int, Level]:
    """Levels 0-8 of an abstract definition (a later ``w:lvl`` for the same level wins)."""
    levels: dict[int, Level] = {}
    for lvl in absn.iterfind(w("lvl")):
        ilvl = small_int(lvl.get(w("ilvl")), 0)
        if 0 <= ilvl < LEVELS:
            levels[ilvl] = lvl  # type: ignore[assignment]
    return {ilvl: Level.parse(lvl) for ilvl, lvl in levels.items()}  # type: ignore[arg-type]


class Numbering:
    """Counts list numbers through a document; ``label()`` is called once per numbered paragraph."""

    def __init__(self, root: etree._Element | None) -> None:
        self.abstracts: dict[str, dict[int, Level]] = {}
        self.style_links: dict[str, str] = {}
        self.nums: dict[str, tuple[str, dict[int, Level], dict[int, int]]] = {}
        self.counters: dict[str, list[int | None]] = {}
        if root is None:
            return
        for absn in root.iterfind(w("abstractNum")):
            aid = absn.get(w("abstractNumId"), "")
            self.abstracts[aid] = _levels_of(absn)
            link = wval(absn, "styleLink")
            if link:
                self.style_links[link] = aid
            num_link = wval(absn, "numStyleLink")
            if num_link:
                self.abstracts[aid] = {}
                self.style_links.setdefault("@" + aid, num_link)
        for num in root.iterfind(w("num")):
            nid = num.get(w("numId"), "")
            aid = wval(num, "abstractNumId") or ""
            levels: dict[int, Level] = {}
            starts: dict[int, int] = {}
            for override in num.iterfind(w("lvlOverride")):
                ilvl = small_int(override.get(w("ilvl")), 0)
                if not 0 <= ilvl < LEVELS:
                    continue
                lvl = override.find(w("lvl"))
                if lvl is not None:
                    levels[ilvl] = Level.parse(lvl)
                start = wval(override, "startOverride")
                if start is not None:
                    starts[ilvl] = small_int(start, 1)
            self.nums[nid] = (aid, levels, starts)

    def _levels(self, aid: str) -> dict[int, Level]:
        levels = self.abstracts.get(aid, {})
        if not levels and "@" + aid in self.style_links:
            # numStyleLink: the definition lives in the abstractNum that carries the style link.
            levels = self.abstracts.get(self.style_links.get(self.style_links["@" + aid], ""), {})
        return levels

    def label(self, num_id: str, ilvl: int) -> tuple[str, str] | None:
        """The number text for the next paragraph of list ``num_id`` at level ``ilvl`` and its separator."""
        if num_id not in self.nums or num_id == "0":
            return None
        aid, override_levels, starts = self.nums[num_id]
        levels = {**self._levels(aid), **override_levels}
        level = levels.get(ilvl)
        if level is None:
            return None
        # Lists that share a definition continue each other, unless one restarts with startOverride.
        key = f"num:{num_id}" if starts else f"abs:{aid}"
        counters = self.counters.setdefault(key, [None] * 9)
        ilvl = min(max(ilvl, 0), 8)

        def start_of(i: int) -> int:
            return starts.get(i, levels[i].start if i in levels else 1)

        current = counters[ilvl]
        counters[ilvl] = start_of(ilvl) if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            deeper_level = levels.get(deeper)
            if deeper_level is None or deeper_level.restart != 0:
                counters[deeper] = None
        if level.fmt == "bullet":
            return _bullet(level.text), self._separator(level)
        text = level.text
        for i in range(8, -1, -1):
            placeholder = f"%{i + 1}"
            if placeholder not in text:
                continue
            value = counters[i] if counters[i] is not None else start_of(i)
            fmt = "decimal" if level.legal else (levels[i].fmt if i in levels else "decimal")
            text = text.replace(placeholder, format_number(value, fmt))
        return text[:MAX_LABEL_CHARS], self._separator(level)

    @staticmethod
    def _separator(level: Level) -> str:
        return "" if level.suffix == "nothing" else " "
