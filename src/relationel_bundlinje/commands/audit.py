"""``bundlinje audit``: screen every act in one or more folders and rank the provisions that most
restrict people's possibility to keep relations."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from ._common import model_option, rules_option


def duration(seconds: float) -> str:
    """A duration as a Danish note writes it: »42,1 sekunder«, »3 min. 12 sek.«."""
    if seconds < 60:
        return f"{seconds:.1f} sekunder".replace(".", ",")
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min. {rest} sek."


def report_format(fmt: str | None, output: Path) -> str:
    from ..audit.report import SUFFIX_FORMAT
    from ..errors import InputError

    if fmt:
        return fmt
    guessed = SUFFIX_FORMAT.get(output.suffix.lower())
    if guessed is None:
        raise InputError(f"Kan ikke se rapportens format ud fra filnavnet {output.name}. "
                         "Brug endelsen .html, .md, .csv eller .json, eller angiv --format.")
    return guessed


@click.command("audit")
@click.argument("folders", nargs=-1, type=click.Path(path_type=Path), metavar="MAPPE...")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Rapportens fil: .html (til læsning), .md (notat), .csv (regneark) eller .json.")
@click.option("--format", "fmt", type=click.Choice(["html", "md", "csv", "json"]),
              help="Rapportens format (standard: ud fra -o's endelse).")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, show_default=True,
              help="Antal processer (0: én pr. CPU). Med --scheduler local: antal Dask-arbejdere.")
@click.option("--scheduler", metavar="ADRESSE",
              help="Kør på Dask: tcp://vært:8786 for en klynge, 'local' for en lokal klynge (kræver dask[distributed]).")
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Mappe til resultaterne pr. lov (standard: .bundlinje-cache ved siden af rapporten).")
@click.option("--no-cache", is_flag=True, help="Screen alle love igen, også dem der allerede er resultater for.")
@click.option("--force", is_flag=True, help="Overskriv en eksisterende rapport.")
@click.option("--timeout", type=click.FloatRange(min=1), default=300, show_default=True,
              help="Sekunder, én lov højst må tage, før den springes over (ikke med --scheduler).")
@rules_option
@model_option
def command(folders, output, fmt, jobs, scheduler, cache_dir, no_cache, force, timeout, rules_dir, model_dir):
    """Screen alle love i en eller flere mapper, og ranger de bestemmelser, der mest begrænser
    muligheden for at danne og bevare relationer.

    Resultaterne gemmes pr. lov, så en ny kørsel kun screener nye eller ændrede love.
    """
    from ..audit import rank, render, run_audit
    from ..audit.cache import DEFAULT_NAME
    from ..audit.run import collect
    from ..errors import InputError
    from ..output import write_atomic

    if not folders:
        raise InputError("Angiv mindst én mappe med love, der skal screenes.")
    if output is None:
        raise InputError("Angiv rapportens fil med -o, fx -o rapport.html.")
    chosen = report_format(fmt, output)
    if os.path.lexists(output) and not force:
        raise InputError(f"Filen {output} findes allerede. Brug --force for at overskrive den.")
    if not (output.parent if str(output.parent) else Path(".")).is_dir():
        raise InputError(f"Mappen {output.parent} findes ikke.")
    if scheduler is not None and not scheduler.strip():
        raise InputError("Angiv Dask-schedulerens adresse (tcp://vært:8786) eller 'local'.")
    acts = collect(folders)  # bad folders are refused before any work
    inputs = [a.path for a in acts]
    from ..output import refuse_inputs

    refuse_inputs(output, inputs)
    workers = jobs or (os.cpu_count() or 1)
    cache = cache_dir if cache_dir is not None else (output.parent if str(output.parent) else Path(".")) / DEFAULT_NAME

    state: dict = {"bar": None, "refused": []}

    def started(n: int) -> None:
        if n:
            state["bar"] = click.progressbar(length=n, label="Screener love", file=sys.stderr, show_pos=True)
            state["bar"].__enter__()

    def done(record) -> None:
        if state["bar"] is not None:
            state["bar"].update(1)

    try:
        run = run_audit(folders, jobs=workers, cache_dir=cache, use_cache=not no_cache, scheduler=scheduler,
                        rules_dir=rules_dir, model_dir=model_dir, timeout=timeout, on_start=started, on_done=done,
                        acts=acts)
    finally:
        if state["bar"] is not None:
            state["bar"].__exit__(None, None, None)
    audit = rank(run.records, run.titles)
    write_atomic(output, render(audit, chosen), force=force, inputs=inputs)
    click.echo(summary(run, audit, output), err=True)


def summary(run, audit, output: Path) -> str:
    """The Danish closing lines: what was screened, what was kept from before, what was refused."""
    from ..audit.wording import count_words, number

    lines = [
        f"{count_words(audit.acts, 'lov', 'love')} i alt: {number(run.screened)} screenet nu, {number(run.cached)} fra "
        f"tidligere kørsler ({duration(run.seconds)}).",
        f"{count_words(len(audit.ranked), 'begrænsende bestemmelse', 'begrænsende bestemmelser')} i "
        f"{count_words(len(audit.by_act), 'lov', 'love')}.",
    ]
    if audit.refused:
        lines.append(f"{count_words(len(audit.refused), 'dokument', 'dokumenter')} kunne ikke screenes:")
        lines += [f"  {doc}: {reason}" for doc, reason in audit.refused]
    lines.append(f"Skrev {output}")
    return "\n".join(lines)
