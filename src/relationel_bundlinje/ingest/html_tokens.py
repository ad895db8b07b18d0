"""One linear pass over an HTML page that rewrites it into markup lxml parses in linear time.

lxml's HTML parser (libxml2) compares each attribute of an element with all earlier ones, so one
element with 200,000 attributes takes minutes. A pre-scan that only counts attributes is not
enough: where it and libxml2 disagreed about where a tag ends (a quote, a comment, a ``<script>``),
the attributes would hide from it. So the pass tokenizes the page the way an HTML5 tokenizer does
(tags with quoted attribute values, comments, bogus comments, raw-text elements), refuses an element
with too many attributes and a page with too many elements, and writes out only what the reader
uses: text, and tags with their ``class`` and ``colspan``. Comments, doctypes, processing
instructions and the content of ``<script>``, ``<style>`` and the like are dropped (the reader
skips them anyway). lxml then parses markup this pass wrote itself, so the two cannot disagree.
"""

from __future__ import annotations

import re

from ..errors import InputError
from .limits import format_count

_ATTRIBUTE = re.compile(
    r"""[\t\n\f\r /]*(?:
        (?P<end>>)
      | (?P<name>[^\t\n\f\r />][^\t\n\f\r />=]*)
        (?:[\t\n\f\r ]*=[\t\n\f\r ]*(?:
            "(?P<dq>[^"]*)(?P<dq_end>"?)
          | '(?P<sq>[^']*)(?P<sq_end>'?)
          | (?P<uq>[^\t\n\f\r >]+)
        )?)?
    )""",
    re.VERBOSE,
)
_TAG_NAME = re.compile(r"[^\t\n\f\r />]*")
# The common case, read without the general attribute loop: "<p>", "</td>", "<br/>".
_PLAIN_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)(/?)>")
# Names written out; anything odder ("<a<b>", "<p\"x>") is dropped, its content kept as text.
_SAFE_NAME = re.compile(r"[a-z][a-z0-9:_.\-]*")
_COMMENT_END = re.compile(r"--!?>")
_KEPT = ("class", "colspan")
MAX_KEPT_VALUE = 1000

# Raw-text elements, as libxml2 (2.14, HTML5 tokenizer) has them: their content is not markup.
# Skipped ones are written out empty (the reader does not read them). The content of the others
# is written as escaped text right after the (empty) element: the reader reads them as inline
# text either way, and escaped text reads the same whether or not a parser treats the element
# as raw text. <plaintext> is left out: nothing could end it.
_RAW_SKIPPED = {"script", "style", "textarea", "iframe"}
_RAW_KEPT = {"xmp", "plaintext", "noembed", "noframes"}
_RCDATA = {"title"}  # character references are resolved in its content, tags are not
_RAW_END = {
    name: re.compile(f"</{name}[\t\n\f\r />]", re.IGNORECASE) for name in [*_RAW_SKIPPED, *_RAW_KEPT, *_RCDATA]
}


class _Tag:
    __slots__ = ("attrs", "end", "name", "self_closing")

    def __init__(self, name: str, attrs: dict[str, str], self_closing: bool, end: int) -> None:
        self.name = name
        self.attrs = attrs
        self.self_closing = self_closing
        self.end = end


def rewrite_html(text: str, *, max_attributes: int, max_elements: int) -> str:
    """The page as markup holding only text and tags with the attributes the reader uses."""
    out: list[str] = []
    pos = 0
    size = len(text)
    elements = 0
    while pos < size:
        lt = text.find("<", pos)
        if lt < 0:
            out.append(text[pos:])
            break
        if lt > pos:
            out.append(text[pos:lt])
        plain = _PLAIN_TAG.match(text, lt)
        if plain is not None and plain.group(2).lower() not in _RAW_END:
            elements += not plain.group(1)
            out.append(plain.group().lower())
            pos = plain.end()
        elif (following := text[lt + 1 : lt + 2]).isascii() and following.isalpha():
            tag = _read_tag(text, lt + 1, max_attributes)
            if tag is None:  # the file ends inside the tag: HTML5 drops it
                break
            elements += 1
            pos = tag.end
            if tag.name in _RAW_END:
                pos = _raw_text(text, tag, out, max_attributes)
            elif _SAFE_NAME.fullmatch(tag.name):
                out.append(_start_tag(tag.name, tag.attrs, tag.self_closing))
        elif following == "/":
            pos = _end_tag(text, lt, out, max_attributes)
        elif following == "!":
            pos = _skip_comment(text, lt) if text.startswith("<!--", lt) else _skip_to_gt(text, lt + 2)
        elif following == "?":
            pos = _skip_to_gt(text, lt + 2)
        else:
            out.append("&lt;")
            pos = lt + 1
        if elements > max_elements:
            raise InputError(
                f"HTML-filen indeholder over {format_count(max_elements)} elementer og læses ikke af sikkerhedshensyn."
            )
    return "".join(out)


def _end_tag(text: str, lt: int, out: list[str], max_attributes: int) -> int:
    """Read what starts with "</" at ``lt``; the position after it."""
    after = text[lt + 2 : lt + 3]
    if after.isascii() and after.isalpha():
        tag = _read_tag(text, lt + 2, max_attributes)
        if tag is None:
            return len(text)
        if _SAFE_NAME.fullmatch(tag.name):
            out.append(f"</{tag.name}>")
        return tag.end
    if after == ">":  # "</>" is ignored
        return lt + 3
    if not after:
        out.append("&lt;/")
        return len(text)
    return _skip_to_gt(text, lt + 2)  # a bogus comment


def _read_tag(text: str, start: int, max_attributes: int) -> _Tag | None:
    """The tag whose name starts at ``start``; None when the file ends inside it."""
    name_match = _TAG_NAME.match(text, start)
    name = name_match.group().lower()  # type: ignore[union-attr]
    pos = name_match.end()  # type: ignore[union-attr]
    attrs: dict[str, str] = {}
    count = 0
    while True:
        match = _ATTRIBUTE.match(text, pos)
        if match is None:
            return None
        pos = match.end()
        if match.group("end"):
            slash = match.start("end") - 1
            return _Tag(name, attrs, slash >= match.start() and text[slash] == "/", pos)
        if (match.group("dq") is not None and not match.group("dq_end")) or (
            match.group("sq") is not None and not match.group("sq_end")
        ):
            return None  # an attribute value still open at the end of the file
        count += 1
        if count > max_attributes:
            raise InputError(
                f"HTML-filen har et element med over {format_count(max_attributes)} attributter og læses ikke af "
                "sikkerhedshensyn."
            )
        attr = match.group("name").lower()
        if attr in _KEPT and attr not in attrs:  # HTML5 keeps the first of duplicate attributes
            value = match.group("dq") or match.group("sq") or match.group("uq") or ""
            if len(value) <= MAX_KEPT_VALUE:
                attrs[attr] = value


def _raw_text(text: str, tag: _Tag, out: list[str], max_attributes: int) -> int:
    """Write a raw-text element and return the position after its end tag."""
    end = after = len(text)  # nothing ends <plaintext>
    found = _RAW_END[tag.name].search(text, tag.end) if tag.name != "plaintext" else None
    if found:
        end = found.start()
        end_tag = _read_tag(text, end + 2, max_attributes)
        after = end_tag.end if end_tag else len(text)
    content = text[tag.end : end]
    if tag.name in _RCDATA:
        out.append(f"<{tag.name}>{content.replace('<', '&lt;')}</{tag.name}>")
    elif tag.name in _RAW_SKIPPED:
        out.append(f"<{tag.name}></{tag.name}>")
    else:
        if tag.name != "plaintext":
            out.append(f"<{tag.name}></{tag.name}>")
        out.append(content.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
    return after


def _start_tag(name: str, attrs: dict[str, str], self_closing: bool) -> str:
    written = "".join(f' {key}="{value.replace(chr(34), "&quot;")}"' for key, value in attrs.items())
    return f"<{name}{written}{'/' if self_closing else ''}>"


def _skip_to_gt(text: str, start: int) -> int:
    end = text.find(">", start)
    return len(text) if end < 0 else end + 1


def _skip_comment(text: str, lt: int) -> int:
    # "<!-->" and "<!--->" are complete (empty) comments; otherwise "-->" or "--!>" ends one.
    if text.startswith("<!-->", lt):
        return lt + 5
    if text.startswith("<!--->", lt):
        return lt + 6
    found = _COMMENT_END.search(text, lt + 4)
    return found.end() if found else len(text)
