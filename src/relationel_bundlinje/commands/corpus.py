"""``bundlinje corpus``: statistics of the labelled corpus, and a check that every label resolves."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command("corpus")
@click.option("--corpus", "corpus_dir", type=click.Path(file_okay=False, path_type=Path), default=None, help="Korpusmappe.")
@click.option("--bills", "bills_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Mappe med lovtekster, som hver mærkning kontrolleres mod.")
@click.option("--verify/--no-verify", default=True, show_default=True,
              help="Slå hver mærkning op i sit dokument og kontrollér dens SHA-256.")
@click.option("--reviews", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="Medtag en fil med juristens vurderinger i statistikken.")
def command(corpus_dir, bills_dir, verify, reviews) -> None:
    """Vis korpussets statistik (størrelse, balance, strata, opdeling, enighed mellem mærkere) som JSON."""
    from ..training.corpus import corpus_stats, load_corpus

    stats = corpus_stats(corpus_dir)
    if verify:
        stats["verified_against_documents"] = len(load_corpus(corpus_dir, bills_dir))
    if reviews is not None:
        from collections import Counter

        from ..review import ReviewStore

        verdicts = ReviewStore(reviews).latest()
        stats["reviews"] = {
            "verdicts": len(verdicts),
            "bills": len({v.bill_sha256 for v in verdicts}),
            "by_verdict": dict(Counter(v.verdict for v in verdicts)),
            "relational_after_review": sum(1 for v in verdicts if v.relational),
        }
    click.echo(json.dumps(stats, ensure_ascii=False, indent=2))
