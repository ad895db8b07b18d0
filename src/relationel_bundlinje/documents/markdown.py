"""Blocks -> Markdown (what ``bundlinje screen`` prints without ``-o``)."""

from __future__ import annotations

from typing import Sequence

from .blocks import Block

_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>#|"})


def escape(text: str) -> str:
    """Text safe inside Markdown: a title with ``*`` or ``<script>`` stays text."""
    return text.translate(_MD_SPECIAL)


def _cell(text: str) -> str:
    return escape(" ".join(text.split())) or " "


def _text(block: Block) -> str:
    return f"**{escape(block.lead)}** {escape(block.text)}" if block.lead else escape(block.text)


def _runs(cell: list[tuple[str, str]]) -> str:
    out = []
    for kind, text in cell:
        t = escape(" ".join(text.split()))
        if not t:
            continue
        out.append(f"~~{t}~~" if kind == "del" else f"**{t}**" if kind == "ins" else t)
    return " ".join(out) or " "


def render_markdown(blocks: Sequence[Block]) -> str:
    lines: list[str] = []
    previous = None
    for block in blocks:
        if previous == "bullet" and block.kind != "bullet":
            lines.append("")
        if block.kind == "heading":
            lines += ["#" * block.level + " " + escape(block.text), ""]
        elif block.kind == "paragraph":
            lines += [_text(block), ""]
        elif block.kind == "note":
            lines += [f"*{escape(block.text)}*", ""]
        elif block.kind == "quote":
            lines += [f"> {escape(block.text)}", ""]
        elif block.kind == "bullet":
            lines.append(f"- {_text(block)}")
        elif block.kind == "table":
            header, *rows = block.rows
            lines.append("| " + " | ".join(_cell(h) for h in header) + " |")
            lines.append("|" + "|".join("---" for _ in header) + "|")
            for r, row in enumerate(rows):
                if block.marks is not None:
                    lines.append("| " + " | ".join(_runs(c) for c in block.marks[r]) + " |")
                else:
                    lines.append("| " + " | ".join(_cell(c) for c in row) + " |")
            lines.append("")
        previous = block.kind
    return "\n".join(lines).rstrip("\n") + "\n"
