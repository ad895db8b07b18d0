"""The statement as a Word document with real heading styles and bordered tables.

The output is deterministic: core properties take the record date, and the zip container is
rewritten with fixed entry timestamps (python-docx stamps entries with the current time).
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

from ..models import Assessment
from .layout import Block, outline


def _record_datetime(date: str) -> datetime:
    try:
        return datetime.strptime(date, "%Y-%m-%d")
    except ValueError:
        return datetime(2000, 1, 1)


def _add_table(doc, block: Block) -> None:
    header, *rows = block.rows
    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.style = "Table Grid"
    for i, text in enumerate(header):
        cell = table.rows[0].cells[i]
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
    for r, row in enumerate(rows, start=1):
        for i, text in enumerate(row):
            table.rows[r].cells[i].text = text


def render_docx(assessment: Assessment, *, skema: bool = True) -> bytes:
    from docx import Document

    doc = Document()
    for block in outline(assessment, skema=skema):
        if block.kind == "heading":
            doc.add_heading(block.text, level=block.level)
        elif block.kind == "paragraph":
            doc.add_paragraph(block.text)
        elif block.kind == "note":
            doc.add_paragraph().add_run(block.text).italic = True
        elif block.kind == "quote":
            doc.add_paragraph(block.text, style="Quote")
        elif block.kind == "bullet":
            doc.add_paragraph(block.text, style="List Bullet")
        elif block.kind == "table":
            _add_table(doc, block)
            doc.add_paragraph()

    when = _record_datetime(assessment.record.date)
    props = doc.core_properties
    props.title = f"Relationelle konsekvenser: {assessment.bill.title}"[:250]
    props.subject = "Relationel bundlinje"
    props.author = "relationel-bundlinje"
    props.last_modified_by = "relationel-bundlinje"
    props.created = when
    props.modified = when
    props.last_printed = when
    props.revision = 1
    props.language = "da-DK"
    props.keywords = "relationelle konsekvenser"
    props.comments = f"Værktøj {assessment.record.tool_version}; SHA-256 {assessment.record.source_sha256}"

    raw = io.BytesIO()
    doc.save(raw)
    return _fix_zip_times(raw.getvalue(), when)


def _fix_zip_times(data: bytes, when: datetime) -> bytes:
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()
