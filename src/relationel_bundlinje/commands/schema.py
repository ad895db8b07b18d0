"""``bundlinje schema``: the JSON Schemas of the public data models."""

from __future__ import annotations

import json

import click


@click.command("schema")
@click.argument("model", required=False)
def command(model: str | None) -> None:
    """Vis JSON-skemaet for MODEL (fx Assessment) eller for alle offentlige modeller."""
    from ..errors import InputError
    from ..models import PUBLIC_MODELS

    if model is None:
        schemas = {name: cls.model_json_schema() for name, cls in PUBLIC_MODELS.items()}
    else:
        match = {name.lower(): name for name in PUBLIC_MODELS}.get(model.lower())
        if match is None:
            raise InputError(f"Ukendt model »{model}«. Kendte modeller: {', '.join(PUBLIC_MODELS)}.")
        schemas = PUBLIC_MODELS[match].model_json_schema()
    click.echo(json.dumps(schemas, indent=2, ensure_ascii=False, sort_keys=False))
