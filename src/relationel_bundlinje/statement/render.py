"""An assessment as bytes: the section alone (``md``, ``txt``) or with the appendix (``docx``
by default, or ``with_appendix``), and ``json`` carrying both. Deterministic: the same assessment
(with the same record date) gives byte-identical output."""

from __future__ import annotations

from ..documents.docx import render_docx
from ..documents.markdown import render_markdown
from ..documents.text import render_text
from ..errors import BundlinjeError
from ..models import Assessment
from .appendix import outline

FORMATS: tuple[str, ...] = ("docx", "md", "txt", "json")


def render(assessment: Assessment, fmt: str, *, skema: bool = True, with_appendix: bool | None = None) -> bytes:
    """The statement in ``fmt``. ``with_appendix`` defaults to True for docx, False otherwise."""
    if fmt == "json":
        # pydantic keeps field order and dict insertion order, so the text is deterministic.
        return (assessment.model_dump_json(indent=2) + "\n").encode("utf-8")
    if fmt not in FORMATS:
        raise BundlinjeError(f"Ukendt format »{fmt}«. Vælg et af: {', '.join(FORMATS)}.")
    if assessment.statement is None:
        raise BundlinjeError("Vurderingen har intet afsnit; brug Screener.screen eller statement.compose først.")
    appendix = (fmt == "docx") if with_appendix is None else with_appendix
    blocks = outline(assessment, skema=skema, appendix=appendix)
    if fmt == "md":
        return render_markdown(blocks).encode("utf-8")
    if fmt == "txt":
        return render_text(blocks).encode("utf-8")
    r = assessment.record
    return render_docx(
        blocks,
        title=f"Relationelle konsekvenser: {assessment.bill.title}",
        subject="Relationel bundlinje",
        date=r.date,
        comments=f"Værktøj {r.tool_version}; SHA-256 {r.source_sha256}",
    )
