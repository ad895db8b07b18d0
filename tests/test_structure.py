"""The structure parser on the shipped example bill and on real acts from Retsinformation."""

from __future__ import annotations

import re

import pytest

from relationel_bundlinje.errors import InputError
from relationel_bundlinje.ingest import read_path
from relationel_bundlinje.models import Ref
from relationel_bundlinje.pipeline import parse as parse_source
from relationel_bundlinje.structure import parse_document


def parse(path):
    """A file through the two stages by hand: reader, then structure parser."""
    return parse_document(read_path(path))


def parse_text(text: str):
    """The bill's text given directly (``pipeline.parse`` with a ``str``)."""
    return parse_source(text)


def refs(bill):
    return [c.ref for c in bill.clauses]


def test_example_bill_title_kind_and_commencement(example_path):
    bill = parse(example_path)
    assert bill.title.startswith("Forslag til Lov om ændring af lov om social service og lov om almene boliger m.v.")
    assert bill.title.endswith("samlivsgaranti for ældre par)")
    assert bill.kind == "aendringslov"
    assert bill.commencement_ref == "§ 3"


def test_example_bill_change_points_targets_and_actions(example_path):
    bill = parse(example_path)
    par1, par2, par3 = bill.provisions
    assert par1.target_law == "lov om social service"
    assert par2.target_law == "lov om almene boliger m.v."
    assert par3.target_law is None
    assert [(c.ref, c.action) for c in par1.children] == [
        ("§ 1, nr. 1", "indsaettes"),
        ("§ 1, nr. 2", "aendres"),
        ("§ 1, nr. 3", "indsaettes"),
        ("§ 1, nr. 4", "affattes"),
        ("§ 1, nr. 5", "aendres"),
    ]
    inserted = par1.children[2].children[0]
    assert inserted.ref == "§ 1, nr. 3 (§ 137 d)" and inserted.quoted
    assert [c.ref for c in inserted.children] == ["§ 1, nr. 3 (§ 137 d, stk. 2)", "§ 1, nr. 3 (§ 137 d, stk. 3)"]


def test_example_bill_clauses_have_exact_spans(example_path):
    bill = parse(example_path)
    assert refs(bill) == [
        "§ 1, nr. 1 (§ 84 a, stk. 1)",
        "§ 1, nr. 1 (§ 84 a, stk. 2)",
        "§ 1, nr. 2",
        "§ 1, nr. 3 (§ 137 d, stk. 1)",
        "§ 1, nr. 3 (§ 137 d, stk. 2)",
        "§ 1, nr. 3 (§ 137 d, stk. 3)",
        "§ 1, nr. 4 (§ 148, stk. 2)",
        "§ 1, nr. 5",
        "§ 2, nr. 1 (§ 58 b, stk. 1)",
        "§ 2, nr. 1 (§ 58 b, stk. 2)",
        "§ 3, stk. 1",
        "§ 3, stk. 2",
    ]
    for clause in bill.clauses:
        assert bill.text[clause.start : clause.end] == clause.text
    first = bill.clauses[3]
    assert first.text.startswith("3. Efter § 137 c indsættes:\n»§ 137 d. Kommunalbestyrelsen kan træffe afgørelse")


def test_example_bill_clauses_carry_structured_references(example_path):
    bill = parse(example_path)
    assert all(str(c.path) == c.ref for c in bill.clauses)
    inserted = bill.clause("§ 1, nr. 3 (§ 137 d, stk. 2)")
    social = "lov om social service"
    assert inserted.path == Ref(par="1", nr="3", inserted=Ref(par="137 d", stk=2, law=social), law=social)
    assert inserted.path.outer == Ref(par="1", nr="3", law=social)
    assert inserted.action == "indsaettes" and inserted.lead_ref == "§ 1, nr. 3 (§ 137 d, stk. 1)"
    # A change point that amends a provision of the law in force names it.
    # A change point quoting one provision is referred to with it, as lawyers write it.
    changed = bill.clause("§ 1, nr. 4 (§ 148, stk. 2)")
    assert changed.action == "affattes" and changed.amends == Ref(par="148", stk=2, law=social)
    assert changed.kind == "aendringspunkt" and changed.path.outer == Ref(par="1", nr="4", law=social)
    own = bill.clause("§ 3, stk. 2")
    assert own.path == Ref(par="3", stk=2) and own.target_law is None and own.lead_ref == "§ 3, stk. 1"
    assert bill.clause("§ 99") is None
    # The title's span points at the title lines in the text.
    start, end = bill.title_span
    assert " ".join(bill.text[start:end].split()) == bill.title


def test_example_bill_remarks_are_linked(example_path):
    bill = parse(example_path)
    general = [r for r in bill.remarks if r.part == "almindelige"]
    special = [r for r in bill.remarks if r.part == "specielle"]
    assert [r.number for r in general][:4] == ["1", "2", "2.1", "2.1.1"]
    assert any(r.number == "4" and r.heading.startswith("Økonomiske og administrative") for r in general)
    skema = next(r for r in general if "Sammenfattende skema" in r.heading)
    assert skema.table[0][1:] == ["Positive konsekvenser/mindreudgifter", "Negative konsekvenser/merudgifter"]
    assert len(skema.table) == 5
    assert [r.ref for r in special] == [
        "Til § 1", "Til § 1, nr. 1", "Til § 1, nr. 2", "Til § 1, nr. 3", "Til § 1, nr. 4", "Til § 1, nr. 5", "Til § 2", "Til § 3",
    ]
    clause = next(c for c in bill.clauses if c.ref == "§ 1, nr. 3 (§ 137 d, stk. 2)")
    # The most specific remark only: »Til § 1, nr. 3« rather than the whole »Til § 1« as well.
    assert clause.remark_refs == ["Til § 1, nr. 3"]
    assert [r.ref for r in bill.remarks_of(clause)] == ["Til § 1, nr. 3"]
    # A § without a remark of its own for the change point keeps the remark on the whole §.
    whole = next(r for r in special if r.ref == "Til § 1")
    assert whole.provisions == [Ref(par="1")]
    remark = next(r for r in special if r.ref == "Til § 1, nr. 3")
    assert remark.provisions == [Ref(par="1", nr="3")]
    assert "faste besøgstider" in remark.text
    assert bill.text[remark.start : remark.end] == remark.text


def test_remark_ranges_and_lists_link_to_every_change_point():
    text = """Forslag til Lov om ændring af lov om social service

§ 1

I lov om social service, jf. lovbekendtgørelse nr. 1129 af 1. august 2025, foretages følgende ændringer:

1. I § 83, stk. 1, ændres »kan« til: »skal«.

2. I § 84, stk. 1, ændres »kan« til: »skal«.

3. I § 85, stk. 1, ændres »kan« til: »skal«.

4. § 86 ophæves.

§ 2

Loven træder i kraft den 1. juli 2027.

Bemærkninger til lovforslagets enkelte bestemmelser

Til § 1

Til nr. 1-3
Ændringerne gør kommunens tilbud til en pligt.

Til nr. 4
Bestemmelsen ophæves, da den ikke længere anvendes.
"""
    bill = parse_text(text)
    by_ref = {c.ref: c for c in bill.clauses}
    assert by_ref["§ 1, nr. 2"].remark_refs == ["Til § 1, nr. 1-3"]
    assert by_ref["§ 1, nr. 4"].remark_refs == ["Til § 1, nr. 4"]
    ranged = next(r for r in bill.remarks if r.ref == "Til § 1, nr. 1-3")
    assert ranged.provisions == [Ref(par="1", nr=n) for n in ("1", "2", "3")]
    assert [c.ref for c in bill.clauses if ranged.ref in c.remark_refs] == ["§ 1, nr. 1", "§ 1, nr. 2", "§ 1, nr. 3"]
    # § 2 has no special remark in this bill.
    assert by_ref["§ 2"].remark_refs == []
    assert bill.provisions[0].children[3].action == "ophaeves"
    assert by_ref["§ 2"].text == "§ 2\nLoven træder i kraft den 1. juli 2027."


def test_remark_list_with_og():
    text = "§ 1\nI lov om ferie, jf. lovbekendtgørelse nr. 152 af 1. marts 2024, foretages følgende ændringer:\n1. § 3 ophæves.\n2. § 4 ophæves.\n3. § 5 ophæves.\n4. § 6 ophæves.\n§ 2\nLoven træder i kraft den 1. juli 2027.\nBemærkninger til lovforslagets enkelte bestemmelser\nTil § 1\nTil nr. 1 og 4\nBestemmelserne er forældede."
    bill = parse_text(text)
    linked = [c.ref for c in bill.clauses if "Til § 1, nr. 1 og 4" in c.remark_refs]
    assert linked == ["§ 1, nr. 1", "§ 1, nr. 4"]


@pytest.mark.parametrize(
    "doc_id,paragraphs,stk",
    [
        ("lbk-2020-1768-foraeldreansvarsloven", 62, 58),
        ("lov-2012-112-tilholdsloven", 26, 19),
    ],
)
def test_consolidated_and_new_acts_count_every_paragraph_and_stk(bill_path, doc_id, paragraphs, stk):
    path = bill_path(doc_id)
    raw = path.read_text(encoding="utf-8")
    bill = parse(path)
    # Independent count from the stored text: every line that starts a § or a Stk.
    assert len(re.findall(r"(?m)^§ \d+", raw)) == paragraphs
    assert len(bill.provisions) == paragraphs
    assert sum(1 for p in bill.provisions for c in p.children if c.kind == "stk") == stk


def test_consolidated_act_kind_and_references(bill_path):
    bill = parse(bill_path("lbk-2020-1768-foraeldreansvarsloven"))
    assert bill.kind == "lovbekendtgoerelse"
    assert bill.title == "Bekendtgørelse af forældreansvarsloven"
    assert bill.provisions[0].ref == "§ 1"
    assert "§ 2, stk. 2" in refs(bill)


def test_new_act_with_amending_chapter(bill_path):
    bill = parse(bill_path("lov-2015-174-kontantydelse"))
    assert bill.kind == "ny_lov"
    targets = {p.ref: p.target_law for p in bill.provisions if p.target_law}
    assert targets == {
        "§ 27": "lov om aktiv socialpolitik",
        "§ 28": "lov om en aktiv beskæftigelsesindsats",
        "§ 29": "lov om ferie",
        "§ 30": "lov om kommunal udligning og generelle tilskud til kommuner",
        "§ 31": "lov om betaling for visse uddannelsesaktiviteter i forbindelse med lov om en aktiv beskæftigelsesindsats m.m.",
        "§ 32": "lov om social pension",
        "§ 33": "lov om højeste, mellemste, forhøjet almindelig og almindelig førtidspension m.v.",
    }
    par31 = next(p for p in bill.provisions if p.ref == "§ 31")
    assert [(c.ref, c.action) for c in par31.children] == [
        ("§ 31, nr. 1", "udgaar"),
        ("§ 31, nr. 2", "aendres"),
        ("§ 31, nr. 3", "indsaettes"),
    ]
    # The inserted § 75 z (quotation marks lost in the source) stays inside change point 2 of § 28.
    assert "§ 75 z" not in [p.label for p in bill.provisions]
    assert "§ 28, nr. 2 (§ 75 z, stk. 3)" in refs(bill)
    # A "affattes således" change point whose new Stk. is quoted without marks.
    par29 = next(p for p in bill.provisions if p.ref == "§ 29")
    assert par29.children[0].children[0].ref == "§ 29, nr. 1 (§ 34 b)"


def test_amending_act_with_provisions_only(bill_path):
    bill = parse(bill_path("aendrlov-2011-627-serviceloven-besoegsrestriktioner"))
    assert bill.kind == "aendringslov"
    assert refs(bill)[:3] == ["§ 137 d, stk. 1", "§ 137 d, stk. 2", "§ 137 d, stk. 3"]


def test_every_real_document_parses_with_valid_spans(bills_dir):
    total = 0
    for path in sorted(bills_dir.glob("*.txt")):
        bill = parse(path)
        assert bill.provisions, path.name
        for clause in bill.clauses:
            assert bill.text[clause.start : clause.end] == clause.text, (path.name, clause.ref)
            assert str(clause.path) == clause.ref, (path.name, clause.ref)
        total += 1
    assert total == 220


@pytest.mark.parametrize(
    "text,message",
    [
        ("", "tom"),
        ("The quick brown fox jumps over the lazy dog and runs away from the farmer.", "dansk"),
        ("Dette er en tekst på dansk, men den har ingen paragraffer og er derfor ikke en lov.", "bestemmelser"),
    ],
)
def test_text_that_is_not_a_bill_is_refused(text, message):
    with pytest.raises(InputError, match=message):
        parse_text(text)


def _without_source(bill):
    data = bill.model_dump()
    data.pop("source")
    return data


def test_same_bill_in_txt_docx_html_and_xml_gives_the_same_bill(tmp_path, example_path):
    from fixtures_build import build_all

    lines = example_path.read_text(encoding="utf-8").splitlines()
    files = build_all(lines, tmp_path)
    bills = {fmt: parse(path) for fmt, path in files.items()}
    reference = _without_source(bills["txt"])
    assert reference["clauses"] and reference["remarks"]
    for fmt in ("docx", "html", "xml"):
        assert bills[fmt].source.format == fmt
        assert _without_source(bills[fmt]) == reference, fmt
    skema = next(r for r in bills["docx"].remarks if "Sammenfattende skema" in r.heading)
    assert skema.table[0] == ["", "Positive konsekvenser/mindreudgifter", "Negative konsekvenser/merudgifter"]


def test_bill_number_session_and_chapters_from_a_folketing_bill():
    text = """Folketingsåret 2011-12
L 50
Forslag til Lov om ændring af lov om social service
(Ret til aflastning)

Kapitel 1
Aflastning

§ 1. Kommunalbestyrelsen skal tilbyde pårørende aflastning.
Stk. 2. Aflastningen kan gives i hjemmet.

Kapitel 2
Ikrafttræden

§ 2. Loven træder i kraft den 1. juli 2027.
"""
    bill = parse_text(text)
    assert (bill.number, bill.session) == ("L 50", "2011-12")
    assert bill.title == "Forslag til Lov om ændring af lov om social service (Ret til aflastning)"
    assert [(c.label, c.heading) for c in bill.chapters] == [("Kapitel 1", "Aflastning"), ("Kapitel 2", "Ikrafttræden")]
    assert [c.ref for c in bill.clauses] == ["§ 1, stk. 1", "§ 1, stk. 2", "§ 2"]
    assert bill.clauses[0].chapter_heading == "Aflastning"
    assert bill.commencement_ref == "§ 2"
    assert bill.kind == "aendringslov"


def test_a_reference_into_an_act_named_in_the_genitive_is_not_resolved_in_this_act():
    # »barnets lov« is another act: its § 43 must not be shown as this act's § 43.
    bill = parse_text(
        "Lov om ændring af udlændingeloven\n\n"
        "§ 43. Der gives opholdstilladelse til et barn, der er anbragt uden for hjemmet.\n\n"
        "§ 44. Opholdstilladelse kan nægtes, hvis barnet er anbragt efter § 43, stk. 1, nr. 6, i barnets lov.\n\n"
        "§ 45. Opholdstilladelse efter § 43 kan forlænges.\n"
    )
    assert bill.clause("§ 44").cited_refs == []
    assert bill.clause("§ 45").cited_refs == ["§ 43"]
