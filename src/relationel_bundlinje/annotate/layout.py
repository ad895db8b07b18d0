"""Where each stretch of ``Bill.text`` came from: the blocks behind its lines.

``structure.lines`` joins one line per block and renders a table row as ``| a | b |``; this is the
same layout, kept with the block each stretch came from, so a span in the bill's text can be
followed back to the Word paragraphs it was read from. The two must agree character for
character, which :func:`segments` checks against the bill's text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ..models import Block
from ..structure.lines import MAX_TABLE_COLUMNS


@dataclass(frozen=True)
class Segment:
    """``Bill.text[start:end]`` is the whole text of block number ``block``."""

    start: int
    end: int
    block: int


class LayoutMismatch(RuntimeError):
    """The blocks do not give the bill's text: the layout here and ``structure.lines`` disagree."""


def segments(blocks: Sequence[Block], text: str) -> list[Segment]:
    rendered: list[tuple[str, list[tuple[int, int]]]] = []  # line text, (offset in line, block)
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.kind != "table_cell":
            line = " ".join(block.text.split())
            if line:
                rendered.append((line, [(0, i)]))
            i += 1
            continue
        cells: dict[tuple[int, int], tuple[str, int]] = {}
        while i < len(blocks) and blocks[i].kind == "table_cell" and blocks[i].table == block.table:
            cell = blocks[i]
            cells[(cell.row or 0, cell.col or 0)] = (" ".join(cell.text.split()), i)
            i += 1
        columns = sorted({col for _, col in cells})
        wide = columns[-1] + 1 > MAX_TABLE_COLUMNS
        position = {col: k for k, col in enumerate(columns)} if wide else {col: col for col in range(columns[-1] + 1)}
        width = len(position) if wide else columns[-1] + 1
        for row in sorted({r for r, _ in cells}):
            values: list[tuple[str, int | None]] = [("", None)] * width
            for (r, col), value in cells.items():
                if r == row:
                    values[position[col]] = value
            # "|" + "|".join(" cell " or " ") + "|", as ingest.tables.pipe_row writes it.
            line, parts, pos = "|", [], 1
            for value, index in values:
                if value:
                    if index is not None:
                        parts.append((pos + 1, index))
                    line += f" {value} |"
                    pos += len(value) + 3
                else:
                    line += " |"
                    pos += 2
            rendered.append((line, parts))
    out: list[Segment] = []
    pos = 0
    joined: list[str] = []
    for line, parts in rendered:
        for offset, index in parts:
            length = len(" ".join(blocks[index].text.split()))
            out.append(Segment(pos + offset, pos + offset + length, index))
        joined.append(line)
        pos += len(line) + 1
    if "\n".join(joined) != text:
        raise LayoutMismatch("the blocks do not give the bill's text")
    return out
