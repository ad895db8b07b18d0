"""A rules folder -> a validated, compiled ``RuleSet``, or every problem with file and line."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..dimensions import DIMENSION_IDS, DIMENSION_LABELS
from ..errors import RulesError
from .compile import Compiled, Compiler
from .schema import (
    NOT_ANSWERED,
    Manifest,
    Question,
    RuleProblem,
    RulesFile,
    Suppressor,
    ThirdParty,
    ThirdPartyFile,
    validate,
)
from .yamlio import YamlProblem, load

MANIFEST_NAMES: tuple[str, ...] = ("manifest.yaml", "index.yaml")
THIRD_PARTY_NAME = "tredjeparter.yaml"
#: At most this many question files in a folder (the shipped rules have a dozen).
MAX_FILES = 200


@dataclass(frozen=True)
class RuleSet:
    """A validated, compiled rules folder. Immutable after loading; safe to share between threads."""

    path: Path
    manifest: Manifest
    questions: tuple[Question, ...]
    suppressors: tuple[Suppressor, ...]
    third_parties: tuple[ThirdParty, ...]
    vacuous_groups: frozenset[str]
    fingerprint: str
    compiled: Compiled = field(repr=False, compare=False)
    _by_id: dict[str, Question] = field(repr=False, compare=False, default_factory=dict)

    @property
    def version(self) -> str:
        return self.manifest.version

    def question(self, question_id: str) -> Question:
        return self._by_id[question_id]

    def has_question(self, question_id: str) -> bool:
        return question_id in self._by_id

    def summary(self) -> dict[str, Any]:
        """Counts per step and per dimension, for ``bundlinje rules check``."""
        per_step: dict[str, int] = defaultdict(int)
        per_dim: dict[str, dict[str, int]] = {d: {"relevans": 0, "vurdering": 0} for d in DIMENSION_IDS}
        for q in self.questions:
            per_step[q.step] += 1
            for d in q.dimensions:
                per_dim[d][q.step] += 1
        return {
            "version": self.version,
            "questions": len(self.questions),
            "triggers": sum(len(q.triggers) for q in self.questions),
            "suppressors": len(self.suppressors),
            "third_parties": len(self.third_parties),
            "per_step": dict(per_step),
            "per_dimension": per_dim,
        }


def _question_files(folder: Path) -> list[Path]:
    skip = set(MANIFEST_NAMES) | {THIRD_PARTY_NAME}
    return sorted(p for p in folder.iterdir() if p.suffix in {".yaml", ".yml"} and p.name not in skip)


def _read(path: Path, problems: list[RuleProblem], digest: Any) -> Any:
    from .yamlio import read_text

    try:
        text = read_text(path)
        digest.update(path.name.encode() + b"\0" + text.encode("utf-8") + b"\0")
        return load(path, allow_aliases=True, text=text)
    except YamlProblem as p:
        problems.append(RuleProblem(str(p.path), p.line, p.message))
        return None


def check_rules(
    path: Path, *, vocab: Any = None, lemma_of: Callable[[str], str] | None = None, make_doc: Callable[[str], Any] | None = None
) -> tuple[RuleSet | None, list[RuleProblem]]:
    """Validate and compile a rules folder: the rule set where valid, and every problem found.

    ``vocab``, ``lemma_of`` and ``make_doc`` come from the Danish pipeline the rules will run in
    (see ``nlp``); without them a pipeline is built with the shipped lemma table.
    """
    folder = Path(path)
    problems: list[RuleProblem] = []
    if not folder.is_dir():
        return None, [RuleProblem(str(folder), 0, "mappen findes ikke")]
    manifest_path = next((folder / n for n in MANIFEST_NAMES if (folder / n).is_file()), None)
    if manifest_path is None:
        return None, [RuleProblem(str(folder), 0, "mappen har ingen manifest.yaml (eller index.yaml)")]
    digest = hashlib.sha256()
    manifest = None
    raw_manifest = _read(manifest_path, problems, digest)
    if raw_manifest is not None:
        if not isinstance(raw_manifest, dict):
            problems.append(RuleProblem(str(manifest_path), 1, "manifestet skal være en YAML-mapping"))
        else:
            manifest = validate(Manifest, raw_manifest, manifest_path, problems)

    third: ThirdPartyFile | None = ThirdPartyFile()
    third_path = folder / THIRD_PARTY_NAME
    if third_path.exists():
        raw = _read(third_path, problems, digest)
        if raw is not None:
            third = validate(ThirdPartyFile, raw, third_path, problems) if isinstance(raw, dict) else None
            if third is None and not isinstance(raw, dict):
                problems.append(RuleProblem(str(third_path), 1, "filen skal være en YAML-mapping med 'groups'"))

    files = _question_files(folder)
    if not files:
        problems.append(RuleProblem(str(folder), 0, "mappen har ingen spørgsmålsfiler (*.yaml)"))
    if len(files) > MAX_FILES:
        return None, [RuleProblem(str(folder), 0, f"mappen har over {MAX_FILES} regelfiler")]
    parsed: list[tuple[Path, RulesFile]] = []
    for path_ in files:
        raw = _read(path_, problems, digest)
        if raw is None and not any(p.file == str(path_) for p in problems):
            problems.append(RuleProblem(str(path_), 1, "filen er tom"))
            continue
        if raw is None:
            continue
        if not isinstance(raw, dict):
            problems.append(RuleProblem(str(path_), 1, "filen skal være en YAML-mapping med 'questions' og/eller 'suppress'"))
            continue
        # Top-level keys starting with '.' only hold YAML anchors for reuse; they are not rules.
        raw = {k: v for k, v in raw.items() if not (isinstance(k, str) and k.startswith("."))}
        model = validate(RulesFile, raw, path_, problems)
        if model is not None:
            parsed.append((path_, model))
    if manifest is None:
        return None, problems

    if vocab is None or lemma_of is None or make_doc is None:
        from ..nlp import build_pipeline

        pipe = build_pipeline()
        vocab, lemma_of, make_doc = pipe.vocab, pipe.lemma_of, pipe.make_doc
    compiler = Compiler(vocab, lemma_of, make_doc)
    questions: list[Question] = []
    suppressors: list[Suppressor] = []
    seen_q: dict[str, str] = {}
    seen_s: dict[str, str] = {}
    trigger_ids: set[str] = set()
    for path_, model in parsed:
        for q in model.questions:
            if q.id in seen_q:
                problems.append(RuleProblem(str(path_), q.line, f"spørgsmålet '{q.id}' findes allerede ({seen_q[q.id]})"))
                continue
            seen_q[q.id] = f"{path_}:{q.line}"
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
        for s in model.suppress:
            if s.id in seen_s:
                problems.append(RuleProblem(str(path_), s.line, f"undertrykkelsen '{s.id}' findes allerede ({seen_s[s.id]})"))
                continue
            seen_s[s.id] = f"{path_}:{s.line}"
            for msg in compiler.add(f"S|{s.id}", s):
                problems.append(RuleProblem(str(path_), s.line, f"undertrykkelse '{s.id}': {msg}"))
            suppressors.append(s)
    known = set(DIMENSION_IDS) | set(seen_q) | trigger_ids
    for path_, model in parsed:
        for s in model.suppress:
            for target in s.applies_to:
                if target not in known:
                    problems.append(RuleProblem(str(path_), s.line, f"undertrykkelsen '{s.id}' henviser til ukendt id '{target[:60]}'"))
    if third is not None:
        ids: set[str] = set()
        for g in third.groups:
            if g.id in ids:
                problems.append(RuleProblem(str(third_path), g.line, f"gruppen '{g.id}' findes to gange"))
            ids.add(g.id)
    if questions and not problems:
        for d in DIMENSION_IDS:
            if not any(d in q.dimensions for q in questions):
                problems.append(RuleProblem(str(folder), 0, f"ingen spørgsmål dækker dimensionen '{d}' ({DIMENSION_LABELS[d]})"))
    if problems:
        return None, problems
    ruleset = RuleSet(
        path=folder.resolve(),
        manifest=manifest,
        questions=tuple(questions),
        suppressors=tuple(suppressors),
        third_parties=tuple(third.groups) if third else (),
        vacuous_groups=frozenset(w.lower() for w in (third.vacuous if third else [])),
        fingerprint=digest.hexdigest(),
        compiled=compiler.result(),
        _by_id={q.id: q for q in questions},
    )
    return ruleset, []


def _resolve_options(q: Question, manifest: Manifest, path: Path, problems: list[RuleProblem]) -> Question:
    if isinstance(q.options, str):
        if q.options not in manifest.option_sets:
            problems.append(RuleProblem(str(path), q.line, f"'{q.id}': ukendt svarsæt '{q.options[:60]}' (kendte: {', '.join(manifest.option_sets)})"))
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
        add(f"ukendt livsarena '{q.arena[:60]}' (kendte: {', '.join(manifest.arenas)})")
    if q.theme and q.theme not in manifest.themes:
        add(f"ukendt tema '{q.theme[:60]}' (kendte: {', '.join(manifest.themes)})")
    for g in q.groups:
        if g not in manifest.groups:
            add(f"ukendt gruppe '{g[:60]}' (kendte: {', '.join(manifest.groups)})")
    for n in q.family_test:
        if n not in manifest.family_test:
            add(f"ukendt spørgsmål {n} i Family Test (kendte: {', '.join(map(str, manifest.family_test))})")
    if q.step == "relevans" and not q.triggers:
        add("et relevansspørgsmål skal have mindst én trigger")
    if q.step == "relevans" and not q.examples:
        add("et relevansspørgsmål skal have mindst ét eksempel fra lovgivningen (examples)")
    if q.step == "relevans" and q.decides != "relevans":
        add("et relevansspørgsmål afgør relevans (decides: relevans)")
    if q.decides == "retning" and not {"negativ", "positiv"} <= set(ids):
        add("et spørgsmål, der afgør retning, skal have svarmulighederne 'negativ' og 'positiv'")
    if q.decides == "relevans" and not {"ja", "nej"} <= set(ids):
        add("et spørgsmål, der afgør relevans, skal have svarmulighederne 'ja' og 'nej'")
    for t in q.triggers:
        if t.suggests is not None and t.suggests not in ids:
            add(f"trigger '{t.id}' foreslår '{t.suggests}', som ikke er en svarmulighed", t.line)


def load_rules(path: Path | None = None, **pipeline: Any) -> RuleSet:
    """The rule set of a folder (default: the shipped ``rules/``).

    Raises :class:`RulesError` listing every problem with file and line.
    """
    from ..resources import rules_dir

    folder = Path(path) if path is not None else rules_dir()
    ruleset, problems = check_rules(folder, **pipeline)
    if ruleset is None:
        shown = "\n".join(f"  {p}" for p in problems[:50])
        more = f"\n  … og {len(problems) - 50} problemer mere" if len(problems) > 50 else ""
        count = "1 problem" if len(problems) == 1 else f"{len(problems)} problemer"
        raise RulesError(f"Reglerne i {folder} er ugyldige ({count}):\n{shown}{more}")
    return ruleset
