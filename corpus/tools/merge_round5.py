"""Merge round 5 on top of the corpus: 734 clauses from the training side where the round-4 model
could not tell negativ from positiv, candidates, health and care, associations and meeting places,
transport, and scores around the threshold — with a blind second pass over a tenth, a third blind
label deciding every disagreement, and the developer's own read of a random sample of first-pass
labels (``stikprøve``). The merge itself is round 4's.

    python corpus/tools/merge_round5.py --annot /path/to/annotation/folder --private /path/to/manifests
"""

from __future__ import annotations

from merge_round4 import Round, main

ROUND_5 = Round(5, ("b501", "b502", "b503", "b504", "b505", "b506"), "sp10", "sx5")

if __name__ == "__main__":
    main(ROUND_5)
