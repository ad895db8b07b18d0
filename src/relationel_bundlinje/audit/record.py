"""One act screened for the audit: the facts the ranking needs, small enough to keep per act.

A record holds facts, not scores: probability, certainty, direction, cues and mechanisms of each
restrictive clause. Scores are computed from them when the audit is ranked (``rank``), so a change
of the weights never needs an act screened again — only a change of the act, the model or the
rules does (see ``cache``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable

from pydantic import BaseModel, ConfigDict, Field

from ..classifier.cues import CUE_WORDS, MECHANISMS, mechanisms_of

#: Bump when the record's shape or meaning changes: cached records of another format are ignored.
RECORD_FORMAT = 1

#: Directions of a clause that restrict people's possibility to keep relations.
RESTRICTIVE = ("negativ", "blandet")

#: Characters of a clause's opening shown in a report.
OPENING_CHARS = 220

_CUE_NAME = {words: name for name, words in CUE_WORDS.items()}
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RestrictiveClause(_Model):
    ref: str
    start: int
    end: int
    dimensions: list[str]
    direction: str
    probability: float
    certainty: str
    cues: list[str] = Field(default_factory=list, description="Names of the direction cues in the clause.")
    mechanisms: list[str] = Field(default_factory=list, description="Mechanisms its words name.")
    text: str = Field(description="The clause's opening.")


class ActRecord(_Model):
    format: int = RECORD_FORMAT
    document: str = Field(description="The file name without extension.")
    sha256: str = Field(description="SHA-256 of the file as read.")
    model_version: str
    rules_version: str
    title: str = ""
    kind: str = ""
    clauses: int = 0
    conclusion: str = ""
    conclusion_dimensions: list[str] = Field(default_factory=list)
    supporting: dict[str, int] = Field(default_factory=dict, description="Supporting clauses per dimension.")
    restrictive: list[RestrictiveClause] = Field(default_factory=list)
    refused: str | None = Field(default=None, description="Why the act could not be screened (Danish).")


def opening(text: str, limit: int = OPENING_CHARS) -> str:
    """The first words of a clause, cut at a word boundary."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + " …"


def clause_mechanisms(text: str, lemma_of: Callable[[str], str]) -> list[str]:
    """The mechanisms (``classifier.cues.MECHANISMS``) the clause's words name, in fixed order."""
    found: set[int] = set()
    for word in set(_WORD.findall(text.lower())):
        found.update(mechanisms_of(lemma_of(word)))
    return [MECHANISMS[i] for i in sorted(found)]


def record_of(assessment: Any, document: str, lemma_of: Callable[[str], str], clauses: int) -> ActRecord:
    """The audit's facts of one screened act (``assessment`` from ``Screener.assess``)."""
    restrictive = []
    supporting: dict[str, int] = {}
    for c in assessment.clauses:
        if not c.supports:
            continue
        for d in c.dimensions:
            supporting[d] = supporting.get(d, 0) + 1
        if c.direction not in RESTRICTIVE:
            continue
        model = next((f for f in c.findings if f.source == "model"), None)
        cues = [_CUE_NAME.get(w, w) for w in (model.cues if model is not None else [])]
        restrictive.append(
            RestrictiveClause(
                ref=c.ref, start=c.start, end=c.end, dimensions=list(c.dimensions), direction=c.direction,
                probability=round(float(c.score), 4), certainty=c.certainty, cues=cues,
                mechanisms=clause_mechanisms(c.text, lemma_of), text=opening(c.text),
            )
        )
    return ActRecord(
        document=document,
        sha256=assessment.record.source_sha256,
        model_version=assessment.record.model_version,
        rules_version=assessment.record.rules_version,
        title=" ".join(assessment.bill.title.split()),
        kind=assessment.bill.kind,
        clauses=clauses,
        conclusion=assessment.conclusion.direction,
        conclusion_dimensions=list(assessment.conclusion.dimensions),
        supporting=supporting,
        restrictive=restrictive,
    )


def document_name(path: Path) -> str:
    return Path(path).stem


# --------------------------------------------------------------------------- the job per act


def make_job(*, rules_dir: Path | None = None, model_dir: Path | None = None) -> Callable[[Path], dict]:
    """The audit's work for one file, built once per process (the Screener loads once): the act's
    record as a JSON-ready dict. Module-level and keyword-only, so a ``functools.partial`` of it
    pickles into worker processes."""
    from ..pipeline import Screener

    screener = Screener.default() if rules_dir is None and model_dir is None else Screener.load(rules_dir, model_dir)
    return lambda path: screen_act(screener, Path(path)).model_dump(mode="json")


#: The record date of an audit screening: records hold no dates, so any fixed one will do.
_DATE = "2000-01-01"


def screen_act(screener: Any, path: Path) -> ActRecord:
    """Screen one act file for the audit (the judgement only: no statement is composed)."""
    return _record(screener, screener.parse(path), document_name(path))


def screen_bytes(screener: Any, name: str, data: bytes) -> ActRecord:
    """Screen one act given as its file's bytes (a cluster worker may not see the parent's files)."""
    from ..ingest import read_bytes
    from ..structure import parse_document

    return _record(screener, parse_document(read_bytes(data, name)), document_name(Path(name)))


def _record(screener: Any, bill: Any, document: str) -> ActRecord:
    assessment = screener.assess(bill, date=_DATE, all_clauses=False)
    return record_of(assessment, document, screener.pipeline.lemma_of, len(bill.clauses))
