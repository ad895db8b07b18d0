"""PDF: the text layer, one block per line. Scanned PDFs (no text layer) are refused."""

from __future__ import annotations

import contextlib
import io
import logging
import threading
from collections.abc import Iterator

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

    with quiet_pypdf():
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


_quiet_lock = threading.Lock()
_quiet_readers = 0
_saved_level = logging.NOTSET


@contextlib.contextmanager
def quiet_pypdf() -> Iterator[None]:
    """Hide pypdf's warnings (harmless irregularities; the user gets our messages) while reading.

    pypdf logs through loggers below "pypdf"; that logger's level is raised to ERROR while at least
    one PDF is being read and put back as it was when the last concurrent read ends, so logging
    outside the reads is what the application configured. While a read runs, pypdf warnings from
    other threads are hidden too: the price of not touching any handler or the root logger.
    """
    global _quiet_readers, _saved_level
    logger = logging.getLogger("pypdf")
    with _quiet_lock:
        if _quiet_readers == 0:
            _saved_level = logger.level
            if logger.getEffectiveLevel() < logging.ERROR:
                logger.setLevel(logging.ERROR)
        _quiet_readers += 1
    try:
        yield
    finally:
        with _quiet_lock:
            _quiet_readers -= 1
            if _quiet_readers == 0:
                logger.setLevel(_saved_level)


def _decrypt(reader) -> None:  # noqa: ANN001 - pypdf PdfReader
    # A PDF with only an owner password (printing/copying restrictions) opens with an empty password.
    try:
        ok = reader.decrypt("")
    except Exception:  # noqa: BLE001 - unsupported algorithm or missing crypto dependency
        raise InputError(PROTECTED) from None
    if not ok:
        raise InputError(PROTECTED)
