"""The review loop: a lawyer's verdicts given in the terminal, used by the next screening, the
commented draft, the corpus report, the evaluation and the next training."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import docx
import numpy as np
import pytest
from click.testing import CliRunner

from fixtures_build import build_docx
from relationel_bundlinje.cli import main
from relationel_bundlinje.review import ReviewStore

ACT = "aendrlov-2022-157-livstidsdoemtes-rettigheder"
DATE = "2026-03-02"
#: A small training corpus: the labels of ten short acts from the shipped corpus (about 330; the
#: reviewed act is not among them).
TRAIN_DOCUMENTS = (
    "aendrlov-2013-633-tilhold-seksualforbrydere",
    "lbk-2013-927-tolkeloven-hoerehandicap",
    "aendrlov-2018-1529-laeringstilbud-1-aarige-udsatte-boligomraader",
    "aendrlov-2024-1654-arbejdspligt-opholdskrav",
    "lov-2012-112-tilholdsloven",
    "aendrlov-2022-343-barsel-oeremaerket-orlov",
    "aendrlov-2025-1648-afskaering-offentlige-tilbud-ulovligt-ophold",
    "aendrlov-2022-893-kriminalforsorg-flerarsaftale",
    "aendrlov-2018-1322-ghettoomraader-parallelsamfund",
    "lbk-2010-666-aeldreboligloven",
)


@pytest.fixture(scope="module")
def act(bill_path) -> Path:
    path = bill_path(ACT)
    if not path.is_file():
        pytest.skip(f"{path} is missing")
    return path


@pytest.fixture(scope="module")
def flagged(act, screener) -> list:
    """The clauses the loop walks, in its order: the tool's judgement without verdicts."""
    a = screener.screen(act, fixed_date=DATE)
    return [c for c in a.clauses if c.flagged or c.supports]


def review(args: list[str], keys: str):
    return CliRunner().invoke(main, ["review", *args], input=keys)


@pytest.fixture(scope="module")
def reviewed(act, flagged, tmp_path_factory) -> Path:
    """Verdicts given through the loop: accept, reject, correct (Omsorg, positiv), skip, an unknown
    key, back, accept — then quit."""
    store = tmp_path_factory.mktemp("reviews") / "reviews.jsonl"
    keys = "g\na\nr\n2\np\ns\nx\nt\ng\nq\n"
    result = review([str(act), "--reviews", str(store), "--reviewer", "Anne Jurist"], keys)
    assert result.exit_code == 0, result.output
    assert "Tast g, a, r, s, t eller q." in result.output
    assert "4 vurderinger gemt" in result.output and "godkendt 2, afvist 1, rettet 1" in result.output
    return store


def test_the_loop_saves_each_verdict_with_the_clause_and_the_tools_judgement(reviewed, flagged, act) -> None:
    import hashlib

    verdicts = ReviewStore(reviewed).latest()
    assert [(v.ref, v.verdict) for v in verdicts] == [
        (flagged[0].ref, "accepted"), (flagged[1].ref, "rejected"), (flagged[2].ref, "corrected"), (flagged[3].ref, "accepted"),
    ]
    corrected = verdicts[2]
    assert corrected.dimensions == ["omsorg"] and corrected.direction == "positiv"
    assert corrected.tool_dimensions == list(flagged[2].dimensions) and corrected.tool_direction == flagged[2].direction
    assert all(v.reviewer == "Anne Jurist" and v.time for v in verdicts)
    assert all(v.bill_sha256 == hashlib.sha256(act.read_bytes()).hexdigest() for v in verdicts)
    assert all(v.text == c.text for v, c in zip(verdicts, flagged))


def test_the_loop_resumes_where_it_stopped_and_again_shows_everything(reviewed, flagged, act, tmp_path) -> None:
    store = tmp_path / "reviews.jsonl"
    shutil.copy(reviewed, store)
    result = review([str(act), "--reviews", str(store)], "q\n")
    assert result.exit_code == 0
    assert "4 er allerede vurderet og springes over" in result.output
    assert f"[1/{len(flagged) - 4}] {flagged[4].ref}" in result.output
    again = review([str(act), "--reviews", str(store), "--again"], "q\n")
    assert f"[1/{len(flagged)}] {flagged[0].ref}" in again.output and "Tidligere vurdering: godkendt af Anne Jurist" in again.output
    # Input that ends (a closed terminal) saves what was given and stops quietly.
    ended = review([str(act), "--reviews", str(store)], "a\n")
    assert ended.exit_code == 0 and "1 vurdering gemt" in ended.output
    assert len(ReviewStore(store).latest()) == 5


def test_the_loop_prompts_in_danish_and_shows_the_tools_judgement(reviewed, act, tmp_path) -> None:
    result = review([str(act), "--reviews", str(tmp_path / "r.jsonl")], "q\n")
    out = result.output
    for words in ("[g] godkend", "[a] afvis", "[r] ret", "[s] spring over", "[t] tilbage", "[q] gem og afslut",
                  "Værktøjets vurdering:", "retning:", "sikkerhed:", "Valg: "):
        assert words in out, words
    assert "Bestemmelsen vedrører" in out
    help_text = CliRunner().invoke(main, ["review", "--help"]).output
    assert "Gennemgå de markerede bestemmelser" in help_text and "--reviewer NAVN" in help_text


def test_a_screening_uses_the_verdicts(reviewed, flagged, act, screener, tmp_path) -> None:
    without = {c.ref: c for c in screener.screen(act, fixed_date=DATE).clauses}
    with_reviews = {c.ref: c for c in screener.screen(act, fixed_date=DATE, reviews=reviewed).clauses}
    rejected, corrected = flagged[1].ref, flagged[2].ref
    assert without[rejected].supports and not with_reviews[rejected].supports
    assert with_reviews[corrected].supports
    assert with_reviews[corrected].dimensions == ["omsorg"] and with_reviews[corrected].direction == "positiv"
    assert with_reviews[corrected].certainty == "høj"
    # The command does the same, and the appendix says who decided.
    result = CliRunner().invoke(main, ["screen", str(act), "--reviews", str(reviewed), "--format", "json", "--fixed-date", DATE])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    clause = next(c for c in data["clauses"] if c["ref"] == corrected)
    assert clause["dimensions"] == ["omsorg"] and clause["direction"] == "positiv"
    assert "omsorg" in data["conclusion"]["dimensions"]
    # A verdict on another bill (another file) is not applied.
    other = tmp_path / "andet.txt"
    other.write_text(act.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert {c.ref: c.supports for c in screener.screen(other, fixed_date=DATE, reviews=reviewed).clauses}[rejected]


def test_the_commented_draft_follows_the_verdicts(act, screener, tmp_path) -> None:
    from relationel_bundlinje.annotate import annotate_docx

    draft = build_docx(act.read_text(encoding="utf-8").splitlines(), tmp_path / "UDKAST.docx")
    store = tmp_path / "reviews.jsonl"
    result = review([str(draft), "--reviews", str(store), "--reviewer", "Anne Jurist"], "a\nr\n2\np\nq\n")
    assert result.exit_code == 0, result.output
    rejected, corrected = ReviewStore(store).latest()
    plain = docx.Document(io.BytesIO(annotate_docx(draft.read_bytes(), screener=screener, fixed_date=DATE)))
    judged = docx.Document(io.BytesIO(annotate_docx(draft.read_bytes(), screener=screener, fixed_date=DATE, reviews=store)))
    assert len(judged.comments) == len(plain.comments) - 1
    texts = [c.text for c in judged.comments]
    assert any("En jurist har rettet vurderingen (Anne Jurist)." in t and "Dimension: Omsorg og pårørende. Retning: positiv." in t
               for t in texts)


# --------------------------------------------------------------------------- corpus, evaluate, train


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> Path:
    from relationel_bundlinje.training.corpus import default_corpus_dir

    source = default_corpus_dir()
    folder = tmp_path_factory.mktemp("korpus")
    lines = [line for line in (source / "labels.jsonl").read_text(encoding="utf-8").splitlines()
             if json.loads(line)["document"] in TRAIN_DOCUMENTS]
    assert 300 <= len(lines) <= 400
    (folder / "labels.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    shutil.copy(source / "split.json", folder / "split.json")
    return folder


def test_corpus_reports_the_verdicts(reviewed, small_corpus) -> None:
    result = CliRunner().invoke(main, ["corpus", "--corpus", str(small_corpus), "--reviews", str(reviewed)])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.output)
    assert stats["reviews"] == {"verdicts": 4, "bills": 1, "by_verdict": {"accepted": 2, "rejected": 1, "corrected": 1},
                                "relational_after_review": 3}


def test_evaluate_runs_on_the_verdicts(reviewed) -> None:
    result = CliRunner().invoke(main, ["evaluate", "--reviews", str(reviewed)])
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.output)
    # Four verdicts, three of them relational after review (accepted twice, corrected once).
    assert metrics["n"] == 4 and metrics["positives"] == 3
    assert 0.0 <= metrics["f1"] <= 1.0 and metrics["model_version"]
    assert "dimensions" in metrics and "direction_accuracy" in metrics
    empty = Path(reviewed).with_name("tom.jsonl")
    empty.write_text("", encoding="utf-8")
    refused = CliRunner().invoke(main, ["evaluate", "--reviews", str(empty)])
    assert refused.exit_code == 2 and "ingen vurderinger" in refused.output


def _small_config(**changes):
    """Training settings for a test: no selection, three folds, the context-free blocks (seconds)."""
    from relationel_bundlinje.training.train import CONTEXT_FREE, FeatureSet, TrainConfig

    return TrainConfig(**{"select": False, "folds": 3, "features": FeatureSet(CONTEXT_FREE), **changes})


def _relational_probability(model_dir: Path, texts: list[str]) -> np.ndarray:
    from relationel_bundlinje.classifier import ClauseScorer
    from relationel_bundlinje.nlp import build_pipeline
    from relationel_bundlinje.training.items import text_items

    scorer = ClauseScorer.load(model_dir)
    pipeline = build_pipeline(model_dir / "lemmas.npz")
    return scorer.model.predict_proba(text_items(texts, [None] * len(texts), pipeline), pipeline.string)[:, 1]


def test_training_chooses_the_dimension_heads_regularisation_by_grouped_cross_validation(small_corpus, tmp_path) -> None:
    from relationel_bundlinje import training
    from relationel_bundlinje.training.train import CONTEXT_FREE, FeatureSet

    only = {"uden kontekst": FeatureSet(CONTEXT_FREE)}
    report = training.train(small_corpus, None, tmp_path / "valgt", evaluate_test=False,
                            config=_small_config(select=True, C_grid=(8.0,), feature_sets=only, dim_C_grid=(0.05, 16.0)))
    rows = report["dimension_selection"]
    assert [r["dim_C"] for r in rows] == [0.05, 16.0]
    assert all(0.0 <= r["mean_f1"] <= 1.0 and r["f1"] for r in rows)
    assert report["chosen"]["dim_C"] == max(rows, key=lambda r: (r["mean_f1"], -r["dim_C"]))["dim_C"]
    # Each setting is measured with its own heads, not one measurement copied.
    assert rows[0]["f1"] != rows[1]["f1"]
    # The choice is part of what the version names, and of the weights.
    weak = training.train(small_corpus, None, tmp_path / "svag", config=_small_config(dim_C=0.05), evaluate_test=False)
    strong = training.train(small_corpus, None, tmp_path / "staerk", config=_small_config(dim_C=16.0), evaluate_test=False)
    assert weak["model_version"] != strong["model_version"]
    assert (tmp_path / "svag" / "weights.npz").read_bytes() != (tmp_path / "staerk" / "weights.npz").read_bytes()


def test_training_with_the_verdicts_changes_the_model_and_without_them_does_not(reviewed, small_corpus, tmp_path, monkeypatch) -> None:
    from relationel_bundlinje import training
    from relationel_bundlinje.training.train import corpus_fingerprint

    # Without --reviews: the corpus alone, whatever verdicts exist elsewhere.
    plain = training.train(small_corpus, None, tmp_path / "uden", config=_small_config(), evaluate_test=False)
    assert plain["corpus"]["reviews"] == 0 and plain["model_version"].startswith(f"{corpus_fingerprint(small_corpus)}-")
    assert plain["model_version"].endswith("-alle")
    # The version names what was trained, not only the corpus: other settings, another version.
    other = training.train(small_corpus, None, tmp_path / "andet", config=_small_config(C=2.0), evaluate_test=False)
    assert other["model_version"] != plain["model_version"]
    # With them, through the command (the same small settings, handed to it in place of the defaults).
    monkeypatch.setattr(training, "TrainConfig", _small_config)
    result = CliRunner().invoke(main, ["train", "--corpus", str(small_corpus), "--out", str(tmp_path / "med"),
                                       "--no-select", "--no-test", "--reviews", str(reviewed), "--review-weight", "3"])
    assert result.exit_code == 0, result.output
    judged = json.loads(result.stdout)
    assert judged["corpus"]["reviews"] == 4 and judged["model_version"].endswith("-alle+jurist")
    assert judged["corpus"]["clauses"] == plain["corpus"]["clauses"]
    assert (tmp_path / "med" / "weights.npz").read_bytes() != (tmp_path / "uden" / "weights.npz").read_bytes()
    verdicts = ReviewStore(reviewed).latest()
    texts = [v.text for v in verdicts]
    before = _relational_probability(tmp_path / "uden", texts)
    after = _relational_probability(tmp_path / "med", texts)
    # The model moved the way the lawyer said: the rejected clause less relational, the others more.
    # A text judged both ways cannot move both ways; it is left out. The act repeats »Kriminalforsorgen
    # kan dog undtagelsesvis bestemme …« word for word in § 22 a, stk. 2, and § 24 a, stk. 3, and the
    # model reads every number as the same token, so the two are one text to it.
    def same(text: str) -> str:
        return re.sub(r"\d+", "0", text)

    both_ways = {same(t) for t in texts if len({v.verdict == "rejected" for v in verdicts if same(v.text) == same(t)}) > 1}
    checked = [(i, v) for i, v in enumerate(verdicts) if same(v.text) not in both_ways]
    assert len(checked) >= 2
    for i, v in checked:
        assert (after[i] < before[i]) if v.verdict == "rejected" else (after[i] > before[i]), (v.ref, v.verdict)
    # Such a text still follows a rejection given alone.
    for i, v in enumerate(verdicts):
        if same(v.text) in both_ways and v.verdict == "rejected":
            alone = tmp_path / f"alene-{i}.jsonl"
            ReviewStore(alone).add([v])
            training.train(small_corpus, None, tmp_path / f"alene-{i}", reviews=alone, config=_small_config(), evaluate_test=False)
            assert _relational_probability(tmp_path / f"alene-{i}", [v.text])[0] < before[i], v.ref
