"""``bundlinje review``: a lawyer's verdict on each flagged provision, in the terminal.

The tool's own judgement (without earlier verdicts) is shown clause by clause; every verdict is
saved at once (``review.ReviewStore``), so stopping at any point loses nothing, and a new run goes
on where the last one stopped.
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import click

from ._common import lovsamling_option, model_option, rules_option

KEYS = {
    "g": "godkend",
    "a": "afvis",
    "r": "ret",
    "s": "spring over",
    "t": "tilbage",
    "q": "gem og afslut",
}
DIRECTION_KEYS = {"n": "negativ", "p": "positiv", "b": "blandet", "u": "uafklaret"}
#: Longest clause text shown in full.
SHOW_LIMIT = 1200
_VERDICT_WORD = {"accepted": "godkendt", "rejected": "afvist", "corrected": "rettet"}


def _menu() -> str:
    return "  ".join(f"[{k}] {v}" for k, v in KEYS.items())


def _ask(prompt: str, allowed: list[str], default: str | None = None) -> str:
    while True:
        answer = click.prompt(prompt, default=default, show_default=default is not None, prompt_suffix=": ").strip().lower()
        if answer in allowed:
            return answer
        click.echo(f"Tast {', '.join(allowed[:-1])} eller {allowed[-1]}.")


def _ask_dimensions(current: list[str]) -> list[str]:
    from ..dimensions import DIMENSION_IDS, DIMENSION_LABELS

    for n, dim in enumerate(DIMENSION_IDS, 1):
        click.echo(f"  {n:>2}. {DIMENSION_LABELS[dim]}")
    default = ",".join(str(DIMENSION_IDS.index(d) + 1) for d in current) or None
    while True:
        answer = click.prompt("Dimensioner (numre adskilt af komma)", default=default, prompt_suffix=": ")
        parts = [p.strip() for p in answer.replace(" ", ",").split(",") if p.strip()]
        if parts and all(p.isdigit() and 1 <= int(p) <= len(DIMENSION_IDS) for p in parts):
            return list(dict.fromkeys(DIMENSION_IDS[int(p) - 1] for p in parts))
        click.echo(f"Angiv et eller flere numre fra 1 til {len(DIMENSION_IDS)}, fx 1,4.")


def _ask_direction(current: str | None) -> str:
    names = "  ".join(f"[{k}] {v}" for k, v in DIRECTION_KEYS.items())
    click.echo(f"Retning: {names}")
    default = next((k for k, v in DIRECTION_KEYS.items() if v == current), None)
    return DIRECTION_KEYS[_ask("Retning", list(DIRECTION_KEYS), default)]


def _show(clause, note, position: int, total: int, earlier) -> None:  # noqa: ANN001
    from ..danish import truncate
    from ..dimensions import DIMENSION_LABELS

    click.echo("")
    click.echo(click.style(f"[{position}/{total}] {clause.ref}", bold=True))
    for line in textwrap.wrap(truncate(clause.text, SHOW_LIMIT), width=100):
        click.echo(f"  {line}")
    dims = "; ".join(DIMENSION_LABELS[d] for d in clause.dimensions) or "ingen"
    click.echo(f"Værktøjets vurdering: {dims} – retning: {clause.direction or 'ikke angivet'} – sikkerhed: {clause.certainty}")
    for paragraph in note.paragraphs[1:3]:
        for line in textwrap.wrap(paragraph, width=100):
            click.echo(line)
    if earlier is not None:
        click.echo(f"Tidligere vurdering: {_VERDICT_WORD[earlier.verdict]}" + (f" af {earlier.reviewer}" if earlier.reviewer else ""))


@click.command("review")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--reviews", type=click.Path(dir_okay=False, path_type=Path), default=Path("reviews.jsonl"),
              show_default=True, help="Fil, vurderingerne gemmes i (oprettes, hvis den ikke findes).")
@click.option("--reviewer", metavar="NAVN", default=None, help="Juristens navn (standard: brugernavnet).")
@click.option("--again", is_flag=True, help="Vis også bestemmelser, der allerede er vurderet.")
@lovsamling_option
@rules_option
@model_option
def command(file: Path, reviews: Path, reviewer: str | None, again: bool, lovsamling: Path | None,
            rules_dir: Path | None, model_dir: Path | None) -> None:
    """Gennemgå de markerede bestemmelser i et lovforslag (FIL) og angiv din vurdering af hver.

    For hver bestemmelse vises teksten og værktøjets vurdering. Tast g (godkend), a (afvis),
    r (ret: vælg dimensioner og retning), s (spring over), t (tilbage) eller q (gem og afslut).
    Hver vurdering gemmes straks; en ny gennemgang fortsætter, hvor den forrige slap.
    """
    from pydantic import ValidationError

    from ..annotate.notes import NoteWriter
    from ..errors import InputError
    from ..review import ReviewStore, Verdict, now
    from ._common import screener

    if not file.exists():
        raise InputError("Filen findes ikke.", path=str(file))
    store = ReviewStore(reviews)
    s = screener(rules_dir, model_dir, lovsamling)
    bill = s.parse(file)
    # The tool's own judgement: earlier verdicts must not hide what is being reviewed.
    assessment = s.screen(bill)
    done = store.for_bill(bill)
    flagged = [c for c in assessment.clauses if c.flagged or c.supports]
    todo = [c for c in flagged if again or c.ref not in done]
    name = reviewer if reviewer is not None else os.environ.get("USER", "")
    if not flagged:
        click.echo("Værktøjet har ikke markeret nogen bestemmelser i lovforslaget; der er intet at vurdere.")
        return
    if not todo:
        click.echo(
            f"Alle {len(flagged)} markerede bestemmelser er allerede vurderet i {reviews}. "
            "Brug --again for at gennemgå dem igen."
        )
        return
    click.echo(f"{bill.title}")
    skipped = len(flagged) - len(todo)
    click.echo(
        f"{len(todo)} markerede bestemmelser at vurdere"
        + (f" ({skipped} er allerede vurderet og springes over)" if skipped else "")
        + f". Vurderingerne gemmes i {reviews}."
    )
    click.echo(_menu())
    writer = NoteWriter(s.rules)
    texts = {c.ref: c.text for c in bill.clauses}  # the text a verdict is matched on later
    given = {"accepted": 0, "rejected": 0, "corrected": 0}
    i = 0
    while i < len(todo):
        clause = todo[i]
        _show(clause, writer.note([clause]), i + 1, len(todo), done.get(clause.ref))
        try:
            key = _ask("Valg", list(KEYS))
            if key == "q":
                break
            if key == "s":
                i += 1
                continue
            if key == "t":
                if i == 0:
                    click.echo("Dette er den første bestemmelse.")
                else:
                    i -= 1
                continue
            verdict = {"g": "accepted", "a": "rejected", "r": "corrected"}[key]
            dims: list[str] = []
            direction = None
            if verdict == "corrected":
                dims = _ask_dimensions(list(clause.dimensions))
                direction = _ask_direction(clause.direction)
        except click.Abort:
            click.echo("")
            break
        try:
            record = Verdict(
                bill_title=bill.title[:1000], bill_sha256=bill.source.sha256, ref=clause.ref, start=clause.start,
                end=clause.end, text=texts[clause.ref], verdict=verdict,  # type: ignore[arg-type]
                dimensions=dims, direction=direction, tool_dimensions=list(clause.dimensions),  # type: ignore[arg-type]
                tool_direction=clause.direction, reviewer=name[:200], time=now(),
            )
        except ValidationError:
            click.echo("Bestemmelsen er for lang til, at vurderingen kan gemmes; den springes over.")
            i += 1
            continue
        store.add([record])
        done[clause.ref] = record
        given[verdict] += 1
        click.echo(f"Gemt: {_VERDICT_WORD[verdict]}.")
        i += 1
    total = sum(given.values())
    remaining = sum(1 for c in flagged if c.ref not in done)
    click.echo(
        f"{total} {'vurdering' if total == 1 else 'vurderinger'} gemt i {reviews} "
        f"(godkendt {given['accepted']}, afvist {given['rejected']}, rettet {given['corrected']}). "
        + (f"{remaining} markerede bestemmelser mangler stadig en vurdering." if remaining else "Alle markerede bestemmelser er vurderet.")
    )
