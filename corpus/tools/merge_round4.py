"""Merge round 4 on top of the corpus: 1,352 clauses from the training side where the round-3c
model erred or was unsure (uncertain scores, candidates, hard negatives inside relational acts,
short clauses, transport), with a blind second pass over a tenth, a third blind label deciding
every disagreement, and the developer's own read of a random sample of 40 first-pass labels
(``stikprøve``: a label changed there is recorded with its reason).

    python corpus/tools/merge_round4.py --annot /path/to/annotation/folder --private /path/to/manifests

The split is kept: every round-4 document is on the training side, so the test side is the one
the earlier figures were measured on. Running it twice is refused.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from merge_round3 import ROOT, jl, one_label_per_clause, resolve_identical_texts
from merge_round3c import write_jsonl

BATCHES = ("b401", "b402", "b403", "b404", "b405", "b406")
FIELDS = ("relational", "dimensions", "direction")


def as_label(r: dict) -> dict:
    rel = bool(r["relational"])
    return {"relational": rel, "dimensions": r["dimensions"] if rel else [], "direction": r["direction"] if rel else None}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--annot", type=Path, required=True, help="batches, labels and the sample review")
    ap.add_argument("--private", type=Path, required=True, help="the manifests the annotators never saw")
    args = ap.parse_args()
    A, P = args.annot, args.private
    corpus = ROOT / "corpus"
    labels = jl(corpus / "labels.jsonl")
    adjudication = jl(corpus / "adjudication.jsonl")
    second = jl(corpus / "second_pass.jsonl")
    split = json.loads((corpus / "split.json").read_text(encoding="utf-8"))
    by_id = {r["id"]: r for r in labels}

    manifest = {m["item"]: m for m in jl(P / "manifest_4.jsonl")}
    new: list[dict] = []
    for batch in BATCHES:
        for r in jl(A / "labels" / f"{batch}.jsonl"):
            m = manifest[r["id"]]
            if m["id"] in by_id:
                raise SystemExit(f"{m['id']} is already in the corpus: round 4 has been merged.")
            new.append({"id": m["id"], "document": m["document"], "ref": m["ref"], "start": m["start"], "end": m["end"],
                        "sha256": m["sha256"], **as_label(r), "annotator": f"r4-{batch}", "status": "first",
                        "stratum": m["stratum"], "note": r.get("note", ""), "context": m["context"]})
    assert len(new) == len(manifest), "every item labelled"
    new = one_label_per_clause(new, adjudication)
    train = set(split["train"])
    assert all(r["document"] in train for r in new), "round 4 draws from the training side only"

    # ---- the developer's sample read: a changed label is recorded with its reason.
    review = json.loads((A / "sample_review.json").read_text(encoding="utf-8"))
    new_by_id = {r["id"]: r for r in new}
    for item, change in review["changed"].items():
        lab = new_by_id[manifest[item]["id"]]
        before = {k: lab[k] for k in (*FIELDS, "annotator")}
        lab.update(as_label(change))
        lab["status"] = "adjudicated"
        adjudication.append({"id": lab["id"], "kind": "stikprøve", "first": before, "resolved": {k: lab[k] for k in FIELDS},
                             "reason": change["reason"]})

    labels += new
    by_id = {r["id"]: r for r in labels}

    # ---- the second pass (sp9) and the third blind label for each disagreement (sx4)
    sp_man = {m["item"]: m for m in jl(P / "second_pass_manifest_4.jsonl")}
    sp = {r["id"]: r for r in jl(A / "labels" / "sp9.jsonl")}
    third_man = {m["ref"]: m["item"] for m in jl(P / "third_pass_manifest_4.jsonl")}
    sx = {r["id"]: r for r in jl(A / "labels" / "sx4.jsonl")}
    agree = 0
    for item, m in sorted(sp_man.items()):
        lab = by_id[manifest[m["ref"]]["id"]]
        rec = {"id": lab["id"], **as_label(sp[item]), "annotator": "r4-sp9", "note": sp[item].get("note", "")}
        second.append(rec)
        if rec["relational"] == lab["relational"]:
            lab["status"] = "agreed" if lab["status"] == "first" else lab["status"]
            agree += 1
            continue
        third = as_label(sx[third_man[m["ref"]]])
        first = {k: lab[k] for k in (*FIELDS, "annotator")}
        if third["relational"] != lab["relational"]:
            lab.update(third)
        lab["status"] = "adjudicated"
        adjudication.append({"id": lab["id"], "kind": "andet gennemløb", "first": first,
                             "second": {k: rec[k] for k in (*FIELDS, "annotator")}, "third": third,
                             "resolved": {k: lab[k] for k in FIELDS},
                             "reason": "Afgjort af en tredje, blind mærkning (flertal af tre)."})
    conflicts = resolve_identical_texts(labels, adjudication)

    write_jsonl(corpus / "labels.jsonl", sorted(labels, key=lambda r: (r["document"], r["start"])))
    write_jsonl(corpus / "second_pass.jsonl", second)
    write_jsonl(corpus / "adjudication.jsonl", adjudication)

    rel = [r for r in labels if r["relational"]]
    print(json.dumps({
        "labels": len(labels), "new": len(new), "new_relational": sum(r["relational"] for r in new),
        "new_by_stratum": {s: [n, sum(r["relational"] for r in new if r["stratum"] == s)]
                           for s, n in Counter(r["stratum"] for r in new).most_common()},
        "second_pass_4": len(sp_man), "second_pass_agreement": round(agree / len(sp_man), 3),
        "sample_read": review["read"], "sample_changed": len(review["changed"]),
        "identical_text_conflicts": conflicts, "relational": len(rel),
        "dimensions": Counter(d for r in rel for d in r["dimensions"]).most_common(),
        "documents": len({r["document"] for r in labels}),
    }, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
