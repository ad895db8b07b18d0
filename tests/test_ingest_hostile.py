"""Bad and hostile input: every case is refused with an InputError carrying a clear Danish message."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import docx
import pytest
from fixtures_build import SAMPLE_BILL, build_docx

from relationel_bundlinje.errors import InputError
from relationel_bundlinje.ingest import Limits, read_bytes, read_path, read_string

from bounds import within


def refused(call, *args, **kwargs) -> str:  # noqa: ANN001
    with pytest.raises(InputError) as caught:
        call(*args, **kwargs)
    message = caught.value.message
    assert message.endswith(".") and message[0].isupper()
    assert "Traceback" not in message
    return message


def _docx_bytes(tmp_path: Path) -> bytes:
    return build_docx(SAMPLE_BILL.splitlines()[:8], tmp_path / "ok.docx").read_bytes()


def _rezip(data: bytes, replace: dict[str, bytes | None]) -> bytes:
    """A copy of a zip with members replaced (or removed when the value is None)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in replace:
                if replace[info.filename] is not None:
                    dst.writestr(info.filename, replace[info.filename])
            else:
                dst.writestr(info, src.read(info))
    return out.getvalue()


# --------------------------------------------------------------------------- generic


def test_empty_file(tmp_path: Path) -> None:
    for name in ("tom.txt", "tom.docx", "tom.xml", "tom.html", "tom.pdf"):
        (tmp_path / name).write_bytes(b"")
        assert "Filen er tom." in refused(read_path, tmp_path / name)
    assert refused(read_string, "  \n ") == "Teksten er tom."


def test_whitespace_only_text() -> None:
    assert refused(read_bytes, b" \n\t\n", "l.txt") == "Filen indeholder ingen tekst."


def test_unknown_extension_names_the_accepted_formats(tmp_path: Path) -> None:
    path = tmp_path / "lovforslag.odt"
    path.write_bytes(b"PK\x03\x04 whatever")
    message = refused(read_path, path)
    assert "endelsen .odt" in message and ".docx" in message and ".pdf" in message
    assert "ingen endelse" in refused(read_bytes, b"x", "README")
    assert ".docx" in refused(read_bytes, b"x", "gammel.doc")
    assert "Ukendt format" in refused(read_bytes, b"x", "x.txt", fmt="rtf")


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert refused(read_path, tmp_path / "findes-ikke.txt") == "Filen findes ikke."
    folder = tmp_path / "mappe.txt"
    folder.mkdir()
    assert "mappe" in refused(read_path, folder)


def test_size_limit_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "kaempe.txt"
    with path.open("wb") as fh:
        fh.truncate(210 * 1024 * 1024)  # sparse: no disk space used
    start = time.monotonic()
    message = refused(read_path, path)
    assert time.monotonic() - start < within(1.0)
    assert message == "Filen er for stor (210 MB); grænsen er 50 MB."
    small = tmp_path / "lille.txt"
    small.write_text("§ 1. Loven gælder for alle.\n" * 100, encoding="utf-8")
    assert "grænsen er 1 kB" in refused(read_path, small, limits=Limits(max_bytes=1024))


def test_invalid_env_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUNDLINJE_MAX_BYTES", "mange")
    assert "BUNDLINJE_MAX_BYTES" in refused(read_bytes, b"x", "l.txt")


def test_too_many_blocks() -> None:
    data = ("linje\n" * 50).encode()
    assert "for mange tekstafsnit" in refused(read_bytes, data, "l.txt", limits=Limits(max_blocks=10))


# --------------------------------------------------------------------------- text


def test_binary_junk_and_nul_bytes() -> None:
    junk = bytes((i * 7919 + 13) % 256 for i in range(4000))
    assert refused(read_bytes, junk, "junk.txt") == "Filen indeholder binære data og kan ikke læses som tekst."
    nul = "§ 1. Loven gælder.".encode() + b"\x00\x00" + b"mere tekst"
    assert refused(read_bytes, nul, "nul.txt") == "Filen indeholder binære data og kan ikke læses som tekst."
    assert "binære data" in refused(read_string, "tekst\x00med nul")


def test_binary_formats_with_text_extension() -> None:
    assert "PDF-fil" in refused(read_bytes, b"%PDF-1.7\n...", "l.txt")
    assert "Word-dokument" in refused(read_bytes, b"PK\x03\x04rest", "l.xml")


def test_undecidable_legacy_encoding_is_refused() -> None:
    # cp850 (DOS) Danish: decoding as cp1252 would give mojibake, so the reader refuses.
    data = "Lov om ændring af lov om børn og unge på Ærø".encode("cp850")
    assert "tegnkodning" in refused(read_bytes, data, "dos.txt")
    # Latin-1 bytes without any Danish letter cannot be told from other code pages.
    assert "tegnkodning" in refused(read_bytes, "café".encode("latin-1"), "fr.txt")


def test_unrepairable_double_encoding_is_refused() -> None:
    assert "dobbeltkodet" in refused(read_bytes, "Lov â€x om".encode("utf-8"), "l.txt")


# --------------------------------------------------------------------------- docx


def test_docx_that_is_not_a_zip() -> None:
    message = refused(read_bytes, b"Dette er ikke et Word-dokument", "l.docx")
    assert message == "Filen ser ikke ud til at være et Word-dokument (.docx), eller den er beskadiget."
    assert "PDF" in refused(read_bytes, b"%PDF-1.4 ...", "l.docx")


def test_corrupt_and_truncated_docx(tmp_path: Path) -> None:
    data = _docx_bytes(tmp_path)
    assert "Word-dokument" in refused(read_bytes, data[: len(data) // 2], "halv.docx")
    broken = _rezip(data, {"word/document.xml": b"<w:document><w:body><w:p>"})
    assert "Word-dokument" in refused(read_bytes, broken, "brudt.docx")


def test_docx_without_document_xml(tmp_path: Path) -> None:
    data = _rezip(_docx_bytes(tmp_path), {"word/document.xml": None})
    assert "Word-dokument" in refused(read_bytes, data, "uden.docx")
    only_zip = io.BytesIO()
    with zipfile.ZipFile(only_zip, "w") as zf:
        zf.writestr("hej.txt", "hej")
    assert "Word-dokument" in refused(read_bytes, only_zip.getvalue(), "zip.docx")


def test_password_protected_docx_ole() -> None:
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    ole = header + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 50 + "EncryptedPackage".encode("utf-16-le")
    assert refused(read_bytes, ole, "hemmelig.docx") == "Dokumentet er beskyttet med adgangskode og kan ikke læses."
    old_doc = header + "WordDocument".encode("utf-16-le")
    assert "ældre Word-dokument (.doc)" in refused(read_bytes, old_doc, "gammel.docx")


def test_docx_zip_bomb(tmp_path: Path) -> None:
    path = tmp_path / "bombe.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(300):
                member.write(chunk)
    assert path.stat().st_size < 2 * 1024 * 1024
    start = time.monotonic()
    message = refused(read_path, path)
    assert time.monotonic() - start < within(1.0)
    assert "mistænkeligt" in message and "sikkerhedshensyn" in message
    # A moderately sized but extremely compressed member is refused by its ratio.
    ratio = tmp_path / "tæt.docx"
    with zipfile.ZipFile(ratio, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b" " * (20 * 1024 * 1024))
    assert "pakket usædvanligt tæt" in refused(read_path, ratio)


def test_docx_with_entity_payload(tmp_path: Path) -> None:
    data = _docx_bytes(tmp_path)
    original = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    doctype = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    )
    body = original.split("?>", 1)[1].replace("Forslag til Lov", "&xxe; Forslag til Lov", 1)
    hostile = _rezip(data, {"word/document.xml": (doctype + body).encode("utf-8")})
    message = refused(read_bytes, hostile, "xxe.docx")
    assert "DOCTYPE" in message and "sikkerhedshensyn" in message


# --------------------------------------------------------------------------- xml


def test_xml_billion_laughs() -> None:
    lol = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
        + "]><Dokument><Exitus>&lol9;</Exitus></Dokument>"
    ).encode()
    start = time.monotonic()
    message = refused(read_bytes, lol, "lol.xml")
    assert time.monotonic() - start < within(1.0)
    assert "DOCTYPE" in message and "sikkerhedshensyn" in message


def test_xml_external_entity() -> None:
    xxe = b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d><p>&x;</p></d>'
    assert "sikkerhedshensyn" in refused(read_bytes, xxe, "xxe.xml")


def test_truncated_and_malformed_xml() -> None:
    message = refused(read_bytes, b"<Dokument><Paragraf><Explicatus>\xc2\xa7 1.</Explicatus>", "halv.xml")
    assert message.startswith("XML-filen er ufuldstændig eller beskadiget")
    assert "linje" in refused(read_bytes, b"<a>\n<b></a>", "forkert.xml")
    assert "tekst" in refused(read_bytes, b"<a><b/></a>", "tom.xml")


def test_deeply_nested_xml() -> None:
    depth = 100_000
    data = b"<a>" * depth + b"tekst" + b"</a>" * depth
    start = time.monotonic()
    assert "for dybt" in refused(read_bytes, data, "dyb.xml")
    assert time.monotonic() - start < within(3.0)


# --------------------------------------------------------------------------- html


def test_deeply_nested_html() -> None:
    depth = 100_000
    data = b"<html><body>" + b"<div>" * depth + b"tekst" + b"</div>" * depth + b"</body></html>"
    start = time.monotonic()
    message = refused(read_bytes, data, "dyb.html")
    assert time.monotonic() - start < within(5.0)
    assert "for dybt" in message


def test_html_limit_is_configurable() -> None:
    data = b"<html><body>" + b"<div>" * 30 + b"tekst" + b"</div>" * 30 + b"</body></html>"
    assert read_bytes(data, "ok.html").blocks[0].text == "tekst"
    assert "for dybt" in refused(read_bytes, data, "ok.html", limits=Limits(max_html_depth=20))


def test_html_without_text() -> None:
    data = b"<html><head><script>alert(1)</script></head><body><nav>Menu</nav></body></html>"
    assert refused(read_bytes, data, "tom.html") == "Filen indeholder ingen tekst."


# --------------------------------------------------------------------------- pdf


def _blank_pdf(encrypt: bool = False) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    if encrypt:
        writer.encrypt(user_password="hemmelig", owner_password="ejer", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pdf_without_text_layer() -> None:
    message = refused(read_bytes, _blank_pdf(), "scannet.pdf")
    assert message == (
        "PDF-filen har intet tekstlag (den er måske scannet). Brug en Word- eller tekstudgave af lovforslaget."
    )


def test_encrypted_pdf() -> None:
    assert "adgangskode" in refused(read_bytes, _blank_pdf(encrypt=True), "hemmelig.pdf")


def test_corrupt_pdf() -> None:
    assert refused(read_bytes, b"%PDF-1.7\n1 0 obj << /Type /Catalog", "brudt.pdf").startswith("PDF-filen")
    assert "ikke ud til at være en PDF-fil" in refused(read_bytes, b"hej", "l.pdf")


# --------------------------------------------------------------------------- read-only input


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # CI runs as root, where chmod 0 does not stop reading: simulate the refusal the OS gives.
    path = tmp_path / "laast.txt"
    path.write_text("tekst", encoding="utf-8")
    real_open = Path.open

    def denied(self: Path, *args, **kwargs):
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", denied)
    assert "adgang nægtet" in refused(read_path, path)


def test_docx_builder_output_is_a_real_word_file(tmp_path: Path) -> None:
    # Guards the fixtures: python-docx must open what the builder wrote.
    path = build_docx(SAMPLE_BILL.splitlines(), tmp_path / "l.docx")
    assert docx.Document(str(path)).paragraphs
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
