"""``bundlinje rules``: validate and list the screening questions (rules as data)."""

from __future__ import annotations

from pathlib import Path

import click


@click.group("rules")
def command() -> None:
    """Kontrollér og vis screeningsspørgsmålene (regelsættet)."""


@command.command("check")
@click.argument("folder", required=False, type=click.Path(path_type=Path, file_okay=False))
def check(folder: Path | None) -> None:
    """Kontrollér en mappe med regler (standard: de medfølgende); alle problemer vises med fil og linje."""
    from ..dimensions import DIMENSION_IDS, DIMENSION_LABELS
    from ..resources import rules_dir
    from ..rulebook import check_rules

    target = folder or rules_dir()
    ruleset, problems = check_rules(target)
    if problems:
        for p in problems:
            click.echo(str(p), err=True)
        click.echo(f"Fejl: Reglerne i {target} har {len(problems)} problem{'er' if len(problems) != 1 else ''}.", err=True)
        raise click.exceptions.Exit(2)
    assert ruleset is not None
    s = ruleset.summary()
    click.echo(f"Reglerne i {target} er gyldige (version {s['version']}).")
    click.echo(
        f"{s['questions']} spørgsmål: {s['per_step'].get('relevans', 0)} til relevansvurdering og "
        f"{s['per_step'].get('vurdering', 0)} til vurdering; {s['triggers']} triggere, "
        f"{s['suppressors']} undertrykkelser af kendte falske fund og {s['third_parties']} grupper i tabellen over berørte."
    )
    click.echo("Spørgsmål pr. dimension (relevans/vurdering):")
    for d in DIMENSION_IDS:
        c = s["per_dimension"][d]
        click.echo(f"  {DIMENSION_LABELS[d]:40} {c['relevans']:3} / {c['vurdering']:<3}")


@command.command("list")
@click.option("--rules", "folder", type=click.Path(path_type=Path, file_okay=False, exists=True), help="Mappe med regler.")
@click.option("--step", type=click.Choice(["relevans", "vurdering"]), help="Kun spørgsmål fra dette trin.")
def list_(folder: Path | None, step: str | None) -> None:
    """Vis spørgsmålene: id, trin, dimensioner og spørgsmålets ordlyd."""
    from ._common import rule_screen

    rs = rule_screen(folder).rules
    for q in rs.questions:
        if step and q.step != step:
            continue
        click.echo(f"{q.id}  [{q.step}; {', '.join(q.dimensions)}]")
        click.echo(f"    {q.question}")
