"""Merge round 3 into the corpus: new labels with their strata and context pointers, the relabelling
of what the guideline drift touched, the second pass, the identical-text conflicts, the new split
and the document-level set.

    python corpus/tools/merge_round3.py --annot /path/to/annotation/folder

Every decision is a rule, recorded in ``adjudication.jsonl``:

* **revision** (R1–R8): an old label the drift touched was labelled again, blind, under the revised
  guidelines; where the new label differed, a second blind label decided (majority of three).
* **andet gennemløb**: a second-pass disagreement was decided by a third blind label.
* **samme tekst**: identical texts in the same surrounding (same § and first Stk.) with opposite
  labels take the majority label of the group (R4); a tie keeps the label of the largest stratum.
"""

from __future__ import annotations

import argparse
import glob
import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))  # the merges run from a checkout, installed or not

from relationel_bundlinje.resources import shared_bills_dir  # noqa: E402

SEED = 20261202


def jl(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def one_label_per_clause(labels: list[dict], adjudication: list[dict]) -> list[dict]:
    """A clause drawn more than once was labelled blind by each annotator who met it: it keeps one
    label, the majority's (a tie keeps the first); a split vote is recorded."""
    grouped: dict[str, list[dict]] = defaultdict(list)
    for r in labels:
        grouped[r["id"]].append(r)
    out = []
    for cid, copies in grouped.items():
        votes = Counter(c["relational"] for c in copies)
        final = votes.most_common(1)[0][0] if len(votes) == 1 or votes[True] != votes[False] else copies[0]["relational"]
        keep = next(c for c in copies if c["relational"] == final)
        if len(copies) > 1:
            keep["status"] = "agreed" if len(votes) == 1 else "adjudicated"
            if len(votes) > 1:
                adjudication.append({"id": cid, "kind": "samme tekst",
                                     "labels": [{k: c[k] for k in ("relational", "dimensions", "direction", "annotator")} for c in copies],
                                     "resolved": {k: keep[k] for k in ("relational", "dimensions", "direction")},
                                     "reason": "Samme bestemmelse trukket flere gange og mærket blindt af flere; flertallet afgør."})
        out.append(keep)
    return out


def resolve_identical_texts(labels: list[dict], adjudication: list[dict]) -> int:
    """Identical texts in the same surrounding (same § and first Stk.) get one label (R4): the
    majority's, or on a tie the label that has been checked beyond a first pass."""
    texts: dict[str, str] = {}
    bills = shared_bills_dir()  # $BUNDLINJE_BILLS or ../shared/bills, as everywhere else

    def raw(doc: str) -> str:
        if doc not in texts:
            for folder in ("retsinformation", "in-force"):
                p = bills / folder / f"{doc}.txt"
                if p.is_file():
                    texts[doc] = p.read_text(encoding="utf-8")
        return texts[doc]

    def surrounding(lab: dict) -> str:
        c = lab.get("context") or {}
        lead = c.get("lead")
        return raw(lab["document"])[lead["start"] : lead["end"]] if lead else ""

    groups = defaultdict(list)
    for lab in labels:
        groups[(lab["sha256"], surrounding(lab))].append(lab)
    conflicts = 0
    for members in groups.values():
        values = {m["relational"] for m in members}
        if len(values) < 2:
            continue
        conflicts += 1
        votes = Counter(m["relational"] for m in members)
        final = votes.most_common(1)[0][0] if votes[True] != votes[False] else max(members, key=lambda m: m["status"] != "first")["relational"]
        donor = next(m for m in members if m["relational"] == final)
        for m in members:
            if m["relational"] != final:
                before = {k: m[k] for k in ("relational", "dimensions", "direction", "annotator")}
                m.update(relational=final, dimensions=donor["dimensions"], direction=donor["direction"], status="samme tekst")
                adjudication.append({"id": m["id"], "kind": "samme tekst", "before": before, "resolved": {k: m[k] for k in ("relational", "dimensions", "direction")},
                                     "with": [x["id"] for x in members if x is not m],
                                     "reason": "Samme tekst i samme sammenhæng (samme § og stk. 1) får samme mærkning (R4)."})
    return conflicts


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--annot", type=Path, required=True)
    args = ap.parse_args()
    A = args.annot
    corpus = ROOT / "corpus"
    old = jl(corpus / "labels.jsonl")
    adjudication = jl(corpus / "adjudication.jsonl")
    second_old = jl(corpus / "second_pass.jsonl")
    ctx = {r["id"]: r for r in jl(A / "pool_contexts.jsonl")}

    # ---- relabelling what the drift touched
    rl_man = {m["item"]: m for m in jl(A / "relabel" / "manifest.jsonl")}
    rl = {r["id"]: r for f in ("rl1", "rl2") for r in jl(A / "labels" / f"{f}.jsonl")}
    rx = {r["id"].replace("rx-", "rl-"): r for r in jl(A / "labels" / "rx1.jsonl")}
    by_id = {r["id"]: r for r in old}
    revised = 0
    for item, m in rl_man.items():
        lab = by_id[m["id"]]
        a, b = rl[item], rx.get(item)
        votes = [lab["relational"], a["relational"]] + ([b["relational"]] if b else [])
        final = Counter(votes).most_common(1)[0][0] if b else lab["relational"]
        if final != lab["relational"]:
            src = a if a["relational"] == final else b
            before = {k: lab[k] for k in ("relational", "dimensions", "direction", "annotator")}
            lab.update(relational=final, dimensions=src["dimensions"] if final else [], direction=src["direction"] if final else None,
                       status="revideret")
            adjudication.append({
                "id": lab["id"], "kind": "revision", "rules": m["why"], "before": before,
                "relabels": [{"relational": a["relational"], "dimensions": a["dimensions"], "direction": a["direction"]},
                             {"relational": b["relational"], "dimensions": b["dimensions"], "direction": b["direction"]}],
                "resolved": {"relational": final, "dimensions": lab["dimensions"], "direction": lab["direction"]},
                "reason": "To blinde nymærkninger efter de reviderede retningslinjer (" + ", ".join(m["why"]) + ") er enige mod den oprindelige mærkning.",
            })
            revised += 1

    # ---- context pointers for the old labels
    for lab in old:
        c = ctx.get(lab["id"])
        lab["context"] = c["context"] if c else None
        lab.setdefault("stratum", "ukendt")

    # ---- new labels
    manifest = {m["item"]: m for f in ("manifest.jsonl", "manifest_3b.jsonl") for m in jl(A / f)}
    new: list[dict] = []
    for f in sorted(glob.glob(str(A / "labels" / "b3*.jsonl"))):
        batch = Path(f).stem
        if batch.startswith("b36"):
            continue  # round 3c: merged by merge_round3c.py on top of this round
        for r in jl(Path(f)):
            m = manifest[r["id"]]
            new.append({
                "id": m["id"], "document": m["document"], "ref": m["ref"], "start": m["start"], "end": m["end"],
                "sha256": m["sha256"], "relational": bool(r["relational"]), "dimensions": r["dimensions"] if r["relational"] else [],
                "direction": r["direction"] if r["relational"] else None, "annotator": f"r3-{batch}", "status": "first",
                "stratum": m["stratum"], "note": r.get("note", ""), "context": m["context"],
            })
    # The same clause drawn twice (identical inserted provisions give one place in the stored text)
    # was labelled by several annotators independently: one label, the majority's.
    new = one_label_per_clause(new, adjudication)
    labels = old + new
    by_id = {r["id"]: r for r in labels}
    assert len(by_id) == len(labels), "duplicate ids"

    # ---- second pass and its third-pass decisions
    sp_man = {m["item"]: m for m in jl(A / "second_pass_manifest.jsonl")}
    sp = {r["id"]: r for f in sorted(glob.glob(str(A / "labels" / "sp[1-7].jsonl"))) for r in jl(Path(f))}
    sx = {r["id"].replace("sx", "sp"): r for f in sorted(glob.glob(str(A / "labels" / "sx[12].jsonl"))) for r in jl(Path(f))}
    second = list(second_old)
    seen_second = {r["id"] for r in second}
    for item, m in sorted(sp_man.items()):
        cid = manifest[m["ref"]]["id"] if m["source"] == "new" else m["ref"]
        lab = by_id[cid]
        s = sp[item]
        rec = {"id": cid, "relational": bool(s["relational"]), "dimensions": s["dimensions"] if s["relational"] else [],
               "direction": s["direction"] if s["relational"] else None, "annotator": f"r3-{item.split('-')[0]}", "note": s.get("note", "")}
        if cid in seen_second:
            continue
        second.append(rec)
        seen_second.add(cid)
        if rec["relational"] != lab["relational"]:
            third = sx.get(item)
            if third is None:
                continue
            first = {k: lab[k] for k in ("relational", "dimensions", "direction", "annotator")}
            final = third["relational"]
            if final != lab["relational"]:
                lab.update(relational=final, dimensions=third["dimensions"] if final else [], direction=third["direction"] if final else None,
                           status="adjudicated")
            else:
                lab["status"] = "adjudicated"
            adjudication.append({
                "id": cid, "kind": "andet gennemløb", "first": first,
                "second": {k: rec[k] for k in ("relational", "dimensions", "direction", "annotator")},
                "third": {"relational": third["relational"], "dimensions": third["dimensions"], "direction": third["direction"]},
                "resolved": {k: lab[k] for k in ("relational", "dimensions", "direction")},
                "reason": "Afgjort af en tredje, blind mærkning (flertal af tre).",
            })
    for r in second:
        if r["id"] in by_id and by_id[r["id"]]["status"] == "first" and r["relational"] == by_id[r["id"]]["relational"]:
            by_id[r["id"]]["status"] = "agreed"

    # ---- identical texts in the same surrounding (R4)
    conflicts = resolve_identical_texts(labels, adjudication)

    # ---- the split: document groups, a quarter of the documents, at least 400 relational test clauses
    from relationel_bundlinje.training.corpus import document_groups, read_manifests

    bills = shared_bills_dir()  # $BUNDLINJE_BILLS or ../shared/bills, as everywhere else
    docs = read_manifests(bills)
    group_of = document_groups(docs)
    labelled_docs = sorted({l["document"] for l in labels})
    rel_by_group = Counter(group_of[l["document"]] for l in labels if l["relational"])
    docs_by_group = defaultdict(list)
    for d in labelled_docs:
        docs_by_group[group_of[d]].append(d)
    total_rel = sum(rel_by_group.values())
    keys = sorted(docs_by_group)
    rng = random.Random(SEED)
    rng.shuffle(keys)
    rel_docs = {l["document"] for l in labels if l["relational"]}
    test: list[str] = []
    t_rel = 0
    for k in keys:
        if rel_by_group[k] > 0.05 * total_rel:  # one group must not dominate the test side
            continue
        if len(test) + len(docs_by_group[k]) > 0.28 * len(labelled_docs):
            continue
        test.extend(docs_by_group[k])
        t_rel += rel_by_group[k]
        t_rel_docs = sum(1 for d in test if d in rel_docs)
        if t_rel >= 0.26 * total_rel and t_rel_docs >= 70 and len(test) >= 0.22 * len(labelled_docs):
            break
    test_set = set(test)
    split = {"seed": SEED, "train": sorted(d for d in labelled_docs if d not in test_set), "test": sorted(test_set),
             "groups": {d: group_of[d] for d in labelled_docs}}

    order = sorted(labels, key=lambda r: (r["document"], r["start"]))
    (corpus / "labels.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in order), encoding="utf-8")
    (corpus / "second_pass.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in second), encoding="utf-8")
    (corpus / "adjudication.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in adjudication), encoding="utf-8")
    (corpus / "split.json").write_text(json.dumps(split, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    # ---- the document-level set
    acts = []
    for f in sorted(glob.glob(str(A / "doclevel" / "d*.jsonl"))):
        for r in jl(Path(f)):
            acts.append({"document": r["document"], "relational": bool(r["relational"]), "dimensions": r["dimensions"] if r["relational"] else [],
                         "direction": r["direction"] if r["relational"] else None, "provisions": r.get("provisions", []),
                         "annotator": f"r3-{Path(f).stem}", "note": r.get("note", "")})
    acts.sort(key=lambda r: r["document"])
    (corpus / "documents.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in acts), encoding="utf-8")

    rel = [l for l in labels if l["relational"]]
    print(json.dumps({
        "labels": len(labels), "new": len(new), "documents": len(labelled_docs), "relational": len(rel),
        "revised": revised, "identical_text_conflicts": conflicts,
        "dimensions": Counter(d for l in rel for d in l["dimensions"]).most_common(),
        "test_documents": len(test_set), "test_clauses": sum(1 for l in labels if l["document"] in test_set),
        "test_relational": sum(1 for l in rel if l["document"] in test_set),
        "test_relational_documents": len({l["document"] for l in rel if l["document"] in test_set}),
        "second_pass": len(second), "documents_set": len(acts),
    }, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
