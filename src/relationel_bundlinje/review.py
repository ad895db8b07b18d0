"""The lawyer's verdicts on the tool's findings: a stand-off store (``reviews.jsonl``).

One line per verdict: the bill (title and SHA-256 of the input), the clause (reference, span and
its text — the user's draft is not in ``../shared/``, so the text is kept to train on), the verdict
(``accepted``, ``rejected``, or ``corrected`` with dimensions and direction), who gave it and when.
The store is rewritten whole on every change (never half a file); the last verdict on a clause
wins. Verdicts feed a screening of the same bill (``screen --reviews``) and training
(``train --reviews``).
"""

from __future__ import annotations

import datetime as _dt
import json
import threading
from pathlib import Path
from typing import Literal, Sequence

from pydantic import Field, ValidationError

from .dimensions import DimensionId, Direction
from .errors import BundlinjeError
from .models import Bill, Finding, Model
from .output import write_atomic

MAX_STORE_BYTES = 50 * 1024 * 1024


class Verdict(Model):
    bill_title: str = Field(max_length=1000)
    bill_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    ref: str = Field(max_length=300)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str = Field(max_length=100_000)
    verdict: Literal["accepted", "rejected", "corrected"]
    dimensions: list[DimensionId] = Field(default_factory=list)
    direction: Direction | None = None
    tool_dimensions: list[DimensionId] = Field(default_factory=list)
    tool_direction: Direction | None = None
    reviewer: str = Field(default="", max_length=200)
    time: str = Field(default="", max_length=40)
    note: str | None = Field(default=None, max_length=5000)

    @property
    def relational(self) -> bool:
        """What the verdict says the clause is: rejected means not relational."""
        return self.verdict != "rejected"

    @property
    def final_dimensions(self) -> list[str]:
        return list(self.dimensions if self.verdict == "corrected" else self.tool_dimensions)

    @property
    def final_direction(self) -> str | None:
        return self.direction if self.verdict == "corrected" else self.tool_direction


class ReviewStore:
    """A verdict store on disk. Thread-safe for one process (the web page and the CLI)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    def load(self) -> list[Verdict]:
        if not self.path.exists():
            return []
        try:
            if self.path.stat().st_size > MAX_STORE_BYTES:
                raise BundlinjeError(f"Vurderingsfilen {self.path} er for stor.")
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as err:
            raise BundlinjeError(f"Vurderingsfilen {self.path} kan ikke læses ({err}).") from None
        out = []
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                out.append(Verdict.model_validate(json.loads(line)))
            except (json.JSONDecodeError, ValidationError, TypeError):
                raise BundlinjeError(f"Vurderingsfilen {self.path}, linje {n}, er ugyldig.") from None
        return out

    def latest(self) -> list[Verdict]:
        """The last verdict per (bill, clause), in the order they were first given."""
        by_key: dict[tuple[str, str], Verdict] = {}
        for v in self.load():
            by_key.pop((v.bill_sha256, v.ref), None)
            by_key[(v.bill_sha256, v.ref)] = v
        return list(by_key.values())

    def add(self, verdicts: Sequence[Verdict]) -> None:
        with self._lock:
            existing = self.load()
            lines = [v.model_dump_json() for v in [*existing, *verdicts]]
            write_atomic(self.path, "\n".join(lines) + "\n", force=True)

    def for_bill(self, bill: Bill) -> dict[str, Verdict]:
        """Verdicts on this bill's clauses whose text is still the clause's text."""
        by_ref = {c.ref: c for c in bill.clauses}
        out = {}
        for v in self.latest():
            clause = by_ref.get(v.ref)
            if v.bill_sha256 == bill.source.sha256 and clause is not None and clause.text == v.text:
                out[v.ref] = v
        return out

    def findings_for(self, bill: Bill) -> list[Finding]:
        out = []
        for ref, v in self.for_bill(bill).items():
            clause = bill.clause(ref)
            assert clause is not None
            out.append(
                Finding(
                    source="jurist",
                    producer=f"jurist {v.reviewer}".strip(),
                    ref=ref,
                    clause_ref=ref,
                    start=clause.start,
                    end=clause.end,
                    text=clause.text[:160],
                    dimensions=v.final_dimensions,  # type: ignore[arg-type]
                    direction=v.final_direction,  # type: ignore[arg-type]
                    verdict=v.verdict,
                    reviewer=v.reviewer or None,
                    note=v.note,
                )
            )
        return out


def now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()
