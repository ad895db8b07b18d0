"""Helpers shared by the rules, questionnaire and guide tests (this module holds no tests).

Bills are built with the project's own reader and structure parser, as the product builds them.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from relationel_bundlinje.models import Bill
from relationel_bundlinje.resources import shared_bills_dir

_PARA = re.compile(r"^(§ \d+(?: [a-z])?)\.")
_STK = re.compile(r"^Stk\. (\d+)\.")


def bills_dir() -> Path:
    folder = shared_bills_dir() / "retsinformation"
    if not (folder / "MANIFEST.tsv").is_file():
        pytest.skip(f"De delte lovtekster findes ikke i {folder}")
    return folder


def manifest_rows() -> list[dict[str, str]]:
    with (bills_dir() / "MANIFEST.tsv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def bill_by_lines(text: str, name: str) -> Bill:
    """A bill from text, parsed by the project's own structure parser (as the product does)."""
    from relationel_bundlinje.structure import parse_text

    return parse_text(text, name=name)


def load_bill(doc_id: str) -> Bill:
    from relationel_bundlinje.ingest import read_path
    from relationel_bundlinje.structure import parse_document

    return parse_document(read_path(bills_dir() / f"{doc_id}.txt"))
