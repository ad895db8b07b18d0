"""Decoding HTML and XML: a declared charset is checked against the bytes, never trusted blindly.

Pages are saved with one charset and declared with another often enough (UTF-8 declared
``macintosh``, cp1252 declared UTF-8) that trusting the declaration turns "besøg" into "bes√∏g" and
the screening goes wrong without a word. The rules, in order:

1. A byte order mark, or the first bytes of UTF-16/UTF-32 markup without one ("<" followed by NUL
   bytes), decide. The declaration, read from ASCII-compatible bytes, cannot describe such a file.
2. Encodings in which ASCII bytes do not mean ASCII (UTF-7, ISO-2022-*, HZ) are refused whatever
   the bytes: a filter and the reader could see different text.
3. Bytes that are valid UTF-8 are UTF-8, whatever is declared: text in a legacy code page with a
   byte above 0x7F is practically never valid UTF-8 by accident (and pure ASCII reads the same in
   every ASCII-compatible encoding).
4. Other bytes: declared windows-1252 (or Latin-1/ASCII, which browsers read as windows-1252) or
   ISO-8859-15 is used unless the text shows the mark of a DOS code page; any other declared
   encoding is used only if the text it gives is plainly Danish (æ, ø or å, and only Latin
   letters and punctuation); with no or a UTF-8 declaration, clearly Danish cp1252 is accepted
   as the .txt reader does. Everything else is refused with a Danish message.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable

from ..errors import InputError
from .text_reader import ENCODING_MESSAGE, decode_legacy, has_dos_telltale

_UTF8 = {"utf-8", "utf-8-sig"}
_WIDE = {"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"}
# Browsers read ISO-8859-1 and ASCII labels as windows-1252 (WHATWG Encoding Standard).
_LATIN = {"cp1252": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252", "iso8859-15": "iso8859-15"}
# Python text codecs that are not character sets a document can be saved in.
_NOT_A_CHARSET = {"unicode-escape", "raw-unicode-escape", "punycode", "idna", "undefined", "charmap"}
# Characters a Danish text in a legacy code page consists of: ASCII, Latin-1 and Latin Extended-A
# letters, general punctuation, the euro and trademark signs.
_NOT_DANISH = re.compile("[^\x09\x0a\x0d\x20-\x7e\u00a0-\u017f\u2010-\u206f\u20ac\u2122]")
_DANISH = re.compile("[æøåÆØÅ]")

_BOMS = [
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),  # before UTF-16 LE, whose BOM it starts with
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
]


def decode_markup(data: bytes, declared_in: Callable[[bytes], str | None]) -> str:
    """Decode HTML or XML bytes; ``declared_in(head)`` finds the declared charset label, if any."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom) :], encoding)
    wide = _sniff_wide(data[:4])
    if wide:
        return _strict(data, wide)
    label = declared_in(data[:4096])
    codec = _codec_name(label) if label else None
    if codec in ("utf-7", "hz") or (codec or "").startswith("iso2022"):
        raise InputError(
            f"Filen angiver tegnkodningen {_shown(label)}, som ikke læses af sikkerhedshensyn, fordi de samme "
            "bytes kan læses som forskellig tekst. Gem filen som UTF-8, og prøv igen."
        )
    if data.isascii():
        return data.decode("ascii")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if label is None or codec in _UTF8 or codec in _WIDE:
        # No usable declaration (UTF-16 declared in bytes that are not UTF-16 is a copied header).
        return decode_legacy(data)
    if codec is None:
        raise InputError(
            f"Filen angiver en ukendt tegnkodning ({_shown(label)}), og indholdet er ikke UTF-8, så æ, ø og å "
            "ville blive læst forkert. Gem filen som UTF-8, og prøv igen."
        )
    if codec in _LATIN:
        text = _declared(data, _LATIN[codec], label)
        if has_dos_telltale(text):
            raise InputError(_mismatch(label))
        return text
    text = _declared(data, codec, label)
    if not _DANISH.search(text) or _NOT_DANISH.search(text):
        raise InputError(_mismatch(label))
    return text


def _sniff_wide(head: bytes) -> str | None:
    """UTF-16/UTF-32 markup without a byte order mark, from how its first ASCII characters look."""
    if len(head) < 4:
        return None
    a, b, c, d = head
    if a and not b and not c and not d:
        return "utf-32-le"
    if not a and not b and not c and d:
        return "utf-32-be"
    if a and not b and c and not d:
        return "utf-16-le"
    if not a and b and not c and d:
        return "utf-16-be"
    return None


def _codec_name(label: str) -> str | None:
    try:
        info = codecs.lookup(label.strip().lower())
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_A_CHARSET:
        return None
    return info.name


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise InputError(ENCODING_MESSAGE) from None


def _declared(data: bytes, codec: str, label: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        raise InputError(_mismatch(label)) from None


def _mismatch(label: str) -> str:
    return (
        f"Filen angiver tegnkodningen {_shown(label)}, men indholdet kan ikke læses sikkert som dansk tekst i "
        "den tegnkodning, så æ, ø og å kunne blive læst forkert. Gem filen som UTF-8, og prøv igen."
    )


def _shown(label: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._:\-]", "", label)[:40]
    return f"»{cleaned}«" if cleaned else "»«"
