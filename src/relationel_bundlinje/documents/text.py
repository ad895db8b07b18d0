"""Blocks -> plain text, for pasting into a document that has its own styles."""

from __future__ import annotations

import textwrap
from typing import Sequence

from .blocks import Block


def render_text(blocks: Sequence[Block], width: int = 100) -> str:
    out: list[str] = []
    for block in blocks:
        if block.kind == "heading":
            out += [block.text, ""]
        elif block.kind in ("paragraph", "note", "quote"):
            out += [textwrap.fill(block.full_text, width), ""]
        elif block.kind == "bullet":
            out.append(textwrap.fill(block.full_text, width, initial_indent="- ", subsequent_indent="  "))
        elif block.kind == "table":
            for row in block.rows:
                out.append(" | ".join(" ".join(c.split()) for c in row))
            out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
