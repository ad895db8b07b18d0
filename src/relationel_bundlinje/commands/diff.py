"""``bundlinje diff``: compare two versions of a bill and screen only what changed."""

from __future__ import annotations

from pathlib import Path

import click

from ._common import model_option, rules_option

SUFFIX_FORMAT = {".docx": "docx", ".md": "md", ".markdown": "md", ".json": "json"}


@click.command("diff")
@click.argument("old", metavar="GAMMEL", type=click.Path(path_type=Path))
@click.argument("new", metavar="NY", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Skriv synopsen til denne fil: .docx (Word), .md eller .json.")
@click.option("--format", "fmt", type=click.Choice(["docx", "md", "json"]),
              help="Format (standard: ud fra -o's endelse; md på skærmen).")
@click.option("--force", is_flag=True, help="Overskriv en eksisterende fil.")
@click.option("--fixed-date", metavar="ÅÅÅÅ-MM-DD", help="Dato i dokumentets oplysninger (giver reproducerbart output).")
@rules_option
@model_option
def command(old, new, output, fmt, force, fixed_date, rules_dir, model_dir):
    """Sammenlign to versioner af et lovforslag (GAMMEL og NY), og vurdér de relationelle
    konsekvenser af det, der er ændret.

    Bestemmelserne parres efter deres henvisning og derefter efter tekstlighed, så en
    bestemmelse, der har fået nyt nummer, genkendes. Resultatet er en synopsis med de to
    affattelser side om side og en sammenfatning af de relationelle ændringer.
    """
    from ..diff import compare, render
    from ..errors import InputError
    from ..output import same_file
    from ..pipeline import record_date
    from ._common import echo_or_write, screener

    date = record_date(fixed_date)
    for path in (old, new):
        if not path.exists():
            raise InputError(f"Filen {path} findes ikke.")
        if path.is_dir():
            raise InputError(f"{path} er en mappe. Angiv to filer med hver sin version af lovforslaget.")
    if same_file(old, new):
        raise InputError("GAMMEL og NY er den samme fil. Angiv to versioner af lovforslaget.")
    if fmt is None and output is not None:
        fmt = SUFFIX_FORMAT.get(output.suffix.lower())
        if fmt is None:
            raise InputError(f"Kan ikke se formatet ud fra filnavnet {output.name}. Brug endelsen .docx, .md eller .json, "
                             "eller angiv --format.")
    fmt = fmt or "md"
    if output is not None and output.exists() and not force:
        raise InputError(f"Filen {output} findes allerede. Brug --force for at overskrive den.")
    if output is None and fmt == "docx":
        raise InputError("Et Word-dokument kan ikke skrives til skærmen. Angiv en fil med -o.")
    cmp = compare(old, new, screener(rules_dir, model_dir), fixed_date=date)
    data = render(cmp, fmt, old_name=old.name, new_name=new.name, date=date)
    echo_or_write(data, output, fmt, force=force, inputs=[old, new])
