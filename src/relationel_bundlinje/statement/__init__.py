"""The impact statement: Danish text (``compose``) and its renderings (.md, .docx, .json).

``render(assessment, fmt, skema=True)`` gives the bytes of one format; every format is
deterministic, so the same assessment (with the same record date) gives byte-identical output.
"""

from __future__ import annotations

from ..errors import BundlinjeError
from ..models import Assessment

FORMATS: tuple[str, ...] = ("docx", "md", "json")


def render(assessment: Assessment, fmt: str, *, skema: bool = True) -> bytes:
    """The statement in format ``fmt`` (docx, md or json). ``skema`` adds the optional skema row."""
    if fmt == "md":
        from .markdown import render_markdown

        return render_markdown(assessment, skema=skema).encode("utf-8")
    if fmt == "docx":
        from .docx import render_docx

        return render_docx(assessment, skema=skema)
    if fmt == "json":
        from .jsonout import render_json

        return render_json(assessment).encode("utf-8")
    raise BundlinjeError(f"Ukendt format »{fmt}«. Vælg et af: {', '.join(FORMATS)}.")


__all__ = ["FORMATS", "render"]
