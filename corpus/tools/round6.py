"""Round 6 of the corpus: the thin dimensions. After round 5, ``mobilitet`` held 93 relational
clauses (the issue asks for 100), ``sundhed`` 114 and ``faellesskab`` 217, and the held-out F1 of
the last two stayed under 0.6. Drawn from the training side of the split only, so the test side
stays the one earlier figures were measured on.

    python corpus/tools/round6.py sample --out /tmp/annot6
    python corpus/tools/round6.py second --private /tmp/annot6-private --out /tmp/annot6
    python corpus/tools/round6.py third --annot /tmp/annot6 --private /tmp/annot6-private

Strata (recorded per label), each at most 6 clauses per document:

- ``r6_tema_<dim>`` for mobilitet, sundhed, faellesskab and digital: clauses the dimension head
  reads as that dimension (>= 0.2) and the relational head does not dismiss (>= 0.05);
- ``r6_ord_<dim>``: clauses with the theme's words (``round3.THEMES``, ``round3.DIGITAL``) that
  the model scores low (< 0.3) — the mechanisms it has not learnt to see, and hard negatives.

``sample`` writes the batches (what an annotator sees) and the private manifest; ``second`` draws
a seeded random tenth for the blind second pass; ``third`` writes, for every item the two passes
disagree on ``relational``, a third blind batch. Seeded: the same corpus gives the same sample.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from merge_round3 import jl
from round3 import DIGITAL, SEED, THEMES, taker, training_pool, write_sample

FIRST_BATCH = 601
BATCH_SIZE = 70
SECOND_SHARE = 0.1
DIMENSIONS = ("mobilitet", "sundhed", "faellesskab", "digital")
WORDS = {**{d: THEMES[d] for d in ("mobilitet", "sundhed", "faellesskab")}, "digital": DIGITAL}


def sample_6(bills: Path, out: Path, size: int) -> None:
    pool = training_pool(bills)
    chosen: dict[tuple[str, int], str] = {}
    rng = random.Random(SEED + 6)
    take = taker(rng, chosen)
    share = size / 420
    report = {}
    for dim, (model_n, word_n) in {"mobilitet": (70, 40), "sundhed": (60, 40), "faellesskab": (60, 40),
                                   "digital": (40, 30)}.items():
        report[f"r6_tema_{dim}"] = take([p for p in pool if p["p"] >= 0.05 and p["dims"].get(dim, 0) >= 0.2],
                                        f"r6_tema_{dim}", round(model_n * share), per_doc=6)
        report[f"r6_ord_{dim}"] = take([p for p in pool if p["p"] < 0.3 and WORDS[dim].search(p["text"].lower())],
                                       f"r6_ord_{dim}", round(word_n * share), per_doc=6)
    write_sample(pool, chosen, rng, report, out, first_batch=FIRST_BATCH, manifest_name="manifest_6.jsonl",
                 batch_size=BATCH_SIZE)


def _shown(out: Path) -> dict[str, dict]:
    """Every first-pass item as its annotator saw it, by item id."""
    return {r["id"]: r for path in sorted((out / "batches").glob("b6*.jsonl")) for r in jl(path)}


def second(private: Path, out: Path) -> None:
    """A seeded random tenth of the round, as a batch of its own (``sp11``): the same view of each
    clause under a new item id, so the second annotator cannot tell which first-pass item it was."""
    items = [m["item"] for m in jl(private / "manifest_6.jsonl")]
    rng = random.Random(SEED + 61)
    picked = sorted(rng.sample(items, max(1, round(len(items) * SECOND_SHARE))))
    rng.shuffle(picked)
    shown = _shown(out)
    lines, manifest = [], []
    for k, item in enumerate(picked):
        new_id = f"sp11-{k:03d}"
        lines.append(json.dumps({**shown[item], "id": new_id}, ensure_ascii=False))
        manifest.append({"item": new_id, "ref": item})
    (out / "batches" / "sp11.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (private / "second_pass_manifest_6.jsonl").write_text("\n".join(json.dumps(m) for m in manifest) + "\n", encoding="utf-8")
    print(json.dumps({"second_pass": len(picked)}))


def third(annot: Path, private: Path) -> None:
    """A third blind batch (``sx6``) for every item the first and second pass disagree on."""
    first = {r["id"]: r for path in sorted((annot / "labels").glob("b6*.jsonl")) for r in jl(path)}
    second_labels = {r["id"]: r for r in jl(annot / "labels" / "sp11.jsonl")}
    shown = _shown(annot)
    lines, manifest = [], []
    for m in jl(private / "second_pass_manifest_6.jsonl"):
        if bool(first[m["ref"]]["relational"]) == bool(second_labels[m["item"]]["relational"]):
            continue
        new_id = f"sx6-{len(lines):03d}"
        lines.append(json.dumps({**shown[m["ref"]], "id": new_id}, ensure_ascii=False))
        manifest.append({"item": new_id, "ref": m["ref"]})
    if lines:
        (annot / "batches" / "sx6.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (private / "third_pass_manifest_6.jsonl").write_text("".join(json.dumps(m) + "\n" for m in manifest), encoding="utf-8")
    print(json.dumps({"disagreements": len(lines)}))


def main() -> None:
    from round3 import shared_bills_dir

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sample")
    s.add_argument("--bills", type=Path, default=None)
    s.add_argument("--out", type=Path, required=True)
    s.add_argument("--size", type=int, default=420)
    s2 = sub.add_parser("second")
    s2.add_argument("--private", type=Path, required=True)
    s2.add_argument("--out", type=Path, required=True)
    s3 = sub.add_parser("third")
    s3.add_argument("--annot", type=Path, required=True)
    s3.add_argument("--private", type=Path, required=True)
    args = ap.parse_args()
    if args.cmd == "sample":
        sample_6(args.bills or shared_bills_dir(), args.out, args.size)
    elif args.cmd == "second":
        second(args.private, args.out)
    else:
        third(args.annot, args.private)


if __name__ == "__main__":
    main()
