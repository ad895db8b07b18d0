"""``bundlinje train``: rebuild the shipped model from the corpus (and a lawyer's reviews)."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command("train")
@click.option("--corpus", "corpus_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Korpusmappe (standard: depotets corpus/).")
@click.option("--bills", "bills_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Mappe med lovtekster (standard: ../shared/bills eller $BUNDLINJE_BILLS).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Hvor modellen skrives (standard: i pakken).")
@click.option("--reviews", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Juristens vurderinger (reviews.jsonl), der lægges til træningsdata.")
@click.option("--review-weight", type=click.FloatRange(min=0.1, max=20), default=2.0, show_default=True,
              help="Vægt af en jurists vurdering i forhold til en korpusmærkning.")
@click.option("--no-select", is_flag=True, help="Spring krydsvalideringen af regularisering og kendetegn over (hurtigere).")
@click.option("--no-test", is_flag=True, help="Spring målingen på de tilbageholdte testdokumenter over.")
def command(corpus_dir, bills_dir, out_dir, reviews, review_weight, no_select, no_test) -> None:
    """Træn klassifikationsmodellen reproducerbart ud fra det mærkede korpus."""
    from ..training import TrainConfig, train

    config = TrainConfig(select=not no_select, review_weight=review_weight)
    report = train(corpus_dir, bills_dir, out_dir, reviews=reviews, config=config, evaluate_test=not no_test,
                   progress=lambda msg: click.echo(msg, err=True))
    click.echo(json.dumps(report, ensure_ascii=False, indent=2))
