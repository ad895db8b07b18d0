"""The ``Screener``: the whole flow, wired once — document -> ``Bill`` -> findings -> ``Assessment``
-> ``Statement``.

A Screener is built once (Danish pipeline, rules, model, policy) and passed to whatever needs it;
nothing finds another stage through a global. The public ``screen()``/``parse()`` use the
process's default Screener, built on first use under a lock and shared read-only between threads.

Long bills are read in segments (``classifier.reader``): each segment is tokenized once, its tokens
handed explicitly to the rules and to the classifier, and then dropped, so memory stays flat however
long the bill is.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
import threading
from pathlib import Path
from typing import Any, Sequence

from .errors import InputError
from .models import AnswerRecord, Assessment, Bill, Finding, ScreeningRecord
from .reading import load_bill

__all__ = ["RuleScreen", "Screener", "load_bill", "parse", "record_date", "screen"]

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


class RuleScreen:
    """The rules alone on a bill: pipeline, rule set and matcher, no model.

    What the questionnaire, ``rules list`` and the guide need; a missing or retrained model cannot
    stop them. The Screener composes one and feeds it the segments it reads for the classifier.
    """

    def __init__(self, pipeline: Any, rules: Any) -> None:
        from .classifier.reader import BillReader
        from .rulebook import RuleMatcher

        self.pipeline = pipeline
        self.rules = rules
        self.reader = BillReader(pipeline)
        self.matcher = RuleMatcher(rules, pipeline)

    @classmethod
    def load(cls, rules_dir: Path | None = None, lemma_table: Path | None = None) -> RuleScreen:
        from .nlp import build_pipeline
        from .rulebook import load_rules

        pipeline = build_pipeline(lemma_table)
        return cls(pipeline, load_rules(rules_dir, vocab=pipeline.vocab, lemma_of=pipeline.lemma_of, make_doc=pipeline.make_doc))

    def parse(self, source: Path | str | Bill) -> Bill:
        return load_bill(source)

    def on_segment(self, bill: Bill, into: list[Finding]) -> Any:
        """The callback ``BillReader.read`` calls with each segment's tokens: rule findings go ``into``."""

        def rules(tokens: Any, doc: Any, seg: Any) -> None:
            into.extend(self.matcher.find(bill, tokens, doc, seg.start, list(seg.units)))

        return rules

    def findings(self, bill: Bill) -> list[Finding]:
        """The rule findings in the bill's title, clauses and remarks."""
        from .rulebook import units_of

        found: list[Finding] = []
        self.reader.read(bill, units_of(bill), self.on_segment(bill, found))
        return found


class Screener:
    """Everything a screening needs, built once: pipeline, rules, model, policy, law collection."""

    def __init__(self, pipeline: Any, rules: Any, scorer: Any, policy: Any = None, *, lovsamling: Any = None) -> None:
        from .assess import AssessPolicy, Context, QuestionInfo, group_patterns

        self.rule_screen = RuleScreen(pipeline, rules)
        self.pipeline = pipeline
        self.reader = self.rule_screen.reader
        self.matcher = self.rule_screen.matcher
        self.rules = rules
        self.scorer = scorer
        self.policy = policy or AssessPolicy()
        self.lovsamling = lovsamling
        self.context = Context(
            questions={q.id: QuestionInfo(tuple(q.dimensions), q.decides) for q in rules.questions},
            steps={q.id: q.step for q in rules.questions},
            groups=group_patterns(rules.third_parties),
            policy=self.policy,
            model_threshold=scorer.threshold,
        )

    # -- construction
    @classmethod
    def load(cls, rules_dir: Path | None = None, model_dir: Path | None = None, *, policy: Any = None, lovsamling: Path | None = None) -> Screener:
        """A Screener from a rules folder and a model folder (defaults: the shipped ones)."""
        from .classifier import ClauseScorer
        from .nlp import build_pipeline
        from .resources import model_dir as shipped_model
        from .rulebook import load_rules

        folder = Path(model_dir) if model_dir is not None else shipped_model()
        pipeline = build_pipeline(folder / "lemmas.npz" if (folder / "lemmas.npz").is_file() else None)
        rules = load_rules(rules_dir, vocab=pipeline.vocab, lemma_of=pipeline.lemma_of, make_doc=pipeline.make_doc)
        scorer = ClauseScorer.load(folder)
        collection = None
        if lovsamling is not None:
            from .lovsamling import Lovsamling

            collection = Lovsamling(Path(lovsamling))
        return cls(pipeline, rules, scorer, policy, lovsamling=collection)

    @classmethod
    def default(cls) -> Screener:
        """The process's Screener with the shipped rules and model, built once (thread-safe)."""
        with _LOCK:
            global _DEFAULT
            if _DEFAULT is None:
                _DEFAULT = cls.load()
            return _DEFAULT

    def with_lovsamling(self, folder: Path | None) -> Screener:
        """This Screener reading amended provisions in a law collection (same pipeline and model)."""
        if folder is None:
            return self
        from .lovsamling import Lovsamling

        return Screener(self.pipeline, self.rules, self.scorer, self.policy, lovsamling=Lovsamling(Path(folder)))

    @property
    def versions(self) -> dict[str, str]:
        from .version import __version__

        return {"tool": __version__, "rules": str(self.rules.version), "model": str(self.scorer.version)}

    # -- the stages
    def parse(self, source: Path | str | Bill) -> Bill:
        return load_bill(source)

    def text_passage(self, text: str) -> Any:
        """A short text (title, heading, a provision of the law collection) as a passage."""
        return self.reader.text_passage(text)

    def findings(self, bill: Bill) -> list[Finding]:
        """Rule and model findings for every clause, read segment by segment (memory stays flat)."""
        from .rulebook import units_of

        findings: list[Finding] = []
        passages = self.reader.read(bill, units_of(bill), self.rule_screen.on_segment(bill, findings))
        items = self.reader.items(bill, passages)
        findings.extend(self.scorer.score(bill, bill.clauses, items, self.pipeline.string))
        return findings

    def amended_provisions(self, bill: Bill) -> tuple[list[Finding], dict[str, str], list[str]]:
        """Change points that amend or repeal by reference: with a law collection, the wording in
        force is scored and the change judged (repealing a relational right is a relational change
        the other way); without one, the change points that could not be assessed."""
        from .lovsamling import change_findings, opaque_change_points

        opaque = opaque_change_points(bill)
        if self.lovsamling is None:
            return [], {}, [c.ref for c in opaque]
        return change_findings(self, bill, opaque)

    def assess(
        self,
        bill: Bill,
        answers: Sequence[AnswerRecord] = (),
        *,
        date: str,
        answers_sha256: str | None = None,
        answers_from_revision: bool = False,
        verdicts: Sequence[Finding] = (),
        all_clauses: bool = False,
    ) -> Assessment:
        """Judge a bill: findings, the tool's proposals merged with a lawyer's answers, a lawyer's
        verdicts; no prose (see :meth:`screen` for the statement)."""
        from .assess import assess, merge_answers

        findings = self.findings(bill)
        change, amended, unassessed = self.amended_provisions(bill)
        findings.extend(change)
        findings.extend(verdicts)
        merged = [self._worded(a) for a in merge_answers(self.proposals(bill, findings), answers)]
        v = self.versions
        record = ScreeningRecord(
            date=date,
            tool_version=v["tool"],
            rules_version=v["rules"],
            model_version=v["model"],
            source_name=bill.source.name,
            source_sha256=bill.source.sha256,
            answers_sha256=answers_sha256,
            answers_from_revision=answers_from_revision,
            lovsamling=self.lovsamling.name if self.lovsamling is not None else None,
        )
        return assess(bill, findings, merged, self.context, record, all_clauses=all_clauses, amended=amended, unassessed=unassessed)

    def proposals(self, bill: Bill, findings: Sequence[Finding]) -> list[AnswerRecord]:
        """The tool's proposed answers, from the rule hits the assessment bears out: a hit in a
        provision not assessed as relational proposes nothing and leaves a note instead."""
        from .assess import split_rule_hits
        from .questionnaire import propose

        confirmed, unconfirmed = split_rule_hits(bill, findings, self.context)
        return propose(bill, confirmed, self.rules, unconfirmed)

    def _worded(self, answer: AnswerRecord) -> AnswerRecord:
        """The answer with its question and options as worded in this Screener's rules."""
        if not self.rules.has_question(answer.question_id):
            return answer
        q = self.rules.question(answer.question_id)
        ids = [part.strip() for part in answer.answer.split(",") if part.strip()]
        return answer.model_copy(update={"question": q.question, "labels": [q.label_of(i) for i in ids]})

    def screen(
        self,
        source: Path | str | Bill,
        answers: Path | str | Sequence[AnswerRecord] | None = None,
        *,
        fixed_date: str | _dt.date | None = None,
        all_clauses: bool = False,
        answers_from_revision: bool = False,
        reviews: Path | None = None,
    ) -> Assessment:
        """Screen one bill: its assessment with the Danish statement.

        ``source``: a ``pathlib.Path`` is a file to read, a ``str`` the bill's text, a ``Bill`` is
        already parsed. ``answers``: a path to an answers file (bound to this bill: a file for
        another bill is refused unless ``answers_from_revision``) or a list of ``AnswerRecord``; a
        lawyer's answers override the tool's proposals. ``reviews``: a verdict store whose verdicts
        on this bill's clauses are applied. ``fixed_date`` makes output reproducible.
        """
        from .statement import compose

        date = record_date(fixed_date)
        bill = load_bill(source)
        given, answers_sha, from_revision = self._answers(answers, bill, answers_from_revision)
        verdicts = self._verdicts(reviews, bill)
        assessment = self.assess(
            bill, given, date=date, answers_sha256=answers_sha, answers_from_revision=from_revision,
            verdicts=verdicts, all_clauses=all_clauses,
        )
        return assessment.model_copy(update={"statement": compose(assessment, bill, self.rules)})

    def _answers(self, answers: Any, bill: Bill, from_revision: bool) -> tuple[list[AnswerRecord], str | None, bool]:
        if answers is None:
            return [], None, False
        if isinstance(answers, (str, os.PathLike)):
            from .questionnaire import load_answers_file

            path = Path(answers)
            loaded = load_answers_file(path, self.rules, bill, accept_revision=from_revision)
            return loaded.records, loaded.sha256, loaded.from_revision
        records = list(answers)
        for item in records:
            if not isinstance(item, AnswerRecord):
                raise InputError("Svarene skal være en sti til en svarfil eller en liste af AnswerRecord.")
        return records, None, False

    def _verdicts(self, reviews: Path | None, bill: Bill) -> list[Finding]:
        if reviews is None:
            return []
        from .review import ReviewStore

        return ReviewStore(Path(reviews)).findings_for(bill)


_LOCK = threading.Lock()
_DEFAULT: Screener | None = None


def parse(source: Path | str | Bill) -> Bill:
    """Read and parse a bill: a file path (``Path``), the bill's text (``str``) or a ``Bill``."""
    return load_bill(source)


def screen(
    source: Path | str | Bill,
    answers: Path | str | Sequence[AnswerRecord] | None = None,
    *,
    fixed_date: str | _dt.date | None = None,
    all_clauses: bool = False,
    screener: Screener | None = None,
    answers_from_revision: bool = False,
    reviews: Path | None = None,
) -> Assessment:
    """Screen one bill with the default Screener (or ``screener``); see :meth:`Screener.screen`."""
    s = screener or Screener.default()
    return s.screen(source, answers, fixed_date=fixed_date, all_clauses=all_clauses,
                    answers_from_revision=answers_from_revision, reviews=reviews)


def sha256_file(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
