"""The screening work behind the page and the API: uploaded bytes in, assessment out.

Runs in worker threads (the Screener is thread-safe for screening). Uploaded bytes go through the
same readers, size limits, zip-bomb and entity checks as the command line (``ingest.read_bytes``);
they never become a path on disk named by the client. An uploaded answers file is parsed from a
temporary file with a random name, and messages name the file as the user knows it.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from ..errors import BundlinjeError, InputError, RulesError
from ..models import AnswerRecord, Assessment, Bill, Finding

#: Longest file name shown or used (a name is only a label here).
MAX_NAME = 200


class UnsupportedFormat(InputError):
    """The file's type is not one the readers accept (HTTP 415)."""


class FormProblem(BundlinjeError):
    """A form field is missing or invalid (HTTP 422)."""


def display_name(raw: str | None) -> str:
    """The uploaded file's base name: no folders (either slash), no control characters, bounded.

    Used as a label and as ``SourceInfo.name`` (as the command line uses the file's name); it is
    never a path on disk.
    """
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    if len(name) > MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: MAX_NAME - len(ext) - 1] + dot + ext) if dot and len(ext) < 10 else name[:MAX_NAME]
    return name or "dokument"


def download_stem(name: str) -> str:
    """A file-name stem safe in any header and file system: ASCII letters, digits, ``-`` and ``_``."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = unicodedata.normalize("NFKD", stem.replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
                                 .replace("Æ", "Ae").replace("Ø", "Oe").replace("Å", "Aa"))
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem.encode("ascii", "ignore").decode()).strip("-")
    return stem[:80] or "lovforslag"


def check_format(name: str) -> str:
    """The reader format for a file name, or :class:`UnsupportedFormat`."""
    from ..ingest.detect import format_for_name

    try:
        return format_for_name(name)
    except InputError as err:
        raise UnsupportedFormat(err.message) from None


def read_bill(data: bytes, name: str) -> Bill:
    """The parsed bill from uploaded bytes (the command line's readers and limits)."""
    from ..ingest import read_bytes
    from ..structure import parse_document

    fmt = check_format(name)
    return parse_document(read_bytes(data, name, fmt))


@dataclass(frozen=True)
class Screening:
    bill: Bill
    assessment: Assessment
    answers: list[AnswerRecord]
    answers_sha256: str | None


def screen_upload(
    screener: Any,
    bill: Bill,
    *,
    answers_text: str | None = None,
    answers_name: str = "svar.yaml",
    fixed_date: str | None = None,
    reviews: Path | None = None,
) -> Screening:
    """The assessment of a freshly uploaded bill, with the answers file given with it."""
    given: list[AnswerRecord] = []
    sha = None
    if answers_text is not None:
        given, sha = load_answers_text(screener, answers_text, bill, answers_name)
    assessment = assess(screener, bill, given, fixed_date=fixed_date, reviews=reviews, answers_sha256=sha)
    return Screening(bill, assessment, given, sha)


def evidence(screener: Any, bill: Bill) -> tuple[list[Finding], list[AnswerRecord]]:
    """The rule findings and the tool's proposed answers, for the questionnaire. Computed only
    when the questionnaire is opened: the result page does not need them, and on a long act
    finding them again costs as much as the screening itself."""
    findings = screener.findings(bill)
    return [f for f in findings if f.source == "regel"], screener.proposals(bill, findings)


def assess(
    screener: Any,
    bill: Bill,
    answers: Sequence[AnswerRecord],
    *,
    fixed_date: str | None = None,
    reviews: Path | None = None,
    answers_sha256: str | None = None,
) -> Assessment:
    """The assessment with its statement, given the lawyer's answers and verdicts."""
    assessment = screener.screen(bill, list(answers), fixed_date=fixed_date, reviews=reviews)
    if answers_sha256 is not None:
        record = assessment.record.model_copy(update={"answers_sha256": answers_sha256})
        assessment = assessment.model_copy(update={"record": record})
    return assessment


def screen_api(screener: Any, bill: Bill, *, answers_text: str | None, answers_name: str,
               fixed_date: str | None) -> bytes:
    """Exactly what ``bundlinje screen FILE [--answers A] [--fixed-date D] --format json`` prints."""
    from ..pipeline import record_date
    from ..statement import render

    date = record_date(fixed_date)
    if answers_text is None:
        return render(screener.screen(bill, None, fixed_date=date), "json")
    with _answers_file(answers_text) as path:
        try:
            assessment = screener.screen(bill, path, fixed_date=date)
        except RulesError as err:
            raise RulesError(str(err).replace(str(path), answers_name)) from None
    return render(assessment, "json")


def load_answers_text(screener: Any, text: str, bill: Bill, name: str) -> tuple[list[AnswerRecord], str]:
    """An answers file's records for this bill (refused for another bill, as on the command line)."""
    from ..questionnaire import load_answers_file

    with _answers_file(text) as path:
        try:
            loaded = load_answers_file(path, screener.rules, bill)
        except RulesError as err:
            raise RulesError(str(err).replace(str(path), name)) from None
    return [r for r in loaded.records if r.source == "bruger"], loaded.sha256


class _answers_file:
    """The answers text in a private temporary file with a random name, removed afterwards."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.path: Path | None = None

    def __enter__(self) -> Path:
        fd, name = tempfile.mkstemp(prefix="bundlinje-svar-", suffix=".yaml")
        self.path = Path(name)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(self.text)
        return self.path

    def __exit__(self, *exc: object) -> None:
        if self.path is not None:
            try:
                self.path.unlink()
            except FileNotFoundError:
                pass


def decode_answers(data: bytes, name: str) -> str:
    """An uploaded answers file as text (UTF-8, as the command line reads it)."""
    from ..rulebook.yamlio import MAX_FILE_BYTES

    if len(data) > MAX_FILE_BYTES:
        raise FormProblem(f"Svarfilen {name} er for stor (grænsen er {MAX_FILE_BYTES // 1024} kB).")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise FormProblem(f"Svarfilen {name} er ikke gyldig UTF-8-tekst.") from None
