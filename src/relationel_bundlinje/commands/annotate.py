"""``bundlinje annotate``: the draft (.docx) back with a Word comment on every flagged provision."""

from __future__ import annotations

from pathlib import Path

import click

from ._common import lovsamling_option, model_option, rules_option


@click.command("annotate")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Det kommenterede udkast (.docx), fx UDKAST-kommenteret.docx.")
@click.option("--force", is_flag=True, help="Overskriv en eksisterende fil.")
@click.option("--fixed-date", metavar="ÅÅÅÅ-MM-DD", help="Dato på kommentarerne og i screeningen (giver reproducerbart output).")
@click.option("--reviews", type=click.Path(dir_okay=False, path_type=Path),
              help="Fil med juristens vurderinger (reviews.jsonl), der anvendes på udkastets bestemmelser.")
@lovsamling_option
@rules_option
@model_option
def command(file: Path, output: Path, force: bool, fixed_date: str | None, reviews: Path | None,
            lovsamling: Path | None, rules_dir: Path | None, model_dir: Path | None) -> None:
    """Forsyn et udkast (FIL, .docx) med en Word-kommentar ved hver bestemmelse, vurderingen hviler på.

    Kommentaren står i margenen ud for bestemmelsens egen tekst og angiver dimension, retning,
    begrundelse, de screeningsspørgsmål, bestemmelsen vedrører, og hvor sikker vurderingen er.
    Udkastet er i øvrigt uændret, og inputfilen ændres aldrig.
    """
    from ..annotate import annotate
    from ..danish import count, join
    from ..errors import InputError
    from ..ingest.limits import Limits, format_mb
    from ..output import write_atomic
    from ..pipeline import record_date
    from ._common import screener

    record_date(fixed_date)  # a bad date is refused before any work
    if file.suffix.lower() != ".docx":
        raise InputError(
            f"{file.name} er ikke et Word-dokument (.docx). Kun .docx-filer kan forsynes med kommentarer; "
            "brug 'bundlinje screen' til andre formater."
        )
    if output.suffix.lower() != ".docx":
        raise InputError(f"Det kommenterede udkast skal gemmes som .docx, ikke {output.name}.")
    limits = Limits.from_env()
    try:
        size = file.stat().st_size
        if size > limits.max_bytes:
            raise InputError(f"Filen er for stor ({format_mb(size)}); grænsen er {format_mb(limits.max_bytes)}.", path=str(file))
        data = file.read_bytes()
    except FileNotFoundError:
        raise InputError("Filen findes ikke.", path=str(file)) from None
    except IsADirectoryError:
        raise InputError("Stien er en mappe, ikke en fil.", path=str(file)) from None
    except OSError as err:
        raise InputError(f"Filen kan ikke læses ({err.strerror}).", path=str(file)) from None
    s = screener(rules_dir, model_dir, lovsamling)
    try:
        result = annotate(data, screener=s, fixed_date=fixed_date, reviews=reviews, name=file.name)
    except InputError as err:
        if err.path is None:
            raise InputError(err.message, path=str(file)) from None
        raise
    write_atomic(output, result.data, force=force, inputs=[file])
    if result.comments:
        click.echo(f"Skrev {output} med {count(result.comments, 'kommentar', 'kommentarer')}.", err=True)
    else:
        click.echo(f"Skrev {output}. Ingen bestemmelser er markeret, så udkastet har ingen nye kommentarer.", err=True)
    if result.unplaced:
        click.echo(
            f"{join(list(result.unplaced))} står i et indlejret afsnit (altChunk) og kunne ikke forsynes med en kommentar.",
            err=True,
        )
