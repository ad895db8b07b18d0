"""Text clean-up shared by all readers, and the block collector that enforces the block contract."""

from __future__ import annotations

import re
import unicodedata

from ..errors import InputError
from ..models import Block, BlockKind

# Spaces Word, HTML and PDFs use besides U+0020; all become one normal space.
_ODD_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
# Invisible characters that only disturb matching: zero-width spaces/joiners, BOM, soft hyphen.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_TRANSLATE = {ord(c): " " for c in _ODD_SPACES} | {ord(c): None for c in _INVISIBLE}
_LINE_BREAKS = "\t\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_TRANSLATE |= {ord(c): " " for c in _LINE_BREAKS}
# Remaining C0/C1 control characters carry no text.
_TRANSLATE |= {c: None for c in [*range(0x00, 0x20), *range(0x7F, 0xA0)] if c not in _TRANSLATE}
_WS = re.compile(r"\s+")


def clean_text(text: str) -> str:
    """One line of text: NFC, odd spaces to spaces, soft hyphens gone, whitespace collapsed, stripped."""
    text = unicodedata.normalize("NFC", text).translate(_TRANSLATE)
    return _WS.sub(" ", text).strip()


class BlockCollector:
    """Collects blocks in order, skipping empty ones and refusing documents with too many."""

    def __init__(self, max_blocks: int) -> None:
        self.max_blocks = max_blocks
        self.blocks: list[Block] = []

    def add(self, kind: BlockKind, text: str, **fields: object) -> Block | None:
        text = clean_text(text)
        if not text:
            return None
        if len(self.blocks) >= self.max_blocks:
            raise InputError(
                f"Dokumentet indeholder for mange tekstafsnit (over {self.max_blocks:,}).".replace(",", ".")
            )
        block = Block(kind=kind, text=text, **fields)  # type: ignore[arg-type]
        self.blocks.append(block)
        return block
