"""Character positions in a block's cleaned text -> positions in the raw text it was cleaned from.

The readers clean every block (``ingest.normalize.clean_text``): invisible and control characters
removed, odd spaces and line breaks made spaces, NFC, whitespace collapsed, ends stripped. None of
that adds a character, so the cleaned text can be matched left to right against the raw text,
skipping what was removed. The match is checked to the last character; where it fails (a
normalisation this does not foresee), there is no mapping rather than a wrong one.
"""

from __future__ import annotations

import unicodedata


def align(raw: str, clean: str) -> list[tuple[int, int]] | None:
    """For each character of ``clean``, the first and last index in ``raw`` it came from."""
    out: list[tuple[int, int]] = []
    i = j = 0
    n = len(raw)
    while j < len(clean):
        c = clean[j]
        while i < n:
            r = raw[i]
            if c == " ":
                if r.isspace():
                    out.append((i, i))
                    i += 1
                    # The rest of a run of whitespace was collapsed into this space.
                    break
                i += 1  # removed (an invisible character) or collapsed
                continue
            # A base character and the combining marks NFC folds into it (invisibles between them
            # were removed first): the longest stretch that composes to this character.
            k = i + 1
            while k < n and (unicodedata.combining(raw[k]) or _invisible(raw[k])):
                k += 1
            matched = False
            for stop in range(k, i, -1):
                if stop > i + 1 and not unicodedata.combining(raw[stop - 1]):
                    continue  # a stretch ends on a combining mark, never on an invisible
                group = "".join(ch for ch in raw[i:stop] if not _invisible(ch)) or raw[i]
                if unicodedata.normalize("NFC", group) == c or (stop == i + 1 and r == c):
                    out.append((i, stop - 1))
                    i = stop
                    matched = True
                    break
            if matched:
                break
            i += 1
        else:
            return None
        j += 1
    return out


def _invisible(ch: str) -> bool:
    """A character the cleaning removes outright (format and control characters, not whitespace)."""
    return unicodedata.category(ch) in ("Cf", "Cc", "Cn", "Co", "Cs") and not ch.isspace()
