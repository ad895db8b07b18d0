"""The statement as Markdown (also what ``bundlinje screen`` prints without ``-o``)."""

from __future__ import annotations

from ..models import Assessment
from .layout import outline


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|") or " "


def _text(block) -> str:
    return f"**{block.lead}** {block.text}" if block.lead else block.text


def render_markdown(assessment: Assessment, *, skema: bool = True) -> str:
    lines: list[str] = []
    previous = None
    for block in outline(assessment, skema=skema):
        if previous == "bullet" and block.kind != "bullet":
            lines.append("")  # close the list
        if block.kind == "heading":
            lines += ["#" * block.level + " " + block.text, ""]
        elif block.kind == "paragraph":
            lines += [_text(block), ""]
        elif block.kind == "note":
            lines += [f"*{block.text}*", ""]
        elif block.kind == "quote":
            lines += [f"> {block.text}", ""]
        elif block.kind == "bullet":
            lines.append(f"- {_text(block)}")
        elif block.kind == "table":
            header, *rows = block.rows
            lines.append("| " + " | ".join(_cell(h) for h in header) + " |")
            lines.append("|" + "|".join("---" for _ in header) + "|")
            lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
            lines.append("")
        previous = block.kind
    return "\n".join(lines).rstrip("\n") + "\n"
