"""Merge round 6 on top of the corpus: 360 clauses (361 items; one clause was met twice and both
labels agree) from the training side drawn for the thin dimensions (transport, health and care,
associations and meeting places, digital contact) where the model reads them or their words occur — with a blind second pass over a tenth (no
disagreement on ``relational``, so no third pass) and the developer's read of 40 random first-pass
labels (none changed). The merge itself is round 4's.

    python corpus/tools/merge_round6.py --annot /path/to/annotation/folder --private /path/to/manifests
"""

from __future__ import annotations

from merge_round4 import Round, main

ROUND_6 = Round(6, ("b601", "b602", "b603", "b604", "b605", "b606"), "sp11", "sx6")

if __name__ == "__main__":
    main(ROUND_6)
