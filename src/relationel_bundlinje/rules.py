"""Screening questions as data: load and validate ``rules/*.yaml``, compile their triggers to spaCy
matchers, and find trigger hits (with evidence spans) in a bill.

A rules folder holds ``manifest.yaml`` (version, option sets, groups, arenas, themes, the Family
Test) and any number of question files with ``questions:`` and ``suppress:`` lists. Files are data:
they are read with ``yaml.safe_load`` semantics and never executed. Every problem is reported with
file and line, in Danish.

Trigger syntax (compiled to spaCy ``Matcher``/``PhraseMatcher`` patterns):

* ``terms``: words, ``*`` marks a prefix/suffix/infix: ``samvær`` (any form with that lemma),
  ``besøg*`` (starts with), ``*bolig`` (compound head, with inflection), ``*besøg*`` (anywhere in
  the word), ``=besøgende`` (exactly that form). Several words make a sequence:
  ``"ret til samvær"``.
* ``phrases`` with ``phrase_attr`` (``LOWER`` or ``LEMMA``): fixed phrases for the PhraseMatcher.
* ``patterns``: full spaCy token patterns for what the compact syntax cannot say.
* ``exclude`` (per trigger) and top-level ``suppress`` entries: negative patterns, each with an
  id, that drop known false alarms (``tilsynsbesøg`` is no visit of relatives).
"""

from __future__ import annotations

import json
import re
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_origin

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .dimensions import DIMENSION_IDS, DIMENSION_LABELS, DimensionId
from .errors import RulesError
from .models import Bill, RuleHit

MANIFEST_NAMES: tuple[str, ...] = ("manifest.yaml", "index.yaml")
#: Reference given to hits in the bill's title (the title summarises what a bill is about).
TITLE_REF = "Titel"
#: The answer recorded where nothing was answered or proposed.
NOT_ANSWERED = "ikke besvaret"

Step = Literal["relevans", "vurdering"]
_ID = r"^[a-z0-9_]+$"
_QUESTION_ID = r"^[a-z0-9_]+\.[a-z0-9_]+$"
_TERM = re.compile(r"^=?\*?[\wæøåÆØÅé§\-]+\*?$")
#: Danish inflection after a compound head (``*bolig`` finds plejeboliger, ældreboligen).
_INFLECTION = r"(?:e|en|er|erne|et|ets|s|ne|nes|ens|es)?"
_SINGLE_ATTRS = {"LOWER", "LEMMA"}

# --------------------------------------------------------------------------- YAML with line numbers


class _LineLoader(yaml.SafeLoader):
    """A safe loader that records the line of every mapping under ``__line__``."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    mapping = yaml.SafeLoader.construct_mapping(loader, node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _load_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise _Problem(path, 1, f"filen er ikke gyldig UTF-8 ({err.reason})") from None
    except OSError as err:
        raise _Problem(path, 1, f"filen kan ikke læses ({err.strerror})") from None
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - _LineLoader is a SafeLoader
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        what = getattr(err, "problem", None) or str(err)
        return _raise(path, line, f"ugyldig YAML: {what}")


def _raise(path: Path, line: int, message: str):
    raise _Problem(path, line, message)


# --------------------------------------------------------------------------- problems


@dataclass(frozen=True)
class RuleProblem:
    """One problem in a rules folder, with the file and line it stands on."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class _Problem(Exception):
    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(message)
        self.problem = RuleProblem(str(path), line, message)


# --------------------------------------------------------------------------- models of the files


class _Node(BaseModel):
    """Base of every rules model: unknown keys are errors; ``__line__`` becomes ``line``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    line: int = 0

    @model_validator(mode="before")
    @classmethod
    def _take_line(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        data = dict(data)
        if "__line__" in data:
            data["line"] = data.pop("__line__")
        for key, value in data.items():
            # Plain dict fields (groups, option sets) keep no line of their own.
            info = cls.model_fields.get(key) if isinstance(key, str) else None
            if info is not None and get_origin(info.annotation) is dict and isinstance(value, dict):
                data[key] = {k: v for k, v in value.items() if k != "__line__"}
        return data


def _without_lines(value: Any) -> Any:
    """Raw YAML without the loader's ``__line__`` keys (spaCy patterns must be exactly as written)."""
    if isinstance(value, dict):
        return {k: _without_lines(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [_without_lines(v) for v in value]
    return value


class Option(_Node):
    id: str = Field(pattern=_ID)
    label: str = Field(min_length=1)


class _Matchable(_Node):
    id: str = Field(pattern=_ID)
    terms: list[str] = Field(default_factory=list)
    phrases: list[str] = Field(default_factory=list)
    phrase_attr: Literal["LOWER", "LEMMA"] = "LOWER"
    patterns: list[list[dict[str, Any]]] = Field(default_factory=list)

    @field_validator("patterns", mode="before")
    @classmethod
    def _strip_lines(cls, value: Any) -> Any:
        return _without_lines(value)

    @field_validator("terms", "phrases")
    @classmethod
    def _not_blank(cls, values: list[str]) -> list[str]:
        for value in values:
            if not isinstance(value, str) or not value.strip():
                raise ValueError("tomme udtryk er ikke tilladt")
        return values

    @model_validator(mode="after")
    def _something(self):
        if not (self.terms or self.phrases or self.patterns):
            raise ValueError(f"'{self.id}' har hverken terms, phrases eller patterns")
        return self


class Exclude(_Matchable):
    """A negative pattern of one trigger: a hit overlapping it is dropped."""


class Trigger(_Matchable):
    exclude: list[Exclude] = Field(default_factory=list)
    suggests: str | None = Field(
        default=None, description="Option this trigger is evidence for (assessment questions)."
    )


class Suppressor(_Matchable):
    """A rules-wide negative pattern: drops hits it overlaps (``match``) or all hits in the clause."""

    scope: Literal["match", "clause"] = "match"
    applies_to: list[str] = Field(
        default_factory=list, description="Dimension, question or trigger ids; empty means all."
    )
    note: str | None = None


class Question(_Node):
    id: str = Field(pattern=_QUESTION_ID)
    step: Step
    dimensions: list[DimensionId] = Field(min_length=1)
    arena: str | None = None
    theme: str | None = None
    question: str = Field(min_length=1)
    guidance: str = Field(min_length=1)
    examples: list[str] = Field(default_factory=list)
    options: list[Option] | str
    multiple: bool = False
    family_test: list[int] = Field(default_factory=list)
    groups: list[str] = Field(default_factory=list)
    triggers: list[Trigger] = Field(default_factory=list)

    @field_validator("question", "guidance")
    @classmethod
    def _text(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("teksten er tom")
        return " ".join(value.split())

    @property
    def option_ids(self) -> list[str]:
        return [o.id for o in self.options] if isinstance(self.options, list) else []

    def label_of(self, option_id: str) -> str:
        for opt in self.options if isinstance(self.options, list) else []:
            if opt.id == option_id:
                return opt.label
        return option_id


class RulesFile(_Node):
    questions: list[Question] = Field(default_factory=list)
    suppress: list[Suppressor] = Field(default_factory=list)


class Manifest(_Node):
    version: str = Field(pattern=r"^\d{4}\.\d+\.\d+$")
    title: str = Field(min_length=1)
    description: str = ""
    source: str = ""
    option_sets: dict[str, list[Option]] = Field(default_factory=dict)
    groups: dict[str, str] = Field(default_factory=dict)
    arenas: dict[str, str] = Field(default_factory=dict)
    themes: dict[str, str] = Field(default_factory=dict)
    family_test: dict[int, str] = Field(default_factory=dict)


# --------------------------------------------------------------------------- pydantic errors in Danish


def _line_at(raw: Any, loc: tuple) -> int:
    """The line of the innermost mapping on the path ``loc`` through the raw YAML data."""
    line = raw.get("__line__", 1) if isinstance(raw, dict) else 1
    node = raw
    for key in loc:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict):
            line = node.get("__line__", line)
    return line


_LIST_NAMES = {
    "questions": "spørgsmål", "triggers": "trigger", "exclude": "undtagelse", "suppress": "undertrykkelse",
    "options": "svarmulighed", "patterns": "mønster", "terms": "udtryk", "phrases": "frase",
}


def _where(raw: Any, loc: tuple) -> str:
    """A readable path: "spørgsmål 'kontakt.besoeg' › trigger 'besoeg' › felt 'terms'"."""
    parts: list[str] = []
    node = raw
    for key in loc:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            node = None
        if isinstance(key, int):
            ident = node.get("id") if isinstance(node, dict) else None
            name = parts.pop() if parts else ""
            name = _LIST_NAMES.get(name.removeprefix("felt '").rstrip("'"), name)
            parts.append(f"{name} '{ident}'" if ident else f"{name} nr. {key + 1}")
            continue
        parts.append(f"felt '{key}'")
    return " › ".join(parts) if parts else "filen"


def _danish(err: dict, raw: Any) -> str:
    kind = err["type"]
    loc = tuple(err["loc"])
    where = _where(raw, loc)
    value = err.get("input")
    ctx = err.get("ctx") or {}
    if "dimensions" in loc and kind == "literal_error":
        return f"ukendt dimension '{value}' (kendte: {', '.join(DIMENSION_IDS)})"
    if kind == "missing":
        return f"{where}: feltet mangler"
    if kind == "extra_forbidden":
        return f"ukendt felt '{loc[-1]}'"
    if kind == "literal_error":
        return f"{where}: ugyldig værdi '{value}' (tilladt: {ctx.get('expected', '')})"
    if kind == "string_pattern_mismatch":
        return f"{where}: '{value}' har ikke den krævede form ({ctx.get('pattern', '')})"
    if kind in {"string_too_short", "too_short"}:
        return f"{where}: må ikke være tom"
    if kind == "value_error":
        return f"{where}: {ctx.get('error', err.get('msg'))}"
    if kind.endswith("_type") or kind in {"list_type", "dict_type", "model_type"}:
        return f"{where}: har forkert type ({err.get('msg', kind)})"
    return f"{where}: {err.get('msg', kind)}"


def _validate(model: type[BaseModel], raw: Any, path: Path, problems: list[RuleProblem]):
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            problems.append(RuleProblem(str(path), _line_at(raw, tuple(err["loc"])), _danish(err, raw)))
        return None


# --------------------------------------------------------------------------- compiling triggers


def _term_regex(word: str) -> tuple[str, str] | None:
    """(LOWER regex, LEMMA regex) for one word of the compact syntax; None for a plain word."""
    from .nlp import lemma_of

    exact = word.startswith("=")
    core = word.lstrip("=")
    head, tail = core.startswith("*"), core.endswith("*")
    stem = re.escape(core.strip("*").lower())
    if exact:
        return f"^{stem}$", "(?!)"  # this form only: never on the lemma
    if head and tail:
        return stem, stem
    if tail:
        return f"^{stem}", f"^{stem}"
    if head:
        return f"{stem}{_INFLECTION}$", f"{stem}{_INFLECTION}$"
    return f"^{stem}$", f"^{re.escape(lemma_of(core))}$"


def _token_spec(word: str) -> dict[str, Any]:
    """One token dict of a multi-word term."""
    from .nlp import lemma_of

    if "*" not in word and not word.startswith("="):
        return {"LEMMA": lemma_of(word)}
    lower, _ = _term_regex(word)
    return {"LOWER": {"REGEX": lower}}


def _compile_terms(terms: list[str]) -> tuple[list[list[dict]], list[list[dict]], list[str]]:
    """(single-token patterns, multi-token patterns, problems) for a list of compact terms."""
    lowers: list[str] = []
    lemmas: list[str] = []
    multi: list[list[dict]] = []
    problems: list[str] = []
    for term in terms:
        words = term.split()
        bad = [w for w in words if w != "*" and (not _TERM.match(w) or w.strip("=*") == "")]
        if bad or not words or words[0] == "*" or words[-1] == "*":
            problems.append(
                f"ugyldigt udtryk '{term}' ('*' må kun stå først eller sidst i et ord eller alene "
                "mellem to ord)"
            )
            continue
        if len(words) == 1:
            lower, lemma = _term_regex(words[0])
            lowers.append(lower)
            lemmas.append(lemma)
        else:
            pattern: list[dict] = []
            for w in words:
                # A lone '*' between words stands for up to two arbitrary words.
                pattern.extend([{"OP": "?"}, {"OP": "?"}] if w == "*" else [_token_spec(w)])
            multi.append(pattern)
    single: list[list[dict]] = []
    if lowers:
        single.append([{"LOWER": {"REGEX": "|".join(f"(?:{r})" for r in lowers)}}])
        lemma_alts = [r for r in lemmas if r != "(?!)"]
        if lemma_alts:
            single.append([{"LEMMA": {"REGEX": "|".join(f"(?:{r})" for r in lemma_alts)}}])
    return single, multi, problems


def _is_type_level(pattern: list[dict]) -> bool:
    """Can this pattern be decided from a token's lower-case form alone (one token, LOWER/LEMMA)?"""
    if len(pattern) != 1:
        return False
    spec = pattern[0]
    if not spec or set(spec) - _SINGLE_ATTRS:
        return False
    for value in spec.values():
        if isinstance(value, str):
            continue
        if isinstance(value, dict) and set(value) <= {"REGEX", "IN"}:
            continue
        return False
    return True


@dataclass
class _Compiled:
    """Compiled matchers of a rule set; keys name what matched: T|q|t, X|q|t|x, S|s.

    Single-token specs are decided once per word form by ``type_matcher`` (a spaCy Matcher run
    over the distinct forms of a document), which keeps regex predicates off the running text.
    Multi-token patterns made of such specs run as sequences over the per-token results;
    ``reference_matcher`` holds the same patterns as a plain spaCy Matcher (validation, and for
    integrators who want to run them in a pipeline of their own). Patterns with other token
    attributes run through ``free_matcher`` over whole clauses.
    """

    type_matcher: Any
    reference_matcher: Any
    free_matcher: Any
    phrase_matchers: dict[str, Any]
    sequences: dict[str, list[tuple[str, tuple[str | None, ...]]]]  # first spec key -> (key, seq)
    prefilter_exact: dict[str, set[str]]
    prefilter_regex: dict[str, re.Pattern | None]
    has_free_patterns: bool
    type_cache: dict[str, frozenset[str]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


_ANY_OPTIONAL = {"OP": "?"}


class _Compiler:
    def __init__(self) -> None:
        from spacy.matcher import Matcher, PhraseMatcher

        from .nlp import get_nlp

        self.nlp = get_nlp()
        self.type_matcher = Matcher(self.nlp.vocab, validate=True)
        self.reference_matcher = Matcher(self.nlp.vocab, validate=True)
        self.free_matcher = Matcher(self.nlp.vocab, validate=True)
        self.phrase = {a: PhraseMatcher(self.nlp.vocab, attr=a) for a in ("LOWER", "LEMMA")}
        self.exact: dict[str, set[str]] = {"LOWER": set(), "LEMMA": set()}
        self.regex: dict[str, list[str]] = {"LOWER": [], "LEMMA": []}
        self.specs: dict[str, str] = {}
        self.sequences: dict[str, list[tuple[str, tuple[str | None, ...]]]] = defaultdict(list)
        self.has_free = False

    def _spec_key(self, spec: dict) -> str:
        ident = json.dumps(spec, sort_keys=True, ensure_ascii=False)
        if ident not in self.specs:
            key = f"P|{len(self.specs)}"
            self.type_matcher.add(key, [[spec]])
            self._prefilter(spec)
            self.specs[ident] = key
        return self.specs[ident]

    def add(self, key: str, item: _Matchable) -> list[str]:
        """Compile one trigger/exclude/suppressor under ``key``; returns problems (Danish)."""
        from .nlp import tokenize

        single, multi, problems = _compile_terms(item.terms)
        for pattern in item.patterns:
            (single if _is_type_level(pattern) else multi).append(pattern)
        for pattern in single:
            try:
                self.type_matcher.add(key, [pattern])
            except Exception as err:  # noqa: BLE001 - spaCy raises several types for bad patterns
                problems.append(f"ugyldigt spaCy-mønster {pattern}: {_first_line(err)}")
                continue
            self._prefilter(pattern[0])
        for pattern in multi:
            try:
                self.reference_matcher.add(key, [pattern])
            except Exception as err:  # noqa: BLE001
                problems.append(f"ugyldigt spaCy-mønster {pattern}: {_first_line(err)}")
                continue
            sequence = all(t == _ANY_OPTIONAL or _is_type_level([t]) for t in pattern)
            if sequence and pattern[0] != _ANY_OPTIONAL:
                seq = tuple(None if t == _ANY_OPTIONAL else self._spec_key(t) for t in pattern)
                self.sequences[seq[0]].append((key, seq))
            else:
                self.free_matcher.add(key, [pattern])
                self.has_free = True
        if item.phrases:
            self.phrase[item.phrase_attr].add(key, [tokenize(p.strip()) for p in item.phrases])
        return problems

    def _prefilter(self, spec: dict) -> None:
        for attr, value in spec.items():
            if isinstance(value, str):
                self.exact[attr].add(value.lower())
            elif "IN" in value:
                self.exact[attr].update(str(v).lower() for v in value["IN"])
            else:
                self.regex[attr].append(value["REGEX"])

    def result(self) -> _Compiled:
        regex = {a: re.compile("|".join(f"(?:{r})" for r in rs)) if rs else None for a, rs in self.regex.items()}
        return _Compiled(
            self.type_matcher, self.reference_matcher, self.free_matcher, self.phrase,
            dict(self.sequences), self.exact, regex, self.has_free,
        )


def _sequence_ends(seq: tuple[str | None, ...], keysets: list[frozenset[str]], pos: int, stop: int) -> list[int]:
    """End positions where ``seq`` matches from token ``pos`` (None = an optional arbitrary token)."""
    if not seq:
        return [pos]
    head, rest = seq[0], seq[1:]
    if head is None:
        ends = _sequence_ends(rest, keysets, pos, stop)
        if pos < stop:
            ends += _sequence_ends(rest, keysets, pos + 1, stop)
        return ends
    if pos < stop and head in keysets[pos]:
        return _sequence_ends(rest, keysets, pos + 1, stop)
    return []


def _first_line(err: Exception) -> str:
    text = str(err).strip()
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    detail = [ln for ln in lines if ln.startswith("- [")]
    return (detail[0] if detail else lines[0] if lines else type(err).__name__)[:300]


# --------------------------------------------------------------------------- the rule set


@dataclass(frozen=True)
class RuleSet:
    """A validated, compiled rules folder. Immutable after loading; safe to share between threads."""

    path: Path
    manifest: Manifest
    questions: tuple[Question, ...]
    suppressors: tuple[Suppressor, ...]
    _compiled: _Compiled = field(repr=False, compare=False)
    _files: dict[str, str] = field(repr=False, compare=False, default_factory=dict)

    @property
    def version(self) -> str:
        return self.manifest.version

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)

    def has_question(self, question_id: str) -> bool:
        return any(q.id == question_id for q in self.questions)

    def file_of(self, question_id: str) -> str:
        return self._files.get(question_id, "")

    def summary(self) -> dict[str, Any]:
        """Counts per step and per dimension, for ``bundlinje rules check``."""
        per_step: dict[str, int] = defaultdict(int)
        per_dim: dict[str, dict[str, int]] = {d: {"relevans": 0, "vurdering": 0} for d in DIMENSION_IDS}
        for q in self.questions:
            per_step[q.step] += 1
            for d in q.dimensions:
                per_dim[d][q.step] += 1
        triggers = sum(len(q.triggers) for q in self.questions)
        return {
            "version": self.version,
            "questions": len(self.questions),
            "triggers": triggers,
            "suppressors": len(self.suppressors),
            "per_step": dict(per_step),
            "per_dimension": per_dim,
        }


def _question_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.y*ml") if p.name not in MANIFEST_NAMES and p.suffix in {".yaml", ".yml"})


def check_rules(path: Path) -> tuple[RuleSet | None, list[RuleProblem]]:
    """Validate and compile a rules folder: the rule set where valid, and every problem found."""
    folder = Path(path)
    problems: list[RuleProblem] = []
    if not folder.is_dir():
        return None, [RuleProblem(str(folder), 0, "mappen findes ikke")]
    manifest_path = next((folder / n for n in MANIFEST_NAMES if (folder / n).is_file()), None)
    if manifest_path is None:
        return None, [RuleProblem(str(folder), 0, "mappen har ingen manifest.yaml (eller index.yaml)")]
    manifest = None
    try:
        raw_manifest = _load_yaml(manifest_path)
        if not isinstance(raw_manifest, dict):
            problems.append(RuleProblem(str(manifest_path), 1, "manifestet skal være en YAML-mapping"))
        else:
            manifest = _validate(Manifest, raw_manifest, manifest_path, problems)
    except _Problem as p:
        problems.append(p.problem)

    files = _question_files(folder)
    if not files:
        problems.append(RuleProblem(str(folder), 0, "mappen har ingen spørgsmålsfiler (*.yaml)"))
    parsed: list[tuple[Path, RulesFile, dict]] = []
    for path_ in files:
        try:
            raw = _load_yaml(path_)
        except _Problem as p:
            problems.append(p.problem)
            continue
        if raw is None:
            problems.append(RuleProblem(str(path_), 1, "filen er tom"))
            continue
        if not isinstance(raw, dict):
            problems.append(RuleProblem(str(path_), 1, "filen skal være en YAML-mapping med 'questions' og/eller 'suppress'"))
            continue
        # Top-level keys starting with '.' only hold YAML anchors for reuse; they are not rules.
        raw = {k: v for k, v in raw.items() if not (isinstance(k, str) and k.startswith("."))}
        model = _validate(RulesFile, raw, path_, problems)
        if model is not None:
            parsed.append((path_, model, raw))
    if manifest is None:
        return None, problems

    compiler = _Compiler()
    questions: list[Question] = []
    suppressors: list[Suppressor] = []
    seen_q: dict[str, str] = {}
    seen_s: dict[str, str] = {}
    trigger_ids: set[str] = set()
    origin: dict[str, str] = {}
    for path_, model, _raw in parsed:
        for q in model.questions:
            where = f"{path_}:{q.line}"
            if q.id in seen_q:
                problems.append(RuleProblem(str(path_), q.line, f"spørgsmålet '{q.id}' findes allerede ({seen_q[q.id]})"))
                continue
            seen_q[q.id] = where
            q = _resolve_options(q, manifest, path_, problems)
            _check_question(q, manifest, path_, problems)
            t_seen: set[str] = set()
            for t in q.triggers:
                if t.id in t_seen:
                    problems.append(RuleProblem(str(path_), t.line, f"triggeren '{t.id}' findes to gange i '{q.id}'"))
                    continue
                t_seen.add(t.id)
                trigger_ids.add(t.id)
                for msg in compiler.add(f"T|{q.id}|{t.id}", t):
                    problems.append(RuleProblem(str(path_), t.line, f"trigger '{t.id}': {msg}"))
                x_seen: set[str] = set()
                for x in t.exclude:
                    if x.id in x_seen:
                        problems.append(RuleProblem(str(path_), x.line, f"undtagelsen '{x.id}' findes to gange i '{t.id}'"))
                        continue
                    x_seen.add(x.id)
                    for msg in compiler.add(f"X|{q.id}|{t.id}|{x.id}", x):
                        problems.append(RuleProblem(str(path_), x.line, f"undtagelse '{x.id}': {msg}"))
            questions.append(q)
            origin[q.id] = path_.name
        for s in model.suppress:
            if s.id in seen_s:
                problems.append(RuleProblem(str(path_), s.line, f"undertrykkelsen '{s.id}' findes allerede ({seen_s[s.id]})"))
                continue
            seen_s[s.id] = f"{path_}:{s.line}"
            for msg in compiler.add(f"S|{s.id}", s):
                problems.append(RuleProblem(str(path_), s.line, f"undertrykkelse '{s.id}': {msg}"))
            suppressors.append(s)
    known = set(DIMENSION_IDS) | set(seen_q) | trigger_ids
    for path_, model, _raw in parsed:
        for s in model.suppress:
            for target in s.applies_to:
                if target not in known:
                    problems.append(RuleProblem(str(path_), s.line, f"undertrykkelsen '{s.id}' henviser til ukendt id '{target}'"))
    if questions and not problems:
        missing = [d for d in DIMENSION_IDS if not any(d in q.dimensions for q in questions)]
        for d in missing:
            problems.append(RuleProblem(str(folder), 0, f"ingen spørgsmål dækker dimensionen '{d}' ({DIMENSION_LABELS[d]})"))
    if problems:
        return None, problems
    ruleset = RuleSet(folder.resolve(), manifest, tuple(questions), tuple(suppressors), compiler.result(), origin)
    return ruleset, []


def _resolve_options(q: Question, manifest: Manifest, path: Path, problems: list[RuleProblem]) -> Question:
    if isinstance(q.options, str):
        if q.options not in manifest.option_sets:
            problems.append(RuleProblem(str(path), q.line, f"'{q.id}': ukendt svarsæt '{q.options}' (kendte: {', '.join(manifest.option_sets)})"))
            return q.model_copy(update={"options": []})
        return q.model_copy(update={"options": list(manifest.option_sets[q.options])})
    return q


def _check_question(q: Question, manifest: Manifest, path: Path, problems: list[RuleProblem]) -> None:
    def add(msg: str, line: int = q.line) -> None:
        problems.append(RuleProblem(str(path), line, f"'{q.id}': {msg}"))

    ids = q.option_ids
    if len(ids) < 2:
        add("et spørgsmål skal have mindst to svarmuligheder")
    if len(set(ids)) != len(ids):
        add("svarmulighederne har samme id flere gange")
    if NOT_ANSWERED.replace(" ", "_") in ids:
        add(f"'{NOT_ANSWERED}' er forbeholdt ubesvarede spørgsmål")
    if not q.arena and not q.theme:
        add("spørgsmålet skal have en livsarena (arena) eller et tema (theme)")
    if q.arena and q.arena not in manifest.arenas:
        add(f"ukendt livsarena '{q.arena}' (kendte: {', '.join(manifest.arenas)})")
    if q.theme and q.theme not in manifest.themes:
        add(f"ukendt tema '{q.theme}' (kendte: {', '.join(manifest.themes)})")
    for g in q.groups:
        if g not in manifest.groups:
            add(f"ukendt gruppe '{g}' (kendte: {', '.join(manifest.groups)})")
    for n in q.family_test:
        if n not in manifest.family_test:
            add(f"ukendt spørgsmål {n} i Family Test (kendte: {', '.join(map(str, manifest.family_test))})")
    if q.step == "relevans" and not q.triggers:
        add("et relevansspørgsmål skal have mindst én trigger")
    if q.step == "relevans" and not q.examples:
        add("et relevansspørgsmål skal have mindst ét eksempel fra lovgivningen (examples)")
    for t in q.triggers:
        if t.suggests is not None and t.suggests not in ids:
            add(f"trigger '{t.id}' foreslår '{t.suggests}', som ikke er en svarmulighed", t.line)


_CACHE: dict[Path, RuleSet] = {}
_CACHE_LOCK = threading.Lock()


def load_rules(path: Path | None = None) -> RuleSet:
    """The rule set of a folder (default: the shipped ``rules/``), loaded once per process.

    Raises :class:`RulesError` listing every problem with file and line.
    """
    from .resources import rules_dir

    folder = Path(path) if path is not None else rules_dir()
    key = folder.resolve()
    with _CACHE_LOCK:
        cached = _CACHE.get(key)
        if cached is not None:
            return cached
        ruleset, problems = check_rules(folder)
        if ruleset is None:
            shown = "\n".join(f"  {p}" for p in problems[:50])
            more = f"\n  … og {len(problems) - 50} problemer mere" if len(problems) > 50 else ""
            count = "1 problem" if len(problems) == 1 else f"{len(problems)} problemer"
            raise RulesError(f"Reglerne i {folder} er ugyldige ({count}):\n{shown}{more}")
        _CACHE[key] = ruleset
        return ruleset


# --------------------------------------------------------------------------- finding hits


@dataclass(frozen=True)
class _Unit:
    ref: str
    start: int
    end: int
    in_remark: bool


def _units(bill: Bill) -> list[_Unit]:
    units: list[_Unit] = []
    if bill.title.strip():
        # The title may have been joined from several lines; match it with any whitespace.
        words = bill.title.split()
        found = re.search(r"\s+".join(map(re.escape, words)), bill.text[: len(bill.title) * 3 + 2000])
        if found:
            units.append(_Unit(TITLE_REF, found.start(), found.end(), False))
    units.extend(_Unit(c.ref, c.start, c.end, False) for c in bill.clauses)
    units.extend(_Unit(r.ref, r.start, r.end, True) for r in bill.remarks)
    return units


def _type_keys(compiled: _Compiled, lowers: set[str]) -> dict[str, frozenset[str]]:
    """Keys of the single-token specs that each lower-case form matches (memoised per rule set)."""
    from spacy.tokens import Doc

    from .nlp import get_nlp, lemma_of

    empty: frozenset[str] = frozenset()
    with compiled.lock:
        cache = compiled.type_cache
        cands: list[str] = []
        ex, rx = compiled.prefilter_exact, compiled.prefilter_regex
        for w in lowers:
            if w in cache:
                continue
            lem = lemma_of(w)
            if (
                w in ex["LOWER"]
                or lem in ex["LEMMA"]
                or (rx["LOWER"] is not None and rx["LOWER"].search(w))
                or (rx["LEMMA"] is not None and rx["LEMMA"].search(lem))
            ):
                cands.append(w)
            else:
                cache[w] = empty
        if cands:
            doc = Doc(get_nlp().vocab, words=cands)
            for tok in doc:
                tok.lemma_ = lemma_of(tok.text)
            found: dict[int, set[str]] = defaultdict(set)
            for span in compiled.type_matcher(doc, as_spans=True):
                found[span.start].add(span.label_)
            for i, w in enumerate(cands):
                cache[w] = frozenset(found.get(i, ()))
        return {w: cache[w] for w in lowers}


def _applies(s: Suppressor, qid: str, tid: str, dims: list[str]) -> bool:
    return not s.applies_to or any(a == qid or a == tid or a in dims for a in s.applies_to)


def find_hits(bill: Bill, ruleset: RuleSet | None = None) -> list[RuleHit]:
    """Every trigger hit in the bill's title, clauses and remarks, in text order.

    Spans point into ``bill.text``. A hit is dropped where one of its trigger's ``exclude``
    patterns overlaps it, or a ``suppress`` entry that applies to it overlaps it (scope ``match``)
    or occurs anywhere in the same clause or remark (scope ``clause``).
    """
    from .nlp import tokenize

    rs = ruleset or load_rules()
    compiled = rs._compiled
    questions = {q.id: q for q in rs.questions}
    suppressors = {s.id: s for s in rs.suppressors}
    units = _units(bill)
    if not units:
        return []
    doc = tokenize(bill.text)
    keys_of = _type_keys(compiled, {t.lower_ for t in doc})
    hits: list[RuleHit] = []
    seen: set[tuple[str, int, int, str]] = set()
    for unit in units:
        span = doc.char_span(unit.start, unit.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        matches: list[tuple[str, int, int]] = []
        keysets = [keys_of[doc[i].lower_] for i in range(span.start, span.end)]
        stop = len(keysets)
        for j, keys in enumerate(keysets):
            for key in keys:
                if key[0] != "P":
                    matches.append((key, span.start + j, span.start + j + 1))
                    continue
                for mkey, seq in compiled.sequences.get(key, ()):
                    for end in _sequence_ends(seq, keysets, j, stop):
                        matches.append((mkey, span.start + j, span.start + end))
        if compiled.has_free_patterns:
            matches.extend((m.label_, m.start, m.end) for m in compiled.free_matcher(span, as_spans=True))
        for pm in compiled.phrase_matchers.values():
            if len(pm):
                matches.extend((m.label_, m.start, m.end) for m in pm(span, as_spans=True))
        if not matches:
            continue
        excludes: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
        supp: dict[str, list[tuple[int, int]]] = defaultdict(list)
        trig: list[tuple[str, str, int, int]] = []
        for key, s, e in set(matches):
            parts = key.split("|")
            if parts[0] == "T":
                trig.append((parts[1], parts[2], s, e))
            elif parts[0] == "X":
                excludes[(parts[1], parts[2])].append((s, e))
            else:
                supp[parts[1]].append((s, e))
        trig.sort(key=lambda m: (m[2], -(m[3] - m[2])))
        kept: list[tuple[str, str, int, int]] = []
        for qid, tid, s, e in trig:
            dims = list(questions[qid].dimensions)
            if any(xs < e and s < xe for xs, xe in excludes.get((qid, tid), ())):
                continue
            if any(
                _applies(suppressors[sid], qid, tid, dims)
                and (suppressors[sid].scope == "clause" or any(xs < e and s < xe for xs, xe in spans))
                for sid, spans in supp.items()
            ):
                continue
            # A shorter match inside a longer one of the same question adds nothing.
            if any(k[0] == qid and k[2] <= s and e <= k[3] for k in kept):
                continue
            kept.append((qid, tid, s, e))
        relevant_dims = {d for qid, _, _, _ in kept if questions[qid].step == "relevans" for d in questions[qid].dimensions}
        for qid, tid, s, e in kept:
            q = questions[qid]
            # Assessment cues ("begrænse", "midlertidig") only count beside relevance evidence.
            if q.step == "vurdering" and not relevant_dims.intersection(q.dimensions):
                continue
            start = doc[s].idx
            end = doc[e - 1].idx + len(doc[e - 1].text)
            dedupe = (qid, start, end, unit.ref)
            if dedupe in seen:
                continue
            seen.add(dedupe)
            hits.append(
                RuleHit(
                    question_id=qid,
                    trigger_id=tid,
                    dimensions=list(q.dimensions),
                    ref=unit.ref,
                    start=start,
                    end=end,
                    text=bill.text[start:end],
                    in_remark=unit.in_remark,
                )
            )
    return hits


def hits_by_question(hits: list[RuleHit]) -> dict[str, list[RuleHit]]:
    grouped: dict[str, list[RuleHit]] = defaultdict(list)
    for h in hits:
        grouped[h.question_id].append(h)
    return dict(grouped)


__all__ = [
    "NOT_ANSWERED",
    "TITLE_REF",
    "Exclude",
    "Manifest",
    "Option",
    "Question",
    "RuleProblem",
    "RuleSet",
    "Suppressor",
    "Trigger",
    "check_rules",
    "find_hits",
    "hits_by_question",
    "load_rules",
]
