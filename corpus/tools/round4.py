"""Round 4 of the corpus: targeted labels where the shipped (round-3c) model errs, drawn from the
training side of the split only, so the test side stays the one earlier figures were measured on.

    python corpus/tools/round4.py sample --out /tmp/annot4

Strata (recorded per label):
- ``r4_usikker``: scores around the decision threshold (0.25-0.6), at most 8 per document;
- ``r4_kandidat``: clauses the model calls relational (>= 0.6): its precision decides them;
- ``r4_haard_negativ``: procedure, assessment duties, grants and refunds, registration inside acts
  on relational topics that the model scores above 0.1 — the false positives the issue names;
- ``r4_kort``: clauses under 200 characters inside acts on relational topics (found worst);
- ``r4_tema_mobilitet``: clauses the dimension head reads as transport (the thinnest dimension).

Batches hold only what an annotator sees (clause and context); the private manifest maps each item
to its document, offsets, SHA-256, stratum and score. Seeded: the same corpus gives the same sample.
"""

from __future__ import annotations

import random
from collections import defaultdict
from pathlib import Path

from round3 import HARD_NEGATIVE, SEED, sample_main, taker, training_pool, write_sample

FIRST_BATCH = 401


def sample_4(bills: Path, out: Path, size: int) -> None:
    pool = training_pool(bills)

    # Expected relational clauses per document: "acts on relational topics" for the hard strata.
    mass: dict[str, float] = defaultdict(float)
    for it in pool:
        mass[it["document"]] += it["p"]
    relational_docs = {d for d, m in mass.items() if m >= 3.0}

    chosen: dict[tuple[str, int], str] = {}
    rng = random.Random(SEED + 4)
    take = taker(rng, chosen)

    share = size / 1600
    report = {
        "r4_tema_mobilitet": take([p for p in pool if p["p"] >= 0.1 and p["dims"].get("mobilitet", 0) >= 0.25],
                                  "r4_tema_mobilitet", round(160 * share)),
        "r4_usikker": take([p for p in pool if 0.25 <= p["p"] < 0.6], "r4_usikker", round(620 * share), per_doc=8),
        "r4_kandidat": take([p for p in pool if p["p"] >= 0.6], "r4_kandidat", round(300 * share), per_doc=12),
        "r4_haard_negativ": take([p for p in pool if p["document"] in relational_docs and p["p"] >= 0.1
                                  and HARD_NEGATIVE.search(p["text"].lower())], "r4_haard_negativ", round(320 * share), per_doc=6),
        "r4_kort": take([p for p in pool if p["document"] in relational_docs and len(p["text"]) < 200 and p["p"] >= 0.08],
                        "r4_kort", round(200 * share), per_doc=6),
    }
    write_sample(pool, chosen, rng, report, out, first_batch=FIRST_BATCH, manifest_name="manifest_4.jsonl")


def main() -> None:
    sample_main(__doc__, sample_4, 1600)


if __name__ == "__main__":
    main()
