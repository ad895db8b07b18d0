"""Resource limits for reading untrusted documents."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace

from ..errors import InputError

MB = 1024 * 1024

ENV_MAX_BYTES = "BUNDLINJE_MAX_BYTES"


@dataclass(frozen=True)
class Limits:
    """How much a reader accepts before it refuses the input.

    The defaults are far above any real bill (a long bill with remarks is 1-5 MB as .docx) and far
    below what would exhaust memory.
    """

    max_bytes: int = 50 * MB
    """Size of the input file."""
    max_uncompressed_bytes: int = 200 * MB
    """Total uncompressed size of the members of a .docx (a zip file)."""
    max_compression_ratio: float = 100.0
    """Uncompressed/compressed size of one large zip member; real Word XML stays well below."""
    max_xml_depth: int = 200
    max_html_depth: int = 200
    max_blocks: int = 200_000
    max_elements: int = 1_000_000
    """Elements of an HTML or XML file; a long bill as HTML has tens of thousands."""
    max_attributes: int = 1_000
    """Attributes of one HTML element; real pages have a handful."""
    max_docx_elements: int = 4_000_000
    """XML elements of all parts of a .docx together (about 1 GB as lxml trees); a long bill has
    a few hundred thousand."""
    max_package_entries: int = 100_000
    """Members of a .docx (a zip file), entries of its ``[Content_Types].xml`` and relationships of
    one part; a bill has tens to hundreds."""
    max_table_cells: int = 2_000_000
    """Cells of all tables as they are written out as text (rows x widest row, empty cells too)."""
    max_alt_chunks: int = 1_000
    """Embedded parts (``w:altChunk``) of a .docx; documents merged by a program have a few dozen."""

    @classmethod
    def from_env(cls, base: Limits | None = None) -> Limits:
        """``base`` (or the defaults) with ``$BUNDLINJE_MAX_BYTES`` applied when it is set."""
        limits = base or cls()
        raw = os.environ.get(ENV_MAX_BYTES, "").strip()
        if not raw:
            return limits
        return replace(limits, max_bytes=parse_size(raw))


def parse_size(raw: str) -> int:
    """'52428800', '50MB', '50 mb', '500kb' -> bytes."""
    match = re.fullmatch(r"\s*(\d+)\s*(b|kb|mb|gb)?\s*", raw, flags=re.IGNORECASE)
    if not match or int(match.group(1)) <= 0:
        raise InputError(
            f"Miljøvariablen {ENV_MAX_BYTES} skal være et positivt antal bytes, fx 52428800 eller 50MB "
            f"(den er sat til »{raw}«)."
        )
    factor = {"b": 1, "kb": 1024, "mb": MB, "gb": 1024 * MB}[(match.group(2) or "b").lower()]
    return int(match.group(1)) * factor


def format_mb(size: int) -> str:
    """A size the Danish way: '212,4 MB', '50 MB', '12 kB', '10 bytes'."""
    if size < 1024:
        return f"{size} bytes"
    if size < MB:
        return f"{size // 1024} kB"
    value = size / MB
    text = f"{value:.0f}" if value == int(value) or value >= 100 else f"{value:.1f}"
    return text.replace(".", ",") + " MB"


def format_count(count: int) -> str:
    """A count the Danish way: '1.000.000'."""
    return f"{count:,}".replace(",", ".")


DEFAULT_LIMITS = Limits()
