"""Two versions of a bill (or an act before and after amendment): what changed, and what the
changes do to the relational bottom line.

``align`` pairs the provisions of the two versions (reference first, then text similarity) and
diffs the words of each changed pair; ``compare`` screens both versions once each and judges every
change from the clause assessments of its old and new provision; ``synopsis`` writes the Danish
summary and the two-column synopsis (Word, Markdown) or the JSON.
"""

from __future__ import annotations

from .align import Change, changes, word_runs
from .compare import Comparison, compare
from .synopsis import render

__all__ = ["Change", "Comparison", "changes", "compare", "render", "word_runs"]
