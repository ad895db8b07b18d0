"""The assessment as JSON: exactly ``Assessment``'s schema (see ``bundlinje schema Assessment``)."""

from __future__ import annotations

from ..models import Assessment


def render_json(assessment: Assessment) -> str:
    # pydantic keeps field order and dict insertion order, so the text is deterministic.
    return assessment.model_dump_json(indent=2) + "\n"
