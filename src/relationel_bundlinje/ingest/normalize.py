"""Text clean-up shared by all readers, and the block collector that enforces the block contract."""

from __future__ import annotations

import functools
import re
import unicodedata

from ..errors import InputError
from ..models import Block, BlockKind
from .limits import format_count

# Spaces Word, HTML and PDFs use besides U+0020; all become one normal space.
_ODD_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_TRANSLATE = {ord(c): " " for c in _ODD_SPACES}
_LINE_BREAKS = "\t\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_TRANSLATE |= {ord(c): " " for c in _LINE_BREAKS}
# Remaining C0/C1 control characters carry no text.
_TRANSLATE |= {c: None for c in [*range(0x00, 0x20), *range(0x7F, 0xA0)] if c not in _TRANSLATE}
_WS = re.compile(r"\s+")

MAX_STYLE_CHARS = 200
"""A block's ``style`` is a name for diagnostics; longer values are cut."""

# Surrogates never come from a decoder; only a Python string given directly can hold them.
_SURROGATE = re.compile("[\ud800-\udfff]")


@functools.cache
def _invisible() -> re.Pattern[str]:
    """Characters that are removed before anything else looks at the text.

    Every format-control character (general category Cf: zero-width spaces and joiners, bidi marks
    and embeddings such as U+200E and U+202A-U+202E, isolates U+2066-U+2069, U+061C, the BOM U+FEFF,
    the soft hyphen U+00AD, Unicode tag characters …): invisible, yet a left-to-right mark between
    "§" and "2" hides the provision from the structure parser. Also the noncharacters (U+FDD0-U+FDEF and U+xFFFE/U+xFFFF
    of every plane), the whole tag block U+E0000-U+E007F and surrogates, none of which XML 1.0 (and
    so a .docx) can hold. Built from the running Python's Unicode database on first use (about 40 ms),
    so characters added in later Unicode versions are covered too.
    """
    removed = {*range(0xFDD0, 0xFDF0), *range(0xE0000, 0xE0080), *range(0xD800, 0xE000)}
    removed |= {plane | low for plane in range(0, 0x110000, 0x10000) for low in (0xFFFE, 0xFFFF)}
    # Planes 4-13 are unassigned and planes 15-16 are private use (never Cf): skip them.
    removed |= {cp for cp in [*range(0x40000), *range(0xE0000, 0xF0000)] if unicodedata.category(chr(cp)) == "Cf"}
    ranges: list[tuple[int, int]] = []
    for cp in sorted(removed):
        if ranges and cp == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], cp)
        else:
            ranges.append((cp, cp))
    body = "".join(_class_char(lo) if lo == hi else f"{_class_char(lo)}-{_class_char(hi)}" for lo, hi in ranges)
    return re.compile(f"[{body}]+")


def _class_char(cp: int) -> str:
    return f"\\U{cp:08x}"


def strip_invisible(text: str) -> str:
    """``text`` without format-control characters, noncharacters, tag characters and surrogates."""
    if text.isascii() or _printable_lines(text):
        return text
    return _invisible().sub("", text)


def _printable_lines(text: str) -> bool:
    """Is every line of ``text`` printable? Then it holds nothing :func:`_invisible` removes: every
    character removed is unprintable (categories Cf, Cn and Cs), and the line breaks ``splitlines``
    cuts at are none of them. A few milliseconds for a whole act, where building the pattern takes
    tens and matching it more; a text with a tab, an odd space or a mark takes the pattern."""
    return all(line.isprintable() for line in text.splitlines())


def has_surrogates(text: str) -> bool:
    return not text.isascii() and _SURROGATE.search(text) is not None


def clean_name(name: str) -> str:
    """A source name fit for reports: a file name's undecodable bytes (lone surrogates on POSIX)
    shown as U+FFFD, invisible and control characters removed."""
    name = _SURROGATE.sub("\ufffd", name)
    return strip_invisible(name).translate(_TRANSLATE).strip()[:255] or "<uden navn>"


def clean_text(text: str) -> str:
    """One line of text: invisible characters gone, odd spaces to spaces, NFC, whitespace collapsed.

    Invisible characters go before NFC: between a letter and its combining accent they would
    otherwise keep the two from being composed.
    """
    if not text.isprintable():
        text = strip_invisible(text).translate(_TRANSLATE)
    # A printable line holds nothing invisible and nothing ``_TRANSLATE`` maps (odd spaces, line
    # breaks, controls: all unprintable), and its only whitespace is U+0020, so where it has no
    # run of spaces there is nothing to collapse.
    text = unicodedata.normalize("NFC", text)
    if "  " in text or not text.isprintable():
        text = _WS.sub(" ", text)
    return text.strip()


def clean_style(style: str | None) -> str | None:
    """A style or element name fit for a block: no invisible or control characters, not too long."""
    if style is None:
        return None
    return clean_text(style)[:MAX_STYLE_CHARS] or None


MAX_SPAN = 1000
_SPAN = re.compile(r"\s*([0-9]{1,4})\s*")


def parse_span(value: str | None) -> int:
    """A cell's column span (HTML colspan, Word gridSpan): ASCII digits below ``MAX_SPAN``, else 1.

    ``str.isdigit()`` accepts "²", which ``int()`` refuses; a span of 10^9 would make every table
    line a billion cells wide.
    """
    match = _SPAN.fullmatch(value) if value else None
    span = int(match.group(1)) if match else 1
    return span if 0 < span < MAX_SPAN else 1


class BlockCollector:
    """Collects blocks in order, skipping empty ones and refusing documents with too many.

    Tables are bounded as they will be written out: every table line is as wide as the table's
    widest row (``tables.document_lines``, ``structure``), so a few cells with large column
    indices would otherwise become billions of empty cells.
    """

    def __init__(self, max_blocks: int, max_table_cells: int = 2_000_000) -> None:
        self.max_blocks = max_blocks
        self.max_table_cells = max_table_cells
        self.blocks: list[Block] = []
        self.tables = 0
        self._shape: dict[int, tuple[int, int]] = {}  # table -> (rows, width) as written out
        self._cells = 0

    def _count_cell(self, table: int | None, row: int | None, col: int | None) -> None:
        key = table or 0
        rows, width = self._shape.get(key, (0, 0))
        grown = (max(rows, (row or 0) + 1), max(width, (col or 0) + 1))
        self._cells += grown[0] * grown[1] - rows * width
        self._shape[key] = grown
        if self._cells > self.max_table_cells:
            raise InputError(
                f"Dokumentets tabeller fylder over {format_count(self.max_table_cells)} celler, når de skrives ud som tekst "
                "(fx på grund af meget store kolonnespænd), og dokumentet læses ikke af sikkerhedshensyn."
            )

    def new_table(self) -> int:
        """The index of the next table; kept here so that tables read by different readers (a
        Word document and the HTML embedded in it) never share an index."""
        self.tables += 1
        return self.tables - 1

    def add(self, kind: BlockKind, text: str, **fields: object) -> Block | None:
        text = clean_text(text)
        if not text:
            return None
        if len(self.blocks) >= self.max_blocks:
            raise InputError(
                f"Dokumentet indeholder for mange tekstafsnit (over {format_count(self.max_blocks)})."
            )
        if "style" in fields:
            fields["style"] = clean_style(fields["style"])  # type: ignore[arg-type]
        if kind == "table_cell":
            self._count_cell(fields.get("table"), fields.get("row"), fields.get("col"))  # type: ignore[arg-type]
        block = Block(kind=kind, text=text, **fields)  # type: ignore[arg-type]
        self.blocks.append(block)
        return block
