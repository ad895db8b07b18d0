"""The commented draft as a .docx: every part of the input as it was, except the few that change.

python-docx would write the whole package anew (every XML part re-serialised, parts nobody refers
to dropped). The draft is the lawyer's document, so here every zip member is copied from the input
and only the parts the comments touch are written: the main document, the comments part, the
styles part (where comment styles were missing), and — where the comments part is new — one
Override in ``[Content_Types].xml`` and one Relationship in the document's rels, added to the
input's own XML.
"""

from __future__ import annotations

import io
import posixpath
import zipfile

from lxml import etree

CONTENT_TYPES = "[Content_Types].xml"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
#: Date of members that are new (a fixed one, so the same input gives the same bytes).
_NEW_MEMBER_DATE = (1980, 1, 1, 0, 0, 0)


def rels_name(partname: str) -> str:
    folder, base = posixpath.split(partname.lstrip("/"))
    return posixpath.join(folder, "_rels", base + ".rels")


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def write_package(original: bytes, parts: dict[str, bytes], *, new_part: tuple[str, str, str, str] | None) -> bytes:
    """The input package with ``parts`` (partname -> bytes) replaced or added.

    ``new_part`` = (partname, content type, relationship id, relationship type) of a part that the
    input did not have, related from the main document part (whose partname is the first of
    ``parts``).
    """
    source = zipfile.ZipFile(io.BytesIO(original))
    infos = source.infolist()
    by_lower = {info.filename.lower(): info for info in infos}
    replace: dict[str, bytes] = {}
    add: dict[str, bytes] = {}
    for partname, data in parts.items():
        info = by_lower.get(partname.lstrip("/").lower())
        if info is not None:
            replace[info.filename] = data
        else:
            add[partname.lstrip("/")] = data
    if new_part is not None:
        partname, content_type, rel_id, rel_type = new_part
        main = next(iter(parts))
        ct_info = by_lower[CONTENT_TYPES.lower()]
        replace[ct_info.filename] = _with_override(source.read(ct_info), partname, content_type)
        rels = rels_name(main)
        target = posixpath.relpath(partname, posixpath.dirname(main))
        rels_info = by_lower.get(rels.lower())
        existing = source.read(rels_info) if rels_info is not None else None
        data = _with_relationship(existing, rel_id, rel_type, target)
        if rels_info is not None:
            replace[rels_info.filename] = data
        else:
            add[rels] = data

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target_zip:
        for info in infos:
            data = replace.get(info.filename)
            if data is None:
                data = source.read(info)
            copy = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            copy.compress_type = info.compress_type
            copy.external_attr = info.external_attr
            copy.create_system = info.create_system
            target_zip.writestr(copy, data)
        for name, data in add.items():
            info = zipfile.ZipInfo(name, date_time=_NEW_MEMBER_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            target_zip.writestr(info, data)
    return out.getvalue()


def _with_override(content_types: bytes, partname: str, content_type: str) -> bytes:
    root = etree.fromstring(content_types, _PARSER)
    for override in root.iterfind(f"{{{_CT_NS}}}Override"):
        if (override.get("PartName") or "").lower() == partname.lower():
            override.set("ContentType", content_type)
            return _xml(root)
    element = etree.SubElement(root, f"{{{_CT_NS}}}Override")
    element.set("PartName", partname)
    element.set("ContentType", content_type)
    return _xml(root)


def _with_relationship(rels: bytes | None, rel_id: str, rel_type: str, target: str) -> bytes:
    root = etree.fromstring(rels, _PARSER) if rels else etree.Element(f"{{{_REL_NS}}}Relationships", nsmap={None: _REL_NS})
    element = etree.SubElement(root, f"{{{_REL_NS}}}Relationship")
    element.set("Id", rel_id)
    element.set("Type", rel_type)
    element.set("Target", target)
    return _xml(root)
