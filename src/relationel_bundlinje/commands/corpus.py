"""``bundlinje corpus``: statistics of the labelled corpus, and a check that every label resolves."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command("corpus")
@click.option("--corpus", "corpus_dir", type=click.Path(file_okay=False, path_type=Path), default=None, help="Corpus folder (default: the repository's corpus/).")
@click.option("--bills", "bills_dir", type=click.Path(file_okay=False, path_type=Path), default=None, help="Folder of real bills, to verify every label's text hash.")
@click.option("--verify/--no-verify", default=True, show_default=True, help="Resolve every label against the documents and check its SHA-256.")
def command(corpus_dir: Path | None, bills_dir: Path | None, verify: bool) -> None:
    """Print corpus statistics (size, balance, split, Cohen's kappa) as JSON."""
    from ..corpus import corpus_stats, load_corpus

    stats = corpus_stats(corpus_dir)
    if verify:
        stats["verified_against_documents"] = len(load_corpus(corpus_dir, bills_dir))
    click.echo(json.dumps(stats, ensure_ascii=False, indent=2))
