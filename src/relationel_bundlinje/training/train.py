"""Training: the corpus -> the shipped model, reproducibly, with the figures that justify it.

1. **Selection** by cross-validation over *all* labels with folds grouped by document group (an
   act and the acts amending it stay in one fold): regularisation ``C`` and the feature blocks
   (with or without context) are chosen by average precision of the out-of-fold scores, then the
   dimension heads' regularisation by their mean out-of-fold F1 on the relational clauses.
2. **Held-out test**: the chosen configuration is fitted on the train side of the fixed split and
   measured on the test side (acts of topics never seen), with bootstrap intervals by document,
   beside a keyword baseline (any questionnaire trigger).
3. **The shipped model** is the chosen configuration fitted on all labels (and, with
   ``--reviews``, the lawyers' verdicts, weighted). The same corpus gives the same files, byte
   for byte.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from ..classifier import RelationalClassifier, best_threshold, save_model
from ..errors import BundlinjeError
from ..resources import model_dir
from .corpus import LabelledClause, default_corpus_dir, document_groups, load_corpus, load_split, read_manifests
from .evaluate import dimension_metrics, direction_metrics, relational_metrics
from .items import ItemReport, corpus_items, text_items

CONTEXT_FREE = ("ord", "tegn", "mekanisme", "retning")
#: The clause with the context the annotators read, except the act's title (which, measured by
#: grouped cross-validation, only teaches the model which acts were labelled relational).
WITH_CONTEXT = CONTEXT_FREE + ("stk1_ord", "stk1_mekanisme", "stk1_retning", "henvisning_ord", "henvisning_mekanisme",
                               "overskrift_ord")
#: Sampling strata that drew clauses at random from their acts (the others are enriched).
RANDOM_STRATA = frozenset({"tilfaeldig", "tilfaeldig_runde2", "r3_tilfaeldig"})


@dataclass(frozen=True)
class FeatureSet:
    """Feature blocks and their weights (``features.Featurizer``; a missing weight is 1)."""

    blocks: tuple[str, ...]
    weights: tuple[tuple[str, float], ...] = ()

    @property
    def weight_map(self) -> dict[str, float]:
        return dict(self.weights)

    @classmethod
    def of_model(cls, meta: dict) -> FeatureSet:
        """The feature set a saved model was trained with (its ``model.json``)."""
        return cls(tuple(meta["blocks"]), tuple(meta.get("block_weights", {}).items()))


#: What selection compares. On the round-3c corpus, grouped 5-fold cross-validation, C = 16
#: (relational average precision): every block at weight 1, 0.665; the character n-grams at 0.5,
#: 0.676; with the first Stk. at 0.5 and cited provisions and heading at 0.3 too, 0.687. (All
#: context blocks at weight 1, title included, gave 0.653; the title at 0.5 lowered it.)
FEATURE_SETS: dict[str, FeatureSet] = {
    "uden kontekst": FeatureSet(CONTEXT_FREE),
    "uden kontekst, tegn vægtet": FeatureSet(CONTEXT_FREE, (("tegn", 0.5),)),
    "med kontekst, vægtet": FeatureSet(WITH_CONTEXT, (
        ("tegn", 0.5), ("stk1_ord", 0.5), ("stk1_mekanisme", 0.5), ("stk1_retning", 0.5),
        ("henvisning_ord", 0.3), ("henvisning_mekanisme", 0.3), ("overskrift_ord", 0.3))),
}
#: The choice the shipped model was trained with (``train --no-select`` rebuilds it).
SHIPPED_FEATURES = "med kontekst, vægtet"
SHIPPED_C = 16.0
#: The dimension heads' regularisation the shipped model was trained with (chosen by
#: :func:`cv_dimensions`; ``train --no-select`` rebuilds it).
SHIPPED_DIM_C = 16.0


@dataclass
class TrainConfig:
    C_grid: tuple[float, ...] = (8.0, 16.0)
    feature_sets: dict[str, FeatureSet] = field(default_factory=lambda: dict(FEATURE_SETS))
    folds: int = 5
    review_weight: float = 2.0
    select: bool = True
    progress: Any = None
    C: float = SHIPPED_C
    features: FeatureSet = FEATURE_SETS[SHIPPED_FEATURES]
    dim_C_grid: tuple[float, ...] = (4.0, 16.0)
    dim_C: float = SHIPPED_DIM_C


def corpus_fingerprint(corpus_dir: Path, reviews: Path | None = None) -> str:
    h = hashlib.sha256()
    for name in ("labels.jsonl", "split.json"):
        h.update((corpus_dir / name).read_bytes())
    if reviews is not None:
        h.update(Path(reviews).read_bytes())
    return h.hexdigest()[:12]


def model_version(corpus_dir: Path, reviews: Path | None, C: float, features: FeatureSet, dim_C: float) -> str:
    """The version a statement names: the corpus, and what was trained on it (regularisation,
    feature blocks and weights, the cue words), so two different models never share a version."""
    from ..classifier.cues import CUE_NAMES, MECHANISMS

    recipe = json.dumps({"C": C, "dim_C": dim_C, "blocks": list(features.blocks), "weights": features.weight_map,
                         "cues": list(CUE_NAMES), "mechanisms": list(MECHANISMS)}, sort_keys=True)
    return f"{corpus_fingerprint(corpus_dir, reviews)}-{hashlib.sha256(recipe.encode()).hexdigest()[:6]}"


@dataclass
class Dataset:
    labels: list[LabelledClause]
    items: list
    groups: list[str]
    documents: list[str]
    weights: np.ndarray
    report: ItemReport
    reviews: int = 0

    def subset(self, idx: Sequence[int]) -> Dataset:
        return Dataset([self.labels[i] for i in idx], [self.items[i] for i in idx], [self.groups[i] for i in idx],
                       [self.documents[i] for i in idx], self.weights[list(idx)], self.report, 0)

    @property
    def y(self) -> np.ndarray:
        return np.array([lab.relational for lab in self.labels], dtype=int)


def load_dataset(corpus_dir: Path, bills_dir: Path | None, pipeline: Any, reviews: Path | None = None, review_weight: float = 2.0) -> Dataset:
    labels = load_corpus(corpus_dir, bills_dir)
    docs = read_manifests(bills_dir)
    group_of = document_groups(docs)
    items, report = corpus_items(labels, pipeline, bills_dir, docs)
    groups = [group_of.get(lab.document, lab.document) for lab in labels]
    documents = [lab.document for lab in labels]
    weights = np.ones(len(labels))
    n_reviews = 0
    if reviews is not None:
        from ..review import ReviewStore

        verdicts = ReviewStore(Path(reviews)).latest()
        extra = [
            LabelledClause(id=f"review:{v.bill_sha256[:12]}:{v.ref}", document=f"review:{v.bill_sha256[:12]}", ref=v.ref,
                           start=v.start, end=v.end, text=v.text, relational=v.relational,
                           dimensions=v.final_dimensions if v.relational else [], direction=v.final_direction if v.relational else None,
                           stratum="jurist")
            for v in verdicts
        ]
        labels = labels + extra
        items = items + text_items([v.text for v in verdicts], [None] * len(verdicts), pipeline)
        groups = groups + [e.document for e in extra]
        documents = documents + [e.document for e in extra]
        weights = np.concatenate([weights, np.full(len(extra), review_weight)])
        n_reviews = len(extra)
    return Dataset(labels, items, groups, documents, weights, report, n_reviews)


def _fit(data: Dataset, pipeline: Any, C: float, features: FeatureSet, folds: int, dim_C: float) -> RelationalClassifier:
    return RelationalClassifier(C=C, dim_C=dim_C, blocks=features.blocks, block_weights=features.weight_map or None, folds=folds).fit(
        data.items, [lab.relational for lab in data.labels], [lab.dimensions for lab in data.labels],
        [lab.direction for lab in data.labels], data.groups, pipeline.string, sample_weight=data.weights,
    )


def cv_scores(data: Dataset, pipeline: Any, C: float, features: FeatureSet, folds: int) -> np.ndarray:
    """Out-of-fold decision scores of the relational head, folds grouped by document group."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    from ..classifier import Featurizer
    from ..classifier.estimator import SEED

    y = data.y
    oof = np.zeros(len(y))
    for tr, te in GroupKFold(n_splits=folds).split(np.zeros(len(y)), y, data.groups):
        sub = [data.items[i] for i in tr]
        fz = Featurizer.fit(sub, pipeline.string, blocks=features.blocks, weights=features.weight_map)
        clf = LogisticRegression(C=C, class_weight="balanced", max_iter=3000, solver="lbfgs", random_state=SEED)
        clf.fit(fz.transform(sub, pipeline.string), y[tr], sample_weight=data.weights[tr])
        oof[te] = clf.decision_function(fz.transform([data.items[i] for i in te], pipeline.string))
    return oof


def cv_direction(data: Dataset, pipeline: Any, features: FeatureSet, folds: int, dir_C: float) -> float:
    """Out-of-fold accuracy of the direction head on the relational clauses labelled negativ or
    positiv (folds grouped by document group, as for the relational head)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    from ..classifier import Featurizer
    from ..classifier.estimator import SEED
    from ..dimensions import DIRECTIONS

    rel = [i for i, lab in enumerate(data.labels) if lab.relational and lab.direction in DIRECTIONS]
    y = np.array([data.labels[i].direction for i in rel])
    groups = [data.groups[i] for i in rel]
    right = total = 0
    for tr, te in GroupKFold(n_splits=folds).split(np.zeros(len(rel)), y, groups):
        sub = [data.items[rel[i]] for i in tr]
        fz = Featurizer.fit(sub, pipeline.string, blocks=features.blocks, weights=features.weight_map)
        clf = LogisticRegression(C=dir_C, max_iter=3000, solver="lbfgs", random_state=SEED)
        clf.fit(fz.transform(sub, pipeline.string), y[tr], sample_weight=data.weights[[rel[i] for i in tr]])
        pred = clf.predict(fz.transform([data.items[rel[i]] for i in te], pipeline.string))
        directed = np.isin(y[te], ["negativ", "positiv"])
        right += int((pred[directed] == y[te][directed]).sum())
        total += int(directed.sum())
    return right / total if total else 0.0


def cv_dimensions(data: Dataset, pipeline: Any, features: FeatureSet, folds: int, grid: Sequence[float]) -> list[dict]:
    """Per ``dim_C`` of ``grid``, the dimension heads' out-of-fold F1 on the relational clauses
    (folds grouped by document group, each dimension at the threshold the model would choose),
    averaged over the dimensions with at least ``MIN_DIMENSION_EXAMPLES`` clauses."""
    from sklearn.model_selection import GroupKFold

    from ..classifier import Featurizer
    from ..classifier.estimator import MIN_DIMENSION_EXAMPLES, _fit_lr_weighted, dimension_thresholds
    from ..dimensions import DIMENSION_IDS
    from .evaluate import _prf

    rel = [i for i, lab in enumerate(data.labels) if lab.relational]
    gold = np.array([[d in data.labels[i].dimensions for d in DIMENSION_IDS] for i in rel], dtype=int)
    used = [j for j in range(len(DIMENSION_IDS)) if gold[:, j].sum() >= MIN_DIMENSION_EXAMPLES]
    oof = {C: np.full(gold.shape, np.nan) for C in grid}
    groups = [data.groups[i] for i in rel]
    weights = data.weights[rel]
    for tr, te in GroupKFold(n_splits=folds).split(np.zeros(len(rel)), None, groups):
        sub = [data.items[rel[i]] for i in tr]
        fz = Featurizer.fit(sub, pipeline.string, blocks=features.blocks, weights=features.weight_map)
        X_tr, X_te = fz.transform(sub, pipeline.string), fz.transform([data.items[rel[i]] for i in te], pipeline.string)
        for j in used:
            if 0 < gold[tr, j].sum() < len(tr):
                for C in grid:
                    oof[C][te, j] = _fit_lr_weighted(X_tr, gold[tr, j], C, weights[tr]).predict_proba(X_te)[:, 1]
    rows = []
    default = RelationalClassifier().dim_threshold
    for C in grid:
        # The thresholds as the estimator chooses them from its own out-of-fold scores.
        thresholds = dimension_thresholds(oof[C], [data.labels[i].dimensions for i in rel], default)
        f1s = {}
        for j in used:
            have = ~np.isnan(oof[C][:, j])
            f1s[DIMENSION_IDS[j]] = round(_prf(gold[have, j] == 1, oof[C][have, j] >= thresholds[j])[2], 4)
        mean = round(float(np.mean(list(f1s.values()))), 4) if f1s else 0.0
        rows.append({"dim_C": C, "mean_f1": mean, "f1": f1s})
    return rows


#: Relational average precision within this of the best counts as a tie; the tie goes to the
#: feature blocks whose direction head does better.
AP_TIE = 0.005


def select(data: Dataset, pipeline: Any, config: TrainConfig) -> tuple[float, FeatureSet, list[dict]]:
    """Regularisation and feature set by grouped cross-validation over the whole corpus: the
    best relational average precision, a tie broken by the direction head's accuracy."""
    from sklearn.metrics import average_precision_score, roc_auc_score

    y = data.y
    rows: list[dict] = []
    say = getattr(config, "progress", None) or (lambda msg: None)
    direction: dict[str, float] = {}
    for name, features in config.feature_sets.items():
        say(f"  krydsvalidering af retningen: {name}")
        direction[name] = round(cv_direction(data, pipeline, features, config.folds, RelationalClassifier().dir_C), 4)
        for C in config.C_grid:
            say(f"  krydsvalidering: {name}, C = {C}")
            t = time.time()
            s = cv_scores(data, pipeline, C, features, config.folds)
            p = 1 / (1 + np.exp(-s))
            thr = best_threshold(y, p, 0.05, 0.95)
            m = relational_metrics(y.astype(bool), p, thr)
            rows.append({"blocks": name, "C": C, "average_precision": round(float(average_precision_score(y, s)), 4),
                         "roc_auc": round(float(roc_auc_score(y, s)), 4), "best_f1": m["f1"],
                         "direction_accuracy": direction[name], "seconds": round(time.time() - t, 1)})
    top = max(r["average_precision"] for r in rows)
    tied = [r for r in rows if r["average_precision"] >= top - AP_TIE]
    best = max(tied, key=lambda r: (r["direction_accuracy"], r["average_precision"], r["best_f1"], -r["C"]))
    return best["C"], config.feature_sets[best["blocks"]], rows


def evaluate_model(model: RelationalClassifier, data: Dataset, pipeline: Any) -> dict:
    """Metrics of a fitted model on a dataset: relational (with intervals by document), dimensions
    and direction on the relational clauses."""
    X = model.transform(data.items, pipeline.string)
    p = model.proba_from_matrix(X)
    out = relational_metrics([lab.relational for lab in data.labels], p, model.threshold_, data.documents)
    rel = [i for i, lab in enumerate(data.labels) if lab.relational]
    if rel:
        dims = model.dimension_scores(X[rel])
        pred = model.named_dimensions(dims)
        docs = [data.documents[i] for i in rel]
        out["dimensions"] = dimension_metrics([data.labels[i].dimensions for i in rel], pred, docs)
        # The direction as the product decides it: the head read with the clause's cue words.
        pred_dir = model.directions(X[rel], [data.labels[i].text for i in rel])
        out.update(direction_metrics([data.labels[i].direction for i in rel], pred_dir, docs))
    return out


def relevance_triggers(texts: Sequence[str], pipeline: Any) -> list[set[tuple[str, str]]]:
    """The questionnaire's relevance triggers (question, trigger) each text sets off on its own."""
    from ..models import Bill, Clause, Ref, SourceInfo
    from ..rulebook import RuleMatcher, Unit, load_rules

    rules = load_rules(vocab=pipeline.vocab, lemma_of=pipeline.lemma_of, make_doc=pipeline.make_doc)
    matcher = RuleMatcher(rules, pipeline)
    steps = {q.id: q.step for q in rules.questions}
    out = []
    for text in texts:
        bill = Bill(title="", kind="ny_lov", source=SourceInfo(name="x", format="txt", sha256="0" * 64, size=0), text=text,
                    clauses=[Clause(ref="§ 1", path=Ref(par="1"), text=text, start=0, end=len(text), kind="paragraf")])
        doc = pipeline.make_doc(text)
        hits = matcher.find(bill, pipeline.tokens_of(doc), doc, 0, [Unit("§ 1", 0, len(text), False, "§ 1")])
        out.append({(h.question_id or "", h.trigger_id or "") for h in hits if steps.get(h.question_id or "") == "relevans"})
    return out


def keyword_baseline(data: Dataset, pipeline: Any) -> dict:
    """Any questionnaire trigger in the clause, as a classifier (the rules alone)."""
    scores = [1.0 if hits else 0.0 for hits in relevance_triggers([lab.text for lab in data.labels], pipeline)]
    return relational_metrics([lab.relational for lab in data.labels], scores, 0.5, data.documents)


def train(
    corpus_dir: Path | None = None,
    bills_dir: Path | None = None,
    out_dir: Path | None = None,
    *,
    reviews: Path | None = None,
    config: TrainConfig | None = None,
    evaluate_test: bool = True,
    progress: Any = None,
) -> dict:
    """Rebuild the model from the corpus (and reviews); returns the report (also in model.json)."""
    from ..nlp import DanishPipeline, build_table

    config = config or TrainConfig()
    corpus_dir = Path(corpus_dir or default_corpus_dir())
    out = Path(out_dir or model_dir())
    say = progress or (lambda msg: None)
    config.progress = say
    t0 = time.time()
    lemmas = build_table()
    pipeline = DanishPipeline(lemmas)
    say("Læser korpusset og dokumenterne …")
    data = load_dataset(corpus_dir, bills_dir, pipeline, reviews, config.review_weight)
    if len(set(data.y.tolist())) < 2:
        raise BundlinjeError("Korpusset har for få mærkede bestemmelser til at træne en model.")
    report: dict = {
        "corpus": {"clauses": len(data.labels) - data.reviews, "reviews": data.reviews, "documents": len(set(data.documents)),
                   "relational": int(data.y.sum()), "matched_to_parsed_clauses": data.report.matched,
                   "unmatched": data.report.unmatched},
    }
    C, features, dim_C = config.C, config.features, config.dim_C
    if config.select:
        say("Vælger regularisering og kendetegn ved krydsvalidering …")
        C, features, rows = select(data, pipeline, config)
        report["selection"] = rows
        say("  krydsvalidering af dimensionerne")
        dim_rows = cv_dimensions(data, pipeline, features, config.folds, config.dim_C_grid)
        dim_C = max(dim_rows, key=lambda r: (r["mean_f1"], -r["dim_C"]))["dim_C"]
        report["dimension_selection"] = dim_rows
    report["chosen"] = {"C": C, "dim_C": dim_C, "blocks": list(features.blocks), "block_weights": features.weight_map}
    split = load_split(corpus_dir)
    test_docs = set(split["test"])
    if evaluate_test:
        say("Måler på de tilbageholdte testdokumenter …")
        tr = [i for i, d in enumerate(data.documents) if d not in test_docs]
        te = [i for i, d in enumerate(data.documents) if d in test_docs]
        if te and len(set(data.y[tr].tolist())) == 2:
            held = _fit(data.subset(tr), pipeline, C, features, config.folds, dim_C)
            report["test"] = evaluate_model(held, data.subset(te), pipeline)
            report["test"]["documents"] = len({data.documents[i] for i in te})
            # The test documents' labels come from every sampling stratum, enriched for relational
            # clauses; the clauses drawn at random are the estimate for clauses as they come.
            rand = [i for i in te if data.labels[i].stratum in RANDOM_STRATA]
            if rand and len(set(data.y[rand].tolist())) == 2:
                report["test_random"] = evaluate_model(held, data.subset(rand), pipeline)
                report["test_random"]["documents"] = len({data.documents[i] for i in rand})
            report["keyword_baseline"] = keyword_baseline(data.subset(te), pipeline)
    say("Træner den model, der leveres med værktøjet …")
    model = _fit(data, pipeline, C, features, config.folds, dim_C)
    version = f"{model_version(corpus_dir, reviews, C, features, dim_C)}-{'alle+jurist' if data.reviews else 'alle'}"
    report["model_version"] = version
    report["seconds"] = round(time.time() - t0, 1)
    # The model file holds no timings, so the same corpus gives the same file, byte for byte.
    selection = [{k: v for k, v in row.items() if k != "seconds"} for row in report["selection"]] if "selection" in report else None
    meta = {"version": version, "trained_on": report["corpus"], "metrics": report.get("test"),
            "metrics_random": report.get("test_random"), "selection": selection,
            "dimension_selection": report.get("dimension_selection")}
    save_model(model, out, meta)
    lemmas.save(out)
    return report
