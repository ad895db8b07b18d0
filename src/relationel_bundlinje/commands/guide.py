"""``bundlinje guide``: the questionnaire as a guide for ministers and members of the Folketing."""

from __future__ import annotations

from pathlib import Path

import click

from ._common import rules_option


@click.command("guide")
@click.option("-o", "--output", "output", required=True, type=click.Path(path_type=Path, dir_okay=False),
              help="Fil, der skal skrives: .docx eller .md.")
@click.option("--force", is_flag=True, help="Overskriv en eksisterende fil.")
@rules_option
def command(output: Path, force: bool, rules_dir: Path | None) -> None:
    """Skriv vejledningen om den relationelle bundlinje som Word-dokument eller Markdown."""
    from ..guide import write_guide
    from ._common import rule_screen

    rules = rule_screen(rules_dir).rules
    write_guide(output, rules, force=force)
    click.echo(f"Skrev vejledningen (regelsæt version {rules.version}) til {output}.")
