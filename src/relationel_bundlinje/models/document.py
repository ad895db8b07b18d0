"""What a reader hands on: a file read into ordered text blocks, nothing interpreted yet."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

BlockKind = Literal["heading", "paragraph", "list_item", "table_cell"]
SourceFormat = Literal["docx", "txt", "html", "xml", "pdf"]


class Model(BaseModel):
    """Base of every public model: unknown fields are errors, so a typo never passes silently."""

    model_config = ConfigDict(extra="forbid")


class Block(Model):
    """One ordered unit of text as a reader found it."""

    kind: BlockKind
    text: str
    level: int | None = Field(default=None, description="Heading level (1 = top) where known.")
    table: int | None = Field(default=None, description="Index of the table a cell belongs to.")
    row: int | None = None
    col: int | None = None
    style: str | None = Field(default=None, description="Source style or element name, for diagnostics.")


class SourceInfo(Model):
    name: str = Field(description="File name (or '<tekst>' for text given directly).")
    format: SourceFormat
    sha256: str = Field(description="SHA-256 of the input bytes as read.")
    size: int = Field(description="Size of the input in bytes.")


class SourceDocument(Model):
    """A file read into ordered blocks."""

    source: SourceInfo
    blocks: list[Block]
