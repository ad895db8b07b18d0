"""``bundlinje questionnaire``: propose answers to the screening questions, or ask them one by one.

The interactive session shows each question with its guidance and the evidence in the bill, takes
an answer by number, id or label, and saves after every answer, so an interrupted session resumes.
"""

from __future__ import annotations

from pathlib import Path

import click

from ._common import rules_option

EVIDENCE_SHOWN = 5


@click.command("questionnaire")
@click.argument("bill_file", metavar="LOVFORSLAG", type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--output", "output", required=True, type=click.Path(path_type=Path, dir_okay=False),
              help="Svarfil (YAML), der skrives – eller fortsættes, hvis den findes.")
@click.option("--propose", is_flag=True, help="Skriv kun værktøjets forslag til svar uden at spørge.")
@click.option("--force", is_flag=True, help="Overskriv en eksisterende svarfil i stedet for at fortsætte den.")
@rules_option
def command(bill_file: Path, output: Path, propose: bool, force: bool, rules_dir: Path | None) -> None:
    """Besvar screeningsspørgsmålene for LOVFORSLAG (interaktivt, medmindre --propose er angivet)."""
    from ..output import write_atomic
    from ..questionnaire import load_answers_file, render_answers
    from ..rulebook import NOT_ANSWERED
    from ._common import screener

    s = screener(rules_dir)
    bill = s.parse(bill_file)
    everything = s.findings(bill)
    # The model's scores decide which rule hits a proposal may rest on; the evidence shown is the rules'.
    proposals = s.proposals(bill, everything)
    findings = [f for f in everything if f.source == "regel"]

    def save(records) -> None:
        write_atomic(output, render_answers(records, bill, findings, s.rules), force=True, inputs=[bill_file])

    if propose:
        write_atomic(output, render_answers(proposals, bill, findings, s.rules), force=force, inputs=[bill_file])
        proposed = sum(1 for r in proposals if r.answer != NOT_ANSWERED)
        click.echo(f"Skrev {len(proposals)} spørgsmål med {proposed} foreslåede svar ({len(findings)} fund) til {output}.")
        return
    existing = None
    if output.exists() and not force:
        existing = load_answers_file(output, s.rules, bill).records
        click.echo(f"Fortsætter med svarene i {output}.")
    records = ask(bill, findings, s.rules, existing=existing, proposals=proposals, save=save)
    answered = sum(1 for r in records if r.answer != NOT_ANSWERED)
    click.echo(f"Gemte {answered} besvarede spørgsmål i {output}.")


def ask(bill, findings, rules, *, existing=None, proposals=None, save=None):
    """Ask every question not yet answered by a user, relevance questions first; assessment
    questions are skipped for dimensions screened as not relevant."""
    from ..models import AnswerRecord
    from ..questionnaire import is_screened_out, parse_choice, rule_findings_by_question
    from ..questionnaire.answers_file import STEP_LABELS
    from ..rulebook import NOT_ANSWERED

    proposed = {r.question_id: r for r in proposals or []}
    answers = dict(proposed)
    done: set[str] = set()
    for r in existing or []:
        answers[r.question_id] = r
        if r.source == "bruger" and r.answer != NOT_ANSWERED:
            done.add(r.question_id)
    by_q = rule_findings_by_question(findings)
    ordered = sorted(rules.questions, key=lambda q: q.step != "relevans")
    todo = [q for q in ordered if q.id not in done]

    def current():
        return [answers[q.id] for q in rules.questions if q.id in answers]

    if not todo:
        click.echo("Alle spørgsmål er allerede besvaret.")
        return current()
    click.echo(f"Screening af: {bill.title}")
    click.echo(f"{len(done)} af {len(rules.questions)} spørgsmål er allerede besvaret. Svar med nummer eller id; "
               "tryk Enter for at vælge forslaget i [ ].")
    step = None
    for n, q in enumerate(todo, start=1):
        if q.step == "vurdering" and is_screened_out(q, current(), rules):
            answers[q.id] = AnswerRecord(question_id=q.id, answer=NOT_ANSWERED, source="bruger",
                                         note="Springes over: dimensionen er vurderet ikke relevant i relevansvurderingen.")
            continue
        if q.step != step:
            step = q.step
            click.echo("")
            click.secho(f"== {STEP_LABELS[step]} ==", bold=True)
        _show(q, n, len(todo), by_q.get(q.id, []), bill, proposed.get(q.id))
        default_rec = answers.get(q.id)
        default = default_rec.answer if default_rec and default_rec.answer != NOT_ANSWERED else None
        while True:
            raw = click.prompt("Svar", default=default or "", show_default=bool(default))
            if not raw.strip():
                click.echo("Vælg et af svarene ovenfor.")
                continue
            choice = parse_choice(q, raw)
            if choice is not None:
                break
            click.echo(f"»{raw}« er ikke et gyldigt svar. Gyldige svar: {', '.join(q.option_ids)}.")
        prop = proposed.get(q.id)
        answers[q.id] = AnswerRecord(question_id=q.id, answer=choice, source="bruger", refs=prop.refs if prop else [],
                                     note=prop.note if prop and choice == prop.answer else None)
        if save:
            save(current())
    result = current()
    if save:
        save(result)
    return result


def _show(q, n: int, total: int, hits, bill, prop) -> None:
    from ..questionnaire.answers_file import evidence_context

    click.echo("")
    click.secho(f"[{n}/{total}] {q.question}", bold=True)
    click.echo(f"  Vejledning: {q.guidance}")
    if hits:
        click.echo(f"  Fund i lovforslaget ({len(hits)}):")
        for h in hits[:EVIDENCE_SHOWN]:
            where = f"{h.ref} (bemærkningerne)" if h.in_remark else h.ref
            click.echo(f"    - {where}: {evidence_context(bill, h)}")
        if len(hits) > EVIDENCE_SHOWN:
            click.echo(f"    … og {len(hits) - EVIDENCE_SHOWN} fund mere")
    else:
        click.echo("  Ingen fund i lovforslaget.")
    if prop is not None and prop.note:
        click.echo(f"  Forslag: {prop.note}")
    for i, o in enumerate(q.options, start=1):
        click.echo(f"    {i}) {o.id} – {o.label}")
    if q.multiple:
        click.echo("  Flere svar adskilles med komma.")
