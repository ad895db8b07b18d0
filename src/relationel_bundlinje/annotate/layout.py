"""Where each stretch of ``Bill.text`` came from: the blocks behind its lines.

``structure.lines.render_blocks`` lays the blocks out as the bill's lines (a table row as
``| a | b |``) and says where each block's text stands in them; this follows a span in the bill's
text back to the Word paragraphs it was read from, and checks that the layout gives the bill's
text character for character.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from ..models import Block
from ..structure.lines import render_blocks


@dataclass(frozen=True)
class Segment:
    """``Bill.text[start:end]`` is the whole text of block number ``block``."""

    start: int
    end: int
    block: int


class LayoutMismatch(RuntimeError):
    """The blocks do not give the bill's text: the layout here and ``structure.lines`` disagree."""


def segments(blocks: Sequence[Block], text: str) -> list[Segment]:
    out: list[Segment] = []
    pos = 0
    rendered = render_blocks(list(blocks))
    for line in rendered:
        for offset, index in line.parts:
            length = len(" ".join(blocks[index].text.split()))
            out.append(Segment(pos + offset, pos + offset + length, index))
        pos += len(line.text) + 1
    if "\n".join(line.text for line in rendered) != text:
        raise LayoutMismatch("the blocks do not give the bill's text")
    return out
