"""``bundlinje train``: rebuild the shipped model from the corpus."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command("train")
@click.option("--corpus", "corpus_dir", type=click.Path(file_okay=False, path_type=Path), default=None, help="Corpus folder (default: the repository's corpus/).")
@click.option("--bills", "bills_dir", type=click.Path(file_okay=False, path_type=Path), default=None, help="Folder of real bills (default: ../shared/bills or $BUNDLINJE_BILLS).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None, help="Where to write the model (default: inside the package).")
@click.option("--all", "use_all", is_flag=True, help="Train on train and test split together (no held-out metrics).")
def command(corpus_dir: Path | None, bills_dir: Path | None, out_dir: Path | None, use_all: bool) -> None:
    """Train the clause classifier reproducibly from the labelled corpus."""
    from ..training import train

    report = train(corpus_dir, bills_dir, out_dir, use_all=use_all)
    click.echo(json.dumps(report, ensure_ascii=False, indent=2))
