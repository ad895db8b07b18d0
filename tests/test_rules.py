"""The shipped rules: coverage, trigger hits on real acts, suppression of false alarms, speed."""

from __future__ import annotations

import time

import pytest
from test_rules_support import bill_by_lines, bills_dir, load_bill, manifest_rows

from relationel_bundlinje import nlp
from relationel_bundlinje.dimensions import DIMENSION_IDS
from relationel_bundlinje.rules import TITLE_REF, find_hits, load_rules

ACTION_PLAN_GROUPS = {
    "unge", "aeldste", "handicap", "institution", "hjemloese", "ledige", "psykisk_syge", "paaroerende",
    "livsovergange",
}


@pytest.fixture(scope="module")
def rs():
    return load_rules()


def _hits_for(bill, rs, question_id):
    return [h for h in find_hits(bill, rs) if h.question_id == question_id]


def test_shipped_rules_cover_dimensions_family_test_arenas_and_groups(rs):
    assert rs.version == "2026.11.1"
    assert len(rs.questions) >= 30
    assert {d for q in rs.questions for d in q.dimensions} == set(DIMENSION_IDS)
    for d in DIMENSION_IDS:
        assert any(q.step == "relevans" and d in q.dimensions for q in rs.questions), d
        assert any(q.step == "vurdering" and q.dimensions == [d] for q in rs.questions), d
    assert {n for q in rs.questions for n in q.family_test} == {1, 2, 3, 4, 5}
    assert {q.arena for q in rs.questions if q.arena} == set(rs.manifest.arenas)
    assert ACTION_PLAN_GROUPS <= {g for q in rs.questions for g in q.groups}
    for q in rs.questions:
        if q.step == "relevans":
            assert q.triggers and q.examples, q.id
            assert q.option_ids == ["ja", "nej", "ved_ikke"], q.id
            assert q.question.endswith("?"), q.id


def test_load_rules_is_cached_per_path(rs):
    assert load_rules() is rs
    assert load_rules(rs.path) is rs


def test_visiting_restrictions_act_is_found_in_the_right_provision(rs):
    bill = load_bill("aendrlov-2011-627-serviceloven-besoegsrestriktioner")
    hits = _hits_for(bill, rs, "kontakt.besoeg_institution")
    refs = {h.ref for h in hits}
    assert any(r.startswith("§ 137 d") and "stk. 4" in r for r in refs), refs
    assert TITLE_REF in refs
    for h in hits:
        assert bill.text[h.start : h.end] == h.text
        assert h.dimensions == ["kontakt"]
        assert "besøg" in h.text.lower()
    # § 151 c (supervision policy for home care) is no visit of relatives.
    assert not any(h.ref.startswith("§ 151 c") for h in hits)


def test_225_hour_rule_act_is_found(rs):
    bill = load_bill("aendrlov-2011-461-225-timersregel-2011")
    hits = find_hits(bill, rs)
    krav = [h for h in hits if h.question_id == "arbejde.krav"]
    assert any(h.ref == TITLE_REF and "225" in h.text for h in krav), krav
    # § 7 a: housing benefit for the household, the child no longer counted.
    assert any(h.question_id == "bolig.hjemloeshed" and h.ref.startswith("§ 7 a") for h in hits)
    assert any(h.question_id == "familie.risiko" and "forældrepålæg" in h.text for h in hits)


def test_family_reunification_act_is_found(rs):
    bill = load_bill("aendrlov-2012-418-aegtefaellesammenfoering-2012")
    hits = find_hits(bill, rs)
    assert any(h.question_id == "familie.sammenfoering" and "ægtefællesammenføring" in h.text.lower() for h in hits)
    assert any(h.question_id == "uddannelse.adgang" and h.ref.startswith("§ 9 i") for h in hits)


def test_compounds_prefixes_and_suppression_on_written_clauses(rs):
    text = (
        "Lov om ændring af lov om forskellige forhold\n"
        "§ 1. Beboeren kan modtage familiebesøg i plejeboligen hver dag.\n"
        "§ 2. Kommunen aflægger tilsynsbesøg og kontrolbesøg på plejecentret.\n"
        "§ 3. Boligskatten for ejerboliger opgøres efter ejendomsværdiskatteloven.\n"
        "§ 4. Aktier i en familieejet virksomhed kan overdrages.\n"
        "§ 5. Barnet har ret til samvær med den forælder, som det ikke bor hos.\n"
    )
    hits = find_hits(bill_by_lines(text, "egen.txt"), rs)
    by_ref: dict[str, set[str]] = {}
    for h in hits:
        by_ref.setdefault(h.ref, set()).add(h.question_id)
    assert "kontakt.besoeg_institution" in by_ref["§ 1"]  # '*besøg' finds the compound head
    assert "bolig.aeldre_handicap" in by_ref["§ 1"]
    assert "kontakt.besoeg_institution" not in by_ref.get("§ 2", set())  # excluded: tilsynsbesøg
    assert not any(q.startswith("bolig.") for q in by_ref.get("§ 3", set()))  # suppressed: boligskat
    assert "§ 4" not in by_ref
    assert "familie.samlivsbrud" in by_ref["§ 5"]
    assert "kontakt.retning" not in {h.question_id for h in hits if h.ref == "§ 4"}


def test_assessment_cues_only_count_beside_relevance_evidence(rs):
    text = "Titel\n§ 1. Fristen kan begrænses til 4 uger.\n§ 2. Besøg kan begrænses, hvis det er absolut nødvendigt.\n"
    hits = find_hits(bill_by_lines(text, "egen.txt"), rs)
    cue = [h for h in hits if h.question_id == "kontakt.retning"]
    assert [h.ref for h in cue] == ["§ 2"]
    assert not any(h.ref == "§ 1" for h in hits)


def _density(doc_ids, rs):
    rows = []
    for doc_id in doc_ids:
        text = (bills_dir() / f"{doc_id}.txt").read_text(encoding="utf-8")
        hits = [h for h in find_hits(bill_by_lines(text, doc_id), rs) if rs.question(h.question_id).step == "relevans"]
        rows.append((doc_id, len(text), len(hits)))
    return rows


def test_non_relational_acts_raise_far_fewer_hits_than_relational_acts(rs):
    rows = manifest_rows()
    nonrel = [r["id"] for r in rows if "NONREL" in r["topic"]]
    rel = [r["id"] for r in rows if r["topic"] and "NONREL" not in r["topic"]]
    assert len(nonrel) >= 20 and len(rel) >= 50
    nr, rl = _density(nonrel, rs), _density(rel, rs)
    print("\nTræf pr. dokument (relevansspørgsmål): dokument, tegn, træf, træf pr. 10.000 tegn")
    for label, table in (("NONREL", nr), ("RELATIONEL", rl)):
        for doc_id, n_chars, n_hits in sorted(table, key=lambda r: -r[2] / r[1]):
            print(f"{label:10} {doc_id:60} {n_chars:8} {n_hits:5} {n_hits / n_chars * 1e4:7.2f}")
    nr_rate = sum(r[2] for r in nr) / sum(r[1] for r in nr) * 1e4
    rl_rate = sum(r[2] for r in rl) / sum(r[1] for r in rl) * 1e4
    print(f"Samlet: NONREL {nr_rate:.2f}, relationelle {rl_rate:.2f} træf pr. 10.000 tegn")
    assert nr_rate < 1.0
    assert rl_rate > 20 * nr_rate
    # No single non-relational act looks relational.
    assert max(r[2] / r[1] * 1e4 for r in nr) < 3.0


def test_largest_act_is_matched_in_about_a_second(rs):
    text = (bills_dir() / "lbk-2025-1183-udlaendingeloven.txt").read_text(encoding="utf-8")
    assert len(text) > 480_000
    bill = bill_by_lines(text, "udlaendingeloven")
    find_hits(bill, rs)  # warm the per-form cache once, as a long-running process would
    t0 = time.perf_counter()
    nlp.tokenize(text)
    t_tok = time.perf_counter() - t0
    t0 = time.perf_counter()
    hits = find_hits(bill, rs)
    t_all = time.perf_counter() - t0
    assert len(hits) > 500
    assert t_all - t_tok < 1.0, (t_all, t_tok)


def test_sequences_agree_with_spacy_reference_matcher(rs):
    """The fast sequence engine finds what spaCy's own Matcher finds for the same patterns."""
    from relationel_bundlinje.rules import _sequence_ends, _type_keys

    text = (bills_dir() / "lbk-2025-1129-serviceloven.txt").read_text(encoding="utf-8")[:60_000]
    doc = nlp.tokenize(text)
    compiled = rs._compiled
    reference = {(m.label_, m.start, m.end) for m in compiled.reference_matcher(doc, as_spans=True)}
    keys_of = _type_keys(compiled, {t.lower_ for t in doc})
    keysets = [keys_of[t.lower_] for t in doc]
    ours = set()
    for j, keys in enumerate(keysets):
        for key in keys:
            for mkey, seq in compiled.sequences.get(key, ()):
                ours.update((mkey, j, end) for end in _sequence_ends(seq, keysets, j, len(keysets)))
    free = {k for k, _, _ in reference} - {k for seqs in compiled.sequences.values() for k, _ in seqs}
    assert len(reference) > 50
    assert ours == {m for m in reference if m[0] not in free}
