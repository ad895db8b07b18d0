"""``bundlinje screen``: screen one or more bills and write the section »Relationelle konsekvenser«."""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import click

from ._common import format_for, lovsamling_option, model_option, rules_option

#: File types a folder is searched for in batch mode.
INPUT_SUFFIXES = (".docx", ".txt", ".html", ".htm", ".xml", ".pdf", ".md")


def collect(files: tuple[str, ...]) -> list[Path]:
    from ..errors import InputError

    paths: list[Path] = []
    for name in files:
        path = Path(name)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES)
            if not found:
                raise InputError(f"Mappen {path} indeholder ingen dokumenter, der kan screenes.")
            paths.extend(found)
        elif path.exists():
            paths.append(path)
        else:
            raise InputError(f"Filen {path} findes ikke.")
    return paths


def output_names(paths: list[Path], out_dir: Path, fmt: str) -> dict[Path, Path]:
    """One output per input, never the same name twice (``lov.txt`` and ``lov.md`` become
    ``lov.txt.json`` and ``lov.md.json``) and never an input."""
    from ..errors import InputError
    from ..output import same_file

    stems: dict[str, int] = {}
    for p in paths:
        stems[p.stem] = stems.get(p.stem, 0) + 1
    out: dict[Path, Path] = {}
    for p in paths:
        name = f"{p.stem}.{fmt}" if stems[p.stem] == 1 else f"{p.name}.{fmt}"
        target = out_dir / name
        for q in paths:
            if same_file(target, q):
                raise InputError(f"Resultatet for {p.name} ville overskrive inputfilen {q}. Vælg en anden --out-dir.")
        out[p] = target
    return out


def _summary_table(rows: list[tuple[str, ...]]) -> str:
    header = ("Fil", "Titel", "Konklusion", "Dimensioner", "Markerede")
    table = [header, *rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in table]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@click.command("screen")
@click.argument("files", nargs=-1, type=click.Path(path_type=str))
@click.option("--answers", "answers", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Svarfil (svar.yaml); juristens svar går forud for værktøjets forslag.")
@click.option("--answers-from-revision", is_flag=True,
              help="Brug svarfilen, selv om den er udfyldt for en tidligere version af samme lovforslag.")
@click.option("--reviews", type=click.Path(dir_okay=False, path_type=Path),
              help="Fil med juristens vurderinger (reviews.jsonl), der anvendes på lovforslagets bestemmelser.")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=Path),
              help="Skriv afsnittet til denne fil (formatet ses af endelsen, medmindre --format er angivet).")
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Skriv ét resultat pr. inputfil i denne mappe, opkaldt efter inputfilen.")
@click.option("--format", "fmt", type=click.Choice(["docx", "md", "txt", "json"]),
              help="Format. Standard: ud fra -o's endelse; md på skærmen; docx med --out-dir.")
@click.option("--with-appendix/--section-only", "with_appendix", default=None,
              help="Medtag bilaget med grundlaget (standard: ja for docx, nej for md og txt; json rummer altid begge).")
@click.option("--skema/--no-skema", default=True, show_default=True,
              help="Medtag rækken til det sammenfattende skema.")
@click.option("--all-clauses", is_flag=True, help="Medtag alle bestemmelser i JSON (standard: dem med fund).")
@click.option("--force", is_flag=True, help="Overskriv eksisterende filer.")
@click.option("--fixed-date", metavar="ÅÅÅÅ-MM-DD", help="Dato i screeningsoplysningerne (giver reproducerbart output).")
@click.option("--example", is_flag=True, help="Screen det eksempel på et lovforslag, der følger med værktøjet.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, show_default=True,
              help="Antal processer ved mange filer (0: én pr. CPU, højst 4, ved 4 filer eller flere).")
@click.option("--timeout", type=click.FloatRange(min=1), default=300, show_default=True,
              help="Sekunder, én fil højst må tage, før den springes over.")
@lovsamling_option
@rules_option
@model_option
def command(files, answers, answers_from_revision, reviews, output, out_dir, fmt, with_appendix, skema, all_clauses,
            force, fixed_date, example, jobs, timeout, lovsamling, rules_dir, model_dir):
    """Screen lovforslag (FIL… eller mapper) og skriv afsnittet »Relationelle konsekvenser«.

    Med én fil og uden -o skrives afsnittet på skærmen som Markdown. Med flere filer eller en
    mappe vises en oversigt, og resultaterne skrives i --out-dir (hvis angivet).
    """
    from ..batch import run_batch
    from ..errors import InputError
    from ..pipeline import record_date

    date = record_date(fixed_date)  # validate before any work
    if example:
        from ..resources import example_bill

        files = (*files, str(example_bill()))
    if not files:
        raise InputError("Angiv mindst én fil eller mappe, der skal screenes, eller brug --example.")
    if output is not None and out_dir is not None:
        raise InputError("Brug enten -o eller --out-dir, ikke begge.")
    paths = collect(files)
    batch = len(paths) > 1 or any(Path(f).is_dir() for f in files)
    if batch and output is not None:
        raise InputError("Med flere inputfiler skal resultaterne skrives med --out-dir, ikke -o.")
    if batch and answers is not None:
        raise InputError("En svarfil hører til ét lovforslag; brug --answers med én inputfil.")
    settings = dict(answers=answers, answers_from_revision=answers_from_revision, reviews=reviews, date=date,
                    all_clauses=all_clauses, lovsamling=lovsamling, rules_dir=rules_dir, model_dir=model_dir)
    if not batch:
        chosen = format_for(fmt, output, "md")
        job = make_job(settings=settings, fmt=chosen, with_appendix=with_appendix, skema=skema)
        data, _ = job(paths[0])
        from ._common import echo_or_write

        echo_or_write(data, output, chosen, force=force, inputs=paths)
        return

    chosen = fmt or "docx"
    targets: dict[Path, Path] = {}
    if out_dir is not None:
        if out_dir.exists() and not out_dir.is_dir():
            raise InputError(f"{out_dir} er en fil, ikke en mappe.")
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise InputError(f"Mappen {out_dir} kan ikke oprettes ({err.strerror}).") from None
        targets = output_names(paths, out_dir, chosen)
        if not force:
            existing = [t for t in targets.values() if os.path.lexists(t)]
            if existing:
                raise InputError(f"Filen {existing[0]} findes allerede. Brug --force for at overskrive.")
    workers = jobs or (min(os.cpu_count() or 1, 4) if len(paths) >= 4 else 1)
    workers = max(1, min(workers, len(paths)))
    factory = functools.partial(make_job, settings=settings, fmt=chosen, with_appendix=with_appendix, skema=skema)
    rows: list[tuple[str, ...]] = []
    problems = internal = 0
    from ..output import write_atomic

    with click.progressbar(length=len(paths), label="Screener", file=sys.stderr, show_pos=True) as bar:
        for outcome in run_batch(paths, factory, jobs=workers, timeout=timeout):
            bar.update(1)
            path = outcome.path
            if outcome.kind != "ok":
                if outcome.kind == "intern":
                    internal += 1
                    click.echo(f"\nIntern fejl i {path.name} ({outcome.message}). Filen springes over.", err=True)
                else:
                    problems += 1
                    click.echo(f"\nFejl i {path.name}: {outcome.message}", err=True)
                rows.append((path.name, "–", "ikke screenet", "–", "–"))
                continue
            data, row = outcome.value
            if out_dir is not None:
                write_atomic(targets[path], data, force=force, inputs=paths)
            rows.append((path.name, *row))
    click.echo(_summary_table(rows))
    if problems or internal:
        click.echo(f"{problems + internal} af {len(paths)} filer kunne ikke screenes; se meddelelserne ovenfor.", err=True)
        sys.exit(2 if problems else 1)


def make_job(*, settings: dict, fmt: str, with_appendix: bool | None, skema: bool):
    """The work for one file (in this process or a worker): the rendered statement and its row
    for the summary table. Built once per process, so the Screener is loaded once."""
    from ..dimensions import DIMENSION_LABELS
    from ..statement import render
    from ._common import screener

    s = screener(settings["rules_dir"], settings["model_dir"], settings["lovsamling"])
    word = {"ingen": "ingen", "negativ": "negative", "positiv": "positive", "blandet": "blandede", "uafklaret": "uafklarede"}

    def job(path: Path):
        a = s.screen(path, settings["answers"], fixed_date=settings["date"], all_clauses=settings["all_clauses"],
                     answers_from_revision=settings["answers_from_revision"], reviews=settings["reviews"])
        data = render(a, fmt, skema=skema, with_appendix=with_appendix)
        row = (
            _short(a.bill.title),
            word[a.conclusion.direction] + (" (usikker)" if a.conclusion.uncertain else ""),
            ", ".join(DIMENSION_LABELS[d].split(",")[0].split(" og ")[0] for d in a.conclusion.dimensions) or "–",
            str(sum(1 for c in a.clauses if c.supports)),
        )
        return data, row

    return job
