"""``bundlinje evaluate``: metrics of a model on labelled clauses (JSON Lines)."""

from __future__ import annotations

import json
from pathlib import Path

import click


@click.command("evaluate")
@click.option("--data", "data", type=click.Path(dir_okay=False, path_type=Path), required=True, help="JSON Lines with 'text' and 'relational' (and optionally 'dimensions', 'direction').")
@click.option("--model", "model_dir", type=click.Path(file_okay=False, path_type=Path), default=None, help="Model folder (default: the shipped model).")
def command(data: Path, model_dir: Path | None) -> None:
    """Evaluate the classifier on labelled clauses and print the metrics as JSON."""
    from ..classifier import load_model
    from ..errors import BundlinjeError
    from ..training import evaluate_file

    if not data.is_file():
        raise BundlinjeError(f"Filen {data} findes ikke.")
    click.echo(json.dumps(evaluate_file(data, load_model(model_dir)), ensure_ascii=False, indent=2))
