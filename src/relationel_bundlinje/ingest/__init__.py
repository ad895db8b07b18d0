"""Readers: a document file -> ``SourceDocument`` (ordered text blocks), nothing interpreted.

Every block's text is one clean line (NFC, odd spaces and line breaks turned into single spaces,
format-control characters such as soft hyphens and bidi marks, noncharacters and surrogates
removed, never empty). Every failure is an ``InputError`` with a Danish message. Every reader is
linear in its input and bounded in memory by ``Limits``.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from ..errors import InputError
from ..models import SourceDocument, SourceInfo
from .detect import ACCEPTED, EXTENSIONS, check_magic, format_for_name, normalise_format
from .limits import DEFAULT_LIMITS, ENV_MAX_BYTES, Limits, format_mb
from .normalize import BlockCollector, clean_name, clean_text, has_surrogates, strip_invisible
from .tables import document_lines

__all__ = [
    "ACCEPTED",
    "DEFAULT_LIMITS",
    "ENV_MAX_BYTES",
    "EXTENSIONS",
    "Limits",
    "clean_text",
    "document_lines",
    "read_bytes",
    "read_path",
    "read_string",
]


def read_path(path: Path | str, *, limits: Limits | None = None) -> SourceDocument:
    """Read a document file; the format comes from the extension and is checked against the content.

    ``limits=None`` means the defaults with ``$BUNDLINJE_MAX_BYTES`` applied; limits given explicitly
    are used as they are. The file is only read, never modified.
    """
    limits = limits if limits is not None else Limits.from_env()
    path = Path(path)
    fmt = format_for_name(path.name)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError("Filen findes ikke.", path=str(path)) from None
    except OSError as err:
        raise InputError(f"Filen kan ikke læses ({_os_reason(err)}).", path=str(path)) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError("Stien er en mappe, ikke en fil.", path=str(path))
    if stat.S_ISREG(info.st_mode) and info.st_size > limits.max_bytes:
        raise InputError(_too_big(info.st_size, limits), path=str(path))
    try:
        with path.open("rb") as fh:
            # Read one byte past the limit: the size may change, or the file may be a pipe.
            data = fh.read(limits.max_bytes + 1)
    except OSError as err:
        raise InputError(f"Filen kan ikke læses ({_os_reason(err)}).", path=str(path)) from None
    if len(data) > limits.max_bytes:
        raise InputError(_too_big(max(len(data), info.st_size), limits), path=str(path))
    try:
        return _read(data, path.name, fmt, limits)
    except InputError as err:
        if err.path is None:
            raise InputError(err.message, path=str(path)) from None
        raise


def read_bytes(data: bytes, name: str, fmt: str | None = None, *, limits: Limits | None = None) -> SourceDocument:
    """Read a document given as bytes; ``fmt`` ('docx', 'txt', 'html', 'xml', 'pdf') overrides ``name``."""
    limits = limits if limits is not None else Limits.from_env()
    fmt = normalise_format(fmt) if fmt else format_for_name(name)
    if len(data) > limits.max_bytes:
        raise InputError(_too_big(len(data), limits))
    return _read(bytes(data), name, fmt, limits)


def read_string(text: str, name: str = "<tekst>", *, limits: Limits | None = None) -> SourceDocument:
    """Read text given directly (format 'txt'): one paragraph block per non-empty line."""
    from .text_reader import check_not_binary, read_text, repair_double_encoding

    limits = limits if limits is not None else Limits.from_env()
    if has_surrogates(text):
        text = _join_surrogate_pairs(text)
    data = text.encode("utf-8")
    if len(data) > limits.max_bytes:
        raise InputError(_too_big(len(data), limits))
    text = strip_invisible(text)
    if not text.strip():
        raise InputError("Teksten er tom.")
    check_not_binary(text)
    collector = BlockCollector(limits.max_blocks, limits.max_table_cells)
    read_text(repair_double_encoding(text), collector)
    return _document(collector, data, name, "txt")


def _join_surrogate_pairs(text: str) -> str:
    """A string holding UTF-16 surrogates: pairs become the character they encode; a lone one is
    refused, as it stands for bytes that were never decoded (``errors='surrogateescape'``), so a
    letter such as "ø" would be lost without a trace."""
    try:
        return text.encode("utf-16-le", errors="surrogatepass").decode("utf-16-le")
    except UnicodeDecodeError:
        raise InputError(
            "Teksten indeholder ugyldige tegn (enkeltstående UTF-16-surrogater), som tyder på en fejl i "
            "tegnkodningen, så æ, ø og å kan være gået tabt. Gem teksten som UTF-8, og prøv igen."
        ) from None


def _read(data: bytes, name: str, fmt: str, limits: Limits) -> SourceDocument:
    if not data:
        raise InputError("Filen er tom.")
    check_magic(data[:1024], fmt)
    collector = BlockCollector(limits.max_blocks, limits.max_table_cells)
    if fmt == "txt":
        from .text_reader import decode_text, read_text

        read_text(decode_text(data), collector, markdown=name.lower().endswith(".md"))
    elif fmt == "docx":
        from .docx_reader import read_docx

        read_docx(data, collector, limits)
    elif fmt == "html":
        from .html_reader import read_html

        read_html(data, collector, limits)
    elif fmt == "xml":
        from .xml_reader import read_xml

        read_xml(data, collector, limits)
    else:
        from .pdf_reader import read_pdf

        read_pdf(data, collector)
    if not collector.blocks:
        raise InputError("Filen indeholder ingen tekst.")
    return _document(collector, data, name, fmt)


def _document(collector: BlockCollector, data: bytes, name: str, fmt: str) -> SourceDocument:
    sha256 = hashlib.sha256(data).hexdigest()
    info = SourceInfo(name=clean_name(name), format=fmt, sha256=sha256, size=len(data))  # type: ignore[arg-type]
    return SourceDocument(source=info, blocks=collector.blocks)


def _too_big(size: int, limits: Limits) -> str:
    return f"Filen er for stor ({format_mb(size)}); grænsen er {format_mb(limits.max_bytes)}."


def _os_reason(err: OSError) -> str:
    if isinstance(err, PermissionError):
        return "adgang nægtet"
    if isinstance(err, IsADirectoryError):
        return "stien er en mappe"
    return os.strerror(err.errno) if err.errno else "ukendt fejl"
