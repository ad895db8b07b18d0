"""The whole flow in one call: ``screen(source) -> Assessment``.

The rules and the model are loaded once per process (on first use, under a lock) and shared
read-only between calls and threads. Besides them, only bounded caches of derived values are kept
(a bill's tokenization, groups and figures found in a text; see :func:`clear_text_caches`): same
input, same output, with or without them.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

from .errors import InputError
from .models import AnswerRecord, Assessment, Bill

_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _load_ruleset():
    from .rules import load_rules

    return load_rules()


@lru_cache(maxsize=1)
def _load_model():
    from .classifier import load_model

    return load_model()


def default_ruleset():
    """The shipped rules, loaded once per process."""
    with _LOCK:
        return _load_ruleset()


def default_model():
    """The shipped classifier, loaded once per process."""
    with _LOCK:
        return _load_model()


def record_date(fixed_date: str | _dt.date | None) -> str:
    """The screening date as ``YYYY-MM-DD``: ``fixed_date`` where given (for reproducible output)."""
    if fixed_date is None:
        return _dt.date.today().isoformat()
    if isinstance(fixed_date, _dt.date):
        return fixed_date.isoformat()
    try:
        return _dt.date.fromisoformat(str(fixed_date).strip()).isoformat()
    except ValueError:
        raise InputError(f"Datoen »{fixed_date}« er ugyldig. Angiv den som ÅÅÅÅ-MM-DD, fx 2024-05-01.") from None


def clear_text_caches() -> None:
    """Forget per-text caches (the shared tokenization of a bill, groups and figures found in
    clause texts). Word-level caches stay: they are vocabulary, valid for every bill. Benchmarks
    call this so that a repeated screening of the same text is not served from memory."""
    from .assess import _groups_in
    from .nlp import _tokenize_cached
    from .statement.compose import _figures_in

    _tokenize_cached.cache_clear()
    _groups_in.cache_clear()
    _figures_in.cache_clear()


def parse(source: Path | str | Bill) -> Bill:
    """Read and parse a bill: a file path (``Path``), the bill's text (``str``) or a ``Bill``."""
    return load_bill(source)


def load_bill(source: Path | str | Bill) -> Bill:
    """A parsed bill from a file path (``Path``), the bill's text (``str``) or a ``Bill``."""
    if isinstance(source, Bill):
        return source
    from .structure import parse_document

    if isinstance(source, os.PathLike):
        from .ingest import read_path

        try:
            return parse_document(read_path(Path(source)))
        except InputError as err:
            if err.path is None:  # name the file in messages about its content
                raise InputError(err.message, path=str(source)) from None
            raise
    if isinstance(source, str):
        from .ingest import read_string

        return parse_document(read_string(source))
    raise InputError(
        f"Kan ikke screene en værdi af typen {type(source).__name__}: angiv en filsti (Path), "
        "lovforslagets tekst (str) eller et allerede indlæst lovforslag (Bill)."
    )


def _given_answers(answers: Path | str | Sequence[AnswerRecord] | None, ruleset: Any) -> tuple[list[AnswerRecord], str | None]:
    if answers is None:
        return [], None
    if isinstance(answers, (str, os.PathLike)):
        from .questionnaire import load_answers

        path = Path(answers)
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError as err:
            raise InputError(f"Svarfilen {path} kan ikke læses: {err.strerror or err}.") from None
        return list(load_answers(path, ruleset)), digest
    records = list(answers)
    for item in records:
        if not isinstance(item, AnswerRecord):
            raise InputError("Svarene skal være en sti til en svarfil eller en liste af AnswerRecord.")
    return records, None


def screen(
    source: Path | str | Bill,
    answers: Path | str | Sequence[AnswerRecord] | None = None,
    *,
    fixed_date: str | _dt.date | None = None,
    all_clauses: bool = False,
    ruleset: Any = None,
    model: Any = None,
) -> Assessment:
    """Screen one bill and return its assessment (with the Danish statement).

    ``source``: a ``pathlib.Path`` is a file to read, a ``str`` is the bill's text, a ``Bill`` is
    already parsed. ``answers``: a path to an answers file or a list of ``AnswerRecord``; a user's
    answers override the tool's proposals. ``fixed_date`` (``YYYY-MM-DD``) makes output
    reproducible. ``all_clauses`` keeps every clause in ``Assessment.clauses`` (by default only
    clauses that are flagged, have rule hits or are named by an answer). ``ruleset``/``model``
    default to the shipped ones, loaded once per process.
    """
    from .assess import assess, merge_answers, question_kind
    from .questionnaire import propose
    from .rules import find_hits

    date = record_date(fixed_date)
    ruleset = ruleset if ruleset is not None else default_ruleset()
    model = model if model is not None else default_model()
    bill = load_bill(source)
    given, answers_sha = _given_answers(answers, ruleset)

    from .classifier import ClauseModel
    from .nlp import tokenize

    hits = find_hits(bill, ruleset)
    if isinstance(model, ClauseModel):
        # The rules tokenized bill.text already; the cached Doc serves the classifier as well.
        scores = model.score_clauses(bill.clauses, hits, doc=tokenize(bill.text))
    else:  # a model of the integrator's own, with the plain scoring interface
        scores = model.score_clauses(bill.clauses, hits)
    merged = merge_answers(propose(bill, hits, ruleset), given)
    return assess(
        bill,
        scores,
        hits,
        merged,
        rules_version=str(ruleset.version),
        model_version=str(model.version),
        date=date,
        question_dimensions={q.id: list(q.dimensions) for q in ruleset.questions},
        question_texts={q.id: q.question for q in ruleset.questions},
        question_kinds={q.id: question_kind(q.step, q.option_ids) for q in ruleset.questions},
        option_labels={(q.id, o): q.label_of(o) for q in ruleset.questions for o in q.option_ids},
        answers_sha256=answers_sha,
        all_clauses=all_clauses,
    )
