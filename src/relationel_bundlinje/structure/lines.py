"""Blocks -> the normalised text of the bill and its lines, and the check that it is Danish.

``Bill.text`` is the blocks' text joined by newlines (table rows rendered as ``| a | b |``), so
every span points into a text the user can see, whatever the input format was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import InputError
from ..ingest.tables import pipe_row
from ..models import Block

#: A table wider than this is written with only the columns that hold text: a hostile document
#: may number its columns in the millions.
MAX_TABLE_COLUMNS = 64

_DANISH_WORDS = frozenset(
    "og i at der til om af en et på for med den det efter kan skal ikke som de er har ved eller "
    "fra lov loven denne dette sin sit sine hvis når samt jf nr stk kommunalbestyrelsen ministeren".split()
)
_WORD = re.compile(r"[a-zæøåé]+")


@dataclass
class Line:
    text: str
    start: int
    end: int
    heading: bool
    index: int = 0


@dataclass(frozen=True)
class RenderedLine:
    """One line of the bill's text as the blocks give it, with where each block's text stands in it."""

    text: str
    heading: bool
    parts: tuple[tuple[int, int], ...]  # (offset in the line, index of the block)


def render_blocks(blocks: list[Block] | tuple[Block, ...]) -> list[RenderedLine]:
    """The blocks' layout: one line per block, one ``| a | b |`` line per table row.

    Cells are placed by their column, so a table read from Word or HTML (where empty cells are
    not blocks) gives the same lines as the same table typed in plain text. The one layout both
    the bill's text (:func:`lines_from_blocks`) and the way back to the blocks (``annotate``) use.
    """
    rendered: list[RenderedLine] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.kind != "table_cell":
            text = " ".join(block.text.split())
            if text:
                rendered.append(RenderedLine(text, block.kind == "heading", ((0, i),)))
            i += 1
            continue
        cells: dict[tuple[int, int], tuple[str, int]] = {}
        while i < len(blocks) and blocks[i].kind == "table_cell" and blocks[i].table == block.table:
            cell = blocks[i]
            cells[(cell.row or 0, cell.col or 0)] = (" ".join(cell.text.split()), i)
            i += 1
        columns = sorted({col for _, col in cells})
        if columns[-1] + 1 > MAX_TABLE_COLUMNS:
            position = {col: k for k, col in enumerate(columns)}
        else:
            position = {col: col for col in range(columns[-1] + 1)}
        width = len(position) if columns[-1] + 1 > MAX_TABLE_COLUMNS else columns[-1] + 1
        for row in sorted({r for r, _ in cells}):
            values: list[tuple[str, int | None]] = [("", None)] * width
            for (r, col), value in cells.items():
                if r == row:
                    values[position[col]] = value
            # Where each cell's text stands in pipe_row's "|" + "|".join(" cell " or " ") + "|".
            parts: list[tuple[int, int]] = []
            pos = 1
            for value, index in values:
                if value and index is not None:
                    parts.append((pos + 1, index))
                pos += len(value) + 3 if value else 2
            rendered.append(RenderedLine(pipe_row([v for v, _ in values]), False, tuple(parts)))
    return rendered


def lines_from_blocks(blocks: list[Block]) -> tuple[str, list[Line]]:
    """Join blocks into the normalised text (see :func:`render_blocks`)."""
    rendered = render_blocks(blocks)
    lines: list[Line] = []
    pos = 0
    for i, r in enumerate(rendered):
        lines.append(Line(r.text, pos, pos + len(r.text), r.heading, i))
        pos += len(r.text) + 1
    return "\n".join(r.text for r in rendered), lines


def check_language(text: str) -> None:
    """Refuse text that is plainly not Danish (the screening reads Danish legal language)."""
    words = _WORD.findall(text.lower())
    total = len(words)
    hits = sum(map(_DANISH_WORDS.__contains__, words))
    if not total:
        raise InputError("Dokumentet indeholder ingen tekst, der kan læses.")
    if total >= 5 and (hits < 2 or hits / total < 0.06):
        raise InputError("Teksten ser ikke ud til at være på dansk. Værktøjet screener danske lovforslag og love.")
