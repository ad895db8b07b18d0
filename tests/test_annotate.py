"""``annotate``: the lawyer's own draft back with one Word comment per flagged provision.

The drafts are real acts written as Word would write them (``fixtures_build.build_docx``) and
then edited as a ministry draft is: Stk. numbered automatically (the "Stk. 2." is not in the
text), a table inside a provision, a paragraph that is wholly a tracked insertion, a tracked
insertion and a tracked deletion inside paragraphs, a hyperlink, and a colleague's comment. Each
comment must sit on exactly its provision's text, and everything else must be as it was.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.oxml import parse_xml
from lxml import etree

from fixtures_build import build_docx
from relationel_bundlinje.annotate import annotate_docx
from relationel_bundlinje.annotate.notes import groups_of
from relationel_bundlinje.cli import main
from relationel_bundlinje.errors import BundlinjeError
from relationel_bundlinje.ingest.docx_reader import paragraph_pieces
from relationel_bundlinje.pipeline import load_bill

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = f'xmlns:w="{W}"'
ACT = "aendrlov-2022-157-livstidsdoemtes-rettigheder"
DATE = "2026-03-02"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


# --------------------------------------------------------------------------- drafts


def _paragraph_starting(document, prefix: str):
    return next(p for p in document.paragraphs if p.text.replace("\u00a0", " ").startswith(prefix))


def _number_stk(document) -> int:
    """Stk. 2, 3, … of every § numbered by Word (lvlText "Stk. %1."), restarting at each §."""
    numbering = document.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {NS} w:abstractNumId="92"><w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="Stk. %1."/>'
        '<w:suff w:val="space"/><w:lvlJc w:val="left"/></w:lvl></w:abstractNum>'
    )
    first_num = numbering.find(w("num"))
    first_num.addprevious(abstract) if first_num is not None else numbering.append(abstract)
    num_id, numbered, expected = 950, 0, 0
    for paragraph in document.paragraphs:
        text = paragraph.text.replace("\u00a0", " ")
        if text.startswith("§ "):
            expected = 2
            num_id += 1
            numbering.append(parse_xml(
                f'<w:num {NS} w:numId="{num_id}"><w:abstractNumId w:val="92"/>'
                '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="2"/></w:lvlOverride></w:num>'
            ))
            continue
        m = re.match(r"Stk\. (\d+)\. ", text)
        if not m or int(m.group(1)) != expected:
            continue
        runs = paragraph.runs
        runs[0]._r.getparent().remove(runs[0]._r)  # the bold "Stk. 2."
        runs[1].text = runs[1].text.lstrip()
        paragraph._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {NS}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>')
        )
        expected += 1
        numbered += 1
    return numbered


def _split_run_around(paragraph, words: str):
    """Split the run holding ``words`` into three runs; return the middle one's element."""
    for run in paragraph.runs:
        if words in run.text:
            before, after = run.text.split(words, 1)
            middle = copy.deepcopy(run._r)
            tail = copy.deepcopy(run._r)
            run.text = before
            run._r.addnext(middle)
            middle.addnext(tail)
            middle.find(w("t")).text = words
            tail.find(w("t")).text = after
            for el in (run._r, middle, tail):
                el.find(w("t")).set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            return middle
    raise AssertionError(words)


def _wrap(element, xml: str):
    wrapper = parse_xml(xml)
    element.addprevious(wrapper)
    wrapper.append(element)
    return wrapper


def build_draft(lines: list[str], path: Path, *, comment_styles: bool = False) -> Path:
    build_docx(lines, path)
    document = docx.Document(str(path))
    assert _number_stk(document) > 5
    # A table inside a provision (after § 51 a, stk. 2, before stk. 3).
    stk2 = next(p for p in document.paragraphs if p.text.startswith("Kriminalforsorgen meddeler tilladelse til besøg"))
    table = document.add_table(rows=2, cols=2)
    table.style = "Table Grid"
    for r, row in enumerate([("Nærtstående", "Tilladelse meddeles"), ("Andre", "Kun ved særlige omstændigheder")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    stk2._p.addnext(table._tbl)
    # A paragraph that is wholly a tracked insertion: python-docx sees no runs in it.
    p59b = _paragraph_starting(document, "§ 59 b.")
    ins = parse_xml(f'<w:ins {NS} w:id="901" w:author="Anne Jurist" w:date="2026-02-01T10:00:00Z"/>')
    runs = list(p59b._p.iterchildren(w("r")))
    runs[0].addprevious(ins)
    for r in runs:
        ins.append(r)
    assert p59b.runs == []
    # A tracked insertion and a tracked deletion inside paragraphs, and a hyperlink.
    p57a = _paragraph_starting(document, "§ 57 a.")
    _wrap(_split_run_around(p57a, "ikke uden tilladelse"),
          f'<w:ins {NS} w:id="902" w:author="Anne Jurist" w:date="2026-02-01T10:05:00Z"/>')
    p49a = _paragraph_starting(document, "§ 49 a.")
    middle = _split_run_around(p49a, "udgang")
    middle.addprevious(parse_xml(
        f'<w:del {NS} w:id="903" w:author="Anne Jurist" w:date="2026-02-01T10:10:00Z">'
        '<w:r><w:delText xml:space="preserve">ordinær </w:delText></w:r></w:del>'
    ))
    p22a = _paragraph_starting(document, "§ 22 a.")
    _wrap(_split_run_around(p22a, "lukket fængsel"), f'<w:hyperlink {NS} w:anchor="_lukket" w:history="1"/>')
    # A colleague's comment on the title.
    title = document.paragraphs[0]
    document.add_comment(title.runs, text="Titlen afstemmes med Justitsministeriet.", author="Anne Jurist", initials="AJ")
    if comment_styles:
        # As a Danish Word writes them: localised ids, built-in names.
        styles = document.styles.element
        for xml in (
            f'<w:style {NS} w:type="paragraph" w:styleId="Kommentartekst"><w:name w:val="annotation text"/>'
            '<w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="20"/></w:rPr></w:style>',
            f'<w:style {NS} w:type="character" w:styleId="Kommentarhenvisning"><w:name w:val="annotation reference"/>'
            '<w:rPr><w:sz w:val="16"/></w:rPr></w:style>',
        ):
            styles.append(parse_xml(xml))
    document.save(str(path))
    return path


# --------------------------------------------------------------------------- reading the result back


def commented_texts(document_xml: bytes) -> dict[int, str]:
    """The text inside each comment range, paragraphs joined by newlines (as the reader reads it)."""
    body = etree.fromstring(document_xml).find(w("body"))
    open_ids: list[int] = []
    texts: dict[int, list[str]] = {}
    for p in body.iter(w("p")):
        pieces = dict(paragraph_pieces(p))  # lxml keeps one proxy per element while it is referenced
        for el in p.iter():
            if el.tag == w("commentRangeStart"):
                cid = int(el.get(w("id")))
                open_ids.append(cid)
                texts.setdefault(cid, [])
            elif el.tag == w("commentRangeEnd"):
                open_ids.remove(int(el.get(w("id"))))
            elif el in pieces:
                for cid in open_ids:
                    texts[cid].append(pieces[el])
        for cid in open_ids:
            texts[cid].append("\n")
    return {cid: "".join(parts) for cid, parts in texts.items()}


def norm(text: str) -> str:
    return " ".join(text.replace("|", " ").replace("\u00a0", " ").split())


def without_labels(text: str) -> str:
    """The clause text without the Stk. labels Word numbers automatically (not in the XML)."""
    return re.sub(r"(^|\n)Stk\. \d+\. ", r"\1", text)


def plain_document(xml: bytes) -> bytes:
    """document.xml without comment markers and with runs of the same properties merged: what must
    not change when comments are added."""
    root = etree.fromstring(xml)
    for el in list(root.iter(w("commentRangeStart"), w("commentRangeEnd"))):
        el.getparent().remove(el)
    for ref in list(root.iter(w("commentReference"))):
        run = ref.getparent()
        run.getparent().remove(run)
    for parent in list(root.iter()):
        previous = None
        for child in list(parent):
            if child.tag != w("r"):
                previous = None
                continue
            props = child.find(w("rPr"))
            key = etree.tostring(props, method="c14n") if props is not None else b""
            if previous is not None and previous[1] == key and dict(previous[0].attrib) == dict(child.attrib):
                for grandchild in [c for c in child if c.tag != w("rPr")]:
                    previous[0].append(grandchild)
                parent.remove(child)
            else:
                previous = (child, key)
    for run in root.iter(w("r")):
        last = None
        for t in list(run):
            if t.tag == w("t") and last is not None and last.tag == w("t"):
                last.text = (last.text or "") + (t.text or "")
                run.remove(t)
                continue
            last = t
        for t in run.iter(w("t")):
            t.attrib.pop("{http://www.w3.org/XML/1998/namespace}space", None)
    return etree.tostring(root, method="c14n")


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {i.filename: z.read(i) for i in z.infolist()}


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def act_lines(bill_path) -> list[str]:
    path = bill_path(ACT)
    if not path.is_file():
        pytest.skip(f"{path} is missing")
    return path.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def draft(act_lines, tmp_path_factory) -> Path:
    return build_draft(act_lines, tmp_path_factory.mktemp("udkast") / "UDKAST.docx")


@pytest.fixture(scope="module")
def annotated(draft, screener) -> bytes:
    return annotate_docx(draft.read_bytes(), screener=screener, fixed_date=DATE, name=draft.name)


@pytest.fixture(scope="module")
def expected(draft, screener):
    """The flagged passages as the screening of the same file sees them: (refs, text) in order."""
    bill = load_bill(draft)
    assessment = screener.screen(bill, fixed_date=DATE)
    return [(tuple(c.ref for c in g), bill.text[g[0].start : g[-1].end]) for g in groups_of(assessment.clauses, bill)]


# --------------------------------------------------------------------------- tests


def test_every_flagged_clause_carries_a_comment_over_exactly_its_own_text(annotated, expected) -> None:
    document = docx.Document(io.BytesIO(annotated))
    ours = [c for c in document.comments if c.author == "Relationel bundlinje"]
    assert len(expected) >= 10 and len(ours) == len(expected)
    ranges = commented_texts(members(annotated)["word/document.xml"])
    seen_numbered = seen_table = seen_inserted = False
    for comment, (refs, text) in zip(sorted(ours, key=lambda c: c.comment_id), expected):
        got = ranges[comment.comment_id]
        assert norm(got) == norm(without_labels(text)), refs
        seen_numbered |= "\nStk. " in "\n" + text and not got.lstrip().startswith("Stk.")
        seen_table |= "Kun ved særlige omstændigheder" in got
        seen_inserted |= norm(got).startswith("§ 59 b.")
    # The hard cases were among them: an automatic label, a table cell, a wholly inserted paragraph.
    assert seen_numbered and seen_table and seen_inserted


def test_comments_say_dimension_direction_reason_questions_and_certainty(annotated) -> None:
    document = docx.Document(io.BytesIO(annotated))
    ours = [c for c in document.comments if c.author == "Relationel bundlinje"]
    for c in ours:
        assert c.initials == "RB"
        assert c.timestamp is not None and c.timestamp.date().isoformat() == DATE
        lines = c.text.split("\n")
        assert re.match(r"Dimension(er)?: .+\. Retning: (negativ|positiv|blandet|uafklaret)\.$", lines[0]), lines[0]
        assert re.match(r"Bestemmelsen vedrører .+, og (?:for .+ (?:vurderes den|kan den)|den vurderes|den kan) .+ \((negativ|positiv|blandet|uafklaret)\)\.$", lines[1]), lines[1]
        assert lines[2].startswith("Screeningsspørgsmål: ")
        assert lines[3] in ("Vurderingen er sikker.", "Vurderingen er rimeligt sikker.", "Vurderingen er usikker og bør efterprøves.")
    texts = [c.text for c in ours]
    assert any("Kontakt, besøg og frihedsbegrænsning" in t and "Retning: negativ" in t and "begrænse muligheden for" in t for t in texts)
    assert any("»Berører lovforslaget" in t or "»Regulerer lovforslaget" in t for t in texts)
    assert any("indsatte og deres børn, partnere og øvrige pårørende" in t for t in texts)


def test_the_draft_is_otherwise_untouched(draft, annotated) -> None:
    before, after = members(draft.read_bytes()), members(annotated)
    assert list(after)[: len(before)] == list(before)  # same members, same order
    changed = {"word/document.xml", "word/comments.xml", "word/styles.xml"}
    for name, data in before.items():
        if name not in changed:
            assert after[name] == data, name
    assert plain_document(after["word/document.xml"]) == plain_document(before["word/document.xml"])
    # The draft had no comment styles: they were added after its own styles, which are as they were.
    old = [etree.tostring(s, method="c14n") for s in etree.fromstring(before["word/styles.xml"])]
    new = [etree.tostring(s, method="c14n") for s in etree.fromstring(after["word/styles.xml"])]
    assert new[: len(old)] == old
    added = {etree.fromstring(s).get(w("styleId")) for s in new[len(old):]}
    assert {"CommentText", "CommentReference"} <= added


def test_colleagues_comment_and_tracked_changes_survive(draft, annotated) -> None:
    document = docx.Document(io.BytesIO(annotated))
    theirs = [c for c in document.comments if c.author == "Anne Jurist"]
    assert [c.text for c in theirs] == ["Titlen afstemmes med Justitsministeriet."]
    before = etree.fromstring(members(draft.read_bytes())["word/document.xml"])
    after = etree.fromstring(members(annotated)["word/document.xml"])
    for tag in ("ins", "del", "hyperlink"):
        old = ["".join(el.itertext()) for el in before.iter(w(tag))]
        new = ["".join(el.itertext()) for el in after.iter(w(tag))]
        assert new == old and old, tag
    ranges = commented_texts(etree.tostring(after))
    assert norm(ranges[theirs[0].comment_id]) == norm(document.paragraphs[0].text)


def test_existing_comment_styles_are_used_not_added(act_lines, tmp_path, screener) -> None:
    draft = build_draft(act_lines, tmp_path / "udkast.docx", comment_styles=True)
    out = annotate_docx(draft.read_bytes(), screener=screener, fixed_date=DATE)
    before, after = members(draft.read_bytes()), members(out)
    assert after["word/styles.xml"] == before["word/styles.xml"]
    comments = etree.fromstring(after["word/comments.xml"])
    ours = [c for c in comments.iter(w("comment")) if c.get(w("author")) == "Relationel bundlinje"]
    assert ours and {s.get(w("val")) for c in ours for s in c.iter(w("pStyle"))} == {"Kommentartekst"}
    refs = etree.fromstring(after["word/document.xml"]).iter(w("commentReference"))
    assert {r.getparent().find(w("rPr")).find(w("rStyle")).get(w("val")) for r in refs} >= {"Kommentarhenvisning"}


def test_draft_without_comments_gets_a_comments_part_and_nothing_else_changes(act_lines, tmp_path, screener) -> None:
    plain = build_docx(act_lines, tmp_path / "ren.docx")
    data = plain.read_bytes()
    out = annotate_docx(data, screener=screener, fixed_date=DATE)
    before, after = members(data), members(out)
    assert set(after) == set(before) | {"word/comments.xml"}
    rewritten = {"word/document.xml", "word/styles.xml", "[Content_Types].xml", "word/_rels/document.xml.rels"}
    assert all(after[n] == d for n, d in before.items() if n not in rewritten)
    types = etree.fromstring(after["[Content_Types].xml"])
    assert any(o.get("PartName") == "/word/comments.xml" for o in types)
    assert len(types) == len(etree.fromstring(before["[Content_Types].xml"])) + 1
    rels = etree.fromstring(after["word/_rels/document.xml.rels"])
    assert sum(r.get("Target") == "comments.xml" for r in rels) == 1
    assert len(rels) == len(etree.fromstring(before["word/_rels/document.xml.rels"])) + 1
    assert plain_document(after["word/document.xml"]) == plain_document(before["word/document.xml"])
    assert len(docx.Document(io.BytesIO(out)).comments) >= 10
    # The same input and date give the same bytes.
    assert annotate_docx(data, screener=screener, fixed_date=DATE) == out


def test_adjacent_stk_of_the_same_finding_share_one_comment(draft, screener) -> None:
    bill = load_bill(draft)
    a = screener.screen(bill, fixed_date=DATE)
    first = next(c for c in a.clauses if c.ref == "§ 57 a, stk. 1")
    # Give § 57 a, stk. 2 the finding of stk. 1: the two become one passage; stk. 4 stays apart.
    clauses = [c.model_copy(update={"dimensions": first.dimensions, "direction": first.direction}) if c.ref == "§ 57 a, stk. 2" else c
               for c in a.clauses]
    groups = [[c.ref for c in g] for g in groups_of(clauses, bill)]
    assert ["§ 57 a, stk. 1", "§ 57 a, stk. 2"] in groups
    assert ["§ 57 a, stk. 4"] in groups
    assert not any(len(g) > 1 for g in groups_of(a.clauses, bill) if g[0].direction != g[-1].direction)


# --------------------------------------------------------------------------- the command


def test_command_writes_the_commented_draft_and_leaves_the_input_alone(draft, tmp_path) -> None:
    before = draft.read_bytes()
    out = tmp_path / "UDKAST-kommenteret.docx"
    result = CliRunner().invoke(main, ["annotate", str(draft), "-o", str(out), "--fixed-date", DATE])
    assert result.exit_code == 0, result.output
    assert draft.read_bytes() == before
    assert len(docx.Document(str(out)).comments) > 10
    again = CliRunner().invoke(main, ["annotate", str(draft), "-o", str(out)])
    assert again.exit_code == 2 and "findes allerede" in again.output and "--force" in again.output
    forced = CliRunner().invoke(main, ["annotate", str(draft), "-o", str(out), "--force", "--fixed-date", DATE])
    assert forced.exit_code == 0, forced.output
    same = CliRunner().invoke(main, ["annotate", str(draft), "-o", str(draft), "--force"])
    assert same.exit_code == 2 and draft.read_bytes() == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("udkast.txt", b"Lov om noget\n\n\xc2\xa7 1. Loven gaelder.\n", "ikke et Word-dokument (.docx)"),
        ("udkast.docx", b"PK\x03\x04 dette er ikke en zip-fil", "ikke ud til at være et Word-dokument"),
        ("udkast.docx", b"%PDF-1.7 en pdf med forkert endelse", "ikke et Word-dokument"),
        ("udkast.docx", b"", "tom"),
        ("udkast.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le") + bytes(600), "adgangskode"),
    ],
)
def test_input_that_is_not_a_readable_docx_gets_a_danish_error(tmp_path, name, content, message) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = CliRunner().invoke(main, ["annotate", str(path), "-o", str(tmp_path / "ud.docx")])
    assert result.exit_code == 2, result.output
    assert "Fejl:" in result.output and message in result.output
    assert "Traceback" not in result.output and not (tmp_path / "ud.docx").exists()


def test_a_docx_with_a_damaged_document_part_is_refused(draft, tmp_path) -> None:
    broken = tmp_path / "beskadiget.docx"
    with zipfile.ZipFile(draft) as src, zipfile.ZipFile(broken, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, data[: len(data) // 2] if info.filename == "word/document.xml" else data)
    result = CliRunner().invoke(main, ["annotate", str(broken), "-o", str(tmp_path / "ud.docx")])
    assert result.exit_code == 2 and "Word-dokument" in result.output and "Traceback" not in result.output
    with pytest.raises(BundlinjeError):
        annotate_docx(broken.read_bytes())
    with pytest.raises(BundlinjeError):
        annotate_docx(b"ikke en docx")


# --------------------------------------------------------------------------- the pieces


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_RAW = st.text(alphabet=st.sampled_from(list("aeå§1. ") + ["\u00a0", "\u00ad", "\u200b", "\t", "\u0301", "\u0308", "\u200e", "\x07"]), max_size=40)


@given(_RAW)
def test_align_maps_every_cleaned_character_to_the_raw_characters_it_came_from(raw) -> None:
    import unicodedata

    from relationel_bundlinje.annotate.align import align
    from relationel_bundlinje.ingest.normalize import clean_text

    clean = clean_text(raw)
    mapping = align(raw, clean)
    assert mapping is not None and len(mapping) == len(clean)
    last = -1
    for ch, (first, end) in zip(clean, mapping):
        assert last < first <= end  # in order, never the same raw character twice
        last = end
        source = "".join(c for c in raw[first : end + 1] if not unicodedata.category(c).startswith("C") or c.isspace())
        kept = raw[first : end + 1] == ch  # a format character the cleaning keeps
        assert (ch == " " and source.isspace()) or unicodedata.normalize("NFC", source) == ch or kept


def test_layout_follows_table_rows_back_to_their_cells() -> None:
    from relationel_bundlinje.annotate.layout import LayoutMismatch, segments
    from relationel_bundlinje.models import Block
    from relationel_bundlinje.structure.lines import lines_from_blocks

    blocks = [
        Block(kind="paragraph", text="§ 1. Tabellen gælder."),
        Block(kind="table_cell", text="Gruppe", table=0, row=0, col=0),
        Block(kind="table_cell", text="Besøg", table=0, row=0, col=2),
        Block(kind="table_cell", text="Indsatte", table=0, row=1, col=1),
        Block(kind="paragraph", text="Stk. 2. Efter tabellen."),
    ]
    text, _ = lines_from_blocks(blocks)
    segs = segments(blocks, text)
    assert [text[s.start : s.end] for s in segs] == [b.text for b in blocks]
    assert [s.block for s in segs] == [0, 1, 2, 3, 4]
    with pytest.raises(LayoutMismatch):
        segments(blocks, text + "x")


def test_command_help_and_a_bad_date_are_danish(draft, tmp_path) -> None:
    help_text = CliRunner().invoke(main, ["annotate", "--help"]).output
    assert "Forsyn et udkast" in help_text and "--fixed-date ÅÅÅÅ-MM-DD" in help_text and "inputfilen ændres aldrig" in help_text
    bad = CliRunner().invoke(main, ["annotate", str(draft), "-o", str(tmp_path / "ud.docx"), "--fixed-date", "2. marts"])
    assert bad.exit_code == 2 and "Datoen »2. marts« er ugyldig" in bad.output
    wrong = CliRunner().invoke(main, ["annotate", str(draft), "-o", str(tmp_path / "ud.md")])
    assert wrong.exit_code == 2 and "skal gemmes som .docx" in wrong.output
    with pytest.raises(BundlinjeError, match="Word-dokument"):
        annotate_docx("§ 1. Tekst")  # type: ignore[arg-type]


def test_the_reader_reports_each_blocks_paragraphs_without_changing_the_blocks(draft) -> None:
    from relationel_bundlinje.ingest import read_bytes
    from relationel_bundlinje.ingest.docx_reader import paragraph_text, read_docx
    from relationel_bundlinje.ingest.limits import Limits
    from relationel_bundlinje.ingest.normalize import BlockCollector, clean_text

    data = draft.read_bytes()
    collector = BlockCollector(Limits.from_env().max_blocks)
    seen: list = []
    document = read_docx(data, collector, Limits.from_env(), on_block=lambda block, paragraphs: seen.append((block, paragraphs)))
    assert collector.blocks == read_bytes(data, "udkast.docx").blocks
    assert [b for b, _ in seen] == collector.blocks and document.element.body is not None
    labelled = 0
    for block, paragraphs in seen:
        # The block is its paragraphs' text, each after what the reader put before it.
        assert block.text == clean_text(" ".join(prefix + paragraph_text(p) for p, prefix in paragraphs))
        labelled += any(prefix.startswith("Stk. ") for _, prefix in paragraphs)
    assert labelled > 5 and any(b.kind == "table_cell" for b, _ in seen)


def test_a_draft_without_a_styles_part_gets_comments_and_no_invented_styles(act_lines, tmp_path, screener) -> None:
    plain = build_docx(act_lines, tmp_path / "ren.docx")
    bare = tmp_path / "uden-typografier.docx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(bare, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/styles.xml":
                continue
            if info.filename in ("[Content_Types].xml", "word/_rels/document.xml.rels"):
                root = etree.fromstring(data)
                for el in list(root):
                    if (el.get("PartName") or el.get("Target") or "").endswith("styles.xml"):
                        root.remove(el)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            dst.writestr(info, data)
    out = annotate_docx(bare.read_bytes(), screener=screener, fixed_date=DATE)
    assert set(members(out)) == set(members(bare.read_bytes())) | {"word/comments.xml"}
    assert len(docx.Document(io.BytesIO(out)).comments) >= 10
