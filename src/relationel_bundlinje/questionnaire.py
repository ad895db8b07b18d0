"""The screening questionnaire: proposals from rule hits, an answers file a lawyer edits, and an
interactive session in Danish.

Proposals never claim more than the evidence: a relevance question with hits is proposed "ja";
an assessment question is proposed only where its cue triggers point to one answer; everything
else stays "ikke besvaret".
"""

from __future__ import annotations

import json
import re
import textwrap
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from .dimensions import DIMENSION_IDS, DIMENSION_LABELS
from .errors import RulesError
from .models import AnswerRecord, Bill, RuleHit
from .rules import NOT_ANSWERED, Question, RuleSet, _LineLoader, load_rules

STEP_LABELS = {"relevans": "Relevansvurdering", "vurdering": "Vurdering"}
_EVIDENCE_SHOWN = 5
_CONTEXT = 60


# --------------------------------------------------------------------------- proposals


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _trigger_suggestions(question: Question) -> dict[str, str]:
    return {t.id: t.suggests for t in question.triggers if t.suggests}


def propose(bill: Bill, hits: list[RuleHit], ruleset: RuleSet | None = None) -> list[AnswerRecord]:
    """One proposed answer per question of the rule set, in rule-set order."""
    rs = ruleset or load_rules()
    by_q: dict[str, list[RuleHit]] = defaultdict(list)
    for h in hits:
        by_q[h.question_id].append(h)
    records: list[AnswerRecord] = []
    for q in rs.questions:
        qhits = by_q.get(q.id, [])
        if q.step == "relevans":
            records.append(_propose_relevance(q, qhits))
        else:
            records.append(_propose_assessment(q, qhits))
    return records


def _propose_relevance(q: Question, qhits: list[RuleHit]) -> AnswerRecord:
    if not qhits:
        return AnswerRecord(question_id=q.id, answer=NOT_ANSWERED, source="forslag")
    refs = _unique([h.ref for h in qhits])
    words = ", ".join(f"»{w}«" for w in _unique([h.text for h in qhits])[:5])
    note = f"Foreslået på grundlag af {len(qhits)} fund ({words}) i {_list_refs(refs)}."
    return AnswerRecord(question_id=q.id, answer="ja", source="forslag", refs=refs, note=note)


def _propose_assessment(q: Question, qhits: list[RuleHit]) -> AnswerRecord:
    suggests = _trigger_suggestions(q)
    by_option: dict[str, list[str]] = defaultdict(list)
    for h in qhits:
        option = suggests.get(h.trigger_id)
        if option:
            by_option[option].append(h.ref)
    if not by_option:
        return AnswerRecord(question_id=q.id, answer=NOT_ANSWERED, source="forslag")
    order = {o: i for i, o in enumerate(q.option_ids)}
    options = sorted(by_option, key=lambda o: order.get(o, 99))
    refs = _unique([r for o in options for r in by_option[o]])
    if q.multiple:
        note = "Foreslået på grundlag af ord i de bestemmelser, der også har fund i relevansvurderingen."
        return AnswerRecord(question_id=q.id, answer=", ".join(options), source="forslag", refs=refs, note=note)
    if len(options) == 1:
        note = (
            f"Foreslået, fordi {_list_refs(refs)} indeholder ord, der peger på »{q.label_of(options[0]).split(' – ')[0]}«. "
            "Forslaget bygger alene på ordvalget og skal efterprøves."
        )
        return AnswerRecord(question_id=q.id, answer=options[0], source="forslag", refs=refs, note=note)
    detail = "; ".join(f"{o}: {_list_refs(_unique(by_option[o]))}" for o in options)
    note = f"Teksten peger i flere retninger ({detail}). Tag stilling til spørgsmålet."
    return AnswerRecord(question_id=q.id, answer=NOT_ANSWERED, source="forslag", refs=refs, note=note)


def _list_refs(refs: list[str]) -> str:
    if len(refs) > 4:
        rest = len(refs) - 4
        return ", ".join(refs[:4]) + (" og 1 andet sted" if rest == 1 else f" og {rest} andre steder")
    if len(refs) > 1:
        return ", ".join(refs[:-1]) + " og " + refs[-1]
    return refs[0] if refs else "lovforslaget"


# --------------------------------------------------------------------------- relevance of dimensions


def relevant_dimensions(records: list[AnswerRecord], ruleset: RuleSet) -> set[str]:
    """Dimensions not screened out: every dimension unless all its relevance questions are "nej"."""
    answers = {r.question_id: r.answer for r in records}
    relevant: set[str] = set()
    for d in DIMENSION_IDS:
        qs = [q for q in ruleset.questions if q.step == "relevans" and d in q.dimensions]
        if not qs or any(answers.get(q.id, NOT_ANSWERED) != "nej" for q in qs):
            relevant.add(d)
    return relevant


def is_screened_out(q: Question, records: list[AnswerRecord], ruleset: RuleSet) -> bool:
    return q.step == "vurdering" and not relevant_dimensions(records, ruleset).intersection(q.dimensions)


# --------------------------------------------------------------------------- the answers file


def _q(value: Any) -> str:
    """A YAML scalar: JSON strings are valid double-quoted YAML and keep every character."""
    return json.dumps(value, ensure_ascii=False)


def _comment(text: str, width: int = 96) -> list[str]:
    return ["# " + line for line in textwrap.wrap(text, width - 2)] or ["#"]


def _context(bill: Bill, hit: RuleHit) -> str:
    a = max(0, hit.start - _CONTEXT)
    b = min(len(bill.text), hit.end + _CONTEXT)
    before = re.sub(r"\s+", " ", bill.text[a : hit.start])
    after = re.sub(r"\s+", " ", bill.text[hit.end : b])
    return f"{'…' if a > 0 else ''}{before}[{hit.text}]{after}{'…' if b < len(bill.text) else ''}".strip()


def render_answers(records: list[AnswerRecord], bill: Bill, hits: list[RuleHit], ruleset: RuleSet) -> str:
    """The answers file as YAML text, with each question and its evidence as comments/fields."""
    by_q: dict[str, list[RuleHit]] = defaultdict(list)
    for h in hits:
        by_q[h.question_id].append(h)
    recs = {r.question_id: r for r in records}
    out = [
        "# Svar på screeningsspørgsmålene om lovforslagets relationelle konsekvenser",
        *_comment(f"Lovforslag: {bill.title}"),
        f"# Kilde: {bill.source.name} (SHA-256 {bill.source.sha256[:16]}…)",
        f"# Regelsæt: version {ruleset.version}",
        "#",
        "# Ret feltet »svar« til et af svarmulighedernes id'er (eller \"ikke besvaret\"), og sæt",
        "# »kilde« til bruger, når du har taget stilling. Spørgsmål med flere svar adskilles med komma.",
        "# Felterne »henvisninger« og »note« kan rettes frit; »belæg« er til orientering og læses ikke.",
        f"regler_version: {_q(ruleset.version)}",
        f"lovforslag: {_q(bill.title)}",
        f"kilde_sha256: {_q(bill.source.sha256)}",
        "svar:",
    ]
    step = None
    for q in sorted(ruleset.questions, key=lambda q: q.step != "relevans"):
        if q.step != step:
            step = q.step
            out += ["", f"  # ===== {STEP_LABELS[step]} ====="]
        rec = recs.get(q.id) or AnswerRecord(question_id=q.id, answer=NOT_ANSWERED, source="forslag")
        out.append("")
        out += ["  " + line for line in _comment(f"{q.question}")]
        dims = ", ".join(DIMENSION_LABELS[d] for d in q.dimensions)
        out += ["  " + line for line in _comment(f"Dimensioner: {dims}")]
        opts = "; ".join(f"{o.id} = {o.label}" for o in q.options) if isinstance(q.options, list) else ""
        out += ["  " + line for line in _comment(f"Svarmuligheder: {opts}")]
        out.append(f"  - id: {q.id}")
        out.append(f"    svar: {_q(rec.answer)}")
        out.append(f"    kilde: {rec.source}")
        out.append(f"    henvisninger: [{', '.join(_q(r) for r in rec.refs)}]")
        if rec.note:
            out.append(f"    note: {_q(rec.note)}")
        qhits = by_q.get(q.id, [])
        if qhits:
            out.append("    belæg:")
            for h in qhits[:_EVIDENCE_SHOWN * 2]:
                where = f"{h.ref} (bemærkningerne)" if h.in_remark else h.ref
                out.append(f"      - {{henvisning: {_q(where)}, ord: {_q(h.text)}, uddrag: {_q(_context(bill, h))}}}")
            if len(qhits) > _EVIDENCE_SHOWN * 2:
                out.append(f"    # … og {len(qhits) - _EVIDENCE_SHOWN * 2} fund mere")
    return "\n".join(out) + "\n"


def write_answers(
    path: Path,
    records: list[AnswerRecord],
    bill: Bill,
    hits: list[RuleHit],
    ruleset: RuleSet | None = None,
    force: bool = False,
) -> None:
    """Write the answers file atomically (an existing file only with ``force``)."""
    from .output import write_atomic

    rs = ruleset or load_rules()
    write_atomic(Path(path), render_answers(records, bill, hits, rs), force=force)


_ALLOWED_KEYS = {"id", "svar", "kilde", "henvisninger", "note", "belæg", "__line__"}


def load_answers(path: Path, ruleset: RuleSet | None = None) -> list[AnswerRecord]:
    """Read and validate an answers file; any problem is a :class:`RulesError` naming file and line."""
    rs = ruleset or load_rules()
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RulesError(f"Svarfilen {path} findes ikke.") from None
    except (OSError, UnicodeDecodeError) as err:
        raise RulesError(f"Svarfilen {path} kan ikke læses ({err}).") from None
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise RulesError(f"{path}:{line}: ugyldig YAML: {getattr(err, 'problem', None) or err}") from None
    items = data.get("svar") if isinstance(data, dict) else data
    if items is None:
        items = []
    if not isinstance(items, list):
        line = data.get("__line__", 1) if isinstance(data, dict) else 1
        raise RulesError(f"{path}:{line}: feltet »svar« skal være en liste af svar.")
    records: list[AnswerRecord] = []
    seen: set[str] = set()
    for item in items:
        records.append(_answer_from(item, path, rs, seen))
    return records


def _answer_from(item: Any, path: Path, rs: RuleSet, seen: set[str]) -> AnswerRecord:
    if not isinstance(item, dict):
        raise RulesError(f"{path}: hvert svar skal have felterne id og svar (fandt {item!r}).")
    line = item.get("__line__", 1)

    def fail(msg: str) -> RulesError:
        return RulesError(f"{path}:{line}: {msg}")

    unknown = set(item) - _ALLOWED_KEYS
    if unknown:
        raise fail(f"ukendt felt »{sorted(map(str, unknown))[0]}« (tilladt: id, svar, kilde, henvisninger, note).")
    qid = item.get("id")
    if not isinstance(qid, str) or not rs.has_question(qid):
        raise fail(f"ukendt spørgsmål »{qid}« i regelsæt version {rs.version}.")
    if qid in seen:
        raise fail(f"spørgsmålet »{qid}« er besvaret to gange.")
    seen.add(qid)
    q = rs.question(qid)
    answer = item.get("svar", NOT_ANSWERED)
    if answer is None:
        answer = NOT_ANSWERED
    if isinstance(answer, bool):  # YAML 1.1 reads a bare ja/nej-like yes/no as booleans
        raise fail(f"svaret på »{qid}« skal skrives i anførselstegn eller som et svar-id.")
    answer = str(answer).strip()
    if answer != NOT_ANSWERED:
        answer = _validate_answer(q, answer, fail)
    source = item.get("kilde", "bruger")
    if source not in {"forslag", "bruger"}:
        raise fail(f"kilde skal være »forslag« eller »bruger«, ikke »{source}«.")
    refs = item.get("henvisninger") or []
    if isinstance(refs, str):
        refs = [refs]
    if not isinstance(refs, list) or not all(isinstance(r, str) for r in refs):
        raise fail("henvisninger skal være en liste af henvisninger som \"§ 3, stk. 2\".")
    note = item.get("note")
    return AnswerRecord(question_id=qid, answer=answer, source=source, refs=refs, note=None if note is None else str(note))


def _validate_answer(q: Question, answer: str, fail: Callable[[str], RulesError]) -> str:
    ids = q.option_ids
    parts = [p.strip() for p in answer.split(",") if p.strip()] if q.multiple else [answer]
    bad = [p for p in parts if p not in ids]
    if bad or not parts:
        raise fail(f"»{answer}« er ikke et gyldigt svar på »{q.id}« (gyldige svar: {', '.join(ids)}).")
    return ", ".join(parts)


# --------------------------------------------------------------------------- interactive


def _parse_choice(q: Question, raw: str) -> str | None:
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
    return ", ".join(_unique(chosen)) if chosen else None


def ask_interactively(
    bill: Bill,
    hits: list[RuleHit],
    ruleset: RuleSet | None = None,
    *,
    existing: list[AnswerRecord] | None = None,
    proposals: list[AnswerRecord] | None = None,
    save: Callable[[list[AnswerRecord]], None] | None = None,
) -> list[AnswerRecord]:
    """Ask every question not yet answered by a user, in Danish, showing the evidence under it.

    Relevance questions come first; assessment questions are skipped for dimensions screened as
    not relevant. ``save`` is called after every answer, so an interrupted session can resume.
    """
    import click

    rs = ruleset or load_rules()
    proposals = proposals if proposals is not None else propose(bill, hits, rs)
    proposed = {r.question_id: r for r in proposals}
    answers: dict[str, AnswerRecord] = {r.question_id: r for r in proposals}
    done: set[str] = set()
    for r in existing or []:
        answers[r.question_id] = r
        if r.source == "bruger" and r.answer != NOT_ANSWERED:
            done.add(r.question_id)
    by_q: dict[str, list[RuleHit]] = defaultdict(list)
    for h in hits:
        by_q[h.question_id].append(h)
    ordered = sorted(rs.questions, key=lambda q: q.step != "relevans")
    todo = [q for q in ordered if q.id not in done]
    if not todo:
        click.echo("Alle spørgsmål er allerede besvaret.")
        return [answers[q.id] for q in rs.questions if q.id in answers]
    click.echo(f"Screening af: {bill.title}")
    click.echo(f"{len(done)} af {len(rs.questions)} spørgsmål er allerede besvaret. Svar med nummer eller id; "
               "tryk Enter for at vælge forslaget i [ ].")
    step = None

    def current() -> list[AnswerRecord]:
        return [answers[q.id] for q in rs.questions if q.id in answers]

    for n, q in enumerate(todo, start=1):
        if q.step == "vurdering" and is_screened_out(q, current(), rs):
            answers[q.id] = AnswerRecord(
                question_id=q.id, answer=NOT_ANSWERED, source="bruger",
                note="Springes over: dimensionen er vurderet ikke relevant i relevansvurderingen.",
            )
            continue
        if q.step != step:
            step = q.step
            click.echo("")
            click.secho(f"== {STEP_LABELS[step]} ==", bold=True)
        _show_question(click, q, n, len(todo), by_q.get(q.id, []), bill, proposed.get(q.id))
        default_rec = answers.get(q.id)
        default = default_rec.answer if default_rec and default_rec.answer != NOT_ANSWERED else None
        while True:
            raw = click.prompt("Svar", default=default or "", show_default=bool(default))
            if not raw.strip():
                click.echo("Vælg et af svarene ovenfor.")
                continue
            choice = _parse_choice(q, raw)
            if choice is not None:
                break
            click.echo(f"»{raw}« er ikke et gyldigt svar. Gyldige svar: {', '.join(q.option_ids)}.")
        refs = proposed[q.id].refs if q.id in proposed else []
        note = proposed[q.id].note if q.id in proposed and choice == proposed[q.id].answer else None
        answers[q.id] = AnswerRecord(question_id=q.id, answer=choice, source="bruger", refs=refs, note=note)
        if save:
            save(current())
    result = current()
    if save:
        save(result)
    return result


def _show_question(click, q: Question, n: int, total: int, qhits: list[RuleHit], bill: Bill, prop) -> None:
    click.echo("")
    click.secho(f"[{n}/{total}] {q.question}", bold=True)
    click.echo(f"  Vejledning: {q.guidance}")
    if qhits:
        click.echo(f"  Fund i lovforslaget ({len(qhits)}):")
        for h in qhits[:_EVIDENCE_SHOWN]:
            where = f"{h.ref} (bemærkningerne)" if h.in_remark else h.ref
            click.echo(f"    - {where}: {_context(bill, h)}")
        if len(qhits) > _EVIDENCE_SHOWN:
            click.echo(f"    … og {len(qhits) - _EVIDENCE_SHOWN} fund mere")
    else:
        click.echo("  Ingen fund i lovforslaget.")
    if prop is not None and prop.note:
        click.echo(f"  Forslag: {prop.note}")
    for i, o in enumerate(q.options, start=1):
        click.echo(f"    {i}) {o.id} – {o.label}")
    if q.multiple:
        click.echo("  Flere svar adskilles med komma.")
