"""Which reader a file needs: format from the extension, checked against the file's first bytes."""

from __future__ import annotations

from ..errors import InputError

EXTENSIONS: dict[str, str] = {
    ".docx": "docx",
    ".txt": "txt",
    ".text": "txt",
    ".md": "txt",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".xml": "xml",
    ".pdf": "pdf",
}
FORMATS = ("docx", "txt", "html", "xml", "pdf")
ACCEPTED = "Word (.docx), tekst (.txt), HTML (.html/.htm), XML (.xml) og PDF (.pdf)"

_FORMAT_ALIASES = {"text": "txt", "md": "txt", "htm": "html", "xhtml": "html"}

MAGIC_ZIP = b"PK\x03\x04"
MAGIC_EMPTY_ZIP = b"PK\x05\x06"
MAGIC_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAGIC_PDF = b"%PDF-"

_MAGIC_NAMES = [
    (MAGIC_OLE, "et ældre eller adgangskodebeskyttet Office-dokument"),
    (MAGIC_PDF, "en PDF-fil"),
    (MAGIC_ZIP, "en zip-fil (fx et Word-dokument)"),
    (b"\x89PNG", "et billede (PNG)"),
    (b"\xff\xd8\xff", "et billede (JPEG)"),
    (b"GIF8", "et billede (GIF)"),
    (b"{\\rtf", "et RTF-dokument"),
]


def format_for_name(name: str) -> str:
    """Format from the file name's extension, or a clear error naming the accepted formats."""
    dot = name.rfind(".")
    ext = name[dot:].lower() if dot > 0 or (dot == 0 and len(name) > 1) else ""
    if ext == ".doc":
        raise InputError(
            "Filen er et ældre Word-dokument (.doc), som ikke kan læses. "
            "Gem det som .docx i Word, og prøv igen."
        )
    fmt = EXTENSIONS.get(ext)
    if fmt is None:
        shown = f"endelsen {ext}" if ext else "ingen endelse"
        raise InputError(f"Filformatet kan ikke læses (filen har {shown}). Understøttede formater: {ACCEPTED}.")
    return fmt


def normalise_format(fmt: str) -> str:
    fmt = fmt.lower().lstrip(".")
    fmt = _FORMAT_ALIASES.get(fmt, fmt)
    if fmt not in FORMATS:
        raise InputError(f"Ukendt format »{fmt}«. Understøttede formater: {ACCEPTED}.")
    return fmt


def sniff(head: bytes) -> str | None:
    """A description of what the first bytes say the file is, for binary formats we recognise."""
    for magic, description in _MAGIC_NAMES:
        if head.startswith(magic):
            return description
    return None


def check_magic(head: bytes, fmt: str) -> None:
    """Refuse a file whose content plainly is not the format its name claims."""
    if fmt == "docx":
        # An OLE compound file is a password-protected .docx or an old .doc; the docx reader tells which.
        if not head.startswith((MAGIC_ZIP, MAGIC_EMPTY_ZIP, MAGIC_OLE)):
            raise InputError(_not_docx(head))
        return
    if fmt == "pdf":
        # The PDF header may follow some junk bytes; readers accept it within the first KB.
        if MAGIC_PDF not in head[:1024]:
            raise InputError("Filen ser ikke ud til at være en PDF-fil, eller den er beskadiget.")
        return
    found = sniff(head)
    if found:
        label = {"txt": "tekstfil", "html": "HTML-fil", "xml": "XML-fil"}[fmt]
        raise InputError(
            f"Filens endelse angiver en {label}, men indholdet er {found}. Kontrollér filen og dens endelse."
        )


def _not_docx(head: bytes) -> str:
    base = "Filen ser ikke ud til at være et Word-dokument (.docx), eller den er beskadiget."
    found = sniff(head)
    return f"{base} Indholdet ligner {found}." if found else base
