"""How precise each relevance trigger of the questionnaire is on the labelled corpus: of the clauses
that set it off on their own, the share labelled relational, and their directions. It is the
evidence for keeping questionnaire hits behind the classifier (README, conclusions of whole acts).

    python corpus/tools/trigger_precision.py [--min 5] [--out triggers.json]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from relationel_bundlinje.nlp import DanishPipeline, build_table  # noqa: E402
from relationel_bundlinje.training.corpus import load_corpus  # noqa: E402
from relationel_bundlinje.training.train import relevance_triggers  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--min", type=int, default=5, help="print triggers with at least this many clauses")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    labels = load_corpus(ROOT / "corpus", None)
    hits = relevance_triggers([lab.text for lab in labels], DanishPipeline(build_table()))
    clauses: Counter = Counter()
    relational: Counter = Counter()
    directions: dict[tuple[str, str], Counter] = {}
    for lab, found in zip(labels, hits):
        for key in found:
            clauses[key] += 1
            if lab.relational:
                relational[key] += 1
                directions.setdefault(key, Counter())[lab.direction or "-"] += 1
    rows = sorted(({"question": q, "trigger": t, "clauses": n, "relational": relational[(q, t)],
                    "precision": round(relational[(q, t)] / n, 3), "directions": dict(directions.get((q, t), {}))}
                   for (q, t), n in clauses.items()), key=lambda r: (-r["precision"], -r["clauses"], r["question"], r["trigger"]))
    for r in rows:
        if r["clauses"] >= args.min:
            print(f"{r['precision']:.2f} {r['relational']:5}/{r['clauses']:<5} {r['question']} / {r['trigger']}")
    if args.out:
        args.out.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
