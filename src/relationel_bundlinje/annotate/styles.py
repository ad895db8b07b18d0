"""The comment styles a document needs for Word to show our comments as its own.

Word's built-in styles for comments are found by their built-in names ("annotation text",
"annotation reference" …), whatever their style ids: a Danish Word names the ids in Danish
("Kommentartekst"). Only what is missing is added, defined as Word defines it.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.oxml import parse_xml
from lxml import etree

from ..ingest.docx_numbering import W, w

#: (built-in name, type, usual style id, the definition's body) in the order Word writes them.
_STYLES = (
    ("annotation reference", "character", "CommentReference",
     '<w:basedOn w:val="{char_default}"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>'
     '<w:rPr><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr>'),
    ("annotation text", "paragraph", "CommentText",
     '<w:basedOn w:val="{para_default}"/><w:link w:val="{id:Kommentartekst Tegn}"/><w:uiPriority w:val="99"/>'
     '<w:unhideWhenUsed/><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr>'),
    ("Kommentartekst Tegn", "character", "CommentTextChar",
     '<w:basedOn w:val="{char_default}"/><w:link w:val="{id:annotation text}"/><w:uiPriority w:val="99"/>'
     '<w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr>'),
    ("annotation subject", "paragraph", "CommentSubject",
     '<w:basedOn w:val="{id:annotation text}"/><w:next w:val="{id:annotation text}"/>'
     '<w:link w:val="{id:Kommentaremne Tegn}"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/>'
     '<w:rPr><w:b/><w:bCs/></w:rPr>'),
    ("Kommentaremne Tegn", "character", "CommentSubjectChar",
     '<w:basedOn w:val="{id:Kommentartekst Tegn}"/><w:link w:val="{id:annotation subject}"/><w:uiPriority w:val="99"/>'
     '<w:semiHidden/><w:rPr><w:b/><w:bCs/><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr>'),
)
#: Character styles linked to a paragraph style are found through that link, whatever their name.
_LINKED_TO = {"Kommentartekst Tegn": "annotation text", "Kommentaremne Tegn": "annotation subject"}


@dataclass(frozen=True)
class CommentStyles:
    text: str  # paragraph style id of a comment's text
    reference: str  # character style id of the reference mark
    added: bool  # whether styles.xml changed


def ensure_comment_styles(styles: etree._Element) -> CommentStyles:
    """Find the comment styles in ``styles`` (the ``w:styles`` root), adding those that are missing."""
    by_name: dict[str, etree._Element] = {}
    ids: set[str] = set()
    defaults: dict[str, str] = {}
    for style in styles.iterfind(w("style")):
        sid = style.get(w("styleId"), "")
        ids.add(sid)
        name = style.find(w("name"))
        if name is not None and name.get(w("val")):
            by_name.setdefault(name.get(w("val"), "").lower(), style)
        if style.get(w("default")) in ("1", "true", "on"):
            defaults.setdefault(style.get(w("type"), ""), sid)
    for char_name, para_name in _LINKED_TO.items():
        para = by_name.get(para_name)
        link = para.find(w("link")) if para is not None else None
        if link is not None:
            linked = next((s for s in styles.iterfind(w("style")) if s.get(w("styleId")) == link.get(w("val"))), None)
            if linked is not None:
                by_name.setdefault(char_name.lower(), linked)

    chosen: dict[str, str] = {}
    missing = []
    needed = {"annotation text", "annotation reference"}
    if all(name in by_name for name in needed):
        # The document has Word's comment styles: nothing is added, the rest is its own business.
        return CommentStyles(
            by_name["annotation text"].get(w("styleId"), "CommentText"),
            by_name["annotation reference"].get(w("styleId"), "CommentReference"),
            False,
        )
    for name, kind, usual, body in _STYLES:
        found = by_name.get(name.lower())
        if found is None:
            # An id of that name may be taken by a style of another name: take a free one.
            sid, n = usual, 1
            while sid in ids:
                n += 1
                sid = f"{usual}{n}"
            ids.add(sid)
            chosen[name] = sid
            missing.append((name, kind, sid, body))
        else:
            chosen[name] = found.get(w("styleId"), usual)

    for name, kind, sid, body in missing:
        xml = body
        for ref_name, ref_id in chosen.items():
            xml = xml.replace("{id:" + ref_name + "}", ref_id)
        basics = {"para_default": defaults.get("paragraph"), "char_default": defaults.get("character")}
        for key, value in basics.items():
            # Without a default style there is nothing to base on: the element is left out.
            xml = xml.replace(f'<w:basedOn w:val="{{{key}}}"/>', f'<w:basedOn w:val="{value}"/>' if value else "")
        custom = ' w:customStyle="1"' if name in _LINKED_TO else ""
        element = parse_xml(
            f'<w:style xmlns:w="{W}" w:type="{kind}"{custom} w:styleId="{sid}"><w:name w:val="{name}"/>{xml}</w:style>'
        )
        styles.append(element)
    return CommentStyles(chosen["annotation text"], chosen["annotation reference"], bool(missing))
