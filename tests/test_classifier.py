"""The classifier learns from the corpus, is deterministic, loads safely, and evaluates correctly."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
from click.testing import CliRunner

from relationel_bundlinje.classifier import ClauseModel, TrainParams, fit_model, load_model, load_model_from, relational_metrics
from relationel_bundlinje.cli import main
from relationel_bundlinje.corpus import default_corpus_dir, load_corpus, load_split
from relationel_bundlinje.errors import ModelError
from relationel_bundlinje.models import Clause


@pytest.fixture(scope="module")
def corpus(bills_dir):
    clauses = load_corpus(default_corpus_dir(), bills_dir.parent)
    split = load_split(default_corpus_dir())
    return clauses, set(split["test"])


def _slice(clauses, docs, n):
    chosen = [c for c in clauses if c.document in docs]
    return chosen[:n]


def _fit(train):
    return fit_model(
        [c.text for c in train], [c.relational for c in train], [c.dimensions for c in train],
        [c.direction for c in train], [c.document for c in train], TrainParams(folds=3),
    )


@pytest.fixture(scope="module")
def small_model(corpus) -> tuple[ClauseModel, list]:
    clauses, test_docs = corpus
    train_docs = {c.document for c in clauses} - test_docs
    train = [c for c in clauses if c.document in train_docs][::2]
    test = [c for c in clauses if c.document in test_docs]
    return _fit(train), test, train


def test_corpus_meets_its_size_and_split_rules(corpus):
    clauses, test_docs = corpus
    assert len(clauses) >= 2000
    assert len({c.document for c in clauses}) >= 70
    train_docs = {c.document for c in clauses} - test_docs
    assert train_docs and test_docs and not (train_docs & test_docs)


def test_pipeline_learns_well_above_majority_baseline(small_model):
    model, test, _ = small_model
    y = np.array([c.relational for c in test])
    p = model.predict_proba([c.text for c in test])
    learned = relational_metrics(y, p, model.threshold)
    # The majority baseline predicts "not relational" for everything: F1 = 0.
    assert learned["f1"] >= 0.4
    assert learned["roc_auc"] >= 0.85


def test_training_is_deterministic(small_model, tmp_path):
    model, test, train = small_model
    again = _fit(train)
    texts = [c.text for c in test[:200]]
    assert np.array_equal(model.predict_proba(texts), again.predict_proba(texts))
    assert model.threshold == again.threshold
    # The same corpus gives the same model files, byte for byte.
    model.save(tmp_path / "a")
    again.save(tmp_path / "b")
    for name in ("model.json", "weights.npz"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_saved_model_loads_in_a_fresh_process(small_model, tmp_path):
    model, test, _ = small_model
    model.save(tmp_path)
    texts = [c.text for c in test[:20]]
    expected = model.predict_proba(texts)
    code = (
        "import json,sys; from relationel_bundlinje.classifier import load_model_from;"
        f"m=load_model_from({str(tmp_path)!r}); print(json.dumps(m.predict_proba(json.loads(sys.stdin.read())).tolist()))"
    )
    out = subprocess.run([sys.executable, "-c", code], input=json.dumps(texts), capture_output=True, text=True, check=True)
    assert np.allclose(json.loads(out.stdout), expected)


def test_tampered_weights_are_refused(small_model, tmp_path):
    model, _, _ = small_model
    model.save(tmp_path)
    data = bytearray((tmp_path / "weights.npz").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (tmp_path / "weights.npz").write_bytes(bytes(data))
    with pytest.raises(ModelError, match="kontrolsum"):
        load_model_from(tmp_path)


def test_shipped_model_scores_and_explains_a_relational_clause():
    model = load_model()
    clause = Clause(
        ref="§ 1",
        text="Kommunalbestyrelsen kan træffe afgørelse om at begrænse en besøgendes adgang til en beboers bolig i plejeboligen.",
        start=0, end=10, kind="paragraf",
    )
    neutral = Clause(ref="§ 2", text="Afgiften udgør 6,5 øre pr. kWh af den forbrugte elektricitet.", start=0, end=10, kind="paragraf")
    rel, non = model.score_clauses([clause, neutral])
    assert rel.probability > non.probability
    assert rel.flagged and not non.flagged
    assert "kontakt" in rel.dimensions or "bolig" in rel.dimensions
    terms = [f.term for f in rel.features]
    assert any("besøg" in t or "bolig" in t or "beboer" in t for t in terms)


def test_evaluate_computes_metrics_on_a_known_file(tmp_path, small_model):
    model, _, _ = small_model
    model.save(tmp_path / "m")
    rows = [
        {"text": "Kommunalbestyrelsen kan begrænse besøg i plejeboligen for beboerens familie.", "relational": True, "dimensions": ["kontakt"]},
        {"text": "Forældre har ret til omsorgsdage med deres børn hvert kalenderår.", "relational": True, "dimensions": ["omsorg"]},
        {"text": "Afgiften udgør 6,5 øre pr. kWh.", "relational": False},
        {"text": "Klage indgives til Ankestyrelsen inden 4 uger.", "relational": False},
    ]
    data = tmp_path / "d.jsonl"
    data.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", "--data", str(data), "--model", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.output)
    p = model.predict_proba([r["text"] for r in rows])
    pred = p >= model.threshold
    y = np.array([r["relational"] for r in rows])
    tp = int((pred & y).sum())
    fp = int((pred & ~y).sum())
    fn = int((~pred & y).sum())
    assert metrics["n"] == 4
    assert metrics["threshold"] == model.threshold
    assert metrics["precision"] == round(tp / (tp + fp), 4) if tp + fp else metrics["precision"] == 0
    assert metrics["recall"] == round(tp / (tp + fn), 4)
    assert set(metrics) >= {"n", "precision", "recall", "f1", "roc_auc", "average_precision", "threshold"}


def test_relational_metrics_hand_computed():
    y = [True, True, False, False, True]
    p = np.array([0.9, 0.4, 0.6, 0.1, 0.8])
    m = relational_metrics(y, p, 0.5)
    # predictions: T F T F T -> tp=2, fp=1, fn=1
    assert (m["precision"], m["recall"], m["f1"]) == (round(2 / 3, 4), round(2 / 3, 4), round(2 / 3, 4))
    assert m["roc_auc"] == round(5 / 6, 4)


def test_evaluate_rejects_a_malformed_file(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x"}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", "--data", str(bad)])
    assert result.exit_code == 2
    assert "relational" in result.output
