"""``bundlinje evaluate``: metrics of a model on labelled clauses (JSON Lines) or on a reviews file."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ._common import model_option


@click.command("evaluate")
@click.option("--data", "data", type=click.Path(dir_okay=False, path_type=Path),
              help="JSON Lines med 'text' og 'relational' (og evt. 'dimensions', 'direction', 'context', 'source').")
@click.option("--reviews", type=click.Path(dir_okay=False, path_type=Path), help="En fil med juristens vurderinger.")
@model_option
def command(data: Path | None, reviews: Path | None, model_dir: Path | None) -> None:
    """Mål klassifikationsmodellen på mærkede bestemmelser og vis resultatet som JSON."""
    from ..errors import BundlinjeError
    from ..training.evaluate_file import evaluate_data, evaluate_reviews

    if (data is None) == (reviews is None):
        raise BundlinjeError("Angiv enten --data eller --reviews.")
    path = data or reviews
    assert path is not None
    if not path.is_file():
        raise BundlinjeError(f"Filen {path} findes ikke.")
    result = evaluate_data(path, model_dir) if data is not None else evaluate_reviews(path, model_dir)
    click.echo(json.dumps(result, ensure_ascii=False, indent=2))
