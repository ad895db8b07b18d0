"""Time bounds for the hostile-input tests.

A hostile input is refused or read in bounded time: these tests tell linear from quadratic or
exponential work (seconds against minutes), not fast from slow. Speed itself is measured in
``benchmarks/``. The bounds are stretched by ``BUNDLINJE_TIME_FACTOR`` (default 4), so a loaded
two-core CI machine does not fail them.
"""

from __future__ import annotations

import os


def within(seconds: float) -> float:
    return seconds * float(os.environ.get("BUNDLINJE_TIME_FACTOR", "4"))
