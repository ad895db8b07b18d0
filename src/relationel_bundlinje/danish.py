"""Small helpers for writing Danish: lists, counts, dates, decimals, cut-off text.

Used wherever the product writes for its users (statement, guide, comments, web page), so the
same list or date is always written the same way.
"""

from __future__ import annotations

import re
from typing import Sequence

MONTHS = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)

#: Words a cut-off text should not end on ("… få børn eller …").
_WEAK_ENDINGS = frozenset(
    "fx og eller samt herunder til for at i af med om på en et de den det der som hvor kan skal".split()
)


def join(items: Sequence[str], last: str = "og") -> str:
    """'a', 'b', 'c' -> 'a, b og c' (empty items dropped)."""
    items = [i for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


#: A name ending in a relative clause: »foreninger og frivillige og de fællesskaber, de samler«.
_RELATIVE_END = re.compile(r", (?:de|der|som) [^,]+$")


def closed(name: str) -> str:
    """A name with the comma that closes its trailing relative clause, for a text that goes on
    after it (»de fællesskaber, de samler, kan …«); any other name as it is."""
    return name + "," if _RELATIVE_END.search(name) else name


def join_names(items: Sequence[str], last: str = "og") -> str:
    """As :func:`join`, for names of people: a relative clause before the last word is closed
    (»…, de samler, og patienter«); the items before it are followed by a comma anyway."""
    items = [i for i in items if i]
    if len(items) > 1:
        items = [*items[:-2], closed(items[-2]), items[-1]]
    return join(items, last)


def join_with_commas(items: Sequence[str], last: str = "og") -> str:
    """As :func:`join`, for references: a comma before the last word where the item before it
    leaves something open that the comma closes — a trailing "stk." or "nr." ("§ 3, stk. 2, og
    § 4", but "§ 29 og § 34, stk. 1") or a relative clause ("…, der ophæver § 86 i lov om social
    service, og …"); an item closed by a parenthesis or an act's name needs none."""
    items = [i for i in items if i]
    if len(items) > 1 and (ends_open(items[-2]) or ", der " in items[-2]):
        return f"{', '.join(items[:-1])}, {last} {items[-1]}"
    return join(items, last)


_OPEN_PART = re.compile(r"(?:stk|nr)\. \d+(?: ?[a-zæøå])?(?:(?:, |-| og )\d+(?: ?[a-zæøå])?)*$")


def ends_open(reference: str) -> bool:
    """A reference ending in »stk. 2« or »nr. 1-3 og 5«, which a comma closes before what follows."""
    return _OPEN_PART.search(reference) is not None


def count(n: int, one: str, many: str) -> str:
    """'1 bestemmelse', '3 bestemmelser' (numbers up to twelve in words, as the remarks write them)."""
    word = NUMBER_WORDS.get(n, _thousands(n))
    return f"{word} {one if n == 1 else many}"


NUMBER_WORDS = {
    0: "ingen", 1: "én", 2: "to", 3: "tre", 4: "fire", 5: "fem", 6: "seks", 7: "syv", 8: "otte", 9: "ni",
    10: "ti", 11: "elleve", 12: "tolv",
}


def _thousands(n: int) -> str:
    """12345 -> '12.345' (Danish thousands separator)."""
    return f"{n:,}".replace(",", ".")


def decimal(value: float, places: int = 2) -> str:
    """0.75 -> '0,75'."""
    return f"{value:.{places}f}".replace(".", ",")


def date(iso: str) -> str:
    """'2026-11-27' -> '27. november 2026' (unchanged if it is not an ISO date)."""
    try:
        year, month, day = (int(x) for x in iso.split("-"))
        return f"{day}. {MONTHS[month - 1]} {year}"
    except (ValueError, IndexError):
        return iso


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def truncate(text: str, limit: int) -> str:
    """``text`` on one line, cut at a word boundary with an ellipsis when longer than ``limit``."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + " …"


def shorten(text: str, limit: int = 90) -> str:
    """A question or heading on one line, cut at a word boundary and never on a small word."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    words = (flat[:limit] if flat[limit] == " " else flat[:limit].rsplit(" ", 1)[0]).split()
    while len(words) > 1 and (words[-1].strip(",;:") in _WEAK_ENDINGS or not words[-1].strip(",;:–-")):
        words.pop()
    return " ".join(words).rstrip(",;:") + " …"


def quoted(items: Sequence[str]) -> str:
    """'»a«, »b« og »c«'."""
    return join([f"»{i}«" for i in items])
