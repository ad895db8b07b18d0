"""``bundlinje rules``: validate and list the screening questions (rules as data)."""

from __future__ import annotations

from pathlib import Path

import click


@click.group("rules")
def command() -> None:
    """Validate and list the screening questionnaire's rules."""


@command.command("check")
@click.argument("folder", required=False, type=click.Path(path_type=Path, file_okay=False))
def check(folder: Path | None) -> None:
    """Validate a rules folder (default: the shipped rules); report every problem with file and line."""
    from ..dimensions import DIMENSION_IDS, DIMENSION_LABELS
    from ..resources import rules_dir
    from ..rules import check_rules

    target = folder or rules_dir()
    ruleset, problems = check_rules(target)
    if problems:
        for p in problems:
            click.echo(str(p), err=True)
        click.echo(f"Fejl: Reglerne i {target} har {len(problems)} problem{'er' if len(problems) != 1 else ''}.", err=True)
        raise click.exceptions.Exit(2)
    s = ruleset.summary()
    click.echo(f"Reglerne i {target} er gyldige (version {s['version']}).")
    click.echo(
        f"{s['questions']} spørgsmål: {s['per_step'].get('relevans', 0)} til relevansvurdering og "
        f"{s['per_step'].get('vurdering', 0)} til vurdering; {s['triggers']} triggere og "
        f"{s['suppressors']} undertrykkelser af kendte falske fund."
    )
    click.echo("Spørgsmål pr. dimension (relevans/vurdering):")
    for d in DIMENSION_IDS:
        c = s["per_dimension"][d]
        click.echo(f"  {d:12} {c['relevans']:3} / {c['vurdering']:<3} {DIMENSION_LABELS[d]}")


@command.command("list")
@click.option("--rules", "folder", type=click.Path(path_type=Path, file_okay=False), help="Rules folder.")
@click.option("--step", type=click.Choice(["relevans", "vurdering"]), help="Only questions of this step.")
def list_(folder: Path | None, step: str | None) -> None:
    """List the questions: id, step, dimensions and question text."""
    from ..rules import load_rules

    rs = load_rules(folder)
    for q in rs.questions:
        if step and q.step != step:
            continue
        click.echo(f"{q.id}  [{q.step}; {', '.join(q.dimensions)}]")
        click.echo(f"    {q.question}")
