"""A bill from what a user gives: a file path, the bill's text, or a ``Bill`` already parsed.

The first stage of the flow (document -> ``Bill``), kept apart from the ``Screener`` so that
stages which read other acts (the law collection) need not import the Screener.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import InputError
from .models import Bill


def load_bill(source: Path | str | Bill) -> Bill:
    """A parsed bill from a file path (``Path``), the bill's text (``str``) or a ``Bill``."""
    if isinstance(source, Bill):
        return source
    from .structure import parse_document

    if isinstance(source, os.PathLike):
        from .ingest import read_path

        try:
            return parse_document(read_path(Path(source)))
        except InputError as err:
            if err.path is None:  # name the file in messages about its content
                raise InputError(err.message, path=str(source)) from None
            raise
    if isinstance(source, str):
        from .ingest import read_string

        return parse_document(read_string(source))
    raise InputError(
        f"Kan ikke screene en værdi af typen {type(source).__name__}: angiv en filsti (Path), "
        "lovforslagets tekst (str) eller et allerede indlæst lovforslag (Bill)."
    )
