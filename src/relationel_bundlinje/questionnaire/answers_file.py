"""The answers file a lawyer edits (``svar.yaml``): written with each question, its options and
the evidence as comments, read back strictly, and bound to the bill it was made for.

The file records the bill's title and the SHA-256 of the input it was made from, and the rules
version. Applied to another bill it is refused; ``accept_revision`` accepts it for a revised
version of the same bill (same title), and the screening record says so.
"""

from __future__ import annotations

import hashlib
import json
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

from ..dimensions import DIMENSION_LABELS
from ..errors import RulesError
from ..models import AnswerRecord, Bill, Finding
from ..rulebook import NOT_ANSWERED, Question, RuleSet
from ..rulebook.yamlio import YamlProblem, load, read_text
from .propose import rule_findings_by_question

STEP_LABELS = {"relevans": "Relevansvurdering", "vurdering": "Vurdering"}
EVIDENCE_SHOWN = 10
CONTEXT_CHARS = 60
MAX_ANSWERS = 1000
MAX_NOTE = 5000
MAX_REFS = 200
_ALLOWED_KEYS = {"id", "svar", "kilde", "henvisninger", "note", "belæg", "__line__"}
_TOP_KEYS = {"regler_version", "lovforslag", "kilde_sha256", "svar", "__line__"}


def _q(value: Any) -> str:
    """A YAML scalar: JSON strings are valid double-quoted YAML and keep every character."""
    return json.dumps(value, ensure_ascii=False)


def _comment(text: str, width: int = 96) -> list[str]:
    return ["# " + line for line in textwrap.wrap(text, width - 2)] or ["#"]


def evidence_context(bill: Bill, hit: Finding) -> str:
    a = max(0, hit.start - CONTEXT_CHARS)
    b = min(len(bill.text), hit.end + CONTEXT_CHARS)
    before = re.sub(r"\s+", " ", bill.text[a : hit.start])
    after = re.sub(r"\s+", " ", bill.text[hit.end : b])
    return f"{'…' if a > 0 else ''}{before}[{hit.text}]{after}{'…' if b < len(bill.text) else ''}".strip()


def render_answers(records: Sequence[AnswerRecord], bill: Bill, findings: Sequence[Finding], rules: RuleSet) -> str:
    """The answers file as YAML text, with each question and its evidence as comments/fields."""
    by_q = rule_findings_by_question(findings)
    recs = {r.question_id: r for r in records}
    out = [
        "# Svar på screeningsspørgsmålene om lovforslagets relationelle konsekvenser",
        *_comment(f"Lovforslag: {bill.title}"),
        f"# Kilde: {bill.source.name} (SHA-256 {bill.source.sha256[:16]}…)",
        f"# Regelsæt: version {rules.version}",
        "#",
        "# Ret feltet »svar« til et af svarmulighedernes id'er (eller \"ikke besvaret\"), og sæt",
        "# »kilde« til bruger, når du har taget stilling. Spørgsmål med flere svar adskilles med komma.",
        "# Felterne »henvisninger« og »note« kan rettes frit; »belæg« er til orientering og læses ikke.",
        "# Filen hører til netop dette lovforslag: de tre første felter må ikke ændres.",
        f"regler_version: {_q(rules.version)}",
        f"lovforslag: {_q(bill.title)}",
        f"kilde_sha256: {_q(bill.source.sha256)}",
        "svar:",
    ]
    step = None
    for q in sorted(rules.questions, key=lambda q: q.step != "relevans"):
        if q.step != step:
            step = q.step
            out += ["", f"  # ===== {STEP_LABELS[step]} ====="]
        rec = recs.get(q.id) or AnswerRecord(question_id=q.id, answer=NOT_ANSWERED, source="forslag")
        out.append("")
        out += ["  " + line for line in _comment(q.question)]
        out += ["  " + line for line in _comment("Dimensioner: " + ", ".join(DIMENSION_LABELS[d] for d in q.dimensions))]
        opts = "; ".join(f"{o.id} = {o.label}" for o in q.options) if isinstance(q.options, list) else ""
        out += ["  " + line for line in _comment(f"Svarmuligheder: {opts}")]
        out.append(f"  - id: {q.id}")
        out.append(f"    svar: {_q(rec.answer)}")
        out.append(f"    kilde: {rec.source}")
        out.append(f"    henvisninger: [{', '.join(_q(r) for r in rec.refs)}]")
        if rec.note:
            out.append(f"    note: {_q(rec.note)}")
        hits = by_q.get(q.id, [])
        if hits:
            out.append("    belæg:")
            for h in hits[:EVIDENCE_SHOWN]:
                where = f"{h.ref} (bemærkningerne)" if h.in_remark else h.ref
                out.append(f"      - {{henvisning: {_q(where)}, ord: {_q(h.text)}, uddrag: {_q(evidence_context(bill, h))}}}")
            if len(hits) > EVIDENCE_SHOWN:
                out.append(f"    # … og {len(hits) - EVIDENCE_SHOWN} fund mere")
    return "\n".join(out) + "\n"


@dataclass(frozen=True)
class LoadedAnswers:
    records: list[AnswerRecord]
    sha256: str
    title: str | None
    source_sha256: str | None
    rules_version: str | None
    from_revision: bool = False


def read_answers(path: Path, rules: RuleSet) -> LoadedAnswers:
    """Read and validate an answers file; any problem is a :class:`RulesError` naming file and line."""
    path = Path(path)
    try:
        text = read_text(path)
        data = load(path, allow_aliases=False, text=text)
    except YamlProblem as p:
        raise RulesError(f"Svarfilen {p.path}:{p.line}: {p.message}.") from None
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise RulesError(f"Svarfilen {path}:1: filen skal have felterne regler_version, lovforslag, kilde_sha256 og svar.")
    unknown = [k for k in data if k not in _TOP_KEYS]
    if unknown:
        raise RulesError(f"Svarfilen {path}:{data.get('__line__', 1)}: ukendt felt »{str(unknown[0])[:60]}«.")
    items = data.get("svar") or []
    if not isinstance(items, list):
        raise RulesError(f"Svarfilen {path}:{data.get('__line__', 1)}: feltet »svar« skal være en liste af svar.")
    if len(items) > MAX_ANSWERS:
        raise RulesError(f"Svarfilen {path}: filen har over {MAX_ANSWERS} svar.")
    records: list[AnswerRecord] = []
    seen: set[str] = set()
    for item in items:
        records.append(_answer_from(item, path, rules, seen))
    meta = {k: data.get(k) for k in ("lovforslag", "kilde_sha256", "regler_version")}
    for key, value in meta.items():
        if value is not None and not isinstance(value, str):
            raise RulesError(f"Svarfilen {path}: feltet »{key}« skal være en tekst.")
    return LoadedAnswers(records, digest, meta["lovforslag"], meta["kilde_sha256"], meta["regler_version"])


def load_answers_file(path: Path, rules: RuleSet, bill: Bill, *, accept_revision: bool = False) -> LoadedAnswers:
    """An answers file for this bill: refused for another bill, or (unless ``accept_revision``)
    for another version of it, or for another version of the rules."""
    loaded = read_answers(path, rules)
    if loaded.rules_version is not None and loaded.rules_version != rules.version:
        raise RulesError(
            f"Svarfilen {path} er udfyldt med regelsæt version {loaded.rules_version}, men værktøjet bruger version "
            f"{rules.version}. Udfyld spørgsmålene igen med »bundlinje questionnaire«."
        )
    if loaded.source_sha256 is None:
        raise RulesError(
            f"Svarfilen {path} angiver ikke, hvilket lovforslag den hører til (feltet kilde_sha256 mangler). "
            "Lav svarfilen med »bundlinje questionnaire«."
        )
    if loaded.source_sha256 == bill.source.sha256:
        return loaded
    same_title = loaded.title is not None and " ".join(loaded.title.split()) == " ".join(bill.title.split())
    if accept_revision and same_title:
        return LoadedAnswers(loaded.records, loaded.sha256, loaded.title, loaded.source_sha256, loaded.rules_version, True)
    if same_title:
        raise RulesError(
            f"Svarfilen {path} er udfyldt for en anden version af lovforslaget »{_short(bill.title)}«. Brug "
            "--answers-from-revision, hvis svarene også gælder denne version."
        )
    raise RulesError(
        f"Svarfilen {path} hører til et andet lovforslag (»{_short(loaded.title or 'ukendt')}«) og kan ikke bruges "
        f"til »{_short(bill.title)}«."
    )


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _answer_from(item: Any, path: Path, rules: RuleSet, seen: set[str]) -> AnswerRecord:
    if not isinstance(item, dict):
        raise RulesError(f"Svarfilen {path}: hvert svar skal have felterne id og svar.")
    line = item.get("__line__", 1)

    def fail(msg: str) -> RulesError:
        return RulesError(f"Svarfilen {path}:{line}: {msg}")

    unknown = [k for k in item if k not in _ALLOWED_KEYS]
    if unknown:
        raise fail(f"ukendt felt »{str(unknown[0])[:60]}« (tilladt: id, svar, kilde, henvisninger, note).")
    qid = item.get("id")
    if not isinstance(qid, str) or not rules.has_question(qid):
        raise fail(f"ukendt spørgsmål »{str(qid)[:60]}« i regelsæt version {rules.version}.")
    if qid in seen:
        raise fail(f"spørgsmålet »{qid}« er besvaret to gange.")
    seen.add(qid)
    q = rules.question(qid)
    answer = item.get("svar", NOT_ANSWERED)
    if answer is None:
        answer = NOT_ANSWERED
    if isinstance(answer, bool):  # YAML 1.1 reads a bare yes/no as booleans
        raise fail(f"svaret på »{qid}« skal skrives i anførselstegn eller som et svar-id.")
    if not isinstance(answer, str):
        raise fail(f"svaret på »{qid}« skal være et svar-id (en tekst).")
    answer = answer.strip()
    if answer != NOT_ANSWERED:
        answer = _validate_answer(q, answer, fail)
    source = item.get("kilde", "bruger")
    if not isinstance(source, str) or source not in {"forslag", "bruger"}:
        raise fail(f"kilde skal være »forslag« eller »bruger«, ikke »{str(source)[:40]}«.")
    refs = item.get("henvisninger") or []
    if isinstance(refs, str):
        refs = [refs]
    if not isinstance(refs, list) or len(refs) > MAX_REFS or not all(isinstance(r, str) and len(r) <= 200 for r in refs):
        raise fail("henvisninger skal være en liste af henvisninger som \"§ 3, stk. 2\".")
    note = item.get("note")
    if note is not None and (not isinstance(note, str) or len(note) > MAX_NOTE):
        raise fail(f"note skal være en tekst på højst {MAX_NOTE} tegn.")
    return AnswerRecord(question_id=qid, answer=answer, source=source, refs=refs, note=note)  # type: ignore[arg-type]


def _validate_answer(q: Question, answer: str, fail: Callable[[str], RulesError]) -> str:
    ids = q.option_ids
    parts = [p.strip() for p in answer.split(",") if p.strip()] if q.multiple else [answer]
    bad = [p for p in parts if p not in ids]
    if bad or not parts:
        raise fail(f"»{answer[:60]}« er ikke et gyldigt svar på »{q.id}« (gyldige svar: {', '.join(ids)}).")
    return ", ".join(parts)


def parse_choice(q: Question, raw: str) -> str | None:
    """An option id (or comma-joined ids) from a typed answer: id, number or label; None if invalid."""
    ids = q.option_ids
    parts = [p.strip() for p in raw.split(",") if p.strip()] if q.multiple else [raw.strip()]
    chosen: list[str] = []
    for part in parts:
        low = part.lower()
        if low.isdigit() and 1 <= int(low) <= len(ids):
            chosen.append(ids[int(low) - 1])
        elif low in ids:
            chosen.append(low)
        else:
            match = [o.id for o in q.options if o.label.lower().startswith(low)] if low else []
            if len(match) != 1:
                return None
            chosen.append(match[0])
    return ", ".join(dict.fromkeys(chosen)) if chosen else None
