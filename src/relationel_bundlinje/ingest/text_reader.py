"""Plain text: reliable decoding (UTF-8, UTF-16 with BOM, cp1252) and one block per line."""

from __future__ import annotations

import re

from ..errors import InputError
from .normalize import BlockCollector, strip_invisible

BINARY_MESSAGE = "Filen indeholder binære data og kan ikke læses som tekst."
ENCODING_MESSAGE = (
    "Filens tegnkodning kan ikke bestemmes sikkert, så æ, ø og å ville blive læst forkert. "
    "Gem filen som UTF-8, og prøv igen."
)
DOUBLE_ENCODED_MESSAGE = (
    "Teksten ser ud til at være dobbeltkodet (fx »Ã¦« i stedet for »æ«) og kan ikke læses sikkert. "
    "Gem filen som UTF-8 fra det oprindelige dokument, og prøv igen."
)

_DANISH = set("æøåÆØÅ")
# Characters in cp1252's 0x80-0x9F range; inside a word they betray another code page (e.g. cp850).
_CP1252_HIGH = set(bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore"))
_LETTER = r"[^\W\d_]"
_DOS_TELLTALE = re.compile(_LETTER + "[" + re.escape("".join(sorted(_CP1252_HIGH))) + "]" + f"(?={_LETTER})")

# Double-encoded UTF-8: a lead byte (U+00C2-U+00F4) followed by continuation bytes, each shown as the
# Latin-1/cp1252 character for a byte in 0x80-0xBF.
_CONT_CHARS = {chr(b): b for b in range(0x80, 0xC0)}
for _b in range(0x80, 0xA0):
    try:
        _CONT_CHARS[bytes([_b]).decode("cp1252")] = _b
    except UnicodeDecodeError:
        pass
_C = "[" + re.escape("".join(_CONT_CHARS)) + "]"
# The lead byte fixes the sequence length, so a following '»' is never swallowed.
_MOJIBAKE = re.compile(f"[\u00c2-\u00df]{_C}|[\u00e0-\u00ef]{_C}{{2}}|[\u00f0-\u00f4]{_C}{{3}}")
_MOJIBAKE_TELLTALE = re.compile("Ã" + _C + "|â€")


def decode_text(data: bytes) -> str:
    """Decode text bytes without guessing: UTF-8/UTF-16 with BOM, UTF-8, or clearly Danish cp1252."""
    if data.startswith(b"\xef\xbb\xbf"):
        text = _strict(data[3:], "utf-8")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _strict(data, "utf-16")
    else:
        if b"\x00" in data:
            raise InputError(BINARY_MESSAGE)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = decode_legacy(data)
    text = strip_invisible(text)
    check_not_binary(text)
    return repair_double_encoding(text)


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise InputError(ENCODING_MESSAGE) from None


#: C0 controls other than tab, line feed, vertical tab, form feed and carriage return; DEL and C1.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def check_not_binary(text: str) -> None:
    if "\x00" in text:
        raise InputError(BINARY_MESSAGE)
    sample = text[:100_000]
    controls = len(_CONTROL.findall(sample))
    if controls > max(2, len(sample) // 200):
        raise InputError(BINARY_MESSAGE)


def decode_legacy(data: bytes) -> str:
    """Windows-1252 (or Latin-1) is accepted only when the result is plainly Danish text."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        # Bytes undefined in cp1252 (0x81, 0x8D, ...) occur in cp850/DOS text and in binary data.
        check_not_binary(data.decode("latin-1"))
        raise InputError(ENCODING_MESSAGE) from None
    check_not_binary(text)
    if not _DANISH & set(text) or has_dos_telltale(text):
        raise InputError(ENCODING_MESSAGE)
    return text


def has_dos_telltale(text: str) -> bool:
    """A cp1252 0x80-0x9F character between two letters: the text is in another code page (cp850)."""
    return _DOS_TELLTALE.search(text) is not None


def _plausible(decoded: str) -> bool:
    # Only repair into characters a Danish text would hold; 'Ø»' is also valid UTF-8 (Arabic).
    return all(0xA0 <= ord(c) <= 0x17F or 0x2010 <= ord(c) <= 0x206F or c in "€™" for c in decoded)


def repair_double_encoding(text: str) -> str:
    """Undo UTF-8 that was decoded as cp1252/Latin-1 and encoded again ('Ã¦' -> 'æ').

    Refuses the text when telltale sequences remain that cannot be repaired with certainty.
    """
    if not _MOJIBAKE_TELLTALE.search(text):
        return text

    def fix(match: re.Match[str]) -> str:
        found = match.group(0)
        raw = bytes([ord(found[0])]) + bytes(_CONT_CHARS[c] for c in found[1:])
        try:
            decoded = raw.decode("utf-8")
        except UnicodeDecodeError:
            return found
        return decoded if _plausible(decoded) else found

    repaired = text
    for _ in range(3):  # text can be double-encoded more than once
        previous, repaired = repaired, _MOJIBAKE.sub(fix, repaired)
        if repaired == previous or not _MOJIBAKE_TELLTALE.search(repaired):
            break
    if _MOJIBAKE_TELLTALE.search(repaired):
        raise InputError(DOUBLE_ENCODED_MESSAGE)
    return repaired


_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def read_text(text: str, collector: BlockCollector, *, markdown: bool = False) -> None:
    """One paragraph block per non-empty line; in Markdown, '# Heading' lines become headings."""
    # Before any matching: an invisible mark must not decide whether a line is a heading.
    for line in strip_invisible(text).splitlines():
        if markdown:
            match = _MD_HEADING.match(line)
            if match:
                collector.add("heading", match.group(2), level=len(match.group(1)), style="markdown")
                continue
        collector.add("paragraph", line)
