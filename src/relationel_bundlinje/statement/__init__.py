"""Assessment -> the Danish statement: the section »Relationelle konsekvenser« (``section``), the
skema row (``skema``), the appendix with the evidence (``appendix``) and its renderings (``render``).
All Danish wording of the judgement lives here; the judge returns facts only."""

from __future__ import annotations

from .render import FORMATS, render
from .section import compose

__all__ = ["FORMATS", "compose", "render"]
