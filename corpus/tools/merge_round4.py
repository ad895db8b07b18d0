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
from dataclasses import dataclass
from pathlib import Path

from merge_round3 import ROOT, jl, one_label_per_clause, resolve_identical_texts
from merge_round3c import write_jsonl

BATCHES = ("b401", "b402", "b403", "b404", "b405", "b406")
FIELDS = ("relational", "dimensions", "direction")


@dataclass(frozen=True)
class Round:
    """What one targeted round's files are called (round 5 reuses the merge with its own)."""

    no: int
    batches: tuple[str, ...]
    second: str  # the blind second pass's batch
    third: str  # the third blind label for each disagreement


ROUND_4 = Round(4, BATCHES, "sp9", "sx4")


def as_label(r: dict) -> dict:
    rel = bool(r["relational"])
    return {"relational": rel, "dimensions": r["dimensions"] if rel else [], "direction": r["direction"] if rel else None}


def main(rnd: Round = ROUND_4) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--annot", type=Path, required=True, help="batches, labels and the sample review")
    ap.add_argument("--private", type=Path, required=True, help="the manifests the annotators never saw")
    args = ap.parse_args()
    merge(args.annot, args.private, rnd)


def merge(A: Path, P: Path, rnd: Round) -> None:
    corpus = ROOT / "corpus"
    labels = jl(corpus / "labels.jsonl")
    adjudication = jl(corpus / "adjudication.jsonl")
    second = jl(corpus / "second_pass.jsonl")
    split = json.loads((corpus / "split.json").read_text(encoding="utf-8"))
    by_id = {r["id"]: r for r in labels}

    manifest = {m["item"]: m for m in jl(P / f"manifest_{rnd.no}.jsonl")}
    new: list[dict] = []
    for batch in rnd.batches:
        for r in jl(A / "labels" / f"{batch}.jsonl"):
            m = manifest[r["id"]]
            if m["id"] in by_id:
                raise SystemExit(f"{m['id']} is already in the corpus: round {rnd.no} has been merged.")
            new.append({"id": m["id"], "document": m["document"], "ref": m["ref"], "start": m["start"], "end": m["end"],
                        "sha256": m["sha256"], **as_label(r), "annotator": f"r{rnd.no}-{batch}", "status": "first",
                        "stratum": m["stratum"], "note": r.get("note", ""), "context": m["context"]})
    assert len(new) == len(manifest), "every item labelled"
    new = one_label_per_clause(new, adjudication)
    train = set(split["train"])
    assert all(r["document"] in train for r in new), f"round {rnd.no} draws from the training side only"

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

    # ---- the blind second pass and the third blind label for each disagreement
    sp_man = {m["item"]: m for m in jl(P / f"second_pass_manifest_{rnd.no}.jsonl")}
    sp = {r["id"]: r for r in jl(A / "labels" / f"{rnd.second}.jsonl")}
    third_path = P / f"third_pass_manifest_{rnd.no}.jsonl"
    third_man = {m["ref"]: m["item"] for m in jl(third_path)} if third_path.exists() else {}
    sx = {r["id"]: r for r in jl(A / "labels" / f"{rnd.third}.jsonl")} if third_man else {}
    agree = 0
    for item, m in sorted(sp_man.items()):
        lab = by_id[manifest[m["ref"]]["id"]]
        rec = {"id": lab["id"], **as_label(sp[item]), "annotator": f"r{rnd.no}-{rnd.second}", "note": sp[item].get("note", "")}
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
        f"second_pass_{rnd.no}": len(sp_man), "second_pass_agreement": round(agree / len(sp_man), 3),
        "sample_read": review["read"], "sample_changed": len(review["changed"]),
        "identical_text_conflicts": conflicts, "relational": len(rel),
        "dimensions": Counter(d for r in rel for d in r["dimensions"]).most_common(),
        "documents": len({r["document"] for r in labels}),
    }, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
