"""What several commands share: building the Screener from options, output formats, writing."""

from __future__ import annotations

import contextlib
import gc
from pathlib import Path
from typing import Any

import click

SUFFIX_FORMAT = {".docx": "docx", ".md": "md", ".markdown": "md", ".txt": "txt", ".json": "json"}


def rules_option(f):
    return click.option("--rules", "rules_dir", type=click.Path(path_type=Path, file_okay=False, exists=True),
                        help="Mappe med screeningsspørgsmål (standard: de medfølgende).")(f)


def model_option(f):
    return click.option("--model", "model_dir", type=click.Path(path_type=Path, file_okay=False, exists=True),
                        help="Mappe med en trænet model (standard: den medfølgende).")(f)


def lovsamling_option(f):
    return click.option("--lovsamling", type=click.Path(path_type=Path, file_okay=False, exists=True),
                        help="Mappe med gældende love (fx ../shared/bills/in-force): ændringspunkter, der ophæver eller "
                             "ændrer ved henvisning, vurderes ud fra den gældende affattelse.")(f)


def screener(rules_dir: Path | None = None, model_dir: Path | None = None, lovsamling: Path | None = None) -> Any:
    """The process's default Screener, or one built for the given rules/model/law collection."""
    from .. import pipeline
    from ..pipeline import Screener

    if rules_dir is None and model_dir is None:
        if pipeline._DEFAULT is None:
            with _collector_paused(freeze=True):
                Screener.default()
        return Screener.default().with_lovsamling(lovsamling)
    with _collector_paused():
        return Screener.load(rules_dir, model_dir, lovsamling=lovsamling)


@contextlib.contextmanager
def _collector_paused(*, freeze: bool = False):
    """No garbage collection while a Screener is built.

    Building one imports spaCy, SciPy and the stages and makes the lemma table, the rules and the
    model: some 10^5 objects that live as long as the process. The collector's passes over them
    while they are made free nothing and took a fifth of a command's start. With ``freeze`` (the
    process's default Screener, built once) what exists then is moved out of the collector's
    reach for good, so later passes do not walk it again either. The command line's policy: the
    library's ``Screener.load`` and ``Screener.default`` leave the collector alone.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if was_enabled:
            gc.enable()


def rule_screen(rules_dir: Path | None = None) -> Any:
    """The rules alone (no model): the default Screener's when it is already built, else loaded."""
    from .. import pipeline

    if rules_dir is None and pipeline._DEFAULT is not None:
        return pipeline._DEFAULT.rule_screen
    return pipeline.RuleScreen.load(rules_dir)


def format_for(fmt: str | None, out: Path | None, default: str) -> str:
    from ..errors import BundlinjeError

    if fmt:
        return fmt
    if out is not None:
        guessed = SUFFIX_FORMAT.get(out.suffix.lower())
        if guessed is None:
            raise BundlinjeError(
                f"Kan ikke se formatet ud fra filnavnet {out.name}. Brug endelsen .docx, .md, .txt eller .json, eller angiv --format."
            )
        return guessed
    return default


def echo_or_write(data: bytes, output: Path | None, fmt: str, *, force: bool, inputs: list[Path]) -> None:
    """Print text formats to the terminal, or write any format to a file (whole or not at all)."""
    from ..errors import InputError
    from ..output import write_atomic

    if output is None:
        if fmt == "docx":
            raise InputError("Et Word-dokument kan ikke skrives til skærmen. Angiv en fil med -o.")
        click.echo(data.decode("utf-8"), nl=False)
        return
    write_atomic(output, data, force=force, inputs=inputs)
    click.echo(f"Skrev {output}", err=True)
