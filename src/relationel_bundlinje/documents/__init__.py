"""Document outlines (``Block``) and their renderings: Markdown, plain text and Word in the
ministry's house style. Shared by the statement, the guide and the synopsis of a diff."""

from __future__ import annotations

from .blocks import Block
from .docx import render_docx
from .markdown import escape, render_markdown
from .text import render_text

__all__ = ["Block", "escape", "render_docx", "render_markdown", "render_text"]
