"""``bundlinje questionnaire``: propose answers to the screening questions or ask them interactively."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("questionnaire")
@click.argument("bill_file", metavar="BILL", type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--output", "output", required=True, type=click.Path(path_type=Path, dir_okay=False),
              help="Answers file (YAML) to write, or to resume when it exists.")
@click.option("--propose", is_flag=True, help="Only write the proposed answers, without asking.")
@click.option("--rules", "rules_folder", type=click.Path(path_type=Path, file_okay=False), help="Rules folder.")
@click.option("--force", is_flag=True, help="Overwrite an existing answers file instead of resuming it.")
def command(bill_file: Path, output: Path, propose: bool, rules_folder: Path | None, force: bool) -> None:
    """Answer the screening questionnaire for BILL (interactive unless --propose)."""
    from .. import ingest, structure
    from ..questionnaire import ask_interactively, load_answers, propose as make_proposals, write_answers
    from ..rules import NOT_ANSWERED, find_hits, load_rules

    ruleset = load_rules(rules_folder)
    bill = structure.parse_document(ingest.read_path(bill_file))
    hits = find_hits(bill, ruleset)
    proposals = make_proposals(bill, hits, ruleset)
    if propose:
        write_answers(output, proposals, bill, hits, ruleset, force=force)
        proposed = sum(1 for r in proposals if r.answer != NOT_ANSWERED)
        click.echo(
            f"Skrev {len(proposals)} spørgsmål med {proposed} foreslåede svar ({len(hits)} fund) til {output}."
        )
        return
    existing = None
    if output.exists() and not force:
        existing = load_answers(output, ruleset)
        click.echo(f"Fortsætter med svarene i {output}.")
    elif output.exists():
        # --force: start afresh, but never leave the user's old file half-replaced.
        write_answers(output, proposals, bill, hits, ruleset, force=True)

    def save(records) -> None:
        write_answers(output, records, bill, hits, ruleset, force=True)

    records = ask_interactively(bill, hits, ruleset, existing=existing, proposals=proposals, save=save)
    answered = sum(1 for r in records if r.answer != NOT_ANSWERED)
    click.echo(f"Gemte {answered} besvarede spørgsmål i {output}.")
