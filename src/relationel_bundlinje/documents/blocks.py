"""The one document outline every rendering reads: headings, paragraphs, notes, bullets, quotes and
tables. The statement, the guide and the synopsis of a diff are lists of these, so Markdown, plain
text and Word always say the same thing in the same order."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "note", "bullet", "quote", "table"]


@dataclass
class Block:
    kind: BlockKind
    text: str = ""
    level: int = 1
    rows: list[list[str]] = field(default_factory=list)  # tables: the first row is the header
    lead: str = ""  # paragraphs and bullets: a label printed in bold before ``text``
    name: str = ""  # tables: which table, so a renderer can size its columns
    marks: list[list[list[tuple[str, str]]]] | None = None  # tables: runs per cell ("", "ins", "del")

    @property
    def full_text(self) -> str:
        return f"{self.lead} {self.text}" if self.lead else self.text
