"""Merge round 3c on top of the corpus: 1,314 new clauses drawn where the round-3 model was unsure
or weak (candidates, uncertain scores, and the two thinnest dimensions, sundhed and mobilitet),
with a blind second pass over a tenth and a third blind label deciding every disagreement.

    python corpus/tools/merge_round3c.py --annot /path/to/annotation/folder

The split is kept as it is: every document of round 3c is already on one side of it, so the test
documents stay the documents the earlier figures were measured on. Run once, after
``merge_round3.py``; running it again is refused (the labels would already be there).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from merge_round3 import ROOT, jl, one_label_per_clause, resolve_identical_texts

BATCHES = ("b361", "b362", "b363", "b364", "b365", "b366")


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--annot", type=Path, required=True)
    A = ap.parse_args().annot
    corpus = ROOT / "corpus"
    labels = jl(corpus / "labels.jsonl")
    adjudication = jl(corpus / "adjudication.jsonl")
    second = jl(corpus / "second_pass.jsonl")
    split = json.loads((corpus / "split.json").read_text(encoding="utf-8"))
    by_id = {r["id"]: r for r in labels}

    manifest = {m["item"]: m for m in jl(A / "manifest_3c.jsonl")}
    new: list[dict] = []
    for batch in BATCHES:
        for r in jl(A / "labels" / f"{batch}.jsonl"):
            m = manifest[r["id"]]
            if m["id"] in by_id:
                raise SystemExit(f"{m['id']} is already in the corpus: round 3c has been merged.")
            new.append({
                "id": m["id"], "document": m["document"], "ref": m["ref"], "start": m["start"], "end": m["end"],
                "sha256": m["sha256"], "relational": bool(r["relational"]), "dimensions": r["dimensions"] if r["relational"] else [],
                "direction": r["direction"] if r["relational"] else None, "annotator": f"r3c-{batch}", "status": "first",
                "stratum": m["stratum"], "note": r.get("note", ""), "context": m["context"],
            })
    assert len(new) == len(manifest), "every item labelled"
    # A clause drawn twice (by two strata) was labelled blindly twice: one label, the majority's.
    new = one_label_per_clause(new, adjudication)
    known = set(split["train"]) | set(split["test"])
    missing = {r["document"] for r in new} - known
    assert not missing, f"documents outside the split: {sorted(missing)[:5]}"
    labels += new
    by_id = {r["id"]: r for r in labels}

    # ---- the second pass (sp8) and the third blind label for each disagreement (sx3)
    sp_man = {m["item"]: m for m in jl(A / "second_pass_manifest_3c.jsonl")}
    sp = {r["id"]: r for r in jl(A / "labels" / "sp8.jsonl")}
    third_man = {m["ref"]: m["item"] for m in jl(A / "third_pass_manifest_3c.jsonl")}
    sx = {r["id"]: r for r in jl(A / "labels" / "sx3.jsonl")}
    agree = 0
    for item, m in sorted(sp_man.items()):
        lab = by_id[manifest[m["ref"]]["id"]]
        s = sp[item]
        rec = {"id": lab["id"], "relational": bool(s["relational"]), "dimensions": s["dimensions"] if s["relational"] else [],
               "direction": s["direction"] if s["relational"] else None, "annotator": "r3c-sp8", "note": s.get("note", "")}
        second.append(rec)
        if rec["relational"] == lab["relational"]:
            lab["status"] = "agreed"
            agree += 1
            continue
        third = sx[third_man[m["ref"]]]
        first = {k: lab[k] for k in ("relational", "dimensions", "direction", "annotator")}
        final = bool(third["relational"])
        if final != lab["relational"]:
            lab.update(relational=final, dimensions=third["dimensions"] if final else [], direction=third["direction"] if final else None)
        lab["status"] = "adjudicated"
        adjudication.append({
            "id": lab["id"], "kind": "andet gennemløb", "first": first,
            "second": {k: rec[k] for k in ("relational", "dimensions", "direction", "annotator")},
            "third": {"relational": final, "dimensions": third["dimensions"], "direction": third["direction"]},
            "resolved": {k: lab[k] for k in ("relational", "dimensions", "direction")},
            "reason": "Afgjort af en tredje, blind mærkning (flertal af tre).",
        })
    conflicts = resolve_identical_texts(labels, adjudication)

    order = sorted(labels, key=lambda r: (r["document"], r["start"]))
    write_jsonl(corpus / "labels.jsonl", order)
    write_jsonl(corpus / "second_pass.jsonl", second)
    write_jsonl(corpus / "adjudication.jsonl", adjudication)

    rel = [r for r in labels if r["relational"]]
    test = set(split["test"])
    print(json.dumps({
        "labels": len(labels), "new": len(new), "new_relational": sum(r["relational"] for r in new),
        "second_pass_3c": len(sp_man), "second_pass_agreement": round(agree / len(sp_man), 3),
        "identical_text_conflicts": conflicts, "relational": len(rel),
        "dimensions": Counter(d for r in rel for d in r["dimensions"]).most_common(),
        "test_clauses": sum(1 for r in labels if r["document"] in test),
        "test_relational": sum(1 for r in rel if r["document"] in test),
        "test_relational_documents": len({r["document"] for r in rel if r["document"] in test}),
        "new_in_test": sum(1 for r in new if r["document"] in test),
    }, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
