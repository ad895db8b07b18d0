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
from relationel_bundlinje.training.train import _fit, load_dataset  # noqa: E402


def expected(act: dict) -> str:
    return act["direction"] if act["relational"] else "ingen"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--C", type=float, default=None, help="regularisation (default: the shipped model's)")
    args = ap.parse_args()
    acts = [json.loads(x) for x in (ROOT / "corpus" / "documents.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    docs = read_manifests()
    lemmas = build_table()
    pipeline = DanishPipeline(lemmas)
    data = load_dataset(ROOT / "corpus", None, pipeline)
    shipped = json.loads((ROOT / "src" / "relationel_bundlinje" / "model" / "model.json").read_text(encoding="utf-8"))
    C = args.C or shipped["params"]["C"]
    blocks = tuple(shipped["blocks"])
    groups = sorted(set(data.groups))
    act_groups = {a["document"]: data.groups[data.documents.index(a["document"])] if a["document"] in data.documents else a["document"] for a in acts}
    # Folds by document group, acts spread over them.
    import hashlib

    order = sorted(groups, key=lambda g: hashlib.sha256(g.encode()).hexdigest())
    fold_of = {g: i % args.folds for i, g in enumerate(order)}
    rules = load_rules(vocab=pipeline.vocab, lemma_of=pipeline.lemma_of, make_doc=pipeline.make_doc)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(args.folds):
            fold_acts = [a for a in acts if fold_of.get(act_groups[a["document"]], 0) == k]
            if not fold_acts:
                continue
            keep = [i for i, g in enumerate(data.groups) if fold_of[g] != k]
            model = _fit(data.subset(keep), pipeline, C, blocks, 5)
            folder = Path(tmp) / f"fold{k}"
            save_model(model, folder, {"version": f"fold{k}"})
            lemmas.save(folder)
            screener = Screener(pipeline, rules, ClauseScorer.load(folder), AssessPolicy())
            for a in fold_acts:
                assessment = screener.assess(screener.parse(document_path(docs[a["document"]])), date="2026-12-01")
                results.append({"document": a["document"], "expected": expected(a), "got": assessment.conclusion.direction,
                                "dimensions": assessment.conclusion.dimensions, "reason": assessment.conclusion.reason,
                                "counts": assessment.conclusion.direction_counts,
                                "expected_dimensions": a["dimensions"], "fold": k})
                print(a["document"], expected(a), assessment.conclusion.direction, flush=True)
    report = conclusion_accuracy([r["expected"] for r in results], [r["got"] for r in results])
    report["acts_detail"] = results
    text = json.dumps(report, ensure_ascii=False, indent=1)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in report.items() if k != "acts_detail"}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
