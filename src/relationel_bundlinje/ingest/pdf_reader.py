"""PDF: the text layer, one block per line. Scanned PDFs (no text layer) are refused."""

from __future__ import annotations

import io
import logging

from ..errors import InputError
from .normalize import BlockCollector

NO_TEXT = (
    "PDF-filen har intet tekstlag (den er måske scannet). "
    "Brug en Word- eller tekstudgave af lovforslaget."
)
PROTECTED = "PDF-filen er beskyttet med adgangskode og kan ikke læses."
DAMAGED = "PDF-filen er beskadiget og kan ikke læses."


def read_pdf(data: bytes, collector: BlockCollector) -> None:
    from pypdf import PdfReader  # imported here to keep CLI start-up fast

    # pypdf logs warnings about harmless irregularities; the user gets our messages instead.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            _decrypt(reader)
        pages = list(reader.pages)
    except InputError:
        raise
    except Exception:  # noqa: BLE001 - pypdf raises many types on damaged files
        raise InputError(DAMAGED) from None
    found_text = False
    for page in pages:
        try:
            text = page.extract_text() or ""
        except Exception:  # noqa: BLE001 - one damaged page content stream
            raise InputError(DAMAGED) from None
        for line in text.splitlines():
            if collector.add("paragraph", line) is not None:
                found_text = True
    if not found_text:
        raise InputError(NO_TEXT)


def _decrypt(reader) -> None:  # noqa: ANN001 - pypdf PdfReader
    # A PDF with only an owner password (printing/copying restrictions) opens with an empty password.
    try:
        ok = reader.decrypt("")
    except Exception:  # noqa: BLE001 - unsupported algorithm or missing crypto dependency
        raise InputError(PROTECTED) from None
    if not ok:
        raise InputError(PROTECTED)
