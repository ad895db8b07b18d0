"""Evaluating a model on labelled data given as a file: the exchange format (JSON Lines with
``text`` and ``relational``) or a reviews file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


from ..dimensions import DIMENSION_IDS, DIRECTIONS
from ..errors import BundlinjeError
from .evaluate import dimension_metrics, direction_metrics, relational_metrics

MAX_ROWS = 200_000


def read_jsonl(path: Path) -> list[dict]:
    rows = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        raise BundlinjeError(f"Filen {path} kan ikke læses som UTF-8-tekst.") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise BundlinjeError(f"{path}, linje {n}: ugyldig JSON ({err.msg}).") from None
        if not isinstance(row, dict) or not isinstance(row.get("text"), str) or not isinstance(row.get("relational"), bool):
            raise BundlinjeError(f"{path}, linje {n}: hver linje skal have feltet 'text' (tekst) og 'relational' (true/false).")
        dims = row.get("dimensions") or []
        if not isinstance(dims, list) or any(d not in DIMENSION_IDS for d in dims):
            raise BundlinjeError(f"{path}, linje {n}: 'dimensions' skal være en liste af dimensioner ({', '.join(DIMENSION_IDS)}).")
        if row.get("direction") not in (None, *DIRECTIONS):
            raise BundlinjeError(f"{path}, linje {n}: 'direction' skal være en af {', '.join(DIRECTIONS)} eller null.")
        rows.append(row)
        if len(rows) > MAX_ROWS:
            raise BundlinjeError(f"Filen {path} har over {MAX_ROWS} linjer.")
    if not rows:
        raise BundlinjeError(f"Filen {path} indeholder ingen mærkede bestemmelser.")
    return rows


def _model(model_dir: Path | None):
    from ..classifier import ClauseScorer
    from ..nlp import build_pipeline
    from ..resources import model_dir as shipped

    folder = Path(model_dir) if model_dir else shipped()
    table = folder / "lemmas.npz"
    return ClauseScorer.load(folder), build_pipeline(table if table.is_file() else None)


def evaluate_rows(rows: list[dict], model_dir: Path | None) -> dict[str, Any]:
    from .items import text_items

    scorer, pipeline = _model(model_dir)
    model = scorer.model
    items = text_items([r["text"] for r in rows], [r.get("context") for r in rows], pipeline)
    X = model.transform(items, pipeline.string)
    p = model.proba_from_matrix(X)
    groups = [str((r.get("source") or {}).get("document") or i) for i, r in enumerate(rows)]
    out = relational_metrics([r["relational"] for r in rows], p, model.threshold_, groups)
    rel = [i for i, r in enumerate(rows) if r["relational"]]
    if rel and any(rows[i].get("dimensions") for i in rel):
        dims = model.dimension_scores(X[rel])
        pred = model.named_dimensions(dims)
        out["dimensions"] = dimension_metrics([rows[i].get("dimensions") or [] for i in rel], pred, [groups[i] for i in rel])
    if rel and any(rows[i].get("direction") for i in rel):
        pred_dir = model.directions(X[rel], [rows[i]["text"] for i in rel])
        out.update(direction_metrics([rows[i].get("direction") for i in rel], pred_dir, [groups[i] for i in rel]))
    out["model_version"] = scorer.version
    return out


def evaluate_data(path: Path, model_dir: Path | None) -> dict[str, Any]:
    return evaluate_rows(read_jsonl(path), model_dir)


def evaluate_reviews(path: Path, model_dir: Path | None) -> dict[str, Any]:
    from ..review import ReviewStore

    verdicts = ReviewStore(Path(path)).latest()
    if not verdicts:
        raise BundlinjeError(f"Filen {path} indeholder ingen vurderinger.")
    rows = [{"text": v.text, "relational": v.relational, "dimensions": v.final_dimensions if v.relational else [],
             "direction": v.final_direction if v.relational else None, "source": {"document": v.bill_sha256}} for v in verdicts]
    return evaluate_rows(rows, model_dir)
