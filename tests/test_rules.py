"""The shipped rules: coverage, trigger hits on real acts, suppression of false alarms, speed.

The rules run alone here (``rule_finder`` in ``conftest.py``: the Danish pipeline, the compiled
rules, the ``RuleMatcher`` and the segment reader the ``Screener`` uses), without the classifier.
"""

from __future__ import annotations

import time

import pytest

from relationel_bundlinje.dimensions import DIMENSION_IDS
from relationel_bundlinje.pipeline import parse
from relationel_bundlinje.resources import rules_dir
from relationel_bundlinje.rulebook import TITLE_REF, load_rules

from bounds import within

RULES_VERSION = "2026.12.3"

ACTION_PLAN_GROUPS = {
    "unge", "aeldste", "handicap", "institution", "hjemloese", "ledige", "psykisk_syge", "paaroerende",
    "livsovergange",
}


@pytest.fixture(scope="module")
def rs(rules):
    return rules


@pytest.fixture(scope="module")
def find_hits(rule_finder):
    return rule_finder.findings


@pytest.fixture(scope="module")
def _hits_for(find_hits):
    def hits_for(bill, question_id):
        return [h for h in find_hits(bill) if h.question_id == question_id]

    return hits_for


def test_shipped_rules_cover_dimensions_family_test_arenas_and_groups(rs):
    assert rs.version == RULES_VERSION
    assert len(rs.questions) >= 30
    assert {d for q in rs.questions for d in q.dimensions} == set(DIMENSION_IDS)
    for d in DIMENSION_IDS:
        assert any(q.step == "relevans" and d in q.dimensions for q in rs.questions), d
        assert any(q.step == "vurdering" and q.dimensions == [d] for q in rs.questions), d
    assert {n for q in rs.questions for n in q.family_test} == {1, 2, 3, 4, 5}
    assert {q.arena for q in rs.questions if q.arena} == set(rs.manifest.arenas)
    assert ACTION_PLAN_GROUPS <= {g for q in rs.questions for g in q.groups}
    for q in rs.questions:
        # Every question says what its answer decides; nothing downstream guesses it.
        assert q.decides, q.id
        if q.step == "relevans":
            assert q.triggers and q.examples, q.id
            assert q.option_ids == ["ja", "nej", "ved_ikke"], q.id
            assert q.question.endswith("?"), q.id
            assert q.decides == "relevans" and q.topic, q.id
        if q.decides == "retning":
            assert {"negativ", "positiv"} <= set(q.option_ids), q.id
    for d in DIMENSION_IDS:
        assert any(q.decides == "retning" and q.dimensions == [d] for q in rs.questions), d
    # tredjeparter.yaml: the people relations run to, for the statement's "who is affected".
    assert rs.third_parties and all(g.forms and g.names for g in rs.third_parties)


def test_loading_the_same_folder_gives_the_same_rules(rs):
    # Rules are loaded once per Screener and passed on (no module-level cache); loading the same
    # folder again gives the same validated rule set.
    again = load_rules()
    assert again.path == rs.path == rules_dir().resolve()
    assert again.fingerprint == rs.fingerprint and again.version == rs.version
    assert [q.id for q in again.questions] == [q.id for q in rs.questions]


def test_visiting_restrictions_act_is_found_in_the_right_provision(real_bill, _hits_for):
    bill = real_bill("aendrlov-2011-627-serviceloven-besoegsrestriktioner")
    hits = _hits_for(bill, "kontakt.besoeg_institution")
    refs = {h.ref for h in hits}
    assert any(r.startswith("§ 137 d") and "stk. 4" in r for r in refs), refs
    assert TITLE_REF in refs
    for h in hits:
        assert bill.text[h.start : h.end] == h.text
        assert h.dimensions == ["kontakt"]
        assert "besøg" in h.text.lower()
        assert h.source == "regel" and h.producer == f"regler {RULES_VERSION}"
    # § 151 c (supervision policy for home care) is no visit of relatives.
    assert not any(h.ref.startswith("§ 151 c") for h in hits)


def test_225_hour_rule_act_is_found(real_bill, find_hits):
    bill = real_bill("aendrlov-2011-461-225-timersregel-2011")
    hits = find_hits(bill)
    krav = [h for h in hits if h.question_id == "arbejde.krav"]
    assert any(h.ref == TITLE_REF and "225" in h.text for h in krav), krav
    # § 7 a: housing benefit for the household, the child no longer counted.
    assert any(h.question_id == "bolig.hjemloeshed" and h.ref.startswith("§ 7 a") for h in hits)
    assert any(h.question_id == "familie.risiko" and "forældrepålæg" in h.text for h in hits)


def test_family_reunification_act_is_found(real_bill, find_hits):
    bill = real_bill("aendrlov-2012-418-aegtefaellesammenfoering-2012")
    hits = find_hits(bill)
    assert any(h.question_id == "familie.sammenfoering" and "ægtefællesammenføring" in h.text.lower() for h in hits)
    assert any(h.question_id == "uddannelse.adgang" and h.ref.startswith("§ 9 i") for h in hits)


def test_compounds_prefixes_and_suppression_on_written_clauses(find_hits):
    text = (
        "Lov om ændring af lov om forskellige forhold\n"
        "§ 1. Beboeren kan modtage familiebesøg i plejeboligen hver dag.\n"
        "§ 2. Kommunen aflægger tilsynsbesøg og kontrolbesøg på plejecentret.\n"
        "§ 3. Boligskatten for ejerboliger opgøres efter ejendomsværdiskatteloven.\n"
        "§ 4. Aktier i en familieejet virksomhed kan overdrages.\n"
        "§ 5. Barnet har ret til samvær med den forælder, som det ikke bor hos.\n"
    )
    hits = find_hits(parse(text))
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


def test_assessment_cues_only_count_beside_relevance_evidence(find_hits):
    text = "Titel\n§ 1. Fristen kan begrænses til 4 uger.\n§ 2. Besøg kan begrænses, hvis det er absolut nødvendigt.\n"
    hits = find_hits(parse(text))
    cue = [h for h in hits if h.question_id == "kontakt.retning"]
    assert [h.ref for h in cue] == ["§ 2"]
    assert not any(h.ref == "§ 1" for h in hits)


def _density(doc_ids, rs, find_hits, bill_path):
    rows = []
    for doc_id in doc_ids:
        path = bill_path(doc_id)
        text = path.read_text(encoding="utf-8")
        hits = [h for h in find_hits(parse(path)) if rs.question(h.question_id).step == "relevans"]
        rows.append((doc_id, len(text), len(hits)))
    return rows


def test_non_relational_acts_raise_far_fewer_hits_than_relational_acts(rs, find_hits, bill_path, manifest_rows):
    rows = manifest_rows
    nonrel = [r["id"] for r in rows if "NONREL" in r["topic"]]
    rel = [r["id"] for r in rows if r["topic"] and "NONREL" not in r["topic"]]
    assert len(nonrel) >= 20 and len(rel) >= 50
    nr, rl = _density(nonrel, rs, find_hits, bill_path), _density(rel, rs, find_hits, bill_path)
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


def test_largest_act_is_matched_in_about_a_second(rule_finder, bill_path):
    path = bill_path("lbk-2025-1183-udlaendingeloven")
    text = path.read_text(encoding="utf-8")
    assert len(text) > 480_000
    bill = parse(path)
    rule_finder.findings(bill)  # warm the per-form cache once, as a long-running process would
    # Reading alone: every segment tokenized and every clause's passage built, no rules.
    t0 = time.perf_counter()
    rule_finder.reader.read(bill)
    t_tok = time.perf_counter() - t0
    t0 = time.perf_counter()
    hits = rule_finder.findings(bill)
    t_all = time.perf_counter() - t0
    assert len(hits) > 500
    assert t_all - t_tok < within(1.0), (t_all, t_tok)


def test_sequences_agree_with_spacy_reference_matcher(rule_finder, bill_path):
    """The fast sequence engine finds what spaCy's own Matcher finds for the same patterns."""
    from relationel_bundlinje.rulebook.matcher import _sequence_ends, _set_lemmas

    pipeline, matcher = rule_finder.pipeline, rule_finder.matcher
    text = bill_path("lbk-2025-1129-serviceloven").read_text(encoding="utf-8")[:60_000]
    doc = pipeline.make_doc(text)
    tokens = pipeline.tokens_of(doc)
    _set_lemmas(doc, tokens, pipeline)  # the reference matcher's LEMMA patterns read the Doc's lemmas
    compiled = rule_finder.rules.compiled
    reference = {(m.label_, m.start, m.end) for m in compiled.reference_matcher(doc, as_spans=True)}
    keys, inverse = matcher._keys(tokens.lower, doc.vocab)
    ours = set()
    for j in range(len(tokens)):
        for key in keys[inverse[j]]:
            for mkey, seq in compiled.sequences.get(key, ()):
                ours.update((mkey, j, end) for end in _sequence_ends(seq, keys, inverse, j, len(tokens)))
    free = {k for k, _, _ in reference} - {k for seqs in compiled.sequences.values() for k, _ in seqs}
    assert len(reference) > 50
    assert ours == {m for m in reference if m[0] not in free}
