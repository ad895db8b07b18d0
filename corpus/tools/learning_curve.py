"""The learning curve: the shipped model's configuration trained on growing shares of the training
documents (whole document groups, drawn in a fixed order), measured on the held-out test side.

    python corpus/tools/learning_curve.py [--out corpus/learning_curve.json]

Each point trains a full model (calibration folds included), so the whole curve takes about as
long as ``bundlinje train`` without selection, per point.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

from relationel_bundlinje.nlp import DanishPipeline, build_table  # noqa: E402
from relationel_bundlinje.resources import model_dir  # noqa: E402
from relationel_bundlinje.training.corpus import load_split  # noqa: E402
from relationel_bundlinje.training.train import RANDOM_STRATA, FeatureSet, _fit, evaluate_model, load_dataset  # noqa: E402

SHARES = (0.125, 0.25, 0.5, 1.0)
SEED = 20261202


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=ROOT / "corpus" / "learning_curve.json")
    args = ap.parse_args()
    meta = json.loads((model_dir() / "model.json").read_text(encoding="utf-8"))
    C, dim_C = meta["params"]["C"], meta["params"]["dim_C"]
    features = FeatureSet.of_model(meta)
    pipeline = DanishPipeline(build_table())
    data = load_dataset(ROOT / "corpus", None, pipeline)
    test = set(load_split(ROOT / "corpus")["test"])
    train_groups = sorted({g for g, d in zip(data.groups, data.documents) if d not in test})
    random.Random(SEED).shuffle(train_groups)
    te = [i for i, d in enumerate(data.documents) if d in test]
    rand = [i for i in te if data.labels[i].stratum in RANDOM_STRATA]
    points = []
    for share in SHARES:
        chosen = set(train_groups[: max(1, round(share * len(train_groups)))])
        tr = [i for i, (g, d) in enumerate(zip(data.groups, data.documents)) if d not in test and g in chosen]
        t = time.time()
        model = _fit(data.subset(tr), pipeline, C, features, 5, dim_C)
        held = evaluate_model(model, data.subset(te), pipeline)
        held_random = evaluate_model(model, data.subset(rand), pipeline)
        point = {
            "share": share, "train_clauses": len(tr), "train_relational": int(data.y[tr].sum()),
            "train_documents": len({data.documents[i] for i in tr}),
            "f1": held["f1"], "roc_auc": held["roc_auc"], "average_precision": held["average_precision"],
            "direction_accuracy": held.get("direction_accuracy"),
            "random_f1": held_random["f1"], "random_roc_auc": held_random["roc_auc"],
            "seconds": round(time.time() - t, 1),
        }
        points.append(point)
        print(json.dumps(point), flush=True)
    args.out.write_text(json.dumps({"C": C, "blocks": list(features.blocks), "block_weights": features.weight_map, "points": points}, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
