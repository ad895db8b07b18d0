"""The classifier: learns from the corpus, trains reproducibly, sees a clause the same way in
training and in screening, loads only intact files, and explains itself in the bill's words.

A small model is trained on part of the real corpus (documents of the training split only) and
measured on test-split documents; the shipped model is checked on real acts.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from relationel_bundlinje.classifier import ClauseScorer, RelationalClassifier, direction_cues, load_model, save_model
from relationel_bundlinje.classifier.cues import _OTHER, _PROTECTIVE, DIRECTION_CUES
from relationel_bundlinje.nlp import build_pipeline
from relationel_bundlinje.training.corpus import default_corpus_dir, document_groups, document_path, load_corpus, load_split, read_manifests
from relationel_bundlinje.training.evaluate import relational_metrics
from relationel_bundlinje.training.items import corpus_items

N_DOCS = 30  # per side: enough for the figures below to be stable, small enough to fit in seconds


@pytest.fixture(scope="module")
def pipeline():
    return build_pipeline()


@pytest.fixture(scope="module")
def corpus(bills_dir):
    labels = load_corpus(default_corpus_dir(), bills_dir.parent)
    return labels, set(load_split(default_corpus_dir())["test"])


def _docs_with_most_relational(labels, docs: set[str], n: int, bills: Path) -> list[str]:
    """The ``n`` acts of ``docs`` under 80 kB with the most relational labels (small acts parse fast)."""
    count: dict[str, list[int]] = {}
    for lab in labels:
        if lab.document in docs:
            c = count.setdefault(lab.document, [0, 0])
            c[0] += lab.relational
            c[1] += 1
    manifests = read_manifests(bills)
    small_acts = [d for d in count if d in manifests and document_path(manifests[d], bills).stat().st_size < 80_000]
    return sorted(small_acts, key=lambda d: (-count[d][0], -count[d][1], d))[:n]


@pytest.fixture(scope="module")
def small(corpus, pipeline, bills_dir):
    """A model fitted on labels of training documents, with labels of test documents to score."""
    labels, test_docs = corpus
    train_docs = set(_docs_with_most_relational(labels, {lab.document for lab in labels} - test_docs, N_DOCS, bills_dir.parent))
    held_docs = set(_docs_with_most_relational(labels, test_docs, N_DOCS, bills_dir.parent))
    train = [lab for lab in labels if lab.document in train_docs]
    held = [lab for lab in labels if lab.document in held_docs]
    manifests = read_manifests(bills_dir.parent)
    train_items, _ = corpus_items(train, pipeline, bills_dir.parent, manifests)
    held_items, _ = corpus_items(held, pipeline, bills_dir.parent, manifests)
    groups = document_groups(manifests)

    def fit(n: int | None = None, **params):
        labs, its = train[:n], train_items[:n]
        return RelationalClassifier(folds=3, **params).fit(
            its, [lab.relational for lab in labs], [lab.dimensions for lab in labs],
            [lab.direction for lab in labs], [groups.get(lab.document, lab.document) for lab in labs], pipeline.string,
        )

    return {"fit": fit, "model": fit(), "train": train, "held": held, "held_items": held_items}


# --------------------------------------------------------------------------- the corpus


def test_corpus_size_and_split_keep_test_documents_apart(corpus, bills_dir) -> None:
    labels, test_docs = corpus
    docs = {lab.document for lab in labels}
    assert len(labels) >= 15_000 and len(docs) >= 1_000
    assert sum(lab.relational for lab in labels) >= 2_000
    # Consolidated versions of one law are one group: a group is never on both sides of the split.
    groups = document_groups(read_manifests(bills_dir.parent))
    test_groups = {groups.get(d, d) for d in test_docs}
    assert not {groups.get(d, d) for d in docs - test_docs} & test_groups
    relational_test_docs = {lab.document for lab in labels if lab.relational and lab.document in test_docs}
    assert len(relational_test_docs) >= 60


# --------------------------------------------------------------------------- learning


def test_a_small_model_learns_far_above_the_majority_baseline(small, pipeline) -> None:
    model, held = small["model"], small["held"]
    p = model.predict_proba(small["held_items"], pipeline.string)[:, 1]
    m = relational_metrics([lab.relational for lab in held], p, model.threshold_)
    # The majority baseline ("never relational") has F1 0 and ROC-AUC 0.5.
    assert m["roc_auc"] >= 0.75, m
    assert m["f1"] >= 0.4, m


def test_training_is_reproducible_to_the_byte(small, tmp_path) -> None:
    one, again = small["fit"](500), small["fit"](500)
    save_model(one, tmp_path / "a", {"version": "t"})
    save_model(again, tmp_path / "b", {"version": "t"})
    for name in ("model.json", "weights.npz"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_a_saved_model_scores_the_same_in_a_fresh_process(small, pipeline, tmp_path, bill_path) -> None:
    save_model(small["model"], tmp_path, {"version": "t"})
    lemmas = tmp_path / "lemmas.npz"
    from relationel_bundlinje.resources import lemma_table_path

    lemmas.write_bytes(lemma_table_path().read_bytes())
    path = bill_path("lbk-2025-282-barnets-lov")
    code = (
        "import json, sys; from pathlib import Path; from relationel_bundlinje.pipeline import Screener\n"
        f"s = Screener.load(model_dir=Path({str(tmp_path)!r}))\n"
        f"fs = [f for f in s.findings(s.parse(Path({str(path)!r}))) if f.source == 'model']\n"
        "print(json.dumps([f.score for f in fs]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=300)
    from relationel_bundlinje.pipeline import Screener, load_bill

    here = Screener.load(model_dir=tmp_path)
    expected = [f.score for f in here.findings(load_bill(path)) if f.source == "model"]
    assert json.loads(out.stdout) == expected and len(expected) > 100


def test_each_dimension_gets_its_own_threshold_from_out_of_fold_scores() -> None:
    """Hand-made out-of-fold scores: a dimension whose clauses score 0.2-0.3 gets a threshold that
    finds them; one with too few clauses keeps the common threshold."""
    from relationel_bundlinje.classifier.estimator import MIN_DIMENSION_EXAMPLES, dimension_thresholds
    from relationel_bundlinje.dimensions import DIMENSION_IDS

    n = 60
    scores = np.full((n, len(DIMENSION_IDS)), np.nan)
    j, k = DIMENSION_IDS.index("sundhed"), DIMENSION_IDS.index("digital")
    gold = [["sundhed"] if i < 30 else ["kontakt"] for i in range(n)]
    scores[:, j] = [0.25 if i < 30 else 0.12 for i in range(n)]
    scores[:, k] = 0.9
    gold[0] = ["sundhed", "digital"]
    t = dimension_thresholds(scores, gold, 0.4)
    assert 0.12 < t[j] <= 0.25
    assert 1 < MIN_DIMENSION_EXAMPLES and t[k] == 0.4
    assert all(t[i] == 0.4 for i in range(len(DIMENSION_IDS)) if i not in (j,))


def test_named_dimensions_use_the_thresholds_and_name_one_at_least(small) -> None:
    from relationel_bundlinje.dimensions import DIMENSION_IDS

    model = small["model"]
    saved = model.dim_thresholds_.copy()
    try:
        model.dim_thresholds_ = np.full(len(DIMENSION_IDS), 0.5)
        model.dim_thresholds_[DIMENSION_IDS.index("sundhed")] = 0.2
        row = np.full(len(DIMENSION_IDS), 0.1)
        row[DIMENSION_IDS.index("sundhed")] = 0.3
        row[DIMENSION_IDS.index("familie")] = 0.45
        # sundhed clears its own threshold; familie scores higher but not its own.
        assert model.named_dimensions(row[None, :]) == [["sundhed"]]
        row[DIMENSION_IDS.index("sundhed")] = 0.1
        # None clears its threshold: the one closest to it is named.
        assert model.named_dimensions(row[None, :]) == [["familie"]]
    finally:
        model.dim_thresholds_ = saved


def test_block_weights_are_applied_saved_and_checked(small, pipeline, tmp_path) -> None:
    """A block's weight scales its columns in training and at inference alike, ships in the model
    files, and a model file with a weight out of range is refused even when its checksum fits."""
    from relationel_bundlinje.classifier.persist import _digest
    from relationel_bundlinje.errors import ModelError

    weights = {"tegn": 0.5, "stk1_ord": 0.5}
    model = small["fit"](600, blocks=("ord", "tegn", "mekanisme", "retning", "stk1_ord"), block_weights=weights)
    plain = small["fit"](600, blocks=("ord", "tegn", "mekanisme", "retning", "stk1_ord"))
    items = small["held_items"][:50]
    X, X1 = model.transform(items, pipeline.string), plain.transform(items, pipeline.string)
    sizes = dict(model.featurizer_.block_sizes())
    a = sizes["ord"]
    b = a + sizes["tegn"]
    assert np.allclose(X[:, a:b].toarray(), 0.5 * X1[:, a:b].toarray()) and X[:, a:b].nnz
    assert np.allclose(X[:, :a].toarray(), X1[:, :a].toarray())
    save_model(model, tmp_path, {"version": "t"})
    loaded, meta = load_model(tmp_path)
    assert meta["block_weights"] == {"ord": 1.0, "tegn": 0.5, "mekanisme": 1.0, "retning": 1.0, "stk1_ord": 0.5}
    assert np.array_equal(loaded.dim_thresholds_, model.dim_thresholds_)
    assert np.array_equal(loaded.proba_from_matrix(loaded.transform(items, pipeline.string)), model.proba_from_matrix(X))
    meta["block_weights"]["tegn"] = 1e6
    body = {k: v for k, v in meta.items() if k != "sha256"}
    meta["sha256"] = _digest(body, (tmp_path / "weights.npz").read_bytes())
    (tmp_path / "model.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ModelError, match="vægten af tegn"):
        load_model(tmp_path)


# --------------------------------------------------------------------------- training = screening


def test_a_clause_is_featurized_the_same_in_training_and_in_screening(corpus, pipeline, bills_dir) -> None:
    """Training builds a labelled clause's item from the stored act; screening builds it from the
    parsed bill. The two must give the same feature row, context blocks included, or the model
    would be measured on inputs it never sees in use."""
    from relationel_bundlinje.classifier.reader import BillReader
    from relationel_bundlinje.pipeline import load_bill
    from relationel_bundlinje.resources import model_dir

    model, _ = load_model(model_dir())
    labels, _ = corpus
    doc = "lbk-2025-282-barnets-lov"
    mine = [lab for lab in labels if lab.document == doc]
    assert len(mine) >= 20
    manifests = read_manifests(bills_dir.parent)
    train_items, report = corpus_items(mine, pipeline, bills_dir.parent, manifests)
    bill = load_bill(bills_dir / f"{doc}.txt")
    reader = BillReader(pipeline)
    screen_items = {c.ref: it for c, it in zip(bill.clauses, reader.items(bill, reader.read(bill)), strict=True)}
    # The columns of the context blocks (the first Stk., cited provisions, heading): they must be
    # filled in both, not merely equal because empty.
    start, context_columns = 0, []
    for block, size in model.featurizer_.block_sizes():
        if "_" in block:
            context_columns.extend(range(start, start + size))
        start += size
    compared = with_context = 0
    for lab, item in zip(mine, train_items, strict=True):
        if lab.ref not in screen_items or bill.clause(lab.ref).text.strip() != lab.text.strip():
            continue
        a = model.transform([item], pipeline.string)
        b = model.transform([screen_items[lab.ref]], pipeline.string)
        assert (a != b).nnz == 0, lab.ref
        compared += 1
        with_context += bool(a[:, context_columns].nnz) if context_columns else 0
    assert compared >= 0.9 * len(mine), (compared, len(mine), report)
    assert not context_columns or with_context >= 0.5 * compared, (with_context, compared)


# --------------------------------------------------------------------------- direction cues


def _cues_without_prefilter(text: str) -> dict[str, int]:
    low = " ".join(text.lower().split())
    counts: dict[str, int] = {}
    for m in _PROTECTIVE.finditer(low):
        counts[m.lastgroup] = counts.get(m.lastgroup, 0) + 1
    if counts:
        low = _PROTECTIVE.sub(" ", low)
    for m in _OTHER.finditer(low):
        counts[m.lastgroup] = counts.get(m.lastgroup, 0) + 1
    return counts


def test_the_cue_prefilter_never_hides_a_cue(corpus) -> None:
    """The substring prefilter skips the regular expressions for texts with none of the cue stems;
    on real clauses it must give exactly what the full scan gives."""
    labels, _ = corpus
    for lab in labels[::7]:
        assert direction_cues(lab.text) == _cues_without_prefilter(lab.text), lab.id


def test_every_cue_is_found_through_the_prefilter() -> None:
    samples = {
        "beskytter": "må ikke hindre", "kan_ikke_naegtes": "kan ikke fratages", "ret_til": "har ret til",
        "ikke_ret_til": "har ikke ret til", "skal_tilbyde": "skal tilbyde", "tilladelse": "kan få tilladelse", "udvider": "udvides",
        "kan_ikke_gives": "kan ikke gives", "kun": "må kun", "kraever_tilladelse": "kræver tilladelse",
        "digital_i_stedet": "digital samtale", "bortfalder": "bortfalder", "forbud": "forbud",
        "begraenser": "begrænses", "tvang": "tvang", "pligt_ophold": "meldepligt", "udvisning": "udvisning",
        "ophaeves": "ophæves", "undtagelse": "gælder ikke", "forlaenger_indgreb": "kan forlænge forbuddet",
        "loft_indgreb": "må ikke lade isolation vare ud over 8 uger; isolationen skal ophøre",
    }
    assert set(samples) == {c.name for c in DIRECTION_CUES}
    for name, phrase in samples.items():
        assert name in direction_cues(f"Kommunen {phrase} i disse sager."), name


# --------------------------------------------------------------------------- the shipped model


def test_the_shipped_model_flags_and_explains_a_visiting_restriction(screener, real_bill) -> None:
    bill = real_bill("aendrlov-2011-627-serviceloven-besoegsrestriktioner")
    found = {f.clause_ref: f for f in screener.findings(bill) if f.source == "model"}
    flagged = [f for f in found.values() if f.score >= screener.scorer.threshold]
    assert flagged, "the visiting-restrictions act has no flagged clause"
    best = max(flagged, key=lambda f: f.score)
    assert "kontakt" in best.dimensions
    terms = " ".join(t.term for t in best.features)
    assert "besøg" in terms, terms
    # The explanation speaks the clause's own words, not feature ids.
    clause = bill.clause(best.clause_ref).text.lower()
    assert sum(t.term[:4] in clause for t in best.features) >= 2, terms
    assert not any(t.term.startswith(("ord_", "tegn_", "stk1_")) for t in best.features), terms


def test_the_shipped_model_leaves_a_technical_act_unflagged(screener, manifest_rows, real_bill) -> None:
    nonrel = sorted((r for r in manifest_rows if r["topic"].endswith("NONREL")), key=lambda r: int(r["n_chars"]))
    nonrel = [r["id"] for r in nonrel[:4]]
    assert len(nonrel) == 4
    for doc_id in nonrel:
        bill = real_bill(doc_id)
        scores = [f.score for f in screener.findings(bill) if f.source == "model"]
        share = np.mean([s >= screener.scorer.threshold for s in scores])
        assert share <= 0.1, (doc_id, share)


def test_the_scorer_refuses_a_model_whose_files_do_not_match(tmp_path: Path) -> None:
    from relationel_bundlinje.errors import ModelError
    from relationel_bundlinje.resources import model_dir

    for name in ("model.json", "weights.npz"):
        (tmp_path / name).write_bytes((model_dir() / name).read_bytes())
    meta = json.loads((tmp_path / "model.json").read_text(encoding="utf-8"))
    meta["threshold"] = 0.01  # a lower bar flags everything: the checksum must catch it
    (tmp_path / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelError, match="kontrolsum"):
        ClauseScorer.load(tmp_path)


def test_explanations_show_numbers_only_where_they_mean_something() -> None:
    from relationel_bundlinje.classifier.scorer import _number_term

    assert _number_term("højst <tal>") == "højst x"
    assert _number_term("<tal> kr.") == "x kr."
    assert _number_term("<tal> år") == "x år"
    # A number beside a word it says nothing about (often the number of a provision cited).
    assert _number_term("<tal> en") == "" and _number_term("<tal> hjælp") == "" and _number_term("<tal>") == ""


def test_the_keyword_baseline_counts_a_clause_by_its_relevance_triggers_alone(pipeline) -> None:
    from relationel_bundlinje.training.train import relevance_triggers

    visiting, technical = relevance_triggers(
        ["Kommunalbestyrelsen kan træffe afgørelse om, at en beboer kun må modtage besøg på fastsatte tidspunkter.",
         "Ministeren fastsætter regler om energimærkning af varmepumper."], pipeline)
    assert any(question.startswith("kontakt.") for question, _ in visiting)
    assert technical == set()
