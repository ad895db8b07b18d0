"""The conclusion rule on the document-level set (``corpus/documents.jsonl``: 86 acts read whole).

Each act is screened with a model that has not seen its document group: the corpus is cut into
five folds by document group, a model is fitted per fold without it, and every act is screened
with the model of the fold that holds it. The conclusions are compared with the annotators'.

    python corpus/tools/evaluate_documents.py [--folds 5] [--out report.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from relationel_bundlinje.assess import AssessPolicy  # noqa: E402
from relationel_bundlinje.classifier import ClauseScorer, save_model  # noqa: E402
from relationel_bundlinje.nlp import DanishPipeline, build_table  # noqa: E402
from relationel_bundlinje.pipeline import Screener  # noqa: E402
from relationel_bundlinje.rulebook import load_rules  # noqa: E402
from relationel_bundlinje.training.corpus import document_path, read_manifests  # noqa: E402
from relationel_bundlinje.training.evaluate import conclusion_accuracy  # noqa: E402
from relationel_bundlinje.training.train import FeatureSet, _fit, load_dataset  # noqa: E402


def expected(act: dict) -> str:
    return act["direction"] if act["relational"] else "ingen"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--C", type=float, default=None, help="regularisation (default: the shipped model's)")
    ap.add_argument("--findings", type=Path, help="write the held-out findings of every act here (JSON lines)")
    ap.add_argument("--from", dest="source", type=Path, help="judge the findings written by an earlier run, no fitting")
    ap.add_argument("--grid", action="store_true", help="with --from: also judge under a grid of policies")
    args = ap.parse_args()
    acts = [json.loads(x) for x in (ROOT / "corpus" / "documents.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    docs = read_manifests()
    if args.source:
        from relationel_bundlinje.nlp import build_pipeline

        pipeline = build_pipeline()
        rules = load_rules(vocab=pipeline.vocab, lemma_of=pipeline.lemma_of, make_doc=pipeline.make_doc)
        scored = [json.loads(x) for x in args.source.read_text(encoding="utf-8").splitlines() if x.strip()]
        report = judge_all(acts, scored, docs, rules, AssessPolicy())
        if args.grid:
            report["grid"] = [
                {**params, **{k: v for k, v in judge_all(acts, scored, docs, rules, AssessPolicy(**params)).items() if k != "acts_detail"}}
                for params in GRID
            ]
        emit(report, args.out)
        return
    lemmas = build_table()
    pipeline = DanishPipeline(lemmas)
    data = load_dataset(ROOT / "corpus", None, pipeline)
    shipped = json.loads((ROOT / "src" / "relationel_bundlinje" / "model" / "model.json").read_text(encoding="utf-8"))
    C = args.C or shipped["params"]["C"]
    dim_C = shipped["params"]["dim_C"]
    features = FeatureSet.of_model(shipped)
    groups = sorted(set(data.groups))
    act_groups = {a["document"]: data.groups[data.documents.index(a["document"])] if a["document"] in data.documents else a["document"] for a in acts}
    # Folds by document group, acts spread over them.
    import hashlib

    order = sorted(groups, key=lambda g: hashlib.sha256(g.encode()).hexdigest())
    fold_of = {g: i % args.folds for i, g in enumerate(order)}
    rules = load_rules(vocab=pipeline.vocab, lemma_of=pipeline.lemma_of, make_doc=pipeline.make_doc)
    scored: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(args.folds):
            fold_acts = [a for a in acts if fold_of.get(act_groups[a["document"]], 0) == k]
            if not fold_acts:
                continue
            keep = [i for i, g in enumerate(data.groups) if fold_of[g] != k]
            model = _fit(data.subset(keep), pipeline, C, features, 5, dim_C)
            folder = Path(tmp) / f"fold{k}"
            save_model(model, folder, {"version": f"fold{k}"})
            lemmas.save(folder)
            screener = Screener(pipeline, rules, ClauseScorer.load(folder), AssessPolicy())
            for a in fold_acts:
                bill = screener.parse(document_path(docs[a["document"]]))
                findings = screener.findings(bill)
                scored.append({"document": a["document"], "fold": k, "threshold": screener.scorer.threshold,
                               "findings": [f.model_dump(mode="json") for f in findings]})
                print(a["document"], flush=True)
    if args.findings:
        args.findings.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in scored), encoding="utf-8")
    report = judge_all(acts, scored, docs, rules, AssessPolicy())
    emit(report, args.out)


def emit(report: dict, out: Path | None) -> None:
    text = json.dumps(report, ensure_ascii=False, indent=1)
    if out:
        out.write_text(text + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in report.items() if k != "acts_detail"}, ensure_ascii=False, indent=1))


def judge_all(acts: list[dict], scored: list[dict], docs: dict, rules, policy: AssessPolicy) -> dict:
    """Every act judged from its held-out findings under ``policy`` (the judge is pure: no model)."""
    from relationel_bundlinje.assess import Context, QuestionInfo, assess, group_patterns, merge_answers
    from relationel_bundlinje.models import Finding, ScreeningRecord
    from relationel_bundlinje.pipeline import load_bill
    from relationel_bundlinje.questionnaire import propose

    by_doc = {a["document"]: a for a in acts}
    results = []
    for row in scored:
        a = by_doc[row["document"]]
        bill = load_bill(document_path(docs[a["document"]]))
        findings = [Finding.model_validate(f) for f in row["findings"]]
        ctx = Context(
            questions={q.id: QuestionInfo(tuple(q.dimensions), q.decides) for q in rules.questions},
            steps={q.id: q.step for q in rules.questions}, groups=group_patterns(rules.third_parties),
            policy=policy, model_threshold=row["threshold"],
        )
        record = ScreeningRecord(date="2026-12-01", tool_version="-", rules_version="-", model_version=f"fold{row['fold']}",
                                 source_name=a["document"], source_sha256="0" * 64)
        answers = merge_answers(propose(bill, findings, rules), [])
        c = assess(bill, findings, answers, ctx, record).conclusion
        results.append({"document": a["document"], "expected": expected(a), "got": c.direction, "dimensions": c.dimensions,
                        "reason": c.reason, "counts": c.direction_counts, "expected_dimensions": a["dimensions"], "fold": row["fold"]})
    report = conclusion_accuracy([r["expected"] for r in results], [r["got"] for r in results])
    report["acts_detail"] = results
    return report


#: A sensitivity grid over the policy's thresholds (reported beside the shipped defaults).
GRID = [
    {"count_by": count_by, "rule_confirm": rc, "model_only_min": mo}
    for count_by in ("bestemmelse", "stk") for rc in (0.35, 0.45, 0.55) for mo in (0.55, 0.65)
]


if __name__ == "__main__":
    main()
