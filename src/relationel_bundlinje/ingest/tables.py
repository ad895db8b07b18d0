"""Blocks back to lines, with table rows as pipe lines: the plain-text form of a document."""

from __future__ import annotations

from ..models import SourceDocument


def pipe_row(cells: list[str]) -> str:
    """'| a | b |' with an empty cell written as '| |', as bills in plain text show tables."""
    return "|" + "|".join(f" {cell} " if cell else " " for cell in cells) + "|"


def document_lines(doc: SourceDocument) -> list[str]:
    """The document's text as lines: one per block, one pipe line per table row (empty cells kept)."""
    lines: list[str] = []
    blocks = doc.blocks
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.kind != "table_cell":
            lines.append(block.text)
            i += 1
            continue
        table = block.table
        cells: dict[tuple[int, int], str] = {}
        while i < len(blocks) and blocks[i].kind == "table_cell" and blocks[i].table == table:
            cell = blocks[i]
            cells[(cell.row or 0, cell.col or 0)] = cell.text
            i += 1
        width = max(col for _, col in cells) + 1
        for row in sorted({row for row, _ in cells}):
            lines.append(pipe_row([cells.get((row, col), "") for col in range(width)]))
    return lines
