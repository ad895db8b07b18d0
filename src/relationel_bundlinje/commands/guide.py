"""``bundlinje guide``: render the questionnaire as a guide for ministers and members of the Folketing."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("guide")
@click.option("-o", "--output", "output", required=True, type=click.Path(path_type=Path, dir_okay=False),
              help="Output file: .docx or .md.")
@click.option("--rules", "rules_folder", type=click.Path(path_type=Path, file_okay=False), help="Rules folder.")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def command(output: Path, rules_folder: Path | None, force: bool) -> None:
    """Write the guide (vejledning) to the relational bottom line as .docx or .md."""
    from ..guide import write_guide
    from ..rules import load_rules

    ruleset = load_rules(rules_folder)
    write_guide(output, ruleset, force=force)
    click.echo(f"Skrev vejledningen (regelsæt version {ruleset.version}) til {output}.")
